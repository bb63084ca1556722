//! `ggw report` reads its parts side by side: the answer is the one read
//! part after part, here and over a server, and a part that fails fails
//! the whole report before anything is written.

use crate::kit::{self, Server, demo_db, run, stderr, stdout};

const PERIOD: [&str; 6] = [
    "--from",
    "2024-01-01",
    "--to",
    "2026-12-31",
    "--today",
    "2026-01-15",
];

fn report(extra: &[&str]) -> Vec<String> {
    let mut args = vec!["report".to_string()];
    args.extend(PERIOD.iter().map(|s| s.to_string()));
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[test]
fn the_report_over_a_server_is_the_one_read_here() {
    let t = demo_db();
    let asked = [
        report(&["--format", "json"]),
        report(&[]),
        report(&["--unit", "四嘉子乡", "--format", "json"]),
        report(&["--unit", "四嘉子乡"]),
    ];
    let here: Vec<Vec<u8>> = asked
        .iter()
        .map(|args| {
            let o = run(&t.path, &strs(args));
            assert!(o.status.success(), "{}", stderr(&o));
            o.stdout
        })
        .collect();
    // Every part is there: the people and the work of the district and of
    // its rows, the standings, the meetings.
    let whole: serde_json::Value = serde_json::from_slice(&here[0]).unwrap();
    assert!(whole["people"]["on_roll_end"].as_u64().unwrap() > 0);
    assert!(whole["work"]["activities"]["total"].as_u64().unwrap() > 0);
    assert!(!whole["units"].as_array().unwrap().is_empty());
    assert!(!whole["scores"].is_null());
    assert!(!whole["meetings"]["series"].as_array().unwrap().is_empty());
    let part: serde_json::Value = serde_json::from_slice(&here[2]).unwrap();
    assert!(
        part["people"]["unit_path"]
            .as_str()
            .unwrap()
            .ends_with("四嘉子乡")
    );

    let dir = kit::TempDir::new("report-phases-serve");
    let socket = dir.path().join("ggw.sock");
    let server = Server::start(&t.path, &socket);
    for (args, local) in asked.iter().zip(&here) {
        let o = server.client(&strs(args));
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(o.stdout == *local, "{args:?}: {}", stdout(&o));
    }
}

/// Overwrites the first record of `tree` with bytes that decode to nothing.
fn damage_first(db: &std::path::Path, tree: &str) {
    let db = kit::raw_sled(db);
    let tree = db.open_tree(tree).unwrap();
    let (key, _) = tree.first().unwrap().expect("a record to damage");
    tree.insert(key, &[1, 0, 0xff][..]).unwrap();
    db.flush().unwrap();
}

#[test]
fn a_damaged_part_fails_the_whole_report_and_writes_nothing() {
    // The meetings are read beside the roll, the work tallies too.
    for tree in ["meetings", "work_tallies_by_month"] {
        let t = demo_db();
        damage_first(&t.path, tree);
        for format in ["json", "text"] {
            let o = run(&t.path, &strs(&report(&["--format", format])));
            assert!(!o.status.success(), "{tree} {format}: {}", stdout(&o));
            assert!(o.stdout.is_empty(), "{tree} {format}: {}", stdout(&o));
            assert!(stderr(&o).contains("数据损坏"), "{tree}: {}", stderr(&o));
        }
    }
}
