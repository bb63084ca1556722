//! The real program in a pseudo-terminal under random input for a bounded
//! time: keys, escape sequences cut in two across reads, Esc alone,
//! control bytes, Chinese, bracketed pastes of 10,000 characters. Then it
//! is told to quit. It must exit cleanly, leave the terminal as it found it
//! (alternate screen left, cursor shown, bracketed paste off, raw mode
//! off) and leave a database that `ggw check` passes.
//!
//! GGW_PTY_TORTURE_SECS sets the time (4 s here; scripts/torture.sh runs
//! longer), GGW_TORTURE_SEED replays a run.

use crate::kit;
#[allow(dead_code)]
use std::time::{Duration, Instant};

use ggw::demo::synth::rng::Rng;
use rustix::termios::LocalModes;

const KEYS: &[&[u8]] = &[
    b"j",
    b"k",
    b"h",
    b"l",
    b"\t",
    b"\x1b[Z",
    b"/",
    b"?",
    b"a",
    b"e",
    b"x",
    b"t",
    b"o",
    b"v",
    b"g",
    b"G",
    b"[",
    b"]",
    b"u",
    b"c",
    b"s",
    b"S",
    b"y",
    b"n",
    b"w",
    b"H",
    b"N",
    b"A",
    b"E",
    b"R",
    b"\r",
    b"\x7f",
    b"\x1b[A",
    b"\x1b[B",
    b"\x1b[C",
    b"\x1b[D",
    b"\x1b[5~",
    b"\x1b[6~",
    b"\x1b[H",
    b"\x1b[F",
    b"\x1b[3~",
    b"\x1bOP",
    b"\x1b",
    b"\x1b\x1b",
    b" ",
];

const SPLIT: &[&[u8]] = &[b"\x1b[1;5C", b"\x1b[B", b"\x1bOP", b"\x1b[200~", b"\x1b[6~"];

const CHINESE: &[&str] = &["王", "建华", "四嘉子乡", "会议", "　", "😀", "\u{202e}"];

/// One random input, written in one piece or two.
fn next_input(rng: &mut Rng) -> Vec<Vec<u8>> {
    match rng.weighted(&[60, 8, 10, 8, 2, 1]) {
        0 => vec![rng.pick(KEYS).to_vec()],
        1 => {
            let seq = rng.pick(SPLIT);
            let cut = 1 + rng.below(seq.len() - 1);
            vec![seq[..cut].to_vec(), seq[cut..].to_vec()]
        }
        2 => vec![rng.pick(CHINESE).as_bytes().to_vec()],
        3 => {
            // Any control byte but Ctrl-C, which quits: that comes last.
            let b = match rng.below(32) as u8 {
                3 => 0x1c,
                b => b,
            };
            vec![vec![b]]
        }
        4 => {
            let len = if rng.chance(50) { 10_000 } else { 300 };
            let text: String = "张三\n丰a\u{1b}[31m1\t".chars().cycle().take(len).collect();
            vec![[b"\x1b[200~".as_slice(), text.as_bytes(), b"\x1b[201~"].concat()]
        }
        _ => vec![b"\x1b[200~".to_vec()],
    }
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The last `off` comes after the last `on` (or `on` was never sent).
fn turned_off(transcript: &[u8], on: &[u8], off: &[u8]) -> bool {
    match (find_last(transcript, on), find_last(transcript, off)) {
        (None, _) => true,
        (Some(a), Some(b)) => b > a,
        (Some(_), None) => false,
    }
}

#[test]
fn random_input_in_a_pty_then_quit_restores_the_terminal() {
    let secs: u64 = std::env::var("GGW_PTY_TORTURE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let seed: u64 = std::env::var("GGW_TORTURE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_261_128);
    eprintln!("pty torture: {secs} s, seed {seed}");
    let db = kit::demo_db();
    let home = db.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap_or_else(|e| panic!("{e}"));
    let mut s = kit::spawn_in_pty(&kit::pty_ggw(&home, &db.path), &home)
        .unwrap_or_else(|e| panic!("start ggw in a pty: {e}"));
    let started = Instant::now();
    while find_last(&s.transcript, b"\x1b[?2026l").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30) && !s.has_exited(),
            "no first frame: {}",
            String::from_utf8_lossy(&s.transcript)
        );
        s.read_burst(Duration::from_millis(100), Duration::from_secs(1));
    }
    // The modes read at the end are the live ones: raw while it runs.
    let running = s
        .modes()
        .unwrap_or_else(|| panic!("terminal modes unreadable"));
    assert!(
        !running.local_modes.contains(LocalModes::ICANON),
        "ggw did not put the terminal in raw mode"
    );

    let mut rng = Rng::new(seed);
    let until = Instant::now() + Duration::from_secs(secs);
    let mut sent = 0usize;
    while Instant::now() < until && !s.has_exited() {
        let pieces = next_input(&mut rng);
        let split = pieces.len() > 1;
        for piece in pieces {
            s.send(&piece);
            sent += piece.len();
            if split {
                // Long enough that the program reads the halves apart.
                std::thread::sleep(Duration::from_millis(30));
            }
        }
        // Keep reading, or a full terminal buffer would stall the program.
        s.read_burst(Duration::from_millis(5), Duration::from_millis(40));
    }
    assert!(!s.has_exited(), "ggw ended by itself after {sent} bytes");

    // End any paste left open, then quit; over a form with changes the
    // question's default (keep the draft) is taken with Enter.
    s.send(b"\x1b[201~\x03");
    let mut status = s.wait(Duration::from_secs(2));
    for retry in [b"\r".as_slice(), b"\x1b\x1b\x1b\x03\r"] {
        if status.is_none() {
            s.send(retry);
            status = s.wait(Duration::from_secs(3));
        }
    }
    let transcript = String::from_utf8_lossy(&s.transcript).into_owned();
    let status = status.unwrap_or_else(|| panic!("ggw did not quit; seed {seed}"));
    assert!(status.success(), "ggw exited with {status}; seed {seed}");
    assert!(
        !transcript.contains("panicked"),
        "ggw panicked; seed {seed}: {}",
        &transcript[transcript.len().saturating_sub(2000)..]
    );
    let t = &s.transcript;
    assert!(
        find_last(t, b"\x1b[?1049h").is_some(),
        "never entered the alternate screen"
    );
    assert!(
        turned_off(t, b"\x1b[?1049h", b"\x1b[?1049l"),
        "alternate screen not left"
    );
    assert!(
        turned_off(t, b"\x1b[?25l", b"\x1b[?25h"),
        "cursor left hidden"
    );
    assert!(
        turned_off(t, b"\x1b[?2004h", b"\x1b[?2004l"),
        "bracketed paste left on"
    );
    let modes = s
        .modes()
        .unwrap_or_else(|| panic!("terminal modes unreadable"));
    assert!(
        modes
            .local_modes
            .contains(LocalModes::ICANON | LocalModes::ECHO),
        "raw mode left on: {:?}",
        modes.local_modes
    );
    drop(s);

    let check = kit::run(&db.path, &["check"]);
    assert!(
        check.status.success(),
        "check after the run: {}{}",
        kit::stdout(&check),
        kit::stderr(&check)
    );
}
