//! Every command and query: validation, audit, and the only writer.

pub mod api;
mod audit;
pub mod meetings;
pub mod tasks;
mod units;

use std::path::Path;
use std::sync::{Mutex, MutexGuard, RwLock};

pub use api::{DbInfo, Request, Response};

use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitId, UnitKind, text, time};
use crate::error::Result;
use crate::store::check::CheckReport;
use crate::store::{Changes, OpenOptions, Store, TreeId, pair_key};

/// Who is asking. Locally the OS user; on the server, the socket's peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
}

impl Actor {
    pub fn new(user: impl Into<String>) -> Actor {
        Actor { user: user.into() }
    }
}

pub struct Service {
    store: Store,
    /// The whole hierarchy, kept in step with every unit commit; the service
    /// is the only writer, so it never goes stale.
    units: RwLock<UnitTree>,
    /// Held from a command's checks to its commit, so the checks still hold.
    writer: Mutex<()>,
}

impl Service {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Service> {
        let store = Store::open(path, opts)?;
        let units = store
            .scan::<OrgUnit>(TreeId::Units)
            .collect::<Result<Vec<_>>>()?;
        Ok(Service {
            store,
            units: RwLock::new(UnitTree::new(units)),
            writer: Mutex::new(()),
        })
    }

    /// Creates a database holding one district unit.
    pub fn create(
        path: &Path,
        opts: &OpenOptions,
        district: &str,
        demo: bool,
        actor: &Actor,
    ) -> Result<Service> {
        let name = text::check_name(district)?;
        let opts = OpenOptions {
            create: true,
            ..opts.clone()
        };
        let service = Service::open(path, &opts)?;
        let now = time::now();
        let id = UnitId(service.store.next_id(TreeId::Units));
        let root = OrgUnit {
            id,
            name: name.clone(),
            short_name: None,
            kind: UnitKind::District,
            parent: None,
            created: now,
            archived: None,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
        };
        let mut changes = Changes::default();
        changes.put_raw(TreeId::Meta, b"district", name.as_bytes());
        changes.put_raw(TreeId::Meta, b"demo", if demo { b"1" } else { b"0" });
        changes.put_raw(TreeId::Meta, b"created", &now.to_le_bytes());
        changes.put(TreeId::Units, id.0, &root);
        changes.put_raw(TreeId::UnitsByParent, &pair_key(0, id.0), &[]);
        service.audit(
            &mut changes,
            actor,
            audit::Change {
                action: AuditAction::Init,
                kind: RecordKind::Database,
                record: id.0,
                unit: Some(id),
                label: name,
                before: None::<&OrgUnit>,
                after: Some(&root),
            },
        )?;
        service.store.commit(changes)?;
        service.remember(root);
        Ok(service)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn check(&self) -> Result<CheckReport> {
        crate::store::check::check(&self.store)
    }

    pub fn handle(&self, actor: &Actor, request: Request) -> Result<Response> {
        match request {
            Request::Info => self.info(actor).map(Response::Info),
            Request::ListUnits { include_archived } => Ok(Response::Units(
                self.tree()
                    .walk(include_archived)
                    .into_iter()
                    .map(|(_, u)| u.clone())
                    .collect(),
            )),
            Request::GetUnit { id } => self.unit(id).map(Response::Unit),
            Request::Children { id } => Ok(Response::Units(
                self.tree().children_of(Some(id)).cloned().collect(),
            )),
            Request::ResolveUnit { given } => self.resolve(&given).map(Response::Unit),
            Request::History { unit, limit } => self.history(unit, limit).map(Response::History),
            Request::CreateUnit {
                parent,
                kind,
                name,
                short_name,
            } => self
                .create_unit(actor, parent, kind, &name, short_name.as_deref())
                .map(Response::Unit),
            Request::RenameUnit { id, rev, name } => {
                self.rename_unit(actor, id, rev, &name).map(Response::Unit)
            }
            Request::MoveUnit { id, rev, to } => {
                self.move_unit(actor, id, rev, to).map(Response::Unit)
            }
            Request::ArchiveUnit { id, rev } => {
                self.archive_unit(actor, id, rev).map(Response::Unit)
            }
            Request::ListSeries { include_archived } => {
                self.all_series(include_archived).map(Response::SeriesList)
            }
            Request::ResolveSeries { given } => self
                .resolve_series(&given)
                .map(|x| Response::Series(Box::new(x))),
            Request::Schedule { from, to } => self.schedule(from, to).map(Response::Schedule),
            Request::MeetingPage { series, date } => self
                .meeting_page(series, date)
                .map(|x| Response::MeetingPage(Box::new(x))),
            Request::ListTasks {
                owner,
                overdue_only,
                today,
            } => self
                .list_tasks(owner.as_deref(), overdue_only, today)
                .map(Response::Tasks),
            Request::MeetingFigures { from, to, today } => self
                .meeting_figures(from, to, today)
                .map(Response::MeetingFigures),
            Request::PreviewSeries { draft, count } => self
                .preview_series(&draft, count.min(100))
                .map(Response::Schedule),
            Request::ExportIcs { horizon } => self.export_ics(horizon).map(Response::Ics),
            Request::CreateSeries { draft } => self
                .create_series(actor, &draft)
                .map(|x| Response::Series(Box::new(x))),
            Request::UpdateSeries { id, rev, draft } => self
                .update_series(actor, id, rev, &draft)
                .map(|x| Response::Series(Box::new(x))),
            Request::ArchiveSeries { id, rev } => self
                .archive_series(actor, id, rev)
                .map(|x| Response::Series(Box::new(x))),
            Request::SaveMeeting { meeting } => self
                .save_meeting(actor, &meeting)
                .map(|x| Response::Meeting(Box::new(x))),
            Request::CreateTask { draft } => self
                .create_task(actor, &draft)
                .map(|x| Response::Task(Box::new(x))),
            Request::UpdateTask { id, rev, change } => self
                .update_task(actor, id, rev, &change)
                .map(|x| Response::Task(Box::new(x))),
        }
    }

    fn info(&self, actor: &Actor) -> Result<DbInfo> {
        Ok(DbInfo {
            district: self.store.meta_string("district")?.unwrap_or_default(),
            demo: self.store.meta_string("demo")?.as_deref() == Some("1"),
            path: self.store.path().display().to_string(),
            schema: crate::store::SCHEMA_VERSION,
            user: actor.user.clone(),
            online: None,
        })
    }

    fn tree(&self) -> std::sync::RwLockReadGuard<'_, UnitTree> {
        self.units.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write_lock(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn remember(&self, unit: OrgUnit) {
        self.units
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(unit);
    }
}
