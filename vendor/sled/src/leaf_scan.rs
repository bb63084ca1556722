//! Forward scans that read a leaf at a time (not in sled 0.34.7).
//!
//! `Iter::next` pins an epoch, takes the concurrency-control lock and
//! searches its cached leaf again for every key, and at each leaf's end
//! walks down from the root and copies the next leaf whole. A leaf scan
//! pins once for a run of leaves, takes each leaf's entries in order
//! straight from the page cache's copy (a value is shared, not copied),
//! and steps to the right sibling through the leaf's `next` pointer.
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
//! each run starts again from the root. The caller's code runs after the
//! guard is dropped: a guard held while it works would keep every thread's
//! old page versions (the cache's evictions among them) from being freed,
//! and it may commit a transaction, which waits for the concurrency-control
//! lock that readers hold while fetching a leaf.

use std::collections::VecDeque;
use std::ops::{Bound, ControlFlow, RangeBounds};

use super::*;

/// Leaves read under one guard, ahead of the caller, before the scan
/// starts again from the root.
const LEAVES_PER_RUN: usize = 8;

#[cfg(any(test, feature = "lock_free_delays"))]
const MAX_LOOPS: usize = usize::max_value();

#[cfg(not(any(test, feature = "lock_free_delays")))]
const MAX_LOOPS: usize = 1_000_000;

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
        for kv in self.leaf_iter(range) {
            let (k, v) = kv?;
            if let ControlFlow::Break(b) = f(&k, &v) {
                return Ok(Some(b));
            }
        }
        Ok(None)
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
            batch: VecDeque::new(),
            done: false,
        }
    }

    /// Reads up to `LEAVES_PER_RUN` leaves under one guard, from the
    /// position `lo` on, onto `out`: their entries inside `hi`. Leaves
    /// `lo` where the next run starts; answers whether the range is done.
    fn read_run(
        &self,
        lo: &mut Bound<IVec>,
        hi: &Bound<IVec>,
        out: &mut VecDeque<(IVec, IVec)>,
    ) -> Result<bool> {
        let guard = pin();
        let done = self.read_run_under(lo, hi, out, &guard);
        // As often as `Iter`'s pin for each key would: the guards come
        // seldom here, and old page versions wait for them to be freed.
        guard.inner.flush();
        done
    }

    fn read_run_under(
        &self,
        lo: &mut Bound<IVec>,
        hi: &Bound<IVec>,
        out: &mut VecDeque<(IVec, IVec)>,
        guard: &Guard,
    ) -> Result<bool> {
        let mut key: Vec<u8> = Vec::new();
        let mut leaves = 0;
        let mut next: Option<PageId> = None;

        for _ in 0..MAX_LOOPS {
            if collapsed(lo, hi) {
                return Ok(true);
            }

            let view = {
                let _cc = concurrency_control::read();
                // A sibling is read without entering the cache (see
                // `PageCache::peek`); one in the middle of a merge is
                // reached from the root, which completes the merge.
                let sibling = match next.take() {
                    Some(pid) => self.context.pagecache.peek(pid, guard)?,
                    None => None,
                };
                match sibling {
                    Some(node)
                        if node.merging_child.is_none() && holds(&node, lo) =>
                    {
                        Reached::Sibling(node)
                    }
                    // freed by a merge, split since, or no sibling
                    // followed: find the leaf from the root
                    _ => Reached::Searched(self.view_for_key(low_key(lo), guard)?),
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
                    return Ok(true);
                }
                out.push_back((IVec::from(&key[..]), leaf.values[i].clone()));
            }

            if node.hi.is_empty() || beyond(hi, &node.hi) {
                return Ok(true);
            }
            *lo = Bound::Included(node.hi.clone());
            leaves += 1;
            if leaves >= LEAVES_PER_RUN {
                return Ok(false);
            }
            next = node.next.map(std::num::NonZeroU64::get);
        }
        panic!("leaf scan found no leaf for {:?} on {:?}", lo, self);
    }
}

/// A leaf a run reached: through its left sibling's `next` pointer, or
/// by a search from the root.
enum Reached<'g> {
    Sibling(crate::pagecache::Peeked<'g>),
    Searched(crate::tree::View<'g>),
}

impl<'g> std::ops::Deref for Reached<'g> {
    type Target = Node;
    fn deref(&self) -> &Node {
        match self {
            Reached::Sibling(node) => node,
            Reached::Searched(view) => view,
        }
    }
}

/// Entries of a range in key order, read several leaves at a time; made
/// by [`Tree::leaf_iter`].
pub struct LeafIter {
    tree: Tree,
    lo: Bound<IVec>,
    hi: Bound<IVec>,
    batch: VecDeque<(IVec, IVec)>,
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
            match self.tree.read_run(&mut self.lo, &self.hi, &mut self.batch) {
                Ok(done) => self.done = done,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

