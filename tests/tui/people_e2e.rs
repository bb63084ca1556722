//! The real binary in a pseudo-terminal (tmux): an operator adds an elder
//! through the 五老 form and strikes another off, then the command line
//! finds both changes saved.

use crate::kit;

use kit::TempDir;
use kit::tmux::{self, Tmux};

// `ggw --db DB ARGS…` in the kit's clean environment; its output.
use kit::ok as ggw;

#[test]
fn add_an_elder_through_the_form_and_strike_off_another() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("people-e2e");
    let db = dir.path().join("demo.db");
    ggw(&db, &["init", "--demo"]);
    let tmux = Tmux::new("people-e2e", dir.path());
    tmux.start_ggw("people", "C.UTF-8", &format!("--db {}", db.display()));
    tmux.wait_for("people", "[组织]");
    tmux.key("people", "Tab");
    tmux.wait_for("people", "315 人（在册 315，除名 0）");

    // Add: name, four fields on to the unit, the unit by name, save.
    tmux.key("people", "a");
    tmux.wait_for("people", "登记五老");
    tmux.text("people", "孟繁荣");
    for _ in 0..5 {
        tmux.key("people", "Tab");
    }
    tmux.text("people", "小乌斯力村");
    tmux.key("people", "Enter");
    // Saved, and the form is open again for the next person.
    tmux.wait_for("people", "316 人");
    tmux.wait_for("people", "登记五老");
    tmux.key("people", "Escape");
    tmux.wait_for("people", "[名册]");

    // The new elder is selected; strike off the first of the list instead,
    // with the default reason.
    tmux.wait_for("people", "> 孟繁荣");
    tmux.key("people", "Home");
    let s = tmux.wait_for("people", "> 刘振华");
    assert!(s.contains("老干部"), "{s}");
    tmux.key("people", "x");
    tmux.wait_for("people", "除名：刘振华");
    tmux.key("people", "Enter");
    let s = tmux.wait_for("people", "已除名：刘振华");
    assert!(s.contains("315 人（在册 315，除名 0）"), "{s}");
    tmux.key("people", "q");
    tmux.assert_restored("people");

    let card = ggw(&db, &["people", "show", "孟繁荣"]);
    assert!(card.contains("爱辉区/四嘉子乡/小乌斯力村"), "{card}");
    let card = ggw(&db, &["people", "show", "刘振华"]);
    assert!(card.contains("除名 "), "{card}");
    assert!(card.contains("只挂名无作为"), "{card}");
    let check = ggw(&db, &["check"]);
    assert!(check.contains("检查通过"), "{check}");
}
