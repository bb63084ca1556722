//! `ggw backup -o FILE`, `ggw backup --verify FILE` and `ggw restore FILE`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Context;
use super::progress::Progress;
use super::text::admin as words;
use crate::api::BackupSummary;
use crate::backend::Backend;
use crate::backend::remote::RemoteBackend;
use crate::backend::start::{self, OfflineStore};
use crate::domain::text::display_width;
use crate::error::{Error, Result};
use crate::lang::Lang;

fn io_at(path: &Path, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::StorageFull {
        Error::DiskFull
    } else {
        Error::Io {
            detail: format!("{}: {e}", path.display()),
        }
    }
}

pub fn backup(ctx: &Context, output: Option<PathBuf>, verify: Option<PathBuf>) -> Result<ExitCode> {
    match (output, verify) {
        (_, Some(file)) => verify_file(ctx, &file),
        (Some(file), None) => write_backup(ctx, &file),
        (None, None) => Err(Error::Io {
            detail: "ggw backup -o FILE | --verify FILE".into(),
        }),
    }
}

/// Through the server when one serves the database, else from the
/// database itself. The file appears under its name only once complete.
fn write_backup(ctx: &Context, file: &Path) -> Result<ExitCode> {
    let source = Source::open(ctx)?;
    let mut progress = Progress::new(ctx.lang, words::backing_up(ctx.lang));
    let mut report = |done, total| progress.update(done, total);
    if file == Path::new("-") {
        let mut out = BufWriter::new(std::io::stdout().lock());
        let summary = source.backup(&mut out, &mut report)?;
        out.flush().map_err(|e| io_at(file, e))?;
        drop(progress);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "{}", describe(&summary, ctx.lang));
        return Ok(ExitCode::SUCCESS);
    }
    let partial = partial_path(file);
    let result = (|| {
        let f = File::create(&partial).map_err(|e| io_at(&partial, e))?;
        let mut out = BufWriter::new(f);
        let summary = source.backup(&mut out, &mut report)?;
        let f = out
            .into_inner()
            .map_err(|e| io_at(&partial, e.into_error()))?;
        f.sync_all().map_err(|e| io_at(&partial, e))?;
        std::fs::rename(&partial, file).map_err(|e| io_at(file, e))?;
        Ok(summary)
    })();
    drop(progress);
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    println!("{} {}", words::backed_up_to(ctx.lang), file.display());
    print!("{}", describe(&summary, ctx.lang));
    Ok(ExitCode::SUCCESS)
}

/// Where a backup comes from. Without a server the store is opened alone:
/// whoever can open the database folder owns it, and the service's caches
/// (the whole roster, at a province's scale 90 MiB) are not needed.
enum Source {
    Server(RemoteBackend),
    Store(OfflineStore),
}

impl Source {
    fn open(ctx: &Context) -> Result<Source> {
        Ok(match ctx.server_of(&ctx.db)? {
            Some(remote) => Source::Server(remote),
            None => Source::Store(OfflineStore::open(&ctx.db, &ctx.opts)?),
        })
    }

    fn backup(
        &self,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        match self {
            Source::Server(remote) => remote.backup(out, progress),
            Source::Store(store) => store.backup(out, progress),
        }
    }
}

/// Beside the file, hidden, so a half-written backup is never taken for one.
fn partial_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".into());
    file.with_file_name(format!(".{name}.partial-{}", std::process::id()))
}

fn open_file(file: &Path) -> Result<File> {
    File::open(file).map_err(|e| io_at(file, e))
}

fn verify_file(ctx: &Context, file: &Path) -> Result<ExitCode> {
    let input = open_file(file)?;
    let mut progress = Progress::new(ctx.lang, words::reading(ctx.lang));
    let summary = start::verify_backup(input, &mut |d, t| progress.update(d, t))?;
    drop(progress);
    println!("{} {}", file.display(), words::backup_sound(ctx.lang));
    print!("{}", describe(&summary, ctx.lang));
    Ok(ExitCode::SUCCESS)
}

pub fn restore(ctx: &Context, file: &Path) -> Result<ExitCode> {
    let input = open_file(file)?;
    let mut progress = Progress::new(ctx.lang, words::restoring(ctx.lang));
    let (summary, check) =
        start::restore_backup(input, &ctx.db, &ctx.opts, &mut |d, t| progress.update(d, t))?;
    drop(progress);
    println!("{} {}", words::restored_into(ctx.lang), ctx.db.display());
    print!("{}", describe(&summary, ctx.lang));
    println!(
        "{}",
        words::restore_checked(
            ctx.lang,
            check.units,
            check.people,
            check.audit_entries,
            check.index_entries
        )
    );
    Ok(ExitCode::SUCCESS)
}

/// What a backup holds, one kind a line, for the office to compare.
fn describe(s: &BackupSummary, lang: Lang) -> String {
    let mut out = words::backup_taken(lang, &s.created, &s.program);
    for tree in start::backup_kinds() {
        let n = s.counts.get(tree).copied().unwrap_or(0);
        let name = words::tree_label(tree, lang);
        let pad = 16usize.saturating_sub(display_width(name));
        out.push_str(&format!("  {name}{:pad$}{n:>9}\n", ""));
    }
    out
}
