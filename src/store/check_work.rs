//! `ggw check` for work records: each record readable under its own id, its
//! unit and people on record; every index entry matching a live record and
//! every live record indexed; the monthly tallies equal to a recount.
//!
//! The index entries the records should have are gathered, sorted, and
//! walked beside each index tree, which sled keeps sorted: one pass over
//! each, no lookup per record.

use std::collections::HashMap;

use super::check::CheckReport;
use super::work::{self as stored, IndexEntries, tree_of};
use super::{Store, TreeId, codec, id_key, person_days};
use crate::domain::OrgUnit;
use crate::domain::work_item::WorkList;

pub(super) fn check_work(
    store: &Store,
    units: &HashMap<u64, OrgUnit>,
    person_exists: &dyn Fn(u64) -> bool,
    report: &mut CheckReport,
) {
    // The entries the live records should have, sorted, to be walked
    // beside each index tree's own (sorted) keys: no lookup per record.
    // Fixed-size keys: a province's millions of entries held without an
    // allocation each.
    let mut by_date: Vec<([u8; 13], [u8; 17], u8)> = Vec::new();
    let mut by_unit: Vec<[u8; 21]> = Vec::new();
    let mut by_person: Vec<[u8; 21]> = Vec::new();
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
                let mut value = [0u8; 17];
                value[..date.1.len()].copy_from_slice(&date.1);
                by_date.push((date.0, value, date.1.len() as u8));
                by_unit.push(unit);
                by_person.extend(people);
            }
        }
    }
    by_date.sort_unstable();
    by_unit.sort_unstable();
    by_person.sort_unstable();
    let date_entries = by_date.iter().map(|(k, v, n)| (&k[..], &v[..*n as usize]));
    compare(store, TreeId::WorkByDate, date_entries, report);
    let none: &[u8] = &[];
    compare(
        store,
        TreeId::WorkByUnit,
        by_unit.iter().map(|k| (&k[..], none)),
        report,
    );
    compare(
        store,
        TreeId::WorkByPerson,
        by_person.iter().map(|k| (&k[..], none)),
        report,
    );
    check_person_days(store, &by_person, report);
    check_tallies(store, report);
}

/// Each person's entry of days as the records call for it, by person: one
/// that differs names the person, not the bytes.
fn check_person_days(store: &Store, by_person: &[[u8; 21]], report: &mut CheckReport) {
    let person = |k: &[u8]| <[u8; 8]>::try_from(k).map_or(0, u64::from_be_bytes);
    let mut want = person_days::from_index_keys(by_person.iter()).peekable();
    let mut faults = Vec::new();
    for kv in store.raw_entries(TreeId::PersonDays) {
        let Ok((k, v)) = kv else {
            faults.push("person_days: read error, the rest was not checked".to_string());
            break;
        };
        report.index_entries += 1;
        while want.peek().is_some_and(|(w, _)| w.as_slice() < &k[..]) {
            let (w, _) = want.next().expect("peeked");
            faults.push(format!(
                "person_days: missing entry for person {}",
                person(&w)
            ));
        }
        match want.peek() {
            Some((w, wv)) if w.as_slice() == &k[..] => {
                if *wv != v {
                    faults.push(format!(
                        "person_days: person {} has days that are not those of their records",
                        person(&k)
                    ));
                }
                want.next();
            }
            _ => faults.push(format!(
                "person_days: stray entry for person {}",
                person(&k)
            )),
        }
    }
    for (w, _) in want {
        faults.push(format!(
            "person_days: missing entry for person {}",
            person(&w)
        ));
    }
    report.faults.extend(faults);
}

/// Walks an index tree beside the entries expected of it, both sorted:
/// an entry missing, one stray, or one with another value is a fault.
fn compare<'a>(
    store: &Store,
    tree: TreeId,
    expected: impl Iterator<Item = (&'a [u8], &'a [u8])>,
    report: &mut CheckReport,
) {
    let mut want = expected.peekable();
    let mut faults = Vec::new();
    for kv in store.raw_entries(tree) {
        let Ok((k, v)) = kv else {
            faults.push(format!(
                "{}: read error, the rest was not checked",
                tree.name()
            ));
            break;
        };
        report.index_entries += 1;
        while want.peek().is_some_and(|(w, _)| *w < &k[..]) {
            let (w, _) = want.next().expect("peeked");
            faults.push(format!("{}: missing entry {w:02x?}", tree.name()));
        }
        match want.peek() {
            Some((w, wv)) if *w == &k[..] => {
                if *wv != &v[..] {
                    faults.push(format!("{}: entry {k:02x?} holds {v:02x?}", tree.name()));
                }
                want.next();
            }
            _ => faults.push(format!("{}: stray entry {k:02x?}", tree.name())),
        }
    }
    for (w, _) in want {
        faults.push(format!("{}: missing entry {w:02x?}", tree.name()));
    }
    report.faults.extend(faults);
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
