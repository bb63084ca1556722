//! The selection in a list the tabs show a page of at a time: moving it by the list keys and
//! keeping it in sight. One implementation, so that every tab pages and scrolls alike.

use crate::tui::action::Action;

/// The selected row of a list and the first row shown.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ListCursor {
    pub cursor: usize,
    pub offset: usize,
}

impl ListCursor {
    /// Moves the selection for a list key (up, down, a page, the ends) in a
    /// list of `len` rows shown `height` at a time; false for any other action.
    pub fn step(&mut self, action: &Action, len: usize, height: usize) -> bool {
        let last = len.saturating_sub(1);
        // A page keeps one row of the last one in sight.
        let page = height.max(2) - 1;
        self.cursor = match action {
            Action::Down => moved(self.cursor, 1, len),
            Action::Up => moved(self.cursor, -1, len),
            Action::PageDown => (self.cursor + page).min(last),
            Action::PageUp => self.cursor.saturating_sub(page),
            Action::First => 0,
            Action::Last => last,
            _ => return false,
        };
        true
    }

    /// The selection kept on the list after it shrank to `len` rows.
    pub fn clamp(&mut self, len: usize) {
        self.cursor = self.cursor.min(len.saturating_sub(1));
    }

    /// Scrolls as little as it takes to show the selection, `height` rows at a time, without
    /// leaving blank rows below the end of a list of `len` rows.
    pub fn keep_visible(&mut self, len: usize, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

/// Row `row` moved by `by` within a list of `len` rows, stopping at its ends.
pub fn moved(row: usize, by: isize, len: usize) -> usize {
    if by < 0 {
        row.saturating_sub(by.unsigned_abs())
    } else {
        (row + by.unsigned_abs()).min(len.saturating_sub(1))
    }
}

/// The first row shown when a list keeps no scroll position: the selected
/// row is on the last line once it would fall below it.
pub fn offset_ending_at(row: usize, height: usize) -> usize {
    row.saturating_sub(height.saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stop_at_the_ends_and_pages_keep_a_row() {
        let mut l = ListCursor::default();
        assert!(l.step(&Action::Up, 10, 4));
        assert_eq!(l.cursor, 0);
        l.step(&Action::PageDown, 10, 4);
        assert_eq!(l.cursor, 3);
        l.step(&Action::Last, 10, 4);
        assert_eq!(l.cursor, 9);
        l.step(&Action::Down, 10, 4);
        assert_eq!(l.cursor, 9);
        assert!(!l.step(&Action::Submit, 10, 4));
        l.keep_visible(10, 4);
        assert_eq!(l.offset, 6);
        l.step(&Action::First, 10, 4);
        l.keep_visible(10, 4);
        assert_eq!(l.offset, 0);
        assert_eq!(moved(0, -10, 5), 0);
        assert_eq!(moved(3, 10, 5), 4);
        assert_eq!(offset_ending_at(7, 5), 3);
    }
}
