//! Registering whole rosters and teams, with their history, in one commit:
//! how the demo database is filled without hundreds of syncs. The same
//! rules and audit entries apply as for one person at a time.

use super::people_rules::{live_unit, one_line, person_from_draft};
use std::sync::Arc;

use super::{Actor, Service, State};
use crate::domain::UnitId;
use crate::domain::audit::AuditAction;
use crate::domain::day::Day;
use crate::domain::person::{
    Honour, Person, PersonDraft, PersonId, Position, PositionId, Role, Talk,
};
use crate::domain::time;
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId};

pub struct SeedPerson {
    pub draft: PersonDraft,
    pub talks: Vec<Talk>,
    pub honours: Vec<Honour>,
}

/// A unit's roster and team.
pub struct SeedUnit {
    pub unit: UnitId,
    pub people: Vec<SeedPerson>,
    pub positions: Vec<SeedPosition>,
}

pub struct SeedPosition {
    /// Index into the people of the same call.
    pub person: usize,
    pub role: Role,
    pub from: Day,
    pub to: Option<Day>,
    pub doc: String,
    pub area: String,
}

impl Service {
    pub fn seed(&self, actor: &Actor, units: Vec<SeedUnit>) -> Result<()> {
        let _w = self.write_lock();
        let mut draft = self.state().clone();
        let mut changes = Changes::default();
        for u in units {
            self.seed_unit(&mut draft, &mut changes, actor, u)?;
        }
        let counts = super::elder_counts_changed(&mut draft);
        self.store.commit_batch(&[changes, counts])?;
        *self.state_mut() = draft;
        Ok(())
    }

    fn seed_unit(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        SeedUnit {
            unit,
            people,
            positions,
        }: SeedUnit,
    ) -> Result<()> {
        live_unit(&state.units, unit)?;
        let today = Day::today();
        let now = time::now();
        let mut saved: Vec<Person> = Vec::with_capacity(people.len());
        for s in people {
            let draft = PersonDraft {
                unit: Some(unit),
                ..s.draft
            };
            let mut p = person_from_draft(&draft, PersonId(0), None, today)?;
            let everyone = state.people.load_everyone(&self.store)?;
            if let Some(e) = everyone.duplicate_of(&p, &state.units, &|_| true) {
                return Err(e);
            }
            if let Some(e) = p.elder.as_mut() {
                e.talks = s.talks;
                e.honours = s.honours;
            }
            p.id = PersonId(self.store.next_id(TreeId::People));
            p.created = now;
            p.changed_at = now;
            p.changed_by = actor.user.clone();
            self.put_person(changes, actor, AuditAction::Create, None, &p)?;
            Arc::make_mut(&mut state.people).insert(&self.store, p.clone())?;
            saved.push(p);
        }
        for s in positions {
            let person = saved.get(s.person).ok_or(Error::NoSuchRecord { id: 0 })?;
            if let Some(to) = s.to.filter(|t| *t < s.from) {
                return Err(Error::EndBeforeStart { from: s.from, to });
            }
            let pos = Position {
                id: PositionId(self.store.next_id(TreeId::Positions)),
                unit,
                person: person.id,
                role: s.role,
                from: s.from,
                to: s.to,
                doc: one_line(&s.doc),
                area: one_line(&s.area),
                created: now,
                changed_at: now,
                changed_by: actor.user.clone(),
                rev: 1,
            };
            let label = format!("{} {}", person.name, pos.role.label_zh());
            self.put_position(changes, actor, AuditAction::Appoint, None, &pos, label)?;
            Arc::make_mut(&mut state.people)
                .positions
                .insert(pos.id, pos);
        }
        Ok(())
    }
}
