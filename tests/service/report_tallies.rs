//! A report of the whole tree and the units' standings it shows read every
//! unit's work tallies once between them; what they read is dropped by the
//! next commit. Answers worked out by hand.

use crate::kit;

use ggw::api::scores::{GetStandings, SetRules};
use ggw::api::work::GetWorkFiguresOf;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::people_figures::Period;
use ggw::domain::points::Points;
use ggw::domain::rules::PeerGroup;
use ggw::domain::{OrgUnit, UnitKind};
use ggw::service::Actor;
use ggw::store::OpenOptions;

const RULES: &str = r#"
name = "2025年度"
from = 2025-01-01
to = 2025-12-31

[[block]]
name = "单位"

[[block.item]]
name = "活动"
counts = "activities"
points = 1
"#;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn activity(b: &LocalBackend, unit: &OrgUnit, date: Day) {
    crate::kit::work::add_activity(b, unit.id, date, "读书会");
}

/// The activities of each unit's subtree in 2025.
fn activities(b: &LocalBackend, units: &[&OrgUnit]) -> Vec<u32> {
    b.run(GetWorkFiguresOf {
        units: units.iter().map(|u| u.id).collect(),
        period: Period {
            from: d(2025, 1, 1),
            to: d(2025, 12, 31),
        },
    })
    .unwrap()
    .iter()
    .map(|f| f.tally.activities)
    .collect()
}

/// (township, total) by rank.
fn townships(b: &LocalBackend) -> Vec<(String, Points)> {
    b.run(GetStandings {
        period: None,
        group: PeerGroup::Township,
    })
    .unwrap()
    .rows
    .iter()
    .map(|r| (r.name.clone(), r.total))
    .collect()
}

fn standing(name: &str, n: i64) -> (String, Points) {
    (name.to_string(), Points::whole(n))
}

#[test]
fn work_figures_and_standings_agree_and_follow_a_commit() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("甲乡", UnitKind::Village, "东村")
        .unit("爱辉区", UnitKind::Township, "乙乡")
        .build();
    let (jia, east, yi) = (
        w.unit("甲乡").clone(),
        w.unit("东村").clone(),
        w.unit("乙乡").clone(),
    );
    let district = w.district.clone();
    w.b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    // 2025: two in 甲乡's subtree, one in 乙乡 on the year's last day; the
    // days either side of the year count for nothing.
    activity(&w.b, &east, d(2025, 3, 1));
    activity(&w.b, &jia, d(2025, 4, 1));
    activity(&w.b, &yi, d(2025, 12, 31));
    activity(&w.b, &yi, d(2024, 12, 31));
    activity(&w.b, &jia, d(2026, 1, 1));
    let path = w.dir.path.clone();
    let kit::World { b, dir, .. } = w;
    drop(b);
    let open = || LocalBackend::open(&path, &OpenOptions::default(), Actor::new("王主任")).unwrap();

    let b = open();
    assert_eq!(activities(&b, &[&district, &jia, &yi]), [3, 2, 1]);
    assert_eq!(townships(&b), [standing("甲乡", 2), standing("乙乡", 1)]);
    // Another activity: the sums read before it are not used again.
    activity(&b, &yi, d(2025, 6, 1));
    assert_eq!(activities(&b, &[&district, &jia, &yi]), [4, 2, 2]);
    assert_eq!(townships(&b), [standing("乙乡", 2), standing("甲乡", 2)]);
    // The standings first, then the figures: the same.
    drop(b);
    let b = open();
    assert_eq!(townships(&b), [standing("乙乡", 2), standing("甲乡", 2)]);
    assert_eq!(activities(&b, &[&district, &jia, &yi]), [4, 2, 2]);
    activity(&b, &east, d(2025, 7, 1));
    assert_eq!(activities(&b, &[&district, &jia, &yi]), [5, 3, 2]);
    assert_eq!(townships(&b), [standing("甲乡", 3), standing("乙乡", 2)]);
    drop(b);
    drop(dir);
}
