//! What the people figures need beyond today's records: where a person was
//! registered on an earlier day, and what else, besides talks, shows an
//! elder is active.
//!
//! A person's unit changes only by an edit, and every edit is audited with
//! the day it was saved; the service reads those moves from the audit log
//! when a report asks for part of the hierarchy. The day a move was saved
//! stands for the day it happened: no form asks for another.

use super::day::Day;
use super::id_hash::IdMap;
use super::person::PersonId;
use super::person_view::PersonView;
use super::unit::UnitId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitMove {
    pub on: Day,
    pub from: UnitId,
    pub to: UnitId,
}

/// Every person's moves between units, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Moves(IdMap<PersonId, Vec<UnitMove>>);

impl Moves {
    pub fn push(&mut self, person: PersonId, m: UnitMove) {
        let list = self.0.entry(person).or_default();
        list.push(m);
        list.sort_by_key(|m| m.on);
    }

    /// The unit `p` was registered with at the end of `day`: the unit they
    /// left by their first move after it, else the one they are in now.
    pub fn unit_on(&self, p: &PersonView, day: Day) -> UnitId {
        self.0
            .get(&p.id)
            .and_then(|list| list.iter().find(|m| m.on > day))
            .map_or(p.unit, |m| m.from)
    }

    /// Every unit `p` has been registered with: the one now and those left.
    pub fn units_of<'a>(&'a self, p: &PersonView) -> impl Iterator<Item = UnitId> + 'a {
        let (id, unit) = (p.id, p.unit);
        std::iter::once(unit).chain(self.0.get(&id).into_iter().flatten().map(|m| m.from))
    }
}

/// Recorded work other than talks that shows an elder is active. Only
/// talks are records so far; activities (活动), when they arrive, answer
/// here. Honours and re-registration are not activity: an elder can be
/// honoured for past work or re-registered on paper and still do nothing.
pub trait Engagement {
    /// The last day on or before `day` that `person` took part in something.
    fn last_on_or_before(&self, person: PersonId, day: Day) -> Option<Day>;
}

/// Until activities are recorded.
pub struct NoActivities;

impl Engagement for NoActivities {
    fn last_on_or_before(&self, _: PersonId, _: Day) -> Option<Day> {
        None
    }
}
