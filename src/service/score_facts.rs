//! What each record counts for under a rulebook: one function per kind of
//! record says which subject and item it feeds and by how much. Standings
//! add these up (work records through their monthly tallies, which hold the
//! same counts); a ledger keeps them one by one.

use chrono::NaiveDate;

use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::bulletin::InfoItem;
use crate::domain::day::Day;
use crate::domain::meeting::{Meeting, MeetingStatus, Presence};
use crate::domain::person::{Honour, Person, PersonId};
use crate::domain::person_view::PersonView;
use crate::domain::plan::{Plan, Stage};
use crate::domain::rules::{Counts, Filter, Rulebook, Side};
use crate::domain::score_records::{Adjustment, Subject};
use crate::domain::scoring::{Fact, Source};
use crate::domain::task::{Task, TaskStatus};
use crate::domain::work::{ActivityKind, TrainingMode, WorkTally};
use crate::domain::work_item::{WorkItem, WorkList};

use super::work::record_kind;

/// The items of one side of a rulebook, in scoring order.
#[derive(Debug, Clone)]
pub(super) struct SideItems {
    pub side: Side,
    pub items: Vec<(Counts, Filter)>,
    /// The item awards and penalties go to; none: outside every block.
    pub manual: Option<usize>,
    pub from: Day,
    pub to: Day,
    /// The period's id: awards and penalties belong to it.
    pub period: u64,
}

impl SideItems {
    pub fn of(book: &Rulebook, side: Side, period: u64) -> SideItems {
        let items: Vec<(Counts, Filter)> = book
            .blocks_of(side)
            .flat_map(|(_, b)| b.items.iter().map(|i| (i.counts, i.filter.clone())))
            .collect();
        let manual = items.iter().position(|(c, _)| *c == Counts::Manual);
        SideItems {
            side,
            items,
            manual,
            from: book.from,
            to: book.to,
            period,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn uses(&self, counts: &[Counts]) -> bool {
        self.items.iter().any(|(c, _)| counts.contains(c))
    }

    fn within(&self, d: Day) -> bool {
        self.from <= d && d <= self.to
    }

    fn within_date(&self, d: NaiveDate) -> bool {
        self.within(Day::from_date(d))
    }

    fn each<'a>(&'a self, counts: Counts) -> impl Iterator<Item = (usize, &'a Filter)> + 'a {
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, (c, _))| *c == counts)
            .map(|(i, (_, f))| (i, f))
    }
}

/// Where a fact goes: the subject and the item.
pub(super) type Emit<'a> = dyn FnMut(Subject, usize, Fact) + 'a;

fn fact(count: u64, kind: RecordKind, id: u64, day: Day, note: String) -> Fact {
    Fact {
        count,
        source: Some(Source { kind, id }),
        day: Some(day),
        points: None,
        note,
    }
}

/// How much a unit's work tally counts for an item: the same for one
/// record's tally and for a month's.
pub(super) fn work_count(counts: Counts, filter: &Filter, t: &WorkTally) -> u64 {
    match counts {
        Counts::Activities => filter
            .kind
            .map_or(t.activities, |k: ActivityKind| t.of_kind(k))
            .into(),
        Counts::Trainings => filter
            .mode
            .map_or(t.trainings, |m: TrainingMode| t.of_mode(m))
            .into(),
        Counts::TrainingAttendance => t.person_times,
        Counts::Visits => t.visits.into(),
        Counts::StudybaseSessions => t.study_sessions.into(),
        _ => 0,
    }
}

pub(super) const WORK_COUNTS: [Counts; 5] = [
    Counts::Activities,
    Counts::Trainings,
    Counts::TrainingAttendance,
    Counts::Visits,
    Counts::StudybaseSessions,
];

/// A live work record, for its unit.
pub(super) fn work_unit_facts(s: &SideItems, item: &WorkItem, out: &mut Emit) {
    if item.voided().is_some() || !s.within(item.date()) {
        return;
    }
    let tally = item.record().tally();
    for (i, (counts, filter)) in s.items.iter().enumerate() {
        let n = work_count(*counts, filter, &tally);
        if n > 0 {
            let f = fact(
                n,
                record_kind(item.list()),
                item.id().id,
                item.date(),
                item.label().to_string(),
            );
            out(Subject::Unit(item.unit()), i, f);
        }
    }
}

/// A person named on a work record: once for each item it counts for.
pub(super) fn work_person_count(
    counts: Counts,
    filter: &Filter,
    list: WorkList,
    record: Option<&WorkItem>,
) -> u64 {
    let matches = match (counts, list) {
        (Counts::Activities, WorkList::Activities) => match (filter.kind, record) {
            (None, _) => true,
            (Some(k), Some(WorkItem::Activity(a))) => a.kind == k,
            _ => false,
        },
        (Counts::Trainings, WorkList::Trainings) => match (filter.mode, record) {
            (None, _) => true,
            (Some(m), Some(WorkItem::Training(t))) => t.mode == m,
            _ => false,
        },
        (Counts::TrainingAttendance, WorkList::Trainings) => true,
        (Counts::Visits, WorkList::Visits) => true,
        _ => false,
    };
    u64::from(matches)
}

/// Whether a person's work entries need their records read (a filter on
/// kind or mode); otherwise the index says enough.
pub(super) fn person_work_needs_records(s: &SideItems) -> bool {
    s.items.iter().any(|(c, f)| {
        matches!(c, Counts::Activities | Counts::Trainings)
            && (f.kind.is_some() || f.mode.is_some())
    })
}

pub(super) fn info_facts(s: &SideItems, item: &InfoItem, out: &mut Emit) {
    if item.voided.is_some() {
        return;
    }
    let subjects: Vec<Subject> = match s.side {
        Side::Unit => vec![Subject::Unit(item.unit)],
        Side::Person => item.authors.iter().map(|p| Subject::Person(*p)).collect(),
    };
    let kind = RecordKind::InfoItem;
    if s.within(item.written) {
        for (i, _) in s.each(Counts::InfoWritten) {
            for subject in &subjects {
                out(
                    *subject,
                    i,
                    fact(1, kind, item.id.0, item.written, item.title.clone()),
                );
            }
        }
    }
    for a in &item.adoptions {
        if !s.within(a.on) {
            continue;
        }
        for (i, filter) in s.each(Counts::InfoAdopted) {
            if filter.level.is_some_and(|l| l != a.level) {
                continue;
            }
            let note = format!("{}：{}", a.level.label_zh(), item.title);
            for subject in &subjects {
                out(*subject, i, fact(1, kind, item.id.0, a.on, note.clone()));
            }
        }
    }
}

pub(super) fn plan_facts(s: &SideItems, plan: &Plan, out: &mut Emit) {
    if plan.voided.is_some() || s.side != Side::Unit {
        return;
    }
    let subject = Subject::Unit(plan.unit);
    for c in plan.changes.iter().filter(|c| !c.failed && s.within(c.on)) {
        let note = format!("{} → {}", plan.creation.label_zh(), c.to.label_zh());
        for (i, filter) in s.each(Counts::PlansAdvanced) {
            if filter.stage.is_some_and(|st| st != c.to)
                || filter.creation.is_some_and(|k| k != plan.creation)
            {
                continue;
            }
            out(
                subject,
                i,
                fact(1, RecordKind::Plan, plan.id.0, c.on, note.clone()),
            );
        }
        if c.to == Stage::Promotion {
            for (i, filter) in s.each(Counts::PlansAccepted) {
                if filter.creation.is_some_and(|k| k != plan.creation) {
                    continue;
                }
                out(
                    subject,
                    i,
                    fact(1, RecordKind::Plan, plan.id.0, c.on, note.clone()),
                );
            }
        }
    }
}

pub(super) fn meeting_facts(s: &SideItems, m: &Meeting, title: &str, out: &mut Emit) {
    if m.voided.is_some() || m.status != MeetingStatus::Held || !s.within_date(m.date) {
        return;
    }
    let day = Day::from_date(m.date);
    for entry in &m.attendance {
        let counts = match entry.presence {
            Presence::Present | Presence::Substitute { .. } => Counts::MeetingsAttended,
            Presence::Absent { .. } => Counts::MeetingsMissed,
            Presence::Unmarked => continue,
        };
        let subject = match s.side {
            Side::Unit => entry.attendee.unit.map(Subject::Unit),
            Side::Person => entry
                .attendee
                .person
                .map(|p| Subject::Person(crate::domain::person::PersonId(p))),
        };
        let Some(subject) = subject else { continue };
        for (i, _) in s.each(counts) {
            let note = format!("{title}：{}", entry.attendee.name);
            out(subject, i, fact(1, RecordKind::Meeting, m.id.0, day, note));
        }
    }
}

/// Done in the period; overdue when due in the period and done late or
/// still open after its due date (as of `today`).
pub(super) fn task_facts(s: &SideItems, t: &Task, today: Day, out: &mut Emit) {
    if t.voided.is_some() {
        return;
    }
    let subject = match s.side {
        Side::Unit => t.unit.or(t.owner.unit).map(Subject::Unit),
        Side::Person => t
            .owner
            .person
            .map(|p| Subject::Person(crate::domain::person::PersonId(p))),
    };
    let Some(subject) = subject else { return };
    if let TaskStatus::Done { on } = t.status
        && s.within_date(on)
    {
        for (i, _) in s.each(Counts::TasksDone) {
            let f = fact(
                1,
                RecordKind::Task,
                t.id.0,
                Day::from_date(on),
                t.title.clone(),
            );
            out(subject, i, f);
        }
    }
    let Some(due) = t.due.filter(|d| s.within_date(*d)) else {
        return;
    };
    let late = match t.status {
        TaskStatus::Done { on } => on > due,
        TaskStatus::Open => Day::from_date(due) < today,
        TaskStatus::Dropped { .. } => false,
    };
    if late {
        for (i, _) in s.each(Counts::TasksOverdue) {
            let f = fact(
                1,
                RecordKind::Task,
                t.id.0,
                Day::from_date(due),
                t.title.clone(),
            );
            out(subject, i, f);
        }
    }
}

/// What counting a person's honours reads of the record: the standings
/// keep these for everyone honoured (tens of thousands at a province), and
/// a whole record is ten times the size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Honoured {
    pub id: PersonId,
    pub unit: UnitId,
    pub name: Box<str>,
    pub honours: Box<[Honour]>,
}

impl Honoured {
    /// None for a person whose honours count for nothing: voided, not an
    /// elder, or never honoured.
    pub fn of(p: &Person) -> Option<Honoured> {
        // Viewed only when honoured: most are not, and a view is built.
        p.elder.as_ref().filter(|e| !e.honours.is_empty())?;
        Honoured::of_view(&PersonView::of(p))
    }

    /// As `of`, for a person read as the figures read them.
    pub fn of_view(p: &PersonView) -> Option<Honoured> {
        let elder = p.elder.as_ref().filter(|_| !p.voided)?;
        if elder.honours.is_empty() {
            return None;
        }
        Some(Honoured {
            id: p.id,
            unit: p.unit,
            name: p.name.into(),
            honours: elder.honours.iter().map(|h| h.to_owned()).collect(),
        })
    }
}

pub(super) fn honour_facts(s: &SideItems, p: &Honoured, out: &mut Emit) {
    let subject = match s.side {
        Side::Unit => Subject::Unit(p.unit),
        Side::Person => Subject::Person(p.id),
    };
    for h in p.honours.iter().filter(|h| s.within(h.date)) {
        for (i, filter) in s.each(Counts::Honours) {
            if filter.honour_level.is_some_and(|l| l != h.level) {
                continue;
            }
            let note = format!("{}：{}（{}）", p.name, h.title, h.level.label_zh());
            out(
                subject,
                i,
                fact(1, RecordKind::Person, p.id.0, h.date, note),
            );
        }
    }
}

/// An award or penalty: to the side's manual item, or (`usize::MAX`)
/// outside every block.
pub(super) fn adjustment_fact(s: &SideItems, a: &Adjustment, out: &mut Emit) {
    let side = match a.subject {
        Subject::Unit(_) => Side::Unit,
        Subject::Person(_) => Side::Person,
    };
    if a.voided.is_some() || side != s.side {
        return;
    }
    let f = Fact {
        count: 1,
        source: Some(Source {
            kind: RecordKind::ScoreAdjustment,
            id: a.id,
        }),
        day: Some(a.on),
        points: Some(a.points),
        note: format!("{}（{}）", a.reason, a.changed_by),
    };
    out(a.subject, s.manual.unwrap_or(usize::MAX), f);
}
