//! A tmux server of the test's own, for driving the real program in real
//! pseudo-terminals and reading the screen as a person would.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

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

pub struct Tmux {
    socket: String,
}

impl Tmux {
    pub fn new(tag: &str) -> Tmux {
        Tmux {
            socket: format!("ggw-{tag}-{}", std::process::id()),
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
    pub fn start(&self, session: &str, script_dir: &Path, script: &str) {
        let path = script_dir.join(format!("{session}.sh"));
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

    pub fn screen(&self, session: &str) -> String {
        self.cmd(&["capture-pane", "-p", "-t", session])
    }

    pub fn wait_for(&self, session: &str, needle: &str) -> String {
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

    pub fn keys(&self, session: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", session];
        args.extend_from_slice(keys);
        self.cmd(&args);
    }

    pub fn text(&self, session: &str, text: &str) {
        self.cmd(&["send-keys", "-t", session, "-l", text]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}
