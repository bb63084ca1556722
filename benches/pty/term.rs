//! A program in a pseudo-terminal of 80×24, its output fed to vt100 so the
//! harness knows what the screen shows and when a frame is complete.

use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::event::{PollFd, PollFlags, Timespec, poll};
use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
use rustix::termios::{Winsize, tcsetwinsize};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// Output the program wrote until it fell quiet.
#[derive(Debug, Default, Clone, Copy)]
pub struct Burst {
    pub bytes: u64,
    /// When the last byte of the burst arrived.
    pub last_byte: Option<Instant>,
    /// The program ended (or closed the terminal) during the burst.
    pub ended: bool,
}

/// What one wait for output brought.
enum Got {
    Nothing,
    Bytes(usize),
    Ended,
}

pub struct Session {
    master: File,
    /// A terminal end held open by us, to read its modes after the
    /// program has gone. The benchmark never reads it; the terminal
    /// torture test (tests/torture/tui_pty.rs) includes this file and does.
    #[allow(dead_code)]
    slave: Option<File>,
    child: Child,
    parser: vt100::Parser,
    pub started: Instant,
    /// Everything the program wrote.
    pub transcript: Vec<u8>,
}

fn io_err(e: rustix::io::Errno) -> std::io::Error {
    std::io::Error::from_raw_os_error(e.raw_os_error())
}

impl Session {
    /// Starts `program ARGS` as the session leader of a new terminal, so it
    /// sees a real controlling tty, as over SSH.
    pub fn spawn(
        program: &str,
        args: &[String],
        cwd: &Path,
        env: &[(&str, String)],
    ) -> std::io::Result<Session> {
        Session::open(program, args, cwd, env, false)
    }

    #[allow(dead_code)] // for tests/torture/tui_pty.rs
    /// As `spawn`, keeping a terminal end open so `modes` can tell how the
    /// program left the terminal. The end of output is then seen by
    /// `wait`, not by `read_burst`.
    pub fn spawn_holding(
        program: &str,
        args: &[String],
        cwd: &Path,
        env: &[(&str, String)],
    ) -> std::io::Result<Session> {
        Session::open(program, args, cwd, env, true)
    }

    fn open(
        program: &str,
        args: &[String],
        cwd: &Path,
        env: &[(&str, String)],
        hold: bool,
    ) -> std::io::Result<Session> {
        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).map_err(io_err)?;
        grantpt(&master).map_err(io_err)?;
        unlockpt(&master).map_err(io_err)?;
        let name = ptsname(&master, Vec::new()).map_err(io_err)?;
        tcsetwinsize(
            &master,
            Winsize {
                ws_row: ROWS,
                ws_col: COLS,
                ws_xpixel: 0,
                ws_ypixel: 0,
            },
        )
        .map_err(io_err)?;
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NOCTTY)
            .open(Path::new(std::ffi::OsStr::new(
                std::str::from_utf8(name.as_bytes()).unwrap_or_default(),
            )))?;
        let stdio = |f: &File| f.try_clone().map(OwnedFd::from).map(Stdio::from);
        // util-linux setsid execs in place (same pid, so RSS is the
        // program's own) and --ctty makes the terminal the controlling one.
        let mut cmd = Command::new("setsid");
        cmd.arg("--ctty")
            .arg(program)
            .args(args)
            .current_dir(cwd)
            .env("TERM", "xterm-256color")
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env("COLUMNS", COLS.to_string())
            .env("LINES", ROWS.to_string())
            .stdin(stdio(&slave)?)
            .stdout(stdio(&slave)?)
            .stderr(stdio(&slave)?);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let started = Instant::now();
        let child = cmd.spawn()?;
        Ok(Session {
            master: File::from(master),
            slave: hold.then_some(slave),
            child,
            parser: vt100::Parser::new(ROWS, COLS, 0),
            started,
            transcript: Vec::new(),
        })
    }

    /// Reads until nothing arrives for `quiet`, or `limit` passes. A
    /// synchronized-output end marker completes a frame at once.
    pub fn read_burst(&mut self, quiet: Duration, limit: Duration) -> Burst {
        let start = Instant::now();
        let mut burst = Burst::default();
        let mut buf = [0u8; 65536];
        loop {
            let since = burst.last_byte.unwrap_or(start);
            let now = Instant::now();
            if now.duration_since(since) >= quiet || now.duration_since(start) >= limit {
                return burst;
            }
            let wait = (quiet - now.duration_since(since)).min(limit - now.duration_since(start));
            match self.take(wait, &mut buf, &mut burst) {
                Got::Nothing => {}
                Got::Ended => return burst,
                Got::Bytes(n) => {
                    if contains(&buf[..n], b"\x1b[?2026l") {
                        return burst;
                    }
                }
            }
        }
    }

    /// Reads what the program wrote of its own accord since the last read
    /// (a frame showing a tab's rows once they are read, say), so that it
    /// is not taken for the next key's answer. A frame begun is read to its
    /// end marker, for at most `limit`.
    #[allow(dead_code)] // the tests that include this file do not drain
    pub fn drain(&mut self, limit: Duration) -> Burst {
        let start = Instant::now();
        let mut burst = Burst::default();
        let mut seen = Vec::new();
        let mut buf = [0u8; 65536];
        loop {
            let begun = rfind(&seen, b"\x1b[?2026h");
            let open = begun.is_some() && begun > rfind(&seen, b"\x1b[?2026l");
            let wait = if open {
                match limit.checked_sub(start.elapsed()) {
                    Some(left) => left,
                    None => return burst,
                }
            } else {
                Duration::ZERO
            };
            match self.take(wait, &mut buf, &mut burst) {
                Got::Nothing if open => {}
                Got::Nothing | Got::Ended => return burst,
                Got::Bytes(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    }

    /// Waits up to `wait` for output, and takes what came: onto the
    /// screen, into the transcript and the burst's count.
    fn take(&mut self, wait: Duration, buf: &mut [u8], burst: &mut Burst) -> Got {
        let ts = Timespec {
            tv_sec: wait.as_secs() as i64,
            tv_nsec: i64::from(wait.subsec_nanos()),
        };
        let mut fds = [PollFd::new(&self.master, PollFlags::IN)];
        match poll(&mut fds, Some(&ts)) {
            Ok(0) | Err(rustix::io::Errno::INTR) => return Got::Nothing,
            Ok(_) => {}
            Err(_) => {
                burst.ended = true;
                return Got::Ended;
            }
        }
        match self.master.read(buf) {
            Ok(0) | Err(_) => {
                // EIO: every slave end closed, the program is gone.
                burst.ended = true;
                Got::Ended
            }
            Ok(n) => {
                let chunk = &buf[..n];
                burst.bytes += n as u64;
                burst.last_byte = Some(Instant::now());
                self.parser.process(chunk);
                self.transcript.extend_from_slice(chunk);
                self.answer_queries(chunk);
                Got::Bytes(n)
            }
        }
    }

    /// Whether the screen shows `text` now.
    #[allow(dead_code)] // the tests that include this file look otherwise
    pub fn shows(&self, text: &str) -> bool {
        self.parser.screen().contents().contains(text)
    }

    /// Programs that ask where the cursor is wait for the answer a real
    /// terminal gives.
    fn answer_queries(&mut self, chunk: &[u8]) {
        if contains(chunk, b"\x1b[6n") {
            let (row, col) = self.parser.screen().cursor_position();
            let _ = write!(self.master, "\x1b[{};{}R", row + 1, col + 1);
        }
        if contains(chunk, b"\x1b[c") || contains(chunk, b"\x1b[0c") {
            let _ = self.master.write_all(b"\x1b[?62;22c");
        }
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let _ = self.master.write_all(bytes);
    }

    /// A cursor key as the program asked for it (normal or application
    /// cursor mode).
    pub fn key_down(&self) -> &'static [u8] {
        if self.parser.screen().application_cursor() {
            b"\x1bOB"
        } else {
            b"\x1b[B"
        }
    }

    #[allow(dead_code)] // for tests/tui/signals.rs
    /// The program's process id (setsid runs it in its own place).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    #[allow(dead_code)] // for tests/torture/tui_pty.rs
    /// Reads output until the program exits or `limit` passes.
    pub fn wait(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + limit;
        while Instant::now() < until {
            if let Ok(Some(status)) = self.child.try_wait() {
                self.read_burst(Duration::from_millis(50), Duration::from_millis(200));
                return Some(status);
            }
            self.read_burst(Duration::from_millis(20), Duration::from_millis(50));
        }
        None
    }

    #[allow(dead_code)] // for tests/torture/tui_pty.rs
    /// The terminal's modes as the program left them (`spawn_holding`).
    pub fn modes(&self) -> Option<rustix::termios::Termios> {
        rustix::termios::tcgetattr(self.slave.as_ref()?).ok()
    }

    /// Peak resident memory so far, from the kernel's high-water mark.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        peak_rss_kib(self.child.id())
    }
}

impl Session {
    #[allow(dead_code)] // for the bench, not tests/torture/tui_pty.rs
    /// Asks the program to end as a closed terminal window would, so
    /// those that keep a lock file (calcurse) remove it, and waits.
    pub fn terminate(&mut self) {
        // SAFETY: the pid is our own child's, not yet reaped.
        unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGTERM) };
        if self.wait(Duration::from_secs(2)).is_none() {
            let _ = self.child.kill();
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[allow(dead_code)]
fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}
