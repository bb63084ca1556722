//! The commands and queries every client speaks: the terminal UI, the command
//! line and, over a socket, the server. Owned data only, so they serialise.

use serde::{Deserialize, Serialize};

use chrono::NaiveDate;

use super::meetings::{MeetingPage, Schedule, SeriesDraft};
use super::tasks::{TaskChange, TaskDraft};
use crate::domain::audit::AuditEntry;
use crate::domain::meeting::{Meeting, MeetingSeries, SeriesId};
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::task::{Task, TaskId};
use crate::domain::{OrgUnit, UnitId, UnitKind};

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
    /// The first meetings a series draft would give, without saving it.
    PreviewSeries {
        draft: SeriesDraft,
        count: usize,
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
    CreateTask {
        draft: TaskDraft,
    },
    UpdateTask {
        id: TaskId,
        rev: u64,
        change: TaskChange,
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
                | Request::CreateSeries { .. }
                | Request::UpdateSeries { .. }
                | Request::ArchiveSeries { .. }
                | Request::SaveMeeting { .. }
                | Request::CreateTask { .. }
                | Request::UpdateTask { .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Response {
    Info(DbInfo),
    Units(Vec<OrgUnit>),
    Unit(OrgUnit),
    History(Vec<AuditEntry>),
    SeriesList(Vec<MeetingSeries>),
    Series(Box<MeetingSeries>),
    Schedule(Schedule),
    MeetingPage(Box<MeetingPage>),
    Meeting(Box<Meeting>),
    Tasks(Vec<Task>),
    Task(Box<Task>),
    MeetingFigures(MeetingFigures),
    Ics(String),
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
}
