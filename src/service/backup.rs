//! A backup of the whole database, for administrators: it holds every
//! record of every unit, ID numbers included.

use std::io::Write;

use super::{Actor, Service};
use crate::domain::permissions::{self, Need};
use crate::error::Result;
use crate::store::backup::{self, BackupSummary};

impl Service {
    /// Writes a backup to `out` while others go on working; `progress`
    /// hears (records done, of about how many).
    pub fn backup(
        &self,
        actor: &Actor,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        let access = self.access(actor)?;
        permissions::require(&self.state().units, actor, access, Need::Admin)?;
        backup::write(&self.store, out, progress)
    }
}
