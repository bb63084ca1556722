//! How command results are printed: text for people, JSON for scripts.

use std::io::{self, Write};

use serde::Serialize;

use super::args::Format;
use super::text::admin as words;
use crate::api::{CheckReport, RepairReport};
use crate::domain::OrgUnit;
use crate::domain::text::for_display;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};
use crate::lang::Lang;

pub(super) fn io_err(e: io::Error) -> Error {
    // `ggw units | head` closes the pipe early; that is the reader's choice,
    // not a failure worth a message.
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Error::Io {
        detail: e.to_string(),
    }
}

/// Through a buffer of its own, so that a long list leaves in large writes
/// whatever stdout is attached to.
pub(super) fn json<T: Serialize>(value: &T) -> Result<()> {
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| match e.io_error_kind() {
        Some(kind) => io_err(io::Error::from(kind)),
        None => Error::Io {
            detail: e.to_string(),
        },
    })?;
    writeln!(out).map_err(io_err)?;
    out.flush().map_err(io_err)
}

#[derive(Serialize)]
struct UnitJson<'a> {
    id: u64,
    name: &'a str,
    short_name: Option<&'a str>,
    kind: &'static str,
    parent: Option<u64>,
    path: String,
    archived: bool,
}

/// `units` arrive in tree order, parents first.
pub fn print_units(units: &[OrgUnit], format: Format, lang: Lang) -> Result<()> {
    let tree = UnitTree::new(units.iter().cloned());
    match format {
        Format::Json => {
            let rows: Vec<UnitJson> = units
                .iter()
                .map(|u| UnitJson {
                    id: u.id.0,
                    name: &u.name,
                    short_name: u.short_name.as_deref(),
                    kind: u.kind.code(),
                    parent: u.parent.map(|p| p.0),
                    path: tree.path(u.id),
                    archived: !u.is_live(),
                })
                .collect();
            json(&rows)
        }
        Format::Text => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            for (depth, u) in tree.walk(true) {
                let kind = match lang {
                    Lang::Zh => u.kind.label_zh(),
                    Lang::En => u.kind.label_en(),
                };
                let archived = if u.is_live() {
                    ""
                } else {
                    words::archived_mark(lang)
                };
                writeln!(
                    out,
                    "{}{} [{kind}] #{}{archived}",
                    "  ".repeat(depth),
                    for_display(&u.name),
                    u.id
                )
                .map_err(io_err)?;
            }
            out.flush().map_err(io_err)
        }
    }
}

pub fn print_check(report: &CheckReport, format: Format, lang: Lang) -> Result<()> {
    if format == Format::Json {
        return json(report);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let line = words::check_units(
        lang,
        report.units,
        report.archived_units,
        report.audit_entries,
        report.index_entries,
        report.size_on_disk / 1024,
    );
    writeln!(out, "{line}").map_err(io_err)?;
    if report.meeting_series + report.meetings + report.tasks > 0 {
        let line =
            words::check_meetings(lang, report.meeting_series, report.meetings, report.tasks);
        writeln!(out, "{line}").map_err(io_err)?;
    }
    let people = words::check_people(lang, report.people, report.positions, report.reserve);
    writeln!(out, "{people}").map_err(io_err)?;
    for f in &report.faults {
        writeln!(out, "{} {f}", words::fault(lang)).map_err(io_err)?;
    }
    if report.quarantined > 0 {
        let line = words::check_quarantined(lang, report.quarantined);
        writeln!(out, "{line}").map_err(io_err)?;
    }
    let verdict = if report.is_clean() {
        words::all_checks_passed(lang)
    } else {
        words::faults_found(lang)
    };
    writeln!(out, "{verdict}").map_err(io_err)?;
    if report.damaged > 0 {
        let hint = words::check_damaged(lang, report.damaged);
        writeln!(out, "{hint}").map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

pub fn print_repair(report: &RepairReport, format: Format, lang: Lang) -> Result<()> {
    if format == Format::Json {
        return json(report);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    for d in &report.quarantined {
        writeln!(out, "{} {d}", words::set_aside(lang)).map_err(io_err)?;
    }
    let summary = words::repair_summary(
        lang,
        report.purged,
        report.quarantined.len(),
        report.index_entries,
        report.recounted,
    );
    writeln!(out, "{summary}").map_err(io_err)?;
    out.flush().map_err(io_err)
}
