//! Keys typed while a tab loads, in the real program in tmux: each is
//! counted on the screen at once, and all are answered in order once the
//! tab is there. The program talks to `ggw serve` through a relay that the
//! test can stop, so the first visit to 五老 lasts as long as the test wants.

use std::io::{Read, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};

use crate::kit;

use kit::tmux::{self, Tmux};
use kit::{Ggw, TempDir};

/// Whether the relay passes the program's requests on.
#[derive(Default)]
struct Gate {
    closed: Mutex<bool>,
    opened: Condvar,
}

impl Gate {
    fn close(&self) {
        *self.closed.lock().unwrap() = true;
    }

    fn open(&self) {
        *self.closed.lock().unwrap() = false;
        self.opened.notify_all();
    }

    fn pass(&self) {
        let mut closed = self.closed.lock().unwrap();
        while *closed {
            closed = self.opened.wait(closed).unwrap();
        }
    }
}

/// Relays every connection made to `at` to the server at `server`: its
/// answers at once, the program's requests only while `gate` is open.
fn relay(at: &Path, server: &Path, gate: Arc<Gate>) {
    let listener = UnixListener::bind(at).unwrap();
    let server = server.to_path_buf();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let (Ok(client), Ok(upstream)) = (client, UnixStream::connect(&server)) else {
                break;
            };
            let (mut answers_in, mut answers_out) =
                (upstream.try_clone().unwrap(), client.try_clone().unwrap());
            std::thread::spawn(move || std::io::copy(&mut answers_in, &mut answers_out));
            let (mut asks_in, mut asks_out) = (client, upstream);
            let gate = gate.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = asks_in.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    gate.pass();
                    if asks_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = asks_out.shutdown(std::net::Shutdown::Both);
            });
        }
    });
}

/// Waits until the screen of `session` is one `done` accepts.
fn wait_until(tmux: &Tmux, session: &str, done: impl Fn(&str) -> bool) -> String {
    let start = std::time::Instant::now();
    loop {
        let s = tmux.screen(session);
        if done(&s) {
            return s;
        }
        assert!(start.elapsed().as_secs() < 30, "waited; screen:\n{s}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// To the last, then up and down: where they end depends on their order.
const MOVES: [&str; 12] = ["G", "k", "k", "j", "k", "k", "k", "k", "k", "k", "k", "k"];

/// The screen of `session` once it has stopped changing.
fn settled(tmux: &Tmux, session: &str) -> String {
    let mut last = tmux.screen(session);
    loop {
        std::thread::sleep(std::time::Duration::from_millis(300));
        let now = tmux.screen(session);
        if now == last {
            return now;
        }
        last = now;
    }
}

/// The cursor's row: the one marked `>`.
fn cursor_row(screen: &str) -> &str {
    screen
        .lines()
        .find(|l| l.starts_with("> "))
        .unwrap_or_else(|| panic!("no cursor on\n{screen}"))
}

#[test]
fn moves_typed_while_a_tab_loads_are_counted_at_once_and_answered_in_order() {
    if !tmux::available() {
        return;
    }
    for (lang, tree, roster, loading, counted, whole, mode) in [
        (
            "C.UTF-8",
            "[组织]",
            "315 人（在册 315",
            "正在读取…",
            "正在读取…  已记下 {} 个按键",
            " 正在读取…  已记下 12 个按键，就绪后执行",
            "读取",
        ),
        (
            "en_US.UTF-8",
            "[Units]",
            "315 (315 on roll",
            "Loading…",
            "Loading…  {} key",
            " Loading…  12 keys kept for when it is ready",
            "loading",
        ),
    ] {
        let dir = TempDir::new("typeahead");
        let db = dir.path().join("demo.db");
        let mut init = Ggw::new();
        init.off_servers(dir.path()).db(&db);
        init.args(["init", "--demo"]).ok();
        let server = kit::Server::start(&db, &dir.path().join("s.sock"));
        let gate = Arc::new(Gate::default());
        let relayed = dir.path().join("r.sock");
        relay(&relayed, &server.socket, gate.clone());

        // The cursor the same moves leave on a roster already there.
        let tmux = Tmux::new("typeahead", dir.path());
        let args = format!("--socket {}", relayed.display());
        tmux.start_ggw("a", lang, &args);
        tmux.wait_for("a", tree);
        tmux.keys("a", &["Tab"]);
        let first = tmux.wait_for("a", roster);
        let first = cursor_row(&first).to_string();
        tmux.keys("a", &MOVES);
        let expected = settled(&tmux, "a");
        let expected = cursor_row(&expected).to_string();
        tmux.keys("a", &["q"]);
        tmux.assert_restored("a");

        tmux.start_ggw("b", lang, &args);
        tmux.wait_for("b", tree);
        gate.close();
        tmux.keys("b", &["Tab"]);
        tmux.wait_for("b", loading);
        // Each key, sent only once the one before is on screen, is counted
        // while the roster is still held back.
        for (n, key) in MOVES.iter().enumerate() {
            tmux.keys("b", &[key]);
            tmux.wait_for("b", &counted.replace("{}", &(n + 1).to_string()));
        }
        let s = tmux.screen("b");
        assert!(!s.contains("> "), "{s}");
        let line = s.lines().nth(1).unwrap().trim_end();
        assert_eq!(line, whole, "{s}");
        // Larger, the same line.
        tmux.cmd(&["resize-window", "-t", "b", "-x", "120", "-y", "40"]);
        wait_until(&tmux, "b", |s| {
            let lines: Vec<&str> = s.lines().collect();
            lines.len() >= 40
                && lines[1].trim_end() == whole
                && lines[39].starts_with(&format!("[{mode}]"))
        });
        tmux.cmd(&["resize-window", "-t", "b", "-x", "80", "-y", "24"]);
        wait_until(&tmux, "b", |s| s.lines().count() == 24);
        gate.open();
        let s = tmux.wait_for_all("b", &[roster, &expected]);
        assert_ne!(expected, first);
        assert!(!s.contains(loading), "{s}");
        tmux.keys("b", &["q"]);
        tmux.assert_restored("b");
        drop(server);
    }
}
