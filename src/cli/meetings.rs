//! `ggw meetings …`, `ggw tasks …` and `ggw report`: meeting series, the schedule, recording a
//! meeting, tasks and the figures, for people at a shell and for scripts.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Datelike, Local, NaiveDate};
use clap::Subcommand;

use super::Context;
use super::args::Format;
use super::text::{self, meetings as words};
use crate::api::admin::{UnvoidRecord, VoidRecord};
use crate::api::meetings::{
    CreateSeries, CreateTask, ExportIcs, GetCalendar, GetMeetingPage, GetSchedule, ListSeries,
    ListTasks, MarkAttendance, ResolveSeries, SaveMeeting, SeriesDraft, TaskChange, TaskDraft,
    UpdateSeries, UpdateTask,
};
use crate::api::people::{ListPeople, PeopleFilter, attendee_from_roster};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::audit::RecordKind;
use crate::domain::meeting::{
    AgendaItem, Attendee, AttendeeRule, LeaderRole, Meeting, MeetingKind, MeetingSeries,
    MeetingStatus, Presence, UnitScope, parse_shift,
};
use crate::domain::recurrence::{End, Rule};
use crate::domain::task::{Task, TaskStatus};
use crate::domain::{UnitKind, workdays::Shift};
use crate::error::{Error, Result};
use crate::io::input::{parse_date, parse_time};
use crate::lang::Lang;

#[derive(Debug, Subcommand)]
pub enum MeetingsCommand {
    /// Meeting series: add, edit or list
    #[command(subcommand)]
    Series(SeriesCommand),
    /// The meetings between two dates: where held, the rule's date, and why they differ
    List {
        #[arg(long, value_name = "DATE")]
        from: String,
        #[arg(long, value_name = "DATE")]
        to: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One meeting: details, attendance, agenda, minutes, open tasks of its attendees
    Show {
        /// Series: id or title
        series: String,
        /// The meeting's date (the rule's date or the date it is held)
        date: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record what happened to a meeting: held, postponed, cancelled, minutes, decisions
    Record {
        series: String,
        date: String,
        /// The meeting took place
        #[arg(long, conflicts_with_all = ["postpone_to", "cancel"])]
        held: bool,
        /// Move it to another date
        #[arg(long, value_name = "DATE", conflicts_with = "cancel")]
        postpone_to: Option<String>,
        /// Cancel it, with the reason
        #[arg(long, value_name = "REASON")]
        cancel: Option<String>,
        #[arg(long)]
        time: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// Minutes (replaces what was there); see also --minutes-file
        #[arg(long, conflicts_with = "minutes_file")]
        minutes: Option<String>,
        #[arg(long, value_name = "FILE")]
        minutes_file: Option<PathBuf>,
        /// A decision (repeat for several); added to those already recorded
        #[arg(long = "decision", value_name = "TEXT")]
        decisions: Vec<String>,
    },
    /// Take attendance: mark people present, absent (with reason) or substituted
    Attend {
        series: String,
        date: String,
        /// Names, comma-separated or repeated
        #[arg(long, value_delimiter = ',', value_name = "NAME")]
        present: Vec<String>,
        /// NAME:REASON, repeated
        #[arg(long, value_name = "NAME:REASON")]
        absent: Vec<String>,
        /// NAME:STAND-IN, repeated
        #[arg(long, value_name = "NAME:STAND-IN")]
        substitute: Vec<String>,
    },
    /// Void a meeting recorded in error: the series shows it again as if
    /// never recorded, and no figure counts the record
    Void {
        series: String,
        date: String,
        /// Why, e.g. 录错了日期
        #[arg(long)]
        reason: String,
    },
    /// Restore a voided meeting record (administrators only)
    Unvoid {
        /// The record's id (ggw history shows it)
        id: u64,
    },
    /// Write the live series as an iCalendar file for phone and desktop calendars
    Export {
        #[arg(long, value_parser = ["ics"], default_value = "ics")]
        format: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
}

// Parsed once per run; boxing the big variant would only obscure the clap attributes.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum SeriesCommand {
    /// Add a meeting series
    Add {
        /// directors-office, progress, plenary or other (or 主任办公会, 工作推进会, …)
        #[arg(long)]
        kind: String,
        #[arg(long)]
        title: String,
        /// An RFC 5545 recurrence rule, e.g. FREQ=MONTHLY;BYDAY=1MO or
        /// FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU or FREQ=MONTHLY;BYDAY=-1FR
        #[arg(long)]
        rule: String,
        #[arg(long, value_name = "DATE")]
        start: String,
        /// Start time, e.g. 09:00
        #[arg(long)]
        time: String,
        #[arg(long, value_name = "DATE", conflicts_with = "count")]
        until: Option<String>,
        #[arg(long, value_name = "N")]
        count: Option<u32>,
        /// What happens on a weekend or holiday: next (default), previous or none
        #[arg(long, default_value = "next")]
        shift: String,
        #[arg(long, default_value = "")]
        place: String,
        /// Host unit: id, path or unique name [default: the district]
        #[arg(long, value_name = "UNIT")]
        host: Option<String>,
        /// Length in minutes
        #[arg(long, default_value_t = 120)]
        duration: u32,
        /// An attendee from the roster: a name only one person has, or #ID
        /// (repeat, or comma-separated)
        #[arg(long = "attendee", value_delimiter = ',', value_name = "NAME")]
        attendees: Vec<String>,
        /// A guest who is not on the roster, by name (repeat, or comma-separated)
        #[arg(long = "guest", value_delimiter = ',', value_name = "NAME")]
        guests: Vec<String>,
        /// Attendees by role: ROLES@UNIT (e.g. director,deputy@爱辉区) or
        /// ROLES@UNIT>KINDS (e.g. director@爱辉区>township,subdistrict,education-bureau)
        #[arg(long = "invite", value_name = "ROLES@UNIT")]
        invite: Vec<String>,
        /// A standing agenda item (repeat)
        #[arg(long = "agenda", value_name = "TEXT")]
        agenda: Vec<String>,
        /// Give each attendee a progress report on the agenda
        #[arg(long)]
        report_per_attendee: bool,
    },
    /// Change a series: only what is given changes; meetings already recorded stay as they are
    Edit {
        /// Series: id or title
        series: String,
        #[arg(long)]
        title: Option<String>,
        /// A new recurrence rule (RFC 5545), e.g. FREQ=MONTHLY;BYDAY=2MO
        #[arg(long)]
        rule: Option<String>,
        #[arg(long)]
        time: Option<String>,
        #[arg(long)]
        place: Option<String>,
        /// End the series on this date
        #[arg(long, value_name = "DATE", conflicts_with = "count")]
        until: Option<String>,
        /// End the series after N meetings
        #[arg(long, value_name = "N")]
        count: Option<u32>,
        /// What happens on a weekend or holiday: next, previous or none
        #[arg(long)]
        shift: Option<String>,
        /// Refuse the edit if the series is no longer at this revision (see `series list`)
        #[arg(long, value_name = "N")]
        rev: Option<u64>,
    },
    /// List the series
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum TasksCommand {
    /// Tasks by owner, overdue first
    List {
        /// Only tasks whose owner's name contains this
        #[arg(long)]
        owner: Option<String>,
        /// Only overdue tasks
        #[arg(long)]
        overdue: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Judge "overdue" as of this date [default: today]
        #[arg(long, value_name = "DATE", hide = true)]
        today: Option<String>,
    },
    /// Add a task, optionally from a meeting (and one line of its minutes)
    Add {
        /// The task; may be left out with --minutes-line
        #[arg(long, required_unless_present = "minutes_line")]
        title: Option<String>,
        /// Who carries it out; with --minutes-line, the line's speaker by default
        #[arg(long, required_unless_present = "minutes_line")]
        owner: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// Unit the task belongs to: id, path or unique name
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// The meeting it came from: series (id or title) …
        #[arg(long, requires = "date")]
        series: Option<String>,
        /// … and the meeting's date
        #[arg(long, value_name = "DATE", requires = "series")]
        date: Option<String>,
        /// Take the title from this line of the meeting's minutes (1 = first)
        #[arg(long, value_name = "N", requires = "series")]
        minutes_line: Option<usize>,
    },
    /// Mark a task done
    Done {
        id: u64,
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Drop a task, with the reason
    Drop {
        id: u64,
        #[arg(long)]
        reason: String,
    },
    /// Add a progress note
    Note { id: u64, text: String },
    /// Take a done or dropped task up again
    Reopen { id: u64 },
    /// Void a task typed in error: kept and audited, counted nowhere
    Void {
        id: u64,
        /// Why, e.g. 重复录入
        #[arg(long)]
        reason: String,
    },
    /// Restore a voided task (administrators only)
    Unvoid { id: u64 },
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn say(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(super::output::io_err)
}

/// Lines through one buffer, flushed when done: a list leaves in large
/// writes, not one per line.
struct Lines(std::io::BufWriter<std::io::StdoutLock<'static>>);

impl Lines {
    fn new() -> Lines {
        Lines(std::io::BufWriter::new(std::io::stdout().lock()))
    }

    fn say(&mut self, text: &str) -> Result<()> {
        writeln!(self.0, "{text}").map_err(super::output::io_err)
    }

    fn done(mut self) -> Result<()> {
        self.0.flush().map_err(super::output::io_err)
    }
}

fn warn(text: &str) {
    let _ = writeln!(std::io::stderr(), "ggw: {text}");
}

fn kind_label(k: MeetingKind, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => k.label_zh(),
        Lang::En => k.label_en(),
    }
}

fn role_parse(s: &str) -> Option<LeaderRole> {
    match s.trim().to_ascii_lowercase().as_str() {
        "director" | "主任" => Some(LeaderRole::Director),
        "executive-deputy" | "常务副主任" => Some(LeaderRole::ExecutiveDeputy),
        "deputy" | "副主任" => Some(LeaderRole::Deputy),
        "member" | "成员" => Some(LeaderRole::Member),
        _ => None,
    }
}

fn parse_invite(b: &dyn Backend, given: &str) -> Result<AttendeeRule> {
    let bad = || {
        let (zh, en) = words::bad_invite(given);
        Error::BadRule { zh, en }
    };
    let (roles, place) = given.split_once('@').ok_or_else(bad)?;
    let roles = roles
        .split(',')
        .map(|r| role_parse(r).ok_or_else(bad))
        .collect::<Result<Vec<_>>>()?;
    let scope = match place.split_once('>') {
        None => UnitScope::Unit(
            b.run(ResolveUnit {
                given: place.to_string(),
            })?
            .id,
        ),
        Some((parent, kinds)) => UnitScope::ChildrenOf {
            parent: b
                .run(ResolveUnit {
                    given: parent.to_string(),
                })?
                .id,
            kinds: kinds
                .split(',')
                .map(|k| {
                    UnitKind::parse(k).ok_or_else(|| Error::UnknownKind {
                        given: k.to_string(),
                    })
                })
                .collect::<Result<_>>()?,
        },
    };
    Ok(AttendeeRule { roles, scope })
}

/// `--rule` with `--until`/`--count` folded in, checked by the same parser the service uses.
fn rule_text(rule: &str, until: Option<NaiveDate>, count: Option<u32>) -> Result<String> {
    let parsed = Rule::parse(rule).map_err(|e| Error::BadRule {
        zh: e.to_string(),
        en: e.message_en(),
    })?;
    let end = match (until, count) {
        (Some(d), _) => End::Until(d),
        (None, Some(n)) => End::Count(n),
        (None, None) => return Ok(parsed.to_string()),
    };
    parsed
        .with_end(end)
        .map(|r| r.to_string())
        .map_err(|e| Error::BadRule {
            zh: e.to_string(),
            en: e.message_en(),
        })
}

pub fn meetings_command(ctx: &Context, cmd: MeetingsCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let lang = ctx.lang;
    match cmd {
        MeetingsCommand::Series(SeriesCommand::Add {
            kind,
            title,
            rule,
            start,
            time,
            until,
            count,
            shift,
            place,
            host,
            duration,
            attendees,
            guests,
            invite,
            agenda,
            report_per_attendee,
        }) => {
            let kind =
                MeetingKind::parse(&kind).ok_or(Error::UnknownMeetingKind { given: kind })?;
            let shift: Shift = parse_shift(&shift).ok_or(Error::UnknownShift { given: shift })?;
            let until = until.as_deref().map(parse_date).transpose()?;
            let host = match host {
                Some(h) => b.run(ResolveUnit {
                    given: h.to_string(),
                })?,
                None => b
                    .run(ListUnits {
                        include_archived: false,
                    })?
                    .into_iter()
                    .find(|u| u.parent.is_none())
                    .ok_or(Error::UnitNotFound {
                        given: String::new(),
                    })?,
            };
            let draft = SeriesDraft {
                kind,
                title,
                host: host.id,
                rule: rule_text(&rule, until, count)?,
                start: parse_date(&start)?,
                time: parse_time(&time)?,
                duration_minutes: duration,
                place,
                shift,
                attendee_rules: invite
                    .iter()
                    .map(|i| parse_invite(&b, i))
                    .collect::<Result<_>>()?,
                attendees: series_attendees(&b, &attendees, &guests)?,
                agenda: agenda
                    .into_iter()
                    .map(|title| AgendaItem {
                        title,
                        reporter: None,
                    })
                    .collect(),
                report_per_attendee,
            };
            let s = b.run(CreateSeries { draft })?;
            say(&format!(
                "{} #{} {}：{}",
                words::series_saved(lang),
                s.id,
                s.title,
                s.rule.describe()
            ))?;
            say_next(&b, &s, s.start, lang)?;
        }
        MeetingsCommand::Series(SeriesCommand::Edit {
            series,
            title,
            rule,
            time,
            place,
            until,
            count,
            shift,
            rev,
        }) => {
            let before = b.run(ResolveSeries {
                given: series.to_string(),
            })?;
            let mut draft = SeriesDraft::of(&before);
            if let Some(t) = title {
                draft.title = t;
            }
            if let Some(t) = time {
                draft.time = parse_time(&t)?;
            }
            if let Some(p) = place {
                draft.place = p;
            }
            if let Some(given) = shift {
                draft.shift = parse_shift(&given).ok_or(Error::UnknownShift { given })?;
            }
            let until = until.as_deref().map(parse_date).transpose()?;
            if rule.is_some() || until.is_some() || count.is_some() {
                let base = rule.unwrap_or_else(|| draft.rule.clone());
                draft.rule = rule_text(&base, until, count)?;
            }
            let s = b.run(UpdateSeries {
                id: before.id,
                rev: rev.unwrap_or(before.rev),
                draft,
            })?;
            say(&format!(
                "{} #{} {}：{}",
                words::series_changed(lang),
                s.id,
                s.title,
                s.rule.describe()
            ))?;
            say_next(&b, &s, today().max(s.start), lang)?;
        }
        MeetingsCommand::Series(SeriesCommand::List { format }) => {
            print_series(
                &b.run(ListSeries {
                    include_archived: false,
                })?,
                format,
                lang,
            )?;
        }
        MeetingsCommand::List { from, to, format } => {
            let schedule = b.run(GetSchedule {
                from: parse_date(&from)?,
                to: parse_date(&to)?,
            })?;
            for n in &schedule.notices {
                warn(&n.message(lang));
            }
            print_schedule(&schedule.entries, format, lang)?;
        }
        MeetingsCommand::Show {
            series,
            date,
            format,
        } => {
            let s = b.run(ResolveSeries {
                given: series.to_string(),
            })?;
            let page = b.run(GetMeetingPage {
                series: s.id,
                date: parse_date(&date)?,
            })?;
            match format {
                Format::Json => super::output::json(&page)?,
                Format::Text => print_meeting(&page.series, &page.meeting, &page.open_tasks, lang)?,
            }
        }
        MeetingsCommand::Record {
            series,
            date,
            held,
            postpone_to,
            cancel,
            time,
            place,
            minutes,
            minutes_file,
            decisions,
        } => {
            let (s, mut m) = load_meeting(&b, &series, &date)?;
            if held {
                m.status = MeetingStatus::Held;
            }
            if let Some(to) = postpone_to {
                let to = parse_date(&to)?;
                m.status = MeetingStatus::Postponed { from: m.date };
                m.date = to;
            }
            if let Some(reason) = cancel {
                m.status = MeetingStatus::Cancelled { reason };
            }
            if let Some(t) = time {
                m.time = parse_time(&t)?;
            }
            if let Some(p) = place {
                m.place = p;
            }
            if let Some(text) = minutes {
                m.minutes = text;
            }
            if let Some(path) = minutes_file {
                m.minutes = std::fs::read_to_string(&path).map_err(|e| Error::Io {
                    detail: format!("{}: {e}", path.display()),
                })?;
            }
            m.decisions.extend(decisions);
            let m = b.run(SaveMeeting { meeting: m })?;
            say(&format!(
                "{} #{} {} {}（{}）",
                words::meeting_saved(lang),
                m.id,
                s.title,
                m.date,
                status_label(&m.status, lang)
            ))?;
        }
        MeetingsCommand::Attend {
            series,
            date,
            present,
            absent,
            substitute,
        } => {
            let s = b.run(ResolveSeries {
                given: series.to_string(),
            })?;
            let named = |name: &str| Attendee::named(name.trim());
            let mut marks: Vec<(Attendee, Presence)> = present
                .iter()
                .filter(|n| !n.trim().is_empty())
                .map(|n| (named(n), Presence::Present))
                .collect();
            for given in &absent {
                let (name, reason) = given.split_once([':', '：']).unwrap_or((given, ""));
                let reason = reason.trim().to_string();
                marks.push((named(name), Presence::Absent { reason }));
            }
            for given in &substitute {
                let (name, by) =
                    given
                        .split_once([':', '：'])
                        .ok_or_else(|| Error::UnknownPresence {
                            given: given.clone(),
                        })?;
                let by = by.trim().to_string();
                marks.push((named(name), Presence::Substitute { by }));
            }
            // Sent as marks, not as an edited copy of the meeting, so that
            // several people taking attendance at once do not conflict.
            let m = b.run(MarkAttendance {
                series: s.id,
                date: parse_date(&date)?,
                marks,
            })?;
            let present = m
                .attendance
                .iter()
                .filter(|e| e.presence == Presence::Present)
                .count();
            say(&format!(
                "{} #{} {} {}：{}/{}",
                words::attendance_saved(lang),
                m.id,
                s.title,
                m.date,
                present,
                m.attendance.len()
            ))?;
        }
        MeetingsCommand::Void {
            series,
            date,
            reason,
        } => {
            let (s, m) = load_meeting(&b, &series, &date)?;
            if m.id.0 == 0 {
                let (zh, en) = words::not_recorded_to_void(&s.title, m.rule_date);
                return Err(Error::VoidRefused { zh, en });
            }
            b.run(VoidRecord {
                kind: RecordKind::Meeting,
                id: m.id.0,
                reason: reason.to_string(),
            })?;
            say(&format!(
                "{} #{} {} {}",
                words::meeting_voided(lang),
                m.id,
                s.title,
                m.date
            ))?;
        }
        MeetingsCommand::Unvoid { id } => {
            b.run(UnvoidRecord {
                kind: RecordKind::Meeting,
                id,
            })?;
            say(&format!("{} #{id}", words::meeting_restored(lang)))?;
        }
        MeetingsCommand::Export { output, .. } => {
            let horizon = export_horizon(&b.run(GetCalendar {})?);
            let text = b.run(ExportIcs { horizon })?;
            std::fs::write(&output, text).map_err(|e| Error::Io {
                detail: format!("{}: {e}", output.display()),
            })?;
            say(&format!(
                "{} {}",
                words::calendar_written(lang),
                output.display()
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The series' next six meetings from `from`, with any warning about years without holiday data.
fn say_next(b: &dyn Backend, s: &MeetingSeries, from: NaiveDate, lang: Lang) -> Result<()> {
    let horizon = from
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(from);
    let first = b.run(GetSchedule { from, to: horizon })?;
    let next: Vec<String> = first
        .entries
        .iter()
        .filter(|e| e.slot.series == s.id)
        .take(6)
        .map(|e| e.slot.date.to_string())
        .collect();
    if !next.is_empty() {
        say(&format!("{}{}", words::next_meetings(lang), next.join(" ")))?;
    }
    for n in &first.notices {
        warn(&n.message(lang));
    }
    Ok(())
}

/// Holiday moves are exported up to the end of the last year the calendar knows, or the end
/// of next year, whichever is later; beyond that the rule's own dates stand.
fn export_horizon(calendar: &crate::domain::workdays::Calendar) -> NaiveDate {
    let last_known = calendar.years().last().unwrap_or(0);
    let year = last_known.max(today().year() + 1);
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Attendees from the roster by name (or `#ID`), then the guests, who
/// alone stay free names.
fn series_attendees(b: &dyn Backend, named: &[String], guests: &[String]) -> Result<Vec<Attendee>> {
    let named: Vec<&str> = named
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    let mut out = Vec::new();
    if !named.is_empty() {
        let roster = b.run(ListPeople {
            filter: PeopleFilter {
                include_non_elders: true,
                ..PeopleFilter::default()
            },
        })?;
        for a in named {
            out.push(attendee_from_roster(&roster, a)?);
        }
    }
    for g in guests.iter().map(|g| g.trim()).filter(|g| !g.is_empty()) {
        out.push(Attendee::named(&crate::domain::text::check_name(g)?));
    }
    Ok(out)
}

fn load_meeting(b: &dyn Backend, series: &str, date: &str) -> Result<(MeetingSeries, Meeting)> {
    let s = b.run(ResolveSeries {
        given: series.to_string(),
    })?;
    let page = b.run(GetMeetingPage {
        series: s.id,
        date: parse_date(date)?,
    })?;
    Ok((page.series, page.meeting))
}

fn status_label(s: &MeetingStatus, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => s.label_zh(),
        Lang::En => s.label_en(),
    }
}

fn print_series(series: &[MeetingSeries], format: Format, lang: Lang) -> Result<()> {
    if format == Format::Json {
        return super::output::json(&series);
    }
    let mut out = Lines::new();
    for s in series {
        out.say(&format!(
            "#{} {} [{}] {}（{}）{} {}  {} {}",
            s.id,
            crate::domain::text::for_display(&s.title),
            kind_label(s.kind, lang),
            s.rule.describe(),
            s.rule,
            s.time.format("%H:%M"),
            crate::domain::text::for_display(&s.place),
            words::rev(lang),
            s.rev
        ))?;
    }
    out.done()
}

#[derive(serde::Serialize)]
struct SlotJson<'a> {
    series: u64,
    title: &'a str,
    kind: &'static str,
    date: NaiveDate,
    rule_date: NaiveDate,
    time: String,
    place: &'a str,
    status: &'static str,
    reason: Option<String>,
    meeting: Option<u64>,
}

fn print_schedule(
    entries: &[crate::api::meetings::ScheduleEntry],
    format: Format,
    lang: Lang,
) -> Result<()> {
    if format == Format::Json {
        let rows: Vec<SlotJson> = entries
            .iter()
            .map(|e| SlotJson {
                series: e.slot.series.0,
                title: &e.title,
                kind: e.kind.code(),
                date: e.slot.date,
                rule_date: e.slot.rule_date,
                time: e.slot.time.format("%H:%M").to_string(),
                place: &e.place,
                status: e.slot.status.code(),
                reason: e.slot.reason.as_ref().map(|r| r.message(lang)),
                meeting: e.slot.meeting.map(|m| m.0),
            })
            .collect();
        return super::output::json(&rows);
    }
    let mut out = Lines::new();
    for e in entries {
        let s = &e.slot;
        let mut line = format!(
            "{} {} {}  {} #{}  {}",
            s.date,
            words::weekday(s.date, lang),
            s.time.format("%H:%M"),
            crate::domain::text::for_display(&e.title),
            s.series,
            status_label(&s.status, lang)
        );
        if s.date != s.rule_date || s.reason.is_some() {
            line.push_str(&format!("  {} {}", words::rule_date(lang), s.rule_date));
            if let Some(r) = &s.reason {
                line.push_str(text::label_sep(lang));
                line.push_str(&crate::domain::text::for_display(&r.message(lang)));
            }
        }
        out.say(&line)?;
    }
    out.done()
}

fn print_meeting(s: &MeetingSeries, m: &Meeting, open: &[Task], lang: Lang) -> Result<()> {
    use crate::domain::text::for_display;
    let mut out = Lines::new();
    let stored = if m.id.0 == 0 {
        words::not_yet_recorded(lang).to_string()
    } else {
        format!(" #{}", m.id)
    };
    out.say(&format!(
        "{} {} {} {}{stored}",
        for_display(&s.title),
        m.date,
        words::weekday(m.date, lang),
        m.time.format("%H:%M")
    ))?;
    if m.date != m.rule_date {
        out.say(&format!(
            "{}：{}",
            words::rule_date_label(lang),
            m.rule_date
        ))?;
    }
    out.say(&format!(
        "{}：{}",
        words::place_label(lang),
        for_display(&m.place)
    ))?;
    let status = match &m.status {
        MeetingStatus::Cancelled { reason } => {
            format!(
                "{}（{}）",
                status_label(&m.status, lang),
                for_display(reason)
            )
        }
        MeetingStatus::Postponed { from } => format!("{}（{from}）", status_label(&m.status, lang)),
        other => status_label(other, lang).to_string(),
    };
    out.say(&format!("{}：{status}", words::status_label(lang)))?;
    out.say(words::attendance_heading(lang))?;
    for e in &m.attendance {
        out.say(&format!(
            "  {}  {}",
            for_display(&e.attendee.name),
            words::presence(&e.presence, lang)
        ))?;
    }
    if !m.agenda.is_empty() {
        out.say(words::agenda_heading(lang))?;
        for (i, a) in m.agenda.iter().enumerate() {
            out.say(&format!("  {}. {}", i + 1, for_display(&a.title)))?;
        }
    }
    if !m.minutes.is_empty() {
        out.say(words::minutes_heading(lang))?;
        for (i, line) in m.minutes.lines().enumerate() {
            out.say(&format!("  {:>2} {}", i + 1, for_display(line)))?;
        }
    }
    if !m.decisions.is_empty() {
        out.say(words::decisions_heading(lang))?;
        for d in &m.decisions {
            out.say(&format!("  - {}", for_display(d)))?;
        }
    }
    if !open.is_empty() {
        out.say(words::attendees_open_tasks(lang))?;
        let day = today();
        for t in open {
            out.say(&task_line(t, day, lang))?;
        }
    }
    out.done()
}

fn task_line(t: &Task, today: NaiveDate, lang: Lang) -> String {
    use crate::domain::text::for_display;
    let flag = if t.is_overdue(today) {
        words::overdue_mark(lang)
    } else {
        ""
    };
    let due = t
        .due
        .map(|d| format!(" {}{d}", words::due(lang)))
        .unwrap_or_default();
    let status = match lang {
        Lang::Zh => t.status.label_zh(),
        Lang::En => t.status.label_en(),
    };
    format!(
        "  #{} {flag}{}{due} [{status}]",
        t.id,
        for_display(&t.title)
    )
}

#[derive(serde::Serialize)]
struct TaskJson<'a> {
    #[serde(flatten)]
    task: &'a Task,
    overdue: bool,
}

pub fn tasks_command(ctx: &Context, cmd: TasksCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let lang = ctx.lang;
    match cmd {
        TasksCommand::List {
            owner,
            overdue,
            format,
            today: day,
        } => {
            let day = day
                .as_deref()
                .map(parse_date)
                .transpose()?
                .unwrap_or_else(today);
            let tasks = b.run(ListTasks {
                owner,
                overdue_only: overdue,
                today: day,
            })?;
            let groups = crate::domain::task::by_owner(&tasks, day);
            if format == Format::Json {
                let rows: Vec<TaskJson> = groups
                    .iter()
                    .flat_map(|(_, list)| list.iter())
                    .map(|t| TaskJson {
                        task: t,
                        overdue: t.is_overdue(day),
                    })
                    .collect();
                return super::output::json(&rows).map(|_| ExitCode::SUCCESS);
            }
            let mut out = Lines::new();
            for (owner, list) in &groups {
                out.say(&crate::domain::text::for_display(owner))?;
                for t in list {
                    out.say(&task_line(t, day, lang))?;
                }
            }
            out.done()?;
        }
        TasksCommand::Add {
            title,
            owner,
            due,
            unit,
            series,
            date,
            minutes_line,
        } => {
            let meeting = match (series, date) {
                (Some(s), Some(d)) => Some(load_meeting(&b, &s, &d)?.1),
                _ => None,
            };
            let line = match (minutes_line, &meeting) {
                (Some(n), Some(m)) => Some(
                    m.minutes
                        .lines()
                        .nth(n.saturating_sub(1))
                        .ok_or(Error::NoSuchRecord { id: n as u64 })?,
                ),
                _ => None,
            };
            // "张国庆：报送方案" gives the owner and the title.
            let (speaker, said) = match line {
                Some(l) => crate::domain::meeting::split_speaker(l),
                None => (None, ""),
            };
            let title = title.unwrap_or_else(|| said.to_string());
            let owner = owner
                .or_else(|| speaker.map(str::to_string))
                .unwrap_or_default();
            // An attendee of the meeting keeps the person and unit it knows them by.
            let owner = match &meeting {
                Some(m) => m.attendee_named(&owner),
                None => Attendee::named(owner.trim()),
            };
            let meeting_id = match meeting {
                Some(m) if m.id.0 == 0 => {
                    return Err(Error::NoMeetingOn {
                        series: words::a_recorded_meeting(lang).into(),
                        date: m.date.to_string(),
                    });
                }
                Some(m) => Some(m.id),
                None => None,
            };
            let t = b.run(CreateTask {
                draft: TaskDraft {
                    title,
                    owner,
                    unit: match unit {
                        Some(u) => Some(
                            b.run(ResolveUnit {
                                given: u.to_string(),
                            })?
                            .id,
                        ),
                        None => None,
                    },
                    meeting: meeting_id,
                    opened: today(),
                    due: due.as_deref().map(parse_date).transpose()?,
                },
            })?;
            say(&format!(
                "{} #{} {}",
                words::task_added(lang),
                t.id,
                t.title
            ))?;
        }
        TasksCommand::Done { id, on } => {
            let on = on
                .as_deref()
                .map(parse_date)
                .transpose()?
                .unwrap_or_else(today);
            let t = update(&b, id, TaskChange::Status(TaskStatus::Done { on }))?;
            say(&format!("{} #{}", words::task_done(lang), t.id))?;
        }
        TasksCommand::Drop { id, reason } => {
            let t = update(&b, id, TaskChange::Status(TaskStatus::Dropped { reason }))?;
            say(&format!("{} #{}", words::task_dropped(lang), t.id))?;
        }
        TasksCommand::Reopen { id } => {
            let t = update(&b, id, TaskChange::Status(TaskStatus::Open))?;
            say(&format!("{} #{}", words::task_reopened(lang), t.id))?;
        }
        TasksCommand::Void { id, reason } => {
            b.run(VoidRecord {
                kind: RecordKind::Task,
                id,
                reason: reason.to_string(),
            })?;
            say(&format!("{} #{id}", words::task_voided(lang)))?;
        }
        TasksCommand::Unvoid { id } => {
            b.run(UnvoidRecord {
                kind: RecordKind::Task,
                id,
            })?;
            say(&format!("{} #{id}", words::task_restored(lang)))?;
        }
        TasksCommand::Note { id, text } => {
            let t = update(&b, id, TaskChange::Note { on: today(), text })?;
            say(&format!("{} #{}", words::task_noted(lang), t.id))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn update(b: &dyn Backend, id: u64, change: TaskChange) -> Result<Task> {
    let task = b
        .run(ListTasks {
            owner: None,
            overdue_only: false,
            today: today(),
        })?
        .into_iter()
        .find(|t| t.id.0 == id)
        .ok_or(Error::NoSuchRecord { id })?;
    b.run(UpdateTask {
        id: task.id,
        rev: task.rev,
        change,
    })
}
