//! Running the real `ggw serve` in a temporary directory for the server
//! tests.
#![allow(dead_code)]

use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Output, Stdio};

use ggw::backend::remote::RemoteBackend;

use super::{Ggw, ggw, stderr};

/// A new database with the district 爱辉区 (unit #1).
pub fn init_db(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    let out = Ggw::new()
        .args(["init", "--db", db.to_str().unwrap(), "--district", "爱辉区"])
        .output();
    assert!(out.status.success(), "{}", stderr(&out));
    db
}

pub struct Server {
    pub child: Child,
    pub db: PathBuf,
    pub socket: PathBuf,
    pub log: PathBuf,
}

impl Server {
    pub fn start(db: &Path, socket: &Path) -> Server {
        Self::start_with(db, socket, &[])
    }

    pub fn start_with(db: &Path, socket: &Path, extra: &[&str]) -> Server {
        Self::start_in(db, socket, extra, &[])
    }

    /// With environment variables of its own (a holiday file, say).
    pub fn start_in(db: &Path, socket: &Path, extra: &[&str], env: &[(&str, &Path)]) -> Server {
        let log = socket.with_extension(format!(
            "log{}",
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        ));
        let child = ggw()
            .args(["serve", "--db", db.to_str().unwrap()])
            .args(["--socket", socket.to_str().unwrap()])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let mut server = Server {
            child,
            db: db.to_path_buf(),
            socket: socket.to_path_buf(),
            log,
        };
        server.wait_ready();
        server
    }

    /// Until the socket answers; fails if the server exits first.
    fn wait_ready(&mut self) {
        for _ in 0..1000 {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("server exited with {status}: {}", self.log_text());
            }
            if self.socket.exists() && UnixStream::connect(&self.socket).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("server did not start: {}", self.log_text());
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    pub fn connect(&self) -> RemoteBackend {
        RemoteBackend::connect(&self.socket)
            .unwrap()
            .expect("server listening")
    }

    /// `ggw --socket S ARGS…`, as any client would run it.
    pub fn client(&self, args: &[&str]) -> Output {
        ggw()
            .args(["--socket", self.socket.to_str().unwrap()])
            .args(args)
            .output()
            .unwrap()
    }

    pub fn signal(&self, sig: rustix::process::Signal) {
        let pid = rustix::process::Pid::from_raw(self.child.id() as i32).unwrap();
        rustix::process::kill_process(pid, sig).unwrap();
    }

    pub fn terminate(mut self) -> ExitStatus {
        self.signal(rustix::process::Signal::TERM);
        self.child.wait().unwrap()
    }

    pub fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
