//! 三创: cultivation plans, working groups and their guidance visits, info
//! items and bulletin issues — the shapes their requests and answers take.

use serde::{Deserialize, Serialize};

use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::bulletin::{Adoption, AdoptionLevel, Bulletin, InfoId, InfoItem, IssueNumber};
use crate::domain::day::Day;
use crate::domain::guidance::{
    Findings, GroupId, GroupLine, GuidanceMethod, GuidanceVisit, WorkingGroup,
};
use crate::domain::limits::{Limited, OverLimit, items, text};
use crate::domain::people_figures::Period;
use crate::domain::permissions::Need;
use crate::domain::person::PersonId;
use crate::domain::plan::{Creation, Plan, PlanId, Stage};
use crate::domain::work_item::WorkItem;

requests! {
    area SanchuangRequest in Sanchuang;

    /// Live plans, those of a subtree or at a stage only if asked.
    query ListPlans { unit: Option<UnitId>, stage: Option<Stage> } -> Vec<PlanRow>,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
    /// A plan with its unit's guidance visits and latest activities.
    query GetPlan { id: PlanId } -> PlanCard;
    write AddPlan { draft: PlanDraft } -> Plan,
        needs(r) { vec![Need::Write(r.draft.unit)] },
        limits(r) { plan_limits(&r.draft) };
    write UpdatePlan { id: PlanId, rev: u64, draft: PlanDraft } -> Plan,
        needs(r) { vec![Need::Write(r.draft.unit)] },
        limits(r) { plan_limits(&r.draft) };
    /// One stage on, dated and noted; never skipping one.
    write AdvancePlan { id: PlanId, rev: u64, on: Day, note: String } -> Plan,
        limits(r) { text(Limited::WorkNotes, &r.note) };
    /// An inspection that failed: back to 培育 with the reason.
    write FailPlan { id: PlanId, rev: u64, on: Day, reason: String } -> Plan,
        limits(r) { text(Limited::WorkNotes, &r.reason) };
    query ListGroups {} -> Vec<WorkingGroup>;
    write AddGroup { name: String, line: GroupLine, members: Vec<PersonId> } -> WorkingGroup,
        limits(r) {
            text(Limited::Name, &r.name)?;
            items(Limited::WorkPeople, r.members.len())
        };
    query ListGuidance { unit: Option<UnitId> } -> Vec<GuidanceVisit>,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
    /// A visit; its follow-ups become tasks with owner and due date.
    write AddGuidance { draft: GuidanceDraft } -> GuidanceVisit,
        needs(r) { vec![Need::Write(r.draft.unit)] },
        limits(r) {
            for (_, _, t) in r.draft.findings.answers() {
                text(Limited::WorkNotes, t)?;
            }
            items(Limited::WorkPeople, r.draft.follow_ups.len())?;
            items(Limited::WorkPeople, r.draft.methods.len())?;
            r.draft.follow_ups.iter().try_for_each(|f| text(Limited::TaskTitle, &f.title))
        };
    query ListInfo { unit: Option<UnitId>, from: Option<Day>, to: Option<Day> } -> Vec<InfoItem>,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
    write AddInfo { draft: InfoDraft } -> InfoItem,
        needs(r) { vec![Need::Write(r.draft.unit)] },
        limits(r) { info_limits(&r.draft) };
    write UpdateInfo { id: InfoId, rev: u64, draft: InfoDraft } -> InfoItem,
        needs(r) { vec![Need::Write(r.draft.unit)] },
        limits(r) { info_limits(&r.draft) };
    /// Added whatever the revision: an adoption overwrites nothing.
    write AdoptInfo { id: InfoId, adoption: Adoption } -> InfoItem,
        limits(r) {
            text(Limited::Place, &r.adoption.outlet)?;
            text(Limited::Place, &r.adoption.reference)
        };
    /// All rows or none; one row per adoption, the item repeated.
    write ImportInfo { rows: Vec<InfoImportRow>, source: String, check_only: bool } -> usize,
        limits(r) {
            items(Limited::ImportRows, r.rows.len())?;
            text(Limited::ImportSource, &r.source)?;
            r.rows.iter().try_for_each(|row| {
                text(Limited::UnitPath, &row.unit)?;
                text(Limited::WorkTitle, &row.title)?;
                items(Limited::WorkPeople, row.authors.len())?;
                row.authors.iter().try_for_each(|a| text(Limited::Name, a))?;
                row.adoption.as_ref().map_or(Ok(()), |(_, outlet, reference, _)| {
                    text(Limited::Place, outlet)?;
                    text(Limited::Place, reference)
                })
            })
        };
    query ListBulletins { year: Option<i32> } -> Vec<Bulletin>;
    /// By 第N期 of a year (this year when none), with its items and their units.
    query GetBulletin { year: Option<i32>, number: u32 } -> BulletinCard;
    /// Numbers the issue after the last one, or as asked: a repeat is
    /// refused, a gap only unless `allow_gap`.
    write NewBulletin {
        date: Day,
        items: Vec<InfoId>,
        editor: Option<PersonId>,
        number: Option<IssueNumber>,
        allow_gap: bool,
    } -> Bulletin,
        limits(r) { items(Limited::WorkPeople, r.items.len()) };
    /// A plan, group, visit, item or bulletin typed in error.
    write VoidSanchuang { kind: RecordKind, id: u64, rev: u64, reason: String } -> (),
        limits(r) { text(Limited::VoidReason, &r.reason) };
    query GetSanchuangFigures { unit: Option<UnitId>, period: Period } -> SanchuangFigures,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
}

fn plan_limits(d: &PlanDraft) -> Result<(), OverLimit> {
    for t in [&d.base, &d.strengths, &d.weaknesses, &d.goals, &d.measures] {
        text(Limited::WorkNotes, t)?;
    }
    Ok(())
}

fn info_limits(d: &InfoDraft) -> Result<(), OverLimit> {
    text(Limited::WorkTitle, &d.title)?;
    text(Limited::InfoBody, &d.body)?;
    items(Limited::WorkPeople, d.authors.len())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanDraft {
    pub unit: UnitId,
    pub creation: Creation,
    pub base: String,
    pub strengths: String,
    pub weaknesses: String,
    pub goals: String,
    pub measures: String,
    pub owner: Option<PersonId>,
    pub opened: Day,
}

/// A plan as the board lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRow {
    pub plan: Plan,
    pub unit_path: String,
    pub unit_name: String,
    pub last_visit: Option<Day>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanCard {
    pub row: PlanRow,
    pub owner: Option<String>,
    /// The unit's guidance visits, newest first.
    pub visits: Vec<GuidanceVisit>,
    /// The unit's latest activities, newest first.
    pub activities: Vec<WorkItem>,
}

/// A follow-up a guidance visit hands out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub title: String,
    pub owner: PersonId,
    pub due: Option<Day>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceDraft {
    pub group: GroupId,
    pub unit: UnitId,
    pub date: Day,
    pub methods: Vec<GuidanceMethod>,
    pub findings: Findings,
    pub follow_ups: Vec<FollowUp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoDraft {
    pub unit: UnitId,
    pub title: String,
    pub body: String,
    pub authors: Vec<PersonId>,
    pub written: Day,
    pub submitted: Option<Day>,
}

/// A row of an info file: the item (repeated on each of its rows) and one
/// adoption, or none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoImportRow {
    pub line: usize,
    pub title: String,
    pub unit: String,
    pub authors: Vec<String>,
    pub submitted: Option<Day>,
    pub adoption: Option<(AdoptionLevel, String, String, Day)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulletinCard {
    pub bulletin: Bulletin,
    /// The district's name: the issuing office is its 关工委.
    pub district: String,
    /// Each item with the path of its unit, in the issue's order.
    pub items: Vec<(InfoItem, String)>,
}

/// A period's 三创 figures for a subtree.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanchuangFigures {
    /// Live plans at the period's end: (unit kind code, stage code) → count.
    pub plans: Vec<(String, String, usize)>,
    pub plans_accepted: usize,
    pub guidance_visits: usize,
    pub info_written: usize,
    /// Adoptions in the period by level code.
    pub adoptions: Vec<(String, usize)>,
    pub bulletins: usize,
}
