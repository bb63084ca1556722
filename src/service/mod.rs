//! Every command and query: validation, permissions, audit, and the only
//! writer.

pub mod accounts;
mod audit;
mod backup;
mod elder_counts;
mod input_limits;
pub mod meetings;
mod people;
mod people_cache;
mod people_import;
pub mod people_rules;
pub mod permissions;
mod positions;
mod repair;
mod reserve;
pub mod seed;
mod shards;
pub mod tasks;
pub mod unit_names;
mod units;
mod void;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard};

pub use crate::api::{ChangeNotice, DbInfo, Request, Response};
pub use crate::domain::permissions::Actor;

use crate::domain::account::{Access, Account};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitId, UnitKind, text, time};
use crate::error::{Error, Result};
use crate::store::check::CheckReport;
use crate::store::damage::DamagedRecord;
use crate::store::{Changes, OpenOptions, Store, TreeId, pair_key};
use permissions::Need;

/// What the service keeps in memory: the hierarchy and the accounts. A batch
/// of writes validates against a copy and replaces the original only once
/// the batch is durable, so no reader ever sees an unsaved change.
#[derive(Debug, Clone, Default)]
pub(crate) struct State {
    pub units: UnitTree,
    pub accounts: HashMap<String, Account>,
    /// Shared until a write changes it, so batches without people writes
    /// do not copy the roster.
    pub people: Arc<people_cache::PeopleCache>,
}

/// The elder counts a batch changed, to be stored in its commit, and no
/// longer pending in `state`.
fn elder_counts_changed(state: &mut State) -> Changes {
    if !state.people.elder_counts.has_changes() {
        return Changes::default();
    }
    Arc::make_mut(&mut state.people).elder_counts.take_changes()
}

/// A batch in the making: the state as the writes so far leave it, and
/// their changes, not yet committed.
pub(crate) struct Draft {
    state: State,
    pending: Vec<Changes>,
}

impl std::ops::Deref for Draft {
    type Target = State;
    fn deref(&self) -> &State {
        &self.state
    }
}

impl std::ops::DerefMut for Draft {
    fn deref_mut(&mut self) -> &mut State {
        &mut self.state
    }
}

impl Draft {
    /// A stored record as the batch so far leaves it. Record kinds without
    /// an in-memory cache must read through this, not the store, so that a
    /// second edit in the same batch sees the first (its `rev` above all).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn get<R: crate::store::codec::Record>(
        &self,
        store: &Store,
        tree: TreeId,
        id: u64,
    ) -> Result<Option<R>> {
        let key = crate::store::id_key(id);
        match self.pending.iter().rev().find_map(|c| c.latest(tree, &key)) {
            None => store.get(tree, id),
            Some(None) => Ok(None),
            Some(Some(bytes)) => {
                crate::store::codec::decode(bytes)
                    .map(Some)
                    .map_err(|e| Error::Corrupt {
                        what: format!("{} #{id}: {e}", tree.name()),
                    })
            }
        }
    }
}

/// The outcome of one write in a batch: the answer, and what to tell the
/// other users.
pub type Written = (Response, ChangeNotice);

pub struct Service {
    store: Store,
    state: RwLock<State>,
    /// Held from a batch's checks to its commit, so the checks still hold.
    writer: Mutex<()>,
    /// Records left out of `state` because they cannot be read, until
    /// `ggw repair` sets them aside.
    damaged: Mutex<Vec<DamagedRecord>>,
}

/// What the service holds in memory, read from the store. A record that
/// cannot be decoded is left out and named in the second half rather than
/// stopping the program: one bad record must not lock everyone out.
fn load_state(store: &Store) -> Result<(State, Vec<DamagedRecord>)> {
    let mut damaged = Vec::new();
    let units = store.scan_usable::<OrgUnit>(TreeId::Units, &mut damaged)?;
    let accounts = store
        .scan_usable::<Account>(TreeId::Accounts, &mut damaged)?
        .into_iter()
        .map(|a| (a.user.clone(), a))
        .collect::<HashMap<_, _>>();
    let people = people_cache::PeopleCache::load(store, &mut damaged)?;
    let state = State {
        units: UnitTree::new(units),
        accounts,
        people: Arc::new(people),
    };
    Ok((state, damaged))
}

impl Service {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Service> {
        let store = Store::open(path, opts)?;
        let (state, damaged) = load_state(&store)?;
        Ok(Service {
            store,
            state: RwLock::new(state),
            writer: Mutex::new(()),
            damaged: Mutex::new(damaged),
        })
    }

    /// Records the service could not read when it opened (or at the last
    /// repair): the program works without them; `ggw check` names them.
    pub fn damaged(&self) -> Vec<DamagedRecord> {
        self.damaged
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
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
        service.state_mut().units.insert(root);
        Ok(service)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn check(&self) -> Result<CheckReport> {
        crate::store::check::check(&self.store)
    }

    pub fn handle(&self, actor: &Actor, request: Request) -> Result<Response> {
        if request == Request::Check {
            return self.check_as(actor);
        }
        if let Request::Repair { purge } = request {
            return self.repair_as(actor, purge);
        }
        if request.is_write() {
            let mut results = self.write_batch(vec![(actor.clone(), request)]);
            match results.pop() {
                Some(r) => r.map(|(response, _)| response),
                None => Err(Error::Storage {
                    detail: "write produced no result".into(),
                }),
            }
        } else {
            self.query(actor, request)
        }
    }

    /// Applies several users' writes with one commit and one sync. Each is
    /// validated against the ones before it; a refused one leaves the others
    /// standing; if the commit fails, every write of the batch fails with it
    /// and nothing is saved.
    pub fn write_batch(&self, batch: Vec<(Actor, Request)>) -> Vec<Result<Written>> {
        let _w = self.write_lock();
        let mut draft = Draft {
            state: self.state().clone(),
            pending: Vec::new(),
        };
        let mut results = Vec::with_capacity(batch.len());
        for (actor, request) in batch {
            let mut changes = Changes::default();
            let result = self.write(&mut draft, &mut changes, &actor, request);
            if result.is_ok() {
                draft.pending.push(changes);
            }
            results.push(result);
        }
        if draft.pending.is_empty() {
            return results;
        }
        let counts = elder_counts_changed(&mut draft);
        if !counts.is_empty() {
            draft.pending.push(counts);
        }
        match self.store.commit_batch(&draft.pending) {
            Ok(()) => {
                *self.state_mut() = draft.state;
                results
            }
            Err(e) => results
                .into_iter()
                .map(|r| r.and_then(|_| Err(e.clone())))
                .collect(),
        }
    }

    /// One write against the draft. It changes `draft` and `changes` only
    /// once every check has passed.
    fn write(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        request: Request,
    ) -> Result<Written> {
        input_limits::check(&request)?;
        let access = self.access_in(draft, actor)?;
        for need in permissions::needs(&request)
            .into_iter()
            .chain(people::needs(draft, &self.store, &request)?)
        {
            permissions::require(&draft.units, actor, access, need)?;
        }
        let unit_written = |u: OrgUnit| {
            let notice = ChangeNotice {
                kind: RecordKind::Unit,
                record: u.id.0,
                unit: Some(u.id),
                by: actor.user.clone(),
            };
            (Response::Unit(u), notice)
        };
        let account_written = |a: &Account| ChangeNotice {
            kind: RecordKind::Account,
            record: a.id,
            unit: Some(a.unit),
            by: actor.user.clone(),
        };
        match request {
            Request::CreateUnit {
                parent,
                kind,
                name,
                short_name,
            } => self
                .create_unit(
                    draft,
                    changes,
                    actor,
                    parent,
                    kind,
                    &name,
                    short_name.as_deref(),
                )
                .map(unit_written),
            Request::RenameUnit { id, rev, name } => self
                .rename_unit(draft, changes, actor, id, rev, &name)
                .map(unit_written),
            Request::MoveUnit { id, rev, to } => self
                .move_unit(draft, changes, actor, id, rev, to)
                .map(unit_written),
            Request::ArchiveUnit { id, rev } => self
                .archive_unit(draft, changes, actor, id, rev)
                .map(unit_written),
            Request::AddAccount { user, role, unit } => self
                .add_account(draft, changes, actor, &user, role, unit)
                .map(|a| (Response::Account(a.clone()), account_written(&a))),
            Request::SetAccount {
                user,
                rev,
                role,
                unit,
            } => self
                .set_account(draft, changes, actor, &user, rev, role, unit)
                .map(|a| (Response::Account(a.clone()), account_written(&a))),
            Request::RemoveAccount { user, rev } => self
                .remove_account(draft, changes, actor, &user, rev)
                .map(|a| (Response::Done, account_written(&a))),
            Request::CreateSeries { .. }
            | Request::UpdateSeries { .. }
            | Request::ArchiveSeries { .. }
            | Request::SaveMeeting { .. }
            | Request::MarkAttendance { .. }
            | Request::CreateTask { .. }
            | Request::UpdateTask { .. } => {
                self.write_meetings(draft, changes, actor, access, request)
            }
            Request::ImportPeople {
                rows,
                source,
                check_only: true,
                allow_namesakes,
            } => self.check_import(draft, actor, rows, &source, allow_namesakes),
            request @ (Request::CreatePerson { .. }
            | Request::UpdatePerson { .. }
            | Request::StrikeOff { .. }
            | Request::RecordTalk { .. }
            | Request::AddHonour { .. }
            | Request::Reregister { .. }
            | Request::ImportPeople { .. }
            | Request::Appoint { .. }
            | Request::EndPosition { .. }
            | Request::AddReserve { .. }
            | Request::RemoveReserve { .. }) => self.write_people(draft, changes, actor, request),
            Request::VoidRecord { kind, id, reason } => {
                self.write_void(draft, changes, actor, access, kind, id, Some(&reason))
            }
            Request::UnvoidRecord { kind, id } => {
                self.write_void(draft, changes, actor, access, kind, id, None)
            }
            other => Err(Error::Storage {
                detail: format!("not a write: {other:?}"),
            }),
        }
    }

    fn query(&self, actor: &Actor, request: Request) -> Result<Response> {
        // Persons not loaded are read from the store, where a commit in
        // parts is visible part by part: wait for any commit to finish.
        // The write lock comes first, as in a write, or the two would wait
        // on each other.
        let from_store = people::reads_persons(&request) && !self.everyone_loaded();
        let _quiet = from_store.then(|| self.write_lock());
        let state = self.state();
        let access = self.access_in(&state, actor)?;
        for need in permissions::needs(&request)
            .into_iter()
            .chain(people::needs(&state, &self.store, &request)?)
        {
            permissions::require(&state.units, actor, access, need)?;
        }
        let tree = &state.units;
        let visible = |u: &&OrgUnit| permissions::allows(tree, access, Need::Names(u.id));
        match request {
            Request::Info => self.info(actor, access).map(Response::Info),
            Request::ListUnits { include_archived } => Ok(Response::Units(
                tree.walk(include_archived)
                    .into_iter()
                    .map(|(_, u)| u)
                    .filter(visible)
                    .cloned()
                    .collect(),
            )),
            Request::GetUnit { id } => tree
                .get(id)
                .cloned()
                .map(Response::Unit)
                .ok_or(Error::NoSuchRecord { id: id.0 }),
            Request::Children { id } => Ok(Response::Units(
                tree.children_of(Some(id))
                    .filter(visible)
                    .cloned()
                    .collect(),
            )),
            Request::ResolveUnit { given } => {
                let may_see = |u: &OrgUnit| permissions::allows(tree, access, Need::Names(u.id));
                let unit = unit_names::resolve_unit_among(tree, &given, may_see)?.clone();
                permissions::require(tree, actor, access, Need::Names(unit.id))?;
                Ok(Response::Unit(unit))
            }
            Request::History { unit, limit } => {
                let readable = |u: Option<UnitId>| match (access, u) {
                    (Access::Admin, _) => true,
                    (_, None) => false,
                    (_, Some(u)) => permissions::allows(tree, access, Need::Read(u)),
                };
                self.history(unit, limit, readable).map(Response::History)
            }
            Request::ListAccounts => {
                let mut list: Vec<Account> = state.accounts.values().cloned().collect();
                list.sort_by(|a, b| a.user.cmp(&b.user));
                Ok(Response::Accounts(list))
            }
            Request::ListSeries { .. }
            | Request::ResolveSeries { .. }
            | Request::Schedule { .. }
            | Request::MeetingPage { .. }
            | Request::TaskMeetingPage { .. }
            | Request::ListTasks { .. }
            | Request::MeetingFigures { .. }
            | Request::ExportIcs { .. }
            | Request::Calendar
            | Request::PreviewSeries { .. } => self.query_meetings(&state, actor, access, request),
            request @ (Request::ListPeople { .. }
            | Request::GetPerson { .. }
            | Request::ResolvePerson { .. }
            | Request::ExportPeople { .. }
            | Request::ListPositions { .. }
            | Request::UnitPeople { .. }
            | Request::ListReserve { .. }
            | Request::PeopleFigures { .. }
            | Request::PeopleFiguresOf { .. }) => {
                let readable = |u: UnitId| permissions::allows(tree, access, Need::Read(u));
                self.query_people(&state, actor, access, request, readable)
            }
            other => Err(Error::Storage {
                detail: format!("not a query: {other:?}"),
            }),
        }
    }

    /// `check` reads every tree; no commit may land halfway through it, or
    /// it would report a half-applied change as damage.
    fn check_as(&self, actor: &Actor) -> Result<Response> {
        let access = self.access(actor)?;
        permissions::require(&self.state().units, actor, access, Need::Admin)?;
        let _w = self.write_lock();
        self.check().map(Response::Check)
    }

    /// What `actor` may do, or the refusal a user without an account gets.
    pub fn access(&self, actor: &Actor) -> Result<Access> {
        self.access_in(&self.state(), actor)
    }

    fn access_in(&self, state: &State, actor: &Actor) -> Result<Access> {
        if actor.owner {
            return Ok(Access::Admin);
        }
        match state.accounts.get(&actor.user) {
            Some(a) => Ok(Access::of(a)),
            None => {
                let mut admins: Vec<String> = state
                    .accounts
                    .values()
                    .filter(|a| Access::of(a) == Access::Admin)
                    .map(|a| a.user.clone())
                    .collect();
                admins.sort();
                Err(Error::NoAccount {
                    user: actor.user.clone(),
                    admins,
                    server_user: crate::os_user::current(),
                })
            }
        }
    }

    /// Whether `actor` may hear about a change: the server passes on only
    /// notices about what the user can see.
    pub fn may_see(&self, actor: &Actor, notice: &ChangeNotice) -> bool {
        let state = self.state();
        let Ok(access) = self.access_in(&state, actor) else {
            return false;
        };
        match (notice.kind, notice.unit) {
            (RecordKind::Account, _) => access == Access::Admin,
            (_, Some(u)) => permissions::allows(&state.units, access, Need::Names(u)),
            (_, None) => access == Access::Admin,
        }
    }

    fn info(&self, actor: &Actor, access: Access) -> Result<DbInfo> {
        Ok(DbInfo {
            district: self.store.meta_string("district")?.unwrap_or_default(),
            demo: self.store.meta_string("demo")?.as_deref() == Some("1"),
            path: self.store.path().display().to_string(),
            schema: crate::store::SCHEMA_VERSION,
            user: actor.user.clone(),
            online: None,
            access,
        })
    }

    /// Whether every person is held in memory, as after the first write to
    /// people; until then, queries read the few persons they need.
    pub fn everyone_loaded(&self) -> bool {
        self.state().people.everyone().is_some()
    }

    fn state(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn state_mut(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|p| p.into_inner())
    }

    fn write_lock(&self) -> MutexGuard<'_, ()> {
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(tag: &str) -> (std::path::PathBuf, Service) {
        let dir = std::env::temp_dir().join(format!("ggw-svc-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let s = Service::create(
            &dir.join("db"),
            &OpenOptions::default(),
            "爱辉区",
            false,
            &Actor::new("root"),
        )
        .unwrap();
        (dir, s)
    }

    fn rename(id: UnitId, rev: u64, name: &str) -> (Actor, Request) {
        (
            Actor::new("root"),
            Request::RenameUnit {
                id,
                rev,
                name: name.into(),
            },
        )
    }

    #[test]
    fn a_batch_sees_its_own_earlier_writes() {
        let (dir, s) = service("batch");
        let root = UnitId(1);
        let results = s.write_batch(vec![
            rename(root, 1, "甲区"),
            rename(root, 2, "乙区"),
            // Made from the revision the first write replaced.
            rename(root, 1, "丙区"),
        ]);
        assert!(results[0].is_ok() && results[1].is_ok());
        assert!(matches!(results[2], Err(Error::Conflict { .. })));
        let now = s.state().units.get(root).cloned().unwrap();
        assert_eq!((now.rev, now.name.as_str()), (3, "乙区"));
        // Only what the batch committed is stored.
        let stored: OrgUnit = s.store.get(TreeId::Units, 1).unwrap().unwrap();
        assert_eq!(stored, now);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn draft_reads_through_pending_changes() {
        let (dir, s) = service("draft");
        let mut draft = Draft {
            state: s.state().clone(),
            pending: Vec::new(),
        };
        let mut changed: OrgUnit = s.store.get(TreeId::Units, 1).unwrap().unwrap();
        changed.rev = 9;
        let mut c = Changes::default();
        c.put(TreeId::Units, 1, &changed);
        draft.pending.push(c);
        let seen: OrgUnit = draft.get(&s.store, TreeId::Units, 1).unwrap().unwrap();
        assert_eq!(seen.rev, 9);
        let mut c = Changes::default();
        c.delete(TreeId::Units, &crate::store::id_key(1));
        draft.pending.push(c);
        assert!(
            draft
                .get::<OrgUnit>(&s.store, TreeId::Units, 1)
                .unwrap()
                .is_none()
        );
        // The store itself is untouched until the batch commits.
        assert!(s.store.get::<OrgUnit>(TreeId::Units, 1).unwrap().is_some());
        let _ = std::fs::remove_dir_all(dir);
    }
}
