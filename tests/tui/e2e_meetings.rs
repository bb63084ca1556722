//! The real binary in a pseudo-terminal (tmux): create the monthly 主任办公会 in the 会议 tab,
//! take attendance at one meeting, write a line of minutes and turn it into a task.

use crate::kit;

use kit::TempDir;
use kit::tmux::{self, Tmux};

// `ggw --db DB ARGS…` in the kit's clean environment; its output.
use kit::ok as ggw;

#[test]
fn create_the_monthly_series_take_attendance_and_add_a_task_from_the_minutes() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("e2e-meetings");
    let db = dir.path().join("ggw.db");
    ggw(&db, &["init", "--district", "爱辉区"]);
    // Attendees are picked from the roster.
    for name in ["刘志远", "张国庆", "李秀兰"] {
        ggw(
            &db,
            &[
                "people",
                "add",
                "--name",
                name,
                "--unit",
                "爱辉区",
                "--category",
                "老干部",
            ],
        );
    }
    let tmux = Tmux::new("e2e-meetings", dir.path());
    tmux.start_ggw("m", "C.UTF-8", &format!("--db {}", db.display()));
    tmux.wait_for("m", "[组织]");

    // The 会议 tab, then a new series: kind stays 主任办公会, the rule stays first Monday.
    tmux.keys("m", &["Tab", "Tab"]);
    tmux.wait_for("m", "[月历]");
    tmux.keys("m", &["a"]);
    tmux.wait_for("m", "新建会议系列");
    tmux.keys("m", &["Tab"]);
    tmux.text("m", "主任办公会");
    // Past 频率, 第几个, 星期几, 月份 and the rule they write, to the start date.
    tmux.keys("m", &["Tab", "Tab", "Tab", "Tab", "Tab", "Tab", "C-u"]);
    tmux.text("m", "2025-01-01");
    // The preview shows February moved past 春节 before anything is saved.
    tmux.wait_for("m", "2025-02-05*");
    tmux.keys("m", &["Tab", "Tab", "Tab"]);
    tmux.text("m", "刘志远,张国庆,李秀兰");
    tmux.keys("m", &["Enter"]);
    tmux.wait_for("m", "已新建会议系列 主任办公会");

    // Go to the February meeting and open it.
    tmux.keys("m", &["g", "C-u"]);
    tmux.text("m", "2025-02-05");
    tmux.keys("m", &["Enter"]);
    tmux.wait_for("m", ">02-05 周三 09:00  主任办公会  计划");
    tmux.keys("m", &["Enter"]);
    tmux.wait_for("m", "出席情况");

    // One key per person: present, absent, present.
    tmux.keys("m", &["y", "n", "y"]);
    let s = tmux.wait_for("m", "李秀兰  出席");
    assert!(
        s.contains("刘志远  出席") && s.contains("张国庆  缺席"),
        "{s}"
    );

    // A line of minutes, then a task from it.
    tmux.keys("m", &["w"]);
    tmux.wait_for("m", "记一行纪要");
    tmux.text("m", "张国庆：四嘉子乡培育方案月底前报送");
    tmux.keys("m", &["Enter"]);
    tmux.wait_for("m", "已记入纪要");
    tmux.keys("m", &["t"]);
    tmux.wait_for("m", "纪要转为任务");
    tmux.keys("m", &["Enter"]);
    tmux.wait_for("m", "已添加任务 #1 四嘉子乡培育方案月底前报送");
    tmux.keys("m", &["H"]);
    tmux.wait_for("m", "[已召开]");
    // Esc alone, then q: sent together they would read as Alt-q.
    tmux.keys("m", &["Escape"]);
    tmux.wait_for("m", "[月历]");
    tmux.keys("m", &["q"]);
    tmux.assert_restored("m");

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
