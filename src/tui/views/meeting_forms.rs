//! The forms of the 会议 tab, built from their purpose alone so that the same function opens a
//! form and rebuilds it from a draft.

use chrono::NaiveDate;

use crate::domain::meeting::{Meeting, MeetingStatus, SeriesId};
use crate::domain::task::Task;
use crate::tui::popups::form::{Field, FormPurpose, FormState};
use crate::tui::strings::Text;

pub(super) fn minutes_form(t: Text, series: SeriesId, rule_date: NaiveDate) -> FormState {
    FormState::new(
        FormPurpose::MinutesLine { series, rule_date },
        t.minutes_line_title().to_string(),
        vec![Field::text("text", t.minutes(), "")],
    )
}

pub(super) fn absent_form(
    t: Text,
    series: SeriesId,
    rule_date: NaiveDate,
    attendee: usize,
    name: &str,
) -> FormState {
    FormState::new(
        FormPurpose::AbsentReason {
            series,
            rule_date,
            attendee,
        },
        t.absent_title(name),
        vec![Field::text("reason", t.reason(), "")],
    )
}

pub(super) fn substitute_form(
    t: Text,
    series: SeriesId,
    rule_date: NaiveDate,
    attendee: usize,
    name: &str,
) -> FormState {
    FormState::new(
        FormPurpose::Substitute {
            series,
            rule_date,
            attendee,
        },
        t.stand_in_title(name),
        vec![Field::text("by", t.stand_in_name(), "")],
    )
}

pub(super) fn task_form(
    t: Text,
    purpose: FormPurpose,
    what: &str,
    owner: &str,
    due: &str,
) -> FormState {
    FormState::new(
        purpose,
        t.task_from_minutes().to_string(),
        vec![
            Field::text("name", t.task(), what),
            Field::text("owner", t.owner(), owner),
            Field::text("date", t.due(), due),
        ],
    )
}

/// Date, time, place and status of the meeting of `series` on `rule_date`; blank when the
/// meeting is not at hand (a draft coming back), since the draft's values go over it.
pub(super) fn details_form(
    t: Text,
    series: SeriesId,
    rule_date: NaiveDate,
    heading: String,
    m: Option<&Meeting>,
) -> FormState {
    let statuses = [
        ("planned", t.status_planned()),
        ("held", t.status_held()),
        ("cancelled", t.status_cancelled()),
    ];
    let (current, reason) = match m.map(|m| &m.status) {
        Some(MeetingStatus::Held) => ("held", ""),
        Some(MeetingStatus::Cancelled { reason }) => ("cancelled", reason.as_str()),
        _ => ("planned", ""),
    };
    FormState::new(
        FormPurpose::MeetingDetails { series, rule_date },
        heading,
        vec![
            Field::text(
                "date",
                t.date_to_postpone(),
                &m.map_or(rule_date, |m| m.date).to_string(),
            ),
            Field::text(
                "time",
                t.time(),
                &m.map_or_else(String::new, |m| m.time.format("%H:%M").to_string()),
            ),
            Field::text("place", t.place(), m.map_or("", |m| &m.place)),
            Field::choice_at(
                "status",
                t.status(),
                statuses
                    .iter()
                    .map(|(c, l)| (c.to_string(), l.to_string()))
                    .collect(),
                current,
            ),
            Field::text("reason", t.cancel_reason(), reason),
        ],
    )
}

/// The meeting a form of a meeting's page belongs to.
pub(super) fn meeting_of(purpose: &FormPurpose) -> Option<(SeriesId, NaiveDate)> {
    match purpose {
        FormPurpose::MinutesLine { series, rule_date }
        | FormPurpose::MeetingDetails { series, rule_date }
        | FormPurpose::AbsentReason {
            series, rule_date, ..
        }
        | FormPurpose::Substitute {
            series, rule_date, ..
        }
        | FormPurpose::TaskFromMinutes {
            series, rule_date, ..
        } => Some((*series, *rule_date)),
        _ => None,
    }
}

pub(super) fn task_note_form(t: Text, task: &Task) -> FormState {
    FormState::new(
        FormPurpose::TaskNote { task: task.id },
        t.progress_title(task.id.0, &task.title),
        vec![Field::text("text", t.progress(), "")],
    )
}

/// Voiding a task entered in error, unlike dropping it (a decision of the
/// office), leaves it out of every list and figure: the form says so.
pub(super) fn void_task_form(t: Text, task: &Task) -> FormState {
    let lang = t.0;
    let mut form = FormState::new(
        FormPurpose::VoidTask { task: task.id },
        format!(
            "{}#{} {}",
            lang.pick("作废任务：", "Void task: "),
            task.id,
            task.title
        ),
        vec![Field::text(
            "reason",
            lang.pick("作废原因", "Reason"),
            lang.pick("重复录入", "entered twice"),
        )],
    );
    form.note = vec![
        lang.pick(
            "仅用于录错的任务：不计入任何统计，管理员可恢复。",
            "Only for a task entered in error: counted nowhere; an admin can restore it.",
        )
        .to_string(),
    ];
    form.mark_clean();
    form
}

pub(super) fn goto_form(t: Text, date: NaiveDate) -> FormState {
    FormState::new(
        FormPurpose::GotoDate,
        t.goto_title().to_string(),
        vec![Field::suggested("date", t.date(), &date.to_string())],
    )
}
