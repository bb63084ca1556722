//! Dates and times typed into a command or a form, refused with the program's own errors.

use chrono::{NaiveDate, NaiveTime};

use crate::error::{Error, Result};

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    super::dates::parse_date(s).map_err(|e| Error::BadDate {
        zh: e.to_string(),
        en: e.message_en(),
    })
}

/// `09:00`, `9:00`, `09:00:00`, or with the full-width colon of a Chinese input method.
pub fn parse_time(s: &str) -> Result<NaiveTime> {
    let t = s.trim().replace('：', ":");
    NaiveTime::parse_from_str(&t, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(&t, "%H:%M:%S"))
        .map_err(|_| Error::BadTime {
            given: s.to_string(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_as_typed() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
        assert_eq!(parse_time("09:00").unwrap(), nine);
        assert_eq!(parse_time(" 9：00 ").unwrap(), nine);
        assert_eq!(parse_time("09:00:00").unwrap(), nine);
        assert_eq!(
            parse_time("25:00"),
            Err(Error::BadTime {
                given: "25:00".into()
            })
        );
        assert!(matches!(
            parse_date("2025-02-30"),
            Err(Error::BadDate { .. })
        ));
    }
}
