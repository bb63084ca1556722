//! 积分: rulebooks per evaluation period, standings by peer group, the
//! ledger behind a subject's points, awards and penalties, settlement.
//!
//! A period is named by its year (`2024`: the period starting that year) or
//! by its rulebook's name; none means the period holding today, or else
//! the latest.

use serde::{Deserialize, Serialize};

use crate::domain::day::Day;
use crate::domain::limits::{Limited, OverLimit, text};
use crate::domain::permissions::Need;
use crate::domain::points::Points;
use crate::domain::rules::PeerGroup;
use crate::domain::score_records::{Adjustment, StandingRow, Subject};
use crate::domain::scoring::LedgerLine;
use crate::domain::time::Timestamp;

requests! {
    area ScoresRequest in Scores;

    /// Every period with a rulebook, oldest first.
    query ListPeriods {} -> Vec<PeriodRow>;
    /// A period's rulebook as stored (TOML, comments kept).
    query GetRules { period: Option<String> } -> RulesText,
        limits(r) { period_name(r.period.as_deref()) };
    /// Stores a rulebook: a new period, or a new version of the period it
    /// names. Refused once the period is settled. `period`, when given,
    /// must name the file's period.
    write SetRules { period: Option<String>, text: String } -> PeriodRow,
        limits(r) {
            period_name(r.period.as_deref())?;
            text(Limited::RulesText, &r.text)
        };
    /// The rulebook of `from` moved to the year `to`: dates and the year in
    /// its name shift, the rest is kept.
    write CopyRules { from: String, to: i32 } -> PeriodRow,
        limits(r) { period_name(Some(&r.from)) };
    query GetStandings { period: Option<String>, group: PeerGroup } -> Standings,
        limits(r) { period_name(r.period.as_deref()) };
    query GetLedger { period: Option<String>, subject: Subject } -> Ledger,
        needs(r) {
            match r.subject {
                Subject::Unit(u) => vec![Need::Read(u)],
                Subject::Person(_) => vec![],
            }
        },
        limits(r) { period_name(r.period.as_deref()) };
    /// An award (positive) or penalty (negative) with its reason.
    write AdjustScore {
        period: String,
        subject: Subject,
        points: Points,
        reason: String,
        on: Option<Day>
    } -> Adjustment,
        needs(r) {
            match r.subject {
                Subject::Unit(u) => vec![Need::Write(u)],
                Subject::Person(_) => vec![],
            }
        },
        limits(r) {
            period_name(Some(&r.period))?;
            text(Limited::ScoreReason, &r.reason)
        };
    /// An award or penalty typed in error: counted nowhere from then on.
    write VoidAdjustment { id: u64, reason: String } -> Adjustment,
        limits(r) { text(Limited::VoidReason, &r.reason) };
    /// What settling would freeze.
    query PreviewSettle { period: String } -> SettlePreview,
        limits(r) { period_name(Some(&r.period)) };
    /// Freezes the period's rulebook and standings.
    write SettlePeriod { period: String } -> PeriodRow,
        limits(r) { period_name(Some(&r.period)) };
    /// Where the standings computed now differ from the settled ones.
    query GetScoreDiff { period: String } -> Vec<DiffRow>,
        limits(r) { period_name(Some(&r.period)) };
}

/// A period is named by a year or a rulebook's name: a name's length.
fn period_name(given: Option<&str>) -> Result<(), OverLimit> {
    given.map_or(Ok(()), |g| text(Limited::Name, g))
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub id: u64,
    pub name: String,
    pub from: Day,
    pub to: Day,
    pub version: u32,
    pub settled: Option<(Timestamp, String)>,
    pub changed_at: Timestamp,
    pub changed_by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesText {
    pub period: PeriodRow,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Standings {
    pub period: PeriodRow,
    pub group: PeerGroup,
    /// The names of the group's blocks, as the rows' `blocks`.
    pub blocks: Vec<String>,
    /// The block maxima, where given, for bars.
    pub block_max: Vec<Option<Points>>,
    /// Frozen at settlement: what is shown is what was settled.
    pub settled: bool,
    /// The period rank changes are measured against.
    pub previous: Option<String>,
    pub rows: Vec<StandingRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ledger {
    pub period: PeriodRow,
    pub subject: Subject,
    pub name: String,
    pub path: String,
    pub group: PeerGroup,
    pub total: Points,
    pub lines: Vec<LedgerLine>,
    /// For a settled period: the total frozen then.
    pub settled_total: Option<Points>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettlePreview {
    pub period: PeriodRow,
    /// Each ranked group: how many rows, and who leads it.
    pub groups: Vec<(PeerGroup, usize, Option<String>)>,
    pub adjustments: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffRow {
    pub group: PeerGroup,
    pub subject: Subject,
    pub name: String,
    pub settled_total: Option<Points>,
    pub live_total: Option<Points>,
    pub settled_rank: Option<u32>,
    pub live_rank: Option<u32>,
}
