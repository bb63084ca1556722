//! Backups: the whole database as one file in an open format (gzip-compressed
//! JSON lines, see docs/backup-format.md), and a new database from one.

pub mod format;
pub mod read;
pub mod restore;
pub mod write;

pub use format::BackupSummary;
pub use read::read;
pub use restore::restore;
pub use write::write;

/// Counts per kind of what a backup file holds, read through and checked
/// without a database.
pub fn verify(
    input: impl std::io::Read,
    progress: &mut dyn FnMut(u64, u64),
) -> crate::error::Result<BackupSummary> {
    read(input, progress, &mut |_| Ok(()))
}
