//! The plans drawn: a board with a column per stage when the screen is wide enough, else one
//! table with the stage as its first column. Each plan shows its unit, creation, days in its
//! stage and the last guidance visit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{BOARD_WIDTH, Pane, Sanchuang};
use crate::api::sanchuang::PlanRow;
use crate::domain::plan::Stage;
use crate::domain::text::display_width;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{pad, truncate};

/// The first row shown of a list of `len` whose cursor is at `cursor`, in
/// `height` rows of `per` lines each.
pub(super) fn first_shown(cursor: usize, height: usize, per: usize) -> usize {
    let fit = (height / per.max(1)).max(1);
    cursor.saturating_sub(fit - 1)
}

impl Sanchuang {
    /// The line naming the three views, the shown one marked, then `what`.
    pub(super) fn render_panes(&self, frame: &mut Frame, area: Rect, look: &Look, what: &str) {
        let t = look.text;
        let mut spans = Vec::new();
        let mut used = 0;
        for p in Pane::ALL {
            let name = t.sc_pane_label(p);
            let s = if p == self.pane {
                Span::styled(format!("[{name}]"), look.theme.title)
            } else {
                Span::styled(format!(" {name} "), look.theme.dim)
            };
            used += display_width(&s.content);
            spans.push(s);
        }
        spans.push(Span::raw("  "));
        used += 2;
        spans.push(Span::styled(
            truncate(what, (area.width as usize).saturating_sub(used)),
            look.theme.label,
        ));
        frame
            .buffer_mut()
            .set_line(area.x, area.y, &Line::from(spans), area.width);
    }

    fn days_cell(&self, r: &PlanRow, t: Text) -> String {
        t.sc_days(r.plan.days_in_stage(self.today))
    }

    fn visit_cell(r: &PlanRow, t: Text) -> String {
        r.last_visit
            .map_or_else(|| t.sc_no_visit().to_string(), |d| d.to_string())
    }

    /// The last visit as a board's card says it.
    fn visit_note(r: &PlanRow, t: Text) -> String {
        r.last_visit.map_or_else(
            || t.sc_never_visited().to_string(),
            |d| t.sc_visit_short(&d.to_string()),
        )
    }

    pub(super) fn render_plans(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        self.render_panes(frame, area, look, &t.sc_plan_count(self.plans.len()));
        let body = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        };
        if self.plans.is_empty() {
            frame.buffer_mut().set_line(
                body.x + 2,
                body.y + 1,
                &Line::styled(
                    truncate(t.sc_no_plans(), (body.width as usize).saturating_sub(2)),
                    look.theme.dim,
                ),
                body.width.saturating_sub(2),
            );
            return;
        }
        if area.width >= BOARD_WIDTH {
            self.render_board(frame, body, look);
        } else {
            self.render_plan_table(frame, body, look);
        }
    }

    fn render_board(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lang = t.0;
        let gaps = 3u16;
        let col_w = (area.width.saturating_sub(gaps)) / 4;
        let buf = frame.buffer_mut();
        for (c, stage) in Stage::ALL.iter().enumerate() {
            let x = area.x + c as u16 * (col_w + 1);
            // A cell of margin before the next column's rule.
            let w = (col_w as usize).saturating_sub(1);
            let rows = self.column_rows(c);
            let focused = c == self.column;
            let head = format!("{} ({})", stage.label(lang), rows.len());
            let head_style = if focused {
                look.theme.title
            } else {
                look.theme.label
            };
            buf.set_line(
                x,
                area.y,
                &Line::styled(truncate(&head, w), head_style),
                col_w,
            );
            buf.set_line(
                x,
                area.y + 1,
                &Line::styled("─".repeat(w), look.theme.border),
                col_w,
            );
            if c > 0 {
                for y in area.y..area.bottom() {
                    buf.set_line(x - 1, y, &Line::styled("│", look.theme.border), 1);
                }
            }
            let height = (area.height as usize).saturating_sub(2);
            let first = if focused {
                first_shown(self.rows[c], height, 2)
            } else {
                0
            };
            for (i, r) in rows.iter().enumerate().skip(first) {
                let y = area.y + 2 + ((i - first) * 2) as u16;
                if y >= area.bottom() {
                    break;
                }
                let selected = focused && i == self.rows[c];
                let style = if selected {
                    look.theme.selected
                } else {
                    Style::new()
                };
                let creation = r.plan.creation.label(lang);
                let name_w = w.saturating_sub(2 + display_width(creation) + 1);
                let first_line = format!(
                    "{}{} {creation}",
                    if selected { "> " } else { "  " },
                    pad(&truncate(&r.unit_name, name_w), name_w)
                );
                buf.set_line(x, y, &Line::styled(truncate(&first_line, w), style), col_w);
                if y + 1 < area.bottom() {
                    let second = format!("  {} · {}", self.days_cell(r, t), Self::visit_note(r, t));
                    buf.set_line(
                        x,
                        y + 1,
                        &Line::styled(truncate(&second, w), look.theme.dim),
                        col_w,
                    );
                }
            }
        }
    }

    fn render_plan_table(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lang = t.0;
        let w = area.width as usize;
        let stage_w = Stage::ALL
            .iter()
            .map(|s| display_width(s.label(lang)))
            .max()
            .unwrap_or(4)
            .max(display_width(t.sc_stage()));
        let creation_w = display_width(t.sc_creation()).max(
            crate::domain::plan::Creation::ALL
                .iter()
                .map(|c| display_width(c.label(lang)))
                .max()
                .unwrap_or(6),
        );
        let days_w = display_width(t.sc_days_head()).max(6);
        let visit_w = display_width(t.sc_last_visit()).max(10);
        let fixed = stage_w + creation_w + days_w + visit_w + 4;
        let unit_w = w.saturating_sub(2 + fixed).max(6);
        let row = |cells: [&str; 5]| -> String {
            format!(
                "{} {} {} {} {}",
                pad(&truncate(cells[0], stage_w), stage_w),
                pad(&truncate(cells[1], unit_w), unit_w),
                pad(&truncate(cells[2], creation_w), creation_w),
                {
                    let c = truncate(cells[3], days_w);
                    format!(
                        "{}{c}",
                        " ".repeat(days_w.saturating_sub(display_width(&c)))
                    )
                },
                truncate(cells[4], visit_w),
            )
        };
        let buf = frame.buffer_mut();
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(
                truncate(
                    &format!(
                        "  {}",
                        row([
                            t.sc_stage(),
                            t.sc_unit(),
                            t.sc_creation(),
                            t.sc_days_head(),
                            t.sc_last_visit()
                        ])
                    ),
                    w,
                ),
                look.theme.label,
            ),
            area.width,
        );
        let height = (area.height as usize).saturating_sub(1);
        let cursor = self.table_row();
        let first = first_shown(cursor, height, 1);
        for (n, r) in self.plans.iter().enumerate().skip(first).take(height) {
            let selected = n == cursor;
            let style = if selected {
                look.theme.selected
            } else {
                Style::new()
            };
            let days = r.plan.days_in_stage(self.today).to_string();
            let visit = Self::visit_cell(r, t);
            let cells = row([
                r.plan.stage().label(lang),
                &r.unit_name,
                r.plan.creation.label(lang),
                &days,
                &visit,
            ]);
            let line = Line::from(vec![
                Span::styled(if selected { "> " } else { "  " }, look.theme.selected),
                Span::styled(truncate(&cells, w.saturating_sub(2)), style),
            ]);
            buf.set_line(area.x, area.y + 1 + (n - first) as u16, &line, area.width);
        }
    }
}
