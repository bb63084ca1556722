//! A consistent view of the database for a backup, without stopping the
//! writers for the length of it.
//!
//! sled has no snapshots, and its iterators are not consistent across trees
//! (nor within one, under writes). Holding the writer lock for a whole
//! backup would be consistent but would stop every user's saves for as long
//! as the backup takes. Instead the backup takes the writer lock only to
//! start: from then on, every commit first saves the value each key it
//! touches had before (its "before image"), unless the backup has already
//! read past that key. The backup reads the live trees in key order and,
//! for a key with a before image, uses the image: so it sees every key as
//! it was at the start, whatever commits land meanwhile. A key deleted after
//! the start is found in the images; one added after the start has an empty
//! image and is left out. Memory grows only with what is written during the
//! backup, and a commit waits only for the reads of its own keys.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};

use super::{Store, TreeId, storage};
use crate::error::{Error, Result};

/// How far the backup has read a tree.
#[derive(Debug, Clone)]
enum Progress {
    NotYet,
    /// Every key up to and including this one has been read.
    UpTo(Vec<u8>),
    /// Read whole, or not part of the backup.
    Done,
}

#[derive(Default)]
struct State {
    progress: Vec<Progress>,
    /// Values at the start of keys changed since, that the backup has not
    /// yet read: `None` when the key did not exist.
    before: BTreeMap<(usize, Vec<u8>), Option<Vec<u8>>>,
}

/// The before images of one running backup.
#[derive(Default)]
pub(super) struct Log {
    state: Mutex<State>,
}

impl Log {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Called by a commit, before it applies anything to `key` of `tree`.
    pub(super) fn save_before(&self, store: &Store, tree: TreeId, key: &[u8]) -> Result<()> {
        let mut state = self.lock();
        let passed = match &state.progress[tree.index()] {
            Progress::NotYet => false,
            Progress::UpTo(last) => key <= last.as_slice(),
            Progress::Done => true,
        };
        if passed {
            return Ok(());
        }
        let slot = (tree.index(), key.to_vec());
        if state.before.contains_key(&slot) {
            return Ok(());
        }
        let value = store.tree(tree).get(key).map_err(storage)?;
        state.before.insert(slot, value.map(|v| v.to_vec()));
        Ok(())
    }

    /// How many before images are held: what the backup costs in memory.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.lock().before.len()
    }
}

/// The database as it was when the snapshot was taken, read tree by tree.
/// Dropping it ends the snapshot.
pub struct Snapshot<'s> {
    store: &'s Store,
    log: Arc<Log>,
}

impl Store {
    /// Starts a snapshot of `trees`; the others are not followed. Waits for
    /// the commit in progress, if any, and no longer.
    pub fn snapshot(&self, trees: &[TreeId]) -> Result<Snapshot<'_>> {
        let log = Arc::new(Log::default());
        {
            let mut state = log.lock();
            state.progress = TreeId::ALL
                .iter()
                .map(|t| {
                    if trees.contains(t) {
                        Progress::NotYet
                    } else {
                        Progress::Done
                    }
                })
                .collect();
        }
        let _writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        let mut running = self.snapshot.lock().unwrap_or_else(|p| p.into_inner());
        if running.is_some() {
            return Err(Error::BackupRunning);
        }
        *running = Some(log.clone());
        Ok(Snapshot { store: self, log })
    }

    /// Saves the before images of what a commit is about to change.
    pub(super) fn save_before_images<'k>(
        &self,
        keys: impl Iterator<Item = (TreeId, &'k [u8])>,
    ) -> Result<()> {
        let log = self
            .snapshot
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        if let Some(log) = log {
            for (tree, key) in keys {
                log.save_before(self, tree, key)?;
            }
        }
        Ok(())
    }
}

impl Snapshot<'_> {
    /// Every entry of `tree` as it was at the start, in key order, handed
    /// to `each`. Read each tree once.
    pub fn for_each(
        &self,
        tree: TreeId,
        mut each: impl FnMut(&[u8], &[u8]) -> Result<()>,
    ) -> Result<()> {
        let t = tree.index();
        let mut out: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        for kv in self.store.tree(tree).iter() {
            let (key, live) = kv.map_err(storage)?;
            {
                let mut state = self.log.lock();
                // Keys before this one that were deleted since the start.
                take_before(&mut state, t, Some(&key), &mut out);
                match state.before.remove(&(t, key.to_vec())) {
                    Some(Some(old)) => out.push((key.to_vec(), old)),
                    Some(None) => {}
                    None => out.push((key.to_vec(), live.to_vec())),
                }
                state.progress[t] = Progress::UpTo(key.to_vec());
            }
            for (k, v) in out.drain(..) {
                each(&k, &v)?;
            }
        }
        {
            let mut state = self.log.lock();
            take_before(&mut state, t, None, &mut out);
            state.progress[t] = Progress::Done;
        }
        for (k, v) in out.drain(..) {
            each(&k, &v)?;
        }
        Ok(())
    }
}

/// Moves the before images of `tree` below `until` (all of them for `None`)
/// to `out`, those of keys that existed at the start.
fn take_before(
    state: &mut State,
    tree: usize,
    until: Option<&[u8]>,
    out: &mut Vec<(Vec<u8>, Vec<u8>)>,
) {
    let first = (tree, Vec::new());
    let keys: Vec<(usize, Vec<u8>)> = state
        .before
        .range(first..)
        .take_while(|((t, k), _)| *t == tree && until.is_none_or(|u| k.as_slice() < u))
        .map(|(slot, _)| slot.clone())
        .collect();
    for slot in keys {
        if let Some(Some(old)) = state.before.remove(&slot) {
            out.push((slot.1, old));
        }
    }
}

impl Drop for Snapshot<'_> {
    fn drop(&mut self) {
        let mut running = self
            .store
            .snapshot
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if running.as_ref().is_some_and(|l| Arc::ptr_eq(l, &self.log)) {
            *running = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Changes, id_key};

    fn put(s: &Store, id: u64, value: &[u8]) {
        let mut c = Changes::default();
        c.put_raw(TreeId::People, &id_key(id), value);
        s.commit(c).unwrap();
    }

    fn delete(s: &Store, id: u64) {
        let mut c = Changes::default();
        c.delete(TreeId::People, &id_key(id));
        s.commit(c).unwrap();
    }

    #[test]
    fn sees_the_start_whatever_is_written_while_it_reads() {
        let (_dir, s) = crate::store::temp_store();
        for id in 1..=10 {
            put(&s, id * 10, format!("v{id}").as_bytes());
        }
        let snap = s.snapshot(&[TreeId::People]).unwrap();
        let mut seen = Vec::new();
        let mut step = 0;
        snap.for_each(TreeId::People, |k, v| {
            seen.push((u64::from_be_bytes(k.try_into().unwrap()), v.to_vec()));
            step += 1;
            if step == 3 {
                // Behind the reader, at it, and ahead of it: changed,
                // deleted, added, added then deleted, deleted then re-added.
                put(&s, 10, b"changed behind");
                put(&s, 50, b"changed ahead");
                delete(&s, 60);
                put(&s, 65, b"added ahead");
                put(&s, 66, b"added");
                delete(&s, 66);
                delete(&s, 70);
                put(&s, 70, b"re-added");
                delete(&s, 100);
                put(&s, 5, b"added behind");
            }
            Ok(())
        })
        .unwrap();
        let expected: Vec<(u64, Vec<u8>)> = (1..=10)
            .map(|id| (id * 10, format!("v{id}").into_bytes()))
            .collect();
        assert_eq!(seen, expected);
        assert_eq!(snap.log.held(), 0, "every before image was used");
        drop(snap);
        // The live tree has every change, and later commits save no images.
        assert_eq!(
            s.raw_get(TreeId::People, &id_key(50)).unwrap().unwrap(),
            b"changed ahead"
        );
        assert!(s.raw_get(TreeId::People, &id_key(100)).unwrap().is_none());
        put(&s, 200, b"after");
        assert!(s.snapshot.lock().unwrap().is_none());
    }

    #[test]
    fn trees_read_later_are_seen_as_at_the_start() {
        let (_dir, s) = crate::store::temp_store();
        put(&s, 1, b"old");
        let mut c = Changes::default();
        c.put_raw(TreeId::Units, &id_key(1), b"unit");
        s.commit(c).unwrap();
        let snap = s.snapshot(&[TreeId::Units, TreeId::People]).unwrap();
        snap.for_each(TreeId::Units, |_, _| {
            put(&s, 1, b"new");
            put(&s, 2, b"new");
            Ok(())
        })
        .unwrap();
        let mut people = Vec::new();
        snap.for_each(TreeId::People, |k, v| {
            people.push((k.to_vec(), v.to_vec()));
            Ok(())
        })
        .unwrap();
        assert_eq!(people, vec![(id_key(1).to_vec(), b"old".to_vec())]);
    }

    #[test]
    fn a_commit_in_parts_while_it_reads_is_not_seen() {
        let (_dir, s) = crate::store::temp_store();
        put(&s, 1, b"first");
        let snap = s.snapshot(&[TreeId::People, TreeId::PeopleByUnit]).unwrap();
        let mut seen = Vec::new();
        snap.for_each(TreeId::People, |k, _| {
            seen.push(k.to_vec());
            if seen.len() == 1 {
                let mut big = Changes::default();
                for id in 2..3000 {
                    big.put_raw(TreeId::People, &id_key(id), b"p");
                    big.put_raw(TreeId::PeopleByUnit, &crate::store::pair_key(1, id), &[]);
                }
                assert!(s.commit_in_parts(&[big]).unwrap(), "written in parts");
            }
            Ok(())
        })
        .unwrap();
        assert_eq!(seen, vec![id_key(1).to_vec()]);
        let mut index = 0;
        snap.for_each(TreeId::PeopleByUnit, |_, _| {
            index += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(index, 0);
        assert_eq!(s.len(TreeId::People), 2999);
    }

    #[test]
    fn one_backup_at_a_time() {
        let (_dir, s) = crate::store::temp_store();
        let first = s.snapshot(&[TreeId::People]).unwrap();
        assert!(matches!(
            s.snapshot(&[TreeId::People]),
            Err(Error::BackupRunning)
        ));
        drop(first);
        assert!(s.snapshot(&[TreeId::People]).is_ok());
    }
}
