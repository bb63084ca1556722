//! Leadership teams: appointing a person to a post and ending a term, and
//! the people side of a unit's card and of the report.

use std::sync::Arc;

use super::audit::Change;
use super::honoured_handover::HonouredHandover;
use super::people::subtree;
use super::people_cache::Persons;
use super::people_rules::{live_unit, one_line};
use super::score_counts::ScoreCache;
use super::score_facts::Honoured;
use super::side_by_side;
use super::{Actor, ChangeNotice, Service, State};
use crate::api::people::{PositionDraft, PositionRow, REPORT_UNDER_ACTIVE_LISTED, UnitPeople};
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::id_hash::{IdMap, IdSet};
use crate::domain::people_figures::{Paths, PeopleFigures, Period, Tally, subtree as units_below};
use crate::domain::people_history::{Engagement, Moves};
use crate::domain::person::{PersonId, Position, PositionId};
use crate::domain::person_view::PersonView;
use crate::domain::time;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};
use crate::store::work::PersonDays;
use crate::store::work::ahead::{DaysAhead, walk_ahead};
use crate::store::{Changes, TreeId, pair_key};

impl Service {
    pub(super) fn appoint(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        draft: &PositionDraft,
    ) -> Result<Position> {
        let unit = live_unit(&state.units, draft.unit)?.clone();
        let cache = &state.people;
        let persons = cache.persons(&self.store);
        let person = persons
            .get(draft.person)?
            .ok_or(Error::NoSuchRecord { id: draft.person.0 })?;
        if person.voided.is_some() {
            return Err(Error::RecordVoided {
                kind: crate::domain::audit::RecordKind::Person,
                id: person.id.0,
            });
        }
        let clash = cache.positions.values().find(|p| {
            p.unit == draft.unit
                && p.serving_on(draft.from)
                && p.role == draft.role
                && (p.person == draft.person || draft.role.is_single())
        });
        if let Some(held) = clash {
            let holder = persons.name(held.person)?;
            return Err(Error::RoleHeld {
                role: draft.role,
                holder,
                unit: state.units.path(unit.id),
                position: held.id.0,
            });
        }
        let now = time::now();
        let position = Position {
            id: PositionId(self.store.next_id(TreeId::Positions)),
            unit: draft.unit,
            person: draft.person,
            role: draft.role,
            from: draft.from,
            to: None,
            doc: one_line(&draft.doc),
            area: one_line(&draft.area),
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
        };
        let label = format!("{} {}", person.name, draft.role.label_zh());
        self.put_position(changes, actor, AuditAction::Appoint, None, &position, label)?;
        Arc::make_mut(&mut state.people)
            .positions
            .insert(position.id, position.clone());
        self.close_reserve_on_appointment(
            state,
            changes,
            actor,
            position.unit,
            position.person,
            position.role,
        )?;
        Ok(position)
    }

    pub(super) fn end_position(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: PositionId,
        rev: u64,
        on: Day,
    ) -> Result<Position> {
        let cache = &state.people;
        let before = cache
            .positions
            .get(&id)
            .cloned()
            .ok_or(Error::NoSuchRecord { id: id.0 })?;
        if before.rev != rev {
            return Err(Error::Conflict {
                by: before.changed_by.clone(),
                at: before.changed_at,
            });
        }
        if let Some(to) = before.to {
            return Err(Error::PositionEnded { id: id.0, on: to });
        }
        if on < before.from {
            return Err(Error::EndBeforeStart {
                from: before.from,
                to: on,
            });
        }
        let name = cache.persons(&self.store).name(before.person)?;
        let after = Position {
            to: Some(on),
            rev: before.rev + 1,
            changed_at: time::now(),
            changed_by: actor.user.clone(),
            ..before.clone()
        };
        let label = format!("{name} {}", after.role.label_zh());
        self.put_position(
            changes,
            actor,
            AuditAction::EndTerm,
            Some(&before),
            &after,
            label,
        )?;
        Arc::make_mut(&mut state.people)
            .positions
            .insert(after.id, after.clone());
        Ok(after)
    }

    pub(super) fn put_position(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&Position>,
        after: &Position,
        label: String,
    ) -> Result<()> {
        changes.put(TreeId::Positions, after.id.0, after);
        if before.is_none() {
            changes.put_raw(
                TreeId::PositionsByUnit,
                &pair_key(after.unit.0, after.id.0),
                &[],
            );
            changes.put_raw(
                TreeId::PositionsByPerson,
                &pair_key(after.person.0, after.id.0),
                &[],
            );
        }
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::Position,
                record: after.id.0,
                unit: Some(after.unit),
                label,
                before,
                after: Some(after),
            },
        )
    }

    pub(super) fn position_notice(&self, p: &Position, actor: &Actor) -> ChangeNotice {
        ChangeNotice {
            kind: RecordKind::Position,
            record: p.id.0,
            unit: Some(p.unit),
            by: actor.user.clone(),
        }
    }
}

/// Terms in `unit`'s subtree (all units when `None`), by unit, then role,
/// then start.
pub(super) fn list_positions(
    state: &State,
    persons: Persons,
    unit: Option<UnitId>,
    include_ended: bool,
    readable: impl Fn(UnitId) -> bool,
) -> Result<Vec<PositionRow>> {
    let tree = &state.units;
    let today = Day::today();
    let within = unit.map(|root| subtree(tree, root));
    let mut rows: Vec<PositionRow> = state
        .people
        .positions
        .values()
        .filter(|p| within.as_ref().is_none_or(|w| w.contains(&p.unit)) && readable(p.unit))
        .filter(|p| include_ended || p.to.is_none_or(|t| t > today))
        .map(|p| Ok((persons.get(p.person)?, p)))
        .filter(|r| !matches!(r, Ok((Some(holder), _)) if holder.voided.is_some()))
        .map(|r| r.and_then(|(_, p)| position_row(tree, persons, p)))
        .collect::<Result<_>>()?;
    rows.sort_by(|a, b| {
        a.unit_path
            .cmp(&b.unit_path)
            .then(a.position.role.cmp(&b.position.role))
            .then(a.position.from.cmp(&b.position.from))
            .then(a.position.id.cmp(&b.position.id))
    });
    Ok(rows)
}

/// A unit's card: its serving team, and the elders of its subtree from the
/// stored counts, so that it reads only the team's own records.
pub(super) fn unit_people(state: &State, persons: Persons, unit: UnitId) -> Result<UnitPeople> {
    let tree = &state.units;
    tree.get(unit).ok_or(Error::NoSuchRecord { id: unit.0 })?;
    let today = Day::today();
    let mut team: Vec<PositionRow> = state
        .people
        .positions
        .values()
        .filter(|p| p.unit == unit && p.serving_on(today))
        .map(|p| position_row(tree, persons, p))
        .collect::<Result<_>>()?;
    team.sort_by(|a, b| {
        a.position
            .role
            .cmp(&b.position.role)
            .then(a.position.from.cmp(&b.position.from))
            .then(a.position.id.cmp(&b.position.id))
    });
    let counts = &state.people.elder_counts;
    let below = counts.sum(subtree(tree, unit));
    Ok(UnitPeople {
        team,
        elders_here: counts.of(unit).active as usize,
        elders_below: below.active as usize,
        struck_off_below: below.struck_off as usize,
        reserve: super::reserve::unit_reserve(state, persons, unit)?,
    })
}

pub(super) fn people_figures(
    state: &State,
    persons: Persons,
    unit: Option<UnitId>,
    period: Period,
    under_active_months: u32,
    moves: &Moves,
) -> Result<PeopleFigures> {
    let root = unit_or_root(state, unit)?;
    let mut all = people_figures_of(state, persons, &[root], period, under_active_months, moves)?;
    all.pop().ok_or(Error::NoSuchRecord { id: root.0 })
}

/// The unit asked about, or the first root when none is.
fn unit_or_root(state: &State, unit: Option<UnitId>) -> Result<UnitId> {
    match unit {
        Some(u) => Ok(u),
        None => state
            .units
            .roots()
            .next()
            .map(|r| r.id)
            .ok_or(Error::Corrupt {
                what: "no district unit".into(),
            }),
    }
}

/// The figures of each of `units`, every person read once for them all.
pub(super) fn people_figures_of(
    state: &State,
    persons: Persons,
    units: &[UnitId],
    period: Period,
    under_active_months: u32,
    moves: &Moves,
) -> Result<Vec<PeopleFigures>> {
    let placed: Vec<Placed> = units
        .iter()
        .map(|u| Placed {
            unit: *u,
            moves,
            under_active_listed: None,
            rolls_listed: None,
        })
        .collect();
    figures_placed(state, persons, &placed, period, under_active_months, None)
}

/// A unit whose figures are asked for, the moves that place its people,
/// and how much of its long lists to keep (all when `None`).
struct Placed<'m> {
    unit: UnitId,
    moves: &'m Moves,
    under_active_listed: Option<usize>,
    rolls_listed: Option<usize>,
}

/// A report's figures: those of `unit` (the first root if none) as
/// `people_figures` gives them, then those of each live unit directly below
/// it in the tree's order as `people_figures_of` gives them, every person
/// read once for them all.
pub(super) fn report_figures(
    state: &State,
    persons: Persons,
    unit: Option<UnitId>,
    period: Period,
    under_active_months: u32,
    person_moves: impl FnOnce() -> Result<Moves>,
    scores: (&ScoreCache, &HonouredHandover),
) -> Result<Vec<PeopleFigures>> {
    let root = unit_or_root(state, unit)?;
    let tree = &state.units;
    let has_parent = tree.get(root).is_some_and(|u| u.parent.is_some());
    let children = tree.live_rows_below(root);
    let none = Moves::default();
    let moves = if has_parent || !children.is_empty() {
        person_moves()?
    } else {
        Moves::default()
    };
    // The unit's under-active queue is cut to its first entries (188,000
    // at a province); the rows below it are read for their counts only.
    let mut placed = vec![Placed {
        unit: root,
        moves: if has_parent { &moves } else { &none },
        under_active_listed: Some(REPORT_UNDER_ACTIVE_LISTED),
        rolls_listed: None,
    }];
    placed.extend(children.iter().map(|c| Placed {
        unit: *c,
        moves: &moves,
        under_active_listed: Some(0),
        rolls_listed: Some(0),
    }));
    // The standings a report shows next count honours from the roster this
    // reads: they are handed over rather than read again.
    figures_placed(
        state,
        persons,
        &placed,
        period,
        under_active_months,
        Some(scores),
    )
}

/// The figures of each unit, its people placed by the moves given with it.
/// The persons are taken one at a time, never all held at once; the
/// honoured among them go to `scores` when it lacks them, and a standings
/// read needing them meanwhile waits for them through the handover.
fn figures_placed(
    state: &State,
    persons: Persons,
    units: &[Placed],
    period: Period,
    under_active_months: u32,
    scores: Option<(&ScoreCache, &HonouredHandover)>,
) -> Result<Vec<PeopleFigures>> {
    if period.to < period.from {
        return Err(Error::EndBeforeStart {
            from: period.from,
            to: period.to,
        });
    }
    let tree = &state.units;
    for u in units {
        tree.get(u.unit)
            .ok_or(Error::NoSuchRecord { id: u.unit.0 })?;
    }
    // The distinct sets of moves (a report has at most two), and which
    // units each one places people for.
    let mut sets: Vec<&Moves> = Vec::new();
    let mut set_of: Vec<usize> = Vec::with_capacity(units.len());
    for u in units {
        let k = match sets.iter().position(|s| std::ptr::eq(*s, u.moves)) {
            Some(k) => k,
            None => {
                sets.push(u.moves);
                sets.len() - 1
            }
        };
        set_of.push(k);
    }
    // Each unit's figures look only at the people ever registered in its
    // subtree: a district's table of 200 townships reads 50,000 people once,
    // not 200 times.
    let mut owners: IdMap<UnitId, Vec<usize>> = Default::default();
    for (i, placed) in units.iter().enumerate() {
        for u in units_below(tree, placed.unit, true) {
            owners.entry(u.id).or_default().push(i);
        }
    }
    // Most of the tree: its paths worked out once for every unit's figures.
    let most = owners.len() * 2 >= tree.len();
    let paths = most.then(|| Paths::of(tree));
    let mut tallies: Vec<Tally> = units
        .iter()
        .map(|u| {
            let t = Tally::new(tree, u.unit, period, under_active_months)
                .listing(u.under_active_listed, u.rolls_listed);
            match &paths {
                Some(paths) => t.sharing(paths),
                None => t,
            }
        })
        .collect();
    // The terms of a person voided as typed in error count in no team.
    let mut live: IdSet<PersonId> = Default::default();
    let mut mine: Vec<usize> = Vec::new();
    let scores = scores.filter(|(c, _)| !c.has_honoured());
    let coming = scores.map(|(_, handover)| handover.coming());
    let scores = scores.map(|(c, _)| c);
    let mut honoured: Vec<Honoured> = Vec::new();
    let mut count = |engagement: &dyn Engagement| {
        let each = |p: &PersonView| {
            live.insert(p.id);
            mine.clear();
            for (k, m) in sets.iter().enumerate() {
                mine.extend(
                    m.units_of(p)
                        .filter_map(|u| owners.get(&u))
                        .flatten()
                        .copied()
                        .filter(|i| set_of[*i] == k),
                );
            }
            mine.sort_unstable();
            mine.dedup();
            for i in &mine {
                tallies[*i].add(p, units[*i].moves, engagement);
            }
        };
        match scores {
            Some(cache) => {
                let whole = persons.each_view_and_stored(each, |p| {
                    honoured.extend(Honoured::of_view(p));
                })?;
                if whole {
                    cache.offer_honoured(std::mem::take(&mut honoured));
                }
                Ok(())
            }
            None => persons.each_view(each),
        }
    };
    // Most of the tree's elders asked about: the by-person index is walked
    // whole on a thread of its own beside the roll (at a province each is
    // as long as the other). For a small part, the walk seeks to its people
    // only, on this thread.
    if most {
        let (walk, days) = walk_ahead(persons.store());
        side_by_side::both(
            "the walk over the work by person",
            move || {
                walk.run();
                Ok(())
            },
            || count(&WalkedWork(std::cell::RefCell::new(days.into()))),
        )?;
    } else {
        count(&WalkedWork(std::cell::RefCell::new(Days::Alone(
            PersonDays::new(persons.store()),
        ))))?;
    }
    drop(coming);
    // The terms by unit, once: each unit's figures take those of its own
    // subtree, not every term of the province again.
    let mut terms: IdMap<UnitId, Vec<&Position>> = Default::default();
    for p in state.people.positions.values() {
        if live.contains(&p.person) {
            terms.entry(p.unit).or_default().push(p);
        }
    }
    let finish = |(t, placed): (Tally, &Placed)| {
        t.finish(
            units_below(tree, placed.unit, true)
                .into_iter()
                .filter_map(|u| terms.get(&u.id))
                .flatten()
                .copied(),
        )
    };
    let mut own: Vec<(Tally, &Placed)> = tallies.into_iter().zip(units).collect();
    let rows = own.split_off(own.len().min(1));
    if rows.len() < FINISHED_BESIDE {
        return Ok(own.into_iter().chain(rows).map(finish).collect());
    }
    // A report's unit and the rows below it each list the teams and paths
    // of the whole subtree (20,000 units at a province): the two halves
    // are finished side by side.
    let (mut own, rows) = side_by_side::both(
        "finishing the people figures",
        || Ok(own.into_iter().map(finish).collect::<Vec<_>>()),
        || Ok(rows.into_iter().map(finish).collect::<Vec<_>>()),
    )?;
    own.extend(rows);
    Ok(own)
}

/// From this many rows below a unit, its figures and theirs are finished
/// on two threads.
const FINISHED_BESIDE: usize = 64;

fn position_row(tree: &UnitTree, persons: Persons, p: &Position) -> Result<PositionRow> {
    Ok(PositionRow {
        position: p.clone(),
        person_name: persons.name(p.person)?,
        unit_path: tree.path(p.unit),
    })
}

/// What an elder took part in, read from the by-person index: their
/// activities, trainings and visits keep them off the under-active queue.
/// The index is walked forward beside the roll, which is read in the same
/// order; a person counting for the report's unit and for a row below it is
/// answered twice from the days the walk holds for them.
struct WalkedWork<'s>(std::cell::RefCell<Days<'s>>);

/// The walk on this thread, or one running ahead on another.
enum Days<'s> {
    Alone(PersonDays<'s>),
    Ahead(DaysAhead<'s>),
}

impl<'s> From<DaysAhead<'s>> for Days<'s> {
    fn from(d: DaysAhead<'s>) -> Self {
        Days::Ahead(d)
    }
}

impl Days<'_> {
    fn of(&mut self, person: PersonId) -> Result<&[Day]> {
        match self {
            Days::Alone(d) => d.of(person),
            Days::Ahead(d) => d.of(person),
        }
    }
}

impl Engagement for WalkedWork<'_> {
    fn last_on_or_before(&self, person: PersonId, day: Day) -> Option<Day> {
        let mut walk = self.0.borrow_mut();
        // An unreadable index entry counts as no activity; `check` names it.
        let days = walk.of(person).ok()?;
        let on_or_before = days.partition_point(|d| *d <= day);
        on_or_before.checked_sub(1).map(|i| days[i])
    }
}
