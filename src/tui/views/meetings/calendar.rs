//! The month: a calendar with meeting days, holidays and make-up working days, and the
//! meetings of the month beside it.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::calendar::{CalendarEventStore, Monthly};

use super::{CALENDAR_W, Meetings, first_of_month, to_time_date};
use crate::domain::workdays::DayKind;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{truncate, wrap};

impl Meetings {
    pub(super) fn render_month(&self, frame: &mut Frame, area: Rect, look: &Look) {
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
}
