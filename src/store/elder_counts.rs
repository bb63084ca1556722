//! The stored elder counts of each unit: a unit's card shows them for its
//! whole subtree, and summing a few hundred of these is far cheaper than
//! reading every person. The service writes them in the same commit as the
//! people they count; `ggw check` holds them against a recount.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Changes, Store, TreeId, id_key};
use crate::domain::UnitId;
use crate::domain::person::Person;
use crate::error::{Error, Result};

/// Set in the meta tree once the counts have been built; a database made
/// before they existed has them built at its next open.
pub const BUILT: &str = "elder_counts_built";

/// The elders whose own unit is this one (not its subtree).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderCount {
    pub active: u32,
    pub struck_off: u32,
}

impl ElderCount {
    /// What one person adds to the count of their unit.
    /// A voided record adds nothing.
    pub fn of(p: &Person) -> ElderCount {
        if p.voided.is_some() {
            return ElderCount::default();
        }
        match &p.elder {
            None => ElderCount::default(),
            Some(e) if e.is_active() => ElderCount {
                active: 1,
                struck_off: 0,
            },
            Some(_) => ElderCount {
                active: 0,
                struck_off: 1,
            },
        }
    }

    pub fn is_zero(self) -> bool {
        self == ElderCount::default()
    }

    pub fn add(&mut self, other: ElderCount) {
        self.active = self.active.saturating_add(other.active);
        self.struck_off = self.struck_off.saturating_add(other.struck_off);
    }

    pub fn remove(&mut self, other: ElderCount) {
        self.active = self.active.saturating_sub(other.active);
        self.struck_off = self.struck_off.saturating_sub(other.struck_off);
    }
}

/// The counts `people` make, by unit; units without elders are left out.
pub fn recount<'a>(people: impl IntoIterator<Item = &'a Person>) -> BTreeMap<UnitId, ElderCount> {
    let mut out: BTreeMap<UnitId, ElderCount> = BTreeMap::new();
    for p in people {
        let c = ElderCount::of(p);
        if !c.is_zero() {
            out.entry(p.unit).or_default().add(c);
        }
    }
    out
}

/// The stored counts. A unit whose count is zero has no entry; one whose
/// entry cannot be read goes to `damaged` and counts as zero until
/// `ggw repair` counts again.
pub fn load(
    store: &Store,
    damaged: &mut Vec<super::damage::DamagedRecord>,
) -> Result<BTreeMap<UnitId, ElderCount>> {
    let mut out = BTreeMap::new();
    for kv in store.raw_entries(TreeId::ElderCounts) {
        let (key, value) = kv?;
        match decode_entry(&key, &value) {
            Ok((unit, count)) => {
                out.insert(unit, count);
            }
            Err(e) => damaged.push(super::damage::damaged(
                TreeId::ElderCounts,
                &key,
                value.len(),
                e.message(crate::lang::Lang::En),
            )),
        }
    }
    Ok(out)
}

pub fn decode_entry(key: &[u8], value: &[u8]) -> Result<(UnitId, ElderCount)> {
    let unit = <[u8; 8]>::try_from(key)
        .map(|k| UnitId(u64::from_be_bytes(k)))
        .map_err(|_| Error::Corrupt {
            what: format!("elder_counts: key {key:02x?}"),
        })?;
    let count = super::codec::decode(value).map_err(|e| Error::Corrupt {
        what: format!("elder_counts: unit {unit}: {e}"),
    })?;
    Ok((unit, count))
}

/// Stores `count` as the count of `unit`: an entry, or none when zero.
pub fn put(changes: &mut Changes, unit: UnitId, count: ElderCount) {
    if count.is_zero() {
        changes.delete(TreeId::ElderCounts, &id_key(unit.0));
    } else {
        changes.put(TreeId::ElderCounts, unit.0, &count);
    }
}
