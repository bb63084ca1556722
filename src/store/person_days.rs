//! The days each person is named on a live work record, one entry per
//! person: what the by-person work index holds, without its one key per
//! person, day and record. The under-active queue asks of every elder of a
//! province when they last took part; one entry each is read where the
//! index has a key for every record they are on.
//!
//! An entry keeps a count per day, so that taking one record away is exact.
//! The records' writers note what they add and take (`note`), and the
//! commit that writes the by-person index turns those notes into the new
//! entries, read and rewritten under the write lock. `ggw check` holds the
//! tree against what the records call for, `ggw repair` and a restore write
//! it again, and a database made before it existed has it built at its
//! next open.

use std::collections::BTreeMap;

use super::parts::Rewrite;
use super::{Changes, Op, Store, TreeId, storage};
use crate::domain::day::Day;
use crate::domain::person::PersonId;
use crate::error::Result;

/// Set in the meta tree once the tree has been built.
pub const BUILT: &str = "person_days_built";

/// A person's days, oldest first, each with how many live records name
/// them on it (at least one).
pub type Counts = Vec<(Day, u32)>;

/// What a commit's records add to and take from people's days: person →
/// day number → records more (or fewer) naming them that day.
#[derive(Debug, Default)]
pub struct Deltas(BTreeMap<u64, BTreeMap<i32, i64>>);

impl Deltas {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One record more (`by` = 1) or fewer (-1) naming `person` on `day`.
pub fn note(changes: &mut Changes, person: PersonId, day: Day, by: i64) {
    let days = changes.days.0.entry(person.0).or_default();
    let n = days.entry(day.number()).or_default();
    *n += by;
    if *n == 0 {
        days.remove(&day.number());
    }
}

pub fn key(person: PersonId) -> [u8; 8] {
    person.0.to_be_bytes()
}

fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(b: &mut &[u8]) -> Option<u64> {
    let mut n = 0u64;
    for shift in (0..64).step_by(7) {
        let (&byte, rest) = b.split_first()?;
        *b = rest;
        n |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

/// The first day's number (zigzag: days before 1970 are negative), then
/// each next day as the days since the one before; every day followed by
/// its count. A year of weekly activities takes about 100 bytes.
pub fn encode(counts: &[(Day, u32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + counts.len() * 2);
    let mut last: Option<i64> = None;
    for (day, n) in counts {
        let d = i64::from(day.number());
        match last {
            None => push_varint(&mut out, ((d << 1) ^ (d >> 63)) as u64),
            Some(l) => push_varint(&mut out, (d - l) as u64),
        }
        push_varint(&mut out, u64::from(*n));
        last = Some(d);
    }
    out
}

/// `None` for bytes `encode` does not make: days out of order, a count of
/// zero, a day out of range, or bytes left over.
pub fn decode(b: &[u8]) -> Option<Counts> {
    let mut out = Vec::new();
    each_count(b, |d, n| out.push((d, n)))?;
    Some(out)
}

/// Each day of an entry with its count, oldest first; None for bytes
/// `encode` does not make (after `f` was given the days before the fault).
fn each_count(mut b: &[u8], mut f: impl FnMut(Day, u32)) -> Option<()> {
    let mut last: Option<i64> = None;
    while !b.is_empty() {
        let v = read_varint(&mut b)?;
        let d = match last {
            None => ((v >> 1) as i64) ^ -((v & 1) as i64),
            Some(l) if v >= 1 => l.checked_add(i64::try_from(v).ok()?)?,
            Some(_) => return None,
        };
        let n = u32::try_from(read_varint(&mut b)?)
            .ok()
            .filter(|n| *n > 0)?;
        f(Day::from_number(i32::try_from(d).ok()?)?, n);
        last = Some(d);
    }
    Some(())
}

/// The days of an entry, oldest first, a day once per record naming the
/// person on it, as the by-person index lists them.
pub fn days_of(value: &[u8]) -> Option<Vec<Day>> {
    let mut out = Vec::new();
    days_into(value, &mut out)?;
    Some(out)
}

/// As `days_of`, the days added to the end of `out`; for bytes `encode`
/// does not make, None and `out` as it was.
pub fn days_into(value: &[u8], out: &mut Vec<Day>) -> Option<()> {
    let start = out.len();
    let read = each_count(value, |d, n| out.extend(std::iter::repeat_n(d, n as usize)));
    if read.is_none() {
        out.truncate(start);
    }
    read
}

/// Whether the tree is there to be read: a database made before it that was
/// opened without being written to has only the by-person index.
pub fn built(store: &Store) -> bool {
    matches!(store.meta_raw(BUILT), Ok(Some(_)))
}

/// The days `person` is named on a live record, oldest first (a day once
/// per record); an entry that cannot be read counts as none, and `check`
/// names it.
pub fn of(store: &Store, person: PersonId) -> Result<Vec<Day>> {
    let v = store
        .tree(TreeId::PersonDays)
        .get(key(person))
        .map_err(storage)?;
    Ok(v.and_then(|v| days_of(&v)).unwrap_or_default())
}

/// The entries the notes of `batch` make, from the stored ones: an entry
/// written again, or deleted when no record names its person any more,
/// each with the value it replaces (for a commit in parts to journal). A
/// count that would go below zero stops at zero, and `check` names the
/// entry that was wrong.
pub(super) fn resolve(store: &Store, batch: &[Changes]) -> Result<Vec<Rewrite>> {
    let mut merged: BTreeMap<u64, BTreeMap<i32, i64>> = BTreeMap::new();
    for c in batch {
        for (p, days) in &c.days.0 {
            let to = merged.entry(*p).or_default();
            for (d, n) in days {
                *to.entry(*d).or_default() += n;
            }
        }
    }
    let tree = store.tree(TreeId::PersonDays);
    let mut out = Vec::new();
    for (p, deltas) in merged {
        if deltas.values().all(|n| *n == 0) {
            continue;
        }
        let k = key(PersonId(p));
        let stored = tree.get(k).map_err(storage)?;
        let mut counts: BTreeMap<i32, i64> = stored
            .as_ref()
            .and_then(|v| decode(v))
            .unwrap_or_default()
            .into_iter()
            .map(|(d, n)| (d.number(), i64::from(n)))
            .collect();
        for (d, n) in deltas {
            *counts.entry(d).or_default() += n;
        }
        let counts: Counts = counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .filter_map(|(d, n)| Some((Day::from_number(d)?, u32::try_from(n).ok()?)))
            .collect();
        let op = if counts.is_empty() {
            Op::Delete(TreeId::PersonDays, k.to_vec())
        } else {
            Op::Put(TreeId::PersonDays, k.to_vec(), encode(&counts))
        };
        out.push((op, stored));
    }
    Ok(out)
}

/// The entries a sorted run of by-person index keys call for, in person
/// order: a key that cannot be read names no one, as the readers take it.
pub fn from_index_keys<K: AsRef<[u8]>>(
    keys: impl Iterator<Item = K>,
) -> impl Iterator<Item = (Vec<u8>, Vec<u8>)> {
    let mut keys = keys.peekable();
    let mut held: Option<(PersonId, Counts)> = None;
    std::iter::from_fn(move || {
        loop {
            let Some(k) = keys.next() else {
                return held.take().map(|(p, c)| (key(p).to_vec(), encode(&c)));
            };
            let Some((p, day)) = super::work::split_person_key(k.as_ref()) else {
                continue;
            };
            match &mut held {
                Some((h, counts)) if *h == p => match counts.last_mut() {
                    Some((d, n)) if *d == day => *n += 1,
                    _ => counts.push((day, 1)),
                },
                _ => {
                    let done = held.replace((p, vec![(day, 1)]));
                    if let Some((p, c)) = done {
                        return Some((key(p).to_vec(), encode(&c)));
                    }
                }
            }
        }
    })
}

/// Entries written by one commit of a build: the commit's memory goes
/// with its size, and a province has some 190,000 people with work.
const BUILD_COMMIT: usize = 16_384;

/// Puts the entries the by-person index calls for, read as it goes; every
/// `BUILD_COMMIT` entries, `full` takes the changes made so far.
fn index_entries(
    store: &Store,
    changes: &mut Changes,
    mut full: impl FnMut(&mut Changes) -> Result<()>,
) -> Result<()> {
    let mut failed = None;
    {
        let keys = store
            .tree(TreeId::WorkByPerson)
            .iter()
            .keys()
            .map_while(|k| k.map_err(|e| failed = Some(e)).ok());
        for (n, (k, v)) in from_index_keys(keys).enumerate() {
            changes.put_raw(TreeId::PersonDays, &k, &v);
            if n % BUILD_COMMIT == BUILD_COMMIT - 1 {
                full(changes)?;
            }
        }
    }
    failed.map_or(Ok(()), |e| Err(storage(e)))
}

/// The tree as the by-person index calls for it, as changes that write it
/// whole (after deleting what is there).
pub fn from_index(store: &Store) -> Result<Changes> {
    let mut changes = Changes::default();
    for k in store.raw_keys(TreeId::PersonDays) {
        changes.delete(TreeId::PersonDays, &k?);
    }
    index_entries(store, &mut changes, |_| Ok(()))?;
    Ok(changes)
}

/// Writes again, from the records, every entry that is not as they call
/// for it, and deletes those of people no record names: `repair`'s mending
/// of the tree when no work record was set aside (which writes it whole).
/// How many entries it wrote or deleted.
pub fn mend(store: &Store, changes: &mut Changes) -> Result<usize> {
    let keys = super::work::live_person_keys(store, changes)?;
    let mut want: BTreeMap<Vec<u8>, Vec<u8>> = from_index_keys(keys.iter()).collect();
    drop(keys);
    let mut n = 0;
    for kv in store.raw_entries(TreeId::PersonDays) {
        let (k, v) = kv?;
        match want.remove(&k) {
            Some(w) if w == v => {}
            Some(w) => {
                changes.put_raw(TreeId::PersonDays, &k, &w);
                n += 1;
            }
            None => {
                changes.delete(TreeId::PersonDays, &k);
                n += 1;
            }
        }
    }
    for (k, w) in want {
        changes.put_raw(TreeId::PersonDays, &k, &w);
        n += 1;
    }
    Ok(n)
}

/// Builds the tree of a database made before it existed, from the
/// by-person index, in commits of `BUILD_COMMIT` entries, the last of which
/// marks it built and raises the schema: until then a program that does
/// not keep the tree may still open the database, and a build stopped half
/// way starts again from an empty tree.
pub fn build_if_missing(store: &Store) -> Result<()> {
    if store.meta_raw(BUILT)?.is_some() {
        return Ok(());
    }
    let mut changes = Changes::default();
    for k in store.raw_keys(TreeId::PersonDays) {
        changes.delete(TreeId::PersonDays, &k?);
        if changes.ops.len() == BUILD_COMMIT {
            store.commit(std::mem::take(&mut changes))?;
        }
    }
    if !changes.is_empty() {
        store.commit(std::mem::take(&mut changes))?;
    }
    index_entries(store, &mut changes, |c| store.commit(std::mem::take(c)))?;
    changes.put_raw(TreeId::Meta, BUILT.as_bytes(), b"1");
    changes.mark_schema_current();
    store.commit(changes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: i32) -> Day {
        Day::from_number(n).unwrap()
    }

    #[test]
    fn entries_decode_what_was_encoded_either_side_of_1970() {
        for counts in [
            vec![],
            vec![(day(0), 1)],
            vec![(day(-40_000), 2), (day(-1), 1), (day(20_000), 300)],
            vec![(day(20_089), 1), (day(20_090), 1), (day(21_000), 7)],
        ] {
            assert_eq!(decode(&encode(&counts)), Some(counts));
        }
        // A weekly activity for a year: a byte for each gap and count.
        let weekly: Counts = (0..52).map(|w| (day(20_089 + 7 * w), 1)).collect();
        assert_eq!(encode(&weekly).len(), 3 + 1 + 51 * 2);
        assert_eq!(
            days_of(&encode(&[(day(5), 2), (day(9), 1)])),
            Some(vec![day(5), day(5), day(9)])
        );
    }

    /// More people than one commit of a build writes, each on the index
    /// once or twice, and an entry left by a build that stopped half way
    /// for a person the index no longer names.
    #[test]
    fn a_build_in_several_commits_writes_what_the_index_calls_for() {
        use crate::domain::work_item::WorkList;
        let (_dir, store) = crate::store::temp_store();
        let people = BUILD_COMMIT as u64 + 100;
        let mut c = Changes::default();
        for p in 1..=people {
            for id in 0..(1 + p % 2) {
                let k =
                    super::super::work::person_key(PersonId(p), WorkList::Visits, day(20_000), id);
                c.put_raw(TreeId::WorkByPerson, &k, &[]);
            }
        }
        c.put_raw(
            TreeId::PersonDays,
            &key(PersonId(people + 1)),
            &encode(&[(day(3), 1)]),
        );
        c.delete(TreeId::Meta, BUILT.as_bytes());
        store.commit(c).unwrap();
        build_if_missing(&store).unwrap();
        assert!(built(&store));
        assert_eq!(store.len(TreeId::PersonDays), people as usize);
        for p in [1, 2, BUILD_COMMIT as u64, people] {
            let n = 1 + (p % 2) as usize;
            assert_eq!(of(&store, PersonId(p)).unwrap(), vec![day(20_000); n]);
        }
        assert_eq!(of(&store, PersonId(people + 1)).unwrap(), vec![]);
    }

    #[test]
    fn bytes_encode_does_not_make_are_refused() {
        // A count of zero; a gap of zero; a count cut short.
        assert_eq!(decode(&[2, 0]), None);
        assert_eq!(decode(&[2, 1, 0, 1]), None);
        assert_eq!(decode(&[2, 0x81]), None);
        // Days added to a list: a good entry's after those there, a bad
        // one's not at all, though its first day read well.
        let mut days = vec![day(1)];
        assert_eq!(
            days_into(&encode(&[(day(5), 2), (day(9), 1)]), &mut days),
            Some(())
        );
        assert_eq!(days, vec![day(1), day(5), day(5), day(9)]);
        assert_eq!(days_into(&[10, 1, 0, 1], &mut days), None);
        assert_eq!(days, vec![day(1), day(5), day(5), day(9)]);
    }
}
