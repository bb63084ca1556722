//! The terms of every team, held in memory in order of their ids.
//!
//! A province has some 35,000 terms. In a hash map of 64 shards each term
//! took a slot of the table, and the tables stand at up to twice the room
//! they fill: 9.5 MB for 5 MB of terms. Here they lie in runs of ids, each
//! run a vector shared between the state and a batch's copy of it until a
//! write changes a term of that run, which copies that run alone.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::domain::person::{Position, PositionId};

/// Ids per run: a write copies at most this many terms.
const RUN: u64 = 256;

#[derive(Debug, Clone, Default)]
pub(crate) struct PositionsHeld {
    /// By `id / RUN`: the terms of those ids, by id.
    runs: BTreeMap<u64, Arc<Vec<Position>>>,
}

impl PositionsHeld {
    pub fn get(&self, id: &PositionId) -> Option<&Position> {
        let run = self.runs.get(&(id.0 / RUN))?;
        let at = run.binary_search_by_key(id, |p| p.id).ok()?;
        run.get(at)
    }

    /// Puts `p` in the place of the term with its id, if any, and gives
    /// back the one it replaced.
    pub fn insert(&mut self, id: PositionId, mut p: Position) -> Option<Position> {
        // The id is the key, as in a map.
        p.id = id;
        let run = Arc::make_mut(self.runs.entry(id.0 / RUN).or_default());
        match run.binary_search_by_key(&id, |p| p.id) {
            Ok(at) => Some(std::mem::replace(&mut run[at], p)),
            Err(at) => {
                run.insert(at, p);
                None
            }
        }
    }

    /// Every term, by id.
    pub fn values(&self) -> impl Iterator<Item = &Position> {
        self.runs.values().flat_map(|run| run.iter())
    }
}

impl FromIterator<(PositionId, Position)> for PositionsHeld {
    fn from_iter<I: IntoIterator<Item = (PositionId, Position)>>(iter: I) -> Self {
        let mut held = PositionsHeld::default();
        for (id, p) in iter {
            held.insert(id, p);
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;
    use crate::domain::day::Day;
    use crate::domain::person::{PersonId, Role};

    fn term(id: u64, unit: u64) -> Position {
        Position {
            id: PositionId(id),
            unit: UnitId(unit),
            person: PersonId(id * 10),
            role: Role::Member,
            from: Day::ymd(2024, 1, 1).unwrap(),
            to: None,
            doc: String::new(),
            area: String::new(),
            created: 0,
            changed_at: 0,
            changed_by: "root".into(),
            rev: 1,
        }
    }

    #[test]
    fn terms_are_found_by_id_and_listed_by_id_across_runs() {
        // Out of order, in three runs (0–255, 256–511, 1024–).
        let ids = [700, 3, 300, 1, 1024, 256, 255];
        let held: PositionsHeld = ids.iter().map(|i| (PositionId(*i), term(*i, 1))).collect();
        let listed: Vec<u64> = held.values().map(|p| p.id.0).collect();
        assert_eq!(listed, [1, 3, 255, 256, 300, 700, 1024]);
        assert_eq!(
            held.get(&PositionId(300)).map(|p| p.person),
            Some(PersonId(3000))
        );
        assert!(held.get(&PositionId(2)).is_none());
        assert!(held.get(&PositionId(5000)).is_none());
    }

    #[test]
    fn an_insert_replaces_the_term_with_its_id_and_leaves_copies_alone() {
        let mut held: PositionsHeld = [(PositionId(5), term(5, 1))].into_iter().collect();
        let copy = held.clone();
        let old = held.insert(PositionId(5), term(5, 2));
        assert_eq!(old.map(|p| p.unit), Some(UnitId(1)));
        assert!(held.insert(PositionId(6), term(6, 2)).is_none());
        assert_eq!(held.get(&PositionId(5)).map(|p| p.unit), Some(UnitId(2)));
        assert_eq!(held.values().count(), 2);
        // The copy a batch started from is as it was.
        assert_eq!(copy.get(&PositionId(5)).map(|p| p.unit), Some(UnitId(1)));
        assert_eq!(copy.values().count(), 1);
    }
}
