//! Work records in the store: one tree per list, three indexes (by date,
//! by unit, by person) and a tally per unit and month, all written in the
//! same commit as the record. A voided record stays in its tree and leaves
//! the indexes and the tallies: it is counted and listed nowhere.

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use super::{Changes, Store, TreeId, id_key, storage};
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::person::PersonId;
use crate::domain::work::{Month, WorkTally};
use crate::domain::work_item::{WorkId, WorkItem, WorkList};
use crate::error::{Error, Result};

pub mod ahead;

pub fn tree_of(list: WorkList) -> TreeId {
    match list {
        WorkList::Activities => TreeId::Activities,
        WorkList::Trainings => TreeId::Trainings,
        WorkList::Visits => TreeId::Visits,
        WorkList::StudySessions => TreeId::StudySessions,
    }
}

/// A day as four bytes that sort as the days do.
fn day_bytes(d: Day) -> [u8; 4] {
    ((d.number() as u32) ^ 0x8000_0000).to_be_bytes()
}

fn day_of(b: &[u8]) -> Option<Day> {
    let n = u32::from_be_bytes(b.try_into().ok()?) ^ 0x8000_0000;
    Day::from_number(n as i32)
}

fn u64_of(b: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(b.try_into().ok()?))
}

/// `tag ++ day ++ id`.
pub fn date_key(list: WorkList, day: Day, id: u64) -> [u8; 13] {
    let mut k = [0u8; 13];
    k[0] = list.tag();
    k[1..5].copy_from_slice(&day_bytes(day));
    k[5..].copy_from_slice(&id.to_be_bytes());
    k
}

/// `unit ++ tag ++ day ++ id`.
pub fn unit_key(unit: UnitId, list: WorkList, day: Day, id: u64) -> [u8; 21] {
    let mut k = [0u8; 21];
    k[..8].copy_from_slice(&unit.0.to_be_bytes());
    k[8..].copy_from_slice(&date_key(list, day, id));
    k
}

/// `person ++ day ++ tag ++ id`.
pub fn person_key(person: PersonId, list: WorkList, day: Day, id: u64) -> [u8; 21] {
    let mut k = [0u8; 21];
    k[..8].copy_from_slice(&person.0.to_be_bytes());
    k[8..12].copy_from_slice(&day_bytes(day));
    k[12] = list.tag();
    k[13..].copy_from_slice(&id.to_be_bytes());
    k
}

/// The person and day of a by-person key, if it is one.
pub(super) fn split_person_key(k: &[u8]) -> Option<(PersonId, Day)> {
    (k.len() == 21).then_some(())?;
    Some((PersonId(u64_of(&k[..8])?), day_of(&k[8..12])?))
}

/// Notes one record more or fewer on the days of the people a by-person
/// key names, for the commit to write into `PersonDays`.
fn note_days(changes: &mut Changes, k: &[u8], by: i64) {
    if let Some((p, day)) = split_person_key(k) {
        super::person_days::note(changes, p, day, by);
    }
}

/// `month ++ unit`: month first, so that the tallies of a period lie in
/// one run per month, every unit's side by side (a province's year is
/// twelve runs, where unit first spread it over every leaf of the tree).
pub fn tally_key(unit: UnitId, month: Month) -> [u8; 12] {
    let mut k = [0u8; 12];
    k[..4].copy_from_slice(&month.0.to_be_bytes());
    k[4..].copy_from_slice(&unit.0.to_be_bytes());
    k
}

pub fn split_tally_key(k: &[u8]) -> Option<(UnitId, Month)> {
    (k.len() == 12).then_some(())?;
    Some((
        UnitId(u64_of(&k[4..])?),
        Month(u32::from_be_bytes(k[..4].try_into().ok()?)),
    ))
}

/// What the by-date index holds of a record: its unit, its kind or mode
/// (0 for the others), and a visit's person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateEntry {
    pub list: WorkList,
    pub day: Day,
    pub id: u64,
    pub unit: UnitId,
    pub tag: u8,
    pub person: Option<PersonId>,
}

fn date_value(item: &WorkItem) -> Vec<u8> {
    let mut v = item.unit().0.to_be_bytes().to_vec();
    v.push(item.tag());
    if let WorkItem::Visit(visit) = item {
        v.extend_from_slice(&visit.person.0.to_be_bytes());
    }
    v
}

fn decode_date_entry(k: &[u8], v: &[u8]) -> Option<DateEntry> {
    if k.len() != 13 || !(v.len() == 9 || v.len() == 17) {
        return None;
    }
    Some(DateEntry {
        list: WorkList::from_tag(k[0])?,
        day: day_of(&k[1..5])?,
        id: u64_of(&k[5..])?,
        unit: UnitId(u64_of(&v[..8])?),
        tag: v[8],
        person: if v.len() == 17 {
            Some(PersonId(u64_of(&v[9..])?))
        } else {
            None
        },
    })
}

/// Every index key a live record has; a voided one has none.
pub struct IndexEntries {
    pub date: ([u8; 13], Vec<u8>),
    pub unit: [u8; 21],
    pub people: Vec<[u8; 21]>,
}

pub fn index_entries(item: &WorkItem) -> Option<IndexEntries> {
    if item.voided().is_some() {
        return None;
    }
    let (list, day, id) = (item.list(), item.date(), item.id().id);
    let mut people: Vec<[u8; 21]> = item
        .people()
        .into_iter()
        .map(|p| person_key(p, list, day, id))
        .collect();
    people.sort_unstable();
    people.dedup();
    Some(IndexEntries {
        date: (date_key(list, day, id), date_value(item)),
        unit: unit_key(item.unit(), list, day, id),
        people,
    })
}

/// Writes a record going from `before` to `after` with its index entries.
/// The tallies are the caller's: they are read and summed in a batch.
pub fn put(changes: &mut Changes, before: Option<&WorkItem>, after: &WorkItem) {
    if let Some(old) = before.and_then(index_entries) {
        changes.delete(TreeId::WorkByDate, &old.date.0);
        changes.delete(TreeId::WorkByUnit, &old.unit);
        for p in old.people {
            changes.delete(TreeId::WorkByPerson, &p);
            note_days(changes, &p, -1);
        }
    }
    for p in put_with_entries(changes, after) {
        note_days(changes, &p, 1);
    }
}

/// Writes a new record's index entries as `put` does, noting its people's
/// days in `days` instead of in `changes`: a load gathers the notes of many
/// commits, and reads and rewrites each person's entry once for all of them
/// when it commits `days`. The record itself is `put_record`'s.
pub fn put_new_entries(changes: &mut Changes, days: &mut Changes, item: &WorkItem) {
    for p in put_entries(changes, item) {
        note_days(days, &p, 1);
    }
}

/// Writes `item` and the index entries it has; answers its people's keys,
/// whose days the caller notes.
fn put_with_entries(changes: &mut Changes, item: &WorkItem) -> Vec<[u8; 21]> {
    put_record(changes, item);
    put_entries(changes, item)
}

/// Writes `item` alone, without its index entries.
pub fn put_record(changes: &mut Changes, item: &WorkItem) {
    let tree = tree_of(item.list());
    let id = item.id().id;
    match item {
        WorkItem::Activity(a) => changes.put(tree, id, a),
        WorkItem::Training(t) => changes.put(tree, id, t),
        WorkItem::Visit(v) => changes.put(tree, id, v),
        WorkItem::StudySession(s) => changes.put(tree, id, s),
    }
}

fn put_entries(changes: &mut Changes, item: &WorkItem) -> Vec<[u8; 21]> {
    let Some(new) = index_entries(item) else {
        return Vec::new();
    };
    changes.put_raw(TreeId::WorkByDate, &new.date.0, &new.date.1);
    changes.put_raw(TreeId::WorkByUnit, &new.unit, &[]);
    for p in &new.people {
        changes.put_raw(TreeId::WorkByPerson, p, &[]);
    }
    new.people
}

pub fn decode_item(
    list: WorkList,
    bytes: &[u8],
) -> std::result::Result<WorkItem, super::codec::CodecError> {
    use super::codec::decode;
    Ok(match list {
        WorkList::Activities => WorkItem::Activity(decode(bytes)?),
        WorkList::Trainings => WorkItem::Training(decode(bytes)?),
        WorkList::Visits => WorkItem::Visit(decode(bytes)?),
        WorkList::StudySessions => WorkItem::StudySession(decode(bytes)?),
    })
}

pub fn get(store: &Store, id: WorkId) -> Result<Option<WorkItem>> {
    let tree = tree_of(id.list);
    match store.raw_get(tree, &id_key(id.id))? {
        None => Ok(None),
        Some(bytes) => decode_item(id.list, &bytes)
            .map(Some)
            .map_err(|e| super::corrupt(tree, &id_key(id.id), e)),
    }
}

fn corrupt_key(tree: TreeId, k: &[u8]) -> Error {
    Error::Corrupt {
        what: format!("{} key {k:02x?}", tree.name()),
    }
}

/// The entries of one list dated `from..=to`, oldest first or newest first.
pub fn by_date(
    store: &Store,
    list: WorkList,
    from: Day,
    to: Day,
    newest_first: bool,
) -> impl Iterator<Item = Result<DateEntry>> + '_ {
    let lo = date_key(list, from, 0);
    let hi = date_key(list, to, u64::MAX);
    let range = store.tree(TreeId::WorkByDate).range(lo..=hi);
    let iter: Box<dyn Iterator<Item = sled::Result<(sled::IVec, sled::IVec)>>> = if newest_first {
        Box::new(range.rev())
    } else {
        Box::new(range)
    };
    iter.map(|kv| {
        let (k, v) = kv.map_err(storage)?;
        decode_date_entry(&k, &v).ok_or_else(|| corrupt_key(TreeId::WorkByDate, &k))
    })
}

/// The ids of a unit's own records of one list dated `from..=to`.
pub fn of_unit(
    store: &Store,
    unit: UnitId,
    list: WorkList,
    from: Day,
    to: Day,
) -> Result<Vec<(Day, u64)>> {
    let lo = unit_key(unit, list, from, 0);
    let hi = unit_key(unit, list, to, u64::MAX);
    let mut out = Vec::new();
    for k in store.tree(TreeId::WorkByUnit).range(lo..=hi).keys() {
        let k = k.map_err(storage)?;
        let day = day_of(&k[9..13]).ok_or_else(|| corrupt_key(TreeId::WorkByUnit, &k))?;
        let id = u64_of(&k[13..]).ok_or_else(|| corrupt_key(TreeId::WorkByUnit, &k))?;
        out.push((day, id));
    }
    Ok(out)
}

/// Who is named on which live record: every entry of the person index, or
/// one person's, as (person, day, list, record id).
pub fn person_entries(
    store: &Store,
    person: Option<PersonId>,
) -> impl Iterator<Item = Result<(PersonId, Day, WorkList, u64)>> + '_ {
    let tree = store.tree(TreeId::WorkByPerson);
    let iter = match person {
        Some(p) => tree.scan_prefix(p.0.to_be_bytes()),
        None => tree.iter(),
    };
    iter.keys().map(|k| {
        let k = k.map_err(storage)?;
        let parsed = (k.len() == 21).then(|| {
            Some((
                PersonId(u64_of(&k[..8])?),
                day_of(&k[8..12])?,
                WorkList::from_tag(k[12])?,
                u64_of(&k[13..])?,
            ))
        });
        parsed
            .flatten()
            .ok_or_else(|| corrupt_key(TreeId::WorkByPerson, &k))
    })
}

/// Entries skipped walking forward to a person before the walk seeks
/// instead: a seek costs about as much as reading a leaf's worth of keys.
const SKIP_BEFORE_SEEK: usize = 64;

/// The days each person is named on a live record: one entry of
/// `PersonDays` each. In a database made before that tree and opened
/// without being written to, from the by-person index, for people asked
/// about in rising order (as the roll is read): one walk forward over the
/// index, where a lookup per person descends the tree and copies a leaf
/// each time. A person asked out of order is looked up on their own.
pub struct PersonDays<'s> {
    store: &'s Store,
    /// Whether the per-person tree is there to be read.
    tree: bool,
    walk: Option<sled::Iter>,
    /// The first entry of the walk not yet taken.
    next: Option<(PersonId, Day)>,
    /// The last person the walk reached, and their days, oldest first:
    /// nobody between them and `next` has any.
    held: Option<(PersonId, Vec<Day>)>,
    alone: Vec<Day>,
}

impl<'s> PersonDays<'s> {
    pub fn new(store: &'s Store) -> Self {
        PersonDays {
            store,
            tree: super::person_days::built(store),
            walk: None,
            next: None,
            held: None,
            alone: Vec::new(),
        }
    }

    /// The days `person` is named on a live record, oldest first (a day
    /// once per record).
    pub fn of(&mut self, person: PersonId) -> Result<&[Day]> {
        if self.tree {
            if self.held.as_ref().is_none_or(|(p, _)| *p != person) {
                self.held = None;
                self.held = Some((person, super::person_days::of(self.store, person)?));
            }
            return Ok(self.held.as_ref().map_or(&[][..], |(_, days)| days));
        }
        let held = self.held.as_ref().map(|(p, _)| *p);
        let next = self.next.map(|(p, _)| p);
        match held {
            Some(h) if h == person => {}
            Some(h) if h > person => return self.alone(person),
            Some(_) if next.is_none_or(|n| person < n) => {
                self.held = Some((person, Vec::new()));
            }
            _ => {
                if let Err(e) = self.walk_to(person) {
                    // Start again from a seek rather than trust a walk
                    // broken half way.
                    (self.walk, self.next, self.held) = (None, None, None);
                    return Err(e);
                }
            }
        }
        Ok(self.held.as_ref().map_or(&[][..], |(_, days)| days))
    }

    fn alone(&mut self, person: PersonId) -> Result<&[Day]> {
        self.alone.clear();
        for e in person_entries(self.store, Some(person)) {
            self.alone.push(e?.1);
        }
        Ok(&self.alone)
    }

    /// Takes the next readable entry: an unreadable key counts as no
    /// activity, and `check` names it.
    fn step(&mut self) -> Result<()> {
        self.next = None;
        while let Some(kv) = self.walk.as_mut().and_then(Iterator::next) {
            let (k, _) = kv.map_err(storage)?;
            if k.len() == 21
                && let (Some(p), Some(day)) = (u64_of(&k[..8]), day_of(&k[8..12]))
            {
                self.next = Some((PersonId(p), day));
                break;
            }
        }
        Ok(())
    }

    fn seek(&mut self, person: PersonId) -> Result<()> {
        let tree = self.store.tree(TreeId::WorkByPerson);
        self.walk = Some(tree.range(person.0.to_be_bytes()..));
        self.step()
    }

    fn walk_to(&mut self, person: PersonId) -> Result<()> {
        if self.walk.is_none() {
            self.seek(person)?;
        }
        let mut skipped = 0;
        while let Some((p, _)) = self.next
            && p < person
        {
            if skipped == SKIP_BEFORE_SEEK {
                self.seek(person)?;
                break;
            }
            skipped += 1;
            self.step()?;
        }
        let mut days = match self.held.take() {
            Some((_, mut v)) => {
                v.clear();
                v
            }
            None => Vec::new(),
        };
        while let Some((p, day)) = self.next
            && p == person
        {
            days.push(day);
            self.step()?;
        }
        self.held = Some((person, days));
        Ok(())
    }
}

/// The stored tally of a unit's month: zero when it has none.
pub fn tally(store: &Store, unit: UnitId, month: Month) -> Result<WorkTally> {
    let key = tally_key(unit, month);
    match store.raw_get(TreeId::WorkTallies, &key)? {
        None => Ok(WorkTally::default()),
        Some(b) => {
            super::codec::decode(&b).map_err(|e| super::corrupt(TreeId::WorkTallies, &key, e))
        }
    }
}

/// The stored tally of each of `wanted`, in its order: as `tally` on each,
/// but read in key order, a leaf at a time.
pub fn tallies(store: &Store, wanted: &[(UnitId, Month)]) -> Result<Vec<WorkTally>> {
    let mut keys: Vec<(usize, [u8; 12])> = wanted
        .iter()
        .enumerate()
        .map(|(at, (unit, month))| (at, tally_key(*unit, *month)))
        .collect();
    keys.sort_unstable_by_key(|k| k.1);
    let sorted: Vec<&[u8]> = keys.iter().map(|(_, k)| k.as_slice()).collect();
    let found = store
        .tree(TreeId::WorkTallies)
        .get_sorted(&sorted)
        .map_err(super::storage)?;
    let mut out = vec![WorkTally::default(); wanted.len()];
    for ((at, key), value) in keys.iter().zip(found) {
        if let Some(b) = value {
            out[*at] = super::codec::decode(&b)
                .map_err(|e| super::corrupt(TreeId::WorkTallies, key, e))?;
        }
    }
    Ok(out)
}

/// Each of `units`' tallies summed over the months `from..=to`, in unit
/// order, for the units that have any. Many units: each month's run is
/// read once (a run holds every unit's tally of that month). A few: each
/// unit's months are looked up one by one, within the months the tree
/// holds at all.
pub fn sums_of(
    store: &Store,
    units: impl IntoIterator<Item = UnitId>,
    from: Month,
    to: Month,
) -> Result<Vec<(UnitId, WorkTally)>> {
    let mut units: Vec<UnitId> = units.into_iter().collect();
    units.sort_unstable();
    units.dedup();
    let mut sums: Vec<Option<WorkTally>> = vec![None; units.len()];
    let (Some(first), Some(last)) = (units.first().copied(), units.last().copied()) else {
        return Ok(Vec::new());
    };
    let tree = store.tree(TreeId::WorkTallies);
    let mut add = |i: usize, k: &[u8], v: &[u8]| -> Result<()> {
        let t: WorkTally =
            super::codec::decode(v).map_err(|e| super::corrupt(TreeId::WorkTallies, k, e))?;
        sums[i].get_or_insert_with(WorkTally::default).add(&t);
        Ok(())
    };
    if units.len() >= FEW_UNITS {
        for month in from.0..=to.0 {
            let (lo, hi) = (
                tally_key(first, Month(month)),
                tally_key(last, Month(month)),
            );
            let stopped = tree
                .scan_leaves(lo..=hi, |k, v| {
                    let found =
                        split_tally_key(k).and_then(|(unit, _)| units.binary_search(&unit).ok());
                    match found.map_or(Ok(()), |i| add(i, k, v)) {
                        Ok(()) => ControlFlow::Continue(()),
                        Err(e) => ControlFlow::Break(e),
                    }
                })
                .map_err(storage)?;
            if let Some(e) = stopped {
                return Err(e);
            }
        }
    } else {
        let held = |entry: sled::Result<Option<(sled::IVec, sled::IVec)>>| {
            Ok::<_, Error>(
                entry
                    .map_err(storage)?
                    .and_then(|(k, _)| split_tally_key(&k)),
            )
        };
        let (Some((_, oldest)), Some((_, newest))) = (held(tree.first())?, held(tree.last())?)
        else {
            return Ok(Vec::new());
        };
        for month in from.0.max(oldest.0)..=to.0.min(newest.0) {
            for (i, unit) in units.iter().enumerate() {
                let k = tally_key(*unit, Month(month));
                if let Some(v) = tree.get(k).map_err(storage)? {
                    add(i, &k, &v)?;
                }
            }
        }
    }
    Ok(units
        .into_iter()
        .zip(sums)
        .filter_map(|(u, sum)| Some((u, sum?)))
        .collect())
}

/// Below this many units, a period's tallies are looked up unit by unit
/// (a lookup each month) rather than read a month's run at a time (every
/// unit of the month, 20,000 at a province).
const FEW_UNITS: usize = 256;

/// Every stored tally, by month and unit.
pub fn all_tallies(store: &Store) -> Result<Vec<((UnitId, Month), WorkTally)>> {
    let mut out = Vec::new();
    for kv in store.raw_entries(TreeId::WorkTallies) {
        let (k, v) = kv?;
        let key = split_tally_key(&k).ok_or_else(|| corrupt_key(TreeId::WorkTallies, &k))?;
        let t = super::codec::decode(&v).map_err(|e| super::corrupt(TreeId::WorkTallies, &k, e))?;
        out.push((key, t));
    }
    Ok(out)
}

/// Stores `tally` for a unit's month: an entry, or none when zero.
pub fn put_tally(changes: &mut Changes, unit: UnitId, month: Month, tally: &WorkTally) {
    let key = tally_key(unit, month);
    if tally.is_zero() {
        changes.delete(TreeId::WorkTallies, &key);
    } else {
        changes.put_raw(TreeId::WorkTallies, &key, &super::codec::encode(tally));
    }
}

/// The tallies the stored records make, by unit and month: what `check`
/// holds the stored ones against, and what `repair` writes.
pub fn recount(store: &Store) -> Result<BTreeMap<(UnitId, Month), WorkTally>> {
    let mut out: BTreeMap<(UnitId, Month), WorkTally> = BTreeMap::new();
    for list in WorkList::ALL {
        for kv in store.raw_entries(tree_of(list)) {
            let (_, v) = kv?;
            // An unreadable record is named by `check` on its own.
            if let Ok(item) = decode_item(list, &v) {
                let t = item.record().tally();
                if !t.is_zero() {
                    out.entry((item.unit(), Month::of(item.date())))
                        .or_default()
                        .add(&t);
                }
            }
        }
    }
    Ok(out)
}

/// The trees whose entries are worked out from the work records: their
/// indexes, the units' monthly tallies and the days by person.
pub const WRITTEN_FROM_RECORDS: [TreeId; 5] = [
    TreeId::WorkByDate,
    TreeId::WorkByUnit,
    TreeId::WorkByPerson,
    TreeId::WorkTallies,
    TreeId::PersonDays,
];

/// Writes every work index and tally again from the records, leaving out
/// those `changes` deletes: what `repair` does once a work record or a tally
/// was set aside.
pub fn rebuild(store: &Store, changes: &mut Changes) -> Result<()> {
    for tree in WRITTEN_FROM_RECORDS {
        for k in store.raw_keys(tree) {
            changes.delete(tree, &k?);
        }
    }
    let mut tallies: BTreeMap<(UnitId, Month), WorkTally> = BTreeMap::new();
    let mut by_person: Vec<[u8; 21]> = Vec::new();
    for list in WorkList::ALL {
        let tree = tree_of(list);
        for kv in store.raw_entries(tree) {
            let (k, v) = kv?;
            if changes.latest(tree, &k) == Some(None) {
                continue;
            }
            let Ok(item) = decode_item(list, &v) else {
                continue;
            };
            if let Some(e) = index_entries(&item) {
                changes.put_raw(TreeId::WorkByDate, &e.date.0, &e.date.1);
                changes.put_raw(TreeId::WorkByUnit, &e.unit, &[]);
                for p in &e.people {
                    changes.put_raw(TreeId::WorkByPerson, p, &[]);
                }
                by_person.extend(e.people);
            }
            let t = item.record().tally();
            if !t.is_zero() {
                tallies
                    .entry((item.unit(), Month::of(item.date())))
                    .or_default()
                    .add(&t);
            }
        }
    }
    for ((unit, month), t) in tallies {
        put_tally(changes, unit, month, &t);
    }
    // Written whole, as the index is, rather than noted record by record.
    by_person.sort_unstable();
    for (k, v) in super::person_days::from_index_keys(by_person.iter()) {
        changes.put_raw(TreeId::PersonDays, &k, &v);
    }
    Ok(())
}

/// The by-person keys the live records call for, sorted, leaving out the
/// records `changes` deletes.
pub fn live_person_keys(store: &Store, changes: &Changes) -> Result<Vec<[u8; 21]>> {
    let mut out = Vec::new();
    for list in WorkList::ALL {
        let tree = tree_of(list);
        for kv in store.raw_entries(tree) {
            let (k, v) = kv?;
            if changes.latest(tree, &k) == Some(None) {
                continue;
            }
            if let Some(e) = decode_item(list, &v).ok().as_ref().and_then(index_entries) {
                out.extend(e.people);
            }
        }
    }
    out.sort_unstable();
    Ok(out)
}

/// The office's own activity themes are kept in the meta tree, so that a
/// backup carries them with the district's name.
const THEME_PREFIX: &str = "theme:";

pub fn put_theme(changes: &mut Changes, theme: &str) {
    changes.put_raw(
        TreeId::Meta,
        format!("{THEME_PREFIX}{theme}").as_bytes(),
        &[],
    );
}

pub fn is_theme_key(key: &[u8]) -> bool {
    key.starts_with(THEME_PREFIX.as_bytes())
}

/// The themes added, in the order of their text.
pub fn themes(store: &Store) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for k in store.tree(TreeId::Meta).scan_prefix(THEME_PREFIX).keys() {
        let k = k.map_err(storage)?;
        out.push(String::from_utf8_lossy(&k[THEME_PREFIX.len()..]).into_owned());
    }
    Ok(out)
}

/// Raises a database made before work records to this schema: its trees
/// start empty, so there is nothing to build, but a program that does not
/// keep the indexes must refuse it once records may be in it.
pub fn mark_schema(store: &Store) -> Result<()> {
    if store
        .meta_u16("schema")?
        .is_some_and(|s| s >= super::SCHEMA_VERSION)
    {
        return Ok(());
    }
    let mut changes = Changes::default();
    changes.mark_schema_current();
    store.commit(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(y: u32, m: u32) -> Month {
        Month(y * 12 + m - 1)
    }

    /// Units 1..=600 each with a tally in December 2024, January, June and
    /// December 2025 and January 2026, worth 1, 10, 100, 1,000 and 10,000
    /// activities; unit 7 has none.
    fn tallied() -> (tempfile::TempDir, Store) {
        let (dir, store) = super::super::temp_store();
        let mut c = Changes::default();
        for unit in (1..=600).filter(|u| *u != 7) {
            for (m, n) in [
                (month(2024, 12), 1),
                (month(2025, 1), 10),
                (month(2025, 6), 100),
                (month(2025, 12), 1_000),
                (month(2026, 1), 10_000),
            ] {
                let t = WorkTally {
                    activities: n,
                    visits: u32::try_from(unit).unwrap(),
                    ..WorkTally::default()
                };
                put_tally(&mut c, UnitId(unit), m, &t);
            }
        }
        store.commit(c).unwrap();
        (dir, store)
    }

    /// Asked in unit order, as a load sums them (the tree is keyed month
    /// first), across many leaves and with tallies that are not stored:
    /// each answer is the stored tally or none, in the order asked.
    #[test]
    fn tallies_read_in_key_order_answer_in_the_order_asked() {
        let (_dir, store) = tallied();
        let months = [
            month(2024, 12),
            month(2025, 3),
            month(2025, 6),
            month(2026, 1),
        ];
        let wanted: Vec<(UnitId, Month)> = (1..=601)
            .flat_map(|u| months.iter().map(move |m| (UnitId(u), *m)))
            .collect();
        let got = tallies(&store, &wanted).unwrap();
        assert_eq!(got.len(), wanted.len());
        for ((unit, m), t) in wanted.iter().zip(&got) {
            let stored = unit.0 != 7 && unit.0 != 601 && *m != month(2025, 3);
            let want = if !stored {
                (0, 0)
            } else if *m == month(2024, 12) {
                (1, unit.0)
            } else if *m == month(2025, 6) {
                (100, unit.0)
            } else {
                (10_000, unit.0)
            };
            assert_eq!((t.activities, u64::from(t.visits)), want, "{unit:?} {m:?}");
            assert_eq!(*t, tally(&store, *unit, *m).unwrap());
        }
    }

    #[test]
    fn a_period_sums_its_own_months_for_few_units_and_for_many() {
        let (_dir, store) = tallied();
        let sum = |units: &[u64], from: Month, to: Month| -> Vec<(u64, u32, u32)> {
            sums_of(&store, units.iter().map(|u| UnitId(*u)), from, to)
                .unwrap()
                .into_iter()
                .map(|(u, t)| (u.0, t.activities, t.visits))
                .collect()
        };
        let year = (month(2025, 1), month(2025, 12));
        // Few units, looked up one by one: 10 + 100 + 1,000 for the year,
        // unit 7 left out, the order of the units as asked not kept.
        assert_eq!(
            sum(&[9, 2, 7, 2], year.0, year.1),
            vec![(2, 1_110, 6), (9, 1_110, 27)]
        );
        // The edges: the period's first month alone, its last alone, a
        // period between the stored months, one that ends before it starts.
        assert_eq!(sum(&[2], year.0, year.0), vec![(2, 10, 2)]);
        assert_eq!(sum(&[2], year.1, month(2026, 1)), vec![(2, 11_000, 4)]);
        assert_eq!(sum(&[2], month(2025, 2), month(2025, 5)), vec![]);
        assert_eq!(sum(&[2], year.1, year.0), vec![]);
        // Before and after every stored month.
        assert_eq!(
            sum(&[2], month(1990, 1), month(2099, 12)),
            vec![(2, 11_111, 10)]
        );
        // Many units, each month read whole: the same sums.
        let many: Vec<u64> = (1..=600).rev().collect();
        assert!(many.len() >= FEW_UNITS);
        let all = sum(&many, year.0, year.1);
        assert_eq!(all.len(), 599);
        assert_eq!(all[0], (1, 1_110, 3));
        assert_eq!(all[5], (6, 1_110, 18));
        assert_eq!(all[6], (8, 1_110, 24));
        assert_eq!(all[598], (600, 1_110, 1_800));
        // Units past the last stored one, and a run that starts mid-month.
        let upper: Vec<u64> = (300..=900).collect();
        let some = sum(&upper, month(2025, 12), month(2026, 1));
        assert_eq!(some.len(), 301);
        assert_eq!(some[0], (300, 11_000, 600));
        assert_eq!(some[300], (600, 11_000, 1_200));
    }

    #[test]
    fn day_keys_sort_as_days_do() {
        let days = [
            Day::ymd(1899, 12, 31).unwrap(),
            Day::ymd(1970, 1, 1).unwrap(),
            Day::ymd(2024, 2, 29).unwrap(),
            Day::ymd(2024, 3, 1).unwrap(),
        ];
        for w in days.windows(2) {
            assert!(day_bytes(w[0]) < day_bytes(w[1]));
            assert_eq!(day_of(&day_bytes(w[0])), Some(w[0]));
        }
    }

    #[test]
    fn date_entries_decode_what_was_written() {
        let k = date_key(WorkList::Visits, Day::ymd(2026, 3, 31).unwrap(), 42);
        let mut v = 7u64.to_be_bytes().to_vec();
        v.push(0);
        v.extend_from_slice(&9u64.to_be_bytes());
        let e = decode_date_entry(&k, &v).unwrap();
        assert_eq!(
            (e.list, e.id, e.unit, e.person),
            (WorkList::Visits, 42, UnitId(7), Some(PersonId(9)))
        );
        assert!(decode_date_entry(&k, &v[..5]).is_none());
    }

    use crate::store::temp_store;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    #[test]
    fn unit_sums_in_key_order_agree_with_a_sum_by_hand() {
        let (_dir, store) = temp_store();
        let month = |y, m| Month::of(day(y, m, 1));
        let activities = |n| WorkTally {
            activities: n,
            ..WorkTally::default()
        };
        let mut c = Changes::default();
        for (unit, (y, m), n) in [
            (3, (2025, 1), 1),
            (3, (2025, 2), 2),
            (3, (2025, 3), 4),
            (4, (2025, 1), 128),
            (5, (2024, 12), 8),
            (5, (2025, 1), 16),
            (9, (2025, 2), 32),
            (12, (2026, 1), 64),
        ] {
            put_tally(&mut c, UnitId(unit), month(y, m), &activities(n));
        }
        store.commit(c).unwrap();
        // Asked out of order and twice; 7 has no tallies, 12 none in the
        // months, and 4 is not asked for.
        let asked = [9, 3, 5, 12, 3, 7].map(UnitId);
        let (from, to) = (month(2025, 1), month(2025, 2));
        let want = vec![(UnitId(3), 3), (UnitId(5), 16), (UnitId(9), 32)];
        let got = sums_of(&store, asked, from, to).unwrap();
        let got: Vec<(UnitId, u32)> = got.iter().map(|(u, t)| (*u, t.activities)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_walk_over_the_person_index_answers_as_a_lookup_would() {
        let (_dir, store) = temp_store();
        let mut c = Changes::default();
        let mut id = 0;
        let mut named = |c: &mut Changes, person: u64, d: Day| {
            id += 1;
            let k = person_key(PersonId(person), WorkList::Activities, d, id);
            c.put_raw(TreeId::WorkByPerson, &k, &[]);
        };
        named(&mut c, 2, day(2025, 3, 1));
        named(&mut c, 2, day(2025, 1, 5));
        named(&mut c, 2, day(2025, 3, 1));
        // More entries than the walk skips before it seeks.
        let mut d = day(2025, 2, 1);
        for _ in 0..(SKIP_BEFORE_SEEK + 6) {
            named(&mut c, 4, d);
            d = d.succ();
        }
        named(&mut c, 5, day(2025, 6, 30));
        named(&mut c, 9, day(2024, 12, 31));
        // An unreadable key of person 7's names no one.
        let mut broken = 7u64.to_be_bytes().to_vec();
        broken.push(1);
        c.put_raw(TreeId::WorkByPerson, &broken, &[]);
        store.commit(c).unwrap();
        store
            .commit(super::super::person_days::from_index(&store).unwrap())
            .unwrap();
        ask_as_by_hand(&store);
        // As a database made before the per-person tree, opened without
        // being written to: the index is walked.
        let mut c = Changes::default();
        c.delete(TreeId::Meta, super::super::person_days::BUILT.as_bytes());
        store.commit(c).unwrap();
        ask_as_by_hand(&store);
    }

    fn ask_as_by_hand(store: &Store) {
        let fours: Vec<Day> = {
            let mut d = day(2025, 2, 1);
            (0..SKIP_BEFORE_SEEK + 6)
                .map(|_| {
                    let this = d;
                    d = d.succ();
                    this
                })
                .collect()
        };
        let mut walk = PersonDays::new(store);
        let mut ask = |p: u64| walk.of(PersonId(p)).unwrap().to_vec();
        assert_eq!(
            ask(2),
            vec![day(2025, 1, 5), day(2025, 3, 1), day(2025, 3, 1)]
        );
        assert_eq!(ask(2).len(), 3);
        assert_eq!(ask(3), vec![]);
        // Past person 4's entries without asking for them, then 4 after 5.
        assert_eq!(ask(5), vec![day(2025, 6, 30)]);
        assert_eq!(ask(4), fours);
        assert_eq!(ask(5), vec![day(2025, 6, 30)]);
        assert_eq!(ask(6), vec![]);
        assert_eq!(ask(7), vec![]);
        assert_eq!(ask(9), vec![day(2024, 12, 31)]);
        assert_eq!(ask(10), vec![]);
        assert_eq!(ask(1), vec![]);
        assert_eq!(ask(2).len(), 3);
    }
}
