//! `ggw backup` and `ggw restore`: a restored database is the original
//! record for record; a backup taken while others write holds each commit
//! whole or not at all; a damaged file is refused at its line and leaves
//! nothing behind; the first version of the format still restores.

use crate::kit;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use ggw::api::admin::AddAccount;
use ggw::api::people::{ImportPeople, ImportRow};
use ggw::backend::BackendExt;
use ggw::domain::OrgUnit;
use ggw::domain::account::Account;
use ggw::domain::audit::{AuditAction, AuditEntry};
use ggw::domain::meeting::{Meeting, MeetingSeries};
use ggw::domain::person::{Person, Position};
use ggw::domain::reserve::ReserveCandidate;
use ggw::domain::task::Task;
use ggw::store::backup::read::Item;
use ggw::store::codec::{self, Record};
use ggw::store::{OpenOptions, Store, TreeId};
use kit::{Ggw, Server, TempDir, ggw, stderr, stdout};

fn run_db(db: &Path, args: &[&str]) -> std::process::Output {
    ggw().arg("--db").arg(db).args(args).output().unwrap()
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    let o = run_db(&db, &["init", "--demo"]);
    assert!(o.status.success(), "{}", stderr(&o));
    db
}

fn backup(db: &Path, file: &Path) {
    let o = run_db(db, &["backup", "-o", file.to_str().unwrap()]);
    assert!(o.status.success(), "backup: {}", stderr(&o));
}

fn open(db: &Path) -> Store {
    Store::open(db, &OpenOptions::default()).unwrap()
}

fn records<R: Record>(store: &Store, tree: TreeId) -> Vec<R> {
    store.scan::<R>(tree).collect::<Result<_, _>>().unwrap()
}

fn entries(store: &Store, tree: TreeId) -> Vec<(Vec<u8>, Vec<u8>)> {
    store.raw_entries(tree).collect::<Result<_, _>>().unwrap()
}

fn assert_same<R: Record + PartialEq + std::fmt::Debug>(a: &Store, b: &Store, tree: TreeId) {
    let (old, new) = (records::<R>(a, tree), records::<R>(b, tree));
    assert!(
        !old.is_empty() || tree == TreeId::Accounts,
        "{}",
        tree.name()
    );
    assert_eq!(old.len(), new.len(), "{}", tree.name());
    for (o, n) in old.iter().zip(&new) {
        assert_eq!(o, n, "{}", tree.name());
    }
}

#[test]
fn a_restored_demo_is_the_original_record_for_record() {
    let dir = TempDir::new("backup-rt");
    let db = demo(dir.path());
    // A record removed, so that a counter runs past the last record kept.
    let reserve = open_reserve_ids(&db);
    let o = run_db(
        &db,
        &["reserve", "remove", &reserve.last().unwrap().to_string()],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let file = dir.path().join("demo.jsonl.gz");
    backup(&db, &file);

    let restored = dir.path().join("restored");
    let o = run_db(&restored, &["restore", file.to_str().unwrap()]);
    assert!(o.status.success(), "restore: {}", stderr(&o));
    assert!(stdout(&o).contains("检查通过"), "{}", stdout(&o));

    let (a, b) = (open(&db), open(&restored));
    // Every field of every record, revisions and the audit log included.
    assert_same::<OrgUnit>(&a, &b, TreeId::Units);
    assert_same::<Account>(&a, &b, TreeId::Accounts);
    assert_same::<MeetingSeries>(&a, &b, TreeId::MeetingSeries);
    assert_same::<Meeting>(&a, &b, TreeId::Meetings);
    assert_same::<Task>(&a, &b, TreeId::Tasks);
    assert_same::<Person>(&a, &b, TreeId::People);
    assert_same::<Position>(&a, &b, TreeId::Positions);
    assert_same::<ReserveCandidate>(&a, &b, TreeId::Reserve);
    assert_same::<AuditEntry>(&a, &b, TreeId::Audit);
    // The rebuilt indexes, the elder counts, the counters, the schema
    // version and the rest of the meta tree, byte for byte.
    for tree in TreeId::ALL {
        assert_eq!(entries(&a, tree), entries(&b, tree), "{}", tree.name());
    }
    let next = |s: &Store| s.meta_raw("next_id:reserve").unwrap();
    assert_eq!(next(&a), next(&b));
    drop((a, b));

    // The restored database works: the removed entry's id is not reused.
    let o = run_db(&restored, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
}

fn open_reserve_ids(db: &Path) -> Vec<u64> {
    let s = open(db);
    records::<ReserveCandidate>(&s, TreeId::Reserve)
        .iter()
        .map(|c| c.id.0)
        .collect()
}

const BATCH: usize = 40;

fn batch_rows(n: u64) -> Vec<ImportRow> {
    (0..BATCH)
        .map(|i| ImportRow {
            line: i + 2,
            unit: "爱辉区".into(),
            draft: ggw::domain::person::PersonDraft {
                name: format!("批{n}人{i}"),
                ..crate::kit::elder_anywhere("")
            },
        })
        .collect()
}

/// The batch a person of `batch_rows` belongs to.
fn batch_of(name: &str) -> Option<u64> {
    name.strip_prefix('批')?.split('人').next()?.parse().ok()
}

/// People per batch and the batches with an import entry in the audit log.
fn batches_in(file: &Path) -> (BTreeMap<u64, usize>, BTreeSet<u64>) {
    let mut people: BTreeMap<u64, usize> = BTreeMap::new();
    let mut audited = BTreeSet::new();
    let input = std::fs::File::open(file).unwrap();
    ggw::store::backup::read(input, &mut |_, _| {}, &mut |item| {
        if let Item::Record { tree, value, .. } = item {
            if tree == TreeId::People {
                let p: Person = codec::decode(&value).unwrap();
                if let Some(n) = batch_of(&p.name) {
                    *people.entry(n).or_default() += 1;
                }
            } else if tree == TreeId::Audit {
                let a: AuditEntry = codec::decode(&value).unwrap();
                if a.action == AuditAction::Import
                    && let Some(n) = a
                        .label
                        .strip_prefix("批次")
                        .and_then(|l| l.split('.').next())
                        .and_then(|n| n.parse().ok())
                {
                    audited.insert(n);
                }
            }
        }
        Ok(())
    })
    .unwrap();
    (people, audited)
}

#[test]
fn a_backup_through_the_server_holds_each_commit_whole_or_not_at_all() {
    let dir = TempDir::new("backup-live");
    let db = demo(dir.path());
    let server = Server::start(&db, &dir.path().join("s.sock"));
    let stop = Arc::new(AtomicBool::new(false));
    let committed = Arc::new(AtomicU64::new(0));
    let writer = {
        let b = server.connect();
        let (stop, committed) = (stop.clone(), committed.clone());
        std::thread::spawn(move || {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) && n < 2000 {
                let source = format!("批次{n}.csv");
                b.run(ImportPeople {
                    rows: batch_rows(n),
                    source: source.to_string(),
                    check_only: false,
                    allow_namesakes: false,
                })
                .unwrap();
                n += 1;
                committed.store(n, Ordering::SeqCst);
            }
        })
    };
    while committed.load(Ordering::SeqCst) < 3 {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let mut overlapped = 0;
    for k in 0..8 {
        let file = dir.path().join(format!("live{k}.jsonl.gz"));
        let before = committed.load(Ordering::SeqCst);
        let o = server.client(&["backup", "-o", file.to_str().unwrap()]);
        let after = committed.load(Ordering::SeqCst);
        assert!(o.status.success(), "{}", stderr(&o));
        let (people, audited) = batches_in(&file);
        for (n, count) in &people {
            assert_eq!(*count, BATCH, "batch {n} is in {file:?} only in part");
        }
        let present: BTreeSet<u64> = people.keys().copied().collect();
        assert_eq!(present, audited, "people and their audit entries");
        // Commits land in order: the backup holds the first m of them,
        // at least those acknowledged before it began.
        let m = present.len() as u64;
        assert_eq!(present, (0..m).collect(), "{file:?}");
        assert!(m >= before && m <= after, "{before} ≤ {m} ≤ {after}");
        if after > before {
            overlapped += 1;
            let restored = dir.path().join(format!("restored{k}"));
            let o = run_db(&restored, &["restore", file.to_str().unwrap()]);
            assert!(o.status.success(), "{}", stderr(&o));
        }
        if overlapped >= 2 {
            break;
        }
    }
    stop.store(true, Ordering::SeqCst);
    writer.join().unwrap();
    assert!(overlapped > 0, "no backup ran while the writer wrote");
}

fn lines_of(file: &Path) -> Vec<String> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(file).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().map(str::to_string).collect()
}

fn gzip(lines: &[String], file: &Path) {
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(file).unwrap(),
        flate2::Compression::fast(),
    );
    for l in lines {
        enc.write_all(l.as_bytes()).unwrap();
        enc.write_all(b"\n").unwrap();
    }
    enc.finish().unwrap();
}

/// Restores `file` into a new folder, expecting a refusal that names
/// `line`; nothing may be left beside it.
fn refused_at(dir: &Path, file: &Path, line: usize, also: &str) {
    let scratch = dir.join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let target = scratch.join("restored");
    let o = run_db(&target, &["restore", file.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(!o.status.success(), "{file:?} was restored");
    assert!(
        err.contains(&format!("备份文件第 {line} 行有问题")) && err.contains(also),
        "{file:?}: {err}"
    );
    let left: Vec<_> = std::fs::read_dir(&scratch).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    // --verify finds the same fault without a database.
    let o = ggw()
        .args(["backup", "--verify", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains(&format!("第 {line} 行")),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_cut_or_altered_backup_is_refused_at_its_line_and_leaves_nothing() {
    let dir = TempDir::new("backup-bad");
    let db = demo(dir.path());
    let file = dir.path().join("demo.jsonl.gz");
    backup(&db, &file);
    let lines = lines_of(&file);
    let last = lines.len();
    let bad = dir.path().join("bad.jsonl.gz");

    // Cut short: whole lines missing, or the compressed stream itself.
    gzip(&lines[..1000], &bad);
    refused_at(dir.path(), &bad, 1000, "截断");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&bad, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let o = run_db(&dir.path().join("x"), &["restore", bad.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("行有问题") && stderr(&o).contains("截断"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("x").exists());

    // Not JSON.
    let mut altered = lines.clone();
    let half = altered[499].len() / 2;
    altered[499].truncate(half);
    gzip(&altered, &bad);
    refused_at(dir.path(), &bad, 500, "JSON");

    // Valid JSON, changed after the backup: the checksum of the last line.
    let k = lines
        .iter()
        .position(|l| l.starts_with(r#"{"tree":"people""#))
        .unwrap();
    let mut altered = lines.clone();
    let name = serde_json::from_str::<serde_json::Value>(&lines[k]).unwrap()["record"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    altered[k] = lines[k].replacen(&name, "王改名", 1);
    gzip(&altered, &bad);
    refused_at(dir.path(), &bad, last, "校验和");

    // A record that no import would take: an ID number whose check digit is wrong.
    let k = lines
        .iter()
        .position(|l| l.contains(r#""id_number":"9"#))
        .unwrap();
    let mut altered = lines.clone();
    let at = altered[k].find(r#""id_number":"9"#).unwrap() + r#""id_number":""#.len() + 17;
    let digit = altered[k].as_bytes()[at];
    let other = if digit == b'1' { "2" } else { "1" };
    altered[k].replace_range(at..at + 1, other);
    gzip(&altered, &bad);
    refused_at(dir.path(), &bad, k + 1, "people");

    // A record twice.
    let mut altered = lines.clone();
    altered.insert(k + 1, lines[k].clone());
    gzip(&altered, &bad);
    refused_at(dir.path(), &bad, k + 2, "两次");

    // A control character that the service keeps out of every text.
    let mut altered = lines.clone();
    altered[k] = lines[k].replacen(&name, &format!("{name}\\u001b[2J"), 1);
    gzip(&altered, &bad);
    refused_at(dir.path(), &bad, k + 1, "U+001B");

    // From a newer ggw, or not a backup at all.
    let mut altered = lines.clone();
    altered[0] = lines[0].replacen(
        &format!(r#""schema":{}"#, ggw::store::SCHEMA_VERSION),
        r#""schema":99"#,
        1,
    );
    gzip(&altered, &bad);
    refused_at(dir.path(), &bad, 1, "较新的 ggw");
    let mut altered = lines.clone();
    altered[0] = lines[0].replacen(r#""format_version":1"#, r#""format_version":2"#, 1);
    gzip(&altered, &bad);
    refused_at(dir.path(), &bad, 1, "新版 ggw");
    gzip(&lines[1..], &bad);
    refused_at(dir.path(), &bad, 1, "不是 ggw 的备份文件");
    std::fs::write(&bad, "name,unit\n").unwrap();
    refused_at(dir.path(), &bad, 1, "不是 ggw 的备份文件");

    // Never over a database, nor into a folder that holds anything.
    let o = run_db(&db, &["restore", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("不是空文件夹"), "{}", stderr(&o));
    assert!(run_db(&db, &["check"]).status.success());
}

/// Every field `want` has, `got` has with the same value: a later format
/// may add fields, never lose or change one.
fn holds(got: &serde_json::Value, want: &serde_json::Value, at: &str) {
    match (got, want) {
        (serde_json::Value::Object(g), serde_json::Value::Object(w)) => {
            for (k, v) in w {
                let field = g.get(k).unwrap_or_else(|| panic!("{at}.{k} is gone"));
                holds(field, v, &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(got, want, "{at}"),
    }
}

/// A backup written by the first version of the format, from the demo.
/// Regenerate only for a new format version, never over an old file:
/// `GGW_BLESS=1 cargo test --test integration cli::backup::`.
#[test]
fn the_first_format_version_still_restores() {
    let fixture =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/backup_v1.jsonl.gz");
    let dir = TempDir::new("backup-golden");
    if std::env::var_os("GGW_BLESS").is_some() && !fixture.exists() {
        let db = demo(dir.path());
        backup(&db, &fixture);
    }
    let restored = dir.path().join("restored");
    let o = run_db(&restored, &["restore", fixture.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let again = dir.path().join("again.jsonl.gz");
    backup(&restored, &again);
    let (old, new) = (lines_of(&fixture), lines_of(&again));
    let json = |l: &String| serde_json::from_str::<serde_json::Value>(l).unwrap();
    // A newer version may keep more: the id counter of a tree the first
    // version did not have. Nothing else is new, and nothing is lost.
    let new: Vec<&String> = new
        .iter()
        .filter(|l| {
            let v = json(l);
            let key = v["key"].as_str().unwrap_or_default();
            !key.starts_with("next_id:") || old.iter().any(|o| json(o)["key"] == v["key"])
        })
        .collect();
    assert_eq!(old.len(), new.len());
    // Every record and meta line, between the header and the trailer.
    for (i, (o, n)) in old.iter().zip(&new).enumerate().skip(1).take(old.len() - 2) {
        holds(&json(n), &json(o), &format!("line {}", i + 1));
    }
    assert_eq!(json(&old[0])["format_version"], 1);
}

/// The script in docs/backup-format.md is docs/read_backup.py, and it
/// reads a backup with Python's standard library alone.
#[test]
fn the_documented_python_script_reads_a_backup() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/backup-format.md")).unwrap();
    let script = std::fs::read_to_string(root.join("docs/read_backup.py")).unwrap();
    let shown = doc
        .split("```python\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    assert_eq!(
        shown, script,
        "the document shows docs/read_backup.py as it is"
    );
    let Ok(o) = std::process::Command::new("python3")
        .arg(root.join("docs/read_backup.py"))
        .arg(root.join("tests/fixtures/backup_v1.jsonl.gz"))
        .output()
    else {
        eprintln!("python3 is not installed: the script was not run");
        return;
    };
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("爱辉区 "), "{out}");
    assert!(out.contains("'people': 569"), "{out}");
    assert!(out.contains("1 刘振华 1963-04-08 爱辉区 Cadre"), "{out}");
}

/// contrib/ggw-backup: today's backup written and sound, the last N days
/// kept, and each month's first backup kept for good, even when the 1st
/// itself has none.
#[test]
fn the_nightly_script_keeps_the_last_days_and_each_months_first() {
    let dir = TempDir::new("backup-nightly");
    let db = demo(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 20).unwrap();
    while day < today {
        if day != chrono::NaiveDate::from_ymd_opt(2026, 2, 1).unwrap() {
            std::fs::write(backups.join(format!("ggw-{day}.jsonl.gz")), b"").unwrap();
        }
        day = day.succ_opt().unwrap();
    }
    std::fs::write(backups.join("notes.txt"), b"").unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contrib/ggw-backup");
    let o = Ggw::new()
        .script(&script)
        .env("GGW_DB", &db)
        .env("GGW_BACKUP_DIR", &backups)
        .env("GGW_BACKUP_KEEP_DAYS", "7")
        .env("GGW_BACKUP_TODAY", "2026-03-20")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let mut left: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    let mut expected = vec!["ggw-2026-01-10", "ggw-2026-02-02", "ggw-2026-03-01"];
    let last = [
        "ggw-2026-03-14",
        "ggw-2026-03-15",
        "ggw-2026-03-16",
        "ggw-2026-03-17",
        "ggw-2026-03-18",
        "ggw-2026-03-19",
        "ggw-2026-03-20",
    ];
    expected.extend(last);
    let mut expected: Vec<String> = expected.iter().map(|d| format!("{d}.jsonl.gz")).collect();
    expected.push("notes.txt".into());
    assert_eq!(left, expected);
    let o = ggw()
        .args(["backup", "--verify"])
        .arg(backups.join("ggw-2026-03-20.jsonl.gz"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));

    // A count of days that is not one is refused before anything is done.
    let o = Ggw::new()
        .script(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contrib/ggw-backup"))
        .env("GGW_DB", &db)
        .env("GGW_BACKUP_DIR", &backups)
        .env("GGW_BACKUP_KEEP_DAYS", "two weeks")
        .env("GGW_BACKUP_TODAY", "2026-03-21")
        .output()
        .unwrap();
    assert!(!o.status.success());
    assert!(!backups.join("ggw-2026-03-21.jsonl.gz").exists());
}

/// A backup holds every unit's records and every ID number: an operator
/// or viewer may not take one, an administrator may.
#[test]
fn only_an_administrator_may_back_up() {
    use ggw::domain::account::AccountRole;
    use ggw::error::Error;
    use ggw::service::{Actor, Request, Response};

    let t = crate::kit::temp_db();
    let b = crate::kit::district_backend(&t, "root");
    let svc = b.service();
    let root = ggw::backend::BackendExt::run(
        &b,
        ggw::api::units::ListUnits {
            include_archived: false,
        },
    )
    .unwrap()[0]
        .id;
    for (user, role) in [
        ("zhang", AccountRole::Operator),
        ("li", AccountRole::Viewer),
        ("wang", AccountRole::Admin),
    ] {
        let added = svc.handle(
            &Actor::new("root"),
            Request::from(AddAccount {
                user: user.into(),
                role,
                unit: root,
            }),
        );
        assert!(matches!(added, Ok(Response::Account(_))), "{added:?}");
    }
    for user in ["zhang", "li", "nobody"] {
        let mut out = Vec::new();
        let refused = svc.backup(&Actor::peer(user), &mut out, &mut |_, _| {});
        assert!(
            matches!(
                refused,
                Err(Error::AdminOnly { .. } | Error::NoAccount { .. })
            ),
            "{user}: {refused:?}"
        );
        assert!(out.is_empty(), "{user} got part of a backup");
    }
    let mut out = Vec::new();
    let summary = svc
        .backup(&Actor::peer("wang"), &mut out, &mut |_, _| {})
        .unwrap();
    assert_eq!(summary.counts.get("accounts"), Some(&3));
    let read = ggw::store::backup::verify(out.as_slice(), &mut |_, _| {}).unwrap();
    assert_eq!(read, summary);
}
