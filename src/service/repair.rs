//! `ggw repair`: the administrator's way out of a damaged record. The
//! records `ggw check` names as unusable move into the quarantine tree
//! with the index entries pointing at them, in one commit with its audit
//! entry; then the service reads its state again, as if just opened.

use super::{Actor, Response, Service, audit, load_state};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::permissions::{self, Need};
use crate::domain::time;
use crate::error::Result;
use crate::store::damage::RepairReport;

impl Service {
    pub(super) fn repair_as(&self, actor: &Actor, purge: bool) -> Result<Response> {
        let access = self.access(actor)?;
        permissions::require(&self.state().units, actor, access, Need::Admin)?;
        let _w = self.write_lock();
        let (mut changes, report) = if purge {
            let (changes, purged) = self.store.plan_purge()?;
            let report = RepairReport {
                purged,
                ..RepairReport::default()
            };
            (changes, report)
        } else {
            self.store.plan_repair(time::now())?
        };
        if changes.is_empty() {
            return Ok(Response::Repaired(report));
        }
        let label = if purge {
            format!("quarantine purged: {} records", report.purged)
        } else {
            let names: Vec<String> = report
                .quarantined
                .iter()
                .map(|d| format!("{} {}", d.tree, d.key))
                .collect();
            format!("quarantined: {}", names.join(", "))
        };
        self.audit(
            &mut changes,
            actor,
            audit::Change {
                action: AuditAction::Repair,
                kind: RecordKind::Database,
                record: 0,
                unit: None,
                label,
                before: None,
                after: Some(&report),
            },
        )?;
        self.store.commit(changes)?;
        self.committed();
        self.score_cache.clear();
        let (state, damaged) = load_state(&self.store)?;
        *self.state_mut() = state;
        *self.damaged.lock().unwrap_or_else(|p| p.into_inner()) = damaged;
        Ok(Response::Repaired(report))
    }
}
