//! Writing audit entries alongside each change, and reading them back.

use serde::Serialize;

use super::Service;
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, AuditEntry, RecordKind};
use crate::domain::day::Day;
use crate::domain::id_number::{mask_phone, validate_id_number};
use crate::domain::people_history::{Moves, UnitMove};
use crate::domain::time::{self, Timestamp};
use crate::error::Result;
use crate::service::Actor;
use crate::store::{Changes, TreeId, pair_key, person_moves};

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
        person_moves::note(changes, &entry);
        if let Some(u) = entry.unit {
            changes.put_raw(TreeId::AuditByUnit, &pair_key(u.0, entry.id), &[]);
        }
        Ok(())
    }

    /// The people's moves between units made after the end of `after`
    /// (all of them without it), from the index the audit log keeps: the
    /// edits whose before and after name different units. Only those
    /// matter to figures of `after` and later days, as a person is placed
    /// on a day by the first move made after it.
    pub(super) fn person_moves(&self, after: Option<Day>) -> Result<Moves> {
        // Two days before the day's UTC start: a local day begins at most
        // 14 hours away from it; the exact day is judged below.
        let since = after.map_or(Timestamp::MIN, |d| {
            d.date()
                .and_hms_opt(0, 0, 0)
                .map_or(Timestamp::MIN, |t| t.and_utc().timestamp() - 2 * 86_400)
        });
        let mut moves = Moves::default();
        for m in person_moves::since(&self.store, since)? {
            let on = time::local_day(m.at);
            if after.is_none_or(|d| on > d) {
                moves.push(
                    m.person,
                    UnitMove {
                        on,
                        from: m.from,
                        to: m.to,
                    },
                );
            }
        }
        Ok(moves)
    }

    /// Newest first, only the entries `readable` lets through (by the
    /// unit they belong to), at most `limit` of them (0 = all), with ID
    /// and phone numbers masked.
    pub(super) fn history(
        &self,
        unit: Option<UnitId>,
        limit: usize,
        readable: impl Fn(Option<UnitId>) -> bool,
    ) -> Result<Vec<AuditEntry>> {
        let limit = if limit == 0 { usize::MAX } else { limit };
        let keep = |e: &Result<AuditEntry>| e.as_ref().map_or(true, |e| readable(e.unit));
        let entries: Result<Vec<AuditEntry>> = match unit {
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
        };
        Ok(entries?.into_iter().map(masked).collect())
    }
}

/// The entry as anyone reading the log sees it. The stored snapshots keep
/// whole ID and phone numbers, for restoring a record; the log is read by
/// everyone who may read the unit, long after the person has moved away,
/// so it shows them as lists do (`230***********1234`, `138****5678`).
fn masked(mut e: AuditEntry) -> AuditEntry {
    e.before = e.before.map(|j| mask_snapshot(&j));
    e.after = e.after.map(|j| mask_snapshot(&j));
    e
}

fn mask_snapshot(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(mut v) => {
            mask_value(&mut v);
            serde_json::to_string(&v).unwrap_or_default()
        }
        // Every snapshot is written as JSON; one that is not cannot be
        // shown field by field, and may hold anything.
        Err(_) => String::new(),
    }
}

fn mask_value(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(fields) => {
            for (key, value) in fields.iter_mut() {
                match (key.as_str(), &*value) {
                    ("id_number", serde_json::Value::String(s)) => {
                        *value = serde_json::Value::String(mask_id_text(s));
                    }
                    ("phone", serde_json::Value::String(s)) => {
                        *value = serde_json::Value::String(mask_phone(s));
                    }
                    _ => mask_value(value),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask_value),
        _ => {}
    }
}

fn mask_id_text(s: &str) -> String {
    validate_id_number(s)
        .map(|n| n.masked())
        .unwrap_or_else(|_| "*".repeat(s.chars().count()))
}
