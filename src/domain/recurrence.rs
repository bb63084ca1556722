//! Recurring meeting dates: the subset of RFC 5545 recurrence rules (RRULE) that a committee's
//! calendar needs — weekly, monthly and yearly meetings, "the n-th weekday of the month",
//! "a fixed day of the month or year", every n periods, ending on a date or after n meetings.
//!
//! Supported parts: `FREQ` (WEEKLY, MONTHLY, YEARLY), `INTERVAL`, `BYDAY`, `BYMONTHDAY`,
//! `BYMONTH`, `UNTIL` (a date, `YYYYMMDD`), `COUNT` and `WKST=MO`. Anything else is rejected with
//! a message saying so, rather than silently expanded differently from other calendar programs.
//!
//! Choices that follow RFC 5545 and are worth knowing:
//! - A day that does not exist in a month is skipped, not moved: `FREQ=MONTHLY;BYMONTHDAY=31`
//!   has no meeting in February, April, June, September or November. Use `BYMONTHDAY=-1` for
//!   "the last day of every month".
//! - `BYDAY` and `BYMONTHDAY` together mean both must hold (e.g. `BYDAY=FR;BYMONTHDAY=13`).
//! - Weeks start on Monday, which is what `INTERVAL` counts for weekly rules.
//! - `UNTIL` is inclusive; `COUNT` counts meetings from the series start.
//! - The series start (DTSTART) is a meeting only when it matches the rule. RFC 5545 leaves
//!   an unmatched start undefined and programs disagree, so exporters should begin the series
//!   at [`Rule::first`] instead.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// How often the rule's period repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Frequency {
    Weekly,
    Monthly,
    Yearly,
}

impl Frequency {
    pub fn keyword(self) -> &'static str {
        match self {
            Frequency::Weekly => "WEEKLY",
            Frequency::Monthly => "MONTHLY",
            Frequency::Yearly => "YEARLY",
        }
    }

    fn from_keyword(word: &str) -> Option<Self> {
        match word {
            "WEEKLY" => Some(Frequency::Weekly),
            "MONTHLY" => Some(Frequency::Monthly),
            "YEARLY" => Some(Frequency::Yearly),
            _ => None,
        }
    }
}

/// A `BYDAY` entry: a weekday, optionally the n-th (1..=5) or n-th from last (-1..=-5) of the
/// month. Without an ordinal it means every such weekday in the period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WeekdayNum {
    pub ordinal: Option<i8>,
    pub weekday: Weekday,
}

impl WeekdayNum {
    pub fn every(weekday: Weekday) -> Self {
        WeekdayNum {
            ordinal: None,
            weekday,
        }
    }

    pub fn nth(ordinal: i8, weekday: Weekday) -> Self {
        WeekdayNum {
            ordinal: Some(ordinal),
            weekday,
        }
    }

    fn parse(text: &str) -> Option<Self> {
        let split = text.len().checked_sub(2)?;
        if !text.is_char_boundary(split) {
            return None;
        }
        let (number, day) = text.split_at(split);
        let weekday = weekday_from_code(day)?;
        if number.is_empty() {
            return Some(WeekdayNum::every(weekday));
        }
        let digits = number.strip_prefix('+').unwrap_or(number);
        let ordinal: i8 = digits.parse().ok()?;
        Some(WeekdayNum::nth(ordinal, weekday))
    }

    /// Canonical order: by weekday, then every/first/second/…/last.
    fn sort_key(&self) -> (u32, i16) {
        let ordinal = match self.ordinal {
            None => 0,
            Some(n) if n > 0 => i16::from(n),
            Some(n) => 100 - i16::from(n),
        };
        (self.weekday.num_days_from_monday(), ordinal)
    }
}

impl fmt::Display for WeekdayNum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(n) = self.ordinal {
            write!(f, "{n}")?;
        }
        f.write_str(weekday_code(self.weekday))
    }
}

/// When a series stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum End {
    #[default]
    Never,
    /// Last possible meeting date, inclusive.
    Until(NaiveDate),
    /// Number of meetings counted from the series start.
    Count(u32),
}

/// A validated recurrence rule. Every value of this type formats to an RRULE that parses back
/// to the same value, so it is stored as that text: records stay readable and the struct can
/// change without a data migration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Rule {
    freq: Frequency,
    interval: u32,
    by_day: Vec<WeekdayNum>,
    by_month_day: Vec<i8>,
    by_month: Vec<u8>,
    end: End,
}

/// The rule part an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RulePart {
    Freq,
    Interval,
    ByDay,
    ByMonthDay,
    ByMonth,
    Until,
    Count,
    Wkst,
}

impl RulePart {
    fn keyword(self) -> &'static str {
        match self {
            RulePart::Freq => "FREQ",
            RulePart::Interval => "INTERVAL",
            RulePart::ByDay => "BYDAY",
            RulePart::ByMonthDay => "BYMONTHDAY",
            RulePart::ByMonth => "BYMONTH",
            RulePart::Until => "UNTIL",
            RulePart::Count => "COUNT",
            RulePart::Wkst => "WKST",
        }
    }

    fn from_keyword(word: &str) -> Option<Self> {
        [
            RulePart::Freq,
            RulePart::Interval,
            RulePart::ByDay,
            RulePart::ByMonthDay,
            RulePart::ByMonth,
            RulePart::Until,
            RulePart::Count,
            RulePart::Wkst,
        ]
        .into_iter()
        .find(|part| part.keyword() == word)
    }

    fn hint_zh(self) -> &'static str {
        match self {
            RulePart::Freq => {
                "频率只能是 WEEKLY（每周）、MONTHLY（每月）或 YEARLY（每年）；示例：FREQ=MONTHLY;BYDAY=1MO"
            }
            RulePart::Interval => {
                "间隔应为正整数；示例：FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU（每三个月的第二个星期二）"
            }
            RulePart::ByDay => {
                "星期写作 MO TU WE TH FR SA SU，每月、每年规则可在前面加序号 1 至 5，-1 表示最后一个；示例：FREQ=MONTHLY;BYDAY=1MO"
            }
            RulePart::ByMonthDay => {
                "日期应为 1 至 31，或 -1 至 -31（-1 表示当月最后一天）；示例：FREQ=MONTHLY;BYMONTHDAY=-1"
            }
            RulePart::ByMonth => "月份应为 1 至 12；示例：FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16",
            RulePart::Until => {
                "截止日期应写成 8 位数字 年月日；示例：FREQ=MONTHLY;BYDAY=1MO;UNTIL=20251231"
            }
            RulePart::Count => "次数应为正整数；示例：FREQ=MONTHLY;BYDAY=1MO;COUNT=12",
            RulePart::Wkst => "每周从星期一开始，只能写 WKST=MO，或者不写",
        }
    }

    fn hint_en(self) -> &'static str {
        match self {
            RulePart::Freq => {
                "the frequency must be WEEKLY, MONTHLY or YEARLY; example: FREQ=MONTHLY;BYDAY=1MO"
            }
            RulePart::Interval => {
                "the interval must be a positive whole number; example: FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"
            }
            RulePart::ByDay => {
                "weekdays are MO TU WE TH FR SA SU, in monthly and yearly rules optionally preceded by 1 to 5, or -1 for the last; example: FREQ=MONTHLY;BYDAY=1MO"
            }
            RulePart::ByMonthDay => {
                "the day must be 1 to 31, or -1 to -31 counting from the end of the month; example: FREQ=MONTHLY;BYMONTHDAY=-1"
            }
            RulePart::ByMonth => {
                "the month must be 1 to 12; example: FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16"
            }
            RulePart::Until => {
                "the end date must be 8 digits, year month day; example: FREQ=MONTHLY;BYDAY=1MO;UNTIL=20251231"
            }
            RulePart::Count => {
                "the count must be a positive whole number; example: FREQ=MONTHLY;BYDAY=1MO;COUNT=12"
            }
            RulePart::Wkst => "weeks start on Monday: write WKST=MO or leave it out",
        }
    }
}

const SUPPORTED_PARTS: &str = "FREQ、INTERVAL、BYDAY、BYMONTHDAY、BYMONTH、UNTIL、COUNT";

/// Why a rule text was rejected. `Display` is the Chinese message shown to users; see
/// [`RuleError::message_en`] for English.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleError {
    Empty,
    /// A `;`-separated piece that is not `NAME=VALUE`.
    Malformed(String),
    /// A part name this program does not support (e.g. `BYSETPOS`).
    Unsupported(String),
    Duplicate(RulePart),
    MissingFreq,
    BadValue {
        part: RulePart,
        value: String,
    },
    CountAndUntil,
    /// An ordinal such as `1MO` in a weekly rule.
    OrdinalInWeekly(String),
    MonthDayInWeekly,
    /// An ordinal beyond the five weeks a month can have, e.g. `6MO`.
    OrdinalOutOfRange(String),
    YearlyNeedsMonth,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::Empty => {
                write!(
                    f,
                    "重复规则为空；示例：FREQ=MONTHLY;BYDAY=1MO（每月第一个星期一）"
                )
            }
            RuleError::Malformed(piece) => write!(
                f,
                "重复规则无法识别：{piece}；每一项应写成 名称=值，各项用分号隔开；示例：FREQ=MONTHLY;BYDAY=1MO"
            ),
            RuleError::Unsupported(name) => write!(
                f,
                "重复规则中的 {name} 不受支持；可用的项有 {SUPPORTED_PARTS}；示例：FREQ=MONTHLY;BYDAY=1MO"
            ),
            RuleError::Duplicate(part) => write!(
                f,
                "重复规则中 {} 出现了不止一次；每项只写一次，多个值用逗号隔开，例如 BYDAY=MO,WE",
                part.keyword()
            ),
            RuleError::MissingFreq => write!(
                f,
                "重复规则缺少 FREQ（频率）；请加上 FREQ=WEEKLY、FREQ=MONTHLY 或 FREQ=YEARLY；示例：FREQ=MONTHLY;BYDAY=1MO"
            ),
            RuleError::BadValue { part, value } => write!(
                f,
                "重复规则无法识别：{}={value}；{}",
                part.keyword(),
                part.hint_zh()
            ),
            RuleError::CountAndUntil => write!(
                f,
                "COUNT（次数）和 UNTIL（截止日期）不能同时使用；请只保留一个，例如 FREQ=MONTHLY;BYDAY=1MO;COUNT=12"
            ),
            RuleError::OrdinalInWeekly(day) => write!(
                f,
                "每周重复的规则中 BYDAY 不能带序号（{day}）；请写 FREQ=WEEKLY;BYDAY=MO，或改为每月：FREQ=MONTHLY;BYDAY={day}"
            ),
            RuleError::MonthDayInWeekly => write!(
                f,
                "每周重复的规则不能使用 BYMONTHDAY；请改为每月：FREQ=MONTHLY;BYMONTHDAY=15"
            ),
            RuleError::OrdinalOutOfRange(day) => write!(
                f,
                "重复规则无法识别：BYDAY={day}；一个月最多有 5 个相同的星期几，序号请用 1 至 5，或 -1 至 -5（-1 表示最后一个）；示例：FREQ=MONTHLY;BYDAY=-1FR"
            ),
            RuleError::YearlyNeedsMonth => write!(
                f,
                "每年重复的规则使用 BYDAY 或 BYMONTHDAY 时必须同时写 BYMONTH（月份）；示例：FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16"
            ),
        }
    }
}

impl std::error::Error for RuleError {}

impl RuleError {
    pub fn message_en(&self) -> String {
        match self {
            RuleError::Empty => {
                "The recurrence rule is empty; example: FREQ=MONTHLY;BYDAY=1MO (first Monday of every month)".to_string()
            }
            RuleError::Malformed(piece) => format!(
                "Unrecognised recurrence rule part: {piece}; each part must be NAME=VALUE, parts separated by semicolons; example: FREQ=MONTHLY;BYDAY=1MO"
            ),
            RuleError::Unsupported(name) => format!(
                "{name} is not supported in recurrence rules; supported parts are FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, UNTIL, COUNT"
            ),
            RuleError::Duplicate(part) => format!(
                "{} appears more than once; write each part once and separate several values with commas, e.g. BYDAY=MO,WE",
                part.keyword()
            ),
            RuleError::MissingFreq => {
                "The recurrence rule has no FREQ; add FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY; example: FREQ=MONTHLY;BYDAY=1MO".to_string()
            }
            RuleError::BadValue { part, value } => format!(
                "Unrecognised recurrence rule value: {}={value}; {}",
                part.keyword(),
                part.hint_en()
            ),
            RuleError::CountAndUntil => {
                "COUNT and UNTIL cannot both be used; keep one of them, e.g. FREQ=MONTHLY;BYDAY=1MO;COUNT=12".to_string()
            }
            RuleError::OrdinalInWeekly(day) => format!(
                "A weekly rule cannot number its weekdays ({day}); write FREQ=WEEKLY;BYDAY=MO, or make it monthly: FREQ=MONTHLY;BYDAY={day}"
            ),
            RuleError::MonthDayInWeekly => {
                "A weekly rule cannot use BYMONTHDAY; make it monthly, e.g. FREQ=MONTHLY;BYMONTHDAY=15".to_string()
            }
            RuleError::OrdinalOutOfRange(day) => format!(
                "Unrecognised recurrence rule value: BYDAY={day}; a month has at most 5 of each weekday, so use 1 to 5, or -1 to -5 counting from the last; example: FREQ=MONTHLY;BYDAY=-1FR"
            ),
            RuleError::YearlyNeedsMonth => {
                "A yearly rule that uses BYDAY or BYMONTHDAY must also give BYMONTH; example: FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16".to_string()
            }
        }
    }
}

/// The largest `BYDAY` ordinal inside one month.
const MAX_WEEKS_IN_MONTH: i8 = 5;

impl Rule {
    /// A rule repeating every period on the series start's weekday (weekly), day of month
    /// (monthly) or day and month (yearly).
    pub fn new(freq: Frequency) -> Self {
        Rule {
            freq,
            interval: 1,
            by_day: Vec::new(),
            by_month_day: Vec::new(),
            by_month: Vec::new(),
            end: End::Never,
        }
    }

    pub fn with_interval(mut self, interval: u32) -> Result<Self, RuleError> {
        self.interval = interval;
        self.validated()
    }

    pub fn with_by_day(mut self, days: Vec<WeekdayNum>) -> Result<Self, RuleError> {
        self.by_day = days;
        self.validated()
    }

    pub fn with_by_month_day(mut self, days: Vec<i8>) -> Result<Self, RuleError> {
        self.by_month_day = days;
        self.validated()
    }

    pub fn with_by_month(mut self, months: Vec<u8>) -> Result<Self, RuleError> {
        self.by_month = months;
        self.validated()
    }

    pub fn with_end(mut self, end: End) -> Result<Self, RuleError> {
        self.end = end;
        self.validated()
    }

    pub fn freq(&self) -> Frequency {
        self.freq
    }

    pub fn interval(&self) -> u32 {
        self.interval
    }

    pub fn by_day(&self) -> &[WeekdayNum] {
        &self.by_day
    }

    pub fn by_month_day(&self) -> &[i8] {
        &self.by_month_day
    }

    pub fn by_month(&self) -> &[u8] {
        &self.by_month
    }

    pub fn end(&self) -> End {
        self.end
    }

    /// Parses an RRULE value such as `FREQ=MONTHLY;BYDAY=-1FR`. Names and values are
    /// case-insensitive and an `RRULE:` prefix is accepted.
    pub fn parse(text: &str) -> Result<Self, RuleError> {
        let text = text.trim();
        let text = strip_prefix_ignore_case(text, "RRULE:").unwrap_or(text);
        if text.is_empty() {
            return Err(RuleError::Empty);
        }
        let mut seen: Vec<RulePart> = Vec::new();
        let mut freq = None;
        let mut rule = Rule::new(Frequency::Weekly);
        let mut until = None;
        let mut count = None;
        for piece in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = piece
                .split_once('=')
                .map(|(n, v)| (n.trim().to_ascii_uppercase(), v.trim().to_ascii_uppercase()))
                .filter(|(n, v)| !n.is_empty() && !v.is_empty())
                .ok_or_else(|| RuleError::Malformed(piece.to_string()))?;
            let part = RulePart::from_keyword(&name).ok_or(RuleError::Unsupported(name))?;
            if seen.contains(&part) {
                return Err(RuleError::Duplicate(part));
            }
            seen.push(part);
            let bad = || RuleError::BadValue {
                part,
                value: value.clone(),
            };
            match part {
                RulePart::Freq => freq = Some(Frequency::from_keyword(&value).ok_or_else(bad)?),
                RulePart::Interval => {
                    rule.interval = value.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?
                }
                RulePart::ByDay => rule.by_day = parse_list(&value, WeekdayNum::parse, bad)?,
                RulePart::ByMonthDay => {
                    rule.by_month_day = parse_list(&value, parse_month_day, bad)?
                }
                RulePart::ByMonth => rule.by_month = parse_list(&value, parse_month, bad)?,
                RulePart::Until => until = Some(parse_until(&value).ok_or_else(bad)?),
                RulePart::Count => {
                    count = Some(value.parse().ok().filter(|&n| n > 0).ok_or_else(bad)?)
                }
                RulePart::Wkst => {
                    if value != "MO" {
                        return Err(bad());
                    }
                }
            }
        }
        rule.freq = freq.ok_or(RuleError::MissingFreq)?;
        rule.end = match (until, count) {
            (Some(_), Some(_)) => return Err(RuleError::CountAndUntil),
            (Some(date), None) => End::Until(date),
            (None, Some(n)) => End::Count(n),
            (None, None) => End::Never,
        };
        rule.validated()
    }

    /// Checks the combination of parts and puts lists in canonical order, so that equal
    /// schedules compare equal and formatting is stable.
    fn validated(mut self) -> Result<Self, RuleError> {
        let bad = |part, value: String| RuleError::BadValue { part, value };
        if self.interval == 0 {
            return Err(bad(RulePart::Interval, "0".to_string()));
        }
        if self.end == End::Count(0) {
            return Err(bad(RulePart::Count, "0".to_string()));
        }
        if let Some(&day) = self.by_month_day.iter().find(|d| !valid_month_day(**d)) {
            return Err(bad(RulePart::ByMonthDay, day.to_string()));
        }
        if let Some(&month) = self.by_month.iter().find(|m| !(1..=12).contains(*m)) {
            return Err(bad(RulePart::ByMonth, month.to_string()));
        }
        match self.freq {
            Frequency::Weekly if !self.by_month_day.is_empty() => {
                return Err(RuleError::MonthDayInWeekly);
            }
            // Without BYMONTH, RFC 5545 reads a yearly BYDAY ordinal as "n-th of the year" and
            // a yearly BYMONTHDAY as "that day of every month"; neither is a committee
            // schedule, and guessing would disagree with other calendar programs.
            Frequency::Yearly
                if self.by_month.is_empty()
                    && (!self.by_day.is_empty() || !self.by_month_day.is_empty()) =>
            {
                return Err(RuleError::YearlyNeedsMonth);
            }
            _ => {}
        }
        for day in &self.by_day {
            match day.ordinal {
                Some(_) if self.freq == Frequency::Weekly => {
                    return Err(RuleError::OrdinalInWeekly(day.to_string()));
                }
                Some(n) if n == 0 || n.unsigned_abs() > MAX_WEEKS_IN_MONTH.unsigned_abs() => {
                    return Err(RuleError::OrdinalOutOfRange(day.to_string()));
                }
                _ => {}
            }
        }
        self.by_day.sort_by_key(WeekdayNum::sort_key);
        self.by_day.dedup();
        self.by_month_day.sort_unstable();
        self.by_month_day.dedup();
        self.by_month.sort_unstable();
        self.by_month.dedup();
        Ok(self)
    }

    /// Formats the rule, writing `UNTIL` with the given function. iCalendar needs a UTC
    /// date-time there when DTSTART carries a time zone; everywhere else it is a plain date.
    pub fn format_with_until(&self, until: impl Fn(NaiveDate) -> String) -> String {
        let mut parts = vec![format!("FREQ={}", self.freq.keyword())];
        if self.interval > 1 {
            parts.push(format!("INTERVAL={}", self.interval));
        }
        if !self.by_month.is_empty() {
            parts.push(format!("BYMONTH={}", join(&self.by_month)));
        }
        if !self.by_month_day.is_empty() {
            parts.push(format!("BYMONTHDAY={}", join(&self.by_month_day)));
        }
        if !self.by_day.is_empty() {
            parts.push(format!("BYDAY={}", join(&self.by_day)));
        }
        match self.end {
            End::Never => {}
            End::Until(date) => parts.push(format!("UNTIL={}", until(date))),
            End::Count(n) => parts.push(format!("COUNT={n}")),
        }
        parts.join(";")
    }

    /// The meeting dates in `from..=to`, for a series that starts on `start`.
    pub fn occurrences(&self, start: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
        self.expand(start, from, to, usize::MAX)
    }

    /// The first meeting on or after `start`, or `None` when the rule never matches (e.g.
    /// `FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30`) or ends before its first match.
    pub fn first(&self, start: NaiveDate) -> Option<NaiveDate> {
        // The Gregorian calendar, weekdays included, repeats every 400 years, so a rule with no
        // match in 400 of its own periods' years never matches.
        let years = 400u32.saturating_mul(self.interval);
        let horizon = start
            .checked_add_months(Months::new(years.saturating_mul(12)))
            .unwrap_or(NaiveDate::MAX);
        self.expand(start, start, horizon, 1).into_iter().next()
    }

    /// Whether `date` is one of the series' meetings.
    pub fn is_occurrence(&self, start: NaiveDate, date: NaiveDate) -> bool {
        self.occurrences(start, date, date) == [date]
    }

    fn expand(
        &self,
        start: NaiveDate,
        from: NaiveDate,
        to: NaiveDate,
        limit: usize,
    ) -> Vec<NaiveDate> {
        let mut found = Vec::new();
        let to = match self.end {
            End::Until(until) => to.min(until),
            _ => to,
        };
        if from > to || start > to {
            return found;
        }
        let count_limit = match self.end {
            End::Count(n) => Some(n),
            _ => None,
        };
        let step = i64::from(self.interval);
        // COUNT depends on every meeting since the start; otherwise jump straight to the
        // period that holds `from`, keeping in step with the interval.
        let mut index = if count_limit.is_some() {
            0
        } else {
            let skipped = self.periods_between(start, from.max(start));
            skipped - skipped % step
        };
        let mut counted = 0u32;
        while let Some(first_day) = self.period_start(start, index) {
            if first_day > to {
                break;
            }
            for date in self.period_dates(start, index) {
                if date < start {
                    continue;
                }
                if date > to {
                    return found;
                }
                counted += 1;
                if date >= from {
                    found.push(date);
                    if found.len() >= limit {
                        return found;
                    }
                }
                if count_limit == Some(counted) {
                    return found;
                }
            }
            index += step;
        }
        found
    }

    /// How many whole periods lie between the period holding `start` and the one holding
    /// `date`.
    fn periods_between(&self, start: NaiveDate, date: NaiveDate) -> i64 {
        match self.freq {
            Frequency::Weekly => (monday_of(date) - monday_of(start)).num_days() / 7,
            Frequency::Monthly => month_index(date) - month_index(start),
            Frequency::Yearly => i64::from(date.year() - start.year()),
        }
    }

    fn period_start(&self, start: NaiveDate, index: i64) -> Option<NaiveDate> {
        match self.freq {
            Frequency::Weekly => {
                let days = u64::try_from(index).ok()?.checked_mul(7)?;
                monday_of(start).checked_add_days(Days::new(days))
            }
            Frequency::Monthly => {
                let (year, month) = month_from_index(month_index(start).checked_add(index)?)?;
                NaiveDate::from_ymd_opt(year, month, 1)
            }
            Frequency::Yearly => {
                let year = i32::try_from(i64::from(start.year()).checked_add(index)?).ok()?;
                NaiveDate::from_ymd_opt(year, 1, 1)
            }
        }
    }

    /// Candidate dates of one period, sorted, before `start`/`UNTIL`/`COUNT` are applied.
    fn period_dates(&self, start: NaiveDate, index: i64) -> Vec<NaiveDate> {
        let Some(first_day) = self.period_start(start, index) else {
            return Vec::new();
        };
        let mut dates: Vec<NaiveDate> = match self.freq {
            Frequency::Weekly => {
                let weekdays = if self.by_day.is_empty() {
                    vec![start.weekday()]
                } else {
                    self.by_day.iter().map(|d| d.weekday).collect()
                };
                weekdays
                    .into_iter()
                    .filter_map(|w| {
                        first_day.checked_add_days(Days::new(u64::from(w.num_days_from_monday())))
                    })
                    .filter(|d| self.month_allowed(d.month()))
                    .collect()
            }
            Frequency::Monthly => {
                if self.month_allowed(first_day.month()) {
                    self.days_in_month(start, first_day.year(), first_day.month())
                } else {
                    Vec::new()
                }
            }
            Frequency::Yearly => {
                let months = if self.by_month.is_empty() {
                    vec![start.month() as u8]
                } else {
                    self.by_month.clone()
                };
                months
                    .into_iter()
                    .flat_map(|m| self.days_in_month(start, first_day.year(), u32::from(m)))
                    .collect()
            }
        };
        dates.sort_unstable();
        dates.dedup();
        dates
    }

    fn month_allowed(&self, month: u32) -> bool {
        self.by_month.is_empty() || self.by_month.iter().any(|&m| u32::from(m) == month)
    }

    /// The rule's days within one month. Days the month lacks (the 31st of April, a fifth
    /// Monday) are skipped, as RFC 5545 requires.
    fn days_in_month(&self, start: NaiveDate, year: i32, month: u32) -> Vec<NaiveDate> {
        let Some(length) = month_length(year, month) else {
            return Vec::new();
        };
        let by_month_day: BTreeSet<NaiveDate> = self
            .by_month_day
            .iter()
            .filter_map(|&d| resolve_month_day(d, length))
            .filter_map(|d| NaiveDate::from_ymd_opt(year, month, d))
            .collect();
        let by_day: BTreeSet<NaiveDate> = self
            .by_day
            .iter()
            .flat_map(|d| weekdays_in_month(year, month, *d))
            .collect();
        match (self.by_month_day.is_empty(), self.by_day.is_empty()) {
            (true, true) => NaiveDate::from_ymd_opt(year, month, start.day())
                .into_iter()
                .collect(),
            (false, true) => by_month_day.into_iter().collect(),
            (true, false) => by_day.into_iter().collect(),
            (false, false) => by_month_day.intersection(&by_day).copied().collect(),
        }
    }

    /// A short Chinese description for lists and forms, e.g. "每月最后一个星期五".
    pub fn describe(&self) -> String {
        let mut text = match self.freq {
            Frequency::Weekly => {
                format!("{}{}", every_zh(self.interval, "周"), self.describe_days())
            }
            Frequency::Monthly => format!(
                "{}{}",
                every_zh(self.interval, "个月"),
                self.describe_days()
            ),
            Frequency::Yearly => {
                let months: Vec<String> = self.by_month.iter().map(|m| format!("{m}月")).collect();
                format!(
                    "{}{}{}",
                    every_zh(self.interval, "年"),
                    months.join("、"),
                    self.describe_days()
                )
            }
        };
        if self.freq != Frequency::Yearly && !self.by_month.is_empty() {
            let months: Vec<String> = self.by_month.iter().map(|m| format!("{m}月")).collect();
            text.push_str(&format!("（仅{}）", months.join("、")));
        }
        match self.end {
            End::Never => {}
            End::Until(date) => text.push_str(&format!("，至{}止", date.format("%Y年%-m月%-d日"))),
            End::Count(n) => text.push_str(&format!("，共{n}次")),
        }
        text
    }

    fn describe_days(&self) -> String {
        let mut pieces: Vec<String> = self
            .by_month_day
            .iter()
            .map(|&d| match d {
                -1 => "最后一天".to_string(),
                d if d < 0 => format!("倒数第{}天", -i16::from(d)),
                d => format!("{d}日"),
            })
            .collect();
        pieces.extend(self.by_day.iter().map(|d| {
            let name = weekday_zh(d.weekday);
            match d.ordinal {
                None => name.to_string(),
                Some(-1) => format!("最后一个{name}"),
                Some(n) if n < 0 => format!("倒数第{}个{name}", ordinal_zh(-n)),
                Some(n) => format!("第{}个{name}", ordinal_zh(n)),
            }
        }));
        if pieces.is_empty() {
            return "（与首次同一天）".to_string();
        }
        let joiner = if !self.by_month_day.is_empty() && !self.by_day.is_empty() {
            "且逢"
        } else {
            "、"
        };
        let mut text = pieces.join(joiner);
        if self.by_month_day.iter().any(|&d| d > 28) {
            text.push_str("（当月没有这一天则跳过）");
        }
        text
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_with_until(|d| d.format("%Y%m%d").to_string()))
    }
}

impl FromStr for Rule {
    type Err = RuleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Rule::parse(text)
    }
}

impl TryFrom<String> for Rule {
    type Error = RuleError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Rule::parse(&text)
    }
}

impl From<Rule> for String {
    fn from(rule: Rule) -> Self {
        rule.to_string()
    }
}

/// Changes to single meetings of a series, kept with the series so that editing the rule
/// does not lose them. A date both skipped and moved counts as skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exceptions {
    /// Rule dates on which the meeting does not take place.
    pub skipped: Vec<NaiveDate>,
    /// (rule date, the date the meeting was moved to).
    pub moved: Vec<(NaiveDate, NaiveDate)>,
}

impl Exceptions {
    pub fn is_empty(&self) -> bool {
        self.skipped.is_empty() && self.moved.is_empty()
    }

    pub fn is_skipped(&self, rule_date: NaiveDate) -> bool {
        self.skipped.contains(&rule_date)
    }

    pub fn moved_to(&self, rule_date: NaiveDate) -> Option<NaiveDate> {
        self.moved
            .iter()
            .find(|(from, _)| *from == rule_date)
            .map(|(_, to)| *to)
    }

    /// Cancels the meeting of `rule_date`, dropping any earlier move of it.
    pub fn skip(&mut self, rule_date: NaiveDate) {
        self.moved.retain(|(from, _)| *from != rule_date);
        if !self.is_skipped(rule_date) {
            self.skipped.push(rule_date);
            self.skipped.sort_unstable();
        }
    }

    /// Moves the meeting of `rule_date` to `new_date`; moving it back to its own date
    /// removes the exception.
    pub fn move_to(&mut self, rule_date: NaiveDate, new_date: NaiveDate) {
        self.skipped.retain(|d| *d != rule_date);
        self.moved.retain(|(from, _)| *from != rule_date);
        if new_date != rule_date {
            self.moved.push((rule_date, new_date));
            self.moved.sort_unstable();
        }
    }

    /// Restores the rule's own date for `rule_date`.
    pub fn clear(&mut self, rule_date: NaiveDate) {
        self.skipped.retain(|d| *d != rule_date);
        self.moved.retain(|(from, _)| *from != rule_date);
    }
}

/// One meeting of a series: the date the rule gives and the date it actually takes place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub date: NaiveDate,
    pub rule_date: NaiveDate,
}

impl Occurrence {
    pub fn is_moved(&self) -> bool {
        self.date != self.rule_date
    }
}

/// The meetings actually held in `from..=to`: rule dates minus skipped ones, moved ones at
/// their new date — including meetings moved into the window from a rule date outside it, and
/// excluding those moved out. Sorted by actual date.
pub fn apply_exceptions(
    rule: &Rule,
    start: NaiveDate,
    exceptions: &Exceptions,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Occurrence> {
    let in_window = |d: NaiveDate| from <= d && d <= to;
    let mut result: Vec<Occurrence> = rule
        .occurrences(start, from, to)
        .into_iter()
        .filter(|d| !exceptions.is_skipped(*d))
        .map(|rule_date| Occurrence {
            date: exceptions.moved_to(rule_date).unwrap_or(rule_date),
            rule_date,
        })
        .filter(|o| in_window(o.date))
        .collect();
    result.extend(
        exceptions
            .moved
            .iter()
            .filter(|(rule_date, new_date)| {
                !in_window(*rule_date)
                    && in_window(*new_date)
                    && !exceptions.is_skipped(*rule_date)
                    && rule.is_occurrence(start, *rule_date)
            })
            .map(|&(rule_date, date)| Occurrence { date, rule_date }),
    );
    result.sort_unstable();
    result.dedup();
    result
}

fn parse_list<T>(
    value: &str,
    item: impl Fn(&str) -> Option<T>,
    bad: impl Fn() -> RuleError,
) -> Result<Vec<T>, RuleError> {
    value
        .split(',')
        .map(|piece| item(piece.trim()).ok_or_else(&bad))
        .collect()
}

fn parse_month_day(text: &str) -> Option<i8> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    digits.parse().ok().filter(|d| valid_month_day(*d))
}

fn parse_month(text: &str) -> Option<u8> {
    text.parse().ok().filter(|m| (1..=12).contains(m))
}

fn parse_until(text: &str) -> Option<NaiveDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y%m%d").ok()
}

fn valid_month_day(day: i8) -> bool {
    day != 0 && day.unsigned_abs() <= 31
}

/// Turns a `BYMONTHDAY` value into a day number of a month of `length` days.
fn resolve_month_day(day: i8, length: u32) -> Option<u32> {
    let day = i64::from(day);
    let resolved = if day > 0 {
        day
    } else {
        i64::from(length) + 1 + day
    };
    u32::try_from(resolved)
        .ok()
        .filter(|d| (1..=length).contains(d))
}

fn weekdays_in_month(year: i32, month: u32, day: WeekdayNum) -> Vec<NaiveDate> {
    let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) else {
        return Vec::new();
    };
    let all: Vec<NaiveDate> = first
        .iter_days()
        .take_while(|d| d.month() == month)
        .filter(|d| d.weekday() == day.weekday)
        .collect();
    match day.ordinal {
        None => all,
        Some(n) if n > 0 => all
            .get(usize::from(n.unsigned_abs()) - 1)
            .copied()
            .into_iter()
            .collect(),
        Some(n) => all
            .len()
            .checked_sub(usize::from(n.unsigned_abs()))
            .and_then(|i| all.get(i).copied())
            .into_iter()
            .collect(),
    }
}

fn month_length(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(Months::new(1))?;
    u32::try_from((next - first).num_days()).ok()
}

fn monday_of(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday())))
        .unwrap_or(date)
}

fn month_index(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

fn month_from_index(index: i64) -> Option<(i32, u32)> {
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    Some((year, month))
}

fn weekday_code(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "MO",
        Weekday::Tue => "TU",
        Weekday::Wed => "WE",
        Weekday::Thu => "TH",
        Weekday::Fri => "FR",
        Weekday::Sat => "SA",
        Weekday::Sun => "SU",
    }
}

fn weekday_from_code(code: &str) -> Option<Weekday> {
    match code {
        "MO" => Some(Weekday::Mon),
        "TU" => Some(Weekday::Tue),
        "WE" => Some(Weekday::Wed),
        "TH" => Some(Weekday::Thu),
        "FR" => Some(Weekday::Fri),
        "SA" => Some(Weekday::Sat),
        "SU" => Some(Weekday::Sun),
        _ => None,
    }
}

fn weekday_zh(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn ordinal_zh(n: i8) -> &'static str {
    match n {
        1 => "一",
        2 => "二",
        3 => "三",
        4 => "四",
        _ => "五",
    }
}

fn every_zh(interval: u32, unit: &str) -> String {
    match interval {
        1 => format!("每{}", unit.trim_start_matches('个')),
        2 => format!("每两{unit}"),
        n => format!("每{n}{unit}"),
    }
}

fn join<T: fmt::Display>(items: &[T]) -> String {
    items.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn rule(text: &str) -> Rule {
        Rule::parse(text).unwrap()
    }

    fn dates(list: &[(i32, u32, u32)]) -> Vec<NaiveDate> {
        list.iter().map(|&(y, m, day)| d(y, m, day)).collect()
    }

    #[test]
    fn last_friday_of_each_month_in_2025() {
        let got = rule("FREQ=MONTHLY;BYDAY=-1FR").occurrences(
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2025, 12, 31),
        );
        let want = dates(&[
            (2025, 1, 31),
            (2025, 2, 28),
            (2025, 3, 28),
            (2025, 4, 25),
            (2025, 5, 30),
            (2025, 6, 27),
            (2025, 7, 25),
            (2025, 8, 29),
            (2025, 9, 26),
            (2025, 10, 31),
            (2025, 11, 28),
            (2025, 12, 26),
        ]);
        assert_eq!(got, want);
        assert!(got.iter().all(|d| d.weekday() == Weekday::Fri));
    }

    #[test]
    fn first_monday_of_each_month() {
        let got = rule("FREQ=MONTHLY;BYDAY=1MO").occurrences(
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2025, 6, 30),
        );
        assert_eq!(
            got,
            dates(&[
                (2025, 1, 6),
                (2025, 2, 3),
                (2025, 3, 3),
                (2025, 4, 7),
                (2025, 5, 5),
                (2025, 6, 2)
            ])
        );
    }

    #[test]
    fn the_31st_skips_short_months() {
        let got = rule("FREQ=MONTHLY;BYMONTHDAY=31").occurrences(
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2025, 12, 31),
        );
        assert_eq!(
            got,
            dates(&[
                (2025, 1, 31),
                (2025, 3, 31),
                (2025, 5, 31),
                (2025, 7, 31),
                (2025, 8, 31),
                (2025, 10, 31),
                (2025, 12, 31),
            ])
        );
    }

    #[test]
    fn a_31st_start_without_bymonthday_also_skips_short_months() {
        let got = rule("FREQ=MONTHLY").occurrences(d(2025, 1, 31), d(2025, 1, 1), d(2025, 5, 31));
        assert_eq!(got, dates(&[(2025, 1, 31), (2025, 3, 31), (2025, 5, 31)]));
    }

    #[test]
    fn last_day_of_month_includes_leap_february() {
        let got = rule("FREQ=MONTHLY;BYMONTHDAY=-1").occurrences(
            d(2024, 1, 1),
            d(2024, 1, 1),
            d(2024, 4, 30),
        );
        assert_eq!(
            got,
            dates(&[(2024, 1, 31), (2024, 2, 29), (2024, 3, 31), (2024, 4, 30)])
        );
        let got = rule("FREQ=MONTHLY;BYMONTHDAY=-1").occurrences(
            d(2025, 2, 1),
            d(2025, 2, 1),
            d(2025, 2, 28),
        );
        assert_eq!(got, dates(&[(2025, 2, 28)]));
    }

    #[test]
    fn quarterly_second_tuesday_across_year_end() {
        let got = rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU").occurrences(
            d(2025, 10, 1),
            d(2025, 10, 1),
            d(2026, 12, 31),
        );
        assert_eq!(
            got,
            dates(&[
                (2025, 10, 14),
                (2026, 1, 13),
                (2026, 4, 14),
                (2026, 7, 14),
                (2026, 10, 13)
            ])
        );
    }

    #[test]
    fn quarterly_window_starting_later_keeps_the_interval_phase() {
        // Series from November: quarters are Nov, Feb, May, Aug — a window from January must
        // not restart the count in January.
        let got = rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU").occurrences(
            d(2025, 11, 1),
            d(2026, 1, 1),
            d(2026, 8, 31),
        );
        assert_eq!(got, dates(&[(2026, 2, 10), (2026, 5, 12), (2026, 8, 11)]));
    }

    #[test]
    fn yearly_on_a_fixed_day() {
        let got = rule("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16").occurrences(
            d(2024, 3, 1),
            d(2024, 1, 1),
            d(2027, 12, 31),
        );
        assert_eq!(got, dates(&[(2025, 1, 16), (2026, 1, 16), (2027, 1, 16)]));
    }

    #[test]
    fn yearly_without_parts_uses_the_start_day_and_skips_non_leap_years() {
        let got = rule("FREQ=YEARLY").occurrences(d(2024, 2, 29), d(2024, 1, 1), d(2032, 12, 31));
        assert_eq!(got, dates(&[(2024, 2, 29), (2028, 2, 29), (2032, 2, 29)]));
    }

    #[test]
    fn yearly_nth_weekday_of_a_month() {
        // Plenary on the third Friday of January.
        let got = rule("FREQ=YEARLY;BYMONTH=1;BYDAY=3FR").occurrences(
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2026, 12, 31),
        );
        assert_eq!(got, dates(&[(2025, 1, 17), (2026, 1, 16)]));
    }

    #[test]
    fn weekly_on_mondays_and_default_weekday() {
        let got =
            rule("FREQ=WEEKLY;BYDAY=MO").occurrences(d(2025, 1, 1), d(2025, 1, 1), d(2025, 1, 31));
        assert_eq!(
            got,
            dates(&[(2025, 1, 6), (2025, 1, 13), (2025, 1, 20), (2025, 1, 27)])
        );
        let got = rule("FREQ=WEEKLY").occurrences(d(2025, 1, 1), d(2025, 1, 1), d(2025, 1, 31));
        assert_eq!(
            got,
            dates(&[
                (2025, 1, 1),
                (2025, 1, 8),
                (2025, 1, 15),
                (2025, 1, 22),
                (2025, 1, 29)
            ])
        );
    }

    #[test]
    fn fortnightly_counts_monday_based_weeks_from_the_start() {
        // Start on a Sunday: that week (Mon 3/3 – Sun 3/9) is week 0, so the Wednesdays are
        // 3/5 (before the start, dropped), 3/19, 4/2.
        let got = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE").occurrences(
            d(2025, 3, 9),
            d(2025, 3, 1),
            d(2025, 4, 5),
        );
        assert_eq!(got, dates(&[(2025, 3, 19), (2025, 4, 2)]));
        let later = rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE").occurrences(
            d(2025, 3, 9),
            d(2025, 3, 25),
            d(2025, 4, 5),
        );
        assert_eq!(later, dates(&[(2025, 4, 2)]));
    }

    #[test]
    fn weekly_limited_to_months() {
        let got = rule("FREQ=WEEKLY;BYDAY=FR;BYMONTH=3").occurrences(
            d(2025, 2, 20),
            d(2025, 2, 20),
            d(2025, 4, 10),
        );
        assert_eq!(
            got,
            dates(&[(2025, 3, 7), (2025, 3, 14), (2025, 3, 21), (2025, 3, 28)])
        );
    }

    #[test]
    fn until_is_inclusive() {
        let got = rule("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20250407").occurrences(
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2025, 12, 31),
        );
        assert_eq!(
            got,
            dates(&[(2025, 1, 6), (2025, 2, 3), (2025, 3, 3), (2025, 4, 7)])
        );
        let got = rule("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20250406").occurrences(
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2025, 12, 31),
        );
        assert_eq!(got.last(), Some(&d(2025, 3, 3)));
    }

    #[test]
    fn count_counts_from_the_start_even_when_the_window_is_later() {
        let r = rule("FREQ=MONTHLY;BYDAY=1MO;COUNT=3");
        assert_eq!(
            r.occurrences(d(2025, 1, 1), d(2025, 1, 1), d(2025, 12, 31)),
            dates(&[(2025, 1, 6), (2025, 2, 3), (2025, 3, 3)])
        );
        assert_eq!(
            r.occurrences(d(2025, 1, 1), d(2025, 2, 10), d(2025, 12, 31)),
            dates(&[(2025, 3, 3)])
        );
        assert!(
            r.occurrences(d(2025, 1, 1), d(2025, 3, 4), d(2025, 12, 31))
                .is_empty()
        );
    }

    #[test]
    fn count_does_not_count_unmatched_start() {
        // The start (a Wednesday) is not a first Monday, so it is neither a meeting nor counted.
        let r = rule("FREQ=MONTHLY;BYDAY=1MO;COUNT=2");
        assert_eq!(
            r.occurrences(d(2025, 1, 1), d(2024, 1, 1), d(2025, 12, 31)),
            dates(&[(2025, 1, 6), (2025, 2, 3)])
        );
    }

    #[test]
    fn window_edges_and_empty_windows() {
        let r = rule("FREQ=MONTHLY;BYMONTHDAY=15");
        assert_eq!(
            r.occurrences(d(2025, 1, 1), d(2025, 2, 15), d(2025, 2, 15)),
            dates(&[(2025, 2, 15)])
        );
        assert!(
            r.occurrences(d(2025, 1, 1), d(2025, 3, 1), d(2025, 2, 1))
                .is_empty()
        );
        assert!(
            r.occurrences(d(2025, 6, 1), d(2025, 1, 1), d(2025, 5, 31))
                .is_empty()
        );
    }

    #[test]
    fn friday_the_13th_intersects_byday_and_bymonthday() {
        let got = rule("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13").occurrences(
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2026, 12, 31),
        );
        assert_eq!(
            got,
            dates(&[(2025, 6, 13), (2026, 2, 13), (2026, 3, 13), (2026, 11, 13)])
        );
    }

    #[test]
    fn first_and_is_occurrence() {
        let r = rule("FREQ=MONTHLY;BYDAY=-1FR");
        assert_eq!(r.first(d(2025, 1, 1)), Some(d(2025, 1, 31)));
        assert!(r.is_occurrence(d(2025, 1, 1), d(2025, 2, 28)));
        assert!(!r.is_occurrence(d(2025, 1, 1), d(2025, 2, 21)));
        assert_eq!(
            rule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").first(d(2025, 1, 1)),
            None
        );
        assert_eq!(
            rule("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20250105").first(d(2025, 1, 1)),
            None
        );
    }

    #[test]
    fn far_dates_do_not_panic() {
        let r = rule("FREQ=WEEKLY;BYDAY=MO");
        let got = r.occurrences(
            NaiveDate::MAX - Days::new(20),
            NaiveDate::MAX - Days::new(20),
            NaiveDate::MAX,
        );
        assert!(got.len() <= 3);
        assert!(
            rule("FREQ=YEARLY")
                .first(NaiveDate::MAX)
                .is_none_or(|d| d == NaiveDate::MAX)
        );
        let got = rule("FREQ=MONTHLY;BYMONTHDAY=-1").occurrences(
            NaiveDate::MIN,
            NaiveDate::MIN,
            NaiveDate::MIN + Days::new(40),
        );
        assert!(!got.is_empty());
    }

    #[test]
    fn formats_canonically_and_round_trips() {
        for text in [
            "FREQ=MONTHLY;BYDAY=1MO",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "FREQ=MONTHLY;BYMONTHDAY=31",
            "FREQ=MONTHLY;BYMONTHDAY=-1",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16",
            "FREQ=WEEKLY;BYDAY=MO",
            "FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20251231",
            "FREQ=MONTHLY;BYDAY=1MO;COUNT=12",
        ] {
            let parsed = rule(text);
            assert_eq!(parsed.to_string(), text);
            assert_eq!(rule(&parsed.to_string()), parsed);
        }
    }

    #[test]
    fn parsing_is_lenient_about_case_order_spaces_and_prefix() {
        let a = rule("rrule:byday=we,mo; freq=weekly ;wkst=mo;");
        assert_eq!(a, rule("FREQ=WEEKLY;BYDAY=MO,WE"));
        assert_eq!(a.to_string(), "FREQ=WEEKLY;BYDAY=MO,WE");
        assert_eq!(
            rule("FREQ=MONTHLY;BYDAY=+1MO"),
            rule("FREQ=MONTHLY;BYDAY=1MO")
        );
    }

    #[test]
    fn serde_stores_the_rrule_text() {
        let r = rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU");
        let stored = toml::Value::try_from(&r).unwrap();
        assert_eq!(stored.as_str(), Some("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"));
        let back: Rule = stored.try_into().unwrap();
        assert_eq!(back, r);
        let bad: Result<Rule, _> = toml::Value::String("FREQ=HOURLY".into()).try_into();
        assert!(bad.is_err());
    }

    #[test]
    fn builders_validate_like_the_parser() {
        let r = Rule::new(Frequency::Monthly)
            .with_interval(3)
            .and_then(|r| r.with_by_day(vec![WeekdayNum::nth(2, Weekday::Tue)]))
            .unwrap();
        assert_eq!(r, rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU"));
        assert_eq!(
            Rule::new(Frequency::Weekly).with_by_day(vec![WeekdayNum::nth(1, Weekday::Mon)]),
            Err(RuleError::OrdinalInWeekly("1MO".into()))
        );
        assert!(Rule::new(Frequency::Monthly).with_interval(0).is_err());
        assert!(
            Rule::new(Frequency::Monthly)
                .with_by_month_day(vec![32])
                .is_err()
        );
        assert!(
            Rule::new(Frequency::Monthly)
                .with_end(End::Count(0))
                .is_err()
        );
        assert_eq!(
            Rule::new(Frequency::Monthly)
                .with_end(End::Count(4))
                .unwrap()
                .to_string(),
            "FREQ=MONTHLY;COUNT=4"
        );
    }

    #[test]
    fn errors_say_what_is_wrong_in_chinese_and_english() {
        let err = Rule::parse("FREQ=MONTHLY;BYDAY=9XX").unwrap_err();
        assert_eq!(
            err,
            RuleError::BadValue {
                part: RulePart::ByDay,
                value: "9XX".into()
            }
        );
        let zh = err.to_string();
        assert!(zh.starts_with("重复规则无法识别：BYDAY=9XX；"), "{zh}");
        assert!(zh.contains("示例：FREQ=MONTHLY;BYDAY=1MO"), "{zh}");
        let en = err.message_en();
        assert!(
            en.contains("BYDAY=9XX") && en.contains("example: FREQ=MONTHLY;BYDAY=1MO"),
            "{en}"
        );
    }

    #[test]
    fn each_kind_of_bad_rule_is_rejected() {
        let cases: Vec<(&str, RuleError)> = vec![
            ("", RuleError::Empty),
            ("  ", RuleError::Empty),
            ("BYDAY=MO", RuleError::MissingFreq),
            ("FREQ", RuleError::Malformed("FREQ".into())),
            ("FREQ=", RuleError::Malformed("FREQ=".into())),
            (
                "FREQ=MONTHLY;BYSETPOS=-1",
                RuleError::Unsupported("BYSETPOS".into()),
            ),
            (
                "FREQ=MONTHLY;FREQ=WEEKLY",
                RuleError::Duplicate(RulePart::Freq),
            ),
            (
                "FREQ=DAILY",
                RuleError::BadValue {
                    part: RulePart::Freq,
                    value: "DAILY".into(),
                },
            ),
            (
                "FREQ=MONTHLY;INTERVAL=0",
                RuleError::BadValue {
                    part: RulePart::Interval,
                    value: "0".into(),
                },
            ),
            (
                "FREQ=MONTHLY;COUNT=-2",
                RuleError::BadValue {
                    part: RulePart::Count,
                    value: "-2".into(),
                },
            ),
            (
                "FREQ=MONTHLY;UNTIL=20250230",
                RuleError::BadValue {
                    part: RulePart::Until,
                    value: "20250230".into(),
                },
            ),
            (
                "FREQ=MONTHLY;UNTIL=2025-12-31",
                RuleError::BadValue {
                    part: RulePart::Until,
                    value: "2025-12-31".into(),
                },
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=0",
                RuleError::BadValue {
                    part: RulePart::ByMonthDay,
                    value: "0".into(),
                },
            ),
            (
                "FREQ=YEARLY;BYMONTH=13;BYMONTHDAY=1",
                RuleError::BadValue {
                    part: RulePart::ByMonth,
                    value: "13".into(),
                },
            ),
            (
                "FREQ=WEEKLY;WKST=SU",
                RuleError::BadValue {
                    part: RulePart::Wkst,
                    value: "SU".into(),
                },
            ),
            (
                "FREQ=MONTHLY;COUNT=3;UNTIL=20251231",
                RuleError::CountAndUntil,
            ),
            (
                "FREQ=WEEKLY;BYDAY=1MO",
                RuleError::OrdinalInWeekly("1MO".into()),
            ),
            ("FREQ=WEEKLY;BYMONTHDAY=1", RuleError::MonthDayInWeekly),
            (
                "FREQ=MONTHLY;BYDAY=6MO",
                RuleError::OrdinalOutOfRange("6MO".into()),
            ),
            (
                "FREQ=MONTHLY;BYDAY=0MO",
                RuleError::OrdinalOutOfRange("0MO".into()),
            ),
            ("FREQ=YEARLY;BYMONTHDAY=16", RuleError::YearlyNeedsMonth),
            ("FREQ=YEARLY;BYDAY=20MO", RuleError::YearlyNeedsMonth),
        ];
        for (text, want) in cases {
            let got = Rule::parse(text);
            assert_eq!(got, Err(want.clone()), "{text}");
            assert!(!want.to_string().is_empty() && !want.message_en().is_empty());
        }
    }

    #[test]
    fn non_ascii_input_is_an_error_not_a_panic() {
        assert!(Rule::parse("FREQ=MONTHLY;BYDAY=一").is_err());
        assert!(Rule::parse("FREQ=MONTHLY;BYDAY=1星期一").is_err());
        assert!(Rule::parse("频率=每月").is_err());
        assert!(Rule::parse("FREQ=MONTHLY;BYDAY=，").is_err());
    }

    #[test]
    fn describes_rules_in_chinese() {
        assert_eq!(
            rule("FREQ=MONTHLY;BYDAY=1MO").describe(),
            "每月第一个星期一"
        );
        assert_eq!(
            rule("FREQ=MONTHLY;BYDAY=-1FR").describe(),
            "每月最后一个星期五"
        );
        assert_eq!(
            rule("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU").describe(),
            "每3个月第二个星期二"
        );
        assert_eq!(
            rule("FREQ=MONTHLY;BYMONTHDAY=-1").describe(),
            "每月最后一天"
        );
        assert_eq!(
            rule("FREQ=MONTHLY;BYMONTHDAY=31").describe(),
            "每月31日（当月没有这一天则跳过）"
        );
        assert_eq!(
            rule("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16").describe(),
            "每年1月16日"
        );
        assert_eq!(
            rule("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE").describe(),
            "每两周星期一、星期三"
        );
        assert_eq!(
            rule("FREQ=MONTHLY;BYDAY=1MO;COUNT=12").describe(),
            "每月第一个星期一，共12次"
        );
        assert_eq!(
            rule("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20251231").describe(),
            "每月第一个星期一，至2025年12月31日止"
        );
    }

    #[test]
    fn exceptions_skip_and_move() {
        let r = rule("FREQ=MONTHLY;BYDAY=1MO");
        let start = d(2025, 1, 1);
        let mut ex = Exceptions::default();
        ex.skip(d(2025, 2, 3));
        ex.move_to(d(2025, 3, 3), d(2025, 3, 5));
        // Moved from a date outside the window into it, and from inside out of it.
        ex.move_to(d(2025, 6, 2), d(2025, 5, 29));
        ex.move_to(d(2025, 5, 5), d(2025, 6, 9));
        let got = apply_exceptions(&r, start, &ex, d(2025, 1, 1), d(2025, 5, 31));
        let want = vec![
            Occurrence {
                date: d(2025, 1, 6),
                rule_date: d(2025, 1, 6),
            },
            Occurrence {
                date: d(2025, 3, 5),
                rule_date: d(2025, 3, 3),
            },
            Occurrence {
                date: d(2025, 4, 7),
                rule_date: d(2025, 4, 7),
            },
            Occurrence {
                date: d(2025, 5, 29),
                rule_date: d(2025, 6, 2),
            },
        ];
        assert_eq!(got, want);
        assert!(got[1].is_moved() && !got[0].is_moved());
    }

    #[test]
    fn exceptions_keep_one_entry_per_rule_date() {
        let mut ex = Exceptions::default();
        ex.move_to(d(2025, 3, 3), d(2025, 3, 5));
        ex.move_to(d(2025, 3, 3), d(2025, 3, 6));
        assert_eq!(ex.moved, vec![(d(2025, 3, 3), d(2025, 3, 6))]);
        ex.skip(d(2025, 3, 3));
        ex.skip(d(2025, 3, 3));
        assert_eq!(ex.skipped, vec![d(2025, 3, 3)]);
        assert!(ex.moved.is_empty());
        ex.move_to(d(2025, 3, 3), d(2025, 3, 3));
        assert!(ex.is_empty());
    }

    #[test]
    fn inconsistent_exceptions_favour_skipping_and_ignore_non_rule_dates() {
        let r = rule("FREQ=MONTHLY;BYDAY=1MO");
        let ex = Exceptions {
            skipped: vec![d(2025, 1, 6)],
            moved: vec![
                (d(2025, 1, 6), d(2025, 1, 8)),
                (d(2025, 1, 7), d(2025, 1, 9)),
            ],
        };
        let got = apply_exceptions(&r, d(2025, 1, 1), &ex, d(2025, 1, 1), d(2025, 1, 31));
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn exceptions_serde_round_trip() {
        let ex = Exceptions {
            skipped: vec![d(2025, 2, 3)],
            moved: vec![(d(2025, 3, 3), d(2025, 3, 5))],
        };
        let text = toml::to_string(&ex).unwrap();
        let back: Exceptions = toml::from_str(&text).unwrap();
        assert_eq!(back, ex);
    }
}
