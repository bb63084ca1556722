//! Dates as people type them or as spreadsheets export them as text.
//!
//! Excel serial day numbers are deliberately not accepted here: in a text
//! field "45307" is far more likely a typing slip than a date, and the XLSX
//! reader, which knows the cell is a date, converts serials itself.

use std::fmt;

use chrono::NaiveDate;

pub const ACCEPTED_FORMS_ZH: &str = "2024-01-16、2024/1/16、2024年1月16日、20240116";
pub const ACCEPTED_FORMS_EN: &str = "2024-01-16, 2024/1/16, 2024年1月16日, 20240116";

/// Outside this range a four-digit year is a typo (0224, 2924), not a date
/// anyone in a register was born, joined or met on.
pub const MIN_YEAR: i32 = 1800;
pub const MAX_YEAR: i32 = 2200;

/// Longer input is cut in messages so one bad cell cannot flood the screen.
const MAX_SHOWN_CHARS: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateErrorKind {
    Empty,
    Unrecognised,
    YearOutOfRange {
        year: i32,
    },
    MonthOutOfRange {
        month: u32,
    },
    DayOutOfRange {
        year: i32,
        month: u32,
        day: u32,
        days_in_month: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// The input as given, trimmed.
    pub input: String,
    pub kind: DateErrorKind,
}

impl DateError {
    fn new(input: &str, kind: DateErrorKind) -> DateError {
        DateError {
            input: input.to_string(),
            kind,
        }
    }

    fn shown_input(&self) -> String {
        if self.input.chars().count() > MAX_SHOWN_CHARS {
            let mut s: String = self.input.chars().take(MAX_SHOWN_CHARS).collect();
            s.push('…');
            s
        } else {
            self.input.clone()
        }
    }

    pub fn message_en(&self) -> String {
        let input = self.shown_input();
        let problem = match &self.kind {
            DateErrorKind::Empty => {
                return format!("date is empty. Accepted forms: {ACCEPTED_FORMS_EN}");
            }
            DateErrorKind::Unrecognised => {
                return format!(
                    "date \"{input}\" not recognised. Accepted forms: {ACCEPTED_FORMS_EN}"
                );
            }
            DateErrorKind::YearOutOfRange { .. } => {
                format!("year must be between {MIN_YEAR} and {MAX_YEAR}")
            }
            DateErrorKind::MonthOutOfRange { .. } => "month must be 1–12".to_string(),
            DateErrorKind::DayOutOfRange {
                days_in_month,
                day: 0,
                ..
            } => format!("day must be 1–{days_in_month}"),
            DateErrorKind::DayOutOfRange {
                year,
                month,
                days_in_month,
                ..
            } => format!("{year}-{month:02} has only {days_in_month} days"),
        };
        format!("invalid date \"{input}\": {problem}. Accepted forms: {ACCEPTED_FORMS_EN}")
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = self.shown_input();
        match &self.kind {
            DateErrorKind::Empty => write!(f, "日期为空。可用格式：{ACCEPTED_FORMS_ZH}"),
            DateErrorKind::Unrecognised => {
                write!(f, "日期“{input}”无法识别。可用格式：{ACCEPTED_FORMS_ZH}")
            }
            DateErrorKind::YearOutOfRange { .. } => write!(
                f,
                "日期“{input}”无效：年份应在 {MIN_YEAR}–{MAX_YEAR} 之间。可用格式：{ACCEPTED_FORMS_ZH}"
            ),
            DateErrorKind::MonthOutOfRange { .. } => write!(
                f,
                "日期“{input}”无效：月份应为 1–12。可用格式：{ACCEPTED_FORMS_ZH}"
            ),
            DateErrorKind::DayOutOfRange {
                days_in_month,
                day: 0,
                ..
            } => write!(
                f,
                "日期“{input}”无效：日应为 1–{days_in_month}。可用格式：{ACCEPTED_FORMS_ZH}"
            ),
            DateErrorKind::DayOutOfRange {
                year,
                month,
                days_in_month,
                ..
            } => write!(
                f,
                "日期“{input}”无效：{year}年{month}月只有 {days_in_month} 天。可用格式：{ACCEPTED_FORMS_ZH}"
            ),
        }
    }
}

impl std::error::Error for DateError {}

/// Parses `2024-01-16`, `2024/1/16`, `2024.1.16`, `2024年1月16日` (also with
/// 号 or no final 日) and `20240116`.
///
/// Full-width digits and separators from a Chinese input method are
/// accepted, and a trailing time (`2024/1/16 0:00`) is ignored: that is how
/// WPS and Excel write date cells formatted with a time when saving as CSV.
pub fn parse_date(s: &str) -> Result<NaiveDate, DateError> {
    let input = s.trim();
    if input.is_empty() {
        return Err(DateError::new(input, DateErrorKind::Empty));
    }
    let unrecognised = || DateError::new(input, DateErrorKind::Unrecognised);

    let normalised: String = strip_time_suffix(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(half_width)
        .collect();

    let (year, month, day) = split_ymd(&normalised).ok_or_else(unrecognised)?;
    let (year, month, day) = (
        digits_value(year).ok_or_else(unrecognised)?,
        digits_value(month).ok_or_else(unrecognised)?,
        digits_value(day).ok_or_else(unrecognised)?,
    );
    let year = i32::try_from(year).map_err(|_| unrecognised())?;

    if !(MIN_YEAR..=MAX_YEAR).contains(&year) {
        return Err(DateError::new(
            input,
            DateErrorKind::YearOutOfRange { year },
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(DateError::new(
            input,
            DateErrorKind::MonthOutOfRange { month },
        ));
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        DateError::new(
            input,
            DateErrorKind::DayOutOfRange {
                year,
                month,
                day,
                days_in_month: days_in_month(year, month),
            },
        )
    })
}

/// Splits into year, month and day digit strings, checking only the shape:
/// a four-digit year and one- or two-digit month and day.
fn split_ymd(s: &str) -> Option<(&str, &str, &str)> {
    let (y, m, d) = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        (&s[0..4], &s[4..6], &s[6..8])
    } else if let Some((y, rest)) = s.split_once('年') {
        let (m, rest) = rest.split_once('月')?;
        let d = rest
            .strip_suffix('日')
            .or_else(|| rest.strip_suffix('号'))
            .unwrap_or(rest);
        (y, m, d)
    } else {
        let sep = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = s.split(sep);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    let all_digits =
        |p: &str, max: usize| (1..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    (y.len() == 4 && all_digits(y, 4) && all_digits(m, 2) && all_digits(d, 2)).then_some((y, m, d))
}

fn digits_value(s: &str) -> Option<u32> {
    s.parse().ok()
}

/// Drops a final ` H:MM` or ` H:MM:SS` token; a date cell formatted as date
/// and time exports that way even when the time means nothing.
fn strip_time_suffix(s: &str) -> &str {
    let Some((date, time)) = s.rsplit_once(char::is_whitespace) else {
        return s;
    };
    let time: String = time.chars().map(half_width).collect();
    let mut parts = time.split(':');
    let is_time = parts
        .next()
        .is_some_and(|h| (1..=2).contains(&h.len()) && h.bytes().all(|b| b.is_ascii_digit()))
        && {
            let rest: Vec<&str> = parts.collect();
            (1..=2).contains(&rest.len())
                && rest
                    .iter()
                    .all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
        };
    if is_time && !date.trim().is_empty() {
        date.trim_end()
    } else {
        s
    }
}

fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (u32::from(c) - u32::from('０')) as u8),
        '－' => '-',
        '／' => '/',
        '．' | '。' => '.',
        '：' => ':',
        c => c,
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (next_y, next_m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    match (
        NaiveDate::from_ymd_opt(year, month, 1),
        NaiveDate::from_ymd_opt(next_y, next_m, 1),
    ) {
        (Some(first), Some(next)) => u32::try_from((next - first).num_days()).unwrap_or(31),
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn all_accepted_forms() {
        let want = d(2024, 1, 16);
        for s in [
            "2024-01-16",
            "2024-1-16",
            "2024/1/16",
            "2024/01/16",
            "2024.1.16",
            "2024年1月16日",
            "2024年01月16日",
            "2024年1月16号",
            "2024年1月16",
            "2024 年 1 月 16 日",
            "20240116",
            "  2024-01-16\t",
            "\u{3000}2024/1/16\u{3000}",
        ] {
            assert_eq!(parse_date(s), Ok(want), "{s:?}");
        }
    }

    #[test]
    fn full_width_digits_and_separators() {
        assert_eq!(parse_date("２０２４年１月１６日"), Ok(d(2024, 1, 16)));
        assert_eq!(parse_date("２０２４－０１－１６"), Ok(d(2024, 1, 16)));
        assert_eq!(parse_date("２０２４／１／１６"), Ok(d(2024, 1, 16)));
        assert_eq!(parse_date("２０２４０１１６"), Ok(d(2024, 1, 16)));
    }

    #[test]
    fn spreadsheet_time_suffix_ignored() {
        assert_eq!(parse_date("2024/1/16 0:00"), Ok(d(2024, 1, 16)));
        assert_eq!(parse_date("2024-01-16 00:00:00"), Ok(d(2024, 1, 16)));
        assert!(parse_date("2024-01-16 0:0").is_err());
        assert!(parse_date("0:00").is_err());
    }

    #[test]
    fn invalid_month() {
        let e = parse_date("2024-13-01").unwrap_err();
        assert_eq!(e.kind, DateErrorKind::MonthOutOfRange { month: 13 });
        assert_eq!(
            e.to_string(),
            "日期“2024-13-01”无效：月份应为 1–12。可用格式：2024-01-16、2024/1/16、2024年1月16日、20240116"
        );
        assert_eq!(
            e.message_en(),
            "invalid date \"2024-13-01\": month must be 1–12. Accepted forms: 2024-01-16, 2024/1/16, 2024年1月16日, 20240116"
        );
        assert_eq!(
            parse_date("2024/0/5").unwrap_err().kind,
            DateErrorKind::MonthOutOfRange { month: 0 }
        );
    }

    #[test]
    fn invalid_day() {
        let e = parse_date("2024-04-31").unwrap_err();
        assert_eq!(
            e.kind,
            DateErrorKind::DayOutOfRange {
                year: 2024,
                month: 4,
                day: 31,
                days_in_month: 30
            }
        );
        assert!(e.to_string().contains("2024年4月只有 30 天"), "{e}");
        let e = parse_date("2024年1月0日").unwrap_err();
        assert!(e.to_string().contains("日应为 1–31"), "{e}");
        assert!(e.message_en().contains("day must be 1–31"));
        assert!(parse_date("2024-01-32").is_err());
        assert_eq!(parse_date("2024-12-31"), Ok(d(2024, 12, 31)));
    }

    #[test]
    fn february_29th() {
        assert_eq!(parse_date("2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(parse_date("2000/2/29"), Ok(d(2000, 2, 29)));
        let e = parse_date("2023-02-29").unwrap_err();
        assert_eq!(
            e.to_string(),
            "日期“2023-02-29”无效：2023年2月只有 28 天。可用格式：2024-01-16、2024/1/16、2024年1月16日、20240116"
        );
        assert_eq!(
            e.message_en(),
            "invalid date \"2023-02-29\": 2023-02 has only 28 days. Accepted forms: 2024-01-16, 2024/1/16, 2024年1月16日, 20240116"
        );
        // Divisible by 100 but not by 400: not a leap year.
        assert!(matches!(
            parse_date("19000229").unwrap_err().kind,
            DateErrorKind::DayOutOfRange {
                days_in_month: 28,
                ..
            }
        ));
    }

    #[test]
    fn year_out_of_range() {
        let e = parse_date("0224-01-16").unwrap_err();
        assert_eq!(e.kind, DateErrorKind::YearOutOfRange { year: 224 });
        assert!(e.to_string().contains("年份应在 1800–2200 之间"));
        assert!(parse_date("2924-01-16").is_err());
    }

    #[test]
    fn unrecognised_shapes() {
        for s in [
            "45307",     // an Excel serial day number
            "2024-01",   // no day
            "24-1-16",   // two-digit year
            "2024-1/16", // mixed separators
            "2024-01-16-1",
            "2024-001-16",
            "1/16/2024", // month first
            "2024年1月",
            "2024年1月16日下午",
            "二〇二四年一月十六日",
            "abc",
            "2024--16",
            "202401161",
        ] {
            let e = parse_date(s).unwrap_err();
            assert_eq!(e.kind, DateErrorKind::Unrecognised, "{s:?}");
        }
        let e = parse_date("45307").unwrap_err();
        assert_eq!(
            e.to_string(),
            "日期“45307”无法识别。可用格式：2024-01-16、2024/1/16、2024年1月16日、20240116"
        );
        assert!(e.message_en().starts_with("date \"45307\" not recognised."));
    }

    #[test]
    fn empty_input() {
        let e = parse_date("   ").unwrap_err();
        assert_eq!(e.kind, DateErrorKind::Empty);
        assert!(e.to_string().starts_with("日期为空。"));
    }

    #[test]
    fn long_input_is_cut_in_messages() {
        let long = "x".repeat(100);
        let e = parse_date(&long).unwrap_err();
        assert_eq!(e.input.len(), 100);
        assert!(e.to_string().contains(&format!("{}…", "x".repeat(40))));
        assert!(!e.to_string().contains(&"x".repeat(41)));
    }

    #[test]
    fn days_in_each_month() {
        let lens: Vec<u32> = (1..=12).map(|m| days_in_month(2023, m)).collect();
        assert_eq!(lens, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
        assert_eq!(days_in_month(2024, 2), 29);
    }
}
