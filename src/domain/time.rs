//! Instants are stored as Unix seconds (UTC): small, ordered and free of
//! the string encoding bincode gives chrono types.

use chrono::{DateTime, Local, TimeZone};

pub type Timestamp = i64;

pub fn now() -> Timestamp {
    chrono::Utc::now().timestamp()
}

/// The local calendar day of an instant.
pub fn local_day(ts: Timestamp) -> super::day::Day {
    let date = match Local.timestamp_opt(ts, 0).single() {
        Some(t) => t.date_naive(),
        None => DateTime::from_timestamp(ts, 0)
            .map(|t| t.date_naive())
            .unwrap_or_default(),
    };
    super::day::Day::from_date(date)
}

/// `2024-01-16 09:30` in the machine's local time zone.
pub fn format_local(ts: Timestamp) -> String {
    match Local.timestamp_opt(ts, 0).single() {
        Some(t) => t.format("%Y-%m-%d %H:%M").to_string(),
        None => DateTime::from_timestamp(ts, 0)
            .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| ts.to_string()),
    }
}
