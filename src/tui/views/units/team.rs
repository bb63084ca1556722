//! The unit's team (班子): the forms that appoint to a post and end a
//! term, and their saving. Kept apart from the tree view, which only
//! routes keys and forms here.

use crate::api::people::{
    Appoint, EndPosition, ListPositions, PositionDraft, ResolvePerson, UnitPeople,
};
use crate::backend::BackendExt;
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::person::{PositionId, Role};
use crate::error::{Error, Result};
use crate::tui::popups::form::{Field, FormState};
use crate::tui::strings::Text;

use super::UnitsForm;
use super::reserve;
use crate::tui::views::Cx;

pub fn appoint_form(unit: UnitId, path: &str, text: Text) -> FormState {
    let l = text.0;
    let roles = reserve::role_choices(l);
    FormState::new(
        UnitsForm::Appoint { unit },
        format!("{}{path}", text.appoint_title()),
        vec![
            Field::choice("role", text.post(), roles),
            reserve::person_field(l),
            Field::date("date", text.term_from(), &Day::today().to_string()),
            Field::text("doc", text.appointment_document(), ""),
            Field::text("text", text.area_work(), ""),
        ],
    )
}

/// `None` when nobody serves on the team.
pub fn end_form(unit: UnitId, path: &str, people: &UnitPeople, text: Text) -> Option<FormState> {
    let l = text.0;
    let terms = reserve::post_choices(
        people
            .team
            .iter()
            .map(|t| (t.position.id.0, t.position.role, t.person_name.as_str())),
        l,
    )?;
    Some(FormState::new(
        UnitsForm::EndTerm { unit },
        format!("{}{path}", text.end_term_title()),
        vec![
            Field::choice("role", text.term(), terms),
            Field::date("date", text.term_ended_on(), &Day::today().to_string()),
        ],
    ))
}

fn form_date(form: &FormState) -> Result<Day> {
    crate::io::dates::parse_date(&form.value("date"))
        .map(Day::from_date)
        .map_err(|e| Error::InvalidField {
            field: crate::error::Field::Date,
            zh: e.to_string(),
            en: e.message_en(),
        })
}

/// Saves the appoint form; the status line to show.
pub fn submit_appoint(unit: UnitId, form: &FormState, cx: &mut Cx) -> Result<String> {
    let l = cx.text.0;
    let from = form_date(form)?;
    let person = cx.backend.run(ResolvePerson {
        given: form.value("person").to_string(),
    })?;
    let role = Role::parse(&form.value("role")).unwrap_or(Role::Member);
    cx.backend.run(Appoint {
        draft: PositionDraft {
            unit,
            person: person.id,
            role,
            from,
            doc: form.value("doc"),
            area: form.value("text"),
        },
    })?;
    Ok(format!(
        "{}{} {}",
        cx.text.appointed(),
        person.name,
        role.label(l)
    ))
}

/// Ends the chosen term, as the server has it now; the status line to show.
pub fn submit_end(unit: UnitId, form: &FormState, cx: &mut Cx) -> Result<String> {
    let l = cx.text.0;
    let ended = form_date(form)?;
    let id = form
        .value("role")
        .parse::<u64>()
        .map(PositionId)
        .map_err(|_| Error::NoSuchRecord { id: 0 })?;
    let row = cx
        .backend
        .run(ListPositions {
            unit: Some(unit),
            include_ended: false,
        })?
        .into_iter()
        .find(|r| r.position.id == id)
        .ok_or(Error::NoSuchRecord { id: id.0 })?;
    cx.backend.run(EndPosition {
        id: row.position.id,
        rev: row.position.rev,
        on: ended,
    })?;
    Ok(format!(
        "{}{} {}",
        cx.text.term_ended(),
        row.person_name,
        row.position.role.label(l)
    ))
}
