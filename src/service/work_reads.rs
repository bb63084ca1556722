//! Reading work records: a window of a list, a record's card, a period's
//! figures. Lists read the by-date index and decode only the records they
//! show (or search); figures add up the monthly tallies and read records
//! only for the months a period cuts.

use std::collections::{HashMap, HashSet};

use super::people_cache::Persons;
use super::work_lists::{Found, MAX_KEPT_IDS};
use super::{Actor, Response, Service, State};
use crate::api::work::{
    GetWork, GetWorkFigures, GetWorkFiguresOf, ListThemes, ListWork, WorkCard, WorkFigures,
    WorkFilter, WorkPage, WorkRequest,
};
use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::day::Day;
use crate::domain::people_figures::{Period, subtree};
use crate::domain::person::PersonId;
use crate::domain::pinyin_search::{Query, SearchKey};
use crate::domain::work::{Month, WorkTally};
use crate::domain::work_item::{WorkItem, WorkList};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::work as stored;

/// The units whose records a reader sees: the unit asked for, or the
/// reader's scope, with everything below it; `None` for all.
fn units_within(state: &State, access: Access, unit: Option<UnitId>) -> Option<HashSet<UnitId>> {
    let root = unit.or(match access {
        Access::Admin => None,
        Access::Operator(scope) | Access::Viewer(scope) => Some(scope),
    })?;
    Some(
        subtree(&state.units, root, true)
            .into_iter()
            .map(|u| u.id)
            .collect(),
    )
}

fn first_day() -> Day {
    Day::ymd(1, 1, 1).expect("a real date")
}

fn last_day() -> Day {
    Day::ymd(9999, 12, 31).expect("a real date")
}

/// Whether the record matches a search: its text, or a person's name on it.
fn matches(item: &WorkItem, query: &Query, persons: Persons) -> bool {
    let hit = |s: &str| !s.is_empty() && SearchKey::new(s).matches_query(query).is_some();
    let texts: Vec<&str> = match item {
        WorkItem::Activity(a) => vec![&a.title, &a.theme, &a.place],
        WorkItem::Training(t) => vec![&t.topic],
        WorkItem::Visit(v) => vec![&v.purpose, &v.result],
        WorkItem::StudySession(s) => vec![&s.visitor, &s.theme],
    };
    texts.into_iter().any(hit)
        || item
            .people()
            .into_iter()
            .any(|p| persons.name(p).is_ok_and(|n| hit(&n)))
}

fn names_of(persons: Persons, items: &[WorkItem]) -> Result<Vec<(PersonId, String)>> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for p in items.iter().flat_map(WorkItem::people) {
        if seen.insert(p) {
            out.push((p, persons.name(p)?));
        }
    }
    Ok(out)
}

fn decoded(store: &Store, list: WorkList, id: u64) -> Result<WorkItem> {
    stored::get(store, crate::domain::work_item::WorkId::new(list, id))?
        .ok_or(Error::NoSuchRecord { id })
}

impl Service {
    pub(super) fn query_work(
        &self,
        state: &State,
        _actor: &Actor,
        access: Access,
        request: WorkRequest,
    ) -> Result<Response> {
        let persons = state.people.persons(&self.store);
        match request {
            WorkRequest::ListWork(ListWork {
                filter,
                offset,
                limit,
            }) => {
                let page = self.work_page(state, access, persons, &filter, offset, limit)?;
                Ok(Response::WorkPage(Box::new(page)))
            }
            WorkRequest::GetWork(GetWork { id }) => {
                let item =
                    stored::get(&self.store, id)?.ok_or(Error::NoSuchRecord { id: id.id })?;
                let names = names_of(persons, std::slice::from_ref(&item))?;
                Ok(Response::WorkCard(Box::new(WorkCard {
                    unit_path: state.units.path(item.unit()),
                    item,
                    names,
                })))
            }
            WorkRequest::GetWorkFigures(GetWorkFigures { unit, period }) => {
                let within = units_within(state, access, unit);
                let f = work_figures(&self.store, within.as_ref(), period)?;
                Ok(Response::WorkFigures(Box::new(f)))
            }
            WorkRequest::GetWorkFiguresOf(GetWorkFiguresOf { units, period }) => {
                let within: Vec<HashSet<UnitId>> = units
                    .iter()
                    .map(|u| units_within(state, access, Some(*u)).unwrap_or_default())
                    .collect();
                // Most of the tree: every unit's tallies, which the
                // standings of a report read next are made of too.
                let covered: HashSet<UnitId> = within.iter().flatten().copied().collect();
                let every_unit = match whole_months(period) {
                    Some((from, to)) if covered.len() * 2 >= state.units.len() => {
                        Some(self.unit_tallies.of_every_unit(
                            &self.store,
                            &state.units,
                            from,
                            to,
                            &self.generation,
                        )?)
                    }
                    _ => None,
                };
                Ok(Response::WorkFiguresOf(work_figures_of(
                    &self.store,
                    &within,
                    period,
                    every_unit.as_deref(),
                )?))
            }
            WorkRequest::ListThemes(ListThemes {}) => Ok(Response::Themes(self.themes()?)),
            other => Err(Error::Storage {
                detail: format!("not a query: {other:?}"),
            }),
        }
    }

    pub(super) fn work_page(
        &self,
        state: &State,
        access: Access,
        persons: Persons,
        filter: &WorkFilter,
        offset: usize,
        limit: usize,
    ) -> Result<WorkPage> {
        let within = units_within(state, access, filter.unit);
        let query = Query::new(&filter.search);
        let tag = match filter.list {
            WorkList::Activities => filter.kind.map(|k| k as u8 + 1),
            WorkList::Trainings => filter.mode.map(|m| m as u8 + 1),
            _ => None,
        };
        let (from, to) = (
            filter.from.unwrap_or_else(first_day),
            filter.to.unwrap_or_else(last_day),
        );
        let generation = self.generation();
        let (ids, total) = match self.work_lists.find(filter, access, generation) {
            Found::Same(ids) => {
                let total = ids.len();
                (Paged::Kept(ids), total)
            }
            Found::Wider(wider) => {
                let mut matched = Matched::new(offset, limit);
                for id in wider.iter() {
                    if matches(&decoded(&self.store, filter.list, *id)?, &query, persons) {
                        matched.push(*id);
                    }
                }
                matched.finish(|ids| self.work_lists.keep(filter, access, generation, ids))
            }
            Found::None => {
                let mut matched = Matched::new(offset, limit);
                for e in stored::by_date(&self.store, filter.list, from, to, !filter.oldest_first) {
                    let e = e?;
                    if within.as_ref().is_some_and(|w| !w.contains(&e.unit))
                        || tag.is_some_and(|t| t != e.tag)
                    {
                        continue;
                    }
                    if !query.is_empty()
                        && !matches(&decoded(&self.store, filter.list, e.id)?, &query, persons)
                    {
                        continue;
                    }
                    matched.push(e.id);
                }
                matched.finish(|ids| self.work_lists.keep(filter, access, generation, ids))
            }
        };
        let page: &[u64] = match &ids {
            Paged::Kept(ids) => ids.get(offset.min(ids.len())..).unwrap_or_default(),
            Paged::Window(window) => window,
        };
        let items = page
            .iter()
            .take(limit)
            .map(|id| decoded(&self.store, filter.list, *id))
            .collect::<Result<Vec<_>>>()?;
        let names = names_of(persons, &items)?;
        Ok(WorkPage {
            items,
            offset: offset.min(total),
            total,
            names,
        })
    }
}

/// A list's ids as a page is read from them: all of them, kept for the
/// next page, or only the page's own when the list is too long to keep.
enum Paged {
    Kept(std::sync::Arc<Vec<u64>>),
    Window(Vec<u64>),
}

/// The ids of a list as they match, in order: every one while there are
/// few enough to keep, and always the page's own and the count. A
/// province's whole activity list (2.4 million ids, 19 MB and twice that
/// while the vector grows) is never held.
struct Matched {
    kept: Option<Vec<u64>>,
    window: Vec<u64>,
    total: usize,
    offset: usize,
    limit: usize,
}

impl Matched {
    fn new(offset: usize, limit: usize) -> Matched {
        Matched {
            kept: Some(Vec::new()),
            window: Vec::new(),
            total: 0,
            offset,
            limit,
        }
    }

    fn push(&mut self, id: u64) {
        if self.total >= self.offset && self.total - self.offset < self.limit {
            self.window.push(id);
        }
        if let Some(kept) = &mut self.kept {
            if kept.len() < MAX_KEPT_IDS {
                kept.push(id);
            } else {
                self.kept = None;
            }
        }
        self.total += 1;
    }

    /// The ids to page from and the list's length; `keep` is given the
    /// whole list when it was short enough to keep.
    fn finish(self, keep: impl FnOnce(std::sync::Arc<Vec<u64>>)) -> (Paged, usize) {
        match self.kept {
            Some(ids) => {
                let ids = std::sync::Arc::new(ids);
                keep(ids.clone());
                (Paged::Kept(ids), self.total)
            }
            None => (Paged::Window(self.window), self.total),
        }
    }
}

/// The months wholly inside a period, if any.
fn whole_months(period: Period) -> Option<(Month, Month)> {
    let first = Month::of(period.from);
    let first = if first.first() == period.from {
        first
    } else {
        Month(first.0 + 1)
    };
    let last = Month::of(period.to);
    let last = if last.last() == period.to {
        last
    } else {
        Month(last.0.checked_sub(1)?)
    };
    (first <= last).then_some((first, last))
}

/// The parts of a period outside its whole months: none, one or two runs
/// of days.
fn cut_days(period: Period) -> Vec<(Day, Day)> {
    match whole_months(period) {
        None => vec![(period.from, period.to)],
        Some((first, last)) => {
            let mut out = Vec::new();
            if period.from < first.first() {
                out.push((period.from, first.first().pred()));
            }
            if last.last() < period.to {
                out.push((last.last().succ(), period.to));
            }
            out
        }
    }
}

/// Subtrees up to this many units read their visits by unit.
const SMALL_SUBTREE: usize = 2_000;

/// A period's figures over `within` (every unit when `None`).
pub(super) fn work_figures(
    store: &Store,
    within: Option<&HashSet<UnitId>>,
    period: Period,
) -> Result<WorkFigures> {
    if period.to < period.from {
        return Err(Error::EndBeforeStart {
            from: period.from,
            to: period.to,
        });
    }
    let mut tally = WorkTally::default();
    if let Some((first, last)) = whole_months(period) {
        match within {
            Some(units) => {
                for (_, t) in stored::sums_of(store, units.iter().copied(), first, last)? {
                    tally.add(&t);
                }
            }
            None => {
                for (unit_month, t) in stored::all_tallies(store)? {
                    if (first..=last).contains(&unit_month.1) {
                        tally.add(&t);
                    }
                }
            }
        }
    }
    let inside = |u: UnitId| within.is_none_or(|w| w.contains(&u));
    for (from, to) in cut_days(period) {
        for list in WorkList::ALL {
            for e in stored::by_date(store, list, from, to, false) {
                let e = e?;
                if inside(e.unit) {
                    tally.add(&decoded(store, list, e.id)?.record().tally());
                }
            }
        }
    }
    let mut people = HashSet::new();
    let mut villages = HashSet::new();
    match within {
        // A small subtree's visits are read unit by unit: a province's
        // table of a thousand townships would otherwise read the whole
        // year's visits a thousand times.
        Some(units) if units.len() <= SMALL_SUBTREE => {
            for u in units {
                for (_, id) in stored::of_unit(store, *u, WorkList::Visits, period.from, period.to)?
                {
                    if let WorkItem::Visit(v) = decoded(store, WorkList::Visits, id)? {
                        villages.insert(*u);
                        people.insert(v.person);
                    }
                }
            }
        }
        _ => {
            for e in stored::by_date(store, WorkList::Visits, period.from, period.to, false) {
                let e = e?;
                if inside(e.unit) {
                    villages.insert(e.unit);
                    people.extend(e.person);
                }
            }
        }
    }
    Ok(WorkFigures {
        period,
        tally,
        visit_people: people.len(),
        visit_villages: villages.len(),
    })
}

/// The figures of several subtrees at once, each as `work_figures` gives
/// it: every unit's tallies and every visit of the period read once, and
/// added to each subtree holding that unit. `every_unit`, when given, holds
/// every unit's tallies of the period's whole months, read already.
pub(super) fn work_figures_of(
    store: &Store,
    subtrees: &[HashSet<UnitId>],
    period: Period,
    every_unit: Option<&HashMap<UnitId, WorkTally>>,
) -> Result<Vec<WorkFigures>> {
    if period.to < period.from {
        return Err(Error::EndBeforeStart {
            from: period.from,
            to: period.to,
        });
    }
    let mut holders: HashMap<UnitId, Vec<usize>> = HashMap::new();
    for (i, units) in subtrees.iter().enumerate() {
        for u in units {
            holders.entry(*u).or_default().push(i);
        }
    }
    let none = Vec::new();
    let of = |u: UnitId| holders.get(&u).unwrap_or(&none);
    let mut tallies = vec![WorkTally::default(); subtrees.len()];
    if let Some((first, last)) = whole_months(period) {
        let read;
        let sums: Box<dyn Iterator<Item = (&UnitId, &WorkTally)>> = match every_unit {
            Some(all) => Box::new(all.iter().filter(|(u, _)| holders.contains_key(u))),
            None => {
                read = stored::sums_of(store, holders.keys().copied(), first, last)?;
                Box::new(read.iter().map(|(u, t)| (u, t)))
            }
        };
        for (u, t) in sums {
            for i in of(*u) {
                tallies[*i].add(t);
            }
        }
    }
    for (from, to) in cut_days(period) {
        for list in WorkList::ALL {
            for e in stored::by_date(store, list, from, to, false) {
                let e = e?;
                let owners = of(e.unit);
                if !owners.is_empty() {
                    let t = decoded(store, list, e.id)?.record().tally();
                    for i in owners {
                        tallies[*i].add(&t);
                    }
                }
            }
        }
    }
    let mut people = vec![HashSet::new(); subtrees.len()];
    let mut villages = vec![HashSet::new(); subtrees.len()];
    for e in stored::by_date(store, WorkList::Visits, period.from, period.to, false) {
        let e = e?;
        for i in of(e.unit) {
            villages[*i].insert(e.unit);
            people[*i].extend(e.person);
        }
    }
    Ok(tallies
        .into_iter()
        .zip(people.iter().zip(&villages))
        .map(|(tally, (people, villages))| WorkFigures {
            period,
            tally,
            visit_people: people.len(),
            visit_villages: villages.len(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    #[test]
    fn a_year_is_twelve_whole_months_and_no_cut_days() {
        let p = Period {
            from: day(2025, 1, 1),
            to: day(2025, 12, 31),
        };
        let (a, b) = whole_months(p).unwrap();
        assert_eq!(
            (a, b),
            (Month::of(day(2025, 1, 1)), Month::of(day(2025, 12, 1)))
        );
        assert!(cut_days(p).is_empty());
    }

    #[test]
    fn a_period_cutting_months_reads_the_cut_days() {
        let p = Period {
            from: day(2025, 1, 15),
            to: day(2025, 3, 10),
        };
        assert_eq!(
            whole_months(p),
            Some((Month::of(day(2025, 2, 1)), Month::of(day(2025, 2, 1))))
        );
        assert_eq!(
            cut_days(p),
            vec![
                (day(2025, 1, 15), day(2025, 1, 31)),
                (day(2025, 3, 1), day(2025, 3, 10))
            ]
        );
        let inside_one = Period {
            from: day(2025, 2, 3),
            to: day(2025, 2, 20),
        };
        assert_eq!(whole_months(inside_one), None);
        assert_eq!(cut_days(inside_one), vec![(inside_one.from, inside_one.to)]);
        let two_cut = Period {
            from: day(2025, 1, 31),
            to: day(2025, 2, 1),
        };
        assert_eq!(whole_months(two_cut), None);
        assert_eq!(cut_days(two_cut), vec![(two_cut.from, two_cut.to)]);
    }

    fn matched(n: u64, offset: usize, limit: usize) -> (Paged, usize, bool) {
        let mut m = Matched::new(offset, limit);
        for id in 0..n {
            m.push(id);
        }
        let mut kept = false;
        let (paged, total) = m.finish(|_| kept = true);
        (paged, total, kept)
    }

    #[test]
    fn a_short_list_is_kept_whole_and_paged_from() {
        let (paged, total, kept) = matched(10, 3, 4);
        assert_eq!(total, 10);
        assert!(kept);
        match paged {
            Paged::Kept(ids) => assert_eq!(*ids, (0..10).collect::<Vec<u64>>()),
            Paged::Window(_) => panic!("a list of 10 is kept"),
        }
    }

    #[test]
    fn a_list_too_long_to_keep_holds_only_its_page() {
        let n = MAX_KEPT_IDS as u64 + 5;
        let (paged, total, kept) = matched(n, MAX_KEPT_IDS + 1, 10);
        assert_eq!(total, MAX_KEPT_IDS + 5);
        assert!(!kept);
        match paged {
            // Past the end only the four that are there.
            Paged::Window(w) => assert_eq!(w, (n - 4..n).collect::<Vec<u64>>()),
            Paged::Kept(_) => panic!("a list past the limit is not kept"),
        }
        match matched(n, 0, 2).0 {
            Paged::Window(w) => assert_eq!(w, [0, 1]),
            Paged::Kept(_) => panic!("not kept"),
        }
        // Exactly the limit is still kept.
        assert!(matched(MAX_KEPT_IDS as u64, 0, 2).2);
    }
}
