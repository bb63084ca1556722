//! One record of each kind a rulebook counts, for a township and two of its
//! elders, each item worth a different number of points so that every
//! count shows in the totals, worked out by hand.

use std::collections::BTreeMap;

use crate::kit;

use chrono::{NaiveDate, NaiveTime};
use ggw::api::meetings::{
    CreateSeries, CreateTask, GetMeetingPage, SaveMeeting, SeriesDraft, TaskChange, TaskDraft,
    UpdateTask,
};
use ggw::api::people::{AddHonour, CreatePerson};
use ggw::api::sanchuang::{AddInfo, AddPlan, AdoptInfo, AdvancePlan, InfoDraft, PlanDraft};
use ggw::api::scores::{AdjustScore, GetLedger, GetStandings, SetRules};
use ggw::api::work::AddWork;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::bulletin::{Adoption, AdoptionLevel};
use ggw::domain::day::Day;
use ggw::domain::meeting::{Attendee, MeetingKind, MeetingStatus, Presence};
use ggw::domain::person::{Honour, HonourLevel, Person};
use ggw::domain::plan::Creation;
use ggw::domain::points::Points;
use ggw::domain::rules::PeerGroup;
use ggw::domain::score_records::Subject;
use ggw::domain::task::TaskStatus;
use ggw::domain::work::{ActivityKind, Attendance, TrainingMode};
use ggw::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft,
};
use ggw::domain::workdays::Shift;
use ggw::domain::{OrgUnit, UnitKind};

const RULES: &str = r#"
name = "2025年度逐项细则"
from = 2025-01-01
to = 2025-12-31

[[block]]
name = "单位"

[[block.item]]
name = "活动"
counts = "activities"
points = 1

[[block.item]]
name = "法治活动"
counts = "activities"
where = { kind = "law" }
points = 10

[[block.item]]
name = "专题培训"
counts = "trainings"
where = { mode = "topical" }
points = 2

[[block.item]]
name = "参训人次"
counts = "training-attendance"
points = 0.5

[[block.item]]
name = "下村"
counts = "visits"
points = 3

[[block.item]]
name = "研学"
counts = "studybase-sessions"
points = 4

[[block.item]]
name = "撰写信息"
counts = "info-written"
points = 5

[[block.item]]
name = "省级采用"
counts = "info-adopted"
where = { level = "省" }
points = 6

[[block.item]]
name = "规划推进"
counts = "plans-advanced"
points = 7

[[block.item]]
name = "通过验收"
counts = "plans-accepted"
points = 8

[[block.item]]
name = "出席"
counts = "meetings-attended"
points = 9

[[block.item]]
name = "缺席"
counts = "meetings-missed"
points = -1

[[block.item]]
name = "完成任务"
counts = "tasks-done"
points = 11

[[block.item]]
name = "逾期任务"
counts = "tasks-overdue"
points = -12

[[block.item]]
name = "表彰"
counts = "honours"
where = { level = "市" }
points = 13

[[block.item]]
name = "奖惩"
counts = "manual"

[[block]]
name = "五老"
scores = "person"

[[block.item]]
name = "活动"
counts = "activities"
points = 1

[[block.item]]
name = "下村"
counts = "visits"
points = 2

[[block.item]]
name = "参训"
counts = "training-attendance"
points = 3

[[block.item]]
name = "撰写"
counts = "info-written"
points = 4

[[block.item]]
name = "采用"
counts = "info-adopted"
points = 5

[[block.item]]
name = "出席"
counts = "meetings-attended"
points = 6

[[block.item]]
name = "完成任务"
counts = "tasks-done"
points = 7

[[block.item]]
name = "表彰"
counts = "honours"
points = 8
"#;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn nd(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap()
}

fn work(b: &LocalBackend, draft: WorkDraft) {
    b.run(AddWork { draft }).unwrap();
}

fn activity(
    unit: &OrgUnit,
    date: Day,
    kind: ActivityKind,
    elders: Vec<ggw::domain::person::PersonId>,
) -> WorkDraft {
    WorkDraft::Activity(ActivityDraft {
        unit: unit.id,
        date,
        title: format!("{}活动", kind.label_zh()),
        theme: String::new(),
        kind,
        online: false,
        place: String::new(),
        youths: 0,
        elders,
        notes: String::new(),
    })
}

fn attendee(p: &Person) -> Attendee {
    Attendee {
        person: Some(p.id.0),
        name: p.name.clone(),
        unit: Some(p.unit),
    }
}

/// Points per item of a ledger.
fn by_item(b: &LocalBackend, subject: Subject) -> (Points, BTreeMap<String, Points>) {
    let l = b
        .run(GetLedger {
            period: Some("2025".into()),
            subject,
        })
        .unwrap();
    let mut out = BTreeMap::new();
    for line in &l.lines {
        *out.entry(line.item.clone()).or_insert(Points::ZERO) += line.points;
    }
    assert_eq!(out.values().copied().sum::<Points>(), l.total);
    (l.total, out)
}

#[test]
fn each_count_with_its_filter_scores_a_township_and_its_elders() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("甲乡", UnitKind::Village, "东村")
        .build();
    let b = &w.b;
    let (town, east) = (w.unit("甲乡").clone(), w.unit("东村").clone());
    let wang = b
        .run(CreatePerson {
            draft: kit::elder("王老师", &east),
        })
        .unwrap();
    let li = b
        .run(CreatePerson {
            draft: kit::elder("李大夫", &town),
        })
        .unwrap();
    b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();

    // Activities: a law one at the village naming 王 (1 + 10), an
    // education one at the town (1); one in 2024 counts for nothing.
    work(
        b,
        activity(&east, d(2025, 3, 1), ActivityKind::Law, vec![wang.id]),
    );
    work(
        b,
        activity(&town, d(2025, 4, 1), ActivityKind::Education, vec![]),
    );
    work(
        b,
        activity(&town, d(2024, 12, 31), ActivityKind::Law, vec![wang.id]),
    );
    // A topical training of 王 and 李 (2, and 2 × 0.5), a head-count one
    // of 40 in another mode (0 + 20).
    work(
        b,
        WorkDraft::Training(TrainingDraft {
            unit: town.id,
            date: d(2025, 5, 1),
            mode: TrainingMode::Topical,
            topic: "五老工作方法".into(),
            attendance: Attendance::Named(vec![wang.id, li.id]),
        }),
    );
    work(
        b,
        WorkDraft::Training(TrainingDraft {
            unit: east.id,
            date: d(2025, 5, 2),
            mode: TrainingMode::MeetingAsTraining,
            topic: "政策学习".into(),
            attendance: Attendance::HeadCount(40),
        }),
    );
    // 王 visits the village (3); a study session at its base (4).
    work(
        b,
        WorkDraft::Visit(VisitDraft {
            person: wang.id,
            village: east.id,
            date: d(2025, 6, 1),
            purpose: "走访".into(),
            result: String::new(),
        }),
    );
    work(
        b,
        WorkDraft::StudySession(StudySessionDraft {
            base: east.id,
            date: d(2025, 7, 1),
            visitor: "第一中学".into(),
            students: 30,
            theme: "红色教育".into(),
        }),
    );
    // An info item by 李 for the village (5), adopted by the province (6)
    // and by the city (not a province adoption: 0).
    let item = b
        .run(AddInfo {
            draft: InfoDraft {
                unit: east.id,
                title: "东村关爱留守儿童".into(),
                body: "正文".into(),
                authors: vec![li.id],
                written: d(2025, 2, 1),
                submitted: None,
            },
        })
        .unwrap();
    for (level, on) in [
        (AdoptionLevel::Province, d(2025, 3, 1)),
        (AdoptionLevel::City, d(2025, 3, 2)),
    ] {
        b.run(AdoptInfo {
            id: item.id,
            adoption: Adoption {
                level,
                outlet: "日报".into(),
                reference: String::new(),
                on,
            },
        })
        .unwrap();
    }
    // A plan at the village taken through three stages (3 × 7) to
    // acceptance (8).
    let mut plan = b
        .run(AddPlan {
            draft: PlanDraft {
                unit: east.id,
                creation: Creation::Model,
                base: String::new(),
                strengths: String::new(),
                weaknesses: String::new(),
                goals: "示范村".into(),
                measures: String::new(),
                owner: None,
                opened: d(2025, 1, 10),
            },
        })
        .unwrap();
    for on in [d(2025, 2, 1), d(2025, 3, 1), d(2025, 4, 1)] {
        plan = b
            .run(AdvancePlan {
                id: plan.id,
                rev: plan.rev,
                on,
                note: String::new(),
            })
            .unwrap();
    }
    // A meeting held, 王 present (9) and 李 absent (-1).
    let series = b
        .run(CreateSeries {
            draft: SeriesDraft {
                kind: MeetingKind::DirectorsOffice,
                title: "主任办公会".into(),
                host: w.district.id,
                rule: "FREQ=MONTHLY;BYDAY=1MO".into(),
                start: nd(2025, 1, 1),
                time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                duration_minutes: 60,
                place: "会议室".into(),
                shift: Shift::Next,
                attendee_rules: vec![],
                attendees: vec![attendee(&wang), attendee(&li)],
                agenda: vec![],
                report_per_attendee: false,
            },
        })
        .unwrap();
    let mut m = b
        .run(GetMeetingPage {
            series: series.id,
            date: nd(2025, 2, 3),
        })
        .unwrap()
        .meeting;
    m.status = MeetingStatus::Held;
    m.mark(attendee(&wang), Presence::Present);
    m.mark(
        attendee(&li),
        Presence::Absent {
            reason: "外出".into(),
        },
    );
    b.run(SaveMeeting { meeting: m }).unwrap();
    // 李's task done in time at the town (11); 王's at the village, due
    // 2025-04-01 and still open (-12).
    let t = b
        .run(CreateTask {
            draft: TaskDraft {
                title: "整理台账".into(),
                owner: attendee(&li),
                unit: Some(town.id),
                meeting: None,
                opened: nd(2025, 1, 5),
                due: Some(nd(2025, 3, 1)),
            },
        })
        .unwrap();
    b.run(UpdateTask {
        id: t.id,
        rev: t.rev,
        change: TaskChange::Status(TaskStatus::Done {
            on: nd(2025, 2, 20),
        }),
    })
    .unwrap();
    b.run(CreateTask {
        draft: TaskDraft {
            title: "走访困难学生".into(),
            owner: attendee(&wang),
            unit: Some(east.id),
            meeting: None,
            opened: nd(2025, 1, 5),
            due: Some(nd(2025, 4, 1)),
        },
    })
    .unwrap();
    // 王 honoured by the city (13); a district honour is not the city's.
    let wang = b
        .run(AddHonour {
            id: wang.id,
            rev: b
                .run(ggw::api::people::GetPerson { id: wang.id })
                .unwrap()
                .rev,
            honour: Honour {
                title: "优秀五老".into(),
                level: HonourLevel::City,
                date: d(2025, 9, 1),
            },
        })
        .unwrap();
    b.run(AddHonour {
        id: wang.id,
        rev: wang.rev,
        honour: Honour {
            title: "热心五老".into(),
            level: HonourLevel::District,
            date: d(2025, 9, 2),
        },
    })
    .unwrap();
    // An award of 2.5 to the town.
    b.run(AdjustScore {
        period: "2025".into(),
        subject: Subject::Unit(town.id),
        points: p("2.5"),
        reason: "经验交流".into(),
        on: None,
    })
    .unwrap();

    let (total, items) = by_item(b, Subject::Unit(town.id));
    let expected: BTreeMap<String, Points> = [
        ("活动", "2"),
        ("法治活动", "10"),
        ("专题培训", "2"),
        ("参训人次", "21"),
        ("下村", "3"),
        ("研学", "4"),
        ("撰写信息", "5"),
        ("省级采用", "6"),
        ("规划推进", "21"),
        ("通过验收", "8"),
        ("出席", "9"),
        ("缺席", "-1"),
        ("完成任务", "11"),
        ("逾期任务", "-12"),
        ("表彰", "13"),
        ("奖惩", "2.5"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), p(v)))
    .collect();
    assert_eq!(items, expected);
    assert_eq!(total, p("104.5"));
    let s = b
        .run(GetStandings {
            period: None,
            group: PeerGroup::Township,
        })
        .unwrap();
    assert_eq!(s.rows[0].total, p("104.5"));

    // 王: the law activity 1, the visit 2, the training 3, present 6, the
    // honours 8 + 8: 28. 李: the training 3, the item 4, its two adoptions
    // 10, the task 7: 24.
    let (wang_total, wang_items) = by_item(b, Subject::Person(wang.id));
    assert_eq!(wang_total, p("28"), "{wang_items:?}");
    let (li_total, _) = by_item(b, Subject::Person(li.id));
    assert_eq!(li_total, p("24"));
    let elders = b
        .run(GetStandings {
            period: None,
            group: PeerGroup::Elder,
        })
        .unwrap();
    let table: Vec<(String, Points, u32)> = elders
        .rows
        .iter()
        .map(|r| (r.name.clone(), r.total, r.rank))
        .collect();
    assert_eq!(
        table,
        vec![("王老师".into(), p("28"), 1), ("李大夫".into(), p("24"), 2)]
    );
}
