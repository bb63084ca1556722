//! What saving each of the tab's forms asks of the service, and the issue saved from its preview.

use super::people::PEOPLE_FIELD;
use super::{Pane, Sanchuang, SanchuangForm};
use crate::api::sanchuang::{
    AddGuidance, AddInfo, AddPlan, AdoptInfo, AdvancePlan, FailPlan, FollowUp, GuidanceDraft,
    InfoDraft, NewBulletin, PlanDraft, UpdatePlan, VoidSanchuang,
};
use crate::backend::BackendExt;
use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::bulletin::{Adoption, AdoptionLevel};
use crate::domain::day::Day;
use crate::domain::guidance::{Findings, GroupId, GuidanceMethod};
use crate::domain::plan::Creation;
use crate::domain::unit_names::resolve_unit;
use crate::error::{Error, Field as ErrField, Result};
use crate::lang::Lang;
use crate::tui::popups::Popup;
use crate::tui::popups::form::{FormState, UNIT_FIELD};
use crate::tui::strings::Text;
use crate::tui::views::{Cx, Status};

/// A refusal and the form's field it belongs next to.
struct Placed {
    key: Option<&'static str>,
    error: Error,
}

impl From<Error> for Placed {
    fn from(error: Error) -> Placed {
        Placed { key: None, error }
    }
}

fn at(key: &'static str) -> impl FnOnce(Error) -> Placed {
    move |error| Placed {
        key: Some(key),
        error,
    }
}

fn invalid(field: ErrField, says: impl Fn(Text) -> String) -> Error {
    Error::InvalidField {
        field,
        zh: says(Text(Lang::Zh)),
        en: says(Text(Lang::En)),
    }
}

fn trimmed(form: &FormState, key: &str) -> String {
    form.value(key).trim().to_string()
}

type Saved<T> = std::result::Result<T, Placed>;

impl Sanchuang {
    fn unit_of(&self, form: &FormState) -> Saved<UnitId> {
        let typed = form.value(UNIT_FIELD);
        if typed.trim().is_empty() {
            return Err(at(UNIT_FIELD)(invalid(ErrField::Unit, |t| {
                t.work_unit_missing().to_string()
            })));
        }
        resolve_unit(&self.tree, &typed).map(|u| u.id).map_err(|e| {
            at(UNIT_FIELD)(Error::InvalidField {
                field: ErrField::Unit,
                zh: e.message(Lang::Zh),
                en: e.message(Lang::En),
            })
        })
    }

    fn date_of(form: &FormState, key: &'static str) -> Saved<Day> {
        form.required_date(key, ErrField::Date).map_err(at(key))
    }

    fn plan_draft(&self, form: &FormState, cx: &Cx) -> Saved<PlanDraft> {
        let unit = self.unit_of(form)?;
        let owner = self
            .resolve_one(&form.value(PEOPLE_FIELD), cx.backend)
            .map_err(at(PEOPLE_FIELD))?;
        Ok(PlanDraft {
            unit,
            creation: form
                .choice("creation", Creation::parse)
                .unwrap_or(Creation::Model),
            base: trimmed(form, "base"),
            strengths: trimmed(form, "strengths"),
            weaknesses: trimmed(form, "weaknesses"),
            goals: trimmed(form, "goals"),
            measures: trimmed(form, "measures"),
            owner,
            opened: Self::date_of(form, "date")?,
        })
    }

    fn guidance_draft(
        &self,
        group: &str,
        unit: UnitId,
        form: &FormState,
        cx: &Cx,
    ) -> Saved<GuidanceDraft> {
        let group = group
            .parse::<u64>()
            .map(GroupId)
            .map_err(|_| at("group")(invalid(ErrField::Text, |t| t.sc_no_groups().to_string())))?;
        let date = Self::date_of(form, "date")?;
        let methods: Vec<GuidanceMethod> = GuidanceMethod::ALL
            .iter()
            .copied()
            .filter(|m| form.value(super::forms::method_key(*m)) == "yes")
            .collect();
        let [feature, strength, problem, next, model] =
            super::forms::FINDINGS.map(|k| trimmed(form, k));
        let title = trimmed(form, "task");
        let owner = self
            .resolve_one(&form.value(PEOPLE_FIELD), cx.backend)
            .map_err(at(PEOPLE_FIELD))?;
        let due = form.date("due", ErrField::Date).map_err(at("due"))?;
        let follow_ups = match (title.is_empty(), owner) {
            (true, None) if due.is_none() => vec![],
            (false, Some(owner)) => vec![FollowUp { title, owner, due }],
            (true, _) => {
                return Err(at("task")(invalid(ErrField::Text, |t| {
                    t.sc_follow_up_needs_title().to_string()
                })));
            }
            (false, None) => {
                return Err(at(PEOPLE_FIELD)(invalid(ErrField::Person, |t| {
                    t.sc_follow_up_needs_owner().to_string()
                })));
            }
        };
        Ok(GuidanceDraft {
            group,
            unit,
            date,
            methods,
            findings: Findings {
                feature,
                strength,
                problem,
                next,
                model,
            },
            follow_ups,
        })
    }

    fn info_draft(&self, form: &FormState, cx: &Cx) -> Saved<InfoDraft> {
        let title = trimmed(form, "title");
        if title.is_empty() {
            return Err(at("title")(invalid(ErrField::Text, |t| {
                t.sc_title_missing().to_string()
            })));
        }
        let unit = self.unit_of(form)?;
        let authors = self
            .resolve_people(&form.value(PEOPLE_FIELD), cx.backend)
            .map_err(at(PEOPLE_FIELD))?;
        Ok(InfoDraft {
            unit,
            title,
            body: trimmed(form, "body"),
            authors,
            written: Self::date_of(form, "date")?,
            submitted: form
                .date("submitted", ErrField::Date)
                .map_err(at("submitted"))?,
        })
    }

    pub(super) fn save_form(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        let lang = cx.text.0;
        match self.try_save(form, cx) {
            Ok(()) => Ok(()),
            Err(Placed { key, error }) => match key {
                // A field the refusal does not name itself: shown there, the
                // form open again as it was.
                Some(k) if Some(k) != error.field() => {
                    let mut again = form.clone();
                    again.clear_errors();
                    again.show_error(Some(k), error.message(lang));
                    cx.popups.push(Popup::Form(again));
                    Ok(())
                }
                _ => Err(error),
            },
        }
    }

    fn try_save(&mut self, form: &mut FormState, cx: &mut Cx) -> Saved<()> {
        let Some(purpose) = SanchuangForm::of(&form.purpose).cloned() else {
            return Ok(());
        };
        let text = cx.text;
        let done = match purpose {
            SanchuangForm::AddPlan => {
                let draft = self.plan_draft(form, cx)?;
                let p = cx.backend.run(AddPlan { draft })?;
                self.refresh(cx);
                self.select(p.id);
                text.sc_plan_added()
            }
            SanchuangForm::EditPlan { id, rev } => {
                let draft = self.plan_draft(form, cx)?;
                cx.backend.run(UpdatePlan { id, rev, draft })?;
                text.work_saved()
            }
            SanchuangForm::VoidPlan { id, rev } => {
                cx.backend.run(VoidSanchuang {
                    kind: RecordKind::Plan,
                    id: id.0,
                    rev,
                    reason: trimmed(form, "reason"),
                })?;
                self.card = None;
                text.work_voided()
            }
            SanchuangForm::AdvancePlan { id, rev } => {
                let on = Self::date_of(form, "date")?;
                let p = cx.backend.run(AdvancePlan {
                    id,
                    rev,
                    on,
                    note: trimmed(form, "note"),
                })?;
                self.refresh(cx);
                self.select(p.id);
                *cx.status = Status::info(text.sc_advanced(p.stage()));
                return Ok(());
            }
            SanchuangForm::FailPlan { id, rev } => {
                let on = Self::date_of(form, "date")?;
                let reason = trimmed(form, "reason");
                if reason.is_empty() {
                    return Err(at("reason")(invalid(ErrField::Reason, |t| {
                        t.sc_fail_needs_reason().to_string()
                    })));
                }
                let p = cx.backend.run(FailPlan {
                    id,
                    rev,
                    on,
                    reason,
                })?;
                self.refresh(cx);
                self.select(p.id);
                text.sc_failed()
            }
            SanchuangForm::AddGuidance { unit, .. } => {
                let group = form.value("group");
                let draft = self.guidance_draft(&group, unit, form, cx)?;
                cx.backend.run(AddGuidance { draft })?;
                text.sc_guidance_added()
            }
            SanchuangForm::AddInfo => {
                let draft = self.info_draft(form, cx)?;
                let item = cx.backend.run(AddInfo { draft })?;
                self.refresh(cx);
                if let Some(i) = self.info.iter().position(|x| x.id == item.id) {
                    self.info_at.cursor = i;
                }
                self.pane = Pane::Info;
                text.sc_info_added()
            }
            SanchuangForm::VoidInfo { id, rev } => {
                cx.backend.run(VoidSanchuang {
                    kind: RecordKind::InfoItem,
                    id: id.0,
                    rev,
                    reason: trimmed(form, "reason"),
                })?;
                text.work_voided()
            }
            SanchuangForm::Adopt { id } => {
                let outlet = trimmed(form, "outlet");
                if outlet.is_empty() {
                    return Err(at("outlet")(invalid(ErrField::Text, |t| {
                        t.sc_outlet_missing().to_string()
                    })));
                }
                let adoption = Adoption {
                    level: form
                        .choice("level", AdoptionLevel::parse)
                        .unwrap_or(AdoptionLevel::City),
                    outlet,
                    reference: trimmed(form, "reference"),
                    on: Self::date_of(form, "date")?,
                };
                cx.backend.run(AdoptInfo { id, adoption })?;
                text.sc_adopted()
            }
        };
        self.refresh(cx);
        *cx.status = Status::info(done);
        Ok(())
    }

    /// The previewed issue saved; the service numbers it, and a refusal is
    /// said with the preview left open.
    pub(super) fn save_issue(&mut self, cx: &mut Cx) {
        let Some(p) = &self.preview else { return };
        let request = NewBulletin {
            date: p.date,
            items: self.marked.clone(),
            editor: None,
            number: None,
            allow_gap: false,
        };
        match cx.backend.run(request) {
            Ok(b) => {
                self.preview = None;
                self.marked.clear();
                self.refresh(cx);
                self.pane = Pane::Bulletins;
                self.bulletin_at = Default::default();
                *cx.status = Status::info(cx.text.sc_issue_saved(&b.issue));
            }
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }
}
