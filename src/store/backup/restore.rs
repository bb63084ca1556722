//! `ggw restore`: a new database from a backup, built in a folder beside
//! the target and put in its place only once it is whole and passes every
//! check of `ggw check`. A failure leaves nothing behind.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::format::BackupSummary;
use super::read::{self, Item};
use crate::domain::UnitId;
use crate::error::{Error, Result};
use crate::store::check::{self, CheckReport};
use crate::store::elder_counts::{self, ElderCount};
use crate::store::parts::PART_OPS;
use crate::store::{Changes, Op, OpenOptions, Store, TreeId, id_key};

/// Removes the folder being built unless told it is finished.
struct Scratch {
    path: PathBuf,
    keep: bool,
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn io_at(path: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::StorageFull {
        Error::DiskFull
    } else {
        Error::Io {
            detail: format!("{}: {e}", path.display()),
        }
    }
}

/// Only a path that does not exist, or an empty folder, may be restored into.
fn check_target(target: &Path) -> Result<()> {
    let in_use = || Error::RestoreTargetInUse {
        path: target.display().to_string(),
    };
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(io_at(target, e)),
        Ok(m) if !m.is_dir() => Err(in_use()),
        Ok(_) => {
            let mut entries = std::fs::read_dir(target).map_err(|e| io_at(target, e))?;
            if entries.next().is_some() {
                Err(in_use())
            } else {
                Ok(())
            }
        }
    }
}

/// The folder the restore is built in: beside the target, so the final
/// rename stays on one file system.
fn scratch_path(target: &Path) -> Result<PathBuf> {
    let name = target
        .file_name()
        .ok_or_else(|| Error::RestoreTargetInUse {
            path: target.display().to_string(),
        })?;
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| io_at(&parent, e))?;
    let mut scratch = std::ffi::OsString::from(".");
    scratch.push(name);
    scratch.push(format!(".restoring-{}", std::process::id()));
    Ok(parent.join(scratch))
}

/// Restores the backup in `input` into a new database at `target`.
pub fn restore(
    input: impl Read,
    target: &Path,
    opts: &OpenOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(BackupSummary, CheckReport)> {
    check_target(target)?;
    let path = scratch_path(target)?;
    if path.exists() {
        std::fs::remove_dir_all(&path).map_err(|e| io_at(&path, e))?;
    }
    let mut scratch = Scratch {
        path: path.clone(),
        keep: false,
    };
    let (summary, report) = {
        let store = Store::open(
            &path,
            &OpenOptions {
                create: true,
                ..opts.clone()
            },
        )?;
        let summary = fill(&store, input, progress)?;
        let report = check::check(&store)?;
        if !report.is_clean() {
            return Err(Error::RestoreCheckFailed {
                faults: report.faults,
            });
        }
        (summary, report)
    };
    check_target(target)?;
    if target.exists() {
        // An empty folder: rename replaces it.
        std::fs::remove_dir(target).map_err(|e| io_at(target, e))?;
    }
    std::fs::rename(&path, target).map_err(|e| io_at(target, e))?;
    scratch.keep = true;
    Ok((summary, report))
}

/// Writes what the backup holds into `store`, with the indexes rebuilt.
fn fill(
    store: &Store,
    input: impl Read,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupSummary> {
    let mut pending: Vec<Op> = Vec::new();
    let mut elders: BTreeMap<UnitId, ElderCount> = BTreeMap::new();
    let mut counters: Vec<(TreeId, u64)> = Vec::new();
    let summary = read::read(input, progress, &mut |item| {
        match item {
            Item::Meta { key, bytes } => {
                let counter = key
                    .strip_prefix("next_id:")
                    .and_then(|name| TreeId::ALL.iter().find(|t| t.name() == name));
                match counter {
                    Some(t) => {
                        let next = bytes.as_slice().try_into().map(u64::from_be_bytes);
                        counters.push((*t, next.unwrap_or(1)));
                    }
                    None => pending.push(Op::Put(TreeId::Meta, key.into_bytes(), bytes)),
                }
            }
            Item::Record {
                tree,
                id,
                value,
                index,
                elders: counted,
            } => {
                pending.push(Op::Put(tree, id_key(id).to_vec(), value));
                for (t, k, v) in index {
                    pending.push(Op::Put(t, k, v));
                }
                if let Some((unit, c)) = counted {
                    elders.entry(unit).or_default().add(c);
                }
            }
        }
        if pending.len() >= PART_OPS {
            store.apply(&pending.iter().collect::<Vec<_>>())?;
            pending.clear();
        }
        Ok(())
    })?;
    let mut last = Changes::default();
    for (unit, count) in elders {
        elder_counts::put(&mut last, unit, count);
    }
    last.put_raw(TreeId::Meta, elder_counts::BUILT.as_bytes(), b"1");
    pending.extend(last.ops);
    // The saved counters, so that ids given out before the backup (and
    // since deleted) are never handed out again.
    // Every commit writes the counters; the last one writes these.
    for (t, next) in counters {
        store.raise_sequence(t, next);
    }
    for part in pending.chunks(PART_OPS) {
        store.apply(&part.iter().collect::<Vec<_>>())?;
    }
    // The work tallies, counted from the records now written.
    let mut tallies = Changes::default();
    for ((unit, month), t) in crate::store::work::recount(store)? {
        crate::store::work::put_tally(&mut tallies, unit, month, &t);
    }
    for part in tallies.ops.chunks(PART_OPS) {
        store.apply(&part.iter().collect::<Vec<_>>())?;
    }
    // The days of each person, from the by-person index now written.
    let days = crate::store::person_days::from_index(store)?;
    for part in days.ops.chunks(PART_OPS) {
        store.apply(&part.iter().collect::<Vec<_>>())?;
    }
    store.sync()?;
    Ok(summary)
}
