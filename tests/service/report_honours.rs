//! A report's people figures read the whole roster; the standings it shows
//! next count honours from the honoured that read found instead of reading
//! the roster again, and must come out as they do without the report.
//! Answers worked out by hand.

use crate::kit;

use ggw::api::admin::VoidRecord;
use ggw::api::people::{AddHonour, CreatePerson, GetPerson, GetReportFigures};
use ggw::api::scores::{GetStandings, SetRules, Standings};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::RecordKind;
use ggw::domain::day::Day;
use ggw::domain::people_figures::Period;
use ggw::domain::person::{Honour, HonourLevel, Person};
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
name = "市级表彰"
counts = "honours"
where = { level = "市" }
points = 13

[[block.item]]
name = "表彰"
counts = "honours"
points = 1
"#;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn honoured(b: &LocalBackend, name: &str, unit: &OrgUnit, level: HonourLevel, on: Day) -> Person {
    let p = b
        .run(CreatePerson {
            draft: kit::elder(name, unit),
        })
        .unwrap();
    let rev = b.run(GetPerson { id: p.id }).unwrap().rev;
    b.run(AddHonour {
        id: p.id,
        rev,
        honour: Honour {
            title: "优秀五老".into(),
            level,
            date: on,
        },
    })
    .unwrap()
}

/// (unit name, total) of every township, by rank.
fn totals(s: &Standings) -> Vec<(String, Points)> {
    s.rows.iter().map(|r| (r.name.clone(), r.total)).collect()
}

fn townships(b: &LocalBackend) -> Standings {
    b.run(GetStandings {
        period: None,
        group: PeerGroup::Township,
    })
    .unwrap()
}

#[test]
fn standings_after_a_report_count_the_honours_it_read() {
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
    w.b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    // 甲乡: a city honour in its village (13 + 1) and a district one of its
    // own (1); one of 2024 counts for nothing. 乙乡: a city honour of
    // someone registered in error and voided, which counts nowhere.
    honoured(&w.b, "王老师", &east, HonourLevel::City, d(2025, 9, 1));
    honoured(&w.b, "李大夫", &jia, HonourLevel::District, d(2025, 12, 31));
    honoured(&w.b, "赵老师", &jia, HonourLevel::City, d(2024, 12, 31));
    let voided = honoured(&w.b, "钱老师", &yi, HonourLevel::City, d(2025, 3, 1));
    w.b.run(VoidRecord {
        kind: RecordKind::Person,
        id: voided.id.0,
        reason: "重复登记".into(),
    })
    .unwrap();
    let path = w.dir.path.clone();
    let kit::World { b, dir, .. } = w;
    drop(b);
    let open = || LocalBackend::open(&path, &OpenOptions::default(), Actor::new("王主任")).unwrap();
    let expected = vec![
        ("甲乡".to_string(), Points::whole(15)),
        ("乙乡".to_string(), Points::whole(0)),
    ];

    // Without a report first: the standings read the roster themselves.
    let b = open();
    let alone = townships(&b);
    assert_eq!(totals(&alone), expected);
    drop(b);

    // After a report of the same program: from what the report read.
    let b = open();
    let figures = b
        .run(GetReportFigures {
            unit: None,
            period: Period {
                from: d(2025, 1, 1),
                to: d(2025, 12, 31),
            },
            under_active_months: 6,
        })
        .unwrap();
    assert_eq!(figures[0].honoured, 2);
    let after_report = townships(&b);
    assert_eq!(after_report, alone);

    // An honour added after the report is counted too: the list the report
    // handed over is kept by the commits.
    honoured(&b, "孙老师", &yi, HonourLevel::City, d(2025, 6, 1));
    assert_eq!(
        totals(&townships(&b)),
        [
            ("甲乡".to_string(), Points::whole(15)),
            ("乙乡".to_string(), Points::whole(14)),
        ]
    );
    drop(b);
    drop(dir);
}
