//! Small helpers for lining up text output with Chinese in it.

use unicode_width::UnicodeWidthStr;

pub(super) use super::output::{io_err, json};
use crate::domain::day::Day;

/// Pads to `width` terminal columns (a Chinese character takes two).
pub fn pad(s: &str, width: usize) -> String {
    let w = UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

pub fn day_or_dash(d: Option<Day>) -> String {
    d.map_or_else(|| "—".to_string(), |d| d.to_string())
}
