//! The real binary in a real pseudo-terminal (tmux): typing, pasting, quitting,
//! and a dropped connection mid-form.

use crate::kit;

use kit::tmux::{self, Tmux};
use kit::{Ggw, TempDir, binary};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The command line on the demo database, kept off any server another
/// test may be running.
fn cli(dir: &Path) -> Ggw {
    let mut c = Ggw::new();
    c.off_servers(dir).db(&dir.join("demo.db"));
    c
}

fn units(dir: &Path) -> String {
    cli(dir).arg("units").ok()
}

fn demo_db(dir: &Path) -> String {
    format!("--db {}/demo.db", dir.display())
}

fn init(dir: &Path) {
    cli(dir).args(["init", "--demo"]).ok();
}

fn drafts(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(binary::state_dir(dir).join("ggw/drafts"))
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn search_add_quit_then_hangup_mid_form_keeps_a_draft() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("e2e");
    init(dir.path());
    let tmux = Tmux::new("e2e", dir.path());

    // Search by pinyin initials, add a village with a Chinese name, quit.
    tmux.start_ggw("one", "C.UTF-8", &demo_db(dir.path()));
    tmux.wait_for("one", "演示数据");
    tmux.text("one", "/sjz");
    tmux.wait_for("one", "四嘉子村");
    tmux.keys("one", &["Enter"]);
    tmux.wait_for("one", "名称  四嘉子乡");
    tmux.keys("one", &["a"]);
    tmux.wait_for("one", "下新增单位");
    tmux.text("one", "红旗");
    tmux.paste("one", "新村");
    let s = tmux.wait_for("one", "红旗新村");
    assert!(s.contains("[村屯]"), "{s}");
    // The cursor stands right after the last character typed.
    let line = s.lines().find(|l| l.contains("红旗新村")).unwrap();
    let col = ggw::domain::text::display_width(&line[..line.find("红旗新村").unwrap()]) + 8;
    assert_eq!(
        tmux.format("one", "#{cursor_x} #{cursor_flag}"),
        format!("{col} 1")
    );
    tmux.keys("one", &["Enter"]);
    tmux.wait_for("one", "已新增：爱辉区/四嘉子乡/红旗新村");
    tmux.keys("one", &["q"]);
    tmux.assert_restored("one");
    let list = units(dir.path());
    assert!(
        list.lines().any(|l| l.trim_start().starts_with("红旗新村")),
        "{list}"
    );

    // A dropped connection in the middle of a form.
    tmux.start_ggw("two", "C.UTF-8", &demo_db(dir.path()));
    tmux.wait_for("two", "演示数据");
    tmux.text("two", "/xsx");
    tmux.wait_for("two", "新生乡学校");
    tmux.keys("two", &["Enter", "a"]);
    tmux.wait_for("two", "在“爱辉区/新生乡”下新增单位");
    tmux.text("two", "草稿村");
    tmux.wait_for("two", "草稿村");
    let pid = std::fs::read_to_string(dir.path().join("pid")).unwrap();
    let status = Command::new("kill")
        .args(["-HUP", pid.trim()])
        .status()
        .unwrap();
    assert!(status.success());
    tmux.assert_restored("two");
    assert!(!units(dir.path()).contains("草稿村"));
    let files = drafts(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let draft = std::fs::read_to_string(&files[0]).unwrap();
    assert!(draft.contains("草稿村"), "{draft}");

    // The next start offers the draft; Enter reopens it, Enter saves it.
    tmux.start_ggw("three", "C.UTF-8", &demo_db(dir.path()));
    tmux.wait_for_all("three", &["未保存的草稿", "名称：草稿村；类型：村屯"]);
    tmux.keys("three", &["Enter"]);
    let s = tmux.wait_for("three", "草稿村");
    assert!(s.contains("在“爱辉区/新生乡”下新增单位"), "{s}");
    tmux.keys("three", &["Enter"]);
    tmux.wait_for("three", "已新增：爱辉区/新生乡/草稿村");
    tmux.keys("three", &["q"]);
    tmux.assert_restored("three");
    assert!(units(dir.path()).contains("草稿村"));
    assert!(drafts(dir.path()).is_empty());
}

#[test]
fn warns_of_a_non_utf8_locale_and_a_bad_keymap_file() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("e2e-warn");
    init(dir.path());
    let keymap = binary::config_dir(dir.path()).join("ggw/keymap.toml");
    std::fs::create_dir_all(keymap.parent().unwrap()).unwrap();
    std::fs::write(&keymap, "[[tree]]\nkeys = [\"n\"]\naction = \"down\"\n\n[[tree]]\nkeys = [\"x\"]\naction = \"fly\"\n").unwrap();
    let tmux = Tmux::new("e2e", dir.path());
    tmux.start_ggw("gbk", "zh_CN.GBK", &demo_db(dir.path()));
    // Both notices, one over the other; the keymap's on top. The message
    // wraps where the temporary path's length puts it, so it is read as the
    // notice's lines joined.
    let s = tmux.wait_for("gbk", "unknown action");
    let notice = boxed_text(&s);
    assert!(notice.contains("keymap.toml第7行有误"), "{s}");
    assert!(notice.contains("unknownaction\"fly\""), "{s}");
    tmux.keys("gbk", &["Enter"]);
    let s = tmux.wait_for_wrapped("gbk", "不是 UTF-8");
    assert!(s.contains("zh_CN.GBK"), "{s}");
    tmux.keys("gbk", &["Enter"]);
    // The defaults are in force: `n` is not bound, `j` moves.
    tmux.keys("gbk", &["n", "j"]);
    let s = tmux.wait_for("gbk", "类型  乡镇");
    assert!(s.contains("> "), "{s}");
    // Shrunk below 80×24 it says so; grown back it draws again.
    tmux.cmd(&["resize-window", "-t", "gbk", "-x", "70", "-y", "20"]);
    tmux.wait_for("gbk", "窗口太小：现在 70×20，至少需要 80×24");
    tmux.cmd(&["resize-window", "-t", "gbk", "-x", "100", "-y", "30"]);
    let s = tmux.wait_for("gbk", "类型  乡镇");
    assert!(!s.contains("窗口太小"), "{s}");
    let title = s.lines().next().unwrap_or("").trim_end();
    assert!(ggw::domain::text::display_width(title) > 80, "{s}");
    tmux.keys("gbk", &["q"]);
    tmux.assert_restored("gbk");
}

/// The text inside a notice drawn over the panels: on each line, what lies
/// between the first two vertical borders, without spaces.
fn boxed_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('│');
            parts.next()?;
            let inside = parts.next()?;
            parts.next().map(|_| inside)
        })
        .collect::<String>()
        .replace(' ', "")
}

#[test]
fn the_details_key_can_be_moved_to_another_key() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("e2e-details");
    init(dir.path());
    let keymap = binary::config_dir(dir.path()).join("ggw/keymap.toml");
    std::fs::create_dir_all(keymap.parent().unwrap()).unwrap();
    std::fs::write(&keymap, "[[tree]]\nkeys = [\"v\"]\naction = \"details\"\n").unwrap();
    let tmux = Tmux::new("e2e", dir.path());
    tmux.start_ggw("det", "C.UTF-8", &demo_db(dir.path()));
    // The hint in the status bar names the user's key.
    tmux.wait_for_all("det", &["主任  刘振华", " v 详情/简要 "]);
    // `i` means nothing now; `v` shows the whole team.
    tmux.keys("det", &["i", "j", "k", "v"]);
    tmux.wait_for_all(
        "det",
        &[
            "班子      主任 刘振华 自 2018-03-01",
            "后备      副主任 宋继承",
        ],
    );
    tmux.keys("det", &["v"]);
    tmux.wait_for("det", "主任  刘振华");
    tmux.keys("det", &["q"]);
    tmux.assert_restored("det");
}

#[test]
fn through_the_server_other_users_changes_arrive() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("e2e-server");
    init(dir.path());
    let socket = dir.path().join("ggw.sock");
    let server = kit::Server::start(&dir.path().join("demo.db"), &socket);
    let tmux = Tmux::new("e2e", dir.path());
    tmux.start_ggw("srv", "C.UTF-8", &format!("--socket {}", socket.display()));
    tmux.wait_for("srv", "服务器 1 人在线");
    // Someone else adds a village from the command line.
    let out = server.client(&[
        "unit",
        "add",
        "--parent",
        "爱辉区/四嘉子乡",
        "--kind",
        "村屯",
        "--name",
        "远程村",
    ]);
    assert!(out.status.success(), "{}", kit::stderr(&out));
    tmux.wait_for("srv", "刚修改了单位，已刷新");
    tmux.text("srv", "/ycc");
    tmux.wait_for("srv", "远程村");
    tmux.keys("srv", &["Enter"]);
    tmux.wait_for_all("srv", &["名称  远程村", "上级  爱辉区/四嘉子乡"]);
    tmux.keys("srv", &["q"]);
    tmux.assert_restored("srv");
}
