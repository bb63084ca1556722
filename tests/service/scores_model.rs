//! The kept standings against a fresh count: after random adds, edits and
//! voids of work records, moves of villages between townships and awards,
//! with the standings asked for in between (so the kept counts are moved
//! commit by commit), every township's total equals its ledger's and what a
//! freshly opened database computes from nothing.

use crate::kit;

use ggw::api::scores::{AdjustScore, GetLedger, GetStandings, SetRules, Standings};
use ggw::api::units::{ListUnits, MoveUnit};
use ggw::api::work::{AddWork, UpdateWork, VoidWork};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::UnitKind;
use ggw::domain::day::Day;
use ggw::domain::points::Points;
use ggw::domain::rules::PeerGroup;
use ggw::domain::score_records::Subject;
use ggw::domain::work::{ActivityKind, Attendance, TrainingMode};
use ggw::domain::work_item::{ActivityDraft, TrainingDraft, VisitDraft, WorkDraft, WorkItem};
use ggw::service::{Actor, Service};
use ggw::store::OpenOptions;
use proptest::prelude::*;

const RULES: &str = r#"
name = "2025年度模型细则"
from = 2025-01-01
to = 2025-12-31

[[block]]
name = "活动"
max = 12

[[block.item]]
name = "活动"
counts = "activities"
points = 1
cap = 8
target = { township = 3, village = 1 }
shortfall = -0.5

[[block.item]]
name = "法治"
counts = "activities"
where = { kind = "law" }
points = 2

[[block.item]]
name = "参训"
counts = "training-attendance"
points = 0.25

[[block.item]]
name = "下村"
counts = "visits"
points = 3
cap = 9

[[block.item]]
name = "表彰"
counts = "honours"
where = { level = "市" }
points = 5

[[block.item]]
name = "完成任务"
counts = "tasks-done"
points = 1.5

[[block]]
name = "奖惩"
floor = -3

[[block.item]]
name = "奖惩"
counts = "manual"
"#;

#[derive(Debug, Clone)]
enum Op {
    /// list (0..3), village, day of 2024-12-01 + n (edges included), a count
    Add(u8, usize, u16, u32),
    Edit(usize, usize, u16, u32),
    Void(usize),
    /// village, township
    Move(usize, usize),
    /// township, hundredths of a point
    Award(usize, i64),
    /// an honour for the elder (city or district), on a day
    Honour(bool, u16),
    /// a task of a village done on a day
    Task(usize, u16),
    /// the elder moves to a village
    MoveElder(usize),
    Look,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        5 => (0u8..3, 0usize..4, 0u16..420, 0u32..50).prop_map(|(l, v, d, n)| Op::Add(l, v, d, n)),
        2 => (0usize..64, 0usize..4, 0u16..420, 0u32..50).prop_map(|(i, v, d, n)| Op::Edit(i, v, d, n)),
        1 => (0usize..64).prop_map(Op::Void),
        1 => (0usize..4, 0usize..2).prop_map(|(v, t)| Op::Move(v, t)),
        1 => (0usize..2, -500i64..500).prop_map(|(t, p)| Op::Award(t, p)),
        1 => (any::<bool>(), 0u16..420).prop_map(|(c, d)| Op::Honour(c, d)),
        1 => (0usize..4, 0u16..420).prop_map(|(v, d)| Op::Task(v, d)),
        1 => (0usize..4).prop_map(Op::MoveElder),
        2 => Just(Op::Look),
    ]
}

fn day(n: u16) -> Day {
    Day::from_date(
        chrono::NaiveDate::from_ymd_opt(2024, 12, 1).unwrap() + chrono::Days::new(n.into()),
    )
}

fn draft(
    list: u8,
    village: ggw::domain::UnitId,
    on: Day,
    n: u32,
    elder: ggw::domain::person::PersonId,
) -> WorkDraft {
    match list {
        0 => WorkDraft::Activity(ActivityDraft {
            unit: village,
            date: on,
            title: format!("活动{n}-{}-{}", on.number(), village.0),
            theme: String::new(),
            kind: if n.is_multiple_of(3) {
                ActivityKind::Law
            } else {
                ActivityKind::Care
            },
            online: false,
            place: String::new(),
            youths: n,
            elders: vec![],
            notes: String::new(),
        }),
        1 => WorkDraft::Training(TrainingDraft {
            unit: village,
            date: on,
            mode: TrainingMode::Topical,
            topic: "培训".into(),
            attendance: Attendance::HeadCount(n),
        }),
        _ => WorkDraft::Visit(VisitDraft {
            person: elder,
            village,
            date: on,
            purpose: "走访".into(),
            result: String::new(),
        }),
    }
}

fn ask(b: &LocalBackend, group: PeerGroup) -> Standings {
    b.run(GetStandings {
        period: Some("2025".into()),
        group,
    })
    .unwrap()
}

/// Each row's total is its ledger's, and the ledger's lines add up to it.
fn agrees_with_ledgers(b: &LocalBackend, s: &Standings) -> Result<(), TestCaseError> {
    for row in &s.rows {
        let l = b
            .run(GetLedger {
                period: Some("2025".into()),
                subject: row.subject,
            })
            .unwrap();
        prop_assert_eq!(l.total, row.total, "{}", row.name);
        prop_assert_eq!(l.lines.iter().map(|x| x.points).sum::<Points>(), l.total);
    }
    Ok(())
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("爱辉区", UnitKind::Township, "乙乡")
        .unit("甲乡", UnitKind::Village, "一村")
        .unit("甲乡", UnitKind::Village, "二村")
        .unit("乙乡", UnitKind::Village, "三村")
        .unit("乙乡", UnitKind::Village, "四村")
        .build();
    let townships = [w.unit("甲乡").id, w.unit("乙乡").id];
    let villages = [
        w.unit("一村").id,
        w.unit("二村").id,
        w.unit("三村").id,
        w.unit("四村").id,
    ];
    let b: &LocalBackend = &w.b;
    b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    let elder = b
        .run(ggw::api::people::CreatePerson {
            draft: kit::elder("赵老", w.unit("一村")),
        })
        .unwrap()
        .id;
    let mut live: Vec<WorkItem> = Vec::new();
    for op in ops {
        match op {
            Op::Add(l, v, d, n) => {
                if let Ok(item) = b.run(AddWork {
                    draft: draft(l, villages[v], day(d), n, elder),
                }) {
                    live.push(item);
                }
            }
            Op::Edit(i, v, d, n) if !live.is_empty() => {
                let i = i % live.len();
                let before = &live[i];
                let list = match before {
                    WorkItem::Activity(_) => 0,
                    WorkItem::Training(_) => 1,
                    _ => 2,
                };
                if let Ok(after) = b.run(UpdateWork {
                    id: before.id(),
                    rev: before.rev(),
                    draft: draft(list, villages[v], day(d), n + 1000, elder),
                }) {
                    live[i] = after;
                }
            }
            Op::Void(i) if !live.is_empty() => {
                let gone = live.remove(i % live.len());
                b.run(VoidWork {
                    id: gone.id(),
                    rev: gone.rev(),
                    reason: "录错".into(),
                })
                .unwrap();
            }
            Op::Move(v, t) => {
                let units = b
                    .run(ListUnits {
                        include_archived: false,
                    })
                    .unwrap();
                let u = units.iter().find(|u| u.id == villages[v]).unwrap();
                if u.parent != Some(townships[t]) {
                    b.run(MoveUnit {
                        id: u.id,
                        rev: u.rev,
                        to: townships[t],
                    })
                    .unwrap();
                }
            }
            Op::Award(t, p) if p != 0 => {
                b.run(AdjustScore {
                    period: "2025".into(),
                    subject: Subject::Unit(townships[t]),
                    points: Points(p),
                    reason: "奖惩".into(),
                    on: Some(day(100)),
                })
                .unwrap();
            }
            Op::Honour(city, d) => {
                let p = b.run(ggw::api::people::GetPerson { id: elder }).unwrap();
                let level = if city {
                    ggw::domain::person::HonourLevel::City
                } else {
                    ggw::domain::person::HonourLevel::District
                };
                b.run(ggw::api::people::AddHonour {
                    id: elder,
                    rev: p.rev,
                    honour: ggw::domain::person::Honour {
                        title: format!("表彰{d}"),
                        level,
                        date: day(d),
                    },
                })
                .unwrap();
            }
            Op::Task(v, d) => {
                let t = b
                    .run(ggw::api::meetings::CreateTask {
                        draft: ggw::api::meetings::TaskDraft {
                            title: format!("任务{d}"),
                            owner: ggw::domain::meeting::Attendee::named("赵老"),
                            unit: Some(villages[v]),
                            meeting: None,
                            opened: day(0).date(),
                            due: None,
                        },
                    })
                    .unwrap();
                b.run(ggw::api::meetings::UpdateTask {
                    id: t.id,
                    rev: t.rev,
                    change: ggw::api::meetings::TaskChange::Status(
                        ggw::domain::task::TaskStatus::Done { on: day(d).date() },
                    ),
                })
                .unwrap();
            }
            Op::MoveElder(v) => {
                let p = b.run(ggw::api::people::GetPerson { id: elder }).unwrap();
                let mut draft = ggw::domain::person::PersonDraft::of(&p);
                draft.unit = Some(villages[v]);
                let _ = b.run(ggw::api::people::UpdatePerson {
                    id: elder,
                    rev: p.rev,
                    draft,
                });
            }
            Op::Look => {
                for group in [PeerGroup::Township, PeerGroup::Village] {
                    agrees_with_ledgers(b, &ask(b, group))?;
                }
            }
            _ => {}
        }
    }
    let kept = [ask(b, PeerGroup::Township), ask(b, PeerGroup::Village)];
    for s in &kept {
        agrees_with_ledgers(b, s)?;
    }
    let (_dir, service, _) = w.into_service();
    let path = service.store().path().to_owned();
    drop(service);
    let fresh = LocalBackend::from_service(
        Service::open(&path, &OpenOptions::default()).unwrap(),
        Actor::new("tester"),
    );
    let again = [
        ask(&fresh, PeerGroup::Township),
        ask(&fresh, PeerGroup::Village),
    ];
    prop_assert_eq!(&kept[0].rows, &again[0].rows);
    prop_assert_eq!(&kept[1].rows, &again[1].rows);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn kept_standings_equal_the_ledgers_and_a_fresh_count(ops in proptest::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}
