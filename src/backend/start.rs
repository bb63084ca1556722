//! The one door from the command line to what stands behind the backend:
//! opening or creating a database here, finding and starting a server,
//! and the few offline jobs that must read the store alone (a check past
//! damaged records, a backup or restore without a server, synthetic data).
//! The terminal UI, the command line and the file formats use `api`,
//! `backend` and `domain`; only this file reaches the service, the store,
//! the server and the demo for them.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::{Backend, LocalBackend};
use crate::api::{BackupSummary, CheckReport};
use crate::domain::permissions::Actor;
use crate::error::Result;
use crate::lang::Lang;
use crate::service::Service;
use crate::store::Store;

/// How the database is opened (cache size, whether it may be created).
pub use crate::store::{DEFAULT_CACHE_MB, OpenOptions};

/// The server's limits, given on `ggw serve`'s command line.
pub use crate::server::Limits as ServerLimits;

/// Synthetic data for benchmarks and torture tests: its scales, kinds,
/// names and random numbers.
pub mod synth {
    pub use crate::demo::synth::{
        KIND_NAMES, KINDS, Scale, kinds_upto, names, rng, root_name, run,
    };
}

/// Two reads at once, over one backend: see `service::side_by_side`.
pub(crate) use crate::service::side_by_side;

/// The database at `db`, opened in this process.
pub fn open_local(db: &Path, opts: &OpenOptions, actor: Actor) -> Result<LocalBackend> {
    LocalBackend::open(db, opts, actor)
}

/// Ends a one-shot command's use of the database opened here: what sled
/// holds unwritten is written out, as closing it would, and what the
/// service holds in memory is left to the process's end rather than freed
/// piece by piece (at a province, sled's cache and the service's are more
/// to hand back than the report's last phase costs).
pub fn leave(local: LocalBackend) -> Result<()> {
    local.service().store().flush()?;
    std::mem::forget(local);
    Ok(())
}

/// The warning for records left out when `local` opened, if any were.
pub fn damage_warning(local: &LocalBackend, lang: Lang) -> Option<String> {
    let damaged = local.service().damaged();
    (!damaged.is_empty()).then(|| crate::store::damage::warning(damaged.len(), lang))
}

/// A new database holding one district unit named `district`, opened here.
pub fn create_database(
    db: &Path,
    opts: &OpenOptions,
    district: &str,
    demo: bool,
    actor: &Actor,
) -> Result<LocalBackend> {
    let service = Service::create(db, opts, district, demo, actor)?;
    Ok(LocalBackend::from_service(service, actor.clone()))
}

/// The district a demo database is made for unless another is named.
pub const DEMO_DISTRICT: &str = crate::demo::DISTRICT;

/// Fills a new demo database with its sample units, people and meetings.
pub fn populate_demo(backend: &LocalBackend) -> Result<()> {
    crate::demo::populate(backend)
}

/// Runs `fill` with the commits of `local` not waiting for the disk, then
/// syncs once: `gen`'s thousands of commits make a database that is of no
/// use if it stops half-way.
pub fn with_one_sync<T>(local: &LocalBackend, fill: impl FnOnce() -> Result<T>) -> Result<T> {
    let store = local.service().store();
    store.defer_syncs();
    let filled = fill();
    let synced = store.finish_deferred();
    let out = filled?;
    synced?;
    Ok(out)
}

/// How much disk the database of `local` takes.
pub fn size_on_disk(local: &LocalBackend) -> Result<u64> {
    local.service().store().size_on_disk()
}

/// `ggw check` on a database the service will not open: the store read
/// alone, past any damaged record.
pub fn check_offline(db: &Path, opts: &OpenOptions) -> Result<CheckReport> {
    let store = Store::open(db, opts)?;
    crate::store::check::check(&store)
}

/// The sockets a client tries, in order: the one given, then the usual
/// places of a server.
pub fn server_sockets(given: Option<&Path>) -> Vec<PathBuf> {
    crate::server::socket::client_candidates(given)
}

/// The socket of the full-screen program open on `db`.
pub fn program_socket(db: &Path) -> PathBuf {
    crate::server::socket::hosted(db)
}

/// `ggw serve`: owns the database and serves every user's ggw until stopped.
pub fn serve(
    db: &Path,
    socket: Option<PathBuf>,
    group: Option<String>,
    opts: &OpenOptions,
    lang: Lang,
    limits: ServerLimits,
) -> Result<()> {
    crate::server::serve(crate::server::ServeOptions {
        db: db.to_path_buf(),
        socket: socket.unwrap_or_else(crate::server::socket::default_server_socket),
        group,
        open: opts.clone(),
        lang,
        limits,
    })
}

/// The full-screen program's backend over `local`, which also answers the
/// command lines run on `db` while the program is open.
pub fn serve_open(
    local: LocalBackend,
    db: &Path,
    lang: Lang,
) -> Result<Box<dyn Backend + Send + Sync>> {
    crate::server::host::serve_open(local, db, lang)
}

/// The store opened alone, for a backup without a server: whoever can open
/// the database folder owns it, and the service's caches (the whole
/// roster, at a province's scale 90 MiB) are not needed.
pub struct OfflineStore(Store);

impl OfflineStore {
    pub fn open(db: &Path, opts: &OpenOptions) -> Result<OfflineStore> {
        Store::open(db, opts).map(OfflineStore)
    }

    pub fn backup(
        &self,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        crate::store::backup::write(&self.0, out, progress)
    }
}

/// Reads a backup file through, checking every line, writing nothing.
pub fn verify_backup(
    input: impl Read,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupSummary> {
    crate::store::backup::verify(input, progress)
}

/// A new database at `db` from a backup file, checked once written.
pub fn restore_backup(
    input: impl Read,
    db: &Path,
    opts: &OpenOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<(BackupSummary, CheckReport)> {
    crate::store::backup::restore(input, db, opts, progress)
}

/// The kinds of record a backup counts, in the order a summary lists them.
pub fn backup_kinds() -> impl Iterator<Item = &'static str> {
    use crate::store::backup::format::{META, RECORD_TREES};
    RECORD_TREES.iter().map(|t| t.name()).chain([META])
}
