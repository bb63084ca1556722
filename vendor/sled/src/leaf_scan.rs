//! Forward scans that read a leaf at a time (not in sled 0.34.7).
//!
//! `Iter::next` pins an epoch, takes the concurrency-control lock and
//! searches its cached leaf again for every key, and at each leaf's end
//! walks down from the root and copies the next leaf whole. A leaf scan
//! pins once for a run of leaves, hands out each leaf's entries in order
//! straight from the page cache's copy, and steps to the right sibling
//! through the leaf's `next` pointer.
//!
//! It sees what `Iter` sees: each leaf as it was when it was read, and the
//! same checks decide whether the leaf reached still holds the scan's
//! position (a split or merge since the previous leaf was read moves it),
//! falling back to a search from the root as `Iter` does when not.
//!
//! Following `next` is safe only under the guard the pointer was read
//! under: a merged-away sibling's page id is freed through the epoch, so
//! it cannot be reused (for a node of another tree, perhaps) while that
//! guard is pinned. A run of leaves therefore stays under one guard, and
//! each run starts again from the root; the run is short so that a long
//! scan does not hold back the reclaiming of old page versions. The
//! concurrency-control lock is held only while a leaf is fetched, never
//! while the caller's function runs: that function may commit a
//! transaction, which waits for every reader to leave.

use std::ops::{Bound, ControlFlow, RangeBounds};

use super::*;

/// Leaves read under one guard before the scan starts again from the
/// root.
const LEAVES_PER_PIN: usize = 64;

/// Leaves an iterator reads ahead at a time.
const LEAVES_PER_BATCH: usize = 8;

#[cfg(any(test, feature = "lock_free_delays"))]
const MAX_LOOPS: usize = usize::max_value();

#[cfg(not(any(test, feature = "lock_free_delays")))]
const MAX_LOOPS: usize = 1_000_000;

/// How one run of leaves under a guard ended.
enum Run<B> {
    /// The range is exhausted.
    Done,
    /// The caller's function stopped the scan.
    Stopped(B),
    /// More leaves follow; `lo` says where.
    More,
}

fn start_bound<K: AsRef<[u8]>>(b: Bound<&K>) -> Bound<IVec> {
    match b {
        Bound::Included(k) => Bound::Included(IVec::from(k.as_ref())),
        Bound::Excluded(k) => Bound::Excluded(IVec::from(k.as_ref())),
        // as `Tree::range`: the empty key is the lowest
        Bound::Unbounded => Bound::Included(IVec::from(&[])),
    }
}

fn end_bound<K: AsRef<[u8]>>(b: Bound<&K>) -> Bound<IVec> {
    match b {
        Bound::Included(k) => Bound::Included(IVec::from(k.as_ref())),
        Bound::Excluded(k) => Bound::Excluded(IVec::from(k.as_ref())),
        Bound::Unbounded => Bound::Unbounded,
    }
}

fn low_key(lo: &Bound<IVec>) -> &[u8] {
    match lo {
        Bound::Unbounded => &[],
        Bound::Excluded(k) | Bound::Included(k) => k.as_ref(),
    }
}

/// Whether `key` lies past the end of the range.
fn beyond(hi: &Bound<IVec>, key: &[u8]) -> bool {
    match hi {
        Bound::Unbounded => false,
        Bound::Included(h) => key > h.as_ref(),
        Bound::Excluded(h) => key >= h.as_ref(),
    }
}

/// Whether no key can lie in `lo..hi` (as `Iter::bounds_collapsed`).
fn collapsed(lo: &Bound<IVec>, hi: &Bound<IVec>) -> bool {
    match (lo, hi) {
        (Bound::Included(s), Bound::Included(e))
        | (Bound::Included(s), Bound::Excluded(e))
        | (Bound::Excluded(s), Bound::Included(e))
        | (Bound::Excluded(s), Bound::Excluded(e)) => s > e,
        _ => false,
    }
}

/// Whether `node` is a leaf that holds the scan's position `lo` and may be
/// read for it; else the scan searches from the root.
fn holds(node: &Node, lo: &Bound<IVec>) -> bool {
    !node.data.is_index()
        && !node.merging
        && node.contains_upper_bound(lo)
        && node.contains_lower_bound(lo, true)
}

/// The index of the first entry of `node` inside the range starting at
/// `lo` (as `Node::successor` finds it); `node` holds `lo`.
fn first_index(node: &Node, leaf: &node::Leaf, lo: &Bound<IVec>) -> usize {
    let plen = node.prefix_len as usize;
    let from: &[u8] = match lo {
        Bound::Unbounded => &node.lo,
        Bound::Included(b) | Bound::Excluded(b) => {
            std::cmp::max(b.as_ref(), node.lo.as_ref())
        }
    };
    let encoded = &from[plen..];
    match leaf.keys.binary_search_by(|k| fastcmp(k, encoded)) {
        Ok(i) => match lo {
            Bound::Excluded(b) if b[plen..] == *leaf.keys[i] => i + 1,
            _ => i,
        },
        Err(i) => i,
    }
}

impl Tree {
    /// Calls `f` with each key and value in `range`, in key order, until
    /// it breaks; answers what it broke with. The slices are valid for
    /// the call only. The same entries as `self.range(range)` gives, at
    /// a fraction of the cost per key.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # let db = sled::Config::new().temporary(true).open()?;
    /// use std::ops::ControlFlow;
    /// db.insert(&[1], vec![10])?;
    /// db.insert(&[2], vec![20])?;
    /// db.insert(&[3], vec![30])?;
    /// let mut sum = 0;
    /// let stopped = db.scan_leaves(&[2u8][..].., |_k: &[u8], v: &[u8]| {
    ///     sum += v[0];
    ///     ControlFlow::<()>::Continue(())
    /// })?;
    /// assert_eq!((sum, stopped), (50, None));
    /// # Ok(()) }
    /// ```
    pub fn scan_leaves<K, R, B, F>(&self, range: R, mut f: F) -> Result<Option<B>>
    where
        K: AsRef<[u8]>,
        R: RangeBounds<K>,
        F: FnMut(&[u8], &[u8]) -> ControlFlow<B>,
    {
        let mut lo = start_bound(range.start_bound());
        let hi = end_bound(range.end_bound());
        loop {
            match self.leaf_run(&mut lo, &hi, LEAVES_PER_PIN, |k, v| {
                f(k, v.as_ref())
            })? {
                Run::Done => return Ok(None),
                Run::Stopped(b) => return Ok(Some(b)),
                Run::More => {}
            }
        }
    }

    /// A forward iterator over `range` that reads several leaves at a
    /// time: `self.range(range)` without its cost per key, for callers
    /// that want owned entries.
    pub fn leaf_iter<K, R>(&self, range: R) -> LeafIter
    where
        K: AsRef<[u8]>,
        R: RangeBounds<K>,
    {
        LeafIter {
            tree: self.clone(),
            lo: start_bound(range.start_bound()),
            hi: end_bound(range.end_bound()),
            batch: std::collections::VecDeque::new(),
            done: false,
        }
    }

    /// Reads up to `max_leaves` leaves under one guard, from the position
    /// `lo` on, handing their entries in `hi` to `f`; leaves `lo` where
    /// the next run starts.
    fn leaf_run<B, F>(
        &self,
        lo: &mut Bound<IVec>,
        hi: &Bound<IVec>,
        max_leaves: usize,
        mut f: F,
    ) -> Result<Run<B>>
    where
        F: FnMut(&[u8], &IVec) -> ControlFlow<B>,
    {
        let guard = pin();
        let mut key: Vec<u8> = Vec::new();
        let mut leaves = 0;
        let mut next: Option<PageId> = None;

        for _ in 0..MAX_LOOPS {
            if collapsed(lo, hi) {
                return Ok(Run::Done);
            }

            let view = {
                let _cc = concurrency_control::read();
                let sibling = match next.take() {
                    Some(pid) => self.view_for_pid(pid, &guard)?,
                    None => None,
                };
                match sibling {
                    Some(view) if holds(&view, lo) => view,
                    // freed by a merge, split since, or no sibling
                    // followed: find the leaf from the root
                    _ => self.view_for_key(low_key(lo), &guard)?,
                }
            };
            if !holds(&view, lo) {
                // as `Iter`, which searches again when its leaf no
                // longer holds its position
                continue;
            }

            let node: &Node = &view;
            let leaf = node.data.leaf_ref().expect("holds() checked a leaf");
            let plen = node.prefix_len as usize;
            key.clear();
            key.extend_from_slice(&node.lo[..plen]);
            for i in first_index(node, leaf, lo)..leaf.keys.len() {
                key.truncate(plen);
                key.extend_from_slice(&leaf.keys[i]);
                if beyond(hi, &key) {
                    return Ok(Run::Done);
                }
                if let ControlFlow::Break(b) = f(&key, &leaf.values[i]) {
                    *lo = Bound::Excluded(IVec::from(&key[..]));
                    return Ok(Run::Stopped(b));
                }
            }

            if node.hi.is_empty() || beyond(hi, &node.hi) {
                return Ok(Run::Done);
            }
            *lo = Bound::Included(node.hi.clone());
            leaves += 1;
            if leaves >= max_leaves {
                return Ok(Run::More);
            }
            next = node.next.map(std::num::NonZeroU64::get);
        }
        panic!("leaf scan found no leaf for {:?} on {:?}", lo, self);
    }
}

/// Entries of a range in key order, read several leaves at a time; made
/// by [`Tree::leaf_iter`].
pub struct LeafIter {
    tree: Tree,
    lo: Bound<IVec>,
    hi: Bound<IVec>,
    batch: std::collections::VecDeque<(IVec, IVec)>,
    done: bool,
}

impl Iterator for LeafIter {
    type Item = Result<(IVec, IVec)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(kv) = self.batch.pop_front() {
                return Some(Ok(kv));
            }
            if self.done {
                return None;
            }
            let batch = &mut self.batch;
            let run = self.tree.leaf_run::<(), _>(
                &mut self.lo,
                &self.hi,
                LEAVES_PER_BATCH,
                |k, v| {
                    batch.push_back((IVec::from(k), v.clone()));
                    ControlFlow::Continue(())
                },
            );
            match run {
                Ok(Run::More) => {}
                Ok(_) => self.done = true,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

