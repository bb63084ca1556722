//! What saving each of the tab's forms does, and how a form comes back from a draft.

use super::forms::KEPT;
use super::{Work, WorkForm};
use crate::api::work::{AddWork, GetWork, UpdateWork, VoidWork};
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::unit_names::resolve_unit;
use crate::domain::work::{ActivityKind, Attendance, TrainingMode};
use crate::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft, WorkItem, WorkList,
};
use crate::error::{Error, Field as ErrField, Result};
use crate::lang::Lang;
use crate::tui::popups::Popup;
use crate::tui::popups::form::{FormPurpose, FormState, UNIT_FIELD};
use crate::tui::strings::Text;
use crate::tui::views::{Cx, Status};

/// A refusal and the field it belongs next to, when the form has one for it.
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

/// The form's field a refusal of the service concerns, when the refusal
/// does not name one the form has.
fn field_of(e: &Error, form: &FormState) -> Option<&'static str> {
    let key = match e {
        Error::DuplicateActivity { .. } => "title",
        Error::NotAVillage { .. } => UNIT_FIELD,
        Error::PersonVoided { .. } | Error::PersonNotFound { .. } => "people",
        Error::InvalidField {
            field: ErrField::Person,
            ..
        } => "people",
        Error::TooLong { field, .. } => match field.form_key() {
            // A theme too long can only be a new one typed.
            "theme" if form.fields.iter().any(|f| f.key == "new_theme") => "new_theme",
            k => k,
        },
        _ => return None,
    };
    form.fields.iter().find(|f| f.key == key).map(|f| f.key)
}

/// A count typed in a field: empty is none.
fn count(form: &FormState, key: &'static str) -> std::result::Result<u32, Placed> {
    let typed = form.value(key);
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(0);
    }
    typed.parse::<u32>().map_err(|_| {
        at(key)(Error::InvalidField {
            field: ErrField::Text,
            zh: Text(Lang::Zh).work_bad_count(typed),
            en: Text(Lang::En).work_bad_count(typed),
        })
    })
}

impl Work {
    fn unit_of(&self, form: &FormState) -> std::result::Result<UnitId, Placed> {
        let typed = form.value(UNIT_FIELD);
        let unit_error = |zh: String, en: String| Error::InvalidField {
            field: ErrField::Unit,
            zh,
            en,
        };
        if typed.trim().is_empty() {
            return Err(at(UNIT_FIELD)(unit_error(
                Text(Lang::Zh).work_unit_missing().to_string(),
                Text(Lang::En).work_unit_missing().to_string(),
            )));
        }
        resolve_unit(&self.tree, &typed)
            .map(|u| u.id)
            .map_err(|e| at(UNIT_FIELD)(unit_error(e.message(Lang::Zh), e.message(Lang::En))))
    }

    fn date_of(form: &FormState) -> std::result::Result<Day, Placed> {
        form.required_date("date", ErrField::Date)
            .map_err(at("date"))
    }

    /// The record a form gives.
    fn draft_of(
        &self,
        list: WorkList,
        form: &FormState,
        cx: &Cx,
    ) -> std::result::Result<WorkDraft, Placed> {
        let unit = self.unit_of(form)?;
        let date = Self::date_of(form)?;
        let people = |cx: &Cx| {
            self.resolve_people(&form.value("people"), cx.backend)
                .map_err(at("people"))
        };
        Ok(match list {
            WorkList::Activities => {
                let new_theme = form.value("new_theme");
                WorkDraft::Activity(ActivityDraft {
                    unit,
                    date,
                    title: form.value("title").trim().to_string(),
                    theme: if new_theme.trim().is_empty() {
                        form.value("theme")
                    } else {
                        new_theme.trim().to_string()
                    },
                    kind: form
                        .choice("kind", ActivityKind::parse)
                        .unwrap_or(ActivityKind::Other),
                    online: form.value("online") == "online",
                    place: form.value("place").trim().to_string(),
                    youths: count(form, "youths")?,
                    elders: people(cx)?,
                    notes: form.value("notes").trim().to_string(),
                })
            }
            WorkList::Trainings => {
                let named = people(cx)?;
                let head = count(form, "count")?;
                WorkDraft::Training(TrainingDraft {
                    unit,
                    date,
                    mode: form
                        .choice("mode", TrainingMode::parse)
                        .unwrap_or(TrainingMode::MeetingAsTraining),
                    topic: form.value("title").trim().to_string(),
                    attendance: if named.is_empty() {
                        Attendance::HeadCount(head)
                    } else {
                        Attendance::Named(named)
                    },
                })
            }
            WorkList::Visits => {
                let named = people(cx)?;
                let person = match named.as_slice() {
                    [one] => *one,
                    [] => {
                        return Err(at("people")(Error::InvalidField {
                            field: ErrField::Person,
                            zh: Text(Lang::Zh).work_visit_needs_one().to_string(),
                            en: Text(Lang::En).work_visit_needs_one().to_string(),
                        }));
                    }
                    _ => {
                        return Err(at("people")(Error::InvalidField {
                            field: ErrField::Person,
                            zh: Text(Lang::Zh).work_visit_one_only().to_string(),
                            en: Text(Lang::En).work_visit_one_only().to_string(),
                        }));
                    }
                };
                WorkDraft::Visit(VisitDraft {
                    person,
                    village: unit,
                    date,
                    purpose: form.value("title").trim().to_string(),
                    result: form.value("notes").trim().to_string(),
                })
            }
            WorkList::StudySessions => WorkDraft::StudySession(StudySessionDraft {
                base: unit,
                date,
                visitor: form.value("name").trim().to_string(),
                students: count(form, "students")?,
                theme: form.value("theme").trim().to_string(),
            }),
        })
    }

    pub(super) fn save_form(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        let lang = cx.text.0;
        match self.try_save(form, cx) {
            Ok(()) => Ok(()),
            Err(Placed { key, error }) => {
                match key.or_else(|| field_of(&error, form)) {
                    // A field the refusal does not name itself: shown there,
                    // the form open again as it was.
                    Some(k) if Some(k) != error.field() => {
                        let mut again = form.clone();
                        again.clear_errors();
                        again.show_error(Some(k), error.message(lang));
                        cx.popups.push(Popup::Form(again));
                        Ok(())
                    }
                    _ => Err(error),
                }
            }
        }
    }

    fn try_save(&mut self, form: &mut FormState, cx: &mut Cx) -> std::result::Result<(), Placed> {
        let Some(purpose) = WorkForm::of(&form.purpose).cloned() else {
            return Ok(());
        };
        let text = cx.text;
        match purpose {
            WorkForm::AddWork(list) => {
                let draft = self.draft_of(list, form, cx)?;
                let item = cx.backend.run(AddWork { draft })?;
                self.saved(cx, &item, text.work_added());
                // Fast entry: the next record of the same paper register.
                let mut keep: Vec<(String, String)> = form
                    .values()
                    .into_iter()
                    .filter(|(k, _)| KEPT.contains(&k.as_str()))
                    .collect();
                if let WorkItem::Activity(a) = &item {
                    keep.retain(|(k, _)| k != "theme");
                    keep.push(("theme".into(), a.theme.clone()));
                }
                let next = self.add_form(text, list, &keep);
                cx.popups.push(Popup::Form(next));
                Ok(())
            }
            WorkForm::EditWork { id, rev } => {
                let draft = self.draft_of(id.list, form, cx)?;
                match cx.backend.run(UpdateWork { id, rev, draft }) {
                    Ok(item) => {
                        self.saved(cx, &item, text.work_saved());
                        Ok(())
                    }
                    Err(e @ Error::Conflict { .. }) => self.reopen_over_theirs(form, e, cx),
                    Err(e) => Err(e.into()),
                }
            }
            WorkForm::VoidWork { id, rev } => {
                let reason = form.value("reason").trim().to_string();
                match cx.backend.run(VoidWork { id, rev, reason }) {
                    Ok(item) => {
                        // Gone from the lists: the card closes on the list.
                        self.card = None;
                        self.refresh(cx);
                        *cx.status = Status::info(format!(
                            "{}{}{}",
                            text.work_voided(),
                            text.label_sep(),
                            item.label()
                        ));
                        Ok(())
                    }
                    Err(e) => {
                        if matches!(e, Error::Conflict { .. }) {
                            self.refresh(cx);
                            let mut purpose = WorkForm::VoidWork { id, rev };
                            purpose.take_latest_from(cx.backend);
                            form.purpose = purpose.into();
                        }
                        Err(e.into())
                    }
                }
            }
            WorkForm::SearchWork => {
                self.search_for(&form.value("text"), cx);
                Ok(())
            }
        }
    }

    /// Someone saved the record while it was being edited: the form opens
    /// again on theirs, with what was changed here put over it and the
    /// refusal said above the fields, for a look before saving again.
    fn reopen_over_theirs(
        &mut self,
        form: &FormState,
        e: Error,
        cx: &mut Cx,
    ) -> std::result::Result<(), Placed> {
        let Some(WorkForm::EditWork { id, .. }) = WorkForm::of(&form.purpose).cloned() else {
            return Err(e.into());
        };
        let text = cx.text;
        let base = self.editing.take().filter(|c| c.item.id() == id);
        self.refresh(cx);
        let fresh = cx.backend.run(GetWork { id })?;
        self.know_roster(&fresh, cx.backend);
        let ours: Vec<(String, String)> = match &base {
            Some(b) => {
                let was = self.edit_form(text, b);
                (form.values().into_iter())
                    .filter(|(k, v)| was.value(k) != *v)
                    .collect()
            }
            None => form.values(),
        };
        let mut again = self.edit_form(text, &fresh);
        again.set_values(&ours);
        again.error = Some(e.message(text.0));
        self.editing = Some(fresh);
        cx.popups.push(Popup::Form(again));
        Ok(())
    }

    pub(super) fn rebuild_form(
        &self,
        purpose: &FormPurpose,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<FormState> {
        let purpose = WorkForm::of(purpose)?;
        match purpose {
            WorkForm::AddWork(list) => Some(self.add_form(text, *list, &[])),
            WorkForm::SearchWork => Some(self.search_form(text)),
            WorkForm::EditWork { id, .. } | WorkForm::VoidWork { id, .. } => {
                // The stored record as it is now; the form keeps the
                // revision it was opened on, so a save over someone else's
                // later change is refused, not written over it.
                let card = backend.run(GetWork { id: *id }).ok()?;
                let mut f = if matches!(purpose, WorkForm::EditWork { .. }) {
                    self.know_roster(&card, backend);
                    self.edit_form(text, &card)
                } else {
                    self.void_form(text, &card)
                };
                f.purpose = purpose.clone().into();
                Some(f)
            }
        }
    }

    /// The list filtered by `query` as it is typed.
    pub(super) fn search_for(&mut self, query: &str, cx: &mut Cx) {
        if self.search == query.trim() {
            return;
        }
        self.search = query.trim().to_string();
        self.relist(cx);
    }

    fn saved(&mut self, cx: &mut Cx, item: &WorkItem, what: &str) {
        self.refresh(cx);
        if self.card.is_some() {
            match cx.backend.run(GetWork { id: item.id() }) {
                Ok(c) => self.card = Some(c),
                Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
            }
        }
        *cx.status = Status::info(format!("{}{}{}", what, cx.text.label_sep(), item.label()));
    }
}

impl WorkForm {
    fn take_latest_from(&mut self, backend: &dyn Backend) {
        crate::tui::views::purpose::Purpose::take_latest(self, backend);
    }
}
