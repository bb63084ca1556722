//! Signals sent to the full-screen program from another shell. SIGQUIT
//! ends it as SIGTERM does, with the terminal restored. SIGTSTP gives the
//! terminal back (normal screen, cursor shown) and stops it; `fg` in the
//! shell continues it and the screen comes back whole, in raw mode again.
//! The real binary runs in a pseudo-terminal whose output a vt100 parser
//! reads.

use crate::kit;
use crate::kit::term;

use std::path::Path;
use std::time::{Duration, Instant};

use rustix::termios::LocalModes;

fn screen_of(transcript: &[u8]) -> vt100::Parser {
    kit::vt_parse(transcript, term::ROWS, term::COLS)
}

/// The interactive shell's environment; the program it runs has its own.
fn env_in(home: &Path) -> Vec<(&'static str, String)> {
    vec![
        ("HOME", home.display().to_string()),
        ("PS1", "$ ".to_string()),
    ]
}

/// Reads until the transcript past `from` holds `needle`.
fn read_until(s: &mut term::Session, from: usize, needle: &[u8], what: &str) {
    let started = Instant::now();
    loop {
        let seen = s.transcript[from.min(s.transcript.len())..]
            .windows(needle.len())
            .any(|w| w == needle);
        if seen {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{what}: {}",
            String::from_utf8_lossy(&s.transcript[from.min(s.transcript.len())..])
        );
        s.read_burst(Duration::from_millis(100), Duration::from_millis(500));
    }
}

/// The state letter of /proc/PID/stat: R, S, T (stopped)…
fn state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

fn signal(pid: u32, sig: libc::c_int) {
    // SAFETY: a plain kill(2) to a process this test started.
    let r = unsafe { libc::kill(pid as libc::pid_t, sig) };
    assert_eq!(r, 0, "kill {sig} {pid}");
}

fn full_screen(s: &term::Session) -> bool {
    let p = screen_of(&s.transcript);
    p.screen().alternate_screen() && p.screen().hide_cursor()
}

#[test]
fn sigquit_quits_cleanly_and_restores_the_terminal() {
    let db = kit::demo_db();
    let home = db.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap_or_else(|e| panic!("{e}"));
    let mut s = kit::spawn_in_pty(&kit::pty_ggw(&home, &db.path), &home)
        .unwrap_or_else(|e| panic!("start ggw in a pty: {e}"));
    read_until(&mut s, 0, b"\x1b[?2026l", "no first frame");
    assert!(full_screen(&s), "not in full-screen mode to begin with");

    signal(s.pid(), libc::SIGQUIT);
    let status = s
        .wait(Duration::from_secs(10))
        .unwrap_or_else(|| panic!("ggw did not end on SIGQUIT"));
    assert!(status.success(), "ggw ended with {status} on SIGQUIT");
    let p = screen_of(&s.transcript);
    assert!(!p.screen().alternate_screen(), "alternate screen not left");
    assert!(!p.screen().hide_cursor(), "cursor left hidden");
    let modes = s.modes().unwrap_or_else(|| panic!("modes unreadable"));
    assert!(
        modes
            .local_modes
            .contains(LocalModes::ICANON | LocalModes::ECHO),
        "raw mode left on: {:?}",
        modes.local_modes
    );
}

/// The pid of the one child of `parent`, once it has started.
fn child_of(parent: u32) -> u32 {
    let started = Instant::now();
    loop {
        let children = std::fs::read_to_string(format!("/proc/{parent}/task/{parent}/children"))
            .unwrap_or_default();
        if let Some(pid) = children
            .split_whitespace()
            .next()
            .and_then(|p| p.parse().ok())
        {
            return pid;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the shell started no ggw"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// How the running program is told to stop.
enum Stop {
    /// `kill -TSTP` from another shell.
    Signal,
    /// A key the user's keymap binds to `suspend`.
    Key(&'static [u8]),
}

/// Runs ggw under an interactive shell with job control, as a user runs
/// it, stops it, checks the terminal was given back, continues it with the
/// shell's `fg` and checks the screen came back whole.
fn stop_and_fg(stop: Stop) {
    let db = kit::demo_db();
    let home = db.dir.path().join("home");
    std::fs::create_dir_all(home.join(".config/ggw")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        home.join(".config/ggw/keymap.toml"),
        "[[global]]\nkeys = [\"<c-z>\"]\naction = \"suspend\"\ndesc = \"暂停\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let args = ["--norc", "--noprofile", "-i"].map(String::from);
    let mut s = term::Session::spawn_holding("bash", &args, &home, &env_in(&home))
        .unwrap_or_else(|e| panic!("start bash in a pty: {e}"));
    read_until(&mut s, 0, b"$ ", "no prompt");
    let command = format!("{}\r", kit::pty_ggw(&home, &db.path).shell());
    s.send(command.as_bytes());
    read_until(&mut s, 0, b"\x1b[?2026l", "no first frame");
    let ggw = child_of(s.pid());
    // Let the first frame settle: the state compared after `fg` is this one.
    s.read_burst(Duration::from_millis(500), Duration::from_secs(3));
    assert!(full_screen(&s), "not in full-screen mode to begin with");
    let before = screen_of(&s.transcript).screen().contents();
    assert!(before.contains("爱辉区"), "{before}");

    match stop {
        Stop::Signal => signal(ggw, libc::SIGTSTP),
        Stop::Key(key) => s.send(key),
    }
    let started = Instant::now();
    while state(ggw) != Some('T') {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "ggw did not stop (state {:?})",
            state(ggw)
        );
        s.read_burst(Duration::from_millis(50), Duration::from_millis(200));
    }
    s.read_burst(Duration::from_millis(300), Duration::from_secs(2));
    let p = screen_of(&s.transcript);
    assert!(
        !p.screen().alternate_screen(),
        "stopped in the alternate screen"
    );
    assert!(!p.screen().hide_cursor(), "stopped with the cursor hidden");

    let mark = s.transcript.len();
    s.send(b"fg\r");
    read_until(&mut s, mark, b"\x1b[?2026l", "no frame after fg");
    s.read_burst(Duration::from_millis(500), Duration::from_secs(3));
    assert_ne!(state(ggw), Some('T'), "fg did not continue ggw");
    assert!(full_screen(&s), "fg did not bring the full screen back");
    let after = screen_of(&s.transcript).screen().contents();
    assert_eq!(after, before, "the screen was not redrawn whole");
    let modes = s.modes().unwrap_or_else(|| panic!("modes unreadable"));
    assert!(
        !modes.local_modes.contains(LocalModes::ICANON),
        "raw mode not set again after fg"
    );

    // It still works, and quits cleanly.
    s.send(b"\x03");
    let started = Instant::now();
    while state(ggw).is_some_and(|c| c != 'Z') {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "ggw did not quit after fg"
        );
        s.read_burst(Duration::from_millis(50), Duration::from_millis(200));
    }
    s.read_burst(Duration::from_millis(300), Duration::from_secs(2));
    let p = screen_of(&s.transcript);
    assert!(
        !p.screen().alternate_screen() && !p.screen().hide_cursor(),
        "the terminal was not restored on quitting after fg"
    );
    s.send(b"exit\r");
}

#[test]
fn sigtstp_gives_the_terminal_back_and_fg_redraws_it_whole() {
    stop_and_fg(Stop::Signal);
}

#[test]
fn a_key_bound_to_suspend_stops_it_the_same_way() {
    stop_and_fg(Stop::Key(b"\x1a"));
}
