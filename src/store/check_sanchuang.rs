//! `ggw check` for the 三创 records: each readable under its own id, naming
//! units, people, groups and items that exist; one live plan per unit and
//! creation; bulletin numbers never taken twice.

use std::collections::{HashMap, HashSet};

use super::check::CheckReport;
use super::{Store, TreeId, codec, id_key};
use crate::domain::OrgUnit;
use crate::domain::bulletin::{Bulletin, InfoItem};
use crate::domain::guidance::{GuidanceVisit, WorkingGroup};
use crate::domain::plan::Plan;

/// Every readable record of a tree under its own id.
pub(super) fn records<R: codec::Record>(
    store: &Store,
    tree: TreeId,
    id_of: impl Fn(&R) -> u64,
    report: &mut CheckReport,
) -> Vec<R> {
    let mut out = Vec::new();
    for kv in store.raw_entries(tree) {
        let Ok((key, value)) = kv else {
            report.faults.push(format!(
                "{}: read error, the rest was not checked",
                tree.name()
            ));
            break;
        };
        match codec::decode::<R>(&value) {
            Ok(r) if id_key(id_of(&r)) == key.as_slice() => out.push(r),
            Ok(r) => report.faults.push(format!(
                "{}: key {key:02x?} holds record {}",
                tree.name(),
                id_of(&r)
            )),
            Err(e) => report.damaged(tree, &key, value.len(), e),
        }
    }
    out
}

pub(super) fn check_sanchuang(
    store: &Store,
    units: &HashMap<u64, OrgUnit>,
    person_exists: &dyn Fn(u64) -> bool,
    report: &mut CheckReport,
) {
    let unit_missing = |what: String, unit: u64, report: &mut CheckReport| {
        if !units.contains_key(&unit) {
            report.faults.push(format!("{what}: unit {unit} missing"));
        }
    };
    let person_missing = |what: &str, p: u64, report: &mut CheckReport| {
        if !person_exists(p) {
            report.faults.push(format!("{what}: person {p} missing"));
        }
    };

    let plans: Vec<Plan> = records(store, TreeId::Plans, |p: &Plan| p.id.0, report);
    let mut live_plans = HashMap::new();
    for p in &plans {
        let what = format!("plan {}", p.id);
        unit_missing(what.clone(), p.unit.0, report);
        if let Some(o) = p.owner {
            person_missing(&what, o.0, report);
        }
        if p.is_live()
            && let Some(other) = live_plans.insert((p.unit, p.creation), p.id)
        {
            report.faults.push(format!(
                "plans {other} and {}: two live {} plans for unit {}",
                p.id,
                p.creation.code(),
                p.unit
            ));
        }
    }

    let groups: Vec<WorkingGroup> = records(
        store,
        TreeId::WorkingGroups,
        |g: &WorkingGroup| g.id.0,
        report,
    );
    let group_ids: HashSet<u64> = groups.iter().map(|g| g.id.0).collect();
    for g in &groups {
        for m in &g.members {
            person_missing(&format!("working group {}", g.id.0), m.0, report);
        }
    }
    let visits: Vec<GuidanceVisit> = records(
        store,
        TreeId::GuidanceVisits,
        |v: &GuidanceVisit| v.id.0,
        report,
    );
    for v in &visits {
        let what = format!("guidance visit {}", v.id.0);
        unit_missing(what.clone(), v.unit.0, report);
        if !group_ids.contains(&v.group.0) {
            report
                .faults
                .push(format!("{what}: working group {} missing", v.group.0));
        }
    }

    let items: Vec<InfoItem> = records(store, TreeId::InfoItems, |i: &InfoItem| i.id.0, report);
    let item_ids: HashSet<u64> = items.iter().map(|i| i.id.0).collect();
    for i in &items {
        let what = format!("info item {}", i.id);
        unit_missing(what.clone(), i.unit.0, report);
        for a in &i.authors {
            person_missing(&what, a.0, report);
        }
    }
    let bulletins: Vec<Bulletin> = records(store, TreeId::Bulletins, |b: &Bulletin| b.id.0, report);
    let mut numbers = HashMap::new();
    let mut running = HashMap::new();
    for b in bulletins.iter().filter(|b| b.voided.is_none()) {
        let what = format!("bulletin {}", b.id);
        for i in &b.items {
            if !item_ids.contains(&i.0) {
                report.faults.push(format!("{what}: info item {i} missing"));
            }
        }
        if let Some(other) = numbers.insert((b.issue.year, b.issue.number), b.id) {
            report.faults.push(format!(
                "bulletins {other} and {}: both {}年第{}期",
                b.id, b.issue.year, b.issue.number
            ));
        }
        if let Some(other) = running.insert(b.issue.running, b.id) {
            report.faults.push(format!(
                "bulletins {other} and {}: both 总第{}期",
                b.id, b.issue.running
            ));
        }
    }
    report.sanchuang_records =
        plans.len() + groups.len() + visits.len() + items.len() + bulletins.len();
}
