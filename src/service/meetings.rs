//! Meeting series and meetings: creating and editing series, the schedule they give, recording
//! a meeting (held, postponed, cancelled, attendance, minutes), figures and iCalendar export.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};

use super::audit::Change;
use super::people_cache::Persons;
use super::{Actor, ChangeNotice, Draft, Response, Service, State, Written};
use crate::api::meetings::{
    ArchiveSeries, CreateSeries, CreateTask, ExportIcs, GetMeetingFigures, GetMeetingPage,
    GetSchedule, ListSeries, ListTasks, MarkAttendance, MeetingPage, MeetingsRequest, Notice,
    PreviewSeries, ResolveSeries, SaveMeeting, Schedule, ScheduleEntry, SeriesDraft,
    TaskMeetingPage, UpdateSeries, UpdateTask,
};
use crate::domain::account::Access;
use crate::domain::attendees::Teams;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::meeting::{
    self, AgendaItem, AttendanceEntry, Attendee, AttendeeResolver, Meeting, MeetingId,
    MeetingSeries, MeetingStatus, Presence, SeriesId, Slot,
};
use crate::domain::meeting_figures::{self, MeetingFigures};
use crate::domain::permissions::{self, Need};
use crate::domain::recurrence::{End, Exceptions, Rule};
use crate::domain::task::Task;
use crate::domain::tree::UnitTree;
use crate::domain::void::Voidable;
use crate::domain::workdays::Calendar;
use crate::domain::{UnitId, text, time};
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId, meeting_dates, pair_key, split_pair_key};

/// Minutes longer than this are almost surely a paste gone wrong.
pub const MAX_TEXT_CHARS: usize = 20_000;

struct LoadedCalendar {
    calendar: Calendar,
    notices: Vec<Notice>,
}

/// The built-in holidays with the user's own file merged over them, read once per process.
fn loaded() -> &'static LoadedCalendar {
    static CALENDAR: OnceLock<LoadedCalendar> = OnceLock::new();
    CALENDAR.get_or_init(|| load_calendar(crate::paths::holidays_file()))
}

fn load_calendar(user_file: Option<PathBuf>) -> LoadedCalendar {
    let mut calendar = Calendar::builtin();
    let mut notices = Vec::new();
    if let Some(path) = user_file {
        match std::fs::read_to_string(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => notices.push(Notice::HolidayFile {
                path: path.display().to_string(),
                zh: e.to_string(),
                en: e.to_string(),
            }),
            Ok(text) => match Calendar::from_toml(&text) {
                Ok(extra) => calendar.merge(extra),
                Err(e) => notices.push(Notice::HolidayFile {
                    path: path.display().to_string(),
                    zh: e.to_string(),
                    en: e.message_en(),
                }),
            },
        }
    }
    LoadedCalendar { calendar, notices }
}

pub fn calendar() -> &'static Calendar {
    &loaded().calendar
}

fn parse_rule(text: &str) -> Result<Rule> {
    Rule::parse(text).map_err(|e| Error::BadRule {
        zh: e.to_string(),
        en: e.message_en(),
    })
}

fn clean_long(s: &str) -> Result<String> {
    let cleaned = text::clean_free_text(s).trim().to_string();
    let chars = cleaned.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(Error::TextTooLong {
            chars,
            max: MAX_TEXT_CHARS,
        });
    }
    Ok(cleaned)
}

/// Free text that sits on one line: a place, a reason.
fn clean_line(s: &str) -> Result<String> {
    Ok(clean_long(s)?.replace('\n', " "))
}

fn clean_attendee(a: &Attendee) -> Result<Attendee> {
    Ok(Attendee {
        name: text::check_name(&a.name)?,
        ..a.clone()
    })
}

fn clean_agenda(items: &[AgendaItem]) -> Result<Vec<AgendaItem>> {
    items
        .iter()
        .map(|i| {
            Ok(AgendaItem {
                title: clean_line(&i.title)?,
                reporter: match i.reporter.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(r) => Some(text::check_name(r)?),
                },
            })
        })
        .filter(|i: &Result<AgendaItem>| i.as_ref().map_or(true, |i| !i.title.is_empty()))
        .collect()
}

fn check_rev(rev: u64, stored_rev: u64, by: &str, at: i64) -> Result<()> {
    if rev == stored_rev {
        Ok(())
    } else {
        Err(Error::Conflict {
            by: by.to_string(),
            at,
        })
    }
}

/// What a reader may see of meetings and tasks: those of units they may read. A record
/// without a unit is the district office's own.
fn readable(tree: &UnitTree, access: Access) -> impl Fn(Option<UnitId>) -> bool + '_ {
    move |u: Option<UnitId>| match (access, u) {
        (Access::Admin, _) => true,
        (_, Some(u)) => permissions::allows(tree, access, Need::Read(u)),
        (_, None) => tree
            .roots()
            .next()
            .is_some_and(|r| permissions::allows(tree, access, Need::Read(r.id))),
    }
}

/// Who attendee rules name: the people holding those posts in the recorded teams.
fn attendee_resolver<'a>(state: &'a State, persons: &'a Persons<'a>) -> Teams<'a> {
    Teams {
        tree: &state.units,
        people: persons,
        positions: &state.people.positions,
    }
}

fn root_of(tree: &UnitTree) -> Result<UnitId> {
    tree.roots()
        .next()
        .map(|r| r.id)
        .ok_or(Error::UnitNotFound {
            given: String::new(),
        })
}

impl Service {
    /// The meeting and task writes of a batch, each checked against the unit of the record it
    /// touches.
    pub(super) fn write_meetings(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        access: Access,
        request: MeetingsRequest,
    ) -> Result<Written> {
        let require = |batch: &Draft, unit: UnitId| {
            permissions::require(&batch.units, actor, access, Need::Write(unit))
        };
        let notice = |kind: RecordKind, record: u64, unit: Option<UnitId>| ChangeNotice {
            kind,
            record,
            unit,
            by: actor.user.clone(),
        };
        match request {
            MeetingsRequest::CreateSeries(CreateSeries { draft }) => {
                let s = self.create_series(batch, changes, actor, &draft)?;
                let n = notice(RecordKind::MeetingSeries, s.id.0, Some(s.host));
                Ok((Response::Series(Box::new(s)), n))
            }
            MeetingsRequest::UpdateSeries(UpdateSeries { id, rev, draft }) => {
                let before = self.series_in(batch, id)?;
                require(batch, before.host)?;
                let s = self.update_series(batch, changes, actor, before, rev, &draft)?;
                let n = notice(RecordKind::MeetingSeries, s.id.0, Some(s.host));
                Ok((Response::Series(Box::new(s)), n))
            }
            MeetingsRequest::ArchiveSeries(ArchiveSeries { id, rev }) => {
                let before = self.series_in(batch, id)?;
                require(batch, before.host)?;
                let s = self.archive_series(changes, actor, before, rev)?;
                let n = notice(RecordKind::MeetingSeries, s.id.0, Some(s.host));
                Ok((Response::Series(Box::new(s)), n))
            }
            MeetingsRequest::SaveMeeting(SaveMeeting { meeting }) => {
                let s = self.series_in(batch, meeting.series)?;
                require(batch, s.host)?;
                let host = s.host;
                let m = self.save_meeting(batch, changes, actor, s, &meeting)?;
                let n = notice(RecordKind::Meeting, m.id.0, Some(host));
                Ok((Response::Meeting(Box::new(m)), n))
            }
            MeetingsRequest::MarkAttendance(MarkAttendance {
                series,
                date,
                marks,
            }) => {
                let s = self.series_in(batch, series)?;
                require(batch, s.host)?;
                let host = s.host;
                let m = self.mark_attendance(batch, changes, actor, s, date, marks)?;
                let n = notice(RecordKind::Meeting, m.id.0, Some(host));
                Ok((Response::Meeting(Box::new(m)), n))
            }
            MeetingsRequest::CreateTask(CreateTask { draft }) => {
                let t = self.create_task(batch, changes, actor, &draft)?;
                require(batch, t.unit.map_or_else(|| root_of(&batch.units), Ok)?)?;
                let n = notice(RecordKind::Task, t.id.0, t.unit);
                Ok((Response::Task(Box::new(t)), n))
            }
            MeetingsRequest::UpdateTask(UpdateTask { id, rev, change }) => {
                let before: Task = batch
                    .get(&self.store, TreeId::Tasks, id.0)?
                    .ok_or(Error::NoSuchRecord { id: id.0 })?;
                require(
                    batch,
                    before.unit.map_or_else(|| root_of(&batch.units), Ok)?,
                )?;
                let t = self.update_task(changes, actor, before, rev, &change)?;
                let n = notice(RecordKind::Task, t.id.0, t.unit);
                Ok((Response::Task(Box::new(t)), n))
            }
            other => Err(Error::Storage {
                detail: format!("not a meeting write: {other:?}"),
            }),
        }
    }

    /// The meeting and task queries, showing only what the caller may read.
    pub(super) fn query_meetings(
        &self,
        state: &State,
        actor: &Actor,
        access: Access,
        request: MeetingsRequest,
    ) -> Result<Response> {
        let tree = &state.units;
        let persons = state.people.persons(&self.store);
        let teams = attendee_resolver(state, &persons);
        let visible = readable(tree, access);
        let host_visible = |u: UnitId| visible(Some(u));
        match request {
            MeetingsRequest::ListSeries(ListSeries { include_archived }) => {
                let mut all = self.all_series(include_archived)?;
                all.retain(|s| visible(Some(s.host)));
                Ok(Response::SeriesList(all))
            }
            MeetingsRequest::ResolveSeries(ResolveSeries { given }) => {
                let s = self.resolve_series(&given)?;
                permissions::require(tree, actor, access, Need::Read(s.host))?;
                Ok(Response::Series(Box::new(s)))
            }
            MeetingsRequest::GetSchedule(GetSchedule { from, to }) => self
                .schedule(from, to, &host_visible)
                .map(Response::Schedule),
            MeetingsRequest::GetMeetingPage(GetMeetingPage { series, date }) => {
                let s = self.series(series)?;
                permissions::require(tree, actor, access, Need::Read(s.host))?;
                self.meeting_page(s, date, &teams, &visible)
                    .map(|p| Response::MeetingPage(Box::new(p)))
            }
            MeetingsRequest::TaskMeetingPage(TaskMeetingPage { task }) => {
                let t: Task = self
                    .store
                    .get(TreeId::Tasks, task.0)?
                    .ok_or(Error::NoSuchRecord { id: task.0 })?;
                let unit = t.unit.map_or_else(|| root_of(tree), Ok)?;
                permissions::require(tree, actor, access, Need::Read(unit))?;
                let m = t.meeting.ok_or(Error::TaskWithoutMeeting { id: task.0 })?;
                let meeting: Meeting = self
                    .store
                    .get(TreeId::Meetings, m.0)?
                    .ok_or(Error::NoSuchRecord { id: m.0 })?;
                let s = self.series(meeting.series)?;
                permissions::require(tree, actor, access, Need::Read(s.host))?;
                self.meeting_page(s, meeting.rule_date, &teams, &visible)
                    .map(|p| Response::MeetingPage(Box::new(p)))
            }
            MeetingsRequest::ListTasks(ListTasks {
                owner,
                overdue_only,
                today,
            }) => {
                let mut tasks = self.list_tasks(owner.as_deref(), overdue_only, today)?;
                tasks.retain(|t| visible(t.unit));
                Ok(Response::Tasks(tasks))
            }
            MeetingsRequest::GetMeetingFigures(GetMeetingFigures { from, to, today }) => self
                .meeting_figures(from, to, today, &visible)
                .map(Response::MeetingFigures),
            MeetingsRequest::GetCalendar(_) => Ok(Response::Calendar(Box::new(calendar().clone()))),
            MeetingsRequest::ExportIcs(ExportIcs { horizon }) => self
                .export_ics(horizon, &teams, &host_visible)
                .map(Response::Ics),
            MeetingsRequest::PreviewSeries(PreviewSeries {
                draft,
                from,
                count,
                editing,
            }) => {
                let editing = match editing {
                    Some(id) => {
                        let s = self.series(id)?;
                        permissions::require(tree, actor, access, Need::Read(s.host))?;
                        let stored = self.meetings_of(id)?;
                        Some((s, stored))
                    }
                    None => None,
                };
                self.preview_series(tree, &draft, editing, from, count.min(100))
                    .map(Response::Schedule)
            }
            other => Err(Error::Storage {
                detail: format!("not a meeting query: {other:?}"),
            }),
        }
    }

    pub(super) fn all_series(&self, include_archived: bool) -> Result<Vec<MeetingSeries>> {
        let mut all = self
            .store
            .scan::<MeetingSeries>(TreeId::MeetingSeries)
            .collect::<Result<Vec<_>>>()?;
        all.retain(|s| include_archived || s.archived.is_none());
        Ok(all)
    }

    pub(super) fn series(&self, id: SeriesId) -> Result<MeetingSeries> {
        self.store
            .get(TreeId::MeetingSeries, id.0)?
            .ok_or(Error::NoSuchRecord { id: id.0 })
    }

    /// A series by id or by title (live series first).
    pub(super) fn resolve_series(&self, given: &str) -> Result<MeetingSeries> {
        let given = given.trim();
        let not_found = || Error::SeriesNotFound {
            given: given.to_string(),
        };
        if let Ok(n) = given.parse::<u64>() {
            return self
                .store
                .get(TreeId::MeetingSeries, n)?
                .ok_or_else(not_found);
        }
        let mut all = self.all_series(true)?;
        all.sort_by_key(|s| (s.archived.is_some(), s.id));
        all.into_iter()
            .find(|s| s.title == given)
            .ok_or_else(not_found)
    }

    /// A series as the batch so far leaves it.
    fn series_in(&self, batch: &Draft, id: SeriesId) -> Result<MeetingSeries> {
        batch
            .get(&self.store, TreeId::MeetingSeries, id.0)?
            .ok_or(Error::NoSuchRecord { id: id.0 })
    }

    /// A series' meetings as the batch so far leaves them, those it adds included.
    pub(super) fn meetings_in(&self, batch: &Draft, series: SeriesId) -> Result<Vec<Meeting>> {
        self.ids_in_series(batch, series)?
            .into_iter()
            .filter_map(|id| {
                batch
                    .get::<Meeting>(&self.store, TreeId::Meetings, id)
                    .transpose()
            })
            .filter(|m| m.as_ref().map_or(true, |m| !m.is_voided()))
            .collect()
    }

    /// The ids of a series' meetings as the batch so far leaves them: the
    /// stored ones, then those the batch adds. A meeting is added to its
    /// series' index in the changes that create it (`save_meeting`): its
    /// key names it, with no meeting of the batch decoded.
    fn ids_in_series(&self, batch: &Draft, series: SeriesId) -> Result<Vec<u64>> {
        let mut ids = self.store.index_ids(TreeId::MeetingsBySeries, series.0)?;
        for id in pending_under(batch, TreeId::MeetingsBySeries, series.0) {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        Ok(ids)
    }

    /// The live meetings of `series` due by its rule on `date`, as the
    /// batch leaves them: those listed under that day by the date index and
    /// under the series by its own. A save decodes these alone, not every
    /// meeting the series has had.
    fn meetings_due_on(
        &self,
        batch: &Draft,
        series: SeriesId,
        date: NaiveDate,
    ) -> Result<Vec<Meeting>> {
        let day = meeting_dates::day(date);
        let mut in_series = self.ids_in_series(batch, series)?;
        in_series.sort_unstable();
        // A day holds every series' meetings: the series' few are looked up
        // under it, not the day's thousands read.
        let mut on_day = self
            .store
            .ids_held_under(TreeId::MeetingsByDate, day, &in_series)?;
        on_day.extend(
            pending_under(batch, TreeId::MeetingsByDate, day)
                .filter(|id| in_series.binary_search(id).is_ok()),
        );
        on_day.sort_unstable();
        on_day.dedup();
        on_day
            .into_iter()
            .filter_map(|id| {
                batch
                    .get::<Meeting>(&self.store, TreeId::Meetings, id)
                    .transpose()
            })
            .filter(|m| {
                m.as_ref().map_or(true, |m| {
                    m.series == series && m.rule_date == date && !m.is_voided()
                })
            })
            .collect()
    }

    fn meetings_of(&self, series: SeriesId) -> Result<Vec<Meeting>> {
        self.store
            .index_ids(TreeId::MeetingsBySeries, series.0)?
            .into_iter()
            .filter_map(|id| self.store.get::<Meeting>(TreeId::Meetings, id).transpose())
            .filter(|m| m.as_ref().map_or(true, |m| !m.is_voided()))
            .collect()
    }

    /// The meetings of `series` that can show in `from..=to`, by series, each series'
    /// in the order of their ids (as `meetings_of` gives them): those held or due by
    /// their rule on a day of it, and those due on a rule date outside it that the
    /// rule and the calendar bring into it (a holiday shifting the 31st to the 2nd). A
    /// meeting both held and due outside the range shows in it neither way. Read by
    /// the date index, so a month decodes its own meetings, not every one.
    fn meetings_dated(
        &self,
        series: &[MeetingSeries],
        calendar: &Calendar,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<HashMap<SeriesId, Vec<Meeting>>> {
        let mut ids = meeting_dates::ids_between(&self.store, from, to)?;
        let mut outside: Vec<NaiveDate> = series
            .iter()
            .flat_map(|s| meeting::schedule(s, calendar, &[], from, to))
            .map(|slot| slot.rule_date)
            .filter(|d| *d < from || to < *d)
            .collect();
        outside.sort_unstable();
        outside.dedup();
        for d in outside {
            ids.extend(meeting_dates::ids_between(&self.store, d, d)?);
        }
        ids.sort_unstable();
        ids.dedup();
        let wanted: HashSet<SeriesId> = series.iter().map(|s| s.id).collect();
        let mut by_series: HashMap<SeriesId, Vec<Meeting>> = HashMap::new();
        for id in ids {
            let Some(m) = self.store.get::<Meeting>(TreeId::Meetings, id)? else {
                continue;
            };
            if !m.is_voided() && wanted.contains(&m.series) {
                by_series.entry(m.series).or_default().push(m);
            }
        }
        Ok(by_series)
    }

    /// The meetings held or due on a day of `from..=to`, those voided left out.
    fn meetings_between(&self, from: NaiveDate, to: NaiveDate) -> Result<Vec<Meeting>> {
        // A meeting moved within the range is listed under both its days.
        let mut ids = meeting_dates::ids_between(&self.store, from, to)?;
        ids.sort_unstable();
        ids.dedup();
        let mut out = Vec::new();
        for id in ids {
            if let Some(m) = self.store.get::<Meeting>(TreeId::Meetings, id)?
                && !m.is_voided()
            {
                out.push(m);
            }
        }
        Ok(out)
    }

    fn check_draft(&self, tree: &UnitTree, draft: &SeriesDraft) -> Result<(String, Rule)> {
        let title = text::check_name(&draft.title)?;
        let rule = parse_rule(&draft.rule)?;
        if rule.first(draft.start).is_none() {
            return Err(Error::BadRule {
                zh: format!(
                    "从 {} 起这条规则一次会议也没有，请检查规则和开始日期",
                    draft.start
                ),
                en: format!(
                    "the rule gives no meeting at all from {}; check the rule and the start date",
                    draft.start
                ),
            });
        }
        let host = tree
            .get(draft.host)
            .ok_or(Error::NoSuchRecord { id: draft.host.0 })?;
        if !host.is_live() {
            return Err(Error::UnitArchived {
                name: host.name.clone(),
            });
        }
        Ok((title, rule))
    }

    fn apply_draft(
        &self,
        base: MeetingSeries,
        draft: &SeriesDraft,
        title: String,
        rule: Rule,
    ) -> Result<MeetingSeries> {
        Ok(MeetingSeries {
            kind: draft.kind,
            title,
            host: draft.host,
            rule,
            start: draft.start,
            time: draft.time,
            duration_minutes: draft.duration_minutes.clamp(1, 24 * 60),
            place: clean_line(&draft.place)?,
            shift: draft.shift,
            attendee_rules: draft.attendee_rules.clone(),
            attendees: draft
                .attendees
                .iter()
                .map(clean_attendee)
                .collect::<Result<_>>()?,
            agenda: clean_agenda(&draft.agenda)?,
            report_per_attendee: draft.report_per_attendee,
            ..base
        })
    }

    fn create_series(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        draft: &SeriesDraft,
    ) -> Result<MeetingSeries> {
        let (title, rule) = self.check_draft(&batch.units, draft)?;
        let now = time::now();
        let base = MeetingSeries {
            id: SeriesId(0),
            kind: draft.kind,
            title: String::new(),
            host: draft.host,
            rule: rule.clone(),
            start: draft.start,
            time: draft.time,
            duration_minutes: 0,
            place: String::new(),
            shift: draft.shift,
            exceptions: Exceptions::default(),
            attendee_rules: Vec::new(),
            attendees: Vec::new(),
            agenda: Vec::new(),
            report_per_attendee: false,
            archived: None,
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
        };
        let mut series = self.apply_draft(base, draft, title, rule)?;
        series.id = SeriesId(self.store.next_id(TreeId::MeetingSeries));
        self.save_series(changes, actor, AuditAction::Create, None, &series)?;
        Ok(series)
    }

    fn update_series(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        before: MeetingSeries,
        rev: u64,
        draft: &SeriesDraft,
    ) -> Result<MeetingSeries> {
        let before = live(before)?;
        check_rev(rev, before.rev, &before.changed_by, before.changed_at)?;
        let (title, rule) = self.check_draft(&batch.units, draft)?;
        let after = self.apply_draft(touched_series(&before, actor), draft, title, rule)?;
        self.save_series(changes, actor, AuditAction::Update, Some(&before), &after)?;
        Ok(after)
    }

    fn archive_series(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        before: MeetingSeries,
        rev: u64,
    ) -> Result<MeetingSeries> {
        let before = live(before)?;
        check_rev(rev, before.rev, &before.changed_by, before.changed_at)?;
        let after = MeetingSeries {
            archived: Some(time::now()),
            ..touched_series(&before, actor)
        };
        self.save_series(changes, actor, AuditAction::Archive, Some(&before), &after)?;
        Ok(after)
    }

    fn save_series(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&MeetingSeries>,
        after: &MeetingSeries,
    ) -> Result<()> {
        changes.put(TreeId::MeetingSeries, after.id.0, after);
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::MeetingSeries,
                record: after.id.0,
                unit: Some(after.host),
                label: after.title.clone(),
                before,
                after: Some(after),
            },
        )
    }

    /// The first `count` meetings on or after `after` a draft would give, before it is saved:
    /// the form's preview.
    fn preview_series(
        &self,
        tree: &UnitTree,
        draft: &SeriesDraft,
        editing: Option<(MeetingSeries, Vec<Meeting>)>,
        after: NaiveDate,
        count: usize,
    ) -> Result<Schedule> {
        let (title, rule) = self.check_draft(tree, draft)?;
        let now = time::now();
        let (id, exceptions, stored) = match editing {
            Some((s, stored)) => (s.id, s.exceptions, stored),
            None => (SeriesId(0), Exceptions::default(), Vec::new()),
        };
        let series = MeetingSeries {
            id,
            kind: draft.kind,
            title,
            host: draft.host,
            rule,
            start: draft.start,
            time: draft.time,
            duration_minutes: draft.duration_minutes,
            place: draft.place.clone(),
            shift: draft.shift,
            exceptions,
            attendee_rules: Vec::new(),
            attendees: Vec::new(),
            agenda: Vec::new(),
            report_per_attendee: false,
            archived: None,
            created: now,
            changed_at: now,
            changed_by: String::new(),
            rev: 0,
        };
        let cal = calendar();
        let mut slots = Vec::new();
        let first = draft.start.max(after);
        let mut from = first;
        // A year at a time, so that a yearly rule still shows its dates and a weekly one does
        // not expand years ahead.
        while slots.len() < count {
            let Some(to) = from.checked_add_months(chrono::Months::new(12)) else {
                break;
            };
            slots.extend(
                meeting::schedule(&series, cal, &stored, from, to)
                    .into_iter()
                    .filter(|s| !matches!(s.status, MeetingStatus::Cancelled { .. })),
            );
            let ended = match series.rule.end() {
                End::Never => false,
                End::Until(last) => last <= to,
                End::Count(n) => {
                    series
                        .rule
                        .occurrences(series.start, series.start, to)
                        .len()
                        >= n as usize
                }
            };
            if ended || to.year() > first.year() + 50 {
                break;
            }
            from = to.succ_opt().unwrap_or(to);
        }
        slots.truncate(count);
        let mut notices = Vec::new();
        let years = meeting::uncovered_years(cal, &slots);
        if !years.is_empty() {
            notices.push(Notice::UncoveredYears(years));
        }
        Ok(Schedule {
            entries: slots
                .into_iter()
                .map(|slot| ScheduleEntry {
                    slot,
                    title: series.title.clone(),
                    kind: series.kind,
                    place: series.place.clone(),
                })
                .collect(),
            notices,
        })
    }

    /// Every live series' meetings dated `from..=to`, by date, with notices about years the
    /// holiday calendar does not cover.
    fn schedule(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        visible: &dyn Fn(UnitId) -> bool,
    ) -> Result<Schedule> {
        if to < from {
            return Err(Error::DatesBackwards {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
        let loaded = loaded();
        let series: Vec<MeetingSeries> = self
            .all_series(false)?
            .into_iter()
            .filter(|s| visible(s.host))
            .collect();
        let mut dated = self.meetings_dated(&series, &loaded.calendar, from, to)?;
        let mut entries = Vec::new();
        for s in series {
            let stored = dated.remove(&s.id).unwrap_or_default();
            for slot in meeting::schedule(&s, &loaded.calendar, &stored, from, to) {
                entries.push(ScheduleEntry {
                    place: stored
                        .iter()
                        .find(|m| Some(m.id) == slot.meeting)
                        .map_or_else(|| s.place.clone(), |m| m.place.clone()),
                    slot,
                    title: s.title.clone(),
                    kind: s.kind,
                });
            }
        }
        entries.sort_by_key(|e| (e.slot.date, e.slot.time, e.slot.series));
        let slots: Vec<Slot> = entries.iter().map(|e| e.slot.clone()).collect();
        let mut notices = loaded.notices.clone();
        let years = meeting::uncovered_years(&loaded.calendar, &slots);
        if !years.is_empty() {
            notices.push(Notice::UncoveredYears(years));
        }
        Ok(Schedule { entries, notices })
    }

    /// The meeting of `series` on `date` (its rule date or the date it is held), stored or
    /// as a draft to start recording it from.
    fn meeting_page(
        &self,
        s: MeetingSeries,
        date: NaiveDate,
        teams: &dyn AttendeeResolver,
        visible: &dyn Fn(Option<UnitId>) -> bool,
    ) -> Result<MeetingPage> {
        let stored = self.meetings_of(s.id)?;
        let found = stored
            .iter()
            .find(|m| m.rule_date == date)
            .or_else(|| stored.iter().find(|m| m.date == date))
            .cloned();
        let meeting = match found {
            Some(m) => m,
            None => self.draft_meeting(&s, &stored, date, teams)?,
        };
        let people: Vec<Attendee> = meeting
            .attendance
            .iter()
            .map(|e| e.attendee.clone())
            .collect();
        let mut tasks = self.all_tasks()?;
        tasks.retain(|t| visible(t.unit));
        let open_tasks = crate::domain::task::open_tasks_of(&tasks, &people)
            .into_iter()
            .cloned()
            .collect();
        Ok(MeetingPage {
            series: s,
            meeting,
            open_tasks,
        })
    }

    fn draft_meeting(
        &self,
        s: &MeetingSeries,
        stored: &[Meeting],
        date: NaiveDate,
        teams: &dyn AttendeeResolver,
    ) -> Result<Meeting> {
        let cal = calendar();
        let slot = meeting::schedule(s, cal, stored, date, date)
            .into_iter()
            .find(|x| x.meeting.is_none())
            .map(|x| x.rule_date)
            .or_else(|| {
                (s.rule.is_occurrence(s.start, date) && !s.exceptions.is_skipped(date))
                    .then_some(date)
            });
        let Some(rule_date) = slot else {
            return Err(Error::NoMeetingOn {
                series: s.title.clone(),
                date: date.to_string(),
            });
        };
        let (held_on, _) = meeting::planned_date(s, cal, rule_date);
        let attendees = meeting::expected_attendees(s, teams, held_on);
        Ok(Meeting {
            id: MeetingId(0),
            series: s.id,
            rule_date,
            date: held_on,
            time: s.time,
            place: s.place.clone(),
            status: MeetingStatus::Planned,
            agenda: meeting::default_agenda(s, &attendees),
            attendance: attendees
                .into_iter()
                .map(|attendee| AttendanceEntry {
                    attendee,
                    presence: Presence::Unmarked,
                })
                .collect(),
            minutes: String::new(),
            decisions: Vec::new(),
            created: 0,
            changed_at: 0,
            changed_by: String::new(),
            rev: 0,
            voided: None,
        })
    }

    /// Marks attendance on the meeting as this batch leaves it, never on a
    /// copy a client read earlier: marking changes only the names given,
    /// so nobody else's marks are lost and there is nothing to refuse.
    fn mark_attendance(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        s: MeetingSeries,
        date: NaiveDate,
        marks: Vec<(Attendee, Presence)>,
    ) -> Result<Meeting> {
        let stored = self.meetings_in(batch, s.id)?;
        let found = stored
            .iter()
            .find(|m| m.rule_date == date)
            .or_else(|| stored.iter().find(|m| m.date == date))
            .cloned();
        let mut meeting = match found {
            Some(m) => m,
            None => {
                let persons = batch.people.persons(&self.store);
                let teams = attendee_resolver(batch, &persons);
                self.draft_meeting(&s, &stored, date, &teams)?
            }
        };
        for (attendee, presence) in marks {
            let attendee = match attendee.person {
                Some(_) => attendee,
                None => meeting.attendee_named(&attendee.name),
            };
            meeting.mark(attendee, presence);
        }
        self.save_meeting(batch, changes, actor, s, &meeting)
    }

    /// Stores a meeting: a new record when `meeting.id` is 0 (its rule date must be one of the
    /// series' meetings and not yet recorded), otherwise an update of revision `meeting.rev`.
    fn save_meeting(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        s: MeetingSeries,
        meeting: &Meeting,
    ) -> Result<Meeting> {
        let s = live(s)?;
        let cleaned = clean_meeting(meeting)?;
        not_held_ahead(&cleaned, Day::today().date())?;
        let now = time::now();
        let (before, after) = if meeting.id.0 == 0 {
            let due = self.meetings_due_on(batch, s.id, meeting.rule_date)?;
            if let Some(existing) = due.first() {
                return Err(Error::Conflict {
                    by: existing.changed_by.clone(),
                    at: existing.changed_at,
                });
            }
            if !s.rule.is_occurrence(s.start, meeting.rule_date)
                || s.exceptions.is_skipped(meeting.rule_date)
            {
                return Err(Error::NoMeetingOn {
                    series: s.title.clone(),
                    date: meeting.rule_date.to_string(),
                });
            }
            let after = Meeting {
                id: MeetingId(self.store.next_id(TreeId::Meetings)),
                created: now,
                changed_at: now,
                changed_by: actor.user.clone(),
                rev: 1,
                ..cleaned
            };
            (None, after)
        } else {
            let before = batch
                .get::<Meeting>(&self.store, TreeId::Meetings, meeting.id.0)?
                .filter(|m| m.series == s.id && !m.is_voided())
                .ok_or(Error::NoSuchRecord { id: meeting.id.0 })?;
            check_rev(
                meeting.rev,
                before.rev,
                &before.changed_by,
                before.changed_at,
            )?;
            let after = Meeting {
                id: before.id,
                series: before.series,
                rule_date: before.rule_date,
                created: before.created,
                changed_at: now,
                changed_by: actor.user.clone(),
                rev: before.rev + 1,
                ..cleaned
            };
            (Some(before), after)
        };
        changes.put(TreeId::Meetings, after.id.0, &after);
        meeting_dates::replace(changes, before.as_ref(), &after);
        if before.is_none() {
            changes.put_raw(TreeId::MeetingsBySeries, &pair_key(s.id.0, after.id.0), &[]);
        }
        self.audit(
            changes,
            actor,
            Change {
                action: if before.is_some() {
                    AuditAction::Update
                } else {
                    AuditAction::Create
                },
                kind: RecordKind::Meeting,
                record: after.id.0,
                unit: Some(s.host),
                label: format!("{} {}", s.title, after.date),
                before: before.as_ref(),
                after: Some(&after),
            },
        )?;
        Ok(after)
    }

    fn meeting_figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        visible: &dyn Fn(Option<UnitId>) -> bool,
    ) -> Result<MeetingFigures> {
        let schedule = self.schedule(from, to, &|u| visible(Some(u)))?;
        let series: Vec<MeetingSeries> = self
            .all_series(false)?
            .into_iter()
            .filter(|s| visible(Some(s.host)))
            .collect();
        let ids: Vec<SeriesId> = series.iter().map(|s| s.id).collect();
        // The figures count the meetings held in the period: those the date
        // index lists under a day of it, not every meeting ever recorded.
        let mut meetings = self.meetings_between(from, to)?;
        meetings.retain(|m| ids.contains(&m.series));
        let mut tasks = self.all_tasks()?;
        tasks.retain(|t| visible(t.unit));
        let slots: Vec<Slot> = schedule.entries.into_iter().map(|e| e.slot).collect();
        Ok(meeting_figures::figures(
            from, to, today, &series, &slots, &meetings, &tasks,
        ))
    }

    /// The live series as an iCalendar file. Holiday shifts and postponed meetings become
    /// moved occurrences, cancelled ones excluded dates, up to `horizon`.
    fn export_ics(
        &self,
        horizon: NaiveDate,
        teams: &dyn AttendeeResolver,
        visible: &dyn Fn(UnitId) -> bool,
    ) -> Result<String> {
        use crate::io::ics::{self, SeriesExport};
        let cal = calendar();
        let mut out = Vec::new();
        for s in self
            .all_series(false)?
            .into_iter()
            .filter(|s| visible(s.host))
        {
            let stored = self.meetings_of(s.id)?;
            let mut exceptions = s.exceptions.clone();
            let slots = meeting::schedule(&s, cal, &stored, s.start, horizon.max(s.start));
            for slot in &slots {
                if matches!(slot.status, MeetingStatus::Cancelled { .. }) {
                    exceptions.skip(slot.rule_date);
                } else if slot.date != slot.rule_date {
                    exceptions.move_to(slot.rule_date, slot.date);
                }
            }
            let attendees =
                meeting::expected_attendees(&s, teams, slots.last().map_or(s.start, |x| x.date));
            out.push(SeriesExport {
                uid: format!("ggw-series-{}@{}", s.id, self.export_domain()?),
                title: s.title.clone(),
                location: s.place.clone(),
                description: s.kind.label_zh().to_string(),
                start: s.start,
                time: s.time,
                duration_minutes: s.duration_minutes,
                rule: s.rule.clone(),
                exceptions,
                attendees: attendees
                    .iter()
                    .enumerate()
                    .map(|(i, a)| ics::Attendee {
                        id: a
                            .person
                            .map_or_else(|| format!("s{}-{}", s.id, i + 1), |p| p.to_string()),
                        name: a.name.clone(),
                    })
                    .collect(),
            });
        }
        Ok(ics::write_calendar(&out, chrono::Utc::now()))
    }

    /// Part of every UID, so that two offices' exports never collide in one phone calendar.
    fn export_domain(&self) -> Result<String> {
        let created = self
            .store
            .meta_raw("created")?
            .and_then(|v| v.as_slice().try_into().ok().map(i64::from_le_bytes))
            .unwrap_or_default();
        Ok(format!("ggw-{created}"))
    }
}

fn clean_meeting(m: &Meeting) -> Result<Meeting> {
    let status = match &m.status {
        MeetingStatus::Cancelled { reason } => MeetingStatus::Cancelled {
            reason: clean_line(reason)?,
        },
        other => other.clone(),
    };
    let attendance = m
        .attendance
        .iter()
        .map(|e| {
            Ok(AttendanceEntry {
                attendee: clean_attendee(&e.attendee)?,
                presence: match &e.presence {
                    Presence::Absent { reason } => Presence::Absent {
                        reason: clean_line(reason)?,
                    },
                    Presence::Substitute { by } => Presence::Substitute {
                        by: text::check_name(by)?,
                    },
                    other => other.clone(),
                },
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Meeting {
        place: clean_line(&m.place)?,
        status,
        attendance,
        agenda: clean_agenda(&m.agenda)?,
        minutes: clean_long(&m.minutes)?,
        decisions: m
            .decisions
            .iter()
            .map(|d| clean_line(d))
            .filter(|d| d.as_ref().map_or(true, |d| !d.is_empty()))
            .collect::<Result<_>>()?,
        ..m.clone()
    })
}

/// A meeting is held once its day has come: marked held ahead of time it
/// would count in every figure as if it had taken place.
fn not_held_ahead(m: &Meeting, today: NaiveDate) -> Result<()> {
    if m.status == MeetingStatus::Held && m.date > today {
        return Err(Error::BadDate {
            zh: format!(
                "会议日期 {} 晚于今天，还不能标为已召开。请在会议召开当天或之后再标记；如已改期，请先改日期。",
                m.date
            ),
            en: format!(
                "the meeting is on {}, after today: it cannot be marked held yet. Mark it on the day or later; if it was moved, change its date first.",
                m.date
            ),
        });
    }
    Ok(())
}

fn live(s: MeetingSeries) -> Result<MeetingSeries> {
    match s.archived {
        Some(_) => Err(Error::SeriesArchived { title: s.title }),
        None => Ok(s),
    }
}

fn touched_series(s: &MeetingSeries, actor: &Actor) -> MeetingSeries {
    MeetingSeries {
        rev: s.rev + 1,
        changed_at: time::now(),
        changed_by: actor.user.clone(),
        ..s.clone()
    }
}

/// The second halves of the pair keys under `first` that the batch's
/// pending changes put in `tree`.
fn pending_under(batch: &Draft, tree: TreeId, first: u64) -> impl Iterator<Item = u64> + '_ {
    batch
        .pending
        .iter()
        .flat_map(move |c| c.put_keys(tree))
        .filter_map(split_pair_key)
        .filter(move |(f, _)| *f == first)
        .map(|(_, id)| id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_holiday_file_is_merged_and_bad_files_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("holidays.toml");
        std::fs::write(
            &path,
            "[[year]]\nyear = 2027\nnotice = \"示例\"\n\n[[year.festival]]\nname = \"元旦\"\nfrom = 2027-01-01\ndays = 1\n",
        )
        .unwrap();
        let loaded = load_calendar(Some(path.clone()));
        assert!(loaded.notices.is_empty());
        assert!(loaded.calendar.covers(2027));
        assert!(loaded.calendar.covers(2025));

        std::fs::write(&path, "[[year]]\nyear = \"x\"\n").unwrap();
        let loaded = load_calendar(Some(path));
        assert!(!loaded.calendar.covers(2027));
        assert!(matches!(loaded.notices[..], [Notice::HolidayFile { .. }]));
        assert!(
            loaded.notices[0]
                .message(crate::lang::Lang::Zh)
                .contains("第2行")
        );

        let missing = load_calendar(Some(dir.path().join("none.toml")));
        assert!(missing.notices.is_empty());
    }
}
