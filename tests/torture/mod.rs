//! Crashes, full disks, damaged copies, hostile data and random input, and
//! what those suites share: the real binary, scratch folders, and how long
//! a run may be.

#![allow(dead_code)]

pub mod acks;

mod crash;
mod damaged;
mod diskfull;
mod fuzz_inputs;
mod fuzz_props;
mod hostile_data;
mod tui;
mod tui_pty;

use std::path::Path;
use std::process::{Command, Output};

pub fn ggw() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ggw"));
    c.env_remove("GGW_DB");
    c
}

/// Runs `ggw --db DB ARGS…` to completion.
pub fn ggw_on(db: &Path, args: &[&str]) -> Output {
    let mut c = ggw();
    c.arg("--db").arg(db).arg("--lang").arg("en").args(args);
    match c.output() {
        Ok(o) => o,
        Err(e) => panic!("cannot run ggw: {e}"),
    }
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The torture tests' folder, kept when one fails.
pub use crate::kit::TempDir as Scratch;

/// `GGW_TORTURE_CYCLES=N` sets the count; `GGW_TORTURE=full` the long
/// run; otherwise the quick run that `cargo test` and CI make.
pub fn cycles(quick: usize, full: usize) -> usize {
    if let Some(n) = std::env::var("GGW_TORTURE_CYCLES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    match std::env::var("GGW_TORTURE").as_deref() {
        Ok("full") => full,
        _ => quick,
    }
}

/// `GGW_TORTURE_SEED` replays a failed run; the default keeps CI repeatable.
pub fn seed() -> u64 {
    std::env::var("GGW_TORTURE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_261_128)
}
