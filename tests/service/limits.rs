//! Size limits at the service's door: whichever way a request comes (command
//! line, the service, `ggw serve`), text or a list over its limit is refused
//! naming the field, and nothing is saved.

use crate::kit;

use ggw::api::meetings::{GetMeetingPage, ResolveSeries};
use ggw::api::people::{AddReserve, CreatePerson, GetPerson, RecordTalk, ReserveDraft};
use ggw::api::units::ResolveUnit;
use ggw::backend::BackendExt;
use ggw::domain::day::Day;
use ggw::domain::limits::Limited;
use ggw::domain::person::{PersonDraft, Role, Talk, TalkOutcome};
use ggw::error::Error;
use ggw::lang::Lang;
use ggw::service::{Actor, Request};
use kit::{run, stderr, temp_db};

fn ok(db: &std::path::Path, args: &[&str]) {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
}

#[test]
fn long_person_notes_are_refused_on_the_command_line_and_nothing_is_saved() {
    let t = temp_db();
    ok(&t.path, &["init", "--district", "爱辉区"]);
    let notes = "n".repeat(131_000);
    let add = |lang: &str, notes: &str| {
        kit::ggw()
            .args(["--db", t.path.to_str().unwrap(), "--lang", lang])
            .args(["people", "add", "--name", "张立新", "--unit", "爱辉区"])
            .args(["--notes", notes])
            .output()
            .unwrap()
    };
    let o = add("zh", &notes);
    assert!(!o.status.success());
    let msg = stderr(&o);
    assert!(
        msg.contains("人员备注太长") && msg.contains("131000") && msg.contains("2000"),
        "{msg}"
    );
    let o = add("en", &notes);
    let msg = stderr(&o);
    assert!(
        msg.contains("a person's notes is too long (131000 characters, at most 2000"),
        "{msg}"
    );
    assert!(msg.contains("README"), "{msg}");
    let report = ggw::store::check::check(
        &ggw::store::Store::open(&t.path, &ggw::store::OpenOptions::default()).unwrap(),
    )
    .unwrap();
    assert_eq!(report.people, 0);
    // At the limit the same command saves.
    ok(
        &t.path,
        &[
            "people",
            "add",
            "--name",
            "张立新",
            "--unit",
            "爱辉区",
            "--notes",
            &"注".repeat(2_000),
        ],
    );
}

/// Each `meetings record` adds its decisions to those already there: the
/// list, not each command, is what is held to its limit.
#[test]
fn repeated_meetings_record_cannot_grow_the_decisions_past_their_limit() {
    let t = temp_db();
    ok(&t.path, &["init", "--district", "爱辉区"]);
    let mut series = kit::MONTHLY_OFFICE.to_vec();
    series.extend(["--count", "12"]);
    ok(&t.path, &series);
    let decision = "决".repeat(1_000);
    let mut args = vec!["meetings", "record", "主任办公会", "2025-02-03", "--held"];
    for _ in 0..28 {
        args.extend(["--decision", decision.as_str()]);
    }
    ok(&t.path, &args);
    let o = run(&t.path, &args);
    assert!(!o.status.success());
    let msg = stderr(&o);
    assert!(msg.contains("会议决定太多：56 项，最多 50 项"), "{msg}");
    let b = ggw::backend::LocalBackend::open(
        &t.path,
        &ggw::store::OpenOptions::default(),
        Actor::new("root"),
    )
    .unwrap();
    let s = b
        .run(ResolveSeries {
            given: "主任办公会".into(),
        })
        .unwrap();
    let date = chrono::NaiveDate::from_ymd_opt(2025, 2, 3).unwrap();
    let m = b
        .run(GetMeetingPage { series: s.id, date })
        .unwrap()
        .meeting;
    assert_eq!(m.decisions.len(), 28);
    // One decision longer than its limit is refused too.
    let long = "决".repeat(1_001);
    drop(b);
    let o = run(
        &t.path,
        &[
            "meetings",
            "record",
            "主任办公会",
            "2025-03-03",
            "--decision",
            &long,
        ],
    );
    assert!(
        stderr(&o).contains("决定事项太长：1001 个字"),
        "{}",
        stderr(&o)
    );
}

/// Talks are added one command at a time; the 201st finds the list full.
#[test]
fn a_person_holds_at_most_the_limit_of_talks() {
    let t = temp_db();
    let b = kit::district_backend(&t, "王主任");
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let p = b
        .run(CreatePerson {
            draft: kit::elder("张立新", &district),
        })
        .unwrap();
    let max = Limited::Talks.max();
    let batch: Vec<(Actor, Request)> = (0..=max as u64)
        .map(|i| {
            (
                Actor::new("王主任"),
                Request::from(RecordTalk {
                    id: p.id,
                    rev: p.rev + i,
                    talk: Talk {
                        date: Day::ymd(2024, 1, 1).unwrap(),
                        by: "王主任".into(),
                        summary: "谈".repeat(1_000),
                        outcome: TalkOutcome::Keep,
                    },
                }),
            )
        })
        .collect();
    let results = b.service().write_batch(batch);
    assert!(results[..max].iter().all(|r| r.is_ok()));
    let e = results[max].as_ref().unwrap_err();
    assert_eq!(
        *e,
        Error::TooLong {
            field: Limited::Talks,
            given: max + 1
        }
    );
    assert!(
        e.message(Lang::En)
            .contains("too many talks of one person (201, at most 200")
    );
    let stored = b.run(GetPerson { id: p.id }).unwrap();
    assert_eq!(stored.elder.unwrap().talks.len(), max);
}

/// The 16 MB reserve note the server once answered "saved": now refused,
/// and the server and the database after it are fine.
#[test]
fn a_huge_reserve_note_through_the_server_is_refused() {
    let dir = kit::TempDir::new("limits");
    let db = kit::init_db(dir.path());
    let server = kit::Server::start(&db, &dir.path().join("sock"));
    let b = server.connect();
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let p = b
        .run(CreatePerson {
            draft: PersonDraft {
                name: "李春梅".into(),
                unit: Some(district.id),
                ..PersonDraft::default()
            },
        })
        .unwrap();
    let draft = |note: String| ReserveDraft {
        unit: district.id,
        person: p.id,
        role: Role::Deputy,
        noted: Day::ymd(2024, 1, 10).unwrap(),
        note,
    };
    let e = b
        .run(AddReserve {
            draft: draft("备".repeat(4_000_000)),
        })
        .unwrap_err();
    assert_eq!(
        e,
        Error::TooLong {
            field: Limited::ReserveNote,
            given: 4_000_000
        }
    );
    b.run(AddReserve {
        draft: draft("换届储备".into()),
    })
    .unwrap();
    drop(b);
    assert!(server.terminate().success());
    let o = kit::run(&db, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = kit::run(&db, &["reserve", "list"]);
    assert!(kit::stdout(&o).contains("换届储备"), "{}", stderr(&o));
}

#[test]
fn figures_of_more_units_than_the_limit_are_refused_and_at_the_limit_answered() {
    use ggw::api::work::GetWorkFiguresOf;
    use ggw::domain::people_figures::Period;
    let w = kit::world().build();
    let root = w.unit("爱辉区").id;
    let period = Period {
        from: Day::ymd(2025, 1, 1).unwrap(),
        to: Day::ymd(2025, 12, 31).unwrap(),
    };
    let max = Limited::FigureUnits.max();
    let err =
        w.b.run(GetWorkFiguresOf {
            units: vec![root; max + 1],
            period,
        })
        .unwrap_err();
    assert!(
        matches!(err, Error::TooLong { field: Limited::FigureUnits, given } if given == max + 1),
        "{err:?}"
    );
    let answered =
        w.b.run(GetWorkFiguresOf {
            units: vec![root; 3],
            period,
        })
        .unwrap();
    assert_eq!(answered.len(), 3);
}
