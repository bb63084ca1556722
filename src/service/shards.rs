//! A map split into shards that are shared between copies until written.
//!
//! Every write batch works on its own copy of the service's state, so that a
//! batch that fails leaves the state as it was. With one map per record
//! kind, a batch that saved one person copied every person (tens of
//! milliseconds at city scale). Here a copy shares all shards, and a write
//! copies only the shards it changes.
//!
//! Records keyed by a sequential id are placed by blocks of ids, so that a
//! batch writing a run of neighbouring records (an import, or the talks of
//! a roll taken in order) copies the few blocks it touches. Hashed, a
//! batch of 2,000 people touched every shard and copied the whole roster:
//! 200,000 people for each batch at a province.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hash};
use std::sync::Arc;

use crate::domain::person::PersonId;
use crate::domain::reserve::ReserveId;

/// Shards of keys placed by hash.
const HASHED: usize = 64;
/// Ids to a block.
const BLOCK: u64 = 256;
/// Blocks at most; ids beyond wrap around, into larger shards.
const BLOCKS: u64 = 4096;

/// Which shard a key lives in: the same in every copy.
pub(crate) trait Placed {
    fn shard(&self) -> usize;
}

impl Placed for PersonId {
    fn shard(&self) -> usize {
        block(self.0)
    }
}

impl Placed for ReserveId {
    fn shard(&self) -> usize {
        block(self.0)
    }
}

impl Placed for str {
    fn shard(&self) -> usize {
        // A fixed hasher: a key must land in the same shard in every copy.
        let h = BuildHasherDefault::<DefaultHasher>::default().hash_one(self);
        (h % HASHED as u64) as usize
    }
}

impl Placed for String {
    fn shard(&self) -> usize {
        self.as_str().shard()
    }
}

fn block(id: u64) -> usize {
    ((id / BLOCK) % BLOCKS) as usize
}

#[derive(Debug, Clone)]
pub(crate) struct Shards<K, V> {
    /// As many as the highest shard written needs.
    shards: Vec<Arc<HashMap<K, V>>>,
}

impl<K, V> Default for Shards<K, V> {
    fn default() -> Self {
        Shards { shards: Vec::new() }
    }
}

impl<K: Hash + Eq + Clone + Placed, V: Clone> Shards<K, V> {
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + Placed + ?Sized,
    {
        self.shards.get(key.shard())?.get(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let shard = key.shard();
        if shard >= self.shards.len() {
            self.shards.resize_with(shard + 1, Arc::default);
        }
        Arc::make_mut(&mut self.shards[shard]).insert(key, value)
    }

    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + Placed + ?Sized,
    {
        let shard = self.shards.get_mut(key.shard())?;
        // Not copied when the key is not there.
        if !shard.contains_key(key) {
            return None;
        }
        Arc::make_mut(shard).remove(key)
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.shards.iter().flat_map(|s| s.values())
    }
}

impl<K: Hash + Eq + Clone + Placed, V: Clone> FromIterator<(K, V)> for Shards<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut out = Shards::default();
        for (k, v) in iter {
            out.insert(k, v);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared<K, V>(a: &Shards<K, V>, b: &Shards<K, V>) -> usize {
        a.shards
            .iter()
            .zip(&b.shards)
            .filter(|(x, y)| Arc::ptr_eq(x, y))
            .count()
    }

    #[test]
    fn a_copy_is_independent_and_shares_the_shards_it_did_not_change() {
        let mut a: Shards<PersonId, String> =
            (0..1000).map(|i| (PersonId(i), format!("#{i}"))).collect();
        assert_eq!(a.values().count(), 1000);
        assert_eq!(a.shards.len(), 4);
        let mut b = a.clone();
        b.insert(PersonId(7), "seven".into());
        assert_eq!(b.remove(&PersonId(8)), Some("#8".into()));
        assert_eq!(b.remove(&PersonId(5000)), None);
        assert_eq!(a.get(&PersonId(7)).map(String::as_str), Some("#7"));
        assert_eq!(a.get(&PersonId(8)).map(String::as_str), Some("#8"));
        assert_eq!(b.get(&PersonId(7)).map(String::as_str), Some("seven"));
        assert!(b.get(&PersonId(8)).is_none());
        assert_eq!((a.values().count(), b.values().count()), (1000, 999));
        // 7 and 8 share the first block; the other three are shared.
        assert_eq!(shared(&a, &b), 3);
        a.insert(PersonId(1), "one".into());
        assert_eq!(b.get(&PersonId(1)).map(String::as_str), Some("#1"));
    }

    /// A batch writing 2,000 neighbouring people of 100,000 copies the
    /// eight blocks they fill, and shares the 383 others.
    #[test]
    fn a_run_of_neighbouring_ids_copies_only_its_blocks() {
        let a: Shards<PersonId, u64> = (1..=100_000).map(|i| (PersonId(i), i)).collect();
        let mut b = a.clone();
        for i in 51_201..=53_200 {
            b.insert(PersonId(i), 0);
        }
        // 51,201..53,200 lie in blocks 200 (from 51,200) to 207 (to 53,247).
        assert_eq!(a.shards.len(), 391);
        assert_eq!(shared(&a, &b), 391 - 8);
        assert_eq!(b.get(&PersonId(53_200)), Some(&0));
        assert_eq!(a.get(&PersonId(53_200)), Some(&53_200));
    }

    #[test]
    fn ids_past_the_last_block_wrap_around_and_are_found() {
        let mut m: Shards<PersonId, u8> = Shards::default();
        let far = PersonId(u64::MAX);
        m.insert(far, 1);
        m.insert(PersonId(3), 2);
        assert!(m.shards.len() <= BLOCKS as usize);
        assert_eq!((m.get(&far), m.get(&PersonId(3))), (Some(&1), Some(&2)));
        assert_eq!(m.get(&PersonId(u64::MAX - 1)), None);
    }

    #[test]
    fn string_keys_are_found_by_str() {
        let mut m: Shards<String, u64> = Shards::default();
        m.insert("230103195001011234".into(), 1);
        assert_eq!(m.get("230103195001011234"), Some(&1));
        assert_eq!(m.remove("230103195001011234"), Some(1));
        assert_eq!(m.values().count(), 0);
        assert_eq!(m.remove("230103195001011234"), None);
    }
}
