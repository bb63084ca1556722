//! Reading a backup: every line decoded and checked as an import checks its
//! rows, handed on one by one, so a backup of any size is read in little
//! memory. Anything wrong stops the reading with the line where it is.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};

use flate2::read::GzDecoder;

use super::format::{
    BackupSummary, FORMAT, FORMAT_VERSION, Header, IndexEntry, Kept, META, META_LEFT_OUT,
    MetaEncoding, MetaLine, RECORD_TREES, Trailer, meta_encoding,
};
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
use crate::domain::text::is_forbidden;
use crate::domain::work::{Activity, StudySession, Training, VillageVisit};
use crate::domain::{OrgUnit, UnitId};
use crate::error::{Error, Result};
use crate::store::codec::{self, MAX_RECORD_BYTES};
use crate::store::elder_counts::ElderCount;
use crate::store::{SCHEMA_VERSION, TreeId};

/// A line longer than this is damage: no record comes near it.
const MAX_LINE: u64 = 2 * MAX_RECORD_BYTES as u64;

const PROGRESS_EVERY: u64 = 2000;

/// What a backup holds, line by line.
pub enum Item {
    Meta {
        key: String,
        bytes: Vec<u8>,
    },
    Record {
        tree: TreeId,
        id: u64,
        /// As the store keeps it: the current record version.
        value: Vec<u8>,
        index: Vec<IndexEntry>,
        /// What the record adds to its unit's elder counts.
        elders: Option<(UnitId, ElderCount)>,
    },
}

fn broken(line: u64, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::BackupBroken {
        line,
        zh: zh.into(),
        en: en.into(),
    }
}

struct Reader {
    line: u64,
    crc: crc32fast::Hasher,
    counts: BTreeMap<String, u64>,
    /// Record ids seen, per tree: an id twice is damage.
    seen: HashMap<TreeId, HashSet<u64>>,
    /// ID numbers seen, and whose.
    id_numbers: HashMap<String, u64>,
}

/// Reads the backup in `input` through, handing each line's content to
/// `sink`, and returns what it held once the last line has vouched for all
/// the others. `progress` hears (records read, of about how many).
pub fn read(
    input: impl Read,
    progress: &mut dyn FnMut(u64, u64),
    sink: &mut dyn FnMut(Item) -> Result<()>,
) -> Result<BackupSummary> {
    let mut input = BufReader::with_capacity(256 * 1024, GzDecoder::new(input));
    let mut r = Reader {
        line: 0,
        crc: crc32fast::Hasher::new(),
        counts: BTreeMap::new(),
        seen: HashMap::new(),
        id_numbers: HashMap::new(),
    };
    let mut buf = Vec::new();
    let mut header: Option<Header> = None;
    let mut total = 0u64;
    let mut done = 0u64;
    loop {
        buf.clear();
        let got = input
            .by_ref()
            .take(MAX_LINE)
            .read_until(b'\n', &mut buf)
            .map_err(|e| {
                if r.line == 0 {
                    broken(
                        1,
                        format!("这不是 ggw 的备份文件，或文件开头已损坏（{e}）"),
                        format!("this is not a ggw backup, or its start is damaged ({e})"),
                    )
                } else {
                    broken(
                        r.line + 1,
                        format!("文件在这里损坏或被截断（{e}）"),
                        format!("the file is damaged or cut short here ({e})"),
                    )
                }
            })?;
        if got == 0 {
            return Err(broken(
                r.line,
                "文件在这一行之后就结束了，缺少结尾行：备份不完整（被截断）",
                "the file ends after this line without its last line: the backup is incomplete (cut short)",
            ));
        }
        r.line += 1;
        if buf.last() != Some(&b'\n') {
            return Err(if got as u64 >= MAX_LINE {
                broken(r.line, "这一行过长", "the line is too long")
            } else {
                broken(
                    r.line,
                    "这一行不完整：备份被截断",
                    "the line is incomplete: the backup was cut short",
                )
            });
        }
        if header.is_none() {
            let h = read_header(&buf, r.line)?;
            total = h.expected.values().sum();
            r.crc.update(&buf);
            header = Some(h);
            continue;
        }
        let value: serde_json::Value = serde_json::from_slice(&buf).map_err(|e| {
            broken(
                r.line,
                format!("不是有效的 JSON（{e}）"),
                format!("not valid JSON ({e})"),
            )
        })?;
        if value.get("end").is_some() {
            let trailer = read_trailer(value, &r)?;
            expect_end(&mut input, r.line)?;
            progress(done, done);
            let h = header.unwrap_or_else(|| unreachable!("read before any other line"));
            return Ok(BackupSummary {
                lines: trailer.lines + 1,
                counts: trailer.counts,
                created: h.created,
                program: h.program,
                schema: h.schema,
            });
        }
        r.crc.update(&buf);
        let item = r.item(value)?;
        if matches!(item, Item::Record { .. }) {
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) {
                progress(done, total.max(done));
            }
        }
        sink(item)?;
    }
}

fn read_header(buf: &[u8], line: u64) -> Result<Header> {
    let not_ours = || {
        broken(
            line,
            "这不是 ggw 的备份文件（第一行不是备份的开头）",
            "this is not a ggw backup (the first line is not a backup header)",
        )
    };
    let h: Header = serde_json::from_slice(buf).map_err(|_| not_ours())?;
    if h.format != FORMAT {
        return Err(not_ours());
    }
    if h.format_version > FORMAT_VERSION {
        return Err(broken(
            line,
            format!(
                "备份格式版本是 {}，本程序只能读到 {FORMAT_VERSION}：请用新版 ggw 恢复",
                h.format_version
            ),
            format!(
                "the backup format is version {}, this ggw reads up to {FORMAT_VERSION}: restore it with a newer ggw",
                h.format_version
            ),
        ));
    }
    if h.schema > SCHEMA_VERSION {
        return Err(broken(
            line,
            format!(
                "备份来自较新的 ggw（数据格式 {}，本程序支持到 {SCHEMA_VERSION}）：请用新版 ggw 恢复",
                h.schema
            ),
            format!(
                "the backup comes from a newer ggw (data format {}, this one supports up to {SCHEMA_VERSION}): restore it with a newer ggw",
                h.schema
            ),
        ));
    }
    Ok(h)
}

fn read_trailer(value: serde_json::Value, r: &Reader) -> Result<Trailer> {
    let line = r.line;
    let t: Trailer = serde_json::from_value(value).map_err(|e| {
        broken(
            line,
            format!("结尾行无法读取（{e}）"),
            format!("the last line cannot be read ({e})"),
        )
    })?;
    if t.end != FORMAT {
        return Err(broken(
            line,
            "结尾行无法读取",
            "the last line cannot be read",
        ));
    }
    if t.lines != line - 1 {
        return Err(broken(
            line,
            format!("结尾行说前面有 {} 行，实际有 {} 行", t.lines, line - 1),
            format!(
                "the last line says {} lines come before it, but {} do",
                t.lines,
                line - 1
            ),
        ));
    }
    if t.counts != r.counts {
        return Err(broken(
            line,
            format!(
                "各类记录的条数与结尾行不符：结尾行 {:?}，实际 {:?}",
                t.counts, r.counts
            ),
            format!(
                "the records per kind differ from the last line's: it says {:?}, the file has {:?}",
                t.counts, r.counts
            ),
        ));
    }
    let crc = r.crc.clone().finalize();
    if t.crc32 != crc {
        return Err(broken(
            line,
            "校验和不符：前面某一行在备份之后被改动过",
            "the checksum does not match: a line before this one was changed after the backup was made",
        ));
    }
    Ok(t)
}

/// Nothing may follow the last line.
fn expect_end(input: &mut impl BufRead, line: u64) -> Result<()> {
    let mut rest = [0u8; 1];
    match input.read(&mut rest) {
        Ok(0) => Ok(()),
        Ok(_) => Err(broken(
            line + 1,
            "结尾行之后还有内容",
            "there is more after the last line",
        )),
        Err(e) => Err(broken(
            line + 1,
            format!("结尾行之后的内容损坏（{e}）"),
            format!("the file is damaged after its last line ({e})"),
        )),
    }
}

impl Reader {
    fn item(&mut self, mut value: serde_json::Value) -> Result<Item> {
        let line = self.line;
        let tree = value
            .get("tree")
            .and_then(|t| t.as_str())
            .unwrap_or_default()
            .to_string();
        if tree == META {
            return self.meta(value);
        }
        let Some(t) = RECORD_TREES.iter().copied().find(|t| t.name() == tree) else {
            return Err(broken(
                line,
                format!("不认识的记录种类“{tree}”"),
                format!("unknown kind of record “{tree}”"),
            ));
        };
        let id = value.get("id").and_then(|v| v.as_u64());
        let rev = value.get("rev").and_then(|v| v.as_u64());
        let record = value
            .get_mut("record")
            .map(serde_json::Value::take)
            .ok_or_else(|| broken(line, "缺少 record 字段", "the record field is missing"))?;
        check_text(&record, line)?;
        let Some(id) = id else {
            return Err(broken(line, "缺少 id 字段", "the id field is missing"));
        };
        let item = match t {
            TreeId::Units => self.record::<OrgUnit>(record, id, rev)?.0,
            TreeId::Accounts => self.record::<Account>(record, id, rev)?.0,
            TreeId::MeetingSeries => self.record::<MeetingSeries>(record, id, rev)?.0,
            TreeId::Meetings => self.record::<Meeting>(record, id, rev)?.0,
            TreeId::Tasks => self.record::<Task>(record, id, rev)?.0,
            TreeId::People => self.person(record, id, rev)?,
            TreeId::Positions => self.record::<Position>(record, id, rev)?.0,
            TreeId::Reserve => self.record::<ReserveCandidate>(record, id, rev)?.0,
            TreeId::Activities => self.record::<Activity>(record, id, rev)?.0,
            TreeId::Trainings => self.record::<Training>(record, id, rev)?.0,
            TreeId::Visits => self.record::<VillageVisit>(record, id, rev)?.0,
            TreeId::StudySessions => self.record::<StudySession>(record, id, rev)?.0,
            TreeId::Plans => self.record::<Plan>(record, id, rev)?.0,
            TreeId::WorkingGroups => self.record::<WorkingGroup>(record, id, rev)?.0,
            TreeId::GuidanceVisits => self.record::<GuidanceVisit>(record, id, rev)?.0,
            TreeId::InfoItems => self.record::<InfoItem>(record, id, rev)?.0,
            TreeId::Bulletins => self.record::<Bulletin>(record, id, rev)?.0,
            TreeId::ScoreRules => self.record::<PeriodRules>(record, id, rev)?.0,
            TreeId::ScoreAdjustments => self.record::<Adjustment>(record, id, rev)?.0,
            TreeId::Settlements => self.record::<Settlement>(record, id, rev)?.0,
            _ => self.record::<AuditEntry>(record, id, rev)?.0,
        };
        *self.counts.entry(tree).or_default() += 1;
        Ok(item)
    }

    fn record<R: Kept>(
        &mut self,
        record: serde_json::Value,
        id: u64,
        rev: Option<u64>,
    ) -> Result<(Item, R)> {
        let line = self.line;
        let tree = R::TREE.name();
        let r: R = serde_json::from_value(record).map_err(|e| {
            broken(
                line,
                format!("{tree} 记录无法读取（{e}）"),
                format!("the {tree} record cannot be read ({e})"),
            )
        })?;
        if r.id() != id {
            return Err(broken(
                line,
                format!("行上写的 id 是 {id}，记录里是 {}", r.id()),
                format!("the line says id {id}, the record {}", r.id()),
            ));
        }
        if rev.is_some() && rev != r.rev() {
            return Err(broken(
                line,
                "行上写的版本号与记录里的不同",
                "the line's revision differs from the record's",
            ));
        }
        if !self.seen.entry(R::TREE).or_default().insert(id) {
            return Err(broken(
                line,
                format!("{tree} 中 id {id} 出现了两次"),
                format!("id {id} appears twice in {tree}"),
            ));
        }
        let value = codec::encode(&r);
        if value.len() > MAX_RECORD_BYTES {
            return Err(broken(line, "记录过大", "the record is too large"));
        }
        let item = Item::Record {
            tree: R::TREE,
            id,
            value,
            index: r.index(),
            elders: None,
        };
        Ok((item, r))
    }

    fn person(&mut self, record: serde_json::Value, id: u64, rev: Option<u64>) -> Result<Item> {
        let (mut item, p) = self.record::<Person>(record, id, rev)?;
        if let Some(n) = &p.id_number
            && let Some(other) = self.id_numbers.insert(n.as_str().to_string(), id)
        {
            return Err(broken(
                self.line,
                format!("身份证号与人员 {other} 的相同"),
                format!("the ID number is also person {other}'s"),
            ));
        }
        if let Item::Record { elders, .. } = &mut item {
            let c = ElderCount::of(&p);
            *elders = (!c.is_zero()).then_some((p.unit, c));
        }
        Ok(item)
    }

    fn meta(&mut self, value: serde_json::Value) -> Result<Item> {
        let line = self.line;
        let m: MetaLine = serde_json::from_value(value).map_err(|e| {
            broken(
                line,
                format!("meta 行无法读取（{e}）"),
                format!("the meta line cannot be read ({e})"),
            )
        })?;
        let bad = || {
            broken(
                line,
                format!("meta “{}” 的值不对", m.key),
                format!("the value of meta “{}” is wrong", m.key),
            )
        };
        if META_LEFT_OUT.contains(&m.key.as_str()) || m.key.chars().any(is_forbidden) {
            return Err(bad());
        }
        let bytes = match (meta_encoding(&m.key), &m.value, &m.hex) {
            (MetaEncoding::Counter, Some(v), None) => {
                v.as_u64().ok_or_else(bad)?.to_be_bytes().to_vec()
            }
            (MetaEncoding::Seconds, Some(v), None) => {
                v.as_i64().ok_or_else(bad)?.to_le_bytes().to_vec()
            }
            (MetaEncoding::Text, Some(v), None) => v.as_str().ok_or_else(bad)?.as_bytes().to_vec(),
            (MetaEncoding::Text, None, Some(h)) => from_hex(h).ok_or_else(bad)?,
            _ => return Err(bad()),
        };
        *self.counts.entry(META.to_string()).or_default() += 1;
        Ok(Item::Meta { key: m.key, bytes })
    }
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// No text may hold what the service keeps out of text: control characters
/// (bar the line breaks of free text), bidi overrides, invisible marks.
fn check_text(value: &serde_json::Value, line: u64) -> Result<()> {
    match value {
        serde_json::Value::String(s) => match s.chars().find(|c| *c != '\n' && is_forbidden(*c)) {
            Some(c) => Err(broken(
                line,
                format!("文字中有不允许的控制字符 U+{:04X}", u32::from(c)),
                format!(
                    "a text holds the forbidden character U+{:04X}",
                    u32::from(c)
                ),
            )),
            None => Ok(()),
        },
        serde_json::Value::Array(items) => items.iter().try_for_each(|v| check_text(v, line)),
        serde_json::Value::Object(map) => map.values().try_for_each(|v| check_text(v, line)),
        _ => Ok(()),
    }
}
