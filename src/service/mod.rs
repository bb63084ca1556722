//! Every command and query: validation, permissions, audit, and the only
//! writer.

pub mod accounts;
mod admin;
mod audit;
mod backup;
mod elder_counts;
mod honoured_handover;
mod info_import;
pub mod meetings;
mod people;
mod people_cache;
mod people_import;
mod people_page;
pub mod people_rules;
mod positions;
mod positions_held;
mod repair;
mod reserve;
mod sanchuang;
mod sanchuang_reads;
mod score_counts;
mod score_facts;
mod score_reads;
mod score_rows;
mod scores;
pub mod seed;
mod shards;
pub(crate) mod side_by_side;
pub mod tasks;
mod unit_tallies;
mod units;
mod void;
mod work;
mod work_import;
mod work_lists;
mod work_load;
mod work_reads;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

pub use crate::api::{ChangeNotice, DbInfo, Request, Response};
pub use crate::domain::permissions::Actor;
pub use work_load::{LoadStep, WorkLoad, WorkWriter};

use crate::api::admin::{AdminRequest, Repair};
use crate::domain::account::{Access, Account};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::permissions::{self, Need};
use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitId, UnitKind, text, time};
use crate::error::{Error, Result};
use crate::store::check::CheckReport;
use crate::store::damage::DamagedRecord;
use crate::store::{Changes, OpenOptions, Store, TreeId, pair_key};

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
    /// Stored tasks made from meetings, read once for the batch.
    meeting_tasks: tasks::MeetingTasks,
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
    /// Held from a batch's checks to its commit, so the checks still hold;
    /// shared by the reads that must not see a commit half landed, which
    /// run side by side (a report's parts, two users' reads).
    writer: RwLock<()>,
    /// Records left out of `state` because they cannot be read, until
    /// `ggw repair` sets them aside.
    damaged: Mutex<Vec<DamagedRecord>>,
    /// Counts commits, so that what was read before one is known stale.
    generation: std::sync::atomic::AtomicU64,
    work_lists: work_lists::WorkLists,
    /// The counts standings are made of, kept up to date by commits.
    score_cache: score_counts::ScoreCache,
    /// The honoured a read of the roll under way will hand `score_cache`.
    honoured_handover: honoured_handover::HonouredHandover,
    /// Every unit's work tallies of the months last asked for, until a
    /// commit.
    unit_tallies: unit_tallies::UnitTallies,
    /// The office's own work themes, read at open and again after a commit
    /// that adds one. Read from the store each time, they cost the 工作
    /// tab's first visit a read of the page holding them, which after a
    /// large import still holds its journal: 4.5 MB read and decoded at a
    /// province, which was the program's highest use of memory.
    themes: RwLock<Vec<String>>,
}

/// What the service holds in memory, read from the store. A record that
/// cannot be decoded is left out and named in the second half rather than
/// stopping the program: one bad record must not lock everyone out.
fn load_state(store: &Store) -> Result<(State, Vec<DamagedRecord>)> {
    // The teams and reserve are read beside the units: at a province they
    // are a quarter of the open, and the program waits for the open.
    let ((people, people_damaged), (units, mut damaged)) = side_by_side::both(
        "reading the teams",
        || {
            let mut damaged = Vec::new();
            people_cache::PeopleCache::load(store, &mut damaged).map(|p| (p, damaged))
        },
        || {
            let mut damaged = Vec::new();
            store
                .scan_usable::<OrgUnit>(TreeId::Units, &mut damaged)
                .map(|u| (UnitTree::new(u), damaged))
        },
    )?;
    let accounts = store
        .scan_usable::<Account>(TreeId::Accounts, &mut damaged)?
        .into_iter()
        .map(|a| (a.user.clone(), a))
        .collect::<HashMap<_, _>>();
    damaged.extend(people_damaged);
    let state = State {
        units,
        accounts,
        people: Arc::new(people),
    };
    Ok((state, damaged))
}

impl Service {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Service> {
        let store = Store::open(path, opts)?;
        let (state, damaged) = load_state(&store)?;
        let themes = RwLock::new(crate::store::work::themes(&store)?);
        Ok(Service {
            store,
            state: RwLock::new(state),
            writer: RwLock::new(()),
            damaged: Mutex::new(damaged),
            generation: Default::default(),
            work_lists: Default::default(),
            score_cache: Default::default(),
            honoured_handover: Default::default(),
            unit_tallies: Default::default(),
            themes,
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
        match request {
            Request::Admin(AdminRequest::Check(_)) => return self.check_as(actor),
            Request::Admin(AdminRequest::Repair(Repair { purge })) => {
                return self.repair_as(actor, purge);
            }
            _ => {}
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
            meeting_tasks: Default::default(),
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
        people_cache::forget_unsaved(&mut draft);
        match self.store.commit_batch(&draft.pending) {
            Ok(()) => {
                self.score_cache.note(&draft.pending);
                self.note_themes(&draft.pending);
                *self.state_mut() = draft.state;
                self.committed();
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
        request.check_limits()?;
        let access = self.access_in(draft, actor)?;
        for need in request
            .needs()
            .into_iter()
            .chain(people::needs(draft, &self.store, &request)?)
            .chain(work::needs(Some(draft), &self.store, &request)?)
            .chain(sanchuang::needs(draft, &self.store, &request)?)
            .chain(scores::needs(draft, &self.store, &request)?)
        {
            permissions::require(&draft.units, actor, access, need)?;
        }
        match request {
            Request::Units(r) => self.write_units(draft, changes, actor, r),
            Request::Admin(r) => self.write_admin(draft, changes, actor, access, r),
            Request::Meetings(r) => self.write_meetings(draft, changes, actor, access, r),
            Request::People(r) => self.write_people(draft, changes, actor, r),
            Request::Work(r) => self.write_work(draft, changes, actor, access, r),
            Request::Sanchuang(r) => self.write_sanchuang(draft, changes, actor, r),
            Request::Scores(r) => self.write_scores(draft, changes, actor, r),
        }
    }

    fn query(&self, actor: &Actor, request: Request) -> Result<Response> {
        request.check_limits()?;
        // Persons not loaded are read from the store, where a commit in
        // parts is visible part by part: wait for any commit to finish.
        // The writer's lock comes first, as in a write, or the two would wait
        // on each other.
        // Work records are read from their index, then the records: a
        // commit half landed would show an entry without its record.
        let from_store = (people::reads_persons(&request) && !self.everyone_loaded())
            || matches!(
                request,
                Request::Work(_) | Request::Sanchuang(_) | Request::Scores(_)
            );
        let _quiet = from_store.then(|| self.read_lock());
        let state = self.state();
        let access = self.access_in(&state, actor)?;
        for need in request
            .needs()
            .into_iter()
            .chain(people::needs(&state, &self.store, &request)?)
            .chain(work::needs(None, &self.store, &request)?)
            .chain(sanchuang::needs(&state, &self.store, &request)?)
            .chain(scores::needs(&state, &self.store, &request)?)
        {
            permissions::require(&state.units, actor, access, need)?;
        }
        match request {
            Request::Units(r) => self.query_units(&state, actor, access, r),
            Request::Admin(r) => self.query_admin(&state, actor, access, r),
            Request::Meetings(r) => self.query_meetings(&state, actor, access, r),
            Request::People(r) => {
                let tree = &state.units;
                let readable = |u: UnitId| permissions::allows(tree, access, Need::Read(u));
                self.query_people(&state, actor, access, r, readable)
            }
            Request::Work(r) => self.query_work(&state, actor, access, r),
            Request::Sanchuang(r) => self.query_sanchuang(&state, actor, access, r),
            Request::Scores(r) => self.query_scores(&state, actor, access, r),
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

    /// How many commits this service has made.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub(crate) fn committed(&self) {
        self.generation
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn state(&self) -> RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn state_mut(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(|p| p.into_inner())
    }

    fn write_lock(&self) -> RwLockWriteGuard<'_, ()> {
        self.writer.write().unwrap_or_else(|p| p.into_inner())
    }

    /// No commit lands while it is held; other readers may hold it too.
    fn read_lock(&self) -> RwLockReadGuard<'_, ()> {
        self.writer.read().unwrap_or_else(|p| p.into_inner())
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
        use crate::api::units::RenameUnit;
        (
            Actor::new("root"),
            Request::from(RenameUnit {
                id,
                rev,
                name: name.into(),
            }),
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
            meeting_tasks: Default::default(),
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
