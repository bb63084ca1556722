//! Work records (activities, trainings, village visits, study-base
//! sessions): the shapes their requests and answers take on the wire.

use serde::{Deserialize, Serialize};

use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::limits::{Limited, OverLimit, items, text};
use crate::domain::people_figures::Period;
use crate::domain::permissions::Need;
use crate::domain::person::PersonId;
use crate::domain::work::{ActivityKind, TrainingMode, WorkTally};
use crate::domain::work_item::{WorkDraft, WorkId, WorkItem, WorkList};

requests! {
    area WorkRequest in Work;

    /// A window of one list, newest first unless asked otherwise, and how
    /// many records match. Without a unit, every unit the caller may read.
    query ListWork { filter: WorkFilter, offset: usize, limit: usize } -> WorkPage,
        needs(r) { r.filter.unit.map(Need::Read).into_iter().collect() },
        limits(r) { text(Limited::Name, &r.filter.search) };
    /// One record with the names it refers to.
    query GetWork { id: WorkId } -> WorkCard;
    /// A period's figures for a subtree, from the stored monthly tallies
    /// and, for the months the period cuts, the records themselves.
    query GetWorkFigures { unit: Option<UnitId>, period: Period } -> WorkFigures,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
    /// The figures of each of `units` (their subtrees), as `GetWorkFigures`
    /// answers each, the tallies and visits read once for them all: a
    /// report's unit and the thousand rows below it.
    query GetWorkFiguresOf { units: Vec<UnitId>, period: Period } -> Vec<WorkFigures>,
        needs(r) { r.units.iter().map(|u| Need::Read(*u)).collect() },
        limits(r) { items(Limited::FigureUnits, r.units.len()) };
    /// The office's list of activity themes.
    query ListThemes {} -> Vec<String>;
    write AddWork { draft: WorkDraft } -> WorkItem,
        needs(r) { vec![Need::Write(r.draft.unit())] },
        limits(r) { draft_limits(&r.draft) };
    /// The stored record's unit is checked as well as the new one.
    write UpdateWork { id: WorkId, rev: u64, draft: WorkDraft } -> WorkItem,
        needs(r) { vec![Need::Write(r.draft.unit())] },
        limits(r) { draft_limits(&r.draft) };
    /// A record typed in error: kept, counted nowhere.
    write VoidWork { id: WorkId, rev: u64, reason: String } -> WorkItem,
        limits(r) { text(Limited::VoidReason, &r.reason) };
    /// All rows or none, as the roster's import. With `check_only`, the
    /// problems are reported and nothing but an audit entry is written.
    write ImportWork {
        list: WorkList,
        rows: Vec<WorkImportRow>,
        /// The file's name, for the audit log.
        source: String,
        check_only: bool,
    } -> usize,
        limits(r) {
            items(Limited::ImportRows, r.rows.len())?;
            text(Limited::ImportSource, &r.source)?;
            r.rows.iter().try_for_each(|row| {
                text(Limited::UnitPath, &row.unit)?;
                items(Limited::WorkPeople, row.people.len())?;
                row.people.iter().try_for_each(|p| text(Limited::Name, p))?;
                draft_limits(&row.draft)
            })
        };
    /// Adds a theme to the office's list (an activity's new theme is added
    /// when it is saved); answers the whole list.
    write AddTheme { name: String } -> Vec<String>,
        limits(r) { text(Limited::WorkTheme, &r.name) };
}

fn draft_limits(d: &WorkDraft) -> Result<(), OverLimit> {
    items(Limited::WorkPeople, d.people().len())?;
    d.texts().into_iter().try_for_each(|(l, t)| text(l, t))
}

/// Which records of a list to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkFilter {
    pub list: WorkList,
    /// This unit and every unit below it.
    pub unit: Option<UnitId>,
    pub from: Option<Day>,
    pub to: Option<Day>,
    /// Activities of this kind only.
    pub kind: Option<ActivityKind>,
    /// Trainings given this way only.
    pub mode: Option<TrainingMode>,
    /// Pinyin initials or text in the title, topic, theme, place, visitor,
    /// or the names of the people on the record.
    pub search: String,
    pub oldest_first: bool,
}

impl WorkFilter {
    pub fn new(list: WorkList) -> WorkFilter {
        WorkFilter {
            list,
            unit: None,
            from: None,
            to: None,
            kind: None,
            mode: None,
            search: String::new(),
            oldest_first: false,
        }
    }
}

/// A window of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkPage {
    pub items: Vec<WorkItem>,
    /// Where the window starts among all that match.
    pub offset: usize,
    /// How many records match the filter.
    pub total: usize,
    /// The names of the people the items refer to.
    pub names: Vec<(PersonId, String)>,
}

impl WorkPage {
    pub fn name(&self, id: PersonId) -> Option<&str> {
        self.names
            .iter()
            .find(|(p, _)| *p == id)
            .map(|(_, n)| n.as_str())
    }
}

/// One record as its card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCard {
    pub item: WorkItem,
    /// The path of its unit, e.g. 爱辉区/西岗子镇/新建村.
    pub unit_path: String,
    /// The people it names, with their names, in its order.
    pub names: Vec<(PersonId, String)>,
}

/// A row of an import file, its unit and people as written: the service
/// finds them and puts their ids in the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkImportRow {
    /// The line of the file, for the problems.
    pub line: usize,
    /// The organiser, the village or the base: a path or a name only one
    /// live unit has.
    pub unit: String,
    /// The elders, attendees or the visiting person, by name (or id).
    pub people: Vec<String>,
    pub draft: WorkDraft,
}

/// A period's figures of the work records in a subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkFigures {
    pub period: Period,
    /// The counts that add up: activities, trainings, visits, sessions.
    pub tally: WorkTally,
    /// Different people who made village visits.
    pub visit_people: usize,
    /// Different villages visited.
    pub visit_villages: usize,
}
