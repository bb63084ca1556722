//! A writer for crash tests: creates units one by one and prints each id
//! only after the service has said it is saved.

use std::io::Write;

use crate::api::units::{ArchiveUnit, CreateUnit, ListUnits, MoveUnit, RenameUnit, ResolveUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitKind;
use crate::error::{Error, Result};

pub fn write_loop(backend: &dyn Backend, count: u64) -> Result<()> {
    let root = backend
        .run(ListUnits {
            include_archived: false,
        })?
        .into_iter()
        .find(|u| u.parent.is_none())
        .ok_or_else(|| Error::Corrupt {
            what: "no district unit".into(),
        })?;
    let township = match backend.run(ResolveUnit {
        given: format!("{}/压力测试乡", root.name),
    }) {
        Ok(t) => t,
        Err(_) => backend.run(CreateUnit {
            parent: root.id,
            kind: UnitKind::Township,
            name: "压力测试乡".into(),
            short_name: None,
        })?,
    };
    let mut out = std::io::stdout().lock();
    let mut n = 0u64;
    loop {
        let unit = backend.run(CreateUnit {
            parent: township.id,
            kind: UnitKind::Village,
            name: format!("村{}-{n}", std::process::id()),
            short_name: None,
        })?;
        // The id goes out only now: everything printed is acknowledged.
        let _ = writeln!(out, "{}", unit.id);
        let _ = out.flush();
        n += 1;
        if count != 0 && n >= count {
            return Ok(());
        }
    }
}

/// One acknowledged change, as the crash test reads it back: the unit's
/// state exactly as the service said it saved it.
#[derive(serde::Serialize)]
struct Ack<'a> {
    op: &'static str,
    id: u64,
    rev: u64,
    parent: Option<u64>,
    name: &'a str,
    archived: bool,
}

/// Refusals are part of the game (a random move may hit a rule); anything
/// from the storage layer ends the run as a failure.
fn is_refusal(e: &Error) -> bool {
    !matches!(
        e,
        Error::Storage { .. }
            | Error::Io { .. }
            | Error::DiskFull
            | Error::Corrupt { .. }
            | Error::DatabaseLocked { .. }
            | Error::DatabaseMissing { .. }
            | Error::DatabaseDenied { .. }
            | Error::DatabaseDiskFull { .. }
            | Error::DatabaseUnopenable { .. }
            | Error::SchemaTooNew { .. }
    )
}

/// Random creates, renames, moves and archives through the service, forever
/// or `count` times. A line goes out only after the service acknowledged
/// the change.
pub fn mixed_loop(backend: &dyn Backend, count: u64, seed: u64) -> Result<()> {
    use crate::backend::start::synth::{names, rng::Rng};
    use crate::domain::tree::UnitTree;

    let mut rng = Rng::new(seed);
    let tag = std::process::id();
    let mut out = std::io::stdout().lock();
    let mut n = 0u64;
    while count == 0 || n < count {
        n += 1;
        let live = backend.run(ListUnits {
            include_archived: false,
        })?;
        let tree = UnitTree::new(live.iter().cloned());
        let movable: Vec<&crate::domain::OrgUnit> =
            live.iter().filter(|u| u.parent.is_some()).collect();
        let fresh_name = |rng: &mut Rng| format!("{}{tag}-{n}", names::place(rng));
        let (op, result) = match rng.weighted(&[45, 25, 20, 10]) {
            0 => {
                let parent = &live[rng.below(live.len())];
                let kinds = UnitKind::children_allowed(Some(parent.kind));
                let kind = rng.pick(&kinds);
                let name = fresh_name(&mut rng);
                (
                    "create",
                    backend.run(CreateUnit {
                        parent: parent.id,
                        kind,
                        name: name.to_string(),
                        short_name: None,
                    }),
                )
            }
            _ if movable.is_empty() => continue,
            1 => {
                let unit = rng.pick(&movable);
                let name = fresh_name(&mut rng);
                (
                    "rename",
                    backend.run(RenameUnit {
                        id: unit.id,
                        rev: unit.rev,
                        name: name.to_string(),
                    }),
                )
            }
            2 => {
                let unit = rng.pick(&movable);
                let targets: Vec<&crate::domain::OrgUnit> = live
                    .iter()
                    .filter(|t| {
                        unit.kind.allowed_under(Some(t.kind))
                            && Some(t.id) != unit.parent
                            && !tree.is_within(t.id, unit.id)
                    })
                    .collect();
                if targets.is_empty() {
                    continue;
                }
                let to = rng.pick(&targets).id;
                (
                    "move",
                    backend.run(MoveUnit {
                        id: unit.id,
                        rev: unit.rev,
                        to,
                    }),
                )
            }
            _ => {
                let leaves: Vec<&crate::domain::OrgUnit> = movable
                    .iter()
                    .copied()
                    .filter(|u| tree.live_children(u.id).next().is_none())
                    .collect();
                if leaves.is_empty() {
                    continue;
                }
                let unit = rng.pick(&leaves);
                (
                    "archive",
                    backend.run(ArchiveUnit {
                        id: unit.id,
                        rev: unit.rev,
                    }),
                )
            }
        };
        match result {
            Ok(u) => {
                let ack = Ack {
                    op,
                    id: u.id.0,
                    rev: u.rev,
                    parent: u.parent.map(|p| p.0),
                    name: &u.name,
                    archived: !u.is_live(),
                };
                let line = serde_json::to_string(&ack).map_err(|e| Error::Io {
                    detail: e.to_string(),
                })?;
                // One write per line, so a kill leaves whole lines or a
                // visibly unfinished last one.
                let _ = out.write_all(format!("{line}\n").as_bytes());
                let _ = out.flush();
            }
            Err(e) if is_refusal(&e) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
