//! Key notation shared by the keymap file, the help screen and test macros:
//! `j`, `G`, `gg`, `<esc>`, `<ret>`, `<c-s>`, `<F1>`, `<s-tab>`, and whole
//! macros such as `/sjz<ret>`.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyPress {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyPress {
    pub fn plain(code: KeyCode) -> KeyPress {
        KeyPress {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    /// The form a terminal event is matched in. Shift is part of the
    /// character already (`G`), and terminals disagree on whether they report
    /// it, so it is dropped for characters and back-tab.
    pub fn from_event(ev: &KeyEvent) -> Option<KeyPress> {
        if ev.kind == KeyEventKind::Release {
            return None;
        }
        let mut mods =
            ev.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match ev.code {
            KeyCode::Char(c) => {
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Some(KeyPress { code, mods })
    }

    /// A character to type into a text field, if the key is one.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c)
                if !self
                    .mods
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        }
    }
}

pub type KeySeq = Vec<KeyPress>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotationError {
    pub given: String,
    pub problem: String,
}

impl fmt::Display for NotationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\": {}", self.given, self.problem)
    }
}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "esc" => KeyCode::Esc,
        "ret" | "enter" | "cr" => KeyCode::Enter,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "bs" | "backspace" => KeyCode::Backspace,
        "del" | "delete" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        "ins" | "insert" => KeyCode::Insert,
        "space" => KeyCode::Char(' '),
        "lt" => KeyCode::Char('<'),
        "gt" => KeyCode::Char('>'),
        "minus" => KeyCode::Char('-'),
        _ => {
            let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
            if (1..=24).contains(&n) {
                KeyCode::F(n)
            } else {
                return None;
            }
        }
    })
}

/// One `<…>` group without its brackets: modifiers then a key name or a
/// single character.
fn parse_group(inner: &str) -> Result<KeyPress, String> {
    let mut mods = KeyModifiers::NONE;
    let mut rest = inner;
    loop {
        let lower = rest.to_ascii_lowercase();
        let m = if lower.starts_with("c-") {
            KeyModifiers::CONTROL
        } else if lower.starts_with("a-") || lower.starts_with("m-") {
            KeyModifiers::ALT
        } else if lower.starts_with("s-") {
            KeyModifiers::SHIFT
        } else {
            break;
        };
        if rest.len() == 2 {
            break;
        }
        mods |= m;
        rest = &rest[2..];
    }
    let mut chars = rest.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) => KeyCode::Char(c),
        _ => named(rest).ok_or_else(|| format!("unknown key name <{inner}>"))?,
    };
    Ok(match code {
        KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => KeyPress::plain(KeyCode::BackTab),
        KeyCode::Char(c) if mods.contains(KeyModifiers::SHIFT) => {
            mods.remove(KeyModifiers::SHIFT);
            KeyPress {
                code: KeyCode::Char(c.to_ascii_uppercase()),
                mods,
            }
        }
        KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => KeyPress {
            code: KeyCode::Char(c.to_ascii_lowercase()),
            mods,
        },
        code => KeyPress { code, mods },
    })
}

/// Parses a sequence such as `gg`, `<c-s>` or `/sjz<ret>`. A `<` with no
/// closing `>` stands for itself.
pub fn parse(notation: &str) -> Result<KeySeq, NotationError> {
    let err = |problem: String| NotationError {
        given: notation.to_string(),
        problem,
    };
    if notation.is_empty() {
        return Err(err("empty key".into()));
    }
    let mut out = Vec::new();
    let mut rest = notation;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest[1..].find('>')
            && end > 0
        {
            out.push(parse_group(&rest[1..1 + end]).map_err(err)?);
            rest = &rest[end + 2..];
            continue;
        }
        out.push(KeyPress::plain(KeyCode::Char(c)));
        rest = &rest[c.len_utf8()..];
    }
    Ok(out)
}

impl fmt::Display for KeyPress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name: String = match self.code {
            KeyCode::Char(' ') => "space".into(),
            KeyCode::Char('<') => "lt".into(),
            KeyCode::Char(c) if self.mods.is_empty() => return write!(f, "{c}"),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Enter => "ret".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "s-tab".into(),
            KeyCode::Backspace => "bs".into(),
            KeyCode::Delete => "del".into(),
            KeyCode::Up => "up".into(),
            KeyCode::Down => "down".into(),
            KeyCode::Left => "left".into(),
            KeyCode::Right => "right".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::PageUp => "pgup".into(),
            KeyCode::PageDown => "pgdn".into(),
            KeyCode::Insert => "ins".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}").to_ascii_lowercase(),
        };
        let mut prefix = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            prefix.push_str("c-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
            prefix.push_str("a-");
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            prefix.push_str("s-");
        }
        write!(f, "<{prefix}{name}>")
    }
}

pub fn seq_to_string(seq: &[KeyPress]) -> String {
    seq.iter().map(ToString::to_string).collect()
}

/// How the status bar and help name a key: arrows as symbols, `<ret>` as
/// `Enter`, `<c-f>` as `Ctrl-F`.
pub fn short(seq: &[KeyPress]) -> String {
    if let [k] = seq {
        if k.mods.is_empty() {
            let s = match k.code {
                KeyCode::Up => "↑",
                KeyCode::Down => "↓",
                KeyCode::Left => "←",
                KeyCode::Right => "→",
                KeyCode::Enter => "Enter",
                KeyCode::Esc => "Esc",
                KeyCode::Tab => "Tab",
                KeyCode::Char(' ') => "Space",
                KeyCode::BackTab => "S-Tab",
                KeyCode::Backspace => "BS",
                KeyCode::Delete => "Del",
                KeyCode::PageUp => "PgUp",
                KeyCode::PageDown => "PgDn",
                KeyCode::Home => "Home",
                KeyCode::End => "End",
                _ => "",
            };
            if !s.is_empty() {
                return s.to_string();
            }
        }
        if let (KeyCode::F(n), true) = (k.code, k.mods.is_empty()) {
            return format!("F{n}");
        }
        if k.mods == KeyModifiers::CONTROL
            && let KeyCode::Char(c) = k.code
        {
            return format!("Ctrl-{}", c.to_ascii_uppercase());
        }
        if k.mods == KeyModifiers::ALT
            && let KeyCode::Char(c) = k.code
        {
            return format!("Alt-{c}");
        }
    }
    seq_to_string(seq)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(c: char) -> KeyPress {
        KeyPress::plain(KeyCode::Char(c))
    }

    #[test]
    fn parses_notation() {
        assert_eq!(parse("gg").unwrap(), vec![k('g'), k('g')]);
        assert_eq!(parse("G").unwrap(), vec![k('G')]);
        assert_eq!(
            parse("<c-s>").unwrap(),
            vec![KeyPress {
                code: KeyCode::Char('s'),
                mods: KeyModifiers::CONTROL
            }]
        );
        assert_eq!(parse("<F1>").unwrap(), vec![KeyPress::plain(KeyCode::F(1))]);
        assert_eq!(
            parse("<s-tab>").unwrap(),
            vec![KeyPress::plain(KeyCode::BackTab)]
        );
        assert_eq!(
            parse("/sjz<ret>").unwrap(),
            vec![
                k('/'),
                k('s'),
                k('j'),
                k('z'),
                KeyPress::plain(KeyCode::Enter)
            ]
        );
        assert_eq!(parse("<").unwrap(), vec![k('<')]);
        assert_eq!(parse("新<esc>").unwrap()[0], k('新'));
        assert!(parse("<nosuch>").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn display_parses_back() {
        for s in [
            "<c-s>", "gg", "<F1>", "<esc>", "<s-tab>", "<space>", "G", "<a-x>",
        ] {
            let seq = parse(s).unwrap();
            assert_eq!(parse(&seq_to_string(&seq)).unwrap(), seq, "{s}");
        }
    }

    #[test]
    fn events_normalise_shift_and_control() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeyPress::from_event(&ev), Some(k('G')));
        let ev = KeyEvent::new(KeyCode::Char('S'), KeyModifiers::CONTROL);
        assert_eq!(KeyPress::from_event(&ev), parse("<c-s>").unwrap().pop());
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            KeyPress::from_event(&ev),
            Some(KeyPress::plain(KeyCode::BackTab))
        );
    }
}
