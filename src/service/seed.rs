//! Registering whole rosters and teams, with their history, in one commit:
//! how the demo database is filled without hundreds of syncs. The same
//! rules and audit entries apply as for one person at a time.

use super::people_rules::{live_unit, one_line, person_from_draft};
use super::{Actor, Service};
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::person::{
    Honour, Person, PersonDraft, PersonId, Position, PositionId, Role, Talk,
};
use crate::domain::time;
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId, pair_key};

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
        let mut changes = Changes::default();
        let mut all_saved: Vec<Person> = Vec::new();
        let mut all_terms: Vec<Position> = Vec::new();
        for u in units {
            let (saved, terms) = self.seed_unit(&mut changes, actor, u)?;
            // Later units' duplicate checks see this unit's people.
            let mut cache = self.roster_mut();
            for p in &saved {
                cache.insert(p.clone());
            }
            drop(cache);
            all_saved.extend(saved);
            all_terms.extend(terms);
        }
        let committed = self.store.commit(changes);
        let mut cache = self.roster_mut();
        if committed.is_err() {
            for p in &all_saved {
                cache.people.remove(&p.id);
                if let Some(n) = &p.id_number {
                    cache.by_id_number.remove(n.as_str());
                }
            }
            return committed;
        }
        for t in all_terms {
            cache.positions.insert(t.id, t);
        }
        Ok(())
    }

    fn seed_unit(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        SeedUnit {
            unit,
            people,
            positions,
        }: SeedUnit,
    ) -> Result<(Vec<Person>, Vec<Position>)> {
        let tree = self.tree();
        live_unit(&tree, unit)?;
        let today = Day::today();
        let now = time::now();
        let mut saved: Vec<Person> = Vec::with_capacity(people.len());
        for s in people {
            let draft = PersonDraft {
                unit: Some(unit),
                ..s.draft
            };
            let mut p = person_from_draft(&draft, PersonId(0), None, today)?;
            if let Some(e) = self.roster().duplicate_of(&p, &tree) {
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
            saved.push(p);
        }
        let mut terms = Vec::with_capacity(positions.len());
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
            changes.put(TreeId::Positions, pos.id.0, &pos);
            changes.put_raw(TreeId::PositionsByUnit, &pair_key(unit.0, pos.id.0), &[]);
            changes.put_raw(
                TreeId::PositionsByPerson,
                &pair_key(person.id.0, pos.id.0),
                &[],
            );
            self.audit(
                changes,
                actor,
                super::audit::Change {
                    action: AuditAction::Appoint,
                    kind: RecordKind::Position,
                    record: pos.id.0,
                    unit: Some(unit),
                    label: format!("{} {}", person.name, pos.role.label_zh()),
                    before: None,
                    after: Some(&pos),
                },
            )?;
            terms.push(pos);
        }
        Ok((saved, terms))
    }
}
