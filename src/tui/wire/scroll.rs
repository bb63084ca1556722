//! Rows that moved, sent as a scroll of the terminal's rows instead of
//! drawn again. When a list moves by a row at its edge, every row on screen
//! changes place but not content: ratatui's diff repaints them all (about
//! 900 bytes for the roster at 80×24); a scroll region moved by one line
//! costs 14 bytes, and only the rows that are really new are drawn.
//!
//! The backend sees only the cells that changed, so it keeps its own copy of
//! what the terminal shows (the screen as ratatui last left it), finds the
//! band of rows that moved, and draws the difference from the moved copy.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

/// Moving `count` rows of `top..bottom` (screen rows, bottom excluded) up
/// (`up`: the content goes towards the top) or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scroll {
    pub top: u16,
    pub bottom: u16,
    pub count: u16,
    pub up: bool,
}

impl Scroll {
    /// The terminal's commands: a scroll region (DECSTBM), the scroll (SU or
    /// SD), and the whole screen as the region again. The cursor ends at the
    /// top left (DECSTBM puts it there), so what follows places it anew.
    pub fn commands(&self) -> String {
        let n = if self.count == 1 {
            String::new()
        } else {
            self.count.to_string()
        };
        let verb = if self.up { 'S' } else { 'T' };
        format!("\x1b[{};{}r\x1b[{n}{verb}\x1b[r", self.top + 1, self.bottom)
    }

    /// The screen as the terminal shows it after the scroll: rows moved
    /// within the region, blank rows where none came from.
    pub fn apply(&self, screen: &mut Buffer) {
        let w = screen.area.width as usize;
        let (top, bottom, n) = (self.top as usize, self.bottom as usize, self.count as usize);
        let blank = Cell::default();
        let rows: Vec<usize> = if self.up {
            (top..bottom).collect()
        } else {
            (top..bottom).rev().collect()
        };
        for y in rows {
            let from = if self.up {
                (y + n < bottom).then_some(y + n)
            } else {
                y.checked_sub(n).filter(|f| *f >= top)
            };
            for x in 0..w {
                let cell = match from {
                    Some(f) => screen.content[f * w + x].clone(),
                    None => blank.clone(),
                };
                screen.content[y * w + x] = cell;
            }
        }
    }
}

fn row(b: &Buffer, w: usize, y: usize) -> &[Cell] {
    &b.content[y * w..(y + 1) * w]
}

/// What the terminal shows, kept from the cells sent to it.
#[derive(Debug, Default)]
pub struct Shadow {
    screen: Buffer,
}

/// Rows that must be drawn at least before a scroll pays for its commands.
const MIN_ROWS_SAVED: usize = 2;

impl Shadow {
    /// The terminal was cleared: every cell blank.
    pub fn clear(&mut self) {
        self.screen = Buffer::default();
    }

    /// The screen after `cells` are drawn over what it shows, grown to hold
    /// them (cells never drawn are blank, as on the terminal).
    pub fn after(&self, cells: &[(u16, u16, Cell)]) -> Buffer {
        let mut area = self.screen.area;
        for (x, y, c) in cells {
            let w = UnicodeWidthStr::width(c.symbol()).max(1) as u16;
            area = area.union(Rect::new(0, 0, x + w, y + 1));
        }
        let mut next = if area == self.screen.area {
            self.screen.clone()
        } else {
            let mut grown = Buffer::empty(area);
            grown.merge(&self.screen);
            grown
        };
        for (x, y, c) in cells {
            let w = UnicodeWidthStr::width(c.symbol()).max(1) as u16;
            next[(*x, *y)] = c.clone();
            // As ratatui's buffer has them: the cells a wide character hides are blank.
            for hidden in 1..w {
                next[(x + hidden, *y)].reset();
            }
        }
        next
    }

    /// The scroll that spares the most rows from being drawn, if one spares
    /// enough to be worth it.
    pub fn scroll_to(&self, next: &Buffer) -> Option<Scroll> {
        let old = &self.screen;
        if old.area != next.area || old.area.height < 3 {
            return None;
        }
        let w = old.area.width as usize;
        let h = old.area.height as usize;
        let blank = vec![Cell::default(); w];
        let changed: Vec<bool> = (0..h).map(|y| row(old, w, y) != row(next, w, y)).collect();
        let mut best: Option<(usize, Scroll)> = None;
        for k in 1..h / 2 + 1 {
            for up in [true, false] {
                // Runs of rows `y` of the next screen that show the old row k away.
                let mut y = 0;
                while y < h {
                    let source = |y: usize| if up { y + k } else { y.wrapping_sub(k) };
                    let moved = |y: usize| {
                        let s = source(y);
                        s < h && row(next, w, y) == row(old, w, s)
                    };
                    if !moved(y) {
                        y += 1;
                        continue;
                    }
                    let start = y;
                    while y < h && moved(y) {
                        y += 1;
                    }
                    let (top, bottom) = if up { (start, y + k) } else { (start - k, y) };
                    // The rows the scroll leaves blank are drawn after it.
                    let emptied = if up { y..y + k } else { start - k..start };
                    let cost_after = emptied
                        .filter(|&r| row(next, w, r) != blank.as_slice())
                        .count();
                    let cost_before = (top..bottom).filter(|&r| changed[r]).count();
                    let saved = cost_before.saturating_sub(cost_after);
                    if saved >= MIN_ROWS_SAVED && best.as_ref().is_none_or(|(s, _)| saved > *s) {
                        best = Some((
                            saved,
                            Scroll {
                                top: top as u16,
                                bottom: bottom as u16,
                                count: k as u16,
                                up,
                            },
                        ));
                    }
                }
            }
        }
        best.map(|(_, s)| s)
    }

    pub fn screen_mut(&mut self) -> &mut Buffer {
        &mut self.screen
    }

    pub fn set(&mut self, screen: Buffer) {
        self.screen = screen;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Style;

    fn screen(rows: &[&str]) -> Buffer {
        let mut b = Buffer::empty(Rect::new(0, 0, 6, rows.len() as u16));
        for (y, r) in rows.iter().enumerate() {
            b.set_string(0, y as u16, r, Style::new());
        }
        b
    }

    #[test]
    fn a_list_moved_by_one_row_is_a_scroll_of_its_rows() {
        let shadow = Shadow {
            screen: screen(&["title", "a", "b", "c", "d", "e", "bar"]),
        };
        let next = screen(&["title", "b", "c", "d", "e", "f", "bar"]);
        let s = shadow.scroll_to(&next).unwrap();
        assert_eq!(
            s,
            Scroll {
                top: 1,
                bottom: 6,
                count: 1,
                up: true
            }
        );
        assert_eq!(s.commands(), "\x1b[2;6r\x1b[S\x1b[r");
        let mut moved = shadow.screen.clone();
        s.apply(&mut moved);
        assert_eq!(moved, screen(&["title", "b", "c", "d", "e", "", "bar"]));

        let back = Shadow { screen: next };
        let s = back
            .scroll_to(&screen(&["title", "a", "b", "c", "d", "e", "bar"]))
            .unwrap();
        assert_eq!((s.top, s.bottom, s.count, s.up), (1, 6, 1, false));
        assert_eq!(s.commands(), "\x1b[2;6r\x1b[T\x1b[r");
    }

    #[test]
    fn a_change_of_a_row_or_two_is_no_scroll() {
        let shadow = Shadow {
            screen: screen(&["title", "a", "b", "c", "d", "e", "bar"]),
        };
        assert_eq!(
            shadow.scroll_to(&screen(&["title", "a", "x", "c", "d", "e", "bar"])),
            None
        );
        assert_eq!(shadow.scroll_to(&shadow.screen.clone()), None);
    }
}
