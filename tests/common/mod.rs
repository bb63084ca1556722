//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn ggw() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ggw"));
    c.env_remove("GGW_DB")
        .env_remove("GGW_SOCKET")
        .env("LANG", "zh_CN.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES");
    c
}

/// Runs `ggw --db DB args…`.
pub fn run(db: &Path, args: &[&str]) -> Output {
    ggw()
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("ggw runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ggw.db");
    TempDb { dir, path }
}

/// A new database with the demo district in it.
pub fn demo_db() -> TempDb {
    let t = temp_db();
    let o = run(&t.path, &["init", "--demo"]);
    assert!(o.status.success(), "init --demo: {}", stderr(&o));
    t
}
