//! A roster import leaves one plain audit entry, and a large one, written in
//! parts to keep memory down, is still all or nothing.

use crate::common;

use common::{run, stderr, stdout, temp_db};

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
