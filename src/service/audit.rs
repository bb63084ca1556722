//! Writing audit entries alongside each change, and reading them back.

use serde::Serialize;

use super::Service;
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, AuditEntry, RecordKind};
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
