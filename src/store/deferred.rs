//! Index entries held back during a bulk load (`Store::defer_syncs`, which
//! only `ggw gen` uses). The work indexes are keyed by day, unit or person,
//! so each commit of a few thousand records scatters its keys over nearly
//! every leaf of those trees, and rewrote most of them every commit: at a
//! province, hundreds of commits times thousands of leaves. Held here, they
//! reach sled in key order a few times per load, each leaf written once a
//! time.
//!
//! Nothing can tell: a read of a tree with entries held back writes them
//! first (`Store::tree`), as does a commit that deletes from it, and the
//! end of the load writes the rest before its one sync.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{Op, Store, TreeId, storage};
use crate::error::Result;

/// The trees held back: written by every work record, read by nothing a
/// load of work records asks, except the duplicate check of activities,
/// which reads the unit index (and so writes it first).
const HELD: &[TreeId] = &[TreeId::WorkByDate, TreeId::WorkByUnit, TreeId::WorkByPerson];

/// Bytes held per tree before they are written: bounds the memory a load
/// takes whatever its size, at a few rewrites of each leaf per load.
const HOLD_BYTES: usize = 48 * 1024 * 1024;

/// Entries per sorted insert, of the held entries and of a loaded commit.
/// Each insert holds one epoch guard, and the leaves it replaces are freed
/// only after the guard is dropped, a little at every later one: runs of
/// 50,000 against these of 2,000 took a generated city's peak from 413 MiB
/// to 328 MiB.
const WRITE_RUN: usize = 2_000;

/// One tree's held entries, `[key length: u16 LE][value length: u32 LE]
/// [key][value]` each, in the order they were committed.
#[derive(Default)]
struct Held {
    bytes: Vec<u8>,
    starts: Vec<u32>,
}

impl Held {
    fn push(&mut self, key: &[u8], value: &[u8]) -> bool {
        let (Ok(k), Ok(v), Ok(at)) = (
            u16::try_from(key.len()),
            u32::try_from(value.len()),
            u32::try_from(self.bytes.len()),
        ) else {
            return false;
        };
        self.starts.push(at);
        self.bytes.extend_from_slice(&k.to_le_bytes());
        self.bytes.extend_from_slice(&v.to_le_bytes());
        self.bytes.extend_from_slice(key);
        self.bytes.extend_from_slice(value);
        true
    }

    fn entry(&self, at: u32) -> (&[u8], &[u8]) {
        let at = at as usize;
        let b = &self.bytes;
        let k = usize::from(u16::from_le_bytes([b[at], b[at + 1]]));
        let v = u32::from_le_bytes([b[at + 2], b[at + 3], b[at + 4], b[at + 5]]) as usize;
        let key = &b[at + 6..at + 6 + k];
        (key, &b[at + 6 + k..at + 6 + k + v])
    }
}

pub(super) struct Deferred {
    /// Whether a tree has entries held: read on every `Store::tree`, so
    /// that the common case takes no lock.
    waiting: Vec<AtomicBool>,
    on: AtomicBool,
    held: Vec<Mutex<Held>>,
}

impl Deferred {
    pub(super) fn new() -> Deferred {
        Deferred {
            waiting: TreeId::ALL.iter().map(|_| AtomicBool::new(false)).collect(),
            on: AtomicBool::new(false),
            held: TreeId::ALL.iter().map(|_| Mutex::default()).collect(),
        }
    }
}

impl Store {
    /// Holds back the work indexes' new entries until `write_held`.
    pub(super) fn hold_indexes(&self, on: bool) {
        self.deferred.on.store(on, Ordering::SeqCst);
    }

    /// Splits a commit's operations into those to write now and the puts
    /// to hold back. A tree the commit deletes from is written out first
    /// and keeps its operations, so they land in their order.
    pub(super) fn split_held<'a>(&self, ops: Vec<&'a Op>) -> Result<(Vec<&'a Op>, Vec<&'a Op>)> {
        if !self.deferred.on.load(Ordering::SeqCst) {
            return Ok((ops, Vec::new()));
        }
        let mut deletes = [false; TreeId::ALL.len()];
        for op in &ops {
            if let Op::Delete(t, _) = op {
                deletes[t.index()] = true;
            }
        }
        for t in HELD {
            if deletes[t.index()] {
                self.write_held(*t)?;
            }
        }
        let (held, now): (Vec<&Op>, Vec<&Op>) = ops.into_iter().partition(|op| match op {
            Op::Put(t, k, v) => {
                HELD.contains(t) && !deletes[t.index()] && k.len() <= 0xFFFF && v.len() < 1 << 31
            }
            Op::Delete(..) => false,
        });
        Ok((now, held))
    }

    /// Keeps the puts of a commit that has landed, writing a tree's once
    /// they pass `HOLD_BYTES`.
    pub(super) fn keep_held(&self, puts: &[&Op]) -> Result<()> {
        for t in HELD {
            let full = {
                let mut held = self.deferred.held[t.index()]
                    .lock()
                    .unwrap_or_else(|p| p.into_inner());
                for op in puts {
                    if let Op::Put(pt, k, v) = op
                        && pt == t
                        && held.push(k, v)
                    {
                        self.deferred.waiting[t.index()].store(true, Ordering::SeqCst);
                    }
                }
                held.bytes.len() >= HOLD_BYTES
            };
            if full {
                self.write_held(*t)?;
            }
        }
        Ok(())
    }

    /// Whether `tree` has entries held back.
    pub(super) fn holds(&self, tree: TreeId) -> bool {
        self.deferred.waiting[tree.index()].load(Ordering::Relaxed)
    }

    /// Writes the entries held for `tree`, in key order (the later of two
    /// puts of a key winning), each leaf once.
    pub(super) fn write_held(&self, tree: TreeId) -> Result<()> {
        let mut held = self.deferred.held[tree.index()]
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        if held.starts.is_empty() {
            return Ok(());
        }
        let starts = std::mem::take(&mut held.starts);
        // By each key's first eight bytes, which tell most keys apart
        // without reading them from the held bytes, then by the whole key;
        // equal keys in their commit order, which is the order of `at`.
        let mut order: Vec<(u64, u32)> = starts
            .into_iter()
            .map(|at| (leading(held.entry(at).0), at))
            .collect();
        order.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| held.entry(a.1).0.cmp(held.entry(b.1).0))
                .then(a.1.cmp(&b.1))
        });
        let sled_tree = &self.trees[tree.index()];
        for run in order.chunks(WRITE_RUN) {
            let entries = run
                .iter()
                .map(|(_, at)| {
                    let (k, v) = held.entry(*at);
                    (k.into(), v.into())
                })
                .collect();
            sled_tree.insert_sorted(entries).map_err(storage)?;
        }
        held.bytes = Vec::new();
        self.deferred.waiting[tree.index()].store(false, Ordering::SeqCst);
        Ok(())
    }

    /// A commit during a bulk load: every tree's operations written leaf
    /// by leaf, with no transaction, journal or check of which keys exist.
    /// A load that stops half-way leaves a database to throw away
    /// (`defer_syncs`), so a commit need not be all or nothing across a
    /// failure; in its order and its result it is the same as one.
    pub(super) fn write_loaded(&self, ops: &[&Op]) -> Result<()> {
        let sequences: Vec<Op> = self
            .sequence_values()
            .into_iter()
            .map(|(k, v)| Op::Put(TreeId::Meta, k, v.to_vec()))
            .collect();
        let all: Vec<&Op> = sequences.iter().chain(ops.iter().copied()).collect();
        self.save_before_images(all.iter().map(|op| match op {
            Op::Put(t, k, _) | Op::Delete(t, k) => (*t, k.as_slice()),
        }))?;
        self.per_tree(&all, |tree, ops| {
            let mut ops = ops.to_vec();
            // Stable, so that of two writes to a key the later stays last.
            ops.sort_by(|a, b| key_of(a).cmp(key_of(b)));
            let mut keep: Vec<&Op> = Vec::with_capacity(ops.len());
            for op in ops {
                match keep.last_mut() {
                    Some(last) if key_of(last) == key_of(op) => *last = op,
                    _ => keep.push(op),
                }
            }
            for run in keep.chunks(WRITE_RUN) {
                let entries = run
                    .iter()
                    .map(|op| match op {
                        Op::Put(_, k, v) => (k.as_slice().into(), Some(v.as_slice().into())),
                        Op::Delete(_, k) => (k.as_slice().into(), None),
                    })
                    .collect();
                tree.write_sorted(entries).map_err(storage)?;
            }
            Ok(())
        })
        .map(drop)
    }

    /// Writes every tree's held entries on two threads, the people's index
    /// on one and the others after each other on the second. On a thread
    /// each, they raised a province's peak memory past 1 GiB (BENCHMARKS.md,
    /// "Generating a province within a minute").
    pub(super) fn write_all_held(&self) -> Result<()> {
        let (others, people) = HELD.split_at(HELD.len() - 1);
        let write = |trees: &[TreeId]| trees.iter().try_for_each(|t| self.write_held(*t));
        super::parts::side_by_side(|| write(others), || write(people)).map(drop)
    }
}

/// A key's first eight bytes as a number, a shorter key's padded with
/// zeros: ordered as the keys are wherever two of them differ.
fn leading(key: &[u8]) -> u64 {
    let mut first = [0u8; 8];
    let n = key.len().min(8);
    first[..n].copy_from_slice(&key[..n]);
    u64::from_be_bytes(first)
}

fn key_of(op: &Op) -> &[u8] {
    match op {
        Op::Put(_, k, _) | Op::Delete(_, k) => k,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Changes, pair_key};

    fn keys(s: &Store, t: TreeId) -> Vec<(Vec<u8>, Vec<u8>)> {
        s.raw_entries(t).map(Result::unwrap).collect()
    }

    /// Keys in scrambled order over several commits, some put twice: held
    /// back, then read, deleted from and written at the end, the trees hold
    /// what single writes would have left, the later put of a key winning.
    #[test]
    fn held_entries_read_back_as_if_written_at_once() {
        use std::collections::BTreeMap;
        let (_dir, s) = crate::store::temp_store();
        s.defer_syncs();
        let mut model: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        let mut x: u64 = 11;
        for commit in 0..6u64 {
            let mut c = Changes::default();
            for i in 0..3_000u64 {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let key = pair_key(x % 500, x >> 54).to_vec();
                let value = format!("{commit}.{i}").into_bytes();
                c.put_raw(TreeId::WorkByDate, &key, &value);
                model.insert(key, value);
            }
            c.put_raw(TreeId::People, &crate::store::id_key(commit), b"p");
            s.commit(c).unwrap();
        }
        // The other trees land as ever; the held one waits.
        assert_eq!(s.trees[TreeId::People.index()].len(), 6);
        assert_eq!(s.trees[TreeId::WorkByDate.index()].len(), 0);
        assert!(s.holds(TreeId::WorkByDate));
        // A read writes them first.
        let want: Vec<_> = model.clone().into_iter().collect();
        assert_eq!(keys(&s, TreeId::WorkByDate), want);
        assert!(!s.holds(TreeId::WorkByDate));

        // Held again, then a commit that deletes one and puts others.
        let mut c = Changes::default();
        c.put_raw(TreeId::WorkByDate, &pair_key(900, 1), b"a");
        c.put_raw(TreeId::WorkByPerson, &pair_key(3, 1), b"");
        s.commit(c).unwrap();
        model.insert(pair_key(900, 1).to_vec(), b"a".to_vec());
        let first = model.keys().next().cloned().unwrap();
        let mut c = Changes::default();
        c.delete(TreeId::WorkByDate, &first);
        c.put_raw(TreeId::WorkByDate, &pair_key(900, 1), b"b");
        s.commit(c).unwrap();
        model.remove(&first);
        model.insert(pair_key(900, 1).to_vec(), b"b".to_vec());
        s.finish_deferred().unwrap();
        assert!(!s.holds(TreeId::WorkByPerson));
        assert_eq!(
            keys(&s, TreeId::WorkByDate),
            model.into_iter().collect::<Vec<_>>()
        );
        assert_eq!(
            keys(&s, TreeId::WorkByPerson),
            vec![(pair_key(3, 1).to_vec(), Vec::new())]
        );
    }

    /// Keys shorter and longer than eight bytes, alike in their first
    /// eight or ending in zeros, put out of order and some twice: written
    /// in key order, the later put of a key winning.
    #[test]
    fn keys_alike_in_their_first_bytes_land_in_key_order() {
        use std::collections::BTreeMap;
        let (_dir, s) = crate::store::temp_store();
        s.defer_syncs();
        let puts: [&[u8]; 9] = [
            b"abcdefgh1",
            b"abc",
            b"abcdefgh",
            b"abc\0",
            b"abcdefgh\0\0",
            b"abcdefgg\xff",
            b"",
            b"abcdefgh0",
            b"\xff",
        ];
        let mut model = BTreeMap::new();
        for round in 0..2u8 {
            let mut c = Changes::default();
            for (i, k) in puts.iter().enumerate().rev() {
                if round == 1 && i % 3 != 0 {
                    continue;
                }
                c.put_raw(TreeId::WorkByUnit, k, &[round, i as u8]);
                model.insert(k.to_vec(), vec![round, i as u8]);
            }
            s.commit(c).unwrap();
        }
        s.finish_deferred().unwrap();
        assert_eq!(
            keys(&s, TreeId::WorkByUnit),
            model.into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn nothing_is_held_outside_a_load() {
        let (_dir, s) = crate::store::temp_store();
        let mut c = Changes::default();
        c.put_raw(TreeId::WorkByUnit, &pair_key(1, 2), b"");
        s.commit(c).unwrap();
        assert!(!s.holds(TreeId::WorkByUnit));
        assert_eq!(s.trees[TreeId::WorkByUnit.index()].len(), 1);
    }
}
