//! Every refusal the program can give, as data (so it can cross the server's
//! socket) with its message in each language.

mod text;

use serde::{Deserialize, Serialize};

use crate::domain::UnitKind;
use crate::domain::account::AccountRole;
use crate::domain::day::Day;
use crate::domain::limits::{Limited, OverLimit};
use crate::domain::person::Role;
use crate::domain::text::{CharKind, NameProblem};
use crate::domain::time::Timestamp;
use crate::lang::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Error {
    // Input
    NameEmpty,
    NameTooWide {
        width: usize,
        max: usize,
    },
    NameTooLong {
        chars: usize,
        max: usize,
    },
    NameForbiddenChar {
        position: usize,
        /// The character's code point: the character itself may not show.
        code: u32,
        kind: CharKind,
    },
    NameTooManyMarks {
        position: usize,
        max: usize,
    },
    NameTaken {
        name: String,
        parent: String,
    },
    KindNotAllowed {
        kind: UnitKind,
        parent: Option<UnitKind>,
    },
    UnknownKind {
        given: String,
    },
    MoveIntoOwnSubtree,
    RootFixed,
    HasLiveChildren {
        count: usize,
    },
    UnitArchived {
        name: String,
    },
    UnitNotFound {
        given: String,
    },
    NoSuchRecord {
        id: u64,
    },
    // Meetings and tasks
    /// A recurrence rule, date or holiday problem with its message in each language.
    BadRule {
        zh: String,
        en: String,
    },
    BadDate {
        zh: String,
        en: String,
    },
    BadTime {
        given: String,
    },
    DatesBackwards {
        from: String,
        to: String,
    },
    UnknownMeetingKind {
        given: String,
    },
    UnknownShift {
        given: String,
    },
    UnknownPresence {
        given: String,
    },
    SeriesNotFound {
        given: String,
    },
    SeriesArchived {
        title: String,
    },
    NoMeetingOn {
        series: String,
        date: String,
    },
    TextTooLong {
        chars: usize,
        max: usize,
    },
    // Concurrency
    Conflict {
        by: String,
        at: Timestamp,
    },
    // Database
    DatabaseLocked {
        path: String,
    },
    DatabaseMissing {
        path: String,
    },
    DatabaseExists {
        path: String,
    },
    /// This user may not read or write the database folder, or a folder
    /// above it (`blocked`).
    DatabaseDenied {
        path: String,
        blocked: String,
    },
    /// No room to open the database (sled writes when it opens).
    DatabaseDiskFull {
        path: String,
    },
    /// Any other failure to open it, with the system's own words.
    DatabaseUnopenable {
        path: String,
        detail: String,
    },
    SchemaTooNew {
        found: u16,
        supported: u16,
    },
    Corrupt {
        what: String,
    },
    Storage {
        detail: String,
    },
    Io {
        detail: String,
    },
    /// The file system has no room for the change.
    DiskFull,
    // Accounts and permissions
    NoAccount {
        user: String,
        admins: Vec<String>,
        /// The OS user the server runs as, who can always add the first admin.
        server_user: String,
    },
    NotPermitted {
        user: String,
        role: AccountRole,
        /// Path of the unit the caller's account is limited to.
        scope: String,
        /// Path of the unit the request touched.
        target: String,
        write: bool,
    },
    AdminOnly {
        user: String,
    },
    AccountExists {
        user: String,
    },
    NoSuchAccount {
        user: String,
    },
    LastAdmin,
    UnknownRole {
        given: String,
    },
    UnitRequired {
        role: AccountRole,
    },
    // Server and its socket
    ProtocolMismatch {
        client: u16,
        server: u16,
    },
    NotAServer {
        path: String,
    },
    Disconnected {
        detail: String,
    },
    SocketDenied {
        path: String,
    },
    SocketInUse {
        path: String,
    },
    UnknownGroup {
        group: String,
    },
    /// The server cannot take this connection or this request now; nothing
    /// was done.
    ServerBusy {
        reason: Busy,
    },
    // People and teams
    /// A field that failed a check whose message was made where the rule
    /// lives (ID number, date, gender); both languages travel with it.
    InvalidField {
        field: Field,
        zh: String,
        en: String,
    },
    /// A date a form must have was left empty.
    DateRequired {
        field: Field,
    },
    PersonNotFound {
        given: String,
    },
    PersonAmbiguous {
        given: String,
        candidates: Vec<String>,
    },
    DuplicateIdNumber {
        masked: String,
        existing: u64,
        existing_name: String,
    },
    DuplicateNameBirth {
        name: String,
        birth: Day,
        unit: String,
        existing: u64,
    },
    NotAnElder {
        name: String,
    },
    AlreadyStruckOff {
        name: String,
        on: Day,
    },
    PositionEnded {
        id: u64,
        on: Day,
    },
    TaskWithoutMeeting {
        id: u64,
    },
    TaskRepeated {
        id: u64,
        title: String,
    },
    EndBeforeStart {
        from: Day,
        to: Day,
    },
    RoleHeld {
        role: Role,
        holder: String,
        unit: String,
        position: u64,
    },
    /// An import file that cannot be read at all (encoding, columns).
    ImportFile {
        zh: String,
        en: String,
    },
    /// Rows that failed; nothing was written.
    ImportRejected {
        problems: Vec<RowProblem>,
    },
    /// The ID number is held by someone the caller may not read: the
    /// message names nobody.
    IdNumberRegistered {
        masked: String,
    },
    /// An operator archiving the unit their own account is limited to.
    ArchiveOwnScope {
        unit: String,
    },
    // Size limits
    /// A text or a list over its limit (README, "Limits"); nothing was saved.
    TooLong {
        field: Limited,
        given: usize,
    },
    /// A record too large to store safely; nothing of the change was saved.
    RecordTooLarge {
        tree: String,
        bytes: usize,
        max: usize,
    },
    /// The database's own files are damaged past what sled can open.
    Unopenable {
        path: String,
        detail: String,
    },
    // Backup and restore
    /// A backup file that cannot be restored: where, and what is wrong.
    BackupBroken {
        line: u64,
        zh: String,
        en: String,
    },
    /// One backup at a time.
    BackupRunning,
    /// `ggw restore` writes only into a new folder.
    RestoreTargetInUse {
        path: String,
    },
    /// The restored database failed the checks of `ggw check`.
    RestoreCheckFailed {
        faults: Vec<String>,
    },
    /// A unit still holding elders on the roll or a serving team: archived,
    /// they would sit under a unit no longer in the tree.
    UnitHasPeople {
        unit: String,
        elders: u32,
        team: usize,
    },
    /// A voided record asked to change, or voided again.
    RecordVoided {
        kind: crate::domain::audit::RecordKind,
        id: u64,
    },
    NotVoided {
        kind: crate::domain::audit::RecordKind,
        id: u64,
    },
    /// Voiding or restoring refused for a reason said where the rule lives.
    VoidRefused {
        zh: String,
        en: String,
    },
    /// A unit named by a name several live units have: their paths.
    UnitAmbiguous {
        given: String,
        paths: Vec<String>,
    },
    // Work records
    /// The same activity (unit, day, title) is on record already.
    DuplicateActivity {
        id: u64,
        title: String,
        date: Day,
    },
    /// A village visit to a unit that is not a village or community.
    NotAVillage {
        name: String,
    },
    /// A person named on a work record who is not on the roster any more.
    PersonVoided {
        id: u64,
        name: String,
    },
    // Scoring
    /// A rulebook with mistakes, each at its line.
    BadRules {
        errors: Vec<crate::domain::rules::RuleError>,
    },
    /// No period by that year or name.
    NoSuchPeriod {
        given: String,
        known: Vec<String>,
    },
    /// The period is settled: its rulebook and standings are frozen.
    PeriodSettled {
        name: String,
    },
    /// A period of those dates already has a rulebook (a copy's target).
    PeriodExists {
        name: String,
    },
}

impl From<OverLimit> for Error {
    fn from(e: OverLimit) -> Error {
        Error::TooLong {
            field: e.field,
            given: e.given,
        }
    }
}

/// The form field an error belongs next to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    Name,
    Gender,
    Birth,
    Phone,
    IdNumber,
    Unit,
    Category,
    Source,
    Joined,
    Reregistered,
    Status,
    Reason,
    Date,
    Person,
    Role,
    Text,
}

impl Field {
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Gender => "gender",
            Field::Birth => "birth",
            Field::Phone => "phone",
            Field::IdNumber => "id_number",
            Field::Unit => "unit",
            Field::Category => "category",
            Field::Source => "source",
            Field::Joined => "joined",
            Field::Reregistered => "reregistered",
            Field::Status => "status",
            Field::Reason => "reason",
            Field::Date => "date",
            Field::Person => "person",
            Field::Role => "role",
            Field::Text => "text",
        }
    }
}

/// One bad row of an import file: its line and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    pub line: usize,
    pub zh: String,
    pub en: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl From<NameProblem> for Error {
    fn from(p: NameProblem) -> Self {
        match p {
            NameProblem::Empty => Error::NameEmpty,
            NameProblem::TooWide { width, max } => Error::NameTooWide { width, max },
            NameProblem::TooLong { chars, max } => Error::NameTooLong { chars, max },
            NameProblem::ForbiddenChar {
                position,
                code,
                kind,
            } => Error::NameForbiddenChar {
                position,
                code,
                kind,
            },
            NameProblem::TooManyMarks { position, max } => {
                Error::NameTooManyMarks { position, max }
            }
        }
    }
}

impl Error {
    /// The field of a form this error belongs next to, if any.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::NameEmpty
            | Error::NameTooWide { .. }
            | Error::NameTooLong { .. }
            | Error::NameForbiddenChar { .. }
            | Error::NameTooManyMarks { .. }
            | Error::NameTaken { .. } => Some("name"),
            Error::KindNotAllowed { .. } | Error::UnknownKind { .. } => Some("kind"),
            Error::MoveIntoOwnSubtree | Error::RootFixed => Some("parent"),
            Error::BadRule { .. } => Some("rule"),
            Error::BadDate { .. } | Error::NoMeetingOn { .. } => Some("date"),
            Error::DatesBackwards { .. } => Some("to"),
            Error::BadTime { .. } => Some("time"),
            Error::UnknownMeetingKind { .. } => Some("kind"),
            Error::UnknownShift { .. } => Some("shift"),
            Error::UnknownPresence { .. } => Some("presence"),
            Error::SeriesNotFound { .. } | Error::SeriesArchived { .. } => Some("series"),
            Error::TextTooLong { .. } => Some("text"),
            Error::InvalidField { field, .. } | Error::DateRequired { field } => Some(field.code()),
            Error::PersonNotFound { .. } | Error::PersonAmbiguous { .. } => Some("person"),
            Error::UnitAmbiguous { .. } => Some("unit"),
            Error::DuplicateIdNumber { .. } | Error::IdNumberRegistered { .. } => Some("id_number"),
            Error::DuplicateNameBirth { .. } => Some("name"),
            Error::EndBeforeStart { .. } => Some("date"),
            Error::RoleHeld { .. } => Some("role"),
            Error::TooLong { field, .. } => Some(field.form_key()),
            _ => None,
        }
    }

    /// The message in `lang`. Each area's sentences live in `text/`, both
    /// languages side by side; this match only says which area holds which.
    pub fn message(&self, lang: Lang) -> String {
        let msg = match self {
            Error::NameEmpty
            | Error::NameTooWide { .. }
            | Error::NameTooLong { .. }
            | Error::NameForbiddenChar { .. }
            | Error::NameTooManyMarks { .. } => text::names::message(self),
            Error::NameTaken { .. }
            | Error::KindNotAllowed { .. }
            | Error::UnknownKind { .. }
            | Error::MoveIntoOwnSubtree
            | Error::RootFixed
            | Error::HasLiveChildren { .. }
            | Error::UnitArchived { .. }
            | Error::UnitNotFound { .. }
            | Error::UnitAmbiguous { .. }
            | Error::ArchiveOwnScope { .. }
            | Error::UnitHasPeople { .. } => text::units::message(self),
            Error::NoSuchRecord { .. }
            | Error::TextTooLong { .. }
            | Error::Conflict { .. }
            | Error::TooLong { .. }
            | Error::RecordVoided { .. }
            | Error::NotVoided { .. }
            | Error::VoidRefused { .. } => text::records::message(self),
            Error::BadRule { .. }
            | Error::BadDate { .. }
            | Error::BadTime { .. }
            | Error::DatesBackwards { .. }
            | Error::UnknownMeetingKind { .. }
            | Error::UnknownShift { .. }
            | Error::UnknownPresence { .. }
            | Error::SeriesNotFound { .. }
            | Error::SeriesArchived { .. }
            | Error::NoMeetingOn { .. }
            | Error::TaskWithoutMeeting { .. }
            | Error::TaskRepeated { .. } => text::meetings::message(self),
            Error::InvalidField { .. }
            | Error::DateRequired { .. }
            | Error::PersonNotFound { .. }
            | Error::PersonAmbiguous { .. }
            | Error::DuplicateIdNumber { .. }
            | Error::DuplicateNameBirth { .. }
            | Error::NotAnElder { .. }
            | Error::AlreadyStruckOff { .. }
            | Error::PositionEnded { .. }
            | Error::EndBeforeStart { .. }
            | Error::RoleHeld { .. }
            | Error::IdNumberRegistered { .. }
            | Error::ImportFile { .. }
            | Error::ImportRejected { .. } => text::people::message(self),
            Error::DatabaseLocked { .. }
            | Error::DatabaseMissing { .. }
            | Error::DatabaseExists { .. }
            | Error::DatabaseDenied { .. }
            | Error::DatabaseDiskFull { .. }
            | Error::DatabaseUnopenable { .. }
            | Error::SchemaTooNew { .. }
            | Error::Corrupt { .. }
            | Error::Storage { .. }
            | Error::Io { .. }
            | Error::DiskFull
            | Error::Unopenable { .. }
            | Error::RecordTooLarge { .. } => text::storage::message(self),
            Error::BackupBroken { .. }
            | Error::BackupRunning
            | Error::RestoreTargetInUse { .. }
            | Error::RestoreCheckFailed { .. } => text::backup::message(self),
            Error::NoAccount { .. }
            | Error::NotPermitted { .. }
            | Error::AdminOnly { .. }
            | Error::AccountExists { .. }
            | Error::NoSuchAccount { .. }
            | Error::LastAdmin
            | Error::UnknownRole { .. }
            | Error::UnitRequired { .. } => text::accounts::message(self),
            Error::ProtocolMismatch { .. }
            | Error::NotAServer { .. }
            | Error::Disconnected { .. }
            | Error::SocketDenied { .. }
            | Error::SocketInUse { .. }
            | Error::UnknownGroup { .. }
            | Error::ServerBusy { .. } => text::server::message(self),
            Error::DuplicateActivity { .. }
            | Error::NotAVillage { .. }
            | Error::PersonVoided { .. } => text::work::message(self),
            Error::BadRules { .. }
            | Error::NoSuchPeriod { .. }
            | Error::PeriodSettled { .. }
            | Error::PeriodExists { .. } => text::scores::message(self),
        };
        msg.pick(lang)
    }
}

/// Why the server turned a connection or a request away.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Busy {
    /// As many connections are open as the server allows.
    Connections { limit: u32 },
    /// This user has as many connections open as one user may.
    UserConnections { user: String, limit: u32 },
    /// Requests still arriving hold all the memory set aside for them.
    RequestMemory,
    /// The server could not get a thread, a file or the user list.
    Resources { detail: String },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(Lang::Zh))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_error_lists_allowed_kinds() {
        let e = Error::KindNotAllowed {
            kind: UnitKind::Village,
            parent: Some(UnitKind::EducationBureau),
        };
        assert_eq!(
            e.message(Lang::Zh),
            "“村屯”不能设在教体局之下。这里可以添加：学校、其他。"
        );
        assert!(e.message(Lang::En).contains("school, other"));
    }

    /// `message` sends each variant to one area's file, which must then
    /// write it: an area missing an arm would panic only when that error
    /// comes up.
    #[test]
    fn every_area_writes_the_variants_sent_to_it() {
        use std::collections::BTreeSet;
        let variants = |src: &str| -> BTreeSet<String> {
            src.split("Error::")
                .skip(1)
                .map(|rest| rest.chars().take_while(|c| c.is_alphanumeric()).collect())
                .collect()
        };
        let this = include_str!("mod.rs");
        let start = this.find("let msg = match self {").unwrap();
        let end = start + this[start..].find("msg.pick(lang)").unwrap();
        let areas = [
            ("names", include_str!("text/names.rs")),
            ("units", include_str!("text/units.rs")),
            ("records", include_str!("text/records.rs")),
            ("meetings", include_str!("text/meetings.rs")),
            ("people", include_str!("text/people.rs")),
            ("storage", include_str!("text/storage.rs")),
            ("backup", include_str!("text/backup.rs")),
            ("accounts", include_str!("text/accounts.rs")),
            ("server", include_str!("text/server.rs")),
            ("work", include_str!("text/work.rs")),
            ("scores", include_str!("text/scores.rs")),
        ];
        let mut rest = &this[start..end];
        let mut dispatched = 0;
        while let Some(at) = rest.find("=> text::") {
            let sent = variants(&rest[..at]);
            let after = &rest[at + "=> text::".len()..];
            let area = &after[..after.find("::").unwrap()];
            let (_, src) = areas.iter().find(|(n, _)| *n == area).unwrap();
            let written = variants(src);
            let missing: Vec<_> = sent.difference(&written).collect();
            assert!(missing.is_empty(), "text/{area}.rs lacks {missing:?}");
            dispatched += 1;
            rest = &after[after.find(',').unwrap() + 1..];
        }
        assert_eq!(dispatched, areas.len());
    }
}
