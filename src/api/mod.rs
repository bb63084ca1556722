//! The commands and queries every client speaks: the terminal UI, the command
//! line and, over a socket, the server. Owned data only, so they serialise.
//!
//! Each request is one declaration in its area's module, saying what it
//! carries, what it answers, whether it writes, what permission it needs
//! and what limits its fields are held to; see `requests!`.

use serde::{Deserialize, Serialize};

use crate::domain::account::{Access, Account};
use crate::domain::audit::{AuditEntry, RecordKind};
use crate::domain::limits::OverLimit;
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::people_figures::PeopleFigures;
use crate::domain::permissions::Need;
use crate::domain::person::{Person, Position};
use crate::domain::reserve::ReserveCandidate;
use crate::domain::task::Task;
use crate::domain::workdays::Calendar;
use crate::domain::{OrgUnit, UnitId};

/// Declares an area's requests: for each, its struct, its `Call` (reply
/// type, whether it writes, the permission it needs before anything is
/// read, the limits its fields are held to), and the area's enum, which
/// is how it travels inside `Request`.
///
/// ```text
/// write AddHonour { id: PersonId, rev: u64, honour: Honour } -> Person,
///     limits(r) { text(Limited::HonourTitle, &r.honour.title) };
/// ```
macro_rules! requests {
    (
        $(#[$area_doc:meta])*
        area $Area:ident in $Variant:ident;
        $(
            $(#[$doc:meta])*
            $kind:ident $Name:ident { $($(#[$fdoc:meta])* $field:ident : $ty:ty),* $(,)? } -> $Reply:ty
            $(, needs($ns:ident) $needs:block)?
            $(, limits($ls:ident) $limits:block)?
            ;
        )*
    ) => {
        $(
            $(#[$doc])*
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            pub struct $Name { $($(#[$fdoc])* pub $field: $ty),* }

            impl $crate::api::Call for $Name {
                type Reply = $Reply;
                const WRITES: bool = requests!(@writes $kind);
                $(
                    fn needs(&self) -> Vec<$crate::domain::permissions::Need> {
                        let $ns = self;
                        $needs
                    }
                )?
                $(
                    fn check_limits(&self) -> Result<(), $crate::domain::limits::OverLimit> {
                        let $ls = self;
                        $limits
                    }
                )?
            }

            impl From<$Name> for $Area {
                fn from(r: $Name) -> $Area {
                    $Area::$Name(r)
                }
            }

            impl From<$Name> for $crate::api::Request {
                fn from(r: $Name) -> $crate::api::Request {
                    $crate::api::Request::$Variant($Area::$Name(r))
                }
            }
        )*

        $(#[$area_doc])*
        #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        pub enum $Area {
            $($Name($Name)),*
        }

        impl $Area {
            pub fn is_write(&self) -> bool {
                match self {
                    $($Area::$Name(_) => <$Name as $crate::api::Call>::WRITES),*
                }
            }

            pub fn needs(&self) -> Vec<$crate::domain::permissions::Need> {
                match self {
                    $($Area::$Name(r) => $crate::api::Call::needs(r)),*
                }
            }

            pub fn check_limits(&self) -> Result<(), $crate::domain::limits::OverLimit> {
                match self {
                    $($Area::$Name(r) => $crate::api::Call::check_limits(r)),*
                }
            }
        }

        impl From<$Area> for $crate::api::Request {
            fn from(r: $Area) -> $crate::api::Request {
                $crate::api::Request::$Variant(r)
            }
        }
    };
    (@writes query) => { false };
    (@writes write) => { true };
}

pub mod admin;
mod limits;
pub mod meetings;
pub mod people;
pub mod sanchuang;
pub mod scores;
pub mod units;
pub mod work;

/// Reports the store makes; the store does not know the api, so they are
/// named here rather than moved.
pub use crate::store::backup::BackupSummary;
pub use crate::store::check::CheckReport;
pub use crate::store::damage::RepairReport;

use crate::domain::bulletin::{Bulletin, InfoItem};
use crate::domain::guidance::{GuidanceVisit, WorkingGroup};
use crate::domain::plan::Plan;
use crate::domain::score_records::Adjustment;
use crate::domain::work_item::WorkItem;
use meetings::{MeetingPage, Schedule};
use people::{ExportPerson, PeoplePage, PersonRow, PositionRow, ReserveRow, UnitPeople};
use sanchuang::{BulletinCard, PlanCard, PlanRow, SanchuangFigures};
use scores::{DiffRow, Ledger, PeriodRow, RulesText, SettlePreview, Standings};
use work::{WorkCard, WorkFigures, WorkPage};

/// What a request is: what it answers, whether it writes, what it needs.
pub trait Call: Into<Request> {
    type Reply: Reply;
    const WRITES: bool;

    /// The permissions it needs, known from the request alone. Listings
    /// are not refused but filtered to what the caller may see, by the
    /// query itself; needs that depend on a stored record (the unit a
    /// person belongs to) are the service's to add once it has read it.
    fn needs(&self) -> Vec<Need> {
        Vec::new()
    }

    /// Holds the request to the limits of `domain::limits` before anything
    /// else looks at it, so a request too large to store is refused whole,
    /// naming the field. Lists that grow one item per command are held
    /// where the item is added, since the request alone does not say how
    /// long the list is.
    fn check_limits(&self) -> Result<(), OverLimit> {
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Request {
    Units(units::UnitsRequest),
    Admin(admin::AdminRequest),
    Meetings(meetings::MeetingsRequest),
    People(people::PeopleRequest),
    Work(work::WorkRequest),
    Sanchuang(sanchuang::SanchuangRequest),
    Scores(scores::ScoresRequest),
}

impl Request {
    pub fn is_write(&self) -> bool {
        match self {
            Request::Units(r) => r.is_write(),
            Request::Admin(r) => r.is_write(),
            Request::Meetings(r) => r.is_write(),
            Request::People(r) => r.is_write(),
            Request::Work(r) => r.is_write(),
            Request::Sanchuang(r) => r.is_write(),
            Request::Scores(r) => r.is_write(),
        }
    }

    pub fn needs(&self) -> Vec<Need> {
        match self {
            Request::Units(r) => r.needs(),
            Request::Admin(r) => r.needs(),
            Request::Meetings(r) => r.needs(),
            Request::People(r) => r.needs(),
            Request::Work(r) => r.needs(),
            Request::Sanchuang(r) => r.needs(),
            Request::Scores(r) => r.needs(),
        }
    }

    pub fn check_limits(&self) -> Result<(), OverLimit> {
        match self {
            Request::Units(r) => r.check_limits(),
            Request::Admin(r) => r.check_limits(),
            Request::Meetings(r) => r.check_limits(),
            Request::People(r) => r.check_limits(),
            Request::Work(r) => r.check_limits(),
            Request::Sanchuang(r) => r.check_limits(),
            Request::Scores(r) => r.check_limits(),
        }
    }
}

/// A request's answer, taken out of the `Response` it travels in.
pub trait Reply: Sized {
    fn from_response(r: Response) -> crate::error::Result<Self>;
}

/// An answer of another kind than the request's: a server of another
/// build, or a fault on either side.
fn unexpected(r: Response) -> crate::error::Error {
    crate::error::Error::Storage {
        detail: format!("unexpected answer: {r:?}"),
    }
}

macro_rules! replies {
    ($($T:ty => $V:ident $(, $boxed:ident)?;)*) => {
        $(
            impl Reply for $T {
                fn from_response(r: Response) -> crate::error::Result<Self> {
                    match r {
                        Response::$V(v) => Ok(replies!(@unbox v $($boxed)?)),
                        r => Err(unexpected(r)),
                    }
                }
            }
        )*
    };
    (@unbox $v:ident) => { $v };
    (@unbox $v:ident boxed) => { *$v };
}

replies! {
    DbInfo => Info;
    Vec<OrgUnit> => Units;
    OrgUnit => Unit;
    Vec<AuditEntry> => History;
    CheckReport => Check;
    Vec<Account> => Accounts;
    Account => Account;
    Vec<MeetingSeries> => SeriesList;
    MeetingSeries => Series, boxed;
    Schedule => Schedule;
    MeetingPage => MeetingPage, boxed;
    Meeting => Meeting, boxed;
    Vec<Task> => Tasks;
    Task => Task, boxed;
    MeetingFigures => MeetingFigures;
    String => Ics;
    Vec<PersonRow> => People;
    Person => Person, boxed;
    Vec<ExportPerson> => PeopleExport;
    usize => Count;
    Vec<PositionRow> => Positions;
    Position => Position;
    UnitPeople => UnitPeople;
    PeopleFigures => PeopleFigures, boxed;
    Vec<ReserveRow> => Reserve;
    ReserveCandidate => ReserveEntry;
    RepairReport => Repaired;
    BackupSummary => BackupDone;
    Calendar => Calendar, boxed;
    Vec<PeopleFigures> => PeopleFiguresOf;
    PeoplePage => PeoplePage, boxed;
    WorkItem => Work, boxed;
    WorkPage => WorkPage, boxed;
    WorkCard => WorkCard, boxed;
    WorkFigures => WorkFigures, boxed;
    Vec<WorkFigures> => WorkFiguresOf;
    Vec<String> => Themes;
    Vec<PlanRow> => Plans;
    PlanCard => PlanCard, boxed;
    Plan => Plan, boxed;
    Vec<WorkingGroup> => Groups;
    WorkingGroup => Group;
    Vec<GuidanceVisit> => GuidanceList;
    GuidanceVisit => Guidance, boxed;
    Vec<InfoItem> => InfoList;
    InfoItem => InfoItem, boxed;
    Vec<Bulletin> => Bulletins;
    Bulletin => Bulletin;
    BulletinCard => BulletinCard, boxed;
    SanchuangFigures => SanchuangFigures, boxed;
    Vec<PeriodRow> => Periods;
    PeriodRow => Period, boxed;
    RulesText => Rules, boxed;
    Standings => Standings, boxed;
    Ledger => Ledger, boxed;
    Adjustment => Adjustment, boxed;
    SettlePreview => SettlePreview, boxed;
    Vec<DiffRow> => ScoreDiff;
}

impl Reply for () {
    fn from_response(r: Response) -> crate::error::Result<()> {
        match r {
            Response::Done => Ok(()),
            r => Err(unexpected(r)),
        }
    }
}

/// For a request whose answer is one of several kinds (a voided record is
/// a person, a meeting or a task).
impl Reply for Response {
    fn from_response(r: Response) -> crate::error::Result<Response> {
        Ok(r)
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
    Calendar(Box<Calendar>),
    PeopleFiguresOf(Vec<PeopleFigures>),
    PeoplePage(Box<PeoplePage>),
    Work(Box<WorkItem>),
    WorkPage(Box<WorkPage>),
    WorkCard(Box<WorkCard>),
    WorkFigures(Box<WorkFigures>),
    WorkFiguresOf(Vec<WorkFigures>),
    Themes(Vec<String>),
    Plans(Vec<PlanRow>),
    PlanCard(Box<PlanCard>),
    Plan(Box<Plan>),
    Groups(Vec<WorkingGroup>),
    Group(WorkingGroup),
    GuidanceList(Vec<GuidanceVisit>),
    Guidance(Box<GuidanceVisit>),
    InfoList(Vec<InfoItem>),
    InfoItem(Box<InfoItem>),
    Bulletins(Vec<Bulletin>),
    Bulletin(Bulletin),
    BulletinCard(Box<BulletinCard>),
    SanchuangFigures(Box<SanchuangFigures>),
    Periods(Vec<PeriodRow>),
    Period(Box<PeriodRow>),
    Rules(Box<RulesText>),
    Standings(Box<Standings>),
    Ledger(Box<Ledger>),
    Adjustment(Box<Adjustment>),
    SettlePreview(Box<SettlePreview>),
    ScoreDiff(Vec<DiffRow>),
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
