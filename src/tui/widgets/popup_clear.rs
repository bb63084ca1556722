//! Clearing the place a popup is drawn.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Widget};

/// `Clear`, and also the left half of a double-width character whose right
/// half the popup's left border covers: a terminal given the border over the
/// second cell of 爱 either eats the border or shifts the rest of the line, so
/// the character is blanked instead.
pub struct PopupClear;

impl Widget for PopupClear {
    fn render(self, area: Rect, buf: &mut Buffer) {
        Clear.render(area, buf);
        if area.x <= buf.area.x {
            return;
        }
        let left = area.x - 1;
        for y in area.top()..area.bottom().min(buf.area.bottom()) {
            if let Some(cell) = buf.cell_mut((left, y))
                && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
            {
                cell.set_symbol(" ");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_character_under_the_left_border_is_blanked() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 2));
        buf.set_string(0, 0, "> 爱辉区", ratatui::style::Style::default());
        buf.set_string(0, 1, "> abcdef", ratatui::style::Style::default());
        // 爱 sits on cells 2 and 3; the popup starts at cell 3.
        PopupClear.render(Rect::new(3, 0, 5, 2), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), " ");
        // A narrow character beside the popup is left alone.
        assert_eq!(buf[(2, 1)].symbol(), "a");
        assert_eq!(buf[(3, 1)].symbol(), " ");
    }

    #[test]
    fn a_popup_starting_on_a_character_boundary_keeps_its_neighbour() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        buf.set_string(0, 0, "爱辉区", ratatui::style::Style::default());
        // 辉 starts at cell 2: the popup from cell 4 covers 区 whole.
        PopupClear.render(Rect::new(4, 0, 4, 1), &mut buf);
        assert_eq!(buf[(2, 0)].symbol(), "辉");
    }
}
