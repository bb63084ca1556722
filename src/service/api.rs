//! The commands and queries every client speaks: the terminal UI, the command
//! line and, over a socket, the server. Owned data only, so they serialise.

use serde::{Deserialize, Serialize};

use crate::domain::audit::AuditEntry;
use crate::domain::{OrgUnit, UnitId, UnitKind};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    // Queries
    Info,
    ListUnits {
        include_archived: bool,
    },
    GetUnit {
        id: UnitId,
    },
    Children {
        id: UnitId,
    },
    ResolveUnit {
        given: String,
    },
    History {
        unit: Option<UnitId>,
        limit: usize,
    },
    // Commands
    CreateUnit {
        parent: UnitId,
        kind: UnitKind,
        name: String,
        short_name: Option<String>,
    },
    RenameUnit {
        id: UnitId,
        rev: u64,
        name: String,
    },
    MoveUnit {
        id: UnitId,
        rev: u64,
        to: UnitId,
    },
    ArchiveUnit {
        id: UnitId,
        rev: u64,
    },
}

impl Request {
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Request::CreateUnit { .. }
                | Request::RenameUnit { .. }
                | Request::MoveUnit { .. }
                | Request::ArchiveUnit { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Info(DbInfo),
    Units(Vec<OrgUnit>),
    Unit(OrgUnit),
    History(Vec<AuditEntry>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbInfo {
    pub district: String,
    pub demo: bool,
    pub path: String,
    pub schema: u16,
    /// Who the database knows the caller as.
    pub user: String,
    /// Users connected to the server; `None` when the database is opened
    /// in this process.
    pub online: Option<u32>,
}
