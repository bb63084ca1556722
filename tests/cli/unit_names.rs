//! Naming a unit on the command line by id, path or a name only one unit
//! has, as forms and import files do.

use crate::kit;

use std::path::Path;

use kit::{TempDb, run, stderr, stdout, temp_db};

fn ok(db: &Path, args: &[&str]) -> String {
    let o = run(db, args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

/// 爱辉区 with two townships, each with a village called 第一村.
fn twin_villages() -> TempDb {
    let t = temp_db();
    ok(&t.path, &["init", "--district", "爱辉区"]);
    for town in ["四嘉子乡", "西岗子镇"] {
        ok(
            &t.path,
            &[
                "unit",
                "add",
                "--parent",
                "爱辉区",
                "--kind",
                "乡镇",
                "--name",
                town,
            ],
        );
        ok(
            &t.path,
            &[
                "unit",
                "add",
                "--parent",
                town,
                "--kind",
                "村屯",
                "--name",
                "第一村",
            ],
        );
    }
    t
}

fn units(db: &Path) -> String {
    ok(db, &["units", "--all", "--format", "json"])
}

#[test]
fn a_unique_name_works_wherever_a_unit_is_asked_for() {
    let t = twin_villages();
    let out = ok(
        &t.path,
        &[
            "unit",
            "add",
            "--parent",
            "四嘉子乡",
            "--kind",
            "村屯",
            "--name",
            "新屯",
        ],
    );
    assert!(out.contains("爱辉区/四嘉子乡/新屯"), "{out}");
    // The end of a path picks out one of two villages of the same name.
    let out = ok(
        &t.path,
        &["unit", "rename", "西岗子镇/第一村", "--name", "前进村"],
    );
    assert!(out.contains("爱辉区/西岗子镇/前进村"), "{out}");
    let out = ok(
        &t.path,
        &["people", "add", "--name", "张桂芳", "--unit", "四嘉子乡"],
    );
    assert!(!out.is_empty());
    let listed = ok(
        &t.path,
        &[
            "people",
            "list",
            "--all",
            "--unit",
            "四嘉子乡",
            "--format",
            "json",
        ],
    );
    let people: Vec<serde_json::Value> = serde_json::from_str(&listed).unwrap();
    assert_eq!(people.len(), 1, "{listed}");
    assert_eq!(people[0]["name"], "张桂芳", "{listed}");
}

#[test]
fn a_shared_name_is_refused_with_every_path_in_both_languages() {
    let t = twin_villages();
    let before = units(&t.path);
    let o = run(&t.path, &["unit", "rename", "第一村", "--name", "前进村"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("有 2 个单位叫“第一村”"), "{err}");
    assert!(err.contains("爱辉区/四嘉子乡/第一村"), "{err}");
    assert!(err.contains("爱辉区/西岗子镇/第一村"), "{err}");
    let o = run(
        &t.path,
        &[
            "--lang",
            "en",
            "people",
            "add",
            "--name",
            "张桂芳",
            "--unit",
            "第一村",
        ],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("2 units are called \"第一村\""), "{err}");
    assert!(err.contains("爱辉区/四嘉子乡/第一村"), "{err}");
    assert!(err.contains("爱辉区/西岗子镇/第一村"), "{err}");
    assert_eq!(units(&t.path), before);
    let people = ok(&t.path, &["people", "list", "--all", "--format", "json"]);
    assert_eq!(people.trim(), "[]");
}

#[test]
fn an_unknown_name_says_how_to_find_units() {
    let t = twin_villages();
    let o = run(
        &t.path,
        &["people", "add", "--name", "张桂芳", "--unit", "新生乡"],
    );
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("找不到单位“新生乡”"), "{err}");
    assert!(err.contains("ggw units"), "{err}");
    let o = run(
        &t.path,
        &["--lang", "en", "unit", "move", "四嘉子乡", "--to", "新生乡"],
    );
    let err = stderr(&o);
    assert!(err.contains("No unit \"新生乡\""), "{err}");
    assert!(err.contains("`ggw units`"), "{err}");
}
