//! Text that enters the program: what is allowed in a name, how free text is
//! cleaned, and how wide it is on a terminal.

use unicode_width::UnicodeWidthStr;

/// Characters that must never reach another user's terminal or reorder text
/// on screen: C0/C1 controls, bidi overrides and isolates, and zero-width
/// format characters that make two names look alike.
pub fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}')
}

/// Free text (notes, minutes): forbidden characters are dropped, except
/// line breaks and tabs, which are kept as plain newlines and spaces.
pub fn clean_free_text(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if is_forbidden(c) => None,
            c => Some(c),
        })
        .collect()
}

/// For drawing: forbidden characters become nothing, so data can never move
/// the cursor or change colours on a terminal.
pub fn for_display(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().any(is_forbidden) {
        std::borrow::Cow::Owned(s.chars().filter(|c| !is_forbidden(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

pub fn display_width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    Empty,
    TooWide { width: usize, max: usize },
    ForbiddenChar { position: usize },
}

pub const MAX_NAME_WIDTH: usize = 40;

/// Trims the name and checks it; the trimmed form is what gets stored.
pub fn check_name(raw: &str) -> Result<String, NameProblem> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if let Some(position) = name.chars().position(is_forbidden) {
        return Err(NameProblem::ForbiddenChar {
            position: position + 1,
        });
    }
    let width = display_width(name);
    if width > MAX_NAME_WIDTH {
        return Err(NameProblem::TooWide {
            width,
            max: MAX_NAME_WIDTH,
        });
    }
    Ok(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counts_double() {
        assert_eq!(display_width("四嘉子乡"), 8);
        assert_eq!(display_width("a四"), 3);
    }

    #[test]
    fn name_rules() {
        assert_eq!(check_name("  新生乡 ").unwrap(), "新生乡");
        assert_eq!(check_name("   "), Err(NameProblem::Empty));
        assert_eq!(
            check_name("四嘉\u{1b}[31m子"),
            Err(NameProblem::ForbiddenChar { position: 3 })
        );
        assert_eq!(
            check_name("ab\u{202E}c"),
            Err(NameProblem::ForbiddenChar { position: 3 })
        );
        // 20 Chinese characters fit exactly, 21 do not.
        let twenty = "乡".repeat(20);
        assert!(check_name(&twenty).is_ok());
        assert_eq!(
            check_name(&format!("{twenty}乡")),
            Err(NameProblem::TooWide { width: 42, max: 40 })
        );
    }

    #[test]
    fn free_text_keeps_lines_drops_escapes() {
        assert_eq!(
            clean_free_text("第一行\n\u{1b}[2J第二\t行"),
            "第一行\n[2J第二 行"
        );
        assert_eq!(for_display("a\u{7}b"), "ab");
    }
}
