//! Demo reserve candidates (后备人选): two for the district's deputies, who
//! retire in waves, and one for each of the first units whose executive
//! deputy left without a successor, so the card and `ggw reserve list` have
//! something to show and a vacancy has a name beside it.

use std::collections::HashSet;

use crate::api::people::{
    AddReserve, ListPeople, ListPositions, PeopleFilter, ReserveDraft, StatusFilter,
};
use crate::api::units::ListUnits;
use crate::api::{Request, Response};
use crate::domain::day::Day;
use crate::domain::person::{PersonId, Role};
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::{Error, Result};
use crate::service::{Actor, Service};

pub fn populate_reserve(service: &Service, actor: &Actor) -> Result<()> {
    let units = match service.handle(
        actor,
        Request::from(ListUnits {
            include_archived: false,
        }),
    )? {
        Response::Units(u) => u,
        _ => Vec::new(),
    };
    let serving = match service.handle(
        actor,
        Request::from(ListPositions {
            unit: None,
            include_ended: false,
        }),
    )? {
        Response::Positions(p) => p,
        _ => Vec::new(),
    };
    let in_a_team: HashSet<PersonId> = serving.iter().map(|r| r.position.person).collect();
    let with_executive: HashSet<UnitId> = serving
        .iter()
        .filter(|r| r.position.role == Role::ExecutiveDeputy)
        .map(|r| r.position.unit)
        .collect();
    let mut wanted: Vec<(&OrgUnit, Role, usize, &str)> = Vec::new();
    if let Some(d) = units.iter().find(|u| u.kind == UnitKind::District) {
        wanted.push((d, Role::Deputy, 2, "2026年换届储备"));
    }
    wanted.extend(
        units
            .iter()
            .filter(|u| u.kind != UnitKind::District && !with_executive.contains(&u.id))
            .take(3)
            .map(|u| (u, Role::ExecutiveDeputy, 1, "常务副主任空缺，拟补")),
    );
    let noted = Day::ymd(2024, 1, 10).ok_or(Error::Corrupt {
        what: "demo date".into(),
    })?;
    let mut batch = Vec::new();
    for (unit, role, count, note) in wanted {
        let rows = match service.handle(
            actor,
            Request::from(ListPeople {
                filter: PeopleFilter {
                    unit: Some(unit.id),
                    status: Some(StatusFilter::Active),
                    ..PeopleFilter::default()
                },
            }),
        )? {
            Response::People(p) => p,
            _ => Vec::new(),
        };
        let picked = rows
            .iter()
            .filter(|r| r.unit == unit.id && !in_a_team.contains(&r.id))
            .take(count);
        for r in picked {
            let draft = ReserveDraft {
                unit: unit.id,
                person: r.id,
                role,
                noted,
                note: note.into(),
            };
            batch.push((actor.clone(), Request::from(AddReserve { draft })));
        }
    }
    for result in service.write_batch(batch) {
        result?;
    }
    Ok(())
}
