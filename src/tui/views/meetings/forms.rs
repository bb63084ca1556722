//! The forms of the 会议 tab, built from their purpose alone so that the same function opens a
//! form and rebuilds it from a draft.

use chrono::{NaiveDate, Weekday};

use crate::api::meetings::ResolveSeries;
use crate::backend::Backend;
use crate::backend::BackendExt;
use crate::domain::audit::RecordKind;
use crate::domain::meeting::{Meeting, MeetingStatus, SeriesId};
use crate::domain::recurrence::Rule;
use crate::domain::recurrence_choice::{Cadence, ORDINALS, RuleChoice};
use crate::domain::task::Task;
use crate::domain::task::TaskId;
use crate::tui::popups::form::{Field, FormPurpose, FormState};
use crate::tui::strings::Text;
use crate::tui::views::purpose::Purpose;
use serde::{Deserialize, Serialize};

pub(super) fn minutes_form(t: Text, series: SeriesId, rule_date: NaiveDate) -> FormState {
    FormState::new(
        MeetingsForm::MinutesLine { series, rule_date },
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
        MeetingsForm::AbsentReason {
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
        MeetingsForm::Substitute {
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
    purpose: MeetingsForm,
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
            Field::date("date", t.due(), due),
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
        MeetingsForm::MeetingDetails { series, rule_date },
        heading,
        vec![
            Field::date(
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
pub(super) fn meeting_of(purpose: &MeetingsForm) -> Option<(SeriesId, NaiveDate)> {
    match purpose {
        MeetingsForm::MinutesLine { series, rule_date }
        | MeetingsForm::MeetingDetails { series, rule_date }
        | MeetingsForm::AbsentReason {
            series, rule_date, ..
        }
        | MeetingsForm::Substitute {
            series, rule_date, ..
        }
        | MeetingsForm::TaskFromMinutes {
            series, rule_date, ..
        } => Some((*series, *rule_date)),
        _ => None,
    }
}

pub(super) fn task_note_form(t: Text, task: &Task) -> FormState {
    FormState::new(
        MeetingsForm::TaskNote { task: task.id },
        t.progress_title(task.id.0, &task.title),
        vec![Field::text("text", t.progress(), "")],
    )
}

/// Voiding a task entered in error, unlike dropping it (a decision of the
/// office), leaves it out of every list and figure: the form says so.
pub(super) fn void_task_form(t: Text, task: &Task) -> FormState {
    let mut form = FormState::new(
        MeetingsForm::VoidTask { task: task.id },
        format!("{}#{} {}", t.void_task_title(), task.id, task.title),
        vec![Field::text(
            "reason",
            t.void_reason(),
            t.void_task_reason_default(),
        )],
    );
    form.note = vec![t.void_task_note().to_string()];
    form.mark_clean();
    form
}

pub(super) fn goto_form(t: Text, date: NaiveDate) -> FormState {
    FormState::new(
        MeetingsForm::GotoDate,
        t.goto_title().to_string(),
        vec![Field::suggested_date("date", t.date(), &date.to_string())],
    )
}

/// The code of the 频率 choice that leaves the rule to be typed.
const CUSTOM: &str = "custom";

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The choices that write a series' rule, opened on those that make `rule`, or on 自定义 when
/// no choice makes it. `month` stands in when the rule names none.
pub(super) fn rule_choice_fields(t: Text, rule: &str, month: u8) -> Vec<Field> {
    let chosen = Rule::parse(rule)
        .ok()
        .and_then(|r| RuleChoice::from_rule(&r, month));
    let mut cadences: Vec<(String, String)> = Cadence::ALL
        .iter()
        .map(|c| (c.code().to_string(), t.cadence(*c).to_string()))
        .collect();
    cadences.push((CUSTOM.to_string(), t.custom_rule().to_string()));
    let ordinals = ORDINALS
        .iter()
        .map(|n| (n.to_string(), t.ordinal(*n).to_string()))
        .collect();
    let weekdays = WEEKDAYS
        .iter()
        .map(|d| (weekday_code(*d), t.weekday_name(*d).to_string()))
        .collect();
    let months = (1..=12u8)
        .map(|m| (m.to_string(), t.month_name(m).to_string()))
        .collect();
    let c = chosen.unwrap_or(RuleChoice {
        cadence: Cadence::Monthly,
        month,
        ordinal: 1,
        weekday: Weekday::Mon,
    });
    vec![
        Field::choice_at(
            "repeat",
            t.repeats(),
            cadences,
            chosen.map_or(CUSTOM, |c| c.cadence.code()),
        ),
        Field::choice_at("which", t.which_weekday(), ordinals, &c.ordinal.to_string()),
        Field::choice_at(
            "weekday",
            t.weekday_label(),
            weekdays,
            &weekday_code(c.weekday),
        ),
        Field::choice_at("month", t.yearly_month(), months, &c.month.to_string()),
    ]
}

fn weekday_code(d: Weekday) -> String {
    (d.num_days_from_monday() + 1).to_string()
}

/// The choices as the form holds them; `None` on 自定义.
fn chosen(form: &FormState) -> Option<RuleChoice> {
    let weekday = form.value("weekday").parse::<usize>().ok()?;
    Some(RuleChoice {
        cadence: Cadence::parse(&form.value("repeat"))?,
        month: form.value("month").parse().ok()?,
        ordinal: form.value("which").parse().ok()?,
        weekday: *WEEKDAYS.get(weekday.checked_sub(1)?)?,
    })
}

/// Keeps the rule text and the choices saying the same thing after an edit: a choice changed
/// writes the rule; a rule typed selects the choices that make it, or 自定义 when none does.
pub(super) fn sync_rule(form: &mut FormState) {
    let Some(focused) = form.fields.get(form.focus).map(|f| f.key) else {
        return;
    };
    match focused {
        "rule" => {
            let month = form.value("month").parse().unwrap_or(1);
            let typed = Rule::parse(&form.value("rule"))
                .ok()
                .and_then(|r| RuleChoice::from_rule(&r, month));
            let values = match typed {
                Some(c) => vec![
                    ("repeat", c.cadence.code().to_string()),
                    ("which", c.ordinal.to_string()),
                    ("weekday", weekday_code(c.weekday)),
                    ("month", c.month.to_string()),
                ],
                None => vec![("repeat", CUSTOM.to_string())],
            };
            let values: Vec<(String, String)> = values
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
            form.set_values(&values);
        }
        "repeat" | "which" | "weekday" | "month" => {
            if let Some(rule) = chosen(form).and_then(|c| c.to_rule()) {
                form.set_values(&[("rule".to_string(), rule.to_string())]);
            }
        }
        _ => {}
    }
}

/// What saving one of the tab's forms does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingsForm {
    AddSeries,
    /// A series, from the revision the form was opened on.
    EditSeries {
        id: SeriesId,
        rev: u64,
    },
    GotoDate,
    /// A line of minutes for the meeting of `series` on `rule_date`.
    MinutesLine {
        series: SeriesId,
        rule_date: NaiveDate,
    },
    /// Why attendee number `attendee` was away.
    AbsentReason {
        series: SeriesId,
        rule_date: NaiveDate,
        attendee: usize,
    },
    /// Who stood in for attendee number `attendee`.
    Substitute {
        series: SeriesId,
        rule_date: NaiveDate,
        attendee: usize,
    },
    /// A progress note on a task.
    TaskNote {
        task: TaskId,
    },
    /// A task entered in error: the reason for voiding it.
    VoidTask {
        task: TaskId,
    },
    /// Date, time, place and status of a meeting.
    MeetingDetails {
        series: SeriesId,
        rule_date: NaiveDate,
    },
    /// A task from line `line` of the meeting's minutes.
    TaskFromMinutes {
        series: SeriesId,
        rule_date: NaiveDate,
        line: usize,
    },
}

impl MeetingsForm {
    pub fn of(purpose: &FormPurpose) -> Option<&MeetingsForm> {
        purpose.of()
    }
}

impl Purpose for MeetingsForm {
    fn edits(&self) -> Option<(RecordKind, u64)> {
        match self {
            MeetingsForm::EditSeries { id, .. } => Some((RecordKind::MeetingSeries, id.0)),
            _ => None,
        }
    }

    fn edits_existing(&self) -> bool {
        matches!(self, MeetingsForm::EditSeries { .. })
    }

    fn is_query(&self) -> bool {
        matches!(self, MeetingsForm::GotoDate)
    }

    fn query_hint(&self, text: Text) -> Option<&'static str> {
        self.is_query().then(|| text.goto_form_hint())
    }

    fn take_latest(&mut self, backend: &dyn Backend) {
        if let MeetingsForm::EditSeries { id, rev } = self
            && let Ok(fresh) = backend.run(ResolveSeries {
                given: id.to_string().to_string(),
            })
        {
            *rev = fresh.rev;
        }
    }
}
