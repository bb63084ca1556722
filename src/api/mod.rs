//! The commands and queries every client speaks: the terminal UI, the command
//! line and, over a socket, the server. Owned data only, so they serialise.

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use crate::domain::account::{Access, Account, AccountRole};
use crate::domain::audit::{AuditEntry, RecordKind};
use crate::domain::day::Day;
use crate::domain::meeting::{Attendee, Meeting, MeetingSeries, Presence, SeriesId};
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::people_figures::{PeopleFigures, Period};
use crate::domain::person::{Honour, Person, PersonDraft, PersonId, Position, PositionId, Talk};
use crate::domain::reserve::{ReserveCandidate, ReserveId};
use crate::domain::task::{Task, TaskId};
use crate::domain::{OrgUnit, UnitId, UnitKind};

pub mod meetings;
pub mod people;

/// Reports the store makes; the store does not know the api, so they are
/// named here rather than moved.
pub use crate::store::backup::BackupSummary;
pub use crate::store::check::CheckReport;
pub use crate::store::damage::RepairReport;
use meetings::{MeetingPage, Schedule, SeriesDraft, TaskChange, TaskDraft};
use people::{
    ExportPerson, ImportRow, PeopleFilter, PersonRow, PositionDraft, PositionRow, ReserveDraft,
    ReserveRow, StrikeOff, UnitPeople,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    // Queries
    Info,
    ListUnits {
        include_archived: bool,
    },
    GetUnit {
        id: UnitId,
    },
    Children {
        id: UnitId,
    },
    ResolveUnit {
        given: String,
    },
    History {
        unit: Option<UnitId>,
        limit: usize,
    },
    // Commands
    CreateUnit {
        parent: UnitId,
        kind: UnitKind,
        name: String,
        short_name: Option<String>,
    },
    RenameUnit {
        id: UnitId,
        rev: u64,
        name: String,
    },
    MoveUnit {
        id: UnitId,
        rev: u64,
        to: UnitId,
    },
    ArchiveUnit {
        id: UnitId,
        rev: u64,
    },
    // Administration
    /// `ggw check`, run where the database is.
    Check,
    ListAccounts,
    AddAccount {
        user: String,
        role: AccountRole,
        unit: UnitId,
    },
    SetAccount {
        user: String,
        rev: u64,
        role: AccountRole,
        unit: UnitId,
    },
    RemoveAccount {
        user: String,
        rev: u64,
    },
    // Meetings and tasks
    ListSeries {
        include_archived: bool,
    },
    ResolveSeries {
        given: String,
    },
    Schedule {
        from: NaiveDate,
        to: NaiveDate,
    },
    MeetingPage {
        series: SeriesId,
        date: NaiveDate,
    },
    ListTasks {
        owner: Option<String>,
        overdue_only: bool,
        today: NaiveDate,
    },
    MeetingFigures {
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
    },
    ExportIcs {
        horizon: NaiveDate,
    },
    /// The first meetings a series draft would give on or after `from`, without saving it.
    /// When it edits series `editing`, that series' skipped and moved dates and its recorded
    /// meetings stay, as they would once saved.
    PreviewSeries {
        draft: SeriesDraft,
        from: NaiveDate,
        count: usize,
        editing: Option<SeriesId>,
    },
    CreateSeries {
        draft: SeriesDraft,
    },
    UpdateSeries {
        id: SeriesId,
        rev: u64,
        draft: SeriesDraft,
    },
    ArchiveSeries {
        id: SeriesId,
        rev: u64,
    },
    /// Creates (id 0) or updates a meeting record.
    SaveMeeting {
        meeting: Meeting,
    },
    /// Takes attendance at the meeting of `series` on `date` (its rule date
    /// or the date it is held), recording it if it is not yet: each
    /// attendee gets its presence, added to the list if not on it. One
    /// known only by name is the one of that name on the list. Applied to
    /// the meeting as it is when saved, so marks sent at once by several
    /// people all stand; someone marked twice keeps the later mark.
    MarkAttendance {
        series: SeriesId,
        date: NaiveDate,
        marks: Vec<(Attendee, Presence)>,
    },
    CreateTask {
        draft: TaskDraft,
    },
    /// `rev` is checked, except for a progress note, which only adds.
    UpdateTask {
        id: TaskId,
        rev: u64,
        change: TaskChange,
    },
    // People and teams: queries
    ListPeople {
        filter: PeopleFilter,
    },
    GetPerson {
        id: PersonId,
    },
    /// By id, 18-character ID number, or a name only one person has.
    ResolvePerson {
        given: String,
    },
    ExportPeople {
        unit: Option<UnitId>,
        unmasked: bool,
    },
    ListPositions {
        unit: Option<UnitId>,
        include_ended: bool,
    },
    UnitPeople {
        unit: UnitId,
    },
    PeopleFigures {
        unit: Option<UnitId>,
        period: Period,
        under_active_months: u32,
    },
    // People and teams: commands
    CreatePerson {
        draft: PersonDraft,
    },
    UpdatePerson {
        id: PersonId,
        rev: u64,
        draft: PersonDraft,
    },
    StrikeOff {
        id: PersonId,
        rev: u64,
        strike: StrikeOff,
    },
    /// Added to the person as they are when it is saved: `rev` is not
    /// checked, as a talk overwrites nothing.
    RecordTalk {
        id: PersonId,
        rev: u64,
        talk: Talk,
    },
    /// As `RecordTalk`: added whatever the revision.
    AddHonour {
        id: PersonId,
        rev: u64,
        honour: Honour,
    },
    /// Everyone listed, in one commit; each with the rev it was seen at.
    Reregister {
        people: Vec<(PersonId, u64)>,
        on: Day,
    },
    /// All rows or none. With `check_only`, reports problems and writes
    /// nothing but an audit entry saying who checked how many rows.
    ImportPeople {
        rows: Vec<ImportRow>,
        /// The file's name, for the audit log.
        source: String,
        check_only: bool,
        /// Imports rows that repeat, field for field, someone registered
        /// without an ID number or birth date; refused otherwise as a
        /// likely second import of the same file.
        allow_namesakes: bool,
    },
    Appoint {
        draft: PositionDraft,
    },
    ListReserve {
        unit: Option<UnitId>,
    },
    AddReserve {
        draft: ReserveDraft,
    },
    RemoveReserve {
        id: ReserveId,
        rev: u64,
    },
    EndPosition {
        id: PositionId,
        rev: u64,
        on: Day,
    },
    /// The page of the meeting a task came from.
    TaskMeetingPage {
        task: TaskId,
    },
    /// `ggw repair`: damaged records into the quarantine, or with `purge`
    /// the quarantine emptied.
    Repair {
        purge: bool,
    },
    /// The whole database as a backup file, streamed: the server answers
    /// with `BackupPart`s, then `BackupDone`.
    Backup,
    /// Sets aside a record typed in error (a person, meeting or task): kept
    /// and audited, counted nowhere. Needs the right to change its unit.
    VoidRecord {
        kind: RecordKind,
        id: u64,
        reason: String,
    },
    /// Brings a voided record back; administrators only.
    UnvoidRecord {
        kind: RecordKind,
        id: u64,
    },
    /// The holidays and make-up days the dates are moved by: the server's,
    /// so a client's calendar shows what its schedule follows.
    Calendar,
    /// The figures of several units at once, the persons read once: a
    /// report's table of the units below its own.
    PeopleFiguresOf {
        units: Vec<UnitId>,
        period: Period,
        under_active_months: u32,
    },
}

impl Request {
    pub fn is_write(&self) -> bool {
        matches!(
            self,
            Request::CreateUnit { .. }
                | Request::RenameUnit { .. }
                | Request::MoveUnit { .. }
                | Request::ArchiveUnit { .. }
                | Request::AddAccount { .. }
                | Request::SetAccount { .. }
                | Request::RemoveAccount { .. }
                | Request::CreateSeries { .. }
                | Request::UpdateSeries { .. }
                | Request::ArchiveSeries { .. }
                | Request::SaveMeeting { .. }
                | Request::MarkAttendance { .. }
                | Request::CreateTask { .. }
                | Request::UpdateTask { .. }
                | Request::CreatePerson { .. }
                | Request::UpdatePerson { .. }
                | Request::StrikeOff { .. }
                | Request::RecordTalk { .. }
                | Request::AddHonour { .. }
                | Request::Reregister { .. }
                | Request::ImportPeople { .. }
                | Request::Appoint { .. }
                | Request::EndPosition { .. }
                | Request::AddReserve { .. }
                | Request::RemoveReserve { .. }
                | Request::VoidRecord { .. }
                | Request::UnvoidRecord { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Info(DbInfo),
    Units(Vec<OrgUnit>),
    Unit(OrgUnit),
    History(Vec<AuditEntry>),
    Check(CheckReport),
    Accounts(Vec<Account>),
    Account(Account),
    Done,
    SeriesList(Vec<MeetingSeries>),
    Series(Box<MeetingSeries>),
    Schedule(Schedule),
    MeetingPage(Box<MeetingPage>),
    Meeting(Box<Meeting>),
    Tasks(Vec<Task>),
    Task(Box<Task>),
    MeetingFigures(MeetingFigures),
    Ics(String),
    People(Vec<PersonRow>),
    Person(Box<Person>),
    PeopleExport(Vec<ExportPerson>),
    /// How many records a bulk command wrote.
    Count(usize),
    Positions(Vec<PositionRow>),
    Position(Position),
    UnitPeople(UnitPeople),
    PeopleFigures(Box<PeopleFigures>),
    Reserve(Vec<ReserveRow>),
    ReserveEntry(ReserveCandidate),
    Repaired(RepairReport),
    /// The next bytes of a backup file, and how far it has got in records.
    BackupPart {
        bytes: Vec<u8>,
        done: u64,
        total: u64,
    },
    BackupDone(BackupSummary),
    Calendar(Box<crate::domain::workdays::Calendar>),
    PeopleFiguresOf(Vec<PeopleFigures>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DbInfo {
    pub district: String,
    pub demo: bool,
    pub path: String,
    pub schema: u16,
    /// Who the database knows the caller as.
    pub user: String,
    /// Users connected to the server; `None` when the database is opened
    /// in this process.
    pub online: Option<u32>,
    /// What the caller may do; the UI hides what it may not.
    pub access: Access,
}

impl DbInfo {
    /// Where the data lives, for the title bar: "本机" when this process
    /// holds the database, "服务器 N 人在线" through the server.
    pub fn place_label(&self, lang: crate::lang::Lang) -> String {
        match self.online {
            None => lang.pick("本机", "local").to_string(),
            Some(n) => match lang {
                crate::lang::Lang::Zh => format!("服务器 {n} 人在线"),
                crate::lang::Lang::En => format!("server, {n} online"),
            },
        }
    }
}

/// Someone saved a change; views showing that record or unit reload it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeNotice {
    pub kind: RecordKind,
    pub record: u64,
    pub unit: Option<UnitId>,
    pub by: String,
}

impl ChangeNotice {
    /// The notice sent when the set of connected users changes. It names no
    /// record: clients re-read `Info` for the new count.
    pub fn presence(user: &str) -> ChangeNotice {
        ChangeNotice {
            kind: RecordKind::Database,
            record: 0,
            unit: None,
            by: user.to_string(),
        }
    }

    pub fn is_presence(&self) -> bool {
        self.kind == RecordKind::Database && self.record == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn place_label_says_local_or_server() {
        let mut info = DbInfo {
            district: "爱辉区".into(),
            demo: false,
            path: "/var/lib/ggw/ggw.db".into(),
            schema: 1,
            user: "zhang".into(),
            online: None,
            access: Access::Admin,
        };
        assert_eq!(info.place_label(Lang::Zh), "本机");
        info.online = Some(3);
        assert_eq!(info.place_label(Lang::Zh), "服务器 3 人在线");
        assert_eq!(info.place_label(Lang::En), "server, 3 online");
    }
}
