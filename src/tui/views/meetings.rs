//! 会议: a month calendar with meeting days, holidays and make-up working days, the month's
//! meetings beside it; the next 90 days; tasks by owner, overdue first; and one meeting's
//! page, where attendance is taken one key per person and minutes become tasks.

use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::calendar::{CalendarEventStore, Monthly};

use super::meeting_forms::{
    absent_form, details_form, goto_form, meeting_of, minutes_form, rule_choice_fields,
    substitute_form, sync_rule, task_form, task_note_form, void_task_form,
};
use super::{Cx, Look, Status, View};
use crate::api::admin::{Info, VoidRecord};
use crate::api::meetings::{
    CreateSeries, CreateTask, GetCalendar, GetMeetingPage, GetSchedule, ListSeries, ListTasks,
    MarkAttendance, MeetingPage, PreviewSeries, SaveMeeting, ScheduleEntry, SeriesDraft,
    TaskChange, TaskDraft, TaskMeetingPage, UpdateSeries, UpdateTask,
};
use crate::api::people::{ListPeople, PeopleFilter, attendee_from_roster, guest_label, guest_name};
use crate::api::units::ListUnits;
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::meeting::{
    Attendee, MeetingKind, MeetingSeries, MeetingStatus, Presence, SeriesId, parse_shift,
    shift_code,
};
use crate::domain::task::{Task, TaskStatus, by_owner};
use crate::domain::tree::UnitTree;
use crate::domain::workdays::{Calendar, DayKind, Shift};
use crate::error::{Error, Result};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::permits::Permits;
use crate::tui::popups::Popup;
use crate::tui::popups::choice::ChoicePurpose;
use crate::tui::popups::form::{Field, FormPurpose, FormState};
use crate::tui::strings::Text;
use crate::tui::widgets::fit::{pad, truncate, wrap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Month,
    Agenda,
    Tasks,
}

/// How far ahead the agenda looks.
const AGENDA_DAYS: u64 = 90;

/// Width of the calendar column: 7 days of 3 columns, and a margin.
const CALENDAR_W: u16 = 23;

pub struct Meetings {
    pub pane: Pane,
    today: NaiveDate,
    pub cursor: NaiveDate,
    calendar: Calendar,
    month: Vec<ScheduleEntry>,
    agenda: Vec<ScheduleEntry>,
    tasks: Vec<Task>,
    /// The live series, for the edit form and its drafts.
    series: Vec<MeetingSeries>,
    /// Selected row of the agenda or task list.
    row: usize,
    pub page: Option<Page>,
    permits: Permits,
    /// The units, for an account limited to a subtree: to tell which
    /// meetings and tasks it may change. Empty for an admin.
    tree: UnitTree,
}

/// One meeting open: its rows are the attendees, then the lines of its minutes.
pub struct Page {
    pub data: MeetingPage,
    pub row: usize,
}

impl Page {
    fn attendees(&self) -> usize {
        self.data.meeting.attendance.len()
    }

    fn minutes_lines(&self) -> Vec<&str> {
        self.data.meeting.minutes.lines().collect()
    }

    fn rows(&self) -> usize {
        self.attendees() + self.minutes_lines().len()
    }
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d)
        .checked_add_months(Months::new(1))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

fn to_time_date(d: NaiveDate) -> Option<time::Date> {
    let month = time::Month::try_from(u8::try_from(d.month()).ok()?).ok()?;
    time::Date::from_calendar_date(d.year(), month, u8::try_from(d.day()).ok()?).ok()
}

/// "The director said: do X" → ("the director", "do X"): minutes are written one speaker a line.
impl Meetings {
    pub fn load(backend: &dyn Backend) -> Result<Meetings> {
        let today = chrono::Local::now().date_naive();
        let mut m = Meetings {
            pane: Pane::Month,
            today,
            cursor: today,
            // The holidays the schedule is moved by: the server's under
            // `ggw serve`, not this machine's file.
            calendar: backend.run(GetCalendar {})?,
            month: Vec::new(),
            agenda: Vec::new(),
            tasks: Vec::new(),
            series: Vec::new(),
            row: 0,
            page: None,
            permits: Permits::load(backend)?,
            tree: UnitTree::default(),
        };
        m.load_tree(backend)?;
        m.reload(backend)?;
        Ok(m)
    }

    fn load_tree(&mut self, backend: &dyn Backend) -> Result<()> {
        if self.permits.needs_tree() {
            self.tree = UnitTree::new(backend.run(ListUnits {
                include_archived: false,
            })?);
        }
        Ok(())
    }

    /// The unit whose account may change what the action touches: the open
    /// meeting's host, or the selected task's unit (the district's when it
    /// has none). `None` for actions that change nothing.
    fn target_unit(&self, action: &Action) -> Option<Option<UnitId>> {
        let root = || self.tree.roots().next().map(|u| u.id);
        if let Some(page) = &self.page {
            return matches!(
                action,
                Action::Present
                    | Action::Absent
                    | Action::Substitute
                    | Action::AbsentWithReason
                    | Action::WriteMinutes
                    | Action::MakeTask
                    | Action::EditMeeting
                    | Action::MarkHeld
            )
            .then_some(Some(page.data.series.host));
        }
        match (action, self.pane) {
            (Action::TaskDone | Action::WriteMinutes | Action::VoidRecord, Pane::Tasks) => {
                Some(self.tasks.get(self.row).and_then(|t| t.unit).or_else(root))
            }
            (Action::Edit, Pane::Month | Pane::Agenda) => self
                .selected_entry()
                .and_then(|e| self.series.iter().find(|s| s.id == e.slot.series))
                .map(|s| Some(s.host)),
            _ => None,
        }
    }

    /// False, with the reason in the status bar, when the account may not
    /// take the action.
    fn may(&self, action: &Action, cx: &mut Cx) -> bool {
        let checked = match (action, self.target_unit(action)) {
            (Action::Add, _) if self.page.is_none() => {
                self.permits.check_writes_anywhere(&self.tree)
            }
            (_, Some(Some(unit))) => self.permits.check_write(&self.tree, unit),
            _ => Ok(()),
        };
        match checked {
            Ok(()) => true,
            Err(e) => {
                *cx.status = Status::error(e.message(cx.text.0));
                false
            }
        }
    }

    fn reload(&mut self, backend: &dyn Backend) -> Result<()> {
        let from = first_of_month(self.cursor);
        self.month = backend
            .run(GetSchedule {
                from,
                to: last_of_month(self.cursor),
            })?
            .entries;
        let until = self
            .today
            .checked_add_days(Days::new(AGENDA_DAYS))
            .unwrap_or(self.today);
        self.agenda = backend
            .run(GetSchedule {
                from: self.today,
                to: until,
            })?
            .entries;
        self.series = backend.run(ListSeries {
            include_archived: false,
        })?;
        let tasks = backend.run(ListTasks {
            owner: None,
            overdue_only: false,
            today: self.today,
        })?;
        // In the order shown, so that the cursor walks down the list: open
        // tasks by owner, then the closed ones, the latest closed first.
        let (open, mut closed): (Vec<Task>, Vec<Task>) =
            tasks.into_iter().partition(|t| t.is_open());
        closed.sort_by_key(|t| std::cmp::Reverse((t.changed_at, t.id)));
        self.tasks = by_owner(&open, self.today)
            .into_iter()
            .flat_map(|(_, list)| list.into_iter().cloned())
            .chain(closed)
            .collect();
        if let Some(p) = &self.page {
            let (series, date) = (p.data.series.id, p.data.meeting.rule_date);
            let row = p.row;
            let data = backend.run(GetMeetingPage { series, date })?;
            let mut page = Page { data, row };
            page.row = row.min(page.rows().saturating_sub(1));
            self.page = Some(page);
        }
        Ok(())
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if let Err(e) = self.reload(cx.backend) {
            *cx.status = Status::error(e.message(cx.text.0));
        }
    }

    /// Moves the cursor, reloading the month when it changes.
    pub fn go(&mut self, date: NaiveDate, cx: &mut Cx) {
        let month_changed = first_of_month(date) != first_of_month(self.cursor);
        self.cursor = date;
        if month_changed {
            self.refresh(cx);
        }
        self.say_day(cx);
    }

    /// What kind of day the cursor is on, and which year has no holiday data.
    fn say_day(&self, cx: &mut Cx) {
        if !self.calendar.covers(self.cursor.year()) {
            *cx.status = Status::info(cx.text.no_holiday_data());
        }
    }

    fn day_meetings(&self) -> Vec<&ScheduleEntry> {
        self.month
            .iter()
            .filter(|e| e.slot.date == self.cursor)
            .collect()
    }

    fn open(&mut self, series: SeriesId, date: NaiveDate, cx: &mut Cx) {
        match cx.backend.run(GetMeetingPage { series, date }) {
            Ok(data) => self.page = Some(Page { data, row: 0 }),
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }

    fn selected_entry(&self) -> Option<&ScheduleEntry> {
        match self.pane {
            Pane::Month => self.day_meetings().into_iter().next(),
            Pane::Agenda => self.agenda.get(self.row),
            Pane::Tasks => None,
        }
    }

    /// The form that creates a series, or edits `base` when given.
    fn series_form(
        &self,
        t: Text,
        purpose: FormPurpose,
        base: Option<&MeetingSeries>,
    ) -> FormState {
        let kinds = MeetingKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), t.meeting_kind(*k).to_string()))
            .collect();
        let shifts = vec![
            ("next".to_string(), t.shift_next().to_string()),
            ("previous".to_string(), t.shift_previous().to_string()),
            ("none".to_string(), t.shift_none().to_string()),
        ];
        let kind = base.map_or(MeetingKind::DirectorsOffice, |s| s.kind);
        let shift = base.map_or(Shift::Next, |s| s.shift);
        // Guests are shown marked, so that saving keeps them guests.
        let named = base.map_or_else(String::new, |s| {
            s.attendees
                .iter()
                .map(|a| match a.person {
                    Some(_) => a.name.clone(),
                    None => guest_label(&a.name),
                })
                .collect::<Vec<_>>()
                .join(t.list_sep())
        });
        let title = match base {
            Some(s) => t.edit_series_title(&s.title),
            None => t.new_series().to_string(),
        };
        let rule = base.map_or_else(
            || "FREQ=MONTHLY;BYDAY=1MO".to_string(),
            |s| s.rule.to_string(),
        );
        let start = base.map_or(self.today, |s| s.start);
        let mut form = FormState::new(
            purpose,
            title,
            vec![
                Field::choice_at("kind", t.meeting_kind_label(), kinds, kind.code()),
                Field::text("name", t.title(), base.map_or("", |s| &s.title)),
            ],
        );
        form.fields
            .extend(rule_choice_fields(t, &rule, start.month() as u8));
        form.fields.extend([
            Field::text("rule", t.rule(), &rule),
            Field::text("date", t.start(), &start.to_string()),
            Field::text(
                "time",
                t.time(),
                &base.map_or_else(
                    || "09:00".to_string(),
                    |s| s.time.format("%H:%M").to_string(),
                ),
            ),
            Field::choice_at("shift", t.on_holidays(), shifts, shift_code(shift)),
            Field::text("attendees", t.named_attendees(), &named),
            Field::text("place", t.place(), base.map_or("", |s| &s.place)),
        ]);
        form.mark_clean();
        form
    }

    /// The series a form gives. Editing keeps what the form does not show (attendee rules,
    /// agenda, length) as the series has it.
    fn series_draft(
        form: &FormState,
        cx: &Cx,
        base: Option<&MeetingSeries>,
    ) -> Result<SeriesDraft> {
        let kind_code = form.value("kind");
        let mut draft = match base {
            Some(s) => SeriesDraft::of(s),
            None => SeriesDraft {
                kind: MeetingKind::DirectorsOffice,
                title: String::new(),
                host: Self::new_series_host(cx)?,
                rule: String::new(),
                start: NaiveDate::MIN,
                time: chrono::NaiveTime::MIN,
                duration_minutes: 120,
                place: String::new(),
                shift: Shift::Next,
                attendee_rules: Vec::new(),
                attendees: Vec::new(),
                agenda: Vec::new(),
                report_per_attendee: true,
            },
        };
        draft.kind =
            MeetingKind::parse(&kind_code).ok_or(Error::UnknownMeetingKind { given: kind_code })?;
        draft.title = form.value("name");
        draft.rule = form.value("rule");
        draft.start = crate::io::input::parse_date(&form.value("date"))?;
        draft.time = crate::io::input::parse_time(&form.value("time"))?;
        draft.shift = parse_shift(&form.value("shift")).unwrap_or(Shift::Next);
        draft.place = form.value("place");
        let typed = form.value("attendees");
        let typed: Vec<&str> = typed
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let mut roster = None;
        let mut attendees = Vec::with_capacity(typed.len());
        for given in typed {
            // A person the form still shows keeps the record they were linked to.
            if let Some(kept) = base.and_then(|s| {
                s.attendees
                    .iter()
                    .find(|b| b.person.is_some() && b.name == given)
            }) {
                attendees.push(kept.clone());
                continue;
            }
            if roster.is_none() && guest_name(given).is_none() {
                roster = Some(cx.backend.run(ListPeople {
                    filter: PeopleFilter {
                        include_non_elders: true,
                        ..PeopleFilter::default()
                    },
                })?);
            }
            let found =
                attendee_from_roster(roster.as_deref().unwrap_or(&[]), given).map_err(|e| {
                    Error::InvalidField {
                        field: crate::error::Field::Person,
                        zh: e.message(crate::lang::Lang::Zh),
                        en: e.message(crate::lang::Lang::En),
                    }
                })?;
            attendees.push(found);
        }
        draft.attendees = attendees;
        Ok(draft)
    }

    /// An operator's series belong to their own unit; the office's to the district.
    fn new_series_host(cx: &Cx) -> Result<UnitId> {
        match cx.backend.run(Info {})?.access.scope() {
            Some(unit) => Ok(unit),
            None => cx
                .backend
                .run(ListUnits {
                    include_archived: false,
                })?
                .into_iter()
                .find(|u| u.parent.is_none())
                .map(|u| u.id)
                .ok_or(Error::UnitNotFound {
                    given: String::new(),
                }),
        }
    }

    /// The series a series form edits, from the list last loaded.
    fn base_of(&self, purpose: &FormPurpose) -> Option<&MeetingSeries> {
        match purpose {
            FormPurpose::EditSeries { id, .. } => self.series.iter().find(|s| s.id == *id),
            _ => None,
        }
    }

    /// The next six dates the form's rule gives, or why it gives none.
    fn preview(form: &mut FormState, cx: &mut Cx, base: Option<&MeetingSeries>) {
        let t = cx.text;
        let lang = t.0;
        let mut draft = match Self::series_draft(form, cx, base) {
            Ok(d) => d,
            Err(e) => {
                form.note = vec![format!("{}{}", t.preview(), e.message(lang))];
                return;
            }
        };
        if draft.title.trim().is_empty() {
            draft.title = "—".into();
        }
        // An edit shows the meetings still to come; a new series its first ones.
        let previewed = match base {
            Some(s) => {
                let today = chrono::Local::now().date_naive();
                cx.backend.run(PreviewSeries {
                    editing: Some(s.id),
                    draft,
                    from: today,
                    count: 6,
                })
            }
            None => cx.backend.run(PreviewSeries {
                from: draft.start,
                draft,
                count: 6,
                editing: None,
            }),
        };
        form.note = match previewed {
            Ok(p) => {
                let dates: Vec<String> = p
                    .entries
                    .iter()
                    .map(|e| {
                        let mark = if e.slot.date != e.slot.rule_date {
                            "*"
                        } else {
                            ""
                        };
                        format!("{}{mark}", e.slot.date)
                    })
                    .collect();
                let mut lines = vec![
                    format!(
                        "{}{}",
                        t.preview_next(),
                        dates[..dates.len().min(3)].join(" ")
                    ),
                    format!("      {}", dates.get(3..).unwrap_or_default().join(" ")),
                ];
                lines.extend(p.notices.iter().map(|n| n.message(lang)));
                if let Some((moved, why)) = p
                    .entries
                    .iter()
                    .find_map(|e| e.slot.reason.as_ref().map(|r| (e, r)))
                {
                    lines.push(format!("*{} {}", moved.slot.rule_date, why.message(lang)));
                }
                lines
            }
            Err(e) => vec![format!("{}{}", t.preview(), e.message(lang))],
        };
    }

    /// Saves the open meeting after `change`, creating its record the first time.
    fn save_page(
        &mut self,
        cx: &mut Cx,
        change: impl FnOnce(&mut crate::domain::meeting::Meeting),
    ) -> Result<()> {
        let Some(page) = &mut self.page else {
            return Ok(());
        };
        let mut m = page.data.meeting.clone();
        change(&mut m);
        match cx.backend.run(SaveMeeting { meeting: m }) {
            Ok(saved) => {
                page.data.meeting = saved;
                self.refresh(cx);
                Ok(())
            }
            Err(e) => {
                if matches!(e, Error::Conflict { .. }) {
                    self.refresh(cx);
                }
                Err(e)
            }
        }
    }

    /// Marks one attendee on the meeting as it is saved, not on the copy
    /// on screen: several people taking attendance at once all succeed.
    fn save_mark(&mut self, cx: &mut Cx, who: Attendee, presence: Presence) -> Result<()> {
        let Some(page) = &mut self.page else {
            return Ok(());
        };
        let (series, date) = (page.data.series.id, page.data.meeting.rule_date);
        let saved = cx.backend.run(MarkAttendance {
            series,
            date,
            marks: vec![(who, presence)],
        })?;
        page.data.meeting = saved;
        self.refresh(cx);
        Ok(())
    }

    fn mark(&mut self, presence: Presence, cx: &mut Cx) {
        let Some(page) = &self.page else {
            return;
        };
        let Some(who) = page
            .data
            .meeting
            .attendance
            .get(page.row)
            .map(|e| e.attendee.clone())
        else {
            return;
        };
        let row = page.row;
        let result = self.save_mark(cx, who, presence);
        match result {
            Ok(()) => {
                if let Some(p) = &mut self.page {
                    // Next person, so a whole list is taken with one key each.
                    p.row = (row + 1).min(p.attendees().saturating_sub(1));
                }
            }
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }

    /// Saves attendee number `attendee`'s presence from a form, then moves
    /// to the next person, as the one-key marks do.
    fn mark_attendee(&mut self, attendee: usize, presence: Presence, cx: &mut Cx) -> Result<()> {
        let who = self
            .page
            .as_ref()
            .and_then(|p| p.data.meeting.attendance.get(attendee))
            .map(|e| e.attendee.clone())
            .ok_or(Error::NoSuchRecord {
                id: attendee as u64,
            })?;
        self.save_mark(cx, who, presence)?;
        if let Some(p) = &mut self.page {
            p.row = (attendee + 1).min(p.attendees().saturating_sub(1));
        }
        Ok(())
    }

    fn page_update(&mut self, action: &Action, cx: &mut Cx) {
        let t = cx.text;
        let Some(page) = &mut self.page else {
            return;
        };
        let last = page.rows().saturating_sub(1);
        let series = page.data.series.id;
        let rule_date = page.data.meeting.rule_date;
        let attendee = (page.row < page.attendees()).then(|| {
            (
                page.row,
                page.data.meeting.attendance[page.row].attendee.name.clone(),
            )
        });
        match action {
            Action::Down | Action::NextWeek => page.row = (page.row + 1).min(last),
            Action::Up | Action::PrevWeek => page.row = page.row.saturating_sub(1),
            Action::Back | Action::Cancel => self.page = None,
            Action::Present => self.mark(Presence::Present, cx),
            Action::Absent => self.mark(
                Presence::Absent {
                    reason: String::new(),
                },
                cx,
            ),
            Action::Substitute => {
                if let Some((i, name)) = attendee {
                    cx.popups
                        .push(Popup::Form(substitute_form(t, series, rule_date, i, &name)));
                }
            }
            Action::AbsentWithReason => {
                if let Some((i, name)) = attendee {
                    cx.popups
                        .push(Popup::Form(absent_form(t, series, rule_date, i, &name)));
                }
            }
            Action::WriteMinutes => cx
                .popups
                .push(Popup::Form(minutes_form(t, series, rule_date))),
            Action::MakeTask => {
                let attendees = page.attendees();
                let Some(line) = page
                    .row
                    .checked_sub(attendees)
                    .and_then(|i| page.minutes_lines().get(i).map(|l| l.to_string()))
                else {
                    *cx.status = Status::info(t.not_on_minutes());
                    return;
                };
                let (who, what) = crate::domain::meeting::split_speaker(&line);
                let owner = who
                    .map(str::to_string)
                    .or_else(|| {
                        page.data
                            .meeting
                            .attendance
                            .first()
                            .map(|e| e.attendee.name.clone())
                    })
                    .unwrap_or_default();
                let due = page
                    .data
                    .meeting
                    .date
                    .checked_add_days(Days::new(30))
                    .unwrap_or(page.data.meeting.date);
                let purpose = FormPurpose::TaskFromMinutes {
                    series,
                    rule_date,
                    line: page.row - attendees,
                };
                cx.popups.push(Popup::Form(task_form(
                    t,
                    purpose,
                    what,
                    &owner,
                    &due.to_string(),
                )));
            }
            Action::EditMeeting => {
                let m = &page.data.meeting;
                let heading = format!("{} {}", page.data.series.title, m.date);
                let form = details_form(t, series, rule_date, heading, Some(m));
                cx.popups.push(Popup::Form(form));
            }
            Action::MarkHeld => {
                if let Err(e) = self.save_page(cx, |m| m.status = MeetingStatus::Held) {
                    *cx.status = Status::error(e.message(t.0));
                } else {
                    *cx.status = Status::info(t.marked_held());
                }
            }
            _ => {}
        }
    }

    /// Opens the meeting a form belongs to, unless it is open: a form restored from a draft
    /// after a dropped connection comes back before its page does.
    fn ensure_page(&mut self, series: SeriesId, rule_date: NaiveDate, cx: &mut Cx) -> Result<()> {
        let open = self
            .page
            .as_ref()
            .is_some_and(|p| p.data.series.id == series && p.data.meeting.rule_date == rule_date);
        if !open {
            let data = cx.backend.run(GetMeetingPage {
                series,
                date: rule_date,
            })?;
            self.page = Some(Page { data, row: 0 });
        }
        Ok(())
    }

    /// The page's attendee number `i`, when the page is the meeting of the form.
    fn attendee_name(&self, series: SeriesId, rule_date: NaiveDate, i: usize) -> String {
        self.page
            .as_ref()
            .filter(|p| p.data.series.id == series && p.data.meeting.rule_date == rule_date)
            .and_then(|p| p.data.meeting.attendance.get(i))
            .map_or_else(|| format!("#{}", i + 1), |e| e.attendee.name.clone())
    }

    fn list_len(&self) -> usize {
        match self.pane {
            Pane::Month => 0,
            Pane::Agenda => self.agenda.len(),
            Pane::Tasks => self.tasks.len(),
        }
    }

    fn render_month(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lang = t.0;
        let buf = frame.buffer_mut();
        let title = t.month_title(self.cursor);
        buf.set_line(
            area.x + 1,
            area.y,
            &Line::styled(title, look.theme.title),
            CALENDAR_W,
        );
        let header = t.weekday_header();
        buf.set_line(
            area.x + 1,
            area.y + 1,
            &Line::styled(header, look.theme.label),
            CALENDAR_W,
        );

        let meeting = look.theme.highlight.add_modifier(Modifier::BOLD);
        let mut events = CalendarEventStore::default();
        let mut day = first_of_month(self.cursor);
        while day.month() == self.cursor.month() {
            let style = match self.calendar.day_kind(day) {
                DayKind::Holiday(_) => look.theme.error,
                DayKind::MakeUpWorkday(_) => look.theme.label.add_modifier(Modifier::UNDERLINED),
                DayKind::Weekend => look.theme.dim,
                DayKind::Working => Style::new(),
            };
            let style = if self.month.iter().any(|e| e.slot.date == day) {
                style.patch(meeting)
            } else {
                style
            };
            let style = if day == self.cursor {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            };
            if let Some(d) = to_time_date(day) {
                events.add(d, style);
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        if let Some(d) = to_time_date(self.cursor) {
            let cal = Monthly::new(d, events);
            let grid = Rect::new(
                area.x + 1,
                area.y + 2,
                21.min(area.width),
                6.min(area.height.saturating_sub(2)),
            );
            frame.render_widget(cal, grid);
        }

        // Legend, then what the cursor's day is.
        let buf = frame.buffer_mut();
        let legend = Line::from(vec![
            Span::styled(t.legend_meeting(), meeting),
            Span::raw(" "),
            Span::styled(t.legend_holiday(), look.theme.error),
            Span::raw(" "),
            Span::styled(
                t.legend_make_up(),
                look.theme.label.add_modifier(Modifier::UNDERLINED),
            ),
        ]);
        let y = area.y + 9;
        if y < area.bottom() {
            buf.set_line(area.x + 1, y, &legend, CALENDAR_W);
        }
        let kind = t.day_kind(&self.calendar.day_kind(self.cursor));
        let day_line = format!(
            "{} {} {kind}",
            self.cursor.format("%m-%d"),
            t.weekday(self.cursor)
        );
        if y + 1 < area.bottom() {
            buf.set_line(
                area.x + 1,
                y + 1,
                &Line::raw(truncate(&day_line, CALENDAR_W as usize - 1)),
                CALENDAR_W,
            );
        }
        // A year without the official arrangement says so here, where the
        // dates are read, not only once in the status bar.
        if !self.calendar.covers(self.cursor.year()) {
            let note =
                t.uncovered_year_note(self.cursor.year(), &crate::paths::holidays_file_shown());
            for (i, line) in wrap(&note, CALENDAR_W as usize - 1).iter().enumerate() {
                let yy = y + 3 + i as u16;
                if yy >= area.bottom() {
                    break;
                }
                buf.set_line(
                    area.x + 1,
                    yy,
                    &Line::styled(line.as_str(), look.theme.error),
                    CALENDAR_W - 1,
                );
            }
        }
        for yy in area.top()..area.bottom() {
            buf.set_string(area.x + CALENDAR_W, yy, "│", look.theme.border);
        }

        // The month's meetings.
        let list_x = area.x + CALENDAR_W + 2;
        let list_w = area.right().saturating_sub(list_x) as usize;
        buf.set_line(
            list_x,
            area.y,
            &Line::styled(t.this_month(), look.theme.title),
            list_w as u16,
        );
        if self.month.is_empty() {
            buf.set_line(
                list_x,
                area.y + 1,
                &Line::styled(t.no_meetings_this_month(), look.theme.dim),
                list_w as u16,
            );
        }
        let first_today = self.month.iter().position(|e| e.slot.date == self.cursor);
        for (i, e) in self
            .month
            .iter()
            .enumerate()
            .take(area.height.saturating_sub(1) as usize)
        {
            let on_cursor = e.slot.date == self.cursor;
            let marker = if Some(i) == first_today { ">" } else { " " };
            let mut text = format!(
                "{} {} {}  {}  {}",
                e.slot.date.format("%m-%d"),
                t.weekday(e.slot.date),
                e.slot.time.format("%H:%M"),
                e.title,
                t.meeting_status(&e.slot.status)
            );
            if e.slot.date != e.slot.rule_date {
                text.push_str(&format!(
                    "  {}{}",
                    t.rule_day_short(),
                    e.slot.rule_date.format("%m-%d")
                ));
                if let Some(r) = &e.slot.reason {
                    text.push(' ');
                    text.push_str(&r.message(lang));
                }
            }
            let style = if on_cursor {
                look.theme.selected
            } else {
                Style::new()
            };
            buf.set_line(
                list_x,
                area.y + 1 + i as u16,
                &Line::from(vec![
                    Span::styled(marker, look.theme.selected),
                    Span::styled(truncate(&text, list_w.saturating_sub(1)), style),
                ]),
                list_w as u16,
            );
        }
    }

    fn render_agenda(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lang = t.0;
        let buf = frame.buffer_mut();
        buf.set_line(
            area.x + 1,
            area.y,
            &Line::styled(t.next_90_days(), look.theme.title),
            area.width,
        );
        let height = area.height.saturating_sub(1) as usize;
        let offset = self.row.saturating_sub(height.saturating_sub(1));
        for (i, e) in self.agenda.iter().enumerate().skip(offset).take(height) {
            let marker = if i == self.row { ">" } else { " " };
            let mut text = format!(
                "{} {} {}  {}  {}",
                e.slot.date,
                t.weekday(e.slot.date),
                e.slot.time.format("%H:%M"),
                e.title,
                t.meeting_status(&e.slot.status)
            );
            if let Some(r) = e
                .slot
                .reason
                .as_ref()
                .filter(|_| e.slot.date != e.slot.rule_date)
            {
                text.push_str(&format!("  ({} {})", e.slot.rule_date, r.message(lang)));
            }
            let style = if i == self.row {
                look.theme.selected
            } else {
                Style::new()
            };
            buf.set_line(
                area.x,
                area.y + 1 + (i - offset) as u16,
                &Line::from(vec![
                    Span::styled(marker, look.theme.selected),
                    Span::raw(" "),
                    Span::styled(truncate(&text, area.width as usize - 2), style),
                ]),
                area.width,
            );
        }
    }

    /// The task list's rows: owner headings and their open tasks, overdue
    /// first, then the closed tasks under a heading of their own; the
    /// selected task's progress notes under it.
    fn task_rows(&self, t: Text) -> Vec<TaskLine> {
        let mut rows = Vec::new();
        let mut owner = None;
        let mut closed_heading = false;
        for (index, task) in self.tasks.iter().enumerate() {
            if task.is_open() && owner != Some(&task.owner.name) {
                owner = Some(&task.owner.name);
                rows.push(TaskLine::Heading(task.owner.name.clone()));
            } else if !task.is_open() && !closed_heading {
                closed_heading = true;
                rows.push(TaskLine::Heading(t.closed_tasks().to_string()));
            }
            let overdue = task.is_overdue(self.today);
            let flag = if overdue { t.overdue_flag() } else { "" };
            let due = task
                .due
                .map(|d| format!("  {}{d}", t.due_prefix()))
                .unwrap_or_default();
            let status = t.task_status(&task.status);
            // Closed tasks are no longer under their owner's heading.
            let who = if task.is_open() {
                String::new()
            } else {
                format!("{}{}", task.owner.name, t.label_sep())
            };
            rows.push(TaskLine::Task {
                index,
                text: format!("  #{} {flag}{who}{}{due} [{status}]", task.id, task.title),
                overdue,
            });
            if index == self.row {
                for n in &task.notes {
                    rows.push(TaskLine::Note(format!(
                        "      {} {}{}{}",
                        n.on,
                        n.by,
                        t.label_sep(),
                        n.text.replace('\n', " ")
                    )));
                }
            }
        }
        rows
    }

    fn render_tasks(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let buf = frame.buffer_mut();
        buf.set_line(
            area.x + 1,
            area.y,
            &Line::styled(t.tasks_title(), look.theme.title),
            area.width,
        );
        let rows = self.task_rows(t);
        let height = area.height.saturating_sub(1) as usize;
        let at = rows
            .iter()
            .position(|r| matches!(r, TaskLine::Task { index, .. } if *index == self.row))
            .unwrap_or(0);
        // The selected task's notes come into view below it as far as they
        // fit, the task itself always shown.
        let notes = rows[at..]
            .iter()
            .skip(1)
            .take_while(|r| matches!(r, TaskLine::Note(_)))
            .count();
        let last_wanted = at + notes.min(height.saturating_sub(1));
        let offset = last_wanted.saturating_sub(height.saturating_sub(1)).min(at);
        for (n, row) in rows.iter().enumerate().skip(offset).take(height) {
            let is_sel = n == at && matches!(row, TaskLine::Task { .. });
            let (text, style) = match row {
                TaskLine::Heading(h) => (h, look.theme.label),
                TaskLine::Note(text) => (text, look.theme.dim),
                TaskLine::Task { text, .. } if is_sel => (text, look.theme.selected),
                TaskLine::Task {
                    text,
                    overdue: true,
                    ..
                } => (text, look.theme.error),
                TaskLine::Task { text, .. } => (text, Style::new()),
            };
            buf.set_line(
                area.x,
                area.y + 1 + (n - offset) as u16,
                &Line::from(vec![
                    Span::styled(if is_sel { ">" } else { " " }, look.theme.selected),
                    Span::raw(" "),
                    Span::styled(truncate(text, area.width as usize - 2), style),
                ]),
                area.width,
            );
        }
    }

    fn render_page(&self, page: &Page, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let m = &page.data.meeting;
        let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
        let head = format!(
            "{} {} {} {} {} [{}]",
            page.data.series.title,
            m.date,
            t.weekday(m.date),
            m.time.format("%H:%M"),
            m.place,
            t.meeting_status(&m.status)
        );
        lines.push((None, Line::styled(head, look.theme.title)));
        if m.date != m.rule_date {
            lines.push((
                None,
                Line::styled(format!("{}{}", t.rule_date(), m.rule_date), look.theme.dim),
            ));
        }
        lines.push((None, Line::styled(t.attendance_heading(), look.theme.label)));
        // Names padded to the longest (up to 12 cells), so presences line up.
        let name_w = m
            .attendance
            .iter()
            .map(|e| crate::domain::text::display_width(&e.attendee.name).min(12))
            .max()
            .unwrap_or(0);
        for (i, e) in m.attendance.iter().enumerate() {
            let style = match e.presence {
                Presence::Present => look.theme.key,
                Presence::Absent { .. } => look.theme.error,
                _ => Style::new(),
            };
            lines.push((
                Some(i),
                Line::from(vec![
                    Span::raw(format!(
                        "{}  ",
                        pad(&truncate(&e.attendee.name, 12), name_w)
                    )),
                    Span::styled(t.presence(&e.presence), style),
                ]),
            ));
        }
        if !m.agenda.is_empty() {
            lines.push((None, Line::styled(t.agenda(), look.theme.label)));
            for (i, a) in m.agenda.iter().enumerate() {
                lines.push((None, Line::raw(format!("{}. {}", i + 1, a.title))));
            }
        }
        lines.push((None, Line::styled(t.minutes_heading(), look.theme.label)));
        let attendees = page.attendees();
        for (i, l) in page.minutes_lines().iter().enumerate() {
            lines.push((Some(attendees + i), Line::raw(format!("{:>2} {l}", i + 1))));
        }
        if !m.decisions.is_empty() {
            lines.push((None, Line::styled(t.decisions(), look.theme.label)));
            for d in &m.decisions {
                lines.push((None, Line::raw(format!("- {d}"))));
            }
        }
        if !page.data.open_tasks.is_empty() {
            lines.push((
                None,
                Line::styled(t.open_tasks_of_attendees(), look.theme.label),
            ));
            for task in &page.data.open_tasks {
                let overdue = task.is_overdue(self.today);
                let flag = if overdue { t.overdue_flag() } else { "" };
                let style = if overdue {
                    look.theme.error
                } else {
                    Style::new()
                };
                lines.push((
                    None,
                    Line::styled(format!("{} {flag}{}", task.owner.name, task.title), style),
                ));
            }
        }
        let height = area.height as usize;
        let at = lines
            .iter()
            .position(|(r, _)| *r == Some(page.row))
            .unwrap_or(0);
        let offset = at.saturating_sub(height.saturating_sub(2));
        let buf = frame.buffer_mut();
        for (n, (row, line)) in lines.iter().enumerate().skip(offset).take(height) {
            let selected = *row == Some(page.row);
            let y = area.y + (n - offset) as u16;
            let indent: u16 = if row.is_some() { 2 } else { 0 };
            if selected {
                buf.set_string(area.x, y, ">", look.theme.selected);
            }
            let width = area.width.saturating_sub(indent + 1);
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            let mut shown = Line::from(
                line.spans
                    .iter()
                    .map(|s| Span::styled(s.content.clone(), s.style))
                    .collect::<Vec<_>>(),
            );
            shown.style = line.style;
            if crate::domain::text::display_width(&text) > width as usize {
                shown = Line::styled(truncate(&text, width as usize), line.style);
            }
            if selected {
                shown = shown.patch_style(look.theme.selected);
            }
            buf.set_line(area.x + 1 + indent, y, &shown, width);
        }
    }
}

impl View for Meetings {
    fn contexts(&self) -> &'static [Context] {
        if self.page.is_some() {
            &[Context::Meeting, Context::Global]
        } else {
            &[Context::Meetings, Context::Global]
        }
    }

    fn mode(&self, text: Text) -> &'static str {
        match (self.page.is_some(), self.pane) {
            (true, _) => text.mode_meeting(),
            (false, Pane::Month) => text.mode_month(),
            (false, Pane::Agenda) => text.mode_agenda(),
            (false, Pane::Tasks) => text.mode_tasks(),
        }
    }

    fn offers(&self, action: &Action) -> bool {
        // Each list offers its own keys: the task keys in the task list,
        // the calendar's elsewhere.
        if self.page.is_none() {
            let tasks = self.pane == Pane::Tasks;
            let task_key = matches!(action, Action::TaskDone | Action::WriteMinutes);
            let calendar_key = matches!(action, Action::Add | Action::Edit | Action::GotoDate);
            if (task_key && !tasks) || (calendar_key && tasks) {
                return false;
            }
        }
        match (action, self.target_unit(action)) {
            (Action::Add, _) if self.page.is_none() => self.permits.writes_anywhere(),
            (_, Some(Some(unit))) => self.permits.may_write(&self.tree, unit),
            _ => true,
        }
    }

    fn update(&mut self, action: &Action, cx: &mut Cx) {
        self.today = chrono::Local::now().date_naive();
        if !self.may(action, cx) {
            return;
        }
        if self.page.is_some() {
            self.page_update(action, cx);
            return;
        }
        let day = |n: i64| {
            self.cursor
                .checked_add_signed(chrono::TimeDelta::days(n))
                .unwrap_or(self.cursor)
        };
        let last = self.list_len().saturating_sub(1);
        match (action, self.pane) {
            (Action::SwitchList, _) => {
                self.pane = match self.pane {
                    Pane::Month => Pane::Agenda,
                    Pane::Agenda => Pane::Tasks,
                    Pane::Tasks => Pane::Month,
                };
                self.row = 0;
            }
            (Action::PrevDay, Pane::Month) => self.go(day(-1), cx),
            (Action::NextDay, Pane::Month) => self.go(day(1), cx),
            (Action::PrevWeek, Pane::Month) => self.go(day(-7), cx),
            (Action::NextWeek, Pane::Month) => self.go(day(7), cx),
            (Action::PrevMonth, Pane::Month) => {
                let d = self
                    .cursor
                    .checked_sub_months(Months::new(1))
                    .unwrap_or(self.cursor);
                self.go(d, cx)
            }
            (Action::NextMonth, Pane::Month) => {
                let d = self
                    .cursor
                    .checked_add_months(Months::new(1))
                    .unwrap_or(self.cursor);
                self.go(d, cx)
            }
            (Action::TaskDone, Pane::Tasks) => {
                let Some(task) = self.tasks.get(self.row).cloned() else {
                    return;
                };
                // The same key takes a closed task back up: one done by
                // mistake, or dropped too soon.
                let status = if task.is_open() {
                    TaskStatus::Done { on: self.today }
                } else {
                    TaskStatus::Open
                };
                match cx.backend.run(UpdateTask {
                    id: task.id,
                    rev: task.rev,
                    change: TaskChange::Status(status),
                }) {
                    Ok(t) => {
                        self.refresh(cx);
                        // The cursor stays with the task wherever it now sorts.
                        if let Some(i) = self.tasks.iter().position(|x| x.id == t.id) {
                            self.row = i;
                        }
                        *cx.status = Status::info(if t.is_open() {
                            cx.text.task_reopened(t.id.0, &t.title)
                        } else {
                            cx.text.task_done(t.id.0, &t.title)
                        });
                    }
                    Err(e) => {
                        self.refresh(cx);
                        *cx.status = Status::error(e.message(cx.text.0));
                    }
                }
            }
            (Action::WriteMinutes, Pane::Tasks) => {
                if let Some(task) = self.tasks.get(self.row) {
                    cx.popups.push(Popup::Form(task_note_form(cx.text, task)));
                }
            }
            (Action::VoidRecord, Pane::Tasks) => {
                if let Some(task) = self.tasks.get(self.row) {
                    cx.popups.push(Popup::Form(void_task_form(cx.text, task)));
                }
            }
            (Action::PrevWeek | Action::Up, _) => self.row = self.row.saturating_sub(1),
            (Action::NextWeek | Action::Down, _) => self.row = (self.row + 1).min(last),
            (Action::PrevMonth, _) => self.row = self.row.saturating_sub(10),
            (Action::NextMonth, _) => self.row = (self.row + 10).min(last),
            (Action::Open | Action::Submit, Pane::Tasks) => {
                let Some(task) = self.tasks.get(self.row) else {
                    return;
                };
                match cx.backend.run(TaskMeetingPage { task: task.id }) {
                    Ok(data) => self.page = Some(Page { data, row: 0 }),
                    Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
                }
            }
            (Action::Open | Action::Submit, _) => match self.selected_entry() {
                Some(e) => {
                    let (s, d) = (e.slot.series, e.slot.rule_date);
                    self.open(s, d, cx);
                }
                None => *cx.status = Status::info(cx.text.no_meeting_that_day()),
            },
            (Action::Add, _) => {
                let mut form = self.series_form(cx.text, FormPurpose::AddSeries, None);
                Self::preview(&mut form, cx, None);
                cx.popups.push(Popup::Form(form));
            }
            (Action::Edit, _) => {
                let id = self.selected_entry().map(|e| e.slot.series);
                match id.and_then(|id| self.series.iter().find(|s| s.id == id)) {
                    Some(s) => {
                        let purpose = FormPurpose::EditSeries {
                            id: s.id,
                            rev: s.rev,
                        };
                        let mut form = self.series_form(cx.text, purpose, Some(s));
                        Self::preview(&mut form, cx, Some(s));
                        cx.popups.push(Popup::Form(form));
                    }
                    None => *cx.status = Status::info(cx.text.no_series_here()),
                }
            }
            (Action::GotoDate, _) => cx.popups.push(Popup::Form(goto_form(cx.text, self.cursor))),
            _ => {}
        }
    }

    fn submit(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        let t = cx.text;
        if let Some((series, rule_date)) = meeting_of(&form.purpose) {
            self.ensure_page(series, rule_date, cx)?;
        }
        match form.purpose.clone() {
            FormPurpose::EditSeries { id, rev } => {
                let base = self
                    .series
                    .iter()
                    .find(|s| s.id == id)
                    .cloned()
                    .ok_or(Error::NoSuchRecord { id: id.0 })?;
                let draft = Self::series_draft(form, cx, Some(&base))?;
                let saved = cx.backend.run(UpdateSeries { id, rev, draft });
                // A refusal for a stale revision reloads the list, so the form's
                // "load latest" finds the series as the other user left it.
                self.refresh(cx);
                let s = saved?;
                *cx.status = Status::info(t.series_changed(&s.title, &s.rule.describe()));
                Ok(())
            }
            FormPurpose::AddSeries => {
                let draft = Self::series_draft(form, cx, None)?;
                let s = cx.backend.run(CreateSeries { draft })?;
                self.cursor = s
                    .rule
                    .first(s.start)
                    .unwrap_or(s.start)
                    .max(self.cursor.min(s.start));
                self.pane = Pane::Month;
                self.refresh(cx);
                *cx.status = Status::info(t.series_added(&s.title, &s.rule.describe()));
                Ok(())
            }
            FormPurpose::GotoDate => {
                let d = crate::io::input::parse_date(&form.value("date"))?;
                self.pane = Pane::Month;
                self.go(d, cx);
                self.refresh(cx);
                Ok(())
            }
            FormPurpose::VoidTask { task } => {
                cx.backend.run(VoidRecord {
                    kind: RecordKind::Task,
                    id: task.0,
                    reason: form.value("reason").to_string(),
                })?;
                self.refresh(cx);
                *cx.status = Status::info(format!(
                    "{} #{}",
                    cx.text.0.pick("任务已作废", "Task voided"),
                    task
                ));
                Ok(())
            }
            FormPurpose::TaskNote { task } => {
                let noted = self
                    .tasks
                    .iter()
                    .find(|x| x.id == task)
                    .cloned()
                    .ok_or(Error::NoSuchRecord { id: task.0 })?;
                let text = form.value("text");
                let saved = cx.backend.run(UpdateTask {
                    id: noted.id,
                    rev: noted.rev,
                    change: TaskChange::Note {
                        on: self.today,
                        text,
                    },
                });
                if matches!(saved, Err(Error::Conflict { .. })) {
                    self.refresh(cx);
                }
                saved?;
                self.refresh(cx);
                *cx.status = Status::info(t.progress_noted());
                Ok(())
            }
            FormPurpose::MeetingDetails { .. } => {
                let date = crate::io::input::parse_date(&form.value("date"))?;
                let time = crate::io::input::parse_time(&form.value("time"))?;
                let place = form.value("place");
                let reason = form.value("reason");
                let status = form.value("status");
                self.save_page(cx, |m| {
                    let moved_from = m.date;
                    m.status = match status.as_str() {
                        "held" => MeetingStatus::Held,
                        "cancelled" => MeetingStatus::Cancelled { reason },
                        _ if date != moved_from => MeetingStatus::Postponed { from: moved_from },
                        _ => match &m.status {
                            MeetingStatus::Postponed { from } => {
                                MeetingStatus::Postponed { from: *from }
                            }
                            _ => MeetingStatus::Planned,
                        },
                    };
                    m.date = date;
                    m.time = time;
                    m.place = place;
                })?;
                *cx.status = Status::info(t.saved());
                Ok(())
            }
            FormPurpose::MinutesLine { .. } => {
                let line = form.value("text");
                if line.trim().is_empty() {
                    return Err(Error::NameEmpty);
                }
                self.save_page(cx, |m| {
                    if !m.minutes.is_empty() {
                        m.minutes.push('\n');
                    }
                    m.minutes.push_str(line.trim());
                })?;
                if let Some(p) = &mut self.page {
                    p.row = p.rows().saturating_sub(1);
                }
                *cx.status = Status::info(t.added_to_minutes());
                Ok(())
            }
            FormPurpose::AbsentReason { attendee, .. } => {
                let reason = form.value("reason");
                self.mark_attendee(attendee, Presence::Absent { reason }, cx)
            }
            FormPurpose::Substitute { attendee, .. } => {
                let by = form.value("by");
                self.mark_attendee(attendee, Presence::Substitute { by }, cx)
            }
            FormPurpose::TaskFromMinutes { .. } => {
                // Checked before the meeting is put on record, so a bad date saves nothing.
                let due = form.value("date");
                let due = if due.trim().is_empty() {
                    None
                } else {
                    Some(crate::io::input::parse_date(&due)?)
                };
                // A task names its meeting, so the meeting must be on record first.
                if self.page.as_ref().is_some_and(|p| p.data.meeting.id.0 == 0) {
                    self.save_page(cx, |_| {})?;
                }
                let meeting = self.page.as_ref().map(|p| p.data.meeting.clone());
                let name = form.value("owner");
                // An attendee keeps the person and unit the meeting knows them by, so the
                // task counts for them in the figures.
                let owner = meeting
                    .iter()
                    .flat_map(|m| m.attendance.iter().map(|e| &e.attendee))
                    .find(|a| a.name == name.trim())
                    .cloned()
                    .unwrap_or_else(|| Attendee::named(name.trim()));
                let task = cx.backend.run(CreateTask {
                    draft: TaskDraft {
                        title: form.value("name"),
                        owner,
                        unit: None,
                        meeting: meeting.as_ref().map(|m| m.id),
                        opened: self.today,
                        due,
                    },
                })?;
                self.refresh(cx);
                *cx.status = Status::info(cx.text.task_added(task.id.0, &task.title));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn form_changed(&mut self, form: &mut FormState, cx: &mut Cx) {
        if matches!(
            form.purpose,
            FormPurpose::AddSeries | FormPurpose::EditSeries { .. }
        ) {
            sync_rule(form);
            let base = self.base_of(&form.purpose).cloned();
            Self::preview(form, cx, base.as_ref());
        }
    }

    /// Every form of the tab comes back from a draft; the values typed are then put over it.
    /// A meeting's forms need only the purpose: the page opens when the form is saved.
    fn form_for(&self, purpose: &FormPurpose, _: &dyn Backend, t: Text) -> Option<FormState> {
        let form = match purpose {
            FormPurpose::AddSeries => self.series_form(t, purpose.clone(), None),
            FormPurpose::EditSeries { .. } => {
                self.series_form(t, purpose.clone(), Some(self.base_of(purpose)?))
            }
            FormPurpose::GotoDate => goto_form(t, self.cursor),
            FormPurpose::MinutesLine { series, rule_date } => minutes_form(t, *series, *rule_date),
            FormPurpose::AbsentReason {
                series,
                rule_date,
                attendee,
            } => absent_form(
                t,
                *series,
                *rule_date,
                *attendee,
                &self.attendee_name(*series, *rule_date, *attendee),
            ),
            FormPurpose::Substitute {
                series,
                rule_date,
                attendee,
            } => substitute_form(
                t,
                *series,
                *rule_date,
                *attendee,
                &self.attendee_name(*series, *rule_date, *attendee),
            ),
            FormPurpose::TaskFromMinutes { .. } => task_form(t, purpose.clone(), "", "", ""),
            FormPurpose::MeetingDetails { series, rule_date } => {
                let page = self.page.as_ref().filter(|p| {
                    p.data.series.id == *series && p.data.meeting.rule_date == *rule_date
                });
                let title = self
                    .series
                    .iter()
                    .find(|s| s.id == *series)
                    .map_or_else(String::new, |s| s.title.clone());
                let m = page.map(|p| &p.data.meeting);
                let heading = format!("{title} {}", m.map_or(*rule_date, |m| m.date));
                details_form(t, *series, *rule_date, heading, m)
            }
            FormPurpose::TaskNote { task } => {
                task_note_form(t, self.tasks.iter().find(|x| x.id == *task)?)
            }
            FormPurpose::VoidTask { task } => {
                void_task_form(t, self.tasks.iter().find(|x| x.id == *task)?)
            }
            _ => return None,
        };
        Some(form)
    }

    fn answer(&mut self, _purpose: &ChoicePurpose, _answer: usize, _cx: &mut Cx) {}

    fn found(&mut self, _id: u64, _cx: &mut Cx) {}

    fn notice(&mut self, notice: &ChangeNotice, cx: &mut Cx) {
        use crate::domain::audit::RecordKind;
        if notice.kind == RecordKind::Unit
            && let Err(e) = self.load_tree(cx.backend)
        {
            *cx.status = Status::error(e.message(cx.text.0));
        }
        if matches!(
            notice.kind,
            RecordKind::Meeting | RecordKind::MeetingSeries | RecordKind::Task
        ) {
            self.refresh(cx);
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        if let Some(page) = &self.page {
            return self.render_page(page, frame, area, look);
        }
        match self.pane {
            Pane::Month => self.render_month(frame, area, look),
            Pane::Agenda => self.render_agenda(frame, area, look),
            Pane::Tasks => self.render_tasks(frame, area, look),
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// A line of the task list.
enum TaskLine {
    /// An owner, or the closed tasks' heading.
    Heading(String),
    Task {
        /// In `Meetings::tasks`.
        index: usize,
        text: String,
        overdue: bool,
    },
    /// A progress note of the selected task.
    Note(String),
}
