//! Tasks: a plenary's 三创 task or a meeting's decision, given to an owner (usually a deputy
//! director) with a due date, followed up with progress notes until done or dropped.

use std::borrow::Borrow;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::UnitId;
use super::meeting::{Attendee, MeetingId};
use super::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TaskId(pub u64);

impl std::fmt::Display for TaskId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskStatus {
    Open,
    Done { on: NaiveDate },
    Dropped { reason: String },
}

impl TaskStatus {
    pub fn code(&self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done { .. } => "done",
            TaskStatus::Dropped { .. } => "dropped",
        }
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            TaskStatus::Open => "进行中",
            TaskStatus::Done { .. } => "已完成",
            TaskStatus::Dropped { .. } => "已撤销",
        }
    }

    pub fn label_en(&self) -> &'static str {
        self.code()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressNote {
    pub on: NaiveDate,
    pub by: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub owner: Attendee,
    pub unit: Option<UnitId>,
    /// The meeting whose decision or minutes the task came from.
    pub meeting: Option<MeetingId>,
    pub opened: NaiveDate,
    pub due: Option<NaiveDate>,
    pub status: TaskStatus,
    pub notes: Vec<ProgressNote>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    /// Typed in error: counted nowhere. Last, so older bytes decode.
    pub voided: Option<super::void::Voided>,
}

impl Task {
    pub fn is_open(&self) -> bool {
        self.status == TaskStatus::Open
    }

    /// Open at the end of `day`: opened by then and neither done nor dropped
    /// by then. A drop keeps no date of its own; the record's last change is
    /// the day it was dropped.
    pub fn open_on(&self, day: NaiveDate) -> bool {
        self.opened <= day
            && match &self.status {
                TaskStatus::Open => true,
                TaskStatus::Done { on } => *on > day,
                TaskStatus::Dropped { .. } => super::time::local_day(self.changed_at).date() > day,
            }
    }

    /// Open at the end of `day` and due before it.
    pub fn overdue_on(&self, day: NaiveDate) -> bool {
        self.open_on(day) && self.due.is_some_and(|d| d < day)
    }

    /// Open and past its due date on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.due.is_some_and(|d| d < today)
    }
}

/// Tasks grouped by owner, owners with overdue tasks first, and within an owner overdue
/// tasks first, then by due date (undated last).
pub fn by_owner(tasks: &[Task], today: NaiveDate) -> Vec<(String, Vec<&Task>)> {
    let mut sorted: Vec<&Task> = tasks.iter().collect();
    sort_by_owner(&mut sorted, today);
    let mut groups: Vec<(String, Vec<&Task>)> = Vec::new();
    for t in sorted {
        match groups.last_mut() {
            Some((owner, list)) if *owner == t.owner.name => list.push(t),
            _ => groups.push((t.owner.name.clone(), vec![t])),
        }
    }
    groups
}

/// The order of `by_owner`, as one sort in place: a list of thousands of
/// tasks with their notes is put in order without copying them.
pub fn sort_by_owner<T: Borrow<Task>>(tasks: &mut [T], today: NaiveDate) {
    let mut overdue: std::collections::HashMap<String, usize> = Default::default();
    for t in tasks.iter().map(|t| t.borrow()) {
        *overdue.entry(t.owner.name.clone()).or_default() += usize::from(t.is_overdue(today));
    }
    tasks.sort_by_cached_key(|t| {
        let t: &Task = t.borrow();
        (
            std::cmp::Reverse(overdue[&t.owner.name]),
            t.owner.name.clone(),
            !t.is_overdue(today),
            !t.is_open(),
            t.due.is_none(),
            t.due,
            t.id,
        )
    });
}

/// The open tasks of the given people, for a meeting's agenda.
pub fn open_tasks_of<'a>(tasks: &'a [Task], people: &[Attendee]) -> Vec<&'a Task> {
    tasks
        .iter()
        .filter(|t| t.is_open() && people.iter().any(|p| p.same_as(&t.owner)))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn task(id: u64, owner: &str, due: Option<NaiveDate>, status: TaskStatus) -> Task {
        Task {
            id: TaskId(id),
            title: format!("任务{id}"),
            owner: Attendee::named(owner),
            unit: None,
            meeting: None,
            opened: NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(),
            due,
            status,
            notes: Vec::new(),
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
            voided: None,
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn overdue_means_open_and_past_due() {
        let today = d(2025, 6, 1);
        assert!(task(1, "a", Some(d(2025, 5, 31)), TaskStatus::Open).is_overdue(today));
        assert!(!task(2, "a", Some(d(2025, 6, 1)), TaskStatus::Open).is_overdue(today));
        assert!(!task(3, "a", None, TaskStatus::Open).is_overdue(today));
        let done = TaskStatus::Done { on: d(2025, 6, 2) };
        assert!(!task(4, "a", Some(d(2025, 5, 1)), done).is_overdue(today));
    }

    #[test]
    fn grouping_puts_overdue_first() {
        let today = d(2025, 6, 1);
        let tasks = vec![
            task(1, "李副主任", Some(d(2025, 7, 1)), TaskStatus::Open),
            task(2, "赵副主任", Some(d(2025, 8, 1)), TaskStatus::Open),
            task(3, "赵副主任", Some(d(2025, 5, 1)), TaskStatus::Open),
            task(4, "李副主任", None, TaskStatus::Open),
        ];
        let groups = by_owner(&tasks, today);
        assert_eq!(groups[0].0, "赵副主任");
        let ids: Vec<u64> = groups[0].1.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [3, 2]);
        let ids: Vec<u64> = groups[1].1.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [1, 4]);
        // Sorted in place: the same order, the groups one after another.
        let mut owned = tasks.clone();
        sort_by_owner(&mut owned, today);
        let ids: Vec<u64> = owned.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [3, 2, 1, 4]);
    }

    #[test]
    fn agenda_offers_open_tasks_of_attendees() {
        let tasks = vec![
            task(1, "李副主任", None, TaskStatus::Open),
            task(2, "赵副主任", None, TaskStatus::Open),
            task(
                3,
                "李副主任",
                None,
                TaskStatus::Dropped { reason: "x".into() },
            ),
        ];
        let offered = open_tasks_of(&tasks, &[Attendee::named("李副主任")]);
        assert_eq!(offered.len(), 1);
        assert_eq!(offered[0].id, TaskId(1));
    }
}
