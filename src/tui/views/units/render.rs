//! The tab drawn: the tree on the left, the selected unit's card on the right.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Hierarchy;
use super::card;
use crate::tui::theme::MARKER;
use crate::tui::views::Look;
use crate::tui::widgets::fit::truncate;

/// Widths of the tree pane and the card, from the body's width.
pub fn split(body: Rect) -> (Rect, Rect) {
    let tree_w = (body.width * 2 / 5).clamp(30, 44).min(body.width);
    let tree = Rect::new(body.x, body.y, tree_w, body.height);
    let card_x = body.x + tree_w + 1;
    let card = Rect::new(
        card_x.min(body.right()),
        body.y,
        body.right().saturating_sub(card_x),
        body.height,
    );
    (tree, card)
}

impl Hierarchy {
    pub(super) fn render_tree(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let buf = frame.buffer_mut();
        let height = area.height as usize;
        if self.rows.is_empty() {
            buf.set_line(area.x, area.y, &Line::raw(look.text.no_units()), area.width);
        }
        for (i, row) in self
            .rows
            .iter()
            .enumerate()
            .skip(self.list.offset)
            .take(height)
        {
            let Some(u) = self.tree.get(row.id) else {
                continue;
            };
            let selected = i == self.list.cursor;
            let moving = self.moving == Some(row.id);
            let expander = match (row.has_children, self.expanded.contains(&row.id)) {
                (false, _) => "  ",
                (true, true) => "- ",
                (true, false) => "+ ",
            };
            let indent = "  ".repeat(row.depth.min(8));
            let lead = 2 + indent.len() + expander.len();
            let name_w = (area.width as usize).saturating_sub(lead);
            let name_style = if selected {
                look.theme.selected
            } else if moving {
                look.theme.highlight
            } else {
                Style::new()
            };
            let marker = if selected {
                Span::styled(MARKER, look.theme.selected)
            } else {
                Span::raw(" ")
            };
            let line = Line::from(vec![
                marker,
                Span::raw(" "),
                Span::raw(indent),
                Span::styled(expander, look.theme.dim),
                Span::styled(truncate(&u.name, name_w), name_style),
            ]);
            buf.set_line(
                area.x,
                area.y + (i - self.list.offset) as u16,
                &line,
                area.width,
            );
        }
    }

    pub(super) fn render_card(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let Some(unit) = self.selected() else {
            return;
        };
        let people = self.people_of(unit.id);
        let lines = if self.detailed {
            card::full(&self.tree, unit, people, look.text)
        } else {
            card::brief(&self.tree, unit, people, look.text)
        };
        card::render(&lines, frame.buffer_mut(), area, look);
    }

    pub(super) fn draw(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let (tree, card) = split(area);
        self.render_tree(frame, tree, look);
        let buf = frame.buffer_mut();
        for y in area.top()..area.bottom() {
            buf.set_string(tree.right(), y, "│", look.theme.border);
        }
        self.render_card(frame, card, look);
    }
}
