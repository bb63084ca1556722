//! Crash torture: the real binary applies random unit changes and is killed
//! with SIGKILL at a random moment, again and again. After every kill the
//! database must open, `ggw check` must pass, every change the writer
//! acknowledged must be there exactly as acknowledged, and every saved
//! revision must have its audit entry.
//!
//! 20 cycles by default; `GGW_TORTURE=full` runs 200 (scripts/torture.sh),
//! `GGW_TORTURE_CYCLES=N` any number, `GGW_TORTURE_SEED=S` replays a run.

mod common;

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use common::{Scratch, ggw, ggw_on, text};
use ggw::domain::OrgUnit;
use ggw::domain::audit::{AuditEntry, RecordKind};
use ggw::service::{Actor, Request, Response, Service};
use ggw::store::OpenOptions;
use ggw::synth::rng::Rng;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
struct Ack {
    op: String,
    id: u64,
    rev: u64,
    parent: Option<u64>,
    name: String,
    archived: bool,
}

/// The state the model expects of a unit: what was last saved and seen.
#[derive(Debug, Clone, PartialEq)]
struct Expect {
    rev: u64,
    parent: Option<u64>,
    name: String,
    archived: bool,
}

impl From<&OrgUnit> for Expect {
    fn from(u: &OrgUnit) -> Self {
        Expect {
            rev: u.rev,
            parent: u.parent.map(|p| p.0),
            name: u.name.clone(),
            archived: !u.is_live(),
        }
    }
}

/// Whole lines only: a line cut short by the kill was never acknowledged.
fn read_acks(log: &str) -> Vec<Ack> {
    let complete = match log.rfind('\n') {
        Some(end) => &log[..end],
        None => "",
    };
    complete
        .lines()
        .map(|l| match serde_json::from_str(l) {
            Ok(a) => a,
            Err(e) => panic!("unreadable acknowledgement {l:?}: {e}"),
        })
        .collect()
}

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

fn reopen(db: &std::path::Path) -> (Vec<OrgUnit>, Vec<AuditEntry>) {
    let service = match Service::open(db, &OpenOptions::default()) {
        Ok(s) => s,
        Err(e) => panic!("database does not reopen: {e:?}"),
    };
    let actor = Actor::new("test");
    let units = match service.handle(
        &actor,
        Request::ListUnits {
            include_archived: true,
        },
    ) {
        Ok(Response::Units(u)) => u,
        other => panic!("list units: {other:?}"),
    };
    let history = match service.handle(
        &actor,
        Request::History {
            unit: None,
            limit: 0,
        },
    ) {
        Ok(Response::History(h)) => h,
        other => panic!("history: {other:?}"),
    };
    (units, history)
}

#[test]
fn acknowledged_changes_survive_sigkill() {
    let cycles = common::cycles(20, 200);
    let seed = common::seed();
    eprintln!("crash torture: {cycles} cycles, seed {seed}");
    let dir = Scratch::new("crash");
    let db = dir.path.join("db");
    let made = ggw_on(&db, &["gen", "--scale", "district", "--seed", "3"]);
    assert!(made.status.success(), "gen: {}", text(&made.stderr));

    let mut rng = Rng::new(seed);
    let (units, _) = reopen(&db);
    let mut model: HashMap<u64, Expect> = units.iter().map(|u| (u.id.0, Expect::from(u))).collect();
    let mut acknowledged = 0usize;
    let mut unacknowledged_saved = 0usize;

    for cycle in 0..cycles {
        let log_path = dir.path.join(format!("acks-{cycle}.log"));
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
        for a in &acks {
            assert!(matches!(
                a.op.as_str(),
                "create" | "rename" | "move" | "archive"
            ));
            model.insert(
                a.id,
                Expect {
                    rev: a.rev,
                    parent: a.parent,
                    name: a.name.clone(),
                    archived: a.archived,
                },
            );
        }

        let check = ggw_on(&db, &["check"]);
        assert!(
            check.status.success(),
            "cycle {cycle}: check failed:\n{}{}",
            text(&check.stdout),
            text(&check.stderr)
        );

        let (units, history) = reopen(&db);
        let stored: HashMap<u64, &OrgUnit> = units.iter().map(|u| (u.id.0, u)).collect();
        // The kill can land between a commit and its acknowledgement: that
        // one change may be saved without being acknowledged, never more.
        let mut ahead = 0;
        for (id, want) in &model {
            let Some(got) = stored.get(id) else {
                panic!("cycle {cycle}: acknowledged unit {id} is missing");
            };
            let got = Expect::from(*got);
            if got.rev == want.rev {
                assert_eq!(&got, want, "cycle {cycle}: unit {id} differs");
            } else {
                assert_eq!(
                    got.rev,
                    want.rev + 1,
                    "cycle {cycle}: unit {id} {want:?} → {got:?}"
                );
                ahead += 1;
            }
        }
        ahead += stored.keys().filter(|id| !model.contains_key(id)).count();
        assert!(
            ahead <= 1,
            "cycle {cycle}: {ahead} unacknowledged changes saved"
        );
        unacknowledged_saved += ahead;

        let mut audits: HashMap<u64, u64> = HashMap::new();
        for e in history.iter().filter(|e| e.kind == RecordKind::Unit) {
            *audits.entry(e.record).or_default() += 1;
        }
        for u in &units {
            // The root's creation is audited as the database's.
            let expected = if u.parent.is_none() { u.rev - 1 } else { u.rev };
            assert_eq!(
                audits.get(&u.id.0).copied().unwrap_or(0),
                expected,
                "cycle {cycle}: unit {} has {} revisions but not as many audit entries",
                u.id,
                u.rev
            );
        }
        // What is stored now is the baseline of the next cycle.
        model = units.iter().map(|u| (u.id.0, Expect::from(u))).collect();
    }
    eprintln!(
        "crash torture: {acknowledged} acknowledged changes, \
         {unacknowledged_saved} saved just before a kill"
    );
    assert!(acknowledged > 0, "the writer never got a change through");
}
