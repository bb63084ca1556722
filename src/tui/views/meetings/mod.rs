//! 会议: a month calendar with meeting days, holidays and make-up working days, the month's
//! meetings beside it; the next 90 days; tasks by owner, overdue first; and one meeting's
//! page, where attendance is taken one key per person and minutes become tasks.

mod agenda;
mod calendar;
mod forms;
mod page;
mod save;
mod series_form;
mod tasks;

use std::sync::Arc;

use chrono::{Datelike, Days, Months, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::meetings::{
    GetCalendar, GetMeetingPage, GetSchedule, ListSeries, ListTasks, MeetingPage, ScheduleEntry,
    TaskChange, TaskMeetingPage, UpdateTask,
};
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::UnitId;
use crate::domain::meeting::{MeetingSeries, SeriesId};
use crate::domain::task::{Task, TaskStatus, sort_by_owner};
use crate::domain::tree::UnitTree;
use crate::domain::workdays::Calendar;
use crate::error::Result;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::permits::Permits;
use crate::tui::popups::Popup;
use crate::tui::popups::choice::ChoicePurpose;
use crate::tui::popups::form::{FormPurpose, FormState};
use crate::tui::strings::Text;
use crate::tui::views::Tab;
use crate::tui::views::list::moved;
use crate::tui::views::units_index::UnitsIndex;
use crate::tui::views::{Cx, Look, Status, View};
pub use forms::MeetingsForm;
use forms::{goto_form, task_note_form, void_task_form};

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
    tree: Arc<UnitTree>,
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

/// The tasks in the order shown, so that the cursor walks down the list:
/// open tasks by owner, then the closed ones, the latest closed first.
/// Sorted in place and held without spare room: a province's list is some
/// 18,000 tasks, and splitting it into two growing lists held up to twice
/// their size (8 MB) for as long as the tab was open.
fn in_shown_order(mut tasks: Vec<Task>, today: NaiveDate) -> Vec<Task> {
    // Unstable sorts take no scratch space; the keys are unique but for
    // the open ones, whose order `sort_by_owner` then sets.
    tasks.sort_unstable_by_key(|t| !t.is_open());
    let open = tasks.partition_point(|t| t.is_open());
    let (open_ones, closed) = tasks.split_at_mut(open);
    closed.sort_unstable_by_key(|t| std::cmp::Reverse((t.changed_at, t.id)));
    sort_by_owner(open_ones, today);
    tasks.shrink_to_fit();
    tasks
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

/// The tab, for `views::all`.
pub fn tab() -> Tab {
    Tab::new::<MeetingsForm>(Text::tab_meetings, |b| Ok(Box::new(Meetings::load(b)?)))
}

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
            tree: Arc::default(),
        };
        m.load_tree(backend)?;
        m.reload(backend)?;
        Ok(m)
    }

    fn load_tree(&mut self, backend: &dyn Backend) -> Result<()> {
        if self.permits.needs_tree() {
            self.tree = UnitsIndex::read(backend)?.tree;
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
        self.tasks = in_shown_order(tasks, self.today);
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

    fn list_len(&self) -> usize {
        match self.pane {
            Pane::Month => 0,
            Pane::Agenda => self.agenda.len(),
            Pane::Tasks => self.tasks.len(),
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
        let len = self.list_len();
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
            (Action::PrevWeek | Action::Up, _) => self.row = moved(self.row, -1, len),
            (Action::NextWeek | Action::Down, _) => self.row = moved(self.row, 1, len),
            (Action::PrevMonth, _) => self.row = moved(self.row, -10, len),
            (Action::NextMonth, _) => self.row = moved(self.row, 10, len),
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
                let mut form = self.series_form(cx.text, MeetingsForm::AddSeries, None);
                Self::preview(&mut form, cx, None);
                cx.popups.push(Popup::Form(form));
            }
            (Action::Edit, _) => {
                let id = self.selected_entry().map(|e| e.slot.series);
                match id.and_then(|id| self.series.iter().find(|s| s.id == id)) {
                    Some(s) => {
                        let purpose = MeetingsForm::EditSeries {
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
        self.save_form(form, cx)
    }

    fn form_changed(&mut self, form: &mut FormState, cx: &mut Cx) {
        self.form_edited(form, cx)
    }

    /// Every form of the tab comes back from a draft; the values typed are then put over it.
    /// A meeting's forms need only the purpose: the page opens when the form is saved.
    fn form_for(&self, purpose: &FormPurpose, backend: &dyn Backend, t: Text) -> Option<FormState> {
        self.rebuild_form(purpose, backend, t)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::task::TaskStatus;
    use crate::domain::task::tests::task;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap()
    }

    #[test]
    fn tasks_are_shown_open_by_owner_then_latest_closed_first() {
        let today = d(6, 1);
        let done = |on| TaskStatus::Done { on };
        let mut tasks = vec![
            task(1, "李", Some(d(7, 1)), TaskStatus::Open),
            task(2, "赵", Some(d(3, 1)), done(d(3, 2))),
            task(3, "赵", Some(d(8, 1)), TaskStatus::Open),
            task(4, "李", Some(d(3, 1)), done(d(4, 2))),
            task(5, "赵", Some(d(5, 1)), TaskStatus::Open),
            task(6, "李", None, TaskStatus::Open),
        ];
        tasks[1].changed_at = 20;
        tasks[3].changed_at = 30;
        let shown = in_shown_order(tasks, today);
        let ids: Vec<u64> = shown.iter().map(|t| t.id.0).collect();
        // 赵 has an overdue task (5), so comes first, overdue first; then
        // 李; then the closed ones, the one changed last first.
        assert_eq!(ids, [5, 3, 1, 6, 4, 2]);
        assert_eq!(shown.capacity(), shown.len());
    }
}
