//! One meeting's page: attendance taken one key per person, minutes written and turned into
//! tasks, and its drawing.

use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::MeetingsForm;
use super::forms::{absent_form, details_form, minutes_form, substitute_form, task_form};
use super::{Meetings, Page};
use crate::api::meetings::{GetMeetingPage, MarkAttendance, SaveMeeting};
use crate::backend::BackendExt;
use crate::domain::meeting::{Attendee, MeetingStatus, Presence, SeriesId};
use crate::error::{Error, Result};
use crate::tui::action::Action;
use crate::tui::popups::Popup;
use crate::tui::views::list::offset_ending_at;
use crate::tui::views::{Cx, Look, Status};
use crate::tui::widgets::fit::{pad, truncate};

impl Meetings {
    /// Saves the open meeting after `change`, creating its record the first time.
    pub(super) fn save_page(
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
    pub(super) fn save_mark(
        &mut self,
        cx: &mut Cx,
        who: Attendee,
        presence: Presence,
    ) -> Result<()> {
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

    pub(super) fn mark(&mut self, presence: Presence, cx: &mut Cx) {
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
    pub(super) fn mark_attendee(
        &mut self,
        attendee: usize,
        presence: Presence,
        cx: &mut Cx,
    ) -> Result<()> {
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

    pub(super) fn page_update(&mut self, action: &Action, cx: &mut Cx) {
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
                let purpose = MeetingsForm::TaskFromMinutes {
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
    pub(super) fn ensure_page(
        &mut self,
        series: SeriesId,
        rule_date: NaiveDate,
        cx: &mut Cx,
    ) -> Result<()> {
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
    pub(super) fn attendee_name(&self, series: SeriesId, rule_date: NaiveDate, i: usize) -> String {
        self.page
            .as_ref()
            .filter(|p| p.data.series.id == series && p.data.meeting.rule_date == rule_date)
            .and_then(|p| p.data.meeting.attendance.get(i))
            .map_or_else(|| format!("#{}", i + 1), |e| e.attendee.name.clone())
    }

    pub(super) fn render_page(&self, page: &Page, frame: &mut Frame, area: Rect, look: &Look) {
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
        // The line under the selected one stays in sight.
        let offset = offset_ending_at(at, height.saturating_sub(1));
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
