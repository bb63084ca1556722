//! A month's schedule read by the meetings' date index: meetings moved out
//! of a month, into it, and across its edge by the holiday calendar show as
//! they did when every meeting was read; the index follows a meeting moved
//! twice, `ggw check` holds it against the meetings, and a database made
//! before it existed has it built when next opened.

use crate::kit;

use chrono::{NaiveDate, NaiveTime};
use ggw::api::meetings::{
    CreateSeries, GetMeetingFigures, GetMeetingPage, GetSchedule, SaveMeeting, SeriesDraft,
};
use ggw::api::units::ResolveUnit;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::meeting::{Attendee, MeetingKind, MeetingStatus, Presence, SeriesId};
use ggw::domain::workdays::Shift;
use ggw::service::Actor;
use ggw::store::{Changes, OpenOptions, Store, TreeId};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// On the 31st, moved to the next working day.
fn series(b: &LocalBackend) -> SeriesId {
    let host = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap()
        .id;
    let draft = SeriesDraft {
        kind: MeetingKind::DirectorsOffice,
        title: "月末例会".into(),
        host,
        rule: "FREQ=MONTHLY;BYMONTHDAY=31".into(),
        start: d(2025, 1, 1),
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        duration_minutes: 60,
        place: "会议室".into(),
        shift: Shift::Next,
        attendee_rules: Vec::new(),
        attendees: vec![Attendee::named("刘志远")],
        agenda: Vec::new(),
        report_per_attendee: false,
    };
    b.run(CreateSeries { draft }).unwrap().id
}

/// (rule date, date, status code) of each meeting of the month.
fn month(b: &LocalBackend, y: i32, m: u32) -> Vec<(NaiveDate, NaiveDate, &'static str)> {
    let to = d(y, m + 1, 1).pred_opt().unwrap();
    b.run(GetSchedule {
        from: d(y, m, 1),
        to,
    })
    .unwrap()
    .entries
    .into_iter()
    .map(|e| (e.slot.rule_date, e.slot.date, e.slot.status.code()))
    .collect()
}

fn save(b: &LocalBackend, s: SeriesId, rule: NaiveDate, date: NaiveDate, status: MeetingStatus) {
    let mut m = b
        .run(GetMeetingPage {
            series: s,
            date: rule,
        })
        .unwrap()
        .meeting;
    assert_eq!(m.rule_date, rule);
    m.date = date;
    m.status = status;
    b.run(SaveMeeting { meeting: m }).unwrap();
}

fn expected_months(b: &LocalBackend) {
    let planned = MeetingStatus::Planned.code();
    let held = MeetingStatus::Held.code();
    let postponed = MeetingStatus::Postponed {
        from: d(2025, 3, 31),
    }
    .code();
    // 31 January falls in the Spring Festival holiday (28 Jan – 4 Feb);
    // the rule moves it to 5 February, but it was held on 27 January: the
    // record, found only by its rule date, takes it out of February.
    assert_eq!(month(b, 2025, 1), [(d(2025, 1, 31), d(2025, 1, 27), held)]);
    assert_eq!(month(b, 2025, 2), []);
    // 31 March, put off to 3 April (after first being put off to the 2nd).
    assert_eq!(month(b, 2025, 3), []);
    assert_eq!(
        month(b, 2025, 4),
        [(d(2025, 3, 31), d(2025, 4, 3), postponed)]
    );
    // 31 May is a Saturday in the Dragon Boat holiday (31 May – 2 June).
    assert_eq!(month(b, 2025, 5), []);
    assert_eq!(
        month(b, 2025, 6),
        [(d(2025, 5, 31), d(2025, 6, 3), planned)]
    );
}

#[test]
fn a_month_shows_the_meetings_moved_into_out_of_and_across_it() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "wang");
    let s = series(&b);
    assert_eq!(
        month(&b, 2025, 2),
        [(d(2025, 1, 31), d(2025, 2, 5), MeetingStatus::Planned.code())]
    );
    save(&b, s, d(2025, 1, 31), d(2025, 1, 27), MeetingStatus::Held);
    let from = d(2025, 3, 31);
    save(
        &b,
        s,
        from,
        d(2025, 4, 2),
        MeetingStatus::Postponed { from },
    );
    save(
        &b,
        s,
        from,
        d(2025, 4, 3),
        MeetingStatus::Postponed { from },
    );
    expected_months(&b);
    assert!(b.service().check().unwrap().is_clean());
    // Each meeting under the day it is held and its rule date; the 2nd of
    // April, left behind, is gone.
    assert_eq!(b.service().store().len(TreeId::MeetingsByDate), 4);
}

#[test]
fn a_database_without_the_index_has_it_built_when_opened() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "wang");
    let s = series(&b);
    save(&b, s, d(2025, 1, 31), d(2025, 1, 27), MeetingStatus::Held);
    let from = d(2025, 3, 31);
    save(
        &b,
        s,
        from,
        d(2025, 4, 3),
        MeetingStatus::Postponed { from },
    );
    drop(b);
    // As a database written before the index existed.
    {
        let store = Store::open(&t.path, &OpenOptions::default()).unwrap();
        let mut c = Changes::default();
        for key in store.raw_keys(TreeId::MeetingsByDate) {
            c.delete(TreeId::MeetingsByDate, &key.unwrap());
        }
        c.delete(TreeId::Meta, ggw::store::meeting_dates::BUILT.as_bytes());
        c.put_raw(TreeId::Meta, b"schema", &2u16.to_le_bytes());
        store.commit(c).unwrap();
    }
    let b = LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new("wang")).unwrap();
    assert_eq!(b.service().store().len(TreeId::MeetingsByDate), 4);
    expected_months(&b);
    assert!(b.service().check().unwrap().is_clean());
}

#[test]
fn check_reports_a_missing_date_entry() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "wang");
    let s = series(&b);
    save(&b, s, d(2025, 1, 31), d(2025, 1, 27), MeetingStatus::Held);
    let store = b.service().store();
    let key = store
        .raw_keys(TreeId::MeetingsByDate)
        .next()
        .unwrap()
        .unwrap();
    let mut c = Changes::default();
    c.delete(TreeId::MeetingsByDate, &key);
    store.commit(c).unwrap();
    let report = b.service().check().unwrap();
    assert!(
        report.faults.iter().any(|f| f.contains("meetings_by_date")),
        "{:?}",
        report.faults
    );
}

/// (expected, present) of 刘志远 in the meeting figures of `from..=to`.
fn attended(b: &LocalBackend, from: NaiveDate, to: NaiveDate) -> (usize, usize) {
    let f = b
        .run(GetMeetingFigures {
            from,
            to,
            today: d(2026, 1, 1),
        })
        .unwrap();
    f.people
        .iter()
        .find(|p| p.name == "刘志远")
        .map_or((0, 0), |p| (p.expected, p.present))
}

/// The figures count a held meeting in the period it was held in, once,
/// whichever day it was due: March's, held on the 28th, counts in March
/// once though the index lists it under both days; May's, held on
/// 3 June, counts in June and not in May.
#[test]
fn figures_count_a_meeting_in_the_period_it_was_held_once() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "wang");
    let s = series(&b);
    let hold = |rule: NaiveDate, on: NaiveDate| {
        let mut m = b
            .run(GetMeetingPage {
                series: s,
                date: rule,
            })
            .unwrap()
            .meeting;
        m.date = on;
        m.status = MeetingStatus::Held;
        for e in &mut m.attendance {
            e.presence = Presence::Present;
        }
        b.run(SaveMeeting { meeting: m }).unwrap();
    };
    hold(d(2025, 3, 31), d(2025, 3, 28));
    hold(d(2025, 5, 31), d(2025, 6, 3));
    assert_eq!(attended(&b, d(2025, 3, 1), d(2025, 3, 31)), (1, 1));
    assert_eq!(attended(&b, d(2025, 5, 1), d(2025, 5, 31)), (0, 0));
    assert_eq!(attended(&b, d(2025, 6, 1), d(2025, 6, 30)), (1, 1));
    assert_eq!(attended(&b, d(2025, 3, 1), d(2025, 6, 30)), (2, 2));
    // The period's last day counts; the day after does not.
    assert_eq!(attended(&b, d(2025, 3, 1), d(2025, 3, 28)), (1, 1));
    assert_eq!(attended(&b, d(2025, 3, 29), d(2025, 4, 30)), (0, 0));
}
