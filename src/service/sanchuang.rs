//! 三创 records: plans and their stages, working groups and guidance
//! visits (whose follow-ups become tasks), info items and their adoptions,
//! bulletin issues. There are hundreds of these, not millions: lists read
//! their trees whole.

use super::audit::Change;
use super::{Actor, ChangeNotice, Draft, Response, Service, State, Written};
use crate::api::Request;
use crate::api::meetings::TaskDraft;
use crate::api::sanchuang::{
    AddGroup, AddGuidance, AddInfo, AddPlan, AdoptInfo, AdvancePlan, FailPlan, GetPlan,
    GuidanceDraft, InfoDraft, NewBulletin, PlanDraft, SanchuangRequest, UpdateInfo, UpdatePlan,
    VoidSanchuang,
};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::bulletin::{
    Bulletin, BulletinId, InfoId, InfoItem, IssueNumber, NumberProblem, check_number, next_number,
};
use crate::domain::day::Day;
use crate::domain::guidance::{GroupId, GuidanceId, GuidanceVisit, WorkingGroup};
use crate::domain::meeting::Attendee;
use crate::domain::permissions::Need;
use crate::domain::person::PersonId;
use crate::domain::plan::{Plan, PlanId, StageChange, StageProblem};
use crate::domain::void::Voided;
use crate::domain::{UnitId, text, time};
use crate::error::{Error, Field, Result};
use crate::store::codec::Record;
use crate::store::{Changes, Store, TreeId};

pub(super) fn one_line(s: &str) -> String {
    text::clean_free_text(s)
        .replace('\n', " ")
        .trim()
        .to_string()
}

fn long_text(s: &str) -> String {
    text::clean_free_text(s).trim().to_string()
}

pub(super) fn invalid(field: Field, zh: impl Into<String>, en: impl Into<String>) -> Error {
    Error::InvalidField {
        field,
        zh: zh.into(),
        en: en.into(),
    }
}

fn stage_error(p: StageProblem) -> Error {
    match p {
        StageProblem::Finished => invalid(
            Field::Status,
            "这项规划已到“总结推广”，是最后一个阶段",
            "the plan is at its last stage, promotion",
        ),
        StageProblem::NotInInspection(s) => invalid(
            Field::Status,
            format!(
                "只有处于“检查验收”的规划才能记录验收未通过（现为“{}”）",
                s.label_zh()
            ),
            format!(
                "only a plan at inspection can fail it (this one is at {})",
                s.label_en()
            ),
        ),
        StageProblem::Backdated { last } => invalid(
            Field::Date,
            format!("日期不能早于上一次阶段变动（{last}）"),
            format!("the date cannot be before the last stage change ({last})"),
        ),
        StageProblem::NoReason => invalid(
            Field::Reason,
            "请写明验收未通过的原因",
            "say why the inspection failed",
        ),
    }
}

fn number_error(p: NumberProblem) -> Error {
    match p {
        NumberProblem::Repeat(n) => invalid(
            Field::Text,
            format!("期号重复：{} 已经出过", n.label_zh()),
            format!("the numbers repeat {}, already published", n.label_en()),
        ),
        NumberProblem::Gap { expected } => invalid(
            Field::Text,
            format!(
                "期号不连续：下一期应是 {}。如确需跳号，请明确要求（--allow-gap）",
                expected.label_zh()
            ),
            format!(
                "the numbers leave a gap: the next issue is {}. To skip numbers, ask for it (--allow-gap)",
                expected.label_en()
            ),
        ),
    }
}

fn rev_check(rev: u64, stored: u64, by: &str, at: i64) -> Result<()> {
    if rev == stored {
        Ok(())
    } else {
        Err(Error::Conflict {
            by: by.to_string(),
            at,
        })
    }
}

/// Every readable record of a tree, voided ones left out.
pub(super) fn live_records<R: Record>(
    store: &Store,
    tree: TreeId,
    voided: impl Fn(&R) -> bool,
) -> Result<Vec<R>> {
    let mut out = Vec::new();
    for r in store.scan::<R>(tree) {
        let r = r?;
        if !voided(&r) {
            out.push(r);
        }
    }
    Ok(out)
}

/// The needs of a request that depend on a stored record's unit.
pub(super) fn needs(state: &State, store: &Store, request: &Request) -> Result<Vec<Need>> {
    let Request::Sanchuang(request) = request else {
        return Ok(vec![]);
    };
    let plan_unit = |id: PlanId| -> Result<Option<UnitId>> {
        Ok(store.get::<Plan>(TreeId::Plans, id.0)?.map(|p| p.unit))
    };
    let info_unit = |id: InfoId| -> Result<Option<UnitId>> {
        Ok(store
            .get::<InfoItem>(TreeId::InfoItems, id.0)?
            .map(|i| i.unit))
    };
    let root = state.units.roots().next().map(|u| u.id);
    Ok(match request {
        SanchuangRequest::GetPlan(GetPlan { id }) => {
            plan_unit(*id)?.map(Need::Read).into_iter().collect()
        }
        SanchuangRequest::UpdatePlan(UpdatePlan { id, .. })
        | SanchuangRequest::AdvancePlan(AdvancePlan { id, .. })
        | SanchuangRequest::FailPlan(FailPlan { id, .. }) => {
            plan_unit(*id)?.map(Need::Write).into_iter().collect()
        }
        SanchuangRequest::UpdateInfo(UpdateInfo { id, .. })
        | SanchuangRequest::AdoptInfo(AdoptInfo { id, .. }) => {
            info_unit(*id)?.map(Need::Write).into_iter().collect()
        }
        // Groups and bulletins are the district office's own work.
        SanchuangRequest::AddGroup(_) | SanchuangRequest::NewBulletin(_) => {
            root.map(Need::Write).into_iter().collect()
        }
        SanchuangRequest::VoidSanchuang(VoidSanchuang { kind, id, .. }) => {
            let unit = match kind {
                RecordKind::Plan => plan_unit(PlanId(*id))?,
                RecordKind::InfoItem => info_unit(InfoId(*id))?,
                RecordKind::GuidanceVisit => store
                    .get::<GuidanceVisit>(TreeId::GuidanceVisits, *id)?
                    .map(|v| v.unit),
                _ => root,
            };
            unit.map(Need::Write).into_iter().collect()
        }
        _ => vec![],
    })
}

impl Service {
    pub(super) fn write_sanchuang(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        request: SanchuangRequest,
    ) -> Result<Written> {
        let notice = |kind: RecordKind, record: u64, unit: Option<UnitId>| ChangeNotice {
            kind,
            record,
            unit,
            by: actor.user.clone(),
        };
        let now = time::now();
        match request {
            SanchuangRequest::AddPlan(AddPlan { draft }) => {
                let id = PlanId(self.store.next_id(TreeId::Plans));
                let plan = self.plan_from(batch, id, draft, now, actor, None)?;
                self.put_record(changes, actor, AuditAction::Create, None, &plan)?;
                let n = notice(RecordKind::Plan, plan.id.0, Some(plan.unit));
                Ok((Response::Plan(Box::new(plan)), n))
            }
            SanchuangRequest::UpdatePlan(UpdatePlan { id, rev, draft }) => {
                let before = self.live_plan(batch, id, rev)?;
                let plan = self.plan_from(batch, id, draft, now, actor, Some(&before))?;
                self.put_record(changes, actor, AuditAction::Update, Some(&before), &plan)?;
                let n = notice(RecordKind::Plan, id.0, Some(plan.unit));
                Ok((Response::Plan(Box::new(plan)), n))
            }
            SanchuangRequest::AdvancePlan(AdvancePlan { id, rev, on, note }) => {
                let before = self.live_plan(batch, id, rev)?;
                let change = before.advance(on, &long_text(&note)).map_err(stage_error)?;
                self.move_plan(changes, actor, before, change, now)
                    .map(|p| {
                        let n = notice(RecordKind::Plan, id.0, Some(p.unit));
                        (Response::Plan(Box::new(p)), n)
                    })
            }
            SanchuangRequest::FailPlan(FailPlan {
                id,
                rev,
                on,
                reason,
            }) => {
                let before = self.live_plan(batch, id, rev)?;
                let change = before.fail(on, &long_text(&reason)).map_err(stage_error)?;
                self.move_plan(changes, actor, before, change, now)
                    .map(|p| {
                        let n = notice(RecordKind::Plan, id.0, Some(p.unit));
                        (Response::Plan(Box::new(p)), n)
                    })
            }
            SanchuangRequest::AddGroup(AddGroup {
                name,
                line,
                members,
            }) => {
                let name = text::check_name(&name)?;
                self.check_people(batch, &members)?;
                let group = WorkingGroup {
                    id: GroupId(self.store.next_id(TreeId::WorkingGroups)),
                    name: name.clone(),
                    line,
                    members,
                    created: now,
                    changed_at: now,
                    changed_by: actor.user.clone(),
                    rev: 1,
                    voided: None,
                };
                self.put_record(changes, actor, AuditAction::Create, None, &group)?;
                let n = notice(RecordKind::WorkingGroup, group.id.0, None);
                Ok((Response::Group(group), n))
            }
            SanchuangRequest::AddGuidance(AddGuidance { draft }) => {
                let visit = self.add_guidance(batch, changes, actor, draft, now)?;
                let n = notice(RecordKind::GuidanceVisit, visit.id.0, Some(visit.unit));
                Ok((Response::Guidance(Box::new(visit)), n))
            }
            SanchuangRequest::AddInfo(AddInfo { draft }) => {
                let id = InfoId(self.store.next_id(TreeId::InfoItems));
                let item = self.info_from(batch, id, draft, now, actor, None)?;
                self.put_record(changes, actor, AuditAction::Create, None, &item)?;
                let n = notice(RecordKind::InfoItem, id.0, Some(item.unit));
                Ok((Response::InfoItem(Box::new(item)), n))
            }
            SanchuangRequest::UpdateInfo(UpdateInfo { id, rev, draft }) => {
                let before = self.live_info(batch, id)?;
                rev_check(rev, before.rev, &before.changed_by, before.changed_at)?;
                let item = self.info_from(batch, id, draft, now, actor, Some(&before))?;
                self.put_record(changes, actor, AuditAction::Update, Some(&before), &item)?;
                let n = notice(RecordKind::InfoItem, id.0, Some(item.unit));
                Ok((Response::InfoItem(Box::new(item)), n))
            }
            SanchuangRequest::AdoptInfo(AdoptInfo { id, mut adoption }) => {
                let before = self.live_info(batch, id)?;
                adoption.outlet = one_line(&adoption.outlet);
                adoption.reference = one_line(&adoption.reference);
                if adoption.outlet.is_empty() {
                    return Err(invalid(
                        Field::Text,
                        "请填写采用单位或媒体",
                        "name the body or medium that adopted it",
                    ));
                }
                if adoption.on < before.written {
                    return Err(Error::EndBeforeStart {
                        from: before.written,
                        to: adoption.on,
                    });
                }
                if before.adoptions.contains(&adoption) {
                    return Err(invalid(
                        Field::Text,
                        "这次采用已经登记过",
                        "this adoption is on record already",
                    ));
                }
                let mut item = before.clone();
                item.adoptions.push(adoption);
                item.adoptions.sort_by_key(|a| (a.on, a.level));
                item.rev += 1;
                item.changed_at = now;
                item.changed_by = actor.user.clone();
                self.put_record(changes, actor, AuditAction::Update, Some(&before), &item)?;
                let n = notice(RecordKind::InfoItem, id.0, Some(item.unit));
                Ok((Response::InfoItem(Box::new(item)), n))
            }
            SanchuangRequest::ImportInfo(r) => {
                let n = self.import_info(batch, changes, actor, r, now)?;
                Ok((Response::Count(n), notice(RecordKind::InfoItem, 0, None)))
            }
            SanchuangRequest::NewBulletin(r) => {
                let b = self.new_bulletin(batch, changes, actor, r, now)?;
                let n = notice(RecordKind::Bulletin, b.id.0, None);
                Ok((Response::Bulletin(b), n))
            }
            SanchuangRequest::VoidSanchuang(VoidSanchuang {
                kind,
                id,
                rev,
                reason,
            }) => {
                let reason = one_line(&reason);
                if reason.is_empty() {
                    return Err(invalid(
                        Field::Reason,
                        "请写明作废原因（如“重复录入”）",
                        "say why the record is voided (e.g. \"entered twice\")",
                    ));
                }
                let mark = Voided {
                    at: now,
                    by: actor.user.clone(),
                    reason,
                };
                let unit = self.void_sanchuang(batch, changes, actor, kind, id, rev, mark, now)?;
                Ok((Response::Done, notice(kind, id, unit)))
            }
            other => Err(Error::Storage {
                detail: format!("not a write: {other:?}"),
            }),
        }
    }

    /// The record and its audit entry into `changes`.
    fn put_record<R: Audited>(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&R>,
        after: &R,
    ) -> Result<()> {
        changes.put(R::TREE, after.id(), after);
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: R::RECORD,
                record: after.id(),
                unit: after.unit(),
                label: after.label(),
                before,
                after: Some(after),
            },
        )
    }

    pub(super) fn check_people(&self, batch: &Draft, people: &[PersonId]) -> Result<()> {
        let persons = batch.people.persons(&self.store);
        for id in people {
            let p = persons.get(*id)?.ok_or(Error::NoSuchRecord { id: id.0 })?;
            if p.voided.is_some() {
                return Err(Error::PersonVoided {
                    id: id.0,
                    name: p.name,
                });
            }
        }
        Ok(())
    }

    fn live_unit(&self, batch: &Draft, unit: UnitId) -> Result<()> {
        let u = batch
            .units
            .get(unit)
            .ok_or(Error::NoSuchRecord { id: unit.0 })?;
        if !u.is_live() {
            return Err(Error::UnitArchived {
                name: u.name.clone(),
            });
        }
        Ok(())
    }

    fn live_plan(&self, batch: &Draft, id: PlanId, rev: u64) -> Result<Plan> {
        let p: Plan = batch
            .get(&self.store, TreeId::Plans, id.0)?
            .ok_or(Error::NoSuchRecord { id: id.0 })?;
        if p.voided.is_some() {
            return Err(Error::RecordVoided {
                kind: RecordKind::Plan,
                id: id.0,
            });
        }
        rev_check(rev, p.rev, &p.changed_by, p.changed_at)?;
        Ok(p)
    }

    fn live_info(&self, batch: &Draft, id: InfoId) -> Result<InfoItem> {
        let i: InfoItem = batch
            .get(&self.store, TreeId::InfoItems, id.0)?
            .ok_or(Error::NoSuchRecord { id: id.0 })?;
        if i.voided.is_some() {
            return Err(Error::RecordVoided {
                kind: RecordKind::InfoItem,
                id: id.0,
            });
        }
        Ok(i)
    }

    fn plan_from(
        &self,
        batch: &Draft,
        id: PlanId,
        d: PlanDraft,
        now: i64,
        actor: &Actor,
        before: Option<&Plan>,
    ) -> Result<Plan> {
        self.live_unit(batch, d.unit)?;
        if let Some(o) = d.owner {
            self.check_people(batch, &[o])?;
        }
        // One live plan per unit and creation: a second would split the
        // unit's record of the same work in two.
        let others: Vec<Plan> =
            live_records(&self.store, TreeId::Plans, |p: &Plan| p.voided.is_some())?;
        let pending = batch
            .pending
            .iter()
            .flat_map(|c| c.puts(TreeId::Plans))
            .filter_map(|b| crate::store::codec::decode::<Plan>(b).ok());
        for other in others.into_iter().chain(pending) {
            let now_other = batch.get::<Plan>(&self.store, TreeId::Plans, other.id.0)?;
            if let Some(o) = now_other
                && o.voided.is_none()
                && o.id != id
                && o.unit == d.unit
                && o.creation == d.creation
            {
                return Err(invalid(
                    Field::Unit,
                    format!(
                        "本单位已有一项“{}”规划（编号 {}），同一单位每种创建只能有一项在办规划",
                        d.creation.label_zh(),
                        o.id
                    ),
                    format!(
                        "this unit has a live {} plan already (#{}); a unit has one live plan per creation",
                        d.creation.label_en(),
                        o.id
                    ),
                ));
            }
        }
        if let Some(b) = before
            && let Some(first) = b.changes.first()
            && d.opened > first.on
        {
            return Err(Error::EndBeforeStart {
                from: d.opened,
                to: first.on,
            });
        }
        Ok(Plan {
            id,
            unit: d.unit,
            creation: d.creation,
            base: long_text(&d.base),
            strengths: long_text(&d.strengths),
            weaknesses: long_text(&d.weaknesses),
            goals: long_text(&d.goals),
            measures: long_text(&d.measures),
            owner: d.owner,
            opened: d.opened,
            changes: before.map(|b| b.changes.clone()).unwrap_or_default(),
            created: before.map_or(now, |b| b.created),
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: before.map_or(1, |b| b.rev + 1),
            voided: None,
        })
    }

    fn move_plan(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        before: Plan,
        mut change: StageChange,
        now: i64,
    ) -> Result<Plan> {
        change.by = actor.user.clone();
        change.at = now;
        let mut after = before.clone();
        after.changes.push(change);
        after.rev += 1;
        after.changed_at = now;
        after.changed_by = actor.user.clone();
        self.put_record(changes, actor, AuditAction::Update, Some(&before), &after)?;
        Ok(after)
    }

    fn add_guidance(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        d: GuidanceDraft,
        now: i64,
    ) -> Result<GuidanceVisit> {
        self.live_unit(batch, d.unit)?;
        let group: WorkingGroup = batch
            .get(&self.store, TreeId::WorkingGroups, d.group.0)?
            .filter(|g: &WorkingGroup| g.voided.is_none())
            .ok_or(Error::NoSuchRecord { id: d.group.0 })?;
        let mut findings = d.findings.clone();
        for f in [
            &mut findings.feature,
            &mut findings.strength,
            &mut findings.problem,
            &mut findings.next,
            &mut findings.model,
        ] {
            *f = long_text(f);
        }
        let persons = batch.people.persons(&self.store);
        let mut tasks = Vec::new();
        for f in &d.follow_ups {
            let owner = persons
                .get(f.owner)?
                .ok_or(Error::NoSuchRecord { id: f.owner.0 })?;
            let task = self.create_task(
                batch,
                changes,
                actor,
                &TaskDraft {
                    title: f.title.clone(),
                    owner: Attendee {
                        person: Some(owner.id.0),
                        name: owner.name.clone(),
                        unit: Some(owner.unit),
                    },
                    unit: Some(d.unit),
                    meeting: None,
                    opened: d.date.date(),
                    due: f.due.map(Day::date),
                },
            )?;
            tasks.push(task.id);
        }
        let mut methods = d.methods.clone();
        methods.sort();
        methods.dedup();
        let visit = GuidanceVisit {
            id: GuidanceId(self.store.next_id(TreeId::GuidanceVisits)),
            group: group.id,
            unit: d.unit,
            date: d.date,
            methods,
            findings,
            tasks,
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
            voided: None,
        };
        self.put_record(changes, actor, AuditAction::Create, None, &visit)?;
        Ok(visit)
    }

    pub(super) fn info_from(
        &self,
        batch: &Draft,
        id: InfoId,
        d: InfoDraft,
        now: i64,
        actor: &Actor,
        before: Option<&InfoItem>,
    ) -> Result<InfoItem> {
        self.live_unit(batch, d.unit)?;
        self.check_people(batch, &d.authors)?;
        let title = one_line(&d.title);
        if title.is_empty() {
            return Err(invalid(
                Field::Name,
                "请填写信息标题",
                "an info item needs a title",
            ));
        }
        if let Some(s) = d.submitted
            && s < d.written
        {
            return Err(Error::EndBeforeStart {
                from: d.written,
                to: s,
            });
        }
        let mut authors = d.authors.clone();
        let mut seen = std::collections::HashSet::new();
        authors.retain(|a| seen.insert(*a));
        Ok(InfoItem {
            id,
            unit: d.unit,
            title,
            body: long_text(&d.body),
            authors,
            written: d.written,
            submitted: d.submitted,
            adoptions: before.map(|b| b.adoptions.clone()).unwrap_or_default(),
            created: before.map_or(now, |b| b.created),
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: before.map_or(1, |b| b.rev + 1),
            voided: None,
        })
    }

    fn new_bulletin(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        r: NewBulletin,
        now: i64,
    ) -> Result<Bulletin> {
        if r.items.is_empty() {
            return Err(invalid(
                Field::Text,
                "一期简报至少要有一条信息",
                "an issue carries at least one info item",
            ));
        }
        for i in &r.items {
            self.live_info(batch, *i)?;
        }
        if let Some(e) = r.editor {
            self.check_people(batch, &[e])?;
        }
        let mut taken: Vec<IssueNumber> =
            live_records(&self.store, TreeId::Bulletins, |b: &Bulletin| {
                b.voided.is_some()
            })?
            .into_iter()
            .map(|b| b.issue)
            .collect();
        taken.extend(
            batch
                .pending
                .iter()
                .flat_map(|c| c.puts(TreeId::Bulletins))
                .filter_map(|b| crate::store::codec::decode::<Bulletin>(b).ok())
                .filter(|b| b.voided.is_none())
                .map(|b| b.issue),
        );
        let last = taken.iter().max_by_key(|t| t.running).copied();
        let issue = r.number.unwrap_or_else(|| next_number(last, r.date));
        if issue.year != r.date.year() {
            return Err(invalid(
                Field::Date,
                format!("{} 年的期号不能用在 {} 出的简报上", issue.year, r.date),
                format!(
                    "a {} number cannot go on an issue dated {}",
                    issue.year, r.date
                ),
            ));
        }
        check_number(&taken, issue, r.date, r.allow_gap).map_err(number_error)?;
        let mut items = r.items.clone();
        let mut seen = std::collections::HashSet::new();
        items.retain(|i| seen.insert(*i));
        let b = Bulletin {
            id: BulletinId(self.store.next_id(TreeId::Bulletins)),
            issue,
            date: r.date,
            editor: r.editor,
            items,
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
            voided: None,
        };
        self.put_record(changes, actor, AuditAction::Create, None, &b)?;
        Ok(b)
    }

    #[allow(clippy::too_many_arguments)]
    fn void_sanchuang(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        kind: RecordKind,
        id: u64,
        rev: u64,
        mark: Voided,
        now: i64,
    ) -> Result<Option<UnitId>> {
        match kind {
            RecordKind::Plan => self.void_one::<Plan>(batch, changes, actor, id, rev, mark, now),
            RecordKind::WorkingGroup => {
                self.void_one::<WorkingGroup>(batch, changes, actor, id, rev, mark, now)
            }
            RecordKind::GuidanceVisit => {
                self.void_one::<GuidanceVisit>(batch, changes, actor, id, rev, mark, now)
            }
            RecordKind::InfoItem => {
                self.void_one::<InfoItem>(batch, changes, actor, id, rev, mark, now)
            }
            RecordKind::Bulletin => {
                self.void_one::<Bulletin>(batch, changes, actor, id, rev, mark, now)
            }
            _ => Err(Error::NoSuchRecord { id }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn void_one<R: Audited>(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        id: u64,
        rev: u64,
        mark: Voided,
        now: i64,
    ) -> Result<Option<UnitId>> {
        let before: R = batch
            .get(&self.store, R::TREE, id)?
            .ok_or(Error::NoSuchRecord { id })?;
        let (voided, stored_rev, by, at) = before.stamp();
        if voided {
            return Err(Error::RecordVoided {
                kind: R::RECORD,
                id,
            });
        }
        rev_check(rev, stored_rev, by, at)?;
        let mut after = before.clone();
        after.void(mark, now, &actor.user);
        self.put_record(changes, actor, AuditAction::Void, Some(&before), &after)?;
        Ok(after.unit())
    }
}

/// What storing and voiding a 三创 record needs of it.
trait Audited: Record + serde::Serialize + Clone {
    const RECORD: RecordKind;
    const TREE: TreeId;
    fn id(&self) -> u64;
    fn unit(&self) -> Option<UnitId>;
    fn label(&self) -> String;
    /// Voided, revision, who changed it last and when.
    fn stamp(&self) -> (bool, u64, &str, i64);
    fn void(&mut self, mark: Voided, at: i64, by: &str);
}

macro_rules! audited {
    ($($ty:ty => $kind:ident, $tree:ident, |$r:ident| $unit:expr, $label:expr;)*) => {$(
        impl Audited for $ty {
            const RECORD: RecordKind = RecordKind::$kind;
            const TREE: TreeId = TreeId::$tree;
            fn id(&self) -> u64 {
                self.id.0
            }
            fn unit(&self) -> Option<UnitId> {
                let $r = self;
                $unit
            }
            fn label(&self) -> String {
                let $r = self;
                $label
            }
            fn stamp(&self) -> (bool, u64, &str, i64) {
                (self.voided.is_some(), self.rev, &self.changed_by, self.changed_at)
            }
            fn void(&mut self, mark: Voided, at: i64, by: &str) {
                self.voided = Some(mark);
                self.rev += 1;
                self.changed_at = at;
                self.changed_by = by.to_string();
            }
        }
    )*};
}

audited! {
    Plan => Plan, Plans, |p| Some(p.unit), plan_label(p);
    WorkingGroup => WorkingGroup, WorkingGroups, |_g| None, _g.name.clone();
    GuidanceVisit => GuidanceVisit, GuidanceVisits, |v| Some(v.unit), v.date.to_string();
    InfoItem => InfoItem, InfoItems, |i| Some(i.unit), i.title.clone();
    Bulletin => Bulletin, Bulletins, |_b| None, _b.issue.label_zh();
}

fn plan_label(p: &Plan) -> String {
    format!("{} {}", p.creation.label_zh(), p.stage().label_zh())
}
