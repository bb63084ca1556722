//! A calendar day. Stored as a day number (small, ordered) and written as
//! `2024-01-16` wherever people read it: JSON output and audit snapshots.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(i32);

impl Day {
    pub fn from_date(d: NaiveDate) -> Day {
        Day(d.num_days_from_ce())
    }

    pub fn ymd(y: i32, m: u32, d: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(y, m, d).map(Day::from_date)
    }

    pub fn date(self) -> NaiveDate {
        // Every stored value came from a real date; the fallback only keeps a
        // damaged record from panicking.
        NaiveDate::from_num_days_from_ce_opt(self.0).unwrap_or(NaiveDate::MIN)
    }

    pub fn today() -> Day {
        Day::from_date(chrono::Local::now().date_naive())
    }

    pub fn number(self) -> i32 {
        self.0
    }

    /// The day of a number `number` gave, if it is a real date.
    pub fn from_number(n: i32) -> Option<Day> {
        NaiveDate::from_num_days_from_ce_opt(n).map(|_| Day(n))
    }

    pub fn succ(self) -> Day {
        Day(self.0 + 1)
    }

    pub fn days_until(self, later: Day) -> i64 {
        i64::from(later.0) - i64::from(self.0)
    }

    pub fn minus_months(self, months: u32) -> Day {
        self.date()
            .checked_sub_months(Months::new(months))
            .map_or(self, Day::from_date)
    }

    pub fn pred(self) -> Day {
        Day(self.0 - 1)
    }

    /// Completed years from `birth` to `self`.
    pub fn years_since(self, birth: Day) -> Option<u32> {
        self.date().years_since(birth.date())
    }

    pub fn year(self) -> i32 {
        self.date().year()
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date().format("%Y-%m-%d"))
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            s.collect_str(self)
        } else {
            s.serialize_i32(self.0)
        }
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        if d.is_human_readable() {
            let s = String::deserialize(d)?;
            NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map(Day::from_date)
                .map_err(serde::de::Error::custom)
        } else {
            let n = i32::deserialize(d)?;
            NaiveDate::from_num_days_from_ce_opt(n)
                .map(|_| Day(n))
                .ok_or_else(|| serde::de::Error::custom(format!("day number {n} out of range")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_for_people_numbers_for_storage() {
        let d = Day::ymd(2024, 1, 16).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2024-01-16\"");
        assert_eq!(serde_json::from_str::<Day>("\"2024-01-16\"").unwrap(), d);
        let bytes = crate::store::codec::encode_value(&d);
        let back: Day = crate::store::codec::decode_payload(&bytes).unwrap();
        assert_eq!(back, d);
    }

    #[test]
    fn months_and_years() {
        let d = Day::ymd(2024, 3, 31).unwrap();
        assert_eq!(d.minus_months(1), Day::ymd(2024, 2, 29).unwrap());
        let birth = Day::ymd(1950, 4, 1).unwrap();
        assert_eq!(d.years_since(birth), Some(73));
    }
}
