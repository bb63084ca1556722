//! The elder roster: registering, editing, striking off, talks, honours and
//! re-registration (imports are in `people_import`). Every write holds the
//! service's write lock from its checks to its commit and leaves one audit
//! entry per person; an import leaves one for the whole file.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::audit::Change;
use super::people_cache::Persons;
use super::people_rules::{free_text, invalid, live_unit, not_after_today, person_from_draft};
use super::{Actor, ChangeNotice, Draft, Request, Response, Service, State, Written};
use crate::api::meetings::MeetingsRequest;
use crate::api::people::{
    AddHonour, AddReserve, Appoint, CreatePerson, EndPosition, ExportPeople, ExportPerson,
    GetPeopleFigures, GetPeopleFiguresOf, GetPerson, GetReportFigures, GetUnitPeople, ImportPeople,
    ListPeople, ListPositions, ListReserve, PeopleFilter, PeopleRequest, PersonRow, RecordTalk,
    RemoveReserve, Reregister, ResolvePerson, StatusFilter, StrikeOff, StrikeOffPerson,
    UpdatePerson,
};
use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::id_number::{mask_phone, validate_id_number};
use crate::domain::limits::{self, Limited};
use crate::domain::permissions::{Need, allows};
use crate::domain::person::{Honour, Person, PersonDraft, PersonId, RosterStatus, Talk};
use crate::domain::pinyin_search::{Query, SearchKey};
use crate::domain::text;
use crate::domain::time;
use crate::domain::tree::UnitTree;
use crate::domain::unit_names::resolve_unit;
use crate::error::{Error, Field, Result, RowProblem};
use crate::lang::Lang;
use crate::store::{Changes, Store, TreeId, id_key, pair_key};

fn conflict_if_moved(p: &Person, rev: u64) -> Result<()> {
    if p.rev == rev {
        Ok(())
    } else {
        Err(Error::Conflict {
            by: p.changed_by.clone(),
            at: p.changed_at,
        })
    }
}

fn elder_of(p: &mut Person) -> Result<&mut crate::domain::person::ElderMembership> {
    let name = p.name.clone();
    p.elder.as_mut().ok_or(Error::NotAnElder { name })
}

pub(super) fn problem(line: usize, e: &Error) -> RowProblem {
    RowProblem {
        line,
        zh: e.message(Lang::Zh),
        en: e.message(Lang::En),
    }
}

/// The needs of a request that depend on the records it touches: the unit
/// of the person or term it changes, and every unit an import writes to.
pub(super) fn needs(state: &State, store: &Store, request: &Request) -> Result<Vec<Need>> {
    let Request::People(request) = request else {
        return Ok(vec![]);
    };
    let persons = state.people.persons(store);
    let of_person =
        |id: &PersonId| -> Result<Option<UnitId>> { Ok(persons.get(*id)?.map(|p| p.unit)) };
    Ok(match request {
        PeopleRequest::GetPerson(GetPerson { id })
        | PeopleRequest::UpdatePerson(UpdatePerson { id, .. })
        | PeopleRequest::StrikeOffPerson(StrikeOffPerson { id, .. })
        | PeopleRequest::RecordTalk(RecordTalk { id, .. })
        | PeopleRequest::AddHonour(AddHonour { id, .. }) => {
            let need = if matches!(request, PeopleRequest::GetPerson(_)) {
                Need::Read
            } else {
                Need::Write
            };
            let mut out: Vec<Need> = of_person(id)?.map(need).into_iter().collect();
            if let PeopleRequest::UpdatePerson(UpdatePerson { draft, .. }) = request {
                out.extend(draft.unit.map(Need::Write));
            }
            out
        }
        PeopleRequest::Reregister(Reregister { people, .. }) => {
            let mut units = HashSet::new();
            for (id, _) in people {
                units.extend(of_person(id)?);
            }
            units.into_iter().map(Need::Write).collect()
        }
        PeopleRequest::ImportPeople(ImportPeople { rows, .. }) => rows
            .iter()
            .filter_map(|r| resolve_unit(&state.units, &r.unit).ok().map(|u| u.id))
            .collect::<HashSet<_>>()
            .into_iter()
            .map(Need::Write)
            .collect(),
        PeopleRequest::EndPosition(EndPosition { id, .. }) => state
            .people
            .positions
            .get(id)
            .map(|p| Need::Write(p.unit))
            .into_iter()
            .collect(),
        PeopleRequest::RemoveReserve(RemoveReserve { id, .. }) => state
            .people
            .reserve
            .get(id)
            .map(|c| Need::Write(c.unit))
            .into_iter()
            .collect(),
        // Naming a person for a post shows their record on the unit's card,
        // so the caller must be able to read where that person is.
        PeopleRequest::Appoint(Appoint { draft }) => of_person(&draft.person)?
            .map(Need::Read)
            .into_iter()
            .collect(),
        PeopleRequest::AddReserve(AddReserve { draft }) => of_person(&draft.person)?
            .map(Need::Read)
            .into_iter()
            .collect(),
        PeopleRequest::GetPeopleFigures(GetPeopleFigures { unit: None, .. })
        | PeopleRequest::GetReportFigures(GetReportFigures { unit: None, .. }) => {
            state.units.roots().map(|r| Need::Read(r.id)).collect()
        }
        _ => vec![],
    })
}

/// Queries that read persons: from the store, unless every person is
/// loaded, so that no commit may land while they read.
pub(super) fn reads_persons(request: &Request) -> bool {
    match request {
        Request::People(r) => !r.is_write(),
        Request::Meetings(r) => matches!(
            r,
            MeetingsRequest::GetMeetingPage(_)
                | MeetingsRequest::TaskMeetingPage(_)
                | MeetingsRequest::ExportIcs(_)
        ),
        Request::Units(_)
        | Request::Admin(_)
        | Request::Work(_)
        | Request::Sanchuang(_)
        | Request::Scores(_) => false,
    }
}

fn person_written(p: Person, actor: &Actor) -> Written {
    let notice = ChangeNotice {
        kind: RecordKind::Person,
        record: p.id.0,
        unit: Some(p.unit),
        by: actor.user.clone(),
    };
    (Response::Person(Box::new(p)), notice)
}

impl Service {
    pub(super) fn write_people(
        &self,
        state: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        request: PeopleRequest,
    ) -> Result<Written> {
        let counted = |n: usize, unit: Option<UnitId>| {
            let notice = ChangeNotice {
                kind: RecordKind::Person,
                record: 0,
                unit,
                by: actor.user.clone(),
            };
            (Response::Count(n), notice)
        };
        match request {
            PeopleRequest::ImportPeople(ImportPeople {
                rows,
                source,
                check_only: true,
                allow_namesakes,
            }) => self.check_import(state, actor, rows, &source, allow_namesakes),
            PeopleRequest::CreatePerson(CreatePerson { draft }) => self
                .create_person(state, changes, actor, &draft)
                .map(|p| person_written(p, actor)),
            PeopleRequest::UpdatePerson(UpdatePerson { id, rev, draft }) => self
                .update_person(state, changes, actor, id, rev, &draft)
                .map(|p| person_written(p, actor)),
            PeopleRequest::StrikeOffPerson(StrikeOffPerson { id, rev, strike }) => self
                .strike_off(state, changes, actor, id, rev, &strike)
                .map(|p| person_written(p, actor)),
            PeopleRequest::RecordTalk(RecordTalk { id, talk, .. }) => self
                .record_talk(state, changes, actor, id, &talk)
                .map(|p| person_written(p, actor)),
            PeopleRequest::AddHonour(AddHonour { id, honour, .. }) => self
                .add_honour(state, changes, actor, id, &honour)
                .map(|p| person_written(p, actor)),
            PeopleRequest::Reregister(Reregister { people, on }) => self
                .reregister(state, changes, actor, &people, on)
                .map(|(n, unit)| counted(n, unit)),
            PeopleRequest::ImportPeople(ImportPeople {
                rows,
                source,
                check_only,
                allow_namesakes,
            }) => self
                .import_people(
                    state,
                    changes,
                    actor,
                    rows,
                    &source,
                    check_only,
                    allow_namesakes,
                )
                .map(|(n, unit)| counted(n, unit)),
            PeopleRequest::Appoint(Appoint { draft }) => {
                self.appoint(state, changes, actor, &draft).map(|p| {
                    let notice = self.position_notice(&p, actor);
                    (Response::Position(p), notice)
                })
            }
            PeopleRequest::EndPosition(EndPosition { id, rev, on }) => self
                .end_position(state, changes, actor, id, rev, on)
                .map(|p| {
                    let notice = self.position_notice(&p, actor);
                    (Response::Position(p), notice)
                }),
            PeopleRequest::AddReserve(AddReserve { draft }) => {
                self.add_reserve(state, changes, actor, &draft).map(|c| {
                    let notice = self.reserve_notice(&c, actor);
                    (Response::ReserveEntry(c), notice)
                })
            }
            PeopleRequest::RemoveReserve(RemoveReserve { id, rev }) => self
                .remove_reserve(state, changes, actor, id, rev)
                .map(|c| {
                    let notice = self.reserve_notice(&c, actor);
                    (Response::ReserveEntry(c), notice)
                }),
            other => Err(Error::Storage {
                detail: format!("not a people write: {other:?}"),
            }),
        }
    }

    pub(super) fn query_people(
        &self,
        state: &State,
        actor: &Actor,
        access: Access,
        request: PeopleRequest,
        readable: impl Fn(UnitId) -> bool,
    ) -> Result<Response> {
        let _ = (actor, access);
        let persons = state.people.persons(&self.store);
        match request {
            PeopleRequest::ListPeople(ListPeople { filter }) => Ok(Response::People(list_people(
                state, persons, &filter, readable,
            )?)),
            PeopleRequest::GetPerson(GetPerson { id }) => {
                person(persons, id).map(|p| Response::Person(Box::new(p)))
            }
            PeopleRequest::ListPeoplePage(req) => Ok(Response::PeoplePage(Box::new(
                super::people_page::people_page(state, persons, &self.store, &req, readable)?,
            ))),
            PeopleRequest::ResolvePerson(ResolvePerson { given }) => {
                let p = resolve_person(state, persons, &given, &readable)?;
                Ok(Response::Person(Box::new(p)))
            }
            PeopleRequest::ExportPeople(ExportPeople { unit, unmasked }) => Ok(
                Response::PeopleExport(export_people(state, persons, unit, unmasked, readable)?),
            ),
            PeopleRequest::ListPositions(ListPositions {
                unit,
                include_ended,
            }) => Ok(Response::Positions(super::positions::list_positions(
                state,
                persons,
                unit,
                include_ended,
                readable,
            )?)),
            PeopleRequest::ListReserve(ListReserve { unit }) => Ok(Response::Reserve(
                super::reserve::list_reserve(state, persons, unit, readable)?,
            )),
            PeopleRequest::GetUnitPeople(GetUnitPeople { unit }) => {
                super::positions::unit_people(state, persons, unit).map(Response::UnitPeople)
            }
            PeopleRequest::GetPeopleFigures(GetPeopleFigures {
                unit,
                period,
                under_active_months,
            }) => {
                // Moves only matter when part of the hierarchy is asked for.
                let moves = match unit {
                    Some(u) if state.units.get(u).is_some_and(|u| u.parent.is_some()) => {
                        self.person_moves(Some(period.from.pred()))?
                    }
                    _ => Default::default(),
                };
                super::positions::people_figures(
                    state,
                    persons,
                    unit,
                    period,
                    under_active_months,
                    &moves,
                )
                .map(|f| Response::PeopleFigures(Box::new(f)))
            }
            PeopleRequest::GetPeopleFiguresOf(GetPeopleFiguresOf {
                units,
                period,
                under_active_months,
            }) => {
                let moves = self.person_moves(Some(period.from.pred()))?;
                super::positions::people_figures_of(
                    state,
                    persons,
                    &units,
                    period,
                    under_active_months,
                    &moves,
                )
                .map(Response::PeopleFiguresOf)
            }
            PeopleRequest::GetReportFigures(GetReportFigures {
                unit,
                period,
                under_active_months,
            }) => super::positions::report_figures(
                state,
                persons,
                unit,
                period,
                under_active_months,
                || self.person_moves(Some(period.from.pred())),
                (&self.score_cache, &self.honoured_handover),
            )
            .map(Response::PeopleFiguresOf),
            other => Err(Error::Storage {
                detail: format!("not a people query: {other:?}"),
            }),
        }
    }

    fn create_person(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        draft: &PersonDraft,
    ) -> Result<Person> {
        let mut person = person_from_draft(draft, PersonId(0), None, Day::today())?;
        fill_joined(&mut person, Day::today());
        live_unit(&state.units, person.unit)?;
        let access = self.access_in(state, actor)?;
        let readable = |u| allows(&state.units, access, Need::Read(u));
        let everyone = state.people.load_everyone(&self.store)?;
        if let Some(e) = everyone.duplicate_of(&person, &state.units, &readable) {
            return Err(e);
        }
        let now = time::now();
        person.id = PersonId(self.store.next_id(TreeId::People));
        person.created = now;
        person.changed_at = now;
        person.changed_by = actor.user.clone();
        self.put_person(changes, actor, AuditAction::Create, None, &person)?;
        Arc::make_mut(&mut state.people).insert(&self.store, person.clone())?;
        Ok(person)
    }

    fn update_person(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: PersonId,
        rev: u64,
        draft: &PersonDraft,
    ) -> Result<Person> {
        self.change_person(
            state,
            changes,
            actor,
            id,
            Some(rev),
            AuditAction::Update,
            |state, before| {
                let mut after = person_from_draft(draft, id, Some(before), Day::today())?;
                let registered = match before.elder {
                    Some(_) => before.registered_day(),
                    None => Day::today(),
                };
                fill_joined(&mut after, registered);
                if after.unit != before.unit {
                    live_unit(&state.units, after.unit)?;
                }
                let access = self.access_in(state, actor)?;
                let readable = |u| allows(&state.units, access, Need::Read(u));
                let everyone = state.people.load_everyone(&self.store)?;
                if let Some(e) = everyone.duplicate_of(&after, &state.units, &readable) {
                    return Err(e);
                }
                Ok(after)
            },
        )
    }

    fn strike_off(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: PersonId,
        rev: u64,
        strike: &StrikeOff,
    ) -> Result<Person> {
        self.change_person(
            state,
            changes,
            actor,
            id,
            Some(rev),
            AuditAction::StrikeOff,
            |_, before| {
                let mut after = before.clone();
                let name = after.name.clone();
                let e = elder_of(&mut after)?;
                if let Some(on) = e.removed_on() {
                    return Err(Error::AlreadyStruckOff { name, on });
                }
                not_after_today(
                    Field::Date,
                    "除名日期",
                    "date struck off",
                    strike.on,
                    Day::today(),
                )?;
                if let Some(j) = e.joined.filter(|j| strike.on < *j) {
                    return Err(invalid(
                        Field::Date,
                        format!("除名日期 {} 早于入列日期 {j}", strike.on),
                        format!("struck off on {}, before joining on {j}", strike.on),
                    ));
                }
                e.status = RosterStatus::Removed {
                    on: strike.on,
                    reason: strike.reason,
                    note: free_text(&strike.note),
                };
                Ok(after)
            },
        )
    }

    /// A talk only adds to the record: it is added to the person as they
    /// are now, whatever revision the caller saw, so that two offices
    /// recording talks at once both succeed.
    fn record_talk(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: PersonId,
        talk: &Talk,
    ) -> Result<Person> {
        let by = text::check_name(&talk.by)
            .map_err(|_| invalid(Field::Person, "请填写谈话人", "say who held the talk"))?;
        self.change_person(
            state,
            changes,
            actor,
            id,
            None,
            AuditAction::Talk,
            |_, before| {
                let mut after = before.clone();
                let e = elder_of(&mut after)?;
                limits::items(Limited::Talks, e.talks.len() + 1)?;
                e.talks.push(Talk {
                    date: talk.date,
                    by: by.clone(),
                    summary: free_text(&talk.summary),
                    outcome: talk.outcome,
                });
                e.talks.sort_by_key(|t| t.date);
                Ok(after)
            },
        )
    }

    /// Like a talk, an honour only adds to the record: no revision check.
    fn add_honour(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: PersonId,
        honour: &Honour,
    ) -> Result<Person> {
        let title = text::check_name(&honour.title)?;
        self.change_person(
            state,
            changes,
            actor,
            id,
            None,
            AuditAction::Honour,
            |_, before| {
                let mut after = before.clone();
                let e = elder_of(&mut after)?;
                limits::items(Limited::Honours, e.honours.len() + 1)?;
                e.honours.push(Honour {
                    title: title.clone(),
                    level: honour.level,
                    date: honour.date,
                });
                e.honours.sort_by_key(|h| h.date);
                Ok(after)
            },
        )
    }

    /// Marks everyone listed as re-registered on `on`; if any one of them was
    /// changed meanwhile or is not on the roll, nobody is.
    fn reregister(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        people: &[(PersonId, u64)],
        on: Day,
    ) -> Result<(usize, Option<UnitId>)> {
        not_after_today(
            Field::Reregistered,
            "重新登记日期",
            "re-registration date",
            on,
            Day::today(),
        )?;
        let now = time::now();
        let mut done = Vec::with_capacity(people.len());
        let everyone = state.people.load_everyone(&self.store)?;
        for (id, rev) in people {
            let before = everyone
                .people
                .get(id)
                .ok_or(Error::NoSuchRecord { id: id.0 })?;
            if before.voided.is_some() {
                return Err(Error::RecordVoided {
                    kind: RecordKind::Person,
                    id: id.0,
                });
            }
            conflict_if_moved(before, *rev)?;
            let mut after = before.clone();
            let name = after.name.clone();
            let e = elder_of(&mut after)?;
            if let Some(on) = e.removed_on() {
                return Err(Error::AlreadyStruckOff { name, on });
            }
            e.reregistered = Some(on);
            stamp(&mut after, actor, now);
            self.put_person(
                changes,
                actor,
                AuditAction::Reregister,
                Some(before),
                &after,
            )?;
            done.push(after);
        }
        let unit = done.first().map(|p| p.unit);
        let count = done.len();
        let cache = Arc::make_mut(&mut state.people);
        for p in done {
            cache.insert(&self.store, p)?;
        }
        Ok((count, unit))
    }

    /// Loads, checks `rev` (if the change could overwrite someone else's),
    /// lets `edit` build the new version, stamps it and adds it with its
    /// indexes and audit entry.
    #[allow(clippy::too_many_arguments)]
    fn change_person(
        &self,
        state: &mut State,
        changes: &mut Changes,
        actor: &Actor,
        id: PersonId,
        rev: Option<u64>,
        action: AuditAction,
        edit: impl FnOnce(&State, &Person) -> Result<Person>,
    ) -> Result<Person> {
        let before = person(state.people.persons(&self.store), id)?;
        if before.voided.is_some() {
            return Err(Error::RecordVoided {
                kind: RecordKind::Person,
                id: id.0,
            });
        }
        if let Some(rev) = rev {
            conflict_if_moved(&before, rev)?;
        }
        let mut after = edit(state, &before)?;
        after.id = before.id;
        after.created = before.created;
        after.rev = before.rev;
        stamp(&mut after, actor, time::now());
        self.put_person(changes, actor, action, Some(&before), &after)?;
        Arc::make_mut(&mut state.people).insert(&self.store, after.clone())?;
        Ok(after)
    }

    /// The record, its index entries (moved when the unit or ID number
    /// changed) and the audit entry.
    pub(super) fn put_person(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&Person>,
        after: &Person,
    ) -> Result<()> {
        self.put_person_record(changes, before, after);
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::Person,
                record: after.id.0,
                unit: Some(after.unit),
                label: after.name.clone(),
                before,
                after: Some(after),
            },
        )
    }

    /// The record and its index entries, moved when the unit or the ID
    /// number changed; no audit entry.
    pub(super) fn put_person_record(
        &self,
        changes: &mut Changes,
        before: Option<&Person>,
        after: &Person,
    ) {
        changes.put(TreeId::People, after.id.0, after);
        crate::store::people_names::replace(changes, before, after);
        if let Some(b) = before {
            if b.unit != after.unit {
                changes.delete(TreeId::PeopleByUnit, &pair_key(b.unit.0, b.id.0));
            }
            if let Some(n) = b
                .id_number
                .as_ref()
                .filter(|n| Some(*n) != after.id_number.as_ref())
            {
                changes.delete(TreeId::PeopleByIdNumber, n.as_str().as_bytes());
            }
        }
        changes.put_raw(
            TreeId::PeopleByUnit,
            &pair_key(after.unit.0, after.id.0),
            &[],
        );
        if let Some(n) = &after.id_number {
            changes.put_raw(
                TreeId::PeopleByIdNumber,
                n.as_str().as_bytes(),
                &id_key(after.id.0),
            );
        }
    }
}

/// An elder registered through the form or the command line without an
/// 入列日期 gets the day the figures count them from (the day of
/// registration), written down so that the card shows it and it can be
/// corrected.
fn fill_joined(p: &mut Person, registered: Day) {
    if let Some(e) = p.elder.as_mut()
        && e.joined.is_none()
    {
        e.joined = Some(e.joined_or(registered));
    }
}

pub(super) fn person(persons: Persons, id: PersonId) -> Result<Person> {
    persons.get(id)?.ok_or(Error::NoSuchRecord { id: id.0 })
}

/// By id (`17`, `#17`), ID number, or a name only one readable person has.
fn resolve_person(
    state: &State,
    persons: Persons,
    given: &str,
    readable: &impl Fn(UnitId) -> bool,
) -> Result<Person> {
    let given = given.trim();
    let not_found = || Error::PersonNotFound {
        given: given.to_string(),
    };
    let found = |p: Option<Person>| p.filter(|p| readable(p.unit)).ok_or_else(not_found);
    if given.chars().count() < 18
        && let Ok(n) = given.trim_start_matches('#').parse::<u64>()
    {
        return found(persons.get(PersonId(n))?);
    }
    if let Ok(n) = validate_id_number(given) {
        return found(persons.by_id_number(n.as_str())?);
    }
    let mut named: Vec<Person> = Vec::new();
    persons.each(|p| {
        if p.name == given && readable(p.unit) {
            named.push(p.clone());
        }
    })?;
    named.sort_by_key(|p| p.id);
    match named.as_slice() {
        [] => Err(not_found()),
        [one] => Ok(one.clone()),
        many => Err(Error::PersonAmbiguous {
            given: given.to_string(),
            candidates: many
                .iter()
                .map(|p| format!("#{} {}（{}）", p.id, p.name, state.units.path(p.unit)))
                .collect(),
        }),
    }
}

fn list_people(
    state: &State,
    persons: Persons,
    filter: &PeopleFilter,
    readable: impl Fn(UnitId) -> bool,
) -> Result<Vec<PersonRow>> {
    let tree = &state.units;
    let query = Query::new(&filter.search);
    let within: Option<HashSet<UnitId>> = filter.unit.map(|root| subtree(tree, root));
    let mut paths: HashMap<UnitId, String> = HashMap::new();
    let wanted = |p: &Person| {
        (filter.include_non_elders || p.is_elder())
            && within.as_ref().is_none_or(|w| w.contains(&p.unit))
            && filter
                .category
                .is_none_or(|c| p.elder.as_ref().is_some_and(|e| e.category == c))
            && match filter.status {
                None => true,
                Some(StatusFilter::Active) => p.elder.as_ref().is_some_and(|e| e.is_active()),
                Some(StatusFilter::Removed) => p.elder.as_ref().is_some_and(|e| !e.is_active()),
            }
            && readable(p.unit)
            && (query.is_empty() || SearchKey::new(&p.name).matches_query(&query).is_some())
    };
    let mut rows: Vec<PersonRow> = Vec::new();
    persons.each(|p| {
        if wanted(p) {
            let unit_path = paths
                .entry(p.unit)
                .or_insert_with(|| tree.path(p.unit))
                .clone();
            rows.push(person_row(p, unit_path));
        }
    })?;
    // Ids are unique, so an unstable sort gives the same order, without
    // the stable sort's buffer of half the rows.
    rows.sort_unstable_by(|a, b| a.unit_path.cmp(&b.unit_path).then(a.id.cmp(&b.id)));
    Ok(rows)
}

fn export_people(
    state: &State,
    persons: Persons,
    unit: Option<UnitId>,
    unmasked: bool,
    readable: impl Fn(UnitId) -> bool,
) -> Result<Vec<ExportPerson>> {
    let tree = &state.units;
    let within = unit.map(|root| subtree(tree, root));
    let mut out: Vec<ExportPerson> = Vec::new();
    persons.each(|p| {
        if !(within.as_ref().is_none_or(|w| w.contains(&p.unit)) && readable(p.unit)) {
            return;
        }
        let mut person = p.clone();
        let id_number = if unmasked {
            p.id_number.as_ref().map(|n| n.as_str().to_string())
        } else {
            person.phone = mask_phone(&p.phone);
            person.id_number.take().map(|n| n.masked())
        };
        out.push(ExportPerson {
            person,
            id_number: id_number.unwrap_or_default(),
            unit_path: tree.path(p.unit),
        });
    })?;
    out.sort_by(|a, b| {
        a.unit_path
            .cmp(&b.unit_path)
            .then(a.person.id.cmp(&b.person.id))
    });
    Ok(out)
}

/// The next revision, stamped with who and when.
pub(super) fn stamp(p: &mut Person, actor: &Actor, now: i64) {
    p.rev += 1;
    p.changed_at = now;
    p.changed_by = actor.user.clone();
}

pub(super) fn subtree(tree: &UnitTree, root: UnitId) -> HashSet<UnitId> {
    crate::domain::people_figures::subtree(tree, root, true)
        .iter()
        .map(|u| u.id)
        .collect()
}

pub(super) fn person_row(p: &Person, unit_path: String) -> PersonRow {
    let e = p.elder.as_ref();
    PersonRow {
        id: p.id,
        name: p.name.clone(),
        gender: p.gender,
        birth: p.birth_day(),
        unit: p.unit,
        unit_path,
        category: e.map(|e| e.category),
        core: e.is_some_and(|e| e.core),
        source: e.map(|e| e.source),
        joined: e.and_then(|e| e.joined),
        reregistered: e.and_then(|e| e.reregistered),
        removed: e.and_then(|e| e.removed_on()),
        last_talk: e.and_then(|e| e.last_talk()).map(|t| t.date),
        honours: e.map_or(0, |e| e.honours.len()),
        id_number_masked: p.masked_id_number(),
        phone_masked: mask_phone(&p.phone),
        rev: p.rev,
    }
}
