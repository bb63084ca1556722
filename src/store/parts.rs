//! Commits too large for one sled transaction. sled keeps every page
//! version a transaction replaces until the transaction ends, so a
//! 10,000-person import in one transaction held some 100 MB more than the
//! same writes in parts. A large commit that mostly adds keys is therefore
//! written in parts, bracketed by a journal of the keys it adds: the
//! journal is saved first; then the added keys, outside any transaction;
//! then the last part, which removes the journal. If the program stops in
//! between, the next open deletes what the journal lists, so the commit is
//! still all or nothing. Keys that exist already (the elder counts an
//! import raises) and deletions go in the last part only, since deleting a
//! key cannot undo an overwrite; except the entries a commit's notes of
//! people's days rewrite (one per person an import names, more than a
//! transaction holds), whose values before are saved with the journal and
//! put back by the undo. The service's in-memory state changes
//! only after the last part, and the audit entry, which comes last in a
//! commit, lands with it, so no reader sees half of it.

use std::collections::HashSet;

#[cfg(test)]
use super::Changes;
use super::{Op, Store, TreeId, storage};
use crate::error::{Error, Result};

/// Operations per transaction; also the size above which a commit is split.
pub(super) const PART_OPS: usize = 2048;

const JOURNAL: &[u8] = b"unfinished_commit";
/// A write of a key not written otherwise in its commit, with the value the
/// key holds before it.
pub(super) type Rewrite = (Op, Option<sled::IVec>);

/// The values before of the keys a commit in parts rewrites.
pub(super) const REPLACED: &[u8] = b"unfinished_commit_replaced";

/// A commit in parts: what the journal can undo, and what waits for the
/// last part.
struct Plan<'a> {
    added: Vec<&'a Op>,
    /// Puts of keys that exist, each with the value it replaces.
    replaced: Vec<(&'a Op, sled::IVec)>,
    last: Vec<&'a Op>,
}

impl Store {
    /// Writes `batch` in parts: [`Self::commit_ops_in_parts`].
    #[cfg(test)]
    pub(super) fn commit_in_parts(&self, batch: &[Changes]) -> Result<bool> {
        let ops: Vec<&Op> = batch.iter().flat_map(|c| c.ops.iter()).collect();
        self.commit_ops_in_parts(&ops, &[])
    }

    /// Writes `ops`, then `rewrites`, in parts when they are large and
    /// `ops` touch few keys that exist already; `Ok(false)` when they must
    /// go in one transaction. `rewrites` write or delete each key once
    /// (the entries a commit's notes of people's days make): those that
    /// replace a value may land in a part, their old value journalled.
    pub(super) fn commit_ops_in_parts(&self, ops: &[&Op], rewrites: &[Rewrite]) -> Result<bool> {
        let Some(plan) = self.plan_parts(ops, rewrites)? else {
            return Ok(false);
        };
        let mut journal = Vec::new();
        for op in &plan.added {
            if let Op::Put(t, k, _) = op {
                journal_push(&mut journal, *t, k)?;
            }
        }
        let mut replaced = Vec::new();
        for (op, before) in &plan.replaced {
            if let Op::Put(t, k, _) = op {
                journal_push(&mut replaced, *t, k)?;
                replaced.extend_from_slice(&(before.len() as u32).to_le_bytes());
                replaced.extend_from_slice(before);
            }
        }
        let start = Op::Put(TreeId::Meta, JOURNAL.to_vec(), journal);
        let start_replaced = Op::Put(TreeId::Meta, REPLACED.to_vec(), replaced);
        self.apply(&[&start, &start_replaced])?;
        // The journal must be on disk before any part can be.
        self.sync()?;
        let done = Op::Delete(TreeId::Meta, JOURNAL.to_vec());
        let done_replaced = Op::Delete(TreeId::Meta, REPLACED.to_vec());
        let in_parts: Vec<&Op> = plan
            .added
            .iter()
            .copied()
            .chain(plan.replaced.iter().map(|(op, _)| *op))
            .collect();
        let result = self.insert_added(&in_parts);
        // As if the program stopped here: the next open must undo it.
        #[cfg(test)]
        if result.is_ok()
            && self
                .stop_after_parts
                .load(std::sync::atomic::Ordering::SeqCst)
                == 1
        {
            return Err(Error::Storage {
                detail: "stopped for a test".into(),
            });
        }
        let result = result.and_then(|()| {
            let mut last = plan.last.clone();
            last.push(&done);
            last.push(&done_replaced);
            self.apply(&last)
        });
        if let Err(e) = result {
            // Best effort now; whatever is left is undone at the next open.
            let _ = self.undo_unfinished();
            return Err(e);
        }
        self.sync()?;
        Ok(true)
    }

    /// Writes the puts of new keys the journal lists, outside any
    /// transaction: the journal already makes them all or nothing, and a
    /// transaction or batch holds sled's global write lock, where plain
    /// inserts into different trees run side by side.
    fn insert_added(&self, added: &[&Op]) -> Result<()> {
        // A backup under way must learn that these keys were absent.
        self.save_before_images(added.iter().map(|op| match op {
            Op::Put(t, k, _) | Op::Delete(t, k) => (*t, k.as_slice()),
        }))?;
        // Each leaf is rewritten once for all the keys that land in it: a
        // single insert copies its whole leaf, which made a generated
        // province's millions of keys cost minutes.
        self.per_tree(added, |tree, ops| {
            let puts = ops
                .iter()
                .filter_map(|op| match op {
                    Op::Put(_, k, v) => Some((k.as_slice().into(), v.as_slice().into())),
                    Op::Delete(..) => None,
                })
                .collect();
            tree.insert_sorted(puts).map_err(storage)
        })
        .map(drop)
    }

    /// `each` on every tree `ops` touch, with that tree's operations in
    /// their order; the trees shared out between two threads by how many
    /// operations each has. The answers by tree index.
    pub(super) fn per_tree<'a, R: Send + Default>(
        &self,
        ops: &[&'a Op],
        each: impl Fn(&sled::Tree, &[&'a Op]) -> Result<R> + Sync,
    ) -> Result<Vec<R>> {
        let mut by_tree: Vec<Vec<&'a Op>> = vec![Vec::new(); TreeId::ALL.len()];
        for op in ops {
            let (Op::Put(t, ..) | Op::Delete(t, _)) = op;
            by_tree[t.index()].push(op);
        }
        let mut trees: Vec<usize> = (0..by_tree.len())
            .filter(|t| !by_tree[*t].is_empty())
            .collect();
        trees.sort_by_key(|t| std::cmp::Reverse(by_tree[*t].len()));
        let mut halves: [(usize, Vec<usize>); 2] = Default::default();
        for t in trees {
            let lighter = usize::from(halves[1].0 < halves[0].0);
            halves[lighter].0 += by_tree[t].len();
            halves[lighter].1.push(t);
        }
        let run = |trees: &[usize]| -> Result<Vec<(usize, R)>> {
            trees
                .iter()
                .map(|t| Ok((*t, each(&self.trees[*t], &by_tree[*t])?)))
                .collect()
        };
        let [(_, first), (_, second)] = &halves;
        let answers = if second.is_empty() {
            run(first)?
        } else {
            let (mut mine, theirs) = side_by_side(|| run(first), || run(second))?;
            mine.extend(theirs);
            mine
        };
        let mut out: Vec<R> = (0..by_tree.len()).map(|_| R::default()).collect();
        for (t, r) in answers {
            out[t] = r;
        }
        Ok(out)
    }

    /// Splits a large commit into the puts of keys it adds, which may land
    /// part by part, and the operations on any other key, kept in their
    /// order for the last part; the puts of `rewrites` that replace a value
    /// land in parts too, with that value kept for the undo. `None` when
    /// the commit is small enough for one transaction, or changes too many
    /// existing keys to hold back.
    fn plan_parts<'a>(&self, ops: &[&'a Op], rewrites: &'a [Rewrite]) -> Result<Option<Plan<'a>>> {
        if ops.len() + rewrites.len() <= PART_OPS {
            return Ok(None);
        }
        let held_by_tree = self.per_tree(ops, |tree, ops| {
            let mut held: HashSet<&[u8]> = HashSet::new();
            let mut puts: Vec<&[u8]> = Vec::with_capacity(ops.len());
            for op in ops {
                match op {
                    Op::Put(_, k, _) => puts.push(k),
                    Op::Delete(_, k) => {
                        held.insert(k.as_slice());
                    }
                }
            }
            // In key order, each leaf is walked to once for all its keys.
            puts.sort_unstable();
            puts.dedup();
            let present = tree.contains_sorted(&puts).map_err(storage)?;
            held.extend(
                puts.iter()
                    .zip(present)
                    .filter(|(_, p)| *p)
                    .map(|(k, _)| *k),
            );
            Ok(held)
        })?;
        let (mut last, mut added): (Vec<&Op>, Vec<&Op>) = ops.iter().partition(|op| match op {
            Op::Put(t, k, _) | Op::Delete(t, k) => held_by_tree[t.index()].contains(k.as_slice()),
        });
        let mut replaced = Vec::new();
        let mut written = [false; TreeId::ALL.len()];
        for op in ops {
            let (Op::Put(t, ..) | Op::Delete(t, _)) = op;
            written[t.index()] = true;
        }
        for (op, before) in rewrites {
            let (Op::Put(t, ..) | Op::Delete(t, _)) = op;
            // After the commit's own writes to the same tree, in order.
            let shared = written[t.index()];
            match (op, before) {
                (Op::Put(..), Some(before)) if !shared => replaced.push((op, before.clone())),
                (Op::Put(..), None) if !shared => added.push(op),
                _ => last.push(op),
            }
        }
        if last.len() > PART_OPS || (added.is_empty() && replaced.is_empty()) {
            return Ok(None);
        }
        Ok(Some(Plan {
            added,
            replaced,
            last,
        }))
    }

    /// Deletes the keys of a commit in parts that never finished, if any.
    pub(super) fn undo_unfinished(&self) -> Result<()> {
        let meta = self.tree(TreeId::Meta);
        let Some(journal) = meta.get(JOURNAL).map_err(storage)? else {
            return Ok(());
        };
        let mut undo = journal_read(&journal)?
            .into_iter()
            .map(|(t, k)| Op::Delete(t, k))
            .collect::<Vec<_>>();
        if let Some(replaced) = meta.get(REPLACED).map_err(storage)? {
            undo.extend(
                replaced_read(&replaced)?
                    .into_iter()
                    .map(|(t, k, v)| Op::Put(t, k, v)),
            );
        }
        for part in undo.chunks(PART_OPS) {
            self.apply(&part.iter().collect::<Vec<_>>())?;
        }
        self.apply(&[
            &Op::Delete(TreeId::Meta, JOURNAL.to_vec()),
            &Op::Delete(TreeId::Meta, REPLACED.to_vec()),
        ])?;
        self.sync()
    }
}

/// `[tree: u8][key length: u16 LE][key]`, repeated.
fn journal_push(out: &mut Vec<u8>, tree: TreeId, key: &[u8]) -> Result<()> {
    let len = u16::try_from(key.len()).map_err(|_| Error::Storage {
        detail: format!("{}: key of {} bytes", tree.name(), key.len()),
    })?;
    out.push(tree as u8);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(key);
    Ok(())
}

/// A key a commit in parts rewrote, and the value it held before.
type Replaced = (TreeId, Vec<u8>, Vec<u8>);

/// `[tree: u8][key length: u16 LE][key][value length: u32 LE][value]`,
/// repeated: the values the keys held before.
fn replaced_read(mut bytes: &[u8]) -> Result<Vec<Replaced>> {
    let bad = || Error::Corrupt {
        what: "meta unfinished_commit_replaced".into(),
    };
    let mut out = Vec::new();
    while let [t, a, b, rest @ ..] = bytes {
        let tree = *TreeId::ALL.get(usize::from(*t)).ok_or_else(bad)?;
        let len = usize::from(u16::from_le_bytes([*a, *b]));
        let key = rest.get(..len).ok_or_else(bad)?;
        let rest = &rest[len..];
        let vlen = rest
            .get(..4)
            .and_then(|l| <[u8; 4]>::try_from(l).ok())
            .map(u32::from_le_bytes)
            .ok_or_else(bad)? as usize;
        let value = rest.get(4..4 + vlen).ok_or_else(bad)?;
        out.push((tree, key.to_vec(), value.to_vec()));
        bytes = &rest[4 + vlen..];
    }
    if bytes.is_empty() {
        Ok(out)
    } else {
        Err(bad())
    }
}

fn journal_read(mut bytes: &[u8]) -> Result<Vec<(TreeId, Vec<u8>)>> {
    let bad = || Error::Corrupt {
        what: "meta unfinished_commit".into(),
    };
    let mut out = Vec::new();
    while let [t, a, b, rest @ ..] = bytes {
        let tree = *TreeId::ALL.get(usize::from(*t)).ok_or_else(bad)?;
        let len = usize::from(u16::from_le_bytes([*a, *b]));
        let key = rest.get(..len).ok_or_else(bad)?;
        out.push((tree, key.to_vec()));
        bytes = &rest[len..];
    }
    if bytes.is_empty() {
        Ok(out)
    } else {
        Err(bad())
    }
}

/// `mine` on this thread and `theirs` on another, both to the end; the
/// first failure of the two (this thread's first) is the answer.
pub(super) fn side_by_side<A, B: Send>(
    mine: impl FnOnce() -> Result<A>,
    theirs: impl FnOnce() -> Result<B> + Send,
) -> Result<(A, B)> {
    std::thread::scope(|s| {
        let other = s.spawn(theirs);
        let mine = mine();
        let theirs = other.join().unwrap_or_else(|_| {
            Err(Error::Storage {
                detail: "a writing thread stopped".into(),
            })
        });
        Ok((mine?, theirs?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OpenOptions, id_key, pair_key};

    fn open(dir: &std::path::Path, create: bool) -> Store {
        Store::open(
            &dir.join("db"),
            &OpenOptions {
                create,
                ..OpenOptions::default()
            },
        )
        .unwrap()
    }

    fn many(n: u64, from: u64) -> Changes {
        let mut c = Changes::default();
        for id in from..from + n {
            c.put_raw(TreeId::People, &id_key(id), b"p");
            c.put_raw(TreeId::PeopleByUnit, &crate::store::pair_key(1, id), &[]);
        }
        c
    }

    #[test]
    fn a_large_commit_of_new_keys_lands_whole() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path(), true);
        assert!(s.commit_in_parts(&[many(3000, 1)]).unwrap());
        assert_eq!(s.len(TreeId::People), 3000);
        assert_eq!(s.len(TreeId::PeopleByUnit), 3000);
        assert!(s.meta_raw("unfinished_commit").unwrap().is_none());
        // Small, or overwriting much of what exists: one transaction instead.
        assert!(!s.commit_in_parts(&[many(10, 5000)]).unwrap());
        assert!(!s.commit_in_parts(&[many(3000, 1)]).unwrap());
    }

    #[test]
    fn existing_keys_change_only_in_the_last_part() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path(), true);
        let mut c = Changes::default();
        c.put_raw(TreeId::ElderCounts, &id_key(7), b"old");
        c.put_raw(TreeId::ElderCounts, &id_key(8), b"old");
        s.commit(c).unwrap();
        let mut big = many(3000, 1);
        big.put_raw(TreeId::ElderCounts, &id_key(7), b"new");
        big.delete(TreeId::ElderCounts, &id_key(8));
        big.put_raw(TreeId::ElderCounts, &id_key(9), b"added");
        let ops: Vec<&Op> = big.ops.iter().collect();
        let plan = s.plan_parts(&ops, &[]).unwrap().unwrap();
        assert_eq!(plan.added.len(), 6001);
        assert_eq!(plan.last.len(), 2);
        assert!(s.commit_in_parts(&[big]).unwrap());
        let get = |id| s.tree(TreeId::ElderCounts).get(id_key(id)).unwrap();
        assert_eq!(get(7).as_deref(), Some(&b"new"[..]));
        assert_eq!(get(8), None);
        assert_eq!(get(9).as_deref(), Some(&b"added"[..]));
    }

    #[test]
    fn an_added_key_deleted_later_in_the_commit_waits_for_the_last_part() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path(), true);
        let mut big = many(3000, 1);
        big.delete(TreeId::People, &id_key(5));
        let ops: Vec<&Op> = big.ops.iter().collect();
        let plan = s.plan_parts(&ops, &[]).unwrap().unwrap();
        // The put of person 5 and its deletion, in their order.
        assert!(matches!(plan.last[..], [Op::Put(..), Op::Delete(..)]));
        assert!(s.commit_in_parts(&[big]).unwrap());
        assert_eq!(s.len(TreeId::People), 2999);
    }

    #[test]
    fn an_unfinished_commit_is_undone_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = open(dir.path(), true);
            s.commit(many(5, 1)).unwrap();
            // As if the program stopped after the journal and one part.
            let big = many(3000, 100);
            let mut journal = Vec::new();
            for op in &big.ops {
                if let Op::Put(t, k, _) = op {
                    journal_push(&mut journal, *t, k).unwrap();
                }
            }
            let mut c = Changes::default();
            c.put_raw(TreeId::Meta, JOURNAL, &journal);
            s.commit(c).unwrap();
            let part: Vec<&Op> = big.ops.iter().take(PART_OPS).collect();
            s.apply(&part).unwrap();
            s.sync().unwrap();
            assert_eq!(s.len(TreeId::People), 5 + PART_OPS / 2);
        }
        let s = open(dir.path(), false);
        assert_eq!(s.len(TreeId::People), 5);
        assert_eq!(s.len(TreeId::PeopleByUnit), 5);
        assert!(s.meta_raw("unfinished_commit").unwrap().is_none());
    }

    /// Three stored entries of people's days, rewritten (two) and deleted
    /// (one) beside 6,000 new keys: the rewrites land in parts with their
    /// old values journalled, the deletion waits for the last part.
    fn with_rewrites(s: &Store) -> (Changes, Vec<Rewrite>) {
        let mut c = Changes::default();
        for p in [1u64, 2, 3] {
            c.put_raw(TreeId::PersonDays, &id_key(p), b"old");
        }
        s.commit(c).unwrap();
        let old = || Some(sled::IVec::from(&b"old"[..]));
        let rewrites = vec![
            (
                Op::Put(TreeId::PersonDays, id_key(1).to_vec(), b"new".to_vec()),
                old(),
            ),
            (
                Op::Put(TreeId::PersonDays, id_key(4).to_vec(), b"added".to_vec()),
                None,
            ),
            (Op::Delete(TreeId::PersonDays, id_key(2).to_vec()), old()),
            (
                Op::Put(TreeId::PersonDays, id_key(3).to_vec(), b"new".to_vec()),
                old(),
            ),
        ];
        (many(3000, 1), rewrites)
    }

    fn days_stored(s: &Store) -> Vec<(u64, Vec<u8>)> {
        s.tree(TreeId::PersonDays)
            .iter()
            .map(|e| {
                let (k, v) = e.unwrap();
                (
                    u64::from_be_bytes(k.as_ref().try_into().unwrap()),
                    v.to_vec(),
                )
            })
            .collect()
    }

    #[test]
    fn rewritten_entries_land_in_parts_with_their_old_values_journalled() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path(), true);
        let (big, rewrites) = with_rewrites(&s);
        let ops: Vec<&Op> = big.ops.iter().collect();
        let plan = s.plan_parts(&ops, &rewrites).unwrap().unwrap();
        assert_eq!(
            (plan.added.len(), plan.replaced.len(), plan.last.len()),
            (6001, 2, 1)
        );
        assert_eq!(&plan.replaced[0].1[..], b"old");
        assert!(s.commit_ops_in_parts(&ops, &rewrites).unwrap());
        assert_eq!(
            days_stored(&s),
            [
                (1, b"new".to_vec()),
                (3, b"new".to_vec()),
                (4, b"added".to_vec())
            ]
        );
        assert!(s.meta_raw("unfinished_commit_replaced").unwrap().is_none());
    }

    #[test]
    fn an_unfinished_commit_puts_back_what_it_rewrote() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = open(dir.path(), true);
            let (big, rewrites) = with_rewrites(&s);
            let ops: Vec<&Op> = big.ops.iter().collect();
            s.stop_after_parts
                .store(1, std::sync::atomic::Ordering::SeqCst);
            assert!(s.commit_ops_in_parts(&ops, &rewrites).is_err());
        }
        let s = open(dir.path(), false);
        let old = b"old".to_vec();
        assert_eq!(
            days_stored(&s),
            [(1, old.clone()), (2, old.clone()), (3, old)]
        );
        assert_eq!(s.len(TreeId::People), 0);
        assert!(s.meta_raw("unfinished_commit").unwrap().is_none());
        assert!(s.meta_raw("unfinished_commit_replaced").unwrap().is_none());
        assert!(replaced_read(&[3, 1, 0, 9, 2, 0, 0]).is_err());
    }

    /// Keys in a scrambled order, some twice, across many leaves: what the
    /// leaf-by-leaf writes leave is what single writes would, the later of
    /// two writes to a key winning; and a transaction that mixes sets and
    /// removals over those leaves lands the same way.
    #[test]
    fn writes_grouped_by_leaf_read_back_as_single_writes() {
        use std::collections::BTreeMap;
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path(), true);
        let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        let mut puts = Vec::new();
        let mut x: u64 = 7;
        for i in 0..20_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let key = pair_key(x % 600, x >> 50).to_vec();
            let value = format!("v{i}").into_bytes();
            model.insert(key.clone(), value.clone());
            puts.push(Op::Put(TreeId::WorkByUnit, key, value));
        }
        s.insert_added(&puts.iter().collect::<Vec<_>>()).unwrap();
        let mut mixed = Vec::new();
        for (n, key) in model
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .into_iter()
            .enumerate()
        {
            if n % 3 == 0 {
                mixed.push(Op::Delete(TreeId::WorkByUnit, key.clone()));
                model.remove(&key);
            } else if n % 7 == 0 {
                mixed.push(Op::Put(TreeId::WorkByUnit, key.clone(), b"again".to_vec()));
                model.insert(key, b"again".to_vec());
            }
        }
        s.apply(&mixed.iter().collect::<Vec<_>>()).unwrap();
        let stored: Vec<(Vec<u8>, Vec<u8>)> = s
            .tree(TreeId::WorkByUnit)
            .iter()
            .map(|e| e.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap())
            .collect();
        assert_eq!(stored, model.into_iter().collect::<Vec<_>>());
    }

    /// A sorted write far larger than a leaf is cut into leaves of its own
    /// (`Tree::write_by_leaf`): appended runs of records, runs landing in
    /// the middle of full leaves and removals among them read back as
    /// single writes would leave them, key by key, forwards, backwards
    /// and after the database is opened again.
    #[test]
    fn a_write_larger_than_a_leaf_reads_back_after_reopening() {
        use std::collections::BTreeMap;
        let dir = tempfile::tempdir().unwrap();
        let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        {
            let s = open(dir.path(), true);
            let tree = s.tree(TreeId::Activities);
            // Runs of 2,000 records of 300 bytes, each about 150 leaves'
            // worth, appended as a load appends them.
            for run in 0..5u64 {
                let entries: Vec<(sled::IVec, sled::IVec)> = (run * 2_000..(run + 1) * 2_000)
                    .map(|id| {
                        let value = vec![(id % 251) as u8; 300];
                        model.insert(id_key(id * 4).to_vec(), value.clone());
                        (id_key(id * 4).as_slice().into(), value.into())
                    })
                    .collect();
                tree.insert_sorted(entries).unwrap();
            }
            // Between the stored keys, over the whole tree, with removals.
            let mut mixed: Vec<(sled::IVec, Option<sled::IVec>)> = Vec::new();
            for id in 0..10_000u64 {
                if id % 5 == 0 {
                    let key = id_key(id * 4 + 1).to_vec();
                    model.insert(key.clone(), b"between".to_vec());
                    mixed.push((key.as_slice().into(), Some(b"between".as_slice().into())));
                } else if id % 7 == 0 {
                    let key = id_key(id * 4).to_vec();
                    model.remove(&key);
                    mixed.push((key.as_slice().into(), None));
                }
            }
            // A run in the middle far larger than a leaf.
            for id in 20_000..24_000u64 {
                let key = id_key(4_000 * 4 + 2)
                    .iter()
                    .chain(&id.to_be_bytes())
                    .copied()
                    .collect::<Vec<u8>>();
                model.insert(key.clone(), vec![7; 200]);
                mixed.push((key.as_slice().into(), Some(vec![7u8; 200].into())));
            }
            tree.write_sorted(mixed).unwrap();
            check_tree(tree, &model);
            s.sync().unwrap();
        }
        let s = open(dir.path(), false);
        check_tree(s.tree(TreeId::Activities), &model);
    }

    fn check_tree(tree: &sled::Tree, model: &std::collections::BTreeMap<Vec<u8>, Vec<u8>>) {
        let forwards: Vec<(Vec<u8>, Vec<u8>)> = tree
            .iter()
            .map(|e| e.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap())
            .collect();
        let expected: Vec<(Vec<u8>, Vec<u8>)> =
            model.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        assert_eq!(forwards.len(), expected.len());
        assert!(forwards == expected);
        let backwards: Vec<Vec<u8>> = tree.iter().rev().map(|e| e.unwrap().0.to_vec()).collect();
        assert!(backwards.iter().eq(model.keys().rev()));
        for (k, v) in model {
            assert_eq!(tree.get(k).unwrap().as_deref(), Some(v.as_slice()));
        }
        assert_eq!(tree.get(id_key(7 * 4)).unwrap(), None);
    }

    /// Over many leaves, the leaf-by-leaf presence check answers as
    /// `contains_key` on each key does.
    #[test]
    fn presence_checked_by_leaf_agrees_with_single_lookups() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path(), true);
        let tree = s.tree(TreeId::WorkByUnit);
        let mut x: u64 = 3;
        let mut asked = Vec::new();
        for i in 0..30_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let key = pair_key(x % 700, x >> 52).to_vec();
            if i % 3 == 0 {
                tree.insert(key.as_slice(), Vec::<u8>::new()).unwrap();
            }
            asked.push(key);
        }
        asked.push(Vec::new());
        asked.push(vec![0xFF; 20]);
        asked.sort();
        asked.dedup();
        let keys: Vec<&[u8]> = asked.iter().map(Vec::as_slice).collect();
        let by_leaf = tree.contains_sorted(&keys).unwrap();
        let single: Vec<bool> = keys.iter().map(|k| tree.contains_key(k).unwrap()).collect();
        assert_eq!(by_leaf, single);
        assert!(by_leaf.iter().filter(|p| **p).count() > 9_000);
    }

    #[test]
    fn a_damaged_journal_is_reported() {
        assert!(journal_read(&[3, 5, 0, 1]).is_err());
        assert!(journal_read(&[200, 0, 0]).is_err());
        let mut j = Vec::new();
        journal_push(&mut j, TreeId::People, &[1, 2]).unwrap();
        assert_eq!(
            journal_read(&j).unwrap(),
            vec![(TreeId::People, vec![1, 2])]
        );
    }
}
