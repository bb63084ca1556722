//! `ggw check`: decode every record and hold every index against its records.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::{MAX_WRITE_BYTES, Store, TreeId, damage, split_pair_key};
use crate::domain::OrgUnit;
use crate::domain::account::Account;
use crate::domain::audit::AuditEntry;
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::person::{Person, Position};
use crate::domain::reserve::ReserveCandidate;
use crate::domain::task::Task;
use crate::error::{Error, Result};

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    pub units: usize,
    #[serde(default)]
    pub accounts: usize,
    pub archived_units: usize,
    pub audit_entries: usize,
    pub index_entries: usize,
    pub meeting_series: usize,
    pub meetings: usize,
    pub tasks: usize,
    pub people: usize,
    pub positions: usize,
    #[serde(default)]
    pub reserve: usize,
    /// Activities, trainings, village visits and study-base sessions.
    #[serde(default)]
    pub work_records: usize,
    /// Plans, working groups, guidance visits, info items and bulletins.
    #[serde(default)]
    pub sanchuang_records: usize,
    pub size_on_disk: u64,
    pub faults: Vec<String>,
    /// Records that cannot be used (see `faults`); `ggw repair` sets them aside.
    #[serde(default)]
    pub damaged: usize,
    /// Records `ggw repair` set aside earlier, kept until `ggw repair --purge`.
    #[serde(default)]
    pub quarantined: usize,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.faults.is_empty()
    }

    pub(super) fn damaged(&mut self, tree: TreeId, key: &[u8], bytes: usize, e: impl ToString) {
        self.damaged += 1;
        self.faults
            .push(damage::damaged(tree, key, bytes, e.to_string()).to_string());
    }
}

/// A tree's entries up to any read error; a record too large to have been
/// written by this program is named, and still checked as it reads.
fn entries(store: &Store, tree: TreeId, report: &mut CheckReport) -> Vec<(Vec<u8>, Vec<u8>)> {
    let all = store
        .raw_entries(tree)
        .flatten_ok_into(tree, &mut report.faults);
    for (key, value) in &all {
        if value.len() > MAX_WRITE_BYTES {
            let problem = format!("larger than the {MAX_WRITE_BYTES} bytes a record may have");
            report.damaged(tree, key, value.len(), problem);
        }
    }
    all
}

pub fn check(store: &Store) -> Result<CheckReport> {
    let mut report = CheckReport {
        size_on_disk: store.size_on_disk()?,
        quarantined: store.quarantined(),
        ..CheckReport::default()
    };
    let mut units: HashMap<u64, OrgUnit> = HashMap::new();
    for (key, value) in entries(store, TreeId::Units, &mut report) {
        match super::codec::decode::<OrgUnit>(&value) {
            Ok(u) if super::id_key(u.id.0) == key.as_slice() => {
                report.units += 1;
                report.archived_units += usize::from(!u.is_live());
                units.insert(u.id.0, u);
            }
            Ok(u) => report
                .faults
                .push(format!("units: key {key:02x?} holds unit {}", u.id)),
            Err(e) => report.damaged(TreeId::Units, &key, value.len(), e),
        }
    }
    for u in units.values() {
        if let Some(p) = u.parent.filter(|p| !units.contains_key(&p.0)) {
            report
                .faults
                .push(format!("unit {} ({}): parent {p} missing", u.id, u.name));
        }
    }

    let expected: BTreeSet<(u64, u64)> = units
        .values()
        .map(|u| (u.parent.map_or(0, |p| p.0), u.id.0))
        .collect();
    let found = pairs(store, TreeId::UnitsByParent, &mut report);
    compare_index("units_by_parent", &expected, &found, &mut report.faults);

    let mut audit_ids = BTreeSet::new();
    let mut expected_audit = BTreeSet::new();
    let mut expected_moves = BTreeSet::new();
    for (key, value) in entries(store, TreeId::Audit, &mut report) {
        match super::codec::decode::<AuditEntry>(&value) {
            Ok(a) => {
                report.audit_entries += 1;
                audit_ids.insert(a.id);
                if let Some(u) = a.unit {
                    expected_audit.insert((u.0, a.id));
                }
                expected_moves.extend(super::person_moves::expected(std::iter::once(&a)));
            }
            Err(e) => report.damaged(TreeId::Audit, &key, value.len(), e),
        }
    }
    let found_audit = pairs(store, TreeId::AuditByUnit, &mut report);
    compare_index(
        "audit_by_unit",
        &expected_audit,
        &found_audit,
        &mut report.faults,
    );
    check_moves(store, expected_moves, &mut report);

    let mut users = BTreeSet::new();
    for (key, value) in entries(store, TreeId::Accounts, &mut report) {
        match super::codec::decode::<Account>(&value) {
            Ok(a) if super::id_key(a.id) != key.as_slice() => report
                .faults
                .push(format!("accounts: key {key:02x?} holds account {}", a.id)),
            Ok(a) => {
                report.accounts += 1;
                if !units.contains_key(&a.unit.0) {
                    report.faults.push(format!(
                        "account {} ({}): unit {} missing",
                        a.id, a.user, a.unit
                    ));
                }
                if !users.insert(a.user.clone()) {
                    report
                        .faults
                        .push(format!("accounts: user {} has two accounts", a.user));
                }
            }
            Err(e) => report.damaged(TreeId::Accounts, &key, value.len(), e),
        }
    }
    check_meetings(store, &mut report);
    check_people(store, &units, &mut report);
    let person_exists = |id: u64| {
        store
            .raw_get(TreeId::People, &super::id_key(id))
            .is_ok_and(|p| p.is_some())
    };
    super::check_work::check_work(store, &units, &person_exists, &mut report);
    super::check_sanchuang::check_sanchuang(store, &units, &person_exists, &mut report);
    super::check_scores::check_scores(store, &units, &person_exists, &mut report);
    Ok(report)
}

/// Decodes every record of `tree`, keyed by its id; a record under another id's key is a fault.
fn decode_all<R: super::codec::Record>(
    store: &Store,
    tree: TreeId,
    id_of: impl Fn(&R) -> u64,
    report: &mut CheckReport,
) -> HashMap<u64, R> {
    let mut out = HashMap::new();
    for (key, value) in entries(store, tree, report) {
        match super::codec::decode::<R>(&value) {
            Ok(r) if super::id_key(id_of(&r)) == key.as_slice() => {
                out.insert(id_of(&r), r);
            }
            Ok(r) => report.faults.push(format!(
                "{}: key {key:02x?} holds record {}",
                tree.name(),
                id_of(&r)
            )),
            Err(e) => report.damaged(tree, &key, value.len(), e),
        }
    }
    out
}

fn check_meetings(store: &Store, report: &mut CheckReport) {
    let series: HashMap<u64, MeetingSeries> = decode_all(
        store,
        TreeId::MeetingSeries,
        |s: &MeetingSeries| s.id.0,
        report,
    );
    let meetings: HashMap<u64, Meeting> =
        decode_all(store, TreeId::Meetings, |m: &Meeting| m.id.0, report);
    let tasks: HashMap<u64, Task> = decode_all(store, TreeId::Tasks, |t: &Task| t.id.0, report);
    report.meeting_series = series.len();
    report.meetings = meetings.len();
    report.tasks = tasks.len();
    for m in meetings.values() {
        if !series.contains_key(&m.series.0) {
            report
                .faults
                .push(format!("meeting {}: series {} missing", m.id, m.series));
        }
    }
    let mut by_series: HashMap<(u64, chrono::NaiveDate), u64> = HashMap::new();
    for m in meetings.values().filter(|m| m.voided.is_none()) {
        if let Some(other) = by_series.insert((m.series.0, m.rule_date), m.id.0) {
            report.faults.push(format!(
                "meetings {other} and {}: both are series {} on {}",
                m.id, m.series, m.rule_date
            ));
        }
    }
    for t in tasks.values() {
        if let Some(m) = t.meeting.filter(|m| !meetings.contains_key(&m.0)) {
            report
                .faults
                .push(format!("task {}: meeting {m} missing", t.id));
        }
    }
    let expected: BTreeSet<(u64, u64)> = meetings.values().map(|m| (m.series.0, m.id.0)).collect();
    let found = pairs(store, TreeId::MeetingsBySeries, report);
    compare_index("meetings_by_series", &expected, &found, &mut report.faults);
    let expected: BTreeSet<(u64, u64)> = meetings
        .values()
        .flat_map(|m| {
            super::meeting_dates::days(m)
                .into_iter()
                .map(|d| (d, m.id.0))
        })
        .collect();
    let found = pairs(store, TreeId::MeetingsByDate, report);
    compare_index("meetings_by_date", &expected, &found, &mut report.faults);
}

/// People and positions: each record under its own id, pointing at units and
/// people that exist, and every index entry matching a record.
fn check_people(store: &Store, units: &HashMap<u64, OrgUnit>, report: &mut CheckReport) {
    let mut people: HashMap<u64, Person> = HashMap::new();
    for (key, value) in entries(store, TreeId::People, report) {
        match super::codec::decode::<Person>(&value) {
            Ok(p) if super::id_key(p.id.0) == key.as_slice() => {
                report.people += 1;
                if !units.contains_key(&p.unit.0) {
                    report.faults.push(format!(
                        "person {} ({}): unit {} missing",
                        p.id, p.name, p.unit
                    ));
                }
                people.insert(p.id.0, p);
            }
            Ok(p) => report
                .faults
                .push(format!("people: key {key:02x?} holds person {}", p.id)),
            Err(e) => report.damaged(TreeId::People, &key, value.len(), e),
        }
    }
    let expected: BTreeSet<(u64, u64)> = people.values().map(|p| (p.unit.0, p.id.0)).collect();
    let found = pairs(store, TreeId::PeopleByUnit, report);
    compare_index("people_by_unit", &expected, &found, &mut report.faults);

    let mut expected_numbers: HashMap<Vec<u8>, u64> = HashMap::new();
    for p in people.values() {
        if let Some(n) = &p.id_number
            && let Some(other) = expected_numbers.insert(n.as_str().as_bytes().to_vec(), p.id.0)
        {
            report
                .faults
                .push(format!("people {other} and {} share an ID number", p.id));
        }
    }
    for (key, value) in entries(store, TreeId::PeopleByIdNumber, report) {
        report.index_entries += 1;
        let shown = String::from_utf8_lossy(&key)
            .chars()
            .take(3)
            .collect::<String>();
        let id = <[u8; 8]>::try_from(value.as_slice()).map(u64::from_be_bytes);
        match (expected_numbers.remove(&key), id) {
            (Some(want), Ok(got)) if want == got => {}
            (Some(want), _) => report.faults.push(format!(
                "people_by_id_number: entry {shown}… should point to person {want}"
            )),
            (None, _) => report
                .faults
                .push(format!("people_by_id_number: stray entry {shown}…")),
        }
    }
    for id in expected_numbers.values() {
        report.faults.push(format!(
            "people_by_id_number: missing entry for person {id}"
        ));
    }
    check_names(store, &people, report);

    let mut by_unit = BTreeSet::new();
    let mut by_person = BTreeSet::new();
    for (key, value) in entries(store, TreeId::Positions, report) {
        match super::codec::decode::<Position>(&value) {
            Ok(p) if super::id_key(p.id.0) == key.as_slice() => {
                report.positions += 1;
                if !units.contains_key(&p.unit.0) {
                    report
                        .faults
                        .push(format!("position {}: unit {} missing", p.id, p.unit));
                }
                if !people.contains_key(&p.person.0) {
                    report
                        .faults
                        .push(format!("position {}: person {} missing", p.id, p.person));
                }
                by_unit.insert((p.unit.0, p.id.0));
                by_person.insert((p.person.0, p.id.0));
            }
            Ok(p) => report
                .faults
                .push(format!("positions: key {key:02x?} holds position {}", p.id)),
            Err(e) => report.damaged(TreeId::Positions, &key, value.len(), e),
        }
    }
    let found = pairs(store, TreeId::PositionsByUnit, report);
    compare_index("positions_by_unit", &by_unit, &found, &mut report.faults);
    let found = pairs(store, TreeId::PositionsByPerson, report);
    compare_index(
        "positions_by_person",
        &by_person,
        &found,
        &mut report.faults,
    );
    check_reserve(store, units, &people, report);
    check_elder_counts(store, &people, report);
}

/// The stored elder counts against a recount of the people. A database
/// whose counts were never built has nothing to hold them against yet.
fn check_elder_counts(store: &Store, people: &HashMap<u64, Person>, report: &mut CheckReport) {
    match store.meta_raw(super::elder_counts::BUILT) {
        Ok(Some(_)) => {}
        Ok(None) => return,
        Err(e) => {
            report.faults.push(e.to_string());
            return;
        }
    }
    let mut expected = super::elder_counts::recount(people.values());
    for (key, value) in entries(store, TreeId::ElderCounts, report) {
        report.index_entries += 1;
        let (unit, stored) = match super::elder_counts::decode_entry(&key, &value) {
            Ok(entry) => entry,
            Err(_) => {
                let problem = damage::problem(TreeId::ElderCounts, &value)
                    .unwrap_or_else(|| "malformed key".into());
                report.damaged(TreeId::ElderCounts, &key, value.len(), problem);
                continue;
            }
        };
        let counted = expected.remove(&unit).unwrap_or_default();
        if stored != counted {
            report.faults.push(format!(
                "elder_counts: unit {unit} stores {} on the roll and {} struck off; \
                 the people say {} and {}",
                stored.active, stored.struck_off, counted.active, counted.struck_off
            ));
        }
    }
    for (unit, counted) in expected {
        report.faults.push(format!(
            "elder_counts: unit {unit} has no entry; the people say {} on the roll and {} struck off",
            counted.active, counted.struck_off
        ));
    }
}

/// Reserve entries: each under its own id, for a unit and a person that
/// exist, and the unit index matching the records.
fn check_reserve(
    store: &Store,
    units: &HashMap<u64, OrgUnit>,
    people: &HashMap<u64, Person>,
    report: &mut CheckReport,
) {
    let entries: HashMap<u64, ReserveCandidate> = decode_all(
        store,
        TreeId::Reserve,
        |c: &ReserveCandidate| c.id.0,
        report,
    );
    report.reserve = entries.len();
    for c in entries.values() {
        if !units.contains_key(&c.unit.0) {
            report
                .faults
                .push(format!("reserve {}: unit {} missing", c.id, c.unit));
        }
        if !people.contains_key(&c.person.0) {
            report
                .faults
                .push(format!("reserve {}: person {} missing", c.id, c.person));
        }
    }
    let expected: BTreeSet<(u64, u64)> = entries.values().map(|c| (c.unit.0, c.id.0)).collect();
    let found = pairs(store, TreeId::ReserveByUnit, report);
    compare_index("reserve_by_unit", &expected, &found, &mut report.faults);
}

/// Every person listed under their name with their unit, and nothing else.
fn check_names(store: &Store, people: &HashMap<u64, Person>, report: &mut CheckReport) {
    let mut expected = super::people_names::expected(people.values());
    for (key, value) in entries(store, TreeId::PeopleByName, report) {
        report.index_entries += 1;
        if expected.remove(&(key.clone(), value)) {
            continue;
        }
        let person = super::people_names::id_of(&key).unwrap_or(0);
        report
            .faults
            .push(format!("people_by_name: stray entry for person {person}"));
    }
    for (key, _) in expected {
        let person = super::people_names::id_of(&key).unwrap_or(0);
        report
            .faults
            .push(format!("people_by_name: missing entry for person {person}"));
    }
}

/// Every move the audit log records indexed as it records it, and nothing
/// else.
fn check_moves(
    store: &Store,
    mut expected: BTreeSet<(Vec<u8>, Vec<u8>)>,
    report: &mut CheckReport,
) {
    use super::person_moves::person_of;
    for (key, value) in entries(store, TreeId::PersonMoves, report) {
        report.index_entries += 1;
        if expected.remove(&(key.clone(), value.clone())) {
            continue;
        }
        report.faults.push(format!(
            "person_moves: stray entry for person {}",
            person_of(&key, &value)
        ));
    }
    for (key, value) in expected {
        report.faults.push(format!(
            "person_moves: missing entry for person {}",
            person_of(&key, &value)
        ));
    }
}

fn pairs(store: &Store, tree: TreeId, report: &mut CheckReport) -> BTreeSet<(u64, u64)> {
    let mut out = BTreeSet::new();
    for key in store
        .raw_keys(tree)
        .flatten_ok_into(tree, &mut report.faults)
    {
        report.index_entries += 1;
        match split_pair_key(&key) {
            Some(p) => {
                out.insert(p);
            }
            None => report
                .faults
                .push(format!("{}: malformed key {key:02x?}", tree.name())),
        }
    }
    out
}

fn compare_index(
    name: &str,
    expected: &BTreeSet<(u64, u64)>,
    found: &BTreeSet<(u64, u64)>,
    faults: &mut Vec<String>,
) {
    for (a, b) in expected.difference(found) {
        faults.push(format!("{name}: missing entry {a} → {b}"));
    }
    for (a, b) in found.difference(expected) {
        faults.push(format!("{name}: stray entry {a} → {b}"));
    }
}

/// Reads a tree's entries up to the first read error, which becomes one
/// fault: the other trees are still checked. A read error ends the tree's
/// scan because sled's iterator gives the same error again on every call,
/// and retrying it ran forever.
trait FlattenOkInto<T> {
    fn flatten_ok_into(self, tree: TreeId, faults: &mut Vec<String>) -> Vec<T>;
}

impl<T, I: Iterator<Item = Result<T>>> FlattenOkInto<T> for I {
    fn flatten_ok_into(self, tree: TreeId, faults: &mut Vec<String>) -> Vec<T> {
        let mut out = Vec::new();
        for item in self {
            match item {
                Ok(v) => out.push(v),
                Err(e) => {
                    // The storage layer's own words; the message around
                    // them is for a failed change, and this changed nothing.
                    let detail = match e {
                        Error::Storage { detail } => detail,
                        Error::Corrupt { what } => what,
                        other => other.message(crate::lang::Lang::En),
                    };
                    faults.push(format!(
                        "{}: read error after {} entries, the rest of this tree was not checked: {detail}",
                        tree.name(),
                        out.len(),
                    ));
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::{Actor, Service};
    use crate::store::{OpenOptions, ReadFault};

    #[test]
    fn a_read_error_ends_that_trees_scan_and_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let service = Service::create(
            &path,
            &OpenOptions::default(),
            "爱辉区",
            false,
            &Actor::new("root"),
        )
        .unwrap();
        let store = service.store();
        // sled gives the same error on every call; this gives it a great many
        // times, so that a scan that retried would report it a great many times.
        for tree in [TreeId::Audit, TreeId::UnitsByParent] {
            *store.read_fault.lock().unwrap() = Some(ReadFault {
                tree,
                after: 0,
                times: 100_000,
            });
            let report = check(store).unwrap();
            let read_faults: Vec<&String> = report
                .faults
                .iter()
                .filter(|f| f.contains("read error"))
                .collect();
            assert_eq!(read_faults.len(), 1, "{:?}", &report.faults[..3]);
            assert!(
                read_faults[0].starts_with(tree.name()),
                "{}",
                read_faults[0]
            );
            assert!(read_faults[0].contains("injected read error"));
            // The other trees were still read.
            assert_eq!(report.units, 1);
        }
        *store.read_fault.lock().unwrap() = None;
        assert!(check(store).unwrap().is_clean());
    }
}
