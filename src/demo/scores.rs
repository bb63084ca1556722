//! The demo's scoring: the example rulebook for last year, settled with an
//! award and a penalty, and its copy for this year, open, so the 积分 tab
//! shows standings, rank changes against a settled year and a ledger on
//! first open. The demo's records cover last year and this, so its periods
//! are those years.

use crate::api::scores::{AdjustScore, CopyRules, SetRules, SettlePeriod};
use crate::api::units::ResolveUnit;
use crate::backend::{Backend, BackendExt};
use crate::domain::day::Day;
use crate::domain::points::Points;
use crate::domain::rules::{DEFAULT_RULES, moved_to_year};
use crate::domain::score_records::Subject;
use crate::error::{Error, Result};

/// (unit, points, reason, month) of last year and of this year.
const LAST_YEAR: &[(&str, &str, &str, u32)] = &[
    ("四嘉子乡", "3", "“五老”宣讲团受市关工委通报表扬", 9),
    ("西岗子镇", "-2", "工作台账不全，检查验收时整改", 11),
    ("爱辉区第一小学", "2", "创建“一校一品”特色品牌", 6),
];

const THIS_YEAR: &[(&str, &str, &str, u32)] =
    &[("海兰街道", "2", "关爱留守儿童工作经验在全市推广", 5)];

pub fn populate(b: &dyn Backend) -> Result<()> {
    let today = Day::today();
    let (last, this) = (today.year() - 1, today.year());
    let text = moved_to_year(DEFAULT_RULES, last).map_err(|errors| Error::BadRules { errors })?;
    b.run(SetRules { period: None, text })?;
    adjust(b, last, LAST_YEAR, today)?;
    b.run(SettlePeriod {
        period: last.to_string(),
    })?;
    b.run(CopyRules {
        from: last.to_string(),
        to: this,
    })?;
    adjust(b, this, THIS_YEAR, today)
}

fn adjust(b: &dyn Backend, year: i32, list: &[(&str, &str, &str, u32)], today: Day) -> Result<()> {
    for (unit, points, reason, month) in list {
        let on = Day::ymd(year, *month, 15)
            .filter(|d| *d <= today)
            .unwrap_or(today);
        let unit = b.run(ResolveUnit {
            given: unit.to_string(),
        })?;
        b.run(AdjustScore {
            period: year.to_string(),
            subject: Subject::Unit(unit.id),
            points: Points::parse(points).unwrap_or_default(),
            reason: reason.to_string(),
            on: Some(on),
        })?;
    }
    Ok(())
}
