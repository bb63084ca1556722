//! Meetings, their series, the schedule they give, and the tasks they hand
//! out: the shapes these take on the wire.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::limits;
use crate::domain::UnitId;
use crate::domain::limits::{Limited, items};
use crate::domain::meeting::{
    AgendaItem, Attendee, AttendeeRule, Meeting, MeetingId, MeetingKind, MeetingSeries, Presence,
    SeriesId, Slot,
};
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::permissions::Need;
use crate::domain::task::{Task, TaskId, TaskStatus};
use crate::domain::workdays::{Calendar, Shift};
use crate::lang::Lang;

/// What a form or the command line gives to create or change a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeriesDraft {
    pub kind: MeetingKind,
    pub title: String,
    pub host: UnitId,
    /// RRULE text, e.g. `FREQ=MONTHLY;BYDAY=1MO`.
    pub rule: String,
    pub start: NaiveDate,
    pub time: NaiveTime,
    pub duration_minutes: u32,
    pub place: String,
    pub shift: Shift,
    pub attendee_rules: Vec<AttendeeRule>,
    pub attendees: Vec<Attendee>,
    pub agenda: Vec<AgendaItem>,
    pub report_per_attendee: bool,
}

impl SeriesDraft {
    /// The draft that leaves `s` as it is, for an edit to change what it names.
    pub fn of(s: &MeetingSeries) -> SeriesDraft {
        SeriesDraft {
            kind: s.kind,
            title: s.title.clone(),
            host: s.host,
            rule: s.rule.to_string(),
            start: s.start,
            time: s.time,
            duration_minutes: s.duration_minutes,
            place: s.place.clone(),
            shift: s.shift,
            attendee_rules: s.attendee_rules.clone(),
            attendees: s.attendees.clone(),
            agenda: s.agenda.clone(),
            report_per_attendee: s.report_per_attendee,
        }
    }
}

/// Something worth telling the user that is not a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// Meetings fall in years without an official holiday arrangement.
    UncoveredYears(Vec<i32>),
    /// The user's holiday file could not be read; the built-in calendar is used.
    HolidayFile {
        path: String,
        zh: String,
        en: String,
    },
}

impl Notice {
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Notice::UncoveredYears(years), Lang::Zh) => format!(
                "注意：程序没有 {} 年的法定节假日安排，这些年份只按周末顺延。可在 {} 中补充。",
                join_years(years, "、"),
                crate::paths::holidays_file_shown()
            ),
            (Notice::UncoveredYears(years), Lang::En) => format!(
                "Note: no official holiday arrangement is known for {}; only weekends are skipped there. Add the year in {}.",
                join_years(years, ", "),
                crate::paths::holidays_file_shown()
            ),
            (Notice::HolidayFile { path, zh, .. }, Lang::Zh) => {
                format!("注意：{path}：{zh}。暂用内置的节假日安排。")
            }
            (Notice::HolidayFile { path, en, .. }, Lang::En) => {
                format!("Note: {path}: {en}. Using the built-in holidays.")
            }
        }
    }
}

fn join_years(years: &[i32], sep: &str) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

/// One line of the schedule: a slot with what a list needs to show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleEntry {
    pub slot: Slot,
    pub title: String,
    pub kind: MeetingKind,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub entries: Vec<ScheduleEntry>,
    pub notices: Vec<Notice>,
}

/// A meeting's page: the stored meeting, or the draft a new record starts from (id 0, rev 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPage {
    pub series: MeetingSeries,
    pub meeting: Meeting,
    /// Open tasks of the meeting's attendees, to hear on their progress.
    pub open_tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskDraft {
    pub title: String,
    pub owner: Attendee,
    pub unit: Option<UnitId>,
    pub meeting: Option<MeetingId>,
    pub opened: NaiveDate,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TaskChange {
    Status(TaskStatus),
    Note { on: NaiveDate, text: String },
    Due(Option<NaiveDate>),
    Owner(Attendee),
    Title(String),
}

requests! {
    area MeetingsRequest in Meetings;

    // Meetings and tasks are checked against the unit of the record they
    // touch, which only the service knows once it has read the record.
    query ListSeries { include_archived: bool } -> Vec<MeetingSeries>;
    query ResolveSeries { given: String } -> MeetingSeries;
    query GetSchedule { from: NaiveDate, to: NaiveDate } -> Schedule;
    query GetMeetingPage { series: SeriesId, date: NaiveDate } -> MeetingPage;
    /// The page of the meeting a task came from.
    query TaskMeetingPage { task: TaskId } -> MeetingPage;
    query ListTasks { owner: Option<String>, overdue_only: bool, today: NaiveDate } -> Vec<Task>;
    query GetMeetingFigures { from: NaiveDate, to: NaiveDate, today: NaiveDate } -> MeetingFigures;
    query ExportIcs { horizon: NaiveDate } -> String;
    /// The holidays and make-up days the dates are moved by: the server's,
    /// so a client's calendar shows what its schedule follows.
    query GetCalendar {} -> Calendar;
    /// The first meetings a series draft would give on or after `from`, without saving it.
    /// When it edits series `editing`, that series' skipped and moved dates and its recorded
    /// meetings stay, as they would once saved.
    query PreviewSeries {
        draft: SeriesDraft,
        from: NaiveDate,
        count: usize,
        editing: Option<SeriesId>,
    } -> Schedule,
        limits(r) { limits::series(&r.draft) };
    write CreateSeries { draft: SeriesDraft } -> MeetingSeries,
        needs(r) { vec![Need::Write(r.draft.host)] },
        limits(r) { limits::series(&r.draft) };
    write UpdateSeries { id: SeriesId, rev: u64, draft: SeriesDraft } -> MeetingSeries,
        needs(r) { vec![Need::Write(r.draft.host)] },
        limits(r) { limits::series(&r.draft) };
    write ArchiveSeries { id: SeriesId, rev: u64 } -> MeetingSeries;
    /// Creates (id 0) or updates a meeting record.
    write SaveMeeting { meeting: Meeting } -> Meeting,
        limits(r) { limits::meeting(&r.meeting) };
    /// Takes attendance at the meeting of `series` on `date` (its rule date
    /// or the date it is held), recording it if it is not yet: each
    /// attendee gets its presence, added to the list if not on it. One
    /// known only by name is the one of that name on the list. Applied to
    /// the meeting as it is when saved, so marks sent at once by several
    /// people all stand; someone marked twice keeps the later mark.
    write MarkAttendance {
        series: SeriesId,
        date: NaiveDate,
        marks: Vec<(Attendee, Presence)>,
    } -> Meeting,
        limits(r) {
            items(Limited::Attendance, r.marks.len())?;
            r.marks.iter().try_for_each(|(a, p)| limits::presence(a, p))
        };
    write CreateTask { draft: TaskDraft } -> Task,
        limits(r) { limits::task(&r.draft) };
    /// `rev` is checked, except for a progress note, which only adds.
    write UpdateTask { id: TaskId, rev: u64, change: TaskChange } -> Task,
        limits(r) { limits::task_change(&r.change) };
}
