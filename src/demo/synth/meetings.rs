//! Ten years of meetings: the root's yearly plenary, monthly 主任办公会 and
//! quarterly 工作推进会, and a quarterly meeting of every level-2 body; the
//! past ones held, with attendance, minutes and tasks, most of them done.
//!
//! A meeting is saved as the schedule gives it rather than through its
//! page, which also gathers everyone's open tasks: at province scale that
//! would read every task once per meeting.

use chrono::{Datelike, Days, NaiveDate, NaiveTime};

use super::rng::Rng;
use super::{Generator, Holder, first_day, last_day, unexpected};
use crate::api::meetings::{
    CreateSeries, CreateTask, GetSchedule, SaveMeeting, SeriesDraft, TaskChange, TaskDraft,
    UpdateTask,
};
use crate::api::{Request, Response};
use crate::backend::BackendExt;
use crate::domain::meeting::{
    AgendaItem, AttendanceEntry, Attendee, Meeting, MeetingId, MeetingKind, MeetingSeries,
    MeetingStatus, Presence, SeriesId,
};
use crate::domain::person::Role;
use crate::domain::task::TaskStatus;
use crate::domain::workdays::Shift;
use crate::domain::{UnitId, UnitKind};
use crate::error::Result;

/// Heads of level-2 bodies invited to the root's progress meeting: a
/// province does not seat a thousand.
const MAX_INVITED: usize = 40;

/// A new meeting is checked against those of its series the batch already
/// holds, each decoded again: a small batch keeps that from growing with
/// the square of the batch.
const MEETINGS_PER_COMMIT: usize = 40;

const MINUTES: &[&str] = &[
    "各单位汇报本季度“三创”工作进展。",
    "共性问题：部分村屯五老骨干年龄偏大，活动组织力量不足。",
    "下一步：结合实际推荐一批培育典型。",
    "传达上级会议精神，研究部署近期工作。",
];

const TASKS: &[&str] = &[
    "完成培育典型规划并报区关工委审核",
    "五老队伍登记复核，对挂名无作为人员提出处理意见",
    "简报组稿，报送信息不少于2条",
    "研学基地本季度接待计划与安全预案",
    "总结“一校一品”经验材料",
];

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

fn attendee(h: &Holder, unit: UnitId) -> Attendee {
    Attendee {
        person: Some(h.person.0),
        name: h.name.clone(),
        unit: Some(unit),
    }
}

/// A series with its host, kind and who owns its tasks.
struct Planned {
    series: MeetingSeries,
    owners: Vec<Attendee>,
}

fn draft(
    kind: MeetingKind,
    title: String,
    host: UnitId,
    rule: &str,
    time: NaiveTime,
    attendees: Vec<Attendee>,
) -> SeriesDraft {
    SeriesDraft {
        kind,
        title,
        host,
        rule: rule.to_string(),
        start: first_day().date(),
        time,
        duration_minutes: 120,
        place: "关工委会议室".into(),
        shift: Shift::Next,
        attendee_rules: Vec::new(),
        attendees,
        agenda: vec![AgendaItem {
            title: "汇报工作进展，研究部署下一步工作".into(),
            reporter: None,
        }],
        report_per_attendee: false,
    }
}

fn series_plan(g: &Generator<'_>) -> Vec<(SeriesDraft, Vec<Attendee>)> {
    let team = |unit: UnitId| -> Vec<Attendee> {
        g.teams
            .get(&unit)
            .map(|t| t.iter().map(|h| attendee(h, unit)).collect())
            .unwrap_or_default()
    };
    let deputies = |unit: UnitId| -> Vec<Attendee> {
        g.teams
            .get(&unit)
            .map(|t| {
                t.iter()
                    .filter(|h| matches!(h.role, Role::Deputy | Role::ExecutiveDeputy))
                    .map(|h| attendee(h, unit))
                    .collect()
            })
            .unwrap_or_default()
    };
    let heads: Vec<&crate::domain::OrgUnit> = g
        .units
        .iter()
        .filter(|u| u.parent == Some(g.root))
        .filter(|u| {
            matches!(
                u.kind,
                UnitKind::Township | UnitKind::Subdistrict | UnitKind::EducationBureau
            )
        })
        .collect();
    let directors: Vec<Attendee> = heads
        .iter()
        .take(MAX_INVITED)
        .filter_map(|u| {
            let t = g.teams.get(&u.id)?;
            let d = t.iter().find(|h| h.role == Role::Director)?;
            Some(attendee(d, u.id))
        })
        .collect();
    let root = g.root;
    let mut out = vec![
        (
            draft(
                MeetingKind::Plenary,
                "全体会议".into(),
                root,
                "FREQ=YEARLY;BYMONTH=1;BYDAY=3TU",
                at(9, 0),
                team(root).into_iter().chain(directors.clone()).collect(),
            ),
            deputies(root),
        ),
        (
            draft(
                MeetingKind::DirectorsOffice,
                "主任办公会".into(),
                root,
                "FREQ=MONTHLY;BYDAY=1MO",
                at(9, 0),
                team(root),
            ),
            deputies(root),
        ),
        (
            draft(
                MeetingKind::Progress,
                "工作推进会".into(),
                root,
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
                at(14, 30),
                team(root).into_iter().take(1).chain(directors).collect(),
            ),
            deputies(root),
        ),
    ];
    for u in heads {
        let members = team(u.id);
        let owners = members.iter().take(1).cloned().collect();
        out.push((
            draft(
                MeetingKind::Other,
                format!("{}关工委例会", u.name),
                u.id,
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=3WE",
                at(9, 30),
                members,
            ),
            owners,
        ));
    }
    out
}

pub fn generate(g: &mut Generator<'_>) -> Result<u64> {
    let mut rng = g.rng("meetings");
    let plan = series_plan(g);
    let (drafts, owners): (Vec<_>, Vec<_>) = plan.into_iter().unzip();
    let created = g.write_all(
        "meetings: series",
        drafts
            .into_iter()
            .map(|draft| Request::from(CreateSeries { draft }))
            .collect(),
    )?;
    let mut planned = Vec::with_capacity(created.len());
    for (answer, owners) in created.into_iter().zip(owners) {
        match answer {
            Response::Series(s) => planned.push(Planned { series: *s, owners }),
            other => return Err(unexpected(&other)),
        }
    }
    let schedule = g.backend.run(GetSchedule {
        from: first_day().date(),
        to: last_day().date(),
    })?;
    let by_id: std::collections::HashMap<SeriesId, usize> = planned
        .iter()
        .enumerate()
        .map(|(i, p)| (p.series.id, i))
        .collect();
    let mut held = Vec::new();
    let mut of = Vec::new();
    for entry in schedule.entries {
        let Some(&i) = by_id.get(&entry.slot.series) else {
            continue;
        };
        if entry.slot.date > last_day().date() {
            continue;
        }
        let meeting = hold(&mut rng, &planned[i].series, &entry.slot);
        held.push(Request::from(SaveMeeting { meeting }));
        of.push(i);
    }
    let saved = g.write_batched("meetings", held, MEETINGS_PER_COMMIT)?;
    let mut tasks = Vec::new();
    for (n, (answer, i)) in saved.iter().zip(&of).enumerate() {
        let Response::Meeting(m) = answer else {
            return Err(unexpected(answer));
        };
        tasks.extend(tasks_of(&mut rng, &planned[*i], m, n));
    }
    let count = saved.len() as u64;
    let opened = g.write_all(
        "meetings: tasks",
        tasks.iter().map(|t| t.0.clone()).collect(),
    )?;
    let mut updates = Vec::new();
    for (answer, (_, due, done)) in opened.iter().zip(&tasks) {
        let Response::Task(t) = answer else {
            return Err(unexpected(answer));
        };
        let Some(due) = due.filter(|d| *d < last_day().date()) else {
            continue;
        };
        let on = |days| due.checked_sub_days(Days::new(days)).unwrap_or(due);
        updates.push(Request::from(UpdateTask {
            id: t.id,
            rev: t.rev,
            change: TaskChange::Note {
                on: on(10).max(t.opened),
                text: "已召开专题会议研究，正在推进。".into(),
            },
        }));
        if *done {
            updates.push(Request::from(UpdateTask {
                id: t.id,
                rev: t.rev + 1,
                change: TaskChange::Status(TaskStatus::Done {
                    on: on(3).max(t.opened),
                }),
            }));
        }
    }
    g.write_all("meetings: task progress", updates)?;
    Ok(count)
}

/// The meeting as held: most attend, a few are away or send someone.
fn hold(rng: &mut Rng, s: &MeetingSeries, slot: &crate::domain::meeting::Slot) -> Meeting {
    let attendance = s
        .attendees
        .iter()
        .map(|a| AttendanceEntry {
            attendee: a.clone(),
            presence: match rng.weighted(&[85, 8, 4, 3]) {
                0 => Presence::Present,
                1 => Presence::Absent {
                    reason: "外出学习".into(),
                },
                2 => Presence::Absent {
                    reason: "身体原因请假".into(),
                },
                _ => Presence::Substitute {
                    by: "办公室主任".into(),
                },
            },
        })
        .collect();
    let minutes: Vec<&str> = (0..3).map(|_| rng.pick(MINUTES)).collect();
    Meeting {
        id: MeetingId(0),
        series: s.id,
        rule_date: slot.rule_date,
        date: slot.date,
        time: slot.time,
        place: s.place.clone(),
        status: MeetingStatus::Held,
        attendance,
        agenda: s.agenda.clone(),
        minutes: minutes.join("\n"),
        decisions: Vec::new(),
        created: 0,
        changed_at: 0,
        changed_by: String::new(),
        rev: 0,
        voided: None,
    }
}

/// The tasks a held meeting hands out: the plenary one per deputy, about
/// one office meeting in three one, about every other meeting of a level-2
/// body one (`n` counts all meetings in date order). Each with its due
/// date and whether it gets done.
fn tasks_of(
    rng: &mut Rng,
    p: &Planned,
    m: &Meeting,
    n: usize,
) -> Vec<(Request, Option<NaiveDate>, bool)> {
    let count = match p.series.kind {
        MeetingKind::Plenary => p.owners.len(),
        MeetingKind::DirectorsOffice if n.is_multiple_of(3) => 1,
        MeetingKind::Other if n.is_multiple_of(2) => 1,
        _ => 0,
    };
    let mut out = Vec::with_capacity(count);
    for k in 0..count.min(p.owners.len()) {
        let due = match p.series.kind {
            MeetingKind::Plenary => NaiveDate::from_ymd_opt(m.date.year(), 11, 30),
            _ => m.date.checked_add_days(Days::new(30)),
        };
        let owner = p.owners[(k + n) % p.owners.len()].clone();
        let draft = TaskDraft {
            title: rng.pick(TASKS).into(),
            unit: owner.unit,
            owner,
            meeting: Some(m.id),
            opened: m.date,
            due,
        };
        out.push((Request::from(CreateTask { draft }), due, rng.chance(80)));
    }
    out
}
