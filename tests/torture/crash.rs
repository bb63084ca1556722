//! Crash torture: the real binary applies random unit changes and is killed
//! with SIGKILL at a random moment, again and again. After every kill the
//! database must open, `ggw check` must pass, every change the writer
//! acknowledged must be there exactly as acknowledged, and every saved
//! revision must have its audit entry.
//!
//! 20 cycles by default; `GGW_TORTURE=full` runs 200 (scripts/torture.sh),
//! `GGW_TORTURE_CYCLES=N` any number, `GGW_TORTURE_SEED=S` replays a run.

use crate::torture;

use std::process::Stdio;
use std::time::Duration;

use ggw::demo::synth::rng::Rng;
use torture::acks::{apply, baseline, compare, read_acks, reopen};
use torture::{Scratch, ggw, ggw_on, text};

/// Until the writer acknowledged something, or 20 s (then the kill comes
/// anyway and the cycle shows what happened).
fn wait_for_first_ack(log: &std::path::Path) {
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(20) {
        if std::fs::metadata(log).is_ok_and(|m| m.len() > 0) {
            return;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

#[test]
fn acknowledged_changes_survive_sigkill() {
    let cycles = torture::cycles(20, 200);
    let seed = torture::seed();
    eprintln!("crash torture: {cycles} cycles, seed {seed}");
    let dir = Scratch::new("crash");
    let db = dir.path().join("db");
    let made = ggw_on(
        &db,
        &[
            "gen", "--scale", "district", "--seed", "3", "--upto", "units",
        ],
    );
    assert!(made.status.success(), "gen: {}", text(&made.stderr));

    let mut rng = Rng::new(seed);
    let (units, _) = reopen(&db);
    let mut model = baseline(&units);
    let mut acknowledged = 0usize;
    let mut unacknowledged_saved = 0usize;

    for cycle in 0..cycles {
        let log_path = dir.path().join(format!("acks-{cycle}.log"));
        let log = std::fs::File::create(&log_path).unwrap_or_else(|e| panic!("{e}"));
        let mut child = ggw()
            .arg("--db")
            .arg(&db)
            .args(["--lang", "en", "torture-writer", "--mixed", "--seed"])
            .arg((seed.wrapping_mul(1000) + cycle as u64).to_string())
            .stdout(log)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn writer: {e}"));
        // A quarter of the kills land anywhere from the start, opening and
        // recovery included; the rest once changes are flowing, since an
        // open takes a while and would otherwise soak up most kills.
        if rng.chance(75) {
            wait_for_first_ack(&log_path);
        }
        std::thread::sleep(Duration::from_millis(rng.below(300) as u64));
        if let Ok(Some(status)) = child.try_wait() {
            let out = child.wait_with_output().map(|o| text(&o.stderr));
            panic!("cycle {cycle}: writer stopped by itself ({status}): {out:?}");
        }
        // std's kill is SIGKILL on Unix: no destructor, no flush, no goodbye.
        child.kill().unwrap_or_else(|e| panic!("kill: {e}"));
        let _ = child.wait();

        let acks = read_acks(&std::fs::read_to_string(&log_path).unwrap_or_default());
        acknowledged += acks.len();
        apply(&mut model, &acks);

        let check = ggw_on(&db, &["check"]);
        assert!(
            check.status.success(),
            "cycle {cycle}: check failed:\n{}{}",
            text(&check.stdout),
            text(&check.stderr)
        );

        let (units, history) = reopen(&db);
        // The kill can land between a commit and its acknowledgement: that
        // one change may be saved without being acknowledged, never more.
        let ahead = compare(&model, &units, &history, &format!("cycle {cycle}"));
        assert!(
            ahead <= 1,
            "cycle {cycle}: {ahead} unacknowledged changes saved"
        );
        unacknowledged_saved += ahead;
        // What is stored now is the baseline of the next cycle.
        model = baseline(&units);
    }
    eprintln!(
        "crash torture: {acknowledged} acknowledged changes, \
         {unacknowledged_saved} saved just before a kill"
    );
    assert!(acknowledged > 0, "the writer never got a change through");
}
