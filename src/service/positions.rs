//! Leadership teams: appointing a person to a post and ending a term, and
//! the people side of a unit's card and of the report.

use std::collections::HashMap;
use std::sync::Arc;

use super::audit::Change;
use super::people::subtree;
use super::people_api::{PositionDraft, PositionRow, UnitPeople};
use super::people_rules::{live_unit, one_line};
use super::{Actor, ChangeNotice, Service, State};
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::people_figures::{PeopleFigures, Period, people_figures_with as figures};
use crate::domain::people_history::{Moves, NoActivities};
use crate::domain::person::{Person, PersonId, Position, PositionId};
use crate::domain::time;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId, pair_key};

impl Service {
    pub(super) fn appoint(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        draft: &PositionDraft,
    ) -> Result<Position> {
        let unit = live_unit(&state.units, draft.unit)?.clone();
        let cache = &state.people;
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
                unit: state.units.path(unit.id),
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
        self.put_position(changes, actor, AuditAction::Appoint, None, &position, label)?;
        Arc::make_mut(&mut state.people)
            .positions
            .insert(position.id, position.clone());
        self.close_reserve_on_appointment(
            state,
            changes,
            actor,
            position.unit,
            position.person,
            position.role,
        )?;
        Ok(position)
    }

    pub(super) fn end_position(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: PositionId,
        rev: u64,
        on: Day,
    ) -> Result<Position> {
        let cache = &state.people;
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
        let after = Position {
            to: Some(on),
            rev: before.rev + 1,
            changed_at: time::now(),
            changed_by: actor.user.clone(),
            ..before.clone()
        };
        let label = format!("{name} {}", after.role.label_zh());
        self.put_position(
            changes,
            actor,
            AuditAction::EndTerm,
            Some(&before),
            &after,
            label,
        )?;
        Arc::make_mut(&mut state.people)
            .positions
            .insert(after.id, after.clone());
        Ok(after)
    }

    pub(super) fn put_position(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&Position>,
        after: &Position,
        label: String,
    ) -> Result<()> {
        changes.put(TreeId::Positions, after.id.0, after);
        if before.is_none() {
            changes.put_raw(
                TreeId::PositionsByUnit,
                &pair_key(after.unit.0, after.id.0),
                &[],
            );
            changes.put_raw(
                TreeId::PositionsByPerson,
                &pair_key(after.person.0, after.id.0),
                &[],
            );
        }
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
        )
    }

    pub(super) fn position_notice(&self, p: &Position, actor: &Actor) -> ChangeNotice {
        ChangeNotice {
            kind: RecordKind::Position,
            record: p.id.0,
            unit: Some(p.unit),
            by: actor.user.clone(),
        }
    }
}

/// Terms in `unit`'s subtree (all units when `None`), by unit, then role,
/// then start.
pub(super) fn list_positions(
    state: &State,
    unit: Option<UnitId>,
    include_ended: bool,
    readable: impl Fn(UnitId) -> bool,
) -> Vec<PositionRow> {
    let tree = &state.units;
    let today = Day::today();
    let within = unit.map(|root| subtree(tree, root));
    let mut rows: Vec<PositionRow> = state
        .people
        .positions
        .values()
        .filter(|p| within.as_ref().is_none_or(|w| w.contains(&p.unit)) && readable(p.unit))
        .filter(|p| include_ended || p.to.is_none_or(|t| t > today))
        .map(|p| position_row(tree, &state.people.people, p))
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

pub(super) fn unit_people(state: &State, unit: UnitId) -> Result<UnitPeople> {
    let tree = &state.units;
    tree.get(unit).ok_or(Error::NoSuchRecord { id: unit.0 })?;
    let today = Day::today();
    let mut team: Vec<PositionRow> = state
        .people
        .positions
        .values()
        .filter(|p| p.unit == unit && p.serving_on(today))
        .map(|p| position_row(tree, &state.people.people, p))
        .collect();
    team.sort_by(|a, b| {
        a.position
            .role
            .cmp(&b.position.role)
            .then(a.position.from.cmp(&b.position.from))
            .then(a.position.id.cmp(&b.position.id))
    });
    let below = subtree(tree, unit);
    let (mut here, mut under, mut struck) = (0, 0, 0);
    for p in state
        .people
        .people
        .values()
        .filter(|p| below.contains(&p.unit))
    {
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
        reserve: super::reserve::unit_reserve(state, unit),
    })
}

pub(super) fn people_figures(
    state: &State,
    unit: Option<UnitId>,
    period: Period,
    under_active_months: u32,
    moves: &Moves,
) -> Result<PeopleFigures> {
    if period.to < period.from {
        return Err(Error::EndBeforeStart {
            from: period.from,
            to: period.to,
        });
    }
    let tree = &state.units;
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
    Ok(figures(
        tree,
        root,
        state.people.people.values(),
        state.people.positions.values(),
        period,
        under_active_months,
        moves,
        &NoActivities,
    ))
}

fn position_row(tree: &UnitTree, people: &HashMap<PersonId, Person>, p: &Position) -> PositionRow {
    PositionRow {
        position: p.clone(),
        person_name: people
            .get(&p.person)
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        unit_path: tree.path(p.unit),
    }
}
