//! The figures meetings and tasks give for a period: meetings held against planned, attendance
//! rates, tasks opened, done and overdue.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::UnitId;
use super::meeting::{Meeting, MeetingSeries, MeetingStatus, Presence, SeriesId, Slot};
use super::task::{Task, TaskStatus};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesFigures {
    pub series: SeriesId,
    pub title: String,
    /// Meetings the period had on its calendar, cancelled ones included.
    pub planned: usize,
    pub held: usize,
    pub cancelled: usize,
    /// Planned meetings whose date has passed without being recorded as held or cancelled.
    pub unrecorded: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceFigures {
    pub name: String,
    pub unit: Option<UnitId>,
    /// Held meetings at which the person's attendance was taken.
    pub expected: usize,
    pub present: usize,
    pub absent: usize,
    pub substituted: usize,
}

impl AttendanceFigures {
    /// Present in person, in whole percent; a substitute does not count for the person.
    pub fn rate_percent(&self) -> u32 {
        percent(self.present, self.expected)
    }

    /// The unit was represented: in person or by a substitute.
    pub fn represented_percent(&self) -> u32 {
        percent(self.present + self.substituted, self.expected)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFigures {
    pub owner: String,
    pub opened: usize,
    pub done: usize,
    pub open: usize,
    pub overdue: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub series: Vec<SeriesFigures>,
    pub people: Vec<AttendanceFigures>,
    /// The same counts summed per unit (attendees without a unit are left out).
    pub units: Vec<AttendanceFigures>,
    pub tasks: Vec<TaskFigures>,
}

fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        return 0;
    }
    // Rounded half up, in integers so that 2 of 3 is 67 everywhere.
    u32::try_from((part * 200 + whole) / (whole * 2)).unwrap_or(100)
}

/// `slots` are the period's slots of every series; `meetings` the stored meetings (any date).
pub fn figures(
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    series: &[MeetingSeries],
    slots: &[Slot],
    meetings: &[Meeting],
    tasks: &[Task],
) -> MeetingFigures {
    // Slots, attendees and owners are found by key, not by a walk of
    // everything found so far: a province has thousands of each.
    let mut slots_of: HashMap<SeriesId, Vec<&Slot>> = HashMap::new();
    for x in slots {
        slots_of.entry(x.series).or_default().push(x);
    }
    let none: Vec<&Slot> = Vec::new();
    let series_figures = series
        .iter()
        .map(|s| {
            let mine = slots_of.get(&s.id).unwrap_or(&none);
            let count = |f: &dyn Fn(&Slot) -> bool| mine.iter().filter(|x| f(x)).count();
            SeriesFigures {
                series: s.id,
                title: s.title.clone(),
                planned: mine.len(),
                held: count(&|x| x.status == MeetingStatus::Held),
                cancelled: count(&|x| matches!(x.status, MeetingStatus::Cancelled { .. })),
                unrecorded: count(&|x| {
                    x.date < today
                        && matches!(
                            x.status,
                            MeetingStatus::Planned | MeetingStatus::Postponed { .. }
                        )
                }),
            }
        })
        .collect();

    let mut people: Vec<AttendanceFigures> = Vec::new();
    let mut person_at: HashMap<(&str, Option<UnitId>), usize> = HashMap::new();
    let held = meetings
        .iter()
        .filter(|m| m.status == MeetingStatus::Held && from <= m.date && m.date <= to);
    for entry in held.flat_map(|m| &m.attendance) {
        if entry.presence == Presence::Unmarked {
            continue;
        }
        let a = &entry.attendee;
        let pos = match person_at.get(&(a.name.as_str(), a.unit)) {
            Some(i) => *i,
            None => {
                person_at.insert((a.name.as_str(), a.unit), people.len());
                people.push(AttendanceFigures {
                    name: a.name.clone(),
                    unit: a.unit,
                    expected: 0,
                    present: 0,
                    absent: 0,
                    substituted: 0,
                });
                people.len() - 1
            }
        };
        let p = &mut people[pos];
        p.expected += 1;
        match entry.presence {
            Presence::Present => p.present += 1,
            Presence::Absent { .. } => p.absent += 1,
            Presence::Substitute { .. } => p.substituted += 1,
            Presence::Unmarked => {}
        }
    }

    let mut units: Vec<AttendanceFigures> = Vec::new();
    let mut unit_at: HashMap<Option<UnitId>, usize> = HashMap::new();
    for p in people.iter().filter(|p| p.unit.is_some()) {
        match unit_at.get(&p.unit).map(|i| &mut units[*i]) {
            Some(u) => {
                u.expected += p.expected;
                u.present += p.present;
                u.absent += p.absent;
                u.substituted += p.substituted;
            }
            None => {
                unit_at.insert(p.unit, units.len());
                units.push(AttendanceFigures {
                    name: String::new(),
                    ..p.clone()
                });
            }
        }
    }

    // Open and overdue are counted as the period ends, or today while it
    // runs; a period still to come has none.
    let end = to.min(today);
    let counts_open = from <= end;
    let mut task_figures: Vec<TaskFigures> = Vec::new();
    let mut owner_at: HashMap<&str, usize> = HashMap::new();
    for t in tasks {
        let pos = match owner_at.get(t.owner.name.as_str()) {
            Some(i) => *i,
            None => {
                owner_at.insert(t.owner.name.as_str(), task_figures.len());
                task_figures.push(TaskFigures {
                    owner: t.owner.name.clone(),
                    opened: 0,
                    done: 0,
                    open: 0,
                    overdue: 0,
                });
                task_figures.len() - 1
            }
        };
        let f = &mut task_figures[pos];
        f.opened += usize::from(from <= t.opened && t.opened <= to);
        if let TaskStatus::Done { on } = t.status {
            f.done += usize::from(from <= on && on <= to);
        }
        f.open += usize::from(counts_open && t.open_on(end));
        f.overdue += usize::from(counts_open && t.overdue_on(end));
    }
    // An owner whose tasks all lie outside the period has nothing to report.
    task_figures.retain(|f| f.opened + f.done + f.open + f.overdue > 0);
    task_figures.sort_by(|a, b| b.overdue.cmp(&a.overdue).then(a.owner.cmp(&b.owner)));

    MeetingFigures {
        from,
        to,
        series: series_figures,
        people,
        units,
        tasks: task_figures,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveTime, TimeZone};

    use super::*;
    use crate::domain::meeting::{AttendanceEntry, Attendee, MeetingId};
    use crate::domain::task::tests::task;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn attendee(name: &str, unit: u64) -> Attendee {
        Attendee {
            person: None,
            name: name.into(),
            unit: Some(UnitId(unit)),
        }
    }

    fn held(id: u64, date: NaiveDate, marks: Vec<(Attendee, Presence)>) -> Meeting {
        Meeting {
            id: MeetingId(id),
            series: SeriesId(1),
            rule_date: date,
            date,
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            place: String::new(),
            status: MeetingStatus::Held,
            attendance: marks
                .into_iter()
                .map(|(attendee, presence)| AttendanceEntry { attendee, presence })
                .collect(),
            agenda: Vec::new(),
            minutes: String::new(),
            decisions: Vec::new(),
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
            voided: None,
        }
    }

    #[test]
    fn attendance_rates_per_person_and_unit() {
        let wang = attendee("王主任", 1);
        let li = attendee("李校长", 2);
        let absent = Presence::Absent {
            reason: "出差".into(),
        };
        let sub = Presence::Substitute {
            by: "张老师".into(),
        };
        let meetings = vec![
            held(
                1,
                d(2025, 1, 6),
                vec![
                    (wang.clone(), Presence::Present),
                    (li.clone(), Presence::Present),
                ],
            ),
            held(
                2,
                d(2025, 2, 5),
                vec![(wang.clone(), Presence::Present), (li.clone(), absent)],
            ),
            held(
                3,
                d(2025, 3, 3),
                vec![(wang.clone(), absent_unmarked()), (li.clone(), sub)],
            ),
            // Outside the period: not counted.
            held(4, d(2024, 12, 2), vec![(li.clone(), Presence::Present)]),
        ];
        let f = figures(
            d(2025, 1, 1),
            d(2025, 12, 31),
            d(2025, 6, 1),
            &[],
            &[],
            &meetings,
            &[],
        );
        let w = f.people.iter().find(|p| p.name == "王主任").unwrap();
        assert_eq!((w.expected, w.present, w.rate_percent()), (2, 2, 100));
        let l = f.people.iter().find(|p| p.name == "李校长").unwrap();
        assert_eq!(
            (l.expected, l.present, l.absent, l.substituted),
            (3, 1, 1, 1)
        );
        assert_eq!(l.rate_percent(), 33);
        assert_eq!(l.represented_percent(), 67);
        let unit2 = f.units.iter().find(|u| u.unit == Some(UnitId(2))).unwrap();
        assert_eq!(unit2.expected, 3);
    }

    #[test]
    fn attendance_is_of_its_period_at_both_edges() {
        let wang = attendee("王主任", 1);
        let at = |id, date| held(id, date, vec![(wang.clone(), Presence::Present)]);
        let meetings = vec![
            at(1, d(2024, 12, 31)),
            at(2, d(2025, 1, 1)),
            at(3, d(2025, 12, 31)),
            at(4, d(2026, 1, 1)),
        ];
        let f = figures(
            d(2025, 1, 1),
            d(2025, 12, 31),
            d(2026, 6, 1),
            &[],
            &[],
            &meetings,
            &[],
        );
        // The first and the last day count; the days either side do not.
        let w = f.people.iter().find(|p| p.name == "王主任").unwrap();
        assert_eq!((w.expected, w.present), (2, 2));
        assert_eq!(f.units[0].expected, 2);
    }

    fn absent_unmarked() -> Presence {
        Presence::Unmarked
    }

    #[test]
    fn task_counts_per_owner() {
        let today = d(2025, 6, 1);
        let tasks = vec![
            task(1, "李副主任", Some(d(2025, 3, 1)), TaskStatus::Open),
            task(2, "李副主任", Some(d(2025, 9, 1)), TaskStatus::Open),
            task(
                3,
                "赵副主任",
                Some(d(2025, 3, 1)),
                TaskStatus::Done { on: d(2025, 2, 20) },
            ),
            task(4, "赵副主任", None, TaskStatus::Done { on: d(2024, 11, 1) }),
        ];
        let f = figures(d(2025, 1, 1), d(2025, 12, 31), today, &[], &[], &[], &tasks);
        assert_eq!(f.tasks[0].owner, "李副主任");
        assert_eq!(
            (f.tasks[0].opened, f.tasks[0].open, f.tasks[0].overdue),
            (2, 2, 1)
        );
        assert_eq!(
            (f.tasks[1].done, f.tasks[1].open, f.tasks[1].overdue),
            (1, 0, 0)
        );
    }

    #[test]
    fn task_figures_are_of_their_period_at_both_edges() {
        let (from, to) = (d(2023, 1, 1), d(2023, 12, 31));
        let today = d(2026, 12, 6);
        let at = |id, opened, due, status| Task {
            opened,
            ..task(id, &format!("owner{id}"), due, status)
        };
        let tasks = vec![
            // Opened on the last day: opened, open and not overdue (due that day).
            at(1, to, Some(to), TaskStatus::Open),
            // Opened the day after: in no figure of 2023.
            at(2, d(2024, 1, 1), Some(d(2024, 1, 2)), TaskStatus::Open),
            // Opened before, done on the first day: done in 2023, not opened, not open.
            at(3, d(2022, 12, 1), None, TaskStatus::Done { on: from }),
            // Done the day before the period: nothing.
            at(
                4,
                d(2022, 12, 1),
                None,
                TaskStatus::Done {
                    on: d(2022, 12, 31),
                },
            ),
            // Done the day after it ends: open and overdue at its end.
            at(
                5,
                d(2023, 6, 1),
                Some(d(2023, 12, 30)),
                TaskStatus::Done { on: d(2024, 1, 1) },
            ),
            // Opened in 2026 and open now: the 2023 report does not know it.
            at(6, d(2026, 3, 1), Some(d(2026, 4, 1)), TaskStatus::Open),
            // Dropped in 2024: still open, and overdue, when 2023 ended.
            Task {
                changed_at: chrono::Local
                    .with_ymd_and_hms(2024, 2, 1, 12, 0, 0)
                    .unwrap()
                    .timestamp(),
                ..at(
                    7,
                    d(2023, 3, 1),
                    Some(d(2023, 4, 1)),
                    TaskStatus::Dropped {
                        reason: "合并".into(),
                    },
                )
            },
        ];
        let f = figures(from, to, today, &[], &[], &[], &tasks);
        let of = |owner: &str| {
            f.tasks
                .iter()
                .find(|t| t.owner == owner)
                .map(|t| (t.opened, t.done, t.open, t.overdue))
        };
        assert_eq!(of("owner1"), Some((1, 0, 1, 0)));
        assert_eq!(of("owner2"), None);
        assert_eq!(of("owner3"), Some((0, 1, 0, 0)));
        assert_eq!(of("owner4"), None);
        assert_eq!(of("owner5"), Some((1, 0, 1, 1)));
        assert_eq!(of("owner6"), None);
        assert_eq!(of("owner7"), Some((1, 0, 1, 1)));

        // The period running: open and overdue as of today.
        let f = figures(d(2026, 1, 1), d(2026, 12, 31), today, &[], &[], &[], &tasks);
        let six = f.tasks.iter().find(|t| t.owner == "owner6").unwrap();
        assert_eq!((six.opened, six.open, six.overdue), (1, 1, 1));
        // A period still to come: nothing open in it yet.
        let f = figures(d(2027, 1, 1), d(2027, 12, 31), today, &[], &[], &[], &tasks);
        assert!(f.tasks.is_empty(), "{:?}", f.tasks);
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(1, 8), 13);
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(5, 5), 100);
    }
}
