//! Acknowledged means durable: a writer killed with SIGKILL at random
//! moments loses nothing it has reported as saved.

use crate::kit;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use ggw::api::units::ListUnits;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::service::Actor;
use ggw::store::OpenOptions;

/// A small xorshift, so the kill points differ per run but need no crate.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn sigkill_loses_no_acknowledged_write() {
    let t = kit::temp_db();
    assert!(
        kit::run(&t.path, &["init", "--district", "爱辉区"])
            .status
            .success()
    );
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64 | 1)
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut acknowledged = BTreeSet::new();
    for round in 0..20 {
        let mut child = kit::ggw()
            .arg("--db")
            .arg(&t.path)
            .arg("torture-writer")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| l.trim().parse::<u64>().ok())
                .collect::<Vec<_>>()
        });
        // Opening takes ~100 ms in a debug build; then let it write for a
        // random while and kill it wherever it is.
        let wait = Duration::from_millis(100 + next(&mut seed) % 250);
        let start = Instant::now();
        while start.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let ids = reader.join().unwrap();
        acknowledged.extend(ids);

        let b = LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new("check")).unwrap();
        let present: BTreeSet<u64> = b
            .run(ListUnits {
                include_archived: true,
            })
            .unwrap()
            .iter()
            .map(|u| u.id.0)
            .collect();
        let lost: Vec<_> = acknowledged.difference(&present).collect();
        assert!(
            lost.is_empty(),
            "round {round}: acknowledged but lost: {lost:?}"
        );
        let report = b.service().check().unwrap();
        assert!(report.is_clean(), "round {round}: {:?}", report.faults);
    }
    assert!(
        acknowledged.len() >= 20,
        "the writer wrote too little to prove anything: {}",
        acknowledged.len()
    );
}
