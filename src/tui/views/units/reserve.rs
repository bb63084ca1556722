//! The reserve candidates (后备人选) on the unit card: their lines, and the
//! forms that add one and take one off. Kept apart from the tree view, which
//! only routes keys and forms here.

use crate::api::people::{
    AddReserve, ListReserve, RemoveReserve, ReserveDraft, ResolvePerson, UnitPeople,
};
use crate::backend::BackendExt;
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::person::Role;
use crate::domain::reserve::ReserveId;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::tui::popups::form::{Field, FormState};
use crate::tui::strings::Text;

use super::UnitsForm;
use crate::tui::views::Cx;

/// Card lines: one per candidate, the label on the first only.
pub fn card_lines(p: &UnitPeople, l: Lang, none: &str) -> Vec<(&'static str, String)> {
    let label = Text(l).reserve_label();
    if p.reserve.is_empty() {
        return vec![(label, none.to_string())];
    }
    p.reserve
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let c = &r.candidate;
            (
                if i == 0 { label } else { "" },
                format!(
                    "{} {} {}{}",
                    c.role.label(l),
                    r.person_name,
                    Text(l).reserve_noted_prefix(),
                    c.noted
                ),
            )
        })
        .collect()
}

pub fn add_form(unit: UnitId, path: &str, text: Text) -> FormState {
    let l = text.0;
    let roles = role_choices(l);
    FormState::new(
        UnitsForm::AddReserve { unit },
        format!("{}{path}", text.add_reserve_title()),
        vec![
            Field::choice("role", text.intended_post(), roles),
            person_field(l),
            Field::date("date", text.reserve_noted_on(), &Day::today().to_string()),
            Field::text("text", text.reserve_note(), ""),
        ],
    )
}

/// Who is to fill a post: the field the appoint and reserve forms share.
pub fn person_field(l: Lang) -> Field {
    Field::text("person", Text(l).reserve_person(), "")
}

/// The posts of a team, as the options of the appoint and reserve forms.
pub fn role_choices(l: Lang) -> Vec<(String, String)> {
    Role::ALL
        .iter()
        .map(|r| (r.code().to_string(), r.label(l).to_string()))
        .collect()
}

/// The options of a field that picks one of a unit's people by post
/// ("副主任 王建华"), keyed by record id; `None` when there is nobody.
pub fn post_choices<'a>(
    people: impl Iterator<Item = (u64, Role, &'a str)>,
    l: Lang,
) -> Option<Vec<(String, String)>> {
    let choices: Vec<_> = people
        .map(|(id, role, name)| (id.to_string(), format!("{} {name}", role.label(l))))
        .collect();
    (!choices.is_empty()).then_some(choices)
}

/// `None` when the unit has no candidates.
pub fn remove_form(unit: UnitId, path: &str, p: &UnitPeople, text: Text) -> Option<FormState> {
    let l = text.0;
    let entries = post_choices(
        p.reserve
            .iter()
            .map(|r| (r.candidate.id.0, r.candidate.role, r.person_name.as_str())),
        l,
    )?;
    Some(FormState::new(
        UnitsForm::RemoveReserve { unit },
        format!("{}{path}", text.remove_reserve_title()),
        vec![Field::choice("role", text.reserve_candidate(), entries)],
    ))
}

/// Saves the add form; the status line to show.
pub fn submit_add(unit: UnitId, form: &FormState, cx: &mut Cx) -> Result<String> {
    let l = cx.text.0;
    let noted = crate::io::dates::parse_date(&form.value("date"))
        .map(Day::from_date)
        .map_err(|e| Error::InvalidField {
            field: crate::error::Field::Date,
            zh: e.to_string(),
            en: e.message_en(),
        })?;
    let person = cx.backend.run(ResolvePerson {
        given: form.value("person").to_string(),
    })?;
    let role = Role::parse(&form.value("role")).unwrap_or(Role::Deputy);
    cx.backend.run(AddReserve {
        draft: ReserveDraft {
            unit,
            person: person.id,
            role,
            noted,
            note: form.value("text"),
        },
    })?;
    Ok(format!(
        "{}{} {}",
        cx.text.reserve_added(),
        person.name,
        role.label(l)
    ))
}

/// Removes the chosen entry, as the server has it now.
pub fn submit_remove(unit: UnitId, form: &FormState, cx: &mut Cx) -> Result<String> {
    let l = cx.text.0;
    let id = form
        .value("role")
        .parse::<u64>()
        .map(ReserveId)
        .map_err(|_| Error::NoSuchRecord { id: 0 })?;
    let row = cx
        .backend
        .run(ListReserve { unit: Some(unit) })?
        .into_iter()
        .find(|r| r.candidate.id == id)
        .ok_or(Error::NoSuchRecord { id: id.0 })?;
    cx.backend.run(RemoveReserve {
        id: row.candidate.id,
        rev: row.candidate.rev,
    })?;
    Ok(format!(
        "{}{} {}",
        cx.text.reserve_removed(),
        row.person_name,
        row.candidate.role.label(l)
    ))
}
