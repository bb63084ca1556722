//! The elder counts kept per unit: in step with every change to people,
//! built for a database that lacks them, held against a recount by
//! `ggw check`; and persons read only when something needs them all.

use crate::kit;

use ggw::api::admin::Info;
use ggw::api::people::{
    Appoint, CreatePerson, GetPerson, GetUnitPeople, ImportPeople, ImportRow, ListPeople,
    ListPositions, PeopleFilter, Reregister, ResolvePerson, StrikeOff, StrikeOffPerson,
    UpdatePerson,
};
use ggw::api::units::ListUnits;
use ggw::backend::{Backend, BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::person::{PersonDraft, RemovalReason};
use ggw::domain::{OrgUnit, UnitKind};
use ggw::service::{Actor, Request};
use ggw::store::elder_counts::ElderCount;
use ggw::store::{Changes, OpenOptions, Store, TreeId, id_key};
use kit::{elder, elder_anywhere};

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

struct World {
    t: kit::TempDb,
    b: LocalBackend,
    district: OrgUnit,
    township: OrgUnit,
    east: OrgUnit,
    west: OrgUnit,
}

fn world() -> World {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .unit("四嘉子乡", UnitKind::Village, "西村")
        .build();
    World {
        township: w.unit("四嘉子乡").clone(),
        east: w.unit("东村").clone(),
        west: w.unit("西村").clone(),
        district: w.district,
        t: w.dir,
        b: w.b,
    }
}

impl World {
    fn reopen(self) -> World {
        let World {
            t,
            b,
            district,
            township,
            east,
            west,
        } = self;
        drop(b);
        let b = LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new("王主任")).unwrap();
        World {
            t,
            b,
            district,
            township,
            east,
            west,
        }
    }

    /// (here, on the roll below, struck off below) as the unit card shows them.
    fn card(&self, unit: &OrgUnit) -> (usize, usize, usize) {
        let p = self.b.run(GetUnitPeople { unit: unit.id }).unwrap();
        (p.elders_here, p.elders_below, p.struck_off_below)
    }

    fn assert_checks(&self) {
        let report = self.b.service().check().unwrap();
        assert!(report.is_clean(), "{:?}", report.faults);
    }
}

fn import_row(line: usize, name: &str, unit: &str) -> ImportRow {
    ImportRow {
        line,
        unit: unit.into(),
        draft: elder_anywhere(name),
    }
}

#[test]
fn counts_follow_every_change_to_people() {
    let w = world();
    assert_eq!(w.card(&w.district), (0, 0, 0));
    let a =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.east),
        })
        .unwrap();
    let b =
        w.b.run(CreatePerson {
            draft: elder("钱秀英", &w.east),
        })
        .unwrap();
    // Not an elder: not counted.
    w.b.run(CreatePerson {
        draft: PersonDraft {
            elder: None,
            ..elder("孙主任", &w.east)
        },
    })
    .unwrap();
    assert_eq!(w.card(&w.east), (2, 2, 0));
    assert_eq!(w.card(&w.township), (0, 2, 0));
    assert_eq!(w.card(&w.district), (0, 2, 0));

    // Moved to the other village.
    let mut moved = PersonDraft::of(&a);
    moved.unit = Some(w.west.id);
    let a =
        w.b.run(UpdatePerson {
            id: a.id,
            rev: a.rev,
            draft: moved,
        })
        .unwrap();
    assert_eq!(w.card(&w.east), (1, 1, 0));
    assert_eq!(w.card(&w.west), (1, 1, 0));
    assert_eq!(w.card(&w.township), (0, 2, 0));

    // Struck off: still counted, as struck off.
    let a =
        w.b.run(StrikeOffPerson {
            id: a.id,
            rev: a.rev,
            strike: StrikeOff {
                on: d(2024, 1, 10),
                reason: RemovalReason::Moved,
                note: String::new(),
            },
        })
        .unwrap();
    assert_eq!(w.card(&w.west), (0, 0, 1));
    assert_eq!(w.card(&w.district), (0, 1, 1));

    // Re-registering changes no count; a refused one changes nothing.
    assert_eq!(
        w.b.run(Reregister {
            people: vec![(b.id, b.rev)],
            on: d(2025, 1, 1)
        })
        .unwrap(),
        1
    );
    assert!(
        w.b.run(Reregister {
            people: vec![(a.id, a.rev)],
            on: d(2025, 1, 1)
        })
        .is_err()
    );
    assert_eq!(w.card(&w.district), (0, 1, 1));

    // An import, and a refused one.
    let rows = vec![
        import_row(2, "周文华", "东村"),
        import_row(3, "吴建设", "西村"),
        import_row(4, "郑淑珍", "爱辉区"),
    ];
    assert_eq!(
        w.b.run(ImportPeople {
            rows,
            source: "名单.xlsx".into(),
            check_only: false,
            allow_namesakes: false
        })
        .unwrap(),
        3
    );
    let refused = vec![
        import_row(2, "冯志强", "东村"),
        import_row(3, "冯志强", "东村"),
    ];
    assert!(
        w.b.run(ImportPeople {
            rows: refused,
            source: "重复.xlsx".into(),
            check_only: false,
            allow_namesakes: false
        })
        .is_err()
    );
    assert_eq!(w.card(&w.east), (2, 2, 0));
    assert_eq!(w.card(&w.west), (1, 1, 1));
    assert_eq!(w.card(&w.district), (1, 4, 1));
    w.assert_checks();

    // What was stored is what the next open reads.
    let w = w.reopen();
    assert_eq!(w.card(&w.east), (2, 2, 0));
    assert_eq!(w.card(&w.west), (1, 1, 1));
    assert_eq!(w.card(&w.district), (1, 4, 1));
    w.assert_checks();
}

#[test]
fn a_batch_counts_each_write_once_and_a_refused_one_not_at_all() {
    let w = world();
    let a =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.east),
        })
        .unwrap();
    let mut moved = PersonDraft::of(&a);
    moved.unit = Some(w.west.id);
    let results = w.b.call_many(vec![
        Request::from(CreatePerson {
            draft: elder("钱秀英", &w.east),
        }),
        Request::from(UpdatePerson {
            id: a.id,
            rev: a.rev,
            draft: moved.clone(),
        }),
        // Stale: refused, and must not move the count again.
        Request::from(UpdatePerson {
            id: a.id,
            rev: a.rev,
            draft: PersonDraft {
                unit: Some(w.district.id),
                ..moved
            },
        }),
    ]);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(results[2].is_err());
    assert_eq!(w.card(&w.east), (1, 1, 0));
    assert_eq!(w.card(&w.west), (1, 1, 0));
    assert_eq!(w.card(&w.district), (0, 2, 0));
    w.assert_checks();
}

#[test]
fn a_large_import_keeps_the_counts_it_raises() {
    let w = world();
    w.b.run(CreatePerson {
        draft: elder("赵德明", &w.east),
    })
    .unwrap();
    // Enough rows for the commit to be written in parts.
    let rows: Vec<ImportRow> = (0..1200)
        .map(|i| {
            let mut r = import_row(i + 2, &format!("王{}", hanzi(i)), "东村");
            r.draft.birth = Some(d(1950, 1, 1));
            r
        })
        .collect();
    assert_eq!(
        w.b.run(ImportPeople {
            rows,
            source: "大名单.xlsx".into(),
            check_only: false,
            allow_namesakes: false
        })
        .unwrap(),
        1200
    );
    assert_eq!(w.card(&w.east), (1201, 1201, 0));
    w.assert_checks();
    let w = w.reopen();
    assert_eq!(w.card(&w.district), (0, 1201, 0));
    w.assert_checks();
}

/// A distinct two-character given name for each `i`.
fn hanzi(i: usize) -> String {
    const CHARS: &str = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸春夏秋冬东南西北中华安康";
    let chars: Vec<char> = CHARS.chars().collect();
    let n = chars.len();
    [chars[i % n], chars[(i / n) % n], chars[(i / n / n) % n]]
        .iter()
        .collect()
}

#[test]
fn a_database_without_counts_gets_them_at_open() {
    let w = world();
    w.b.run(CreatePerson {
        draft: elder("赵德明", &w.east),
    })
    .unwrap();
    let b =
        w.b.run(CreatePerson {
            draft: elder("钱秀英", &w.west),
        })
        .unwrap();
    w.b.run(StrikeOffPerson {
        id: b.id,
        rev: b.rev,
        strike: StrikeOff {
            on: d(2024, 1, 10),
            reason: RemovalReason::Moved,
            note: String::new(),
        },
    })
    .unwrap();
    let World {
        t,
        b,
        district,
        east,
        west,
        ..
    } = w;
    drop(b);
    // As a database written before the counts existed.
    {
        let store = Store::open(&t.path, &OpenOptions::default()).unwrap();
        let mut c = Changes::default();
        for key in store.raw_keys(TreeId::ElderCounts) {
            c.delete(TreeId::ElderCounts, &key.unwrap());
        }
        c.delete(TreeId::Meta, ggw::store::elder_counts::BUILT.as_bytes());
        c.put_raw(TreeId::Meta, b"schema", &1u16.to_le_bytes());
        store.commit(c).unwrap();
        assert_eq!(store.len(TreeId::ElderCounts), 0);
    }
    let b = LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new("王主任")).unwrap();
    let card = |u: &OrgUnit| {
        let p = b.run(GetUnitPeople { unit: u.id }).unwrap();
        (p.elders_here, p.elders_below, p.struck_off_below)
    };
    assert_eq!(card(&east), (1, 1, 0));
    assert_eq!(card(&west), (0, 0, 1));
    assert_eq!(card(&district), (0, 1, 1));
    assert_eq!(b.run(Info {}).unwrap().schema, ggw::store::SCHEMA_VERSION);
    assert!(b.service().check().unwrap().is_clean());
    assert_eq!(b.service().store().len(TreeId::ElderCounts), 2);
}

#[test]
fn check_reports_a_count_that_disagrees_with_the_people() {
    let w = world();
    w.b.run(CreatePerson {
        draft: elder("赵德明", &w.east),
    })
    .unwrap();
    w.b.run(CreatePerson {
        draft: elder("钱秀英", &w.east),
    })
    .unwrap();
    let east = w.east.id;
    let store = w.b.service().store();
    let mut c = Changes::default();
    c.put(
        TreeId::ElderCounts,
        east.0,
        &ElderCount {
            active: 5,
            struck_off: 0,
        },
    );
    // A count for a unit without elders at all.
    c.put(
        TreeId::ElderCounts,
        w.west.id.0,
        &ElderCount {
            active: 0,
            struck_off: 1,
        },
    );
    store.commit(c).unwrap();
    let faults = w.b.service().check().unwrap().faults;
    assert!(
        faults.iter().any(|f| f
            == &format!(
                "elder_counts: unit {east} stores 5 on the roll and 0 struck off; \
                 the people say 2 and 0"
            )),
        "{faults:?}"
    );
    assert!(
        faults
            .iter()
            .any(|f| f.starts_with(&format!("elder_counts: unit {} stores 0", w.west.id))),
        "{faults:?}"
    );
    // An entry gone missing.
    let mut c = Changes::default();
    c.delete(TreeId::ElderCounts, &id_key(east.0));
    store.commit(c).unwrap();
    let faults = w.b.service().check().unwrap().faults;
    assert!(
        faults.iter().any(|f| f
            == &format!(
                "elder_counts: unit {east} has no entry; the people say 2 on the roll and 0 struck off"
            )),
        "{faults:?}"
    );
}

#[test]
fn screens_that_need_few_people_do_not_read_them_all() {
    let w = world();
    let a =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.east),
        })
        .unwrap();
    w.b.run(Appoint {
        draft: ggw::api::people::PositionDraft {
            unit: w.east.id,
            person: a.id,
            role: ggw::domain::person::Role::Director,
            from: d(2023, 1, 1),
            doc: String::new(),
            area: String::new(),
        },
    })
    .unwrap();
    let w = w.reopen();
    let s = w.b.service();
    assert!(!s.everyone_loaded());
    w.b.run(Info {}).unwrap();
    w.b.run(ListUnits {
        include_archived: false,
    })
    .unwrap();
    let card = w.b.run(GetUnitPeople { unit: w.east.id }).unwrap();
    assert_eq!(card.team[0].person_name, "赵德明");
    assert_eq!(w.b.run(GetPerson { id: a.id }).unwrap().name, "赵德明");
    assert_eq!(
        w.b.run(ResolvePerson {
            given: "赵德明".into()
        })
        .unwrap()
        .id,
        a.id
    );
    let rows =
        w.b.run(ListPeople {
            filter: PeopleFilter::default(),
        })
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        w.b.run(ListPositions {
            unit: None,
            include_ended: false
        })
        .unwrap()
        .len(),
        1
    );
    assert!(!s.everyone_loaded());
    // A change to a person needs everyone, for the duplicate checks.
    w.b.run(CreatePerson {
        draft: elder("钱秀英", &w.west),
    })
    .unwrap();
    assert!(s.everyone_loaded());
    assert_eq!(
        w.b.run(ListPeople {
            filter: PeopleFilter::default()
        })
        .unwrap()
        .len(),
        2
    );
    w.assert_checks();
}
