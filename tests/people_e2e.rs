//! The real binary in a pseudo-terminal (tmux): an operator adds an elder
//! through the 五老 form and strikes another off, then the command line
//! finds both changes saved.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_ggw");

fn have_tmux() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required for the end-to-end test"
        );
        eprintln!("tmux not found: end-to-end terminal test not run");
    }
    found
}

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-u")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("LANG", "C.UTF-8")
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn screen(&self) -> String {
        self.cmd(&["capture-pane", "-p", "-t", "people"])
    }

    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(needle) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {needle:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A key, then a pause so that Esc is not read as the start of an
    /// Alt-combination with the next key.
    fn key(&self, key: &str) {
        self.cmd(&["send-keys", "-t", "people", key]);
        std::thread::sleep(Duration::from_millis(150));
    }

    fn text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "people", "-l", text]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.cmd(&["kill-server"]);
    }
}

fn ggw(db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn add_an_elder_through_the_form_and_strike_off_another() {
    if !have_tmux() {
        return;
    }
    let dir = TempDir::new("people-e2e");
    let db = dir.path().join("demo.db");
    ggw(&db, &["init", "--demo"]);
    let tmux = Tmux {
        socket: format!("ggw-people-e2e-{}", std::process::id()),
    };
    let d = dir.path().display();
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "people",
        "-x",
        "80",
        "-y",
        "24",
        &format!(
            "env LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME={d}/state \
             XDG_CONFIG_HOME={d}/config XDG_DATA_HOME={d}/data {BIN} --db {}; \
             echo EXIT=$?; sleep 60",
            db.display()
        ),
    ]);
    tmux.wait_for("[组织]");
    tmux.key("Tab");
    tmux.wait_for("315 人（在册 315，除名 0）");

    // Add: name, four fields on to the unit, the unit by name, save.
    tmux.key("a");
    tmux.wait_for("登记五老");
    tmux.text("孟繁荣");
    for _ in 0..5 {
        tmux.key("Tab");
    }
    tmux.text("小乌斯力村");
    tmux.key("Enter");
    // Saved, and the form is open again for the next person.
    tmux.wait_for("316 人");
    tmux.wait_for("登记五老");
    tmux.key("Escape");
    tmux.wait_for("[名册]");

    // The new elder is selected; strike off the first of the list instead,
    // with the default reason.
    tmux.wait_for("> 孟繁荣");
    tmux.key("Home");
    let s = tmux.wait_for("> 刘振华");
    assert!(s.contains("老干部"), "{s}");
    tmux.key("x");
    tmux.wait_for("除名：刘振华");
    tmux.key("Enter");
    let s = tmux.wait_for("已除名：刘振华");
    assert!(s.contains("315 人（在册 315，除名 0）"), "{s}");
    tmux.key("q");
    tmux.wait_for("EXIT=0");

    let card = ggw(&db, &["people", "show", "孟繁荣"]);
    assert!(card.contains("爱辉区/四嘉子乡/小乌斯力村"), "{card}");
    let card = ggw(&db, &["people", "show", "刘振华"]);
    assert!(card.contains("除名 "), "{card}");
    assert!(card.contains("只挂名无作为"), "{card}");
    let check = ggw(&db, &["check"]);
    assert!(check.contains("检查通过"), "{check}");
}
