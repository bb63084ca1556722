//! The days each person is named on a work record, one entry per person:
//! written with every add, edit, void and import, written again by
//! a restore, held against the records by `ggw check` and mended by `ggw
//! repair`, built when a database made before it is next opened, and read
//! by the under-active queue, which gives the same answers from it as from
//! the by-person index. Answers worked out by hand.

use crate::kit;

use ggw::api::admin::Repair;
use ggw::api::people::{CreatePerson, GetReportFigures};
use ggw::api::work::{AddWork, ImportWork, UpdateWork, VoidWork, WorkImportRow};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::people_figures::Period;
use ggw::domain::person::Person;
use ggw::domain::work_item::{ActivityDraft, WorkDraft, WorkItem, WorkList};
use ggw::domain::{OrgUnit, UnitKind};
use ggw::service::Actor;
use ggw::store::{Changes, OpenOptions, Store, TreeId, person_days};

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn elder(b: &LocalBackend, name: &str, unit: &OrgUnit) -> Person {
    b.run(CreatePerson {
        draft: kit::elder(name, unit),
    })
    .unwrap()
}

/// A title of its own each time: two activities of a unit on a day with
/// the same title are refused as one typed twice.
fn activity(unit: &OrgUnit, date: Day, elders: &[&Person]) -> ActivityDraft {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let elders: Vec<_> = elders.iter().map(|p| p.id).collect();
    kit::activity_draft(unit.id, date, &format!("读书会 {n}"), &elders)
}

fn took_part(b: &LocalBackend, unit: &OrgUnit, date: Day, elders: &[&Person]) -> WorkItem {
    b.run(AddWork {
        draft: WorkDraft::Activity(activity(unit, date, elders)),
    })
    .unwrap()
}

/// Every entry of the tree: (person, [(day, records that day)]).
fn entries(store: &Store) -> Vec<(u64, Vec<(Day, u32)>)> {
    store
        .raw_entries(TreeId::PersonDays)
        .map(|kv| {
            let (k, v) = kv.unwrap();
            let p = u64::from_be_bytes(k.as_slice().try_into().unwrap());
            (p, person_days::decode(&v).unwrap())
        })
        .collect()
}

fn village() -> kit::World {
    kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .build()
}

#[test]
fn every_write_of_a_work_record_keeps_the_days_in_step() {
    let w = village();
    let east = w.unit("东村").clone();
    let wang = elder(&w.b, "王老师", &east);
    let li = elder(&w.b, "李大夫", &east);
    let zhang = elder(&w.b, "张医生", &east);
    let store = w.b.service().store();

    let both = took_part(&w.b, &east, d(2025, 3, 1), &[&wang, &li]);
    took_part(&w.b, &east, d(2025, 3, 1), &[&wang]);
    let lis = took_part(&w.b, &east, d(2025, 5, 10), &[&li]);
    assert_eq!(
        entries(store),
        [
            (wang.id.0, vec![(d(2025, 3, 1), 2)]),
            (li.id.0, vec![(d(2025, 3, 1), 1), (d(2025, 5, 10), 1)]),
        ]
    );

    // Moved to another day, 李 taken off: one of 王's two records leaves
    // 03-01 for 04-02, and 李 keeps only 05-10.
    w.b.run(UpdateWork {
        id: both.id(),
        rev: both.rev(),
        draft: WorkDraft::Activity(activity(&east, d(2025, 4, 2), &[&wang])),
    })
    .unwrap();
    assert_eq!(
        entries(store),
        [
            (wang.id.0, vec![(d(2025, 3, 1), 1), (d(2025, 4, 2), 1)]),
            (li.id.0, vec![(d(2025, 5, 10), 1)]),
        ]
    );

    // Voided, 李's last record takes his entry with it.
    w.b.run(VoidWork {
        id: lis.id(),
        rev: lis.rev(),
        reason: "重复登记".into(),
    })
    .unwrap();
    assert_eq!(
        entries(store),
        [(wang.id.0, vec![(d(2025, 3, 1), 1), (d(2025, 4, 2), 1)])]
    );
    took_part(&w.b, &east, d(2025, 5, 10), &[&li]);

    // An import, in one commit: 王 once more on 07-01, 张 twice.
    let row = |line: usize, people: &[&str]| WorkImportRow {
        line,
        unit: "东村".into(),
        people: people.iter().map(|s| s.to_string()).collect(),
        draft: WorkDraft::Activity(activity(&east, d(2025, 7, 1), &[])),
    };
    w.b.run(ImportWork {
        list: WorkList::Activities,
        rows: vec![row(2, &["王老师", "张医生"]), row(3, &["张医生"])],
        source: "a.csv".into(),
        check_only: false,
    })
    .unwrap();
    let expected = vec![
        (
            wang.id.0,
            vec![(d(2025, 3, 1), 1), (d(2025, 4, 2), 1), (d(2025, 7, 1), 1)],
        ),
        (li.id.0, vec![(d(2025, 5, 10), 1)]),
        (zhang.id.0, vec![(d(2025, 7, 1), 2)]),
    ];
    assert_eq!(entries(store), expected);
    let faults = w.b.service().check().unwrap().faults;
    assert!(faults.is_empty(), "{faults:?}");

    // A restore writes the tree again from the records it restores.
    let (_t, restored) = kit::restored_copy(&w.b, "王主任");
    assert_eq!(entries(restored.service().store()), expected);
}

/// (person, last activity) of the district's under-active queue, and its
/// count, from the report of the whole tree (which walks the tree of days
/// beside the roll).
fn whole_queue(b: &LocalBackend) -> (Vec<(u64, Option<Day>)>, usize) {
    let all = b
        .run(GetReportFigures {
            unit: None,
            period: Period {
                from: d(2025, 1, 1),
                to: d(2025, 12, 31),
            },
            under_active_months: 6,
        })
        .unwrap();
    let mut q: Vec<_> = all[0]
        .under_active
        .iter()
        .map(|u| (u.person.0, u.last_activity))
        .collect();
    q.sort();
    (q, all[0].under_active_count)
}

/// Deletes the tree and its mark, as in a database made before it.
fn as_made_before_the_tree(store: &Store) {
    let mut c = Changes::default();
    for key in store.raw_keys(TreeId::PersonDays) {
        c.delete(TreeId::PersonDays, &key.unwrap());
    }
    c.delete(TreeId::Meta, person_days::BUILT.as_bytes());
    c.put_raw(TreeId::Meta, b"schema", &6u16.to_le_bytes());
    store.commit(c).unwrap();
}

#[test]
fn the_queue_at_the_edges_of_the_window_and_the_period_and_after_an_upgrade() {
    let w = village();
    let east = w.unit("东村").clone();
    // The six months before 2025-12-31 run back to 2025-06-30, inside them.
    let on_cutoff = elder(&w.b, "王老师", &east);
    let day_before_cutoff = elder(&w.b, "李大夫", &east);
    let on_period_end = elder(&w.b, "张医生", &east);
    let day_after_end = elder(&w.b, "赵老师", &east);
    let never = elder(&w.b, "孙老师", &east);
    took_part(&w.b, &east, d(2025, 6, 30), &[&on_cutoff]);
    took_part(&w.b, &east, d(2025, 6, 29), &[&day_before_cutoff]);
    let last = took_part(&w.b, &east, d(2025, 12, 31), &[&on_period_end]);
    took_part(&w.b, &east, d(2026, 1, 1), &[&day_after_end]);
    // Twice on the day before the cutoff: still one day, and still queued.
    took_part(&w.b, &east, d(2025, 6, 29), &[&day_before_cutoff]);
    let by_hand = vec![
        (day_before_cutoff.id.0, Some(d(2025, 6, 29))),
        (day_after_end.id.0, None),
        (never.id.0, None),
    ];
    assert_eq!(whole_queue(&w.b), (by_hand.clone(), 3));

    // Voided, the period's last day no longer keeps 张 off the queue.
    w.b.run(VoidWork {
        id: last.id(),
        rev: last.rev(),
        reason: "重复登记".into(),
    })
    .unwrap();
    let mut voided = by_hand.clone();
    voided.insert(1, (on_period_end.id.0, None));
    voided.sort();
    assert_eq!(whole_queue(&w.b), (voided.clone(), 4));

    // Without the tree (a database made before it, not yet written to) the
    // by-person index answers the same.
    let store = w.b.service().store();
    let days = entries(store);
    assert_eq!(days.len(), 3);
    as_made_before_the_tree(store);
    assert_eq!(whole_queue(&w.b), (voided.clone(), 4));

    // Opened again, the tree is built from the index and the schema raised.
    let path = w.dir.path.clone();
    let kit::World { b, dir, .. } = w;
    drop(b);
    let b = LocalBackend::open(&path, &OpenOptions::default(), Actor::new("王主任")).unwrap();
    let store = b.service().store();
    assert_eq!(entries(store), days);
    assert_eq!(
        store.meta_raw("schema").unwrap(),
        Some(ggw::store::SCHEMA_VERSION.to_le_bytes().to_vec())
    );
    assert_eq!(ggw::store::SCHEMA_VERSION, 8);
    assert!(b.service().check().unwrap().is_clean());
    assert_eq!(whole_queue(&b), (voided, 4));
    drop(dir);
}

#[test]
fn check_names_a_damaged_entry_by_its_person_and_repair_mends_it() {
    let w = village();
    let east = w.unit("东村").clone();
    let wang = elder(&w.b, "王老师", &east);
    let li = elder(&w.b, "李大夫", &east);
    took_part(&w.b, &east, d(2025, 3, 1), &[&wang, &li]);
    took_part(&w.b, &east, d(2025, 3, 8), &[&li]);
    let store = w.b.service().store();
    let good = entries(store);

    let mut c = Changes::default();
    c.delete(TreeId::PersonDays, &person_days::key(wang.id));
    // 李 on 03-01 only, not on 03-08.
    c.put_raw(
        TreeId::PersonDays,
        &person_days::key(li.id),
        &person_days::encode(&[(d(2025, 3, 1), 1)]),
    );
    c.put_raw(
        TreeId::PersonDays,
        &9_999u64.to_be_bytes(),
        &person_days::encode(&[(d(2025, 3, 1), 1)]),
    );
    store.commit(c).unwrap();
    assert_eq!(
        w.b.service().check().unwrap().faults,
        [
            format!("person_days: missing entry for person {}", wang.id),
            format!(
                "person_days: person {} has days that are not those of their records",
                li.id
            ),
            "person_days: stray entry for person 9999".to_string(),
        ]
    );

    let report = w.b.run(Repair { purge: false }).unwrap();
    assert_eq!((report.quarantined.len(), report.index_entries), (0, 3));
    assert_eq!(entries(store), good);
    assert!(w.b.service().check().unwrap().is_clean());
    // Nothing left to mend.
    let again = w.b.run(Repair { purge: false }).unwrap();
    assert_eq!(again.index_entries, 0);
}
