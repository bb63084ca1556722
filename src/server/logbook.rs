//! The server's log on stderr (the journal under systemd). Lines about bad
//! connections are rate-limited: a flood of them would bury everything else,
//! so past a few a minute they are only counted, and the count is written
//! once the minute is over.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::lang::Lang;

/// Bad-connection lines written in full per window.
pub const SHOWN_PER_WINDOW: u32 = 20;

pub const WINDOW: Duration = Duration::from_secs(60);

pub struct Logbook {
    lang: Lang,
    /// The full-screen program serving its own database owns the terminal:
    /// nothing may be written over its screen.
    quiet: bool,
    window: Mutex<Window>,
}

struct Window {
    started: Instant,
    shown: u32,
    held_back: u32,
}

impl Logbook {
    pub fn new(lang: Lang) -> Logbook {
        Logbook {
            lang,
            quiet: false,
            window: Mutex::new(Window {
                started: Instant::now(),
                shown: 0,
                held_back: 0,
            }),
        }
    }

    /// A logbook that writes nothing.
    pub fn quiet(lang: Lang) -> Logbook {
        Logbook {
            quiet: true,
            ..Logbook::new(lang)
        }
    }

    /// A line always written: start, stop, configuration.
    pub fn line(&self, zh: &str, en: &str) {
        if self.quiet {
            return;
        }
        let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        let _ = writeln!(
            std::io::stderr(),
            "{now} ggw serve: {}",
            self.lang.pick(zh, en)
        );
    }

    /// A line about one misbehaving or refused connection.
    pub fn bad(&self, zh: &str, en: &str) {
        let mut w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        self.roll_if_due(&mut w);
        if w.shown < SHOWN_PER_WINDOW {
            w.shown += 1;
            self.line(zh, en);
        } else {
            w.held_back += 1;
        }
    }

    /// Writes the count of lines held back once their window is over;
    /// called now and then so the count is not left waiting for the next
    /// bad connection.
    pub fn tick(&self) {
        let mut w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        self.roll_if_due(&mut w);
    }

    /// Writes what is held back whatever the time: the server is stopping.
    pub fn flush(&self) {
        let mut w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        self.summarise(&mut w);
    }

    fn roll_if_due(&self, w: &mut Window) {
        if w.started.elapsed() >= WINDOW {
            self.summarise(w);
        }
    }

    fn summarise(&self, w: &mut Window) {
        if w.held_back > 0 {
            let k = w.held_back;
            self.line(
                &format!("……另有 {k} 个异常连接（最近一分钟内），未逐条记录"),
                &format!(
                    "… and {k} more bad connections in the last minute, not logged one by one"
                ),
            );
        }
        *w = Window {
            started: Instant::now(),
            shown: 0,
            held_back: 0,
        };
    }
}
