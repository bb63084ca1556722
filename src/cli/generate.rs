//! `ggw gen`: a new database filled with synthetic data, for benchmarks and
//! torture tests.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use super::Context;
use super::args::GenScale;
use crate::api::units::ListUnits;
use crate::backend::BackendExt;
use crate::backend::start::synth::{self, Scale};
use crate::backend::start::{OpenOptions, create_database, size_on_disk, with_one_sync};
use crate::error::{Error, Result};

/// The page cache gen writes with, in MiB, unless `--cache-mb` asks for
/// more.
const GEN_CACHE_MB: u64 = 128;

fn scale(s: GenScale) -> Scale {
    match s {
        GenScale::District => Scale::District,
        GenScale::City => Scale::City,
        GenScale::Province => Scale::Province,
    }
}

pub fn run(ctx: &Context, scale_arg: GenScale, seed: u64, upto: Option<&str>) -> Result<ExitCode> {
    let scale = scale(scale_arg);
    // The records are made on one thread and written on another: in one
    // arena each waited on the other's allocations.
    crate::heap::arenas(2);
    // Clap admits only the names in `KIND_NAMES`, which a test keeps equal
    // to the kinds.
    let kinds = synth::kinds_upto(upto).unwrap_or(synth::KINDS);
    if let Some(parent) = ctx.db.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io {
            detail: format!("{}: {e}", parent.display()),
        })?;
    }
    let started = Instant::now();
    // Marked as demo data: nobody should mistake it for a real register.
    // Each large commit first asks, key by key, which of its keys exist:
    // with the usual small cache most of those leaves are read from disk
    // and decoded again. The default is meant for reading on old machines.
    let opts = OpenOptions {
        cache_mb: ctx.opts.cache_mb.max(GEN_CACHE_MB),
        ..ctx.opts.clone()
    };
    let backend = create_database(
        &ctx.db,
        &opts,
        &synth::root_name(scale, seed),
        true,
        &ctx.actor,
    )?;
    let root = backend
        .run(ListUnits {
            include_archived: false,
        })?
        .into_iter()
        .find(|u| u.parent.is_none())
        .ok_or_else(|| Error::Corrupt {
            what: "no root unit".into(),
        })?;
    let mut progress = |kind: &str, n: u64| {
        let _ = writeln!(std::io::stderr(), "{kind}: {n}");
    };
    let summary = with_one_sync(&backend, || {
        synth::run(&backend, scale, seed, root.id, kinds, &mut progress)
    })?;
    let elapsed = started.elapsed();
    let size = size_on_disk(&backend)?;
    let mut out = std::io::stdout().lock();
    for (kind, n) in summary {
        let _ = writeln!(out, "{kind}\t{n}");
    }
    let _ = writeln!(out, "seconds\t{:.3}", elapsed.as_secs_f64());
    let _ = writeln!(out, "bytes_on_disk\t{size}");
    Ok(ExitCode::SUCCESS)
}
