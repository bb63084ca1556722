//! The under-active queue where recorded work decides it: at the edges of
//! its window, and for a report whose rows read only part of the elders.
//! Answers worked out by hand.

use crate::kit;

use ggw::api::people::{CreatePerson, GetPeopleFigures, GetReportFigures};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::people_figures::{PeopleFigures, Period};
use ggw::domain::person::Person;
use ggw::domain::{OrgUnit, UnitKind};

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn year_2025() -> Period {
    Period {
        from: d(2025, 1, 1),
        to: d(2025, 12, 31),
    }
}

fn elder(b: &LocalBackend, name: &str, unit: &OrgUnit) -> Person {
    b.run(CreatePerson {
        draft: kit::elder(name, unit),
    })
    .unwrap()
}

/// An activity of `unit` on `date` with `elders` taking part.
fn took_part(b: &LocalBackend, unit: &OrgUnit, date: Day, elders: &[&Person]) {
    let elders: Vec<_> = elders.iter().map(|p| p.id).collect();
    kit::add_activity_of(b, unit.id, date, "读书会", &elders);
}

fn queue(f: &PeopleFigures) -> Vec<(u64, Option<Day>)> {
    let mut q: Vec<_> = f
        .under_active
        .iter()
        .map(|u| (u.person.0, u.last_activity))
        .collect();
    q.sort();
    q
}

#[test]
fn work_on_the_last_day_of_the_period_counts_and_work_after_it_does_not() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .build();
    let east = w.unit("东村").clone();
    // Every elder joined in 2021; the six months before 2025-12-31 run
    // back to 2025-06-30, which is inside them.
    let on_last_day = elder(&w.b, "王老师", &east);
    let after_period = elder(&w.b, "李大夫", &east);
    let on_first_quiet_day = elder(&w.b, "张医生", &east);
    let day_before = elder(&w.b, "赵老师", &east);
    took_part(&w.b, &east, d(2025, 12, 31), &[&on_last_day]);
    took_part(&w.b, &east, d(2026, 1, 1), &[&after_period]);
    took_part(&w.b, &east, d(2025, 6, 30), &[&on_first_quiet_day]);
    took_part(&w.b, &east, d(2025, 6, 29), &[&day_before]);
    let f =
        w.b.run(GetPeopleFigures {
            unit: None,
            period: year_2025(),
            under_active_months: 6,
        })
        .unwrap();
    // 李's activity falls after the period: it shows nothing about 2025.
    assert_eq!(
        queue(&f),
        vec![
            (after_period.id.0, None),
            (day_before.id.0, Some(d(2025, 6, 29)))
        ]
    );
    assert_eq!(f.under_active_count, 2);
    // The report's own figures read the same.
    let report =
        w.b.run(GetReportFigures {
            unit: None,
            period: year_2025(),
            under_active_months: 6,
        })
        .unwrap();
    assert_eq!(report[0].under_active_count, 2);
    assert_eq!(queue(&report[0]), queue(&f));
}

#[test]
fn a_reports_rows_count_their_own_elders_past_others_with_much_work() {
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
    // In the order of their ids: the street's elder, outside the report,
    // has more records than the township's elders around them.
    let idle_east = elder(&w.b, "王老师", &east);
    let busy_street = elder(&w.b, "孙老师", &street);
    let active_west = elder(&w.b, "李大夫", &west);
    let early_east = elder(&w.b, "张医生", &east);
    let idle_west = elder(&w.b, "赵老师", &west);
    let mut day = d(2025, 7, 1);
    for _ in 0..70 {
        took_part(&w.b, &street, day, &[&busy_street]);
        day = day.succ();
    }
    took_part(&w.b, &west, d(2025, 8, 1), &[&active_west]);
    took_part(&w.b, &east, d(2025, 3, 1), &[&early_east]);
    let figures =
        w.b.run(GetReportFigures {
            unit: Some(town.id),
            period: year_2025(),
            under_active_months: 6,
        })
        .unwrap();
    let [own, east_row, west_row] = &figures[..] else {
        panic!("the township and its two villages: {figures:?}");
    };
    assert_eq!(
        queue(own),
        vec![
            (idle_east.id.0, None),
            (early_east.id.0, Some(d(2025, 3, 1))),
            (idle_west.id.0, None),
        ]
    );
    assert_eq!(own.under_active_count, 3);
    assert_eq!((east_row.unit, east_row.under_active_count), (east.id, 2));
    assert_eq!((west_row.unit, west_row.under_active_count), (west.id, 1));
    // The street's elder is as busy as the records say, asked on their own.
    let whole =
        w.b.run(GetPeopleFigures {
            unit: None,
            period: year_2025(),
            under_active_months: 6,
        })
        .unwrap();
    assert_eq!(whole.under_active_count, 3);
    assert!(!queue(&whole).iter().any(|(p, _)| *p == busy_street.id.0));
}

#[test]
fn the_walk_beside_the_roll_and_the_walk_after_it_give_the_same_queue() {
    // The whole tree's report walks the work index on a thread of its own
    // beside the roll; the township, under half the tree, walks it on the
    // roll's thread. Both answer as worked out by hand.
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .unit("爱辉区", UnitKind::Subdistrict, "海兰街道")
        .unit("海兰街道", UnitKind::Community, "一社区")
        .unit("海兰街道", UnitKind::Community, "二社区")
        .unit("海兰街道", UnitKind::Community, "三社区")
        .build();
    let (town, east, street) = (
        w.unit("四嘉子乡").clone(),
        w.unit("东村").clone(),
        w.unit("海兰街道").clone(),
    );
    let idle_east = elder(&w.b, "王老师", &east);
    let busy_street = elder(&w.b, "孙老师", &street);
    let early_east = elder(&w.b, "张医生", &east);
    let active_east = elder(&w.b, "李大夫", &east);
    let idle_street = elder(&w.b, "赵老师", &street);
    let mut day = d(2025, 7, 1);
    for _ in 0..70 {
        took_part(&w.b, &street, day, &[&busy_street]);
        day = day.succ();
    }
    took_part(&w.b, &east, d(2025, 3, 1), &[&early_east, &busy_street]);
    took_part(&w.b, &east, d(2025, 8, 1), &[&active_east]);
    let report = |unit| {
        w.b.run(GetReportFigures {
            unit,
            period: year_2025(),
            under_active_months: 6,
        })
        .unwrap()
    };
    let whole = report(None);
    assert_eq!(
        queue(&whole[0]),
        vec![
            (idle_east.id.0, None),
            (early_east.id.0, Some(d(2025, 3, 1))),
            (idle_street.id.0, None),
        ]
    );
    let town_rows = whole.iter().find(|f| f.unit == town.id).unwrap();
    assert_eq!(town_rows.under_active_count, 2);
    let township = report(Some(town.id));
    assert_eq!(
        queue(&township[0]),
        vec![
            (idle_east.id.0, None),
            (early_east.id.0, Some(d(2025, 3, 1)))
        ]
    );
    assert_eq!(township[0].under_active_count, 2);
}
