//! How command results are printed: text for people, JSON for scripts.

use std::io::{self, Write};

use serde::Serialize;

use super::args::Format;
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
                    lang.pick("（已撤销）", " (archived)")
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
    let mut out = io::stdout().lock();
    let line = match lang {
        Lang::Zh => format!(
            "单位 {} 个（已撤销 {}），审计记录 {} 条，索引项 {} 个，磁盘占用 {} KiB。",
            report.units,
            report.archived_units,
            report.audit_entries,
            report.index_entries,
            report.size_on_disk / 1024
        ),
        Lang::En => format!(
            "{} units ({} archived), {} audit entries, {} index entries, {} KiB on disk.",
            report.units,
            report.archived_units,
            report.audit_entries,
            report.index_entries,
            report.size_on_disk / 1024
        ),
    };
    writeln!(out, "{line}").map_err(io_err)?;
    if report.meeting_series + report.meetings + report.tasks > 0 {
        let line = match lang {
            Lang::Zh => format!(
                "会议系列 {} 个，会议记录 {} 条，任务 {} 项。",
                report.meeting_series, report.meetings, report.tasks
            ),
            Lang::En => format!(
                "{} meeting series, {} meeting records, {} tasks.",
                report.meeting_series, report.meetings, report.tasks
            ),
        };
        writeln!(out, "{line}").map_err(io_err)?;
    }
    let people = match lang {
        Lang::Zh => format!(
            "人员 {} 人，任职 {} 条，后备人选 {} 条。",
            report.people, report.positions, report.reserve
        ),
        Lang::En => format!(
            "{} people, {} positions, {} reserve candidates.",
            report.people, report.positions, report.reserve
        ),
    };
    writeln!(out, "{people}").map_err(io_err)?;
    for f in &report.faults {
        writeln!(out, "{} {f}", lang.pick("故障：", "FAULT:")).map_err(io_err)?;
    }
    if report.quarantined > 0 {
        let line = match lang {
            Lang::Zh => format!(
                "隔离区中有 {} 条以前隔离的记录（ggw repair --purge 可删除）。",
                report.quarantined
            ),
            Lang::En => format!(
                "{} records set aside earlier are in the quarantine (`ggw repair --purge` deletes them).",
                report.quarantined
            ),
        };
        writeln!(out, "{line}").map_err(io_err)?;
    }
    let verdict = if report.is_clean() {
        lang.pick("检查通过。", "All checks passed.")
    } else {
        lang.pick("发现问题，见上。", "Faults found, see above.")
    };
    writeln!(out, "{verdict}").map_err(io_err)?;
    if report.damaged > 0 {
        let hint = match lang {
            Lang::Zh => format!(
                "其中 {} 条记录无法使用；管理员可运行 ggw repair 把它们移入隔离区（详见 README“损坏的记录”）。",
                report.damaged
            ),
            Lang::En => format!(
                "{} of these are records that cannot be used; an administrator can run `ggw repair` to move them into the quarantine (README: \"Damaged records\").",
                report.damaged
            ),
        };
        writeln!(out, "{hint}").map_err(io_err)?;
    }
    Ok(())
}

pub fn print_repair(report: &RepairReport, format: Format, lang: Lang) -> Result<()> {
    if format == Format::Json {
        return json(report);
    }
    let mut out = io::stdout().lock();
    for d in &report.quarantined {
        writeln!(out, "{} {d}", lang.pick("已隔离：", "set aside:")).map_err(io_err)?;
    }
    let summary = match (lang, report.purged, report.quarantined.len()) {
        (Lang::Zh, 0, 0) => "没有损坏的记录，未做任何修改。".to_string(),
        (Lang::En, 0, 0) => "No damaged records; nothing changed.".to_string(),
        (Lang::Zh, 0, n) => format!(
            "已把 {n} 条损坏的记录移入隔离区，并删除指向它们的索引项 {} 个{}。请再运行 ggw check：剩下的问题是引用这些记录的其他记录。",
            report.index_entries,
            if report.recounted {
                "，五老人数已重新统计"
            } else {
                ""
            }
        ),
        (Lang::En, 0, n) => format!(
            "Moved {n} damaged records into the quarantine and removed {} index entries pointing at them{}. Run `ggw check` again: what remains are records that referred to them.",
            report.index_entries,
            if report.recounted {
                "; the elder counts were counted again"
            } else {
                ""
            }
        ),
        (Lang::Zh, p, _) => format!("已从隔离区删除 {p} 条记录。"),
        (Lang::En, p, _) => format!("Deleted {p} records from the quarantine."),
    };
    writeln!(out, "{summary}").map_err(io_err)
}
