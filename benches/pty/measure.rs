//! The figures of one terminal program: first frame, bytes and latency per
//! keystroke, bytes while idle, peak memory.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::term::Session;

#[derive(Clone)]
pub enum Key {
    /// The Down cursor key in whichever mode the program set.
    Down,
    Bytes(&'static [u8]),
}

pub struct Scenario {
    pub label: &'static str,
    pub keys: Vec<Key>,
}

#[derive(Default)]
pub struct KeyFigures {
    pub bytes: Vec<u64>,
    pub latencies: Vec<Duration>,
}

#[derive(Default)]
pub struct UiFigures {
    pub first_frame: Option<Duration>,
    pub first_bytes: u64,
    pub keys: Vec<(&'static str, KeyFigures)>,
    pub idle_bytes: Option<u64>,
    pub peak_rss_kib: Option<u64>,
    /// Why figures are missing, when they are.
    pub note: Option<String>,
}

/// A first frame is complete when the program has been quiet this long.
const FIRST_QUIET: Duration = Duration::from_millis(200);
/// How long a key may take to draw anything before it counts as drawing
/// nothing.
const KEY_LIMIT: Duration = Duration::from_secs(10);

/// The scenario of the one key sent while the program still opens its
/// data, when it draws before it has.
pub const WHILE_OPENING: &str = "key while opening";

/// How many times each program is started for its first-frame figure.
pub const FIRST_FRAME_STARTS: usize = 7;

/// A keystroke's frame is complete when the program has been quiet this
/// long (or sent the synchronized-output end marker).
const KEY_QUIET: Duration = Duration::from_millis(60);

/// `busy`: what the program's screen shows while it opens its data or
/// loads a screen (none for a program that never draws before it has):
/// one key is sent while the first frame shows it, and the scenarios begin
/// and the idle window opens only once it is gone.
pub fn measure(
    program: &str,
    args: &[String],
    cwd: &Path,
    env: &[(&str, String)],
    scenarios: &[Scenario],
    idle: Duration,
    busy: &[&str],
) -> UiFigures {
    let mut fig = UiFigures::default();
    // One start is at the mercy of whatever else the machine does in that
    // moment: the figure is the median over several. Each ends before the
    // next begins, since a program may hold its data locked while it runs.
    let mut firsts: Vec<Duration> = Vec::new();
    for _ in 1..FIRST_FRAME_STARTS {
        let Ok(mut s) = Session::spawn(program, args, cwd, env) else {
            break;
        };
        let b = read_first_frame(&mut s);
        if !b.ended && !s.has_exited() {
            firsts.extend(b.last_byte.map(|t| t - s.started));
        }
        s.terminate();
    }
    let mut s = match Session::spawn(program, args, cwd, env) {
        Ok(s) => s,
        Err(e) => {
            fig.note = Some(format!("cannot start: {e}"));
            return fig;
        }
    };
    let first = read_first_frame(&mut s);
    fig.first_bytes = first.bytes;
    if first.ended || s.has_exited() {
        fig.note = Some("left the screen at once (no full-screen program)".into());
        fig.peak_rss_kib = None;
        return fig;
    }
    firsts.extend(first.last_byte.map(|t| t - s.started));
    firsts.sort();
    fig.first_frame = firsts.get(firsts.len() / 2).copied();
    if shows_any(&s, busy) {
        let mut kf = KeyFigures::default();
        let bytes = s.key_down().to_vec();
        let sent = Instant::now();
        s.send(&bytes);
        let b = read_frame(&mut s, KEY_QUIET, KEY_LIMIT);
        kf.bytes.push(b.bytes);
        kf.latencies.extend(b.last_byte.map(|t| t - sent));
        fig.keys.push((WHILE_OPENING, kf));
    }
    wait_while_busy(&mut s, busy);
    for sc in scenarios {
        let mut kf = KeyFigures::default();
        for key in &sc.keys {
            let bytes: Vec<u8> = match key {
                Key::Down => s.key_down().to_vec(),
                Key::Bytes(b) => b.to_vec(),
            };
            // A frame the program drew of its own accord since (the rows
            // of a tab whose load ended, the keys kept meanwhile answered)
            // answers no key sent after it; its bytes count for the key
            // before, whose answer it completes.
            let late = s.drain(KEY_LIMIT).bytes;
            let before = match kf.bytes.last_mut() {
                Some(b) => Some(b),
                None => fig.keys.last_mut().and_then(|(_, k)| k.bytes.last_mut()),
            };
            if let Some(b) = before {
                *b += late;
            }
            let sent = Instant::now();
            s.send(&bytes);
            let b = read_frame(&mut s, KEY_QUIET, KEY_LIMIT);
            kf.bytes.push(b.bytes);
            if let Some(t) = b.last_byte {
                kf.latencies.push(t - sent);
            }
        }
        fig.keys.push((sc.label, kf));
    }
    // Let any reaction to the last key finish before counting idle bytes.
    s.read_burst(Duration::from_millis(500), Duration::from_secs(3));
    wait_while_busy(&mut s, busy);
    s.read_burst(Duration::from_millis(500), Duration::from_secs(3));
    let until = Instant::now() + idle;
    let mut idle_bytes = 0;
    while let Some(left) = until.checked_duration_since(Instant::now()) {
        if left.is_zero() {
            break;
        }
        let b = s.read_burst(left, left);
        idle_bytes += b.bytes;
        if b.ended {
            break;
        }
    }
    fig.idle_bytes = Some(idle_bytes);
    fig.peak_rss_kib = s.peak_rss_kib();
    fig
}

/// Nothing may arrive for a while (a program loading its data before it
/// draws): waits up to `limit` for the first byte, then for the frame to
/// complete. Reading only for `quiet` after a key would count a slow key's
/// frame against the keys sent after it.
fn read_frame(s: &mut Session, quiet: Duration, limit: Duration) -> crate::term::Burst {
    let deadline = Instant::now() + limit;
    let mut burst = s.read_burst(quiet, limit);
    while burst.bytes == 0 && !burst.ended {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            break;
        };
        if left.is_zero() {
            break;
        }
        burst = s.read_burst(quiet, left);
    }
    burst
}

fn shows_any(s: &Session, texts: &[&str]) -> bool {
    texts.iter().any(|t| s.shows(t))
}

/// Reads until the screen no longer shows any of `busy` (for at most 30 s).
fn wait_while_busy(s: &mut Session, busy: &[&str]) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while shows_any(s, busy) && Instant::now() < deadline {
        if s.read_burst(Duration::from_millis(100), Duration::from_secs(1))
            .ended
        {
            break;
        }
    }
}

fn read_first_frame(s: &mut Session) -> crate::term::Burst {
    read_frame(s, FIRST_QUIET, Duration::from_secs(30))
}

pub fn mean(v: &[u64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<u64>() as f64 / v.len() as f64)
}

/// The `p`-th percentile (nearest rank) of durations.
pub fn percentile(v: &[Duration], p: f64) -> Option<Duration> {
    if v.is_empty() {
        return None;
    }
    let mut s = v.to_vec();
    s.sort();
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s.get(rank.clamp(1, s.len()) - 1).copied()
}
