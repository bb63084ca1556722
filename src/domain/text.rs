//! Text that enters the program: what is allowed in a name, how free text is
//! cleaned, and how wide it is on a terminal.

use serde::{Deserialize, Serialize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Why a character may not stand in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CharKind {
    /// C0/C1 controls: they move the cursor or change colours.
    Control,
    /// Bidi embeddings, overrides, isolates and marks: they reorder text.
    Direction,
    /// Format and default-ignorable characters, fillers, tags, variation
    /// selectors, line separators and non-characters: nothing or a blank
    /// shows, so two different names look the same.
    Invisible,
    /// A space other than the ordinary and the ideographic one (no-break,
    /// thin, em…): it looks like an ordinary space but is not one.
    OddSpace,
    /// A combining mark with no letter before it to sit on.
    LoneMark,
    /// Blank, `:` or `/` in an account's user name.
    UserName,
}

/// Characters that must never reach a terminal or a stored record: they
/// steer the terminal, reorder text, or show nothing, which would let two
/// names look alike. Dropped from free text and from everything drawn.
pub fn is_forbidden(c: char) -> bool {
    hidden_kind(c).is_some()
}

/// What makes `c` forbidden, if it is.
pub fn hidden_kind(c: char) -> Option<CharKind> {
    if c.is_control() {
        return Some(CharKind::Control);
    }
    match c {
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            Some(CharKind::Direction)
        }
        // Format characters (general category Cf) and the rest of
        // Default_Ignorable_Code_Point, as of Unicode 16.
        '\u{00AD}'
        | '\u{034F}'
        | '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{115F}'..='\u{1160}'
        | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}'
        // Line and paragraph separators break a line on some terminals
        // and nothing on others.
        | '\u{2028}'
        | '\u{2029}'
        // Braille blank: a pattern with no dots, drawn as a space.
        | '\u{2800}' => Some(CharKind::Invisible),
        // Non-characters: never assigned, drawn as a box or not at all.
        c if is_noncharacter(c) => Some(CharKind::Invisible),
        _ => None,
    }
}

fn is_noncharacter(c: char) -> bool {
    let cp = u32::from(c);
    (0xFDD0..=0xFDEF).contains(&cp) || cp & 0xFFFE == 0xFFFE
}

/// Spaces that pass for an ordinary one in a name. The ideographic space
/// (U+3000) is what a Chinese input method types, and is kept.
fn is_odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{1680}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}'
    )
}

/// A combining mark (accent, tone mark, vowel sign): it has no width of its
/// own and is drawn over the character before it.
fn is_mark(c: char) -> bool {
    !is_forbidden(c) && c.width() == Some(0)
}

/// Marks stacked on one letter: Vietnamese and Thai need two or three;
/// more only piles up over the lines around it ("Zalgo" text).
pub const MAX_MARKS_PER_LETTER: usize = 4;

/// Drops forbidden characters and marks beyond `MAX_MARKS_PER_LETTER` on
/// one letter; `keep` decides about each forbidden character first.
fn clean(s: &str, keep: impl Fn(char) -> Option<char>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut marks = 0;
    for c in s.chars() {
        if let Some(k) = keep(c) {
            out.push(k);
            marks = 0;
        } else if is_forbidden(c) {
            continue;
        } else if is_mark(c) {
            marks += 1;
            if marks <= MAX_MARKS_PER_LETTER {
                out.push(c);
            }
        } else {
            out.push(c);
            marks = 0;
        }
    }
    out
}

fn needs_cleaning(s: &str) -> bool {
    let mut marks = 0;
    for c in s.chars() {
        if is_forbidden(c) {
            return true;
        }
        if is_mark(c) {
            marks += 1;
            if marks > MAX_MARKS_PER_LETTER {
                return true;
            }
        } else {
            marks = 0;
        }
    }
    false
}

/// Free text (notes, minutes): forbidden characters are dropped, except
/// line breaks and tabs, which are kept as plain newlines and spaces.
pub fn clean_free_text(s: &str) -> String {
    clean(s, |c| match c {
        '\n' | '\u{2028}' | '\u{2029}' => Some('\n'),
        '\t' => Some(' '),
        _ => None,
    })
}

/// For drawing: forbidden characters and piled-up marks become nothing, so
/// data can never move the cursor, change colours or spill over other lines.
pub fn for_display(s: &str) -> std::borrow::Cow<'_, str> {
    if needs_cleaning(s) {
        std::borrow::Cow::Owned(clean(s, |_| None))
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
    TooWide {
        width: usize,
        max: usize,
    },
    TooLong {
        chars: usize,
        max: usize,
    },
    /// `position` counts characters from 1; `code` is the code point.
    ForbiddenChar {
        position: usize,
        code: u32,
        kind: CharKind,
    },
    TooManyMarks {
        position: usize,
        max: usize,
    },
}

pub const MAX_NAME_WIDTH: usize = 40;

/// Characters in a name. Columns alone let a name hide thousands of
/// zero-width marks; 60 leaves room for 40 columns of letters with accents.
pub const MAX_NAME_CHARS: usize = 60;

/// Trims the name and checks it; the trimmed form is what gets stored.
pub fn check_name(raw: &str) -> Result<String, NameProblem> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    let mut marks = 0;
    for (i, c) in name.chars().enumerate() {
        let position = i + 1;
        let kind = if let Some(kind) = hidden_kind(c) {
            Some(kind)
        } else if is_odd_space(c) {
            Some(CharKind::OddSpace)
        } else if is_mark(c) && i == 0 {
            Some(CharKind::LoneMark)
        } else {
            None
        };
        if let Some(kind) = kind {
            return Err(NameProblem::ForbiddenChar {
                position,
                code: u32::from(c),
                kind,
            });
        }
        if is_mark(c) {
            marks += 1;
            if marks > MAX_MARKS_PER_LETTER {
                return Err(NameProblem::TooManyMarks {
                    position,
                    max: MAX_MARKS_PER_LETTER,
                });
            }
        } else {
            marks = 0;
        }
    }
    let width = display_width(name);
    if width > MAX_NAME_WIDTH {
        return Err(NameProblem::TooWide {
            width,
            max: MAX_NAME_WIDTH,
        });
    }
    let chars = name.chars().count();
    if chars > MAX_NAME_CHARS {
        return Err(NameProblem::TooLong {
            chars,
            max: MAX_NAME_CHARS,
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

    fn forbidden(position: usize, code: u32, kind: CharKind) -> Result<String, NameProblem> {
        Err(NameProblem::ForbiddenChar {
            position,
            code,
            kind,
        })
    }

    #[test]
    fn name_rules() {
        assert_eq!(check_name("  新生乡 ").unwrap(), "新生乡");
        assert_eq!(check_name("   "), Err(NameProblem::Empty));
        assert_eq!(
            check_name("四嘉\u{1b}[31m子"),
            forbidden(3, 0x1b, CharKind::Control)
        );
        assert_eq!(
            check_name("ab\u{202E}c"),
            forbidden(3, 0x202E, CharKind::Direction)
        );
        // 20 Chinese characters fit exactly, 21 do not.
        let twenty = "乡".repeat(20);
        assert!(check_name(&twenty).is_ok());
        assert_eq!(
            check_name(&format!("{twenty}乡")),
            Err(NameProblem::TooWide { width: 42, max: 40 })
        );
    }

    /// Each character shows as nothing or as a blank, or passes for
    /// another: a name holding one is refused, naming the character.
    #[test]
    fn blank_and_look_alike_characters_are_refused() {
        let table: &[(char, CharKind)] = &[
            ('\u{3164}', CharKind::Invisible), // Hangul filler
            ('\u{115F}', CharKind::Invisible),
            ('\u{1160}', CharKind::Invisible),
            ('\u{FFA0}', CharKind::Invisible),
            ('\u{2800}', CharKind::Invisible),  // braille blank
            ('\u{E0020}', CharKind::Invisible), // tag space
            ('\u{E0041}', CharKind::Invisible),
            ('\u{E007F}', CharKind::Invisible), // cancel tag
            ('\u{E0001}', CharKind::Invisible),
            ('\u{FE00}', CharKind::Invisible),
            ('\u{FE0F}', CharKind::Invisible),
            ('\u{E0100}', CharKind::Invisible),
            ('\u{E01EF}', CharKind::Invisible),
            ('\u{00AD}', CharKind::Invisible), // soft hyphen
            ('\u{034F}', CharKind::Invisible),
            ('\u{180E}', CharKind::Invisible),
            ('\u{2028}', CharKind::Invisible),
            ('\u{2029}', CharKind::Invisible),
            ('\u{2061}', CharKind::Invisible),
            ('\u{0600}', CharKind::Invisible),
            ('\u{1D173}', CharKind::Invisible),
            ('\u{FFFE}', CharKind::Invisible),
            ('\u{FDD0}', CharKind::Invisible),
            ('\u{200D}', CharKind::Invisible),
            ('\u{061C}', CharKind::Direction),
            ('\u{200F}', CharKind::Direction),
            ('\u{2066}', CharKind::Direction),
            ('\u{00A0}', CharKind::OddSpace),
            ('\u{2003}', CharKind::OddSpace),
            ('\u{202F}', CharKind::OddSpace),
            ('\u{0085}', CharKind::Control),
        ];
        for &(c, kind) in table {
            let name = format!("张三{c}丰");
            assert_eq!(
                check_name(&name),
                forbidden(3, u32::from(c), kind),
                "U+{:04X}",
                u32::from(c)
            );
            // Alone, where trimming does not take it away, it is refused too.
            if !c.is_whitespace() {
                assert_eq!(
                    check_name(&c.to_string()),
                    forbidden(1, u32::from(c), kind),
                    "U+{:04X} alone",
                    u32::from(c)
                );
            }
        }
        // A tag sequence after a real name, invisible on screen.
        assert_eq!(
            check_name("新生乡\u{E0020}\u{E0041}"),
            forbidden(4, 0xE0020, CharKind::Invisible)
        );
    }

    #[test]
    fn piled_up_marks_are_refused() {
        let zalgo = format!("a{}", "\u{0301}".repeat(9_999));
        assert_eq!(display_width(&zalgo), 1);
        assert_eq!(
            check_name(&zalgo),
            Err(NameProblem::TooManyMarks {
                position: 6,
                max: 4
            })
        );
        assert_eq!(
            check_name("\u{0301}abc"),
            forbidden(1, 0x301, CharKind::LoneMark)
        );
        // Vietnamese stacks two marks on a letter; that is a name.
        assert!(check_name("Nguye\u{0302}\u{0303}n").is_ok());
        // Columns are not the only cap: 40 letters with two accents each
        // fit in 40 columns but are 120 characters.
        let accented = "e\u{0301}\u{0300}".repeat(40);
        assert_eq!(display_width(&accented), 40);
        assert_eq!(
            check_name(&accented),
            Err(NameProblem::TooLong {
                chars: 120,
                max: 60
            })
        );
    }

    #[test]
    fn real_names_pass() {
        for name in [
            "阿依古丽·买买提",
            "阿不都·热合曼",
            "欧阳　修",
            "Zhang San",
            "Nguyễn Văn A",
            "🇨🇳乡",
            "🌸花乡",
            "朴\u{E000}", // a rare character an old system put in private use
        ] {
            assert_eq!(check_name(name).as_deref(), Ok(name), "{name}");
        }
    }

    /// Every character a name may hold is kept whole in free text and on
    /// screen, and every one free text or the screen drops is refused.
    #[test]
    fn names_free_text_and_screen_agree_on_every_character() {
        // The planes in use: basic, supplementary, the CJK ones, and the
        // one of tags and variation selectors.
        let planes = (0..0x40000).chain(0xE0000..0xF0000);
        for c in planes.filter_map(char::from_u32) {
            let name = format!("a{c}b");
            let accepted = check_name(&name).is_ok();
            assert!(
                !accepted || for_display(&name) == name,
                "U+{:04X} accepted, not drawn",
                u32::from(c)
            );
            if accepted {
                assert_eq!(clean_free_text(&name), name, "U+{:04X}", u32::from(c));
            }
        }
    }

    #[test]
    fn free_text_keeps_lines_drops_escapes() {
        assert_eq!(
            clean_free_text("第一行\n\u{1b}[2J第二\t行"),
            "第一行\n[2J第二 行"
        );
        assert_eq!(for_display("a\u{7}b"), "ab");
    }

    #[test]
    fn free_text_and_screen_drop_what_names_refuse() {
        let hidden = "甲\u{3164}乙\u{E0020}丙\u{FE0F}丁\u{00AD}戊\u{061C}己\u{2800}庚";
        assert_eq!(clean_free_text(hidden), "甲乙丙丁戊己庚");
        assert_eq!(for_display(hidden), "甲乙丙丁戊己庚");
        // A line separator is a line break in free text, nothing on screen.
        assert_eq!(clean_free_text("上\u{2028}下"), "上\n下");
        assert_eq!(for_display("上\u{2028}下"), "上下");
        // A pile of marks is cut to what one letter may carry.
        let zalgo = format!("a{}b", "\u{0301}".repeat(9_999));
        let kept = format!("a{}b", "\u{0301}".repeat(MAX_MARKS_PER_LETTER));
        assert_eq!(clean_free_text(&zalgo), kept);
        assert_eq!(for_display(&zalgo), kept);
        // Text with nothing to drop is not copied.
        assert!(matches!(
            for_display("Nguyễn 阿依古丽·买买提"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
