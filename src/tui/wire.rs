//! A crossterm backend that spends fewer bytes per frame. ratatui's own
//! moves the cursor before every character that follows a wide one, about
//! seven bytes per 汉字, sends each attribute and colour as a command of its
//! own (colours as `38;5;N`), and resets every attribute after every frame.
//! This one knows the cursor already stands after the wide character, moves
//! it by the shortest absolute form, and sends one short SGR sequence per
//! change of style. Rows that only moved are scrolled (`scroll`).

mod scroll;

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use unicode_width::UnicodeWidthStr;

pub struct Wire<W: Write> {
    inner: CrosstermBackend<W>,
    /// Whether the cursor is shown, once known; repeats are not sent.
    cursor_shown: Option<bool>,
    /// What the terminal shows, to find rows that moved.
    shadow: scroll::Shadow,
}

impl<W: Write> Wire<W> {
    pub fn new(out: W) -> Wire<W> {
        Wire {
            inner: CrosstermBackend::new(out),
            cursor_shown: None,
            shadow: scroll::Shadow::default(),
        }
    }
}

impl<W: Write> Wire<W> {
    /// The terminal was handed to someone else, who may have shown or
    /// hidden the cursor: the next frame says which it is.
    pub fn forget_cursor(&mut self) {
        self.cursor_shown = None;
    }
}

/// How the terminal draws the next character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const PLAIN: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// Attributes that one SGR code turns off together, with the code.
const OFF_GROUPS: [(Modifier, u8); 7] = [
    (Modifier::BOLD.union(Modifier::DIM), 22),
    (Modifier::ITALIC, 23),
    (Modifier::UNDERLINED, 24),
    (Modifier::SLOW_BLINK.union(Modifier::RAPID_BLINK), 25),
    (Modifier::REVERSED, 27),
    (Modifier::HIDDEN, 28),
    (Modifier::CROSSED_OUT, 29),
];

const ON_CODES: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

fn on_codes(m: Modifier) -> impl Iterator<Item = String> {
    ON_CODES
        .into_iter()
        .filter(move |(a, _)| m.contains(*a))
        .map(|(_, c)| c.to_string())
}

/// SGR codes that take attributes `from` to `to`, leaving alone those
/// that stay.
fn attribute_changes(from: Modifier, to: Modifier) -> Vec<String> {
    let removed = from - to;
    let added = to - from;
    let mut out = Vec::new();
    for (group, off) in OFF_GROUPS {
        if removed.intersects(group) {
            // The off code ends the whole group: what stays is set again.
            out.push(off.to_string());
            out.extend(on_codes(to & group));
        } else {
            out.extend(on_codes(added & group));
        }
    }
    out
}

/// The SGR code of a colour: the short 30–37 and 90–97 forms (40–47,
/// 100–107 behind) for the sixteen named ones, which crossterm would send
/// as `38;5;N`.
fn color_code(c: Color, background: bool) -> String {
    let base = if background { 40 } else { 30 };
    let named = |i: u8| (base + i).to_string();
    let bright = |i: u8| (base + 60 + i).to_string();
    match c {
        Color::Reset => named(9),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => bright(0),
        Color::LightRed => bright(1),
        Color::LightGreen => bright(2),
        Color::LightYellow => bright(3),
        Color::LightBlue => bright(4),
        Color::LightMagenta => bright(5),
        Color::LightCyan => bright(6),
        Color::White => bright(7),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

/// One SGR sequence taking the terminal from `from` to `to`: the changes
/// alone, or a reset and all of `to`, whichever is shorter. Empty when
/// nothing changes.
fn sgr(from: Pen, to: Pen) -> String {
    if from == to {
        return String::new();
    }
    let mut changes = attribute_changes(from.modifier, to.modifier);
    if from.fg != to.fg {
        changes.push(color_code(to.fg, false));
    }
    if from.bg != to.bg {
        changes.push(color_code(to.bg, true));
    }
    let mut reset = vec!["0".to_string()];
    reset.extend(on_codes(to.modifier));
    if to.fg != Color::Reset {
        reset.push(color_code(to.fg, false));
    }
    if to.bg != Color::Reset {
        reset.push(color_code(to.bg, true));
    }
    let changes = changes.join(";");
    let reset = if reset.len() == 1 {
        // `ESC[m` is `ESC[0m`.
        String::new()
    } else {
        reset.join(";")
    };
    let params = if reset.len() < changes.len() {
        reset
    } else {
        changes
    };
    format!("\x1b[{params}m")
}

/// The shortest way to put the cursor on `to`, from where it stands (when
/// known). Every form used sets the column absolutely, so a character the
/// terminal draws wider or narrower than expected cannot shift the rest.
fn cursor_to(at: Option<Position>, to: Position) -> String {
    let column = |x: u16| {
        if x == 0 {
            "\r".to_string()
        } else {
            format!("\x1b[{}G", x + 1)
        }
    };
    let mut best = if to.x == 0 {
        format!("\x1b[{}H", to.y + 1)
    } else {
        format!("\x1b[{};{}H", to.y + 1, to.x + 1)
    };
    let near = match at {
        Some(at) if at.y == to.y => Some(column(to.x)),
        // A line feed, which raw mode sends as it is, keeps the column;
        // the column is then set.
        Some(at) if at.y + 1 == to.y => Some(format!("\n{}", column(to.x))),
        _ => None,
    };
    if let Some(near) = near.filter(|n| n.len() < best.len()) {
        best = near;
    }
    best
}

impl<W: Write> Wire<W> {
    /// Sends the cells, each where it goes and in its style.
    fn paint<'a>(&mut self, content: impl Iterator<Item = (u16, u16, &'a Cell)>) -> io::Result<()> {
        let w = &mut self.inner;
        let mut pen = Pen::PLAIN;
        // Where the terminal's cursor stands after the last character.
        let mut at: Option<Position> = None;
        let mut out = String::new();
        for (x, y, cell) in content {
            let to = Position { x, y };
            if at != Some(to) {
                out.push_str(&cursor_to(at, to));
            }
            let next = Pen::of(cell);
            out.push_str(&sgr(pen, next));
            pen = next;
            let symbol = cell.symbol();
            out.push_str(symbol);
            let width = UnicodeWidthStr::width(symbol).max(1) as u16;
            at = Some(Position { x: x + width, y });
        }
        out.push_str(&sgr(pen, Pen::PLAIN));
        w.write_all(out.as_bytes())
    }
}

impl<W: Write> Backend for Wire<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let cells: Vec<(u16, u16, Cell)> = content.map(|(x, y, c)| (x, y, c.clone())).collect();
        let next = self.shadow.after(&cells);
        match self.shadow.scroll_to(&next) {
            Some(scroll) => {
                self.inner.write_all(scroll.commands().as_bytes())?;
                scroll.apply(self.shadow.screen_mut());
                let moved = self.shadow.screen_mut().diff(&next);
                self.paint(moved.into_iter())?;
            }
            None => self.paint(cells.iter().map(|(x, y, c)| (*x, *y, c)))?,
        }
        self.shadow.set(next);
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
        self.shadow.clear();
        self.inner.clear()
    }

    /// ratatui draws the next frame whole after any clear, as on a blank screen.
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.shadow.clear();
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

    fn pen(fg: Color, modifier: Modifier) -> Pen {
        Pen {
            fg,
            bg: Color::Reset,
            modifier,
        }
    }

    #[test]
    fn attribute_changes_keep_what_stays() {
        use Modifier as M;
        assert_eq!(attribute_changes(M::empty(), M::BOLD), ["1"]);
        assert_eq!(attribute_changes(M::BOLD | M::DIM, M::DIM), ["22", "2"]);
        assert_eq!(attribute_changes(M::BOLD | M::UNDERLINED, M::BOLD), ["24"]);
        assert_eq!(
            attribute_changes(M::BOLD | M::UNDERLINED, M::empty()),
            ["22", "24"]
        );
        assert_eq!(
            attribute_changes(M::SLOW_BLINK | M::RAPID_BLINK, M::RAPID_BLINK),
            ["25", "6"]
        );
        assert!(attribute_changes(M::ITALIC, M::ITALIC).is_empty());
    }

    #[test]
    fn one_short_sgr_per_change() {
        let plain = Pen::PLAIN;
        let selected = pen(Color::Yellow, Modifier::BOLD);
        assert_eq!(sgr(plain, plain), "");
        assert_eq!(sgr(plain, selected), "\x1b[1;33m");
        // Back to plain: a reset is shorter than undoing each part.
        assert_eq!(sgr(selected, plain), "\x1b[m");
        assert_eq!(
            sgr(selected, pen(Color::Yellow, Modifier::empty())),
            "\x1b[22m"
        );
        assert_eq!(
            sgr(plain, pen(Color::DarkGray, Modifier::empty())),
            "\x1b[90m"
        );
        assert_eq!(
            sgr(
                plain,
                Pen {
                    fg: Color::Indexed(200),
                    bg: Color::Rgb(1, 2, 3),
                    modifier: Modifier::REVERSED
                }
            ),
            "\x1b[7;38;5;200;48;2;1;2;3m"
        );
    }

    #[test]
    fn cursor_moves_take_the_shortest_absolute_form() {
        let p = |x, y| Position { x, y };
        assert_eq!(cursor_to(None, p(44, 4)), "\x1b[5;45H");
        assert_eq!(cursor_to(None, p(0, 4)), "\x1b[5H");
        assert_eq!(cursor_to(Some(p(3, 4)), p(44, 4)), "\x1b[45G");
        assert_eq!(cursor_to(Some(p(30, 4)), p(0, 5)), "\n\r");
        assert_eq!(cursor_to(Some(p(30, 14)), p(44, 15)), "\n\x1b[45G");
        // Two rows down: the full position.
        assert_eq!(cursor_to(Some(p(30, 4)), p(44, 6)), "\x1b[7;45H");
    }

    /// What is sent reads back as the frame on a terminal emulator.
    #[test]
    fn frames_replay_as_drawn() {
        use ratatui::buffer::Buffer;
        use ratatui::layout::Rect;
        use ratatui::style::Style;
        let area = Rect::new(0, 0, 20, 4);
        let mut before = Buffer::empty(area);
        before.set_string(0, 0, "甲乙丙", Style::new());
        let mut after = before.clone();
        after.set_string(0, 0, ">", Style::new().fg(Color::Yellow).bold());
        after.set_string(4, 0, "丁", Style::new().bold());
        after.set_string(12, 0, "x", Style::new());
        after.set_string(0, 1, "yz", Style::new().fg(Color::DarkGray));
        after.set_string(15, 2, "末", Style::new());
        after.set_string(19, 3, "w", Style::new().reversed());
        let (writer, sender) = crate::tui::terminal::frame_writer(Vec::new());
        let mut wire = Wire::new(writer);
        wire.draw(Buffer::empty(area).diff(&before).into_iter())
            .unwrap();
        wire.draw(before.diff(&after).into_iter()).unwrap();
        sender.present().unwrap();
        let sent = sender.with_out(std::mem::take);
        let bytes = sent
            .strip_prefix(crate::tui::terminal::BEGIN_SYNC)
            .and_then(|b| b.strip_suffix(crate::tui::terminal::END_SYNC))
            .unwrap();
        let mut parser = vt100::Parser::new(4, 20, 0);
        parser.process(bytes);
        let screen = parser.screen();
        let rows: Vec<String> = screen.rows(0, 20).collect();
        assert_eq!(rows[0], "> 乙丁      x");
        assert_eq!(rows[1], "yz");
        assert_eq!(rows[2], format!("{}末", " ".repeat(15)));
        assert_eq!(rows[3], format!("{}w", " ".repeat(19)));
        assert!(screen.cell(0, 0).unwrap().bold());
        assert!(!screen.cell(0, 2).unwrap().bold());
        assert!(screen.cell(0, 4).unwrap().bold());
        assert!(screen.cell(3, 19).unwrap().inverse());
        // Nothing is left set for whatever is written next.
        let end = bytes.windows(3).rposition(|w| w == b"\x1b[m").unwrap();
        assert_eq!(end + 3, bytes.len());
    }
}
