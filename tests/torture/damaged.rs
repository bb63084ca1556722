//! Damaged copies: a demo database is copied again and again, and each copy
//! is damaged in sled's own files (cut short, bits flipped, a block zeroed,
//! the config file lost). On each, `ggw check` opens it and checks it. It
//! must never hang, panic or abort: it either opens and reports what it
//! finds, or refuses with a message.
//!
//! 20 copies by default; `GGW_TORTURE=full` makes 200 (scripts/torture.sh),
//! `GGW_DAMAGED_COPIES=N` any number, `GGW_TORTURE_SEED=S` replays a run.

use crate::torture;

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use ggw::demo::synth::rng::Rng;
use torture::{Scratch, ggw, ggw_on, text};

/// Far beyond the half second a check of the demo takes in a debug build.
const HANG: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Damage {
    Truncate,
    FlipBits,
    ZeroBlock,
    LoseConfig,
}

fn copies() -> usize {
    if let Some(n) = std::env::var("GGW_DAMAGED_COPIES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    match std::env::var("GGW_TORTURE").as_deref() {
        Ok("full") => 200,
        _ => 20,
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// Damages one of sled's files; says what it did, for the report of a failure.
fn damage(db: &Path, rng: &mut Rng) -> (Damage, String) {
    let kind = [
        Damage::Truncate,
        Damage::FlipBits,
        Damage::FlipBits,
        Damage::ZeroBlock,
        Damage::LoseConfig,
    ][rng.below(5)];
    if kind == Damage::LoseConfig {
        std::fs::remove_file(db.join("conf")).unwrap_or_else(|e| panic!("{e}"));
        return (kind, "conf removed".into());
    }
    // Mostly the data file, sometimes the small config file.
    let name = if rng.chance(85) { "db" } else { "conf" };
    let file = db.join(name);
    let mut bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{e}"));
    let len = bytes.len().max(1);
    let what = match kind {
        Damage::Truncate => {
            let keep = rng.below(len);
            bytes.truncate(keep);
            format!("{name} cut to {keep} bytes")
        }
        Damage::FlipBits => {
            let n = 1 + rng.below(16);
            let mut at = Vec::new();
            for _ in 0..n {
                let i = rng.below(bytes.len().max(1));
                if let Some(b) = bytes.get_mut(i) {
                    *b ^= 1 << rng.below(8);
                    at.push(i);
                }
            }
            format!("{name}: bits flipped at {at:?}")
        }
        Damage::ZeroBlock => {
            let start = rng.below(len);
            let end = (start + 4096).min(bytes.len());
            if let Some(b) = bytes.get_mut(start..end) {
                b.fill(0);
            }
            format!("{name}: zeroed {start}..{end}")
        }
        Damage::LoseConfig => unreachable!(),
    };
    std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
    (kind, what)
}

/// `ggw check` on the copy, killed if it runs past `HANG`.
fn check(db: &Path) -> Option<Output> {
    let mut child = ggw()
        .arg("--db")
        .arg(db)
        .args(["--lang", "en", "check"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run ggw: {e}"));
    // Read as it writes: a long list of faults fills a pipe nobody reads,
    // and the check would wait on it until killed as a hang.
    let drain = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                return Some(Output {
                    status,
                    stdout: out.join().ok()?,
                    stderr: err.join().ok()?,
                });
            }
            Ok(None) if started.elapsed() > HANG => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for ggw: {e}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    Clean,
    FaultsReported,
    Refused,
}

/// What one run came to, or why it is a failure.
fn judge(out: Option<Output>) -> Result<Outcome, String> {
    let Some(out) = out else {
        return Err(format!("still running after {HANG:?}"));
    };
    let stdout = text(&out.stdout);
    let stderr = text(&out.stderr);
    if let Some(sig) = out.status.signal() {
        return Err(format!("killed by signal {sig}: {stderr}"));
    }
    if stderr.contains("panicked") {
        return Err(format!("panicked: {stderr}"));
    }
    match out.status.code() {
        Some(0) if stdout.contains("All checks passed") => Ok(Outcome::Clean),
        Some(1) if stdout.contains("FAULT:") => Ok(Outcome::FaultsReported),
        // One line saying what is wrong, nothing half-printed.
        Some(1) if stderr.starts_with("ggw: ") && stderr.trim_end().lines().count() <= 2 => {
            Ok(Outcome::Refused)
        }
        other => Err(format!(
            "exit {other:?}\nstdout: {stdout}\nstderr: {stderr}"
        )),
    }
}

#[test]
fn damaged_copies_never_hang_panic_or_abort() {
    let n = copies();
    let seed = torture::seed();
    let dir = Scratch::new("damaged-copies");
    let base = dir.path().join("base");
    let made = ggw_on(&base, &["init", "--demo"]);
    assert!(made.status.success(), "init: {}", text(&made.stderr));
    let mut rng = Rng::derived(seed, "damaged copies");
    let mut outcomes: BTreeMap<(Damage, Outcome), usize> = BTreeMap::new();
    let mut refusals: BTreeMap<String, usize> = BTreeMap::new();
    let mut slowest = Duration::ZERO;
    let started = Instant::now();
    for i in 0..n {
        let copy = dir.path().join("copy");
        let _ = std::fs::remove_dir_all(&copy);
        copy_dir(&base, &copy);
        let (kind, what) = damage(&copy, &mut rng);
        let t = Instant::now();
        let out = check(&copy);
        slowest = slowest.max(t.elapsed());
        let first_line = out
            .as_ref()
            .map(|o| text(&o.stderr).lines().next().unwrap_or("").to_string());
        match judge(out) {
            Ok(outcome) => {
                *outcomes.entry((kind, outcome)).or_default() += 1;
                if outcome == Outcome::Refused {
                    // The kind of message, without the path and numbers.
                    let kind: String = first_line
                        .unwrap_or_default()
                        .replace(&copy.display().to_string(), "DB")
                        .chars()
                        .filter(|c| !c.is_ascii_digit())
                        .take(110)
                        .collect();
                    *refusals.entry(kind).or_default() += 1;
                }
            }
            Err(e) => panic!("copy {i} (seed {seed}; {what}): {e}"),
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "damaged copies: {n} in {:.1} s ({:.0} ms a copy, slowest {} ms), seed {seed}",
        elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1000.0 / n.max(1) as f64,
        slowest.as_millis()
    );
    for ((kind, outcome), count) in &outcomes {
        eprintln!("  {kind:?} → {outcome:?}: {count}");
    }
    for (message, count) in &refusals {
        eprintln!("  refused {count}×: {message}");
    }
    assert_eq!(outcomes.values().sum::<usize>(), n);
}
