//! The shapes people and team requests and answers take on the wire.
//!
//! Lists carry ID and phone numbers masked; only the card (`GetPerson`) and
//! an export asked for unmasked carry them whole.

use serde::{Deserialize, Serialize};

use super::limits;
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::limits::{Limited, items, text};
use crate::domain::meeting::Attendee;
use crate::domain::people_figures::{PeopleFigures, Period};
use crate::domain::permissions::Need;
use crate::domain::person::{
    Category, Honour, Person, PersonDraft, PersonId, Position, PositionId, RemovalReason, Role,
    Source, Talk,
};
use crate::domain::reserve::{ReserveCandidate, ReserveId};

/// How many of the under-active a report lists: a province has 70,000 of
/// them, which `ggw people under-active` lists in full.
pub const REPORT_UNDER_ACTIVE_LISTED: usize = 50;

requests! {
    area PeopleRequest in People;

    // Listings filter themselves; needs that depend on which unit a person
    // or term belongs to are added by the service once it has read them.
    query ListPeople { filter: PeopleFilter } -> Vec<PersonRow>;
    query GetPerson { id: PersonId } -> Person;
    /// A window of the roster in the order asked, and how many match: a
    /// screen asks for the rows it shows, not for every person. With
    /// `around`, the window is the one that person is in (if they match).
    query ListPeoplePage {
        filter: PeopleFilter,
        sort: PeopleSort,
        offset: usize,
        limit: usize,
        around: Option<PersonId>,
    } -> PeoplePage;
    /// By id, 18-character ID number, or a name only one person has.
    query ResolvePerson { given: String } -> Person;
    /// Whole ID and phone numbers leave the database only for an admin.
    query ExportPeople { unit: Option<UnitId>, unmasked: bool } -> Vec<ExportPerson>,
        needs(r) {
            r.unmasked
                .then_some(Need::Admin)
                .into_iter()
                .chain(r.unit.map(Need::Read))
                .collect()
        };
    query ListPositions { unit: Option<UnitId>, include_ended: bool } -> Vec<PositionRow>;
    query GetUnitPeople { unit: UnitId } -> UnitPeople, needs(r) { vec![Need::Read(r.unit)] };
    query GetPeopleFigures {
        unit: Option<UnitId>,
        period: Period,
        under_active_months: u32,
    } -> PeopleFigures,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
    /// The figures of several units at once, the persons read once: a
    /// report's table of the units below its own.
    query GetPeopleFiguresOf {
        units: Vec<UnitId>,
        period: Period,
        under_active_months: u32,
    } -> Vec<PeopleFigures>,
        needs(r) { r.units.iter().map(|u| Need::Read(*u)).collect() };
    /// A report's figures, the persons read once: those of `unit` as
    /// `GetPeopleFigures` answers, then those of each live unit directly
    /// below it, in the tree's order, as `GetPeopleFiguresOf` answers;
    /// except that the unit's under-active queue lists only its first
    /// `REPORT_UNDER_ACTIVE_LISTED` (all of them are counted), and the rows
    /// below it list nobody (their counts are whole).
    query GetReportFigures {
        unit: Option<UnitId>,
        period: Period,
        under_active_months: u32,
    } -> Vec<PeopleFigures>,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
    query ListReserve { unit: Option<UnitId> } -> Vec<ReserveRow>;
    write CreatePerson { draft: PersonDraft } -> Person,
        needs(r) { r.draft.unit.map(Need::Write).into_iter().collect() },
        limits(r) { limits::person(&r.draft) };
    write UpdatePerson { id: PersonId, rev: u64, draft: PersonDraft } -> Person,
        limits(r) { limits::person(&r.draft) };
    write StrikeOffPerson { id: PersonId, rev: u64, strike: StrikeOff } -> Person,
        limits(r) { text(Limited::StrikeOffNote, &r.strike.note) };
    /// Added to the person as they are when it is saved: `rev` is not
    /// checked, as a talk overwrites nothing.
    write RecordTalk { id: PersonId, rev: u64, talk: Talk } -> Person,
        limits(r) {
            text(Limited::Name, &r.talk.by)?;
            text(Limited::TalkSummary, &r.talk.summary)
        };
    /// As `RecordTalk`: added whatever the revision.
    write AddHonour { id: PersonId, rev: u64, honour: Honour } -> Person,
        limits(r) { text(Limited::HonourTitle, &r.honour.title) };
    /// Everyone listed, in one commit; each with the rev it was seen at.
    write Reregister { people: Vec<(PersonId, u64)>, on: Day } -> usize,
        limits(r) { items(Limited::Reregister, r.people.len()) };
    /// All rows or none. With `check_only`, reports problems and writes
    /// nothing but an audit entry saying who checked how many rows.
    write ImportPeople {
        rows: Vec<ImportRow>,
        /// The file's name, for the audit log.
        source: String,
        check_only: bool,
        /// Imports rows that repeat, field for field, someone registered
        /// without an ID number or birth date; refused otherwise as a
        /// likely second import of the same file.
        allow_namesakes: bool,
    } -> usize,
        limits(r) {
            items(Limited::ImportRows, r.rows.len())?;
            text(Limited::ImportSource, &r.source)?;
            r.rows.iter().try_for_each(|row| {
                text(Limited::UnitPath, &row.unit)?;
                limits::person(&row.draft)
            })
        };
    write Appoint { draft: PositionDraft } -> Position,
        needs(r) { vec![Need::Write(r.draft.unit)] },
        limits(r) {
            text(Limited::PositionDoc, &r.draft.doc)?;
            text(Limited::PositionArea, &r.draft.area)
        };
    write EndPosition { id: PositionId, rev: u64, on: Day } -> Position;
    write AddReserve { draft: ReserveDraft } -> ReserveCandidate,
        needs(r) { vec![Need::Write(r.draft.unit)] },
        limits(r) { text(Limited::ReserveNote, &r.draft.note) };
    write RemoveReserve { id: ReserveId, rev: u64 } -> ReserveCandidate;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StatusFilter {
    Active,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeopleFilter {
    /// The unit and everything below it.
    pub unit: Option<UnitId>,
    pub category: Option<Category>,
    pub status: Option<StatusFilter>,
    /// Name, part of it, or pinyin initials (`zsf` for 张三丰).
    pub search: String,
    /// Team members who are not elders are left out unless asked for.
    pub include_non_elders: bool,
}

/// The orders the roster lists in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PeopleSort {
    /// Units as the tree shows them; within one, as registered.
    #[default]
    Unit,
    /// By the pinyin initials, then the name.
    Name,
    /// Oldest first; unknown birth dates last.
    Age,
    /// The latest to join first.
    Joined,
}

/// Rows `offset..offset + rows.len()` of a roster of `total` rows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeoplePage {
    pub total: usize,
    /// How many of the `total` are on the roll.
    pub active: usize,
    pub offset: usize,
    pub rows: Vec<PersonRow>,
    /// Where the person asked for stands, if they match.
    pub at: Option<usize>,
}

/// One line of the roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRow {
    pub id: PersonId,
    pub name: String,
    pub gender: Option<Gender>,
    pub birth: Option<Day>,
    pub unit: UnitId,
    pub unit_path: String,
    pub category: Option<Category>,
    pub core: bool,
    pub source: Option<Source>,
    pub joined: Option<Day>,
    pub reregistered: Option<Day>,
    /// The day struck off, for those who were.
    pub removed: Option<Day>,
    pub last_talk: Option<Day>,
    pub honours: usize,
    pub id_number_masked: String,
    pub phone_masked: String,
    pub rev: u64,
}

/// A row of an import file, already parsed; the unit is still a path,
/// resolved by the service against the live hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    pub line: usize,
    pub unit: String,
    pub draft: PersonDraft,
}

/// A person as written to an export file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportPerson {
    /// With `id_number` cleared and `phone` masked unless asked unmasked.
    pub person: Person,
    pub id_number: String,
    pub unit_path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrikeOff {
    pub on: Day,
    pub reason: RemovalReason,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionDraft {
    pub unit: UnitId,
    pub person: PersonId,
    pub role: Role,
    pub from: Day,
    pub doc: String,
    pub area: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositionRow {
    pub position: Position,
    pub person_name: String,
    pub unit_path: String,
}

/// What the unit card shows about people: its team and its elders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitPeople {
    /// Serving today, by role.
    pub team: Vec<PositionRow>,
    /// Elders registered with the unit itself and with its whole subtree.
    pub elders_here: usize,
    pub elders_below: usize,
    pub struck_off_below: usize,
    /// The unit's reserve candidates, by role, then when noted.
    pub reserve: Vec<ReserveRow>,
}

/// A reserve candidate to put on a unit's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveDraft {
    pub unit: UnitId,
    pub person: PersonId,
    pub role: Role,
    pub noted: Day,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveRow {
    pub candidate: ReserveCandidate,
    pub person_name: String,
    pub unit_path: String,
}

/// Others of `p`'s name registered in `p`'s unit that nothing tells apart
/// from them: one of the two has no birth date (an ID number gives one).
/// Not refused, as two people may share a name, but worth a warning: it is
/// how a person registered twice looks.
pub fn namesakes<'a>(rows: &'a [PersonRow], p: &Person) -> Vec<&'a PersonRow> {
    rows.iter()
        .filter(|r| {
            r.id != p.id
                && r.unit == p.unit
                && r.name == p.name
                && (r.birth.is_none() || p.birth_day().is_none())
        })
        .collect()
}

/// The warning for `namesakes`, if there are any.
pub fn namesake_warning(found: &[&PersonRow], lang: crate::lang::Lang) -> Option<String> {
    let first = found.first()?;
    let ids: Vec<String> = found.iter().map(|r| format!("#{}", r.id)).collect();
    let ids = ids.join(", ");
    let name = crate::domain::text::for_display(&first.name);
    Some(match lang {
        crate::lang::Lang::Zh => format!(
            "注意：{} 已有同名的 {name}（{ids}），且没有出生日期可以区分。如是同一人，请作废重复的一条（ggw people void 编号 --reason 重复登记）。",
            first.unit_path
        ),
        crate::lang::Lang::En => format!(
            "note: {} already has a {name} ({ids}) and no birth date tells them apart. If it is the same person, void the double (ggw people void ID --reason ...).",
            first.unit_path
        ),
    })
}

/// Typed before a name to invite a guest who is not on the roster:
/// `客:王校长` (or `guest:王校长`).
const GUEST_PREFIXES: [&str; 4] = ["客:", "客：", "guest:", "Guest:"];

/// The guest's name, when `given` is marked as a guest.
pub fn guest_name(given: &str) -> Option<&str> {
    let given = given.trim();
    GUEST_PREFIXES
        .iter()
        .find_map(|p| given.strip_prefix(p))
        .map(str::trim)
}

/// A guest as a form shows them, marked so that saving keeps them a guest.
pub fn guest_label(name: &str) -> String {
    format!("{}{name}", GUEST_PREFIXES[0])
}

/// An attendee typed by name, linked to the one person of `rows` (the
/// roster as the caller reads it, team members who are not elders
/// included) of that name, or chosen by id (`#17`); a name marked as a
/// guest (`guest_name`) stays a free name. No match and several matches
/// are refused, saying how to pick, so that per-person attendance can
/// join every attendee it can.
pub fn attendee_from_roster(rows: &[PersonRow], given: &str) -> crate::error::Result<Attendee> {
    use crate::error::{Error, Field};
    let given = given.trim();
    if let Some(name) = guest_name(given) {
        let name = crate::domain::text::check_name(name)?;
        return Ok(Attendee::named(&name));
    }
    let linked = |r: &PersonRow| Attendee {
        person: Some(r.id.0),
        name: r.name.clone(),
        unit: Some(r.unit),
    };
    if let Some(id) = given.strip_prefix('#').and_then(|n| n.parse::<u64>().ok()) {
        return rows
            .iter()
            .find(|r| r.id.0 == id)
            .map(linked)
            .ok_or_else(|| Error::PersonNotFound {
                given: given.to_string(),
            });
    }
    let found: Vec<&PersonRow> = rows.iter().filter(|r| r.name == given).collect();
    match found.as_slice() {
        [one] => Ok(linked(one)),
        [] => Err(Error::InvalidField {
            field: Field::Person,
            zh: format!(
                "花名册中没有“{given}”。请先登记此人；如是来宾，写成 {}（命令行用 --guest {given}）。",
                guest_label(given)
            ),
            en: format!(
                "\"{given}\" is not on the roster. Register them first; for a guest, write guest:{given} (on the command line, --guest {given})."
            ),
        }),
        many => Err(Error::PersonAmbiguous {
            given: given.to_string(),
            candidates: many
                .iter()
                .map(|r| format!("#{} {}（{}）", r.id, r.name, r.unit_path))
                .collect(),
        }),
    }
}
