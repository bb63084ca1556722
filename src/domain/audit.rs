//! The audit log: who changed what, when, and what it was before and after.

use serde::{Deserialize, Serialize};

use super::UnitId;
use super::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RecordKind {
    Unit,
    Database,
    Account,
    MeetingSeries,
    Meeting,
    Task,
    Person,
    Position,
    Reserve,
    Activity,
    Training,
    Visit,
    StudySession,
    Plan,
    WorkingGroup,
    GuidanceVisit,
    InfoItem,
    Bulletin,
    Rulebook,
    ScoreAdjustment,
}

impl RecordKind {
    pub fn label_zh(self) -> &'static str {
        match self {
            RecordKind::Unit => "单位",
            RecordKind::Database => "数据库",
            RecordKind::Account => "账号",
            RecordKind::MeetingSeries => "会议系列",
            RecordKind::Meeting => "会议",
            RecordKind::Task => "任务",
            RecordKind::Person => "人员",
            RecordKind::Position => "任职",
            RecordKind::Reserve => "后备人选",
            RecordKind::Activity => "活动",
            RecordKind::Training => "培训",
            RecordKind::Visit => "下村工作",
            RecordKind::StudySession => "研学",
            RecordKind::Plan => "培育规划",
            RecordKind::WorkingGroup => "工作组",
            RecordKind::GuidanceVisit => "督促指导",
            RecordKind::InfoItem => "信息",
            RecordKind::Bulletin => "简报",
            RecordKind::Rulebook => "考核细则",
            RecordKind::ScoreAdjustment => "奖惩",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            RecordKind::Unit => "unit",
            RecordKind::Database => "database",
            RecordKind::Account => "account",
            RecordKind::MeetingSeries => "meeting series",
            RecordKind::Meeting => "meeting",
            RecordKind::Task => "task",
            RecordKind::Person => "person",
            RecordKind::Position => "position",
            RecordKind::Reserve => "reserve candidate",
            RecordKind::Activity => "activity",
            RecordKind::Training => "training",
            RecordKind::Visit => "village visit",
            RecordKind::StudySession => "study-base session",
            RecordKind::Plan => "cultivation plan",
            RecordKind::WorkingGroup => "working group",
            RecordKind::GuidanceVisit => "guidance visit",
            RecordKind::InfoItem => "info item",
            RecordKind::Bulletin => "bulletin",
            RecordKind::Rulebook => "rulebook",
            RecordKind::ScoreAdjustment => "award or penalty",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAction {
    Create,
    Rename,
    Move,
    Archive,
    Init,
    /// A record changed in place: an account, a person's details, a series, a task.
    Update,
    Remove,
    StrikeOff,
    Talk,
    Honour,
    Reregister,
    Import,
    Appoint,
    EndTerm,
    /// `people import --check`: rows checked against the database, nothing
    /// registered.
    ImportCheck,
    /// `ggw repair` set damaged records aside, or emptied the quarantine.
    Repair,
    /// A record typed in error set aside, and brought back.
    Void,
    Unvoid,
}

impl AuditAction {
    pub fn label_zh(self) -> &'static str {
        match self {
            AuditAction::Create => "新建",
            AuditAction::Rename => "改名",
            AuditAction::Move => "移动",
            AuditAction::Archive => "撤销",
            AuditAction::Init => "创建数据库",
            AuditAction::Update => "修改",
            AuditAction::Remove => "删除",
            AuditAction::StrikeOff => "除名",
            AuditAction::Talk => "谈心谈话",
            AuditAction::Honour => "表彰",
            AuditAction::Reregister => "重新登记",
            AuditAction::Import => "导入",
            AuditAction::Appoint => "任命",
            AuditAction::EndTerm => "免职",
            AuditAction::ImportCheck => "核对导入",
            AuditAction::Repair => "修复数据库",
            AuditAction::Void => "作废",
            AuditAction::Unvoid => "恢复作废",
        }
    }
    pub fn label_en(self) -> &'static str {
        match self {
            AuditAction::Create => "create",
            AuditAction::Rename => "rename",
            AuditAction::Move => "move",
            AuditAction::Archive => "archive",
            AuditAction::Init => "create database",
            AuditAction::Update => "update",
            AuditAction::Remove => "remove",
            AuditAction::StrikeOff => "strike off",
            AuditAction::Talk => "talk",
            AuditAction::Honour => "honour",
            AuditAction::Reregister => "re-register",
            AuditAction::Import => "import",
            AuditAction::Appoint => "appoint",
            AuditAction::EndTerm => "end term",
            AuditAction::ImportCheck => "import check",
            AuditAction::Repair => "repair database",
            AuditAction::Void => "void",
            AuditAction::Unvoid => "unvoid",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: u64,
    pub at: Timestamp,
    pub user: String,
    pub action: AuditAction,
    pub kind: RecordKind,
    pub record: u64,
    /// The unit the change belongs to, for `history --unit`.
    pub unit: Option<UnitId>,
    /// The record's name when the change was made.
    pub label: String,
    /// Compact JSON of the record before and after the change.
    pub before: Option<String>,
    pub after: Option<String>,
}
