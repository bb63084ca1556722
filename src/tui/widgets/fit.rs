//! Fitting text into columns: by display width, with an ellipsis.

use unicode_width::UnicodeWidthChar;

use crate::domain::text::for_display;

/// `s` cut to at most `width` columns, ending in "…" when cut. Control and
/// invisible characters are dropped first: data never drives the terminal.
pub fn truncate(s: &str, width: usize) -> String {
    let s = for_display(s);
    if crate::domain::text::display_width(&s) <= width {
        return s.into_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` followed by spaces up to `width` columns, so the next column starts
/// in the same place whatever the width of its characters.
pub fn pad(s: &str, width: usize) -> String {
    let w = crate::domain::text::display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// `s` broken into lines of at most `width` columns. Chinese breaks between
/// any two characters; a Latin word moves whole to the next line when it
/// fits there.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let mut lines = Vec::new();
    for para in for_display_lines(s) {
        let mut line = String::new();
        let mut used = 0;
        for c in para.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                let mut carry = String::new();
                if c.is_ascii_graphic()
                    && let Some(space) = line.rfind(' ')
                    && line[space + 1..].chars().all(|ch| ch.is_ascii_graphic())
                {
                    carry = line[space + 1..].to_string();
                    line.truncate(space);
                } else if closes(c)
                    && line.chars().count() > 1
                    && let Some(last) = line.pop()
                {
                    // A line never starts with 。，、 or a closing quote: the
                    // character before comes down with it.
                    carry.push(last);
                }
                lines.push(std::mem::take(&mut line).trim_end().to_string());
                line = carry;
                used = crate::domain::text::display_width(&line);
                if c == ' ' && line.is_empty() {
                    continue;
                }
            }
            line.push(c);
            used += w;
        }
        lines.push(line);
    }
    lines
}

/// Punctuation that ends what comes before it, which Chinese typesetting
/// keeps off the start of a line.
fn closes(c: char) -> bool {
    "。，、；：！？）」』”’》〉】…".contains(c)
}

/// Lines of `s` with control characters dropped from each.
fn for_display_lines(s: &str) -> Vec<String> {
    s.lines().map(|l| for_display(l).into_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::display_width;

    #[test]
    fn cuts_by_width_with_ellipsis() {
        assert_eq!(truncate("爱辉区/四嘉子乡", 20), "爱辉区/四嘉子乡");
        assert_eq!(truncate("爱辉区/四嘉子乡", 8), "爱辉区/…");
        assert_eq!(truncate("爱辉区/四嘉子乡", 7), "爱辉区…");
        assert_eq!(truncate("爱辉区/四嘉子乡", 9), "爱辉区/…");
        assert_eq!(truncate("四嘉子乡", 4), "四…");
        assert!(display_width(&truncate("小乌斯力村", 5)) <= 5);
        assert_eq!(truncate("a\u{1b}b", 5), "ab");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn wraps_by_width_keeping_latin_words() {
        let lines = wrap("键位文件 keymap.toml 第 7 行有误：unknown action", 12);
        for l in &lines {
            assert!(display_width(l) <= 12, "{l:?}");
        }
        assert_eq!(lines[0], "键位文件");
        assert_eq!(lines[1], "keymap.toml");
        assert!(lines.iter().any(|l| l.contains("unknown")));
        assert_eq!(wrap("一二三四五", 5), vec!["一二", "三四", "五"]);
        assert_eq!(wrap("a\nb", 5), vec!["a", "b"]);
        // 。 does not start a line: 末 comes down with it.
        assert_eq!(
            wrap("只避开周末。国务院", 10),
            vec!["只避开周", "末。国务院"]
        );
    }
}
