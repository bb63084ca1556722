//! The work tallies keyed month first (schema 8).
//!
//! Up to schema 7 the tallies lay in the tree `work_tallies` keyed `unit ++
//! month`: a year of every unit of a province was twelve entries on each of
//! 20,000 units' stretches, i.e. nearly every leaf of a tree holding every
//! year. They now lie in `work_tallies_by_month` keyed `month ++ unit`
//! (`work::tally_key`). The first open of an older database copies them
//! over in commits of `BUILD_COMMIT` entries, then marks them built and
//! raises the schema in the last; a copy that stopped half way is thrown
//! away and made again by the next open. The old tree is dropped only once
//! the copy is marked built.

use super::{Changes, Store, TreeId, storage};
use crate::domain::UnitId;
use crate::domain::work::Month;
use crate::error::Result;

/// The meta key saying the tallies were copied into the month-first tree.
pub const BUILT: &str = "work_tallies_by_month_built";

/// The tree the tallies lay in, unit first, up to schema 7.
pub const UNIT_FIRST: &str = "work_tallies";

/// Entries written per commit while copying.
const BUILD_COMMIT: usize = 16_384;

/// A unit-first key's unit and month.
fn split_unit_first(k: &[u8]) -> Option<(UnitId, Month)> {
    (k.len() == 12).then_some(())?;
    Some((
        UnitId(u64::from_be_bytes(k[..8].try_into().ok()?)),
        Month(u32::from_be_bytes(k[8..].try_into().ok()?)),
    ))
}

pub fn built(store: &Store) -> bool {
    matches!(store.meta_raw(BUILT), Ok(Some(_)))
}

/// Copies the unit-first tallies into the month-first tree unless that was
/// done, and drops the unit-first tree once it is. A key that is not a
/// tally's is copied as it is, for `ggw check` to name.
pub fn build_if_missing(store: &Store) -> Result<()> {
    if !built(store) {
        let mut changes = Changes::default();
        let commit_full = |changes: &mut Changes| {
            if changes.ops.len() >= BUILD_COMMIT {
                store.commit(std::mem::take(changes))?;
            }
            Ok::<_, crate::error::Error>(())
        };
        for k in store.raw_keys(TreeId::WorkTallies) {
            changes.delete(TreeId::WorkTallies, &k?);
            commit_full(&mut changes)?;
        }
        if unit_first_is_there(store)? {
            let old = store.db.open_tree(UNIT_FIRST).map_err(storage)?;
            for kv in old.iter() {
                let (k, v) = kv.map_err(storage)?;
                match split_unit_first(&k) {
                    Some((unit, month)) => changes.put_raw(
                        TreeId::WorkTallies,
                        &super::work::tally_key(unit, month),
                        &v,
                    ),
                    None => changes.put_raw(TreeId::WorkTallies, &k, &v),
                }
                commit_full(&mut changes)?;
            }
        }
        changes.put_raw(TreeId::Meta, BUILT.as_bytes(), b"1");
        changes.mark_schema_current();
        store.commit(changes)?;
    }
    if unit_first_is_there(store)? {
        store.db.drop_tree(UNIT_FIRST).map_err(storage)?;
    }
    Ok(())
}

fn unit_first_is_there(store: &Store) -> Result<bool> {
    Ok(store
        .db
        .tree_names()
        .iter()
        .any(|n| n.as_ref() == UNIT_FIRST.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::work::WorkTally;
    use crate::store::{codec, work};

    fn tally(activities: u32, visits: u32) -> WorkTally {
        WorkTally {
            activities,
            visits,
            ..WorkTally::default()
        }
    }

    fn unit_first_key(unit: u64, month: Month) -> Vec<u8> {
        let mut k = unit.to_be_bytes().to_vec();
        k.extend(month.0.to_be_bytes());
        k
    }

    fn m(y: u32, month: u32) -> Month {
        Month(y * 12 + month - 1)
    }

    /// A database as schema 7 left it: the tallies unit first, no mark.
    fn as_schema_7(store: &Store, entries: &[(u64, Month, WorkTally)]) {
        let mut c = Changes::default();
        c.delete(TreeId::Meta, BUILT.as_bytes());
        c.put_raw(TreeId::Meta, b"schema", &7u16.to_le_bytes());
        for k in store.raw_keys(TreeId::WorkTallies) {
            c.delete(TreeId::WorkTallies, &k.unwrap());
        }
        store.commit(c).unwrap();
        let old = store.db.open_tree(UNIT_FIRST).unwrap();
        for (unit, month, t) in entries {
            old.insert(unit_first_key(*unit, *month), codec::encode(t))
                .unwrap();
        }
    }

    #[test]
    fn the_first_open_copies_the_tallies_month_first_and_drops_the_old_tree() {
        let (_dir, store) = crate::store::temp_store();
        assert!(built(&store), "a new database is made month first");
        // A backup does not carry the mark: a restore writes the tallies
        // month first into a database made so.
        assert!(crate::store::backup::format::META_LEFT_OUT.contains(&BUILT));
        let entries = [
            (2, m(2024, 12), tally(1, 0)),
            (2, m(2025, 1), tally(2, 1)),
            (2, m(2025, 12), tally(4, 0)),
            (3, m(2025, 6), tally(8, 2)),
            (3, m(2026, 1), tally(16, 0)),
            (300, m(2025, 1), tally(32, 0)),
        ];
        as_schema_7(&store, &entries);
        // What a copy that stopped half way left: thrown away.
        let mut c = Changes::default();
        c.put_raw(
            TreeId::WorkTallies,
            &work::tally_key(UnitId(9), m(2025, 3)),
            &codec::encode(&tally(99, 0)),
        );
        store.commit(c).unwrap();

        build_if_missing(&store).unwrap();
        assert!(built(&store));
        assert_eq!(
            store.meta_u16("schema").unwrap(),
            Some(super::super::SCHEMA_VERSION)
        );
        assert!(!unit_first_is_there(&store).unwrap());
        let mut all = work::all_tallies(&store).unwrap();
        // Month first: 2024-12, then January's units 2 and 300, …
        let order: Vec<(u64, Month)> = all.iter().map(|((u, m), _)| (u.0, *m)).collect();
        assert_eq!(
            order,
            vec![
                (2, m(2024, 12)),
                (2, m(2025, 1)),
                (300, m(2025, 1)),
                (3, m(2025, 6)),
                (2, m(2025, 12)),
                (3, m(2026, 1)),
            ]
        );
        all.sort_by_key(|((u, m), _)| (*u, *m));
        let copied: Vec<(u64, Month, WorkTally)> =
            all.into_iter().map(|((u, m), t)| (u.0, m, t)).collect();
        assert_eq!(copied, entries.to_vec());

        // 2025 of units 2 and 3 (and 4, which has none): 2+4 and 8.
        let year = work::sums_of(
            &store,
            [UnitId(3), UnitId(2), UnitId(4)],
            m(2025, 1),
            m(2025, 12),
        )
        .unwrap();
        assert_eq!(
            year,
            vec![(UnitId(2), tally(6, 1)), (UnitId(3), tally(8, 2))]
        );
        // A second open finds it built and leaves it.
        build_if_missing(&store).unwrap();
        assert_eq!(work::all_tallies(&store).unwrap().len(), 6);
    }

    #[test]
    fn an_open_of_the_copied_database_goes_on_from_the_mark() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let opts = super::super::OpenOptions {
            create: true,
            ..Default::default()
        };
        {
            let store = Store::open(&path, &opts).unwrap();
            as_schema_7(&store, &[(5, m(2025, 2), tally(3, 0))]);
        }
        let store = Store::open(&path, &Default::default()).unwrap();
        assert!(built(&store));
        assert_eq!(
            work::tally(&store, UnitId(5), m(2025, 2)).unwrap(),
            tally(3, 0)
        );
        assert!(!unit_first_is_there(&store).unwrap());
    }
}
