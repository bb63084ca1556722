//! `ggw people import/export`, `ggw position` and `ggw report` through the
//! real binary.

use crate::kit;

use std::path::Path;

use kit::{TempDb, demo_db, ggw, run, stderr, stdout};

const HEADER: &str =
    "姓名,性别,出生日期,身份证号,联系电话,类别,所属单位,来源,入列日期,状态,除名日期,除名原因,备注";

/// A district with a township and a village, and nobody in it yet.
fn small_db() -> TempDb {
    kit::cli_db(&[
        ("爱辉区", "乡镇", "四嘉子乡"),
        ("爱辉区/四嘉子乡", "村屯", "小乌斯力村"),
    ])
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn people_json(db: &Path) -> Vec<serde_json::Value> {
    let o = run(db, &["people", "list", "--all", "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn import(db: &Path, file: &Path) -> std::process::Output {
    run(db, &["people", "import", file.to_str().unwrap()])
}

const GOOD: &str = "\u{FEFF}姓名,性别,出生日期,身份证号,联系电话,类别,所属单位,来源,入列日期,状态,除名日期,除名原因,备注\n\
张桂芳,女,1949年12月31日,11010519491231002X,13804561234,老教师,爱辉区/四嘉子乡/小乌斯力村,教育系统,2022/9/1,在册,,,\"书法，剪纸\"\n\
李建国,男,19520301,,0456-8221234,老战士,四嘉子乡,退役军人事务局,2021-05-04,除名,2023-06-01,只挂名无作为,\n\
王淑珍,女,1956-07-15,,,老干部,爱辉区,组织部,20230310,,,,\n";

#[test]
fn a_good_file_is_imported_whole() {
    let t = small_db();
    let file = write(t.dir.path(), "good.csv", GOOD.as_bytes());
    let o = import(&t.path, &file);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("已导入人数： 3"), "{}", stdout(&o));
    let people = people_json(&t.path);
    assert_eq!(people.len(), 3);
    let zhang = people.iter().find(|p| p["name"] == "张桂芳").unwrap();
    assert_eq!(zhang["unit_path"], "爱辉区/四嘉子乡/小乌斯力村");
    assert_eq!(zhang["id_number_masked"], "110***********002X");
    let li = people.iter().find(|p| p["name"] == "李建国").unwrap();
    assert_eq!(li["removed"], "2023-06-01");
    let o = run(&t.path, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    // The same file again: every row is now a duplicate of the database.
    let o = import(&t.path, &file);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("第 2 行：身份证号 110***********002X 已登记为 #1 张桂芳"),
        "{err}"
    );
    assert!(err.contains("第 3 行："), "{err}");
    assert!(err.contains("第 4 行："), "{err}");
    assert_eq!(people_json(&t.path).len(), 3);
}

#[test]
fn a_bad_file_writes_nothing_and_names_every_bad_line() {
    let t = small_db();
    let rows = [
        HEADER,
        "赵德明,男,1950-02-30,,,老干部,爱辉区,组织部,2021-01-01,,,,",
        "钱秀英,女,1951-01-01,,,老干部,爱辉区/红旗乡,组织部,2021-01-01,,,,",
        "孙志强,男,1952-01-01,,,老农民,爱辉区,组织部,2021-01-01,,,,",
        "周凤芝,女,,11010519491231002X,,老教师,爱辉区,教育系统,2021-01-01,,,,",
        "吴秀云,女,,11010519491231002X,,老战士,爱辉区,退役军人事务局,2021-01-01,,,,",
        "郑玉兰,女,,110105194912310021,,老教师,爱辉区,教育系统,2021-01-01,,,,",
        ",男,1953-01-01,,,老干部,爱辉区,组织部,2021-01-01,,,,",
        "冯建华,男,1954-01-01,,,老干部,爱辉区,组织部,2021-01-01,,,,",
        "冯建华,男,1954-01-01,,,老干部,爱辉区,组织部,2022-01-01,,,,",
    ]
    .join("\r\n");
    let file = write(t.dir.path(), "bad.csv", rows.as_bytes());
    let o = import(&t.path, &file);
    assert!(!o.status.success());
    let err = stderr(&o);
    for expected in [
        "导入未执行，没有写入任何数据",
        "第 2 行：出生日期：日期“1950-02-30”无效：1950年2月只有 28 天",
        "第 3 行：找不到单位“爱辉区/红旗乡”",
        "第 4 行：类别“老农民”无法识别",
        // 周凤芝's number is good (and only mentioned once)…
        "第 6 行：身份证号 110***********002X 与第 5 行重复",
        "第 7 行：身份证号校验位不符",
        "第 8 行：姓名为空",
        "第 10 行：冯建华（1954-01-01）在同一单位与第 9 行重复",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(!err.contains("第 5 行："), "{err}");
    assert!(!err.contains("第 9 行："), "{err}");
    assert!(people_json(&t.path).is_empty());

    // --check reports the same and --lang en speaks English.
    let o = run(
        &t.path,
        &[
            "--lang",
            "en",
            "people",
            "import",
            "--check",
            file.to_str().unwrap(),
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("Nothing was imported"), "{err}");
    assert!(
        err.contains("line 4: category \"老农民\" not recognised"),
        "{err}"
    );
    assert!(
        err.contains("line 7: ID number check digit does not match"),
        "{err}"
    );
}

#[test]
fn a_gbk_file_gets_a_clear_message() {
    let t = small_db();
    // 姓名,所属单位,类别 / 张三,爱辉区,老干部 saved by Excel as GBK.
    let gbk: &[u8] = b"\xd0\xd5\xc3\xfb,\xcb\xf9\xca\xf4\xb5\xa5\xce\xbb,\xc0\xe0\xb1\xf0\r\n\xd5\xc5\xc8\xfd,\xb0\xae\xbb\xd4\xc7\xf8,\xc0\xcf\xb8\xc9\xb2\xbf\r\n";
    let file = write(t.dir.path(), "gbk.csv", gbk);
    let o = import(&t.path, &file);
    assert!(!o.status.success());
    assert_eq!(
        stderr(&o).trim(),
        "ggw: 无法导入：文件似乎是 GBK 编码，请另存为 UTF-8（CSV）或 XLSX 后再导入"
    );
}

fn export(db: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["people", "export", "-o", file.to_str().unwrap()];
    args.extend_from_slice(extra);
    run(db, &args)
}

/// What survives a file: everything but ids, revisions and stamps.
fn comparable(people: Vec<serde_json::Value>) -> Vec<serde_json::Value> {
    let mut out: Vec<serde_json::Value> = people
        .into_iter()
        .map(|mut p| {
            for k in ["id", "rev", "unit", "last_talk", "honours"] {
                p.as_object_mut().unwrap().remove(k);
            }
            p
        })
        .collect();
    out.sort_by_key(|p| p["name"].as_str().unwrap_or("").to_string());
    out
}

#[test]
fn export_then_import_gives_back_the_same_roster() {
    let t = small_db();
    let file = write(t.dir.path(), "good.csv", GOOD.as_bytes());
    assert!(import(&t.path, &file).status.success());
    let before = comparable(people_json(&t.path));

    for name in ["roster.csv", "roster.xlsx"] {
        let out = t.dir.path().join(name);
        let o = export(&t.path, &out, &["--unmasked", "--all"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let fresh = small_db();
        let o = import(&fresh.path, &out);
        assert!(o.status.success(), "{name}: {}", stderr(&o));
        assert_eq!(comparable(people_json(&fresh.path)), before, "{name}");
        let card = run(&fresh.path, &["people", "show", "张桂芳"]);
        assert!(
            stdout(&card).contains("11010519491231002X"),
            "{}",
            stdout(&card)
        );
        assert!(stdout(&card).contains("书法，剪纸"));
    }

    // The CSV has a BOM, and numbers Excel would mangle start with a tab.
    let csv = std::fs::read_to_string(t.dir.path().join("roster.csv")).unwrap();
    assert!(csv.starts_with('\u{FEFF}'));
    assert!(csv.contains(",\t11010519491231002X,\t13804561234,"));

    // A masked export carries no whole numbers and is refused on import.
    let masked = t.dir.path().join("masked.csv");
    assert!(export(&t.path, &masked, &["--all"]).status.success());
    let text = std::fs::read_to_string(&masked).unwrap();
    assert!(!text.contains("11010519491231002X"));
    assert!(text.contains("110***********002X"));
    assert!(text.contains("138****1234"));
    let o = import(&small_db().path, &masked);
    assert!(stderr(&o).contains("身份证号是打码的"), "{}", stderr(&o));
}

#[test]
fn positions_and_the_report_from_the_command_line() {
    let t = small_db();
    let file = write(t.dir.path(), "good.csv", GOOD.as_bytes());
    assert!(import(&t.path, &file).status.success());
    let o = run(
        &t.path,
        &[
            "position",
            "add",
            "--unit",
            "爱辉区",
            "--role",
            "deputy",
            "--person",
            "王淑珍",
            "--from",
            "2023年3月1日",
            "--doc",
            "爱关发〔2023〕5号",
            "--area",
            "创典型",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&t.path, &["position", "list", "--format", "json"]);
    let terms: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(terms.len(), 1);
    assert_eq!(terms[0]["position"]["area"], "创典型");
    let o = run(&t.path, &["position", "end", "1", "--on", "2023/2/1"]);
    assert!(stderr(&o).contains("早于开始日期"), "{}", stderr(&o));
    let o = run(&t.path, &["position", "end", "1", "--on", "20240131"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let o = run(
        &t.path,
        &[
            "report",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &r["people"];
    assert_eq!(p["joined"], 1);
    assert_eq!(p["joined_by_source"]["organisation"], 1);
    assert_eq!(p["struck_off"], 1);
    assert_eq!(p["struck_off_by_reason"]["inactive"], 1);
    assert_eq!(p["on_roll_start"], 2);
    assert_eq!(p["on_roll_end"], 2);
    assert_eq!(p["teams"][0]["turnover_percent"], 100);
    let o = run(
        &t.path,
        &[
            "report",
            "--unit",
            "爱辉区/四嘉子乡",
            "--from",
            "2023-01-01",
            "--to",
            "2023-12-31",
        ],
    );
    assert!(
        stdout(&o).contains("关工委工作统计  爱辉区/四嘉子乡"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("除名 1 人"), "{}", stdout(&o));
}

#[test]
fn the_demo_reproduces_the_newsletter() {
    let t = demo_db();
    let o = run(
        &t.path,
        &[
            "report",
            "--from",
            "2021-01-01",
            "--to",
            "2023-12-31",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let p = &r["people"];
    assert_eq!(p["joined"], 119);
    assert_eq!(p["joined_by_source"]["education"], 16);
    assert_eq!(p["struck_off"], 58);
    assert_eq!(p["honours_by_title"]["先进典型"], 18);
    let district = p["teams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["unit_path"] == "爱辉区")
        .unwrap();
    assert_eq!(district["positions"], 6);
    assert_eq!(district["newly_filled"], 4);
    assert_eq!(district["turnover_percent"], 67);
    // Every unit but the two study bases has a team.
    let o = ggw()
        .arg("--db")
        .arg(&t.path)
        .args(["check"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn the_english_list_keeps_its_columns() {
    let t = demo_db();
    let o = run(&t.path, &["--lang", "en", "people", "list"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // Where the masked ID number starts, in cells, on every row that has one.
    let starts: Vec<usize> = out
        .lines()
        .skip(1)
        .filter_map(|l| {
            let b = l.find("***********")?;
            Some(ggw::domain::text::display_width(&l[..b]))
        })
        .collect();
    assert!(starts.len() > 50, "{out}");
    assert!(starts.iter().all(|s| *s == starts[0]), "{out}");
    assert!(out.contains(" female "), "{out}");
}
