//! sled and everything that touches it: trees, the record codec, atomic
//! commits with their audit entry, durability, and integrity checks.

pub mod backup;
pub mod check;
mod check_sanchuang;
mod check_scores;
mod check_work;
pub mod codec;
pub mod damage;
mod deferred;
pub mod elder_counts;
mod index_upgrade;
pub mod meeting_dates;
mod parts;
pub mod people_names;
pub mod person_days;
pub mod person_moves;
mod records;
#[cfg(test)]
mod sled_leaf_scan;
mod snapshot;
pub mod tallies_by_month;
pub mod work;

pub use snapshot::Snapshot;

use std::fs::File;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use codec::{CodecError, Record};

use crate::error::{Error, Result};

/// The database format this program writes. A database with a higher number
/// was written by a newer ggw and is refused. 2: the elder counts are kept
/// with the people they count. 3: meetings are indexed by date. 4: work
/// records, their indexes and monthly tallies; 三创 plans, working groups,
/// guidance visits, info items and bulletins. 5: people are indexed by
/// name. 6: people's moves between units are indexed by time. 7: the days
/// each person is named on a work record are kept in one entry per person.
/// 8: the work tallies are keyed month first.
pub const SCHEMA_VERSION: u16 = 8;

/// sled's page cache. 8 MiB: at a province 16 held some 8 MiB more for
/// every tab's loads to read no faster (the reads are scans, or a few pages
/// each).
pub const DEFAULT_CACHE_MB: u64 = 8;

/// No record larger than this is written. Records are read back only up to
/// `codec::MAX_RECORD_BYTES`; keeping writes a wide margin below it means
/// no command, however it was made, can store a record that cannot be read
/// again. The service's limits on text and lists keep real records far
/// below this; it is the last line, not the rule users meet.
pub const MAX_WRITE_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TreeId {
    Meta,
    Units,
    /// parent id ++ child id → empty; the root's parent is 0.
    UnitsByParent,
    Audit,
    /// unit id ++ audit id → empty.
    AuditByUnit,
    /// Who may use the database through the server, by account id.
    Accounts,
    MeetingSeries,
    /// Meetings that were held, moved, cancelled or had attendance taken; the others are
    /// computed from their series.
    Meetings,
    /// series id ++ meeting id → empty.
    MeetingsBySeries,
    Tasks,
    People,
    /// unit id ++ person id → empty.
    PeopleByUnit,
    /// the 18 characters of an ID number → person id; keeps numbers unique.
    PeopleByIdNumber,
    Positions,
    /// unit id ++ position id → empty.
    PositionsByUnit,
    /// person id ++ position id → empty.
    PositionsByPerson,
    /// Reserve candidates (后备人选) for the posts of a unit's team.
    Reserve,
    /// unit id ++ reserve entry id → empty.
    ReserveByUnit,
    /// unit id → how many elders of that unit itself are on the roll and
    /// struck off; written with every change to people.
    ElderCounts,
    /// Records `ggw repair` set aside: `[tree][key][when]` → the bytes as found.
    Quarantine,
    /// day ++ meeting id → empty, under both the day a meeting is held and
    /// its rule date, so that a month is read without decoding every
    /// meeting. Last: a tree's number is kept in quarantine keys.
    MeetingsByDate,
    Activities,
    Trainings,
    Visits,
    StudySessions,
    /// list tag ++ day ++ record id → the record's unit, its kind or mode,
    /// and (visits) its person: a list in date order, filtered by subtree
    /// and kind without decoding a record.
    WorkByDate,
    /// unit id ++ list tag ++ day ++ record id → empty.
    WorkByUnit,
    /// person id ++ day ++ list tag ++ record id → empty: what an elder took
    /// part in.
    WorkByPerson,
    /// month ++ unit id → what that unit's records of the month add up to;
    /// written with every change to work records. Unit first, in the tree
    /// `work_tallies`, up to schema 7.
    WorkTallies,
    /// 三创 cultivation plans.
    Plans,
    WorkingGroups,
    GuidanceVisits,
    InfoItems,
    Bulletins,
    /// 积分: each evaluation period's rulebook.
    ScoreRules,
    /// Manual awards and penalties.
    ScoreAdjustments,
    /// period id → the standings frozen when it was settled.
    Settlements,
    /// name ++ 0 ++ person id → the person's unit: the people who share a
    /// name, found without decoding the roster.
    PeopleByName,
    /// time ++ audit id → person ++ unit left ++ unit joined: the moves the
    /// audit log records, read by time without decoding the log.
    PersonMoves,
    /// person id → the days they are named on a live work record, with a
    /// count per day: the by-person index in one entry per person.
    PersonDays,
}

impl TreeId {
    pub const ALL: [TreeId; 40] = [
        TreeId::Meta,
        TreeId::Units,
        TreeId::UnitsByParent,
        TreeId::Audit,
        TreeId::AuditByUnit,
        TreeId::Accounts,
        TreeId::MeetingSeries,
        TreeId::Meetings,
        TreeId::MeetingsBySeries,
        TreeId::Tasks,
        TreeId::People,
        TreeId::PeopleByUnit,
        TreeId::PeopleByIdNumber,
        TreeId::Positions,
        TreeId::PositionsByUnit,
        TreeId::PositionsByPerson,
        TreeId::Reserve,
        TreeId::ReserveByUnit,
        TreeId::ElderCounts,
        TreeId::Quarantine,
        TreeId::MeetingsByDate,
        TreeId::Activities,
        TreeId::Trainings,
        TreeId::Visits,
        TreeId::StudySessions,
        TreeId::WorkByDate,
        TreeId::WorkByUnit,
        TreeId::WorkByPerson,
        TreeId::WorkTallies,
        TreeId::Plans,
        TreeId::WorkingGroups,
        TreeId::GuidanceVisits,
        TreeId::InfoItems,
        TreeId::Bulletins,
        TreeId::ScoreRules,
        TreeId::ScoreAdjustments,
        TreeId::Settlements,
        TreeId::PeopleByName,
        TreeId::PersonMoves,
        TreeId::PersonDays,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TreeId::Meta => "meta",
            TreeId::Units => "units",
            TreeId::UnitsByParent => "units_by_parent",
            TreeId::Audit => "audit",
            TreeId::AuditByUnit => "audit_by_unit",
            TreeId::Accounts => "accounts",
            TreeId::MeetingSeries => "meeting_series",
            TreeId::Meetings => "meetings",
            TreeId::MeetingsBySeries => "meetings_by_series",
            TreeId::Tasks => "tasks",
            TreeId::People => "people",
            TreeId::PeopleByUnit => "people_by_unit",
            TreeId::PeopleByIdNumber => "people_by_id_number",
            TreeId::Positions => "positions",
            TreeId::PositionsByUnit => "positions_by_unit",
            TreeId::PositionsByPerson => "positions_by_person",
            TreeId::Reserve => "reserve",
            TreeId::ReserveByUnit => "reserve_by_unit",
            TreeId::ElderCounts => "elder_counts",
            TreeId::Quarantine => "quarantine",
            TreeId::MeetingsByDate => "meetings_by_date",
            TreeId::Activities => "activities",
            TreeId::Trainings => "trainings",
            TreeId::Visits => "visits",
            TreeId::StudySessions => "study_sessions",
            TreeId::WorkByDate => "work_by_date",
            TreeId::WorkByUnit => "work_by_unit",
            TreeId::WorkByPerson => "work_by_person",
            TreeId::WorkTallies => "work_tallies_by_month",
            TreeId::Plans => "plans",
            TreeId::WorkingGroups => "working_groups",
            TreeId::GuidanceVisits => "guidance_visits",
            TreeId::InfoItems => "info_items",
            TreeId::Bulletins => "bulletins",
            TreeId::ScoreRules => "score_rules",
            TreeId::ScoreAdjustments => "score_adjustments",
            TreeId::Settlements => "settlements",
            TreeId::PeopleByName => "people_by_name",
            TreeId::PersonMoves => "person_moves",
            TreeId::PersonDays => "person_days",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

fn sequence_key(tree: TreeId) -> Vec<u8> {
    format!("next_id:{}", tree.name()).into_bytes()
}

/// The saved counter, or one past the largest key present, whichever is
/// larger, so that ids stay fresh even if the counter was never saved.
fn load_sequence(trees: &[sled::Tree], tree: TreeId) -> Result<u64> {
    let saved = trees[TreeId::Meta.index()]
        .get(sequence_key(tree))
        .map_err(storage)?
        .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
        .unwrap_or(1);
    let last = trees[tree.index()]
        .last()
        .map_err(storage)?
        .and_then(|(k, _)| k.as_ref().try_into().ok().map(u64::from_be_bytes))
        .map_or(1, |id: u64| id.saturating_add(1));
    Ok(saved.max(last).max(1))
}

pub fn id_key(id: u64) -> [u8; 8] {
    id.to_be_bytes()
}

pub fn pair_key(a: u64, b: u64) -> [u8; 16] {
    let mut k = [0u8; 16];
    k[..8].copy_from_slice(&a.to_be_bytes());
    k[8..].copy_from_slice(&b.to_be_bytes());
    k
}

pub fn split_pair_key(k: &[u8]) -> Option<(u64, u64)> {
    let a: [u8; 8] = k.get(..8)?.try_into().ok()?;
    let b: [u8; 8] = k.get(8..16)?.try_into().ok()?;
    (k.len() == 16).then(|| (u64::from_be_bytes(a), u64::from_be_bytes(b)))
}

enum Op {
    Put(TreeId, Vec<u8>, Vec<u8>),
    Delete(TreeId, Vec<u8>),
}

/// Everything one user action changes; applied all at once or not at all.
#[derive(Default)]
pub struct Changes {
    ops: Vec<Op>,
    /// What the work records written add to and take from people's days,
    /// made into entries of `PersonDays` when the changes are committed.
    days: person_days::Deltas,
}

impl Changes {
    pub fn put<R: Record>(&mut self, tree: TreeId, id: u64, record: &R) {
        self.ops
            .push(Op::Put(tree, id_key(id).to_vec(), codec::encode(record)));
    }

    pub fn put_raw(&mut self, tree: TreeId, key: &[u8], value: &[u8]) {
        self.ops.push(Op::Put(tree, key.to_vec(), value.to_vec()));
    }

    pub fn delete(&mut self, tree: TreeId, key: &[u8]) {
        self.ops.push(Op::Delete(tree, key.to_vec()));
    }

    /// Marks the database as of this program's schema: put in the commit
    /// that finishes what the schema calls for, so a stop before it leaves
    /// the work to be done again at the next open.
    pub fn mark_schema_current(&mut self) {
        self.put_raw(TreeId::Meta, b"schema", &SCHEMA_VERSION.to_le_bytes());
    }

    pub fn is_empty(&self) -> bool {
        self.ops.is_empty() && self.days.is_empty()
    }

    /// The values these changes put in `tree`, in order, for records without a cache.
    pub fn puts(&self, tree: TreeId) -> impl Iterator<Item = &[u8]> {
        self.ops.iter().filter_map(move |op| match op {
            Op::Put(t, _, v) if *t == tree => Some(v.as_slice()),
            _ => None,
        })
    }

    /// The keys these changes put in `tree`, in order.
    pub fn put_keys(&self, tree: TreeId) -> impl Iterator<Item = &[u8]> {
        self.ops.iter().filter_map(move |op| match op {
            Op::Put(t, k, _) if *t == tree => Some(k.as_slice()),
            _ => None,
        })
    }

    /// Every tree and key these changes write or delete.
    pub fn touched(&self) -> impl Iterator<Item = (TreeId, &[u8])> {
        self.ops.iter().map(|op| match op {
            Op::Put(t, k, _) | Op::Delete(t, k) => (*t, k.as_slice()),
        })
    }

    /// What these changes do to `key` of `tree`, the last one winning:
    /// `Some(Some(value))` written, `Some(None)` deleted, `None` untouched.
    pub fn latest(&self, tree: TreeId, key: &[u8]) -> Option<Option<&[u8]>> {
        self.ops.iter().rev().find_map(|op| match op {
            Op::Put(t, k, v) if *t == tree && k == key => Some(Some(v.as_slice())),
            Op::Delete(t, k) if *t == tree && k == key => Some(None),
            _ => None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct OpenOptions {
    pub cache_mb: u64,
    /// Create a new database; refuse one that exists.
    pub create: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            cache_mb: DEFAULT_CACHE_MB,
            create: false,
        }
    }
}

pub struct Store {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    /// sled's flush writes its log but does not fsync it; we do.
    data_file: File,
    path: PathBuf,
    /// One commit at a time, so that checks made before a commit still hold
    /// when it lands.
    writer: Mutex<()>,
    /// The next id of each tree. Kept here rather than with sled's
    /// generate_id, which jumps by a million after every restart; users type
    /// these ids.
    sequences: Vec<AtomicU64>,
    /// Set while commits skip their sync (`defer_syncs`).
    syncs_deferred: AtomicBool,
    /// Index entries held back during a bulk load.
    deferred: deferred::Deferred,
    /// The before images of a backup in progress, if any.
    snapshot: Mutex<Option<std::sync::Arc<snapshot::Log>>>,
    /// Makes a commit in parts stop after this many parts, as if the
    /// program had been killed there.
    #[cfg(test)]
    pub(crate) stop_after_parts: AtomicU64,
    /// Makes reading a tree fail, as a damaged disk would.
    #[cfg(test)]
    pub(crate) read_fault: Mutex<Option<ReadFault>>,
}

/// A read error injected into one tree's iterator: after `after` good
/// entries, the same error `times` times over, as sled gives it, then the end.
#[cfg(test)]
#[derive(Debug, Clone, Copy)]
pub(crate) struct ReadFault {
    pub tree: TreeId,
    pub after: usize,
    pub times: usize,
}

type Entry = sled::Result<(sled::IVec, sled::IVec)>;

fn storage(e: sled::Error) -> Error {
    match e {
        sled::Error::Corruption { .. } => Error::Corrupt {
            what: e.to_string(),
        },
        sled::Error::Io(e) => io_error(&e),
        other => Error::Storage {
            detail: other.to_string(),
        },
    }
}

/// A full disk is named as such: it is the one storage failure an office
/// can fix itself. Other I/O errors keep the system's own words
/// ("File too large (os error 27)") rather than their debug form.
fn io_error(e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::StorageFull {
        Error::DiskFull
    } else {
        Error::Storage {
            detail: e.to_string(),
        }
    }
}

pub(crate) fn corrupt(tree: TreeId, key: &[u8], e: CodecError) -> Error {
    Error::Corrupt {
        what: format!("{} {}: {e}", tree.name(), key_label(key)),
    }
}

/// sled refusing the database's files at open.
fn unopenable(path: &str, e: sled::Error) -> Error {
    let detail = match e {
        sled::Error::Io(io) => return io_error(&io),
        sled::Error::Corruption { at: Some(at), .. } => format!("corrupted data at {at:?}"),
        sled::Error::Corruption { at: None, .. } => "corrupted data".into(),
        sled::Error::Unsupported(what) => what,
        other => other.to_string(),
    };
    Error::Unopenable {
        path: path.to_string(),
        detail,
    }
}

fn refuse_oversized(tree: TreeId, key: &[u8], value: &[u8]) -> Result<()> {
    if value.len() <= MAX_WRITE_BYTES {
        return Ok(());
    }
    Err(Error::RecordTooLarge {
        tree: format!("{} {}", tree.name(), key_label(key)),
        bytes: value.len(),
        max: MAX_WRITE_BYTES,
    })
}

/// A key as people read it: an id as `#7`, a pair as `#1/#7`, anything else in hex.
pub fn key_label(key: &[u8]) -> String {
    if let Ok(id) = <[u8; 8]>::try_from(key) {
        format!("#{}", u64::from_be_bytes(id))
    } else if let Some((a, b)) = split_pair_key(key) {
        format!("#{a}/#{b}")
    } else {
        format!("{key:02x?}")
    }
}

fn is_lock_error(e: &std::io::Error) -> bool {
    e.to_string().contains("could not acquire lock")
}

/// Opens the database, waiting up to a second for its lock. A closed
/// database's lock goes only when sled's last internal reference to the
/// file does, which its I/O threads and deferred clean-up may hold a
/// moment after the handle is dropped; reopening in the same process
/// (create, then open) must not take that moment for another program.
fn open_when_free(config: &sled::Config) -> sled::Result<sled::Db> {
    const TRIES: u32 = 20;
    let mut tries = 0;
    loop {
        match open_catching(config) {
            Err(sled::Error::Io(io)) if is_lock_error(&io) && tries < TRIES => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

/// Whether a database is at `path`. A folder this user may not look into
/// is said to be so, not taken for one without a database.
fn looks_like_database(path: &Path) -> Result<bool> {
    for file in ["db", "conf"] {
        match std::fs::metadata(path.join(file)) {
            Ok(m) if m.is_file() => return Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return Err(denied(path));
            }
            _ => {}
        }
    }
    Ok(false)
}

fn denied(path: &Path) -> Error {
    Error::DatabaseDenied {
        path: path.display().to_string(),
        blocked: blocked_at(path)
            .unwrap_or_else(|| path.to_path_buf())
            .display()
            .to_string(),
    }
}

/// The first folder or file on the way to the database that this user may
/// not use, outermost first: what an administrator has to open up.
fn blocked_at(path: &Path) -> Option<PathBuf> {
    use rustix::fs::{Access, access};
    enum Found {
        Usable,
        Missing,
        Denied,
    }
    let check = |p: &Path, how: Access| match access(p, how) {
        Ok(()) => Found::Usable,
        Err(rustix::io::Errno::ACCESS | rustix::io::Errno::PERM) => Found::Denied,
        Err(_) => Found::Missing,
    };
    let path = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let folders: Vec<&Path> = path.ancestors().skip(1).collect();
    for dir in folders.into_iter().rev() {
        match check(dir, Access::EXEC_OK) {
            Found::Usable => {}
            Found::Missing => return None,
            Found::Denied => return Some(dir.to_path_buf()),
        }
    }
    let rwx = Access::READ_OK | Access::WRITE_OK | Access::EXEC_OK;
    match check(&path, rwx) {
        Found::Usable => {}
        Found::Denied => return Some(path),
        // Not there yet: it is made in its parent.
        Found::Missing => {
            let parent = path.parent()?;
            return match check(parent, Access::WRITE_OK | Access::EXEC_OK) {
                Found::Denied => Some(parent.to_path_buf()),
                _ => None,
            };
        }
    }
    let rw = Access::READ_OK | Access::WRITE_OK;
    [("db", rw), ("conf", rw), ("blobs", rwx)]
        .into_iter()
        .map(|(file, how)| (path.join(file), how))
        .find(|(p, how)| matches!(check(p, *how), Found::Denied))
        .map(|(p, _)| p)
}

/// An error met while opening names the database and says that nothing
/// was changed: a command that only reads must never hear that its change
/// was lost. (sled writes when it opens, so a full disk shows here too.)
fn opening_error(path: &Path, e: Error) -> Error {
    let shown = path.display().to_string();
    match e {
        Error::DiskFull => Error::DatabaseDiskFull { path: shown },
        Error::Storage { detail } | Error::Io { detail } => match blocked_at(path) {
            Some(_) => denied(path),
            None => Error::DatabaseUnopenable {
                path: shown,
                detail,
            },
        },
        other => other,
    }
}

thread_local! {
    /// Set while this thread opens a database, whose panics are caught.
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// sled 0.34 panics on some damaged files instead of returning an error
/// (a snapshot it cannot write back, say). At open that would end the
/// program with a backtrace; it is caught and reported as damage instead.
/// The panic hook stays quiet for this thread while it opens, and speaks
/// as before everywhere else.
fn open_catching(config: &sled::Config) -> sled::Result<sled::Db> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    QUIET_PANICS.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.open()));
    QUIET_PANICS.with(|q| q.set(false));
    result.unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(sled::Error::Unsupported(format!(
            "sled stopped while reading its files: {what}"
        )))
    })
}

impl Store {
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Store> {
        Store::open_here(path, opts).map_err(|e| opening_error(path, e))
    }

    fn open_here(path: &Path, opts: &OpenOptions) -> Result<Store> {
        let shown = path.display().to_string();
        let exists = looks_like_database(path)?;
        if opts.create && exists {
            return Err(Error::DatabaseExists { path: shown });
        }
        if !opts.create && !exists {
            return Err(Error::DatabaseMissing { path: shown });
        }
        let config = sled::Config::new()
            .path(path)
            .cache_capacity(opts.cache_mb.max(1) * 1024 * 1024)
            // Every commit flushes itself; a background flusher would only
            // wake an idle program.
            .flush_every_ms(None);
        let db = open_when_free(&config).map_err(|e| match e {
            sled::Error::Io(io) if is_lock_error(&io) => Error::DatabaseLocked {
                path: shown.clone(),
            },
            other => unopenable(&shown, other),
        })?;
        let trees = TreeId::ALL
            .iter()
            .map(|t| db.open_tree(t.name()))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| unopenable(&shown, e))?;
        Store::ready(db, trees, path, opts.create).map_err(|e| match e {
            // Damage found before the program has anything to show: `ggw
            // check` could not open it either.
            Error::Corrupt { what } => Error::Unopenable {
                path: shown.clone(),
                detail: what,
            },
            other => other,
        })
    }

    fn ready(db: sled::Db, trees: Vec<sled::Tree>, path: &Path, create: bool) -> Result<Store> {
        let data_file = File::open(path.join("db")).map_err(|e| io_error(&e))?;
        let sequences = TreeId::ALL
            .iter()
            .map(|t| load_sequence(&trees, *t).map(AtomicU64::new))
            .collect::<Result<Vec<_>>>()?;
        let store = Store {
            db,
            trees,
            data_file,
            path: path.to_path_buf(),
            writer: Mutex::new(()),
            sequences,
            syncs_deferred: AtomicBool::new(false),
            deferred: deferred::Deferred::new(),
            snapshot: Mutex::new(None),
            #[cfg(test)]
            stop_after_parts: AtomicU64::new(0),
            #[cfg(test)]
            read_fault: Mutex::new(None),
        };
        store.check_schema(create)?;
        store.undo_unfinished()?;
        meeting_dates::build_if_missing(&store)?;
        people_names::build_if_missing(&store)?;
        person_moves::build_if_missing(&store)?;
        person_days::build_if_missing(&store)?;
        tallies_by_month::build_if_missing(&store)?;
        work::mark_schema(&store)?;
        Ok(store)
    }

    fn check_schema(&self, create: bool) -> Result<()> {
        match self.meta_u16("schema")? {
            Some(found) if found > SCHEMA_VERSION => Err(Error::SchemaTooNew {
                found,
                supported: SCHEMA_VERSION,
            }),
            Some(_) => Ok(()),
            None if create => {
                let mut c = Changes::default();
                c.mark_schema_current();
                self.commit(c)
            }
            None => Err(Error::Corrupt {
                what: "meta: schema version missing".into(),
            }),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn tree(&self, t: TreeId) -> &sled::Tree {
        // A failure here shows again, with its cause, at the end of the
        // load (`finish_deferred`), which writes what is still held.
        if self.holds(t) {
            let _ = self.write_held(t);
        }
        &self.trees[t.index()]
    }

    /// A fresh id for a record of `tree`, never handed out before in this
    /// database: the counter is saved with every commit, and an id whose
    /// commit failed is simply not reused.
    pub fn next_id(&self, tree: TreeId) -> u64 {
        self.sequences[tree.index()].fetch_add(1, Ordering::SeqCst)
    }

    /// How many ids of `tree` have been handed out: no fewer than its records.
    pub fn ids_given(&self, tree: TreeId) -> u64 {
        self.sequences[tree.index()]
            .load(Ordering::SeqCst)
            .saturating_sub(1)
    }

    /// Makes the next id of `tree` at least `next`: a restore carries the
    /// counters over, so ids of deleted records stay unused.
    fn raise_sequence(&self, tree: TreeId, next: u64) {
        self.sequences[tree.index()].fetch_max(next, Ordering::SeqCst);
    }

    pub fn get<R: Record>(&self, tree: TreeId, id: u64) -> Result<Option<R>> {
        let key = id_key(id);
        match self.tree(tree).get(key).map_err(storage)? {
            None => Ok(None),
            Some(bytes) => codec::decode(&bytes)
                .map(Some)
                .map_err(|e| corrupt(tree, &key, e)),
        }
    }

    /// The value under `key`, as stored.
    pub fn raw_get(&self, tree: TreeId, key: &[u8]) -> Result<Option<Vec<u8>>> {
        Ok(self
            .tree(tree)
            .get(key)
            .map_err(storage)?
            .map(|v| v.to_vec()))
    }

    /// Every entry of a tree, in key order.
    fn entries(&self, tree: TreeId) -> Box<dyn Iterator<Item = Entry> + '_> {
        let iter = self.tree(tree).leaf_iter::<&[u8], _>(..);
        #[cfg(test)]
        if let Some(f) = *self.read_fault.lock().unwrap_or_else(|p| p.into_inner())
            && f.tree == tree
        {
            let error = || sled::Error::Io(std::io::Error::other("injected read error"));
            return Box::new(
                iter.take(f.after)
                    .chain(std::iter::repeat_with(move || Err(error())).take(f.times)),
            );
        }
        Box::new(iter)
    }

    /// Every record of a tree, in id order.
    pub fn scan<R: Record>(&self, tree: TreeId) -> impl Iterator<Item = Result<R>> + '_ {
        self.entries(tree).map(move |kv| {
            let (k, v) = kv.map_err(storage)?;
            codec::decode(&v).map_err(|e| corrupt(tree, &k, e))
        })
    }

    /// Calls `f` with every record of a tree, in id order, until it fails.
    /// Cheaper than `scan` by a copy of each entry: the records are
    /// decoded straight from the store's leaves.
    pub fn each<R: Record>(&self, tree: TreeId, mut f: impl FnMut(R) -> Result<()>) -> Result<()> {
        self.each_raw(tree, |k, v| {
            codec::decode(v)
                .map_err(|e| corrupt(tree, k, e))
                .and_then(&mut f)
        })
    }

    /// Every entry of `tree` in key order, as the bytes that lie in its
    /// leaves: for a reader that decodes only part of each.
    pub fn each_raw(
        &self,
        tree: TreeId,
        mut f: impl FnMut(&[u8], &[u8]) -> Result<()>,
    ) -> Result<()> {
        let stopped = self
            .tree(tree)
            .scan_leaves::<&[u8], _, _, _>(.., |k, v| match f(k, v) {
                Ok(()) => ControlFlow::Continue(()),
                Err(e) => ControlFlow::Break(e),
            })
            .map_err(storage)?;
        stopped.map_or(Ok(()), Err)
    }

    /// Records in reverse id order (newest first), for logs.
    pub fn scan_rev<R: Record>(&self, tree: TreeId) -> impl Iterator<Item = Result<R>> + '_ {
        self.tree(tree).iter().rev().map(move |kv| {
            let (k, v) = kv.map_err(storage)?;
            codec::decode(&v).map_err(|e| corrupt(tree, &k, e))
        })
    }

    /// The second halves of the pair keys under `first` in an index tree.
    pub fn index_ids(&self, tree: TreeId, first: u64) -> Result<Vec<u64>> {
        self.pair_ids(tree, (first, 0), (first, u64::MAX))
    }

    /// Those of `ids` (ascending) whose pair key under `first` an index
    /// tree holds, each leaf read once for all the keys in it.
    pub fn ids_held_under(&self, tree: TreeId, first: u64, ids: &[u64]) -> Result<Vec<u64>> {
        let keys: Vec<[u8; 16]> = ids.iter().map(|id| pair_key(first, *id)).collect();
        let keys: Vec<&[u8]> = keys.iter().map(|k| &k[..]).collect();
        let found = self.tree(tree).get_sorted(&keys).map_err(storage)?;
        Ok(ids
            .iter()
            .zip(found)
            .filter(|(_, v)| v.is_some())
            .map(|(id, _)| *id)
            .collect())
    }

    /// The second halves of the pair keys from `lo` to `hi` (both in) of an
    /// index tree, in key order. Read a leaf at a time: sled's iterator
    /// copies the whole leaf for each key it gives.
    pub fn pair_ids(&self, tree: TreeId, lo: (u64, u64), hi: (u64, u64)) -> Result<Vec<u64>> {
        let mut ids = Vec::new();
        let (lo, hi) = (pair_key(lo.0, lo.1), pair_key(hi.0, hi.1));
        let stopped = self
            .tree(tree)
            .scan_leaves(&lo[..]..=&hi[..], |k, _| match split_pair_key(k) {
                Some((_, id)) => {
                    ids.push(id);
                    ControlFlow::Continue(())
                }
                None => ControlFlow::Break(Error::Corrupt {
                    what: format!("{} key {k:02x?}", tree.name()),
                }),
            })
            .map_err(storage)?;
        stopped.map_or(Ok(ids), Err)
    }

    pub fn raw_keys(&self, tree: TreeId) -> impl Iterator<Item = Result<Vec<u8>>> + '_ {
        self.entries(tree)
            .map(|kv| kv.map(|(k, _)| k.to_vec()).map_err(storage))
    }

    pub fn raw_entries(
        &self,
        tree: TreeId,
    ) -> impl Iterator<Item = Result<(Vec<u8>, Vec<u8>)>> + '_ {
        self.entries(tree)
            .map(|kv| kv.map(|(k, v)| (k.to_vec(), v.to_vec())).map_err(storage))
    }

    pub fn len(&self, tree: TreeId) -> usize {
        self.tree(tree).len()
    }

    pub fn is_empty(&self) -> bool {
        self.tree(TreeId::Units).is_empty()
    }

    pub fn meta_raw(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .tree(TreeId::Meta)
            .get(key.as_bytes())
            .map_err(storage)?
            .map(|v| v.to_vec()))
    }

    pub(crate) fn meta_u16(&self, key: &str) -> Result<Option<u16>> {
        match self.meta_raw(key)? {
            None => Ok(None),
            Some(v) => v
                .as_slice()
                .try_into()
                .map(|b: [u8; 2]| Some(u16::from_le_bytes(b)))
                .map_err(|_| Error::Corrupt {
                    what: format!("meta {key}"),
                }),
        }
    }

    pub fn meta_string(&self, key: &str) -> Result<Option<String>> {
        match self.meta_raw(key)? {
            None => Ok(None),
            Some(v) => String::from_utf8(v).map(Some).map_err(|_| Error::Corrupt {
                what: format!("meta {key}"),
            }),
        }
    }

    /// Applies `changes` atomically, then makes them durable before
    /// returning: when this returns Ok the change survives a crash or a
    /// power cut.
    pub fn commit(&self, changes: Changes) -> Result<()> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.commit_locked(&[changes])
    }

    /// Several users' changes in one transaction and one sync.
    pub fn commit_batch(&self, batch: &[Changes]) -> Result<()> {
        let _guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        self.commit_locked(batch)
    }

    fn commit_locked(&self, batch: &[Changes]) -> Result<()> {
        // Read under the write lock, so that no other commit changes a
        // person's entry between its reading and its writing.
        let days = person_days::resolve(self, batch)?;
        let ops: Vec<&Op> = batch.iter().flat_map(|c| c.ops.iter()).collect();
        // Before anything is written, so a refused batch leaves nothing.
        for op in ops.iter().copied().chain(days.iter().map(|(op, _)| op)) {
            // The quarantine keeps damaged bytes as they were found, never
            // to be decoded; refusing them would leave the damage in place.
            if let Op::Put(tree, key, value) = op
                && *tree != TreeId::Quarantine
            {
                refuse_oversized(*tree, key, value)?;
            }
        }
        let (ops, held) = self.split_held(ops)?;
        let with_days = || -> Vec<&Op> {
            ops.iter()
                .copied()
                .chain(days.iter().map(|(op, _)| op))
                .collect()
        };
        if self.syncs_deferred.load(Ordering::SeqCst) {
            self.write_loaded(&with_days())?;
        } else if !self.commit_ops_in_parts(&ops, &days)? {
            self.apply(&with_days())?;
            self.sync()?;
        }
        self.keep_held(&held)
    }

    /// One sled transaction: `ops` and the id counters. Not yet durable.
    fn apply(&self, ops: &[&Op]) -> Result<()> {
        use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
        let sequences = self.sequence_values();
        self.save_before_images(
            sequences
                .iter()
                .map(|(k, _)| (TreeId::Meta, k.as_slice()))
                .chain(ops.iter().map(|op| match op {
                    Op::Put(t, k, _) | Op::Delete(t, k) => (*t, k.as_slice()),
                })),
        )?;
        let result = self.trees.as_slice().transaction(|tx| {
            for (key, next) in &sequences {
                tx[TreeId::Meta.index()].insert(key.as_slice(), next)?;
            }
            for op in ops {
                match op {
                    Op::Put(t, k, v) => {
                        tx[t.index()].insert(k.as_slice(), v.as_slice())?;
                    }
                    Op::Delete(t, k) => {
                        tx[t.index()].remove(k.as_slice())?;
                    }
                }
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        match result {
            Ok(()) => {}
            Err(TransactionError::Storage(e)) => return Err(storage(e)),
            Err(TransactionError::Abort(())) => {
                return Err(Error::Storage {
                    detail: "transaction aborted".into(),
                });
            }
        }
        Ok(())
    }

    /// The id counters as each commit saves them.
    fn sequence_values(&self) -> Vec<(Vec<u8>, [u8; 8])> {
        TreeId::ALL
            .iter()
            .map(|t| {
                let next = self.sequences[t.index()].load(Ordering::SeqCst);
                (sequence_key(*t), next.to_be_bytes())
            })
            .collect()
    }

    fn sync(&self) -> Result<()> {
        if self.syncs_deferred.load(Ordering::SeqCst) {
            return Ok(());
        }
        self.sync_now()
    }

    fn sync_now(&self) -> Result<()> {
        self.db.flush().map_err(storage)?;
        self.data_file.sync_data().map_err(|e| io_error(&e))
    }

    /// Commits land without waiting for the disk until `finish_deferred`,
    /// which syncs once: for `ggw gen`, whose thousands of commits would
    /// otherwise each wait for a sync, and whose database is of no use if
    /// it stops half-way. A commit in parts is then no longer all or nothing
    /// across a crash.
    /// The work indexes' new entries are held back meanwhile and written
    /// in key order (`deferred.rs`).
    pub fn defer_syncs(&self) {
        self.syncs_deferred.store(true, Ordering::SeqCst);
        self.hold_indexes(true);
    }

    /// Writes the index entries held back, syncs what the deferred commits
    /// wrote, and syncs every commit again.
    pub fn finish_deferred(&self) -> Result<()> {
        self.hold_indexes(false);
        let written = self.write_all_held();
        self.syncs_deferred.store(false, Ordering::SeqCst);
        let synced = self.sync_now();
        written?;
        synced
    }

    /// Writes out what sled holds unwritten, as closing it would; without
    /// a sync, as its close has none (every commit synced itself).
    pub fn flush(&self) -> Result<()> {
        while self.db.flush().map_err(storage)? > 0 {}
        Ok(())
    }

    pub fn size_on_disk(&self) -> Result<u64> {
        self.db.size_on_disk().map_err(storage)
    }
}

/// A new, empty store in a folder of its own, for the store's tests: the
/// folder goes when the first half is dropped.
#[cfg(test)]
pub(crate) fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let opts = OpenOptions {
        create: true,
        ..OpenOptions::default()
    };
    let store = Store::open(&dir.path().join("db"), &opts).unwrap();
    (dir, store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_over_the_write_ceiling_is_refused_and_nothing_of_the_batch_lands() {
        let dir = tempfile::tempdir().unwrap();
        let opts = OpenOptions {
            create: true,
            ..OpenOptions::default()
        };
        let s = Store::open(&dir.path().join("db"), &opts).unwrap();
        let mut first = Changes::default();
        first.put_raw(TreeId::Units, &id_key(1), b"small");
        let mut second = Changes::default();
        second.put_raw(
            TreeId::Reserve,
            &id_key(9),
            &vec![b'x'; MAX_WRITE_BYTES + 1],
        );
        let e = s.commit_batch(&[first, second]).unwrap_err();
        assert_eq!(
            e,
            Error::RecordTooLarge {
                tree: "reserve #9".into(),
                bytes: MAX_WRITE_BYTES + 1,
                max: MAX_WRITE_BYTES,
            }
        );
        assert!(s.raw_get(TreeId::Units, &id_key(1)).unwrap().is_none());
        assert!(s.raw_get(TreeId::Reserve, &id_key(9)).unwrap().is_none());
        // At the ceiling itself a record is written.
        let mut at = Changes::default();
        at.put_raw(TreeId::Reserve, &id_key(9), &vec![b'x'; MAX_WRITE_BYTES]);
        s.commit(at).unwrap();
        assert_eq!(s.len(TreeId::Reserve), 1);
    }
}
