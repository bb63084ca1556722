//! The real binary in a pseudo-terminal (tmux): create the monthly 主任办公会 in the 会议 tab,
//! take attendance at one meeting, write a line of minutes and turn it into a task.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_ggw");

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
        self.cmd(&["capture-pane", "-p", "-t", "m"])
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

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "m"];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    fn text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "m", "-l", text]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn ggw(db: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
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
fn create_the_monthly_series_take_attendance_and_add_a_task_from_the_minutes() {
    if Command::new("tmux").arg("-V").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "tmux is required in CI");
        eprintln!("tmux not found: end-to-end terminal test not run");
        return;
    }
    let dir = TempDir::new("e2e-meetings");
    let db = dir.path().join("ggw.db");
    ggw(&db, &["init", "--district", "爱辉区"]);
    let d = dir.path().display();
    let script = format!(
        "export LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME={d}/state \
         XDG_CONFIG_HOME={d}/config XDG_DATA_HOME={d}/data\n\
         {BIN} --db {}\necho EXIT=$?\nsleep 30\n",
        db.display()
    );
    std::fs::write(dir.path().join("run.sh"), script).unwrap();
    let tmux = Tmux {
        socket: format!("ggw-e2e-meetings-{}", std::process::id()),
    };
    tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "m",
        "-x",
        "80",
        "-y",
        "24",
        &format!("sh {d}/run.sh"),
    ]);
    tmux.wait_for("[组织]");

    // The 会议 tab, then a new series: kind stays 主任办公会, the rule stays first Monday.
    tmux.keys(&["Tab", "Tab"]);
    tmux.wait_for("[月历]");
    tmux.keys(&["a"]);
    tmux.wait_for("新建会议系列");
    tmux.keys(&["Tab"]);
    tmux.text("主任办公会");
    tmux.keys(&["Tab", "Tab", "C-u"]);
    tmux.text("2025-01-01");
    // The preview shows February moved past 春节 before anything is saved.
    tmux.wait_for("2025-02-05*");
    tmux.keys(&["Tab", "Tab", "Tab"]);
    tmux.text("刘志远,张国庆,李秀兰");
    tmux.keys(&["Enter"]);
    tmux.wait_for("已新建会议系列 主任办公会");

    // Go to the February meeting and open it.
    tmux.keys(&["g", "C-u"]);
    tmux.text("2025-02-05");
    tmux.keys(&["Enter"]);
    tmux.wait_for(">02-05 周三 09:00  主任办公会  计划");
    tmux.keys(&["Enter"]);
    tmux.wait_for("出席（y 出席");

    // One key per person: present, absent, present.
    tmux.keys(&["y", "n", "y"]);
    let s = tmux.wait_for("李秀兰  出席");
    assert!(
        s.contains("刘志远  出席") && s.contains("张国庆  缺席"),
        "{s}"
    );

    // A line of minutes, then a task from it.
    tmux.keys(&["w"]);
    tmux.wait_for("记一行纪要");
    tmux.text("张国庆：四嘉子乡培育方案月底前报送");
    tmux.keys(&["Enter"]);
    tmux.wait_for("已记入纪要");
    tmux.keys(&["t"]);
    tmux.wait_for("纪要转为任务");
    tmux.keys(&["Enter"]);
    tmux.wait_for("已添加任务 #1 四嘉子乡培育方案月底前报送");
    tmux.keys(&["H"]);
    tmux.wait_for("[已召开]");
    // Esc alone, then q: sent together they would read as Alt-q.
    tmux.keys(&["Escape"]);
    tmux.wait_for("[月历]");
    tmux.keys(&["q"]);
    tmux.wait_for("EXIT=0");

    // What the terminal did is in the database.
    let page: serde_json::Value = serde_json::from_str(&ggw(
        &db,
        &[
            "meetings",
            "show",
            "主任办公会",
            "2025-02-03",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let m = &page["meeting"];
    assert_eq!(m["date"], "2025-02-05");
    assert_eq!(m["status"], "Held");
    assert_eq!(m["attendance"][0]["presence"], "Present");
    assert_eq!(m["attendance"][1]["presence"]["Absent"]["reason"], "");
    assert_eq!(m["attendance"][2]["presence"], "Present");
    assert_eq!(m["minutes"], "张国庆：四嘉子乡培育方案月底前报送");
    let tasks: Vec<serde_json::Value> =
        serde_json::from_str(&ggw(&db, &["tasks", "list", "--format", "json"])).unwrap();
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["owner"]["name"], "张国庆");
    assert_eq!(tasks[0]["due"], "2025-03-07");
    assert_eq!(tasks[0]["meeting"], m["id"]);
    assert!(ggw(&db, &["check"]).contains("检查通过"));
}
