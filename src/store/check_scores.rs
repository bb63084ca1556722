//! `ggw check` for scoring: each period's rulebook still reads as the
//! period it is stored as, awards and penalties name a period and a subject
//! that exist, and a settled period has its settlement.

use std::collections::{HashMap, HashSet};

use super::check::CheckReport;
use super::check_sanchuang::records;
use super::{Store, TreeId};
use crate::domain::OrgUnit;
use crate::domain::rules;
use crate::domain::score_records::{Adjustment, PeriodRules, Settlement, Subject};

pub(super) fn check_scores(
    store: &Store,
    units: &HashMap<u64, OrgUnit>,
    person_exists: &dyn Fn(u64) -> bool,
    report: &mut CheckReport,
) {
    let periods: Vec<PeriodRules> =
        records(store, TreeId::ScoreRules, |p: &PeriodRules| p.id, report);
    let settlements: Vec<Settlement> =
        records(store, TreeId::Settlements, |s: &Settlement| s.id, report);
    let settled: HashSet<u64> = settlements.iter().map(|s| s.id).collect();
    for p in &periods {
        match rules::parse(&p.text) {
            Ok(book) if book.from == p.from && book.to == p.to => {}
            Ok(book) => report.faults.push(format!(
                "rulebook {}: its text is for {} to {}, stored as {} to {}",
                p.id, book.from, book.to, p.from, p.to
            )),
            Err(errors) => report.faults.push(format!(
                "rulebook {}: its text does not read ({} mistakes, the first at line {})",
                p.id,
                errors.len(),
                errors.first().map_or(0, |e| e.line)
            )),
        }
        if p.settled.is_some() && !settled.contains(&p.id) {
            report.faults.push(format!(
                "rulebook {}: settled, but its settlement is missing",
                p.id
            ));
        }
    }
    let known: HashSet<u64> = periods.iter().map(|p| p.id).collect();
    for s in &settlements {
        if !known.contains(&s.id) {
            report
                .faults
                .push(format!("settlement {}: its period is missing", s.id));
        }
    }
    for a in records(
        store,
        TreeId::ScoreAdjustments,
        |a: &Adjustment| a.id,
        report,
    ) {
        if !known.contains(&a.period) {
            report.faults.push(format!(
                "award or penalty {}: period {} missing",
                a.id, a.period
            ));
        }
        match a.subject {
            Subject::Unit(u) if !units.contains_key(&u.0) => report
                .faults
                .push(format!("award or penalty {}: unit {} missing", a.id, u.0)),
            Subject::Person(p) if !person_exists(p.0) => report
                .faults
                .push(format!("award or penalty {}: person {} missing", a.id, p.0)),
            _ => {}
        }
    }
}
