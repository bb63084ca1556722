//! Storage errors of commands that only read: a full disk and a folder
//! this user may not use. Neither may claim a change was lost; each names
//! the database (and the folder in the way) and says what to do, in both
//! languages.

use crate::kit::{Ggw, TempDir as Scratch, ggw, text};

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn run(db: &Path, lang: &str, args: &[&str]) -> Output {
    let mut c = ggw();
    c.arg("--db").arg(db).args(["--lang", lang]).args(args);
    c.output().unwrap_or_else(|e| panic!("run ggw: {e}"))
}

fn is_root() -> bool {
    rustix::process::geteuid().is_root()
}

/// A 2 MiB tmpfs, unmounted when dropped; `None` where mounting is refused.
struct Tmpfs(std::path::PathBuf);

impl Tmpfs {
    fn mount(dir: &Path) -> Option<Tmpfs> {
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=2m", "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// Fills the file system holding `dir` to the last byte.
fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap_or_else(|e| panic!("{e}"));
    let chunk = vec![0u8; 4096];
    while f.write_all(&chunk).is_ok() {}
    // Leftovers smaller than a chunk.
    while f.write_all(&[0]).is_ok() {}
}

fn says_a_change_was_lost(s: &str) -> bool {
    s.contains("not saved")
        || s.contains("nothing saved")
        || s.contains("未保存")
        || s.contains("没有保存")
}

#[test]
fn a_read_on_a_full_disk_does_not_say_a_change_was_lost() {
    let scratch = Scratch::new("full-read");
    let mnt = scratch.path().join("small");
    std::fs::create_dir_all(&mnt).unwrap_or_else(|e| panic!("{e}"));
    let Some(_tmpfs) = Tmpfs::mount(&mnt) else {
        // Not root: the file-size limit of torture/diskfull.rs cannot make
        // a read fail, so there is nothing to test here.
        eprintln!("NOTE: cannot mount a tmpfs here; skipped");
        return;
    };
    let db = mnt.join("db");
    let init = run(&db, "en", &["init", "--district", "测试区"]);
    assert!(init.status.success(), "init: {}", text(&init.stderr));
    fill(&mnt);
    let shown = db.display().to_string();
    for args in [
        &["units"][..],
        &["history"],
        &["people", "list"],
        &["check"],
    ] {
        let en = run(&db, "en", args);
        let err = text(&en.stderr);
        assert!(!en.status.success(), "{args:?} on a full disk: {err}");
        assert!(!says_a_change_was_lost(&err), "{args:?}: {err}");
        assert!(
            err.contains("The disk is full")
                && err.contains(&shown)
                && err.contains("Nothing was changed")
                && err.contains("Free some space"),
            "{args:?}: {err}"
        );
        let zh = text(&run(&db, "zh", args).stderr);
        assert!(!says_a_change_was_lost(&zh), "{args:?}: {zh}");
        assert!(
            zh.contains("磁盘已满") && zh.contains(&shown) && zh.contains("没有改动任何数据"),
            "{args:?}: {zh}"
        );
    }
    // A write on the full disk still says it was not saved.
    let add = run(
        &db,
        "en",
        &[
            "unit", "add", "--parent", "1", "--kind", "other", "--name", "满盘",
        ],
    );
    assert!(!add.status.success());
    assert!(
        text(&add.stderr).contains("The disk is full"),
        "{}",
        text(&add.stderr)
    );
}

/// `ggw ARGS…` as a user without the rights root has: root itself reads
/// and writes everywhere, so it runs the command as nobody.
fn run_unprivileged(db: &Path, home: &Path, lang: &str, args: &[&str]) -> Output {
    let mut g = Ggw::new();
    g.home(home).db(db).args(["--lang", lang]).args(args);
    let mut c = if is_root() {
        g.wrapped(
            "setpriv",
            &["--reuid=65534", "--regid=65534", "--clear-groups"],
        )
    } else {
        g.command()
    };
    c.output().unwrap_or_else(|e| panic!("run ggw: {e}"))
}

fn chmod(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", p.display()));
}

#[test]
fn a_folder_without_permission_is_named_with_what_to_do() {
    let scratch = Scratch::new("denied");
    chmod(scratch.path(), 0o755);
    let home = scratch.path().join("home");
    std::fs::create_dir_all(&home).unwrap_or_else(|e| panic!("{e}"));
    chmod(&home, 0o777);
    let locked = scratch.path().join("locked");
    std::fs::create_dir_all(&locked).unwrap_or_else(|e| panic!("{e}"));
    let db = locked.join("ggw.db");
    let init = run(&db, "en", &["init", "--district", "测试区"]);
    assert!(init.status.success(), "init: {}", text(&init.stderr));
    // As root the others lose access; otherwise the owner does too.
    let closed = if is_root() { 0o700 } else { 0o000 };

    // The folder above the database is closed: the read names that
    // folder, not "no database here".
    chmod(&locked, closed);
    let en = run_unprivileged(&db, &home, "en", &["units"]);
    let zh = run_unprivileged(&db, &home, "zh", &["units"]);
    chmod(&locked, 0o755);
    let (en, zh) = (text(&en.stderr), text(&zh.stderr));
    let folder = locked.display().to_string();
    assert!(
        en.contains(&format!(
            "Permission denied for the database at {}",
            db.display()
        )) && en.contains(&format!("read or write access to {folder}."))
            && en.contains("Nothing was changed")
            && en.contains("chmod or chown"),
        "{en}"
    );
    assert!(!en.contains("There is no database"), "{en}");
    assert!(
        zh.contains(&format!("当前用户没有 {folder} 的读写权限")) && zh.contains("chmod"),
        "{zh}"
    );

    // The database folder itself may be looked into but not written: the
    // database folder is named.
    chmod(&db, if is_root() { 0o755 } else { 0o500 });
    let en = run_unprivileged(&db, &home, "en", &["units"]);
    chmod(&db, 0o755);
    let en = text(&en.stderr);
    assert!(
        en.contains(&format!("read or write access to {}.", db.display()))
            && !says_a_change_was_lost(&en),
        "{en}"
    );

    // A new database where this user may not write names the folder too.
    chmod(&locked, if is_root() { 0o755 } else { 0o500 });
    let new = locked.join("new.db");
    let init = run_unprivileged(&new, &home, "en", &["init", "--district", "测试区"]);
    chmod(&locked, 0o755);
    let err = text(&init.stderr);
    assert!(!init.status.success());
    assert!(
        err.contains(&format!("read or write access to {folder}.")),
        "{err}"
    );
}
