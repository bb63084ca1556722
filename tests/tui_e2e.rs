//! The real binary in a real pseudo-terminal (tmux): typing, pasting, quitting,
//! and a dropped connection mid-form.

mod common;
mod server_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_ggw");

fn have_tmux() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found {
        // CI installs tmux; there a missing one is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required for the end-to-end test"
        );
        eprintln!("tmux not found: end-to-end terminal test not run");
    }
    found
}

/// One tmux server of our own, so the test never touches the user's.
struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    fn new(dir: &Path) -> Tmux {
        Tmux {
            socket: format!(
                "ggw-e2e-{}-{}",
                std::process::id(),
                dir.file_name().unwrap().to_string_lossy()
            ),
            dir: dir.to_path_buf(),
        }
    }

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

    /// Starts ggw on the database in an 80×24 pane. When it exits the pane
    /// reports the exit code and the terminal's mode, then echoes input.
    fn start(&self, session: &str) {
        self.start_with(session, "C.UTF-8");
    }

    fn start_with(&self, session: &str, lang: &str) {
        let args = format!("--db {}/demo.db", self.dir.display());
        self.start_args(session, lang, &args);
    }

    fn start_args(&self, session: &str, lang: &str, args: &str) {
        let d = self.dir.display();
        let script = format!(
            "export LANG={lang} TERM=xterm-256color XDG_STATE_HOME={d}/state \
             XDG_CONFIG_HOME={d}/config XDG_DATA_HOME={d}/data\n\
             sh -c 'echo $$ > {d}/pid; exec {BIN} {args}'\n\
             echo EXIT=$?\n\
             echo MODE=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo) END\n\
             cat -v\n"
        );
        let path = self.dir.join(format!("{session}.sh"));
        std::fs::write(&path, script).unwrap();
        self.cmd(&[
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "80",
            "-y",
            "24",
            &format!("sh {}", path.display()),
        ]);
    }

    fn screen(&self, session: &str) -> String {
        self.cmd(&["capture-pane", "-p", "-t", session])
    }

    fn wait_for(&self, session: &str, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(session);
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

    /// As `wait_for`, for text that may wrap inside a box.
    fn wait_for_wrapped(&self, session: &str, needle: &str) -> String {
        let flat = |s: &str| s.replace(['\n', '│', ' '], "");
        let start = Instant::now();
        loop {
            let s = self.screen(session);
            if flat(&s).contains(&flat(needle)) {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "waited for {needle:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    fn text(&self, session: &str, text: &str) {
        self.cmd(&["send-keys", "-t", session, "-l", text]);
    }

    /// A bracketed paste, as a terminal sends one when the program asked.
    fn paste(&self, session: &str, text: &str) {
        self.cmd(&["set-buffer", text]);
        self.cmd(&["paste-buffer", "-p", "-t", session]);
    }

    fn format(&self, session: &str, fmt: &str) -> String {
        self.cmd(&["display-message", "-p", "-t", session, fmt])
            .trim()
            .to_string()
    }

    /// After ggw has exited: normal screen, visible cursor, cooked mode with
    /// echo, and no bracketed paste left on.
    fn assert_restored(&self, session: &str) {
        let s = self.wait_for(session, " END");
        assert!(s.contains("EXIT=0"), "{s}");
        assert!(
            s.contains("MODE=icanon echo END"),
            "terminal left raw:\n{s}"
        );
        assert_eq!(
            self.format(session, "#{alternate_on} #{cursor_flag}"),
            "0 1"
        );
        self.paste(session, "abc");
        self.keys(session, &["Enter"]);
        let s = self.wait_for(session, "abc");
        assert!(!s.contains("[200~"), "bracketed paste left on:\n{s}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn units(dir: &Path) -> String {
    let out = Command::new(BIN)
        .args(["--db", &format!("{}/demo.db", dir.display()), "units"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn init(dir: &Path) {
    let out = Command::new(BIN)
        .args([
            "--db",
            &format!("{}/demo.db", dir.display()),
            "init",
            "--demo",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn drafts(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("state/ggw/drafts"))
        .map(|r| r.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default()
}

#[test]
fn search_add_quit_then_hangup_mid_form_keeps_a_draft() {
    if !have_tmux() {
        return;
    }
    let dir = TempDir::new("e2e");
    init(dir.path());
    let tmux = Tmux::new(dir.path());

    // Search by pinyin initials, add a village with a Chinese name, quit.
    tmux.start("one");
    tmux.wait_for("one", "演示数据");
    tmux.text("one", "/sjz");
    tmux.wait_for("one", "四嘉子村");
    tmux.keys("one", &["Enter"]);
    tmux.wait_for("one", "路径      爱辉区/四嘉子乡");
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
    tmux.start("two");
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
    tmux.start("three");
    let s = tmux.wait_for("three", "未保存的草稿");
    assert!(s.contains("名称：草稿村；类型：村屯"), "{s}");
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
    if !have_tmux() {
        return;
    }
    let dir = TempDir::new("e2e-warn");
    init(dir.path());
    let keymap = dir.path().join("config/ggw/keymap.toml");
    std::fs::create_dir_all(keymap.parent().unwrap()).unwrap();
    std::fs::write(&keymap, "[[tree]]\nkeys = [\"n\"]\naction = \"down\"\n\n[[tree]]\nkeys = [\"x\"]\naction = \"fly\"\n").unwrap();
    let tmux = Tmux::new(dir.path());
    tmux.start_with("gbk", "zh_CN.GBK");
    // Both notices, one over the other; the keymap's on top. The temporary path's length
    // decides where the message wraps, so "第" may end the line before.
    let s = tmux.wait_for("gbk", "7 行有误");
    assert!(s.contains("keymap.toml"), "{s}");
    assert!(s.contains("unknown action"), "{s}");
    // Both notices, one over the other; the keymap's on top.
    // The message wraps where the temporary path's length puts it, so
    // "第 7 行有误" may be split at any of its spaces or characters.
    let s = tmux.wait_for("gbk", "unknown action");
    assert!(s.contains("第 7") || s.contains("7 行有误"), "{s}");
    tmux.keys("gbk", &["Enter"]);
    let s = tmux.wait_for_wrapped("gbk", "不是 UTF-8");
    assert!(s.contains("zh_CN.GBK"), "{s}");
    tmux.keys("gbk", &["Enter"]);
    // The defaults are in force: `n` is not bound, `j` moves.
    tmux.keys("gbk", &["n", "j"]);
    let s = tmux.wait_for("gbk", "类型      乡镇");
    assert!(s.contains("> "), "{s}");
    // Shrunk below 80×24 it says so; grown back it draws again.
    tmux.cmd(&["resize-window", "-t", "gbk", "-x", "70", "-y", "20"]);
    tmux.wait_for("gbk", "窗口太小：现在 70×20，至少需要 80×24");
    tmux.cmd(&["resize-window", "-t", "gbk", "-x", "100", "-y", "30"]);
    let s = tmux.wait_for("gbk", "类型      乡镇");
    assert!(!s.contains("窗口太小"), "{s}");
    let title = s.lines().next().unwrap_or("").trim_end();
    assert!(ggw::domain::text::display_width(title) > 80, "{s}");
    tmux.keys("gbk", &["q"]);
    tmux.assert_restored("gbk");
}

#[test]
fn through_the_server_other_users_changes_arrive() {
    if !have_tmux() {
        return;
    }
    let dir = TempDir::new("e2e-server");
    init(dir.path());
    let socket = dir.path().join("ggw.sock");
    let server = server_support::Server::start(&dir.path().join("demo.db"), &socket);
    let tmux = Tmux::new(dir.path());
    tmux.start_args("srv", "C.UTF-8", &format!("--socket {}", socket.display()));
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
    assert!(out.status.success(), "{}", server_support::stderr(&out));
    tmux.wait_for("srv", "刚修改了单位，已刷新");
    tmux.text("srv", "/ycc");
    tmux.wait_for("srv", "远程村");
    tmux.keys("srv", &["Enter"]);
    tmux.wait_for("srv", "路径      爱辉区/四嘉子乡/远程村");
    tmux.keys("srv", &["q"]);
    tmux.assert_restored("srv");
}
