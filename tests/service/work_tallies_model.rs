//! The monthly tallies against a recount: after random adds, edits, voids
//! and moves of villages between townships, every period's figures for
//! every subtree equal what the records, counted one by one, add up to, and
//! `ggw check` finds the stored tallies and indexes in step.

use std::collections::HashMap;

use crate::kit;

use ggw::api::units::{ListUnits, MoveUnit};
use ggw::api::work::{AddWork, GetWorkFigures, UpdateWork, VoidWork};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::day::Day;
use ggw::domain::people_figures::Period;
use ggw::domain::work::{ActivityKind, Attendance, TrainingMode, WorkTally};
use ggw::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft, WorkItem,
};
use ggw::domain::{OrgUnit, UnitId, UnitKind};
use ggw::service::Service;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
    /// list (0..4), village, day of 2025 (0..365), a count, with the elder
    Add(u8, usize, u16, u32, bool),
    Edit(usize, usize, u16, u32),
    Void(usize),
    /// village, township
    Move(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0u8..4, 0usize..4, 0u16..365, 0u32..200, any::<bool>())
            .prop_map(|(l, v, d, n, e)| Op::Add(l, v, d, n, e)),
        2 => (0usize..64, 0usize..4, 0u16..365, 0u32..200).prop_map(|(i, v, d, n)| Op::Edit(i, v, d, n)),
        1 => (0usize..64).prop_map(Op::Void),
        1 => (0usize..4, 0usize..2).prop_map(|(v, t)| Op::Move(v, t)),
    ]
}

fn day(n: u16) -> Day {
    Day::from_date(
        chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(n.into()),
    )
}

fn draft(
    list: u8,
    village: UnitId,
    on: Day,
    n: u32,
    elder: Option<ggw::domain::person::PersonId>,
) -> WorkDraft {
    match list {
        0 => WorkDraft::Activity(ActivityDraft {
            unit: village,
            date: on,
            // Unique titles: a duplicate refusal is tested elsewhere.
            title: format!("活动{n}-{}", on.number()),
            theme: String::new(),
            kind: ActivityKind::ALL[n as usize % ActivityKind::ALL.len()],
            online: n.is_multiple_of(3),
            place: String::new(),
            youths: n,
            elders: elder.into_iter().collect(),
            notes: String::new(),
        }),
        1 => WorkDraft::Training(TrainingDraft {
            unit: village,
            date: on,
            mode: TrainingMode::ALL[n as usize % TrainingMode::ALL.len()],
            topic: "培训".into(),
            attendance: match elder {
                Some(p) => Attendance::Named(vec![p]),
                None => Attendance::HeadCount(n),
            },
        }),
        2 => WorkDraft::Visit(VisitDraft {
            person: elder.unwrap_or(ggw::domain::person::PersonId(1)),
            village,
            date: on,
            purpose: "走访".into(),
            result: String::new(),
        }),
        _ => WorkDraft::StudySession(StudySessionDraft {
            base: village,
            date: on,
            visitor: "第一中学".into(),
            students: n,
            theme: String::new(),
        }),
    }
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
    let elder = b
        .run(ggw::api::people::CreatePerson {
            draft: kit::elder("赵老", w.unit("一村")),
        })
        .unwrap()
        .id;
    let mut live: Vec<WorkItem> = Vec::new();
    for op in ops {
        match op {
            Op::Add(l, v, d, n, e) => {
                let item = b
                    .run(AddWork {
                        draft: draft(l, villages[v], day(d), n, (e || l == 2).then_some(elder)),
                    })
                    .unwrap();
                live.push(item);
            }
            Op::Edit(i, v, d, n) if !live.is_empty() => {
                let i = i % live.len();
                let before = &live[i];
                let list = match before {
                    WorkItem::Activity(_) => 0,
                    WorkItem::Training(_) => 1,
                    WorkItem::Visit(_) => 2,
                    WorkItem::StudySession(_) => 3,
                };
                let after = b
                    .run(UpdateWork {
                        id: before.id(),
                        rev: before.rev(),
                        draft: draft(list, villages[v], day(d), n + 1000, Some(elder)),
                    })
                    .unwrap();
                live[i] = after;
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
            _ => {}
        }
    }
    let units: Vec<OrgUnit> = b
        .run(ListUnits {
            include_archived: true,
        })
        .unwrap();
    let parent: HashMap<UnitId, Option<UnitId>> = units.iter().map(|u| (u.id, u.parent)).collect();
    let within = |u: UnitId, root: UnitId| {
        let mut at = Some(u);
        while let Some(x) = at {
            if x == root {
                return true;
            }
            at = parent.get(&x).copied().flatten();
        }
        false
    };
    let periods = [
        (day(0), day(364)),
        (day(31), day(58)),
        (day(45), day(200)),
        (day(59), day(59)),
        (day(300), day(364)),
    ];
    let roots = [
        w.district.id,
        townships[0],
        townships[1],
        villages[0],
        villages[3],
    ];
    for (from, to) in periods {
        for root in roots {
            let mut expected = WorkTally::default();
            for item in &live {
                if (from..=to).contains(&item.date()) && within(item.unit(), root) {
                    expected.add(&item.record().tally());
                }
            }
            let got = b
                .run(GetWorkFigures {
                    unit: Some(root),
                    period: Period { from, to },
                })
                .unwrap();
            prop_assert_eq!(got.tally, expected, "{} .. {} under {}", from, to, root);
        }
    }
    let (_dir, service, _) = w.into_service();
    let report = Service::check(&service).unwrap();
    prop_assert!(report.is_clean(), "{:?}", report.faults);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn stored_tallies_equal_a_recount(ops in proptest::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}
