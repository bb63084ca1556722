//! What the service keeps of the people module. Positions, reserve entries
//! and the elder counts are few and always in memory. Every person is read
//! in only when a write to people first needs them all (for its duplicate
//! checks): decoding thousands of them at open was most of the start-up
//! time, and the screens people open first never need them all.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::elder_counts::ElderCounts;
use super::positions_held::PositionsHeld;
use super::shards::Shards;
use crate::domain::UnitId;
use crate::domain::attendees::{PersonNames, PositionList};
use crate::domain::id_number::IdNumber;
use crate::domain::person::{Person, PersonId, Position};
use crate::domain::person_view::PersonView;
use crate::domain::reserve::{ReserveCandidate, ReserveId};
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};
use crate::store::damage::DamagedRecord;
use crate::store::{Store, TreeId, codec};

#[derive(Debug, Clone, Default)]
pub(crate) struct PeopleCache {
    /// Every person, once something needed them all. Shared between the
    /// state and a batch's copy of it until the batch changes a person.
    everyone: OnceLock<Arc<Everyone>>,
    /// People an import of this batch wrote while the roster was not read:
    /// readers in the same batch find them here, as the store does not
    /// have them before the commit. Emptied when the batch is committed.
    unsaved: Arc<HashMap<PersonId, Person>>,
    pub positions: PositionsHeld,
    pub reserve: Shards<ReserveId, ReserveCandidate>,
    pub elder_counts: ElderCounts,
}

/// The batch is about to be committed: from then on the store has the
/// people kept aside, and readers find them there.
pub(crate) fn forget_unsaved(state: &mut super::State) {
    if state.people.has_unsaved() {
        Arc::make_mut(&mut state.people).unsaved = Arc::default();
    }
}

/// Every person, and who holds each ID number.
#[derive(Debug, Clone, Default)]
pub(crate) struct Everyone {
    pub people: Shards<PersonId, Person>,
    pub by_id_number: Shards<String, PersonId>,
}

impl PeopleCache {
    /// What is in memory from the start; records that cannot be read go to
    /// `damaged` instead of stopping the program.
    pub fn load(store: &Store, damaged: &mut Vec<DamagedRecord>) -> Result<PeopleCache> {
        let positions = store
            .scan_usable::<Position>(TreeId::Positions, damaged)?
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
        let reserve = store
            .scan_usable::<ReserveCandidate>(TreeId::Reserve, damaged)?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        Ok(PeopleCache {
            everyone: OnceLock::new(),
            unsaved: Arc::default(),
            positions,
            reserve,
            elder_counts: ElderCounts::open(store, damaged)?,
        })
    }

    /// Every person, if they have been read.
    pub fn everyone(&self) -> Option<&Everyone> {
        self.everyone.get().map(|e| &**e)
    }

    /// Every person, read from the store if not yet. The caller holds the
    /// service's write lock, so that no commit is halfway through while
    /// the store is read and the state shows only what is saved.
    pub fn load_everyone(&self, store: &Store) -> Result<&Everyone> {
        if let Some(e) = self.everyone() {
            return Ok(e);
        }
        let mut loaded = Everyone::default();
        store.each::<Person>(TreeId::People, |p| {
            loaded.insert(p);
            Ok(())
        })?;
        for p in self.unsaved.values() {
            loaded.insert(p.clone());
        }
        Ok(self.everyone.get_or_init(|| Arc::new(loaded)))
    }

    /// New people an import wrote: into the roster if it has been read,
    /// else kept aside until the batch is committed, so that an import
    /// never reads the whole roster just to add to it.
    pub fn add_new(&mut self, store: &Store, people: Vec<Person>) -> Result<()> {
        if self.everyone().is_some() {
            for p in people {
                self.insert(store, p)?;
            }
            return Ok(());
        }
        let unsaved = Arc::make_mut(&mut self.unsaved);
        for p in people {
            self.elder_counts.replace(None, Some(&p));
            unsaved.insert(p.id, p);
        }
        Ok(())
    }

    /// Whether people written in this batch are kept aside.
    pub fn has_unsaved(&self) -> bool {
        !self.unsaved.is_empty()
    }

    /// Puts the new version of a person in the roster and moves their
    /// count; the commit of the batch stores the counts it changed.
    pub fn insert(&mut self, store: &Store, p: Person) -> Result<()> {
        self.load_everyone(store)?;
        let everyone = self.everyone.get_mut().ok_or_else(|| Error::Storage {
            detail: "the roster was not read".into(),
        })?;
        let everyone = Arc::make_mut(everyone);
        self.elder_counts
            .replace(everyone.people.get(&p.id), Some(&p));
        everyone.insert(p);
        Ok(())
    }

    /// Persons as the holder of this state reads them.
    pub fn persons<'a>(&'a self, store: &'a Store) -> Persons<'a> {
        Persons { cache: self, store }
    }
}

impl Everyone {
    fn insert(&mut self, p: Person) {
        let old = self.people.get(&p.id).map(|o| o.id_number.as_ref());
        // A talk or an honour keeps the number: its shard is not copied.
        if old != Some(p.id_number.as_ref()) {
            if let Some(n) = old.flatten() {
                self.by_id_number.remove(n.as_str());
            }
            if let Some(n) = &p.id_number {
                self.by_id_number.insert(n.as_str().to_string(), p.id);
            }
        }
        self.people.insert(p.id, p);
    }

    /// Someone else already registered as this person: same ID number, or
    /// same name and birth date in the same unit. The holder of the number
    /// is named only when `readable` lets the caller read their unit.
    pub fn duplicate_of(
        &self,
        p: &Person,
        tree: &UnitTree,
        readable: &dyn Fn(UnitId) -> bool,
    ) -> Option<Error> {
        if let Some(n) = &p.id_number
            && let Some(other) = self.by_id_number.get(n.as_str()).filter(|o| **o != p.id)
        {
            return Some(self.id_number_taken(n, *other, readable));
        }
        let birth = p.birth_day()?;
        self.people
            .values()
            .find(|o| {
                o.id != p.id && o.unit == p.unit && o.name == p.name && o.birth_day() == Some(birth)
            })
            .map(|o| Error::DuplicateNameBirth {
                name: o.name.clone(),
                birth,
                unit: tree.path(o.unit),
                existing: o.id.0,
            })
    }

    /// The refusal for an ID number `holder` already has: their id and
    /// name for a caller who may read their unit, and nothing about them
    /// for anyone else, or a form would tell who is registered where.
    pub fn id_number_taken(
        &self,
        n: &IdNumber,
        holder: PersonId,
        readable: &dyn Fn(UnitId) -> bool,
    ) -> Error {
        id_number_taken(n, holder, self.people.get(&holder), readable)
    }
}

/// The refusal for an ID number `holder` (read as `person`) already has.
pub(crate) fn id_number_taken(
    n: &IdNumber,
    holder: PersonId,
    person: Option<&Person>,
    readable: &dyn Fn(UnitId) -> bool,
) -> Error {
    match person {
        Some(o) if readable(o.unit) => Error::DuplicateIdNumber {
            masked: n.masked(),
            existing: holder.0,
            existing_name: o.name.clone(),
        },
        _ => Error::IdNumberRegistered { masked: n.masked() },
    }
}

/// Reads persons from the roster when it is loaded, else from the store.
/// Whoever reads from the store holds the service's write lock, or is the
/// writer: a reader must not see a commit that is only halfway through.
#[derive(Clone, Copy)]
pub(crate) struct Persons<'a> {
    cache: &'a PeopleCache,
    store: &'a Store,
}

impl<'a> Persons<'a> {
    /// The store they are read from, for what lies beside them (the work
    /// records an elder is named on).
    pub fn store(&self) -> &'a Store {
        self.store
    }

    pub fn get(&self, id: PersonId) -> Result<Option<Person>> {
        match self.cache.everyone() {
            Some(e) => Ok(e.people.get(&id).cloned()),
            None => match self.cache.unsaved.get(&id) {
                Some(p) => Ok(Some(p.clone())),
                None => self.store.get(TreeId::People, id.0),
            },
        }
    }

    /// The person's name; empty for someone no longer on record.
    pub fn name(&self, id: PersonId) -> Result<String> {
        Ok(self.get(id)?.map(|p| p.name).unwrap_or_default())
    }

    /// The person holding this ID number.
    pub fn by_id_number(&self, number: &str) -> Result<Option<Person>> {
        let unsaved = || {
            self.cache
                .unsaved
                .values()
                .find(|p| p.id_number.as_ref().is_some_and(|n| n.as_str() == number))
        };
        let id = match self.cache.everyone() {
            Some(e) => e.by_id_number.get(number).copied(),
            None if let Some(p) = unsaved() => Some(p.id),
            None => self
                .store
                .raw_get(TreeId::PeopleByIdNumber, number.as_bytes())?
                .and_then(|v| <[u8; 8]>::try_from(v.as_slice()).ok())
                .map(|k| PersonId(u64::from_be_bytes(k))),
        };
        match id {
            Some(id) => self.get(id),
            None => Ok(None),
        }
    }

    /// Calls `f` with every person, in no particular order, without
    /// keeping them all when they are read from the store.
    /// Voided records are left out: they are listed, found and counted
    /// nowhere.
    pub fn each(&self, mut f: impl FnMut(&Person)) -> Result<()> {
        match self.cache.everyone() {
            Some(e) => e.people.values().filter(|p| p.voided.is_none()).for_each(f),
            None => {
                self.store.each::<Person>(TreeId::People, |p| {
                    if p.voided.is_none() {
                        f(&p);
                    }
                    Ok(())
                })?;
                let added = self.cache.unsaved.values();
                added.filter(|p| p.voided.is_none()).for_each(f);
            }
        }
        Ok(())
    }

    /// As `each`, each person given as the figures read them, decoded in
    /// place from the store's leaves when read from there.
    pub fn each_view(&self, mut f: impl FnMut(&PersonView)) -> Result<()> {
        self.each_view_and_stored(|p| f(p), |_| {}).map(|_| ())
    }

    /// As `each_view`; when the persons are read from the store and nothing
    /// is waiting to be saved, also hands `stored` every record read, the
    /// voided too, and answers true: `stored` then saw the store's roster
    /// whole, as a scan of it would.
    pub fn each_view_and_stored(
        &self,
        mut f: impl FnMut(&PersonView),
        mut stored: impl FnMut(&PersonView),
    ) -> Result<bool> {
        if self.cache.everyone().is_some() || !self.cache.unsaved.is_empty() {
            return self.each(|p| f(&PersonView::of(p))).map(|()| false);
        }
        let mut one = |p: &PersonView| {
            stored(p);
            if !p.voided {
                f(p);
            }
        };
        self.store.each_raw(TreeId::People, |k, v| {
            let corrupt = |e| crate::store::corrupt(TreeId::People, k, e);
            match codec::decode_view::<Person, PersonView>(v).map_err(corrupt)? {
                Some(p) => one(&p),
                // Written by an older version: read as the record it was.
                None => one(&PersonView::of(
                    &codec::decode::<Person>(v).map_err(corrupt)?,
                )),
            }
            Ok(())
        })?;
        Ok(true)
    }
}

/// Attendee rules name people by post; an unreadable record names nobody,
/// as a missing one does, and `ggw check` reports it.
impl PersonNames for Persons<'_> {
    fn name_of(&self, id: PersonId) -> Option<String> {
        self.get(id).ok().flatten().map(|p| p.name)
    }
}

impl PositionList for PositionsHeld {
    fn all_positions(&self) -> Box<dyn Iterator<Item = &Position> + '_> {
        Box::new(self.values())
    }
}
