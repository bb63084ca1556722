//! Sets and maps keyed by record ids (`UnitId`, `PersonId`), hashed by a
//! multiplication: the figures ask them several times for each of 200,000
//! persons, where the default hasher's rounds were a third of the cost.
//! The ids are the program's own, not anyone's input to collide.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

pub type IdSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;
pub type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

#[derive(Default)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;
    use crate::domain::person::PersonId;

    #[test]
    fn ids_are_found_and_told_apart() {
        let mut units: IdSet<UnitId> = IdSet::default();
        units.extend((0..1_000).map(|n| UnitId(n * 7)));
        assert!(units.contains(&UnitId(693)));
        assert!(!units.contains(&UnitId(694)));
        let mut people: IdMap<PersonId, u32> = IdMap::default();
        people.insert(PersonId(1), 1);
        people.insert(PersonId(1 << 40), 2);
        assert_eq!(people.get(&PersonId(1 << 40)), Some(&2));
        assert_eq!(people.get(&PersonId(2)), None);
    }
}
