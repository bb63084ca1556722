//! What saving each of the roster's forms does, and how a form comes back from a draft.

use super::PeopleForm;
use super::Roster;
use crate::api::admin::VoidRecord;
use crate::api::people::{
    AddHonour, CreatePerson, GetPerson, ListPeople, PeopleFilter, RecordTalk, Reregister,
    StrikeOff, StrikeOffPerson, UpdatePerson, namesake_warning, namesakes,
};
use crate::backend::{Backend, BackendExt};
use crate::domain::audit::RecordKind;
use crate::domain::id_number::Gender;
use crate::domain::person::{
    Category, ElderDraft, Honour, HonourLevel, Person, PersonDraft, PersonId, RemovalReason,
    RosterStatus, Source, Talk, TalkOutcome,
};
use crate::domain::unit_names::resolve_unit;
use crate::error::{Error, Field as ErrField, Result};
use crate::lang::Lang;
use crate::tui::popups::Popup;
use crate::tui::popups::form::{FormPurpose, FormState, UNIT_FIELD};
use crate::tui::strings::Text;
use crate::tui::views::{Cx, Status};

impl Roster {
    pub(super) fn draft_from(
        &self,
        form: &FormState,
        before: Option<&Person>,
    ) -> Result<PersonDraft> {
        let unit_path = form.value(UNIT_FIELD);
        let unit = resolve_unit(&self.tree, &unit_path)
            .map(|u| u.id)
            .map_err(|e| match e {
                Error::UnitNotFound { .. } => Error::InvalidField {
                    field: ErrField::Unit,
                    zh: e.message(Lang::Zh),
                    en: e.message(Lang::En),
                },
                other => other,
            })?;
        let gender = match form.value("gender").as_str() {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        };
        let mut draft = before.map(PersonDraft::of).unwrap_or_default();
        draft.name = form.value("name");
        draft.gender = gender;
        draft.birth = form.date("birth", ErrField::Birth)?;
        draft.id_number = form.value("id_number");
        draft.phone = form.value("phone");
        draft.unit = Some(unit);
        let category = form
            .choice("category", Category::parse)
            .unwrap_or(Category::Cadre);
        let source = form
            .choice("source", Source::parse)
            .unwrap_or(Source::Other);
        let joined = form.date("joined", ErrField::Joined)?;
        draft.elder = Some(match draft.elder.take() {
            Some(mut e) => {
                e.category = category;
                e.source = source;
                e.joined = joined;
                e
            }
            None => ElderDraft {
                category,
                core: false,
                skills: String::new(),
                health: String::new(),
                source,
                joined,
                reregistered: None,
                status: RosterStatus::Active,
            },
        });
        Ok(draft)
    }

    pub(super) fn save_form(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        let lang = cx.text.0;
        let b = cx.backend;
        let fresh = |id: PersonId, rev: u64| -> Result<Person> {
            let mut p = b.run(GetPerson { id })?;
            // Save against the revision the form was opened on, so a change
            // made meanwhile is reported, not overwritten.
            p.rev = rev;
            Ok(p)
        };
        let Some(purpose) = PeopleForm::of(&form.purpose).cloned() else {
            return Ok(());
        };
        let result = match purpose.clone() {
            PeopleForm::AddPerson => {
                let draft = self.draft_from(form, None)?;
                let p = b.run(CreatePerson { draft })?;
                self.saved(cx, &p, cx.text.registered());
                // A double registration looks like this: say so before the
                // next entry, in the form the user is looking at.
                let rows = b.run(ListPeople {
                    filter: PeopleFilter {
                        unit: Some(p.unit),
                        search: p.name.clone(),
                        include_non_elders: true,
                        ..PeopleFilter::default()
                    },
                })?;
                let warning = namesake_warning(&namesakes(&rows, &p), lang);
                self.scroll((cx.body.height as usize).saturating_sub(2));
                // Fast entry: the next person of the same register.
                let keep: Vec<(String, String)> = form
                    .values()
                    .into_iter()
                    .filter(|(k, _)| matches!(k.as_str(), "unit" | "category" | "source"))
                    .collect();
                let mut next = self.person_form(cx.text, PeopleForm::AddPerson, None, &keep);
                if let Some(w) = warning {
                    next.note.insert(0, w.clone());
                    *cx.status = Status::error(w);
                }
                cx.popups.push(Popup::Form(next));
                return Ok(());
            }
            PeopleForm::EditPerson { id, rev } => {
                let before = fresh(id, rev)?;
                let draft = self.draft_from(form, Some(&before))?;
                b.run(UpdatePerson {
                    id: before.id,
                    rev: before.rev,
                    draft,
                })
                .map(|p| (p, cx.text.saved()))
            }
            PeopleForm::VoidPerson { id } => {
                let p = b.run(GetPerson { id })?;
                b.run(VoidRecord {
                    kind: RecordKind::Person,
                    id: id.0,
                    reason: form.value("reason").to_string(),
                })?;
                // Gone from the roster: the card closes on the list.
                self.card = None;
                self.refresh(cx);
                *cx.status = Status::info(format!(
                    "{}{}{}",
                    cx.text.person_voided(),
                    cx.text.label_sep(),
                    p.name
                ));
                return Ok(());
            }
            PeopleForm::StrikeOff { id, rev } => {
                let p = fresh(id, rev)?;
                let strike = StrikeOff {
                    on: form.required_date("date", ErrField::Date)?,
                    reason: form
                        .choice("reason", RemovalReason::parse)
                        .unwrap_or(RemovalReason::Other),
                    note: form.value("note"),
                };
                b.run(StrikeOffPerson {
                    id: p.id,
                    rev: p.rev,
                    strike,
                })
                .map(|p| (p, cx.text.struck_off()))
            }
            PeopleForm::Talk { id, rev } => {
                let p = fresh(id, rev)?;
                let talk = Talk {
                    date: form.required_date("date", ErrField::Date)?,
                    by: form.value("person"),
                    summary: form.value("text"),
                    outcome: form
                        .choice("outcome", TalkOutcome::parse)
                        .unwrap_or(TalkOutcome::Keep),
                };
                b.run(RecordTalk {
                    id: p.id,
                    rev: p.rev,
                    talk,
                })
                .map(|p| (p, cx.text.talk_recorded()))
            }
            PeopleForm::Honour { id, rev } => {
                let p = fresh(id, rev)?;
                let honour = Honour {
                    title: form.value("name"),
                    level: form
                        .choice("level", HonourLevel::parse)
                        .unwrap_or(HonourLevel::District),
                    date: form.required_date("date", ErrField::Date)?,
                };
                b.run(AddHonour {
                    id: p.id,
                    rev: p.rev,
                    honour,
                })
                .map(|p| (p, cx.text.honour_recorded()))
            }
            PeopleForm::Reregister { people } => {
                let on = form.required_date("date", ErrField::Date)?;
                let n = b.run(Reregister { people, on })?;
                self.marked.clear();
                self.refresh(cx);
                *cx.status = Status::info(cx.text.reregistered(n));
                return Ok(());
            }
            PeopleForm::SearchPeople => {
                self.search_for(&form.value("name"), cx);
                return Ok(());
            }
        };
        match result {
            Ok((p, what)) => {
                self.saved(cx, &p, what);
                self.scroll((cx.body.height as usize).saturating_sub(2));
                Ok(())
            }
            Err(e) => {
                if matches!(e, Error::Conflict { .. }) {
                    self.refresh(cx);
                    let mut purpose = purpose;
                    if let Some(fresh) = self.card.clone().or_else(|| {
                        let (id, _) = purpose.clone().revised()?;
                        cx.backend.run(GetPerson { id }).ok()
                    }) && let Some((_, rev)) = purpose.revised()
                    {
                        *rev = fresh.rev;
                        form.purpose = purpose.into();
                    }
                }
                Err(e)
            }
        }
    }

    pub(super) fn rebuild_form(
        &self,
        purpose: &FormPurpose,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<FormState> {
        let purpose = PeopleForm::of(purpose)?;
        match purpose {
            PeopleForm::AddPerson => Some(self.person_form(text, PeopleForm::AddPerson, None, &[])),
            PeopleForm::SearchPeople => Some(self.search_form(text)),
            PeopleForm::VoidPerson { id } => {
                let p = backend.run(GetPerson { id: *id }).ok()?;
                Some(self.void_form(&p, text))
            }
            PeopleForm::Reregister { people } => Some(self.reregister_form(people.clone(), text)),
            PeopleForm::EditPerson { id, .. }
            | PeopleForm::StrikeOff { id, .. }
            | PeopleForm::Talk { id, .. }
            | PeopleForm::Honour { id, .. } => {
                // The stored person, as it is now: the form's revision
                // stays the one it was opened on, so a save over someone
                // else's later change is refused, not written over it.
                let p = backend.run(GetPerson { id: *id }).ok()?;
                let mut f = match purpose {
                    PeopleForm::EditPerson { .. } => {
                        self.person_form(text, purpose.clone(), Some(&p), &[])
                    }
                    PeopleForm::StrikeOff { .. } => self.strike_form(&p, text),
                    PeopleForm::Talk { .. } => self.talk_form(&p, text),
                    _ => self.honour_form(&p, text),
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
        self.list.cursor = 0;
        self.relist(cx);
    }

    pub(super) fn saved(&mut self, cx: &mut Cx, p: &Person, what: &str) {
        if let Err(e) = self.reload_around(cx.backend, Some(p.id)) {
            *cx.status = Status::error(e.message(cx.text.0));
        }
        if self.card.is_some() {
            self.card = Some(p.clone());
        }
        *cx.status = Status::info(format!("{}{}{}", what, cx.text.label_sep(), p.name));
    }
}
