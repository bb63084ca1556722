//! The people's moves between units, by when they were made: the edits of
//! a person whose audit entry names a different unit before and after. A
//! report on part of the hierarchy places its people by them; reading them
//! here, from the time the period starts, replaces decoding every entry of
//! the audit log. The service writes an entry in the same commit as the
//! audit entry it mirrors, `ggw check` holds the index against the log, a
//! restore writes it again with the log, and a database made before it
//! existed has it built at its next open.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{Changes, Store, TreeId, storage};
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, AuditEntry, RecordKind};
use crate::domain::person::PersonId;
use crate::domain::time::Timestamp;
use crate::error::{Error, Result};

/// Set in the meta tree once the index has been built.
pub const BUILT: &str = "person_moves_built";

/// One move, as its audit entry gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredMove {
    pub audit: u64,
    pub at: Timestamp,
    pub person: PersonId,
    pub from: UnitId,
    pub to: UnitId,
}

/// The move an audit entry records, if it records one: an edit of a person
/// whose snapshots before and after name different units.
pub fn of_entry(e: &AuditEntry) -> Option<StoredMove> {
    #[derive(Deserialize)]
    struct Placed {
        unit: UnitId,
    }
    if e.kind != RecordKind::Person || e.action != AuditAction::Update {
        return None;
    }
    let unit_of = |json: &Option<String>| {
        json.as_deref()
            .and_then(|j| serde_json::from_str::<Placed>(j).ok())
            .map(|p| p.unit)
    };
    let (from, to) = (unit_of(&e.before)?, unit_of(&e.after)?);
    (from != to).then_some(StoredMove {
        audit: e.id,
        at: e.at,
        person: PersonId(e.record),
        from,
        to,
    })
}

/// The time in an order-keeping form (times before 1970 sort first), then
/// the audit entry's id: the key's second half is the record it mirrors,
/// as in the other pair indexes, so `repair` drops it with that record.
fn key(at: Timestamp, audit: u64) -> [u8; 16] {
    let mut k = [0; 16];
    k[..8].copy_from_slice(&((at as u64) ^ (1 << 63)).to_be_bytes());
    k[8..].copy_from_slice(&audit.to_be_bytes());
    k
}

/// The person, the unit left and the unit joined.
fn value(m: &StoredMove) -> [u8; 24] {
    let mut v = [0; 24];
    v[..8].copy_from_slice(&m.person.0.to_be_bytes());
    v[8..16].copy_from_slice(&m.from.0.to_be_bytes());
    v[16..].copy_from_slice(&m.to.0.to_be_bytes());
    v
}

/// An entry of the index, as stored.
pub fn entry(m: &StoredMove) -> (Vec<u8>, Vec<u8>) {
    (key(m.at, m.audit).to_vec(), value(m).to_vec())
}

fn decode(k: &[u8], v: &[u8]) -> Option<StoredMove> {
    let word = |b: &[u8], i: usize| {
        b.get(i * 8..i * 8 + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_be_bytes)
    };
    if k.len() != 16 || v.len() != 24 {
        return None;
    }
    Some(StoredMove {
        at: (word(k, 0)? ^ (1 << 63)) as Timestamp,
        audit: word(k, 1)?,
        person: PersonId(word(v, 0)?),
        from: UnitId(word(v, 1)?),
        to: UnitId(word(v, 2)?),
    })
}

/// Writes the index entry of an audit entry that records a move.
pub fn note(changes: &mut Changes, e: &AuditEntry) {
    if let Some(m) = of_entry(e) {
        let (k, v) = entry(&m);
        changes.put_raw(TreeId::PersonMoves, &k, &v);
    }
}

/// The moves made at `since` or later, in the order of their audit
/// entries (the order the log holds them in).
pub fn since(store: &Store, since: Timestamp) -> Result<Vec<StoredMove>> {
    let mut out = Vec::new();
    for kv in store
        .tree(TreeId::PersonMoves)
        .range(key(since, 0).to_vec()..)
    {
        let (k, v) = kv.map_err(storage)?;
        out.push(decode(&k, &v).ok_or_else(|| Error::Corrupt {
            what: format!("person_moves entry {:02x?}", &k[..]),
        })?);
    }
    out.sort_by_key(|m| m.audit);
    Ok(out)
}

/// The entries the audit log calls for, for `ggw check`.
pub fn expected<'a>(entries: impl Iterator<Item = &'a AuditEntry>) -> BTreeSet<(Vec<u8>, Vec<u8>)> {
    entries.filter_map(of_entry).map(|m| entry(&m)).collect()
}

/// The person a stored entry names, for a fault's message.
pub fn person_of(k: &[u8], v: &[u8]) -> u64 {
    decode(k, v).map_or(0, |m| m.person.0)
}

/// Builds the index of a database made before it existed.
pub fn build_if_missing(store: &Store) -> Result<()> {
    super::index_upgrade::build_if_missing(
        store,
        BUILT,
        TreeId::Audit,
        |e: &AuditEntry, changes| note(changes, e),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_the_order_of_times_either_side_of_1970() {
        let times = [i64::MIN, -86_400, -1, 0, 1, 1_700_000_000, i64::MAX];
        let keys: Vec<[u8; 16]> = times.iter().map(|t| key(*t, 7)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        for t in times {
            let m = StoredMove {
                audit: 7,
                at: t,
                person: PersonId(3),
                from: UnitId(4),
                to: UnitId(5),
            };
            let (k, v) = entry(&m);
            assert_eq!(decode(&k, &v), Some(m));
        }
    }
}
