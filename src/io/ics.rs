//! iCalendar (RFC 5545) export of meeting series, so that staff can subscribe to the office's
//! meetings in a phone or desktop calendar, and a small reader for checking what was written.
//!
//! Every series becomes one VEVENT with an RRULE; a cancelled meeting is an EXDATE, and a moved
//! meeting is a second VEVENT with the same UID and a RECURRENCE-ID naming the rule date it
//! replaces. Times are local to Asia/Shanghai, declared in a VTIMEZONE (a fixed +08:00, China
//! has had no daylight saving time since 1991), because some calendar programs ignore a TZID
//! they find no definition for.

use std::fmt;
use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};

use crate::domain::recurrence::{Exceptions, Rule, RuleError};

pub const TZID: &str = "Asia/Shanghai";

/// China Standard Time is UTC+8 all year.
const UTC_OFFSET_HOURS: i64 = 8;

/// RFC 5545 §3.1: content lines longer than 75 octets are folded.
const MAX_LINE_OCTETS: usize = 75;

const LOCAL_FORMAT: &str = "%Y%m%dT%H%M%S";

/// A person invited to the meetings of a series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attendee {
    /// The person's id in this program; it becomes `urn:ggw:person:ID`, since staff often
    /// have no e-mail address and RFC 5545 allows any URI as a calendar address.
    pub id: String,
    pub name: String,
}

/// One meeting series to export.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesExport {
    /// Stable across exports, so that re-importing updates events instead of duplicating them.
    pub uid: String,
    pub title: String,
    pub location: String,
    pub description: String,
    /// The series start (DTSTART of the rule); the first exported meeting is the first rule
    /// date on or after it.
    pub start: NaiveDate,
    pub time: NaiveTime,
    pub duration_minutes: u32,
    pub rule: Rule,
    pub exceptions: Exceptions,
    pub attendees: Vec<Attendee>,
}

/// Writes a complete VCALENDAR. `dtstamp` is the export time; it is passed in so that the
/// same data always gives the same text. A series whose rule yields no meeting at all is left
/// out, since a VEVENT must have a first occurrence.
pub fn write_calendar(series: &[SeriesExport], dtstamp: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |text: &str| fold_into(&mut out, text);
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//ggw//ggw meetings//ZH");
    line("CALSCALE:GREGORIAN");
    for text in vtimezone_lines() {
        line(&text);
    }
    let stamp = dtstamp.format("%Y%m%dT%H%M%SZ").to_string();
    for one in series {
        for text in series_lines(one, &stamp) {
            line(&text);
        }
    }
    line("END:VCALENDAR");
    out
}

fn vtimezone_lines() -> Vec<String> {
    [
        "BEGIN:VTIMEZONE",
        &format!("TZID:{TZID}"),
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+0800",
        "TZOFFSETTO:+0800",
        "TZNAME:CST",
        "END:STANDARD",
        "END:VTIMEZONE",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// The unfolded content lines of one series: the master event and one per moved meeting.
fn series_lines(series: &SeriesExport, stamp: &str) -> Vec<String> {
    let rule = &series.rule;
    let Some(first) = rule.first(series.start) else {
        return Vec::new();
    };
    let held = |date: NaiveDate| rule.is_occurrence(series.start, date);
    let exdates: Vec<NaiveDate> = sorted_unique(
        series
            .exceptions
            .skipped
            .iter()
            .copied()
            .filter(|d| held(*d)),
    );
    let moves: Vec<(NaiveDate, NaiveDate)> = sorted_unique(
        series
            .exceptions
            .moved
            .iter()
            .copied()
            .filter(|(from, _)| held(*from) && !series.exceptions.is_skipped(*from)),
    );

    let mut lines = vec!["BEGIN:VEVENT".to_string()];
    lines.extend(identity_lines(series, stamp));
    lines.extend(time_lines(series, first));
    lines.push(format!("RRULE:{}", rule.format_with_until(until_utc)));
    if !exdates.is_empty() {
        let values: Vec<String> = exdates.iter().map(|d| local(*d, series.time)).collect();
        lines.push(format!("EXDATE;TZID={TZID}:{}", values.join(",")));
    }
    lines.extend(content_lines(series));
    lines.push("END:VEVENT".to_string());

    for (rule_date, new_date) in moves {
        lines.push("BEGIN:VEVENT".to_string());
        lines.extend(identity_lines(series, stamp));
        lines.push(format!(
            "RECURRENCE-ID;TZID={TZID}:{}",
            local(rule_date, series.time)
        ));
        lines.extend(time_lines(series, new_date));
        lines.extend(content_lines(series));
        lines.push("END:VEVENT".to_string());
    }
    lines
}

fn identity_lines(series: &SeriesExport, stamp: &str) -> Vec<String> {
    vec![
        format!("UID:{}", escape_text(&series.uid)),
        format!("DTSTAMP:{stamp}"),
    ]
}

fn time_lines(series: &SeriesExport, date: NaiveDate) -> Vec<String> {
    let start = date.and_time(series.time);
    let mut lines = vec![format!(
        "DTSTART;TZID={TZID}:{}",
        start.format(LOCAL_FORMAT)
    )];
    let length = TimeDelta::minutes(i64::from(series.duration_minutes));
    match start.checked_add_signed(length) {
        Some(end) => lines.push(format!("DTEND;TZID={TZID}:{}", end.format(LOCAL_FORMAT))),
        // Only at the very end of chrono's date range; DURATION says the same thing.
        None => lines.push(format!("DURATION:PT{}M", series.duration_minutes)),
    }
    lines
}

fn content_lines(series: &SeriesExport) -> Vec<String> {
    let mut lines = vec![format!("SUMMARY:{}", escape_text(&series.title))];
    if !series.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape_text(&series.location)));
    }
    if !series.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&series.description)));
    }
    lines.extend(series.attendees.iter().map(attendee_line));
    lines
}

fn attendee_line(attendee: &Attendee) -> String {
    format!(
        "ATTENDEE;CN={}:urn:ggw:person:{}",
        param_value(&attendee.name),
        percent_encode(&attendee.id)
    )
}

fn local(date: NaiveDate, time: NaiveTime) -> String {
    date.and_time(time).format(LOCAL_FORMAT).to_string()
}

/// RFC 5545 §3.3.10: with a zoned DTSTART, UNTIL must be a UTC date-time. The last second of
/// the local day keeps UNTIL inclusive whatever the meeting's time.
fn until_utc(date: NaiveDate) -> String {
    let end_of_day = date.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN));
    let utc = end_of_day
        .checked_sub_signed(TimeDelta::hours(UTC_OFFSET_HOURS))
        .unwrap_or(end_of_day);
    utc.format("%Y%m%dT%H%M%SZ").to_string()
}

fn sorted_unique<T: Ord>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut items: Vec<T> = items.collect();
    items.sort();
    items.dedup();
    items
}

/// Escapes a TEXT value (RFC 5545 §3.3.11). Control characters other than tab are not
/// allowed in TEXT and are dropped; line breaks become `\n`.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// The reverse of [`escape_text`]; also accepts `\N`, which RFC 5545 allows for a newline.
pub fn unescape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// Encodes a parameter value. Double quotes and line breaks cannot appear in one at all, so
/// they use the caret escapes of RFC 6868; the value is quoted only when it holds `;`, `:` or
/// `,`, which would otherwise end it. Chinese characters need no quoting.
pub fn param_value(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '^' => encoded.push_str("^^"),
            '"' => encoded.push_str("^'"),
            '\n' => encoded.push_str("^n"),
            c if c.is_control() => {}
            c => encoded.push(c),
        }
    }
    if encoded.contains([';', ':', ',']) {
        format!("\"{encoded}\"")
    } else {
        encoded
    }
}

fn decode_param_value(raw: &str) -> String {
    let unquoted = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    let mut out = String::with_capacity(unquoted.len());
    let mut chars = unquoted.chars().peekable();
    while let Some(c) = chars.next() {
        let decoded = match (c, chars.peek()) {
            ('^', Some('^')) => Some('^'),
            ('^', Some('n')) => Some('\n'),
            ('^', Some('\'')) => Some('"'),
            _ => None,
        };
        match decoded {
            Some(d) => {
                out.push(d);
                chars.next();
            }
            None => out.push(c),
        }
    }
    out
}

/// Keeps a person id URI-safe: RFC 3986 unreserved characters stay, everything else is
/// percent-encoded byte by byte.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Appends one content line, folded so that no physical line exceeds 75 octets and no UTF-8
/// character is split, with CRLF endings (RFC 5545 §3.1).
fn fold_into(out: &mut String, line: &str) {
    let mut rest = line;
    let mut room = MAX_LINE_OCTETS;
    while rest.len() > room {
        let mut cut = room;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        out.push_str(&rest[..cut]);
        out.push_str("\r\n ");
        rest = &rest[cut..];
        // The leading space of a continuation line counts towards its 75 octets.
        room = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str("\r\n");
}

/// The folded text of a single content line; exposed for tests of other writers.
pub fn fold_line(line: &str) -> String {
    let mut out = String::new();
    fold_into(&mut out, line);
    out
}

/// An event read back from iCalendar text. Date-times are local Asia/Shanghai times.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedEvent {
    pub uid: String,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub dtstart: Option<NaiveDateTime>,
    pub dtend: Option<NaiveDateTime>,
    pub rrule: Option<Rule>,
    pub exdates: Vec<NaiveDateTime>,
    pub recurrence_id: Option<NaiveDateTime>,
    pub attendees: Vec<ParsedAttendee>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParsedAttendee {
    pub name: Option<String>,
    pub address: String,
}

/// Why iCalendar text could not be read; `line` is the physical line where the content line
/// begins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IcsError {
    /// A content line without `NAME:value`.
    Malformed {
        line: usize,
    },
    BadDateTime {
        line: usize,
        value: String,
    },
    UnsupportedTimeZone {
        line: usize,
        tzid: String,
    },
    BadRule {
        line: usize,
        error: RuleError,
    },
    /// `BEGIN:VEVENT` without its `END:VEVENT`.
    Unterminated {
        line: usize,
    },
}

impl fmt::Display for IcsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IcsError::Malformed { line } => {
                write!(f, "日历文件第{line}行格式有误：应为 名称:值")
            }
            IcsError::BadDateTime { line, value } => write!(
                f,
                "日历文件第{line}行的时间无法识别：{value}；应为 20250106T090000 这样的格式"
            ),
            IcsError::UnsupportedTimeZone { line, tzid } => {
                write!(
                    f,
                    "日历文件第{line}行使用了不支持的时区 {tzid}；只支持 {TZID}"
                )
            }
            IcsError::BadRule { line, error } => write!(f, "日历文件第{line}行：{error}"),
            IcsError::Unterminated { line } => {
                write!(f, "日历文件第{line}行开始的事件没有结束（缺少 END:VEVENT）")
            }
        }
    }
}

impl std::error::Error for IcsError {}

/// Reads the VEVENTs of an iCalendar text: unfolds lines and takes UID, SUMMARY, LOCATION,
/// DESCRIPTION, DTSTART, DTEND, RRULE, EXDATE, RECURRENCE-ID and ATTENDEE. Properties of
/// components nested in an event (alarms) are ignored.
pub fn parse_events(text: &str) -> Result<Vec<ParsedEvent>, IcsError> {
    let mut events = Vec::new();
    let mut current: Option<(usize, ParsedEvent)> = None;
    let mut nested_depth = 0usize;
    for (line_no, content) in unfold(text) {
        let property = Property::parse(&content).ok_or(IcsError::Malformed { line: line_no })?;
        let value_upper = property.value.to_ascii_uppercase();
        match (property.name.as_str(), current.as_mut()) {
            ("BEGIN", None) if value_upper == "VEVENT" => {
                current = Some((line_no, ParsedEvent::default()));
                nested_depth = 0;
            }
            ("BEGIN", Some(_)) => nested_depth += 1,
            ("END", Some(_)) if nested_depth > 0 => nested_depth -= 1,
            ("END", Some(_)) if value_upper == "VEVENT" => {
                if let Some((_, event)) = current.take() {
                    events.push(event);
                }
            }
            (_, Some((_, event))) if nested_depth == 0 => read_property(event, &property, line_no)?,
            _ => {}
        }
    }
    match current {
        Some((line, _)) => Err(IcsError::Unterminated { line }),
        None => Ok(events),
    }
}

fn read_property(
    event: &mut ParsedEvent,
    property: &Property,
    line: usize,
) -> Result<(), IcsError> {
    let value = property.value.as_str();
    match property.name.as_str() {
        "UID" => event.uid = unescape_text(value),
        "SUMMARY" => event.summary = unescape_text(value),
        "LOCATION" => event.location = unescape_text(value),
        "DESCRIPTION" => event.description = unescape_text(value),
        "DTSTART" => event.dtstart = Some(date_time(property, value, line)?),
        "DTEND" => event.dtend = Some(date_time(property, value, line)?),
        "RECURRENCE-ID" => event.recurrence_id = Some(date_time(property, value, line)?),
        "EXDATE" => {
            for item in value.split(',').filter(|v| !v.is_empty()) {
                event.exdates.push(date_time(property, item, line)?);
            }
        }
        "RRULE" => {
            let rule = Rule::parse(&local_until(value, line)?)
                .map_err(|error| IcsError::BadRule { line, error })?;
            event.rrule = Some(rule);
        }
        "ATTENDEE" => event.attendees.push(ParsedAttendee {
            name: property.param("CN").map(decode_param_value),
            address: value.to_string(),
        }),
        _ => {}
    }
    Ok(())
}

/// Rewrites a UTC `UNTIL` date-time as the local date, the form [`Rule::parse`] takes.
fn local_until(rrule: &str, line: usize) -> Result<String, IcsError> {
    let mut parts = Vec::new();
    for part in rrule.split(';') {
        match part.split_once('=') {
            Some((name, value))
                if name.eq_ignore_ascii_case("UNTIL") && value.contains(['T', 't']) =>
            {
                let moment = parse_moment(value).ok_or_else(|| IcsError::BadDateTime {
                    line,
                    value: value.to_string(),
                })?;
                parts.push(format!("UNTIL={}", moment.date().format("%Y%m%d")));
            }
            _ => parts.push(part.to_string()),
        }
    }
    Ok(parts.join(";"))
}

fn date_time(property: &Property, value: &str, line: usize) -> Result<NaiveDateTime, IcsError> {
    if let Some(tzid) = property.param("TZID")
        && tzid != TZID
    {
        return Err(IcsError::UnsupportedTimeZone {
            line,
            tzid: tzid.to_string(),
        });
    }
    parse_moment(value).ok_or_else(|| IcsError::BadDateTime {
        line,
        value: value.to_string(),
    })
}

/// A DATE, local DATE-TIME or UTC DATE-TIME, as a local Asia/Shanghai time.
fn parse_moment(value: &str) -> Option<NaiveDateTime> {
    let value = value.trim();
    if let Some(utc) = value.strip_suffix(['Z', 'z']) {
        let moment = NaiveDateTime::parse_from_str(utc, LOCAL_FORMAT).ok()?;
        return moment.checked_add_signed(TimeDelta::hours(UTC_OFFSET_HOURS));
    }
    if value.len() == 8 {
        return NaiveDate::parse_from_str(value, "%Y%m%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN));
    }
    NaiveDateTime::parse_from_str(value, LOCAL_FORMAT).ok()
}

/// Joins folded lines back into content lines, each with the number of the physical line it
/// starts on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let physical = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(continued) = physical.strip_prefix([' ', '\t'])
            && let Some((_, last)) = lines.last_mut()
        {
            last.push_str(continued);
            continue;
        }
        if !physical.is_empty() {
            lines.push((index + 1, physical.to_string()));
        }
    }
    lines
}

struct Property {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Property {
    /// Splits `NAME;PARAM=VALUE;...:value`, minding that quoted parameter values may hold
    /// `;` and `:`.
    fn parse(line: &str) -> Option<Property> {
        let mut in_quotes = false;
        let mut pieces = Vec::new();
        let mut piece_start = 0;
        let mut value_start = None;
        for (i, c) in line.char_indices() {
            match c {
                '"' => in_quotes = !in_quotes,
                ';' if !in_quotes => {
                    pieces.push(&line[piece_start..i]);
                    piece_start = i + 1;
                }
                ':' if !in_quotes => {
                    pieces.push(&line[piece_start..i]);
                    value_start = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        let value = line.get(value_start?..)?.to_string();
        let mut pieces = pieces.into_iter();
        let name = pieces.next()?.trim().to_ascii_uppercase();
        if name.is_empty() {
            return None;
        }
        let params = pieces
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.trim().to_ascii_uppercase(), v.to_string()))
            .collect();
        Some(Property {
            name,
            params,
            value,
        })
    }

    fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == name).map(|(_, v)| {
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use chrono::TimeZone;

    use super::*;
    use crate::domain::recurrence::apply_exceptions;

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn t(hour: u32, minute: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
    }

    fn stamp() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 1, 2, 3, 4, 5).unwrap()
    }

    fn person(id: &str, name: &str) -> Attendee {
        Attendee {
            id: id.to_string(),
            name: name.to_string(),
        }
    }

    fn directors_office() -> SeriesExport {
        SeriesExport {
            uid: "series-1@ggw".into(),
            title: "主任办公会".into(),
            location: "区关工委二楼会议室".into(),
            description: "听取三位副主任分工任务进展情况汇报，研究下一步工作安排；各副主任提前准备书面材料，会上逐项对标对表，并形成会议纪要报送区委。\n请准时参加。".into(),
            start: d(2025, 1, 1),
            time: t(9, 0),
            duration_minutes: 90,
            rule: Rule::parse("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20251231").unwrap(),
            exceptions: Exceptions {
                skipped: vec![d(2025, 2, 3)],
                moved: vec![(d(2025, 10, 6), d(2025, 10, 9))],
            },
            attendees: vec![person("1", "张三"), person("2", "李四"), person("x 3", "王, 五")],
        }
    }

    fn progress_meeting() -> SeriesExport {
        SeriesExport {
            uid: "series-2@ggw".into(),
            title: "工作推进会".into(),
            location: String::new(),
            description: String::new(),
            start: d(2025, 10, 1),
            time: t(14, 30),
            duration_minutes: 120,
            rule: Rule::parse("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;COUNT=5").unwrap(),
            exceptions: Exceptions {
                skipped: Vec::new(),
                moved: vec![(d(2026, 1, 13), d(2026, 1, 15))],
            },
            attendees: Vec::new(),
        }
    }

    fn more_series() -> Vec<SeriesExport> {
        let base = progress_meeting();
        vec![
            SeriesExport {
                uid: "series-3@ggw".into(),
                title: "全区关工委会议".into(),
                start: d(2024, 3, 1),
                time: t(9, 0),
                rule: Rule::parse("FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=16").unwrap(),
                exceptions: Exceptions::default(),
                ..base.clone()
            },
            SeriesExport {
                uid: "series-4@ggw".into(),
                title: "月末学习".into(),
                start: d(2025, 1, 1),
                rule: Rule::parse("FREQ=MONTHLY;BYMONTHDAY=31").unwrap(),
                exceptions: Exceptions {
                    skipped: vec![d(2025, 5, 31), d(2025, 6, 30)],
                    moved: vec![(d(2025, 8, 31), d(2025, 8, 29))],
                },
                ..base.clone()
            },
            SeriesExport {
                uid: "series-5@ggw".into(),
                title: "周一夜间值班交接".into(),
                start: d(2025, 1, 1),
                time: t(23, 30),
                duration_minutes: 60,
                rule: Rule::parse("FREQ=WEEKLY;BYDAY=MO;COUNT=10").unwrap(),
                exceptions: Exceptions::default(),
                ..base
            },
        ]
    }

    fn unfolded(text: &str) -> Vec<String> {
        unfold(text).into_iter().map(|(_, l)| l).collect()
    }

    #[test]
    fn calendar_skeleton_and_time_zone() {
        let text = write_calendar(&[directors_office()], stamp());
        let lines = unfolded(&text);
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert!(lines.contains(&"VERSION:2.0".to_string()));
        let tz = lines.iter().position(|l| l == "BEGIN:VTIMEZONE").unwrap();
        assert_eq!(
            &lines[tz..tz + 9],
            [
                "BEGIN:VTIMEZONE",
                "TZID:Asia/Shanghai",
                "BEGIN:STANDARD",
                "DTSTART:19700101T000000",
                "TZOFFSETFROM:+0800",
                "TZOFFSETTO:+0800",
                "TZNAME:CST",
                "END:STANDARD",
                "END:VTIMEZONE",
            ]
        );
    }

    #[test]
    fn master_event_lines() {
        let text = write_calendar(&[directors_office()], stamp());
        let lines = unfolded(&text);
        let begin = lines.iter().position(|l| l == "BEGIN:VEVENT").unwrap();
        assert_eq!(
            &lines[begin..begin + 7],
            [
                "BEGIN:VEVENT",
                "UID:series-1@ggw",
                "DTSTAMP:20250102T030405Z",
                // The series starts on 1/1, but the first meeting is Monday 1/6.
                "DTSTART;TZID=Asia/Shanghai:20250106T090000",
                "DTEND;TZID=Asia/Shanghai:20250106T103000",
                "RRULE:FREQ=MONTHLY;BYDAY=1MO;UNTIL=20251231T155959Z",
                "EXDATE;TZID=Asia/Shanghai:20250203T090000",
            ]
        );
        assert!(lines.contains(&"SUMMARY:主任办公会".to_string()));
        assert!(lines.contains(&"ATTENDEE;CN=张三:urn:ggw:person:1".to_string()));
        assert!(lines.contains(&"ATTENDEE;CN=\"王, 五\":urn:ggw:person:x%203".to_string()));
    }

    #[test]
    fn moved_meeting_is_a_separate_event_with_recurrence_id() {
        let text = write_calendar(&[directors_office()], stamp());
        let lines = unfolded(&text);
        let rid = lines
            .iter()
            .position(|l| l == "RECURRENCE-ID;TZID=Asia/Shanghai:20251006T090000")
            .unwrap();
        assert_eq!(lines[rid - 3], "BEGIN:VEVENT");
        assert_eq!(lines[rid - 2], "UID:series-1@ggw");
        assert_eq!(lines[rid + 1], "DTSTART;TZID=Asia/Shanghai:20251009T090000");
        assert_eq!(lines[rid + 2], "DTEND;TZID=Asia/Shanghai:20251009T103000");
        assert!(
            !lines
                .iter()
                .any(|l| l.starts_with("EXDATE") && l.contains("20251006"))
        );
        assert_eq!(lines.iter().filter(|l| *l == "BEGIN:VEVENT").count(), 2);
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let text = write_calendar(&[directors_office(), progress_meeting()], stamp());
        assert!(text.ends_with("\r\n"));
        let without_crlf = text.replace("\r\n", "");
        assert!(!without_crlf.contains('\n') && !without_crlf.contains('\r'));
    }

    #[test]
    fn lines_are_folded_at_75_octets_without_splitting_characters() {
        let text = write_calendar(&[directors_office()], stamp());
        let mut folded = 0;
        for chunk in text.as_bytes().split(|b| *b == b'\n') {
            let chunk = chunk.strip_suffix(b"\r").unwrap_or(chunk);
            assert!(
                chunk.len() <= 75,
                "{} octets: {:?}",
                chunk.len(),
                String::from_utf8_lossy(chunk)
            );
            assert!(std::str::from_utf8(chunk).is_ok());
            if chunk.first() == Some(&b' ') {
                folded += 1;
            }
        }
        assert!(
            folded >= 3,
            "the Chinese description should need several lines"
        );
        let description = unfolded(&text)
            .into_iter()
            .find(|l| l.starts_with("DESCRIPTION:"))
            .unwrap();
        assert_eq!(
            description,
            format!(
                "DESCRIPTION:{}",
                escape_text(&directors_office().description)
            )
        );
    }

    #[test]
    fn folding_exact_boundaries() {
        let ascii = "A".repeat(75);
        assert_eq!(fold_line(&ascii), format!("{ascii}\r\n"));
        let ascii = "A".repeat(76);
        assert_eq!(fold_line(&ascii), format!("{}\r\n A\r\n", "A".repeat(75)));
        // "S:" + 25 three-octet characters = 77 octets; 75 would cut the 25th character, so
        // the first line stops at 74 octets.
        let line = format!("S:{}", "会".repeat(25));
        let folded = fold_line(&line);
        let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert_eq!(parts, [format!("S:{}", "会".repeat(24)), " 会".to_string()]);
        assert_eq!(parts[0].len(), 74);
        let long = "关".repeat(100);
        for part in fold_line(&long).trim_end_matches("\r\n").split("\r\n") {
            assert!(part.len() <= 75);
        }
        assert_eq!(unfolded(&fold_line(&long)), [long]);
    }

    #[test]
    fn text_values_are_escaped_and_read_back() {
        let raw = "议题：一、总结;二、部署,三、其他\\附件\r\n第二行\n第三行";
        assert_eq!(
            escape_text(raw),
            "议题：一、总结\\;二、部署\\,三、其他\\\\附件\\n第二行\\n第三行"
        );
        assert_eq!(unescape_text(&escape_text(raw)), raw.replace("\r\n", "\n"));
        assert_eq!(escape_text("a\u{7}b\tc"), "ab\tc");
        assert_eq!(unescape_text("x\\Ny"), "x\ny");

        let mut series = progress_meeting();
        series.title = "推进会;第一次,全体".into();
        series.location = "会议室\\A".into();
        let text = write_calendar(&[series.clone()], stamp());
        assert!(text.contains("SUMMARY:推进会\\;第一次\\,全体\r\n"));
        let events = parse_events(&text).unwrap();
        assert_eq!(events[0].summary, series.title);
        assert_eq!(events[0].location, series.location);
    }

    #[test]
    fn parameter_values_are_quoted_only_when_needed() {
        assert_eq!(param_value("张三"), "张三");
        assert_eq!(param_value("Li Wei"), "Li Wei");
        assert_eq!(param_value("王, 五"), "\"王, 五\"");
        assert_eq!(param_value("a:b"), "\"a:b\"");
        assert_eq!(param_value("\"老张\"^"), "^'老张^'^^");
        assert_eq!(
            decode_param_value(&param_value("\"老张\", 主任^")),
            "\"老张\", 主任^"
        );
        assert_eq!(percent_encode("甲 1"), "%E7%94%B2%201");
    }

    #[test]
    fn attendees_read_back() {
        let text = write_calendar(&[directors_office()], stamp());
        let events = parse_events(&text).unwrap();
        let names: Vec<Option<String>> =
            events[0].attendees.iter().map(|a| a.name.clone()).collect();
        assert_eq!(
            names,
            [
                Some("张三".into()),
                Some("李四".into()),
                Some("王, 五".into())
            ]
        );
        assert_eq!(events[0].attendees[2].address, "urn:ggw:person:x%203");
    }

    #[test]
    fn dtend_crosses_midnight() {
        let series = more_series().pop().unwrap();
        let events = parse_events(&write_calendar(&[series], stamp())).unwrap();
        assert_eq!(events[0].dtstart, Some(d(2025, 1, 6).and_time(t(23, 30))));
        assert_eq!(events[0].dtend, Some(d(2025, 1, 7).and_time(t(0, 30))));
    }

    #[test]
    fn series_without_any_meeting_is_left_out() {
        let mut series = progress_meeting();
        series.rule = Rule::parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").unwrap();
        let text = write_calendar(&[series], stamp());
        assert!(!text.contains("BEGIN:VEVENT"));
        assert!(parse_events(&text).unwrap().is_empty());
    }

    #[test]
    fn exceptions_on_non_rule_dates_are_not_exported() {
        let mut series = directors_office();
        series.exceptions = Exceptions {
            skipped: vec![d(2025, 2, 4)],
            moved: vec![
                (d(2025, 3, 4), d(2025, 3, 5)),
                (d(2025, 2, 3), d(2025, 2, 5)),
            ],
        };
        series.exceptions.skipped.push(d(2025, 2, 3));
        let events = parse_events(&write_calendar(&[series], stamp())).unwrap();
        assert_eq!(
            events.len(),
            1,
            "skipping wins over moving, non-rule dates are ignored"
        );
        assert_eq!(events[0].exdates, [d(2025, 2, 3).and_time(t(9, 0))]);
    }

    /// Expands parsed events the way a calendar program would: the master's RRULE from its
    /// DTSTART, minus EXDATEs, with overrides replacing the occurrence their RECURRENCE-ID names.
    fn expand_parsed(
        events: &[ParsedEvent],
        uid: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<NaiveDate> {
        let master = events
            .iter()
            .find(|e| e.uid == uid && e.recurrence_id.is_none())
            .unwrap();
        let start = master.dtstart.unwrap();
        let rule = master.rrule.as_ref().unwrap();
        let wide_from = d(2000, 1, 1);
        let wide_to = d(2100, 12, 31);
        let excluded: BTreeSet<NaiveDate> = master.exdates.iter().map(|x| x.date()).collect();
        let overrides: Vec<(NaiveDate, NaiveDate)> = events
            .iter()
            .filter(|e| e.uid == uid)
            .filter_map(|e| Some((e.recurrence_id?.date(), e.dtstart?.date())))
            .collect();
        let mut dates: Vec<NaiveDate> = rule
            .occurrences(start.date(), wide_from, wide_to)
            .into_iter()
            .filter(|d| !excluded.contains(d))
            .map(|d| {
                overrides
                    .iter()
                    .find(|(rid, _)| *rid == d)
                    .map_or(d, |(_, new)| *new)
            })
            .filter(|d| from <= *d && *d <= to)
            .collect();
        dates.sort();
        dates
    }

    #[test]
    fn parsed_rules_expand_to_our_own_occurrences() {
        let mut all = vec![directors_office(), progress_meeting()];
        all.extend(more_series());
        let text = write_calendar(&all, stamp());
        let events = parse_events(&text).unwrap();
        let windows = [
            (d(2024, 1, 1), d(2027, 12, 31)),
            (d(2025, 2, 1), d(2025, 10, 31)),
            (d(2026, 1, 1), d(2026, 6, 30)),
        ];
        for series in &all {
            for (from, to) in windows {
                let ours: Vec<NaiveDate> =
                    apply_exceptions(&series.rule, series.start, &series.exceptions, from, to)
                        .into_iter()
                        .map(|o| o.date)
                        .collect();
                let theirs = expand_parsed(&events, &series.uid, from, to);
                assert_eq!(theirs, ours, "{} {from}..{to}", series.uid);
            }
        }
        // Hand-checked expectations for two of them.
        let progress = expand_parsed(&events, "series-2@ggw", d(2025, 1, 1), d(2027, 12, 31));
        assert_eq!(
            progress,
            [
                d(2025, 10, 14),
                d(2026, 1, 15),
                d(2026, 4, 14),
                d(2026, 7, 14),
                d(2026, 10, 13)
            ]
        );
        let month_end = expand_parsed(&events, "series-4@ggw", d(2025, 1, 1), d(2025, 12, 31));
        assert_eq!(
            month_end,
            [
                d(2025, 1, 31),
                d(2025, 3, 31),
                d(2025, 7, 31),
                d(2025, 8, 29),
                d(2025, 10, 31),
                d(2025, 12, 31)
            ]
        );
    }

    #[test]
    fn parser_reads_rrule_with_local_or_utc_until() {
        let text = "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20250106T090000Z\r\nRRULE:FREQ=WEEKLY;UNTIL=20250120T010000Z\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:b\nDTSTART;VALUE=DATE:20250106\nRRULE:FREQ=WEEKLY;UNTIL=20250120\nEND:VEVENT\n";
        let events = parse_events(text).unwrap();
        assert_eq!(events[0].dtstart, Some(d(2025, 1, 6).and_time(t(17, 0))));
        assert_eq!(
            events[0].rrule,
            Some(Rule::parse("FREQ=WEEKLY;UNTIL=20250120").unwrap())
        );
        assert_eq!(
            events[1].dtstart,
            Some(d(2025, 1, 6).and_time(NaiveTime::MIN))
        );
        assert_eq!(events[1].rrule, events[0].rrule);
    }

    #[test]
    fn parser_ignores_alarms_and_other_components() {
        let text = "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:todo\r\nEND:VTODO\r\nBEGIN:VEVENT\r\nUID:e\r\nSUMMARY:会\r\nBEGIN:VALARM\r\nSUMMARY:提醒\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let events = parse_events(text).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].uid, "e");
        assert_eq!(events[0].summary, "会");
    }

    #[test]
    fn parser_errors_name_the_line() {
        let bad_rule = "BEGIN:VEVENT\r\nUID:x\r\nRRULE:FREQ=DAILY\r\nEND:VEVENT\r\n";
        let err = parse_events(bad_rule).unwrap_err();
        assert!(matches!(err, IcsError::BadRule { line: 3, .. }), "{err:?}");
        assert!(err.to_string().starts_with("日历文件第3行："), "{err}");
        let bad_time = "BEGIN:VEVENT\r\nDTSTART;TZID=Asia/Shanghai:2025-01-06\r\nEND:VEVENT\r\n";
        assert_eq!(
            parse_events(bad_time),
            Err(IcsError::BadDateTime {
                line: 2,
                value: "2025-01-06".into()
            })
        );
        let other_zone =
            "BEGIN:VEVENT\r\nDTSTART;TZID=Europe/Berlin:20250106T090000\r\nEND:VEVENT\r\n";
        assert!(matches!(
            parse_events(other_zone),
            Err(IcsError::UnsupportedTimeZone { line: 2, .. })
        ));
        assert_eq!(
            parse_events("BEGIN:VEVENT\r\nno colon here\r\n"),
            Err(IcsError::Malformed { line: 2 })
        );
        assert_eq!(
            parse_events("BEGIN:VEVENT\r\nUID:x\r\n"),
            Err(IcsError::Unterminated { line: 1 })
        );
    }

    #[test]
    fn quoted_parameters_may_hold_colons_and_semicolons() {
        let property =
            Property::parse("ATTENDEE;CN=\"a:b;c\";ROLE=CHAIR:urn:ggw:person:1").unwrap();
        assert_eq!(property.name, "ATTENDEE");
        assert_eq!(property.param("CN"), Some("a:b;c"));
        assert_eq!(property.param("ROLE"), Some("CHAIR"));
        assert_eq!(property.value, "urn:ggw:person:1");
    }

    #[test]
    fn output_is_deterministic() {
        let all = vec![directors_office(), progress_meeting()];
        assert_eq!(write_calendar(&all, stamp()), write_calendar(&all, stamp()));
    }
}
