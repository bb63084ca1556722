//! The people by name: every change to a person (registration, edit, move,
//! strike-off, import, voiding) keeps the index, a restore rebuilds it,
//! `ggw check` holds it against the people, and a database made before it
//! existed has it built when next opened. An import checks its rows by it,
//! and sees the people written earlier in the same batch.

use crate::kit;
use kit::{elder, village_world as world};

use ggw::api::admin::VoidRecord;
use ggw::api::people::{
    CreatePerson, ImportPeople, ImportRow, StrikeOff, StrikeOffPerson, UpdatePerson,
};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::RecordKind;
use ggw::domain::day::Day;
use ggw::domain::person::{PersonDraft, PersonId, RemovalReason};
use ggw::domain::unit::UnitId;
use ggw::error::Error;
use ggw::service::{Actor, Request};
use ggw::store::{Changes, OpenOptions, Store, TreeId, people_names};

/// (name, person id, unit id) of every entry, in key order.
fn entries(b: &LocalBackend) -> Vec<(String, u64, u64)> {
    b.service()
        .store()
        .raw_entries(TreeId::PeopleByName)
        .map(|kv| {
            let (k, v) = kv.unwrap();
            let name = String::from_utf8(k[..k.len() - 9].to_vec()).unwrap();
            assert_eq!(k[k.len() - 9], 0);
            let unit = u64::from_be_bytes(v.as_slice().try_into().unwrap());
            (name, people_names::id_of(&k).unwrap(), unit)
        })
        .collect()
}

fn row(line: usize, unit: &str, draft: PersonDraft) -> ImportRow {
    ImportRow {
        line,
        unit: unit.into(),
        draft: PersonDraft {
            unit: None,
            ..draft
        },
    }
}

fn import(rows: Vec<ImportRow>) -> ImportPeople {
    ImportPeople {
        rows,
        source: "名册.csv".into(),
        check_only: false,
        allow_namesakes: false,
    }
}

#[test]
fn every_change_to_a_person_keeps_the_index() {
    let w = world();
    let (v, dist) = (w.village.id.0, w.district.id.0);
    let a =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.village),
        })
        .unwrap();
    let b =
        w.b.run(CreatePerson {
            draft: elder("钱秀英", &w.village),
        })
        .unwrap();
    assert_eq!(
        entries(&w.b),
        [("赵德明".into(), a.id.0, v), ("钱秀英".into(), b.id.0, v)]
            .map(|(n, i, u): (String, u64, u64)| (n, i, u))
    );
    // Renamed: the old name's entry goes. Moved: the entry follows.
    let mut edit = PersonDraft::of(&a);
    edit.name = "赵德民".into();
    let a =
        w.b.run(UpdatePerson {
            id: a.id,
            rev: a.rev,
            draft: edit,
        })
        .unwrap();
    let mut moved = PersonDraft::of(&b);
    moved.unit = Some(w.district.id);
    let b =
        w.b.run(UpdatePerson {
            id: b.id,
            rev: b.rev,
            draft: moved,
        })
        .unwrap();
    // Struck off and voided people stay listed: the checks decide about them.
    w.b.run(StrikeOffPerson {
        id: b.id,
        rev: b.rev,
        strike: StrikeOff {
            on: Day::ymd(2024, 5, 1).unwrap(),
            reason: RemovalReason::Inactive,
            note: String::new(),
        },
    })
    .unwrap();
    w.b.run(VoidRecord {
        kind: RecordKind::Person,
        id: a.id.0,
        reason: "重复登记".into(),
    })
    .unwrap();
    let n =
        w.b.run(import(vec![
            row(2, "小乌斯力村", elder("孙志强", &w.village)),
            row(3, "爱辉区", elder("赵德明", &w.village)),
        ]))
        .unwrap();
    assert_eq!(n, 2);
    let (c, d) = (b.id.0 + 1, b.id.0 + 2);
    assert_eq!(
        entries(&w.b),
        [
            ("孙志强".to_string(), c, v),
            ("赵德明".to_string(), d, dist),
            ("赵德民".to_string(), a.id.0, v),
            ("钱秀英".to_string(), b.id.0, dist),
        ]
    );
    assert_eq!(
        people_names::named(w.b.service().store(), "赵德明").unwrap(),
        [(PersonId(d), UnitId(dist))]
    );
    assert!(
        people_names::named(w.b.service().store(), "赵德")
            .unwrap()
            .is_empty()
    );
    assert!(w.b.service().check().unwrap().is_clean());

    // A restore lists everyone again, from the records.
    let (_t, restored) = kit::restored_copy(&w.b, "wang");
    assert_eq!(entries(&restored), entries(&w.b));
}

#[test]
fn a_database_without_the_index_has_it_built_when_opened() {
    let t = kit::temp_db();
    let w = kit::district_backend(&t, "wang");
    let district = w
        .run(ggw::api::units::ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let a = w
        .run(CreatePerson {
            draft: elder("李建国", &district),
        })
        .unwrap();
    let b = w
        .run(CreatePerson {
            draft: elder("王淑珍", &district),
        })
        .unwrap();
    drop(w);
    // As a database written before the index existed.
    {
        let store = Store::open(&t.path, &OpenOptions::default()).unwrap();
        let mut c = Changes::default();
        for key in store.raw_keys(TreeId::PeopleByName) {
            c.delete(TreeId::PeopleByName, &key.unwrap());
        }
        c.delete(TreeId::Meta, people_names::BUILT.as_bytes());
        c.put_raw(TreeId::Meta, b"schema", &4u16.to_le_bytes());
        store.commit(c).unwrap();
        assert_eq!(store.len(TreeId::PeopleByName), 0);
    }
    let w = LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new("wang")).unwrap();
    assert_eq!(
        entries(&w),
        [
            ("李建国".to_string(), a.id.0, district.id.0),
            ("王淑珍".to_string(), b.id.0, district.id.0),
        ]
    );
    assert_eq!(
        w.service().store().meta_raw("schema").unwrap(),
        Some(ggw::store::SCHEMA_VERSION.to_le_bytes().to_vec())
    );
    assert!(w.service().check().unwrap().is_clean());
}

#[test]
fn check_reports_missing_stray_and_misplaced_entries() {
    let w = world();
    let a =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.village),
        })
        .unwrap();
    let store = w.b.service().store();
    let mut c = Changes::default();
    c.delete(TreeId::PeopleByName, &people_names::key("赵德明", a.id));
    c.put_raw(
        TreeId::PeopleByName,
        &people_names::key("赵德民", PersonId(77)),
        &w.village.id.0.to_be_bytes(),
    );
    store.commit(c).unwrap();
    let faults = w.b.service().check().unwrap().faults;
    assert_eq!(
        faults,
        [
            "people_by_name: stray entry for person 77".to_string(),
            format!("people_by_name: missing entry for person {}", a.id),
        ]
    );
    // The entry back, under the wrong unit.
    let mut c = Changes::default();
    c.delete(
        TreeId::PeopleByName,
        &people_names::key("赵德民", PersonId(77)),
    );
    c.put_raw(
        TreeId::PeopleByName,
        &people_names::key("赵德明", a.id),
        &w.district.id.0.to_be_bytes(),
    );
    store.commit(c).unwrap();
    let faults = w.b.service().check().unwrap().faults;
    assert_eq!(
        faults,
        [
            format!("people_by_name: stray entry for person {}", a.id),
            format!("people_by_name: missing entry for person {}", a.id),
        ]
    );
}

#[test]
fn an_import_finds_the_doubles_of_stored_people_by_the_index() {
    let w = world();
    let mut holder = elder("李建国", &w.village);
    holder.id_number = "11010519491231002X".into();
    holder.birth = None;
    let holder = w.b.run(CreatePerson { draft: holder }).unwrap();
    let twin =
        w.b.run(CreatePerson {
            draft: elder("张桂芳", &w.village),
        })
        .unwrap();
    let mut bare = elder("王淑珍", &w.village);
    bare.birth = None;
    let bare =
        w.b.run(CreatePerson {
            draft: bare.clone(),
        })
        .unwrap();

    let mut same_number = elder("李建华", &w.district);
    same_number.id_number = "11010519491231002X".into();
    same_number.birth = None;
    let mut bare_again = PersonDraft::of(&bare);
    bare_again.unit = None;
    let rows = vec![
        row(2, "爱辉区", same_number),
        row(3, "小乌斯力村", elder("张桂芳", &w.village)),
        // Same name and birth date in another unit: someone else.
        row(4, "爱辉区", elder("张桂芳", &w.village)),
        row(5, "小乌斯力村", bare_again),
    ];
    let Err(Error::ImportRejected { problems }) = w.b.run(import(rows.clone())) else {
        panic!("accepted");
    };
    let lines: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.en.as_str())).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0].0, 2);
    assert!(lines[0].1.contains(&format!("#{}", holder.id)), "{lines:?}");
    assert_eq!(lines[1].0, 3);
    assert!(lines[1].1.contains(&format!("#{}", twin.id)), "{lines:?}");
    assert_eq!(lines[2].0, 5);
    assert!(
        lines[2]
            .1
            .starts_with(&format!("this row repeats #{} 王淑珍", bare.id)),
        "{lines:?}"
    );
    // With namesakes allowed, only the row of the bare register passes too.
    let Err(Error::ImportRejected { problems }) = w.b.run(ImportPeople {
        allow_namesakes: true,
        ..import(rows)
    }) else {
        panic!("accepted");
    };
    assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3]);
}

#[test]
fn an_import_sees_the_people_written_before_it_in_the_same_batch() {
    let w = world();
    let svc = w.b.service();
    let actor = Actor::new("wang");
    let results = svc.write_batch(vec![
        (
            actor.clone(),
            Request::from(CreatePerson {
                draft: elder("赵德明", &w.village),
            }),
        ),
        (
            actor.clone(),
            Request::from(import(vec![row(
                2,
                "小乌斯力村",
                elder("赵德明", &w.village),
            )])),
        ),
    ]);
    assert!(results[0].is_ok());
    assert!(
        matches!(&results[1], Err(Error::ImportRejected { problems }) if problems[0].line == 2),
        "{:?}",
        results[1]
    );
    // An import first: a second import and a registration in the same
    // batch see its people, and after the commit the store has them.
    let results = svc.write_batch(vec![
        (
            actor.clone(),
            Request::from(import(vec![row(
                2,
                "小乌斯力村",
                elder("孙志强", &w.village),
            )])),
        ),
        (
            actor.clone(),
            Request::from(import(vec![row(
                7,
                "小乌斯力村",
                elder("孙志强", &w.village),
            )])),
        ),
        (
            actor.clone(),
            Request::from(CreatePerson {
                draft: elder("孙志强", &w.village),
            }),
        ),
    ]);
    assert!(results[0].is_ok(), "{:?}", results[0]);
    assert!(
        matches!(&results[1], Err(Error::ImportRejected { problems }) if problems[0].line == 7),
        "{:?}",
        results[1]
    );
    assert!(
        matches!(&results[2], Err(Error::DuplicateNameBirth { .. })),
        "{:?}",
        results[2]
    );
    assert_eq!(
        entries(&w.b)
            .iter()
            .map(|e| e.0.as_str())
            .collect::<Vec<_>>(),
        ["孙志强", "赵德明"]
    );
    // Alone in its batch, the same row is now a double of the stored one.
    let Err(Error::ImportRejected { problems }) = w.b.run(import(vec![row(
        4,
        "小乌斯力村",
        elder("孙志强", &w.village),
    )])) else {
        panic!("accepted");
    };
    assert_eq!(problems[0].line, 4);
    assert!(w.b.service().check().unwrap().is_clean());
}
