//! A one-line text field that measures by display width, so the cursor sits
//! right after a Chinese character and input methods anchor their candidate
//! window there.

use unicode_width::UnicodeWidthChar;

use crate::domain::text::is_forbidden;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    value: String,
    /// Cursor position in characters.
    cursor: usize,
    /// A suggested value shown selected: the first character typed replaces
    /// it, a movement keeps it for editing.
    selected: bool,
}

impl TextInput {
    pub fn new(value: &str) -> TextInput {
        let mut t = TextInput::default();
        t.insert_str(value);
        t
    }

    /// `value` selected, as a suggestion to type over.
    pub fn selected(value: &str) -> TextInput {
        let mut t = TextInput::new(value);
        t.selected = !t.value.is_empty();
        t
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    fn byte_at(&self, char_pos: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_pos)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }

    fn len(&self) -> usize {
        self.value.chars().count()
    }

    pub fn insert(&mut self, c: char) {
        // Control characters would reach the terminal when drawn; pasted
        // line breaks become spaces since the field is one line.
        let c = match c {
            '\n' | '\r' | '\t' => ' ',
            c if is_forbidden(c) => return,
            c => c,
        };
        if std::mem::take(&mut self.selected) {
            self.clear();
        }
        let at = self.byte_at(self.cursor);
        self.value.insert(at, c);
        self.cursor += 1;
    }

    pub fn insert_str(&mut self, s: &str) {
        for c in s.chars() {
            self.insert(c);
        }
    }

    pub fn backspace(&mut self) {
        if std::mem::take(&mut self.selected) {
            self.clear();
            return;
        }
        if self.cursor == 0 {
            return;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.value.remove(at);
    }

    pub fn delete(&mut self) {
        if std::mem::take(&mut self.selected) {
            self.clear();
            return;
        }
        if self.cursor < self.len() {
            let at = self.byte_at(self.cursor);
            self.value.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.selected = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.selected = false;
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.selected = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.selected = false;
        self.cursor = self.len();
    }

    pub fn clear(&mut self) {
        self.selected = false;
        self.value.clear();
        self.cursor = 0;
    }

    /// The part to show in `width` columns and the cursor's column in it.
    /// The view scrolls so the cursor stays visible with one column spare
    /// after it (where the cursor itself is drawn).
    pub fn visible(&self, width: usize) -> (String, usize) {
        let widths: Vec<usize> = self.value.chars().map(|c| c.width().unwrap_or(0)).collect();
        let before: usize = widths[..self.cursor].iter().sum();
        let mut start = 0;
        let mut skipped = 0;
        while width > 0 && before - skipped + 1 > width && start < self.cursor {
            skipped += widths[start];
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        for (c, w) in self.value.chars().zip(&widths).skip(start) {
            if used + w > width {
                break;
            }
            shown.push(c);
            used += w;
        }
        (shown, before - skipped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_counts_display_width() {
        let mut t = TextInput::default();
        for c in "四嘉子".chars() {
            t.insert(c);
        }
        assert_eq!(t.visible(20), ("四嘉子".to_string(), 6));
        t.insert('a');
        assert_eq!(t.visible(20).1, 7);
        t.left();
        t.left();
        assert_eq!(t.visible(20).1, 4);
        t.insert('乡');
        assert_eq!(t.value(), "四嘉乡子a");
        t.backspace();
        t.delete();
        assert_eq!(t.value(), "四嘉a");
        t.home();
        assert_eq!(t.visible(20).1, 0);
        t.end();
        assert_eq!(t.visible(20).1, 5);
    }

    #[test]
    fn scrolls_to_keep_cursor_visible() {
        let t = TextInput::new("一二三四五六七八九十");
        let (shown, x) = t.visible(9);
        assert!(x < 9, "cursor column {x}");
        assert!(shown.ends_with('十'));
        assert!(crate::domain::text::display_width(&shown) <= 9);
    }

    #[test]
    fn a_selected_suggestion_is_replaced_by_typing_and_kept_by_moving() {
        let mut t = TextInput::selected("2026-12-06");
        assert!(t.is_selected());
        t.insert_str("2025-3-1");
        assert_eq!(t.value(), "2025-3-1");
        assert!(!t.is_selected());

        let mut t = TextInput::selected("2026-12-06");
        t.backspace();
        assert_eq!(t.value(), "");

        let mut t = TextInput::selected("2026-12-06");
        t.left();
        t.insert('7');
        assert_eq!(t.value(), "2026-12-076");
    }

    #[test]
    fn paste_drops_controls_and_flattens_lines() {
        let t = TextInput::new("新\u{1b}[31m村\n一组");
        assert_eq!(t.value(), "新[31m村 一组");
        assert_eq!(t.cursor(), 9);
    }
}
