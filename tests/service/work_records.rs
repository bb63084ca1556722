//! Work records through the service: their rules and refusals, the figures
//! of a period and a subtree against answers worked out by hand, the lists,
//! and the under-active queue they shorten.

use crate::kit;

use ggw::api::people::{CreatePerson, GetPeopleFigures};
use ggw::api::work::{
    AddWork, GetWork, GetWorkFigures, ImportWork, ListThemes, ListWork, UpdateWork, VoidWork,
    WorkFilter, WorkImportRow,
};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::people_figures::Period;
use ggw::domain::person::{Person, PersonId};
use ggw::domain::work::{ActivityKind, Attendance, TrainingMode};
use ggw::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft, WorkItem, WorkList,
};
use ggw::domain::{OrgUnit, UnitKind};
use ggw::error::Error;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

struct W {
    _t: kit::TempDb,
    b: LocalBackend,
    district: OrgUnit,
    town: OrgUnit,
    east: OrgUnit,
    west: OrgUnit,
    street: OrgUnit,
    wang: Person,
    li: Person,
}

fn world() -> W {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .unit("四嘉子乡", UnitKind::Village, "西村")
        .unit("爱辉区", UnitKind::Subdistrict, "海兰街道")
        .build();
    let (town, east, west, street) = (
        w.unit("四嘉子乡").clone(),
        w.unit("东村").clone(),
        w.unit("西村").clone(),
        w.unit("海兰街道").clone(),
    );
    let mut wang = kit::elder("王老师", &east);
    wang.birth = Some(d(1950, 1, 1));
    let wang = w.b.run(CreatePerson { draft: wang }).unwrap();
    let li =
        w.b.run(CreatePerson {
            draft: kit::elder("李大夫", &west),
        })
        .unwrap();
    W {
        district: w.district,
        _t: w.dir,
        b: w.b,
        town,
        east,
        west,
        street,
        wang,
        li,
    }
}

fn activity(unit: &OrgUnit, date: Day, title: &str) -> ActivityDraft {
    ActivityDraft {
        unit: unit.id,
        date,
        title: title.into(),
        theme: String::new(),
        kind: ActivityKind::Education,
        online: false,
        place: String::new(),
        youths: 0,
        elders: vec![],
        notes: String::new(),
    }
}

fn add(b: &LocalBackend, draft: WorkDraft) -> WorkItem {
    b.run(AddWork { draft }).unwrap()
}

fn year(y: i32) -> Period {
    Period {
        from: d(y, 1, 1),
        to: d(y, 12, 31),
    }
}

#[test]
fn figures_of_a_subtree_and_a_period_match_a_count_by_hand() {
    let w = world();
    let b = &w.b;
    // The town's villages: two activities in 2025 (one online, 120 + 35
    // young people, law and care), one on 2026-01-01, outside 2025.
    let mut law = activity(&w.east, d(2025, 3, 31), "法治进校园");
    law.kind = ActivityKind::Law;
    law.online = true;
    law.youths = 120;
    law.elders = vec![w.wang.id];
    add(b, WorkDraft::Activity(law));
    let mut care = activity(&w.west, d(2025, 12, 31), "关爱留守儿童");
    care.kind = ActivityKind::Care;
    care.youths = 35;
    add(b, WorkDraft::Activity(care));
    add(
        b,
        WorkDraft::Activity(activity(&w.east, d(2026, 1, 1), "元旦联欢")),
    );
    // The street's: one activity, outside the town's subtree.
    let mut street = activity(&w.street, d(2025, 6, 1), "六一慰问");
    street.youths = 50;
    add(b, WorkDraft::Activity(street));
    // A training of three named elders and one of 40 by head count.
    add(
        b,
        WorkDraft::Training(TrainingDraft {
            unit: w.town.id,
            date: d(2025, 5, 10),
            mode: TrainingMode::Topical,
            topic: "五老工作方法".into(),
            attendance: Attendance::Named(vec![w.wang.id, w.li.id]),
        }),
    );
    add(
        b,
        WorkDraft::Training(TrainingDraft {
            unit: w.west.id,
            date: d(2025, 1, 1),
            mode: TrainingMode::MeetingAsTraining,
            topic: "政策学习".into(),
            attendance: Attendance::HeadCount(40),
        }),
    );
    // Visits: 王 twice to 东村, 李 once to 西村; one in 2024.
    for (p, v, day) in [
        (&w.wang, &w.east, d(2025, 2, 1)),
        (&w.wang, &w.east, d(2025, 8, 1)),
        (&w.li, &w.west, d(2025, 8, 2)),
        (&w.li, &w.west, d(2024, 12, 31)),
    ] {
        add(
            b,
            WorkDraft::Visit(VisitDraft {
                person: p.id,
                village: v.id,
                date: day,
                purpose: "走访".into(),
                result: String::new(),
            }),
        );
    }
    add(
        b,
        WorkDraft::StudySession(StudySessionDraft {
            base: w.east.id,
            date: d(2025, 10, 1),
            visitor: "第一中学".into(),
            students: 60,
            theme: "红色教育".into(),
        }),
    );

    let town = b
        .run(GetWorkFigures {
            unit: Some(w.town.id),
            period: year(2025),
        })
        .unwrap();
    let t = town.tally;
    assert_eq!((t.activities, t.online, t.youths), (2, 1, 155));
    assert_eq!(t.of_kind(ActivityKind::Law), 1);
    assert_eq!(t.of_kind(ActivityKind::Care), 1);
    assert_eq!((t.trainings, t.person_times), (2, 2 + 40));
    assert_eq!(t.of_mode(TrainingMode::Topical), 1);
    assert_eq!(t.of_mode(TrainingMode::MeetingAsTraining), 1);
    assert_eq!(
        (t.visits, town.visit_people, town.visit_villages),
        (3, 2, 2)
    );
    assert_eq!((t.study_sessions, t.students), (1, 60));

    let all = b
        .run(GetWorkFigures {
            unit: None,
            period: year(2025),
        })
        .unwrap();
    assert_eq!((all.tally.activities, all.tally.youths), (3, 205));

    // Period edges cut months: 2025-03-31 counts in a period ending that
    // day, not in one starting the day after.
    let to_march_31 = b
        .run(GetWorkFigures {
            unit: Some(w.town.id),
            period: Period {
                from: d(2025, 3, 15),
                to: d(2025, 3, 31),
            },
        })
        .unwrap();
    assert_eq!(to_march_31.tally.activities, 1);
    let from_april = b
        .run(GetWorkFigures {
            unit: Some(w.town.id),
            period: Period {
                from: d(2025, 4, 1),
                to: d(2025, 12, 30),
            },
        })
        .unwrap();
    // 12-31's care activity is the day after; 4-1..12-30 holds none.
    assert_eq!(from_april.tally.activities, 0);
    assert_eq!((from_april.tally.visits, from_april.visit_people), (2, 2));
    // A period of days across a year's end: 2024-12-31 and 2025-01-01.
    let new_year = b
        .run(GetWorkFigures {
            unit: None,
            period: Period {
                from: d(2024, 12, 31),
                to: d(2025, 1, 1),
            },
        })
        .unwrap();
    assert_eq!((new_year.tally.visits, new_year.tally.trainings), (1, 1));
    assert_eq!(new_year.tally.person_times, 40);
    let _ = &w.district;
}

#[test]
fn the_same_activity_twice_is_refused_with_the_first_ones_id() {
    let w = world();
    let first = add(
        &w.b,
        WorkDraft::Activity(activity(&w.east, d(2025, 5, 4), "五四座谈会")),
    );
    let again = w.b.run(AddWork {
        draft: WorkDraft::Activity(activity(&w.east, d(2025, 5, 4), " 五四座谈会 ")),
    });
    match again {
        Err(Error::DuplicateActivity { id, .. }) => assert_eq!(id, first.id().id),
        other => panic!("expected a duplicate refusal, got {other:?}"),
    }
    // Another unit, or another day, is another activity.
    add(
        &w.b,
        WorkDraft::Activity(activity(&w.west, d(2025, 5, 4), "五四座谈会")),
    );
    // Once the first is voided, the same can be typed again.
    w.b.run(VoidWork {
        id: first.id(),
        rev: first.rev(),
        reason: "录错日期".into(),
    })
    .unwrap();
    add(
        &w.b,
        WorkDraft::Activity(activity(&w.east, d(2025, 5, 4), "五四座谈会")),
    );
}

#[test]
fn records_are_refused_with_the_reason() {
    let w = world();
    let visit_to_town = w.b.run(AddWork {
        draft: WorkDraft::Visit(VisitDraft {
            person: w.wang.id,
            village: w.town.id,
            date: d(2025, 1, 2),
            purpose: String::new(),
            result: String::new(),
        }),
    });
    assert!(matches!(visit_to_town, Err(Error::NotAVillage { .. })));
    let untitled = w.b.run(AddWork {
        draft: WorkDraft::Activity(activity(&w.east, d(2025, 1, 2), "  ")),
    });
    assert!(matches!(untitled, Err(Error::InvalidField { .. })));
    let mut nobody = activity(&w.east, d(2025, 1, 2), "座谈");
    nobody.elders = vec![PersonId(999)];
    assert!(matches!(
        w.b.run(AddWork {
            draft: WorkDraft::Activity(nobody)
        }),
        Err(Error::NoSuchRecord { id: 999 })
    ));
    let long = activity(&w.east, d(2025, 1, 2), &"长".repeat(201));
    assert!(matches!(
        w.b.run(AddWork {
            draft: WorkDraft::Activity(long)
        }),
        Err(Error::TooLong { .. })
    ));
    // Nothing of the refused records was kept.
    let f =
        w.b.run(GetWorkFigures {
            unit: None,
            period: year(2025),
        })
        .unwrap();
    assert!(f.tally.is_zero());
}

#[test]
fn an_edit_moves_the_record_between_months_and_units_and_a_stale_one_is_refused() {
    let w = world();
    let a = add(
        &w.b,
        WorkDraft::Activity(activity(&w.east, d(2025, 1, 31), "寒假安全教育")),
    );
    let mut draft = activity(&w.street, d(2025, 2, 1), "寒假安全教育");
    draft.youths = 10;
    let edited =
        w.b.run(UpdateWork {
            id: a.id(),
            rev: a.rev(),
            draft: WorkDraft::Activity(draft.clone()),
        })
        .unwrap();
    assert_eq!(edited.rev(), 2);
    let jan = Period {
        from: d(2025, 1, 1),
        to: d(2025, 1, 31),
    };
    let town_jan =
        w.b.run(GetWorkFigures {
            unit: Some(w.town.id),
            period: jan,
        })
        .unwrap();
    assert_eq!(town_jan.tally.activities, 0);
    let street =
        w.b.run(GetWorkFigures {
            unit: Some(w.street.id),
            period: year(2025),
        })
        .unwrap();
    assert_eq!((street.tally.activities, street.tally.youths), (1, 10));
    let stale = w.b.run(UpdateWork {
        id: a.id(),
        rev: a.rev(),
        draft: WorkDraft::Activity(draft),
    });
    assert!(matches!(stale, Err(Error::Conflict { .. })));
    let card = w.b.run(GetWork { id: a.id() }).unwrap();
    assert_eq!(card.unit_path, "爱辉区/海兰街道");
}

#[test]
fn lists_filter_by_subtree_kind_and_search_newest_first() {
    let w = world();
    let mut law = activity(&w.east, d(2025, 3, 1), "法治进校园");
    law.kind = ActivityKind::Law;
    law.elders = vec![w.wang.id];
    add(&w.b, WorkDraft::Activity(law));
    add(
        &w.b,
        WorkDraft::Activity(activity(&w.west, d(2025, 4, 1), "读书会")),
    );
    add(
        &w.b,
        WorkDraft::Activity(activity(&w.street, d(2025, 5, 1), "观影")),
    );
    let page = |f: WorkFilter| {
        w.b.run(ListWork {
            filter: f,
            offset: 0,
            limit: 10,
        })
        .unwrap()
    };
    let all = page(WorkFilter::new(WorkList::Activities));
    let titles: Vec<&str> = all.items.iter().map(|i| i.label()).collect();
    assert_eq!(titles, ["观影", "读书会", "法治进校园"]);
    assert_eq!(all.total, 3);
    let mut town = WorkFilter::new(WorkList::Activities);
    town.unit = Some(w.town.id);
    assert_eq!(page(town.clone()).total, 2);
    town.kind = Some(ActivityKind::Law);
    assert_eq!(page(town).total, 1);
    // Pinyin initials of an elder's name on the record find it.
    let mut search = WorkFilter::new(WorkList::Activities);
    search.search = "wls".into();
    let found = page(search);
    assert_eq!(found.total, 1);
    assert_eq!(found.name(w.wang.id), Some("王老师"));
    let window =
        w.b.run(ListWork {
            filter: WorkFilter::new(WorkList::Activities),
            offset: 1,
            limit: 1,
        })
        .unwrap();
    assert_eq!(
        (window.total, window.items.len(), window.items[0].label()),
        (3, 1, "读书会")
    );
    // A voided record leaves the list and the figures.
    let first = &all.items[0];
    w.b.run(VoidWork {
        id: first.id(),
        rev: first.rev(),
        reason: "重复".into(),
    })
    .unwrap();
    assert_eq!(page(WorkFilter::new(WorkList::Activities)).total, 2);
}

#[test]
fn an_elders_activity_takes_them_off_the_under_active_queue() {
    let w = world();
    let period = Period {
        from: d(2025, 1, 1),
        to: d(2025, 12, 31),
    };
    let queue = |b: &LocalBackend| {
        b.run(GetPeopleFigures {
            unit: None,
            period,
            under_active_months: 6,
        })
        .unwrap()
        .under_active
        .iter()
        .map(|u| u.person)
        .collect::<Vec<_>>()
    };
    let before = queue(&w.b);
    assert!(before.contains(&w.wang.id) && before.contains(&w.li.id));
    let mut a = activity(&w.east, d(2025, 9, 1), "重阳敬老");
    a.elders = vec![w.wang.id];
    add(&w.b, WorkDraft::Activity(a));
    // The six months run back to 2025-06-30 (12-31 less six months), and
    // 李's visit on 06-29 falls the day before: still on the queue.
    add(
        &w.b,
        WorkDraft::Visit(VisitDraft {
            person: w.li.id,
            village: w.west.id,
            date: d(2025, 6, 29),
            purpose: String::new(),
            result: String::new(),
        }),
    );
    let after = queue(&w.b);
    assert!(!after.contains(&w.wang.id));
    assert!(after.contains(&w.li.id));
}

#[test]
fn an_import_writes_every_row_or_none() {
    let w = world();
    let row = |line: usize, unit: &str, title: &str, people: &[&str]| WorkImportRow {
        line,
        unit: unit.into(),
        people: people.iter().map(|s| s.to_string()).collect(),
        draft: WorkDraft::Activity(activity(&w.district, d(2025, 7, 1), title)),
    };
    let bad = w.b.run(ImportWork {
        list: WorkList::Activities,
        rows: vec![
            row(2, "东村", "暑期安全", &["王老师"]),
            row(3, "东村", "暑期安全", &[]),
            row(4, "无此村", "读书", &[]),
            row(5, "西村", "读书", &["张三"]),
        ],
        source: "a.csv".into(),
        check_only: false,
    });
    match bad {
        Err(Error::ImportRejected { problems }) => {
            let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
            assert_eq!(lines, [3, 4, 5]);
        }
        other => panic!("expected the import refused, got {other:?}"),
    }
    let none =
        w.b.run(ListWork {
            filter: WorkFilter::new(WorkList::Activities),
            offset: 0,
            limit: 10,
        })
        .unwrap();
    assert_eq!(none.total, 0);
    let n =
        w.b.run(ImportWork {
            list: WorkList::Activities,
            rows: vec![
                row(2, "东村", "暑期安全", &["王老师"]),
                row(3, "四嘉子乡/西村", "读书", &["李大夫", "王老师"]),
            ],
            source: "a.csv".into(),
            check_only: false,
        })
        .unwrap();
    assert_eq!(n, 2);
    let f =
        w.b.run(GetWorkFigures {
            unit: Some(w.town.id),
            period: year(2025),
        })
        .unwrap();
    assert_eq!(f.tally.activities, 2);
    // The same file again: every row is a duplicate of what is stored.
    let again = w.b.run(ImportWork {
        list: WorkList::Activities,
        rows: vec![row(2, "东村", "暑期安全", &[])],
        source: "a.csv".into(),
        check_only: true,
    });
    assert!(matches!(again, Err(Error::ImportRejected { .. })));
}

#[test]
fn a_new_theme_joins_the_list() {
    let w = world();
    let builtin = w.b.run(ListThemes {}).unwrap();
    assert!(builtin.iter().any(|t| t == "法治进校园"));
    let mut a = activity(&w.east, d(2025, 1, 2), "冰雪运动");
    a.theme = "冰雪进校园".into();
    add(&w.b, WorkDraft::Activity(a));
    let now = w.b.run(ListThemes {}).unwrap();
    assert_eq!(now.len(), builtin.len() + 1);
    assert_eq!(now.last().map(String::as_str), Some("冰雪进校园"));
}

/// A few records of every list, one voided, for the round trips below.
fn recorded(w: &W) -> Vec<WorkItem> {
    let mut a = activity(&w.east, d(2025, 4, 1), "植树护绿");
    a.elders = vec![w.wang.id];
    a.youths = 40;
    a.theme = "生态文明".into();
    let kept = vec![
        add(&w.b, WorkDraft::Activity(a)),
        add(
            &w.b,
            WorkDraft::Training(TrainingDraft {
                unit: w.town.id,
                date: d(2025, 4, 2),
                mode: TrainingMode::Online,
                topic: "网上课堂".into(),
                attendance: Attendance::Named(vec![w.wang.id, w.li.id]),
            }),
        ),
        add(
            &w.b,
            WorkDraft::Visit(VisitDraft {
                person: w.li.id,
                village: w.west.id,
                date: d(2025, 4, 3),
                purpose: "走访".into(),
                result: "好".into(),
            }),
        ),
        add(
            &w.b,
            WorkDraft::StudySession(StudySessionDraft {
                base: w.east.id,
                date: d(2025, 4, 4),
                visitor: "二中".into(),
                students: 33,
                theme: String::new(),
            }),
        ),
    ];
    let gone = add(
        &w.b,
        WorkDraft::Activity(activity(&w.west, d(2025, 4, 5), "录错的")),
    );
    w.b.run(VoidWork {
        id: gone.id(),
        rev: gone.rev(),
        reason: "录错".into(),
    })
    .unwrap();
    kept
}

#[test]
fn a_backup_restores_the_records_their_indexes_tallies_and_themes() {
    let w = world();
    recorded(&w);
    let before =
        w.b.run(GetWorkFigures {
            unit: Some(w.town.id),
            period: year(2025),
        })
        .unwrap();
    let db = w._t.path.clone();
    drop(w.b);
    let mut file = Vec::new();
    ggw::backend::start::OfflineStore::open(&db, &Default::default())
        .unwrap()
        .backup(&mut file, &mut |_, _| {})
        .unwrap();
    let target = w._t.dir.path().join("restored");
    let (summary, report) = ggw::backend::start::restore_backup(
        file.as_slice(),
        &target,
        &Default::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(report.is_clean(), "{:?}", report.faults);
    assert_eq!(report.work_records, 5);
    assert_eq!(summary.counts.get("activities"), Some(&2));
    let b = ggw::backend::start::open_local(
        &target,
        &Default::default(),
        ggw::service::Actor::new("root"),
    )
    .unwrap();
    let after = b
        .run(GetWorkFigures {
            unit: Some(w.town.id),
            period: year(2025),
        })
        .unwrap();
    assert_eq!(after, before);
    // By hand: one activity (the voided one counts nowhere) of 40, a
    // training of two, a visit, a session of 33.
    let t = after.tally;
    assert_eq!(
        (t.activities, t.youths, t.person_times, t.visits, t.students),
        (1, 40, 2, 1, 33)
    );
    assert!(
        b.run(ListThemes {})
            .unwrap()
            .iter()
            .any(|t| t == "生态文明")
    );
}

#[test]
fn repair_sets_an_unreadable_activity_aside_and_counts_the_rest_again() {
    let w = world();
    let kept = recorded(&w);
    let db = w._t.path.clone();
    drop(w.b);
    {
        let sled = kit::raw_sled(&db);
        sled.open_tree("activities")
            .unwrap()
            .insert(ggw::store::id_key(kept[0].id().id), &[1u8, 0, 0xff][..])
            .unwrap();
        sled.flush().unwrap();
    }
    let b =
        ggw::backend::start::open_local(&db, &Default::default(), ggw::service::Actor::new("root"))
            .unwrap();
    let found = b.run(ggw::api::admin::Check {}).unwrap();
    assert_eq!(found.damaged, 1, "{:?}", found.faults);
    let repaired = b.run(ggw::api::admin::Repair { purge: false }).unwrap();
    assert!(repaired.rebuilt_work);
    let after = b.run(ggw::api::admin::Check {}).unwrap();
    assert!(after.is_clean(), "{:?}", after.faults);
    let f = b
        .run(GetWorkFigures {
            unit: None,
            period: year(2025),
        })
        .unwrap();
    assert_eq!((f.tally.activities, f.tally.trainings), (0, 1));
}

#[test]
fn check_names_a_missing_index_entry_a_stray_one_and_a_wrong_tally() {
    let w = world();
    let kept = recorded(&w);
    let db = w._t.path.clone();
    drop(w.b);
    {
        let sled = kit::raw_sled(&db);
        let by_date = sled.open_tree("work_by_date").unwrap();
        let first = by_date.iter().keys().next().unwrap().unwrap();
        by_date.remove(&first).unwrap();
        let stray =
            ggw::store::work::unit_key(w.west.id, WorkList::Visits, d(2025, 1, 1), 999).to_vec();
        sled.open_tree("work_by_unit")
            .unwrap()
            .insert(stray.as_slice(), &[][..])
            .unwrap();
        let tallies = sled.open_tree("work_tallies_by_month").unwrap();
        let (k, _) = tallies.iter().next().unwrap().unwrap();
        tallies
            .insert(
                k,
                ggw::store::codec::encode(&ggw::domain::work::WorkTally::default()),
            )
            .unwrap();
        sled.flush().unwrap();
    }
    let b =
        ggw::backend::start::open_local(&db, &Default::default(), ggw::service::Actor::new("root"))
            .unwrap();
    let report = b.run(ggw::api::admin::Check {}).unwrap();
    let has = |what: &str| report.faults.iter().any(|f| f.contains(what));
    assert!(has("work_by_date: missing entry"), "{:?}", report.faults);
    assert!(has("work_by_unit: stray entry"), "{:?}", report.faults);
    assert!(has("work_tallies: unit"), "{:?}", report.faults);
    assert_eq!(report.work_records, kept.len() + 1);
}
