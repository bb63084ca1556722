//! Reserve candidates (后备人选): putting a person on a unit's list for a
//! post, taking them off, and closing the entry when they are appointed.

use std::sync::Arc;

use super::audit::Change;
use super::people::subtree;
use super::people_cache::Persons;
use super::people_rules::{free_text, invalid, live_unit};
use super::{Actor, ChangeNotice, Service, State};
use crate::api::people::{ReserveDraft, ReserveRow};
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::person::{PersonId, Role};
use crate::domain::reserve::{ReserveCandidate, ReserveId};
use crate::domain::time;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Field, Result};
use crate::store::{Changes, TreeId, id_key, pair_key};

impl Service {
    pub(super) fn add_reserve(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        draft: &ReserveDraft,
    ) -> Result<ReserveCandidate> {
        let unit = live_unit(&state.units, draft.unit)?;
        let path = state.units.path(unit.id);
        let cache = &state.people;
        let person = cache
            .persons(&self.store)
            .get(draft.person)?
            .ok_or(Error::NoSuchRecord { id: draft.person.0 })?;
        if person.voided.is_some() {
            return Err(Error::RecordVoided {
                kind: crate::domain::audit::RecordKind::Person,
                id: person.id.0,
            });
        }
        let role = draft.role;
        if let Some(on) = person.elder.as_ref().and_then(|e| e.removed_on()) {
            return Err(invalid(
                Field::Person,
                format!("{} 已于 {on} 除名，不能列为后备人选。", person.name),
                format!(
                    "{} was struck off on {on} and cannot be a reserve candidate.",
                    person.name
                ),
            ));
        }
        if let Some(same) = cache
            .reserve
            .values()
            .find(|c| c.met_by(draft.unit, draft.person, role))
        {
            return Err(invalid(
                Field::Person,
                format!(
                    "{} 已是“{path}”{}的后备人选（#{}）。",
                    person.name,
                    role.label_zh(),
                    same.id
                ),
                format!(
                    "{} is already a reserve candidate for {} of {path} (#{}).",
                    person.name,
                    role.label_en(),
                    same.id
                ),
            ));
        }
        let today = crate::domain::day::Day::today();
        if cache.positions.values().any(|p| {
            p.unit == draft.unit
                && p.person == draft.person
                && p.role == role
                && p.serving_on(today)
        }) {
            return Err(invalid(
                Field::Role,
                format!(
                    "{} 现任“{path}”{}，无需列为后备。",
                    person.name,
                    role.label_zh()
                ),
                format!(
                    "{} already serves as {} of {path}; no need to keep them in reserve.",
                    person.name,
                    role.label_en()
                ),
            ));
        }
        let now = time::now();
        let entry = ReserveCandidate {
            id: ReserveId(self.store.next_id(TreeId::Reserve)),
            unit: draft.unit,
            person: draft.person,
            role,
            noted: draft.noted,
            note: free_text(&draft.note),
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
        };
        let label = reserve_label(&person.name, role);
        changes.put(TreeId::Reserve, entry.id.0, &entry);
        changes.put_raw(
            TreeId::ReserveByUnit,
            &pair_key(entry.unit.0, entry.id.0),
            &[],
        );
        self.audit(
            changes,
            actor,
            Change {
                action: AuditAction::Create,
                kind: RecordKind::Reserve,
                record: entry.id.0,
                unit: Some(entry.unit),
                label,
                before: None,
                after: Some(&entry),
            },
        )?;
        Arc::make_mut(&mut state.people)
            .reserve
            .insert(entry.id, entry.clone());
        Ok(entry)
    }

    pub(super) fn remove_reserve(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: ReserveId,
        rev: u64,
    ) -> Result<ReserveCandidate> {
        let entry = state
            .people
            .reserve
            .get(&id)
            .cloned()
            .ok_or(Error::NoSuchRecord { id: id.0 })?;
        if entry.rev != rev {
            return Err(Error::Conflict {
                by: entry.changed_by.clone(),
                at: entry.changed_at,
            });
        }
        self.drop_reserve(state, changes, actor, &entry, AuditAction::Remove)?;
        Ok(entry)
    }

    /// Closes the entries an appointment fills, in the appointment's own
    /// commit, so the list never shows someone who already holds the post.
    pub(super) fn close_reserve_on_appointment(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        unit: UnitId,
        person: PersonId,
        role: Role,
    ) -> Result<()> {
        let met: Vec<ReserveCandidate> = state
            .people
            .reserve
            .values()
            .filter(|c| c.met_by(unit, person, role))
            .cloned()
            .collect();
        for entry in &met {
            self.drop_reserve(state, changes, actor, entry, AuditAction::Appoint)?;
        }
        Ok(())
    }

    fn drop_reserve(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        entry: &ReserveCandidate,
        action: AuditAction,
    ) -> Result<()> {
        let name = state.people.persons(&self.store).name(entry.person)?;
        changes.delete(TreeId::Reserve, &id_key(entry.id.0));
        changes.delete(TreeId::ReserveByUnit, &pair_key(entry.unit.0, entry.id.0));
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::Reserve,
                record: entry.id.0,
                unit: Some(entry.unit),
                label: reserve_label(&name, entry.role),
                before: Some(entry),
                after: None,
            },
        )?;
        Arc::make_mut(&mut state.people).reserve.remove(&entry.id);
        Ok(())
    }

    pub(super) fn reserve_notice(&self, c: &ReserveCandidate, actor: &Actor) -> ChangeNotice {
        ChangeNotice {
            kind: RecordKind::Reserve,
            record: c.id.0,
            unit: Some(c.unit),
            by: actor.user.clone(),
        }
    }
}

fn reserve_label(name: &str, role: Role) -> String {
    format!("{name} {}", role.label_zh())
}

/// Reserve entries in `unit`'s subtree (all units when `None`) that the
/// caller may read, by unit path, role, then the day noted.
pub(super) fn list_reserve(
    state: &State,
    persons: Persons,
    unit: Option<UnitId>,
    readable: impl Fn(UnitId) -> bool,
) -> Result<Vec<ReserveRow>> {
    let tree = &state.units;
    let within = unit.map(|root| subtree(tree, root));
    let mut rows: Vec<ReserveRow> = state
        .people
        .reserve
        .values()
        .filter(|c| within.as_ref().is_none_or(|w| w.contains(&c.unit)) && readable(c.unit))
        .map(|c| reserve_row(persons, tree, c))
        .collect::<Result<_>>()?;
    rows.sort_by(|a, b| {
        a.unit_path
            .cmp(&b.unit_path)
            .then(a.candidate.role.cmp(&b.candidate.role))
            .then(a.candidate.noted.cmp(&b.candidate.noted))
            .then(a.candidate.id.cmp(&b.candidate.id))
    });
    Ok(rows)
}

/// The entries of `unit` itself, for its card.
pub(super) fn unit_reserve(
    state: &State,
    persons: Persons,
    unit: UnitId,
) -> Result<Vec<ReserveRow>> {
    let mut rows: Vec<ReserveRow> = state
        .people
        .reserve
        .values()
        .filter(|c| c.unit == unit)
        .map(|c| reserve_row(persons, &state.units, c))
        .collect::<Result<_>>()?;
    rows.sort_by(|a, b| {
        (a.candidate.role, a.candidate.noted, a.candidate.id).cmp(&(
            b.candidate.role,
            b.candidate.noted,
            b.candidate.id,
        ))
    });
    Ok(rows)
}

fn reserve_row(persons: Persons, tree: &UnitTree, c: &ReserveCandidate) -> Result<ReserveRow> {
    Ok(ReserveRow {
        candidate: c.clone(),
        person_name: persons.name(c.person)?,
        unit_path: tree.path(c.unit),
    })
}
