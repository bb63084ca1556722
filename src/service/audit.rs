//! Writing audit entries alongside each change, and reading them back.

use serde::{Deserialize, Serialize};

use super::Service;
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, AuditEntry, RecordKind};
use crate::domain::people_history::{Moves, UnitMove};
use crate::domain::person::PersonId;
use crate::domain::time;
use crate::error::Result;
use crate::service::Actor;
use crate::store::{Changes, TreeId, pair_key};

pub(super) struct Change<'a, T: Serialize> {
    pub action: AuditAction,
    pub kind: RecordKind,
    pub record: u64,
    pub unit: Option<UnitId>,
    pub label: String,
    pub before: Option<&'a T>,
    pub after: Option<&'a T>,
}

fn snapshot<T: Serialize>(value: Option<&T>) -> Option<String> {
    value.and_then(|v| serde_json::to_string(v).ok())
}

impl Service {
    pub(super) fn audit<T: Serialize>(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        change: Change<'_, T>,
    ) -> Result<()> {
        let entry = AuditEntry {
            id: self.store.next_id(TreeId::Audit),
            at: time::now(),
            user: actor.user.clone(),
            action: change.action,
            kind: change.kind,
            record: change.record,
            unit: change.unit,
            label: change.label,
            before: snapshot(change.before),
            after: snapshot(change.after),
        };
        changes.put(TreeId::Audit, entry.id, &entry);
        if let Some(u) = entry.unit {
            changes.put_raw(TreeId::AuditByUnit, &pair_key(u.0, entry.id), &[]);
        }
        Ok(())
    }

    /// Every person's moves between units, read from the audit log: the
    /// edits whose before and after name different units. Read only for a
    /// report on part of the hierarchy, the one place they change a figure;
    /// this reads the whole log, which an import adds only one entry to.
    pub(super) fn person_moves(&self) -> Result<Moves> {
        #[derive(Deserialize)]
        struct Placed {
            unit: UnitId,
        }
        let unit_of = |json: &Option<String>| {
            json.as_deref()
                .and_then(|j| serde_json::from_str::<Placed>(j).ok())
                .map(|p| p.unit)
        };
        let mut moves = Moves::default();
        for e in self.store.scan::<AuditEntry>(TreeId::Audit) {
            let e = e?;
            if e.kind != RecordKind::Person || e.action != AuditAction::Update {
                continue;
            }
            if let (Some(from), Some(to)) = (unit_of(&e.before), unit_of(&e.after))
                && from != to
            {
                let on = time::local_day(e.at);
                moves.push(PersonId(e.record), UnitMove { on, from, to });
            }
        }
        Ok(moves)
    }

    /// Newest first, only the entries `readable` lets through (by the
    /// unit they belong to), at most `limit` of them (0 = all).
    pub(super) fn history(
        &self,
        unit: Option<UnitId>,
        limit: usize,
        readable: impl Fn(Option<UnitId>) -> bool,
    ) -> Result<Vec<AuditEntry>> {
        let limit = if limit == 0 { usize::MAX } else { limit };
        let keep = |e: &Result<AuditEntry>| e.as_ref().map_or(true, |e| readable(e.unit));
        match unit {
            None => self
                .store
                .scan_rev::<AuditEntry>(TreeId::Audit)
                .filter(keep)
                .take(limit)
                .collect(),
            Some(u) => {
                let ids = self.store.index_ids(TreeId::AuditByUnit, u.0)?;
                ids.into_iter()
                    .rev()
                    .filter_map(|id| self.store.get::<AuditEntry>(TreeId::Audit, id).transpose())
                    .filter(keep)
                    .take(limit)
                    .collect()
            }
        }
    }
}
