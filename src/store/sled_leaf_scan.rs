//! The vendored sled's leaf-at-a-time scans (vendor/sled/src/leaf_scan.rs)
//! held against its `range`, on trees of many leaves that split and merge,
//! with writers running beside the scan. Here rather than in sled, whose
//! own tests need crates the project does not carry.
use std::ops::{Bound, ControlFlow};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use sled::{Config, Db, IVec, Transactional};

fn db() -> Db {
    Config::new().temporary(true).open().unwrap()
}

/// A small deterministic generator, so a failure can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

/// Keys of varied lengths with long shared beginnings, so that leaves
/// keep prefixes of several lengths.
fn key(r: &mut Lcg) -> Vec<u8> {
    let mut k = vec![b'k', (r.next() % 3) as u8];
    for _ in 0..r.next() % 6 {
        k.push((r.next() % 4) as u8);
    }
    k
}

fn by_scan(db: &Db, lo: Bound<&Vec<u8>>, hi: Bound<&Vec<u8>>) -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut out = Vec::new();
    let stopped = db
        .scan_leaves::<Vec<u8>, _, (), _>((lo, hi), |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            ControlFlow::Continue(())
        })
        .unwrap();
    assert_eq!(stopped, None);
    out
}

fn by_leaf_iter(db: &Db, lo: Bound<&Vec<u8>>, hi: Bound<&Vec<u8>>) -> Vec<(Vec<u8>, Vec<u8>)> {
    db.leaf_iter::<Vec<u8>, _>((lo, hi))
        .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap())
        .collect()
}

fn by_iter(db: &Db, lo: Bound<&Vec<u8>>, hi: Bound<&Vec<u8>>) -> Vec<(Vec<u8>, Vec<u8>)> {
    db.range::<Vec<u8>, _>((lo, hi))
        .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap())
        .collect()
}

fn bound(r: &mut Lcg) -> u64 {
    r.next() % 3
}

/// A value long enough that leaves split (past 4 KiB) every few dozen
/// entries.
fn value(tag: u8, i: usize) -> Vec<u8> {
    let mut v = vec![tag; 100 + (i % 7) * 20];
    v[0] = (i % 251) as u8;
    v
}

fn as_bound(kind: u64, k: &Vec<u8>) -> Bound<&Vec<u8>> {
    match kind {
        0 => Bound::Included(k),
        1 => Bound::Excluded(k),
        _ => Bound::Unbounded,
    }
}

/// Every kind of range over the tree as it is gives what `range` gives.
fn same_as_iter(db: &Db, r: &mut Lcg, ranges: usize) {
    let whole = by_iter(db, Bound::Unbounded, Bound::Unbounded);
    assert_eq!(by_scan(db, Bound::Unbounded, Bound::Unbounded), whole);
    assert_eq!(by_leaf_iter(db, Bound::Unbounded, Bound::Unbounded), whole);
    for _ in 0..ranges {
        // bounds that are stored keys and ones that are not
        let a = if r.next().is_multiple_of(2) && !whole.is_empty() {
            whole[r.next() as usize % whole.len()].0.clone()
        } else {
            key(r)
        };
        let b = key(r);
        let (ka, kb) = (bound(r), bound(r));
        for (lo, hi) in [(&a, &b), (&b, &a)] {
            let (lo, hi) = (as_bound(ka, lo), as_bound(kb, hi));
            let want = by_iter(db, lo, hi);
            assert_eq!(by_scan(db, lo, hi), want, "{:?}..{:?}", lo, hi);
            assert_eq!(by_leaf_iter(db, lo, hi), want, "{:?}..{:?}", lo, hi);
        }
    }
}

#[test]
fn an_empty_tree_gives_nothing() {
    let db = db();
    same_as_iter(&db, &mut Lcg(1), 20);
    assert!(by_scan(&db, Bound::Unbounded, Bound::Unbounded).is_empty());
}

#[test]
fn sees_what_iter_sees_through_splits_merges_and_removals() {
    let db = db();
    let mut r = Lcg(7);
    for round in 0..6 {
        for i in 0..1_500 {
            let k = key(&mut r);
            db.insert(k, value(round as u8, i)).unwrap();
        }
        same_as_iter(&db, &mut r, 60);
        // leaves left with fewer than four entries merge into their
        // left siblings
        let keep = if round % 2 == 0 { 3 } else { 15 };
        let keys: Vec<IVec> = db.iter().keys().map(|k| k.unwrap()).collect();
        for (i, k) in keys.iter().enumerate() {
            if i % keep != 0 {
                db.remove(k).unwrap();
            }
        }
        same_as_iter(&db, &mut r, 60);
    }
}

#[test]
fn sorted_keys_under_a_shared_beginning() {
    let db = db();
    for i in 0u32..20_000 {
        let mut k = b"a long shared beginning/".to_vec();
        k.extend_from_slice(&i.to_be_bytes());
        db.insert(k, &i.to_le_bytes()).unwrap();
    }
    db.insert(b"a", b"first").unwrap();
    db.insert(b"b", b"last").unwrap();
    let whole = by_iter(&db, Bound::Unbounded, Bound::Unbounded);
    assert_eq!(whole.len(), 20_002);
    assert_eq!(by_scan(&db, Bound::Unbounded, Bound::Unbounded), whole);
    assert_eq!(by_leaf_iter(&db, Bound::Unbounded, Bound::Unbounded), whole);
    same_as_iter(&db, &mut Lcg(3), 40);
}

#[test]
fn stops_where_the_function_breaks() {
    let db = db();
    for i in 0u8..100 {
        db.insert([i], vec![i]).unwrap();
    }
    let mut seen = Vec::new();
    let stopped = db
        .scan_leaves::<&[u8], _, _, _>(&[10u8][..].., |k, v| {
            seen.push(k[0]);
            if v[0] == 42 {
                ControlFlow::Break(k.to_vec())
            } else {
                ControlFlow::Continue(())
            }
        })
        .unwrap();
    assert_eq!(stopped, Some(vec![42]));
    assert_eq!(seen, (10..=42).collect::<Vec<u8>>());
}

#[test]
fn the_function_may_commit_a_transaction() {
    let db = db();
    let other = db.open_tree("other").unwrap();
    for i in 0u8..50 {
        db.insert([i], vec![i]).unwrap();
    }
    let mut n = 0;
    db.scan_leaves::<&[u8], _, (), _>(.., |k, v| {
        let v = v.to_vec();
        (&*db, &other)
            .transaction(|(_, o)| {
                o.insert(k, v.clone())?;
                Ok::<_, sled::transaction::ConflictableTransactionError<()>>(())
            })
            .unwrap();
        n += 1;
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(n, 50);
    assert_eq!(other.len(), 50);
}

/// Writers split and merge leaves while a scan runs: the scan still
/// gives keys in order, each once, every key that stayed throughout,
/// and nothing that was never written.
#[test]
fn concurrent_inserts_and_removals() {
    writers_beside_scans(db());
}

/// As above with a cache too small for the tree: once it has been full, a
/// scan reads the leaves it passes without putting them in the cache, while
/// the writers change those leaves.
#[test]
fn concurrent_inserts_and_removals_past_a_full_cache() {
    writers_beside_scans(
        Config::new()
            .temporary(true)
            .cache_capacity(16 * 1024)
            .open()
            .unwrap(),
    );
}

fn writers_beside_scans(db: Db) {
    // every tenth key ends in 0 and stays; the writers put and take
    // away the ones ending in 1, so whole leaves empty and merge
    let moving = |i: u16| {
        let mut k = i.to_be_bytes().to_vec();
        k.push(1);
        k
    };
    for i in 0u16..5_000 {
        if i % 10 == 0 {
            let mut k = i.to_be_bytes().to_vec();
            k.push(0);
            db.insert(k, value(0, i.into())).unwrap();
        }
        db.insert(moving(i), value(1, i.into())).unwrap();
    }
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..2u64)
        .map(|w| {
            let db = db.clone();
            let stop = stop.clone();
            std::thread::spawn(move || {
                let mut r = Lcg(w + 11);
                while !stop.load(Ordering::Relaxed) {
                    // runs of neighbours, so leaves fill and empty
                    let from = (r.next() % 5_000) as u16;
                    let put = r.next().is_multiple_of(2);
                    for i in from..(from + 40).min(5_000) {
                        if put {
                            db.insert(moving(i), value(1, i.into())).unwrap();
                        } else {
                            db.remove(moving(i)).unwrap();
                        }
                    }
                }
            })
        })
        .collect();
    for round in 0..30 {
        let mut got: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        if round % 2 == 0 {
            db.scan_leaves::<&[u8], _, (), _>(.., |k, v| {
                got.push((k.to_vec(), v.to_vec()));
                ControlFlow::Continue(())
            })
            .unwrap();
        } else {
            for kv in db.leaf_iter::<&[u8], _>(..) {
                let (k, v) = kv.unwrap();
                got.push((k.to_vec(), v.to_vec()));
            }
        }
        assert!(
            got.windows(2).all(|w| w[0].0 < w[1].0),
            "in order, each once"
        );
        for (k, v) in &got {
            assert_eq!(k.len(), 3);
            let i = u16::from_be_bytes([k[0], k[1]]);
            assert!(k[2] <= 1 && (k[2] == 1 || i % 10 == 0), "{k:?}");
            assert_eq!(*v, value(k[2], i.into()), "{k:?}");
        }
        let stable = got.iter().filter(|(k, _)| k[2] == 0).count();
        assert_eq!(stable, 500);
    }
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    same_as_iter(&db, &mut Lcg(5), 40);
}

/// Leaves read back from disk by a leaf scan: what is read must be what
/// was written, inline-sized and longer values alike, through later writes
/// to the same leaves and evictions from a small cache.
#[test]
fn values_read_back_from_disk_are_the_ones_written() {
    let dir = tempfile::tempdir().unwrap();
    // the first handle's lock may outlive it a moment (see open_when_free)
    let open = || {
        super::open_when_free(&Config::new().path(dir.path()).cache_capacity(64 * 1024)).unwrap()
    };
    let value = |i: u32| vec![(i % 251) as u8; (i % 60) as usize];
    {
        let db = open();
        for i in 0u32..6_000 {
            db.insert(i.to_be_bytes(), value(i)).unwrap();
        }
        db.flush().unwrap();
    }
    let db = open();
    let mut n = 0;
    for kv in db.leaf_iter::<&[u8], _>(..) {
        let (k, v) = kv.unwrap();
        let i = u32::from_be_bytes(k[..].try_into().unwrap());
        assert_eq!(&v[..], &value(i)[..], "{i}");
        n += 1;
    }
    assert_eq!(n, 6_000);
    // writes over leaves read in, then everything read again
    for i in (0u32..6_000).step_by(7) {
        db.insert(i.to_be_bytes(), value(i + 1)).unwrap();
    }
    for i in (3u32..6_000).step_by(11) {
        db.remove(i.to_be_bytes()).unwrap();
    }
    let want = |i: u32| {
        if i >= 3 && (i - 3).is_multiple_of(11) {
            None
        } else if i.is_multiple_of(7) {
            Some(value(i + 1))
        } else {
            Some(value(i))
        }
    };
    for i in 0u32..6_000 {
        assert_eq!(
            db.get(i.to_be_bytes()).unwrap().map(|v| v.to_vec()),
            want(i),
            "{i}"
        );
    }
    let got: Vec<(Vec<u8>, Vec<u8>)> = db
        .iter()
        .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())).unwrap())
        .collect();
    let expected: Vec<(Vec<u8>, Vec<u8>)> = (0u32..6_000)
        .filter_map(|i| want(i).map(|v| (i.to_be_bytes().to_vec(), v)))
        .collect();
    assert_eq!(got, expected);
}

/// Values a scan gave from leaves read past a full cache stay whole after
/// the scan is done and the leaves are written over and read again.
#[test]
fn values_kept_from_leaves_read_past_the_cache_stay_whole() {
    let db = Config::new()
        .temporary(true)
        .cache_capacity(16 * 1024)
        .open()
        .unwrap();
    let value = |i: u32, round: u32| vec![((i + round) % 251) as u8; 23 + (i % 40) as usize];
    for i in 0u32..4_000 {
        db.insert(i.to_be_bytes(), value(i, 0)).unwrap();
    }
    let kept: Vec<(IVec, IVec)> = db.leaf_iter::<&[u8], _>(..).map(|kv| kv.unwrap()).collect();
    for i in 0u32..4_000 {
        db.insert(i.to_be_bytes(), value(i, 1)).unwrap();
    }
    let again: Vec<(IVec, IVec)> = db.leaf_iter::<&[u8], _>(..).map(|kv| kv.unwrap()).collect();
    assert_eq!(kept.len(), 4_000);
    assert_eq!(again.len(), 4_000);
    for (i, ((k0, v0), (k1, v1))) in (0u32..).zip(kept.iter().zip(&again)) {
        assert_eq!(&k0[..], &i.to_be_bytes()[..]);
        assert_eq!(k0, k1);
        assert_eq!(&v0[..], &value(i, 0)[..], "{i}");
        assert_eq!(&v1[..], &value(i, 1)[..], "{i}");
    }
}
