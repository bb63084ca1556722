//! 三创 through the service: plans and their stages, guidance visits whose
//! follow-ups become tasks, info items and adoptions, bulletin numbering,
//! and a period's figures against answers worked out by hand.

use crate::kit;

use ggw::api::admin::Check;
use ggw::api::meetings::ListTasks;
use ggw::api::people::CreatePerson;
use ggw::api::sanchuang::{
    AddGroup, AddGuidance, AddInfo, AddPlan, AdoptInfo, AdvancePlan, FailPlan, FollowUp,
    GetBulletin, GetPlan, GetSanchuangFigures, GuidanceDraft, ImportInfo, InfoDraft, InfoImportRow,
    ListInfo, ListPlans, NewBulletin, PlanDraft, VoidSanchuang,
};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::RecordKind;
use ggw::domain::bulletin::{Adoption, AdoptionLevel, InfoItem, IssueNumber};
use ggw::domain::day::Day;
use ggw::domain::guidance::{Findings, GroupLine, GuidanceMethod};
use ggw::domain::people_figures::Period;
use ggw::domain::person::Person;
use ggw::domain::plan::{Creation, Plan, Stage};
use ggw::domain::{OrgUnit, UnitKind};
use ggw::error::Error;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

struct W {
    _t: kit::TempDb,
    b: LocalBackend,
    town: OrgUnit,
    village: OrgUnit,
    school: OrgUnit,
    zhao: Person,
}

fn world() -> W {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .unit("爱辉区", UnitKind::EducationBureau, "教体局")
        .unit("教体局", UnitKind::School, "第一中学")
        .build();
    let zhao =
        w.b.run(CreatePerson {
            draft: kit::elder("赵振华", &w.district),
        })
        .unwrap();
    W {
        town: w.unit("四嘉子乡").clone(),
        village: w.unit("小乌斯力村").clone(),
        school: w.unit("第一中学").clone(),
        _t: w.dir,
        b: w.b,
        zhao,
    }
}

fn plan(w: &W, unit: &OrgUnit, creation: Creation, opened: Day) -> Plan {
    w.b.run(AddPlan {
        draft: PlanDraft {
            unit: unit.id,
            creation,
            base: String::new(),
            strengths: "民族特色".into(),
            weaknesses: String::new(),
            goals: "建成示范村".into(),
            measures: String::new(),
            owner: Some(w.zhao.id),
            opened,
        },
    })
    .unwrap()
}

fn advance(w: &W, p: &Plan, on: Day) -> Plan {
    w.b.run(AdvancePlan {
        id: p.id,
        rev: p.rev,
        on,
        note: "按计划推进".into(),
    })
    .unwrap()
}

#[test]
fn a_plan_moves_one_stage_at_a_time_and_a_failed_inspection_goes_back() {
    let w = world();
    let p = plan(&w, &w.village, Creation::Model, d(2024, 1, 10));
    assert_eq!(p.stage(), Stage::Planning);
    // Failing is only for a plan at inspection.
    let early = w.b.run(FailPlan {
        id: p.id,
        rev: p.rev,
        on: d(2024, 2, 1),
        reason: "材料不全".into(),
    });
    assert!(matches!(early, Err(Error::InvalidField { .. })));
    let p = advance(&w, &p, d(2024, 3, 1));
    let p = advance(&w, &p, d(2024, 9, 1));
    assert_eq!(p.stage(), Stage::Inspection);
    let p =
        w.b.run(FailPlan {
            id: p.id,
            rev: p.rev,
            on: d(2024, 9, 20),
            reason: "台账不全".into(),
        })
        .unwrap();
    assert_eq!(p.stage(), Stage::Cultivating);
    let backdated = w.b.run(AdvancePlan {
        id: p.id,
        rev: p.rev,
        on: d(2024, 9, 19),
        note: String::new(),
    });
    assert!(matches!(backdated, Err(Error::InvalidField { .. })));
    let p = advance(&w, &p, d(2024, 10, 8));
    let p = advance(&w, &p, d(2024, 11, 30));
    assert_eq!(p.stage(), Stage::Promotion);
    let done = w.b.run(AdvancePlan {
        id: p.id,
        rev: p.rev,
        on: d(2024, 12, 1),
        note: String::new(),
    });
    assert!(matches!(done, Err(Error::InvalidField { .. })));
    let card = w.b.run(GetPlan { id: p.id }).unwrap();
    assert_eq!(card.row.plan.changes.len(), 5);
    assert_eq!(card.owner.as_deref(), Some("赵振华"));
}

#[test]
fn a_unit_has_one_live_plan_per_creation() {
    let w = world();
    let first = plan(&w, &w.village, Creation::Model, d(2024, 1, 10));
    let again = w.b.run(AddPlan {
        draft: PlanDraft {
            unit: w.village.id,
            creation: Creation::Model,
            base: String::new(),
            strengths: String::new(),
            weaknesses: String::new(),
            goals: String::new(),
            measures: String::new(),
            owner: None,
            opened: d(2024, 2, 1),
        },
    });
    assert!(matches!(again, Err(Error::InvalidField { .. })));
    // Another creation is another plan; a voided one frees its place.
    plan(&w, &w.village, Creation::Brand, d(2024, 1, 10));
    w.b.run(VoidSanchuang {
        kind: RecordKind::Plan,
        id: first.id.0,
        rev: first.rev,
        reason: "重复登记".into(),
    })
    .unwrap();
    plan(&w, &w.village, Creation::Model, d(2024, 2, 1));
    let live =
        w.b.run(ListPlans {
            unit: None,
            stage: None,
        })
        .unwrap();
    assert_eq!(live.len(), 2);
}

#[test]
fn a_guidance_visits_follow_ups_become_tasks() {
    let w = world();
    let group =
        w.b.run(AddGroup {
            name: "乡镇村屯组".into(),
            line: GroupLine::Townships,
            members: vec![w.zhao.id],
        })
        .unwrap();
    let visit =
        w.b.run(AddGuidance {
            draft: GuidanceDraft {
                group: group.id,
                unit: w.village.id,
                date: d(2024, 5, 20),
                methods: vec![GuidanceMethod::Discussion, GuidanceMethod::Report],
                findings: Findings {
                    feature: "民族文化".into(),
                    problem: "台账不全".into(),
                    ..Findings::default()
                },
                follow_ups: vec![FollowUp {
                    title: "补齐活动台账".into(),
                    owner: w.zhao.id,
                    due: Some(d(2024, 6, 30)),
                }],
            },
        })
        .unwrap();
    assert_eq!(
        visit.methods,
        vec![GuidanceMethod::Report, GuidanceMethod::Discussion]
    );
    assert_eq!(visit.tasks.len(), 1);
    let tasks =
        w.b.run(ListTasks {
            owner: None,
            overdue_only: false,
            today: d(2024, 7, 1).date(),
        })
        .unwrap();
    let t = tasks.iter().find(|t| t.id == visit.tasks[0]).unwrap();
    assert_eq!(t.title, "补齐活动台账");
    assert_eq!(t.due, Some(d(2024, 6, 30).date()));
    assert_eq!(t.unit, Some(w.village.id));
    let p = plan(&w, &w.village, Creation::Experience, d(2024, 1, 2));
    let card = w.b.run(GetPlan { id: p.id }).unwrap();
    assert_eq!(card.row.last_visit, Some(d(2024, 5, 20)));
    assert_eq!(card.visits.len(), 1);
}

fn info(w: &W, unit: &OrgUnit, title: &str, written: Day) -> InfoItem {
    w.b.run(AddInfo {
        draft: InfoDraft {
            unit: unit.id,
            title: title.into(),
            body: "第一段。\n第二段。".into(),
            authors: vec![w.zhao.id],
            written,
            submitted: Some(written),
        },
    })
    .unwrap()
}

fn adopt(w: &W, item: &InfoItem, level: AdoptionLevel, on: Day) -> InfoItem {
    w.b.run(AdoptInfo {
        id: item.id,
        adoption: Adoption {
            level,
            outlet: "黑河关工委简报".into(),
            reference: "第3期".into(),
            on,
        },
    })
    .unwrap()
}

#[test]
fn bulletins_number_on_across_years_refusing_repeats_and_unasked_gaps() {
    let w = world();
    let a = info(&w, &w.village, "小乌斯力村开展民族文化活动", d(2024, 11, 2));
    let b = info(&w, &w.school, "第一中学法治进校园", d(2024, 11, 3));
    let new = |date: Day, number: Option<IssueNumber>, allow_gap: bool| {
        w.b.run(NewBulletin {
            date,
            items: vec![a.id, b.id],
            editor: None,
            number,
            allow_gap,
        })
    };
    let first = new(d(2024, 11, 10), None, false).unwrap();
    assert_eq!(
        first.issue,
        IssueNumber {
            year: 2024,
            number: 1,
            running: 1
        }
    );
    let second = new(d(2024, 12, 10), None, false).unwrap();
    assert_eq!((second.issue.number, second.issue.running), (2, 2));
    let jan = new(d(2025, 1, 8), None, false).unwrap();
    assert_eq!(
        (jan.issue.year, jan.issue.number, jan.issue.running),
        (2025, 1, 3)
    );
    let repeat = IssueNumber {
        year: 2025,
        number: 1,
        running: 4,
    };
    assert!(matches!(
        new(d(2025, 2, 1), Some(repeat), true),
        Err(Error::InvalidField { .. })
    ));
    let gap = IssueNumber {
        year: 2025,
        number: 3,
        running: 5,
    };
    assert!(matches!(
        new(d(2025, 2, 1), Some(gap), false),
        Err(Error::InvalidField { .. })
    ));
    let skipped = new(d(2025, 2, 1), Some(gap), true).unwrap();
    assert_eq!(skipped.issue, gap);
    let card =
        w.b.run(GetBulletin {
            year: Some(2024),
            number: 2,
        })
        .unwrap();
    assert_eq!(card.district, "爱辉区");
    assert_eq!(card.items.len(), 2);
    assert_eq!(card.items[0].1, "爱辉区/四嘉子乡/小乌斯力村");
}

#[test]
fn figures_of_a_period_match_a_count_by_hand() {
    let w = world();
    // Plans: the village's reaches 检查验收 in 2024 and is accepted on
    // 2025-01-01; the school's stays at 规划; the town's is accepted on
    // 2024-12-31.
    let v = plan(&w, &w.village, Creation::Model, d(2024, 1, 10));
    let v = advance(&w, &v, d(2024, 3, 1));
    let v = advance(&w, &v, d(2024, 9, 1));
    advance(&w, &v, d(2025, 1, 1));
    plan(&w, &w.school, Creation::Brand, d(2024, 4, 1));
    let t = plan(&w, &w.town, Creation::Experience, d(2024, 1, 1));
    let t = advance(&w, &t, d(2024, 2, 1));
    let t = advance(&w, &t, d(2024, 6, 1));
    advance(&w, &t, d(2024, 12, 31));
    // Info: two items in 2024, one in 2025; adoptions: 市 on 2024-12-31,
    // 省 on 2025-01-01, 区 on 2024-06-01.
    let a = info(&w, &w.village, "甲", d(2024, 5, 1));
    adopt(&w, &a, AdoptionLevel::City, d(2024, 12, 31));
    adopt(&w, &a, AdoptionLevel::Province, d(2025, 1, 1));
    let b = info(&w, &w.school, "乙", d(2024, 6, 1));
    adopt(&w, &b, AdoptionLevel::District, d(2024, 6, 1));
    info(&w, &w.town, "丙", d(2025, 1, 1));
    let year = Period {
        from: d(2024, 1, 1),
        to: d(2024, 12, 31),
    };
    let f =
        w.b.run(GetSanchuangFigures {
            unit: None,
            period: year,
        })
        .unwrap();
    let mut plans = f.plans.clone();
    plans.sort();
    assert_eq!(
        plans,
        vec![
            ("school".to_string(), "planning".to_string(), 1),
            ("township".into(), "promotion".into(), 1),
            ("village".into(), "inspection".into(), 1),
        ]
    );
    assert_eq!(f.plans_accepted, 1);
    assert_eq!(f.info_written, 2);
    assert_eq!(
        f.adoptions,
        vec![("city".to_string(), 1), ("district".to_string(), 1)]
    );
    // The town's subtree holds the village: its plan and item only.
    let town =
        w.b.run(GetSanchuangFigures {
            unit: Some(w.town.id),
            period: year,
        })
        .unwrap();
    assert_eq!((town.plans_accepted, town.info_written), (1, 1));
    assert_eq!(town.adoptions, vec![("city".to_string(), 1)]);
}

#[test]
fn an_info_import_makes_one_item_of_its_rows_with_several_adoptions() {
    let w = world();
    let row = |line: usize,
               title: &str,
               unit: &str,
               adoption: Option<(AdoptionLevel, &str, Day)>| InfoImportRow {
        line,
        title: title.into(),
        unit: unit.into(),
        authors: vec!["赵振华".into()],
        submitted: Some(d(2024, 3, 1)),
        adoption: adoption.map(|(l, o, on)| (l, o.to_string(), String::new(), on)),
    };
    let n =
        w.b.run(ImportInfo {
            rows: vec![
                row(
                    2,
                    "民族文化进课堂",
                    "小乌斯力村",
                    Some((AdoptionLevel::City, "黑河日报", d(2024, 3, 5))),
                ),
                row(
                    3,
                    "民族文化进课堂",
                    "小乌斯力村",
                    Some((AdoptionLevel::Province, "龙江关工", d(2024, 4, 1))),
                ),
                row(4, "法治讲座", "第一中学", None),
            ],
            source: "info.csv".into(),
            check_only: false,
        })
        .unwrap();
    assert_eq!(n, 2);
    let items =
        w.b.run(ListInfo {
            unit: None,
            from: None,
            to: None,
        })
        .unwrap();
    let culture = items.iter().find(|i| i.title == "民族文化进课堂").unwrap();
    assert_eq!(culture.adoptions.len(), 2);
    let bad = w.b.run(ImportInfo {
        rows: vec![
            row(2, "x", "无此单位", None),
            row(
                3,
                "y",
                "第一中学",
                Some((AdoptionLevel::City, "", d(2024, 3, 5))),
            ),
        ],
        source: "bad.csv".into(),
        check_only: false,
    });
    match bad {
        Err(Error::ImportRejected { problems }) => {
            assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 3]);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(w.b.run(Check {}).unwrap().is_clean());
}

#[test]
fn an_info_import_row_over_a_limit_is_refused_before_anything_is_read() {
    let w = world();
    let long = w.b.run(ImportInfo {
        rows: vec![InfoImportRow {
            line: 2,
            title: "法治讲座".into(),
            unit: "第一中学".into(),
            authors: vec!["赵".repeat(61)],
            submitted: None,
            adoption: Some((
                AdoptionLevel::City,
                "报".repeat(101),
                String::new(),
                d(2024, 3, 5),
            )),
        }],
        source: "info.csv".into(),
        check_only: false,
    });
    assert!(matches!(long, Err(Error::TooLong { .. })), "{long:?}");
}
