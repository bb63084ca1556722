//! Every refusal the program can give, as data (so it can cross the server's
//! socket) with its message in each language.

use serde::{Deserialize, Serialize};

use crate::domain::UnitKind;
use crate::domain::account::AccountRole;
use crate::domain::day::Day;
use crate::domain::limits::{Limited, Measure, OverLimit};
use crate::domain::person::Role;
use crate::domain::text::{CharKind, NameProblem};
use crate::domain::time::{Timestamp, format_local};
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

impl RowProblem {
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("第 {} 行：{}", self.line, self.zh),
            Lang::En => format!("line {}: {}", self.line, self.en),
        }
    }
}

/// Import reports stop listing rows after this many; the count says the rest.
const MAX_LISTED_PROBLEMS: usize = 200;

fn list_problems(problems: &[RowProblem], lang: Lang) -> String {
    let mut out: Vec<String> = problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(|p| p.message(lang))
        .collect();
    if problems.len() > MAX_LISTED_PROBLEMS {
        let more = problems.len() - MAX_LISTED_PROBLEMS;
        out.push(match lang {
            Lang::Zh => format!("……另有 {more} 处问题未列出"),
            Lang::En => format!("… and {more} more problems"),
        });
    }
    out.join("\n")
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

fn char_kind_zh(kind: CharKind) -> &'static str {
    match kind {
        CharKind::Control => "是控制字符，会改动终端显示，请删除后重试。",
        CharKind::Direction => "是文字方向控制符，会打乱文字顺序，请删除后重试。",
        CharKind::Invisible => {
            "是不可见字符（显示为空白或什么都不显示，会让两个名称看起来一样），请删除后重试。"
        }
        CharKind::OddSpace => "是特殊空格，看起来和普通空格一样，请改用普通空格。",
        CharKind::LoneMark => "是组合符号，前面没有可以附着的字，请删除后重试。",
        CharKind::UserName => "不能出现在用户名中：用户名不能有空格、冒号或斜杠。",
    }
}

fn char_kind_en(kind: CharKind) -> &'static str {
    match kind {
        CharKind::Control => "is a control character, which steers the terminal: please remove it.",
        CharKind::Direction => {
            "is a text-direction control, which reorders the text: please remove it."
        }
        CharKind::Invisible => {
            "is invisible (it shows as a blank or as nothing, so two names would look the same): please remove it."
        }
        CharKind::OddSpace => {
            "is a special space that looks like an ordinary one: type an ordinary space instead."
        }
        CharKind::LoneMark => "is a combining mark with no letter before it: please remove it.",
        CharKind::UserName => "may not be in a user name: no blanks, colons or slashes.",
    }
}

fn kind_label(k: Option<UnitKind>, lang: Lang) -> &'static str {
    match (k, lang) {
        (Some(k), Lang::Zh) => k.label_zh(),
        (Some(k), Lang::En) => k.label_en(),
        (None, Lang::Zh) => "顶层",
        (None, Lang::En) => "the top level",
    }
}

fn kinds_allowed(parent: Option<UnitKind>, lang: Lang) -> String {
    let sep = lang.pick("、", ", ");
    UnitKind::children_allowed(parent)
        .into_iter()
        .map(|k| kind_label(Some(k), lang))
        .collect::<Vec<_>>()
        .join(sep)
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
            Error::InvalidField { field, .. } => Some(field.code()),
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

    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.message_zh(),
            Lang::En => self.message_en(),
        }
    }

    fn message_zh(&self) -> String {
        match self {
            Error::NameEmpty => "名称不能为空，请输入名称。".into(),
            Error::NameTooWide { width, max } => {
                format!("名称太长（{width} 个字符宽，最多 {max}，即 20 个汉字），请缩短。")
            }
            Error::NameTooLong { chars, max } => {
                format!("名称太长（{chars} 个字符，最多 {max} 个），请缩短。")
            }
            Error::NameForbiddenChar {
                position,
                code,
                kind,
            } => format!(
                "名称第 {position} 个字符（U+{code:04X}）{}",
                char_kind_zh(*kind)
            ),
            Error::NameTooManyMarks { position, max } => format!(
                "名称第 {position} 个字符处叠加的组合符号太多（一个字上最多 {max} 个），请删除多余的符号。"
            ),
            Error::NameTaken { name, parent } => {
                format!("“{parent}”下已有名为“{name}”的单位，请换一个名称。")
            }
            Error::KindNotAllowed { kind, parent } => format!(
                "“{}”不能设在{}之下。这里可以添加：{}。",
                kind.label_zh(),
                kind_label(*parent, Lang::Zh),
                kinds_allowed(*parent, Lang::Zh)
            ),
            Error::UnknownKind { given } => format!(
                "不认识的单位类型“{given}”。可用：区、乡镇、街道、教体局、村屯、社区、学校、其他（或 district、township、subdistrict、education-bureau、village、community、school、other）。"
            ),
            Error::MoveIntoOwnSubtree => {
                "不能把单位移到它自己或它的下级单位之下，请选择别的上级。".into()
            }
            Error::RootFixed => "区级单位是顶层，不能移动或撤销。".into(),
            Error::HasLiveChildren { count } => {
                format!("该单位下还有 {count} 个未撤销的下级单位，请先移走或撤销它们。")
            }
            Error::UnitArchived { name } => format!("单位“{name}”已撤销，不能再修改或在其下添加。"),
            Error::UnitNotFound { given } => format!(
                "找不到单位“{given}”。请用编号、完整路径（如 爱辉区/四嘉子乡/小乌斯力村）或单位名称，可用 ggw units 查看。"
            ),
            Error::UnitAmbiguous { given, paths } if paths.is_empty() => {
                format!("有多个单位叫“{given}”，请写完整路径或编号，可用 ggw units 查看。")
            }
            Error::UnitAmbiguous { given, paths } => format!(
                "有 {} 个单位叫“{given}”：{}。请写其中一个的完整路径。",
                paths.len(),
                paths.join("；")
            ),
            Error::NoSuchRecord { id } => format!("找不到编号为 {id} 的记录。"),
            Error::BadRule { zh, .. } => format!("重复规则有误：{zh}"),
            Error::BadDate { zh, .. } => zh.clone(),
            Error::BadTime { given } => {
                format!("时间“{given}”无法识别，请写成 时:分，如 09:00 或 14:30。")
            }
            Error::DatesBackwards { from, to } => {
                format!("结束日期 {to} 早于开始日期 {from}，请检查。")
            }
            Error::UnknownMeetingKind { given } => format!(
                "不认识的会议类型“{given}”。可用：plenary（全区关工委会议）、directors-office（主任办公会）、progress（工作推进会）、other（其他会议）。"
            ),
            Error::UnknownShift { given } => format!(
                "不认识的顺延方式“{given}”。可用：next（顺延到下一个工作日）、previous（提前到上一个工作日）、none（不调整）。"
            ),
            Error::UnknownPresence { given } => format!(
                "不认识的出席情况“{given}”。可用：present（出席）、absent（缺席）、substitute（代会）。"
            ),
            Error::SeriesNotFound { given } => format!(
                "找不到会议系列“{given}”。请用编号或标题，可用 ggw meetings series list 查看。"
            ),
            Error::SeriesArchived { title } => {
                format!("会议系列“{title}”已停用，不能再修改或登记会议。")
            }
            Error::NoMeetingOn { series, date } => format!(
                "“{series}”在 {date} 没有会议。请用 ggw meetings list 查看会议日期（规则日期或实际日期均可）。"
            ),
            Error::TextTooLong { chars, max } => {
                format!("文字太长（{chars} 字，最多 {max} 字），请分成几段保存。")
            }
            Error::Conflict { by, at } => format!(
                "保存失败：这条记录已被 {by} 于 {} 修改。已重新载入最新内容，请核对后再改。",
                format_local(*at)
            ),
            Error::DatabaseLocked { path } => format!(
                "数据库 {path} 正由另一个 ggw 打开。多人同时使用请在服务器上运行 ggw serve，各用户的 ggw 会自动连接它。"
            ),
            Error::DatabaseMissing { path } => format!(
                "数据库 {path} 不存在。请先用 ggw init --db {path} --district 区名 创建，或用 ggw demo 打开演示数据。"
            ),
            Error::DatabaseExists { path } => {
                format!("{path} 已有数据库，未做任何改动。如要新建，请换一个路径。")
            }
            Error::DatabaseDenied { path, blocked } => format!(
                "没有权限使用数据库 {path}：当前用户没有 {blocked} 的读写权限。没有改动任何数据。请管理员为当前用户开放它的权限（chmod 或 chown），或在服务器上运行 ggw serve，由它打开数据库，各用户连接它。"
            ),
            Error::DatabaseDiskFull { path } => format!(
                "磁盘已满，无法打开数据库 {path}（打开时也要写入少量数据）。没有改动任何数据。请腾出该磁盘的空间（或请服务器管理员清理）后再试。"
            ),
            Error::DatabaseUnopenable { path, detail } => format!(
                "无法打开数据库 {path}：{detail}。没有改动任何数据。请检查磁盘和该文件夹，然后运行 ggw check。"
            ),
            Error::SchemaTooNew { found, supported } => format!(
                "数据库的格式版本是 {found}，本程序只支持到 {supported}。请升级 ggw 后再打开。"
            ),
            Error::Corrupt { what } => format!(
                "数据损坏：{what}。请管理员运行 ggw check 查看，再用 ggw repair 隔离损坏的记录，或从备份恢复。"
            ),
            Error::Storage { detail } => format!("存储出错，未保存：{detail}"),
            Error::Io { detail } => format!("读写出错：{detail}"),
            Error::DiskFull => {
                "磁盘已满，这次修改没有保存。请腾出磁盘空间（或请服务器管理员清理）后再试。".into()
            }
            Error::NoAccount {
                user,
                admins,
                server_user,
            } => {
                let ask = if admins.is_empty() {
                    format!("服务器上还没有管理员，请运行服务的用户 {server_user} 执行")
                } else {
                    format!("请联系管理员（{}）执行", admins.join("、"))
                };
                format!(
                    "用户 {user} 没有 ggw 账号，服务器拒绝了连接。{ask}：ggw account add {user} --role operator --unit 单位路径"
                )
            }
            Error::NotPermitted {
                user,
                role,
                scope,
                target,
                write,
            } => format!(
                "{user} 是“{scope}”的{}，无权{}“{target}”。如需权限，请联系管理员。",
                role.label_zh(),
                if *write { "修改" } else { "查看" }
            ),
            Error::AdminOnly { user } => {
                format!("只有管理员能管理账号和检查整个数据库；{user} 不是管理员。")
            }
            Error::AccountExists { user } => {
                format!("{user} 已有账号。要修改请用 ggw account set {user}。")
            }
            Error::NoSuchAccount { user } => {
                format!("{user} 没有账号。可用 ggw account list 查看现有账号。")
            }
            Error::LastAdmin => {
                "这是最后一个管理员账号，不能删除或降级；请先给另一个用户设管理员。".into()
            }
            Error::UnknownRole { given } => format!(
                "不认识的角色“{given}”。可用：admin（管理员）、operator（录入员）、viewer（查看者）。"
            ),
            Error::UnitRequired { role } => format!(
                "{}需要指定单位：请加上 --unit 单位路径（如 爱辉区/四嘉子乡）。",
                role.label_zh()
            ),
            Error::ProtocolMismatch { client, server } => format!(
                "版本不符：本程序使用通信协议第 {client} 版，服务器使用第 {server} 版。请让服务器和各用户使用同一版本的 ggw。"
            ),
            Error::NotAServer { path } => {
                format!("{path} 上的程序不是 ggw 服务器。请检查 --socket 或 $GGW_SOCKET。")
            }
            Error::Disconnected { detail } => {
                format!(
                    "与 ggw 服务器的连接断开了（{detail}）。最后一次操作可能未完成，请重新打开后核对。"
                )
            }
            Error::SocketDenied { path } => format!(
                "无权连接 ggw 服务器 {path}。请让管理员把你加入服务器的工作组（如 ggw 组）后重新登录。"
            ),
            Error::SocketInUse { path } => format!(
                "已有一个 ggw 服务器在 {path} 上运行。一台服务器只需运行一个；如要另起一个，请用 --socket 换一个路径。"
            ),
            Error::UnknownGroup { group } => {
                format!("系统中没有名为“{group}”的用户组。请先用 groupadd {group} 创建。")
            }
            Error::ServerBusy { reason } => reason.message_zh(),
            Error::InvalidField { zh, .. } => zh.clone(),
            Error::PersonNotFound { given } => format!(
                "找不到人员“{given}”。请用编号、姓名或身份证号，可用 ggw people list 查看。"
            ),
            Error::PersonAmbiguous { given, candidates } => format!(
                "有 {} 人叫“{given}”：{}。请改用编号。",
                candidates.len(),
                candidates.join("；")
            ),
            Error::DuplicateIdNumber {
                masked,
                existing,
                existing_name,
            } => format!("身份证号 {masked} 已登记为 #{existing} {existing_name}，不能重复登记。"),
            Error::DuplicateNameBirth {
                name,
                birth,
                unit,
                existing,
            } => format!(
                "“{unit}”已有同名同出生日期的人员：#{existing} {name}（{birth}），不能重复登记。"
            ),
            Error::NotAnElder { name } => format!("{name} 不在五老名册上。"),
            Error::AlreadyStruckOff { name, on } => format!("{name} 已于 {on} 除名。"),
            Error::PositionEnded { id, on } => format!("任职 #{id} 已于 {on} 结束。"),
            Error::TaskWithoutMeeting { id } => {
                format!("任务 #{id} 不是会上布置的，没有对应的会议。")
            }
            Error::TaskRepeated { id, title } => {
                format!("这条已经是任务 #{id}（{title}），没有重复建立。")
            }
            Error::EndBeforeStart { from, to } => {
                format!("结束日期 {to} 早于开始日期 {from}，请检查日期。")
            }
            Error::RoleHeld {
                role,
                holder,
                unit,
                position,
            } => format!(
                "“{unit}”的{}由 {holder} 担任（任职 #{position}）。请先用 ggw position end {position} --on 日期 结束其任期。",
                role.label_zh()
            ),
            Error::ImportFile { zh, .. } => format!("无法导入：{zh}"),
            Error::ImportRejected { problems } => format!(
                "导入未执行，没有写入任何数据：{} 行有问题，请改正后重新导入。\n{}",
                problems
                    .iter()
                    .map(|p| p.line)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len(),
                list_problems(problems, Lang::Zh)
            ),
            Error::IdNumberRegistered { masked } => {
                format!("身份证号 {masked} 已登记，不能重复登记。")
            }
            Error::ArchiveOwnScope { unit } => format!(
                "不能撤销“{unit}”：您的账号限于这个单位，撤销后将无法再管理它。如确需撤销，请联系管理员。"
            ),
            Error::TooLong { field, given } => match field.measure() {
                Measure::Chars => format!(
                    "{}太长：{given} 个字，最多 {} 个字（各项上限见 README 的“长度上限”）。没有保存，请删减后再试。",
                    field.label_zh(),
                    field.max()
                ),
                Measure::Items => format!(
                    "{}太多：{given} 项，最多 {} 项（各项上限见 README 的“长度上限”）。没有保存，请删减后再试。",
                    field.label_zh(),
                    field.max()
                ),
            },
            Error::Unopenable { path, detail } => format!(
                "数据库 {path} 的文件已损坏，无法打开（{detail}）。请从备份恢复；损坏的文件夹请先另存一份，便于查明原因。"
            ),
            Error::RecordTooLarge { tree, bytes, max } => format!(
                "记录太大，没有保存：{tree} 中的一条记录有 {bytes} 字节，最多 {max} 字节。请删减其中的文字或列表后再试。"
            ),
            Error::BackupBroken { line, zh, .. } => {
                format!("备份文件第 {line} 行有问题：{zh}。没有恢复任何数据。")
            }
            Error::BackupRunning => "另一个备份正在进行，请等它结束后再试。".into(),
            Error::RestoreTargetInUse { path } => format!(
                "{path} 已存在且不是空文件夹，未做任何改动。恢复只写入新文件夹，请用 --db 指定一个新路径。"
            ),
            Error::RestoreCheckFailed { faults } => format!(
                "恢复出的数据库没有通过检查（{} 处问题），已删除，没有留下任何数据：\n{}",
                faults.len(),
                faults
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Error::RecordVoided { kind, id } => format!(
                "{} #{id} 已作废，不能修改，也不计入任何统计。如是误作废，请管理员用 unvoid 恢复（如 ggw people unvoid {id}）。",
                kind.label_zh()
            ),
            Error::NotVoided { kind, id } => {
                format!("{} #{id} 没有作废，无需恢复。", kind.label_zh())
            }
            Error::VoidRefused { zh, .. } => zh.clone(),
            Error::UnitHasPeople { unit, elders, team } => format!(
                "不能撤销“{unit}”：它还有 {elders} 名在册五老、{team} 名在任班子成员，撤销后他们将留在一个不在单位树中的单位下。请先在花名册中把五老调到其他单位（编辑“所属单位”），用 ggw position end 结束班子任职（或在新单位重新任命），再撤销。"
            ),
        }
    }

    fn message_en(&self) -> String {
        match self {
            Error::NameEmpty => "The name is empty: please type a name.".into(),
            Error::NameTooWide { width, max } => format!(
                "The name is too long ({width} columns, at most {max}, i.e. 20 Chinese characters): please shorten it."
            ),
            Error::NameTooLong { chars, max } => format!(
                "The name is too long ({chars} characters, at most {max}): please shorten it."
            ),
            Error::NameForbiddenChar {
                position,
                code,
                kind,
            } => format!(
                "Character {position} of the name (U+{code:04X}) {}",
                char_kind_en(*kind)
            ),
            Error::NameTooManyMarks { position, max } => format!(
                "Too many combining marks are stacked at character {position} of the name (at most {max} on one letter): please remove the extra ones."
            ),
            Error::NameTaken { name, parent } => {
                format!("\"{parent}\" already has a unit named \"{name}\": please choose another name.")
            }
            Error::KindNotAllowed { kind, parent } => format!(
                "A {} cannot sit under {}. Allowed here: {}.",
                kind.label_en(),
                kind_label(*parent, Lang::En),
                kinds_allowed(*parent, Lang::En)
            ),
            Error::UnknownKind { given } => format!(
                "Unknown unit kind \"{given}\". Use one of: district, township, subdistrict, education-bureau, village, community, school, other (or the Chinese names)."
            ),
            Error::MoveIntoOwnSubtree => {
                "A unit cannot move under itself or one of its own sub-units: choose another parent.".into()
            }
            Error::RootFixed => "The district is the top level: it cannot be moved or archived.".into(),
            Error::HasLiveChildren { count } => format!(
                "This unit still has {count} live sub-units: move or archive them first."
            ),
            Error::UnitArchived { name } => {
                format!("Unit \"{name}\" is archived: it cannot be changed or receive new units.")
            }
            Error::UnitNotFound { given } => format!(
                "No unit \"{given}\". Name it by id, full path (e.g. 爱辉区/四嘉子乡/小乌斯力村) or name; `ggw units` lists them."
            ),
            Error::UnitAmbiguous { given, paths } if paths.is_empty() => format!(
                "Several units are called \"{given}\": give the full path or the id; `ggw units` lists them."
            ),
            Error::UnitAmbiguous { given, paths } => format!(
                "{} units are called \"{given}\": {}. Give the full path of one of them.",
                paths.len(),
                paths.join("; ")
            ),
            Error::NoSuchRecord { id } => format!("No record with id {id}."),
            Error::BadRule { en, .. } => format!("Invalid recurrence rule: {en}"),
            Error::BadDate { en, .. } => en.clone(),
            Error::BadTime { given } => {
                format!("Time \"{given}\" not recognised: write hours:minutes, e.g. 09:00 or 14:30.")
            }
            Error::DatesBackwards { from, to } => {
                format!("The end date {to} is before the start date {from}.")
            }
            Error::UnknownMeetingKind { given } => format!(
                "Unknown meeting kind \"{given}\". Use one of: plenary, directors-office, progress, other."
            ),
            Error::UnknownShift { given } => format!(
                "Unknown shift \"{given}\". Use next (to the next working day), previous (to the previous one) or none."
            ),
            Error::UnknownPresence { given } => format!(
                "Unknown attendance mark \"{given}\". Use present, absent or substitute."
            ),
            Error::SeriesNotFound { given } => format!(
                "No meeting series \"{given}\". Name it by id or title; `ggw meetings series list` lists them."
            ),
            Error::SeriesArchived { title } => {
                format!("The meeting series \"{title}\" is archived: it cannot be changed.")
            }
            Error::NoMeetingOn { series, date } => format!(
                "\"{series}\" has no meeting on {date}. `ggw meetings list` shows the dates (rule date or actual date both work)."
            ),
            Error::TextTooLong { chars, max } => format!(
                "The text is too long ({chars} characters, at most {max}): please split it."
            ),
            Error::Conflict { by, at } => format!(
                "Not saved: {by} changed this record at {}. The latest version has been loaded; check it and edit again.",
                format_local(*at)
            ),
            Error::DatabaseLocked { path } => format!(
                "The database {path} is open in another ggw. To let several people work at once, run `ggw serve` on the server; everyone's ggw then connects to it."
            ),
            Error::DatabaseMissing { path } => format!(
                "There is no database at {path}. Create one with `ggw init --db {path} --district NAME`, or try `ggw demo`."
            ),
            Error::DatabaseExists { path } => {
                format!("{path} already holds a database; nothing was changed. Choose another path.")
            }
            Error::DatabaseDenied { path, blocked } => format!(
                "Permission denied for the database at {path}: this user lacks read or write access to {blocked}. Nothing was changed. Ask an administrator to give this user access to it (chmod or chown), or run `ggw serve` on the server, which opens the database for everyone."
            ),
            Error::DatabaseDiskFull { path } => format!(
                "The disk is full, so the database at {path} could not be opened (opening it writes a little). Nothing was changed. Free some space on that disk (or ask the server's administrator) and try again."
            ),
            Error::DatabaseUnopenable { path, detail } => format!(
                "Cannot open the database at {path}: {detail}. Nothing was changed. Check the disk and the folder, then run `ggw check`."
            ),
            Error::SchemaTooNew { found, supported } => format!(
                "The database has format version {found}; this ggw supports up to {supported}. Please upgrade ggw."
            ),
            Error::Corrupt { what } => {
                format!(
                    "Damaged data: {what}. An administrator can run `ggw check` to see it, then `ggw repair` to set damaged records aside, or restore from a backup."
                )
            }
            Error::Storage { detail } => format!("Storage error, nothing saved: {detail}"),
            Error::Io { detail } => format!("I/O error: {detail}"),
            Error::DiskFull => {
                "The disk is full; this change was not saved. Free some disk space (or ask the server's administrator) and try again.".into()
            }
            Error::NoAccount {
                user,
                admins,
                server_user,
            } => {
                let ask = if admins.is_empty() {
                    format!("There is no administrator yet: ask {server_user}, who runs the server, to run")
                } else {
                    format!("Ask an administrator ({}) to run", admins.join(", "))
                };
                format!(
                    "User {user} has no ggw account, so the server refused the connection. {ask}: ggw account add {user} --role operator --unit PATH"
                )
            }
            Error::NotPermitted {
                user,
                role,
                scope,
                target,
                write,
            } => format!(
                "{user} is {} of \"{scope}\" and may not {} \"{target}\". Ask an administrator if you need to.",
                role.label_en(),
                if *write { "change" } else { "read" }
            ),
            Error::AdminOnly { user } => format!(
                "Only administrators manage accounts and check the whole database; {user} is not one."
            ),
            Error::AccountExists { user } => {
                format!("{user} already has an account; change it with `ggw account set {user}`.")
            }
            Error::NoSuchAccount { user } => {
                format!("{user} has no account; `ggw account list` shows them.")
            }
            Error::LastAdmin => "This is the last administrator: it cannot be removed or demoted. Make another user an administrator first.".into(),
            Error::UnknownRole { given } => {
                format!("Unknown role \"{given}\". Use admin, operator or viewer.")
            }
            Error::UnitRequired { role } => format!(
                "An {} works in one unit: add --unit PATH (e.g. 爱辉区/四嘉子乡).",
                role.label_en()
            ),
            Error::ProtocolMismatch { client, server } => format!(
                "Version mismatch: this ggw speaks protocol version {client}, the server speaks version {server}. Run the same ggw version on the server and for every user."
            ),
            Error::NotAServer { path } => {
                format!("What listens at {path} is not a ggw server. Check --socket or $GGW_SOCKET.")
            }
            Error::Disconnected { detail } => format!(
                "The connection to the ggw server was lost ({detail}). The last action may not have completed: reopen and check."
            ),
            Error::SocketDenied { path } => format!(
                "You may not connect to the ggw server at {path}. Ask an administrator to add you to the server's staff group (e.g. ggw), then log in again."
            ),
            Error::SocketInUse { path } => format!(
                "A ggw server is already running at {path}. One is enough; to start another, give it a different --socket."
            ),
            Error::UnknownGroup { group } => {
                format!("There is no group named \"{group}\"; create it with groupadd {group}.")
            }
            Error::ServerBusy { reason } => reason.message_en(),
            Error::InvalidField { en, .. } => en.clone(),
            Error::PersonNotFound { given } => format!(
                "No person \"{given}\". Name them by id, name or ID number; `ggw people list` lists them."
            ),
            Error::PersonAmbiguous { given, candidates } => format!(
                "{} people are called \"{given}\": {}. Use the id instead.",
                candidates.len(),
                candidates.join("; ")
            ),
            Error::DuplicateIdNumber {
                masked,
                existing,
                existing_name,
            } => format!(
                "ID number {masked} is already registered as #{existing} {existing_name}; a person cannot be registered twice."
            ),
            Error::DuplicateNameBirth {
                name,
                birth,
                unit,
                existing,
            } => format!(
                "\"{unit}\" already has #{existing} {name} born {birth}; a person cannot be registered twice."
            ),
            Error::NotAnElder { name } => format!("{name} is not on the elder roll."),
            Error::AlreadyStruckOff { name, on } => format!("{name} was struck off on {on}."),
            Error::PositionEnded { id, on } => format!("Term #{id} already ended on {on}."),
            Error::TaskWithoutMeeting { id } => {
                format!("Task #{id} was not given at a meeting, so it has no meeting to open.")
            }
            Error::TaskRepeated { id, title } => {
                format!("This is already task #{id} ({title}); it was not added twice.")
            }
            Error::EndBeforeStart { from, to } => {
                format!("The end date {to} is before the start date {from}: please check the dates.")
            }
            Error::RoleHeld {
                role,
                holder,
                unit,
                position,
            } => format!(
                "{holder} holds the post of {} in \"{unit}\" (term #{position}). End that term first: ggw position end {position} --on DATE.",
                role.label_en()
            ),
            Error::ImportFile { en, .. } => format!("Cannot import: {en}"),
            Error::ImportRejected { problems } => format!(
                "Nothing was imported: {} rows have problems. Correct them and import again.\n{}",
                problems.iter().map(|p| p.line).collect::<std::collections::BTreeSet<_>>().len(),
                list_problems(problems, Lang::En)
            ),
            Error::IdNumberRegistered { masked } => format!(
                "ID number {masked} is already registered; a person cannot be registered twice."
            ),
            Error::ArchiveOwnScope { unit } => format!(
                "Cannot archive \"{unit}\": your account is limited to this unit, and archiving it would lock you out. Ask an administrator if it must go."
            ),
            Error::TooLong { field, given } => match field.measure() {
                Measure::Chars => format!(
                    "Not saved: {} is too long ({given} characters, at most {}; the README lists every limit under \"Limits\"). Shorten it and try again.",
                    field.label_en(),
                    field.max()
                ),
                Measure::Items => format!(
                    "Not saved: too many {} ({given}, at most {}; the README lists every limit under \"Limits\"). Remove some and try again.",
                    field.label_en(),
                    field.max()
                ),
            },
            Error::Unopenable { path, detail } => format!(
                "The database {path} cannot be opened: its files are damaged ({detail}). Restore it from a backup; keep a copy of the damaged folder to find out what happened."
            ),
            Error::RecordTooLarge { tree, bytes, max } => format!(
                "Not saved: a record of {tree} would take {bytes} bytes, at most {max}. Shorten its text or lists and try again."
            ),
            Error::BackupBroken { line, en, .. } => {
                format!("The backup file is broken at line {line}: {en}. Nothing was restored.")
            }
            Error::BackupRunning => {
                "Another backup is running; try again when it has finished.".into()
            }
            Error::RestoreTargetInUse { path } => format!(
                "{path} exists and is not an empty folder; nothing was changed. A restore writes only into a new folder: name one with --db."
            ),
            Error::RestoreCheckFailed { faults } => format!(
                "The restored database failed the checks ({} faults), so it was removed; nothing was left behind:\n{}",
                faults.len(),
                faults.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
            ),
            Error::RecordVoided { kind, id } => format!(
                "{} #{id} is voided: it cannot be changed and counts nowhere. If it was voided by mistake, an administrator can restore it with unvoid (e.g. ggw people unvoid {id}).",
                kind.label_en()
            ),
            Error::NotVoided { kind, id } => {
                format!("{} #{id} is not voided; there is nothing to restore.", kind.label_en())
            }
            Error::VoidRefused { en, .. } => en.clone(),
            Error::UnitHasPeople { unit, elders, team } => format!(
                "Cannot archive \"{unit}\": it still has {elders} elder(s) on the roll and {team} serving team member(s), who would be left under a unit no longer in the tree. Move the elders to another unit first (edit their unit in the roster) and end the team's terms with ggw position end (or appoint them in the new unit), then archive."
            ),
        }
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

impl Busy {
    fn message_zh(&self) -> String {
        match self {
            Busy::Connections { limit } => format!(
                "服务器已满：已有 {limit} 个连接，达到服务器允许的上限。请稍后再试；如果常常这样，请管理员调大 ggw serve 的 --max-connections。"
            ),
            Busy::UserConnections { user, limit } => format!(
                "{user} 已经打开了 {limit} 个 ggw 连接，达到每个用户的上限。请关掉不用的 ggw 窗口后再试；确实需要更多，请管理员调大 ggw serve 的 --max-per-user。"
            ),
            Busy::RequestMemory => {
                "服务器正忙：正在接收的请求占满了为它们留出的内存，这次操作没有执行。请稍后再试。"
                    .into()
            }
            Busy::Resources { detail } => format!(
                "服务器资源不足（{detail}），无法接待这个连接，什么也没有改动。请稍后再试，并请管理员查看服务器日志。"
            ),
        }
    }

    fn message_en(&self) -> String {
        match self {
            Busy::Connections { limit } => format!(
                "The server is full: {limit} connections are open, as many as it allows. Try again in a moment; if this happens often, ask the administrator to raise `ggw serve --max-connections`."
            ),
            Busy::UserConnections { user, limit } => format!(
                "{user} already has {limit} ggw connections open, as many as one user may. Close the ggw windows you no longer use and try again; if you need more, ask the administrator to raise `ggw serve --max-per-user`."
            ),
            Busy::RequestMemory => "The server is busy: requests still arriving hold all the memory set aside for them, so this action was not run. Try again in a moment.".into(),
            Busy::Resources { detail } => format!(
                "The server is out of resources ({detail}) and could not serve this connection; nothing was changed. Try again in a moment, and ask the administrator to look at the server's log."
            ),
        }
    }
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
}
