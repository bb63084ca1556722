//! Demo meetings for 爱辉区 from 2024 on: the yearly plenary, the monthly 主任办公会 and the
//! quarterly 工作推进会, with those before the demo's day held, attendance taken, minutes
//! written and tasks handed out (some done, some overdue), and the rest still to come. Attendees come from the teams the demo roster records.

use chrono::{Datelike, Days, Local, NaiveDate, NaiveTime};

use crate::api::meetings::{
    CreateSeries, CreateTask, GetMeetingPage, GetSchedule, SaveMeeting, SeriesDraft, TaskChange,
    TaskDraft, UpdateTask,
};
use crate::api::people::{ListPositions, PositionRow};
use crate::api::units::ResolveUnit;
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitKind;
use crate::domain::day::Day;
use crate::domain::meeting::{
    AgendaItem, Attendee, AttendeeRule, LeaderRole, Meeting, MeetingKind, MeetingSeries,
    MeetingStatus, Presence, UnitScope,
};
use crate::domain::person::Role;
use crate::domain::task::TaskStatus;
use crate::domain::workdays::Shift;
use crate::error::Result;

/// The 三创 tasks a plenary sets, one to the deputy who leads each part: (area, task).
const PLENARY_TASKS: [(&str, &str); 3] = [
    ("创典型", "创典型：指导四嘉子乡等3个乡镇完成培育典型规划"),
    ("创经验", "创经验：总结人保财险社区“四位一体”教育机制经验"),
    ("创品牌", "创品牌：打造瑷珲小将军研学基地品牌，组织研学活动"),
];

const OFFICE_LINES: [&str; 6] = [
    "小乌斯力村法治广场宣传活动方案报区关工委审核",
    "教体局7所学校“一校一品”方案本月内完成修改",
    "五老队伍登记复核，对挂名无作为人员提出处理意见",
    "第{n}期简报组稿，各乡镇街道报送信息不少于2条",
    "花园街道党建带关工“四纳入”落实情况调研",
    "研学基地本季度接待计划与安全预案",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
}

fn at(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// A deputy of the district serving on a meeting's date, with the part of 三创 they lead.
struct Deputy {
    who: Attendee,
    area: String,
}

/// The district's deputies serving on `on`, by the day their term began.
fn deputies_on(terms: &[PositionRow], on: NaiveDate) -> Vec<Deputy> {
    let day = Day::from_date(on);
    let mut serving: Vec<&PositionRow> = terms
        .iter()
        .filter(|t| t.position.role == Role::Deputy && t.position.serving_on(day))
        .collect();
    serving.sort_by_key(|t| (t.position.from, t.position.id));
    serving
        .into_iter()
        .map(|t| Deputy {
            who: Attendee {
                person: Some(t.position.person.0),
                name: t.person_name.clone(),
                unit: Some(t.position.unit),
            },
            area: t.position.area.clone(),
        })
        .collect()
}

/// Meetings over the teams `demo_people` recorded: attendees are given by role, so each meeting
/// expects whoever held the post on its date.
pub fn populate(backend: &dyn Backend) -> Result<()> {
    let district = backend.run(ResolveUnit {
        given: crate::demo::DISTRICT.to_string(),
    })?;
    let leadership = AttendeeRule {
        roles: vec![
            LeaderRole::Director,
            LeaderRole::ExecutiveDeputy,
            LeaderRole::Deputy,
        ],
        scope: UnitScope::Unit(district.id),
    };
    let unit_directors = AttendeeRule {
        roles: vec![LeaderRole::Director],
        scope: UnitScope::ChildrenOf {
            parent: district.id,
            kinds: vec![
                UnitKind::Township,
                UnitKind::Subdistrict,
                UnitKind::EducationBureau,
            ],
        },
    };
    let base = |kind, title: &str, rule: &str, time| SeriesDraft {
        kind,
        title: title.to_string(),
        host: district.id,
        rule: rule.to_string(),
        start: d(2024, 1, 1),
        time,
        duration_minutes: 120,
        place: "区关工委会议室".to_string(),
        shift: Shift::Next,
        attendee_rules: vec![leadership.clone(), unit_directors.clone()],
        attendees: Vec::new(),
        agenda: Vec::new(),
        report_per_attendee: false,
    };

    let plenary = backend.run(CreateSeries {
        draft: SeriesDraft {
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
                "FREQ=YEARLY;BYMONTH=1;BYDAY=3TU",
                at(9, 0),
            )
        },
    })?;
    // The 主任办公会 is the district team alone; each deputy reports in turn.
    let office = backend.run(CreateSeries {
        draft: SeriesDraft {
            attendee_rules: vec![leadership.clone()],
            agenda: vec![item("传达上级会议精神")],
            ..base(
                MeetingKind::DirectorsOffice,
                "主任办公会",
                "FREQ=MONTHLY;BYDAY=1MO",
                at(9, 0),
            )
        },
    })?;
    let progress = backend.run(CreateSeries {
        draft: SeriesDraft {
            agenda: vec![
                item("各乡镇、街道、教体局关工委汇报工作进展"),
                item("研究共性、难点问题"),
                item("安排部署下一步措施"),
            ],
            ..base(
                MeetingKind::Progress,
                "工作推进会",
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU",
                at(14, 30),
            )
        },
    })?;

    let terms = backend.run(ListPositions {
        unit: Some(district.id),
        include_ended: true,
    })?;
    let terms: Vec<PositionRow> = terms
        .into_iter()
        .filter(|t| t.position.unit == district.id)
        .collect();
    let today = Local::now().date_naive();
    let mut n = 0usize;
    // Everything up to the day the demo is made is on record; the series
    // run on without an end, so the agenda always has meetings to come.
    let schedule = backend.run(GetSchedule {
        from: d(2024, 1, 1),
        to: today,
    })?;
    for series in [&plenary, &office, &progress] {
        for entry in schedule
            .entries
            .iter()
            .filter(|e| e.slot.series == series.id)
        {
            if entry.slot.date >= today {
                break;
            }
            n += 1;
            let deputies = deputies_on(&terms, entry.slot.date);
            hold(backend, series, entry.slot.date, &deputies, n, today)?;
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

/// Records one past meeting as held, with attendance, minutes and (for some) tasks handed to
/// the deputies serving that day. `n` counts meetings, to vary who was away.
fn hold(
    backend: &dyn Backend,
    series: &MeetingSeries,
    date: NaiveDate,
    deputies: &[Deputy],
    n: usize,
    today: NaiveDate,
) -> Result<()> {
    let page = backend.run(GetMeetingPage {
        series: series.id,
        date,
    })?;
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
    let name = |d: &Deputy| d.who.name.clone();
    let lines: Vec<String> = match series.kind {
        MeetingKind::DirectorsOffice => deputies
            .iter()
            .enumerate()
            .map(|(i, who)| {
                let line =
                    OFFICE_LINES[(n + i) % OFFICE_LINES.len()].replace("{n}", &n.to_string());
                format!("{}：{line}", name(who))
            })
            .collect(),
        MeetingKind::Plenary => PLENARY_TASKS
            .iter()
            .filter_map(|(area, task)| {
                let who = deputies.iter().find(|d| d.area == *area)?;
                Some(format!("{}：{task}", name(who)))
            })
            .collect(),
        _ => vec![
            format!("到会{count}人，各单位汇报本季度“三创”工作进展。"),
            "共性问题：部分村屯五老骨干年龄偏大，活动组织力量不足。".into(),
            "下一步：各乡镇街道结合实际推荐一批培育典型。".into(),
        ],
    };
    m.minutes = lines.join("\n");
    if series.kind == MeetingKind::DirectorsOffice {
        m.agenda.extend(
            deputies
                .iter()
                .map(|d| reporting(&format!("{}汇报分管“三创”任务进展", name(d)), &name(d))),
        );
        m.decisions = vec!["各副主任每月5日前报送分管工作进展".into()];
    }
    let m = backend.run(SaveMeeting { meeting: m })?;

    // Tasks: every plenary sets the year's three; every third office meeting adds one.
    let handed: Vec<(usize, &Deputy)> = match series.kind {
        MeetingKind::Plenary => PLENARY_TASKS
            .iter()
            .filter_map(|(area, _)| deputies.iter().find(|d| d.area == *area))
            .enumerate()
            .collect(),
        MeetingKind::DirectorsOffice if n.is_multiple_of(3) && !deputies.is_empty() => {
            vec![(0, &deputies[(n / 3) % deputies.len()])]
        }
        _ => Vec::new(),
    };
    for (k, owner) in handed {
        let title = lines
            .iter()
            .find_map(|l| l.strip_prefix(&format!("{}：", owner.who.name)))
            .map_or_else(|| lines[k.min(lines.len() - 1)].clone(), str::to_string);
        let due = match series.kind {
            MeetingKind::Plenary => d(m.date.year(), 11, 30),
            _ => m.date.checked_add_days(Days::new(30)).unwrap_or(m.date),
        };
        let task = backend.run(CreateTask {
            draft: TaskDraft {
                title,
                owner: owner.who.clone(),
                unit: None,
                meeting: Some(m.id),
                opened: m.date,
                due: Some(due),
            },
        })?;
        if due >= today {
            continue;
        }
        let task = backend.run(UpdateTask {
            id: task.id,
            rev: task.rev,
            change: TaskChange::Note {
                on: due.checked_sub_days(Days::new(10)).unwrap_or(due),
                text: "已召开专题会议研究，正在推进。".into(),
            },
        })?;
        // Most past tasks are done on time; every fifth is still open, hence overdue.
        if !(n + k).is_multiple_of(5) {
            backend.run(UpdateTask {
                id: task.id,
                rev: task.rev,
                change: TaskChange::Status(TaskStatus::Done {
                    on: due.checked_sub_days(Days::new(3)).unwrap_or(due),
                }),
            })?;
        }
    }
    Ok(())
}
