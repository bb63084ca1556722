//! Turns counted records into points by a rulebook: each subject's blocks,
//! total and completion against its targets, and — when asked — the ledger
//! lines that produce them. Standings and ledgers go through the same
//! arithmetic, the standings with one summed fact per item, so a ledger's
//! lines always add up to the total shown in the standings.

use serde::{Deserialize, Serialize};

use super::audit::RecordKind;
use super::day::Day;
use super::points::Points;
use super::rules::{Counts, PeerGroup, Rulebook};

/// The record a point comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub kind: RecordKind,
    pub id: u64,
}

/// What was counted for one item: a record (or, for standings, the sum of
/// them) and how many it counts for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub count: u64,
    pub source: Option<Source>,
    pub day: Option<Day>,
    /// An award or penalty's own points, instead of the item's.
    pub points: Option<Points>,
    pub note: String,
}

impl Fact {
    pub fn sum(count: u64) -> Fact {
        Fact {
            count,
            source: None,
            day: None,
            points: None,
            note: String::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LineKind {
    /// Points from a record (or several, counted together).
    Counted,
    /// The target was not reached by `missing`.
    Shortfall { missing: u32 },
    /// The item gave more (or less) than its cap allows.
    Cap,
    /// The block went over its `max`.
    Max,
    /// The block went under its `floor`.
    Floor,
    /// An award or penalty, with its reason.
    Manual,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerLine {
    pub block: String,
    pub item: String,
    pub kind: LineKind,
    pub source: Option<Source>,
    pub day: Option<Day>,
    pub count: u64,
    pub points: Points,
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scored {
    pub total: Points,
    /// One per block of the group's side, in the rulebook's order.
    pub blocks: Vec<Points>,
    /// Per mille of the targets met (each item's count up to its target);
    /// none when the group has no targets.
    pub completion: Option<u16>,
    pub lines: Vec<LedgerLine>,
}

/// Scores one subject of `group`. `facts` has one list per item of the
/// group's side, in order; `extra` are awards and penalties when the side
/// has no manual item to hold them. Lines are kept only if asked.
pub fn score(
    book: &Rulebook,
    group: PeerGroup,
    facts: &[Vec<Fact>],
    extra: &[Fact],
    keep_lines: bool,
) -> Scored {
    let mut out = Scored::default();
    let mut lines = Vec::new();
    let mut line = |block: &str, item: &str, kind, f: Option<&Fact>, count, points| {
        if keep_lines {
            lines.push(LedgerLine {
                block: block.to_string(),
                item: item.to_string(),
                kind,
                source: f.and_then(|f: &Fact| f.source),
                day: f.and_then(|f| f.day),
                count,
                points,
                note: f.map(|f| f.note.clone()).unwrap_or_default(),
            });
        }
    };
    let (mut expected, mut met) = (0u64, 0u64);
    let mut k = 0;
    for (_, block) in book.blocks_of(group.side()) {
        let mut block_sum = Points::ZERO;
        for item in &block.items {
            let empty = Vec::new();
            let item_facts = facts.get(k).unwrap_or(&empty);
            k += 1;
            let mut sum = Points::ZERO;
            let mut count = 0u64;
            for f in item_facts {
                let p = f.points.unwrap_or_else(|| item.points.times(f.count));
                count += f.count;
                sum += p;
                if f.count > 0 || p != Points::ZERO {
                    let kind = if item.counts == Counts::Manual {
                        LineKind::Manual
                    } else {
                        LineKind::Counted
                    };
                    line(&block.name, &item.name, kind, Some(f), f.count, p);
                }
            }
            if let Some(t) = item.target(group) {
                expected += u64::from(t);
                met += count.min(u64::from(t));
                let missing = u64::from(t).saturating_sub(count);
                if let Some(s) = item.shortfall
                    && missing > 0
                    && s != Points::ZERO
                {
                    let p = s.times(missing);
                    sum += p;
                    let kind = LineKind::Shortfall {
                        missing: missing as u32,
                    };
                    line(&block.name, &item.name, kind, None, 0, p);
                }
            }
            if let Some(cap) = item.cap {
                let bounded = sum.clamp(-cap, cap);
                if bounded != sum {
                    line(
                        &block.name,
                        &item.name,
                        LineKind::Cap,
                        None,
                        0,
                        bounded - sum,
                    );
                    sum = bounded;
                }
            }
            block_sum += sum;
        }
        if let Some(max) = block.max
            && block_sum > max
        {
            line(&block.name, "", LineKind::Max, None, 0, max - block_sum);
            block_sum = max;
        }
        if let Some(floor) = block.floor
            && block_sum < floor
        {
            line(&block.name, "", LineKind::Floor, None, 0, floor - block_sum);
            block_sum = floor;
        }
        out.blocks.push(block_sum);
        out.total += block_sum;
    }
    for f in extra {
        let p = f.points.unwrap_or_default();
        out.total += p;
        line("", "", LineKind::Manual, Some(f), f.count, p);
    }
    out.completion = (expected > 0).then(|| (met * 1000 / expected) as u16);
    out.lines = lines;
    out
}

/// Ranks by total, highest first; equal totals share a rank and the next
/// one skips (1, 1, 3).
pub fn ranks(totals: &[Points]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..totals.len()).collect();
    order.sort_by(|a, b| totals[*b].cmp(&totals[*a]));
    let mut out = vec![0; totals.len()];
    for (pos, &i) in order.iter().enumerate() {
        out[i] = match pos {
            0 => 1,
            _ if totals[order[pos - 1]] == totals[i] => out[order[pos - 1]],
            _ => pos as u32 + 1,
        };
    }
    out
}

#[cfg(test)]
mod tests;
