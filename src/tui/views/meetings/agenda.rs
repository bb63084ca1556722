//! The meetings of the next 90 days, one a line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Meetings;
use crate::tui::views::Look;
use crate::tui::views::list::offset_ending_at;
use crate::tui::widgets::fit::truncate;

impl Meetings {
    pub(super) fn render_agenda(&self, frame: &mut Frame, area: Rect, look: &Look) {
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
        let offset = offset_ending_at(self.row, height);
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
}
