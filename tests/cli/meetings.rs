//! The meeting and task commands as a scripted user runs them.

use crate::kit;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use ggw::domain::recurrence::Rule;
use ggw::io::ics::parse_events;
use kit::{run, stderr, stdout, temp_db};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn district() -> kit::TempDb {
    let t = temp_db();
    ok(&t.path, &["init", "--district", "爱辉区"]);
    t
}

fn add_monthly(db: &std::path::Path) {
    let mut args = kit::MONTHLY_OFFICE.to_vec();
    args.extend([
        "--until",
        "2026-12-31",
        "--guest",
        "刘志远,张国庆,李秀兰",
        "--place",
        "区关工委会议室",
    ]);
    ok(db, &args);
}

fn list_json(db: &std::path::Path, from: &str, to: &str) -> Vec<serde_json::Value> {
    let out = ok(
        db,
        &[
            "meetings", "list", "--from", from, "--to", to, "--format", "json",
        ],
    );
    serde_json::from_str(&out).unwrap()
}

#[test]
fn spring_festival_moves_the_meeting_and_the_list_says_why() {
    let t = district();
    let o = run(&t.path, &kit::MONTHLY_OFFICE);
    assert!(o.status.success(), "{}", stderr(&o));
    // The preview shows the next six dates, February already moved past 春节.
    assert!(
        stdout(&o).contains("2025-01-06 2025-02-05 2025-03-03 2025-04-07 2025-05-06 2025-06-03"),
        "{}",
        stdout(&o)
    );
    let rows = list_json(&t.path, "2025-02-01", "2025-02-28");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["date"], "2025-02-05");
    assert_eq!(rows[0]["rule_date"], "2025-02-03");
    assert_eq!(rows[0]["time"], "09:00");
    assert_eq!(rows[0]["reason"], "春节放假，顺延至下一个工作日");
    let text = ok(
        &t.path,
        &[
            "meetings",
            "list",
            "--from",
            "2025-02-01",
            "--to",
            "2025-02-28",
        ],
    );
    assert!(text.contains("2025-02-05 周三 09:00  主任办公会"), "{text}");
    assert!(text.contains("规则日期 2025-02-03：春节放假"), "{text}");
    let english = ok(
        &t.path,
        &[
            "--lang",
            "en",
            "meetings",
            "list",
            "--from",
            "2025-02-01",
            "--to",
            "2025-02-28",
        ],
    );
    assert!(
        english.contains(
            "2025-02-05 Wed 09:00  主任办公会 #1  planned  rule date 2025-02-03: moved from Mon 2025-02-03: Spring Festival holiday"
        ),
        "{english}"
    );
    let json = ok(
        &t.path,
        &[
            "--lang",
            "en",
            "meetings",
            "list",
            "--from",
            "2025-02-01",
            "--to",
            "2025-02-28",
            "--format",
            "json",
        ],
    );
    let rows: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    assert_eq!(
        rows[0]["reason"],
        "moved from Mon 2025-02-03: Spring Festival holiday"
    );
}

#[test]
fn national_day_with_previous_shift_and_an_uncovered_year_warning() {
    let t = district();
    ok(
        &t.path,
        &[
            "meetings",
            "series",
            "add",
            "--kind",
            "progress",
            "--title",
            "工作推进会",
            "--rule",
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1",
            "--start",
            "2025-01-01",
            "--time",
            "14:30",
            "--shift",
            "previous",
            "--count",
            "12",
        ],
    );
    let rows = list_json(&t.path, "2025-01-01", "2025-12-31");
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["rule_date"].as_str().unwrap(),
                r["date"].as_str().unwrap(),
            )
        })
        .collect();
    // 1 Jan 2025: 元旦 → back to Tue 31 Dec 2024, outside the window. 1 Apr and 1 Jul: Tuesdays.
    // 1 Oct: National Day (1–8 Oct) → Tue 30 Sep. 1 Jan 2026: 元旦 → back into this window.
    assert_eq!(
        got,
        [
            ("2025-04-01", "2025-04-01"),
            ("2025-07-01", "2025-07-01"),
            ("2025-10-01", "2025-09-30"),
            ("2026-01-01", "2025-12-31"),
        ]
    );
    // 2027 has no official arrangement built in: a warning, not an error.
    let o = run(
        &t.path,
        &[
            "meetings",
            "list",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
        ],
    );
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("没有 2027 年的法定节假日安排"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &t.path,
        &[
            "--lang",
            "en",
            "meetings",
            "list",
            "--from",
            "2027-01-01",
            "--to",
            "2027-03-31",
        ],
    );
    assert!(stderr(&o).contains("no official holiday arrangement is known for 2027"));
}

#[test]
fn a_users_holiday_file_adds_a_year() {
    let t = district();
    add_monthly(&t.path);
    ok(
        &t.path,
        &[
            "meetings",
            "series",
            "add",
            "--kind",
            "other",
            "--title",
            "年初碰头会",
            "--rule",
            "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=4",
            "--start",
            "2027-01-01",
            "--time",
            "10:00",
        ],
    );
    let config = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(config.path().join("ggw")).unwrap();
    std::fs::write(
        config.path().join("ggw/holidays.toml"),
        "[[year]]\nyear = 2027\nnotice = \"假想的2027年安排\"\n\n[[year.festival]]\n\
         name = \"元旦\"\nfrom = 2027-01-01\nto = 2027-01-04\ndays = 4\n",
    )
    .unwrap();
    let o = kit::ggw()
        .env("XDG_CONFIG_HOME", config.path())
        .args(["--db"])
        .arg(&t.path)
        .args([
            "meetings",
            "list",
            "--from",
            "2027-01-01",
            "--to",
            "2027-01-31",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("2027"), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let meeting = rows.iter().find(|r| r["title"] == "年初碰头会").unwrap();
    assert_eq!(meeting["rule_date"], "2027-01-04");
    assert_eq!(meeting["date"], "2027-01-05");
    assert_eq!(meeting["reason"], "元旦放假，顺延至下一个工作日");
}

#[test]
fn record_attendance_and_a_task_from_the_minutes() {
    let t = district();
    add_monthly(&t.path);
    // Named by its rule date; it is held on 5 Feb after 春节.
    ok(
        &t.path,
        &[
            "meetings",
            "record",
            "主任办公会",
            "2025-02-03",
            "--held",
            "--minutes",
            "张国庆：四嘉子乡培育方案月底前报区关工委\n李秀兰：五小研学基地申报材料",
            "--decision",
            "各副主任每月5日前报进展",
        ],
    );
    let out = ok(
        &t.path,
        &[
            "meetings",
            "attend",
            "主任办公会",
            "2025-02-05",
            "--present",
            "刘志远,张国庆",
            "--absent",
            "李秀兰:外出学习",
            "--substitute",
            "王建华:周立新",
        ],
    );
    assert!(out.contains("2/4"), "{out}");
    // A task from a line of the 5 February minutes, with more arguments.
    let task_from_line = |line: &str, more: &[&str]| {
        let mut args = vec![
            "tasks",
            "add",
            "--series",
            "主任办公会",
            "--date",
            "2025-02-05",
            "--minutes-line",
            line,
        ];
        args.extend_from_slice(more);
        ok(&t.path, &args)
    };
    let out = task_from_line("1", &["--owner", "张国庆", "--due", "2025-02-28"]);
    // The line's speaker is the owner, not part of the title.
    assert!(out.contains(" 四嘉子乡培育方案月底前报区关工委"), "{out}");
    assert!(!out.contains("张国庆："), "{out}");
    // The same line made a task again is refused, naming the first.
    let again = run(
        &t.path,
        &[
            "tasks",
            "add",
            "--series",
            "主任办公会",
            "--date",
            "2025-02-05",
            "--minutes-line",
            "1",
        ],
    );
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("这条已经是任务 #1（四嘉子乡培育方案月底前报区关工委），没有重复建立。"),
        "{err}"
    );
    ok(
        &t.path,
        &[
            "tasks",
            "add",
            "--title",
            "第5期简报组稿",
            "--owner",
            "李秀兰",
            "--due",
            "2025-04-30",
        ],
    );

    let page: serde_json::Value = serde_json::from_str(&ok(
        &t.path,
        &["meetings", "show", "1", "2025-02-05", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(page["meeting"]["status"], "Held");
    assert_eq!(page["meeting"]["rule_date"], "2025-02-03");
    let marks: Vec<String> = page["meeting"]["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}={}",
                e["attendee"]["name"].as_str().unwrap(),
                e["presence"]
            )
        })
        .collect();
    assert_eq!(
        marks,
        [
            "刘志远=\"Present\"",
            "张国庆=\"Present\"",
            "李秀兰={\"Absent\":{\"reason\":\"外出学习\"}}",
            "王建华={\"Substitute\":{\"by\":\"周立新\"}}",
        ]
    );
    // The agenda page offers the open tasks of the attendees.
    assert_eq!(page["open_tasks"].as_array().unwrap().len(), 2);

    // Overdue on 1 March: only the February task.
    let overdue: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &t.path,
        &[
            "tasks",
            "list",
            "--overdue",
            "--today",
            "2025-03-01",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0]["owner"]["name"], "张国庆");
    assert_eq!(overdue[0]["overdue"], true);
    assert_eq!(overdue[0]["opened"], "2025-02-05");
    let text = ok(&t.path, &["tasks", "list", "--today", "2025-03-01"]);
    assert!(text.starts_with("张国庆\n  #1 【逾期】"), "{text}");
    let only_li = ok(
        &t.path,
        &["tasks", "list", "--owner", "李秀兰", "--format", "json"],
    );
    assert_eq!(
        serde_json::from_str::<Vec<serde_json::Value>>(&only_li)
            .unwrap()
            .len(),
        1
    );

    ok(&t.path, &["tasks", "note", "1", "初稿已完成"]);
    ok(&t.path, &["tasks", "done", "1", "--on", "2025-02-27"]);
    let report: serde_json::Value = serde_json::from_str(&ok(
        &t.path,
        &[
            "report",
            "--from",
            "2025-01-01",
            "--to",
            "2025-03-31",
            "--today",
            "2025-05-01",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let report = &report["meetings"];
    let office = &report["series"][0];
    assert_eq!(
        (office["planned"].as_u64(), office["held"].as_u64()),
        (Some(3), Some(1))
    );
    assert_eq!(office["unrecorded"], 2);
    let li = report["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "李秀兰")
        .unwrap();
    assert_eq!(
        (li["expected"].as_u64(), li["present"].as_u64()),
        (Some(1), Some(0))
    );
    let tasks = report["tasks"].as_array().unwrap();
    let zhang = tasks.iter().find(|t| t["owner"] == "张国庆").unwrap();
    assert_eq!(
        (zhang["done"].as_u64(), zhang["overdue"].as_u64()),
        (Some(1), Some(0))
    );
    // 李秀兰's task was opened today, after the quarter: in none of its figures.
    assert!(!tasks.iter().any(|t| t["owner"] == "李秀兰"), "{tasks:?}");

    // Every change left an audit entry, and the database checks clean.
    let history = ok(&t.path, &["history"]);
    assert!(history.contains("新建 任务"), "{history}");
    assert!(
        history.contains("修改 会议 主任办公会 2025-02-05"),
        "{history}"
    );
    // A task closed by mistake is taken up again.
    let out = ok(&t.path, &["tasks", "reopen", "1"]);
    assert!(out.contains("任务已重新打开 #1"), "{out}");
    let listed: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &t.path,
        &["tasks", "list", "--owner", "张国庆", "--format", "json"],
    ))
    .unwrap();
    let first = listed.iter().find(|t| t["id"] == 1).unwrap();
    assert_eq!(first["status"], "Open");
    let check = ok(&t.path, &["check"]);
    assert!(
        check.contains("会议系列 1 个，会议记录 1 条，任务 2 项。"),
        "{check}"
    );

    // Without --owner, the speaker carries it out.
    let out = task_from_line("2", &[]);
    assert!(out.contains(" 五小研学基地申报材料"), "{out}");
    let listed: serde_json::Value =
        serde_json::from_str(&ok(&t.path, &["tasks", "list", "--format", "json"])).unwrap();
    let task = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "五小研学基地申报材料")
        .unwrap_or_else(|| panic!("{listed}"));
    assert_eq!(task["owner"]["name"], "李秀兰", "{listed}");
}

#[test]
fn postpone_and_cancel() {
    let t = district();
    add_monthly(&t.path);
    ok(
        &t.path,
        &[
            "meetings",
            "record",
            "主任办公会",
            "2025-03-03",
            "--postpone-to",
            "2025-03-10",
        ],
    );
    ok(
        &t.path,
        &[
            "meetings",
            "record",
            "主任办公会",
            "2025-04-07",
            "--cancel",
            "与全市会议冲突",
        ],
    );
    let rows = list_json(&t.path, "2025-03-01", "2025-04-30");
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["date"].as_str().unwrap(),
                r["status"].as_str().unwrap(),
                r["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2025-03-10", "postponed", "由2025-03-03改期"),
            ("2025-04-07", "cancelled", "取消：与全市会议冲突"),
        ]
    );
}

#[test]
fn bad_input_is_explained_in_the_users_language() {
    let t = district();
    let base = [
        "meetings",
        "series",
        "add",
        "--kind",
        "directors-office",
        "--title",
        "主任办公会",
        "--start",
        "2025-01-01",
        "--time",
        "09:00",
        "--rule",
    ];
    let o = run(&t.path, &[&base[..], &["FREQ=DAILY"]].concat());
    assert!(!o.status.success());
    assert!(stderr(&o).contains("重复规则有误"), "{}", stderr(&o));
    let o = run(
        &t.path,
        &[&["--lang", "en"], &base[..], &["FREQ=MONTHLY;BYSETPOS=1"]].concat(),
    );
    assert!(
        stderr(&o).contains("Invalid recurrence rule"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &t.path,
        &[
            "meetings",
            "series",
            "add",
            "--kind",
            "party",
            "--title",
            "x",
            "--rule",
            "FREQ=MONTHLY",
            "--start",
            "2025-01-01",
            "--time",
            "09:00",
        ],
    );
    assert!(
        stderr(&o).contains("不认识的会议类型“party”"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &t.path,
        &[
            "meetings",
            "series",
            "add",
            "--kind",
            "other",
            "--title",
            "x",
            "--rule",
            "FREQ=MONTHLY",
            "--start",
            "2025-01-01",
            "--time",
            "25:00",
        ],
    );
    assert!(stderr(&o).contains("时间“25:00”无法识别"), "{}", stderr(&o));
    add_monthly(&t.path);
    let o = run(
        &t.path,
        &["meetings", "record", "主任办公会", "2025-02-04", "--held"],
    );
    assert!(
        stderr(&o).contains("在 2025-02-04 没有会议"),
        "{}",
        stderr(&o)
    );
    let o = run(
        &t.path,
        &[
            "meetings",
            "list",
            "--from",
            "2025-03-01",
            "--to",
            "2025-02-01",
        ],
    );
    assert!(stderr(&o).contains("早于开始日期"), "{}", stderr(&o));
    // Nothing half-saved: still one series and no meetings.
    assert!(ok(&t.path, &["check"]).contains("会议系列 1 个，会议记录 0 条，任务 0 项。"));
}

/// Our schedule, and the dates a calendar program computes from the exported file.
fn expand_ics(text: &str, uid: &str, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let events = parse_events(text).unwrap();
    let master = events
        .iter()
        .find(|e| e.uid == uid && e.recurrence_id.is_none())
        .unwrap();
    let start = master.dtstart.unwrap().date();
    let rule: &Rule = master.rrule.as_ref().unwrap();
    let excluded: BTreeSet<NaiveDate> = master.exdates.iter().map(|x| x.date()).collect();
    let moved: Vec<(NaiveDate, NaiveDate)> = events
        .iter()
        .filter(|e| e.uid == uid)
        .filter_map(|e| Some((e.recurrence_id?.date(), e.dtstart?.date())))
        .collect();
    let mut dates: Vec<NaiveDate> = rule
        .occurrences(start, d("2020-01-01"), d("2030-12-31"))
        .into_iter()
        .filter(|x| !excluded.contains(x))
        .map(|x| moved.iter().find(|(r, _)| *r == x).map_or(x, |(_, n)| *n))
        .filter(|x| from <= *x && *x <= to)
        .collect();
    dates.sort();
    dates
}

#[test]
fn ics_export_reads_back_to_our_dates() {
    let t = district();
    add_monthly(&t.path);
    ok(
        &t.path,
        &[
            "meetings",
            "series",
            "add",
            "--kind",
            "progress",
            "--title",
            "工作推进会",
            "--rule",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
            "--start",
            "2025-01-01",
            "--time",
            "14:30",
            "--guest",
            "刘志远",
        ],
    );
    ok(
        &t.path,
        &[
            "meetings",
            "record",
            "主任办公会",
            "2025-03-03",
            "--postpone-to",
            "2025-03-10",
        ],
    );
    ok(
        &t.path,
        &[
            "meetings",
            "record",
            "主任办公会",
            "2025-04-07",
            "--cancel",
            "与全市会议冲突",
        ],
    );
    let file = t.dir.path().join("会议.ics");
    ok(
        &t.path,
        &[
            "meetings",
            "export",
            "--format",
            "ics",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76), "folded at 75 octets");
    assert!(
        text.split_inclusive('\n').all(|l| l.ends_with("\r\n")),
        "CRLF endings"
    );
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai"));
    assert!(text.contains("EXDATE;TZID=Asia/Shanghai:20250407T090000"));
    assert!(text.contains("RECURRENCE-ID;TZID=Asia/Shanghai:20250203T090000"));
    assert!(text.contains("ATTENDEE;CN=李秀兰:"));

    let (from, to) = (d("2025-01-01"), d("2026-12-31"));
    let rows = list_json(&t.path, "2025-01-01", "2026-12-31");
    let uid_of = |id: u64| {
        parse_events(&text)
            .unwrap()
            .into_iter()
            .find(|e| e.uid.starts_with(&format!("ggw-series-{id}@")))
            .unwrap()
            .uid
    };
    for id in [1u64, 2] {
        let ours: Vec<NaiveDate> = rows
            .iter()
            .filter(|r| r["series"] == id && r["status"] != "cancelled")
            .map(|r| d(r["date"].as_str().unwrap()))
            .collect();
        assert!(ours.len() >= 8);
        assert_eq!(
            expand_ics(&text, &uid_of(id), from, to),
            ours,
            "series {id}"
        );
    }
}

#[test]
fn demo_has_held_meetings_attendance_and_overdue_tasks() {
    let t = kit::demo_db();
    let series = ok(&t.path, &["meetings", "series", "list", "--format", "json"]);
    let series: Vec<serde_json::Value> = serde_json::from_str(&series).unwrap();
    let titles: Vec<&str> = series
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["全区关工委会议", "主任办公会", "工作推进会"]);
    let rows = list_json(&t.path, "2024-01-01", "2024-12-31");
    assert_eq!(rows.iter().filter(|r| r["series"] == 2).count(), 12);
    assert_eq!(rows.iter().filter(|r| r["series"] == 3).count(), 4);
    assert!(rows.iter().all(|r| r["status"] == "held"));
    let overdue = ok(&t.path, &["tasks", "list", "--overdue", "--format", "json"]);
    assert!(
        !serde_json::from_str::<Vec<serde_json::Value>>(&overdue)
            .unwrap()
            .is_empty()
    );
    let report = ok(
        &t.path,
        &["report", "--from", "2024-01-01", "--to", "2024-12-31"],
    );
    assert!(
        report_rows(&report, "会议召开情况").contains(&words("主任办公会 12 12 0 0")),
        "{report}"
    );
    assert!(report.contains("爱辉区/四嘉子乡"), "{report}");
    assert!(ok(&t.path, &["check"]).contains("检查通过"));
}

/// The demo's series invite by role. Its district team since the 2023 change is the director,
/// the executive deputy and 4 deputies: 6 people. Under the district are 10 townships,
/// 4 streets and the education bureau: 15 directors.
#[test]
fn demo_attendees_are_the_teams_serving_on_each_date() {
    let t = kit::demo_db();
    let attendance = |series: &str, date: &str| -> Vec<String> {
        let page = ok(
            &t.path,
            &["meetings", "show", series, date, "--format", "json"],
        );
        let page: serde_json::Value = serde_json::from_str(&page).unwrap();
        page["meeting"]["attendance"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["attendee"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    let office = attendance("主任办公会", "2024-03-04");
    assert_eq!(office.len(), 6, "{office:?}");
    assert_eq!(office[0], "刘振华", "the director first");
    let progress = attendance("工作推进会", "2024-04-09");
    assert_eq!(progress.len(), 6 + 15, "{progress:?}");
    assert_eq!(progress[..6], office[..]);
    // The three deputies whose terms ended on 1 March 2023 would make it 9: not expected.

    // 2024 had 1 plenary, 12 office and 4 progress meetings, all held: the district team was
    // expected 17 times each (6 × 17 = 102), each township's director 1 + 4 = 5 times.
    let report = ok(
        &t.path,
        &["report", "--from", "2024-01-01", "--to", "2024-12-31"],
    );
    // Rows of name, present, expected, rate.
    let expected = |heading: &str, name: &str| {
        report_rows(&report, heading)
            .into_iter()
            .find(|r| r[0] == name)
            .unwrap_or_else(|| panic!("{name} not under {heading} in:\n{report}"))[2]
            .clone()
    };
    assert_eq!(expected("各单位到会率", "爱辉区"), "102", "{report}");
    assert_eq!(expected("各单位到会率", "爱辉区/四嘉子乡"), "5", "{report}");
    assert_eq!(expected("出席率", "刘振华"), "17", "{report}");

    // A task given at a meeting to one of its attendees is theirs, person and unit included.
    ok(
        &t.path,
        &[
            "tasks",
            "add",
            "--title",
            "汇总各乡镇典型材料",
            "--owner",
            &office[2],
            "--series",
            "主任办公会",
            "--date",
            "2024-03-04",
        ],
    );
    let tasks: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &t.path,
        &["tasks", "list", "--owner", &office[2], "--format", "json"],
    ))
    .unwrap();
    let task = tasks
        .iter()
        .find(|x| x["title"] == "汇总各乡镇典型材料")
        .unwrap();
    assert!(task["owner"]["person"].is_u64(), "{task}");
    assert!(task["owner"]["unit"].is_u64(), "{task}");
}

#[test]
fn series_edit_changes_only_what_is_given_and_refuses_a_stale_revision() {
    let t = district();
    add_monthly(&t.path);
    let out = ok(
        &t.path,
        &[
            "meetings",
            "series",
            "edit",
            "主任办公会",
            "--rule",
            "FREQ=MONTHLY;BYDAY=2MO",
            "--time",
            "08:30",
            "--count",
            "3",
        ],
    );
    assert!(out.contains("已修改会议系列 #1 主任办公会"), "{out}");
    let series: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &t.path,
        &["meetings", "series", "list", "--format", "json"],
    ))
    .unwrap();
    let s = &series[0];
    assert_eq!(s["rev"], 2);
    assert_eq!(s["place"], "区关工委会议室", "untouched");
    assert_eq!(s["attendees"].as_array().unwrap().len(), 3, "untouched");
    // Second Mondays, three of them; February's (10 Feb 2025) is a working day.
    let rows = list_json(&t.path, "2025-01-01", "2025-12-31");
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2025-01-13", "2025-02-10", "2025-03-10"]);
    assert!(rows.iter().all(|r| r["time"] == "08:30"));

    // An edit made from revision 1 comes too late: refused, nothing changed.
    let o = run(
        &t.path,
        &[
            "meetings", "series", "edit", "1", "--rev", "1", "--title", "旧稿",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("已被"), "{}", stderr(&o));
    let o = run(
        &t.path,
        &[
            "--lang", "en", "meetings", "series", "edit", "1", "--shift", "later",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("later"), "{}", stderr(&o));
    let after = ok(&t.path, &["meetings", "series", "list"]);
    assert!(
        after.contains("主任办公会") && !after.contains("旧稿"),
        "{after}"
    );
    assert!(after.contains("版本 2"), "{after}");
}

fn words(line: &str) -> Vec<String> {
    line.split_whitespace().map(String::from).collect()
}

/// The rows of the report's table under the heading that starts with
/// `heading`, each split into its cells.
fn report_rows(report: &str, heading: &str) -> Vec<Vec<String>> {
    report
        .lines()
        .skip_while(|l| !l.starts_with(heading))
        .skip(2)
        .take_while(|l| !l.trim().is_empty())
        .map(words)
        .collect()
}
