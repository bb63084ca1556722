//! The command line through the real binary.

use crate::kit;

use kit::{demo_db, run, stderr, stdout, temp_db};

fn units_json(db: &std::path::Path) -> serde_json::Value {
    let o = run(db, &["units", "--format", "json", "--all"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn history_len(db: &std::path::Path) -> usize {
    let o = run(db, &["history", "--format", "json"]);
    serde_json::from_slice::<Vec<serde_json::Value>>(&o.stdout)
        .unwrap()
        .len()
}

#[test]
fn init_then_units() {
    let t = temp_db();
    let o = run(&t.path, &["init", "--district", "爱辉区"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&t.path, &["units"]);
    assert_eq!(stdout(&o), "爱辉区 [区] #1\n");
    let again = run(&t.path, &["init", "--district", "爱辉区"]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("已有数据库"), "{}", stderr(&again));
}

#[test]
fn demo_has_the_district_of_the_newsletter() {
    let t = demo_db();
    let units = units_json(&t.path);
    let rows = units.as_array().unwrap();
    let count = |kind: &str| rows.iter().filter(|u| u["kind"] == kind).count();
    assert_eq!(count("district"), 1);
    assert_eq!(count("township") + count("subdistrict"), 14);
    assert_eq!(count("education-bureau"), 1);
    assert_eq!(count("school"), 19);
    assert!((55..=70).contains(&(count("village") + count("community"))));
    let paths: Vec<&str> = rows.iter().map(|u| u["path"].as_str().unwrap()).collect();
    for p in [
        "爱辉区/四嘉子乡/小乌斯力村",
        "爱辉区/花园街道/人保财险社区",
        "爱辉区/兴安街道/武庙屯社区",
        "爱辉区/花园街道/金兰社区",
        "爱辉区/教体局/新生乡学校",
        "爱辉区/瑷珲小将军研学基地",
    ] {
        assert!(paths.contains(&p), "{p} missing");
    }
    let text = stdout(&run(&t.path, &["units"]));
    assert!(text.contains("\n  四嘉子乡 [乡镇] #"), "{text}");
    assert!(text.contains("\n    小乌斯力村 [村屯] #"));
}

#[test]
fn add_move_rename_archive_and_history() {
    let t = demo_db();
    let o = run(
        &t.path,
        &[
            "unit",
            "add",
            "--parent",
            "爱辉区/四嘉子乡",
            "--kind",
            "village",
            "--name",
            "新屯",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("爱辉区/四嘉子乡/新屯"));
    let o = run(
        &t.path,
        &[
            "unit",
            "move",
            "爱辉区/四嘉子乡/新屯",
            "--to",
            "爱辉区/新生乡",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        &t.path,
        &["unit", "rename", "爱辉区/新生乡/新屯", "--name", "新生屯"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&t.path, &["unit", "archive", "爱辉区/新生乡/新生屯"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let units = units_json(&t.path);
    let row = units
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "新生屯")
        .unwrap()
        .clone();
    assert_eq!(row["archived"], true);
    assert_eq!(row["path"], "爱辉区/新生乡/新生屯");

    let id = row["id"].to_string();
    let h = stdout(&run(&t.path, &["history", "--unit", &id]));
    let lines: Vec<&str> = h.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(lines.len(), 4, "{h}");
    assert!(lines[0].contains("撤销 单位 新生屯"), "{h}");
    assert!(lines[1].contains("改名 单位 新生屯"));
    assert!(h.contains("名称：新屯 → 新生屯"), "{h}");
    assert!(lines[3].contains("新建 单位 新屯"));
    let user = ggw::os_user::current();
    assert!(lines.iter().all(|l| l.contains(&user)), "{h}");
}

#[test]
fn bad_input_changes_nothing() {
    let t = demo_db();
    let before = units_json(&t.path);
    let entries = history_len(&t.path);
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "unit",
                "add",
                "--parent",
                "爱辉区/教体局",
                "--kind",
                "village",
                "--name",
                "x",
            ],
            "不能设在教体局之下",
        ),
        (
            &[
                "unit",
                "add",
                "--parent",
                "爱辉区/不存在乡",
                "--kind",
                "村",
                "--name",
                "x",
            ],
            "找不到单位",
        ),
        (
            &[
                "unit",
                "add",
                "--parent",
                "爱辉区",
                "--kind",
                "city",
                "--name",
                "x",
            ],
            "不认识的单位类型",
        ),
        (
            &[
                "unit",
                "add",
                "--parent",
                "爱辉区",
                "--kind",
                "乡镇",
                "--name",
                "",
            ],
            "名称不能为空",
        ),
        (
            &[
                "unit",
                "add",
                "--parent",
                "爱辉区",
                "--kind",
                "乡镇",
                "--name",
                "四嘉子乡",
            ],
            "已有名为",
        ),
        (
            &[
                "unit",
                "move",
                "爱辉区/四嘉子乡",
                "--to",
                "爱辉区/四嘉子乡/小乌斯力村",
            ],
            "下级单位之下",
        ),
        (
            &[
                "unit",
                "move",
                "爱辉区/四嘉子乡/小乌斯力村",
                "--to",
                "爱辉区/教体局",
            ],
            "不能设在",
        ),
        (&["unit", "archive", "爱辉区/四嘉子乡"], "未撤销的下级单位"),
        (&["unit", "archive", "爱辉区"], "顶层"),
    ];
    for (args, expected) in cases {
        let o = run(&t.path, args);
        assert!(!o.status.success(), "{args:?} should fail");
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"));
    }
    assert_eq!(units_json(&t.path), before);
    assert_eq!(history_len(&t.path), entries);
}

#[test]
fn english_messages_on_request() {
    let t = demo_db();
    let o = run(
        &t.path,
        &["--lang", "en", "unit", "archive", "爱辉区/四嘉子乡"],
    );
    assert!(
        stderr(&o).contains("still has 5 live sub-units"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_passes_on_demo_and_fails_on_damage() {
    let t = demo_db();
    let o = run(&t.path, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("检查通过"));
    let o = run(&t.path, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["units"], 98);
    {
        let db = kit::raw_sled(&t.path);
        db.open_tree("units")
            .unwrap()
            .insert(5u64.to_be_bytes(), &[1, 0, 0xff][..])
            .unwrap();
        db.flush().unwrap();
    }
    let o = run(&t.path, &["check"]);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("故障"), "{}", stdout(&o));
}

#[test]
fn missing_and_locked_databases_are_explained() {
    let t = temp_db();
    let o = run(&t.path, &["units"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不存在"), "{}", stderr(&o));
    assert!(!t.path.exists());

    let t = demo_db();
    // Hold the database open in this process, as a running ggw would.
    let _held = ggw::service::Service::open(&t.path, &Default::default()).unwrap();
    let o = run(&t.path, &["units"]);
    assert!(!o.status.success());
    let msg = stderr(&o);
    assert!(
        msg.contains("正由另一个 ggw 打开") && msg.contains("ggw serve"),
        "{msg}"
    );
    assert!(
        !msg.contains("WouldBlock") && !msg.contains("panicked"),
        "{msg}"
    );
    let o = run(&t.path, &["--lang", "en", "units"]);
    assert!(
        stderr(&o).contains("is open in another ggw"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn version_and_help() {
    let o = kit::ggw().arg("--version").output().unwrap();
    assert_eq!(
        stdout(&o).trim(),
        format!("ggw {}", env!("CARGO_PKG_VERSION"))
    );
    let o = kit::ggw().args(["unit", "add", "--help"]).output().unwrap();
    assert!(o.status.success());
    assert!(stdout(&o).contains("--parent"));
}
