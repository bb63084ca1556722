//! A window of the roster. In the order the roster opens in (units as the
//! tree shows them, on the roll or struck off, no search), each unit's
//! maintained elder counts say where its people stand, so only the people
//! of the units the window falls in are read: a screenful, not the city.
//! Other orders and filters read every person, as the full list does, and
//! send only the window.

use std::collections::{HashMap, HashSet};

use super::State;
use super::people::{person_row, subtree};
use super::people_cache::Persons;
use crate::api::people::{ListPeoplePage, PeoplePage, PeopleSort, PersonRow, StatusFilter};
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::person::{Person, PersonId};
use crate::domain::pinyin_search::{Query, SearchKey};
use crate::error::Result;
use crate::store::{Store, TreeId};

pub(super) fn people_page(
    state: &State,
    persons: Persons,
    store: &Store,
    req: &ListPeoplePage,
    readable: impl Fn(UnitId) -> bool,
) -> Result<PeoplePage> {
    let f = &req.filter;
    let counted = req.sort == PeopleSort::Unit
        && f.category.is_none()
        && f.search.trim().is_empty()
        && !f.include_non_elders;
    if counted {
        by_counts(state, persons, store, req, readable)
    } else {
        by_reading_all(state, persons, req, readable)
    }
}

/// The window where `around` stands, else the one asked for, within `total`.
fn window_start(req: &ListPeoplePage, at: Option<usize>, total: usize) -> usize {
    let offset = match at {
        Some(at) => at.saturating_sub(req.limit / 2),
        None => req.offset,
    };
    offset.min(total.saturating_sub(req.limit.min(total)))
}

fn status_matches(p: &Person, status: Option<StatusFilter>) -> bool {
    p.voided.is_none()
        && p.elder.as_ref().is_some_and(|e| match status {
            None => true,
            Some(StatusFilter::Active) => e.is_active(),
            Some(StatusFilter::Removed) => !e.is_active(),
        })
}

fn by_counts(
    state: &State,
    persons: Persons,
    store: &Store,
    req: &ListPeoplePage,
    readable: impl Fn(UnitId) -> bool,
) -> Result<PeoplePage> {
    let tree = &state.units;
    let status = req.filter.status;
    let within: Option<HashSet<UnitId>> = req.filter.unit.map(|root| subtree(tree, root));
    let counts = &state.people.elder_counts;
    // Each listed unit with how many of its people match, in the tree's order.
    let units: Vec<(UnitId, usize, usize)> = tree
        .walk(true)
        .into_iter()
        .map(|(_, u)| u.id)
        .filter(|u| within.as_ref().is_none_or(|w| w.contains(u)) && readable(*u))
        .map(|u| {
            let c = counts.of(u);
            let (n, active) = match status {
                None => (c.active + c.struck_off, c.active),
                Some(StatusFilter::Active) => (c.active, c.active),
                Some(StatusFilter::Removed) => (c.struck_off, 0),
            };
            (u, n as usize, active as usize)
        })
        .filter(|(_, n, _)| *n > 0)
        .collect();
    let total = units.iter().map(|(_, n, _)| n).sum();
    let active = units.iter().map(|(_, _, a)| a).sum();
    // A unit's matching people, in the order they were registered.
    let people_of = |unit: UnitId| -> Result<Vec<Person>> {
        let mut out = Vec::new();
        for id in store.index_ids(TreeId::PeopleByUnit, unit.0)? {
            if let Some(p) = persons.get(PersonId(id))?
                && p.unit == unit
                && status_matches(&p, status)
            {
                out.push(p);
            }
        }
        Ok(out)
    };
    let mut at = None;
    if let Some(id) = req.around
        && let Some(p) = persons.get(id)?
        && status_matches(&p, status)
    {
        let mut before = 0;
        for (u, n, _) in &units {
            if *u == p.unit {
                at = people_of(*u)?
                    .iter()
                    .position(|q| q.id == id)
                    .map(|i| before + i);
                break;
            }
            before += n;
        }
    }
    let offset = window_start(req, at, total);
    let end = offset.saturating_add(req.limit);
    let mut rows: Vec<PersonRow> = Vec::new();
    let mut first = 0;
    for (u, n, _) in &units {
        if first >= end {
            break;
        }
        if first + n > offset {
            let path = tree.path(*u);
            for (i, p) in people_of(*u)?.iter().enumerate() {
                if (offset..end).contains(&(first + i)) {
                    rows.push(person_row(p, path.clone()));
                }
            }
        }
        first += n;
    }
    Ok(PeoplePage {
        total,
        active,
        offset,
        rows,
        at,
    })
}

/// One matching person as the order needs them; the rows are made for the
/// window only.
struct Lean {
    id: PersonId,
    unit: UnitId,
    active: bool,
    birth: Option<Day>,
    joined: Option<Day>,
    key: Option<SearchKey>,
}

fn by_reading_all(
    state: &State,
    persons: Persons,
    req: &ListPeoplePage,
    readable: impl Fn(UnitId) -> bool,
) -> Result<PeoplePage> {
    let tree = &state.units;
    let f = &req.filter;
    let query = Query::new(&f.search);
    let within: Option<HashSet<UnitId>> = f.unit.map(|root| subtree(tree, root));
    let keyed = !query.is_empty() || req.sort == PeopleSort::Name;
    let mut lean: Vec<Lean> = Vec::new();
    persons.each(|p| {
        let e = p.elder.as_ref();
        let wanted = (f.include_non_elders || p.is_elder())
            && within.as_ref().is_none_or(|w| w.contains(&p.unit))
            && f.category
                .is_none_or(|c| e.is_some_and(|e| e.category == c))
            && match f.status {
                None => true,
                Some(StatusFilter::Active) => e.is_some_and(|e| e.is_active()),
                Some(StatusFilter::Removed) => e.is_some_and(|e| !e.is_active()),
            }
            && readable(p.unit);
        if !wanted {
            return;
        }
        let key = keyed.then(|| SearchKey::new(&p.name));
        if !query.is_empty() && key.as_ref().and_then(|k| k.matches_query(&query)).is_none() {
            return;
        }
        lean.push(Lean {
            id: p.id,
            unit: p.unit,
            active: e.is_none_or(|e| e.is_active()),
            birth: p.birth_day(),
            joined: e.and_then(|e| e.joined),
            key,
        });
    })?;
    sort(state, &mut lean, req.sort);
    let total = lean.len();
    let active = lean.iter().filter(|r| r.active).count();
    let at = req
        .around
        .and_then(|id| lean.iter().position(|r| r.id == id));
    let offset = window_start(req, at, total);
    let end = offset.saturating_add(req.limit).min(total);
    let mut rows = Vec::with_capacity(end - offset);
    for r in &lean[offset..end] {
        if let Some(p) = persons.get(r.id)? {
            rows.push(person_row(&p, tree.path(p.unit)));
        }
    }
    Ok(PeoplePage {
        total,
        active,
        offset,
        rows,
        at,
    })
}

/// In the order asked; ties as the full list has them, by unit path and id.
fn sort(state: &State, rows: &mut [Lean], by: PeopleSort) {
    let tree = &state.units;
    let walk = tree.walk(true);
    let order: HashMap<UnitId, usize> = walk
        .iter()
        .enumerate()
        .map(|(i, (_, u))| (u.id, i))
        .collect();
    // Units ranked by their paths, so that a tie compares two numbers.
    let mut by_path: Vec<(String, UnitId)> =
        walk.iter().map(|(_, u)| (tree.path(u.id), u.id)).collect();
    by_path.sort();
    let rank: HashMap<UnitId, usize> = (by_path.into_iter().enumerate())
        .map(|(i, (_, u))| (u, i))
        .collect();
    let tie = |r: &Lean| (rank.get(&r.unit).copied().unwrap_or(usize::MAX), r.id);
    match by {
        PeopleSort::Unit => rows
            .sort_unstable_by_key(|r| (order.get(&r.unit).copied().unwrap_or(usize::MAX), tie(r))),
        PeopleSort::Name => rows.sort_unstable_by(|a, b| {
            let (ka, kb) = (a.key.as_ref(), b.key.as_ref());
            let (ka, kb) = (ka.expect("keyed for a sort by name"), kb.expect("keyed"));
            ka.cmp_initials(kb)
                .then_with(|| ka.name().cmp(kb.name()))
                .then_with(|| tie(a).cmp(&tie(b)))
        }),
        PeopleSort::Age => rows.sort_unstable_by_key(|r| (r.birth.is_none(), r.birth, tie(r))),
        PeopleSort::Joined => rows.sort_unstable_by_key(|r| (std::cmp::Reverse(r.joined), tie(r))),
    }
}
