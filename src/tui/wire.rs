//! A crossterm backend that spends fewer bytes on Chinese text. ratatui's own
//! moves the cursor before every character that follows a wide one, about
//! seven bytes per 汉字, and resets every attribute after every frame; this
//! one knows the cursor already stands after the wide character, and leaves
//! the cursor and attributes alone when they are already right.

use std::io::{self, Write};

use crossterm::cursor::MoveTo;
use crossterm::queue;
use crossterm::style::{Attribute, Print, SetAttribute, SetBackgroundColor, SetForegroundColor};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, IntoCrossterm, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

pub struct Wire<W: Write> {
    inner: CrosstermBackend<W>,
    /// Whether the cursor is shown, once known; repeats are not sent.
    cursor_shown: Option<bool>,
}

impl<W: Write> Wire<W> {
    pub fn new(out: W) -> Wire<W> {
        Wire {
            inner: CrosstermBackend::new(out),
            cursor_shown: None,
        }
    }
}

fn attribute_changes(from: Modifier, to: Modifier) -> Vec<Attribute> {
    let mut out = Vec::new();
    let removed = from - to;
    let added = to - from;
    let intensity_reset = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if intensity_reset {
        out.push(Attribute::NormalIntensity);
    }
    let pairs = [
        (Modifier::ITALIC, Attribute::NoItalic, Attribute::Italic),
        (
            Modifier::UNDERLINED,
            Attribute::NoUnderline,
            Attribute::Underlined,
        ),
        (Modifier::REVERSED, Attribute::NoReverse, Attribute::Reverse),
        (
            Modifier::CROSSED_OUT,
            Attribute::NotCrossedOut,
            Attribute::CrossedOut,
        ),
        (Modifier::HIDDEN, Attribute::NoHidden, Attribute::Hidden),
        (
            Modifier::SLOW_BLINK,
            Attribute::NoBlink,
            Attribute::SlowBlink,
        ),
        (
            Modifier::RAPID_BLINK,
            Attribute::NoBlink,
            Attribute::RapidBlink,
        ),
    ];
    for (m, off, _) in pairs {
        if removed.contains(m) {
            out.push(off);
        }
    }
    // After a normal-intensity reset, bold and dim that stay must be set
    // again.
    let to_set = if intensity_reset { to } else { added };
    if to_set.contains(Modifier::BOLD) {
        out.push(Attribute::Bold);
    }
    if to_set.contains(Modifier::DIM) {
        out.push(Attribute::Dim);
    }
    for (m, _, on) in pairs {
        if added.contains(m) {
            out.push(on);
        }
    }
    out
}

impl<W: Write> Backend for Wire<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let w = &mut self.inner;
        let mut fg = Color::Reset;
        let mut bg = Color::Reset;
        let mut modifier = Modifier::empty();
        // Where the terminal's cursor stands after the last character.
        let mut at: Option<Position> = None;
        for (x, y, cell) in content {
            if at != Some(Position { x, y }) {
                queue!(w, MoveTo(x, y))?;
            }
            if cell.modifier != modifier {
                for a in attribute_changes(modifier, cell.modifier) {
                    queue!(w, SetAttribute(a))?;
                }
                modifier = cell.modifier;
            }
            if cell.fg != fg {
                queue!(w, SetForegroundColor(cell.fg.into_crossterm()))?;
                fg = cell.fg;
            }
            if cell.bg != bg {
                queue!(w, SetBackgroundColor(cell.bg.into_crossterm()))?;
                bg = cell.bg;
            }
            let symbol = cell.symbol();
            queue!(w, Print(symbol))?;
            let width = UnicodeWidthStr::width(symbol).max(1) as u16;
            at = Some(Position { x: x + width, y });
        }
        if fg != Color::Reset {
            queue!(w, SetForegroundColor(crossterm::style::Color::Reset))?;
        }
        if bg != Color::Reset {
            queue!(w, SetBackgroundColor(crossterm::style::Color::Reset))?;
        }
        if !modifier.is_empty() {
            for a in attribute_changes(modifier, Modifier::empty()) {
                queue!(w, SetAttribute(a))?;
            }
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.inner.hide_cursor()?;
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.inner.show_cursor()?;
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.inner.append_lines(n)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_changes_keep_what_stays() {
        use Modifier as M;
        assert_eq!(
            attribute_changes(M::empty(), M::BOLD),
            vec![Attribute::Bold]
        );
        assert_eq!(
            attribute_changes(M::BOLD | M::DIM, M::DIM),
            vec![Attribute::NormalIntensity, Attribute::Dim]
        );
        assert_eq!(
            attribute_changes(M::BOLD | M::UNDERLINED, M::BOLD),
            vec![Attribute::NoUnderline]
        );
        assert_eq!(
            attribute_changes(M::BOLD | M::UNDERLINED, M::empty()),
            vec![Attribute::NormalIntensity, Attribute::NoUnderline]
        );
        assert!(attribute_changes(M::ITALIC, M::ITALIC).is_empty());
    }
}
