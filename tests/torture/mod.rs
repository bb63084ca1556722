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
use std::process::Output;

pub use crate::kit::{ggw, text};

/// Runs `ggw --db DB --lang en ARGS…` to completion.
pub fn ggw_on(db: &Path, args: &[&str]) -> Output {
    crate::kit::Ggw::new()
        .db(db)
        .args(["--lang", "en"])
        .args(args)
        .output()
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
