//! The report's long lists through the real binary: the under-active queue
//! is counted whole and listed to its first entries, with the command that
//! lists it all; that command lists every one, in the report's order.

use crate::kit::{self, run, stderr, stdout};

use ggw::api::people::{CreatePerson, RecordTalk};
use ggw::backend::BackendExt;
use ggw::domain::UnitKind;
use ggw::domain::day::Day;
use ggw::domain::person::{Talk, TalkOutcome};
use serde_json::Value;

/// 爱辉区/四嘉子乡 with 53 elders, all joined 2021-05-01 and none with a
/// work record: 老人01 to 老人53, ids in that order. 老人02 was talked to on
/// 2025-03-01 (quiet since then, last in the queue's order); 老人03 on
/// 2025-10-01 (within six months of the year's end: off the queue).
/// Under-active at the end of 2025 with --months 6: 52 of them.
fn township() -> kit::TempDb {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .build();
    let town = w.unit("四嘉子乡").clone();
    let mut people = Vec::new();
    for i in 1..=53 {
        let p =
            w.b.run(CreatePerson {
                draft: kit::elder(&format!("老人{i:02}"), &town),
            })
            .unwrap();
        people.push(p);
    }
    for (i, day) in [(1, Day::ymd(2025, 3, 1)), (2, Day::ymd(2025, 10, 1))] {
        w.b.run(RecordTalk {
            id: people[i].id,
            rev: people[i].rev,
            talk: Talk {
                date: day.unwrap(),
                by: "王主任".into(),
                summary: String::new(),
                outcome: TalkOutcome::Keep,
            },
        })
        .unwrap();
    }
    w.dir
}

fn ok(db: &kit::TempDb, args: &[&str]) -> String {
    let o = run(&db.path, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

const YEAR: [&str; 4] = ["--from", "2025-01-01", "--to", "2025-12-31"];

#[test]
fn the_report_counts_the_whole_queue_and_lists_its_first_fifty() {
    let db = township();
    let r: Value = serde_json::from_str(&ok(
        &db,
        &[&["report", "--format", "json"], &YEAR[..]].concat(),
    ))
    .unwrap();
    let people = &r["people"];
    assert_eq!(people["under_active_count"], 52);
    let names: Vec<&str> = people["under_active"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    // Never talked to first, by id (老人01, 老人04 … 老人51), 老人02 last
    // and cut with 老人52 and 老人53.
    let mut expected = vec!["老人01".to_string()];
    expected.extend((4..=52).map(|i| format!("老人{i:02}")));
    assert_eq!(names.len(), 50);
    assert_eq!(names, expected);
    // The row of the township counts the whole queue too.
    let row = &r["units"][0];
    assert_eq!(row["unit_path"], "爱辉区/四嘉子乡");
    assert_eq!(row["under_active"], 52);

    let t = ok(&db, &[&["report"], &YEAR[..]].concat());
    assert!(t.contains("6 个月内无谈话和工作记录的五老 52 人"), "{t}");
    assert!(
        t.contains(
            "以下为前 50 人；全部名单：ggw people under-active --unit 爱辉区 --months 6 --to 2025-12-31"
        ),
        "{t}"
    );
    assert!(t.contains("老人52"), "{t}");
    assert!(!t.contains("老人53"), "{t}");
}

#[test]
fn people_under_active_lists_the_whole_queue_in_the_reports_order() {
    let db = township();
    let args = [
        "people",
        "under-active",
        "--unit",
        "爱辉区",
        "--months",
        "6",
        "--to",
        "2025-12-31",
    ];
    let j: Value =
        serde_json::from_str(&ok(&db, &[&args[..], &["--format", "json"]].concat())).unwrap();
    let names: Vec<&str> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    let mut expected = vec!["老人01".to_string()];
    expected.extend((4..=53).map(|i| format!("老人{i:02}")));
    expected.push("老人02".into());
    assert_eq!(names, expected);
    assert_eq!(j[51]["last_talk"], "2025-03-01");

    let t = ok(&db, &args);
    let lines: Vec<&str> = t.lines().collect();
    assert_eq!(
        lines[0],
        "活动不足的五老 52 人（姓名、最近谈话、最近活动、单位）"
    );
    assert_eq!(lines.len(), 53);
    assert!(lines[1].contains("老人01"), "{t}");
    assert!(
        lines[52].contains("老人02") && lines[52].contains("2025-03-01"),
        "{t}"
    );
}
