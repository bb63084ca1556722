//! Every command and query: validation, audit, and the only writer.

pub mod api;
mod audit;
mod people;
pub mod people_api;
mod people_rules;
mod positions;
pub mod seed;
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
    people: RwLock<people::PeopleCache>,
}

impl Service {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Service> {
        let store = Store::open(path, opts)?;
        let units = store
            .scan::<OrgUnit>(TreeId::Units)
            .collect::<Result<Vec<_>>>()?;
        let people = people::PeopleCache::load(&store)?;
        Ok(Service {
            store,
            units: RwLock::new(UnitTree::new(units)),
            writer: Mutex::new(()),
            people: RwLock::new(people),
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
            Request::ListPeople { filter } => Ok(Response::People(self.list_people(&filter))),
            Request::GetPerson { id } => self.person(id).map(|p| Response::Person(Box::new(p))),
            Request::ResolvePerson { given } => self
                .resolve_person(&given)
                .map(|p| Response::Person(Box::new(p))),
            Request::ExportPeople { unit, unmasked } => {
                Ok(Response::PeopleExport(self.export_people(unit, unmasked)))
            }
            Request::ListPositions {
                unit,
                include_ended,
            } => Ok(Response::Positions(
                self.list_positions(unit, include_ended),
            )),
            Request::UnitPeople { unit } => self.unit_people(unit).map(Response::UnitPeople),
            Request::PeopleFigures {
                unit,
                period,
                under_active_months,
            } => self
                .people_figures(unit, period, under_active_months)
                .map(|f| Response::PeopleFigures(Box::new(f))),
            Request::CreatePerson { draft } => self
                .create_person(actor, &draft)
                .map(|p| Response::Person(Box::new(p))),
            Request::UpdatePerson { id, rev, draft } => self
                .update_person(actor, id, rev, &draft)
                .map(|p| Response::Person(Box::new(p))),
            Request::StrikeOff { id, rev, strike } => self
                .strike_off(actor, id, rev, &strike)
                .map(|p| Response::Person(Box::new(p))),
            Request::RecordTalk { id, rev, talk } => self
                .record_talk(actor, id, rev, &talk)
                .map(|p| Response::Person(Box::new(p))),
            Request::AddHonour { id, rev, honour } => self
                .add_honour(actor, id, rev, &honour)
                .map(|p| Response::Person(Box::new(p))),
            Request::Reregister { people, on } => {
                self.reregister(actor, &people, on).map(Response::Count)
            }
            Request::ImportPeople { rows, check_only } => self
                .import_people(actor, rows, check_only)
                .map(Response::Count),
            Request::Appoint { draft } => self.appoint(actor, &draft).map(Response::Position),
            Request::EndPosition { id, rev, on } => self
                .end_position(actor, id, rev, on)
                .map(Response::Position),
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
