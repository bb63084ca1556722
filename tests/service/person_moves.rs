//! The moves index: an edit that moves a person writes its entry with the
//! audit entry, an edit that does not writes none, `ggw check` holds it
//! against the log, a restore writes it again, a database made before it
//! existed has it built when next opened, and the figures of part of the
//! hierarchy place people by it on the days at the period's edges.
//! Answers worked out by hand.

use crate::kit;

use chrono::{Local, TimeZone};
use ggw::api::people::{CreatePerson, GetPeopleFigures, GetReportFigures, UpdatePerson};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::{AuditAction, AuditEntry, RecordKind};
use ggw::domain::day::Day;
use ggw::domain::people_figures::{PeopleFigures, Period};
use ggw::domain::person::{Person, PersonDraft};
use ggw::domain::unit::{OrgUnit, UnitId, UnitKind};
use ggw::service::Actor;
use ggw::store::{Changes, OpenOptions, Store, TreeId, person_moves};

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn after(day: Day, n: i64) -> Day {
    Day::from_date(day.date() + chrono::Duration::days(n))
}

/// (person, unit left, unit joined) of every entry, in key order.
fn entries(b: &LocalBackend) -> Vec<(u64, u64, u64)> {
    person_moves::since(b.service().store(), i64::MIN)
        .unwrap()
        .into_iter()
        .map(|m| (m.person.0, m.from.0, m.to.0))
        .collect()
}

fn two_townships() -> kit::World {
    kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("爱辉区", UnitKind::Township, "西岗子镇")
        .build()
}

fn elder(b: &LocalBackend, name: &str, unit: &OrgUnit) -> Person {
    b.run(CreatePerson {
        draft: kit::elder(name, unit),
    })
    .unwrap()
}

fn move_to(b: &LocalBackend, p: &Person, unit: &OrgUnit) -> Person {
    let mut draft = PersonDraft::of(p);
    draft.unit = Some(unit.id);
    b.run(UpdatePerson {
        id: p.id,
        rev: p.rev,
        draft,
    })
    .unwrap()
}

/// (on roll at the start, on roll at the end) of each row below the
/// district, by unit name.
fn rows(b: &LocalBackend, from: Day, to: Day) -> Vec<(String, usize, usize)> {
    let all = b
        .run(GetReportFigures {
            unit: None,
            period: Period { from, to },
            under_active_months: 6,
        })
        .unwrap();
    all[1..]
        .iter()
        .map(|f| {
            let name = f.unit_path.rsplit('/').next().unwrap().to_string();
            (name, f.on_roll_start, f.on_roll_end)
        })
        .collect()
}

fn of(b: &LocalBackend, unit: &OrgUnit, from: Day, to: Day) -> PeopleFigures {
    b.run(GetPeopleFigures {
        unit: Some(unit.id),
        period: Period { from, to },
        under_active_months: 6,
    })
    .unwrap()
}

fn row(name: &str, start: usize, end: usize) -> (String, usize, usize) {
    (name.to_string(), start, end)
}

#[test]
fn a_move_made_today_places_its_person_by_the_edges_of_the_period() {
    let w = two_townships();
    let (si, xi) = (w.unit("四嘉子乡").clone(), w.unit("西岗子镇").clone());
    let moved = elder(&w.b, "王老师", &si);
    let renamed = elder(&w.b, "李大夫", &si);
    let moved = move_to(&w.b, &moved, &xi);
    let mut draft = PersonDraft::of(&renamed);
    draft.name = "李大伟".into();
    w.b.run(UpdatePerson {
        id: renamed.id,
        rev: renamed.rev,
        draft,
    })
    .unwrap();
    // Only the move is indexed.
    assert_eq!(entries(&w.b), [(moved.id.0, si.id.0, xi.id.0)]);
    assert!(w.b.service().check().unwrap().is_clean());

    let today = Day::today();
    // From today: at the end of yesterday 王老师 was in 四嘉子乡, at the end
    // of the period in 西岗子镇.
    assert_eq!(
        rows(&w.b, today, after(today, 30)),
        [row("四嘉子乡", 2, 1), row("西岗子镇", 0, 1)]
    );
    // From tomorrow: moved before the period began.
    assert_eq!(
        rows(&w.b, after(today, 1), after(today, 30)),
        [row("四嘉子乡", 1, 1), row("西岗子镇", 1, 1)]
    );
    // Up to yesterday: the move comes after the period.
    assert_eq!(
        rows(&w.b, after(today, -30), after(today, -1)),
        [row("四嘉子乡", 2, 2), row("西岗子镇", 0, 0)]
    );
    // Ending today: in 西岗子镇 at the end of the period's last day.
    assert_eq!(
        rows(&w.b, after(today, -30), today),
        [row("四嘉子乡", 2, 1), row("西岗子镇", 0, 1)]
    );
    let f = of(&w.b, &si, today, after(today, 30));
    assert_eq!((f.on_roll_start, f.on_roll_end), (2, 1));
    let f = of(&w.b, &xi, after(today, 1), after(today, 30));
    assert_eq!((f.on_roll_start, f.on_roll_end), (1, 1));
}

/// Commits the audit entry of a move made at `at` (with its index entry,
/// as the service writes them), for a person already in `to`.
fn moved_at(store: &Store, p: &Person, from: UnitId, to: UnitId, at: i64) {
    let json = |u: UnitId| Some(format!(r#"{{"id":{},"unit":{}}}"#, p.id.0, u.0));
    let entry = AuditEntry {
        id: store.next_id(TreeId::Audit),
        at,
        user: "wang".into(),
        action: AuditAction::Update,
        kind: RecordKind::Person,
        record: p.id.0,
        unit: None,
        label: p.name.clone(),
        before: json(from),
        after: json(to),
    };
    let mut c = Changes::default();
    c.put(TreeId::Audit, entry.id, &entry);
    person_moves::note(&mut c, &entry);
    store.commit(c).unwrap();
}

fn local(y: i32, m: u32, day: u32, h: u32, min: u32) -> i64 {
    Local
        .with_ymd_and_hms(y, m, day, h, min, 0)
        .single()
        .unwrap()
        .timestamp()
}

#[test]
fn moves_of_past_days_count_on_their_local_day() {
    let w = two_townships();
    let (si, xi) = (w.unit("四嘉子乡").clone(), w.unit("西岗子镇").clone());
    // Both are in 西岗子镇 now, on the roll since 2021-05-01; 王老师 left
    // 四嘉子乡 on 2022-03-10 at noon, 李大夫 half an hour into 2022-03-11.
    let wang = elder(&w.b, "王老师", &xi);
    let li = elder(&w.b, "李大夫", &xi);
    let store = w.b.service().store();
    moved_at(store, &wang, si.id, xi.id, local(2022, 3, 10, 12, 0));
    moved_at(store, &li, si.id, xi.id, local(2022, 3, 11, 0, 30));
    let faults = w.b.service().check().unwrap().faults;
    assert!(faults.is_empty(), "{faults:?}");

    // From 2022-03-10: both in 四嘉子乡 at the end of the 9th; both gone by
    // the end of the period.
    assert_eq!(
        rows(&w.b, d(2022, 3, 10), d(2022, 6, 30)),
        [row("四嘉子乡", 2, 0), row("西岗子镇", 0, 2)]
    );
    // From the 11th: 王老师 left the day before it began, 李大夫 on its
    // first day.
    assert_eq!(
        rows(&w.b, d(2022, 3, 11), d(2022, 6, 30)),
        [row("四嘉子乡", 1, 0), row("西岗子镇", 1, 2)]
    );
    // From the 12th: both moves before the period.
    assert_eq!(
        rows(&w.b, d(2022, 3, 12), d(2022, 6, 30)),
        [row("四嘉子乡", 0, 0), row("西岗子镇", 2, 2)]
    );
    // Ending on the 10th: 王老师 moved on the last day, 李大夫 after it.
    assert_eq!(
        rows(&w.b, d(2022, 1, 1), d(2022, 3, 10)),
        [row("四嘉子乡", 2, 1), row("西岗子镇", 0, 1)]
    );
    let f = of(&w.b, &si, d(2022, 3, 11), d(2022, 3, 11));
    assert_eq!((f.on_roll_start, f.on_roll_end), (1, 0));
    // The person index of the rows agrees with the people themselves.
    assert_eq!(
        entries(&w.b),
        [(wang.id.0, si.id.0, xi.id.0), (li.id.0, si.id.0, xi.id.0)]
    );
}

#[test]
fn a_database_without_the_index_has_it_built_when_opened() {
    let w = two_townships();
    let (si, xi) = (w.unit("四嘉子乡").clone(), w.unit("西岗子镇").clone());
    let p = elder(&w.b, "王老师", &si);
    let p = move_to(&w.b, &p, &xi);
    let path = w.dir.path.clone();
    let expected = entries(&w.b);
    assert_eq!(expected, [(p.id.0, si.id.0, xi.id.0)]);
    let kit::World { b, dir, .. } = w;
    drop(b);
    // As a database written before the index existed.
    {
        let store = Store::open(&path, &OpenOptions::default()).unwrap();
        let mut c = Changes::default();
        for key in store.raw_keys(TreeId::PersonMoves) {
            c.delete(TreeId::PersonMoves, &key.unwrap());
        }
        c.delete(TreeId::Meta, person_moves::BUILT.as_bytes());
        c.put_raw(TreeId::Meta, b"schema", &5u16.to_le_bytes());
        store.commit(c).unwrap();
        assert_eq!(store.len(TreeId::PersonMoves), 0);
    }
    let b = LocalBackend::open(&path, &OpenOptions::default(), Actor::new("王主任")).unwrap();
    assert_eq!(entries(&b), expected);
    assert_eq!(
        b.service().store().meta_raw("schema").unwrap(),
        Some(ggw::store::SCHEMA_VERSION.to_le_bytes().to_vec())
    );
    assert!(b.service().check().unwrap().is_clean());
    drop(dir);
}

#[test]
fn check_names_missing_and_stray_entries_and_a_restore_writes_them_again() {
    let w = two_townships();
    let (si, xi) = (w.unit("四嘉子乡").clone(), w.unit("西岗子镇").clone());
    let p = elder(&w.b, "王老师", &si);
    let p = move_to(&w.b, &p, &xi);
    let expected = entries(&w.b);

    // A restore indexes the move again, from the log.
    let (_t, restored) = kit::restored_copy(&w.b, "王主任");
    assert_eq!(entries(&restored), expected);

    let store = w.b.service().store();
    let keys: Vec<Vec<u8>> = store
        .raw_keys(TreeId::PersonMoves)
        .map(|k| k.unwrap())
        .collect();
    let mut c = Changes::default();
    c.delete(TreeId::PersonMoves, &keys[0]);
    let stray = AuditEntry {
        id: 999,
        at: 0,
        user: "wang".into(),
        action: AuditAction::Update,
        kind: RecordKind::Person,
        record: 77,
        unit: None,
        label: String::new(),
        before: Some(r#"{"unit":1}"#.into()),
        after: Some(r#"{"unit":2}"#.into()),
    };
    person_moves::note(&mut c, &stray);
    store.commit(c).unwrap();
    assert_eq!(
        w.b.service().check().unwrap().faults,
        [
            "person_moves: stray entry for person 77".to_string(),
            format!("person_moves: missing entry for person {}", p.id),
        ]
    );
}
