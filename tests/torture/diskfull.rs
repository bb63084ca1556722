//! Disk full: the real binary writes units on a 2 MiB file system until the
//! disk refuses. Every failed write must be reported as failed, nothing that
//! was not acknowledged may be in the database, and once space is back the
//! database must open, pass `ggw check`, and take writes again.
//!
//! As root the file system is a tmpfs mounted for the test (ENOSPC, the real
//! thing). Where mounting is refused, the writer runs under RLIMIT_FSIZE
//! with SIGXFSZ ignored, so a write past the limit fails with EFBIG
//! (`GGW_DISKFULL=rlimit` picks that method even as root).

use crate::kit::Ggw;
use crate::torture;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use torture::acks::{apply, baseline, compare, read_acks, reopen};
use torture::{Scratch, ggw_on, text};

const LIMIT: u64 = 2 * 1024 * 1024;

enum Small {
    Tmpfs(PathBuf),
    FileSizeLimit,
}

impl Small {
    fn set_up(dir: &Path) -> Small {
        // GGW_DISKFULL=rlimit tries the fallback where mounting would work.
        let forced = std::env::var("GGW_DISKFULL").is_ok_and(|v| v == "rlimit");
        let ok = !forced
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={LIMIT}"), "tmpfs"])
                .arg(dir)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        if ok {
            Small::Tmpfs(dir.to_path_buf())
        } else {
            if forced {
                eprintln!("NOTE: GGW_DISKFULL=rlimit: using RLIMIT_FSIZE");
            } else {
                eprintln!(
                    "NOTE: cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN); \
                     using RLIMIT_FSIZE instead"
                );
            }
            Small::FileSizeLimit
        }
    }

    /// `ggw ARGS…`, under the file-size limit when that is the method.
    fn command(&self, db: &Path, args: &[&str]) -> Command {
        let mut g = Ggw::new();
        g.db(db).args(["--lang", "en"]).args(args);
        match self {
            Small::Tmpfs(_) => g.command(),
            Small::FileSizeLimit => g.wrapped(
                "sh",
                &[
                    "-c",
                    &format!("trap '' XFSZ; exec prlimit --fsize={LIMIT} -- \"$0\" \"$@\""),
                ],
            ),
        }
    }

    fn run(&self, db: &Path, args: &[&str]) -> Output {
        self.command(db, args)
            .output()
            .unwrap_or_else(|e| panic!("run ggw: {e}"))
    }

    /// Gives the file system room again.
    fn grow(&self) {
        if let Small::Tmpfs(dir) = self {
            let ok = Command::new("mount")
                .args(["-o", &format!("remount,size={}", 4 * LIMIT)])
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "cannot grow the tmpfs again");
        }
    }
}

impl Drop for Small {
    fn drop(&mut self) {
        if let Small::Tmpfs(dir) = self {
            let _ = Command::new("umount").arg(&*dir).status();
        }
    }
}

fn stored_ids(db: &Path) -> BTreeSet<u64> {
    let out = ggw_on(db, &["units", "--all", "--format", "json"]);
    assert!(out.status.success(), "units: {}", text(&out.stderr));
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("units json: {e}"));
    rows.iter()
        .filter_map(|r| r.get("id").and_then(|v| v.as_u64()))
        .collect()
}

/// Runs the writer until the disk refuses, checks the refusal was plain,
/// and returns its output. A guard stops a writer that never fails.
fn run_until_refused(small: &Small, db: &Path, args: &[&str]) -> Output {
    let child = small
        .command(db, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn writer: {e}"));
    let pid = child.id();
    let started = Instant::now();
    let guard = std::thread::spawn(move || {
        while started.elapsed() < Duration::from_secs(300) {
            std::thread::sleep(Duration::from_millis(200));
            if !Path::new(&format!("/proc/{pid}")).exists() {
                return;
            }
        }
        let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
    });
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("writer: {e}"));
    let _ = guard.join();
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "the writer never hit the limit");
    assert!(
        !stderr.contains("panicked"),
        "a full disk made ggw panic:\n{stderr}"
    );
    assert!(
        stderr.contains("ggw: ")
            && (stderr.contains("nothing saved") || stderr.contains("The disk is full")),
        "the failure was not reported plainly:\n{stderr}"
    );
    out
}

#[test]
fn full_disk_fails_loudly_and_loses_nothing_acknowledged() {
    let scratch = Scratch::new("diskfull");
    let mnt = scratch.path().join("small");
    std::fs::create_dir_all(&mnt).unwrap_or_else(|e| panic!("{e}"));
    let small = Small::set_up(&mnt);
    let db = mnt.join("db");

    let init = small.run(&db, &["init", "--district", "测试区"]);
    assert!(init.status.success(), "init: {}", text(&init.stderr));

    let out = run_until_refused(&small, &db, &["torture-writer"]);
    let stderr = text(&out.stderr);
    let stdout = text(&out.stdout);
    let complete = stdout.rfind('\n').map_or("", |end| &stdout[..end]);
    let acked: BTreeSet<u64> = complete
        .lines()
        .map(|l| l.parse().unwrap_or_else(|e| panic!("ack {l:?}: {e}")))
        .collect();
    assert!(acked.len() > 100, "only {} units fitted", acked.len());
    eprintln!(
        "{} units acknowledged, then: {}",
        acked.len(),
        stderr.trim()
    );

    // Still full: a one-off command must fail too, and must not say saved.
    // (Under a file-size limit a new process may well fit a small write
    // into space sled reclaims on opening, so this holds for a real full
    // disk only.)
    if matches!(small, Small::Tmpfs(_)) {
        let again = small.run(
            &db,
            &[
                "unit",
                "add",
                "--parent",
                "1",
                "--kind",
                "other",
                "--name",
                "满盘之后",
            ],
        );
        assert!(!again.status.success(), "a write on a full disk succeeded");
        assert!(
            text(&again.stderr).contains("The disk is full"),
            "a full disk is named as such: {}",
            text(&again.stderr)
        );
        assert!(!text(&again.stdout).contains("Saved"));
        assert!(
            !text(&again.stderr).contains("panicked"),
            "{}",
            text(&again.stderr)
        );
    }

    small.grow();
    let check = ggw_on(&db, &["check"]);
    assert!(
        check.status.success(),
        "check after the disk filled:\n{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    let stored = stored_ids(&db);
    for id in &acked {
        assert!(stored.contains(id), "acknowledged unit {id} lost");
    }
    // The root and the writer's township are the only units it did not
    // print; anything else was saved without the writer saying so.
    let unannounced: Vec<&u64> = stored.difference(&acked).collect();
    assert_eq!(
        unannounced.len(),
        2,
        "unacknowledged units saved: {unannounced:?}"
    );
    let names = text(&ggw_on(&db, &["units", "--all"]).stdout);
    assert!(!names.contains("满盘之后"), "the refused write was saved");

    let after = ggw_on(
        &db,
        &[
            "unit",
            "add",
            "--parent",
            "1",
            "--kind",
            "other",
            "--name",
            "腾出空间后",
        ],
    );
    assert!(
        after.status.success(),
        "no write after space came back: {}",
        text(&after.stderr)
    );
}

/// Renames, moves and archives as well as creates: updates in place meet
/// the full disk too. Every acknowledged state must be stored exactly, and
/// the change that failed must not be.
#[test]
fn full_disk_during_random_changes_loses_nothing_acknowledged() {
    let scratch = Scratch::new("diskfull-mixed");
    let mnt = scratch.path().join("small");
    std::fs::create_dir_all(&mnt).unwrap_or_else(|e| panic!("{e}"));
    let small = Small::set_up(&mnt);
    let db = mnt.join("db");
    let made = small.run(
        &db,
        &[
            "gen", "--scale", "district", "--seed", "5", "--upto", "units",
        ],
    );
    assert!(made.status.success(), "gen: {}", text(&made.stderr));
    let (units, _) = reopen(&db);
    let mut model = baseline(&units);

    let out = run_until_refused(&small, &db, &["torture-writer", "--mixed", "--seed", "11"]);
    let acks = read_acks(&text(&out.stdout));
    assert!(acks.len() > 50, "only {} changes fitted", acks.len());
    apply(&mut model, &acks);

    small.grow();
    let check = ggw_on(&db, &["check"]);
    assert!(
        check.status.success(),
        "check after the disk filled:\n{}{}",
        text(&check.stdout),
        text(&check.stderr)
    );
    let (units, history) = reopen(&db);
    let ahead = compare(&model, &units, &history, "after the disk filled");
    assert_eq!(ahead, 0, "a change reported as failed was saved");
}
