//! Output a person can read: import errors one to a line, history in names
//! and dates, the roster export as a 五老名册, the report's lists and
//! tables, quiet exits on a closed pipe, and help in the user's language.

use crate::kit;

use std::path::Path;

use kit::{TempDb, ggw, run, stderr, stdout};

/// A district with a township and a village, and nobody in it yet.
fn small_db() -> TempDb {
    kit::cli_db(&[
        ("爱辉区", "乡镇", "四嘉子乡"),
        ("爱辉区", "街道", "西兴街道"),
        ("爱辉区/四嘉子乡", "村屯", "小乌斯力村"),
    ])
}

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

const HEADER: &str =
    "姓名,性别,出生日期,身份证号,联系电话,类别,所属单位,来源,入列日期,状态,除名日期,除名原因,备注";

#[test]
fn import_errors_are_one_to_a_line_and_a_masked_phone_is_explained() {
    let t = small_db();
    let file = t.dir.path().join("bad.csv");
    let csv = format!(
        "{HEADER}\n\
         张桂芳,女,1949-12-31,110***********002X,,老教师,四嘉子乡,教育系统,2022-09-01,在册,,,\n\
         李建国,男,1952-03-01,,138****5678,老战士,四嘉子乡,退役军人事务局,2021-05-04,在册,,,\n\
         ,男,1952-03-01,,,老战士,四嘉子乡,退役军人事务局,2021-05-04,在册,,,\n"
    );
    std::fs::write(&file, csv).unwrap();
    for (lang, masked_id, masked_phone) in [
        ("zh", "身份证号是打码的", "联系电话是打码的"),
        (
            "en",
            "the ID number is masked",
            "the phone number is masked",
        ),
    ] {
        let o = run(
            &t.path,
            &["--lang", lang, "people", "import", file.to_str().unwrap()],
        );
        assert!(!o.status.success());
        let err = stderr(&o);
        let lines: Vec<&str> = err.lines().collect();
        // The summary, then one line per bad row, each starting with its line.
        assert_eq!(lines.len(), 4, "{err}");
        for (i, line) in [2, 3, 4].iter().enumerate() {
            let start = match lang {
                "zh" => format!("第 {line} 行："),
                _ => format!("line {line}: "),
            };
            assert!(lines[i + 1].starts_with(&start), "{err}");
        }
        assert!(lines[1].contains(masked_id), "{err}");
        assert!(lines[2].contains(masked_phone), "{err}");
        assert!(lines[2].contains("--unmasked"), "{err}");
    }
    // Nothing half-saved.
    assert!(!ok(&t.path, &["people", "list", "--all"]).contains("张桂芳"));
}

/// Runs `ggw args…` with its output going to a reader that has already
/// gone, so the first write meets a closed pipe.
fn into_closed_pipe(db: &Path, args: &[&str]) -> std::process::Output {
    use std::process::Stdio;
    let mut child = ggw()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ggw runs");
    drop(child.stdout.take());
    child.wait_with_output().expect("ggw ends")
}

#[test]
fn every_long_output_ends_quietly_on_a_closed_pipe() {
    let t = kit::demo_db();
    let cases: &[&[&str]] = &[
        &["units"],
        &["units", "--format", "json"],
        &["history"],
        &["history", "--format", "json"],
        &["report"],
        &["report", "--format", "json"],
        &["people", "list", "--all"],
        &["people", "list", "--format", "json"],
        &["position", "list", "--all"],
        &["tasks", "list"],
        &["reserve", "list"],
        &[
            "meetings",
            "list",
            "--from",
            "2024-01-01",
            "--to",
            // Years with holiday data: a later year adds a note on stderr.
            "2026-12-31",
        ],
        &["check"],
        &["--help"],
        &["people", "--help"],
    ];
    for args in cases {
        let o = into_closed_pipe(&t.path, args);
        assert!(
            o.status.success() && o.stderr.is_empty(),
            "{args:?}: {:?} {}",
            o.status,
            stderr(&o)
        );
    }
}

const ROSTER: &str = "姓名,性别,出生日期,身份证号,联系电话,类别,所属单位,来源,入列日期,状态,除名日期,除名原因,备注\n\
张桂芳,女,1949-12-31,,,老教师,爱辉区/四嘉子乡/小乌斯力村,教育系统,2022-09-01,在册,,,\n\
李建国,男,1952-03-01,,,老战士,四嘉子乡,退役军人事务局,2021-05-04,除名,2023-06-01,迁出：随子女迁居,\n\
王淑珍,女,1956-07-15,,,老干部,西兴街道,组织部,2023-03-10,,,,\n\
赵明,男,1970-01-01,,,,爱辉区,,,,,,\n";

fn roster_db() -> TempDb {
    let t = small_db();
    let file = t.dir.path().join("roster.csv");
    std::fs::write(&file, ROSTER).unwrap();
    ok(&t.path, &["people", "import", file.to_str().unwrap()]);
    t
}

/// The exported CSV's rows, BOM and the tabs that keep numbers as text
/// taken off.
fn exported(db: &TempDb, extra: &[&str]) -> Vec<Vec<String>> {
    let file = db.dir.path().join("export.csv");
    let mut args = vec!["people", "export", "-o", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    ok(&db.path, &args);
    std::fs::read_to_string(&file)
        .unwrap()
        .trim_start_matches('\u{FEFF}')
        .lines()
        .map(|l| l.split(',').map(|c| c.trim().to_string()).collect())
        .collect()
}

fn column<'a>(rows: &'a [Vec<String>], name: &str) -> Vec<&'a str> {
    let i = rows[0].iter().position(|c| c == name).unwrap();
    rows[1..].iter().map(|r| r[i].as_str()).collect()
}

#[test]
fn the_roster_export_is_the_numbered_roll_of_elders() {
    let t = roster_db();
    // By default: the elders on the roll, numbered from 1.
    let rows = exported(&t, &[]);
    assert_eq!(rows[0][0], "序号");
    assert_eq!(column(&rows, "序号"), ["1", "2"]);
    let mut names = column(&rows, "姓名");
    names.sort();
    assert_eq!(names, ["张桂芳", "王淑珍"]);
    assert_eq!(rows, exported(&t, &["--status", "active"]));

    // Those struck off, with the day and the reason.
    let rows = exported(&t, &["--status", "removed"]);
    assert_eq!(column(&rows, "姓名"), ["李建国"]);
    assert_eq!(column(&rows, "序号"), ["1"]);
    assert_eq!(column(&rows, "除名日期"), ["2023-06-01"]);
    assert_eq!(column(&rows, "除名原因"), ["迁出：随子女迁居"]);

    // Everyone, and that file imports whole elsewhere, 序号 ignored.
    let rows = exported(&t, &["--all"]);
    assert_eq!(column(&rows, "序号"), ["1", "2", "3", "4"]);
    let fresh = small_db();
    let file = t.dir.path().join("export.csv");
    let o = run(&fresh.path, &["people", "import", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("序号"), "{}", stderr(&o));
    assert_eq!(
        ok(&fresh.path, &["people", "list", "--all"])
            .lines()
            .count(),
        ok(&t.path, &["people", "list", "--all"]).lines().count()
    );

    // The spreadsheet too, and the message says which roll was written.
    let xlsx = t.dir.path().join("roster.xlsx");
    let said = ok(&t.path, &["people", "export", "-o", xlsx.to_str().unwrap()]);
    assert!(said.starts_with("已导出在册五老 2 人"), "{said}");
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("五老名册").unwrap();
    let cells: Vec<String> = sheet.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(cells, ["序号", "1", "2"]);
}

#[test]
fn history_speaks_in_names_dates_and_words() {
    let t = roster_db();
    ok(
        &t.path,
        &[
            "unit",
            "add",
            "--parent",
            "爱辉区/四嘉子乡",
            "--kind",
            "学校",
            "--name",
            "测试村",
        ],
    );
    ok(
        &t.path,
        &[
            "unit",
            "move",
            "爱辉区/四嘉子乡/测试村",
            "--to",
            "爱辉区/西兴街道",
        ],
    );
    ok(&t.path, &["unit", "archive", "爱辉区/西兴街道/测试村"]);
    ok(
        &t.path,
        &[
            "people",
            "talk",
            "张桂芳",
            "--on",
            "2024-02-01",
            "--by",
            "李主任",
            "--summary",
            "身体很好",
        ],
    );

    // An archived unit's history is found by its path.
    let zh = ok(&t.path, &["history", "--unit", "爱辉区/西兴街道/测试村"]);
    assert!(
        zh.contains("上级单位：爱辉区/四嘉子乡 → 爱辉区/西兴街道"),
        "{zh}"
    );
    assert!(zh.contains("类型：学校"), "{zh}");
    assert!(!zh.contains("School") && !zh.contains("kind"), "{zh}");
    // The archive time is a local date and time, not seconds since 1970.
    let line = zh.lines().find(|l| l.contains("撤销时间")).unwrap();
    let when = line.split(" → ").nth(1).unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M").is_ok(),
        "{line}"
    );

    let en = ok(
        &t.path,
        &[
            "--lang",
            "en",
            "history",
            "--unit",
            "爱辉区/西兴街道/测试村",
        ],
    );
    assert!(
        en.contains("parent unit: 爱辉区/四嘉子乡 → 爱辉区/西兴街道"),
        "{en}"
    );
    assert!(en.contains("kind: school"), "{en}");

    // A person's record: categories and sources in words, a talk as what
    // was added, no JSON.
    ok(
        &t.path,
        &[
            "people",
            "add",
            "--name",
            "孙老师",
            "--unit",
            "爱辉区/四嘉子乡",
            "--category",
            "老教师",
            "--source",
            "教育系统",
            "--joined",
            "2020-01-01",
        ],
    );
    ok(
        &t.path,
        &[
            "people",
            "strike-off",
            "孙老师",
            "--on",
            "2023-06-01",
            "--reason",
            "迁出",
            "--note",
            "随子女迁居",
        ],
    );
    let all = ok(&t.path, &["history"]);
    assert!(all.contains("类别：老教师"), "{all}");
    assert!(all.contains("来源：教育系统"), "{all}");
    assert!(all.contains("除名 2023-06-01 迁出：随子女迁居"), "{all}");
    assert!(
        all.contains("谈心谈话：+ 2024-02-01 李主任：身体很好（保留）"),
        "{all}"
    );
    for raw in ["{", "[", "\"", "Teacher", "Education"] {
        assert!(!all.contains(raw), "{raw} in {all}");
    }

    // JSON keeps the stored snapshots and adds the changes in words.
    let o = run(
        &t.path,
        &[
            "history",
            "--unit",
            "爱辉区/西兴街道/测试村",
            "--format",
            "json",
        ],
    );
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let moved = entries.iter().find(|e| e["action"] == "Move").unwrap();
    assert!(moved["after"].as_str().unwrap().contains("\"parent\""));
    assert_eq!(moved["changes"][0]["before"], "爱辉区/四嘉子乡");
    assert_eq!(moved["changes"][0]["after"], "爱辉区/西兴街道");
}

/// The lines of a help page that describe an option or a command, split
/// into the name and its description.
fn described(help: &str) -> Vec<(String, String)> {
    help.lines()
        .filter(|l| l.starts_with("  ") && !l.trim().is_empty())
        .map(|l| {
            let l = l.trim_start();
            match l.split_once("  ") {
                Some((name, rest)) => (name.to_string(), rest.trim().to_string()),
                None => (l.to_string(), String::new()),
            }
        })
        .collect()
}

fn chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn help_is_in_the_users_language_with_every_option_described() {
    let help = |env_lang: Option<&str>, args: &[&str]| {
        let mut c = ggw();
        match env_lang {
            Some(l) => c.env("LANG", l),
            None => c.env_remove("LANG"),
        };
        let o = c.args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    for page in [
        &["--help"][..],
        &["people", "--help"],
        &["people", "export", "--help"],
    ] {
        for (env_lang, flag) in [
            (Some("zh_CN.UTF-8"), None),
            (None, None),
            (Some("en_US.UTF-8"), Some("zh")),
        ] {
            let mut args: Vec<&str> = flag.map(|f| vec!["--lang", f]).unwrap_or_default();
            args.extend_from_slice(page);
            let text = help(env_lang, &args);
            assert!(text.contains("用法："), "{text}");
            let lines = described(&text);
            assert!(lines.len() > 5, "{text}");
            for (name, what) in lines {
                assert!(chinese(&what), "{args:?} {name}: {what:?}\n{text}");
            }
        }
        for (env_lang, flag) in [
            (Some("en_US.UTF-8"), None),
            (Some("zh_CN.UTF-8"), Some("en")),
        ] {
            let mut args: Vec<&str> = flag.map(|f| vec!["--lang", f]).unwrap_or_default();
            args.extend_from_slice(page);
            let text = help(env_lang, &args);
            assert!(text.contains("Usage:"), "{text}");
            for (name, what) in described(&text) {
                // English words, though an example may be Chinese.
                assert!(
                    what.chars().any(|c| c.is_ascii_alphabetic()),
                    "{args:?} {name}: {what:?}"
                );
                assert!(
                    !what.starts_with(|c: char| chinese(&c.to_string())),
                    "{args:?} {name}: {what:?}"
                );
            }
        }
    }
}

/// The roster, with 24 more elders in 四嘉子乡 on the roll since 2020 and
/// never talked to.
fn report_db() -> TempDb {
    let t = roster_db();
    let mut csv = format!("{HEADER}\n");
    for i in 0..24 {
        csv.push_str(&format!(
            "老人{i:02},男,1950-01-01,,,老战士,爱辉区/四嘉子乡,退役军人事务局,2020-01-01,在册,,,\n"
        ));
    }
    let file = t.dir.path().join("more.csv");
    std::fs::write(&file, csv).unwrap();
    ok(&t.path, &["people", "import", file.to_str().unwrap()]);
    t
}

/// The rows of the report's table under the heading that starts with
/// `heading`, each split into its cells.
fn rows_under(report: &str, heading: &str) -> Vec<Vec<String>> {
    report
        .lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(String::from).collect())
        .collect()
}

#[test]
fn the_report_names_people_and_has_a_row_per_unit() {
    let t = report_db();
    let text = ok(
        &t.path,
        &["report", "--from", "2023-01-01", "--to", "2023-12-31"],
    );
    assert!(
        text.starts_with("关工委工作统计  爱辉区  2023-01-01 至 2023-12-31\n"),
        "{text}"
    );

    // Who joined, who was struck off (with the day and reason).
    let joined = rows_under(&text, "新入列 1 人");
    assert!(
        joined
            .iter()
            .any(|r| r.contains(&"王淑珍".into()) && r.contains(&"2023-03-10".into())),
        "{text}"
    );
    let struck = rows_under(&text, "除名 1 人");
    assert!(
        struck.iter().any(|r| r.contains(&"李建国".into())
            && r.contains(&"2023-06-01".into())
            && r.contains(&"迁出".into())
            && r.contains(&"随子女迁居".into())),
        "{text}"
    );

    // Every under-active elder by name, not the first 20.
    let quiet = rows_under(&text, "6 个月内无谈话和工作记录的五老 26 人");
    for i in 0..24 {
        let name = format!("老人{i:02}");
        assert!(quiet.iter().any(|r| r.contains(&name)), "{name}: {text}");
    }
    assert!(!text.contains("另有"), "{text}");

    // A row per unit directly below the district, its own, and the total.
    let units = rows_under(&text, "各单位");
    let row = |name: &str| {
        units
            .iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name}: {text}"))
            .clone()
    };
    // Unit, start, end, core, joined, struck off, talks, under-active.
    assert_eq!(row("四嘉子乡")[1..], ["26", "25", "0", "0", "1", "0", "25"]);
    assert_eq!(row("西兴街道")[1..], ["0", "1", "0", "1", "0", "0", "1"]);
    assert_eq!(
        row("爱辉区（本级）")[1..],
        ["0", "0", "0", "0", "0", "0", "0"]
    );
    assert_eq!(row("合计")[1..], ["26", "26", "0", "1", "1", "0", "26"]);
    assert!(
        !units.iter().any(|r| r[0].contains("小乌斯力村")),
        "villages are in their township's row"
    );

    // No heading without something under it: no meetings, no meeting headings.
    assert!(
        !text.contains("会议召开情况") && !text.contains("出席率"),
        "{text}"
    );
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate().skip(1) {
        if !l.is_empty() && !l.starts_with(' ') {
            let next = lines.get(i + 1).copied().unwrap_or("");
            assert!(
                next.starts_with("  "),
                "heading {l:?} with nothing under it:\n{text}"
            );
        }
    }

    // A village has no units below it, so its report has no such table.
    let village = ok(
        &t.path,
        &[
            "report",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
            "--unit",
            "爱辉区/四嘉子乡/小乌斯力村",
        ],
    );
    assert!(!village.contains("\n各单位\n"), "{village}");
}

#[test]
fn the_report_counts_overdue_tasks_and_is_a_workbook_too() {
    let t = report_db();
    ok(
        &t.path,
        &[
            "tasks",
            "add",
            "--title",
            "走访困难学生",
            "--owner",
            "张桂芳",
            "--due",
            "2026-03-01",
            "--unit",
            "爱辉区",
        ],
    );
    ok(
        &t.path,
        &[
            "tasks",
            "add",
            "--title",
            "整理名册",
            "--owner",
            "王淑珍",
            "--due",
            "2099-03-01",
            "--unit",
            "爱辉区",
        ],
    );
    let period = [
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--today",
        "2026-12-31",
    ];
    let mut args = vec!["report"];
    args.extend_from_slice(&period);
    let text = ok(&t.path, &args);
    assert!(text.contains("未完成任务 2 项，其中逾期 1 项"), "{text}");
    assert!(text.contains("任务（逾期合计 1 项）"), "{text}");
    let tasks = rows_under(&text, "任务（");
    assert_eq!(
        tasks.last().unwrap(),
        &["合计", "2", "0", "2", "1"],
        "{text}"
    );

    let mut json_args = args.clone();
    json_args.extend_from_slice(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&ok(&t.path, &json_args)).unwrap();
    assert_eq!(json["overdue_tasks"], 1);
    assert_eq!(json["units"].as_array().unwrap().len(), 2);

    // XLSX needs a file, and says so.
    let mut bad = args.clone();
    bad.extend_from_slice(&["--format", "xlsx"]);
    let o = run(&t.path, &bad);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("-o"), "{}", stderr(&o));

    let file = t.dir.path().join("report.xlsx");
    let mut args = vec![
        "report",
        "--from",
        "2023-01-01",
        "--to",
        "2023-12-31",
        "--format",
        "xlsx",
        "-o",
    ];
    args.push(file.to_str().unwrap());
    ok(&t.path, &args);
    use calamine::{Data, DataType, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let names = book.sheet_names();
    for sheet in ["概况", "各单位", "新入列", "除名", "活动不足"] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let summary = book.worksheet_range("概况").unwrap();
    assert!(
        summary.rows().next().unwrap()[0]
            .to_string()
            .contains("2023-01-01 至 2023-12-31")
    );
    let units = book.worksheet_range("各单位").unwrap();
    let row = units.rows().find(|r| r[0] == "四嘉子乡").unwrap();
    assert_eq!(row[1], Data::Float(26.0));
    assert_eq!(row[2], Data::Float(25.0));
    let struck = book.worksheet_range("除名").unwrap();
    let li = struck
        .rows()
        .find(|r| r.iter().any(|c| *c == "李建国"))
        .unwrap();
    let day = li.iter().find_map(|c| c.get_datetime()).unwrap();
    let (y, m, d, ..) = day.to_ymd_hms_milli();
    assert_eq!((y, m, d), (2023, 6, 1));
    let quiet = book.worksheet_range("活动不足").unwrap();
    assert_eq!(
        quiet
            .rows()
            .filter(|r| r[1].to_string().starts_with("老人"))
            .count(),
        24
    );
}
