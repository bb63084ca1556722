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
}
