//! The tab's forms: a plan (added, edited, voided, moved on, failed), a guidance visit, an info
//! item and an adoption; each built from the record (or none), so that a draft rebuilds it.

use serde::{Deserialize, Serialize};

use super::Sanchuang;
use super::people::PEOPLE_FIELD;
use crate::api::sanchuang::{GetPlan, PlanRow};
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::bulletin::{AdoptionLevel, InfoId, InfoItem};
use crate::domain::day::Day;
use crate::domain::guidance::GuidanceMethod;
use crate::domain::plan::{Creation, Plan, PlanId};
use crate::tui::action::Action;
use crate::tui::popups::form::{Field, FormPurpose, FormState, UNIT_FIELD};
use crate::tui::strings::Text;
use crate::tui::views::Cx;
use crate::tui::views::purpose::Purpose;

/// What saving one of the tab's forms does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SanchuangForm {
    AddPlan,
    EditPlan {
        id: PlanId,
        rev: u64,
    },
    VoidPlan {
        id: PlanId,
        rev: u64,
    },
    /// The plan one stage on: the date and a note.
    AdvancePlan {
        id: PlanId,
        rev: u64,
    },
    /// An inspection that failed: the date and the reason.
    FailPlan {
        id: PlanId,
        rev: u64,
    },
    /// A working group's visit to the plan's unit.
    AddGuidance {
        plan: PlanId,
        unit: UnitId,
    },
    AddInfo,
    VoidInfo {
        id: InfoId,
        rev: u64,
    },
    Adopt {
        id: InfoId,
    },
}

impl SanchuangForm {
    pub fn of(purpose: &FormPurpose) -> Option<&SanchuangForm> {
        purpose.of()
    }

    /// Whether the form has a unit to pick.
    pub fn names_a_unit(&self) -> bool {
        matches!(
            self,
            SanchuangForm::AddPlan | SanchuangForm::EditPlan { .. } | SanchuangForm::AddInfo
        )
    }
}

impl Purpose for SanchuangForm {
    fn edits(&self) -> Option<(RecordKind, u64)> {
        match self {
            SanchuangForm::EditPlan { id, .. }
            | SanchuangForm::VoidPlan { id, .. }
            | SanchuangForm::AdvancePlan { id, .. }
            | SanchuangForm::FailPlan { id, .. } => Some((RecordKind::Plan, id.0)),
            SanchuangForm::VoidInfo { id, .. } => Some((RecordKind::InfoItem, id.0)),
            _ => None,
        }
    }

    fn edits_existing(&self) -> bool {
        matches!(self, SanchuangForm::EditPlan { .. })
    }

    fn take_latest(&mut self, backend: &dyn Backend) {
        if let SanchuangForm::EditPlan { id, rev }
        | SanchuangForm::VoidPlan { id, rev }
        | SanchuangForm::AdvancePlan { id, rev }
        | SanchuangForm::FailPlan { id, rev } = self
            && let Ok(fresh) = backend.run(GetPlan { id: *id })
        {
            *rev = fresh.row.plan.rev;
        }
    }
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

/// The key of a guidance method's yes/no choice.
pub(super) fn method_key(m: GuidanceMethod) -> &'static str {
    match m {
        GuidanceMethod::Report => "report",
        GuidanceMethod::Documents => "documents",
        GuidanceMethod::Discussion => "discussion",
    }
}

/// The keys of the five findings, in the newsletter's order.
pub(super) const FINDINGS: [&str; 5] = ["feature", "strength", "problem", "next", "model"];

fn yes_no(text: Text) -> Vec<(String, String)> {
    vec![
        ("yes".to_string(), text.yes().to_string()),
        ("no".to_string(), text.no().to_string()),
    ]
}

impl Sanchuang {
    /// The form a key opens, on the plan or item it acts on.
    pub(super) fn form_for_action(&self, action: &Action, cx: &mut Cx) -> Option<FormState> {
        let text = cx.text;
        let plan = self.current_plan().map(|r| r.plan.clone());
        let info = self.selected_info().cloned();
        use super::Pane;
        match (self.pane, action) {
            (Pane::Plans, Action::Add) => {
                Some(self.plan_form(text, SanchuangForm::AddPlan, None, ""))
            }
            (Pane::Plans, Action::Edit) => {
                let p = plan?;
                let owner = self.people_text(&p.owner.into_iter().collect::<Vec<_>>(), cx.backend);
                Some(self.plan_form(
                    text,
                    SanchuangForm::EditPlan {
                        id: p.id,
                        rev: p.rev,
                    },
                    Some(&p),
                    &owner,
                ))
            }
            (Pane::Plans, Action::VoidRecord) => plan.map(|p| self.void_plan_form(text, &p)),
            (Pane::Plans, Action::AdvanceStage) => {
                let p = plan?;
                if p.stage().next().is_none() {
                    *cx.status = crate::tui::views::Status::error(text.sc_last_stage());
                    return None;
                }
                Some(self.advance_form(text, &p))
            }
            (Pane::Plans, Action::FailInspection) => plan.map(|p| self.fail_form(text, &p)),
            (Pane::Plans, Action::AddGuidance) if self.card.is_some() => {
                let p = plan?;
                if self.groups.is_empty() {
                    *cx.status = crate::tui::views::Status::error(text.sc_no_groups());
                    return None;
                }
                Some(self.guidance_form(text, p.id, p.unit))
            }
            (Pane::Info, Action::Add) => Some(self.info_form(text)),
            (Pane::Info, Action::Adopt) => info.map(|i| self.adopt_form(text, &i)),
            (Pane::Info, Action::VoidRecord) => info.map(|i| self.void_info_form(text, &i)),
            (Pane::Info, Action::Edit) => {
                *cx.status = crate::tui::views::Status::info(text.sc_info_edit_by_command());
                None
            }
            _ => None,
        }
    }

    fn plan_label(&self, row_unit: UnitId, creation: Creation, text: Text) -> String {
        format!("{} {}", self.unit_name(row_unit), creation.label(text.0))
    }

    pub(super) fn unit_name(&self, unit: UnitId) -> String {
        self.tree
            .get(unit)
            .map(|u| u.short_name.clone().unwrap_or_else(|| u.name.clone()))
            .unwrap_or_else(|| format!("#{}", unit.0))
    }

    pub(super) fn plan_form(
        &self,
        text: Text,
        purpose: SanchuangForm,
        plan: Option<&Plan>,
        owner: &str,
    ) -> FormState {
        let lang = text.0;
        let unit = plan.map_or_else(
            || {
                self.permits
                    .access()
                    .scope()
                    .map(|u| self.tree.path(u))
                    .unwrap_or_default()
            },
            |p| self.tree.path(p.unit),
        );
        let title = match plan {
            Some(p) => text.sc_edit_plan_title(&self.plan_label(p.unit, p.creation, text)),
            None => text.sc_add_plan_title().to_string(),
        };
        let val = |f: fn(&Plan) -> &String| plan.map_or(String::new(), |p| f(p).clone());
        let fields = vec![
            Field::text(UNIT_FIELD, text.sc_unit(), &unit),
            Field::choice_at(
                "creation",
                text.sc_creation(),
                options(Creation::ALL, Creation::code, |c| c.label(lang)),
                plan.map_or("model", |p| p.creation.code()),
            ),
            Field::text("goals", text.sc_goals(), &val(|p| &p.goals)),
            Field::text("measures", text.sc_measures(), &val(|p| &p.measures)),
            Field::text("strengths", text.sc_strengths(), &val(|p| &p.strengths)),
            Field::text("weaknesses", text.sc_weaknesses(), &val(|p| &p.weaknesses)),
            Field::text("base", text.sc_base(), &val(|p| &p.base)),
            Field::text(PEOPLE_FIELD, text.sc_owner(), owner),
            Field::date(
                "date",
                text.sc_opened(),
                &plan.map_or(self.today, |p| p.opened).to_string(),
            ),
        ];
        let mut form = FormState::new(purpose, title, fields);
        form.note = vec![text.sc_owner_note().to_string()];
        form.mark_clean();
        form
    }

    fn void_plan_form(&self, text: Text, p: &Plan) -> FormState {
        let mut form = FormState::new(
            SanchuangForm::VoidPlan {
                id: p.id,
                rev: p.rev,
            },
            text.sc_void_title(&self.plan_label(p.unit, p.creation, text)),
            vec![Field::text(
                "reason",
                text.work_void_reason(),
                text.work_void_reason_default(),
            )],
        );
        form.note = vec![text.work_void_note().to_string()];
        form.mark_clean();
        form
    }

    fn advance_form(&self, text: Text, p: &Plan) -> FormState {
        let to = p.stage().next().unwrap_or(p.stage());
        let mut form = FormState::new(
            SanchuangForm::AdvancePlan {
                id: p.id,
                rev: p.rev,
            },
            text.sc_advance_title(&self.plan_label(p.unit, p.creation, text), to),
            vec![
                Field::suggested_date("date", text.sc_on(), &Day::today().to_string()),
                Field::text("note", text.sc_note(), ""),
            ],
        );
        form.mark_clean();
        form
    }

    fn fail_form(&self, text: Text, p: &Plan) -> FormState {
        let mut form = FormState::new(
            SanchuangForm::FailPlan {
                id: p.id,
                rev: p.rev,
            },
            text.sc_fail_title(&self.plan_label(p.unit, p.creation, text)),
            vec![
                Field::suggested_date("date", text.sc_on(), &Day::today().to_string()),
                Field::text("reason", text.sc_fail_reason(), ""),
            ],
        );
        form.note = vec![text.sc_fail_note().to_string()];
        form.mark_clean();
        form
    }

    pub(super) fn guidance_form(&self, text: Text, plan: PlanId, unit: UnitId) -> FormState {
        let groups: Vec<(String, String)> = self
            .groups
            .iter()
            .map(|g| (g.id.0.to_string(), g.name.clone()))
            .collect();
        let mut fields = vec![
            Field::choice("group", text.sc_group(), groups),
            Field::date("date", text.sc_visit_date(), &Day::today().to_string()),
        ];
        for m in GuidanceMethod::ALL {
            fields.push(Field::choice_at(
                method_key(*m),
                text.sc_method(*m),
                yes_no(text),
                "no",
            ));
        }
        for (i, key) in FINDINGS.iter().enumerate() {
            fields.push(Field::text(key, text.sc_finding(i), ""));
        }
        fields.extend([
            Field::text("task", text.sc_follow_up(), ""),
            Field::text(PEOPLE_FIELD, text.sc_follow_up_owner(), ""),
            Field::date("due", text.sc_follow_up_due(), ""),
        ]);
        let mut form = FormState::new(
            SanchuangForm::AddGuidance { plan, unit },
            text.sc_guidance_title(&self.unit_name(unit)),
            fields,
        );
        form.note = vec![text.sc_guidance_note().to_string()];
        form.mark_clean();
        form
    }

    pub(super) fn info_form(&self, text: Text) -> FormState {
        let unit = self
            .permits
            .access()
            .scope()
            .map(|u| self.tree.path(u))
            .unwrap_or_default();
        let fields = vec![
            Field::text("title", text.sc_info_title(), ""),
            Field::text(UNIT_FIELD, text.sc_info_unit(), &unit),
            Field::text(PEOPLE_FIELD, text.sc_authors(), ""),
            Field::date("date", text.sc_written(), &Day::today().to_string()),
            Field::date("submitted", text.sc_submitted(), ""),
            Field::text("body", text.sc_body(), ""),
        ];
        let mut form = FormState::new(
            SanchuangForm::AddInfo,
            text.sc_add_info_title().into(),
            fields,
        );
        form.note = vec![text.sc_body_note().to_string()];
        form.mark_clean();
        form
    }

    pub(super) fn adopt_form(&self, text: Text, item: &InfoItem) -> FormState {
        let lang = text.0;
        let mut form = FormState::new(
            SanchuangForm::Adopt { id: item.id },
            text.sc_adopt_title(&item.title),
            vec![
                Field::choice_at(
                    "level",
                    text.sc_level(),
                    options(AdoptionLevel::ALL, AdoptionLevel::code, |l| l.label(lang)),
                    "city",
                ),
                Field::text("outlet", text.sc_outlet(), ""),
                Field::text("reference", text.sc_reference(), ""),
                Field::date("date", text.sc_adopted_on(), &Day::today().to_string()),
            ],
        );
        form.mark_clean();
        form
    }

    fn void_info_form(&self, text: Text, item: &InfoItem) -> FormState {
        let mut form = FormState::new(
            SanchuangForm::VoidInfo {
                id: item.id,
                rev: item.rev,
            },
            text.sc_void_title(&item.title),
            vec![Field::text(
                "reason",
                text.work_void_reason(),
                text.work_void_reason_default(),
            )],
        );
        form.note = vec![text.work_void_note().to_string()];
        form.mark_clean();
        form
    }

    /// A form again from a draft: the record as it is stored now, the
    /// revision the form was opened on kept.
    pub(super) fn rebuild_form(
        &self,
        purpose: &FormPurpose,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<FormState> {
        let purpose = SanchuangForm::of(purpose)?;
        let plan =
            |id: PlanId| -> Option<PlanRow> { backend.run(GetPlan { id }).ok().map(|c| c.row) };
        let mut f = match purpose {
            SanchuangForm::AddPlan => self.plan_form(text, purpose.clone(), None, ""),
            SanchuangForm::EditPlan { id, .. } => {
                let p = plan(*id)?.plan;
                let owner = self.people_text(&p.owner.into_iter().collect::<Vec<_>>(), backend);
                self.plan_form(text, purpose.clone(), Some(&p), &owner)
            }
            SanchuangForm::VoidPlan { id, .. } => self.void_plan_form(text, &plan(*id)?.plan),
            SanchuangForm::AdvancePlan { id, .. } => self.advance_form(text, &plan(*id)?.plan),
            SanchuangForm::FailPlan { id, .. } => self.fail_form(text, &plan(*id)?.plan),
            SanchuangForm::AddGuidance { plan, unit } => self.guidance_form(text, *plan, *unit),
            SanchuangForm::AddInfo => self.info_form(text),
            SanchuangForm::VoidInfo { id, .. } | SanchuangForm::Adopt { id } => {
                let item = self.info.iter().find(|i| i.id == *id)?;
                if matches!(purpose, SanchuangForm::Adopt { .. }) {
                    self.adopt_form(text, item)
                } else {
                    self.void_info_form(text, item)
                }
            }
        };
        f.purpose = purpose.clone().into();
        Some(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_finds_its_way_back_to_this_tab() {
        let cases: [(SanchuangForm, &str); 3] = [
            (
                SanchuangForm::AdvancePlan {
                    id: PlanId(4),
                    rev: 2,
                },
                r#"{"AdvancePlan":{"id":4,"rev":2}}"#,
            ),
            (
                SanchuangForm::Adopt { id: InfoId(9) },
                r#"{"Adopt":{"id":9}}"#,
            ),
            (SanchuangForm::AddInfo, r#""AddInfo""#),
        ];
        for (form, json) in cases {
            let purpose: FormPurpose = form.clone().into();
            assert_eq!(serde_json::to_string(&purpose).unwrap(), json);
            let back: FormPurpose = serde_json::from_str(json).unwrap();
            assert_eq!(SanchuangForm::of(&back), Some(&form));
        }
    }
}
