//! `ggw check` for work records: each record readable under its own id, its
//! unit and people on record; every index entry matching a live record and
//! every live record indexed; the monthly tallies equal to a recount.
//!
//! Records are checked one at a time against point lookups, and index
//! entries one at a time against their record, so a province's millions of
//! activities are never held in memory at once.

use std::collections::HashMap;

use super::check::CheckReport;
use super::work::{self as stored, IndexEntries, tree_of};
use super::{Store, TreeId, codec, id_key};
use crate::domain::OrgUnit;
use crate::domain::work_item::{WorkId, WorkItem, WorkList};

fn has(store: &Store, tree: TreeId, key: &[u8]) -> Option<Vec<u8>> {
    store.raw_get(tree, key).ok().flatten()
}

pub(super) fn check_work(
    store: &Store,
    units: &HashMap<u64, OrgUnit>,
    person_exists: &dyn Fn(u64) -> bool,
    report: &mut CheckReport,
) {
    for list in WorkList::ALL {
        let tree = tree_of(list);
        for kv in store.raw_entries(tree) {
            let (key, value) = match kv {
                Ok(kv) => kv,
                Err(e) => {
                    report.faults.push(format!(
                        "{}: read error, the rest of this tree was not checked: {}",
                        tree.name(),
                        e.message(crate::lang::Lang::En)
                    ));
                    break;
                }
            };
            let item = match stored::decode_item(list, &value) {
                Ok(item) if id_key(item.id().id) == key.as_slice() => item,
                Ok(item) => {
                    report.faults.push(format!(
                        "{}: key {key:02x?} holds {}",
                        tree.name(),
                        item.id().id
                    ));
                    continue;
                }
                Err(e) => {
                    report.damaged(tree, &key, value.len(), e);
                    continue;
                }
            };
            report.work_records += 1;
            let what = format!("{} {}", tree.name(), item.id().id);
            if !units.contains_key(&item.unit().0) {
                report
                    .faults
                    .push(format!("{what}: unit {} missing", item.unit()));
            }
            for p in item.people() {
                if !person_exists(p.0) {
                    report.faults.push(format!("{what}: person {p} missing"));
                }
            }
            if let Some(IndexEntries { date, unit, people }) = stored::index_entries(&item) {
                if has(store, TreeId::WorkByDate, &date.0).as_deref() != Some(&date.1[..]) {
                    report
                        .faults
                        .push(format!("work_by_date: {what} missing or wrong"));
                }
                if has(store, TreeId::WorkByUnit, &unit).is_none() {
                    report.faults.push(format!("work_by_unit: {what} missing"));
                }
                for k in people {
                    if has(store, TreeId::WorkByPerson, &k).is_none() {
                        report
                            .faults
                            .push(format!("work_by_person: {what} missing"));
                    }
                }
            }
        }
    }
    check_index_entries(store, report);
    check_tallies(store, report);
}

/// The live record an index entry names, if it has that entry.
fn live(store: &Store, list: WorkList, id: u64) -> Option<WorkItem> {
    stored::get(store, WorkId::new(list, id))
        .ok()
        .flatten()
        .filter(|i| i.voided().is_none())
}

fn check_index_entries(store: &Store, report: &mut CheckReport) {
    let stray = |tree: TreeId, key: &[u8], report: &mut CheckReport| {
        report
            .faults
            .push(format!("{}: stray entry {key:02x?}", tree.name()));
    };
    for tree in [TreeId::WorkByDate, TreeId::WorkByUnit, TreeId::WorkByPerson] {
        for k in store.raw_keys(tree) {
            let Ok(k) = k else { break };
            report.index_entries += 1;
            // The list tag and the id sit at the same places for the
            // by-unit key as for the by-date key, 8 bytes on; the by-person
            // key has its tag after the day.
            let (tag, id) = match (tree, k.len()) {
                (TreeId::WorkByDate, 13) => (k[0], &k[5..13]),
                (TreeId::WorkByUnit, 21) => (k[8], &k[13..21]),
                (TreeId::WorkByPerson, 21) => (k[12], &k[13..21]),
                _ => {
                    stray(tree, &k, report);
                    continue;
                }
            };
            let id = u64::from_be_bytes(id.try_into().expect("eight bytes"));
            let expected = WorkList::from_tag(tag)
                .and_then(|l| live(store, l, id))
                .and_then(|i| stored::index_entries(&i));
            let found = expected.is_some_and(|e| match tree {
                TreeId::WorkByDate => e.date.0[..] == k[..],
                TreeId::WorkByUnit => e.unit[..] == k[..],
                _ => e.people.iter().any(|p| p[..] == k[..]),
            });
            if !found {
                stray(tree, &k, report);
            }
        }
    }
}

fn check_tallies(store: &Store, report: &mut CheckReport) {
    let mut expected = match stored::recount(store) {
        Ok(t) => t,
        Err(e) => {
            report.faults.push(e.message(crate::lang::Lang::En));
            return;
        }
    };
    for kv in store.raw_entries(TreeId::WorkTallies) {
        let Ok((k, v)) = kv else { break };
        report.index_entries += 1;
        let Some(key) = stored::split_tally_key(&k) else {
            report
                .faults
                .push(format!("work_tallies: malformed key {k:02x?}"));
            continue;
        };
        let stored: crate::domain::work::WorkTally = match codec::decode(&v) {
            Ok(t) => t,
            Err(e) => {
                report.damaged(TreeId::WorkTallies, &k, v.len(), e);
                continue;
            }
        };
        let counted = expected.remove(&key).unwrap_or_default();
        if stored != counted {
            report.faults.push(format!(
                "work_tallies: unit {} month {}-{:02} stores {stored:?}; the records say {counted:?}",
                key.0,
                key.1.year(),
                key.1.month()
            ));
        }
    }
    for ((unit, month), counted) in expected {
        report.faults.push(format!(
            "work_tallies: unit {unit} month {}-{:02} has no entry; the records say {counted:?}",
            month.year(),
            month.month()
        ));
    }
}
