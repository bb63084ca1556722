//! People: the elder (五老) roster and the leadership teams (班子).
//!
//! A `Person` is registered with one unit. Most are elders and carry an
//! `ElderMembership`; team members who are not elders (a school's deputy
//! head serving as 主任) have none. Talks and honours live inside the
//! membership: they are few per person and always read with it.

use serde::{Deserialize, Serialize};

use super::day::Day;
use super::id_number::{Gender, IdNumber};
use super::labels::labelled;
use super::time::Timestamp;
use super::unit::UnitId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PersonId(pub u64);

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

labelled!(
    /// The five kinds of 五老.
    Category {
        Cadre => ("cadre", "老干部", "cadre", ["干部"]),
        Veteran => ("veteran", "老战士", "veteran", ["老军人", "战士"]),
        Expert => ("expert", "老专家", "expert", ["老科技工作者", "专家"]),
        Teacher => ("teacher", "老教师", "teacher", ["教师"]),
        Model => ("model", "老模范", "model worker", ["老劳模", "模范", "model"]),
    }
);

labelled!(
    /// Where a recruit came from.
    Source {
        OrganisationDept => ("organisation", "组织部", "organisation department", ["区委组织部", "organization"]),
        HumanResources => ("hr", "人社局", "human resources bureau", ["人力资源和社会保障局", "人社"]),
        VeteransAffairs => ("veterans", "退役军人事务局", "veterans affairs bureau", ["退役军人局"]),
        Education => ("education", "教育系统", "education system", ["教育", "教体局"]),
        Other => ("other", "其他", "other", ["其它"]),
    }
);

labelled!(
    /// Why an elder was struck off the roll.
    RemovalReason {
        Inactive => ("inactive", "只挂名无作为", "inactive", ["挂名", "无作为", "不履职"]),
        Health => ("health", "身体原因", "health", ["身体", "健康原因"]),
        Deceased => ("deceased", "去世", "deceased", ["病故", "逝世"]),
        Moved => ("moved", "迁出", "moved away", ["外迁", "搬迁", "moved"]),
        OwnRequest => ("own-request", "本人申请", "own request", ["自愿退出", "本人要求"]),
        Other => ("other", "其他", "other", ["其它"]),
    }
);

labelled!(
    /// What a 谈心谈话 concluded.
    TalkOutcome {
        Keep => ("keep", "保留", "keep", ["继续保留"]),
        Watch => ("watch", "观察", "watch", ["继续观察"]),
        StrikeOff => ("strike-off", "除名", "strike off", ["建议除名"]),
    }
);

labelled!(
    HonourLevel {
        District => ("district", "区级", "district", ["区"]),
        City => ("city", "市级", "city", ["市"]),
        Province => ("province", "省级", "province", ["省"]),
        National => ("national", "国家级", "national", ["全国"]),
        Other => ("other", "其他", "other", ["其它"]),
    }
);

labelled!(
    /// A post in a unit's leadership team.
    Role {
        Director => ("director", "主任", "director", []),
        ExecutiveDeputy => ("executive-deputy", "常务副主任", "executive deputy", ["常务", "executive"]),
        Deputy => ("deputy", "副主任", "deputy director", ["deputy"]),
        SecretaryGeneral => ("secretary-general", "秘书长", "secretary-general", []),
        Member => ("member", "成员", "member", ["委员"]),
        Liaison => ("liaison", "联络员", "liaison", []),
    }
);

impl Role {
    /// Posts a team has exactly one of; when its holder leaves, the post is
    /// vacant until someone is appointed.
    pub fn is_single(self) -> bool {
        matches!(
            self,
            Role::Director | Role::ExecutiveDeputy | Role::SecretaryGeneral
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RosterStatus {
    Active,
    Removed {
        on: Day,
        reason: RemovalReason,
        note: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Talk {
    pub date: Day,
    pub by: String,
    pub summary: String,
    pub outcome: TalkOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Honour {
    pub title: String,
    pub level: HonourLevel,
    pub date: Day,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderMembership {
    pub category: Category,
    pub core: bool,
    pub skills: String,
    pub health: String,
    pub source: Source,
    pub joined: Option<Day>,
    pub reregistered: Option<Day>,
    pub status: RosterStatus,
    /// Oldest first.
    pub talks: Vec<Talk>,
    pub honours: Vec<Honour>,
}

impl ElderMembership {
    pub fn removed_on(&self) -> Option<Day> {
        match &self.status {
            RosterStatus::Active => None,
            RosterStatus::Removed { on, .. } => Some(*on),
        }
    }

    pub fn is_active(&self) -> bool {
        self.status == RosterStatus::Active
    }

    /// The day this elder counts as joined: the 入列日期, or without one the
    /// day the record was `registered`, or the strike-off day if that came
    /// first (nobody leaves the roll before being on it). Never "always":
    /// a record added today must not change last year's figures.
    pub fn joined_or(&self, registered: Day) -> Day {
        joined_or(self.joined, self.removed_on(), registered)
    }

    /// On the roll at the end of `day`: joined by then (see `joined_or`)
    /// and not yet struck off.
    pub fn on_roll(&self, registered: Day, day: Day) -> bool {
        on_roll(self.joined, self.removed_on(), registered, day)
    }

    pub fn last_talk(&self) -> Option<&Talk> {
        self.talks.iter().max_by_key(|t| t.date)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub gender: Option<Gender>,
    pub birth: Option<Day>,
    pub phone: String,
    pub id_number: Option<IdNumber>,
    pub address: String,
    /// Former employer and post, e.g. 区教育局 / 副局长.
    pub employer: String,
    pub post: String,
    /// 中共党员, 群众, …: as the office writes it.
    pub political: String,
    pub unit: UnitId,
    pub notes: String,
    pub elder: Option<ElderMembership>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    /// Typed in error: counted nowhere. Last, so older bytes decode.
    pub voided: Option<super::void::Voided>,
}

impl Person {
    /// Someone registered with a name and a unit and nothing else, for
    /// tests of what is built on the roster.
    #[cfg(test)]
    pub fn fixture(id: u64, name: &str, unit: u64) -> Person {
        Person {
            id: PersonId(id),
            name: name.into(),
            gender: None,
            birth: None,
            phone: String::new(),
            id_number: None,
            address: String::new(),
            employer: String::new(),
            post: String::new(),
            political: String::new(),
            unit: UnitId(unit),
            notes: String::new(),
            elder: None,
            created: 0,
            changed_at: 0,
            changed_by: String::new(),
            rev: 1,
            voided: None,
        }
    }

    /// The birth date as given, else the one inside the ID number.
    pub fn birth_day(&self) -> Option<Day> {
        self.birth.or_else(|| {
            self.id_number
                .as_ref()
                .map(|n| Day::from_date(n.birth_date()))
        })
    }

    /// The local day the record was first saved.
    pub fn registered_day(&self) -> Day {
        super::time::local_day(self.created)
    }

    /// The day an elder counts as joined (see `ElderMembership::joined_or`).
    pub fn joined_day(&self) -> Option<Day> {
        let e = self.elder.as_ref()?;
        Some(e.joined_or(self.registered_day()))
    }

    /// An elder on the roll at the end of `day`.
    pub fn on_roll(&self, day: Day) -> bool {
        self.elder
            .as_ref()
            .is_some_and(|e| e.on_roll(self.registered_day(), day))
    }

    pub fn age_on(&self, day: Day) -> Option<u32> {
        day.years_since(self.birth_day()?)
    }

    pub fn is_elder(&self) -> bool {
        self.elder.is_some()
    }

    pub fn masked_id_number(&self) -> String {
        self.id_number
            .as_ref()
            .map(IdNumber::masked)
            .unwrap_or_default()
    }
}

/// What a form or an import row gives for a person; the service checks it
/// and stamps id, rev and who. Talks and honours have their own commands.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PersonDraft {
    pub name: String,
    pub gender: Option<Gender>,
    pub birth: Option<Day>,
    pub phone: String,
    /// As typed; checked (length, date, check digit) by the service.
    pub id_number: String,
    pub address: String,
    pub employer: String,
    pub post: String,
    pub political: String,
    pub unit: Option<UnitId>,
    pub notes: String,
    pub elder: Option<ElderDraft>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElderDraft {
    pub category: Category,
    pub core: bool,
    pub skills: String,
    pub health: String,
    pub source: Source,
    pub joined: Option<Day>,
    pub reregistered: Option<Day>,
    pub status: RosterStatus,
}

impl PersonDraft {
    /// The draft that edits `p` unchanged.
    pub fn of(p: &Person) -> PersonDraft {
        PersonDraft {
            name: p.name.clone(),
            gender: p.gender,
            birth: p.birth,
            phone: p.phone.clone(),
            id_number: p
                .id_number
                .as_ref()
                .map(|n| n.as_str().to_string())
                .unwrap_or_default(),
            address: p.address.clone(),
            employer: p.employer.clone(),
            post: p.post.clone(),
            political: p.political.clone(),
            unit: Some(p.unit),
            notes: p.notes.clone(),
            elder: p.elder.as_ref().map(|e| ElderDraft {
                category: e.category,
                core: e.core,
                skills: e.skills.clone(),
                health: e.health.clone(),
                source: e.source,
                joined: e.joined,
                reregistered: e.reregistered,
                status: e.status.clone(),
            }),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PositionId(pub u64);

impl std::fmt::Display for PositionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A person's term in a post of a unit's team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    pub id: PositionId,
    pub unit: UnitId,
    pub person: PersonId,
    pub role: Role,
    pub from: Day,
    /// The day the term ended; open while serving.
    pub to: Option<Day>,
    /// The appointment document, e.g. 爱关发〔2023〕5号.
    pub doc: String,
    /// The work assigned, e.g. which part of 三创 a deputy leads.
    pub area: String,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
}

impl Position {
    /// Serving on `day`: the term has begun and has not ended on or before
    /// it (the end date is the first day no longer served).
    pub fn serving_on(&self, day: Day) -> bool {
        self.from <= day && self.to.is_none_or(|t| day < t)
    }
}

/// The day an elder counts as joined, from the 入列日期 (`joined`), the
/// strike-off day and the day the record was registered: the one rule
/// `ElderMembership::joined_or` and the roll's view of a stored record
/// both follow.
pub fn joined_or(joined: Option<Day>, removed: Option<Day>, registered: Day) -> Day {
    match (joined, removed) {
        (Some(j), _) => j,
        (None, Some(r)) if r < registered => r,
        (None, _) => registered,
    }
}

/// On the roll at the end of `day` (see `joined_or`).
pub fn on_roll(joined: Option<Day>, removed: Option<Day>, registered: Day, day: Day) -> bool {
    joined_or(joined, removed, registered) <= day && removed.is_none_or(|r| r > day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Day {
        Day::ymd(y, m, day).unwrap()
    }

    #[test]
    fn labels_parse_from_any_spelling() {
        assert_eq!(Category::parse("老教师"), Some(Category::Teacher));
        assert_eq!(Category::parse("Teacher"), Some(Category::Teacher));
        assert_eq!(Category::parse("老科技工作者"), Some(Category::Expert));
        assert_eq!(Category::parse("老师"), None);
        assert_eq!(Source::parse("教体局"), Some(Source::Education));
        assert_eq!(Role::parse("deputy"), Some(Role::Deputy));
        assert_eq!(Role::parse("常务副主任"), Some(Role::ExecutiveDeputy));
        assert_eq!(
            Category::choices(crate::lang::Lang::Zh),
            "老干部、老战士、老专家、老教师、老模范"
        );
    }

    #[test]
    fn on_roll_between_joining_and_removal() {
        let e = ElderMembership {
            category: Category::Teacher,
            core: false,
            skills: String::new(),
            health: String::new(),
            source: Source::Education,
            joined: Some(d(2021, 3, 1)),
            reregistered: None,
            status: RosterStatus::Removed {
                on: d(2023, 6, 1),
                reason: RemovalReason::Inactive,
                note: String::new(),
            },
            talks: vec![],
            honours: vec![],
        };
        let registered = d(2024, 1, 1);
        assert!(!e.on_roll(registered, d(2021, 2, 28)));
        assert!(e.on_roll(registered, d(2021, 3, 1)));
        assert!(e.on_roll(registered, d(2023, 5, 31)));
        assert!(!e.on_roll(registered, d(2023, 6, 1)));
    }

    #[test]
    fn without_a_joining_date_an_elder_joins_on_the_day_of_registration() {
        let mut e = ElderMembership {
            category: Category::Teacher,
            core: false,
            skills: String::new(),
            health: String::new(),
            source: Source::Education,
            joined: None,
            reregistered: None,
            status: RosterStatus::Active,
            talks: vec![],
            honours: vec![],
        };
        let registered = d(2026, 3, 10);
        assert_eq!(e.joined_or(registered), registered);
        assert!(!e.on_roll(registered, d(2026, 3, 9)));
        assert!(e.on_roll(registered, d(2026, 3, 10)));
        // Struck off on a day before the record was made: joined that day,
        // so never on the roll, and the period balances.
        e.status = RosterStatus::Removed {
            on: d(2025, 6, 1),
            reason: RemovalReason::Inactive,
            note: String::new(),
        };
        assert_eq!(e.joined_or(registered), d(2025, 6, 1));
        assert!(!e.on_roll(registered, d(2025, 6, 1)));
        assert!(!e.on_roll(registered, d(2026, 3, 10)));
    }

    #[test]
    fn a_term_ends_on_its_end_date() {
        let p = Position {
            id: PositionId(1),
            unit: UnitId(1),
            person: PersonId(1),
            role: Role::Deputy,
            from: d(2020, 1, 1),
            to: Some(d(2023, 3, 1)),
            doc: String::new(),
            area: String::new(),
            created: 0,
            changed_at: 0,
            changed_by: String::new(),
            rev: 1,
        };
        assert!(!p.serving_on(d(2019, 12, 31)));
        assert!(p.serving_on(d(2020, 1, 1)));
        assert!(p.serving_on(d(2023, 2, 28)));
        assert!(!p.serving_on(d(2023, 3, 1)));
    }
}
