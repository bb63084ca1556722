//! The 积分 tab in a real pseudo-terminal: the rulebook written in an
//! editor (a script standing in for one) that first leaves a mistake, is
//! shown it at the top of the reopened file, and then stores a good one;
//! and, through `ggw serve`, activities added by someone else moving a
//! unit's total and rank on the open tab.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::kit;

use ggw::api::scores::{GetRules, SetRules};
use ggw::backend::{Backend, BackendExt};
use ggw::domain::UnitId;
use ggw::domain::UnitKind;
use ggw::domain::day::Day;

const RULES: &str = r#"name = "2025年度测试细则"
from = 2025-01-01
to = 2025-12-31
grades = [{ name = "优秀", min = 6 }, { name = "合格", min = 2 }]

[[block]]
name = "活动开展"
max = 20

[[block.item]]
name = "组织活动"
counts = "activities"
points = 2
"#;

fn screen(s: &kit::term::Session) -> Vec<String> {
    kit::vt_rows(&kit::vt_parse(&s.transcript, 24, 80))
}

/// Reads until a row of the screen holds every one of `needles`.
pub(crate) fn wait_for(s: &mut kit::term::Session, needles: &[&str]) -> Vec<String> {
    let started = Instant::now();
    loop {
        s.read_burst(Duration::from_millis(100), Duration::from_secs(1));
        let rows = screen(s);
        if rows.iter().any(|r| needles.iter().all(|n| r.contains(n))) {
            return rows;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30) && !s.has_exited(),
            "no row with {needles:?}:\n{}",
            rows.join("\n")
        );
    }
}

fn type_keys(s: &mut kit::term::Session, keys: &str) {
    s.send(keys.as_bytes());
    s.read_burst(Duration::from_millis(250), Duration::from_secs(5));
}

pub(crate) fn quit(s: &mut kit::term::Session) {
    type_keys(s, "q");
    let status = s.wait(Duration::from_secs(5));
    if status.is_none() {
        s.terminate();
    }
    assert!(
        status.is_some_and(|st| st.success()),
        "ggw did not quit cleanly"
    );
}

fn activity(b: &dyn Backend, unit: UnitId, day: u32, title: &str) {
    kit::add_activity(b, unit, Day::ymd(2025, 4, day).unwrap(), title);
}

/// An editor that writes `bad` the first time and `good` once the file
/// comes back with the program's notes; it keeps what it was given in
/// `log`.
fn fake_editor(dir: &Path, bad: &str, good: &str) -> std::path::PathBuf {
    let bad_file = dir.join("bad.toml");
    let good_file = dir.join("good.toml");
    std::fs::write(&bad_file, bad).unwrap();
    std::fs::write(&good_file, good).unwrap();
    let log = dir.join("editor.log");
    let script = dir.join("editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\ncat \"$1\" >> '{log}'\necho '=== end' >> '{log}'\nif grep -q '^# ggw:' \"$1\"; then cp '{good}' \"$1\"; else cp '{bad}' \"$1\"; fi\n",
            log = log.display(),
            good = good_file.display(),
            bad = bad_file.display(),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[test]
fn the_rulebook_is_written_in_the_editor_corrected_and_stored() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("爱辉区", UnitKind::Township, "乙镇")
        .build();
    let (a, b) = (w.unit("甲乡").id, w.unit("乙镇").id);
    activity(&w.b, a, 1, "甲乡活动一");
    activity(&w.b, a, 2, "甲乡活动二");
    activity(&w.b, b, 3, "乙镇活动");
    let db = w.dir.path.clone();
    drop(w.b);
    let home = w.dir.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // Line 12 of the text counts "activitys".
    let bad = RULES.replace("\"activities\"", "\"activitys\"");
    let editor = fake_editor(w.dir.dir.path(), &bad, RULES);
    let mut g = kit::pty_ggw(&home, &db);
    g.env("EDITOR", &editor);
    let mut s = kit::spawn_in_pty(&g, &home).unwrap();
    wait_for(&mut s, &["组织"]);
    type_keys(&mut s, "\t\t\t\t\t");
    // No rulebook yet: the tab says how to write one.
    wait_for(&mut s, &["按 e 在编辑器里编写考核细则"]);
    type_keys(&mut s, "e");
    let rows = wait_for(&mut s, &["已保存（第1版）"]);
    let table = rows.join("\n");
    // 甲乡 two activities (4), 乙镇 one (2).
    assert!(
        rows.iter()
            .any(|r| r.contains("1 甲乡") && r.contains(" 4 ")),
        "{table}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("2 乙镇") && r.contains(" 2 ")),
        "{table}"
    );
    quit(&mut s);

    // The editor ran twice: on the example, then on the broken text under
    // a note naming its line as the file shows it (12 + 2 notes).
    let log = std::fs::read_to_string(w.dir.dir.path().join("editor.log")).unwrap();
    let runs: Vec<&str> = log.split("=== end\n").filter(|r| !r.is_empty()).collect();
    assert_eq!(runs.len(), 2, "{log}");
    assert!(runs[0].contains("[[block.item]]") && !runs[0].contains("# ggw:"));
    let notes: Vec<&str> = runs[1]
        .lines()
        .take_while(|l| l.starts_with("# ggw:"))
        .collect();
    assert_eq!(notes.len(), 2, "{}", runs[1]);
    assert!(notes[1].starts_with("# ggw: 第14行："), "{}", notes[1]);
    assert_eq!(runs[1].lines().nth(13), Some("counts = \"activitys\""));

    let back = ggw::backend::LocalBackend::open(
        &db,
        &Default::default(),
        ggw::service::Actor::new("tester"),
    )
    .unwrap();
    assert_eq!(back.run(GetRules { period: None }).unwrap().text, RULES);
}

#[test]
fn activities_added_through_the_server_move_a_unit_up_the_open_tab() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("爱辉区", UnitKind::Township, "乙镇")
        .build();
    let (a, b) = (w.unit("甲乡").id, w.unit("乙镇").id);
    w.b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    activity(&w.b, a, 1, "甲乡活动一");
    activity(&w.b, a, 2, "甲乡活动二");
    activity(&w.b, b, 3, "乙镇活动");
    let db = w.dir.path.clone();
    drop(w.b);
    let socket = db.with_extension("sock");
    let server = kit::Server::start(&db, &socket);
    let home = w.dir.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut g = kit::Ggw::new();
    g.home(&home)
        .lang("C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .args(["--socket", socket.to_str().unwrap()]);
    let mut s = kit::spawn_in_pty(&g, &home).unwrap();
    wait_for(&mut s, &["组织"]);
    type_keys(&mut s, "\t\t\t\t\t");
    // 甲乡 first with 4, 乙镇 second with 2, 合格.
    wait_for(&mut s, &["1 甲乡", " 4 "]);
    wait_for(&mut s, &["2 乙镇", " 2 ", "合格"]);
    // Someone else records two more activities of 乙镇: 6, past 甲乡.
    let other = server.connect();
    activity(&other, b, 10, "乙镇活动二");
    activity(&other, b, 11, "乙镇活动三");
    let rows = wait_for(&mut s, &["1 乙镇", " 6 ", "优秀"]);
    assert!(
        rows.iter()
            .any(|r| r.contains("2 甲乡") && r.contains(" 4 ")),
        "{}",
        rows.join("\n")
    );
    quit(&mut s);
    drop(other);
    server.terminate();
}
