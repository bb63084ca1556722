//! Meeting dates against hand-written expectations: the rule alone, then with the working-day
//! calendar (Spring Festival and National Day, make-up working days).

use chrono::{NaiveDate, NaiveTime};
use ggw::domain::UnitId;
use ggw::domain::meeting::{MeetingKind, MeetingSeries, SeriesId, schedule};
use ggw::domain::recurrence::{Exceptions, Rule};
use ggw::domain::workdays::{Calendar, Shift};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn dates(rule: &str, start: NaiveDate, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    Rule::parse(rule).unwrap().occurrences(start, from, to)
}

#[test]
fn last_friday_of_each_month() {
    assert_eq!(
        dates(
            "FREQ=MONTHLY;BYDAY=-1FR",
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2025, 6, 30)
        ),
        [
            d(2025, 1, 31),
            d(2025, 2, 28),
            d(2025, 3, 28),
            d(2025, 4, 25),
            d(2025, 5, 30),
            d(2025, 6, 27)
        ]
    );
}

#[test]
fn the_31st_skips_short_months() {
    assert_eq!(
        dates(
            "FREQ=MONTHLY;BYMONTHDAY=31",
            d(2024, 1, 1),
            d(2024, 1, 1),
            d(2024, 12, 31)
        ),
        [
            d(2024, 1, 31),
            d(2024, 3, 31),
            d(2024, 5, 31),
            d(2024, 7, 31),
            d(2024, 8, 31),
            d(2024, 10, 31),
            d(2024, 12, 31)
        ]
    );
}

#[test]
fn quarterly_across_a_year_end() {
    assert_eq!(
        dates(
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            d(2024, 10, 1),
            d(2024, 10, 1),
            d(2025, 12, 31)
        ),
        [
            d(2024, 10, 8),
            d(2025, 1, 14),
            d(2025, 4, 8),
            d(2025, 7, 8),
            d(2025, 10, 14)
        ]
    );
}

#[test]
fn until_and_count() {
    assert_eq!(
        dates(
            "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20250407",
            d(2025, 1, 1),
            d(2025, 1, 1),
            d(2025, 12, 31)
        ),
        [d(2025, 1, 6), d(2025, 2, 3), d(2025, 3, 3), d(2025, 4, 7)]
    );
    assert_eq!(
        dates(
            "FREQ=YEARLY;BYMONTH=1;BYDAY=3TU;COUNT=3",
            d(2024, 1, 1),
            d(2024, 1, 1),
            d(2030, 12, 31)
        ),
        [d(2024, 1, 16), d(2025, 1, 21), d(2026, 1, 20)]
    );
}

fn series(rule: &str, start: NaiveDate, shift: Shift) -> MeetingSeries {
    MeetingSeries {
        id: SeriesId(1),
        kind: MeetingKind::DirectorsOffice,
        title: "主任办公会".into(),
        host: UnitId(1),
        rule: Rule::parse(rule).unwrap(),
        start,
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        duration_minutes: 120,
        place: String::new(),
        shift,
        exceptions: Exceptions::default(),
        attendee_rules: Vec::new(),
        attendees: Vec::new(),
        agenda: Vec::new(),
        report_per_attendee: false,
        archived: None,
        created: 0,
        changed_at: 0,
        changed_by: String::new(),
        rev: 1,
    }
}

fn held(s: &MeetingSeries, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    schedule(s, &Calendar::builtin(), &[], from, to)
        .into_iter()
        .map(|x| (x.rule_date, x.date))
        .collect()
}

#[test]
fn spring_festival_2024_and_2026() {
    // 2024: 春节 10–17 Feb; Sun 4 Feb and Sun 18 Feb are working days.
    let weekly_sunday = series("FREQ=WEEKLY;BYDAY=SU", d(2024, 2, 1), Shift::Next);
    assert_eq!(
        held(&weekly_sunday, d(2024, 2, 1), d(2024, 2, 20)),
        [
            (d(2024, 2, 4), d(2024, 2, 4)),   // make-up working Sunday: kept
            (d(2024, 2, 11), d(2024, 2, 18)), // holiday → Sunday 18 Feb, a working day
            (d(2024, 2, 18), d(2024, 2, 18)),
        ]
    );
    // 2026: 春节 15–23 Feb; Sat 14 Feb and Sat 28 Feb are working days.
    let monthly = series("FREQ=MONTHLY;BYMONTHDAY=16", d(2026, 1, 1), Shift::Previous);
    assert_eq!(
        held(&monthly, d(2026, 2, 1), d(2026, 2, 28)),
        [(d(2026, 2, 16), d(2026, 2, 14))]
    );
}

#[test]
fn national_day_2024_and_2026() {
    // 2024: 国庆节 1–7 Oct; Sun 29 Sep and Sat 12 Oct are working days.
    let first_tuesday = series("FREQ=MONTHLY;BYDAY=1TU", d(2024, 9, 1), Shift::Next);
    assert_eq!(
        held(&first_tuesday, d(2024, 9, 1), d(2024, 10, 31)),
        [
            (d(2024, 9, 3), d(2024, 9, 3)),
            (d(2024, 10, 1), d(2024, 10, 8))
        ]
    );
    // 2026: 国庆节 1–7 Oct; Sun 20 Sep and Sat 10 Oct are working days.
    let kept = series("FREQ=MONTHLY;BYDAY=1TH", d(2026, 10, 1), Shift::None);
    let slots = schedule(
        &kept,
        &Calendar::builtin(),
        &[],
        d(2026, 10, 1),
        d(2026, 10, 31),
    );
    assert_eq!(slots[0].date, d(2026, 10, 1));
    let reason = slots[0].reason.as_ref().unwrap();
    assert_eq!(
        reason.message(ggw::lang::Lang::Zh),
        "国庆节放假，日期未调整"
    );
    assert_eq!(
        reason.message(ggw::lang::Lang::En),
        "Thu 2026-10-01 is a National Day holiday; date kept"
    );
    let saturday = series("FREQ=MONTHLY;BYDAY=2SA", d(2026, 10, 1), Shift::Next);
    assert_eq!(
        held(&saturday, d(2026, 10, 1), d(2026, 10, 31)),
        [(d(2026, 10, 10), d(2026, 10, 10))]
    );
}
