//! Writing a backup: a snapshot of the store as gzip-compressed JSON lines.

use std::collections::BTreeMap;
use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;
use serde::Serialize;

use super::format::{
    BackupSummary, FORMAT, FORMAT_VERSION, Header, Kept, META, META_LEFT_OUT, MetaEncoding,
    MetaLine, RECORD_TREES, RecordLine, Trailer, meta_encoding,
};
use crate::domain::OrgUnit;
use crate::domain::account::Account;
use crate::domain::audit::AuditEntry;
use crate::domain::bulletin::{Bulletin, InfoItem};
use crate::domain::guidance::{GuidanceVisit, WorkingGroup};
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::person::{Person, Position};
use crate::domain::plan::Plan;
use crate::domain::reserve::ReserveCandidate;
use crate::domain::score_records::{Adjustment, PeriodRules, Settlement};
use crate::domain::task::Task;
use crate::domain::work::{Activity, StudySession, Training, VillageVisit};
use crate::error::{Error, Result};
use crate::store::{SCHEMA_VERSION, Snapshot, Store, TreeId, codec};

/// Progress is reported after this many records.
const PROGRESS_EVERY: u64 = 2000;

/// Lines, each hashed and counted on its way into the compressor.
struct Lines<W: Write> {
    out: GzEncoder<W>,
    crc: crc32fast::Hasher,
    lines: u64,
    counts: BTreeMap<String, u64>,
    buf: Vec<u8>,
}

fn io(e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::StorageFull {
        Error::DiskFull
    } else {
        Error::Io {
            detail: e.to_string(),
        }
    }
}

impl<W: Write> Lines<W> {
    fn put(&mut self, value: &impl Serialize) -> Result<()> {
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, value).map_err(|e| Error::Storage {
            detail: format!("backup: {e}"),
        })?;
        self.buf.push(b'\n');
        self.crc.update(&self.buf);
        self.lines += 1;
        self.out.write_all(&self.buf).map_err(io)
    }

    fn count(&mut self, tree: &str) {
        *self.counts.entry(tree.to_string()).or_default() += 1;
    }
}

/// Writes a backup of `store` to `out`: one point in time, taken while
/// others may go on writing. `progress` hears (records done, of about how
/// many) now and then.
pub fn write(
    store: &Store,
    out: impl Write,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<BackupSummary> {
    // The ids given so far: at least as many as there are records, and known
    // without reading the trees (sled counts a tree by reading all of it).
    let expected: BTreeMap<String, u64> = RECORD_TREES
        .iter()
        .map(|t| (t.name().to_string(), store.ids_given(*t)))
        .collect();
    let total: u64 = expected.values().sum();
    let mut trees = RECORD_TREES.to_vec();
    trees.push(TreeId::Meta);
    let snapshot = store.snapshot(&trees)?;
    let header = Header {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema: SCHEMA_VERSION,
        program: format!("ggw {}", env!("CARGO_PKG_VERSION")),
        created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        district: store.meta_string("district")?.unwrap_or_default(),
        expected,
    };
    let mut lines = Lines {
        out: GzEncoder::new(out, Compression::default()),
        crc: crc32fast::Hasher::new(),
        lines: 0,
        counts: BTreeMap::new(),
        buf: Vec::with_capacity(4096),
    };
    lines.put(&header)?;
    write_meta(&snapshot, &mut lines)?;
    let mut done = 0u64;
    let mut step = || {
        done += 1;
        if done.is_multiple_of(PROGRESS_EVERY) {
            progress(done, total.max(done));
        }
    };
    for tree in RECORD_TREES {
        match tree {
            TreeId::Units => write_tree::<OrgUnit, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Accounts => write_tree::<Account, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::MeetingSeries => {
                write_tree::<MeetingSeries, _>(&snapshot, &mut lines, &mut step)?
            }
            TreeId::Meetings => write_tree::<Meeting, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Tasks => write_tree::<Task, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::People => write_tree::<Person, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Positions => write_tree::<Position, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Reserve => write_tree::<ReserveCandidate, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Audit => write_tree::<AuditEntry, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Activities => write_tree::<Activity, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Trainings => write_tree::<Training, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Visits => write_tree::<VillageVisit, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::StudySessions => {
                write_tree::<StudySession, _>(&snapshot, &mut lines, &mut step)?
            }
            TreeId::Plans => write_tree::<Plan, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::WorkingGroups => {
                write_tree::<WorkingGroup, _>(&snapshot, &mut lines, &mut step)?
            }
            TreeId::GuidanceVisits => {
                write_tree::<GuidanceVisit, _>(&snapshot, &mut lines, &mut step)?
            }
            TreeId::InfoItems => write_tree::<InfoItem, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::Bulletins => write_tree::<Bulletin, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::ScoreRules => write_tree::<PeriodRules, _>(&snapshot, &mut lines, &mut step)?,
            TreeId::ScoreAdjustments => {
                write_tree::<Adjustment, _>(&snapshot, &mut lines, &mut step)?
            }
            TreeId::Settlements => write_tree::<Settlement, _>(&snapshot, &mut lines, &mut step)?,
            other => {
                return Err(Error::Storage {
                    detail: format!("backup: no writer for {}", other.name()),
                });
            }
        }
    }
    drop(snapshot);
    let records: u64 = lines
        .counts
        .iter()
        .filter(|(k, _)| *k != META)
        .map(|(_, n)| n)
        .sum();
    progress(records, records);
    let trailer = Trailer {
        end: FORMAT.into(),
        lines: lines.lines,
        counts: lines.counts.clone(),
        crc32: lines.crc.clone().finalize(),
    };
    lines.put(&trailer)?;
    let mut inner = lines.out.finish().map_err(io)?;
    inner.flush().map_err(io)?;
    Ok(BackupSummary {
        lines: lines.lines,
        counts: lines.counts,
        created: header.created,
        program: header.program,
        schema: header.schema,
    })
}

fn write_meta<W: Write>(snapshot: &Snapshot<'_>, lines: &mut Lines<W>) -> Result<()> {
    snapshot.for_each(TreeId::Meta, |key, value| {
        let Ok(key) = std::str::from_utf8(key) else {
            return Err(Error::Corrupt {
                what: format!("meta: key {key:02x?}"),
            });
        };
        if META_LEFT_OUT.contains(&key) {
            return Ok(());
        }
        let bad = || Error::Corrupt {
            what: format!("meta {key}"),
        };
        let mut line = MetaLine {
            tree: META.into(),
            key: key.into(),
            value: None,
            hex: None,
        };
        match meta_encoding(key) {
            MetaEncoding::Counter => {
                let n = u64::from_be_bytes(value.try_into().map_err(|_| bad())?);
                line.value = Some(n.into());
            }
            MetaEncoding::Seconds => {
                let n = i64::from_le_bytes(value.try_into().map_err(|_| bad())?);
                line.value = Some(n.into());
            }
            MetaEncoding::Text => match std::str::from_utf8(value) {
                Ok(s) => line.value = Some(s.into()),
                Err(_) => line.hex = Some(value.iter().map(|b| format!("{b:02x}")).collect()),
            },
        }
        lines.count(META);
        lines.put(&line)
    })
}

fn write_tree<R: Kept, W: Write>(
    snapshot: &Snapshot<'_>,
    lines: &mut Lines<W>,
    step: &mut dyn FnMut(),
) -> Result<()> {
    let tree = R::TREE;
    snapshot.for_each(tree, |key, value| {
        let record: R = codec::decode(value).map_err(|e| Error::Corrupt {
            what: format!("{} {key:02x?}: {e}", tree.name()),
        })?;
        lines.count(tree.name());
        lines.put(&RecordLine {
            tree: tree.name(),
            id: record.id(),
            rev: record.rev(),
            record: &record,
        })?;
        step();
        Ok(())
    })
}
