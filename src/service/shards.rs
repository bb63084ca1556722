//! A map split into shards that are shared between copies until written.
//!
//! Every write batch works on its own copy of the service's state, so that a
//! batch that fails leaves the state as it was. With one map per record
//! kind, a batch that saved one person copied every person (tens of
//! milliseconds at city scale). Here a copy shares all shards, and a write
//! copies only the shard it changes.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hash};
use std::sync::Arc;

const SHARDS: usize = 64;

#[derive(Debug, Clone)]
pub(crate) struct Shards<K, V> {
    shards: Vec<Arc<HashMap<K, V>>>,
}

impl<K, V> Default for Shards<K, V> {
    fn default() -> Self {
        Shards {
            shards: (0..SHARDS).map(|_| Arc::new(HashMap::new())).collect(),
        }
    }
}

fn shard_of<Q: Hash + ?Sized>(key: &Q) -> usize {
    // A fixed hasher: a key must land in the same shard in every copy.
    let h = BuildHasherDefault::<DefaultHasher>::default().hash_one(key);
    (h % SHARDS as u64) as usize
}

impl<K: Hash + Eq + Clone, V: Clone> Shards<K, V> {
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.shards[shard_of(key)].get(key)
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let shard = shard_of(&key);
        Arc::make_mut(&mut self.shards[shard]).insert(key, value)
    }

    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        let shard = &mut self.shards[shard_of(key)];
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

impl<K: Hash + Eq + Clone, V: Clone> FromIterator<(K, V)> for Shards<K, V> {
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

    #[test]
    fn a_copy_is_independent_and_shares_the_shards_it_did_not_change() {
        let mut a: Shards<u64, String> = (0..1000).map(|i| (i, format!("#{i}"))).collect();
        assert_eq!(a.values().count(), 1000);
        let mut b = a.clone();
        b.insert(7, "seven".into());
        assert_eq!(b.remove(&8), Some("#8".into()));
        assert_eq!(b.remove(&5000), None);
        assert_eq!(a.get(&7).map(String::as_str), Some("#7"));
        assert_eq!(a.get(&8).map(String::as_str), Some("#8"));
        assert_eq!(b.get(&7).map(String::as_str), Some("seven"));
        assert!(b.get(&8).is_none());
        assert_eq!((a.values().count(), b.values().count()), (1000, 999));
        let shared = a
            .shards
            .iter()
            .zip(&b.shards)
            .filter(|(x, y)| Arc::ptr_eq(x, y))
            .count();
        // 7 and 8 changed at most two shards; every other one is shared.
        assert!(shared >= SHARDS - 2, "{shared}");
        a.insert(1, "one".into());
        assert_eq!(b.get(&1).map(String::as_str), Some("#1"));
    }

    #[test]
    fn string_keys_are_found_by_str() {
        let mut m: Shards<String, u64> = Shards::default();
        m.insert("230103195001011234".into(), 1);
        assert_eq!(m.get("230103195001011234"), Some(&1));
        assert_eq!(m.remove("230103195001011234"), Some(1));
        assert_eq!(m.values().count(), 0);
    }
}
