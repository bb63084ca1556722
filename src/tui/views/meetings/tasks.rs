//! The task list: open tasks by owner, overdue first, then the closed ones; the selected
//! task with its progress notes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Meetings;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::views::list::offset_ending_at;
use crate::tui::widgets::fit::truncate;

impl Meetings {
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

    pub(super) fn render_tasks(&self, frame: &mut Frame, area: Rect, look: &Look) {
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
        let offset = offset_ending_at(last_wanted, height).min(at);
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
