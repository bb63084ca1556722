//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "ggw",
    version,
    about = "关工委工作站：区关工委及其下属组织的单位、五老、会议、活动与积分",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database folder [default: $GGW_DB, else ~/.local/share/ggw/ggw.db]
    #[arg(long, global = true, env = "GGW_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of messages: zh (default) or en
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    /// Page cache of the database in MiB (small by default for old machines)
    #[arg(long, global = true, value_name = "MB", default_value_t = crate::backend::start::DEFAULT_CACHE_MB)]
    pub cache_mb: u64,
    /// Key bindings to lay over the defaults [default: ~/.config/ggw/keymap.toml]
    #[arg(long, global = true, value_name = "FILE")]
    pub keymap: Option<PathBuf>,
    /// The server's socket [default: $GGW_SOCKET, else
    /// $XDG_RUNTIME_DIR/ggw/ggw.sock, then /run/ggw/ggw.sock]. When a server
    /// answers there, every command goes through it.
    #[arg(long, global = true, env = "GGW_SOCKET", value_name = "PATH")]
    pub socket: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
    /// A workbook: a summary sheet and one sheet per table
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new database (an empty district, or the demo)
    Init {
        /// Name of the district unit, e.g. 爱辉区
        #[arg(long, required_unless_present = "demo", conflicts_with = "demo")]
        district: Option<String>,
        /// Fill it with the demo district instead
        #[arg(long)]
        demo: bool,
    },
    /// Open the demo database (created on first use)
    Demo,
    /// Print the unit hierarchy
    Units {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Include archived units
        #[arg(long)]
        all: bool,
    },
    /// Add, rename, move or archive a unit
    #[command(subcommand)]
    Unit(UnitCommand),
    /// The audit log: when, who, what, before and after
    History {
        /// Only changes of this unit (id, path or unique name)
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// At most this many entries, newest first (0 = all)
        #[arg(long, default_value_t = 0)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The elder (五老) roster: list, show, add, strike off, talks, honours, import, export
    #[command(subcommand)]
    People(PeopleCommand),
    /// Leadership teams: appoint to a post, end a term, list
    #[command(subcommand)]
    Position(PositionCommand),
    /// Reserve candidates (后备人选) for the posts of a unit's team
    #[command(subcommand)]
    Reserve(super::reserve::ReserveCommand),
    /// Figures for a period and part of the hierarchy: people and teams,
    /// meetings, attendance, tasks
    Report {
        /// First day [default: 1 January of this year]
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day [default: 31 December of this year]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Only this unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// An elder with no talk or work record for this many months counts as under-active
        #[arg(long, default_value_t = 6)]
        months: u32,
        /// text (the default), json, or xlsx (with -o FILE)
        #[arg(long, value_enum, default_value_t)]
        format: ReportFormat,
        /// File to write (needed for xlsx)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Judge "overdue" as of this date [default: today]
        #[arg(long, value_name = "DATE", hide = true)]
        today: Option<String>,
    },
    /// Decode every record and check every index; non-zero exit on a fault
    Check {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Set aside the damaged records `ggw check` names (admin only)
    Repair {
        /// Delete the records set aside earlier instead
        #[arg(long)]
        purge: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The whole database as one file (gzip JSON lines), or check such a file
    #[command(group = clap::ArgGroup::new("what").required(true))]
    Backup {
        /// Write the backup to FILE ("-": standard output)
        #[arg(short = 'o', long = "output", value_name = "FILE", group = "what")]
        output: Option<PathBuf>,
        /// Read FILE through and report what it holds, without a database
        #[arg(long, value_name = "FILE", group = "what")]
        verify: Option<PathBuf>,
    },
    /// A new database (--db, a new folder) from a backup file
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Own the database and serve every user's ggw over a Unix socket
    Serve {
        /// Group whose members may connect (the socket gets mode 0660)
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
        #[command(flatten)]
        limits: crate::backend::start::ServerLimits,
    },
    /// Who may use the server: accounts with a role and a unit
    #[command(subcommand)]
    Account(AccountCommand),
    /// Meeting series, the schedule, recording meetings, iCalendar export
    #[command(subcommand)]
    Meetings(super::meetings::MeetingsCommand),
    /// Tasks handed out by meetings: list, add, done, drop, notes
    #[command(subcommand)]
    Tasks(super::meetings::TasksCommand),
    /// Activities (活动): add, list, import, export
    #[command(subcommand)]
    Activities(super::work::ActivitiesCommand),
    /// Trainings (培训): add, list, import, export
    #[command(subcommand)]
    Trainings(super::work::TrainingsCommand),
    /// Village visits (下村工作): add, list, import, export
    #[command(subcommand)]
    Visits(super::work::VisitsCommand),
    /// Study-base sessions (研学): add, list, import, export
    #[command(subcommand)]
    Studybase(super::work::StudybaseCommand),
    /// Cultivation plans (培育典型规划): add, advance, fail, list
    #[command(subcommand)]
    Plans(super::plans::PlansCommand),
    /// Working groups (工作组): add, list
    #[command(subcommand)]
    Groups(super::guidance::GroupsCommand),
    /// Guidance visits (督促指导): add, list
    #[command(subcommand)]
    Guidance(super::guidance::GuidanceCommand),
    /// Info items (信息) and their adoptions: add, adopt, list, import, export
    #[command(subcommand)]
    Info(super::info::InfoCommand),
    /// Bulletin issues (简报): new, list, render
    #[command(subcommand)]
    Bulletin(super::bulletin::BulletinCommand),
    /// Incentive scoring (积分): standings, rulebooks, ledger, awards, settlement
    Scores(super::scores::ScoresArgs),
    /// Writes units in a loop and prints each acknowledged id (crash tests)
    #[command(hide = true)]
    TortureWriter {
        #[arg(long, default_value_t = 0)]
        count: u64,
        /// Random creates, renames, moves and archives, each acknowledged
        /// change printed as one JSON line with the unit's saved state
        #[arg(long)]
        mixed: bool,
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Fills a new database with synthetic data (benchmarks, torture tests)
    #[command(hide = true)]
    Gen {
        #[arg(long, value_enum, default_value_t)]
        scale: GenScale,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Stop after this record kind
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(crate::backend::start::synth::KIND_NAMES))]
        upto: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum GenScale {
    /// 400 units, 5,000 elders
    #[default]
    District,
    /// 4,000 units, 50,000 elders
    City,
    /// 20,000 units, 200,000 elders
    Province,
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Add a unit under a parent
    Add {
        /// Parent unit: id, path or unique name like 爱辉区/四嘉子乡
        #[arg(long, value_name = "PATH_OR_ID")]
        parent: String,
        /// district, township, subdistrict, education-bureau, village,
        /// community, school, other, or 区/乡镇/街道/教体局/村屯/社区/学校/其他
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        short_name: Option<String>,
    },
    /// Rename a unit
    Rename {
        /// Unit: id, path or unique name
        unit: String,
        #[arg(long)]
        name: String,
    },
    /// Move a unit under another parent
    Move {
        /// Unit: id, path or unique name
        unit: String,
        /// New parent: id, path or unique name
        #[arg(long)]
        to: String,
    },
    /// Archive a unit (a soft delete, kept in the history)
    Archive {
        /// Unit: id, path or unique name
        unit: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// List the accounts
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Give an OS user an account
    Add {
        /// The user's login name on the server
        user: String,
        /// admin (管理员), operator (录入员) or viewer (查看者)
        #[arg(long)]
        role: String,
        /// The unit (id, path or unique name) the user works in; an admin's defaults to
        /// the district
        #[arg(long, value_name = "PATH_OR_ID")]
        unit: Option<String>,
    },
    /// Change an account's role or unit
    Set {
        user: String,
        #[arg(long)]
        role: Option<String>,
        #[arg(long, value_name = "PATH_OR_ID")]
        unit: Option<String>,
    },
    /// Remove an account
    Remove { user: String },
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FileFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum StatusArg {
    Active,
    Removed,
}

#[derive(Debug, Subcommand)]
pub enum PeopleCommand {
    /// The roster, ID and phone numbers masked
    List {
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// 老干部/老战士/老专家/老教师/老模范 or cadre/veteran/expert/teacher/model
        #[arg(long)]
        category: Option<String>,
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Name, part of it, or pinyin initials
        #[arg(long)]
        search: Option<String>,
        /// Include team members who are not elders
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The under-active queue in full: elders on the roll with neither a
    /// talk nor a work record in the last --months months who joined before
    /// then (a report lists the first of them)
    UnderActive {
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// Quiet for this many months
        #[arg(long, default_value_t = 6)]
        months: u32,
        /// As of this day [default: today]
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One person's card, with whole ID and phone numbers
    Show {
        /// Id, ID number, or a name only one person has
        person: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Register a person; with --category, as an elder
    Add {
        #[arg(long)]
        name: String,
        /// Unit: id, path or unique name
        #[arg(long, value_name = "PATH")]
        unit: String,
        #[arg(long)]
        category: Option<String>,
        /// 组织部/人社局/退役军人事务局/教育系统/其他
        #[arg(long)]
        source: Option<String>,
        #[arg(long, value_name = "DATE")]
        joined: Option<String>,
        /// 男/女
        #[arg(long)]
        gender: Option<String>,
        #[arg(long, value_name = "DATE")]
        birth: Option<String>,
        #[arg(long)]
        id_number: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// A core elder (五老骨干)
        #[arg(long)]
        core: bool,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Strike an elder off the roll
    StrikeOff {
        person: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        /// 只挂名无作为/身体原因/去世/迁出/本人申请/其他
        #[arg(long)]
        reason: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// Record a talk (谈心谈话)
    Talk {
        person: String,
        #[arg(long, value_name = "DATE")]
        on: String,
        /// Who held the talk
        #[arg(long)]
        by: String,
        #[arg(long, default_value = "")]
        summary: String,
        /// 保留/观察/除名 (keep/watch/strike-off)
        #[arg(long, default_value = "keep")]
        outcome: String,
    },
    /// Add an honour, e.g. 先进典型
    Honour {
        person: String,
        #[arg(long)]
        title: String,
        /// 区级/市级/省级/国家级/其他
        #[arg(long, default_value = "区级")]
        level: String,
        #[arg(long, value_name = "DATE")]
        on: String,
    },
    /// Void a record typed in error (a double registration, the wrong
    /// person): kept and audited, counted nowhere; unlike strike-off, which
    /// is a fact of the roll
    Void {
        person: String,
        /// Why, e.g. 重复登记
        #[arg(long)]
        reason: String,
    },
    /// Restore a voided record (administrators only)
    Unvoid {
        /// The record's id (ggw history shows it)
        id: u64,
    },
    /// Mark elders re-registered: those named, or everyone on the roll in --unit
    Reregister {
        people: Vec<String>,
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        #[arg(long, value_name = "DATE")]
        on: String,
    },
    /// Import a roster (CSV in UTF-8, or XLSX): all rows or none
    Import {
        file: PathBuf,
        /// Check the file and report problems; write nothing (the check is
        /// recorded in the audit log)
        #[arg(long)]
        check: bool,
        /// Import rows that repeat, field for field, someone registered
        /// without an ID number or birth date (refused otherwise, as a
        /// likely second import of the same file)
        #[arg(long)]
        allow_namesakes: bool,
    },
    /// Export the roster of elders (五老名册), numbered; ID and phone numbers
    /// masked unless --unmasked
    Export {
        /// csv or xlsx [default: from the file name, else csv]
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// Elders on the roll (active, the default) or struck off (removed)
        #[arg(long, value_enum, conflicts_with = "all")]
        status: Option<StatusArg>,
        /// Everyone: elders on the roll and struck off, and team members
        /// who are not elders (a whole copy, for re-import)
        #[arg(long)]
        all: bool,
        /// Whole ID and phone numbers (for re-import or reporting upwards)
        #[arg(long)]
        unmasked: bool,
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PositionCommand {
    /// Appoint a person to a post in a unit's team
    Add {
        #[arg(long, value_name = "PATH")]
        unit: String,
        /// director, executive-deputy, deputy, secretary-general, member, liaison (or 主任, 常务副主任, …)
        #[arg(long)]
        role: String,
        /// Id, ID number, or a name only one person has
        #[arg(long, value_name = "NAME_OR_ID")]
        person: String,
        #[arg(long, value_name = "DATE")]
        from: String,
        /// Appointment document number
        #[arg(long)]
        doc: Option<String>,
        /// Work assigned, e.g. 创典型
        #[arg(long)]
        area: Option<String>,
    },
    /// End a term
    End {
        /// The position's id (see ggw position list)
        id: u64,
        #[arg(long, value_name = "DATE")]
        on: String,
    },
    /// Teams, serving terms only unless --all
    List {
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        #[arg(long)]
        all: bool,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}
