//! Leadership teams (班子): a full team for the root and every level-2
//! body, a director (and often a member) for each unit below. Some posts
//! changed hands during the ten years, so turnover figures have something
//! to count. Holders are elders of the unit where it has them, otherwise
//! team members registered as people who are not elders.

use std::collections::HashMap;

use super::names;
use super::rng::Rng;
use super::{Generator, Holder, PEOPLE_BATCH, day_between, first_day, last_day, unexpected};
use crate::api::people::{
    Appoint, EndPosition, ImportPeople, ImportRow, ListPeople, PeopleFilter, PositionDraft,
};
use crate::api::{Request, Response};
use crate::backend::BackendExt;
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::person::{PersonDraft, PersonId, Role};
use crate::error::{Error, Result};

const FULL_TEAM: &[Role] = &[
    Role::Director,
    Role::ExecutiveDeputy,
    Role::Deputy,
    Role::Deputy,
    Role::Deputy,
    Role::Member,
    Role::Member,
];

/// One post over the ten years: who held it from when, and who took over.
struct Seat {
    unit: UnitId,
    role: Role,
    from: Day,
    first: Who,
    /// The day the post changed hands, and the new holder.
    then: Option<(Day, Who)>,
}

#[derive(Clone)]
enum Who {
    Elder(PersonId, String),
    /// The n-th team member to register.
    New(usize),
}

struct Plan {
    rng: Rng,
    by_unit: HashMap<UnitId, Vec<(PersonId, String)>>,
    /// Team members who are not elders: unit and name.
    new_people: Vec<ImportRow>,
    paths: HashMap<UnitId, String>,
}

impl Plan {
    fn who(&mut self, unit: UnitId) -> Who {
        let elders = self.by_unit.get_mut(&unit);
        if let Some(list) = elders.filter(|l| !l.is_empty())
            && self.rng.chance(60)
        {
            let i = self.rng.below(list.len());
            let (id, name) = list.swap_remove(i);
            return Who::Elder(id, name);
        }
        let female = self.rng.chance(40);
        let n = self.new_people.len();
        self.new_people.push(ImportRow {
            line: n + 1,
            unit: self.paths.get(&unit).cloned().unwrap_or_default(),
            draft: PersonDraft {
                name: names::person(&mut self.rng, female),
                gender: Some(if female { Gender::Female } else { Gender::Male }),
                phone: format!("100{:08}", self.rng.below(100_000_000)),
                political: "中共党员".into(),
                ..PersonDraft::default()
            },
        });
        Who::New(n)
    }

    fn seat(&mut self, unit: UnitId, role: Role, turnover: u32) -> Seat {
        let early = Day::ymd(first_day().year() + 3, 6, 30).unwrap_or_else(first_day);
        let from = day_between(&mut self.rng, first_day(), early);
        let first = self.who(unit);
        let then = self.rng.chance(turnover).then(|| {
            let on = day_between(&mut self.rng, from, last_day());
            (on, self.who(unit))
        });
        Seat {
            unit,
            role,
            from,
            first,
            then,
        }
    }
}

pub fn generate(g: &mut Generator<'_>) -> Result<u64> {
    let mut by_unit: HashMap<UnitId, Vec<(PersonId, String)>> = HashMap::new();
    for m in &g.elders {
        by_unit
            .entry(m.unit)
            .or_default()
            .push((m.id, m.name.clone()));
    }
    let mut plan = Plan {
        rng: g.rng("positions"),
        by_unit,
        new_people: Vec::new(),
        paths: g.unit_refs(),
    };
    let mut seats = Vec::new();
    let heads = std::iter::once(g.root).chain(
        g.units
            .iter()
            .filter(|u| u.parent == Some(g.root))
            .map(|u| u.id),
    );
    for unit in heads {
        for role in FULL_TEAM {
            seats.push(plan.seat(unit, *role, 40));
        }
    }
    for u in g.units.iter().filter(|u| u.parent != Some(g.root)) {
        seats.push(plan.seat(u.id, Role::Director, 20));
        if plan.rng.chance(50) {
            seats.push(plan.seat(u.id, Role::Member, 20));
        }
    }
    let registered = register(g, plan.new_people)?;
    let person = |w: &Who| match w {
        Who::Elder(id, name) => (*id, name.clone()),
        Who::New(n) => registered[*n].clone(),
    };

    let draft = |s: &Seat, w: &Who, from: Day| PositionDraft {
        unit: s.unit,
        person: person(w).0,
        role: s.role,
        from,
        doc: String::new(),
        area: String::new(),
    };
    let first = seats.iter().map(|s| {
        Request::from(Appoint {
            draft: draft(s, &s.first, s.from),
        })
    });
    let appointed = positions(g.write_batched("positions", first.collect(), PEOPLE_BATCH)?)?;
    let mut changes = Vec::new();
    for (s, held) in seats.iter().zip(&appointed) {
        if let Some((on, next)) = &s.then {
            changes.push(Request::from(EndPosition {
                id: *held,
                rev: 1,
                on: *on,
            }));
            changes.push(Request::from(Appoint {
                draft: draft(s, next, *on),
            }));
        }
    }
    let changed = g.write_batched("positions: changes", changes, PEOPLE_BATCH)?;
    for s in &seats {
        let (id, name) = person(s.then.as_ref().map_or(&s.first, |(_, w)| w));
        g.teams.entry(s.unit).or_default().push(Holder {
            role: s.role,
            person: id,
            name,
        });
    }
    Ok((appointed.len() + changed.len() / 2) as u64)
}

/// Registers the team members who are not elders, in one import per ten
/// thousand; the import numbers them in row order.
fn register(g: &mut Generator<'_>, rows: Vec<ImportRow>) -> Result<Vec<(PersonId, String)>> {
    let wanted: Vec<String> = rows.iter().map(|r| r.draft.name.clone()).collect();
    let mut rest = rows.into_iter().peekable();
    while rest.peek().is_some() {
        let chunk: Vec<ImportRow> = rest.by_ref().take(10_000).collect();
        g.backend.run(ImportPeople {
            rows: chunk,
            source: "ggw gen: team members".into(),
            check_only: false,
            allow_namesakes: false,
        })?;
    }
    let mut team: Vec<(PersonId, String)> = g
        .backend
        .run(ListPeople {
            filter: PeopleFilter {
                include_non_elders: true,
                ..PeopleFilter::default()
            },
        })?
        .into_iter()
        .filter(|p| p.category.is_none())
        .map(|p| (p.id, p.name))
        .collect();
    team.sort_by_key(|(id, _)| *id);
    let names: Vec<&String> = team.iter().map(|(_, n)| n).collect();
    if names != wanted.iter().collect::<Vec<_>>() {
        return Err(Error::Storage {
            detail: "team members registered out of order".into(),
        });
    }
    Ok(team)
}

fn positions(answers: Vec<Response>) -> Result<Vec<crate::domain::person::PositionId>> {
    answers
        .into_iter()
        .map(|r| match r {
            Response::Position(p) => Ok(p.id),
            other => Err(unexpected(&other)),
        })
        .collect()
}
