//! A roster import leaves one plain audit entry, and a large one, written in
//! parts to keep memory down, is still all or nothing.

use crate::kit;

use kit::{run, stderr, stdout, temp_db};

fn ok(db: &std::path::Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn setup(db: &std::path::Path) {
    ok(db, &["init", "--district", "爱辉区"]);
    for (parent, kind, name) in [
        ("爱辉区", "乡镇", "四嘉子乡"),
        ("爱辉区/四嘉子乡", "村屯", "小乌斯力村"),
        ("爱辉区/四嘉子乡", "村屯", "大乌斯力村"),
    ] {
        ok(
            db,
            &[
                "unit", "add", "--parent", parent, "--kind", kind, "--name", name,
            ],
        );
    }
}

/// `n` good rows spread over the two villages, without ID numbers; the
/// last one, when `bad_last`, names a unit that does not exist.
fn roster(n: usize, bad_last: bool) -> String {
    let mut s = String::from("姓名,出生日期,类别,所属单位,来源,入列日期\n");
    for i in 0..n {
        let village = if i % 4 == 0 {
            "大乌斯力村"
        } else {
            "小乌斯力村"
        };
        let unit = if bad_last && i + 1 == n {
            "爱辉区/四嘉子乡/没有这个村".to_string()
        } else {
            format!("爱辉区/四嘉子乡/{village}")
        };
        s.push_str(&format!(
            "人{i},{}-01-01,老教师,{unit},教育系统,2023-01-01\n",
            1940 + i % 20
        ));
    }
    s
}

#[test]
fn an_import_is_one_audit_entry_naming_the_file_and_the_units() {
    let t = temp_db();
    setup(&t.path);
    let file = t.dir.path().join("花名册.csv");
    std::fs::write(&file, roster(8, false)).unwrap();
    let before = ok(&t.path, &["history", "--format", "json"]);
    let before: Vec<serde_json::Value> = serde_json::from_str(&before).unwrap();
    ok(&t.path, &["people", "import", file.to_str().unwrap()]);
    let after: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&t.path, &["history", "--format", "json"])).unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let entry = &after[0];
    assert_eq!(entry["action"], "Import");
    assert_eq!(entry["label"], "花名册.csv：8 人");
    let summary: serde_json::Value =
        serde_json::from_str(entry["after"].as_str().unwrap()).unwrap();
    assert_eq!(summary["people"], 8);
    assert_eq!(summary["ids"], "1–8");
    assert_eq!(summary["by_unit"]["爱辉区/四嘉子乡/小乌斯力村"], 6);
    assert_eq!(summary["by_unit"]["爱辉区/四嘉子乡/大乌斯力村"], 2);
    // It belongs to the township, the lowest unit above both villages.
    let text = ok(
        &t.path,
        &["history", "--unit", "爱辉区/四嘉子乡", "--limit", "1"],
    );
    assert!(text.contains("导入 人员 花名册.csv：8 人 (#1)"), "{text}");
    let village = ok(
        &t.path,
        &["history", "--unit", "爱辉区/四嘉子乡/小乌斯力村"],
    );
    assert!(!village.contains("花名册"), "{village}");
}

#[test]
fn a_large_import_lands_whole_or_not_at_all() {
    let t = temp_db();
    setup(&t.path);
    // Three thousand rows: several parts' worth of writes.
    let bad = t.dir.path().join("bad.csv");
    std::fs::write(&bad, roster(3000, true)).unwrap();
    let o = run(&t.path, &["people", "import", bad.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("第 3001 行"), "{}", stderr(&o));
    let listed = ok(&t.path, &["people", "list", "--all", "--format", "json"]);
    assert_eq!(listed.trim(), "[]");

    let good = t.dir.path().join("good.csv");
    std::fs::write(&good, roster(3000, false)).unwrap();
    let out = ok(&t.path, &["people", "import", good.to_str().unwrap()]);
    assert!(out.contains("已导入人数： 3000"), "{out}");
    let listed: Vec<serde_json::Value> = serde_json::from_str(&ok(
        &t.path,
        &["people", "list", "--all", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(listed.len(), 3000);
    let check = ok(&t.path, &["check"]);
    assert!(check.contains("人员 3000 人"), "{check}");
    assert!(check.contains("检查通过"), "{check}");
}

/// Rows without ID numbers or birth dates, the kind nothing else tells apart.
fn roster_without_births(names: &[&str]) -> String {
    let mut s = String::from("姓名,性别,类别,所属单位,来源,入列日期\n");
    for name in names {
        s.push_str(&format!(
            "{name},女,老教师,爱辉区/四嘉子乡/小乌斯力村,教育系统,2023-01-01\n"
        ));
    }
    s
}

fn count_people(db: &std::path::Path) -> usize {
    let listed: Vec<serde_json::Value> =
        serde_json::from_str(&ok(db, &["people", "list", "--all", "--format", "json"])).unwrap();
    listed.len()
}

#[test]
fn importing_the_same_rows_again_is_refused_unless_asked_for() {
    let t = temp_db();
    setup(&t.path);
    let file = t.dir.path().join("花名册.csv");
    std::fs::write(
        &file,
        roster_without_births(&["王秀英", "李桂兰", "赵淑芬"]),
    )
    .unwrap();
    let file = file.to_str().unwrap();
    ok(&t.path, &["people", "import", file]);
    assert_eq!(count_people(&t.path), 3);

    // The same file again: every row refused, each naming who it repeats.
    for args in [
        vec!["people", "import", file],
        vec!["people", "import", file, "--check"],
    ] {
        let o = run(&t.path, &args);
        assert!(!o.status.success(), "{args:?}");
        let err = stderr(&o);
        for (line, who) in [(2, "#1 王秀英"), (3, "#2 李桂兰"), (4, "#3 赵淑芬")] {
            assert!(err.contains(&format!("第 {line} 行")), "{err}");
            assert!(err.contains(who), "{err}");
        }
        assert!(
            err.contains("重复导入") && err.contains("--allow-namesakes"),
            "{err}"
        );
    }
    assert_eq!(count_people(&t.path), 3);

    // A new row among repeated ones: only the repeats are named.
    let more = t.dir.path().join("补充.csv");
    std::fs::write(&more, roster_without_births(&["王秀英", "孙玉珍"])).unwrap();
    let o = run(&t.path, &["people", "import", more.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!o.status.success());
    assert!(err.contains("第 2 行") && !err.contains("第 3 行"), "{err}");
    assert_eq!(count_people(&t.path), 3);

    // Namesakes indeed: imported when asked for.
    let out = ok(
        &t.path,
        &[
            "people",
            "import",
            more.to_str().unwrap(),
            "--allow-namesakes",
        ],
    );
    assert!(out.contains("已导入人数： 2"), "{out}");
    assert_eq!(count_people(&t.path), 5);
}
