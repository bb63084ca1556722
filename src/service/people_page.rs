//! A window of the roster. In the order the roster opens in (units as the
//! tree shows them, on the roll or struck off, no search), each unit's
//! maintained elder counts say where its people stand, so only the people
//! of the units the window falls in are read: a screenful, not the city.
//! Other orders and filters read every person, as the full list does, and
//! send only the window.

use std::collections::{HashMap, HashSet};

use super::State;
use super::people::{list_people, person_row, subtree};
use super::people_cache::Persons;
use crate::api::people::{ListPeoplePage, PeoplePage, PeopleSort, PersonRow, StatusFilter};
use crate::domain::UnitId;
use crate::domain::person::{Person, PersonId};
use crate::domain::pinyin_search::SearchKey;
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
    let end = offset + req.limit;
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

fn by_reading_all(
    state: &State,
    persons: Persons,
    req: &ListPeoplePage,
    readable: impl Fn(UnitId) -> bool,
) -> Result<PeoplePage> {
    let mut rows = list_people(state, persons, &req.filter, readable)?;
    sort(state, &mut rows, req.sort);
    let total = rows.len();
    let active = rows.iter().filter(|r| r.removed.is_none()).count();
    let at = req
        .around
        .and_then(|id| rows.iter().position(|r| r.id == id));
    let offset = window_start(req, at, total);
    let end = (offset + req.limit).min(total);
    let rows = rows.drain(offset..end).collect();
    Ok(PeoplePage {
        total,
        active,
        offset,
        rows,
        at,
    })
}

/// Rows listed by unit path and id, put in the order asked; stable, so
/// that within a unit (or a birth date …) they stay as listed.
pub(super) fn sort(state: &State, rows: &mut Vec<PersonRow>, by: PeopleSort) {
    match by {
        PeopleSort::Unit => {
            let order: HashMap<UnitId, usize> = (state.units.walk(true).into_iter())
                .enumerate()
                .map(|(i, (_, u))| (u.id, i))
                .collect();
            rows.sort_by_key(|r| order.get(&r.unit).copied().unwrap_or(usize::MAX));
        }
        PeopleSort::Name => {
            let mut keyed: Vec<(SearchKey, PersonRow)> = std::mem::take(rows)
                .into_iter()
                .map(|r| (SearchKey::new(&r.name), r))
                .collect();
            keyed.sort_by(|(a, ra), (b, rb)| a.cmp_initials(b).then(ra.name.cmp(&rb.name)));
            *rows = keyed.into_iter().map(|(_, r)| r).collect();
        }
        PeopleSort::Age => rows.sort_by_key(|r| (r.birth.is_none(), r.birth)),
        PeopleSort::Joined => rows.sort_by_key(|r| std::cmp::Reverse(r.joined)),
    }
}
