//! Meetings and tasks through the service: revisions, audit entries, what is refused.

use crate::kit;

use chrono::{NaiveDate, NaiveTime};
use ggw::api::admin::{AddAccount, History};
use ggw::api::meetings::{
    CreateSeries, CreateTask, GetMeetingFigures, GetMeetingPage, GetSchedule, ListSeries,
    MarkAttendance, PreviewSeries, SaveMeeting, SeriesDraft, TaskChange, TaskDraft, UpdateSeries,
    UpdateTask,
};
use ggw::api::people::{Appoint, CreatePerson, EndPosition};
use ggw::api::units::{CreateUnit, ResolveUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::{AuditAction, RecordKind};
use ggw::domain::limits::Limited;
use ggw::domain::meeting::{
    Attendee, Meeting, MeetingKind, MeetingSeries, MeetingStatus, Presence, SeriesId,
};
use ggw::domain::task::TaskStatus;
use ggw::domain::workdays::Shift;
use ggw::error::Error;
use ggw::lang::Lang;
use ggw::service::{Actor, Request};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn fresh() -> (kit::TempDb, LocalBackend) {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "wang");
    (t, b)
}

fn draft(b: &LocalBackend) -> SeriesDraft {
    SeriesDraft {
        kind: MeetingKind::DirectorsOffice,
        title: "主任办公会".into(),
        host: b
            .run(ResolveUnit {
                given: "爱辉区".into(),
            })
            .unwrap()
            .id,
        rule: "FREQ=MONTHLY;BYDAY=1MO".into(),
        start: d(2025, 1, 1),
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        duration_minutes: 90,
        place: "会议室\u{1b}[31m".into(),
        shift: Shift::Next,
        attendee_rules: Vec::new(),
        attendees: vec![Attendee::named("刘志远"), Attendee::named("张国庆")],
        agenda: Vec::new(),
        report_per_attendee: true,
    }
}

#[test]
fn stale_revisions_are_refused_everywhere() {
    let (_t, b) = fresh();
    let s = b.run(CreateSeries { draft: draft(&b) }).unwrap();
    // Control characters never get stored.
    assert_eq!(s.place, "会议室[31m");
    let edited = b
        .run(UpdateSeries {
            id: s.id,
            rev: s.rev,
            draft: SeriesDraft {
                title: "主任办公会议".into(),
                ..draft(&b)
            },
        })
        .unwrap();
    assert_eq!(edited.rev, 2);
    let stale = b.run(UpdateSeries {
        id: s.id,
        rev: 1,
        draft: draft(&b),
    });
    assert!(matches!(stale, Err(Error::Conflict { ref by, .. }) if by == "wang"));

    let page = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 2, 3),
        })
        .unwrap();
    assert_eq!(page.meeting.date, d(2025, 2, 5));
    assert_eq!(page.meeting.agenda.len(), 2);
    let mut m = page.meeting.clone();
    m.status = MeetingStatus::Held;
    let saved = b.run(SaveMeeting { meeting: m.clone() }).unwrap();
    // Saving the same draft again would make a second record of one meeting.
    assert!(matches!(
        b.run(SaveMeeting { meeting: m }),
        Err(Error::Conflict { .. })
    ));
    let mut a = saved.clone();
    a.mark(Attendee::named("刘志远"), Presence::Present);
    b.run(SaveMeeting { meeting: a }).unwrap();
    let mut late = saved.clone();
    late.minutes = "迟到的修改".into();
    assert!(matches!(
        b.run(SaveMeeting { meeting: late }),
        Err(Error::Conflict { .. })
    ));

    let task = b
        .run(CreateTask {
            draft: TaskDraft {
                title: "报送方案".into(),
                owner: Attendee::named("张国庆"),
                unit: None,
                meeting: Some(saved.id),
                opened: d(2026, 1, 1),
                due: Some(d(2025, 2, 28)),
            },
        })
        .unwrap();
    assert_eq!(
        task.opened,
        d(2025, 2, 5),
        "a decision dates from its meeting"
    );
    assert_eq!(task.unit, Some(s.host));
    b.run(UpdateTask {
        id: task.id,
        rev: task.rev,
        change: TaskChange::Status(TaskStatus::Done { on: d(2025, 2, 20) }),
    })
    .unwrap();
    assert!(matches!(
        b.run(UpdateTask {
            id: task.id,
            rev: task.rev,
            change: TaskChange::Due(None)
        }),
        Err(Error::Conflict { .. })
    ));

    let log = b
        .run(History {
            unit: None,
            limit: 0,
        })
        .unwrap();
    let kinds: Vec<(RecordKind, AuditAction)> =
        log.iter().take(6).map(|e| (e.kind, e.action)).collect();
    assert_eq!(
        kinds,
        [
            (RecordKind::Task, AuditAction::Update),
            (RecordKind::Task, AuditAction::Create),
            (RecordKind::Meeting, AuditAction::Update),
            (RecordKind::Meeting, AuditAction::Create),
            (RecordKind::MeetingSeries, AuditAction::Update),
            (RecordKind::MeetingSeries, AuditAction::Create),
        ]
    );
    assert!(b.service().check().unwrap().is_clean());
}

#[test]
fn refusals_say_what_to_fix() {
    let (_t, b) = fresh();
    let e = b
        .run(CreateSeries {
            draft: SeriesDraft {
                rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30".into(),
                ..draft(&b)
            },
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("rule"));
    assert!(
        e.message(Lang::Zh).contains("一次会议也没有"),
        "{}",
        e.message(Lang::Zh)
    );
    assert!(e.message(Lang::En).contains("no meeting at all"));
    let e = b
        .run(CreateSeries {
            draft: SeriesDraft {
                title: " ".into(),
                ..draft(&b)
            },
        })
        .unwrap_err();
    assert_eq!(e, Error::NameEmpty);
    let s = b.run(CreateSeries { draft: draft(&b) }).unwrap();
    let e = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 2, 4),
        })
        .unwrap_err();
    assert_eq!(e.field(), Some("date"));
    assert!(matches!(
        b.run(GetMeetingPage {
            series: SeriesId(99),
            date: d(2025, 2, 3)
        }),
        Err(Error::NoSuchRecord { id: 99 })
    ));
    let huge = "字".repeat(20_001);
    let mut m = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 3, 3),
        })
        .unwrap()
        .meeting;
    m.minutes = huge;
    assert!(matches!(
        b.run(SaveMeeting { meeting: m }),
        Err(Error::TooLong {
            field: Limited::Minutes,
            given: 20_001
        })
    ));
    assert_eq!(b.service().check().unwrap().meetings, 0);
}

#[test]
fn the_form_preview_shows_the_next_dates_without_saving() {
    let (_t, b) = fresh();
    let first = draft(&b);
    let p = b
        .run(PreviewSeries {
            from: first.start,
            draft: first,
            count: 6,
            editing: None,
        })
        .unwrap();
    let dates: Vec<String> = p.entries.iter().map(|e| e.slot.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2025-01-06",
            "2025-02-05",
            "2025-03-03",
            "2025-04-07",
            "2025-05-06",
            "2025-06-03"
        ]
    );
    let yearly = SeriesDraft {
        rule: "FREQ=YEARLY;BYMONTH=1;BYDAY=3TU;COUNT=2".into(),
        ..draft(&b)
    };
    let p = b
        .run(PreviewSeries {
            from: yearly.start,
            draft: yearly,
            count: 6,
            editing: None,
        })
        .unwrap();
    assert_eq!(p.entries.len(), 2);
    let late = SeriesDraft {
        start: d(2027, 1, 1),
        ..draft(&b)
    };
    let p = b
        .run(PreviewSeries {
            from: late.start,
            draft: late,
            count: 6,
            editing: None,
        })
        .unwrap();
    assert!(
        p.notices
            .iter()
            .any(|n| n.message(Lang::Zh).contains("2027"))
    );
    assert!(
        b.run(ListSeries {
            include_archived: true
        })
        .unwrap()
        .is_empty()
    );
}

#[test]
fn an_edit_previews_what_is_to_come_with_the_series_own_changes() {
    let (_t, b) = fresh();
    let s = b.run(CreateSeries { draft: draft(&b) }).unwrap();
    // The November meeting is put off a week and December's is called off; October's
    // first Monday falls in the National Day holiday and moves to the next working day.
    let mut nov = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 11, 3),
        })
        .unwrap()
        .meeting;
    nov.status = MeetingStatus::Postponed { from: nov.date };
    nov.date = d(2025, 11, 10);
    b.run(SaveMeeting { meeting: nov }).unwrap();
    let mut dec = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 12, 1),
        })
        .unwrap()
        .meeting;
    dec.status = MeetingStatus::Cancelled {
        reason: "年终总结合并召开".into(),
    };
    b.run(SaveMeeting { meeting: dec }).unwrap();

    let dates = |p: ggw::api::meetings::Schedule| -> Vec<String> {
        p.entries.iter().map(|e| e.slot.date.to_string()).collect()
    };
    let p = b
        .run(PreviewSeries {
            editing: Some(s.id),
            draft: draft(&b),
            from: d(2025, 10, 1),
            count: 4,
        })
        .unwrap();
    assert_eq!(
        dates(p),
        ["2025-10-09", "2025-11-10", "2026-01-05", "2026-02-02"]
    );
    // Not saved: the same draft as a new series knows nothing of them.
    let p = b
        .run(PreviewSeries {
            draft: draft(&b),
            from: d(2025, 10, 1),
            count: 4,
            editing: None,
        })
        .unwrap();
    assert_eq!(
        dates(p),
        ["2025-10-09", "2025-11-03", "2025-12-01", "2026-01-05"]
    );

    // An edit keeps the rule's alignment and its count: the quarterly rule still meets in
    // January, April, July and October, and COUNT=5 from the start in January 2025 leaves
    // two of its meetings after 1 October 2025. The postponed meeting is on record and
    // stays in the calendar. The preview is what saving gives.
    let quarterly = SeriesDraft {
        rule: "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;COUNT=5".into(),
        ..draft(&b)
    };
    let previewed = dates(
        b.run(PreviewSeries {
            editing: Some(s.id),
            draft: quarterly.clone(),
            from: d(2025, 10, 1),
            count: 6,
        })
        .unwrap(),
    );
    assert_eq!(previewed, ["2025-10-14", "2025-11-10", "2026-01-13"]);
    b.run(UpdateSeries {
        id: s.id,
        rev: s.rev,
        draft: quarterly,
    })
    .unwrap();
    // The calendar also lists the called-off meeting, marked so; the preview only those
    // that take place.
    let calendar: Vec<String> = b
        .run(GetSchedule {
            from: d(2025, 10, 1),
            to: d(2026, 12, 31),
        })
        .unwrap()
        .entries
        .iter()
        .filter(|e| !matches!(e.slot.status, MeetingStatus::Cancelled { .. }))
        .map(|e| e.slot.date.to_string())
        .collect();
    assert_eq!(calendar, previewed);

    // An edit of a series that does not exist is refused.
    let e = b
        .run(PreviewSeries {
            editing: Some(SeriesId(99)),
            draft: draft(&b),
            from: d(2025, 10, 1),
            count: 4,
        })
        .unwrap_err();
    assert!(matches!(e, Error::NoSuchRecord { id: 99 }), "{e:?}");
}

/// A township operator records its own meetings and no one else's; a viewer records nothing;
/// listings show each only what they may read.
#[test]
fn meetings_follow_the_account_permissions() {
    use ggw::domain::UnitKind;
    use ggw::domain::account::AccountRole;
    use ggw::service::Response;
    let (_t, b) = fresh();
    let svc = b.service();
    let root = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap()
        .id;
    let own = b
        .run(CreateUnit {
            parent: root,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap()
        .id;
    let other = b
        .run(CreateUnit {
            parent: root,
            kind: UnitKind::Township,
            name: "新生乡".into(),
            short_name: None,
        })
        .unwrap()
        .id;
    for (user, role) in [
        ("zhang", AccountRole::Operator),
        ("li", AccountRole::Viewer),
    ] {
        svc.handle(
            &Actor::new("wang"),
            Request::from(AddAccount {
                user: user.into(),
                role,
                unit: own,
            }),
        )
        .unwrap();
    }
    let district = b.run(CreateSeries { draft: draft(&b) }).unwrap();
    let zhang = Actor::peer("zhang");
    let li = Actor::peer("li");
    let township = SeriesDraft {
        title: "乡关工委例会".into(),
        host: own,
        ..draft(&b)
    };

    // Series: only under one's own unit.
    let refused = svc.handle(
        &zhang,
        Request::from(CreateSeries {
            draft: SeriesDraft {
                host: other,
                ..township.clone()
            },
        }),
    );
    assert!(
        matches!(refused, Err(Error::NotPermitted { write: true, .. })),
        "{refused:?}"
    );
    let Ok(Response::Series(mine)) = svc.handle(
        &zhang,
        Request::from(CreateSeries {
            draft: township.clone(),
        }),
    ) else {
        panic!("the operator may add a series of their own township");
    };
    assert!(matches!(
        svc.handle(&li, Request::from(CreateSeries { draft: township })),
        Err(Error::NotPermitted { .. })
    ));

    // Meetings: the district's are neither readable nor writable for the township.
    let page = b
        .run(GetMeetingPage {
            series: district.id,
            date: d(2025, 2, 3),
        })
        .unwrap();
    let m = page.meeting.clone();
    assert!(matches!(
        svc.handle(&zhang, Request::from(SaveMeeting { meeting: m })),
        Err(Error::NotPermitted { .. })
    ));
    assert!(matches!(
        svc.handle(
            &zhang,
            Request::from(GetMeetingPage {
                series: district.id,
                date: d(2025, 2, 3)
            })
        ),
        Err(Error::NotPermitted { write: false, .. })
    ));
    let Ok(Response::MeetingPage(own_page)) = svc.handle(
        &li,
        Request::from(GetMeetingPage {
            series: mine.id,
            date: d(2025, 2, 3),
        }),
    ) else {
        panic!("the viewer reads their own unit's meetings");
    };
    let mut held = own_page.meeting.clone();
    held.status = MeetingStatus::Held;
    assert!(matches!(
        svc.handle(
            &li,
            Request::from(SaveMeeting {
                meeting: held.clone()
            })
        ),
        Err(Error::NotPermitted { .. })
    ));
    assert!(
        svc.handle(&zhang, Request::from(SaveMeeting { meeting: held }))
            .is_ok()
    );

    // Listings are filtered, not refused.
    let Ok(Response::SeriesList(seen)) = svc.handle(
        &li,
        Request::from(ListSeries {
            include_archived: false,
        }),
    ) else {
        panic!()
    };
    assert_eq!(
        seen.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
        ["乡关工委例会"]
    );
    let Ok(Response::Schedule(s)) = svc.handle(
        &li,
        Request::from(GetSchedule {
            from: d(2025, 1, 1),
            to: d(2025, 3, 31),
        }),
    ) else {
        panic!()
    };
    assert!(s.entries.iter().all(|e| e.slot.series == mine.id) && s.entries.len() == 3);
}

/// Two writes to one meeting in one batch: the second sees the first, as the server batches
/// several users' writes into one commit.
#[test]
fn a_batch_sees_its_own_meeting_writes() {
    let (_t, b) = fresh();
    let s = b.run(CreateSeries { draft: draft(&b) }).unwrap();
    let m = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 3, 3),
        })
        .unwrap()
        .meeting;
    let a = Actor::new("wang");
    let results = b.service().write_batch(vec![
        (a.clone(), Request::from(SaveMeeting { meeting: m.clone() })),
        (a.clone(), Request::from(SaveMeeting { meeting: m })),
    ]);
    assert!(results[0].is_ok());
    assert!(
        matches!(results[1], Err(Error::Conflict { .. })),
        "{:?}",
        results[1]
    );
    assert_eq!(b.service().check().unwrap().meetings, 1);
}

/// Two series of the same host and rule, for meetings on the same days.
fn two_series(b: &LocalBackend) -> (MeetingSeries, MeetingSeries) {
    let first = b.run(CreateSeries { draft: draft(b) }).unwrap();
    let second = b
        .run(CreateSeries {
            draft: SeriesDraft {
                title: "专题工作会".into(),
                ..draft(b)
            },
        })
        .unwrap();
    (first, second)
}

/// The meeting of `s` on `date` as its page shows it.
fn page(b: &LocalBackend, s: &MeetingSeries, date: NaiveDate) -> Meeting {
    b.run(GetMeetingPage { series: s.id, date })
        .unwrap()
        .meeting
}

/// Meetings of two series on one day in one batch: each save sees the
/// meetings of its own series made earlier in the batch, and only those.
#[test]
fn a_batch_keeps_each_series_meetings_apart() {
    let (_t, b) = fresh();
    let (first, second) = two_series(&b);
    let (m1, m2) = (
        page(&b, &first, d(2025, 3, 3)),
        page(&b, &second, d(2025, 3, 3)),
    );
    let a = Actor::new("wang");
    let results = b.service().write_batch(vec![
        (
            a.clone(),
            Request::from(SaveMeeting {
                meeting: m1.clone(),
            }),
        ),
        (a.clone(), Request::from(SaveMeeting { meeting: m2 })),
        (a.clone(), Request::from(SaveMeeting { meeting: m1 })),
    ]);
    assert!(results[0].is_ok(), "{:?}", results[0]);
    assert!(results[1].is_ok(), "{:?}", results[1]);
    assert!(
        matches!(results[2], Err(Error::Conflict { .. })),
        "{:?}",
        results[2]
    );
    assert_eq!(b.service().check().unwrap().meetings, 2);
}

/// A meeting is changed only through its own series: sent with another
/// series, it is no record of that one, and its own keeps it unchanged.
#[test]
fn a_meeting_is_changed_only_through_its_own_series() {
    let (_t, b) = fresh();
    let (first, second) = two_series(&b);
    let saved = b
        .run(SaveMeeting {
            meeting: page(&b, &first, d(2025, 3, 3)),
        })
        .unwrap();
    let mut elsewhere = saved.clone();
    elsewhere.series = second.id;
    elsewhere.minutes = "记在别的会上".into();
    assert_eq!(
        b.run(SaveMeeting { meeting: elsewhere }).unwrap_err(),
        Error::NoSuchRecord { id: saved.id.0 }
    );
    let kept = page(&b, &first, d(2025, 3, 3));
    assert_eq!(
        (kept.id, kept.rev, kept.minutes),
        (saved.id, 1, saved.minutes)
    );
    // The other series' meeting of that day is still to be recorded.
    let other = page(&b, &second, d(2025, 3, 3));
    assert_eq!(other.id.0, 0);
    assert!(b.run(SaveMeeting { meeting: other }).is_ok());
}

/// A person on no roll, for the leadership team.
fn official(
    b: &LocalBackend,
    name: &str,
    unit: ggw::domain::UnitId,
) -> ggw::domain::person::Person {
    use ggw::backend::BackendExt;
    b.run(CreatePerson {
        draft: ggw::domain::person::PersonDraft {
            name: name.into(),
            unit: Some(unit),
            ..Default::default()
        },
    })
    .unwrap()
}

fn appoint(
    b: &LocalBackend,
    who: &ggw::domain::person::Person,
    unit: ggw::domain::UnitId,
    role: ggw::domain::person::Role,
    from: NaiveDate,
) -> ggw::domain::person::Position {
    use ggw::backend::BackendExt;
    b.run(Appoint {
        draft: ggw::api::people::PositionDraft {
            unit,
            person: who.id,
            role,
            from: ggw::domain::day::Day::from_date(from),
            doc: String::new(),
            area: String::new(),
        },
    })
    .unwrap()
}

#[test]
fn role_rules_resolve_to_the_team_serving_on_each_meetings_date() {
    use ggw::backend::BackendExt;
    use ggw::domain::UnitKind;
    use ggw::domain::meeting::{AttendeeRule, LeaderRole, UnitScope};
    use ggw::domain::person::Role;
    let (_t, b) = fresh();
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap()
        .id;
    let township = b
        .run(CreateUnit {
            parent: district,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap()
        .id;
    let street = b
        .run(CreateUnit {
            parent: district,
            kind: UnitKind::Subdistrict,
            name: "花园街道".into(),
            short_name: None,
        })
        .unwrap()
        .id;
    let village = b
        .run(CreateUnit {
            parent: township,
            kind: UnitKind::Village,
            name: "小乌斯力村".into(),
            short_name: None,
        })
        .unwrap()
        .id;
    let liu = official(&b, "刘振华", district);
    let zhang = official(&b, "张国庆", district);
    let sun = official(&b, "孙振东", district);
    let wang = official(&b, "王建华", township);
    let zhao = official(&b, "赵玉梅", street);
    let cun = official(&b, "村主任", village);
    appoint(&b, &liu, district, Role::Director, d(2020, 1, 1));
    let old = appoint(&b, &zhang, district, Role::Deputy, d(2020, 1, 1));
    appoint(&b, &wang, township, Role::Director, d(2020, 1, 1));
    appoint(&b, &zhao, street, Role::Director, d(2020, 1, 1));
    appoint(&b, &cun, village, Role::Director, d(2020, 1, 1));
    // Between the March and April meetings 张's term ends and 孙 takes his place.
    b.run(EndPosition {
        id: old.id,
        rev: old.rev,
        on: ggw::domain::day::Day::from_date(d(2025, 3, 20)),
    })
    .unwrap();
    appoint(&b, &sun, district, Role::Deputy, d(2025, 3, 20));

    let s = b
        .run(CreateSeries {
            draft: SeriesDraft {
                kind: MeetingKind::Progress,
                title: "工作推进会".into(),
                attendee_rules: vec![
                    AttendeeRule {
                        roles: vec![LeaderRole::Director, LeaderRole::Deputy],
                        scope: UnitScope::Unit(district),
                    },
                    AttendeeRule {
                        roles: vec![LeaderRole::Director],
                        scope: UnitScope::ChildrenOf {
                            parent: district,
                            kinds: vec![UnitKind::Township, UnitKind::Subdistrict],
                        },
                    },
                ],
                attendees: vec![Attendee::named("团区委书记")],
                report_per_attendee: false,
                ..draft(&b)
            },
        })
        .unwrap();
    let names = |date| {
        b.run(GetMeetingPage { series: s.id, date })
            .unwrap()
            .meeting
            .attendance
            .iter()
            .map(|e| e.attendee.name.clone())
            .collect::<Vec<_>>()
    };
    // First Mondays: 3 March and 7 April 2025. The village's director is not asked for.
    assert_eq!(
        names(d(2025, 3, 3)),
        ["刘振华", "张国庆", "王建华", "赵玉梅", "团区委书记"]
    );
    assert_eq!(
        names(d(2025, 4, 7)),
        ["刘振华", "孙振东", "王建华", "赵玉梅", "团区委书记"]
    );

    // Attendance taken at the April meeting counts for the people and units resolved.
    let mut m = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 4, 7),
        })
        .unwrap()
        .meeting;
    assert_eq!(m.attendance[1].attendee.person, Some(sun.id.0));
    assert_eq!(m.attendance[2].attendee.unit, Some(township));
    m.status = MeetingStatus::Held;
    for e in &mut m.attendance {
        e.presence = Presence::Present;
    }
    m.attendance[2].presence = Presence::Absent {
        reason: "出差".into(),
    };
    b.run(SaveMeeting { meeting: m }).unwrap();
    let f = b
        .run(GetMeetingFigures {
            from: d(2025, 4, 1),
            to: d(2025, 4, 30),
            today: d(2025, 5, 1),
        })
        .unwrap();
    let unit_row = f.units.iter().find(|u| u.unit == Some(township)).unwrap();
    assert_eq!(
        (unit_row.expected, unit_row.present, unit_row.absent),
        (1, 0, 1)
    );
    let district_row = f.units.iter().find(|u| u.unit == Some(district)).unwrap();
    assert_eq!((district_row.expected, district_row.present), (2, 2));
    assert!(f.people.iter().all(|p| p.name != "张国庆"));
}

#[test]
fn attendance_marks_and_notes_land_on_the_saved_record() {
    let (_t, b) = fresh();
    let namesake = |person: u64| Attendee {
        person: Some(person),
        name: "王秀英".into(),
        unit: None,
    };
    let s = b
        .run(CreateSeries {
            draft: SeriesDraft {
                attendees: vec![namesake(1), namesake(2), Attendee::named("刘志远")],
                ..draft(&b)
            },
        })
        .unwrap();
    // The first mark records the meeting; a known person is found by id,
    // not by name, so the namesake stays unmarked.
    let first = b
        .run(MarkAttendance {
            series: s.id,
            date: d(2025, 2, 3),
            marks: vec![(namesake(2), Presence::Present)],
        })
        .unwrap();
    assert_eq!(first.rev, 1);
    let marks: Vec<&Presence> = first.attendance.iter().map(|e| &e.presence).collect();
    assert_eq!(
        marks,
        [&Presence::Unmarked, &Presence::Present, &Presence::Unmarked]
    );
    // A name alone is the one on the list; a second mark lands on the
    // first, and by the date the meeting is held as well as its rule date.
    let away = Presence::Absent {
        reason: "外出学习".into(),
    };
    let second = b
        .run(MarkAttendance {
            series: s.id,
            date: d(2025, 2, 5),
            marks: vec![(Attendee::named(" 刘志远 "), away.clone())],
        })
        .unwrap();
    assert_eq!((second.id, second.rev), (first.id, 2));
    assert_eq!(second.attendance.len(), 3);
    assert_eq!(second.attendance[1].presence, Presence::Present);
    assert_eq!(second.attendance[2].presence, away);
    // An edit of the whole meeting from the first copy is still refused.
    let mut stale = first.clone();
    stale.minutes = "迟到的修改".into();
    assert!(matches!(
        b.run(SaveMeeting { meeting: stale }),
        Err(Error::Conflict { .. })
    ));

    // A note goes on a task changed meanwhile; an edit does not.
    let task = b
        .run(CreateTask {
            draft: TaskDraft {
                title: "报送方案".into(),
                owner: Attendee::named("张国庆"),
                unit: None,
                meeting: None,
                opened: d(2025, 2, 5),
                due: None,
            },
        })
        .unwrap();
    b.run(UpdateTask {
        id: task.id,
        rev: task.rev,
        change: TaskChange::Due(Some(d(2025, 3, 1))),
    })
    .unwrap();
    let noted = b
        .run(UpdateTask {
            id: task.id,
            rev: task.rev,
            change: TaskChange::Note {
                on: d(2025, 2, 6),
                text: "已起草".into(),
            },
        })
        .unwrap();
    assert_eq!((noted.rev, noted.due), (3, Some(d(2025, 3, 1))));
    assert_eq!(noted.notes.len(), 1);
    assert!(matches!(
        b.run(UpdateTask {
            id: task.id,
            rev: task.rev,
            change: TaskChange::Title("改名".into())
        }),
        Err(Error::Conflict { .. })
    ));
}

/// The monthly 主任办公会 meets on 3 March and 7 April 2025 (first Mondays,
/// no holiday either day): a period from one to the other holds both, one
/// a day narrower at either end holds one.
#[test]
fn series_figures_are_of_their_period_at_both_edges() {
    let (_t, b) = fresh();
    let s = b.run(CreateSeries { draft: draft(&b) }).unwrap();
    let planned = |from, to| {
        let f = b
            .run(GetMeetingFigures {
                from,
                to,
                today: d(2025, 12, 31),
            })
            .unwrap();
        let row = f.series.iter().find(|x| x.series == s.id).unwrap();
        (row.planned, row.unrecorded)
    };
    assert_eq!(planned(d(2025, 3, 3), d(2025, 4, 7)), (2, 2));
    assert_eq!(planned(d(2025, 3, 4), d(2025, 4, 7)), (1, 1));
    assert_eq!(planned(d(2025, 3, 3), d(2025, 4, 6)), (1, 1));
    assert_eq!(planned(d(2025, 3, 4), d(2025, 4, 6)), (0, 0));
    // Held on the last day: held in the period, not after it.
    let page = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 4, 7),
        })
        .unwrap();
    let mut m = page.meeting;
    m.status = MeetingStatus::Held;
    b.run(SaveMeeting { meeting: m }).unwrap();
    let held = |from, to| {
        let f = b
            .run(GetMeetingFigures {
                from,
                to,
                today: d(2025, 12, 31),
            })
            .unwrap();
        f.series.iter().find(|x| x.series == s.id).unwrap().held
    };
    assert_eq!(held(d(2025, 3, 3), d(2025, 4, 7)), 1);
    assert_eq!(held(d(2025, 4, 8), d(2025, 5, 31)), 0);
}

#[test]
fn a_task_repeated_from_the_same_meeting_is_refused_in_a_batch_and_after() {
    use ggw::backend::Backend;
    let (_t, b) = fresh();
    let s = b.run(CreateSeries { draft: draft(&b) }).unwrap();
    let mut m = b
        .run(GetMeetingPage {
            series: s.id,
            date: d(2025, 2, 3),
        })
        .unwrap()
        .meeting;
    m.status = MeetingStatus::Held;
    let held = b.run(SaveMeeting { meeting: m }).unwrap();
    let task = |title: &str| {
        Request::from(CreateTask {
            draft: TaskDraft {
                title: title.into(),
                owner: Attendee::named("张国庆"),
                unit: None,
                meeting: Some(held.id),
                opened: d(2025, 2, 5),
                due: None,
            },
        })
    };
    let first = b.call_many(vec![task("报送方案"), task("整理台账")]);
    assert!(first.iter().all(Result::is_ok), "{first:?}");
    let Ok(ggw::service::Response::Task(t)) = &first[0] else {
        panic!("{first:?}");
    };
    // Both batches read the stored tasks once; the second finds the first
    // batch's task, and a new title still passes beside it.
    let second = b.call_many(vec![task("简报组稿"), task(" 报送方案 ")]);
    assert!(second[0].is_ok(), "{second:?}");
    assert!(
        matches!(&second[1], Err(Error::TaskRepeated { id, title }) if *id == t.id.0 && title == "报送方案"),
        "{second:?}"
    );
}
