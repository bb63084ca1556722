//! A tmux server of the test's own, for driving the real program in real
//! pseudo-terminals and reading the screen as a person would.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::Ggw;

/// Loaded CI machines can be slow to draw; a passing run returns as soon
/// as the text shows.
const PATIENCE: Duration = Duration::from_secs(60);

pub fn available() -> bool {
    let found = Command::new("tmux").arg("-V").output().is_ok();
    if !found {
        // CI installs tmux; there a missing one is a failure, not a skip.
        assert!(
            std::env::var_os("CI").is_none(),
            "tmux is required for the end-to-end tests"
        );
        eprintln!("tmux not found: end-to-end terminal test not run");
    }
    found
}

/// One tmux server per test, so a test never touches the user's tmux or
/// another test's. Session scripts and the program's state live in `dir`.
pub struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    pub fn new(tag: &str, dir: &Path) -> Tmux {
        Tmux {
            socket: format!(
                "ggw-{tag}-{}-{}",
                std::process::id(),
                dir.file_name().unwrap_or_default().to_string_lossy()
            ),
            dir: dir.to_path_buf(),
        }
    }

    pub fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new("tmux")
            .arg("-u")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .env("LANG", "C.UTF-8")
            .output()
            .expect("run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs `script` (sh) in a new 80×24 session.
    pub fn start(&self, session: &str, script: &str) {
        let path = self.dir.join(format!("{session}.sh"));
        std::fs::write(&path, script).expect("write the session script");
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

    /// Starts `ggw ARGS` in the locale `lang`, the test's folder its home
    /// (`binary::state_dir` and `config_dir` below it), off any running
    /// server. Its pid is written to `pid`. When it exits the pane reports
    /// the exit code and the terminal's mode, then echoes input, for
    /// `assert_restored`.
    pub fn start_ggw(&self, session: &str, lang: &str, args: &str) {
        let d = self.dir.display();
        let ggw = Ggw::new()
            .home(&self.dir)
            .lang(lang)
            .off_servers(&self.dir)
            .env("TERM", "xterm-256color")
            .shell();
        // The program's own script, so that `$$` is the pid it execs into.
        let exec = self.dir.join(format!("{session}-ggw.sh"));
        std::fs::write(&exec, format!("echo $$ > {d}/pid\nexec {ggw} {args}\n"))
            .expect("write the program's script");
        self.start(
            session,
            &format!(
                "sh {}\n\
                 echo EXIT=$?\n\
                 echo MODE=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo) END\n\
                 cat -v\n",
                exec.display()
            ),
        );
    }

    pub fn screen(&self, session: &str) -> String {
        self.cmd(&["capture-pane", "-p", "-t", session])
    }

    pub fn wait_for(&self, session: &str, needle: &str) -> String {
        self.wait_until(session, needle, |s| s.contains(needle))
    }

    /// As `wait_for`, for text that may wrap inside a box.
    /// Waits until every needle is on the screen at once: a frame reaches
    /// the terminal row by row, so one line shown says nothing of the rest.
    pub fn wait_for_all(&self, session: &str, needles: &[&str]) -> String {
        self.wait_until(session, &needles.join(" + "), |s| {
            needles.iter().all(|n| s.contains(n))
        })
    }

    pub fn wait_for_wrapped(&self, session: &str, needle: &str) -> String {
        let flat = |s: &str| s.replace(['\n', '│', ' '], "");
        self.wait_until(session, needle, |s| flat(s).contains(&flat(needle)))
    }

    fn wait_until(&self, session: &str, what: &str, done: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen(session);
            if done(&s) {
                return s;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "waited for {what:?}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    /// A key, then a pause so that Esc is not read as the start of an
    /// Alt-combination with the next key.
    pub fn key(&self, session: &str, key: &str) {
        self.keys(session, &[key]);
        std::thread::sleep(Duration::from_millis(150));
    }

    pub fn text(&self, session: &str, text: &str) {
        self.cmd(&["send-keys", "-t", session, "-l", text]);
    }

    /// A bracketed paste, as a terminal sends one when the program asked.
    pub fn paste(&self, session: &str, text: &str) {
        self.cmd(&["set-buffer", text]);
        self.cmd(&["paste-buffer", "-p", "-t", session]);
    }

    pub fn format(&self, session: &str, fmt: &str) -> String {
        self.cmd(&["display-message", "-p", "-t", session, fmt])
            .trim()
            .to_string()
    }

    /// After a program started by `start_ggw` has exited: exit status 0,
    /// normal screen, visible cursor, cooked mode with echo, and no
    /// bracketed paste left on.
    pub fn assert_restored(&self, session: &str) {
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
        // tmux leaves its socket file behind; remove it too.
        let socket_path = self.cmd(&["display-message", "-p", "#{socket_path}"]);
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
        let socket_path = socket_path.trim();
        if !socket_path.is_empty() {
            let _ = std::fs::remove_file(socket_path);
        }
    }
}
