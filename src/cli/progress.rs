//! A progress line on the terminal for long work: records done, of how
//! many, and how many a second. Nothing when standard error is not a
//! terminal (a timer's log, a pipe), nor for work done within a second.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use super::text::admin as words;
use crate::lang::Lang;

/// Nothing is shown before this: a small backup finishes without a flicker.
const QUIET_START: Duration = Duration::from_secs(1);

/// At most this often, so the terminal (maybe over SSH) is not flooded.
const EVERY: Duration = Duration::from_millis(250);

pub struct Progress {
    on_terminal: bool,
    lang: Lang,
    what: &'static str,
    started: Instant,
    last: Option<Instant>,
}

impl Progress {
    /// `what`: what is being done, in `lang`, e.g. 备份 or Backing up.
    pub fn new(lang: Lang, what: &'static str) -> Progress {
        Progress {
            on_terminal: std::io::stderr().is_terminal(),
            lang,
            what,
            started: Instant::now(),
            last: None,
        }
    }

    pub fn update(&mut self, done: u64, total: u64) {
        if !self.on_terminal {
            return;
        }
        let now = Instant::now();
        let elapsed = now.duration_since(self.started);
        // The last step is always shown once a line is up, so it ends on the total.
        let last = done >= total && self.last.is_some();
        if !last
            && (elapsed < QUIET_START || self.last.is_some_and(|l| now.duration_since(l) < EVERY))
        {
            return;
        }
        self.last = Some(now);
        let _ = write!(
            std::io::stderr(),
            "\r{}\x1b[K",
            self.line(done, total, elapsed)
        );
    }

    fn line(&self, done: u64, total: u64, elapsed: Duration) -> String {
        let rate = (done as f64 / elapsed.as_secs_f64().max(0.001)).round() as u64;
        words::progress(self.lang, self.what, done, total, rate)
    }

    /// Ends the progress line, if one was shown.
    pub fn finish(&mut self) {
        if self.last.take().is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_done_of_total_and_the_rate() {
        let p = Progress::new(Lang::En, words::backing_up(Lang::En));
        assert_eq!(
            p.line(5000, 20000, Duration::from_secs(2)),
            "Backing up: 5000 of 20000 records, 2500 a second"
        );
        let p = Progress::new(Lang::Zh, words::restoring(Lang::Zh));
        assert_eq!(
            p.line(300, 300, Duration::from_secs(3)),
            "恢复：300 / 300 条，每秒 100 条"
        );
    }
}
