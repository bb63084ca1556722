//! The start: keys typed before the program shows are kept for it.

use crate::kit;

use kit::tmux::{self, Tmux};
use kit::{Ggw, TempDir};

#[test]
fn keys_typed_while_the_database_opens_reach_the_program() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("opening");
    let db = dir.path().join("demo.db");
    let mut init = Ggw::new();
    init.off_servers(dir.path()).db(&db);
    init.args(["init", "--demo"]).ok();
    let tmux = Tmux::new("opening", dir.path());
    tmux.start_ggw("o", "C.UTF-8", &format!("--db {}", db.display()));
    // At once, without waiting for anything on screen: two tabs on.
    tmux.keys("o", &["Tab", "Tab"]);
    let s = tmux.wait_for("o", "[会议]");
    assert!(!s.contains("正在打开数据库"), "{s}");
    tmux.keys("o", &["q"]);
    tmux.assert_restored("o");
}

#[test]
fn records_left_out_as_damaged_are_said_inside_the_program() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("opening-damaged");
    let (db, entry) = crate::service::damaged_records::populated(dir.path());
    crate::service::damaged_records::plant(&db, &entry);
    let tmux = Tmux::new("opening-damaged", dir.path());
    tmux.start_ggw("d", "C.UTF-8", &format!("--db {}", db.display()));
    let s = tmux.wait_for_wrapped("d", "条记录损坏，已跳过");
    assert!(s.contains("ggw check"), "{s}");
    // The notice is over the program, which answers under it.
    assert!(s.contains("[组织]"), "{s}");
    tmux.keys("d", &["Enter"]);
    tmux.wait_for("d", "名称");
    tmux.keys("d", &["q"]);
    tmux.assert_restored("d");
}

#[test]
fn a_database_with_a_large_log_shows_the_opening_screen_first() {
    let dir = TempDir::new("opening-large");
    let db = dir.path().join("demo.db");
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut init = Ggw::new();
    init.off_servers(dir.path()).db(&db);
    init.args(["init", "--demo"]).ok();
    // A log the size of a city's: the opening screen at once, then the
    // tree (a small one's first frame is the tree, unless it is slow to
    // open). Sparse, and trimmed again by the open itself.
    let log = std::fs::OpenOptions::new()
        .write(true)
        .open(db.join("db"))
        .unwrap();
    log.set_len(128 << 20).unwrap();
    drop(log);
    let mut s = kit::spawn_in_pty(&kit::pty_ggw(&home, &db), &home).unwrap();
    crate::tui::scores_pty::wait_for(&mut s, &["爱辉区"]);
    crate::tui::scores_pty::quit(&mut s);
    let shown = kit::text(&s.transcript);
    let opening = shown.find("正在打开数据库").expect("the opening screen");
    assert!(opening < shown.find("爱辉区").unwrap(), "{shown}");
}
