//! The one boundary the terminal UI and the command line talk to. `Local`
//! runs the service in this process; the server's client speaks the same
//! `Request`s over a socket.

use std::sync::mpsc::Receiver;

use chrono::NaiveDate;

use crate::api::meetings::{MeetingPage, Schedule, SeriesDraft};
use crate::api::meetings::{TaskChange, TaskDraft};
use crate::api::people::{
    ExportPerson, ImportRow, PeopleFilter, PersonRow, PositionDraft, PositionRow, ReserveDraft,
    ReserveRow, StrikeOff, UnitPeople,
};
use crate::api::{DbInfo, Request, Response};
use crate::domain::account::{Account, AccountRole};
use crate::domain::audit::AuditEntry;
use crate::domain::day::Day;
use crate::domain::meeting::{Attendee, Meeting, MeetingSeries, Presence, SeriesId};
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::people_figures::{PeopleFigures, Period};
use crate::domain::person::{Honour, Person, PersonDraft, PersonId, Position, Talk};
use crate::domain::reserve::ReserveCandidate;
use crate::domain::task::{Task, TaskId};
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::{Error, Result};
use crate::store::backup::BackupSummary;
use crate::store::check::CheckReport;
use crate::store::damage::RepairReport;

pub trait Backend {
    fn call(&self, request: Request) -> Result<Response>;

    /// Changes saved by other users, delivered as they happen, for the event
    /// loop to refresh what it shows. A local backend has no other users.
    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        None
    }

    /// Several requests in order. A backend holding the service commits a
    /// run of writes with one sync, as the server's writer does; each is
    /// still checked, permitted and audited on its own, and a refused one
    /// leaves the others standing.
    fn call_many(&self, requests: Vec<Request>) -> Vec<Result<Response>> {
        requests.into_iter().map(|r| self.call(r)).collect()
    }

    /// Writes a backup of the whole database to `out`; `progress` hears
    /// (records done, of about how many).
    /// A backend without a database or a server behind it has none to
    /// back up.
    fn backup(
        &self,
        _out: &mut dyn std::io::Write,
        _progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        Err(Error::Storage {
            detail: "no database to back up here".into(),
        })
    }
}

mod local;
pub mod remote;

pub use crate::api::ChangeNotice;
pub use local::LocalBackend;
pub use remote::RemoteBackend;

fn unexpected(r: Response) -> Error {
    Error::Storage {
        detail: format!("unexpected answer: {r:?}"),
    }
}

/// Typed calls over any backend.
pub trait BackendExt: Backend {
    fn info(&self) -> Result<DbInfo> {
        match self.call(Request::Info)? {
            Response::Info(i) => Ok(i),
            r => Err(unexpected(r)),
        }
    }

    /// Every unit in tree order, parents before children.
    fn units(&self, include_archived: bool) -> Result<Vec<OrgUnit>> {
        self.units_for(Request::ListUnits { include_archived })
    }

    fn children(&self, id: UnitId) -> Result<Vec<OrgUnit>> {
        self.units_for(Request::Children { id })
    }

    fn units_for(&self, request: Request) -> Result<Vec<OrgUnit>> {
        match self.call(request)? {
            Response::Units(u) => Ok(u),
            r => Err(unexpected(r)),
        }
    }

    fn unit_for(&self, request: Request) -> Result<OrgUnit> {
        match self.call(request)? {
            Response::Unit(u) => Ok(u),
            r => Err(unexpected(r)),
        }
    }

    fn unit(&self, id: UnitId) -> Result<OrgUnit> {
        self.unit_for(Request::GetUnit { id })
    }

    fn resolve_unit(&self, given: &str) -> Result<OrgUnit> {
        self.unit_for(Request::ResolveUnit {
            given: given.to_string(),
        })
    }

    fn history(&self, unit: Option<UnitId>, limit: usize) -> Result<Vec<AuditEntry>> {
        match self.call(Request::History { unit, limit })? {
            Response::History(h) => Ok(h),
            r => Err(unexpected(r)),
        }
    }

    fn create_unit(&self, parent: UnitId, kind: UnitKind, name: &str) -> Result<OrgUnit> {
        self.unit_for(Request::CreateUnit {
            parent,
            kind,
            name: name.to_string(),
            short_name: None,
        })
    }

    fn rename_unit(&self, unit: &OrgUnit, name: &str) -> Result<OrgUnit> {
        self.unit_for(Request::RenameUnit {
            id: unit.id,
            rev: unit.rev,
            name: name.to_string(),
        })
    }

    fn move_unit(&self, unit: &OrgUnit, to: UnitId) -> Result<OrgUnit> {
        self.unit_for(Request::MoveUnit {
            id: unit.id,
            rev: unit.rev,
            to,
        })
    }

    fn archive_unit(&self, unit: &OrgUnit) -> Result<OrgUnit> {
        self.unit_for(Request::ArchiveUnit {
            id: unit.id,
            rev: unit.rev,
        })
    }

    /// Voids a record typed in error (a person, meeting or task); the
    /// answer is the record as saved.
    fn void_record(
        &self,
        kind: crate::domain::audit::RecordKind,
        id: u64,
        reason: &str,
    ) -> Result<Response> {
        self.call(Request::VoidRecord {
            kind,
            id,
            reason: reason.to_string(),
        })
    }

    /// Brings a voided record back (administrators only).
    fn unvoid_record(&self, kind: crate::domain::audit::RecordKind, id: u64) -> Result<Response> {
        self.call(Request::UnvoidRecord { kind, id })
    }

    fn check(&self) -> Result<CheckReport> {
        match self.call(Request::Check)? {
            Response::Check(r) => Ok(r),
            r => Err(unexpected(r)),
        }
    }

    fn repair(&self, purge: bool) -> Result<RepairReport> {
        match self.call(Request::Repair { purge })? {
            Response::Repaired(r) => Ok(r),
            r => Err(unexpected(r)),
        }
    }

    fn accounts(&self) -> Result<Vec<Account>> {
        match self.call(Request::ListAccounts)? {
            Response::Accounts(a) => Ok(a),
            r => Err(unexpected(r)),
        }
    }

    fn account_for(&self, request: Request) -> Result<Account> {
        match self.call(request)? {
            Response::Account(a) => Ok(a),
            r => Err(unexpected(r)),
        }
    }

    fn add_account(&self, user: &str, role: AccountRole, unit: UnitId) -> Result<Account> {
        self.account_for(Request::AddAccount {
            user: user.to_string(),
            role,
            unit,
        })
    }
}

impl<B: Backend + ?Sized> BackendExt for B {}

impl<B: Backend + ?Sized> Backend for Box<B> {
    fn call(&self, request: Request) -> Result<Response> {
        (**self).call(request)
    }

    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        (**self).subscribe()
    }

    fn call_many(&self, requests: Vec<Request>) -> Vec<Result<Response>> {
        (**self).call_many(requests)
    }

    fn backup(
        &self,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        (**self).backup(out, progress)
    }
}

/// Typed calls for meetings and tasks.
pub trait MeetingsExt: Backend {
    fn series_list(&self, include_archived: bool) -> Result<Vec<MeetingSeries>> {
        match self.call(Request::ListSeries { include_archived })? {
            Response::SeriesList(s) => Ok(s),
            r => Err(unexpected(r)),
        }
    }

    fn series_for(&self, request: Request) -> Result<MeetingSeries> {
        match self.call(request)? {
            Response::Series(s) => Ok(*s),
            r => Err(unexpected(r)),
        }
    }

    fn resolve_series(&self, given: &str) -> Result<MeetingSeries> {
        self.series_for(Request::ResolveSeries {
            given: given.to_string(),
        })
    }

    fn create_series(&self, draft: SeriesDraft) -> Result<MeetingSeries> {
        self.series_for(Request::CreateSeries { draft })
    }

    fn schedule(&self, from: NaiveDate, to: NaiveDate) -> Result<Schedule> {
        match self.call(Request::Schedule { from, to })? {
            Response::Schedule(s) => Ok(s),
            r => Err(unexpected(r)),
        }
    }

    fn preview_series(&self, draft: SeriesDraft, count: usize) -> Result<Schedule> {
        let from = draft.start;
        self.preview_series_from(draft, from, count, None)
    }

    /// The preview of an edit of `series`: the meetings still to come, not those of the
    /// series' first year, with its skipped, moved and recorded meetings.
    fn preview_series_edit(
        &self,
        series: SeriesId,
        draft: SeriesDraft,
        from: NaiveDate,
        count: usize,
    ) -> Result<Schedule> {
        self.preview_series_from(draft, from, count, Some(series))
    }

    fn preview_series_from(
        &self,
        draft: SeriesDraft,
        from: NaiveDate,
        count: usize,
        editing: Option<SeriesId>,
    ) -> Result<Schedule> {
        let request = Request::PreviewSeries {
            draft,
            from,
            count,
            editing,
        };
        match self.call(request)? {
            Response::Schedule(s) => Ok(s),
            r => Err(unexpected(r)),
        }
    }

    fn meeting_page(&self, series: SeriesId, date: NaiveDate) -> Result<MeetingPage> {
        match self.call(Request::MeetingPage { series, date })? {
            Response::MeetingPage(p) => Ok(*p),
            r => Err(unexpected(r)),
        }
    }

    fn task_meeting_page(&self, task: TaskId) -> Result<MeetingPage> {
        match self.call(Request::TaskMeetingPage { task })? {
            Response::MeetingPage(p) => Ok(*p),
            r => Err(unexpected(r)),
        }
    }

    fn save_meeting(&self, meeting: Meeting) -> Result<Meeting> {
        match self.call(Request::SaveMeeting { meeting })? {
            Response::Meeting(m) => Ok(*m),
            r => Err(unexpected(r)),
        }
    }

    /// Marks each name with its presence on the meeting as it is when
    /// saved (see `Request::MarkAttendance`).
    fn mark_attendance(
        &self,
        series: SeriesId,
        date: NaiveDate,
        marks: Vec<(Attendee, Presence)>,
    ) -> Result<Meeting> {
        match self.call(Request::MarkAttendance {
            series,
            date,
            marks,
        })? {
            Response::Meeting(m) => Ok(*m),
            r => Err(unexpected(r)),
        }
    }

    fn tasks(
        &self,
        owner: Option<String>,
        overdue_only: bool,
        today: NaiveDate,
    ) -> Result<Vec<Task>> {
        match self.call(Request::ListTasks {
            owner,
            overdue_only,
            today,
        })? {
            Response::Tasks(t) => Ok(t),
            r => Err(unexpected(r)),
        }
    }

    fn task_for(&self, request: Request) -> Result<Task> {
        match self.call(request)? {
            Response::Task(t) => Ok(*t),
            r => Err(unexpected(r)),
        }
    }

    fn create_task(&self, draft: TaskDraft) -> Result<Task> {
        self.task_for(Request::CreateTask { draft })
    }

    fn update_task(&self, task: &Task, change: TaskChange) -> Result<Task> {
        self.task_for(Request::UpdateTask {
            id: task.id,
            rev: task.rev,
            change,
        })
    }

    fn meeting_figures(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    ) -> Result<MeetingFigures> {
        match self.call(Request::MeetingFigures { from, to, today })? {
            Response::MeetingFigures(f) => Ok(f),
            r => Err(unexpected(r)),
        }
    }

    /// The holidays the dates are moved by, as whoever computes them has them.
    fn calendar(&self) -> Result<crate::domain::workdays::Calendar> {
        match self.call(Request::Calendar)? {
            Response::Calendar(c) => Ok(*c),
            r => Err(unexpected(r)),
        }
    }

    fn export_ics(&self, horizon: NaiveDate) -> Result<String> {
        match self.call(Request::ExportIcs { horizon })? {
            Response::Ics(s) => Ok(s),
            r => Err(unexpected(r)),
        }
    }
}

impl<B: Backend + ?Sized> MeetingsExt for B {}

/// Typed people and team calls over any backend.
pub trait PeopleExt: Backend {
    fn people(&self, filter: PeopleFilter) -> Result<Vec<PersonRow>> {
        match self.call(Request::ListPeople { filter })? {
            Response::People(p) => Ok(p),
            r => Err(unexpected(r)),
        }
    }

    fn person_for(&self, request: Request) -> Result<Person> {
        match self.call(request)? {
            Response::Person(p) => Ok(*p),
            r => Err(unexpected(r)),
        }
    }

    fn person(&self, id: PersonId) -> Result<Person> {
        self.person_for(Request::GetPerson { id })
    }

    fn resolve_person(&self, given: &str) -> Result<Person> {
        self.person_for(Request::ResolvePerson {
            given: given.to_string(),
        })
    }

    fn create_person(&self, draft: PersonDraft) -> Result<Person> {
        self.person_for(Request::CreatePerson { draft })
    }

    fn update_person(&self, person: &Person, draft: PersonDraft) -> Result<Person> {
        self.person_for(Request::UpdatePerson {
            id: person.id,
            rev: person.rev,
            draft,
        })
    }

    fn strike_off(&self, person: &Person, strike: StrikeOff) -> Result<Person> {
        self.person_for(Request::StrikeOff {
            id: person.id,
            rev: person.rev,
            strike,
        })
    }

    fn record_talk(&self, person: &Person, talk: Talk) -> Result<Person> {
        self.person_for(Request::RecordTalk {
            id: person.id,
            rev: person.rev,
            talk,
        })
    }

    fn add_honour(&self, person: &Person, honour: Honour) -> Result<Person> {
        self.person_for(Request::AddHonour {
            id: person.id,
            rev: person.rev,
            honour,
        })
    }

    fn count_for(&self, request: Request) -> Result<usize> {
        match self.call(request)? {
            Response::Count(n) => Ok(n),
            r => Err(unexpected(r)),
        }
    }

    fn reregister(&self, people: Vec<(PersonId, u64)>, on: Day) -> Result<usize> {
        self.count_for(Request::Reregister { people, on })
    }

    fn import_people(&self, rows: Vec<ImportRow>, source: &str, check_only: bool) -> Result<usize> {
        self.import_people_with(rows, source, check_only, false)
    }

    /// As `import_people`; `allow_namesakes` lets in rows that repeat
    /// someone registered without an ID number or birth date.
    fn import_people_with(
        &self,
        rows: Vec<ImportRow>,
        source: &str,
        check_only: bool,
        allow_namesakes: bool,
    ) -> Result<usize> {
        self.count_for(Request::ImportPeople {
            rows,
            source: source.to_string(),
            check_only,
            allow_namesakes,
        })
    }

    fn export_people(&self, unit: Option<UnitId>, unmasked: bool) -> Result<Vec<ExportPerson>> {
        match self.call(Request::ExportPeople { unit, unmasked })? {
            Response::PeopleExport(p) => Ok(p),
            r => Err(unexpected(r)),
        }
    }

    fn positions(&self, unit: Option<UnitId>, include_ended: bool) -> Result<Vec<PositionRow>> {
        match self.call(Request::ListPositions {
            unit,
            include_ended,
        })? {
            Response::Positions(p) => Ok(p),
            r => Err(unexpected(r)),
        }
    }

    fn position_for(&self, request: Request) -> Result<Position> {
        match self.call(request)? {
            Response::Position(p) => Ok(p),
            r => Err(unexpected(r)),
        }
    }

    fn appoint(&self, draft: PositionDraft) -> Result<Position> {
        self.position_for(Request::Appoint { draft })
    }

    fn end_position(&self, position: &Position, on: Day) -> Result<Position> {
        self.position_for(Request::EndPosition {
            id: position.id,
            rev: position.rev,
            on,
        })
    }

    fn unit_people(&self, unit: UnitId) -> Result<UnitPeople> {
        match self.call(Request::UnitPeople { unit })? {
            Response::UnitPeople(p) => Ok(p),
            r => Err(unexpected(r)),
        }
    }

    fn people_figures(
        &self,
        unit: Option<UnitId>,
        period: Period,
        under_active_months: u32,
    ) -> Result<PeopleFigures> {
        match self.call(Request::PeopleFigures {
            unit,
            period,
            under_active_months,
        })? {
            Response::PeopleFigures(f) => Ok(*f),
            r => Err(unexpected(r)),
        }
    }

    /// The figures of each of `units`, in their order, from one reading.
    fn people_figures_of(
        &self,
        units: Vec<UnitId>,
        period: Period,
        under_active_months: u32,
    ) -> Result<Vec<PeopleFigures>> {
        match self.call(Request::PeopleFiguresOf {
            units,
            period,
            under_active_months,
        })? {
            Response::PeopleFiguresOf(f) => Ok(f),
            r => Err(unexpected(r)),
        }
    }

    fn reserve(&self, unit: Option<UnitId>) -> Result<Vec<ReserveRow>> {
        match self.call(Request::ListReserve { unit })? {
            Response::Reserve(r) => Ok(r),
            r => Err(unexpected(r)),
        }
    }

    fn reserve_entry_for(&self, request: Request) -> Result<ReserveCandidate> {
        match self.call(request)? {
            Response::ReserveEntry(c) => Ok(c),
            r => Err(unexpected(r)),
        }
    }

    fn add_reserve(&self, draft: ReserveDraft) -> Result<ReserveCandidate> {
        self.reserve_entry_for(Request::AddReserve { draft })
    }

    fn remove_reserve(&self, entry: &ReserveCandidate) -> Result<ReserveCandidate> {
        self.reserve_entry_for(Request::RemoveReserve {
            id: entry.id,
            rev: entry.rev,
        })
    }
}

impl<B: Backend + ?Sized> PeopleExt for B {}
