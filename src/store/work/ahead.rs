//! The days each person is named on a work record, walked forward on a
//! thread of its own ahead of a roll read in rising person order: one
//! entry per person of `PersonDays` (or, in a database made before it and
//! opened without being written to, every key of the by-person index), so
//! that the roll and the walk do not take turns on one core.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::{PersonDays, day_of, u64_of};
use crate::domain::day::Day;
use crate::domain::person::PersonId;
use crate::error::Result;
use crate::store::{Store, TreeId, person_days};

/// People sent at a time: one channel message per few leaves of the index.
const BATCH: usize = 1024;
/// Batches the walk may run ahead of the reader: enough to ride out a slow
/// stretch of either side, few enough that the memory stays small.
const AHEAD: usize = 8;

/// People at a time and their days (oldest first, a day once per record),
/// all in one list: one allocation a batch, not one a person, and freed
/// by the reader at once.
#[derive(Default)]
struct Batch {
    /// Each person, and where their days end in `days` (they start where
    /// the person before ends).
    people: Vec<(PersonId, usize)>,
    days: Vec<Day>,
}

impl Batch {
    fn with_capacity() -> Batch {
        Batch {
            people: Vec::with_capacity(BATCH),
            days: Vec::with_capacity(BATCH * 8),
        }
    }

    fn push(&mut self, p: PersonId) {
        self.people.push((p, self.days.len()));
    }

    fn is_full(&self) -> bool {
        self.people.len() >= BATCH
    }
}

enum Feed {
    Days(Batch),
    /// The walk met an error: the reader looks the rest up itself.
    Broken,
    /// The whole index was walked.
    End,
}

/// The walking half: run it on its own thread. It stops early, without an
/// error, when the reader is gone.
pub struct Walk<'s> {
    store: &'s Store,
    to: SyncSender<Feed>,
}

/// The reading half: the days of each person asked about, as
/// [`PersonDays`] answers them, from what the walk sends.
pub struct DaysAhead<'s> {
    from: Receiver<Feed>,
    batch: Batch,
    /// The place in `batch` of the first person sent and not yet passed.
    next: usize,
    /// The last person asked about: one asked below it is looked up alone.
    asked: Option<PersonId>,
    /// Once the walk is broken or gone, or for a person asked out of
    /// order, the days are read here as they were before the walk ran
    /// ahead.
    lookup: PersonDays<'s>,
    fed: bool,
    ended: bool,
}

/// The two halves of a walk over `store`'s by-person index.
pub fn walk_ahead(store: &Store) -> (Walk<'_>, DaysAhead<'_>) {
    let (to, from) = sync_channel(AHEAD);
    (
        Walk { store, to },
        DaysAhead {
            from,
            batch: Batch::default(),
            next: 0,
            asked: None,
            lookup: PersonDays::new(store),
            fed: true,
            ended: false,
        },
    )
}

impl Walk<'_> {
    /// Walks the index to its end, sending each person's days in order.
    pub fn run(self) {
        let end = match self.send_all() {
            Ok(true) => Feed::End,
            Ok(false) => return,
            Err(_) => Feed::Broken,
        };
        let _ = self.to.send(end);
    }

    /// Sends `batch` once full (or at the end); false when the reader
    /// stopped listening.
    fn send(&self, batch: &mut Batch, end: bool) -> bool {
        if !(batch.is_full() || end && !batch.people.is_empty()) {
            return true;
        }
        let full = std::mem::replace(batch, Batch::with_capacity());
        self.to.send(Feed::Days(full)).is_ok()
    }

    /// False when the reader stopped listening.
    fn send_all(&self) -> Result<bool> {
        if !person_days::built(self.store) {
            return self.send_from_index();
        }
        let mut batch = Batch::with_capacity();
        let entries = self
            .store
            .tree(TreeId::PersonDays)
            .leaf_iter::<&[u8], _>(..);
        for kv in entries {
            let (k, v) = kv.map_err(crate::store::storage)?;
            // An entry that cannot be read counts as no activity, as
            // `PersonDays` takes it; `check` names it.
            let Some(p) = <[u8; 8]>::try_from(&k[..]).ok().map(u64::from_be_bytes) else {
                continue;
            };
            if person_days::days_into(&v, &mut batch.days).is_some() {
                batch.push(PersonId(p));
            }
            if !self.send(&mut batch, false) {
                return Ok(false);
            }
        }
        Ok(self.send(&mut batch, true))
    }

    /// The walk over the by-person index, one key per record, of a
    /// database made before `PersonDays` and opened without being written.
    fn send_from_index(&self) -> Result<bool> {
        let mut batch = Batch::with_capacity();
        let mut held: Option<PersonId> = None;
        for k in self.store.raw_keys(TreeId::WorkByPerson) {
            let k = k?;
            // An unreadable key counts as no activity, as the walk in
            // `PersonDays` takes it; `check` names it.
            let (Some(p), Some(day)) = (
                (k.len() == 21).then(|| u64_of(&k[..8])).flatten(),
                (k.len() == 21).then(|| day_of(&k[8..12])).flatten(),
            ) else {
                continue;
            };
            let p = PersonId(p);
            if held.is_some_and(|h| h != p) {
                batch.push(held.take().expect("held"));
                if !self.send(&mut batch, false) {
                    return Ok(false);
                }
            }
            held = Some(p);
            batch.days.push(day);
        }
        if let Some(p) = held {
            batch.push(p);
        }
        Ok(self.send(&mut batch, true))
    }
}

impl<'s> DaysAhead<'s> {
    /// The days `person` is named on a live record, oldest first (a day
    /// once per record).
    pub fn of(&mut self, person: PersonId) -> Result<&[Day]> {
        if !self.fed || self.asked.is_some_and(|a| person < a) {
            return self.lookup.of(person);
        }
        self.asked = Some(person);
        loop {
            match self.batch.people.get(self.next) {
                Some((p, _)) if *p < person => self.next += 1,
                Some(_) => break,
                None if self.ended => break,
                None => match self.from.recv() {
                    Ok(Feed::Days(b)) => (self.batch, self.next) = (b, 0),
                    Ok(Feed::End) => self.ended = true,
                    // A walk that broke or died leaves the rest to the
                    // lookup, which answers as if it had never run.
                    Ok(Feed::Broken) | Err(_) => {
                        self.fed = false;
                        return self.lookup.of(person);
                    }
                },
            }
        }
        Ok(match self.batch.people.get(self.next) {
            Some((p, end)) if *p == person => {
                let start = match self.next {
                    0 => 0,
                    i => self.batch.people[i - 1].1,
                };
                &self.batch.days[start..*end]
            }
            _ => &[],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::person_key;
    use super::*;
    use crate::domain::work_item::WorkList;
    use crate::store::Changes;

    use crate::store::temp_store;

    fn day(n: i32) -> Day {
        Day::from_number(Day::ymd(2025, 1, 1).unwrap().number() + n).unwrap()
    }

    /// Person `p` (from 1) is named on `p % 3` records, on days `p` and
    /// `p + 1` and `p + 2`; every tenth person from 5 has an unreadable key
    /// beside them. More people than three batches hold.
    fn store_of(people: u64) -> (tempfile::TempDir, Store) {
        let (dir, store) = temp_store();
        let mut c = Changes::default();
        let mut id = 0;
        for p in 1..=people {
            for k in 0..(p % 3) {
                id += 1;
                let d = day(p as i32 + k as i32);
                let key = person_key(PersonId(p), WorkList::Visits, d, id);
                c.put_raw(TreeId::WorkByPerson, &key, &[]);
            }
            if p % 10 == 5 {
                let mut broken = p.to_be_bytes().to_vec();
                broken.push(1);
                c.put_raw(TreeId::WorkByPerson, &broken, &[]);
            }
        }
        store.commit(c).unwrap();
        let days = crate::store::person_days::from_index(&store).unwrap();
        store.commit(days).unwrap();
        (dir, store)
    }

    /// As a database made before the per-person tree, opened without being
    /// written to: only the by-person index is there to walk.
    fn without_the_tree(store: &Store) {
        let mut c = Changes::default();
        for k in store.raw_keys(TreeId::PersonDays) {
            c.delete(TreeId::PersonDays, &k.unwrap());
        }
        c.delete(TreeId::Meta, person_days::BUILT.as_bytes());
        store.commit(c).unwrap();
    }

    fn by_hand(p: u64) -> Vec<Day> {
        (0..(p % 3)).map(|k| day(p as i32 + k as i32)).collect()
    }

    #[test]
    fn the_walk_ahead_answers_as_counted_by_hand() {
        let people = 3 * BATCH as u64 + 17;
        let (_dir, store) = store_of(people);
        walk_and_ask(&store, people);
        without_the_tree(&store);
        walk_and_ask(&store, people);
    }

    fn walk_and_ask(store: &Store, people: u64) {
        let (walk, mut days) = walk_ahead(store);
        std::thread::scope(|s| {
            s.spawn(move || walk.run());
            // Every third person asked, some twice, one out of order, and
            // people past the last one named.
            for p in (1..=people + 5).step_by(3) {
                let named = if p <= people { by_hand(p) } else { vec![] };
                assert_eq!(days.of(PersonId(p)).unwrap(), named, "{p}");
                if p % 7 == 0 {
                    assert_eq!(days.of(PersonId(p)).unwrap(), named);
                }
                if p == 2000 {
                    assert_eq!(days.of(PersonId(2)).unwrap(), by_hand(2));
                }
            }
            assert_eq!(days.of(PersonId(people + 100)).unwrap(), vec![]);
            assert_eq!(days.of(PersonId(8)).unwrap(), by_hand(8));
        });
    }

    #[test]
    fn a_reader_that_stops_early_stops_the_walk() {
        let (_dir, store) = store_of(12 * BATCH as u64);
        let (walk, mut days) = walk_ahead(&store);
        std::thread::scope(|s| {
            let walking = s.spawn(move || walk.run());
            assert_eq!(days.of(PersonId(4)).unwrap(), by_hand(4));
            drop(days);
            // Joins: the walk saw the reader go rather than wait for ever.
            walking.join().unwrap();
        });
    }

    #[test]
    fn a_walk_gone_leaves_the_rest_to_lookups() {
        let (_dir, store) = store_of(BATCH as u64 + 40);
        let (walk, mut days) = walk_ahead(&store);
        drop(walk);
        for p in [1, 2, 5, 1000, 1030, 3] {
            assert_eq!(days.of(PersonId(p)).unwrap(), by_hand(p), "{p}");
        }
    }
}
