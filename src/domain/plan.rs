//! 三创 cultivation plans (培育典型规划): one unit's plan to become a model
//! (创典型), an experience worth spreading (创经验) or a brand (创品牌), and
//! the stages it goes through — 规划 → 培育 → 检查验收 → 总结推广 — each
//! change dated, noted and never skipping a stage; an inspection that fails
//! sends the plan back to 培育 with its reason.

use serde::{Deserialize, Serialize};

use super::UnitId;
use super::day::Day;
use super::labels::labelled;
use super::person::PersonId;
use super::time::Timestamp;
use super::void::Voided;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PlanId(pub u64);

impl std::fmt::Display for PlanId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

labelled!(
    /// What a plan sets out to create.
    Creation {
        Model => ("model", "创典型", "model", ["典型"]),
        Experience => ("experience", "创经验", "experience", ["经验"]),
        Brand => ("brand", "创品牌", "brand", ["品牌"]),
    }
);

labelled!(
    /// Where a plan stands, in the order it goes through them.
    Stage {
        Planning => ("planning", "规划", "planning", []),
        Cultivating => ("cultivating", "培育", "cultivating", []),
        Inspection => ("inspection", "检查验收", "inspection", ["验收", "检查"]),
        Promotion => ("promotion", "总结推广", "promotion", ["推广", "总结"]),
    }
);

impl Stage {
    /// The stage after this one; none after 总结推广.
    pub fn next(self) -> Option<Stage> {
        let i = Stage::ALL.iter().position(|s| *s == self)?;
        Stage::ALL.get(i + 1).copied()
    }
}

/// One move of a plan: to a stage, on a day, with a note; an inspection
/// that failed is a move back to 培育 with `failed` set and the reason as
/// its note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChange {
    pub to: Stage,
    pub on: Day,
    pub note: String,
    pub failed: bool,
    pub by: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub id: PlanId,
    pub unit: UnitId,
    pub creation: Creation,
    /// 基础条件
    pub base: String,
    /// 特色优势
    pub strengths: String,
    /// 短板弱项
    pub weaknesses: String,
    pub goals: String,
    pub measures: String,
    pub owner: Option<PersonId>,
    /// The day the plan was made, at 规划.
    pub opened: Day,
    /// Every move since, oldest first.
    pub changes: Vec<StageChange>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    /// Typed in error: counted nowhere. Last, so older bytes decode.
    pub voided: Option<Voided>,
}

/// Why a stage change is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageProblem {
    /// 总结推广 is the last stage.
    Finished,
    /// Only a plan at 检查验收 can fail its inspection.
    NotInInspection(Stage),
    /// A move dated before the plan's last one.
    Backdated { last: Day },
    /// A failed inspection needs its reason.
    NoReason,
}

impl Plan {
    pub fn stage(&self) -> Stage {
        self.changes.last().map_or(Stage::Planning, |c| c.to)
    }

    /// The day the plan entered its present stage.
    pub fn stage_since(&self) -> Day {
        self.changes.last().map_or(self.opened, |c| c.on)
    }

    /// Days in the present stage on `today`.
    pub fn days_in_stage(&self, today: Day) -> i64 {
        self.stage_since().days_until(today).max(0)
    }

    /// The stage the plan was at on the evening of `day`; none before it opened.
    pub fn stage_on(&self, day: Day) -> Option<Stage> {
        if day < self.opened {
            return None;
        }
        Some(
            self.changes
                .iter()
                .take_while(|c| c.on <= day)
                .last()
                .map_or(Stage::Planning, |c| c.to),
        )
    }

    /// The day it reached 总结推广 (accepted), if it has.
    pub fn accepted_on(&self) -> Option<Day> {
        self.changes
            .iter()
            .find(|c| c.to == Stage::Promotion)
            .map(|c| c.on)
    }

    fn check_date(&self, on: Day) -> Result<(), StageProblem> {
        let last = self.stage_since();
        if on < last {
            return Err(StageProblem::Backdated { last });
        }
        Ok(())
    }

    /// The change that moves the plan one stage on.
    pub fn advance(&self, on: Day, note: &str) -> Result<StageChange, StageProblem> {
        let to = self.stage().next().ok_or(StageProblem::Finished)?;
        self.check_date(on)?;
        Ok(StageChange {
            to,
            on,
            note: note.trim().to_string(),
            failed: false,
            by: String::new(),
            at: 0,
        })
    }

    /// The change that records a failed inspection: back to 培育.
    pub fn fail(&self, on: Day, reason: &str) -> Result<StageChange, StageProblem> {
        let at = self.stage();
        if at != Stage::Inspection {
            return Err(StageProblem::NotInInspection(at));
        }
        self.check_date(on)?;
        if reason.trim().is_empty() {
            return Err(StageProblem::NoReason);
        }
        Ok(StageChange {
            to: Stage::Cultivating,
            on,
            note: reason.trim().to_string(),
            failed: true,
            by: String::new(),
            at: 0,
        })
    }

    /// Whether the plan still counts: not voided.
    pub fn is_live(&self) -> bool {
        self.voided.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    fn plan() -> Plan {
        Plan {
            id: PlanId(1),
            unit: UnitId(3),
            creation: Creation::Model,
            base: String::new(),
            strengths: "民族特色".into(),
            weaknesses: String::new(),
            goals: String::new(),
            measures: String::new(),
            owner: None,
            opened: day(2024, 1, 10),
            changes: vec![],
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
            voided: None,
        }
    }

    fn apply(p: &mut Plan, c: StageChange) {
        p.changes.push(c);
    }

    #[test]
    fn a_plan_goes_through_every_stage_in_order_and_stops_at_the_last() {
        let mut p = plan();
        assert_eq!(p.stage(), Stage::Planning);
        let steps = [
            (day(2024, 3, 1), Stage::Cultivating),
            (day(2024, 9, 1), Stage::Inspection),
            (day(2024, 12, 1), Stage::Promotion),
        ];
        for (on, to) in steps {
            let c = p.advance(on, "按期推进").unwrap();
            assert_eq!(c.to, to);
            apply(&mut p, c);
        }
        assert_eq!(p.advance(day(2025, 1, 1), ""), Err(StageProblem::Finished));
        assert_eq!(p.accepted_on(), Some(day(2024, 12, 1)));
        assert_eq!(p.stage_on(day(2024, 1, 9)), None);
        assert_eq!(p.stage_on(day(2024, 2, 29)), Some(Stage::Planning));
        assert_eq!(p.stage_on(day(2024, 3, 1)), Some(Stage::Cultivating));
        assert_eq!(p.stage_on(day(2024, 11, 30)), Some(Stage::Inspection));
        // 2024-12-01 to 2024-12-31: 30 days at 总结推广.
        assert_eq!(p.days_in_stage(day(2024, 12, 31)), 30);
    }

    #[test]
    fn a_failed_inspection_goes_back_to_cultivating_with_its_reason() {
        let mut p = plan();
        assert_eq!(
            p.fail(day(2024, 2, 1), "材料不全"),
            Err(StageProblem::NotInInspection(Stage::Planning))
        );
        for on in [day(2024, 3, 1), day(2024, 9, 1)] {
            let c = p.advance(on, "").unwrap();
            apply(&mut p, c);
        }
        assert_eq!(p.fail(day(2024, 9, 20), "  "), Err(StageProblem::NoReason));
        let c = p.fail(day(2024, 9, 20), "台账不全").unwrap();
        assert_eq!(
            (c.to, c.failed, c.note.as_str()),
            (Stage::Cultivating, true, "台账不全")
        );
        apply(&mut p, c);
        assert_eq!(p.stage(), Stage::Cultivating);
        assert_eq!(p.accepted_on(), None);
        // Next it goes to inspection again, not straight to promotion.
        assert_eq!(
            p.advance(day(2024, 10, 1), "").unwrap().to,
            Stage::Inspection
        );
    }

    #[test]
    fn a_move_is_never_dated_before_the_last_one() {
        let mut p = plan();
        assert_eq!(
            p.advance(day(2024, 1, 9), ""),
            Err(StageProblem::Backdated {
                last: day(2024, 1, 10)
            })
        );
        let c = p.advance(day(2024, 1, 10), "").unwrap();
        apply(&mut p, c);
        assert!(p.advance(day(2024, 1, 10), "").is_ok());
    }

    #[test]
    fn creations_and_stages_parse_as_written() {
        assert_eq!(Creation::parse("创品牌"), Some(Creation::Brand));
        assert_eq!(Creation::parse("经验"), Some(Creation::Experience));
        assert_eq!(Stage::parse("检查验收"), Some(Stage::Inspection));
        assert_eq!(Stage::parse("推广"), Some(Stage::Promotion));
        assert_eq!(Stage::Promotion.next(), None);
    }
}
