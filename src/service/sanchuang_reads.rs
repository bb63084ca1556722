//! Reading 三创 records: the plan board and a plan's card, groups, visits,
//! info items, bulletins, and a period's figures.

use std::collections::{BTreeMap, HashSet};

use super::sanchuang::live_records;
use super::{Actor, Response, Service, State};
use crate::api::sanchuang::{
    BulletinCard, GetBulletin, GetPlan, GetSanchuangFigures, ListBulletins, ListGuidance, ListInfo,
    ListPlans, PlanCard, PlanRow, SanchuangFigures, SanchuangRequest,
};
use crate::api::work::WorkFilter;
use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::bulletin::{Bulletin, InfoItem};
use crate::domain::day::Day;
use crate::domain::guidance::{GuidanceVisit, WorkingGroup};
use crate::domain::people_figures::{Period, subtree};
use crate::domain::permissions::{Need, allows};
use crate::domain::plan::Plan;
use crate::domain::work_item::WorkList;
use crate::error::{Error, Result};
use crate::store::TreeId;

/// The units a reader sees records of: `unit`'s subtree, or everything the
/// reader may read.
fn visible(state: &State, access: Access, unit: Option<UnitId>) -> impl Fn(UnitId) -> bool + '_ {
    let within: Option<HashSet<UnitId>> = unit.map(|u| {
        subtree(&state.units, u, true)
            .into_iter()
            .map(|x| x.id)
            .collect()
    });
    move |u| {
        within.as_ref().is_none_or(|w| w.contains(&u))
            && allows(&state.units, access, Need::Read(u))
    }
}

impl Service {
    fn plan_rows(&self, state: &State, plans: Vec<Plan>) -> Result<Vec<PlanRow>> {
        let visits: Vec<GuidanceVisit> =
            live_records(&self.store, TreeId::GuidanceVisits, |v: &GuidanceVisit| {
                v.voided.is_some()
            })?;
        Ok(plans
            .into_iter()
            .map(|plan| PlanRow {
                unit_path: state.units.path(plan.unit),
                unit_name: state
                    .units
                    .get(plan.unit)
                    .map(|u| u.name.clone())
                    .unwrap_or_default(),
                last_visit: visits
                    .iter()
                    .filter(|v| v.unit == plan.unit)
                    .map(|v| v.date)
                    .max(),
                plan,
            })
            .collect())
    }

    pub(super) fn query_sanchuang(
        &self,
        state: &State,
        _actor: &Actor,
        access: Access,
        request: SanchuangRequest,
    ) -> Result<Response> {
        match request {
            SanchuangRequest::ListPlans(ListPlans { unit, stage }) => {
                let seen = visible(state, access, unit);
                let mut plans: Vec<Plan> =
                    live_records(&self.store, TreeId::Plans, |p: &Plan| p.voided.is_some())?;
                plans.retain(|p| seen(p.unit) && stage.is_none_or(|s| p.stage() == s));
                plans.sort_by_key(|p| (p.stage(), p.stage_since(), p.id));
                Ok(Response::Plans(self.plan_rows(state, plans)?))
            }
            SanchuangRequest::GetPlan(GetPlan { id }) => {
                let plan: Plan = self
                    .store
                    .get(TreeId::Plans, id.0)?
                    .ok_or(Error::NoSuchRecord { id: id.0 })?;
                let card = self.plan_card(state, access, plan)?;
                Ok(Response::PlanCard(Box::new(card)))
            }
            SanchuangRequest::ListGroups(_) => Ok(Response::Groups(live_records(
                &self.store,
                TreeId::WorkingGroups,
                |g: &WorkingGroup| g.voided.is_some(),
            )?)),
            SanchuangRequest::ListGuidance(ListGuidance { unit }) => {
                let seen = visible(state, access, unit);
                let mut v: Vec<GuidanceVisit> =
                    live_records(&self.store, TreeId::GuidanceVisits, |v: &GuidanceVisit| {
                        v.voided.is_some()
                    })?;
                v.retain(|v| seen(v.unit));
                v.sort_by_key(|v| (std::cmp::Reverse(v.date), v.id));
                Ok(Response::GuidanceList(v))
            }
            SanchuangRequest::ListInfo(ListInfo { unit, from, to }) => {
                let seen = visible(state, access, unit);
                let mut items: Vec<InfoItem> =
                    live_records(&self.store, TreeId::InfoItems, |i: &InfoItem| {
                        i.voided.is_some()
                    })?;
                items.retain(|i| {
                    seen(i.unit)
                        && from.is_none_or(|f| i.written >= f)
                        && to.is_none_or(|t| i.written <= t)
                });
                items.sort_by_key(|i| (i.written, i.id));
                Ok(Response::InfoList(items))
            }
            SanchuangRequest::ListBulletins(ListBulletins { year }) => {
                let mut b: Vec<Bulletin> =
                    live_records(&self.store, TreeId::Bulletins, |b: &Bulletin| {
                        b.voided.is_some()
                    })?;
                b.retain(|b| year.is_none_or(|y| b.issue.year == y));
                b.sort_by_key(|b| b.issue.running);
                Ok(Response::Bulletins(b))
            }
            SanchuangRequest::GetBulletin(GetBulletin { year, number }) => {
                let year = year.unwrap_or_else(|| Day::today().year());
                let b = live_records(&self.store, TreeId::Bulletins, |b: &Bulletin| {
                    b.voided.is_some()
                })?
                .into_iter()
                .find(|b| b.issue.year == year && b.issue.number == number)
                .ok_or(Error::NoSuchRecord {
                    id: u64::from(number),
                })?;
                let mut items = Vec::new();
                for id in &b.items {
                    let item: InfoItem = self
                        .store
                        .get(TreeId::InfoItems, id.0)?
                        .ok_or(Error::NoSuchRecord { id: id.0 })?;
                    let path = state.units.path(item.unit);
                    items.push((item, path));
                }
                Ok(Response::BulletinCard(Box::new(BulletinCard {
                    bulletin: b,
                    district: self.store.meta_string("district")?.unwrap_or_default(),
                    items,
                })))
            }
            SanchuangRequest::GetSanchuangFigures(GetSanchuangFigures { unit, period }) => {
                let f = self.sanchuang_figures(state, access, unit, period)?;
                Ok(Response::SanchuangFigures(Box::new(f)))
            }
            other => Err(Error::Storage {
                detail: format!("not a query: {other:?}"),
            }),
        }
    }

    fn plan_card(&self, state: &State, access: Access, plan: Plan) -> Result<PlanCard> {
        let unit = plan.unit;
        let owner = match plan.owner {
            Some(o) => Some(state.people.persons(&self.store).name(o)?),
            None => None,
        };
        let mut visits: Vec<GuidanceVisit> =
            live_records(&self.store, TreeId::GuidanceVisits, |v: &GuidanceVisit| {
                v.voided.is_some()
            })?;
        visits.retain(|v| v.unit == unit);
        visits.sort_by_key(|v| std::cmp::Reverse(v.date));
        let mut filter = WorkFilter::new(WorkList::Activities);
        filter.unit = Some(unit);
        let persons = state.people.persons(&self.store);
        let page = self.work_page(state, access, persons, &filter, 0, 20)?;
        let row = self.plan_rows(state, vec![plan])?.remove(0);
        Ok(PlanCard {
            row,
            owner,
            visits,
            activities: page.items,
        })
    }

    fn sanchuang_figures(
        &self,
        state: &State,
        access: Access,
        unit: Option<UnitId>,
        period: Period,
    ) -> Result<SanchuangFigures> {
        if period.to < period.from {
            return Err(Error::EndBeforeStart {
                from: period.from,
                to: period.to,
            });
        }
        let seen = visible(state, access, unit);
        let mut f = SanchuangFigures::default();
        let mut plans: BTreeMap<(String, String), usize> = BTreeMap::new();
        for p in live_records(&self.store, TreeId::Plans, |p: &Plan| p.voided.is_some())? {
            if !seen(p.unit) {
                continue;
            }
            if let Some(stage) = p.stage_on(period.to) {
                let kind = state
                    .units
                    .get(p.unit)
                    .map_or("other", |u| u.kind.code())
                    .to_string();
                *plans.entry((kind, stage.code().to_string())).or_default() += 1;
            }
            f.plans_accepted += usize::from(p.accepted_on().is_some_and(|d| period.contains(d)));
        }
        f.plans = plans.into_iter().map(|((k, s), n)| (k, s, n)).collect();
        f.guidance_visits =
            live_records(&self.store, TreeId::GuidanceVisits, |v: &GuidanceVisit| {
                v.voided.is_some()
            })?
            .iter()
            .filter(|v| seen(v.unit) && period.contains(v.date))
            .count();
        let mut adoptions: BTreeMap<String, usize> = BTreeMap::new();
        for i in live_records(&self.store, TreeId::InfoItems, |i: &InfoItem| {
            i.voided.is_some()
        })? {
            if !seen(i.unit) {
                continue;
            }
            f.info_written += usize::from(period.contains(i.written));
            for a in i.adoptions.iter().filter(|a| period.contains(a.on)) {
                *adoptions.entry(a.level.code().to_string()).or_default() += 1;
            }
        }
        f.adoptions = adoptions.into_iter().collect();
        f.bulletins = live_records(&self.store, TreeId::Bulletins, |b: &Bulletin| {
            b.voided.is_some()
        })?
        .iter()
        .filter(|b| period.contains(b.date))
        .count();
        Ok(f)
    }
}
