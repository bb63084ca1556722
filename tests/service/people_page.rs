//! The roster a window at a time: every order and filter gives the rows the
//! whole list gives at the same places, with the whole list's counts; the
//! window can be asked for around a person.

use crate::kit;

use std::collections::HashMap;

use ggw::api::people::{
    ImportPeople, ImportRow, ListPeople, ListPeoplePage, PeopleFilter, PeopleSort, PersonRow,
    StatusFilter, StrikeOff, StrikeOffPerson,
};
use ggw::api::units::ListUnits;
use ggw::backend::{Backend, BackendExt};
use ggw::domain::UnitKind;
use ggw::domain::day::Day;
use ggw::domain::person::{Category, PersonId, RemovalReason};
use ggw::domain::pinyin_search::SearchKey;
use ggw::domain::tree::UnitTree;
use kit::{TempDir, elder};

fn page(
    b: &dyn Backend,
    filter: &PeopleFilter,
    sort: PeopleSort,
    offset: usize,
    limit: usize,
) -> ggw::api::people::PeoplePage {
    b.run(ListPeoplePage {
        filter: filter.clone(),
        sort,
        offset,
        limit,
        around: None,
    })
    .unwrap()
}

/// The whole list in the order asked, as the roster sorted it when it held
/// every row: the service's list (by unit path, then id), stably sorted.
fn model(b: &dyn Backend, filter: &PeopleFilter, sort: PeopleSort) -> Vec<PersonRow> {
    let mut rows = b
        .run(ListPeople {
            filter: filter.clone(),
        })
        .unwrap();
    let tree = UnitTree::new(
        b.run(ListUnits {
            include_archived: true,
        })
        .unwrap(),
    );
    let order: HashMap<_, _> = (tree.walk(true).into_iter())
        .enumerate()
        .map(|(i, (_, u))| (u.id, i))
        .collect();
    match sort {
        PeopleSort::Unit => rows.sort_by_key(|r| order.get(&r.unit).copied()),
        PeopleSort::Name => rows.sort_by(|a, b| {
            SearchKey::new(&a.name)
                .cmp_initials(&SearchKey::new(&b.name))
                .then(a.name.cmp(&b.name))
        }),
        PeopleSort::Age => rows.sort_by_key(|r| (r.birth.is_none(), r.birth)),
        PeopleSort::Joined => rows.sort_by_key(|r| std::cmp::Reverse(r.joined)),
    }
    rows
}

#[test]
fn every_window_is_the_same_slice_of_the_whole_list() {
    let dir = TempDir::new("people-page");
    let b = kit::demo_backend(dir.path());
    let units = b
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap();
    let township = units.iter().find(|u| u.name == "四嘉子乡").unwrap().id;
    let filters = [
        PeopleFilter {
            status: Some(StatusFilter::Active),
            ..PeopleFilter::default()
        },
        PeopleFilter::default(),
        PeopleFilter {
            status: Some(StatusFilter::Removed),
            ..PeopleFilter::default()
        },
        PeopleFilter {
            unit: Some(township),
            status: Some(StatusFilter::Active),
            ..PeopleFilter::default()
        },
        PeopleFilter {
            category: Some(Category::Teacher),
            ..PeopleFilter::default()
        },
        PeopleFilter {
            search: "l".into(),
            ..PeopleFilter::default()
        },
    ];
    let sorts = [
        PeopleSort::Unit,
        PeopleSort::Name,
        PeopleSort::Age,
        PeopleSort::Joined,
    ];
    for filter in &filters {
        for sort in sorts {
            let all = model(&b, filter, sort);
            let active = all.iter().filter(|r| r.removed.is_none()).count();
            for (offset, limit) in [
                (0, 20),
                (37, 50),
                (all.len().saturating_sub(5), 50),
                (0, 1000),
            ] {
                let p = page(&b, filter, sort, offset, limit);
                let end = (p.offset + limit).min(all.len());
                assert_eq!(
                    (p.total, p.active),
                    (all.len(), active),
                    "{filter:?} {sort:?}"
                );
                assert_eq!(
                    p.rows,
                    all[p.offset..end],
                    "{filter:?} {sort:?} at {offset}"
                );
                // Past the end, the last rows that fill a window.
                assert_eq!(
                    p.offset,
                    offset.min(all.len().saturating_sub(limit.min(all.len())))
                );
            }
        }
    }
    // The demo's roster on the roll is 315 elders, 64 struck off.
    let p = page(&b, &filters[0], PeopleSort::Unit, 0, 10);
    assert_eq!((p.total, p.active, p.rows.len()), (315, 315, 10));
    let p = page(&b, &filters[1], PeopleSort::Unit, 0, 10);
    assert_eq!((p.total, p.active), (379, 315));
}

#[test]
fn a_window_around_a_person_holds_them_at_their_place() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .unit("四嘉子乡", UnitKind::Village, "西村")
        .build();
    let b = &w.b;
    // The tree lists 四嘉子乡, then 东村, then 西村 (by name, 东 before 西).
    let rows = |names: &[&str], unit: &str| -> Vec<ImportRow> {
        names
            .iter()
            .enumerate()
            .map(|(i, n)| ImportRow {
                line: i + 2,
                unit: format!("爱辉区/{unit}"),
                draft: elder(n, w.unit(unit.rsplit('/').next().unwrap())),
            })
            .collect()
    };
    let mut all = rows(&["西一", "西二", "西三"], "四嘉子乡/西村");
    all.extend(rows(&["乡一", "乡二"], "四嘉子乡"));
    all.extend(rows(&["东一", "东二", "东三", "东四"], "四嘉子乡/东村"));
    b.run(ImportPeople {
        rows: all,
        source: "t.csv".into(),
        check_only: false,
        allow_namesakes: false,
    })
    .unwrap();
    let filter = PeopleFilter {
        status: Some(StatusFilter::Active),
        ..PeopleFilter::default()
    };
    let names = |p: &ggw::api::people::PeoplePage| -> Vec<String> {
        p.rows.iter().map(|r| r.name.clone()).collect()
    };
    let p = page(b, &filter, PeopleSort::Unit, 0, 100);
    assert_eq!(
        names(&p),
        [
            "乡一", "乡二", "东一", "东二", "东三", "东四", "西一", "西二", "西三"
        ]
    );
    let p = page(b, &filter, PeopleSort::Unit, 3, 4);
    assert_eq!(names(&p), ["东二", "东三", "东四", "西一"]);
    assert_eq!((p.total, p.offset, p.at), (9, 3, None));

    // 东四 struck off: gone from those on the roll, the rest close up.
    let d4 = p.rows[2].clone();
    b.run(StrikeOffPerson {
        id: d4.id,
        rev: d4.rev,
        strike: StrikeOff {
            on: Day::ymd(2024, 1, 2).unwrap(),
            reason: RemovalReason::OwnRequest,
            note: String::new(),
        },
    })
    .unwrap();
    let p = page(b, &filter, PeopleSort::Unit, 3, 4);
    assert_eq!(names(&p), ["东二", "东三", "西一", "西二"]);
    assert_eq!((p.total, p.active), (8, 8));
    let struck = PeopleFilter {
        status: Some(StatusFilter::Removed),
        ..PeopleFilter::default()
    };
    let p = page(b, &struck, PeopleSort::Unit, 0, 4);
    assert_eq!(
        (names(&p), p.total, p.active),
        (vec!["东四".to_string()], 1, 0)
    );

    // Around 西二 (7th of 8 on the roll), a window of 4: rows 4..8.
    let xi2 = page(b, &filter, PeopleSort::Unit, 0, 100).rows[6].clone();
    let around = |filter: &PeopleFilter, sort, id: PersonId| {
        b.run(ListPeoplePage {
            filter: filter.clone(),
            sort,
            offset: 0,
            limit: 4,
            around: Some(id),
        })
        .unwrap()
    };
    let p = around(&filter, PeopleSort::Unit, xi2.id);
    assert_eq!((p.at, p.offset), (Some(6), 4));
    assert_eq!(names(&p), ["东三", "西一", "西二", "西三"]);
    // The same by name, read the other way: 西二 is among the last.
    let p = around(&filter, PeopleSort::Name, xi2.id);
    let all = model(b, &filter, PeopleSort::Name);
    let at = all.iter().position(|r| r.id == xi2.id).unwrap();
    assert_eq!(p.at, Some(at));
    assert!(p.rows.iter().any(|r| r.id == xi2.id));
    // Someone not listed: the window asked for, no place.
    let p = around(&struck, PeopleSort::Unit, xi2.id);
    assert_eq!((p.at, p.offset, p.total), (None, 0, 1));
}

/// A window asked for beyond any size (a client's `usize::MAX`) is the
/// whole list, in the fast order and the others alike, not an overflow.
#[test]
fn a_window_of_any_size_is_at_most_the_whole_list() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .person(|w| elder("王建华", w.unit("四嘉子乡")))
        .person(|w| elder("李红", w.unit("四嘉子乡")))
        .build();
    for sort in [PeopleSort::Unit, PeopleSort::Name] {
        let filter = PeopleFilter::default();
        let p = page(&w.b, &filter, sort, 0, usize::MAX);
        assert_eq!(p.rows, model(&w.b, &filter, sort));
        assert_eq!((p.total, p.rows.len()), (2, 2));
        let p = page(&w.b, &filter, sort, usize::MAX, usize::MAX);
        assert_eq!(p.rows, model(&w.b, &filter, sort));
    }
}
