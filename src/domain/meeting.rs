//! Meeting series (the yearly plenary, the monthly 主任办公会, the quarterly 工作推进会) and the
//! single meetings they give: where and when each is held, who attended, what was said.
//!
//! A series stores its rule; a meeting is stored only once something happens to it (it is held,
//! postponed, cancelled, or its attendance is taken). Until then it is computed from the rule
//! and the working-day calendar, so editing a rule never leaves stale planned meetings behind.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::recurrence::{Exceptions, Rule, apply_exceptions};
use super::time::Timestamp;
use super::workdays::{Calendar, Shift, ShiftReason};
use super::{UnitId, UnitKind};
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SeriesId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct MeetingId(pub u64);

impl std::fmt::Display for SeriesId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for MeetingId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeetingKind {
    Plenary,
    DirectorsOffice,
    Progress,
    Other,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 4] = [
        MeetingKind::Plenary,
        MeetingKind::DirectorsOffice,
        MeetingKind::Progress,
        MeetingKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::Plenary => "plenary",
            MeetingKind::DirectorsOffice => "directors-office",
            MeetingKind::Progress => "progress",
            MeetingKind::Other => "other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            MeetingKind::Plenary => "全区关工委会议",
            MeetingKind::DirectorsOffice => "主任办公会",
            MeetingKind::Progress => "工作推进会",
            MeetingKind::Other => "其他会议",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            MeetingKind::Plenary => "plenary",
            MeetingKind::DirectorsOffice => "directors' office meeting",
            MeetingKind::Progress => "progress meeting",
            MeetingKind::Other => "other meeting",
        }
    }

    /// Accepts the codes and the Chinese names.
    pub fn parse(s: &str) -> Option<MeetingKind> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| {
            k.code().eq_ignore_ascii_case(s)
                || k.label_zh() == s
                || (*k == MeetingKind::Progress && s == "推进会")
                || (*k == MeetingKind::Plenary && s == "全委会")
        })
    }
}

pub fn parse_shift(s: &str) -> Option<Shift> {
    match s.trim().to_ascii_lowercase().as_str() {
        "next" | "顺延" => Some(Shift::Next),
        "previous" | "prev" | "提前" => Some(Shift::Previous),
        "none" | "不调整" => Some(Shift::None),
        _ => None,
    }
}

pub fn shift_code(s: Shift) -> &'static str {
    match s {
        Shift::Next => "next",
        Shift::Previous => "previous",
        Shift::None => "none",
    }
}

/// A post in a unit's leadership team that attendee rules name; see [`LeaderRole::role`] for
/// the people module's post it stands for. Kept apart from that enum because series store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeaderRole {
    Director,
    ExecutiveDeputy,
    Deputy,
    Member,
}

impl LeaderRole {
    pub fn label_zh(self) -> &'static str {
        match self {
            LeaderRole::Director => "主任",
            LeaderRole::ExecutiveDeputy => "常务副主任",
            LeaderRole::Deputy => "副主任",
            LeaderRole::Member => "成员",
        }
    }
}

/// Which units an attendee rule looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitScope {
    /// One unit, e.g. 爱辉区.
    Unit(UnitId),
    /// Every live unit of these kinds directly under `parent`, e.g. the townships, streets and
    /// the education bureau under the district.
    ChildrenOf {
        parent: UnitId,
        kinds: Vec<UnitKind>,
    },
}

/// "The director and deputies of 爱辉区": the people holding these roles in the scope's units
/// on the meeting's date. Kept as a rule, not as names, so that a change of leadership
/// changes who is invited without editing the series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeRule {
    pub roles: Vec<LeaderRole>,
    pub scope: UnitScope,
}

/// Someone expected at, or present at, a meeting. The name is kept even when the person is
/// known, so that minutes still read right after a person record changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attendee {
    pub person: Option<u64>,
    pub name: String,
    pub unit: Option<UnitId>,
}

impl Attendee {
    pub fn named(name: &str) -> Attendee {
        Attendee {
            person: None,
            name: name.to_string(),
            unit: None,
        }
    }

    /// The same person: by id when both are known, by name otherwise.
    pub fn same_as(&self, other: &Attendee) -> bool {
        match (self.person, other.person) {
            (Some(a), Some(b)) => a == b,
            _ => self.name == other.name,
        }
    }
}

/// Turns attendee rules into people: [`super::attendees::Teams`] over the recorded terms;
/// [`NoPositions`] where no teams are at hand, resolving every rule to nobody.
pub trait AttendeeResolver {
    fn resolve(&self, rule: &AttendeeRule, on: NaiveDate) -> Vec<Attendee>;
}

pub struct NoPositions;

impl AttendeeResolver for NoPositions {
    fn resolve(&self, _rule: &AttendeeRule, _on: NaiveDate) -> Vec<Attendee> {
        Vec::new()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub title: String,
    pub reporter: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSeries {
    pub id: SeriesId,
    pub kind: MeetingKind,
    pub title: String,
    pub host: UnitId,
    pub rule: Rule,
    /// The series start (DTSTART); the first meeting is the first rule date on or after it.
    pub start: NaiveDate,
    pub time: NaiveTime,
    pub duration_minutes: u32,
    pub place: String,
    /// What happens to a meeting that falls on a weekend or a holiday.
    pub shift: Shift,
    pub exceptions: Exceptions,
    pub attendee_rules: Vec<AttendeeRule>,
    /// Attendees named directly, in addition to those the rules give.
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    /// Add one progress report per attendee to each meeting's agenda (the 主任办公会 hears each
    /// deputy in turn).
    pub report_per_attendee: bool,
    pub archived: Option<Timestamp>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingStatus {
    Planned,
    Held,
    /// Moved away from the date it had; the meeting's `date` is the new one.
    Postponed {
        from: NaiveDate,
    },
    Cancelled {
        reason: String,
    },
}

impl MeetingStatus {
    pub fn code(&self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Held => "held",
            MeetingStatus::Postponed { .. } => "postponed",
            MeetingStatus::Cancelled { .. } => "cancelled",
        }
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            MeetingStatus::Planned => "计划",
            MeetingStatus::Held => "已召开",
            MeetingStatus::Postponed { .. } => "已改期",
            MeetingStatus::Cancelled { .. } => "已取消",
        }
    }

    pub fn label_en(&self) -> &'static str {
        match self {
            MeetingStatus::Planned => "planned",
            MeetingStatus::Held => "held",
            MeetingStatus::Postponed { .. } => "postponed",
            MeetingStatus::Cancelled { .. } => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Presence {
    Unmarked,
    Present,
    Absent {
        reason: String,
    },
    /// Someone else came in the attendee's place.
    Substitute {
        by: String,
    },
}

impl Presence {
    pub fn code(&self) -> &'static str {
        match self {
            Presence::Unmarked => "unmarked",
            Presence::Present => "present",
            Presence::Absent { .. } => "absent",
            Presence::Substitute { .. } => "substitute",
        }
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            Presence::Unmarked => "未登记",
            Presence::Present => "出席",
            Presence::Absent { .. } => "缺席",
            Presence::Substitute { .. } => "代会",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceEntry {
    pub attendee: Attendee,
    pub presence: Presence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: MeetingId,
    pub series: SeriesId,
    /// The date the rule gives; together with the series it names the meeting.
    pub rule_date: NaiveDate,
    /// Where it is (or was) held.
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub place: String,
    pub status: MeetingStatus,
    pub attendance: Vec<AttendanceEntry>,
    pub agenda: Vec<AgendaItem>,
    pub minutes: String,
    pub decisions: Vec<String>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    /// Recorded in error: the series shows the meeting as if it had never
    /// been recorded. Last, so older bytes decode.
    pub voided: Option<super::void::Voided>,
}

/// A line of minutes as "who：what" when it starts with a short name and a
/// colon (full-width or not), so that a task made from it gets that owner
/// and the rest as its title.
pub fn split_speaker(line: &str) -> (Option<&str>, &str) {
    match line.split_once(['：', ':']) {
        Some((who, what)) if !who.trim().is_empty() && who.chars().count() <= 10 => {
            (Some(who.trim()), what.trim())
        }
        _ => (None, line.trim()),
    }
}

impl Meeting {
    /// The attendee of that name on the meeting's list, keeping the person
    /// and unit it knows them by, or a new named one.
    pub fn attendee_named(&self, name: &str) -> Attendee {
        let name = name.trim();
        self.attendance
            .iter()
            .map(|e| &e.attendee)
            .find(|a| a.name == name)
            .cloned()
            .unwrap_or_else(|| Attendee::named(name))
    }

    /// Sets one attendee's presence, adding them when they were not expected.
    pub fn mark(&mut self, attendee: Attendee, presence: Presence) {
        match self
            .attendance
            .iter_mut()
            .find(|e| e.attendee.same_as(&attendee))
        {
            Some(entry) => entry.presence = presence,
            None => self.attendance.push(AttendanceEntry { attendee, presence }),
        }
    }
}

/// Why a meeting is not on the date its rule gives, or why it is not held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlotNote {
    /// The working-day calendar moved it off a weekend or holiday.
    Shifted(ShiftReason),
    /// The series moves this one meeting to another date.
    MovedTo(NaiveDate),
    /// The meeting was postponed from that date.
    PostponedFrom(NaiveDate),
    Cancelled(String),
}

impl SlotNote {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SlotNote::Shifted(r), _) => r.message(lang),
            (SlotNote::MovedTo(d), Lang::Zh) => format!("改期至{d}"),
            (SlotNote::MovedTo(d), Lang::En) => format!("moved to {d}"),
            (SlotNote::PostponedFrom(d), Lang::Zh) => format!("由{d}改期"),
            (SlotNote::PostponedFrom(d), Lang::En) => format!("postponed from {d}"),
            (SlotNote::Cancelled(why), Lang::Zh) => format!("取消：{why}"),
            (SlotNote::Cancelled(why), Lang::En) => format!("cancelled: {why}"),
        }
    }
}

/// One meeting of a series in a window: computed from the rule, or stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub series: SeriesId,
    pub rule_date: NaiveDate,
    pub date: NaiveDate,
    pub time: NaiveTime,
    /// Why `date` differs from `rule_date` (or why a non-working day was kept).
    pub reason: Option<SlotNote>,
    pub status: MeetingStatus,
    pub meeting: Option<MeetingId>,
}

/// How far a holiday shift or a postponement may carry a meeting across the window's edge.
const MARGIN_DAYS: u64 = 62;

/// The meetings of `series` whose date falls in `from..=to`, by date. `stored` are the series'
/// meeting records (any dates): they override what the rule and the calendar give.
pub fn schedule(
    series: &MeetingSeries,
    calendar: &Calendar,
    stored: &[Meeting],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Slot> {
    let wide_from = from
        .checked_sub_days(Days::new(MARGIN_DAYS))
        .unwrap_or(from);
    let wide_to = to.checked_add_days(Days::new(MARGIN_DAYS)).unwrap_or(to);
    let mut slots: Vec<Slot> = apply_exceptions(
        &series.rule,
        series.start,
        &series.exceptions,
        wide_from,
        wide_to,
    )
    .into_iter()
    .map(|o| {
        let (date, reason) = if o.is_moved() {
            (o.date, Some(SlotNote::MovedTo(o.date)))
        } else {
            let (date, why) = calendar.shift(o.rule_date, series.shift);
            (date, why.map(SlotNote::Shifted))
        };
        Slot {
            series: series.id,
            rule_date: o.rule_date,
            date,
            time: series.time,
            reason,
            status: MeetingStatus::Planned,
            meeting: None,
        }
    })
    .collect();
    for m in stored.iter().filter(|m| m.series == series.id) {
        let slot = Slot {
            series: series.id,
            rule_date: m.rule_date,
            date: m.date,
            time: m.time,
            reason: match &m.status {
                MeetingStatus::Postponed { from } => Some(SlotNote::PostponedFrom(*from)),
                MeetingStatus::Cancelled { reason } => Some(SlotNote::Cancelled(reason.clone())),
                _ => slots
                    .iter()
                    .find(|s| s.rule_date == m.rule_date && s.date == m.date)
                    .and_then(|s| s.reason.clone()),
            },
            status: m.status.clone(),
            meeting: Some(m.id),
        };
        match slots.iter_mut().find(|s| s.rule_date == m.rule_date) {
            Some(s) => *s = slot,
            None => slots.push(slot),
        }
    }
    slots.retain(|s| from <= s.date && s.date <= to);
    slots.sort_by_key(|s| (s.date, s.time, s.rule_date));
    slots
}

/// The date a new meeting of `series` on `rule_date` is held, with the reason when it moved.
pub fn planned_date(
    series: &MeetingSeries,
    calendar: &Calendar,
    rule_date: NaiveDate,
) -> (NaiveDate, Option<SlotNote>) {
    match series.exceptions.moved_to(rule_date) {
        Some(d) => (d, Some(SlotNote::MovedTo(d))),
        None => {
            let (date, why) = calendar.shift(rule_date, series.shift);
            (date, why.map(SlotNote::Shifted))
        }
    }
}

/// Years among `slots` that the calendar has no official arrangement for, ascending.
pub fn uncovered_years(calendar: &Calendar, slots: &[Slot]) -> Vec<i32> {
    let mut years: Vec<i32> = slots
        .iter()
        .flat_map(|s| [s.date.year(), s.rule_date.year()])
        .filter(|y| !calendar.covers(*y))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The expected attendees of a meeting on `on`: those the rules give, then the named ones,
/// each person once.
pub fn expected_attendees(
    series: &MeetingSeries,
    resolver: &dyn AttendeeResolver,
    on: NaiveDate,
) -> Vec<Attendee> {
    let mut out: Vec<Attendee> = Vec::new();
    let candidates = series
        .attendee_rules
        .iter()
        .flat_map(|r| resolver.resolve(r, on))
        .chain(series.attendees.iter().cloned());
    for a in candidates {
        if !out.iter().any(|o| o.same_as(&a)) {
            out.push(a);
        }
    }
    out
}

/// The agenda a new meeting starts with: the series' items, then a progress report by each
/// attendee when the series asks for one.
pub fn default_agenda(series: &MeetingSeries, attendees: &[Attendee]) -> Vec<AgendaItem> {
    let mut agenda = series.agenda.clone();
    if series.report_per_attendee {
        agenda.extend(attendees.iter().map(|a| AgendaItem {
            title: format!("{}汇报分管工作进展", a.name),
            reporter: Some(a.name.clone()),
        }));
    }
    agenda
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn series(rule: &str, start: NaiveDate, shift: Shift) -> MeetingSeries {
        MeetingSeries {
            id: SeriesId(1),
            kind: MeetingKind::DirectorsOffice,
            title: "主任办公会".into(),
            host: UnitId(1),
            rule: Rule::parse(rule).unwrap(),
            start,
            time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
            duration_minutes: 120,
            place: "区关工委会议室".into(),
            shift,
            exceptions: Exceptions::default(),
            attendee_rules: Vec::new(),
            attendees: vec![Attendee::named("王主任"), Attendee::named("李副主任")],
            agenda: vec![AgendaItem {
                title: "传达上级会议精神".into(),
                reporter: None,
            }],
            report_per_attendee: true,
            archived: None,
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
        }
    }

    fn dates(slots: &[Slot]) -> Vec<(NaiveDate, NaiveDate)> {
        slots.iter().map(|s| (s.rule_date, s.date)).collect()
    }

    #[test]
    fn spring_festival_2025_moves_the_february_meeting_to_the_next_working_day() {
        // 2025: 春节 28 Jan – 4 Feb, make-up working days Sun 26 Jan and Sat 8 Feb.
        let s = series("FREQ=MONTHLY;BYDAY=1MO", d(2025, 1, 1), Shift::Next);
        let cal = Calendar::builtin();
        let slots = schedule(&s, &cal, &[], d(2025, 1, 1), d(2025, 3, 31));
        assert_eq!(
            dates(&slots),
            vec![
                (d(2025, 1, 6), d(2025, 1, 6)),
                (d(2025, 2, 3), d(2025, 2, 5)),
                (d(2025, 3, 3), d(2025, 3, 3)),
            ]
        );
        assert_eq!(
            slots[1]
                .reason
                .as_ref()
                .map(|r| r.message(Lang::Zh))
                .as_deref(),
            Some("春节放假，顺延至下一个工作日")
        );
        assert_eq!(
            slots[1]
                .reason
                .as_ref()
                .map(|r| r.message(Lang::En))
                .as_deref(),
            Some("moved from Mon 2025-02-03: Spring Festival holiday")
        );
        assert_eq!(slots[0].reason, None);
    }

    #[test]
    fn national_day_2025_forward_and_backward() {
        // 2025: 国庆节+中秋节 1–8 Oct; make-up working days Sun 28 Sep and Sat 11 Oct.
        let next = series("FREQ=MONTHLY;BYMONTHDAY=1", d(2025, 9, 1), Shift::Next);
        let prev = MeetingSeries {
            shift: Shift::Previous,
            ..next.clone()
        };
        let cal = Calendar::builtin();
        // 1 Nov 2025 is a Saturday: with "previous" it comes back to 31 Oct, outside this window.
        let window = (d(2025, 9, 25), d(2025, 10, 30));
        assert_eq!(
            dates(&schedule(&next, &cal, &[], window.0, window.1)),
            vec![(d(2025, 10, 1), d(2025, 10, 9))]
        );
        assert_eq!(
            dates(&schedule(&prev, &cal, &[], window.0, window.1)),
            vec![(d(2025, 10, 1), d(2025, 9, 30))]
        );
    }

    #[test]
    fn a_make_up_sunday_is_a_working_day_and_is_kept() {
        // Sunday 28 Sep 2025 is worked (调休) before National Day.
        let s = series("FREQ=MONTHLY;BYDAY=-1SU", d(2025, 9, 1), Shift::Next);
        let slots = schedule(&s, &Calendar::builtin(), &[], d(2025, 9, 1), d(2025, 9, 30));
        assert_eq!(dates(&slots), vec![(d(2025, 9, 28), d(2025, 9, 28))]);
        assert_eq!(slots[0].reason, None);
    }

    #[test]
    fn a_shift_across_the_window_edge_is_found() {
        // Rule date 1 Oct is outside a window that starts on 9 Oct; the meeting lands inside.
        let s = series("FREQ=MONTHLY;BYMONTHDAY=1", d(2025, 9, 1), Shift::Next);
        let slots = schedule(
            &s,
            &Calendar::builtin(),
            &[],
            d(2025, 10, 9),
            d(2025, 10, 9),
        );
        assert_eq!(dates(&slots), vec![(d(2025, 10, 1), d(2025, 10, 9))]);
    }

    #[test]
    fn stored_meetings_override_the_rule() {
        let s = series("FREQ=MONTHLY;BYDAY=1MO", d(2025, 1, 1), Shift::Next);
        let postponed = Meeting {
            id: MeetingId(7),
            series: s.id,
            rule_date: d(2025, 3, 3),
            date: d(2025, 3, 10),
            time: s.time,
            place: s.place.clone(),
            status: MeetingStatus::Postponed {
                from: d(2025, 3, 3),
            },
            attendance: Vec::new(),
            agenda: Vec::new(),
            minutes: String::new(),
            decisions: Vec::new(),
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
            voided: None,
        };
        let slots = schedule(
            &s,
            &Calendar::builtin(),
            std::slice::from_ref(&postponed),
            d(2025, 3, 1),
            d(2025, 3, 31),
        );
        assert_eq!(dates(&slots), vec![(d(2025, 3, 3), d(2025, 3, 10))]);
        assert_eq!(slots[0].meeting, Some(MeetingId(7)));
        let reason = slots[0].reason.as_ref().unwrap();
        assert_eq!(reason.message(Lang::Zh), "由2025-03-03改期");
        assert_eq!(reason.message(Lang::En), "postponed from 2025-03-03");
        // Postponed out of the window: gone from it.
        let april = schedule(
            &s,
            &Calendar::builtin(),
            &[Meeting {
                date: d(2025, 4, 1),
                ..postponed
            }],
            d(2025, 3, 1),
            d(2025, 3, 31),
        );
        assert!(april.is_empty());
    }

    #[test]
    fn skipped_dates_are_left_out_and_uncovered_years_reported() {
        let mut s = series(
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            d(2026, 10, 1),
            Shift::Next,
        );
        s.exceptions.skip(d(2027, 1, 12));
        let cal = Calendar::builtin();
        let slots = schedule(&s, &cal, &[], d(2026, 10, 1), d(2027, 7, 31));
        assert_eq!(
            slots.iter().map(|s| s.date).collect::<Vec<_>>(),
            vec![d(2026, 10, 13), d(2027, 4, 13), d(2027, 7, 13)]
        );
        assert_eq!(uncovered_years(&cal, &slots), vec![2027]);
    }

    #[test]
    fn attendees_and_agenda() {
        struct Leaders;
        impl AttendeeResolver for Leaders {
            fn resolve(&self, _: &AttendeeRule, _: NaiveDate) -> Vec<Attendee> {
                vec![
                    Attendee {
                        person: Some(3),
                        name: "王主任".into(),
                        unit: Some(UnitId(1)),
                    },
                    Attendee {
                        person: Some(4),
                        name: "赵副主任".into(),
                        unit: Some(UnitId(1)),
                    },
                ]
            }
        }
        let mut s = series("FREQ=MONTHLY;BYDAY=1MO", d(2025, 1, 1), Shift::Next);
        s.attendee_rules.push(AttendeeRule {
            roles: vec![LeaderRole::Director, LeaderRole::Deputy],
            scope: UnitScope::Unit(UnitId(1)),
        });
        let people = expected_attendees(&s, &Leaders, d(2025, 1, 6));
        let names: Vec<&str> = people.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["王主任", "赵副主任", "李副主任"]);
        assert!(expected_attendees(&s, &NoPositions, d(2025, 1, 6)).len() == 2);
        let agenda = default_agenda(&s, &people[1..2]);
        assert_eq!(agenda.len(), 2);
        assert_eq!(agenda[1].reporter.as_deref(), Some("赵副主任"));
    }

    #[test]
    fn kinds_and_shifts_parse() {
        assert_eq!(
            MeetingKind::parse("directors-office"),
            Some(MeetingKind::DirectorsOffice)
        );
        assert_eq!(MeetingKind::parse("推进会"), Some(MeetingKind::Progress));
        assert_eq!(MeetingKind::parse("party"), None);
        assert_eq!(parse_shift("Previous"), Some(Shift::Previous));
        assert_eq!(parse_shift("later"), None);
    }
}
