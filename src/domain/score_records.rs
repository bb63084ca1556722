//! What scoring stores: a period's rulebook (its text, as the office wrote
//! it, with every earlier version), awards and penalties, and the frozen
//! standings of a settled period.

use serde::{Deserialize, Serialize};

use super::UnitId;
use super::day::Day;
use super::person::PersonId;
use super::points::Points;
use super::rules::PeerGroup;
use super::time::Timestamp;
use super::void::Voided;

/// Who is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Subject {
    Unit(UnitId),
    Person(PersonId),
}

/// An evaluation period, known by its rulebook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRules {
    pub id: u64,
    pub name: String,
    pub from: Day,
    pub to: Day,
    /// The TOML as stored, comments and all.
    pub text: String,
    /// 1 for the first text stored; each `rules set` adds one.
    pub version: u32,
    /// Earlier texts, oldest first.
    pub earlier: Vec<String>,
    pub settled: Option<Settled>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settled {
    pub at: Timestamp,
    pub by: String,
}

/// A manual award (奖, positive) or penalty (惩, negative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adjustment {
    pub id: u64,
    pub period: u64,
    pub subject: Subject,
    pub points: Points,
    pub reason: String,
    pub on: Day,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    pub voided: Option<Voided>,
}

/// One subject's place in a peer group's standings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StandingRow {
    pub subject: Subject,
    pub name: String,
    /// The unit's path, or an elder's unit.
    pub path: String,
    pub total: Points,
    /// One per block of the group's side.
    pub blocks: Vec<Points>,
    /// Awards and penalties outside every block (when no block has a
    /// manual item).
    pub adjusted: Points,
    /// Per mille of the targets met.
    pub completion: Option<u16>,
    pub rank: u32,
    pub grade: String,
    /// Places gained (positive) or lost since the previous period.
    pub rank_change: Option<i32>,
}

/// A settled period's standings, as they were when it was settled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settlement {
    /// The period's id.
    pub id: u64,
    pub version: u32,
    pub text: String,
    pub groups: Vec<(PeerGroup, Vec<StandingRow>)>,
    pub at: Timestamp,
    pub by: String,
}
