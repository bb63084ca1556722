//! Work records, the daily typing of a township or school operator and the
//! raw material of scoring: activities (活动), trainings (培训), village
//! visits (下村工作) and study-base sessions (研学).
//!
//! Every record belongs to one unit and one day, and what it adds to the
//! figures is kept as a `WorkTally` per unit and month, so that a period's
//! figures for a subtree add up a few hundred tallies instead of reading
//! every record.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::UnitId;
use super::day::Day;
use super::labels::labelled;
use super::person::PersonId;
use super::time::Timestamp;
use super::void::Voided;

macro_rules! record_id {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub struct $name(pub u64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

record_id!(ActivityId, TrainingId, VisitId, StudySessionId);

labelled!(
    /// What an activity was about.
    ActivityKind {
        Education => ("education", "教育", "education", ["思想教育", "宣讲"]),
        Law => ("law", "法治宣传", "law", ["法治", "普法"]),
        StudyTrip => ("study-trip", "研学", "study trip", ["研学旅行"]),
        Rural => ("rural", "乡村振兴", "rural revitalisation", ["振兴"]),
        Care => ("care", "关爱帮扶", "care", ["帮扶", "关爱"]),
        Culture => ("culture", "文体", "culture", ["文体活动", "文化"]),
        Other => ("other", "其他", "other", ["其它"]),
    }
);

labelled!(
    /// How a training was given.
    TrainingMode {
        MeetingAsTraining => ("meeting", "以会代训", "meeting as training", []),
        Topical => ("topical", "专题培训", "topical", ["专题"]),
        ByLine => ("by-line", "分战线培训", "by line", ["分战线"]),
        Online => ("online", "网上授课", "online", ["网上", "线上授课"]),
    }
);

/// Who the day of a record is counted under: its year and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Month(pub u32);

impl Month {
    pub fn of(day: Day) -> Month {
        let d = day.date();
        Month(d.year() as u32 * 12 + d.month0())
    }

    pub fn year(self) -> i32 {
        (self.0 / 12) as i32
    }

    /// 1 to 12.
    pub fn month(self) -> u32 {
        self.0 % 12 + 1
    }

    /// The first day of the month.
    pub fn first(self) -> Day {
        Day::ymd(self.year(), self.month(), 1).expect("a month's first day exists")
    }

    /// The last day of the month.
    pub fn last(self) -> Day {
        Month(self.0 + 1).first().pred()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    /// The organiser.
    pub unit: UnitId,
    pub date: Day,
    pub title: String,
    /// From the office's list of themes; may be empty.
    pub theme: String,
    pub kind: ActivityKind,
    pub online: bool,
    pub place: String,
    /// Young people reached.
    pub youths: u32,
    /// Elders of the roster taking part.
    pub elders: Vec<PersonId>,
    pub notes: String,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    /// Typed in error: counted nowhere. Last, so older bytes decode.
    pub voided: Option<Voided>,
}

/// Who came to a training: by name, or only how many when names are not kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Attendance {
    Named(Vec<PersonId>),
    HeadCount(u32),
}

impl Attendance {
    /// Person-times (人次): the named attendees, or the head count.
    pub fn person_times(&self) -> u32 {
        match self {
            Attendance::Named(people) => people.len() as u32,
            Attendance::HeadCount(n) => *n,
        }
    }

    /// The people named; none for a head count.
    pub fn named(&self) -> &[PersonId] {
        match self {
            Attendance::Named(people) => people,
            Attendance::HeadCount(_) => &[],
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub id: TrainingId,
    /// The organiser.
    pub unit: UnitId,
    pub date: Day,
    pub mode: TrainingMode,
    pub topic: String,
    pub attendance: Attendance,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    pub voided: Option<Voided>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VillageVisit {
    pub id: VisitId,
    pub person: PersonId,
    /// The village visited; the visit is that unit's record.
    pub village: UnitId,
    pub date: Day,
    pub purpose: String,
    pub result: String,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    pub voided: Option<Voided>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudySession {
    pub id: StudySessionId,
    /// The unit named as the study base; the session is its record.
    pub base: UnitId,
    pub date: Day,
    /// The visiting school or organiser, as written.
    pub visitor: String,
    pub students: u32,
    pub theme: String,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    pub voided: Option<Voided>,
}

/// Any work record, for what treats them alike: its unit, its day, and
/// what it adds to the tallies.
#[derive(Debug, Clone, Copy)]
pub enum WorkRecord<'a> {
    Activity(&'a Activity),
    Training(&'a Training),
    Visit(&'a VillageVisit),
    StudySession(&'a StudySession),
}

impl WorkRecord<'_> {
    /// The unit whose record it is, and whose subtree's figures it counts in.
    pub fn unit(self) -> UnitId {
        match self {
            WorkRecord::Activity(a) => a.unit,
            WorkRecord::Training(t) => t.unit,
            WorkRecord::Visit(v) => v.village,
            WorkRecord::StudySession(s) => s.base,
        }
    }

    pub fn date(self) -> Day {
        match self {
            WorkRecord::Activity(a) => a.date,
            WorkRecord::Training(t) => t.date,
            WorkRecord::Visit(v) => v.date,
            WorkRecord::StudySession(s) => s.date,
        }
    }

    fn voided(self) -> bool {
        match self {
            WorkRecord::Activity(a) => a.voided.is_some(),
            WorkRecord::Training(t) => t.voided.is_some(),
            WorkRecord::Visit(v) => v.voided.is_some(),
            WorkRecord::StudySession(s) => s.voided.is_some(),
        }
    }

    /// What the record adds to its unit's tally for its month: nothing when
    /// voided.
    pub fn tally(self) -> WorkTally {
        let mut t = WorkTally::default();
        if self.voided() {
            return t;
        }
        match self {
            WorkRecord::Activity(a) => {
                t.activities = 1;
                t.online = u32::from(a.online);
                t.youths = u64::from(a.youths);
                t.by_kind[kind_slot(a.kind)] = 1;
            }
            WorkRecord::Training(tr) => {
                t.trainings = 1;
                t.person_times = u64::from(tr.attendance.person_times());
                t.by_mode[mode_slot(tr.mode)] = 1;
            }
            WorkRecord::Visit(_) => t.visits = 1,
            WorkRecord::StudySession(s) => {
                t.study_sessions = 1;
                t.students = u64::from(s.students);
            }
        }
        t
    }
}

fn kind_slot(k: ActivityKind) -> usize {
    ActivityKind::ALL
        .iter()
        .position(|x| *x == k)
        .expect("every kind is in ALL")
}

fn mode_slot(m: TrainingMode) -> usize {
    TrainingMode::ALL
        .iter()
        .position(|x| *x == m)
        .expect("every mode is in ALL")
}

/// What the work records of one unit in one month add up to. Everything
/// here adds across units and months; figures that do not (how many
/// different people visited) are counted from the records themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkTally {
    pub activities: u32,
    pub online: u32,
    pub youths: u64,
    /// Activities by kind, in the order of `ActivityKind::ALL`.
    pub by_kind: [u32; 7],
    pub trainings: u32,
    pub person_times: u64,
    /// Trainings by mode, in the order of `TrainingMode::ALL`.
    pub by_mode: [u32; 4],
    pub visits: u32,
    pub study_sessions: u32,
    pub students: u64,
}

impl WorkTally {
    pub fn is_zero(&self) -> bool {
        *self == WorkTally::default()
    }

    pub fn add(&mut self, o: &WorkTally) {
        self.combine(o, |a, b| a + b, |a, b| a + b);
    }

    /// Takes away what `o` added; a tally never goes below zero, so a
    /// stored tally that disagrees with its records shows in `ggw check`
    /// rather than as a huge number.
    pub fn sub(&mut self, o: &WorkTally) {
        self.combine(o, u32::saturating_sub, u64::saturating_sub);
    }

    fn combine(&mut self, o: &WorkTally, f: fn(u32, u32) -> u32, g: fn(u64, u64) -> u64) {
        self.activities = f(self.activities, o.activities);
        self.online = f(self.online, o.online);
        self.youths = g(self.youths, o.youths);
        for (a, b) in self.by_kind.iter_mut().zip(o.by_kind) {
            *a = f(*a, b);
        }
        self.trainings = f(self.trainings, o.trainings);
        self.person_times = g(self.person_times, o.person_times);
        for (a, b) in self.by_mode.iter_mut().zip(o.by_mode) {
            *a = f(*a, b);
        }
        self.visits = f(self.visits, o.visits);
        self.study_sessions = f(self.study_sessions, o.study_sessions);
        self.students = g(self.students, o.students);
    }

    pub fn of_kind(&self, k: ActivityKind) -> u32 {
        self.by_kind[kind_slot(k)]
    }

    pub fn of_mode(&self, m: TrainingMode) -> u32 {
        self.by_mode[mode_slot(m)]
    }
}

/// The themes every office starts with, from the newsletter; the office's
/// own are added to them as activities name them.
pub const DEFAULT_THEMES: &[&str] = &[
    "庆祝建党一百周年",
    "老少同声颂党恩，携手喜迎二十大",
    "法治进校园",
    "中俄青少年交流",
    "民族特色文化",
    "一校一品",
    "乡村振兴",
];

/// What makes two activities the same one typed twice: the same unit, day
/// and title, the title compared without its surrounding spaces.
pub fn same_activity(a: &Activity, unit: UnitId, date: Day, title: &str) -> bool {
    a.voided.is_none() && a.unit == unit && a.date == date && a.title.trim() == title.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    fn activity(kind: ActivityKind, online: bool, youths: u32) -> Activity {
        Activity {
            id: ActivityId(1),
            unit: UnitId(2),
            date: day(2026, 3, 31),
            title: "法治进校园".into(),
            theme: String::new(),
            kind,
            online,
            place: String::new(),
            youths,
            elders: vec![PersonId(7), PersonId(8)],
            notes: String::new(),
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
            voided: None,
        }
    }

    #[test]
    fn a_month_runs_from_its_first_to_its_last_day() {
        let m = Month::of(day(2024, 2, 10));
        assert_eq!((m.year(), m.month()), (2024, 2));
        assert_eq!(m.first(), day(2024, 2, 1));
        assert_eq!(m.last(), day(2024, 2, 29));
        let dec = Month::of(day(2025, 12, 31));
        assert_eq!(dec.last(), day(2025, 12, 31));
        assert_eq!(Month(dec.0 + 1).first(), day(2026, 1, 1));
        assert!(Month::of(day(2025, 12, 31)) < Month::of(day(2026, 1, 1)));
    }

    #[test]
    fn person_times_are_the_names_or_the_head_count() {
        let named = Attendance::Named(vec![PersonId(1), PersonId(2), PersonId(3)]);
        assert_eq!(named.person_times(), 3);
        assert_eq!(Attendance::HeadCount(45).person_times(), 45);
    }

    #[test]
    fn tallies_add_and_take_away_what_each_record_adds() {
        let law = activity(ActivityKind::Law, true, 120);
        let care = activity(ActivityKind::Care, false, 30);
        let training = Training {
            id: TrainingId(1),
            unit: UnitId(2),
            date: day(2026, 3, 1),
            mode: TrainingMode::Topical,
            topic: "五老工作方法".into(),
            attendance: Attendance::HeadCount(40),
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
            voided: None,
        };
        let mut t = WorkTally::default();
        for r in [
            WorkRecord::Activity(&law),
            WorkRecord::Activity(&care),
            WorkRecord::Training(&training),
        ] {
            t.add(&r.tally());
        }
        // By hand: two activities, one online, 120 + 30 young people, one
        // law and one care; one topical training of 40 person-times.
        assert_eq!((t.activities, t.online, t.youths), (2, 1, 150));
        assert_eq!(t.of_kind(ActivityKind::Law), 1);
        assert_eq!(t.of_kind(ActivityKind::Care), 1);
        assert_eq!(t.of_kind(ActivityKind::Education), 0);
        assert_eq!((t.trainings, t.person_times), (1, 40));
        assert_eq!(t.of_mode(TrainingMode::Topical), 1);
        t.sub(&WorkRecord::Activity(&law).tally());
        assert_eq!((t.activities, t.online, t.youths), (1, 0, 30));
        assert_eq!(t.of_kind(ActivityKind::Law), 0);
        t.sub(&WorkRecord::Activity(&care).tally());
        t.sub(&WorkRecord::Training(&training).tally());
        assert!(t.is_zero());
    }

    #[test]
    fn a_voided_record_adds_nothing() {
        let mut a = activity(ActivityKind::Education, false, 10);
        a.voided = Some(Voided {
            at: 0,
            by: "t".into(),
            reason: "重复录入".into(),
        });
        assert!(WorkRecord::Activity(&a).tally().is_zero());
        assert!(!same_activity(&a, a.unit, a.date, &a.title));
    }

    #[test]
    fn a_tally_never_goes_below_zero() {
        let mut t = WorkTally::default();
        t.sub(&WorkRecord::Activity(&activity(ActivityKind::Other, true, 5)).tally());
        assert!(t.is_zero());
    }

    #[test]
    fn the_same_activity_is_the_same_unit_day_and_title() {
        let a = activity(ActivityKind::Law, false, 0);
        assert!(same_activity(
            &a,
            UnitId(2),
            day(2026, 3, 31),
            " 法治进校园 "
        ));
        assert!(!same_activity(
            &a,
            UnitId(3),
            day(2026, 3, 31),
            "法治进校园"
        ));
        assert!(!same_activity(&a, UnitId(2), day(2026, 4, 1), "法治进校园"));
        assert!(!same_activity(
            &a,
            UnitId(2),
            day(2026, 3, 31),
            "法治进社区"
        ));
    }

    #[test]
    fn kinds_and_modes_parse_as_offices_write_them() {
        assert_eq!(ActivityKind::parse("普法"), Some(ActivityKind::Law));
        assert_eq!(ActivityKind::parse("乡村振兴"), Some(ActivityKind::Rural));
        assert_eq!(
            ActivityKind::parse("study-trip"),
            Some(ActivityKind::StudyTrip)
        );
        assert_eq!(
            TrainingMode::parse("以会代训"),
            Some(TrainingMode::MeetingAsTraining)
        );
        assert_eq!(TrainingMode::parse("网上授课"), Some(TrainingMode::Online));
        assert_eq!(TrainingMode::parse("讲座"), None);
        assert_eq!(ActivityKind::ALL.len(), 7);
        assert_eq!(TrainingMode::ALL.len(), 4);
    }
}
