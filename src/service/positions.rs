//! Leadership teams: appointing a person to a post and ending a term, and
//! the people side of a unit's card.

use super::audit::Change;
use super::people::subtree;
use super::people_api::{PositionDraft, PositionRow, UnitPeople};
use super::people_rules::{live_unit, one_line};
use super::{Actor, Service};
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::people_figures::{PeopleFigures, Period, people_figures};
use crate::domain::person::{Position, PositionId};
use crate::domain::time;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId, pair_key};

impl Service {
    pub(super) fn appoint(&self, actor: &Actor, draft: &PositionDraft) -> Result<Position> {
        let _w = self.write_lock();
        let tree = self.tree();
        let unit = live_unit(&tree, draft.unit)?.clone();
        let cache = self.roster();
        let person = cache
            .people
            .get(&draft.person)
            .ok_or(Error::NoSuchRecord { id: draft.person.0 })?;
        let clash = cache.positions.values().find(|p| {
            p.unit == draft.unit
                && p.serving_on(draft.from)
                && p.role == draft.role
                && (p.person == draft.person || draft.role.is_single())
        });
        if let Some(held) = clash {
            let holder = cache
                .people
                .get(&held.person)
                .map(|p| p.name.clone())
                .unwrap_or_default();
            return Err(Error::RoleHeld {
                role: draft.role,
                holder,
                unit: tree.path(unit.id),
                position: held.id.0,
            });
        }
        let now = time::now();
        let position = Position {
            id: PositionId(self.store.next_id(TreeId::Positions)),
            unit: draft.unit,
            person: draft.person,
            role: draft.role,
            from: draft.from,
            to: None,
            doc: one_line(&draft.doc),
            area: one_line(&draft.area),
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
        };
        let label = format!("{} {}", person.name, draft.role.label_zh());
        drop(cache);
        drop(tree);
        let mut changes = Changes::default();
        changes.put_raw(
            TreeId::PositionsByUnit,
            &pair_key(position.unit.0, position.id.0),
            &[],
        );
        changes.put_raw(
            TreeId::PositionsByPerson,
            &pair_key(position.person.0, position.id.0),
            &[],
        );
        self.save_position(
            &mut changes,
            actor,
            AuditAction::Appoint,
            None,
            &position,
            label,
        )?;
        Ok(position)
    }

    pub(super) fn end_position(
        &self,
        actor: &Actor,
        id: PositionId,
        rev: u64,
        on: Day,
    ) -> Result<Position> {
        let _w = self.write_lock();
        let cache = self.roster();
        let before = cache
            .positions
            .get(&id)
            .cloned()
            .ok_or(Error::NoSuchRecord { id: id.0 })?;
        if before.rev != rev {
            return Err(Error::Conflict {
                by: before.changed_by.clone(),
                at: before.changed_at,
            });
        }
        if let Some(to) = before.to {
            return Err(Error::PositionEnded { id: id.0, on: to });
        }
        if on < before.from {
            return Err(Error::EndBeforeStart {
                from: before.from,
                to: on,
            });
        }
        let name = cache
            .people
            .get(&before.person)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        drop(cache);
        let after = Position {
            to: Some(on),
            rev: before.rev + 1,
            changed_at: time::now(),
            changed_by: actor.user.clone(),
            ..before.clone()
        };
        let label = format!("{name} {}", after.role.label_zh());
        let mut changes = Changes::default();
        self.save_position(
            &mut changes,
            actor,
            AuditAction::EndTerm,
            Some(&before),
            &after,
            label,
        )?;
        Ok(after)
    }

    fn save_position(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&Position>,
        after: &Position,
        label: String,
    ) -> Result<()> {
        changes.put(TreeId::Positions, after.id.0, after);
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::Position,
                record: after.id.0,
                unit: Some(after.unit),
                label,
                before,
                after: Some(after),
            },
        )?;
        self.store.commit(std::mem::take(changes))?;
        self.roster_mut().positions.insert(after.id, after.clone());
        Ok(())
    }

    /// Terms in `unit`'s subtree (all units when `None`), by unit, then
    /// role, then start.
    pub(super) fn list_positions(
        &self,
        unit: Option<UnitId>,
        include_ended: bool,
    ) -> Vec<PositionRow> {
        let tree = self.tree();
        let cache = self.roster();
        let today = Day::today();
        let within = unit.map(|root| subtree(&tree, root));
        let mut rows: Vec<PositionRow> = cache
            .positions
            .values()
            .filter(|p| within.as_ref().is_none_or(|w| w.contains(&p.unit)))
            .filter(|p| include_ended || p.to.is_none_or(|t| t > today))
            .map(|p| position_row(&tree, &cache.people, p))
            .collect();
        rows.sort_by(|a, b| {
            a.unit_path
                .cmp(&b.unit_path)
                .then(a.position.role.cmp(&b.position.role))
                .then(a.position.from.cmp(&b.position.from))
                .then(a.position.id.cmp(&b.position.id))
        });
        rows
    }

    pub(super) fn unit_people(&self, unit: UnitId) -> Result<UnitPeople> {
        let tree = self.tree();
        tree.get(unit).ok_or(Error::NoSuchRecord { id: unit.0 })?;
        let cache = self.roster();
        let today = Day::today();
        let mut team: Vec<PositionRow> = cache
            .positions
            .values()
            .filter(|p| p.unit == unit && p.serving_on(today))
            .map(|p| position_row(&tree, &cache.people, p))
            .collect();
        team.sort_by(|a, b| {
            a.position
                .role
                .cmp(&b.position.role)
                .then(a.position.from.cmp(&b.position.from))
        });
        let below = subtree(&tree, unit);
        let (mut here, mut under, mut struck) = (0, 0, 0);
        for p in cache.people.values().filter(|p| below.contains(&p.unit)) {
            let Some(e) = &p.elder else { continue };
            if e.is_active() {
                under += 1;
                here += usize::from(p.unit == unit);
            } else {
                struck += 1;
            }
        }
        Ok(UnitPeople {
            team,
            elders_here: here,
            elders_below: under,
            struck_off_below: struck,
        })
    }

    pub(super) fn people_figures(
        &self,
        unit: Option<UnitId>,
        period: Period,
        under_active_months: u32,
    ) -> Result<PeopleFigures> {
        if period.to < period.from {
            return Err(Error::EndBeforeStart {
                from: period.from,
                to: period.to,
            });
        }
        let tree = self.tree();
        let root = match unit {
            Some(u) => tree.get(u).ok_or(Error::NoSuchRecord { id: u.0 })?.id,
            None => {
                tree.roots()
                    .next()
                    .ok_or(Error::Corrupt {
                        what: "no district unit".into(),
                    })?
                    .id
            }
        };
        let cache = self.roster();
        Ok(people_figures(
            &tree,
            root,
            cache.people.values(),
            cache.positions.values(),
            period,
            under_active_months,
        ))
    }
}

fn position_row(
    tree: &UnitTree,
    people: &std::collections::HashMap<
        crate::domain::person::PersonId,
        crate::domain::person::Person,
    >,
    p: &Position,
) -> PositionRow {
    PositionRow {
        position: p.clone(),
        person_name: people
            .get(&p.person)
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        unit_path: tree.path(p.unit),
    }
}
