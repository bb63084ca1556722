//! Records that cannot be used: bytes that do not decode, or a record larger
//! than the store writes. One such record must not take the whole database
//! down with it: the service opens past it, `ggw check` names it, and
//! `ggw repair` sets it aside in the quarantine tree, with its index entries,
//! so the rest works again. The quarantine keeps the bytes as found, for
//! whoever wants to look at them, until `ggw repair --purge`.

use crate::domain::score_records::{Adjustment, PeriodRules, Settlement};
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::codec::{self, Record};
use super::elder_counts::{self, ElderCount};
use super::{Changes, MAX_WRITE_BYTES, Store, TreeId, key_label, split_pair_key};
use crate::domain::OrgUnit;
use crate::domain::account::Account;
use crate::domain::audit::AuditEntry;
use crate::domain::bulletin::{Bulletin, InfoItem};
use crate::domain::guidance::{GuidanceVisit, WorkingGroup};
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::person::{Person, Position};
use crate::domain::plan::Plan;
use crate::domain::reserve::ReserveCandidate;
use crate::domain::task::Task;
use crate::domain::work::{Activity, StudySession, Training, VillageVisit, WorkTally};
use crate::error::Result;

/// One record that cannot be used, as `check` and `repair` name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DamagedRecord {
    pub tree: String,
    /// The record's id (`#7`), or its key in hex.
    pub key: String,
    pub bytes: usize,
    pub problem: String,
}

impl std::fmt::Display for DamagedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {} bytes: {}",
            self.tree, self.key, self.bytes, self.problem
        )
    }
}

/// Said when the program opens a database holding damaged records.
pub fn warning(count: usize, lang: crate::lang::Lang) -> String {
    match lang {
        crate::lang::Lang::Zh => format!(
            "数据库中有 {count} 条记录损坏，已跳过，其余数据照常可用。请管理员运行 ggw check 查看，再运行 ggw repair 把它们隔离。"
        ),
        crate::lang::Lang::En => {
            let what = if count == 1 {
                "1 damaged record in the database was".to_string()
            } else {
                format!("{count} damaged records in the database were")
            };
            format!(
                "{what} skipped; everything else works. An administrator should run `ggw check` to see the damage, then `ggw repair` to set it aside."
            )
        }
    }
}

/// What a repair did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepairReport {
    pub quarantined: Vec<DamagedRecord>,
    /// Index entries removed with the records they pointed at.
    pub index_entries: usize,
    /// Whether the elder counts were counted again from the people.
    pub recounted: bool,
    /// Records deleted from the quarantine by `--purge`.
    pub purged: usize,
    /// Whether the work records' indexes and tallies were written again
    /// from the records left.
    #[serde(default)]
    pub rebuilt_work: bool,
}

/// The trees that hold records, with the index trees whose second key half
/// is such a record's id.
const RECORD_TREES: [(TreeId, &[TreeId]); 23] = [
    (TreeId::Units, &[TreeId::UnitsByParent]),
    (TreeId::Audit, &[TreeId::AuditByUnit, TreeId::PersonMoves]),
    (TreeId::Accounts, &[]),
    (TreeId::MeetingSeries, &[]),
    (
        TreeId::Meetings,
        &[TreeId::MeetingsBySeries, TreeId::MeetingsByDate],
    ),
    (TreeId::Tasks, &[]),
    (TreeId::People, &[TreeId::PeopleByUnit]),
    (
        TreeId::Positions,
        &[TreeId::PositionsByUnit, TreeId::PositionsByPerson],
    ),
    (TreeId::Reserve, &[TreeId::ReserveByUnit]),
    (TreeId::ElderCounts, &[]),
    // Work records' indexes are not pairs: they are written again whole.
    (TreeId::Activities, &[]),
    (TreeId::Trainings, &[]),
    (TreeId::Visits, &[]),
    (TreeId::StudySessions, &[]),
    (TreeId::WorkTallies, &[]),
    (TreeId::Plans, &[]),
    (TreeId::WorkingGroups, &[]),
    (TreeId::GuidanceVisits, &[]),
    (TreeId::InfoItems, &[]),
    (TreeId::Bulletins, &[]),
    (TreeId::ScoreRules, &[]),
    (TreeId::ScoreAdjustments, &[]),
    (TreeId::Settlements, &[]),
];

const WORK_TREES: [TreeId; 5] = [
    TreeId::Activities,
    TreeId::Trainings,
    TreeId::Visits,
    TreeId::StudySessions,
    TreeId::WorkTallies,
];

fn decode_error<R: Record>(value: &[u8]) -> Option<String> {
    codec::decode::<R>(value).err().map(|e| e.to_string())
}

/// What is wrong with `value` as a record of `tree`, if anything.
pub fn problem(tree: TreeId, value: &[u8]) -> Option<String> {
    if value.len() > MAX_WRITE_BYTES {
        return Some(format!(
            "larger than the {MAX_WRITE_BYTES} bytes a record may have"
        ));
    }
    match tree {
        TreeId::Units => decode_error::<OrgUnit>(value),
        TreeId::Audit => decode_error::<AuditEntry>(value),
        TreeId::Accounts => decode_error::<Account>(value),
        TreeId::MeetingSeries => decode_error::<MeetingSeries>(value),
        TreeId::Meetings => decode_error::<Meeting>(value),
        TreeId::Tasks => decode_error::<Task>(value),
        TreeId::People => decode_error::<Person>(value),
        TreeId::Positions => decode_error::<Position>(value),
        TreeId::Reserve => decode_error::<ReserveCandidate>(value),
        TreeId::ElderCounts => decode_error::<ElderCount>(value),
        TreeId::Activities => decode_error::<Activity>(value),
        TreeId::Trainings => decode_error::<Training>(value),
        TreeId::Visits => decode_error::<VillageVisit>(value),
        TreeId::StudySessions => decode_error::<StudySession>(value),
        TreeId::WorkTallies => decode_error::<WorkTally>(value),
        TreeId::Plans => decode_error::<Plan>(value),
        TreeId::WorkingGroups => decode_error::<WorkingGroup>(value),
        TreeId::GuidanceVisits => decode_error::<GuidanceVisit>(value),
        TreeId::InfoItems => decode_error::<InfoItem>(value),
        TreeId::Bulletins => decode_error::<Bulletin>(value),
        TreeId::ScoreRules => decode_error::<PeriodRules>(value),
        TreeId::ScoreAdjustments => decode_error::<Adjustment>(value),
        TreeId::Settlements => decode_error::<Settlement>(value),
        _ => None,
    }
}

pub fn damaged(tree: TreeId, key: &[u8], bytes: usize, problem: String) -> DamagedRecord {
    DamagedRecord {
        tree: tree.name().to_string(),
        key: key_label(key),
        bytes,
        problem,
    }
}

/// `[tree][the record's key][when, i64 BE]`: a record set aside twice is kept twice.
fn quarantine_key(tree: TreeId, key: &[u8], at: i64) -> Vec<u8> {
    let mut k = Vec::with_capacity(key.len() + 9);
    k.push(tree as u8);
    k.extend_from_slice(key);
    k.extend_from_slice(&at.to_be_bytes());
    k
}

impl Store {
    /// Every decodable record of `tree`; the others go to `damaged`, so
    /// that one bad record does not stop the program from opening. A read
    /// error is still an error: what follows it cannot be read at all.
    pub fn scan_usable<R: Record>(
        &self,
        tree: TreeId,
        damaged: &mut Vec<DamagedRecord>,
    ) -> Result<Vec<R>> {
        let mut out = Vec::new();
        for kv in self.raw_entries(tree) {
            let (key, value) = kv?;
            match codec::decode::<R>(&value) {
                Ok(r) => out.push(r),
                Err(e) => damaged.push(self::damaged(tree, &key, value.len(), e.to_string())),
            }
        }
        Ok(out)
    }

    /// How many records the quarantine holds.
    pub fn quarantined(&self) -> usize {
        self.len(TreeId::Quarantine)
    }

    /// The changes that move every damaged record into the quarantine,
    /// with the index entries that point at it; the elder counts are
    /// counted again if a person or a count was among them. Nothing is
    /// written here: the caller commits the changes with its audit entry.
    pub fn plan_repair(&self, at: i64) -> Result<(Changes, RepairReport)> {
        let mut changes = Changes::default();
        let mut report = RepairReport::default();
        let mut gone_people = BTreeSet::new();
        for (tree, indexes) in RECORD_TREES {
            let mut ids = BTreeSet::new();
            for kv in self.raw_entries(tree) {
                let (key, value) = kv?;
                let Some(problem) = problem(tree, &value) else {
                    continue;
                };
                changes.put_raw(TreeId::Quarantine, &quarantine_key(tree, &key, at), &value);
                changes.delete(tree, &key);
                report
                    .quarantined
                    .push(damaged(tree, &key, value.len(), problem));
                if let Ok(id) = <[u8; 8]>::try_from(key.as_slice()) {
                    ids.insert(u64::from_be_bytes(id));
                }
                if tree == TreeId::ElderCounts {
                    report.recounted = true;
                }
                if WORK_TREES.contains(&tree) {
                    report.rebuilt_work = true;
                }
            }
            if ids.is_empty() {
                continue;
            }
            for index in indexes {
                for key in self.raw_keys(*index) {
                    let key = key?;
                    if split_pair_key(&key).is_some_and(|(_, b)| ids.contains(&b)) {
                        changes.delete(*index, &key);
                        report.index_entries += 1;
                    }
                }
            }
            if tree == TreeId::People {
                for kv in self.raw_entries(TreeId::PeopleByIdNumber) {
                    let (key, value) = kv?;
                    let person = <[u8; 8]>::try_from(value.as_slice()).map(u64::from_be_bytes);
                    if person.is_ok_and(|p| ids.contains(&p)) {
                        changes.delete(TreeId::PeopleByIdNumber, &key);
                        report.index_entries += 1;
                    }
                }
                for key in self.raw_keys(TreeId::PeopleByName) {
                    let key = key?;
                    if super::people_names::id_of(&key).is_some_and(|p| ids.contains(&p)) {
                        changes.delete(TreeId::PeopleByName, &key);
                        report.index_entries += 1;
                    }
                }
                report.recounted = true;
                gone_people = ids;
            }
        }
        if report.recounted {
            self.recount_elders(&mut changes, &gone_people)?;
        }
        if report.rebuilt_work {
            super::work::rebuild(self, &mut changes)?;
        } else {
            // A tree kept beside the records, not pointing at them: written
            // again where it differs from what they call for.
            report.index_entries += super::person_days::mend(self, &mut changes)?;
        }
        Ok((changes, report))
    }

    /// Replaces every stored elder count by a count of the people left.
    fn recount_elders(&self, changes: &mut Changes, gone: &BTreeSet<u64>) -> Result<()> {
        let mut people = Vec::new();
        for kv in self.raw_entries(TreeId::People) {
            let (key, value) = kv?;
            let id = <[u8; 8]>::try_from(key.as_slice()).map(u64::from_be_bytes);
            if id.is_ok_and(|id| gone.contains(&id)) {
                continue;
            }
            if let Ok(p) = codec::decode::<Person>(&value) {
                people.push(p);
            }
        }
        let counts: BTreeMap<_, _> = elder_counts::recount(&people);
        for key in self.raw_keys(TreeId::ElderCounts) {
            changes.delete(TreeId::ElderCounts, &key?);
        }
        for (unit, count) in counts {
            elder_counts::put(changes, unit, count);
        }
        Ok(())
    }

    /// The changes that empty the quarantine, and how many records it held.
    pub fn plan_purge(&self) -> Result<(Changes, usize)> {
        let mut changes = Changes::default();
        let mut n = 0;
        for key in self.raw_keys(TreeId::Quarantine) {
            changes.delete(TreeId::Quarantine, &key?);
            n += 1;
        }
        Ok((changes, n))
    }
}
