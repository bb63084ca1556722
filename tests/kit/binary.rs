//! The one way the suites start the real `ggw`: an environment of its own,
//! so that nothing of the user's shell (a `GGW_DB`, a locale, a running
//! server's runtime directory, their keymap or holiday file) decides what a
//! test sees.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::term;

pub const BIN: &str = env!("CARGO_BIN_EXE_ggw");

/// A `ggw` command line and the whole environment it runs in: `PATH`,
/// `LANG=zh_CN.UTF-8`, and `HOME` with the XDG folders under it. Without
/// `home` they point into a folder nobody creates, so reading a user's file
/// finds none; a program that keeps state (the full-screen one) is given a
/// home of the test's own.
#[derive(Clone, Debug)]
pub struct Ggw {
    env: Vec<(String, OsString)>,
    args: Vec<OsString>,
    stdin: Option<Vec<u8>>,
}

impl Default for Ggw {
    fn default() -> Ggw {
        Ggw::new()
    }
}

impl Ggw {
    pub fn new() -> Ggw {
        let mut g = Ggw {
            env: Vec::new(),
            args: Vec::new(),
            stdin: None,
        };
        if let Some(path) = std::env::var_os("PATH") {
            g.env("PATH", path);
        }
        g.lang("zh_CN.UTF-8");
        let nowhere = std::env::temp_dir().join(format!("ggw-no-home-{}", std::process::id()));
        g.home(&nowhere);
        g
    }

    /// `HOME=dir`, and the XDG folders where they usually are below it.
    pub fn home(&mut self, dir: &Path) -> &mut Ggw {
        self.env("HOME", dir)
            .env("XDG_CONFIG_HOME", config_dir(dir))
            .env("XDG_DATA_HOME", dir.join(".local/share"))
            .env("XDG_STATE_HOME", state_dir(dir))
    }

    /// The locale, as `LANG`; `None` runs it with no locale at all.
    pub fn lang<'a>(&mut self, lang: impl Into<Option<&'a str>>) -> &mut Ggw {
        match lang.into() {
            Some(l) => self.env("LANG", l),
            None => self.env_remove("LANG"),
        }
    }

    /// A server socket nobody listens on, under `dir`: kept off any server
    /// another test (or the machine) may be running.
    pub fn off_servers(&mut self, dir: &Path) -> &mut Ggw {
        self.env("GGW_SOCKET", dir.join("no-server.sock"))
    }

    pub fn env(&mut self, key: &str, value: impl Into<OsString>) -> &mut Ggw {
        self.env_remove(key);
        self.env.push((key.to_string(), value.into()));
        self
    }

    pub fn env_remove(&mut self, key: &str) -> &mut Ggw {
        self.env.retain(|(k, _)| k != key);
        self
    }

    /// `--db PATH`.
    pub fn db(&mut self, path: &Path) -> &mut Ggw {
        self.arg("--db").arg(path)
    }

    pub fn arg(&mut self, arg: impl Into<OsString>) -> &mut Ggw {
        self.args.push(arg.into());
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Ggw
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// What the program reads on its standard input under `output`.
    pub fn stdin(&mut self, bytes: impl Into<Vec<u8>>) -> &mut Ggw {
        self.stdin = Some(bytes.into());
        self
    }

    /// The process, for a test that spawns it, waits or redirects itself.
    pub fn command(&self) -> Command {
        self.command_of(BIN)
    }

    /// The same, run by another program first (`setpriv …`, a shell), which
    /// gets the program and its arguments after `prefix`.
    pub fn wrapped(&self, program: &str, prefix: &[&str]) -> Command {
        let mut c = self.command_of(program);
        c.args(prefix).arg(BIN).args(&self.args);
        c
    }

    /// A script that runs `$GGW` (contrib/ggw-backup), in this environment
    /// with `GGW` naming the binary.
    pub fn script(&self, path: &Path) -> Command {
        let mut c = self.command_of(path.as_os_str());
        c.env("GGW", BIN);
        c
    }

    fn command_of(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let program = program.as_ref();
        let mut c = Command::new(program);
        c.env_clear().envs(self.env.iter().map(|(k, v)| (k, v)));
        if program == BIN {
            c.args(&self.args);
        }
        c
    }

    /// Runs it to the end, feeding it `stdin` if one was given.
    pub fn output(&self) -> Output {
        let mut c = self.command();
        let Some(input) = &self.stdin else {
            return c
                .stdin(Stdio::null())
                .output()
                .unwrap_or_else(|e| panic!("run ggw: {e}"));
        };
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("run ggw: {e}"));
        let mut pipe = child.stdin.take().unwrap();
        let input = input.clone();
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let out = child
            .wait_with_output()
            .unwrap_or_else(|e| panic!("run ggw: {e}"));
        let _ = writer.join();
        out
    }

    /// Runs it, which must succeed; its standard output.
    pub fn ok(&self) -> String {
        let out = self.output();
        assert!(
            out.status.success(),
            "ggw {:?}: {}",
            self.args,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The command line for a shell (`env -i` with the environment, then
    /// the program and arguments), for a terminal in tmux or a pty.
    pub fn shell(&self) -> String {
        self.argv()
            .iter()
            .map(|a| quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `env -i K=V… ggw ARGS…`: the program to exec, then its arguments.
    pub fn argv(&self) -> Vec<String> {
        let mut v = vec!["env".to_string(), "-i".to_string()];
        v.extend(
            self.env
                .iter()
                .map(|(k, val)| format!("{k}={}", val.to_string_lossy())),
        );
        v.push(BIN.to_string());
        v.extend(self.args.iter().map(|a| a.to_string_lossy().into_owned()));
        v
    }
}

/// The usual `ggw()`: the clean environment in Chinese, as a `Command` to
/// add arguments to.
pub fn ggw() -> Command {
    Ggw::new().command()
}

/// `ggw --db DB ARGS…` to the end.
pub fn run(db: &Path, args: &[&str]) -> Output {
    Ggw::new().db(db).args(args).output()
}

/// `ggw --db DB ARGS…`, which must succeed; its standard output.
pub fn ok(db: &Path, args: &[&str]) -> String {
    Ggw::new().db(db).args(args).ok()
}

pub fn config_dir(home: &Path) -> PathBuf {
    home.join(".config")
}

/// Where the full-screen program keeps its drafts, under `ggw/drafts`.
pub fn state_dir(home: &Path) -> PathBuf {
    home.join(".local/state")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// For `sh`: plain words as they are, anything else in single quotes.
fn quote(s: &str) -> String {
    let plain = s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain && !s.is_empty() {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `ggw --db DB` for one of `term`'s pseudo-terminals, `home` its home,
/// off any server.
pub fn pty_ggw(home: &Path, db: &Path) -> Ggw {
    let mut g = Ggw::new();
    g.home(home)
        .off_servers(home)
        .lang("C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .db(db);
    g
}

/// Starts `ggw` in a pseudo-terminal of its own, run from `home`.
pub fn spawn_in_pty(ggw: &Ggw, home: &Path) -> std::io::Result<term::Session> {
    let argv = ggw.argv();
    term::Session::spawn_holding(&argv[0], &argv[1..], home, &[])
}
