//! The roster's forms, built from a person (or none) so that the same function opens a form and
//! rebuilds it from a draft.

use super::{Roster, l, today};
use crate::api::people::GetPerson;
use crate::backend::Backend;
use crate::backend::BackendExt;
use crate::domain::audit::RecordKind;
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::person::{
    Category, HonourLevel, Person, PersonId, RemovalReason, Source, TalkOutcome,
};
use crate::tui::popups::form::{Field, FormPurpose, FormState, UNIT_FIELD};
use crate::tui::strings::Text;
use crate::tui::views::purpose::Purpose;
use serde::{Deserialize, Serialize};

impl Roster {
    pub(super) fn person_form(
        &self,
        text: Text,
        purpose: PeopleForm,
        p: Option<&Person>,
        keep: &[(String, String)],
    ) -> FormState {
        let lang = l(text);
        let title = match (&purpose, p) {
            (PeopleForm::EditPerson { .. }, Some(p)) => {
                format!("{}{}", text.edit_person_title(), p.name)
            }
            _ => text.register_elder().to_string(),
        };
        let e = p.and_then(|p| p.elder.as_ref());
        let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
        let genders = vec![
            (String::new(), text.gender_unset().to_string()),
            ("male".into(), text.gender_male().to_string()),
            ("female".into(), text.gender_female().to_string()),
        ];
        let gender = p
            .and_then(|p| p.gender)
            .map(|g| if g == Gender::Male { "male" } else { "female" })
            .unwrap_or("");
        let unit = p
            .map(|p| self.tree.path(p.unit))
            .or_else(|| self.unit.map(|u| self.tree.path(u)))
            .unwrap_or_default();
        let mut form = FormState::new(
            purpose,
            title,
            vec![
                Field::text("name", text.person_name(), p.map_or("", |p| &p.name)),
                Field::choice_at("gender", text.gender(), genders, gender),
                Field::date("birth", text.born(), &day(p.and_then(|p| p.birth))),
                Field::text(
                    "id_number",
                    text.id_number(),
                    p.and_then(|p| p.id_number.as_ref())
                        .map_or("", |n| n.as_str()),
                ),
                Field::text("phone", text.phone(), p.map_or("", |p| &p.phone)),
                Field::text(UNIT_FIELD, text.person_unit(), &unit),
                Field::choice_at(
                    "category",
                    text.category(),
                    options(Category::ALL, Category::code, |c| c.label(lang)),
                    e.map_or("", |e| e.category.code()),
                ),
                Field::choice_at(
                    "source",
                    text.source(),
                    options(Source::ALL, Source::code, |c| c.label(lang)),
                    e.map_or("other", |e| e.source.code()),
                ),
                Field::date(
                    "joined",
                    text.joined_date(),
                    // The day the figures count the elder from, shown so it
                    // can be corrected: today for a new elder, the day of
                    // registration for one saved without a date.
                    &day(p.map_or(Some(today()), |p| p.joined_day().or(Some(today())))),
                ),
            ],
        );
        form.note = vec![text.joined_note().to_string()];
        form.set_values(keep);
        form.mark_clean();
        form
    }

    /// Voiding, unlike striking off, says the record should never have
    /// been: the form says so, and asks why.
    pub(super) fn void_form(&self, p: &Person, text: Text) -> FormState {
        let mut form = FormState::new(
            PeopleForm::VoidPerson { id: p.id },
            format!("{}{}", text.void_person_title(), p.name),
            vec![Field::text(
                "reason",
                text.void_reason(),
                text.void_reason_default(),
            )],
        );
        form.note = vec![
            text.void_person_note().to_string(),
            text.void_person_not_strike().to_string(),
        ];
        form.mark_clean();
        form
    }

    pub(super) fn strike_form(&self, p: &Person, text: Text) -> FormState {
        let lang = l(text);
        FormState::new(
            PeopleForm::StrikeOff {
                id: p.id,
                rev: p.rev,
            },
            format!("{}{}", text.strike_off_title(), p.name),
            vec![
                Field::choice(
                    "reason",
                    text.strike_reason(),
                    options(RemovalReason::ALL, RemovalReason::code, |c| c.label(lang)),
                ),
                Field::date("date", text.strike_date(), &today().to_string()),
                Field::text("note", text.explanation(), ""),
            ],
        )
    }

    pub(super) fn talk_form(&self, p: &Person, text: Text) -> FormState {
        let lang = l(text);
        FormState::new(
            PeopleForm::Talk {
                id: p.id,
                rev: p.rev,
            },
            format!("{}{}", text.talk_title(), p.name),
            vec![
                Field::date("date", text.date(), &today().to_string()),
                Field::text("person", text.talk_by(), ""),
                Field::text("text", text.talk_summary(), ""),
                Field::choice(
                    "outcome",
                    text.talk_outcome(),
                    options(TalkOutcome::ALL, TalkOutcome::code, |c| c.label(lang)),
                )
                .formerly("status"),
            ],
        )
    }

    pub(super) fn honour_form(&self, p: &Person, text: Text) -> FormState {
        let lang = l(text);
        FormState::new(
            PeopleForm::Honour {
                id: p.id,
                rev: p.rev,
            },
            format!("{}{}", text.honour_title(), p.name),
            vec![
                Field::text("name", text.honour_name(), text.honour_name_default()),
                Field::choice(
                    "level",
                    text.honour_level(),
                    options(HonourLevel::ALL, HonourLevel::code, |c| c.label(lang)),
                )
                .formerly("text"),
                Field::date("date", text.date(), &today().to_string()),
            ],
        )
    }

    pub(super) fn reregister_form(&self, people: Vec<(PersonId, u64)>, text: Text) -> FormState {
        let title = text.reregister_title(people.len());
        FormState::new(
            PeopleForm::Reregister { people },
            title,
            vec![Field::date(
                "date",
                text.reregister_date(),
                &today().to_string(),
            )],
        )
    }

    pub(super) fn search_form(&self, text: Text) -> FormState {
        FormState::new(
            PeopleForm::SearchPeople,
            text.search_people_title().to_string(),
            vec![Field::text("name", text.person_name(), &self.search)],
        )
    }
}

pub(super) fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

/// What saving one of the tab's forms does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeopleForm {
    AddPerson,
    EditPerson {
        id: PersonId,
        rev: u64,
    },
    StrikeOff {
        id: PersonId,
        rev: u64,
    },
    /// A person registered in error: the reason for voiding the record.
    VoidPerson {
        id: PersonId,
    },
    Talk {
        id: PersonId,
        rev: u64,
    },
    Honour {
        id: PersonId,
        rev: u64,
    },
    Reregister {
        people: Vec<(PersonId, u64)>,
    },
    SearchPeople,
}

impl PeopleForm {
    pub fn of(purpose: &FormPurpose) -> Option<&PeopleForm> {
        purpose.of()
    }

    /// The person and revision of a form that changes a stored person.
    pub(super) fn revised(&mut self) -> Option<(PersonId, &mut u64)> {
        match self {
            PeopleForm::EditPerson { id, rev }
            | PeopleForm::StrikeOff { id, rev }
            | PeopleForm::Talk { id, rev }
            | PeopleForm::Honour { id, rev } => Some((*id, rev)),
            _ => None,
        }
    }
}

impl Purpose for PeopleForm {
    fn edits(&self) -> Option<(RecordKind, u64)> {
        match self {
            PeopleForm::EditPerson { id, .. }
            | PeopleForm::StrikeOff { id, .. }
            | PeopleForm::VoidPerson { id }
            | PeopleForm::Talk { id, .. }
            | PeopleForm::Honour { id, .. } => Some((RecordKind::Person, id.0)),
            _ => None,
        }
    }

    fn edits_existing(&self) -> bool {
        matches!(self, PeopleForm::EditPerson { .. })
    }

    fn is_query(&self) -> bool {
        matches!(self, PeopleForm::SearchPeople)
    }

    fn query_hint(&self, text: Text) -> Option<&'static str> {
        self.is_query().then(|| text.search_form_hint())
    }

    fn take_latest(&mut self, backend: &dyn Backend) {
        if let Some((id, rev)) = self.revised()
            && let Ok(fresh) = backend.run(GetPerson { id })
        {
            *rev = fresh.rev;
        }
    }
}
