//! The rules that keep the figures an office reports upward right: no date
//! of the roll ahead of today, no meeting held before its day, a joining
//! date for every elder, no unit archived with people still in it.

use crate::kit;
use kit::{VillageWorld as World, village_world as world};

use chrono::{Duration, NaiveDate, NaiveTime};
use ggw::api::meetings::{
    CreateSeries, GetMeetingFigures, GetMeetingPage, SaveMeeting, SeriesDraft,
};
use ggw::api::people::{
    Appoint, CreatePerson, EndPosition, GetPeopleFigures, GetPerson, PositionDraft, Reregister,
    StrikeOff, StrikeOffPerson, UpdatePerson,
};
use ggw::api::units::{ArchiveUnit, GetUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::meeting::{MeetingKind, MeetingStatus};
use ggw::domain::people_figures::Period;
use ggw::domain::person::{RemovalReason, Role};
use ggw::domain::workdays::Shift;
use ggw::error::{Error, Field};
use ggw::lang::Lang;
use kit::{elder, run, stderr, temp_db};

fn today() -> NaiveDate {
    Day::today().date()
}

/// A series meeting every day of the week, so that any day has a meeting.
fn daily(w: &World) -> SeriesDraft {
    SeriesDraft {
        kind: MeetingKind::Progress,
        title: "工作推进会".into(),
        host: w.district.id,
        rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU".into(),
        start: today() - Duration::days(10),
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        duration_minutes: 60,
        place: "会议室".into(),
        shift: Shift::None,
        attendee_rules: Vec::new(),
        attendees: Vec::new(),
        agenda: Vec::new(),
        report_per_attendee: false,
    }
}

#[test]
fn a_meeting_cannot_be_marked_held_before_its_day() {
    let w = world();
    let s = w.b.run(CreateSeries { draft: daily(&w) }).unwrap();
    let tomorrow = today() + Duration::days(1);
    let mut m =
        w.b.run(GetMeetingPage {
            series: s.id,
            date: tomorrow,
        })
        .unwrap()
        .meeting;
    m.status = MeetingStatus::Held;
    match w.b.run(SaveMeeting { meeting: m.clone() }) {
        Err(e @ Error::BadDate { .. }) => {
            assert!(e.message(Lang::Zh).contains("晚于今天"), "{e:?}");
            assert!(e.message(Lang::En).contains("after today"), "{e:?}");
        }
        other => panic!("a future meeting was marked held: {other:?}"),
    }
    // Nothing was saved: the figures count no meeting held.
    let f =
        w.b.run(GetMeetingFigures {
            from: today() - Duration::days(30),
            to: tomorrow,
            today: today(),
        })
        .unwrap();
    assert_eq!(f.series.iter().map(|s| s.held).sum::<usize>(), 0);
    // Planned, postponed or cancelled ahead of time is fine; held today too.
    m.status = MeetingStatus::Planned;
    m.place = "小会议室".into();
    w.b.run(SaveMeeting { meeting: m }).unwrap();
    let mut m =
        w.b.run(GetMeetingPage {
            series: s.id,
            date: today(),
        })
        .unwrap()
        .meeting;
    m.status = MeetingStatus::Held;
    w.b.run(SaveMeeting { meeting: m }).unwrap();
}

#[test]
fn the_command_line_refuses_a_future_meeting_marked_held_in_both_languages() {
    let t = temp_db();
    let db = &t.path;
    let ok = |args: &[&str]| {
        let o = run(db, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    };
    ok(&["init", "--district", "爱辉区"]);
    let start = (today() - Duration::days(10)).to_string();
    ok(&[
        "meetings",
        "series",
        "add",
        "--kind",
        "progress",
        "--title",
        "工作推进会",
        "--rule",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU",
        "--start",
        &start,
        "--time",
        "09:00",
        "--shift",
        "none",
    ]);
    let tomorrow = (today() + Duration::days(1)).to_string();
    let record = ["meetings", "record", "工作推进会", &tomorrow, "--held"];
    let o = run(db, &record);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("晚于今天"), "{}", stderr(&o));
    let o = kit::ggw()
        .env("LANG", "en_US.UTF-8")
        .arg("--db")
        .arg(db)
        .args(record)
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(stderr(&o).contains("after today"), "{}", stderr(&o));
}

#[test]
fn no_date_of_the_roll_may_be_after_today() {
    let w = world();
    let p =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.village),
        })
        .unwrap();
    let tomorrow = Day::today().date() + Duration::days(1);
    let tomorrow = Day::from_date(tomorrow);
    let strike = |on| StrikeOff {
        on,
        reason: RemovalReason::Moved,
        note: String::new(),
    };
    match w.b.run(StrikeOffPerson {
        id: p.id,
        rev: p.rev,
        strike: strike(tomorrow),
    }) {
        Err(Error::InvalidField {
            field: Field::Date,
            zh,
            en,
        }) => {
            assert!(zh.contains("晚于今天"), "{zh}");
            assert!(en.contains("after today"), "{en}");
        }
        other => panic!("a strike-off dated tomorrow was taken: {other:?}"),
    }
    assert!(matches!(
        w.b.run(Reregister {
            people: vec![(p.id, p.rev)],
            on: tomorrow
        }),
        Err(Error::InvalidField {
            field: Field::Reregistered,
            ..
        })
    ));
    // The elder is still on the roll; struck off today, they are not.
    let p = w.b.run(GetPerson { id: p.id }).unwrap();
    assert!(p.elder.as_ref().unwrap().is_active());
    let p =
        w.b.run(StrikeOffPerson {
            id: p.id,
            rev: p.rev,
            strike: strike(Day::today()),
        })
        .unwrap();
    assert_eq!(p.elder.unwrap().removed_on(), Some(Day::today()));
}

#[test]
fn an_elder_registered_without_a_joining_date_joins_on_the_day_of_registration() {
    let w = world();
    let mut draft = elder("钱秀英", &w.village);
    draft.elder.as_mut().unwrap().joined = None;
    let p = w.b.run(CreatePerson { draft }).unwrap();
    let today = Day::today();
    assert_eq!(p.elder.as_ref().unwrap().joined, Some(today));

    // Last year's figures do not change; this year's count the new elder.
    let last_year = Period {
        from: Day::ymd(today.year() - 1, 1, 1).unwrap(),
        to: Day::ymd(today.year() - 1, 12, 31).unwrap(),
    };
    let f =
        w.b.run(GetPeopleFigures {
            unit: None,
            period: last_year,
            under_active_months: 6,
        })
        .unwrap();
    assert_eq!((f.on_roll_start, f.on_roll_end, f.joined), (0, 0, 0));
    let this_year = Period {
        from: Day::ymd(today.year(), 1, 1).unwrap(),
        to: Day::ymd(today.year(), 12, 31).unwrap(),
    };
    let f =
        w.b.run(GetPeopleFigures {
            unit: None,
            period: this_year,
            under_active_months: 6,
        })
        .unwrap();
    assert_eq!((f.on_roll_start, f.on_roll_end, f.joined), (0, 1, 1));
}

#[test]
fn a_unit_with_elders_or_a_serving_team_is_not_archived() {
    let w = world();
    let p =
        w.b.run(CreatePerson {
            draft: elder("孙国庆", &w.village),
        })
        .unwrap();
    let village = w.b.run(GetUnit { id: w.village.id }).unwrap();
    match w.b.run(ArchiveUnit {
        id: village.id,
        rev: village.rev,
    }) {
        Err(
            e @ Error::UnitHasPeople {
                elders: 1, team: 0, ..
            },
        ) => {
            assert!(e.message(Lang::Zh).contains("1 名在册五老"), "{e:?}");
            assert!(e.message(Lang::En).contains("1 elder(s)"), "{e:?}");
        }
        other => panic!("archived with an elder in it: {other:?}"),
    }
    assert!(w.b.run(GetUnit { id: w.village.id }).unwrap().is_live());

    // Moved out, the elder no longer holds the unit; a serving team does.
    let mut moved = ggw::domain::person::PersonDraft::of(&p);
    moved.unit = Some(w.district.id);
    w.b.run(UpdatePerson {
        id: p.id,
        rev: p.rev,
        draft: moved,
    })
    .unwrap();
    let position =
        w.b.run(Appoint {
            draft: PositionDraft {
                unit: w.village.id,
                person: p.id,
                role: Role::Director,
                from: Day::ymd(2024, 1, 1).unwrap(),
                doc: String::new(),
                area: String::new(),
            },
        })
        .unwrap();
    let village = w.b.run(GetUnit { id: w.village.id }).unwrap();
    assert!(matches!(
        w.b.run(ArchiveUnit {
            id: village.id,
            rev: village.rev
        }),
        Err(Error::UnitHasPeople {
            elders: 0,
            team: 1,
            ..
        })
    ));
    w.b.run(EndPosition {
        id: position.id,
        rev: position.rev,
        on: Day::today(),
    })
    .unwrap();
    let village = w.b.run(GetUnit { id: w.village.id }).unwrap();
    let archived =
        w.b.run(ArchiveUnit {
            id: village.id,
            rev: village.rev,
        })
        .unwrap();
    assert!(!archived.is_live());
}

fn app_over(b: LocalBackend, lang: Lang) -> ggw::tui::app::App {
    kit::app(b)
        .lang(lang)
        .theme(ggw::tui::theme::Theme::color())
        .size((100, 30))
        .build()
}

#[test]
fn the_program_refuses_a_future_meeting_marked_held_in_both_languages() {
    for (lang, said) in [(Lang::Zh, "晚于今天"), (Lang::En, "after today")] {
        let w = world();
        w.b.run(CreateSeries { draft: daily(&w) }).unwrap();
        let tomorrow = today() + Duration::days(1);
        let mut app = app_over(w.b, lang);
        app.feed(&format!("<tab><tab>g<c-u>{tomorrow}<ret><ret>H"))
            .unwrap();
        let status = app.status.as_ref().expect("a status line");
        assert!(
            status.error && status.text.contains(said),
            "{}",
            status.text
        );
    }
}

#[test]
fn the_person_form_shows_the_joining_date_it_will_count_from() {
    let w = world();
    let mut app = app_over(w.b, Lang::Zh);
    app.feed("<tab>a").unwrap();
    let form = app.form().expect("the person form");
    assert_eq!(form.value("joined"), Day::today().to_string());
    assert!(
        form.note.iter().any(|n| n.contains("登记当日")),
        "{:?}",
        form.note
    );
}

#[test]
fn an_elder_imported_without_a_joining_date_counts_from_the_import_day() {
    let t = temp_db();
    let db = &t.path;
    let ok = |args: &[&str]| {
        let o = run(db, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        kit::stdout(&o)
    };
    ok(&["init", "--district", "爱辉区"]);
    let csv = t.dir.path().join("roster.csv");
    std::fs::write(&csv, "姓名,所属单位,类别\n孟繁荣,爱辉区,老战士\n").unwrap();
    ok(&["people", "import", csv.to_str().unwrap()]);
    let card = ok(&["people", "show", "孟繁荣"]);
    let today = Day::today();
    assert!(
        card.contains(&format!("{today}（未填，按登记日计）")),
        "{card}"
    );
    let year = today.year();
    let report = |y: i32| {
        let out = ok(&[
            "report",
            "--from",
            &format!("{y}-01-01"),
            "--to",
            &format!("{y}-12-31"),
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        (
            v["people"]["on_roll_start"].as_u64().unwrap(),
            v["people"]["on_roll_end"].as_u64().unwrap(),
            v["people"]["joined"].as_u64().unwrap(),
        )
    };
    assert_eq!(report(year - 1), (0, 0, 0));
    assert_eq!(report(year), (0, 1, 1));
}
