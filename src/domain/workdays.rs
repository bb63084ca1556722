//! The Chinese working-day calendar: statutory holidays (放假) and the weekend days that are
//! worked instead (调休上班), as announced each year by the State Council General Office.
//!
//! The dates cannot be computed — the arrangement is decided anew every year — so they come
//! from a TOML file: the one shipped in `data/holidays.toml`, plus any file a user adds for a
//! year announced after this program was built. Years not in any file fall back to plain
//! Monday–Friday, and [`Calendar::covers`] tells callers when that is the case so they can say so.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::lang::Lang;

/// A festival as the holiday file names it. The English name is optional so that a year file
/// a user writes from the Chinese notice alone still loads; English text then falls back to
/// the Chinese name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Festival {
    pub name: String,
    pub name_en: Option<String>,
}

impl Festival {
    pub fn named(name: &str) -> Festival {
        Festival {
            name: name.to_string(),
            name_en: None,
        }
    }

    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name,
            Lang::En => self.name_en.as_deref().unwrap_or(&self.name),
        }
    }
}

/// What kind of day a date is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DayKind {
    Working,
    Weekend,
    /// A statutory holiday day, with its festival (e.g. 春节).
    Holiday(Festival),
    /// A Saturday or Sunday that is a working day, with the festival it makes up for.
    MakeUpWorkday(Festival),
}

/// Why a date is not a working day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DayOff {
    Weekend,
    Holiday(Festival),
}

/// What [`Calendar::shift`] did with a date that is not a working day, kept as data so that
/// each reader says it in their own language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftReason {
    /// The date the rule gave.
    pub from: NaiveDate,
    pub off: DayOff,
    pub how: Shift,
    /// False when no working day was found near enough and the date was kept.
    pub found: bool,
}

impl ShiftReason {
    /// E.g. "春节放假，顺延至下一个工作日" or "moved from Sat 2025-10-04: National Day holiday".
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.message_zh(),
            Lang::En => self.message_en(),
        }
    }

    fn message_zh(&self) -> String {
        let why = match &self.off {
            DayOff::Weekend => format!("{}休息", weekday_zh(self.from.weekday())),
            DayOff::Holiday(f) => format!("{}放假", f.name),
        };
        let done = match (self.how, self.found) {
            (Shift::None, _) => "日期未调整",
            (_, false) => "附近找不到工作日，日期未调整",
            (Shift::Next, true) => "顺延至下一个工作日",
            (Shift::Previous, true) => "提前至上一个工作日",
        };
        format!("{why}，{done}")
    }

    fn message_en(&self) -> String {
        let day = format!("{} {}", weekday_en(self.from.weekday()), self.from);
        let why = match &self.off {
            DayOff::Weekend => "weekend".to_string(),
            DayOff::Holiday(f) => format!("{} holiday", f.name(Lang::En)),
        };
        match (self.how, self.found) {
            (Shift::None, _) => format!("{day} is a {why}; date kept"),
            (_, false) => format!("{day} is a {why}; no working day nearby, date kept"),
            (Shift::Next, true) => format!("moved from {day}: {why}"),
            (Shift::Previous, true) => format!("brought forward from {day}: {why}"),
        }
    }
}

/// What to do with a meeting that falls on a non-working day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Shift {
    /// Move to the next working day (顺延).
    Next,
    /// Move to the previous working day (提前).
    Previous,
    /// Keep the date.
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum SpecialKind {
    Off,
    Work,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Special {
    kind: SpecialKind,
    festival: Festival,
    /// The notice year the day was announced in; a 元旦 break can begin in the year before.
    year: i32,
}

/// Statutory holidays and make-up working days, by date. It crosses the
/// socket, so that a client colours the days by the server's holidays.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    /// Years whose official arrangement is known, with the notice they come from.
    years: BTreeMap<i32, String>,
    days: BTreeMap<NaiveDate, Special>,
}

/// The longest festival break accepted; anything longer is almost surely a typo in a month.
const MAX_BREAK_DAYS: i64 = 31;

/// Bounds the search for a working day, so that a broken calendar cannot loop forever.
const MAX_SHIFT_DAYS: u32 = 366;

static BUILTIN: &str = include_str!("../../data/holidays.toml");

impl Calendar {
    /// The arrangements shipped with the program (see `data/holidays.toml`).
    pub fn builtin() -> Calendar {
        // The file is compiled in and checked by a unit test, so a failure here is a build
        // defect, not something a user's input can cause.
        Calendar::from_toml(BUILTIN).expect("data/holidays.toml is checked by the unit tests")
    }

    /// Reads a calendar in the format of `data/holidays.toml`.
    pub fn from_toml(text: &str) -> Result<Calendar, CalendarError> {
        let file: FileDoc = toml::from_str(text).map_err(|e| CalendarError::Syntax {
            line: e.span().map(|span| line_of(text, span.start)),
            detail: e.message().trim().to_string(),
        })?;
        let mut calendar = Calendar::default();
        for year in file.year {
            calendar.add_year(text, year)?;
        }
        Ok(calendar)
    }

    fn add_year(&mut self, text: &str, doc: YearDoc) -> Result<(), CalendarError> {
        let year = *doc.year.get_ref();
        if self.years.contains_key(&year) {
            return Err(CalendarError::DuplicateYear {
                line: line_of(text, doc.year.span().start),
                year,
            });
        }
        self.years.insert(year, doc.notice);
        for festival in doc.festival {
            self.add_festival(text, year, festival)?;
        }
        Ok(())
    }

    fn add_festival(
        &mut self,
        text: &str,
        year: i32,
        doc: FestivalDoc,
    ) -> Result<(), CalendarError> {
        let name = doc.name.get_ref().trim().to_string();
        if name.is_empty() {
            return Err(CalendarError::EmptyName {
                line: line_of(text, doc.name.span().start),
            });
        }
        let festival = Festival {
            name: name.clone(),
            name_en: doc
                .name_en
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
        };
        let from = date_value(text, &doc.from)?;
        let to = match &doc.to {
            Some(value) => date_value(text, value)?,
            None => from,
        };
        let range_line = line_of(text, doc.to.as_ref().unwrap_or(&doc.from).span().start);
        let length = (to - from).num_days() + 1;
        if length < 1 {
            return Err(CalendarError::Backwards {
                line: range_line,
                name,
                from,
                to,
            });
        }
        if length > MAX_BREAK_DAYS {
            return Err(CalendarError::TooLong {
                line: range_line,
                name,
                days: length,
            });
        }
        if let Some(days) = &doc.days
            && i64::from(*days.get_ref()) != length
        {
            return Err(CalendarError::DaysMismatch {
                line: line_of(text, days.span().start),
                name,
                stated: *days.get_ref(),
                actual: length,
            });
        }
        for date in from.iter_days().take_while(|d| *d <= to) {
            self.add_day(date, SpecialKind::Off, &festival, year, range_line)?;
        }
        for value in &doc.workdays {
            let date = date_value(text, value)?;
            let line = line_of(text, value.span().start);
            if !is_weekend(date) {
                return Err(CalendarError::WorkdayNotWeekend { line, date });
            }
            self.add_day(date, SpecialKind::Work, &festival, year, line)?;
        }
        Ok(())
    }

    fn add_day(
        &mut self,
        date: NaiveDate,
        kind: SpecialKind,
        festival: &Festival,
        year: i32,
        line: usize,
    ) -> Result<(), CalendarError> {
        if let Some(existing) = self.days.get(&date) {
            return Err(CalendarError::Conflict {
                line,
                date,
                first: existing.festival.name.clone(),
                second: festival.name.clone(),
            });
        }
        let festival = festival.clone();
        self.days.insert(
            date,
            Special {
                kind,
                festival,
                year,
            },
        );
        Ok(())
    }

    /// Adds another calendar, typically a user's file for newer years. A year present in
    /// `other` replaces that year here entirely, so a corrected file fixes mistakes instead of
    /// piling on top of them.
    pub fn merge(&mut self, other: Calendar) {
        self.days
            .retain(|_, special| !other.years.contains_key(&special.year));
        self.years.extend(other.years);
        self.days.extend(other.days);
    }

    /// Whether the official arrangement for `year` is known. Outside covered years only
    /// weekends are non-working days.
    pub fn covers(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The covered years, ascending.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.keys().copied()
    }

    /// The notice a covered year's arrangement comes from.
    pub fn notice(&self, year: i32) -> Option<&str> {
        self.years.get(&year).map(String::as_str)
    }

    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        match self.days.get(&date) {
            Some(Special {
                kind: SpecialKind::Off,
                festival,
                ..
            }) => DayKind::Holiday(festival.clone()),
            Some(Special {
                kind: SpecialKind::Work,
                festival,
                ..
            }) => DayKind::MakeUpWorkday(festival.clone()),
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Working,
        }
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(special) => special.kind == SpecialKind::Work,
            None => !is_weekend(date),
        }
    }

    /// The first working day on or after `date`.
    pub fn next_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.find_working_day(date, |d| d.checked_add_days(Days::new(1)))
    }

    /// The last working day on or before `date`.
    pub fn previous_working_day(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.find_working_day(date, |d| d.checked_sub_days(Days::new(1)))
    }

    fn find_working_day(
        &self,
        date: NaiveDate,
        step: impl Fn(NaiveDate) -> Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let mut day = date;
        for _ in 0..=MAX_SHIFT_DAYS {
            if self.is_working_day(day) {
                return Some(day);
            }
            day = step(day)?;
        }
        None
    }

    /// Applies a meeting's shifting policy to one date. A working day is returned unchanged
    /// with no reason; otherwise the reason says why the day is off and what was done. With
    /// [`Shift::None`] the date is kept and the reason still warns that it is not a working day.
    pub fn shift(&self, date: NaiveDate, how: Shift) -> (NaiveDate, Option<ShiftReason>) {
        let off = match self.day_kind(date) {
            DayKind::Working | DayKind::MakeUpWorkday(_) => return (date, None),
            DayKind::Weekend => DayOff::Weekend,
            DayKind::Holiday(f) => DayOff::Holiday(f),
        };
        let found = match how {
            Shift::None => None,
            Shift::Next => self.next_working_day(date),
            Shift::Previous => self.previous_working_day(date),
        };
        let reason = |found| ShiftReason {
            from: date,
            off: off.clone(),
            how,
            found,
        };
        match found {
            Some(day) => (day, Some(reason(true))),
            None => (date, Some(reason(how == Shift::None))),
        }
    }
}

/// Why a holiday file was rejected; every variant names the line to fix. `Display` is the
/// Chinese message shown to users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// Not valid TOML or not the expected layout; `detail` is the parser's own words.
    Syntax {
        line: Option<usize>,
        detail: String,
    },
    NotADate {
        line: usize,
        value: String,
    },
    Backwards {
        line: usize,
        name: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    TooLong {
        line: usize,
        name: String,
        days: i64,
    },
    DaysMismatch {
        line: usize,
        name: String,
        stated: u32,
        actual: i64,
    },
    WorkdayNotWeekend {
        line: usize,
        date: NaiveDate,
    },
    /// A date listed twice, as two festivals' days or as both off and worked.
    Conflict {
        line: usize,
        date: NaiveDate,
        first: String,
        second: String,
    },
    DuplicateYear {
        line: usize,
        year: i32,
    },
    EmptyName {
        line: usize,
    },
}

impl CalendarError {
    pub fn line(&self) -> Option<usize> {
        match self {
            CalendarError::Syntax { line, .. } => *line,
            CalendarError::NotADate { line, .. }
            | CalendarError::Backwards { line, .. }
            | CalendarError::TooLong { line, .. }
            | CalendarError::DaysMismatch { line, .. }
            | CalendarError::WorkdayNotWeekend { line, .. }
            | CalendarError::Conflict { line, .. }
            | CalendarError::DuplicateYear { line, .. }
            | CalendarError::EmptyName { line } => Some(*line),
        }
    }

    pub fn message_en(&self) -> String {
        let at = match self.line() {
            Some(line) => format!("Holiday file, line {line}: "),
            None => "Holiday file: ".to_string(),
        };
        let what = match self {
            CalendarError::Syntax { detail, .. } => {
                format!("{detail}; compare with the layout of data/holidays.toml")
            }
            CalendarError::NotADate { value, .. } => {
                format!("{value} is not a date; write dates as YYYY-MM-DD, e.g. 2025-01-28")
            }
            CalendarError::Backwards { name, from, to, .. } => {
                format!("{name} ends ({to}) before it begins ({from}); swap from and to")
            }
            CalendarError::TooLong { name, days, .. } => format!(
                "the {name} break is {days} days long, more than {MAX_BREAK_DAYS}; check the months of from and to"
            ),
            CalendarError::DaysMismatch {
                name,
                stated,
                actual,
                ..
            } => format!(
                "{name}: days = {stated}, but from–to covers {actual} days; correct the dates or the count"
            ),
            CalendarError::WorkdayNotWeekend { date, .. } => {
                format!("make-up working day {date} is not a Saturday or Sunday; check the date")
            }
            CalendarError::Conflict {
                date,
                first,
                second,
                ..
            } => {
                format!("{date} is listed twice ({first}, {second}); a day can be listed only once")
            }
            CalendarError::DuplicateYear { year, .. } => {
                format!("year {year} appears twice; merge the two sections into one")
            }
            CalendarError::EmptyName { .. } => {
                "the festival name is empty; write e.g. name = \"春节\"".to_string()
            }
        };
        at + &what
    }
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line() {
            Some(line) => write!(f, "节假日文件第{line}行有误：")?,
            None => write!(f, "节假日文件有误：")?,
        }
        match self {
            CalendarError::Syntax { detail, .. } => {
                write!(f, "{detail}；请对照 data/holidays.toml 的写法修改")
            }
            CalendarError::NotADate { value, .. } => {
                write!(f, "{value} 不是日期；日期请写作 年-月-日，例如 2025-01-28")
            }
            CalendarError::Backwards { name, from, to, .. } => {
                write!(
                    f,
                    "{name}的结束日期 {to} 早于开始日期 {from}；请把 from 和 to 对调"
                )
            }
            CalendarError::TooLong { name, days, .. } => write!(
                f,
                "{name}放假 {days} 天，超过 {MAX_BREAK_DAYS} 天；请检查 from 和 to 的月份是否写错"
            ),
            CalendarError::DaysMismatch {
                name,
                stated,
                actual,
                ..
            } => write!(
                f,
                "{name}写的是共 {stated} 天，但 from 到 to 实际是 {actual} 天；请核对日期或天数"
            ),
            CalendarError::WorkdayNotWeekend { date, .. } => {
                write!(f, "调休上班日 {date} 不是周六或周日；请核对日期")
            }
            CalendarError::Conflict {
                date,
                first,
                second,
                ..
            } => write!(
                f,
                "{date} 出现了两次（{first}、{second}）；同一天只能写一次"
            ),
            CalendarError::DuplicateYear { year, .. } => {
                write!(f, "{year} 年出现了两次；请合并为一段")
            }
            CalendarError::EmptyName { .. } => {
                write!(f, "节日名称为空；请写上名称，例如 name = \"春节\"")
            }
        }
    }
}

impl std::error::Error for CalendarError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    #[serde(default)]
    year: Vec<YearDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearDoc {
    year: Spanned<i32>,
    #[serde(default)]
    notice: String,
    #[serde(default)]
    festival: Vec<FestivalDoc>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FestivalDoc {
    name: Spanned<String>,
    #[serde(default)]
    name_en: Option<String>,
    from: Spanned<toml::Value>,
    to: Option<Spanned<toml::Value>>,
    days: Option<Spanned<u32>>,
    #[serde(default)]
    workdays: Vec<Spanned<toml::Value>>,
}

/// Accepts a TOML local date (`2025-01-28`) or the same written as a string, since both are
/// natural to type.
fn date_value(text: &str, value: &Spanned<toml::Value>) -> Result<NaiveDate, CalendarError> {
    let parsed = match value.get_ref() {
        toml::Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => {
            dt.date.and_then(|d| {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            })
        }
        toml::Value::String(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok(),
        _ => None,
    };
    parsed.ok_or_else(|| CalendarError::NotADate {
        line: line_of(text, value.span().start),
        value: value.get_ref().to_string(),
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    let before = text.get(..offset).unwrap_or(text);
    before.matches('\n').count() + 1
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn weekday_en(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

fn weekday_zh(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::recurrence::Rule;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn holiday(name: &str) -> DayKind {
        DayKind::Holiday(Festival::named(name))
    }

    /// The kind of day with the festival's Chinese name only, to compare with the notices.
    fn zh(kind: DayKind) -> DayKind {
        match kind {
            DayKind::Holiday(f) => holiday(&f.name),
            DayKind::MakeUpWorkday(f) => make_up(&f.name),
            other => other,
        }
    }

    /// A shift with its reason as the Chinese text users read.
    fn shifted(cal: &Calendar, date: NaiveDate, how: Shift) -> (NaiveDate, Option<String>) {
        let (day, reason) = cal.shift(date, how);
        (day, reason.map(|r| r.message(Lang::Zh)))
    }

    fn make_up(name: &str) -> DayKind {
        DayKind::MakeUpWorkday(Festival::named(name))
    }

    fn count_kind(cal: &Calendar, year: i32, make_up_days: bool) -> usize {
        d(year, 1, 1)
            .iter_days()
            .take_while(|day| day.year() == year)
            .filter(|day| match zh(cal.day_kind(*day)) {
                DayKind::Holiday(_) => !make_up_days,
                DayKind::MakeUpWorkday(_) => make_up_days,
                _ => false,
            })
            .count()
    }

    #[test]
    fn builtin_file_parses_and_covers_2024_to_2026() {
        let cal = Calendar::from_toml(BUILTIN).unwrap();
        assert_eq!(cal, Calendar::builtin());
        assert_eq!(cal.years().collect::<Vec<_>>(), vec![2024, 2025, 2026]);
        assert!(!cal.covers(2023) && !cal.covers(2027));
        assert!(cal.notice(2025).unwrap().contains("国办发明电〔2024〕12号"));
    }

    #[test]
    fn builtin_day_counts_match_the_notices() {
        let cal = Calendar::builtin();
        // 2024 counts 1/1 only: its 元旦 break began on 2023-12-30.
        assert_eq!(count_kind(&cal, 2024, false), 1 + 8 + 3 + 5 + 3 + 3 + 7);
        assert_eq!(count_kind(&cal, 2025, false), 1 + 8 + 3 + 5 + 3 + 8);
        assert_eq!(count_kind(&cal, 2026, false), 3 + 9 + 3 + 5 + 3 + 3 + 7);
        assert_eq!(count_kind(&cal, 2024, true), 8);
        assert_eq!(count_kind(&cal, 2025, true), 5);
        assert_eq!(count_kind(&cal, 2026, true), 6);
        assert_eq!(zh(cal.day_kind(d(2023, 12, 30))), holiday("元旦"));
    }

    #[test]
    fn spot_checks_of_each_year() {
        let cal = Calendar::builtin();
        let cases = [
            (d(2024, 2, 4), make_up("春节")),
            (d(2024, 2, 18), make_up("春节")),
            (d(2024, 4, 7), make_up("清明节")),
            (d(2024, 6, 10), holiday("端午节")),
            (d(2024, 9, 14), make_up("中秋节")),
            (d(2024, 10, 12), make_up("国庆节")),
            (d(2025, 1, 1), holiday("元旦")),
            (d(2025, 4, 27), make_up("劳动节")),
            (d(2025, 5, 31), holiday("端午节")),
            (d(2025, 6, 3), DayKind::Working),
            (d(2026, 1, 4), make_up("元旦")),
            (d(2026, 2, 23), holiday("春节")),
            (d(2026, 2, 28), make_up("春节")),
            (d(2026, 5, 9), make_up("劳动节")),
            (d(2026, 9, 20), make_up("国庆节")),
            (d(2026, 9, 25), holiday("中秋节")),
            (d(2026, 10, 10), make_up("国庆节")),
        ];
        for (date, want) in cases {
            assert_eq!(zh(cal.day_kind(date)), want, "{date}");
        }
    }

    #[test]
    fn spring_festival_2025_day_by_day() {
        let cal = Calendar::builtin();
        assert_eq!(zh(cal.day_kind(d(2025, 1, 25))), DayKind::Weekend);
        assert_eq!(zh(cal.day_kind(d(2025, 1, 26))), make_up("春节"));
        assert_eq!(d(2025, 1, 26).weekday(), Weekday::Sun);
        assert!(cal.is_working_day(d(2025, 1, 26)));
        assert_eq!(zh(cal.day_kind(d(2025, 1, 27))), DayKind::Working);
        for day in d(2025, 1, 28).iter_days().take(8) {
            assert_eq!(zh(cal.day_kind(day)), holiday("春节"), "{day}");
            assert!(!cal.is_working_day(day));
        }
        assert_eq!(zh(cal.day_kind(d(2025, 2, 5))), DayKind::Working);
        assert_eq!(zh(cal.day_kind(d(2025, 2, 8))), make_up("春节"));
        assert_eq!(d(2025, 2, 8).weekday(), Weekday::Sat);
        assert_eq!(zh(cal.day_kind(d(2025, 2, 9))), DayKind::Weekend);
    }

    #[test]
    fn first_monday_meeting_around_spring_festival_2025() {
        let cal = Calendar::builtin();
        let rule = Rule::parse("FREQ=MONTHLY;BYDAY=1MO").unwrap();
        let dates = rule.occurrences(d(2025, 1, 1), d(2025, 1, 1), d(2025, 3, 31));
        assert_eq!(dates, vec![d(2025, 1, 6), d(2025, 2, 3), d(2025, 3, 3)]);
        let next: Vec<_> = dates
            .iter()
            .map(|day| shifted(&cal, *day, Shift::Next))
            .collect();
        assert_eq!(
            next,
            vec![
                (d(2025, 1, 6), None),
                (
                    d(2025, 2, 5),
                    Some("春节放假，顺延至下一个工作日".to_string())
                ),
                (d(2025, 3, 3), None),
            ]
        );
        assert_eq!(
            shifted(&cal, d(2025, 2, 3), Shift::Previous),
            (
                d(2025, 1, 27),
                Some("春节放假，提前至上一个工作日".to_string())
            )
        );
        assert_eq!(
            shifted(&cal, d(2025, 2, 3), Shift::None),
            (d(2025, 2, 3), Some("春节放假，日期未调整".to_string()))
        );
    }

    #[test]
    fn make_up_weekend_days_count_as_working_days_when_shifting() {
        let cal = Calendar::builtin();
        // Saturday 1/25 → Sunday 1/26, a make-up working day, not Monday 1/27.
        assert_eq!(
            shifted(&cal, d(2025, 1, 25), Shift::Next),
            (
                d(2025, 1, 26),
                Some("周六休息，顺延至下一个工作日".to_string())
            )
        );
        // Sunday 2/9 back to Saturday 2/8, also a make-up day.
        assert_eq!(
            shifted(&cal, d(2025, 2, 9), Shift::Previous),
            (
                d(2025, 2, 8),
                Some("周日休息，提前至上一个工作日".to_string())
            )
        );
        // A make-up Sunday keeps a meeting that falls on it.
        assert_eq!(
            shifted(&cal, d(2025, 1, 26), Shift::Next),
            (d(2025, 1, 26), None)
        );
        // A rule date inside the break, on its first day.
        assert_eq!(
            shifted(&cal, d(2025, 1, 28), Shift::Previous).0,
            d(2025, 1, 27)
        );
        assert_eq!(shifted(&cal, d(2025, 1, 28), Shift::Next).0, d(2025, 2, 5));
    }

    #[test]
    fn national_day_2025() {
        let cal = Calendar::builtin();
        let name = "国庆节、中秋节";
        assert_eq!(zh(cal.day_kind(d(2025, 9, 28))), make_up(name));
        assert_eq!(zh(cal.day_kind(d(2025, 10, 11))), make_up(name));
        assert_eq!(zh(cal.day_kind(d(2025, 10, 12))), DayKind::Weekend);
        assert_eq!(
            shifted(&cal, d(2025, 10, 6), Shift::Next),
            (
                d(2025, 10, 9),
                Some(format!("{name}放假，顺延至下一个工作日"))
            )
        );
        assert_eq!(
            shifted(&cal, d(2025, 10, 8), Shift::Previous).0,
            d(2025, 9, 30)
        );
        assert_eq!(shifted(&cal, d(2025, 9, 27), Shift::Next).0, d(2025, 9, 28));
        assert_eq!(
            shifted(&cal, d(2025, 10, 12), Shift::Previous).0,
            d(2025, 10, 11)
        );
        // A first-Wednesday meeting lands on National Day itself.
        let rule = Rule::parse("FREQ=MONTHLY;BYDAY=1WE").unwrap();
        let first_wednesday = rule.occurrences(d(2025, 1, 1), d(2025, 10, 1), d(2025, 10, 31));
        assert_eq!(first_wednesday, vec![d(2025, 10, 1)]);
        assert_eq!(shifted(&cal, d(2025, 10, 1), Shift::Next).0, d(2025, 10, 9));
    }

    #[test]
    fn uncovered_years_use_weekends_only() {
        let cal = Calendar::builtin();
        assert!(!cal.covers(2030));
        assert_eq!(zh(cal.day_kind(d(2030, 2, 4))), DayKind::Working);
        assert_eq!(zh(cal.day_kind(d(2030, 2, 2))), DayKind::Weekend);
        assert_eq!(shifted(&cal, d(2030, 2, 2), Shift::Next).0, d(2030, 2, 4));
        let empty = Calendar::default();
        assert!(empty.is_working_day(d(2025, 1, 28)));
    }

    #[test]
    fn reasons_in_english_name_the_day_and_the_holiday() {
        let cal = Calendar::builtin();
        let en = |date, how| {
            cal.shift(date, how)
                .1
                .map(|r| r.message(Lang::En))
                .unwrap_or_default()
        };
        assert_eq!(
            en(d(2025, 10, 4), Shift::Next),
            "moved from Sat 2025-10-04: National Day and Mid-Autumn Festival holiday"
        );
        assert_eq!(
            en(d(2025, 2, 3), Shift::Previous),
            "brought forward from Mon 2025-02-03: Spring Festival holiday"
        );
        assert_eq!(
            en(d(2025, 3, 1), Shift::Next),
            "moved from Sat 2025-03-01: weekend"
        );
        assert_eq!(
            en(d(2025, 1, 1), Shift::None),
            "Wed 2025-01-01 is a New Year's Day holiday; date kept"
        );
        assert_eq!(en(d(2025, 3, 3), Shift::Next), "");
    }

    #[test]
    fn a_year_file_without_english_names_falls_back_to_chinese() {
        // EXTRA_2027 names its festival in Chinese only, as a user copying the notice would.
        let cal = Calendar::from_toml(EXTRA_2027).unwrap();
        let (_, reason) = cal.shift(d(2027, 1, 1), Shift::Next);
        let reason = reason.unwrap();
        assert!(
            reason.message(Lang::En).ends_with(": 元旦 holiday"),
            "{reason:?}"
        );
        assert_eq!(reason.message(Lang::Zh), "元旦放假，顺延至下一个工作日");
        let named = Calendar::from_toml(
            "[[year]]\nyear = 2027\n[[year.festival]]\nname = \"元旦\"\nname_en = \" New Year's Day \"\nfrom = 2027-01-01\n",
        )
        .unwrap();
        match named.day_kind(d(2027, 1, 1)) {
            DayKind::Holiday(f) => assert_eq!(f.name(Lang::En), "New Year's Day"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn shifting_at_the_edge_of_the_date_range_does_not_panic() {
        let cal = Calendar::default();
        let (date, reason) = shifted(&cal, NaiveDate::MAX, Shift::Next);
        assert!(date == NaiveDate::MAX || cal.is_working_day(date));
        assert!(reason.is_some() || cal.is_working_day(NaiveDate::MAX));
    }

    const EXTRA_2027: &str = r#"
# 测试用的假设安排，并非官方数据
[[year]]
year = 2027
notice = "测试"

[[year.festival]]
name = "元旦"
from = "2027-01-01"
to = 2027-01-03
days = 3
"#;

    #[test]
    fn merge_adds_years_and_replaces_whole_years() {
        let mut cal = Calendar::builtin();
        cal.merge(Calendar::from_toml(EXTRA_2027).unwrap());
        assert!(cal.covers(2027));
        assert_eq!(zh(cal.day_kind(d(2027, 1, 1))), holiday("元旦"));
        assert_eq!(zh(cal.day_kind(d(2025, 1, 28))), holiday("春节"));

        let corrected_2025 = r#"
[[year]]
year = 2025
[[year.festival]]
name = "春节"
from = 2025-01-28
to = 2025-02-04
"#;
        cal.merge(Calendar::from_toml(corrected_2025).unwrap());
        assert_eq!(zh(cal.day_kind(d(2025, 2, 8))), DayKind::Weekend);
        assert_eq!(zh(cal.day_kind(d(2025, 10, 1))), DayKind::Working);
        assert_eq!(zh(cal.day_kind(d(2025, 1, 28))), holiday("春节"));
        assert_eq!(zh(cal.day_kind(d(2024, 2, 4))), make_up("春节"));
    }

    fn error_of(text: &str) -> CalendarError {
        Calendar::from_toml(text).unwrap_err()
    }

    #[test]
    fn malformed_toml_names_the_line() {
        let text = "[[year]]\nyear = 2025\n[[year.festival]]\nname = \"春节\nfrom = 2025-01-28\n";
        let err = error_of(text);
        assert!(
            matches!(err, CalendarError::Syntax { line: Some(4), .. }),
            "{err:?}"
        );
        assert!(
            err.to_string().starts_with("节假日文件第4行有误："),
            "{err}"
        );
        assert!(err.message_en().starts_with("Holiday file, line 4: "));
    }

    #[test]
    fn unknown_fields_and_impossible_dates_name_the_line() {
        let err = error_of(
            "[[year]]\nyear = 2025\n\n[[year.festival]]\nname = \"春节\"\nform = 2025-01-28\n",
        );
        assert!(matches!(err.line(), Some(4..=6)), "{err:?}");
        let err = error_of(
            "[[year]]\nyear = 2025\n[[year.festival]]\nname = \"春节\"\nfrom = 2025-02-30\n",
        );
        assert_eq!(err.line(), Some(5), "{err:?}");
        let err = error_of(
            "[[year]]\nyear = 2025\n[[year.festival]]\nname = \"春节\"\nfrom = \"二月\"\n",
        );
        assert_eq!(
            err,
            CalendarError::NotADate {
                line: 5,
                value: "\"二月\"".into()
            }
        );
    }

    #[test]
    fn inconsistent_entries_are_rejected_with_their_line() {
        let head = "[[year]]\nyear = 2025\n[[year.festival]]\nname = \"春节\"\n";
        let err = error_of(&format!("{head}from = 2025-02-04\nto = 2025-01-28\n"));
        assert!(
            matches!(err, CalendarError::Backwards { line: 6, .. }),
            "{err:?}"
        );
        let err = error_of(&format!("{head}from = 2025-01-28\nto = 2025-03-04\n"));
        assert!(
            matches!(
                err,
                CalendarError::TooLong {
                    line: 6,
                    days: 36,
                    ..
                }
            ),
            "{err:?}"
        );
        let err = error_of(&format!(
            "{head}from = 2025-01-28\nto = 2025-02-04\ndays = 7\n"
        ));
        assert!(
            matches!(
                err,
                CalendarError::DaysMismatch {
                    line: 7,
                    stated: 7,
                    actual: 8,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains("共 7 天"), "{err}");
        let err = error_of(&format!(
            "{head}from = 2025-01-28\nworkdays = [\n  2025-01-26,\n  2025-01-27,\n]\n"
        ));
        assert_eq!(
            err,
            CalendarError::WorkdayNotWeekend {
                line: 8,
                date: d(2025, 1, 27)
            }
        );
        let err = error_of(&format!(
            "{head}from = 2025-02-01\nworkdays = [2025-02-01]\n"
        ));
        assert!(
            matches!(err, CalendarError::Conflict { line: 6, .. }),
            "{err:?}"
        );
        let err = error_of("[[year]]\nyear = 2025\n[[year]]\nyear = 2025\n");
        assert_eq!(
            err,
            CalendarError::DuplicateYear {
                line: 4,
                year: 2025
            }
        );
        let err =
            error_of("[[year]]\nyear = 2025\n[[year.festival]]\nname = \" \"\nfrom = 2025-01-01\n");
        assert_eq!(err, CalendarError::EmptyName { line: 4 });
    }

    #[test]
    fn empty_text_is_an_empty_calendar() {
        let cal = Calendar::from_toml("# 无内容\n").unwrap();
        assert_eq!(cal, Calendar::default());
    }
}
