//! The backup file: what each line holds, and which records go in it.
//! docs/backup-format.md describes it for someone without this program.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

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
use crate::domain::work_item::WorkItem;
use crate::store::codec::Record;
use crate::store::{TreeId, id_key, pair_key};

/// The first line's `format`.
pub const FORMAT: &str = "ggw-backup";

/// This program writes version 1 and reads versions up to it.
pub const FORMAT_VERSION: u32 = 1;

/// The trees whose records are written, in the order they are written.
/// Index trees and the elder counts are left out: a restore rebuilds them
/// from the records, so a backup cannot carry an index that disagrees.
pub const RECORD_TREES: [TreeId; 21] = [
    TreeId::Units,
    TreeId::Accounts,
    TreeId::MeetingSeries,
    TreeId::Meetings,
    TreeId::Tasks,
    TreeId::People,
    TreeId::Positions,
    TreeId::Reserve,
    TreeId::Audit,
    TreeId::Activities,
    TreeId::Trainings,
    TreeId::Visits,
    TreeId::StudySessions,
    TreeId::Plans,
    TreeId::WorkingGroups,
    TreeId::GuidanceVisits,
    TreeId::InfoItems,
    TreeId::Bulletins,
    TreeId::ScoreRules,
    TreeId::ScoreAdjustments,
    TreeId::Settlements,
];

/// The name under which the meta lines are counted.
pub const META: &str = "meta";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub format_version: u32,
    /// The database format (`store::SCHEMA_VERSION`) of the program that wrote it.
    pub schema: u16,
    pub program: String,
    /// When the snapshot was taken, RFC 3339 in UTC.
    pub created: String,
    pub district: String,
    /// Ids given per tree when the backup began: about as many records,
    /// never fewer, for progress; the trailer has the exact counts.
    pub expected: BTreeMap<String, u64>,
}

/// The last line. Without it the file was cut short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trailer {
    /// Always `FORMAT`: tells the trailer from a record line.
    pub end: String,
    /// Lines before this one, the header included.
    pub lines: u64,
    /// Lines per tree (`meta` for the meta lines).
    pub counts: BTreeMap<String, u64>,
    /// CRC-32 (as zlib's crc32) of every byte before this line, newlines
    /// included.
    pub crc32: u32,
}

/// One record: its tree, its id and revision, and its fields.
#[derive(Serialize)]
pub struct RecordLine<'a, R> {
    pub tree: &'static str,
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rev: Option<u64>,
    pub record: &'a R,
}

/// One entry of the meta tree: the district, when the database was made,
/// and the id counters (`next_id:<tree>`, the next id to hand out).
#[derive(Debug, Serialize, Deserialize)]
pub struct MetaLine {
    pub tree: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<serde_json::Value>,
    /// Bytes that are not text, in hexadecimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hex: Option<String>,
}

/// Meta entries that are not written: the schema version is the header's,
/// the elder counts are rebuilt, and an unfinished commit is never part of
/// a snapshot.
pub const META_LEFT_OUT: [&str; 9] = [
    "schema",
    "elder_counts_built",
    "meetings_by_date_built",
    "people_by_name_built",
    "person_moves_built",
    "person_days_built",
    "work_tallies_by_month_built",
    "unfinished_commit",
    "unfinished_commit_replaced",
];

/// How a meta entry's bytes are kept, by key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetaEncoding {
    /// u64 big-endian: the id counters.
    Counter,
    /// i64 little-endian seconds: `created`.
    Seconds,
    /// UTF-8 text; bytes that are not are written in hex.
    Text,
}

pub fn meta_encoding(key: &str) -> MetaEncoding {
    if key.starts_with("next_id:") {
        MetaEncoding::Counter
    } else if key == "created" {
        MetaEncoding::Seconds
    } else {
        MetaEncoding::Text
    }
}

/// An index entry a record has: tree, key, value.
pub type IndexEntry = (TreeId, Vec<u8>, Vec<u8>);

/// A kind of record kept in a backup.
pub trait Kept: Record + Serialize + DeserializeOwned {
    const TREE: TreeId;
    fn id(&self) -> u64;
    fn rev(&self) -> Option<u64>;
    /// The index entries the service writes with this record; most kinds
    /// have none.
    fn index(&self) -> Vec<IndexEntry> {
        Vec::new()
    }
}

fn pair(tree: TreeId, a: u64, b: u64) -> IndexEntry {
    (tree, pair_key(a, b).to_vec(), Vec::new())
}

impl Kept for OrgUnit {
    const TREE: TreeId = TreeId::Units;
    fn id(&self) -> u64 {
        self.id.0
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
    fn index(&self) -> Vec<IndexEntry> {
        let parent = self.parent.map_or(0, |p| p.0);
        vec![pair(TreeId::UnitsByParent, parent, self.id.0)]
    }
}

impl Kept for Account {
    const TREE: TreeId = TreeId::Accounts;
    fn id(&self) -> u64 {
        self.id
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
}

impl Kept for MeetingSeries {
    const TREE: TreeId = TreeId::MeetingSeries;
    fn id(&self) -> u64 {
        self.id.0
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
}

impl Kept for Meeting {
    const TREE: TreeId = TreeId::Meetings;
    fn id(&self) -> u64 {
        self.id.0
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
    fn index(&self) -> Vec<IndexEntry> {
        let mut index = vec![pair(TreeId::MeetingsBySeries, self.series.0, self.id.0)];
        for day in crate::store::meeting_dates::days(self) {
            index.push(pair(TreeId::MeetingsByDate, day, self.id.0));
        }
        index
    }
}

impl Kept for Task {
    const TREE: TreeId = TreeId::Tasks;
    fn id(&self) -> u64 {
        self.id.0
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
}

impl Kept for Person {
    const TREE: TreeId = TreeId::People;
    fn id(&self) -> u64 {
        self.id.0
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
    fn index(&self) -> Vec<IndexEntry> {
        let (name, unit) = crate::store::people_names::entry(self);
        let mut out = vec![
            pair(TreeId::PeopleByUnit, self.unit.0, self.id.0),
            (TreeId::PeopleByName, name, unit),
        ];
        if let Some(n) = &self.id_number {
            out.push((
                TreeId::PeopleByIdNumber,
                n.as_str().as_bytes().to_vec(),
                id_key(self.id.0).to_vec(),
            ));
        }
        out
    }
}

impl Kept for Position {
    const TREE: TreeId = TreeId::Positions;
    fn id(&self) -> u64 {
        self.id.0
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
    fn index(&self) -> Vec<IndexEntry> {
        vec![
            pair(TreeId::PositionsByUnit, self.unit.0, self.id.0),
            pair(TreeId::PositionsByPerson, self.person.0, self.id.0),
        ]
    }
}

impl Kept for ReserveCandidate {
    const TREE: TreeId = TreeId::Reserve;
    fn id(&self) -> u64 {
        self.id.0
    }
    fn rev(&self) -> Option<u64> {
        Some(self.rev)
    }
    fn index(&self) -> Vec<IndexEntry> {
        vec![pair(TreeId::ReserveByUnit, self.unit.0, self.id.0)]
    }
}

impl Kept for AuditEntry {
    const TREE: TreeId = TreeId::Audit;
    fn id(&self) -> u64 {
        self.id
    }
    fn rev(&self) -> Option<u64> {
        None
    }
    fn index(&self) -> Vec<IndexEntry> {
        let mut out: Vec<IndexEntry> = self
            .unit
            .map(|u| vec![pair(TreeId::AuditByUnit, u.0, self.id)])
            .unwrap_or_default();
        if let Some(m) = crate::store::person_moves::of_entry(self) {
            let (k, v) = crate::store::person_moves::entry(&m);
            out.push((TreeId::PersonMoves, k, v));
        }
        out
    }
}

/// Work records: the index entries the service writes with them; their
/// monthly tallies are counted again after a restore.
macro_rules! kept_work {
    ($($ty:ty => $tree:ident, $variant:ident;)*) => {$(
        impl Kept for $ty {
            const TREE: TreeId = TreeId::$tree;
            fn id(&self) -> u64 {
                self.id.0
            }
            fn rev(&self) -> Option<u64> {
                Some(self.rev)
            }
            fn index(&self) -> Vec<IndexEntry> {
                work_index(&WorkItem::$variant(self.clone()))
            }
        }
    )*};
}

kept_work! {
    Activity => Activities, Activity;
    Training => Trainings, Training;
    VillageVisit => Visits, Visit;
    StudySession => StudySessions, StudySession;
}

/// 三创 records: kept without indexes of their own.
macro_rules! kept_plain {
    ($($ty:ty => $tree:ident;)*) => {$(
        impl Kept for $ty {
            const TREE: TreeId = TreeId::$tree;
            fn id(&self) -> u64 {
                self.id.0
            }
            fn rev(&self) -> Option<u64> {
                Some(self.rev)
            }
        }
    )*};
}

kept_plain! {
    Plan => Plans;
    WorkingGroup => WorkingGroups;
    GuidanceVisit => GuidanceVisits;
    InfoItem => InfoItems;
    Bulletin => Bulletins;
}

/// 积分 records: their ids are plain numbers.
macro_rules! kept_numbered {
    ($($ty:ty => $tree:ident, $rev:expr;)*) => {$(
        impl Kept for $ty {
            const TREE: TreeId = TreeId::$tree;
            fn id(&self) -> u64 {
                self.id
            }
            fn rev(&self) -> Option<u64> {
                let rev: fn(&$ty) -> Option<u64> = $rev;
                rev(self)
            }
        }
    )*};
}

kept_numbered! {
    PeriodRules => ScoreRules, |r| Some(r.rev);
    Adjustment => ScoreAdjustments, |a| Some(a.rev);
    Settlement => Settlements, |_| None;
}

fn work_index(item: &WorkItem) -> Vec<IndexEntry> {
    let Some(e) = crate::store::work::index_entries(item) else {
        return Vec::new();
    };
    let mut out = vec![
        (TreeId::WorkByDate, e.date.0.to_vec(), e.date.1),
        (TreeId::WorkByUnit, e.unit.to_vec(), Vec::new()),
    ];
    out.extend(
        e.people
            .into_iter()
            .map(|k| (TreeId::WorkByPerson, k.to_vec(), Vec::new())),
    );
    out
}

/// Counts and line total of a backup, as written or as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupSummary {
    /// Lines in the file, the header and trailer included.
    pub lines: u64,
    pub counts: BTreeMap<String, u64>,
    /// The header's creation time and the program that wrote it.
    pub created: String,
    pub program: String,
    pub schema: u16,
}
