//! Demo meetings for 爱辉区, 2024–2026: the yearly plenary, the monthly 主任办公会 and the
//! quarterly 工作推进会, with the past ones held, attendance taken, minutes written and tasks
//! handed out (some done, some overdue). The people are invented demo names.

use chrono::{Datelike, Days, Local, NaiveDate, NaiveTime};

use crate::backend::{Backend, BackendExt, MeetingsExt};
use crate::domain::meeting::{
    AgendaItem, Attendee, AttendeeRule, LeaderRole, Meeting, MeetingKind, MeetingSeries,
    MeetingStatus, Presence, UnitScope,
};
use crate::domain::task::TaskStatus;
use crate::domain::workdays::Shift;
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::Result;
use crate::service::meetings::SeriesDraft;
use crate::service::tasks::{TaskChange, TaskDraft};

/// The district office's leadership (demo names): director, executive deputy, three deputies.
const LEADERS: [&str; 5] = ["刘志远", "陈淑华", "张国庆", "李秀兰", "孙振东"];

const DEPUTIES: [&str; 3] = ["张国庆", "李秀兰", "孙振东"];

/// The 三创 tasks a plenary sets, one per deputy: 创典型, 创经验, 创品牌.
const PLENARY_TASKS: [&str; 3] = [
    "创典型：指导四嘉子乡等3个乡镇完成培育典型规划",
    "创经验：总结人保财险社区“四位一体”教育机制经验",
    "创品牌：打造瑷珲小将军研学基地品牌，组织研学活动",
];

const OFFICE_LINES: [&str; 6] = [
    "小乌斯力村法治广场宣传活动方案报区关工委审核",
    "教体局7所学校“一校一品”方案本月内完成修改",
    "五老队伍登记复核，对挂名无作为人员提出处理意见",
    "第{n}期简报组稿，各乡镇街道报送信息不少于2条",
    "花园街道党建带关工“四纳入”落实情况调研",
    "研学基地本季度接待计划与安全预案",
];

const SURNAMES: [&str; 16] = [
    "王", "赵", "周", "吴", "郑", "冯", "何", "高", "马", "罗", "梁", "宋", "唐", "韩", "曹", "许",
];

const GIVEN: [&str; 16] = [
    "建华", "玉梅", "德胜", "春生", "丽娟", "长青", "学文", "秀芝", "宝山", "凤霞", "立新", "海波",
    "桂兰", "永军", "淑琴", "振华",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

fn person(name: &str, unit: UnitId) -> Attendee {
    Attendee {
        person: None,
        name: name.to_string(),
        unit: Some(unit),
    }
}

pub fn populate(backend: &dyn Backend) -> Result<()> {
    let district = backend.resolve_unit(crate::demo::DISTRICT)?;
    let heads: Vec<OrgUnit> = backend
        .children(district.id)?
        .into_iter()
        .filter(|u| {
            matches!(
                u.kind,
                UnitKind::Township | UnitKind::Subdistrict | UnitKind::EducationBureau
            )
        })
        .collect();
    let leaders: Vec<Attendee> = LEADERS.iter().map(|n| person(n, district.id)).collect();
    let unit_heads: Vec<Attendee> = heads
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let name = format!("{}{}", SURNAMES[i % 16], GIVEN[(i * 5 + 3) % 16]);
            person(&name, u.id)
        })
        .collect();
    let leadership = AttendeeRule {
        roles: vec![
            LeaderRole::Director,
            LeaderRole::ExecutiveDeputy,
            LeaderRole::Deputy,
        ],
        scope: UnitScope::Unit(district.id),
    };
    let base = |kind, title: &str, rule: &str, time, attendees: Vec<Attendee>| SeriesDraft {
        kind,
        title: title.to_string(),
        host: district.id,
        rule: rule.to_string(),
        start: d(2024, 1, 1),
        time,
        duration_minutes: 120,
        place: "区关工委会议室".to_string(),
        shift: Shift::Next,
        attendee_rules: vec![leadership.clone()],
        attendees,
        agenda: Vec::new(),
        report_per_attendee: false,
    };

    let plenary = backend.create_series(SeriesDraft {
        place: "区委第一会议室".into(),
        duration_minutes: 180,
        agenda: vec![
            item("总结上年度关心下一代工作"),
            item("部署本年度“三创”任务"),
            item("表彰五老先进典型"),
        ],
        ..base(
            MeetingKind::Plenary,
            "全区关工委会议",
            "FREQ=YEARLY;BYMONTH=1;BYDAY=3TU;UNTIL=20261231",
            at(9, 0),
            leaders.iter().chain(&unit_heads).cloned().collect(),
        )
    })?;
    let office = backend.create_series(SeriesDraft {
        report_per_attendee: false,
        agenda: std::iter::once(item("传达上级会议精神"))
            .chain(
                DEPUTIES
                    .iter()
                    .map(|n| reporting(&format!("{n}汇报分管“三创”任务进展"), n)),
            )
            .collect(),
        ..base(
            MeetingKind::DirectorsOffice,
            "主任办公会",
            "FREQ=MONTHLY;BYDAY=1MO;UNTIL=20261231",
            at(9, 0),
            leaders.clone(),
        )
    })?;
    let progress = backend.create_series(SeriesDraft {
        attendee_rules: vec![
            leadership.clone(),
            AttendeeRule {
                roles: vec![LeaderRole::Director],
                scope: UnitScope::ChildrenOf {
                    parent: district.id,
                    kinds: vec![
                        UnitKind::Township,
                        UnitKind::Subdistrict,
                        UnitKind::EducationBureau,
                    ],
                },
            },
        ],
        agenda: vec![
            item("各乡镇、街道、教体局关工委汇报工作进展"),
            item("研究共性、难点问题"),
            item("安排部署下一步措施"),
        ],
        ..base(
            MeetingKind::Progress,
            "工作推进会",
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;UNTIL=20261231",
            at(14, 30),
            leaders.iter().take(1).chain(&unit_heads).cloned().collect(),
        )
    })?;

    let today = Local::now().date_naive();
    let mut n = 0usize;
    for series in [&plenary, &office, &progress] {
        let schedule = backend.schedule(d(2024, 1, 1), d(2026, 12, 31))?;
        for entry in schedule
            .entries
            .iter()
            .filter(|e| e.slot.series == series.id)
        {
            if entry.slot.date >= today {
                break;
            }
            n += 1;
            hold(backend, series, entry.slot.date, n, today)?;
        }
    }
    Ok(())
}

fn item(title: &str) -> AgendaItem {
    AgendaItem {
        title: title.to_string(),
        reporter: None,
    }
}

fn reporting(title: &str, who: &str) -> AgendaItem {
    AgendaItem {
        title: title.to_string(),
        reporter: Some(who.to_string()),
    }
}

/// Records one past meeting as held, with attendance, minutes and (for some) tasks. `n` counts
/// meetings, to vary who was away.
fn hold(
    backend: &dyn Backend,
    series: &MeetingSeries,
    date: NaiveDate,
    n: usize,
    today: NaiveDate,
) -> Result<()> {
    let page = backend.meeting_page(series.id, date)?;
    let mut m: Meeting = page.meeting;
    m.status = MeetingStatus::Held;
    let count = m.attendance.len();
    for (i, entry) in m.attendance.iter_mut().enumerate() {
        entry.presence = match (n * 7 + i * 3) % 17 {
            0 => Presence::Absent {
                reason: "外出学习".into(),
            },
            5 if i > 0 => Presence::Absent {
                reason: "身体原因请假".into(),
            },
            9 if i >= 5 => Presence::Substitute {
                by: format!(
                    "{}（副主任）",
                    entry.attendee.name.chars().next().unwrap_or('王')
                ),
            },
            _ => Presence::Present,
        };
    }
    let lines: Vec<String> = match series.kind {
        MeetingKind::DirectorsOffice => DEPUTIES
            .iter()
            .enumerate()
            .map(|(i, who)| {
                let line =
                    OFFICE_LINES[(n + i) % OFFICE_LINES.len()].replace("{n}", &n.to_string());
                format!("{who}：{line}")
            })
            .collect(),
        MeetingKind::Plenary => DEPUTIES
            .iter()
            .zip(PLENARY_TASKS)
            .map(|(who, task)| format!("{who}：{task}"))
            .collect(),
        _ => vec![
            format!("到会{count}人，各单位汇报本季度“三创”工作进展。"),
            "共性问题：部分村屯五老骨干年龄偏大，活动组织力量不足。".into(),
            "下一步：各乡镇街道结合实际推荐一批培育典型。".into(),
        ],
    };
    m.minutes = lines.join("\n");
    if series.kind == MeetingKind::DirectorsOffice {
        m.decisions = vec!["各副主任每月5日前报送分管工作进展".into()];
    }
    let m = backend.save_meeting(m)?;

    // Tasks: every plenary sets the year's three; every third office meeting adds one.
    let handed: Vec<(usize, &str)> = match series.kind {
        MeetingKind::Plenary => (0..3).map(|i| (i, DEPUTIES[i])).collect(),
        MeetingKind::DirectorsOffice if n.is_multiple_of(3) => vec![(0, DEPUTIES[(n / 3) % 3])],
        _ => Vec::new(),
    };
    for (k, owner) in handed {
        let title = lines
            .iter()
            .find(|l| l.starts_with(owner))
            .and_then(|l| l.split_once('：'))
            .map_or_else(
                || lines[k.min(lines.len() - 1)].clone(),
                |(_, t)| t.to_string(),
            );
        let due = match series.kind {
            MeetingKind::Plenary => d(m.date.year(), 11, 30),
            _ => m.date.checked_add_days(Days::new(30)).unwrap_or(m.date),
        };
        let task = backend.create_task(TaskDraft {
            title,
            owner: Attendee {
                person: None,
                name: owner.to_string(),
                unit: None,
            },
            unit: None,
            meeting: Some(m.id),
            opened: m.date,
            due: Some(due),
        })?;
        if due >= today {
            continue;
        }
        let task = backend.update_task(
            &task,
            TaskChange::Note {
                on: due.checked_sub_days(Days::new(10)).unwrap_or(due),
                text: "已召开专题会议研究，正在推进。".into(),
            },
        )?;
        // Most past tasks are done on time; every fifth is still open, hence overdue.
        if !(n + k).is_multiple_of(5) {
            backend.update_task(
                &task,
                TaskChange::Status(TaskStatus::Done {
                    on: due.checked_sub_days(Days::new(3)).unwrap_or(due),
                }),
            )?;
        }
    }
    Ok(())
}
