//! The one boundary the terminal UI and the command line talk to. `Local`
//! runs the service in this process; the server's client speaks the same
//! `Request`s over a socket.

use std::path::Path;
use std::sync::mpsc::Receiver;

use crate::domain::account::{Account, AccountRole};
use crate::domain::audit::AuditEntry;
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::{Error, Result};
use crate::service::{Actor, DbInfo, Request, Response, Service};
use crate::store::OpenOptions;
use crate::store::check::CheckReport;

pub trait Backend {
    fn call(&self, request: Request) -> Result<Response>;

    /// Changes saved by other users, delivered as they happen, for the event
    /// loop to refresh what it shows. A local backend has no other users.
    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        None
    }
}

pub use crate::service::api::ChangeNotice;

pub struct LocalBackend {
    service: Service,
    actor: Actor,
}

impl LocalBackend {
    pub fn open(path: &Path, opts: &OpenOptions, actor: Actor) -> Result<LocalBackend> {
        Ok(LocalBackend {
            service: Service::open(path, opts)?,
            actor,
        })
    }

    pub fn from_service(service: Service, actor: Actor) -> LocalBackend {
        LocalBackend { service, actor }
    }

    pub fn service(&self) -> &Service {
        &self.service
    }
}

impl Backend for LocalBackend {
    fn call(&self, request: Request) -> Result<Response> {
        self.service.handle(&self.actor, request)
    }
}

fn unexpected(r: Response) -> Error {
    Error::Storage {
        detail: format!("unexpected answer: {r:?}"),
    }
}

/// Typed calls over any backend.
pub trait BackendExt: Backend {
    fn info(&self) -> Result<DbInfo> {
        match self.call(Request::Info)? {
            Response::Info(i) => Ok(i),
            r => Err(unexpected(r)),
        }
    }

    /// Every unit in tree order, parents before children.
    fn units(&self, include_archived: bool) -> Result<Vec<OrgUnit>> {
        self.units_for(Request::ListUnits { include_archived })
    }

    fn children(&self, id: UnitId) -> Result<Vec<OrgUnit>> {
        self.units_for(Request::Children { id })
    }

    fn units_for(&self, request: Request) -> Result<Vec<OrgUnit>> {
        match self.call(request)? {
            Response::Units(u) => Ok(u),
            r => Err(unexpected(r)),
        }
    }

    fn unit_for(&self, request: Request) -> Result<OrgUnit> {
        match self.call(request)? {
            Response::Unit(u) => Ok(u),
            r => Err(unexpected(r)),
        }
    }

    fn unit(&self, id: UnitId) -> Result<OrgUnit> {
        self.unit_for(Request::GetUnit { id })
    }

    fn resolve_unit(&self, given: &str) -> Result<OrgUnit> {
        self.unit_for(Request::ResolveUnit {
            given: given.to_string(),
        })
    }

    fn history(&self, unit: Option<UnitId>, limit: usize) -> Result<Vec<AuditEntry>> {
        match self.call(Request::History { unit, limit })? {
            Response::History(h) => Ok(h),
            r => Err(unexpected(r)),
        }
    }

    fn create_unit(&self, parent: UnitId, kind: UnitKind, name: &str) -> Result<OrgUnit> {
        self.unit_for(Request::CreateUnit {
            parent,
            kind,
            name: name.to_string(),
            short_name: None,
        })
    }

    fn rename_unit(&self, unit: &OrgUnit, name: &str) -> Result<OrgUnit> {
        self.unit_for(Request::RenameUnit {
            id: unit.id,
            rev: unit.rev,
            name: name.to_string(),
        })
    }

    fn move_unit(&self, unit: &OrgUnit, to: UnitId) -> Result<OrgUnit> {
        self.unit_for(Request::MoveUnit {
            id: unit.id,
            rev: unit.rev,
            to,
        })
    }

    fn archive_unit(&self, unit: &OrgUnit) -> Result<OrgUnit> {
        self.unit_for(Request::ArchiveUnit {
            id: unit.id,
            rev: unit.rev,
        })
    }

    fn check(&self) -> Result<CheckReport> {
        match self.call(Request::Check)? {
            Response::Check(r) => Ok(r),
            r => Err(unexpected(r)),
        }
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        match self.call(Request::ListAccounts)? {
            Response::Accounts(a) => Ok(a),
            r => Err(unexpected(r)),
        }
    }

    fn account_for(&self, request: Request) -> Result<Account> {
        match self.call(request)? {
            Response::Account(a) => Ok(a),
            r => Err(unexpected(r)),
        }
    }

    fn add_account(&self, user: &str, role: AccountRole, unit: UnitId) -> Result<Account> {
        self.account_for(Request::AddAccount {
            user: user.to_string(),
            role,
            unit,
        })
    }
}

impl<B: Backend + ?Sized> BackendExt for B {}

impl<B: Backend + ?Sized> Backend for Box<B> {
    fn call(&self, request: Request) -> Result<Response> {
        (**self).call(request)
    }

    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        (**self).subscribe()
    }
}
