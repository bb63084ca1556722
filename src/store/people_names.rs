//! The people by name: an import checks each row against the few people
//! who share its name (same name and birth date in a unit, a second import
//! of the same file) and finds an activity's elders by name, instead of
//! decoding the whole roster. Every person is listed, the struck off and
//! the voided too, as the checks they serve decide about those; the service
//! writes the entry in the same commit as the person, `ggw check` holds the
//! index against the people, and a database made before it existed has it
//! built at its next open.

use std::collections::BTreeSet;
use std::ops::ControlFlow;

use super::{Changes, Store, TreeId, id_key, storage};
use crate::domain::UnitId;
use crate::domain::person::{Person, PersonId};
use crate::error::{Error, Result};

/// Set in the meta tree once the index has been built.
pub const BUILT: &str = "people_by_name_built";

/// The name, a zero byte and the person's id: a name's entries lie together,
/// and the id at the end tells them apart.
pub fn key(name: &str, id: PersonId) -> Vec<u8> {
    let mut k = prefix(name);
    k.extend_from_slice(&id_key(id.0));
    k
}

fn prefix(name: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(name.len() + 9);
    k.extend_from_slice(name.as_bytes());
    k.push(0);
    k
}

/// The entry of a person: its key, and the person's unit as its value, so
/// that a lookup can pass over other units' namesakes without decoding them.
pub fn entry(p: &Person) -> (Vec<u8>, Vec<u8>) {
    (key(&p.name, p.id), id_key(p.unit.0).to_vec())
}

/// The person id a key ends with.
pub fn id_of(key: &[u8]) -> Option<u64> {
    let tail = key.len().checked_sub(8).map(|at| &key[at..])?;
    <[u8; 8]>::try_from(tail).ok().map(u64::from_be_bytes)
}

/// Writes the entry of a person going from `before` to `after`.
pub fn replace(changes: &mut Changes, before: Option<&Person>, after: &Person) {
    if let Some(b) = before.filter(|b| b.name != after.name) {
        changes.delete(TreeId::PeopleByName, &key(&b.name, b.id));
    }
    if before.is_none_or(|b| b.name != after.name || b.unit != after.unit) {
        let (k, v) = entry(after);
        changes.put_raw(TreeId::PeopleByName, &k, &v);
    }
}

/// Everyone named exactly `name` (struck off and voided too), with their
/// unit, in the order of their ids. Read a leaf at a time: an import asks
/// this for every row, and sled's own iterator copied the whole leaf for
/// each (a fifth of a province's roster import).
pub fn named(store: &Store, name: &str) -> Result<Vec<(PersonId, UnitId)>> {
    let from = prefix(name);
    // The name's zero byte raised by one: past every key of this name.
    let mut to = from.clone();
    if let Some(last) = to.last_mut() {
        *last = 1;
    }
    let mut out = Vec::new();
    let stopped = store
        .tree(TreeId::PeopleByName)
        .scan_leaves(&from[..]..&to[..], |k, v| {
            // A longer name that starts with this one and a zero byte is
            // not this name: only the id may follow the prefix.
            if k.len() != from.len() + 8 {
                return ControlFlow::Continue(());
            }
            let unit = <[u8; 8]>::try_from(v).map(u64::from_be_bytes);
            match (id_of(k), unit) {
                (Some(id), Ok(unit)) => {
                    out.push((PersonId(id), UnitId(unit)));
                    ControlFlow::Continue(())
                }
                _ => ControlFlow::Break(Error::Corrupt {
                    what: format!("people_by_name entry {k:02x?}"),
                }),
            }
        })
        .map_err(storage)?;
    match stopped {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The entries the people call for, for `ggw check`.
pub fn expected<'a>(people: impl Iterator<Item = &'a Person>) -> BTreeSet<(Vec<u8>, Vec<u8>)> {
    people.map(entry).collect()
}

/// Builds the index of a database made before it existed.
pub fn build_if_missing(store: &Store) -> Result<()> {
    super::index_upgrade::build_if_missing(
        store,
        BUILT,
        TreeId::People,
        |person: &Person, changes| {
            let (k, v) = entry(person);
            changes.put_raw(TreeId::PeopleByName, &k, &v);
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::temp_store;

    /// Names that begin alike, among thousands of others spread over many
    /// leaves: each name finds its own people only, in the order of ids.
    #[test]
    fn a_name_finds_its_people_and_not_those_of_a_longer_name() {
        let (_dir, s) = temp_store();
        let mut c = Changes::default();
        let mut put = |name: &str, id: u64, unit: u64| {
            c.put_raw(
                TreeId::PeopleByName,
                &key(name, PersonId(id)),
                &id_key(unit),
            );
        };
        for i in 0..5_000u64 {
            put(&format!("王{i:05}"), 10_000 + i, i % 7);
        }
        put("张三", 700, 2);
        put("张三", 5, 1);
        put("张三丰", 6, 1);
        put("张三", 9, 3);
        put("张", 8, 1);
        put("张四", 11, 1);
        s.commit(c).unwrap();
        let ids = |name: &str| {
            named(&s, name)
                .unwrap()
                .into_iter()
                .map(|(p, u)| (p.0, u.0))
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("张三"), [(5, 1), (9, 3), (700, 2)]);
        assert_eq!(ids("张三丰"), [(6, 1)]);
        assert_eq!(ids("张"), [(8, 1)]);
        assert_eq!(ids("张四"), [(11, 1)]);
        assert_eq!(ids("王04999"), [(14_999, 4_999 % 7)]);
        assert_eq!(ids("李"), []);
    }
}
