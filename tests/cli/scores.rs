//! `ggw scores` through the real binary: a rulebook checked, stored, shown
//! and copied; standings, ledgers and awards against answers worked out by
//! hand below; settlement that later edits do not move, with the
//! difference listed; the report's standings.

use std::path::PathBuf;
use std::time::Duration;

use crate::kit::{self, ok, run, stderr, stdout};

use ggw::api::people::CreatePerson;
use ggw::api::work::AddWork;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::person::PersonId;
use ggw::domain::work::ActivityKind;
use ggw::domain::work_item::{ActivityDraft, WorkDraft};
use ggw::domain::{OrgUnit, UnitKind};
use serde_json::Value;

/// Two blocks of units, three items. An activity gives 2 up to 6;
/// townships are expected to hold 2 and lose 1 for each one missing. A law
/// activity gives 1 more. A study session gives 0.5. An elder gets 1.5 for
/// each activity they took part in.
const RULES: &str = r#"# 测试用考核细则
name = "2025年度测试细则"
from = 2025-01-01
to = 2025-12-31
grades = [{ name = "优秀", min = 8 }, { name = "合格", min = 3 }]

[[block]]
name = "活动开展"
max = 10
floor = 0

[[block.item]]
name = "组织活动"
counts = "activities"
points = 2
cap = 6
target = { township = 2 }
shortfall = -1

[[block.item]]
name = "法治宣传"
counts = "activities"
where = { kind = "law" }
points = 1

[[block]]
name = "研学实践"
max = 5

[[block.item]]
name = "研学"
counts = "studybase-sessions"
points = 0.5

[[block]]
name = "五老个人"
scores = "person"

[[block.item]]
name = "参加活动"
counts = "activities"
points = 1.5
"#;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn activity(
    b: &LocalBackend,
    unit: &OrgUnit,
    date: Day,
    kind: ActivityKind,
    elders: Vec<PersonId>,
) {
    b.run(AddWork {
        draft: WorkDraft::Activity(ActivityDraft {
            unit: unit.id,
            date,
            title: "活动".into(),
            theme: String::new(),
            kind,
            online: false,
            place: String::new(),
            youths: 0,
            elders,
            notes: String::new(),
        }),
    })
    .unwrap();
}

/// 爱辉区 with 甲乡 (and its 东村), 乙镇, 丙乡 and 海兰街道; the rulebook in
/// a file beside the database, not yet stored.
///
/// 2025's activities: 甲乡 education 1 Feb and law 1 Apr and 5 May, 东村
/// law 1 Mar (counted for 甲乡 too); 乙镇 education 1 Jun; 丙乡 law 10 Jan
/// and education 20 Jan. 甲乡's education of 31 Dec 2024 is outside. The
/// elder 王老师 of 东村 took part in 1 Apr, 1 Mar and the one outside;
/// 李大夫 of 乙镇 in none.
fn district() -> (kit::TempDb, PathBuf) {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("甲乡", UnitKind::Village, "东村")
        .unit("爱辉区", UnitKind::Township, "乙镇")
        .unit("爱辉区", UnitKind::Township, "丙乡")
        .unit("爱辉区", UnitKind::Subdistrict, "海兰街道")
        .build();
    let b = &w.b;
    let (a, east, bt, c) = (
        w.unit("甲乡"),
        w.unit("东村"),
        w.unit("乙镇"),
        w.unit("丙乡"),
    );
    let elder = |name: &str, unit: &OrgUnit| {
        b.run(CreatePerson {
            draft: kit::elder(name, unit),
        })
        .unwrap()
        .id
    };
    let wang = elder("王老师", east);
    elder("李大夫", bt);
    use ActivityKind::{Education, Law};
    activity(b, a, d(2025, 2, 1), Education, vec![]);
    activity(b, a, d(2025, 4, 1), Law, vec![wang]);
    activity(b, a, d(2025, 5, 5), Law, vec![]);
    activity(b, east, d(2025, 3, 1), Law, vec![wang]);
    activity(b, a, d(2024, 12, 31), Education, vec![wang]);
    activity(b, bt, d(2025, 6, 1), Education, vec![]);
    activity(b, c, d(2025, 1, 10), Law, vec![]);
    activity(b, c, d(2025, 1, 20), Education, vec![]);
    let file = w.dir.dir.path().join("rules.toml");
    std::fs::write(&file, RULES).unwrap();
    (w.dir, file)
}

fn json(db: &kit::TempDb, args: &[&str]) -> Value {
    let o = run(&db.path, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

fn standings(db: &kit::TempDb, group: &str) -> Value {
    json(
        db,
        &[
            "scores", "--period", "2025", "--group", group, "--format", "json",
        ],
    )
}

fn row<'a>(s: &'a Value, unit: &str) -> &'a Value {
    s["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == unit)
        .unwrap_or_else(|| panic!("no {unit} in {s}"))
}

/// (total, rank, grade, completion) of a row.
fn summary(r: &Value) -> (f64, u64, &str, Option<f64>) {
    (
        r["total"].as_f64().unwrap(),
        r["rank"].as_u64().unwrap(),
        r["grade"].as_str().unwrap(),
        r["completion"].as_f64(),
    )
}

fn set_rules(db: &kit::TempDb, file: &std::path::Path) {
    let out = ok(
        &db.path,
        &[
            "scores",
            "rules",
            "set",
            "--period",
            "2025",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.contains("已保存考核细则“2025年度测试细则”"), "{out}");
}

#[test]
fn standings_of_townships_by_hand() {
    let (db, file) = district();
    set_rules(&db, &file);
    let s = standings(&db, "township");
    assert_eq!(s["period"]["name"], "2025年度测试细则");
    assert_eq!(s["group"], "township");
    assert_eq!(s["settled"], false);
    // 甲乡: 4 activities in 2025 (its own three and 东村's) give 8, capped
    // at 6; 3 law activities give 3; 9 in all, 优秀; both targets met.
    let a = row(&s, "甲乡");
    assert_eq!(summary(a), (9.0, 1, "优秀", Some(100.0)));
    assert_eq!(a["blocks"]["活动开展"].as_f64(), Some(9.0));
    assert_eq!(a["blocks"]["研学实践"].as_f64(), Some(0.0));
    assert_eq!(a["path"], "爱辉区/甲乡");
    // 丙乡: 2 activities, 4; one law, 1: 5, 合格.
    assert_eq!(summary(row(&s, "丙乡")), (5.0, 2, "合格", Some(100.0)));
    // 乙镇: 1 activity, 2, one short of 2: -1: 1, 不合格, half its target.
    assert_eq!(summary(row(&s, "乙镇")), (1.0, 3, "不合格", Some(50.0)));
    assert_eq!(s["rows"].as_array().unwrap().len(), 3);

    // 东村 among villages: its law activity, 2 + 1; no target for villages.
    let v = standings(&db, "村屯");
    assert_eq!(summary(row(&v, "东村")), (3.0, 1, "合格", None));

    // Elders: 王老师 in two of 2025's activities, 3; 李大夫 in none.
    let e = standings(&db, "五老");
    assert_eq!(e["group"], "elder");
    assert_eq!(e["blocks"], serde_json::json!(["五老个人"]));
    let wang = &e["rows"][0];
    assert_eq!(wang["person"], "王老师");
    assert_eq!(wang["path"], "爱辉区/甲乡/东村");
    assert_eq!(summary(wang), (3.0, 1, "合格", None));
    assert_eq!(e["rows"][1]["person"], "李大夫");
    assert_eq!(summary(&e["rows"][1]), (0.0, 2, "不合格", None));
    let l = json(
        &db,
        &[
            "scores",
            "ledger",
            "--period",
            "2025",
            "--person",
            "王老师",
            "--format",
            "json",
        ],
    );
    assert_eq!(l["person"], "王老师");
    assert_eq!(l["total"].as_f64(), Some(3.0));
    let days: Vec<&str> = l["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["day"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2025-03-01", "2025-04-01"]);

    // The text lines up its table under a head, the best first.
    let t = ok(&db.path, &["scores", "--period", "2025"]);
    let lines: Vec<&str> = t.lines().collect();
    let head = lines.iter().position(|l| l.contains("名次")).unwrap();
    assert!(lines[head].contains("活动开展") && lines[head].contains("总分"));
    assert!(lines[head + 1].contains("甲乡") && lines[head + 1].contains("优秀"));
    assert!(lines[head + 3].contains("乙镇") && lines[head + 3].contains("50.0%"));

    // CSV with its BOM, and a workbook written to a file.
    let o = run(&db.path, &["scores", "--period", "2025", "--format", "csv"]);
    assert!(o.stdout.starts_with(&[0xEF, 0xBB, 0xBF]));
    let csv = stdout(&o);
    assert!(
        csv.contains("\r\n1,甲乡,9,0,9,100.0%,优秀,,爱辉区/甲乡\r\n"),
        "{csv}"
    );
    let book = db.dir.path().join("排名.xlsx");
    let o = run(
        &db.path,
        &[
            "scores",
            "--period",
            "2025",
            "--format",
            "xlsx",
            "-o",
            book.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(&std::fs::read(&book).unwrap()[..2], b"PK");
    let o = run(
        &db.path,
        &["scores", "--period", "2025", "--format", "xlsx"],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--output"), "{}", stderr(&o));
}

#[test]
fn the_ledger_lists_every_line_and_an_award_joins_it() {
    let (db, file) = district();
    set_rules(&db, &file);
    let l = json(
        &db,
        &[
            "scores", "ledger", "--period", "2025", "--unit", "甲乡", "--format", "json",
        ],
    );
    assert_eq!(l["unit"], "甲乡");
    assert_eq!(l["total"].as_f64(), Some(9.0));
    let lines = l["lines"].as_array().unwrap();
    let of = |item: &str, kind: &str| -> Vec<f64> {
        lines
            .iter()
            .filter(|x| x["item"] == item && x["kind"] == kind)
            .map(|x| x["points"].as_f64().unwrap())
            .collect()
    };
    assert_eq!(of("组织活动", "counted"), [2.0; 4]);
    assert_eq!(of("组织活动", "cap"), [-2.0]);
    assert_eq!(of("法治宣传", "counted"), [1.0; 3]);
    assert!(
        lines
            .iter()
            .filter(|x| x["kind"] == "counted")
            .all(|x| x["source"]["kind"] == "activity" && x["day"].is_string())
    );
    let sum: f64 = lines.iter().map(|x| x["points"].as_f64().unwrap()).sum();
    assert_eq!(sum, 9.0);
    let t = ok(
        &db.path,
        &[
            "scores",
            "ledger",
            "--period",
            "2025",
            "--unit",
            "爱辉区/甲乡",
        ],
    );
    assert!(
        t.contains("单项封顶") && t.contains("合计 9 分（8 行）"),
        "{t}"
    );

    // A bad number saves nothing.
    let o = run(
        &db.path,
        &[
            "scores", "adjust", "--period", "2025", "--unit", "丙乡", "--points", "三", "--reason",
            "表彰",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("分数“三”不是数"), "{}", stderr(&o));
    // An award of 4 to 丙乡: 5 + 4 = 9, level with 甲乡, both first, 乙镇
    // third.
    let out = ok(
        &db.path,
        &[
            "scores",
            "adjust",
            "--period",
            "2025",
            "--unit",
            "丙乡",
            "--points",
            "4",
            "--reason",
            "市级表彰",
            "--date",
            "2025-06-30",
        ],
    );
    assert!(out.contains("已记入奖励 4 分：丙乡，市级表彰"), "{out}");
    let s = standings(&db, "township");
    assert_eq!(summary(row(&s, "丙乡")), (9.0, 1, "优秀", Some(100.0)));
    assert_eq!(row(&s, "丙乡")["adjusted"].as_f64(), Some(4.0));
    assert_eq!(summary(row(&s, "甲乡")).1, 1);
    assert_eq!(summary(row(&s, "乙镇")).1, 3);
    let l = json(
        &db,
        &[
            "scores", "ledger", "--period", "2025", "--unit", "丙乡", "--format", "json",
        ],
    );
    let manual: Vec<&Value> = l["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["kind"] == "manual")
        .collect();
    assert_eq!(manual.len(), 1, "{l}");
    assert_eq!(manual[0]["points"].as_f64(), Some(4.0));
    assert_eq!(manual[0]["day"], "2025-06-30");
    assert_eq!(l["total"].as_f64(), Some(9.0));
    // A penalty, negative and with decimals.
    ok(
        &db.path,
        &[
            "scores", "adjust", "--period", "2025", "--unit", "乙镇", "--points", "-0.5",
            "--reason", "迟报",
        ],
    );
    assert_eq!(summary(row(&standings(&db, "township"), "乙镇")).0, 0.5);
}

#[test]
fn a_bad_rulebook_is_refused_with_its_lines_and_nothing_is_stored() {
    let (db, file) = district();
    // Line 14 counts what no record holds; line 25 gives a negative cap.
    let bad = RULES
        .replacen("counts = \"activities\"", "counts = \"poems\"", 1)
        .replace("points = 1\n", "points = 1\ncap = -2\n");
    let lines: Vec<&str> = bad.lines().collect();
    assert_eq!(lines[13], "counts = \"poems\"");
    assert_eq!(lines[24], "cap = -2");
    std::fs::write(&file, &bad).unwrap();
    let path = file.to_str().unwrap();
    let o = kit::Ggw::new()
        .args(["scores", "rules", "check", path])
        .output();
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let said: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(said.len(), 2, "{out}");
    assert!(said[0].starts_with("第14行："), "{out}");
    assert!(said[1].starts_with("第25行："), "{out}");
    let o = kit::Ggw::new()
        .args(["--lang", "en", "scores", "rules", "check", path])
        .output();
    assert!(stdout(&o).lines().nth(1).unwrap().starts_with("line 14: "));

    let o = run(&db.path, &["scores", "rules", "set", path]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("第14行"), "{}", stderr(&o));
    let periods = json(&db, &["scores", "periods", "--format", "json"]);
    assert_eq!(periods, Value::Array(vec![]));

    // The shipped example checks clean, and needs no database.
    let example = kit::Ggw::new().args(["scores", "rules", "example"]).ok();
    std::fs::write(&file, &example).unwrap();
    let o = kit::Ggw::new()
        .args(["scores", "rules", "check", path])
        .output();
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).starts_with("没有问题：2024年度关工委工作考核细则"));
}

#[test]
fn a_rulebook_round_trips_and_copies_to_the_next_year() {
    let (db, file) = district();
    set_rules(&db, &file);
    let shown = ok(&db.path, &["scores", "rules", "show", "--period", "2025"]);
    assert_eq!(shown, RULES);
    let by_name = ok(
        &db.path,
        &["scores", "rules", "show", "--period", "2025年度测试细则"],
    );
    assert_eq!(by_name, RULES);

    let out = ok(
        &db.path,
        &["scores", "rules", "copy", "--from", "2025", "--to", "2026"],
    );
    assert!(
        out.contains("2026年度测试细则") && out.contains("2026-01-01 至 2026-12-31"),
        "{out}"
    );
    let copy = ok(&db.path, &["scores", "rules", "show", "--period", "2026"]);
    assert_eq!(copy, RULES.replace("2025", "2026"));
    let periods = json(&db, &["scores", "periods", "--format", "json"]);
    let names: Vec<&str> = periods
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["2025年度测试细则", "2026年度测试细则"]);
    assert_eq!(periods[1]["from"], "2026-01-01");
    assert_eq!(periods[0]["version"], 1);
    // 2026 has no records yet: every township at 0, each two short: -2,
    // held at the floor.
    let s = json(&db, &["scores", "--period", "2026", "--format", "json"]);
    assert_eq!(summary(row(&s, "甲乡")), (0.0, 1, "不合格", Some(0.0)));
    assert_eq!(s["previous"], "2025年度测试细则");
}

#[test]
fn a_settled_period_keeps_its_result_and_lists_what_changed_since() {
    let (db, file) = district();
    set_rules(&db, &file);
    let out = ok(&db.path, &["scores", "settle", "--period", "2025", "--yes"]);
    assert!(out.contains("已兑现“2025年度测试细则”"), "{out}");
    assert!(out.contains("乡镇：3 个，第一名 甲乡"), "{out}");
    let diff = json(
        &db,
        &["scores", "diff", "--period", "2025", "--format", "json"],
    );
    assert_eq!(diff, Value::Array(vec![]));

    // A second activity of 乙镇 dated in the period: now 4 (its target
    // met), still third; the settled standings keep 1.
    let o = run(
        &db.path,
        &[
            "activities",
            "add",
            "--unit",
            "乙镇",
            "--date",
            "2025-07-01",
            "--title",
            "补录活动",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let s = standings(&db, "township");
    assert_eq!(s["settled"], true);
    assert_eq!(summary(row(&s, "乙镇")), (1.0, 3, "不合格", Some(50.0)));
    let diff = json(
        &db,
        &["scores", "diff", "--period", "2025", "--format", "json"],
    );
    let rows = diff.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{diff}");
    let r = &rows[0];
    assert_eq!(r["unit"], "乙镇");
    assert_eq!(r["group"], "township");
    assert_eq!(r["settled_total"].as_f64(), Some(1.0));
    assert_eq!(r["live_total"].as_f64(), Some(4.0));
    assert_eq!(
        (r["settled_rank"].as_u64(), r["live_rank"].as_u64()),
        (Some(3), Some(3))
    );
    let t = ok(&db.path, &["scores", "diff", "--period", "2025"]);
    assert!(t.contains("乙镇"), "{t}");

    // Its rulebook can no longer change.
    let o = run(
        &db.path,
        &[
            "scores",
            "rules",
            "set",
            "--period",
            "2025",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已兑现奖惩"), "{}", stderr(&o));
    let periods = json(&db, &["scores", "periods", "--format", "json"]);
    assert_eq!(periods[0]["settled"], true);
    assert_eq!(periods[0]["version"], 1);
}

#[test]
fn the_report_carries_the_standings_of_its_period() {
    let (db, file) = district();
    let report = |extra: &[&str]| {
        let mut args = vec!["report", "--format", "json"];
        args.extend_from_slice(extra);
        json(&db, &args)
    };
    let year = ["--from", "2025-01-01", "--to", "2025-12-31"];
    assert!(report(&year)["scores"].is_null());
    set_rules(&db, &file);
    let r = report(&year);
    let sc = &r["scores"];
    assert_eq!(sc["period"]["name"], "2025年度测试细则");
    let groups: Vec<&str> = sc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["township", "subdistrict", "village", "elder"]);
    assert_eq!(
        summary(row(&sc["groups"][0], "甲乡")),
        (9.0, 1, "优秀", Some(100.0))
    );
    // For 甲乡 alone: itself among townships (its rank among all of them)
    // and its village.
    let r = report(&[&year[..], &["--unit", "甲乡"]].concat());
    let g = r["scores"]["groups"].as_array().unwrap();
    assert_eq!(g.len(), 3, "{}", r["scores"]);
    assert_eq!(g[0]["rows"].as_array().unwrap().len(), 1);
    assert_eq!(summary(&g[1]["rows"][0]), (3.0, 1, "合格", None));
    // 王老师 of 东村, first of the two elders; 李大夫 of 乙镇 is not 甲乡's.
    assert_eq!(g[2]["group"], "elder");
    assert_eq!(g[2]["rows"].as_array().unwrap().len(), 1);
    assert_eq!(g[2]["rows"][0]["person"], "王老师");
    assert_eq!(g[2]["rows"][0]["rank"], 1);
    // A report of a quarter in 2025 falls in the 2025 period; one of 2024
    // in none.
    let q = report(&["--from", "2025-04-01", "--to", "2025-06-30"]);
    assert_eq!(q["scores"]["period"]["name"], "2025年度测试细则");
    assert!(report(&["--from", "2024-01-01", "--to", "2024-12-31"])["scores"].is_null());
    // The text has a section per group.
    let t = ok(
        &db.path,
        &["report", "--from", "2025-01-01", "--to", "2025-12-31"],
    );
    assert!(t.contains("乡镇积分排名  2025年度测试细则"), "{t}");
}

#[test]
fn the_commands_work_through_the_server_as_alone() {
    let (db, file) = district();
    let server = kit::Server::start(&db.path, &db.dir.path().join("s.sock"));
    let client = |args: &[&str]| {
        let o = server.client(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let out = client(&["scores", "rules", "set", file.to_str().unwrap()]);
    assert!(out.contains("第 1 版"), "{out}");
    assert_eq!(
        client(&["scores", "rules", "show", "--period", "2025"]),
        RULES
    );
    client(&[
        "scores", "adjust", "--period", "2025", "--unit", "乙镇", "--points", "2", "--reason",
        "补报",
    ]);
    // 乙镇: 1 + 2 = 3, 合格, still third.
    let s: Value =
        serde_json::from_str(&client(&["scores", "--period", "2025", "--format", "json"])).unwrap();
    assert_eq!(summary(row(&s, "乙镇")), (3.0, 3, "合格", Some(50.0)));
    let l: Value = serde_json::from_str(&client(&[
        "scores", "ledger", "--period", "2025", "--unit", "乙镇", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(l["total"].as_f64(), Some(3.0));
    let out = client(&["scores", "settle", "--period", "2025", "--yes"]);
    assert!(out.contains("已兑现"), "{out}");
    let diff = client(&["scores", "diff", "--period", "2025"]);
    assert_eq!(diff.trim(), "兑现以来，排名和总分没有变化。");
}

/// `ggw scores settle` on a terminal, answering `answer`: its exit status
/// and all it wrote.
fn settle_on_a_terminal(db: &kit::TempDb, answer: &[u8]) -> (bool, String) {
    let home = db.dir.path();
    let mut g = kit::pty_ggw(home, &db.path);
    g.args(["scores", "settle", "--period", "2025"]);
    let mut s = kit::spawn_in_pty(&g, home).unwrap();
    let asked = "输入 y 确认".as_bytes();
    let started = std::time::Instant::now();
    while !s.transcript.windows(asked.len()).any(|w| w == asked) {
        assert!(
            started.elapsed() < Duration::from_secs(30) && !s.has_exited(),
            "not asked: {}",
            String::from_utf8_lossy(&s.transcript)
        );
        s.read_burst(Duration::from_millis(50), Duration::from_millis(500));
    }
    s.send(answer);
    let status = s.wait(Duration::from_secs(30)).expect("settle ends");
    (
        status.success(),
        String::from_utf8_lossy(&s.transcript).into_owned(),
    )
}

#[test]
fn settling_on_a_terminal_shows_what_it_freezes_and_asks_first() {
    let (db, file) = district();
    set_rules(&db, &file);
    let (done, said) = settle_on_a_terminal(&db, b"n\r");
    assert!(!done);
    assert!(said.contains("乡镇：3 个，第一名 甲乡"), "{said}");
    assert!(said.contains("五老：2 个，第一名 王老师"), "{said}");
    assert!(said.contains("已取消，没有兑现"), "{said}");
    let periods = json(&db, &["scores", "periods", "--format", "json"]);
    assert_eq!(periods[0]["settled"], false);

    let (done, said) = settle_on_a_terminal(&db, b"y\r");
    assert!(done, "{said}");
    assert!(said.contains("已兑现“2025年度测试细则”"), "{said}");
    let periods = json(&db, &["scores", "periods", "--format", "json"]);
    assert_eq!(periods[0]["settled"], true);
}
