//! `ggw report`'s work figures through the real binary: records written
//! through the service, the report read as JSON and text, every figure
//! against a count made by hand below, for a subtree and at a period's
//! edges (a record on the last day counts, one the day after does not).

use crate::kit::{self, run, stderr, stdout};

use ggw::api::people::CreatePerson;
use ggw::api::work::{AddWork, VoidWork};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::person::PersonId;
use ggw::domain::work::{ActivityKind, Attendance, TrainingMode};
use ggw::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft, WorkItem,
};
use ggw::domain::{OrgUnit, UnitKind};
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn add(b: &LocalBackend, draft: WorkDraft) -> WorkItem {
    b.run(AddWork { draft }).unwrap()
}

fn activity(
    b: &LocalBackend,
    unit: &OrgUnit,
    date: Day,
    title: &str,
    (kind, online, youths): (ActivityKind, bool, u32),
    elders: Vec<PersonId>,
) -> WorkItem {
    add(
        b,
        WorkDraft::Activity(ActivityDraft {
            unit: unit.id,
            date,
            title: title.into(),
            theme: String::new(),
            kind,
            online,
            place: String::new(),
            youths,
            elders,
            notes: String::new(),
        }),
    )
}

fn training(
    b: &LocalBackend,
    unit: &OrgUnit,
    date: Day,
    mode: TrainingMode,
    attendance: Attendance,
) {
    add(
        b,
        WorkDraft::Training(TrainingDraft {
            unit: unit.id,
            date,
            mode,
            topic: "五老工作方法".into(),
            attendance,
        }),
    );
}

fn visit(b: &LocalBackend, person: PersonId, village: &OrgUnit, date: Day) {
    add(
        b,
        WorkDraft::Visit(VisitDraft {
            person,
            village: village.id,
            date,
            purpose: "走访留守儿童".into(),
            result: String::new(),
        }),
    );
}

fn session(b: &LocalBackend, base: &OrgUnit, date: Day, students: u32) {
    add(
        b,
        WorkDraft::StudySession(StudySessionDraft {
            base: base.id,
            date,
            visitor: "爱辉区第一小学".into(),
            students,
            theme: "爱国主义教育".into(),
        }),
    );
}

/// 爱辉区 with 四嘉子乡 (东村, 西村), 海兰街道 (海兰社区) and a study base,
/// four elders and the records below; the database closed for the binary.
fn district() -> kit::TempDb {
    district_world().dir
}

fn district_world() -> kit::World {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .unit("四嘉子乡", UnitKind::Village, "西村")
        .unit("爱辉区", UnitKind::Subdistrict, "海兰街道")
        .unit("海兰街道", UnitKind::Community, "海兰社区")
        .unit("爱辉区", UnitKind::Other, "研学基地")
        .build();
    let b = &w.b;
    let (town, east, west) = (w.unit("四嘉子乡"), w.unit("东村"), w.unit("西村"));
    let (street, community, base) = (w.unit("海兰街道"), w.unit("海兰社区"), w.unit("研学基地"));
    let person = |name: &str, unit: &OrgUnit| {
        b.run(CreatePerson {
            draft: kit::elder(name, unit),
        })
        .unwrap()
        .id
    };
    let (wang, li) = (person("王老师", east), person("李大夫", west));
    let (zhang, _zhao) = (person("张医生", street), person("赵师傅", street));

    use ActivityKind::*;
    // a1..a7: in the town's subtree a1, a2 (the last day of March), a6
    // (15 March); a3 the day after March, a5 the day before January; a4 the
    // street's; a7 voided.
    activity(b, town, d(2025, 1, 1), "a1", (Law, true, 100), vec![wang]);
    activity(
        b,
        east,
        d(2025, 3, 31),
        "a2",
        (Education, false, 40),
        vec![wang, li],
    );
    activity(b, west, d(2025, 4, 1), "a3", (Law, false, 500), vec![]);
    activity(b, street, d(2025, 2, 10), "a4", (Care, true, 30), vec![]);
    activity(b, west, d(2024, 12, 31), "a5", (Culture, false, 7), vec![]);
    activity(
        b,
        west,
        d(2025, 3, 15),
        "a6",
        (StudyTrip, false, 20),
        vec![],
    );
    let a7 = activity(b, east, d(2025, 2, 15), "a7", (Rural, true, 90), vec![]);
    b.run(VoidWork {
        id: a7.id(),
        rev: a7.rev(),
        reason: "重复录入".into(),
    })
    .unwrap();

    use TrainingMode::*;
    // t1 on the last day, three named (张 of the street among them); t2 by
    // head count; t3 the day after; t4 the street's.
    let named = Attendance::Named(vec![wang, li, zhang]);
    training(b, town, d(2025, 3, 31), Topical, named);
    training(
        b,
        east,
        d(2025, 2, 1),
        MeetingAsTraining,
        Attendance::HeadCount(45),
    );
    training(b, town, d(2025, 4, 1), Online, Attendance::HeadCount(99));
    training(b, street, d(2025, 1, 20), ByLine, Attendance::HeadCount(12));

    visit(b, wang, east, d(2025, 1, 5));
    visit(b, wang, west, d(2025, 3, 31));
    visit(b, li, west, d(2025, 2, 2));
    visit(b, li, east, d(2025, 4, 1));
    visit(b, zhang, community, d(2025, 3, 1));

    session(b, base, d(2025, 3, 31), 60);
    session(b, base, d(2025, 4, 1), 80);
    session(b, base, d(2025, 1, 10), 25);
    session(b, west, d(2025, 2, 20), 15);
    w
}

/// Several subtrees' figures in one request are each what asking for that
/// subtree alone gives: over whole months, a period cutting months, and
/// subtrees that hold one another.
#[test]
fn work_figures_of_several_units_are_those_asked_one_by_one() {
    let w = district_world();
    let names = ["爱辉区", "四嘉子乡", "东村", "西村", "海兰街道", "研学基地"];
    let units: Vec<_> = names.iter().map(|n| w.unit(n).id).collect();
    for (from, to) in [
        (d(2025, 1, 1), d(2025, 12, 31)),
        (d(2025, 1, 15), d(2025, 3, 31)),
        (d(2025, 3, 31), d(2025, 4, 1)),
        (d(2024, 1, 1), d(2026, 12, 31)),
    ] {
        let period = ggw::domain::people_figures::Period { from, to };
        let together =
            w.b.run(ggw::api::work::GetWorkFiguresOf {
                units: units.clone(),
                period,
            })
            .unwrap();
        assert_eq!(together.len(), units.len());
        for ((unit, name), f) in units.iter().zip(names).zip(&together) {
            let alone =
                w.b.run(ggw::api::work::GetWorkFigures {
                    unit: Some(*unit),
                    period,
                })
                .unwrap();
            assert_eq!(f, &alone, "{name} {from}..{to}");
        }
    }
    // Hand-counted: 四嘉子乡's visits in 2025 are 王老师's to 东村 (5 Jan)
    // and 西村 (31 Mar) and 李大夫's to 西村 (2 Feb) and 东村 (1 Apr); the
    // first quarter leaves out the last. The district adds 张医生's.
    let visits = |from, to| {
        let period = ggw::domain::people_figures::Period { from, to };
        w.b.run(ggw::api::work::GetWorkFiguresOf {
            units: vec![units[1], units[0]],
            period,
        })
        .unwrap()
        .iter()
        .map(|f| (f.tally.visits, f.visit_people, f.visit_villages))
        .collect::<Vec<_>>()
    };
    assert_eq!(
        visits(d(2025, 1, 1), d(2025, 12, 31)),
        [(4, 2, 2), (5, 3, 3)]
    );
    assert_eq!(
        visits(d(2025, 1, 1), d(2025, 3, 31)),
        [(3, 2, 2), (4, 3, 3)]
    );
}

fn report(db: &kit::TempDb, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(&db.path, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn counts(v: &Value, keys: &[&str]) -> Vec<u64> {
    keys.iter()
        .map(|k| v[*k].as_u64().unwrap_or_else(|| panic!("{k} in {v}")))
        .collect()
}

#[test]
fn work_figures_of_a_subtree_count_the_last_day_and_not_the_next() {
    let db = district();
    let q1 = ["--from", "2025-01-01", "--to", "2025-03-31"];
    let town = ["--unit", "爱辉区/四嘉子乡"];

    // The town, January to March (whole months, read from the tallies):
    // a1, a2, a6: 3 activities, a1 online, 100 + 40 + 20 young people, one
    // law, one education, one study trip. t1 (3 named) and t2 (45): 2
    // sessions, 48 person-times. v1, v2, v3: 王 and 李, 东村 and 西村. The
    // session at 西村: 15 students.
    let r = report(&db, &[&q1[..], &town[..]].concat());
    let w = &r["work"];
    let a = &w["activities"];
    assert_eq!(
        counts(a, &["total", "online", "offline", "youths"]),
        [3, 1, 2, 160]
    );
    let k = &a["by_kind"];
    assert_eq!(
        counts(
            k,
            &[
                "law",
                "education",
                "study_trip",
                "care",
                "culture",
                "rural",
                "other"
            ]
        ),
        [1, 1, 1, 0, 0, 0, 0]
    );
    let t = &w["trainings"];
    assert_eq!(counts(t, &["sessions", "person_times"]), [2, 48]);
    assert_eq!(
        counts(&t["by_mode"], &["meeting", "topical", "by_line", "online"]),
        [1, 1, 0, 0]
    );
    assert_eq!(
        counts(&w["visits"], &["count", "people", "villages"]),
        [3, 2, 2]
    );
    assert_eq!(
        counts(&w["study_sessions"], &["sessions", "students"]),
        [1, 15]
    );

    // Ending on 15 March (March cut, read from the records): a2, t1 and
    // v2 of the 31st fall out; a6 of the 15th stays. a1, a6: 2 activities,
    // 120 young people; t2: 1 session, 45; v1, v3: 2 visits by 2 people to
    // 2 villages; the session of February stays.
    let r = report(
        &db,
        &[
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-15",
            "--unit",
            "四嘉子乡",
        ],
    );
    let w = &r["work"];
    let a = &w["activities"];
    assert_eq!(
        counts(a, &["total", "online", "offline", "youths"]),
        [2, 1, 1, 120]
    );
    assert_eq!(
        counts(&a["by_kind"], &["law", "education", "study_trip"]),
        [1, 0, 1]
    );
    assert_eq!(
        counts(&w["trainings"], &["sessions", "person_times"]),
        [1, 45]
    );
    assert_eq!(
        counts(&w["trainings"]["by_mode"], &["meeting", "topical"]),
        [1, 0]
    );
    assert_eq!(
        counts(&w["visits"], &["count", "people", "villages"]),
        [2, 2, 2]
    );
    assert_eq!(
        counts(&w["study_sessions"], &["sessions", "students"]),
        [1, 15]
    );

    // From 1 April only: a3, t3 (99), v4, the base's 80; a period of one
    // day cut from its month.
    let r = report(&db, &["--from", "2025-04-01", "--to", "2025-04-01"]);
    let w = &r["work"];
    assert_eq!(counts(&w["activities"], &["total", "youths"]), [1, 500]);
    assert_eq!(
        counts(&w["trainings"], &["sessions", "person_times"]),
        [1, 99]
    );
    assert_eq!(counts(&w["trainings"]["by_mode"], &["online"]), [1]);
    assert_eq!(
        counts(&w["visits"], &["count", "people", "villages"]),
        [1, 1, 1]
    );
    assert_eq!(
        counts(&w["study_sessions"], &["sessions", "students"]),
        [1, 80]
    );
}

#[test]
fn the_district_adds_the_street_and_the_base_and_has_a_row_per_unit() {
    let db = district();
    // The district, January to March: the town's, plus a4 (care, online,
    // 30), t4 (by line, 12), v5 (张 to 海兰社区), the base's sessions of 10
    // January (25) and 31 March (60). a5 of 31 December and the voided a7
    // count nowhere.
    let r = report(
        &db,
        &[
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--months",
            "6",
        ],
    );
    let w = &r["work"];
    let a = &w["activities"];
    assert_eq!(
        counts(a, &["total", "online", "offline", "youths"]),
        [4, 2, 2, 190]
    );
    assert_eq!(
        counts(
            &a["by_kind"],
            &["law", "education", "study_trip", "care", "culture", "rural"]
        ),
        [1, 1, 1, 1, 0, 0]
    );
    let t = &w["trainings"];
    assert_eq!(counts(t, &["sessions", "person_times"]), [3, 60]);
    assert_eq!(
        counts(&t["by_mode"], &["meeting", "topical", "by_line", "online"]),
        [1, 1, 1, 0]
    );
    assert_eq!(
        counts(&w["visits"], &["count", "people", "villages"]),
        [4, 3, 3]
    );
    assert_eq!(
        counts(&w["study_sessions"], &["sessions", "students"]),
        [3, 100]
    );

    // A row per unit below: the town 3 activities, 2 trainings, 3 visits,
    // 1 session; the street 1, 1, 1, 0; the base 0, 0, 0, 2.
    let rows = r["units"].as_array().unwrap();
    let row = |name: &str| {
        let r = rows
            .iter()
            .find(|r| r["unit_path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} in {rows:?}"));
        counts(r, &["activities", "trainings", "visits", "study_sessions"])
    };
    assert_eq!(row("四嘉子乡"), [3, 2, 3, 1]);
    assert_eq!(row("海兰街道"), [1, 1, 1, 0]);
    assert_eq!(row("研学基地"), [0, 0, 0, 2]);

    // 张 was named on t1 and is off the under-active queue; 赵 was named on
    // nothing and is on it; 王 and 李 took part too.
    let queue: Vec<&str> = r["people"]["under_active"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(queue, ["赵师傅"]);

    // The text: the section's lines and the table by unit, the base's row
    // and the district's own (nothing left over) and the total.
    let o = run(
        &db.path,
        &["report", "--from", "2025-01-01", "--to", "2025-03-31"],
    );
    let text = stdout(&o);
    assert!(text.contains("工作开展情况"), "{text}");
    assert!(
        text.contains("活动 4 次（线上 2，线下 2），覆盖青少年 190 人次"),
        "{text}"
    );
    assert!(text.contains("培训 3 期，60 人次"), "{text}");
    assert!(
        text.contains("下村工作 4 次，3 人，走访村（社区）3 个"),
        "{text}"
    );
    assert!(text.contains("研学 3 场，学生 100 人次"), "{text}");
    let table: Vec<String> = text
        .lines()
        .skip_while(|l| *l != "各单位工作")
        .skip(2)
        .take(5)
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        table,
        [
            "四嘉子乡 3 2 3 1",
            "海兰街道 1 1 1 0",
            "研学基地 0 0 0 2",
            "爱辉区（本级） 0 0 0 0",
            "合计 4 3 4 3",
        ]
    );
}

#[test]
fn the_workbook_has_the_work_lines_and_a_sheet_by_unit() {
    let db = district();
    let file = db.dir.path().join("report.xlsx");
    let o = run(
        &db.path,
        &[
            "report",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    // The summary sheet holds the section's lines; the table by unit has a
    // sheet of its own, with the same counts as the text (see above).
    let summary = book.worksheet_range("概况").unwrap();
    assert!(
        summary
            .rows()
            .any(|r| r[0].to_string().starts_with("培训 3 期，60 人次")),
        "{summary:?}"
    );
    let sheet = book.worksheet_range("各单位工作").unwrap();
    let row = sheet.rows().find(|r| r[0] == "四嘉子乡").unwrap();
    let counts: Vec<&Data> = row[1..5].iter().collect();
    assert_eq!(
        counts,
        [
            &Data::Float(3.0),
            &Data::Float(2.0),
            &Data::Float(3.0),
            &Data::Float(1.0)
        ]
    );
}

#[test]
fn a_period_without_work_records_has_no_work_heading() {
    let db = district();
    // Nothing was recorded in 2023: zeros in JSON, no heading in the text.
    let r = report(&db, &["--from", "2023-01-01", "--to", "2023-12-31"]);
    assert_eq!(r["work"]["activities"]["total"], 0);
    assert_eq!(r["work"]["visits"]["people"], 0);
    assert_eq!(r["work"]["trainings"]["by_mode"]["by_line"], 0);
    let o = run(
        &db.path,
        &["report", "--from", "2023-01-01", "--to", "2023-12-31"],
    );
    let text = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!text.contains("工作开展情况"), "{text}");
    assert!(!text.contains("各单位工作"), "{text}");
    // The English report names the same figures.
    let o = run(
        &db.path,
        &[
            "--lang",
            "en",
            "report",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
        ],
    );
    let text = stdout(&o);
    assert!(
        text.contains("Activities 4 (2 online, 2 offline), young people reached 190"),
        "{text}"
    );
    assert!(text.contains("by kind: "), "{text}");
}
