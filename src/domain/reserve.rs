//! The reserve-candidate list (后备人选): people a unit has in mind for a
//! post in its team before anyone is appointed. An entry lives until the
//! person is appointed to that post in that unit, or until it is taken off
//! the list; either way the audit log keeps what it said.

use serde::{Deserialize, Serialize};

use super::day::Day;
use super::person::{PersonId, Role};
use super::time::Timestamp;
use super::unit::UnitId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ReserveId(pub u64);

impl std::fmt::Display for ReserveId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReserveCandidate {
    pub id: ReserveId,
    pub unit: UnitId,
    pub person: PersonId,
    /// The post the person is considered for.
    pub role: Role,
    /// When the unit put the person on its list.
    pub noted: Day,
    pub note: String,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
}

impl ReserveCandidate {
    /// Whether appointing `person` to `role` in `unit` fills the post this
    /// entry was kept for, so the entry is done with.
    pub fn met_by(&self, unit: UnitId, person: PersonId, role: Role) -> bool {
        self.unit == unit && self.person == person && self.role == role
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_post_in_the_same_unit_meets_an_entry() {
        let c = ReserveCandidate {
            id: ReserveId(1),
            unit: UnitId(2),
            person: PersonId(3),
            role: Role::Deputy,
            noted: Day::ymd(2024, 3, 1).unwrap(),
            note: String::new(),
            created: 0,
            changed_at: 0,
            changed_by: String::new(),
            rev: 1,
        };
        assert!(c.met_by(UnitId(2), PersonId(3), Role::Deputy));
        // Made executive deputy instead: the deputy entry stays for review.
        assert!(!c.met_by(UnitId(2), PersonId(3), Role::ExecutiveDeputy));
        assert!(!c.met_by(UnitId(9), PersonId(3), Role::Deputy));
        assert!(!c.met_by(UnitId(2), PersonId(4), Role::Deputy));
    }
}
