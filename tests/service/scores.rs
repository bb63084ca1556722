//! Scoring through the service: standings, ledgers, settlement and copies
//! against answers worked out by hand.

use crate::kit;

use ggw::api::sanchuang::{AddInfo, AdoptInfo, InfoDraft};
use ggw::api::scores::{
    AdjustScore, CopyRules, GetLedger, GetRules, GetScoreDiff, GetStandings, SetRules,
    SettlePeriod, Standings,
};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::bulletin::{Adoption, AdoptionLevel};
use ggw::domain::day::Day;
use ggw::domain::points::Points;
use ggw::domain::rules::PeerGroup;
use ggw::domain::score_records::Subject;
use ggw::domain::scoring::LineKind;
use ggw::domain::{OrgUnit, UnitKind};
use ggw::error::Error;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap()
}

const RULES: &str = r#"
name = "2025年度测试细则"
from = 2025-01-01
to = 2025-12-31
grades = [{ name = "优秀", min = 10 }, { name = "合格", min = 3.5 }]

[[block]]
name = "信息工作"
max = 20
floor = 0

[[block.item]]
name = "信息被市级采用"
counts = "info-adopted"
where = { level = "市" }
points = 4
cap = 12
target = { township = 2, subdistrict = 2, school = 1 }
shortfall = -0.5

[[block]]
name = "活动开展"
max = 5
floor = 0

[[block.item]]
name = "组织活动"
counts = "activities"
points = 1
"#;

struct W {
    _t: kit::TempDb,
    b: LocalBackend,
    a: OrgUnit,
    b_town: OrgUnit,
    c: OrgUnit,
    d_town: OrgUnit,
    east: OrgUnit,
}

fn world() -> W {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("甲乡", UnitKind::Village, "东村")
        .unit("爱辉区", UnitKind::Township, "乙镇")
        .unit("爱辉区", UnitKind::Township, "丙乡")
        .unit("爱辉区", UnitKind::Township, "丁乡")
        .unit("爱辉区", UnitKind::Subdistrict, "海兰街道")
        .build();
    W {
        a: w.unit("甲乡").clone(),
        b_town: w.unit("乙镇").clone(),
        c: w.unit("丙乡").clone(),
        d_town: w.unit("丁乡").clone(),
        east: w.unit("东村").clone(),
        _t: w.dir,
        b: w.b,
    }
}

fn activity(b: &LocalBackend, unit: &OrgUnit, date: Day, title: &str) {
    kit::add_activity(b, unit.id, date, title);
}

fn adopted(b: &LocalBackend, unit: &OrgUnit, title: &str, level: AdoptionLevel, on: Day) {
    let item = b
        .run(AddInfo {
            draft: InfoDraft {
                unit: unit.id,
                title: title.into(),
                body: "正文".into(),
                authors: vec![],
                written: d(2024, 12, 1),
                submitted: None,
            },
        })
        .unwrap();
    b.run(AdoptInfo {
        id: item.id,
        adoption: Adoption {
            level,
            outlet: "黑河日报".into(),
            reference: String::new(),
            on,
        },
    })
    .unwrap();
}

fn standings(b: &LocalBackend, period: &str, group: PeerGroup) -> Standings {
    b.run(GetStandings {
        period: Some(period.into()),
        group,
    })
    .unwrap()
}

/// (name, total, rank, grade) of each row.
fn table(s: &Standings) -> Vec<(String, Points, u32, String)> {
    s.rows
        .iter()
        .map(|r| (r.name.clone(), r.total, r.rank, r.grade.clone()))
        .collect()
}

fn row<'a>(s: &'a Standings, name: &str) -> &'a ggw::domain::score_records::StandingRow {
    s.rows.iter().find(|r| r.name == name).unwrap()
}

#[test]
fn the_example_item_caps_floors_shortfalls_ties_and_grades_by_hand() {
    let w = world();
    let b = &w.b;
    b.run(SetRules {
        period: Some("2025".into()),
        text: RULES.into(),
    })
    .unwrap();
    // 甲乡 through its village: four city adoptions (16, capped at 12) and
    // seven activities (7, the block's max 5); one activity the day before
    // the period does not count. 17, 优秀.
    for i in 0..4 {
        adopted(
            b,
            &w.east,
            &format!("东村信息{i}"),
            AdoptionLevel::City,
            d(2025, 3, i + 1),
        );
    }
    for i in 0..7 {
        activity(b, &w.east, d(2025, 5, i + 1), &format!("活动{i}"));
    }
    activity(b, &w.east, d(2024, 12, 31), "去年的活动");
    // 乙镇: one city adoption on the period's last day (4), one district one
    // (not counted), one short of the target (-0.5): 3.5, 合格 at its
    // threshold. Its activity on the day after the period does not count.
    adopted(
        b,
        &w.b_town,
        "乙镇信息",
        AdoptionLevel::City,
        d(2025, 12, 31),
    );
    adopted(
        b,
        &w.b_town,
        "乙镇区级",
        AdoptionLevel::District,
        d(2025, 6, 1),
    );
    activity(b, &w.b_town, d(2026, 1, 1), "元旦");
    // 丙乡: the same 3.5 from an adoption on the first day: a tie.
    adopted(b, &w.c, "丙乡信息", AdoptionLevel::City, d(2025, 1, 1));
    // 丁乡: nothing; two short is -1, held at the floor: 0.

    let s = standings(b, "2025", PeerGroup::Township);
    assert_eq!(s.blocks, vec!["信息工作", "活动开展"]);
    assert_eq!(
        table(&s),
        vec![
            ("甲乡".into(), p("17"), 1, "优秀".into()),
            ("丙乡".into(), p("3.5"), 2, "合格".into()),
            ("乙镇".into(), p("3.5"), 2, "合格".into()),
            ("丁乡".into(), p("0"), 4, "不合格".into()),
        ]
    );
    assert_eq!(row(&s, "甲乡").blocks, vec![p("12"), p("5")]);
    assert_eq!(row(&s, "甲乡").completion, Some(1000));
    assert_eq!(row(&s, "乙镇").completion, Some(500));
    assert_eq!(row(&s, "丁乡").completion, Some(0));
    assert_eq!(row(&s, "甲乡").rank_change, None);
    let streets = standings(b, "2025", PeerGroup::Subdistrict);
    assert_eq!(
        table(&streets),
        vec![("海兰街道".into(), p("0"), 1, "不合格".into())]
    );

    // The ledger: each adoption and activity, the cap and the max, summing
    // to the total.
    let l = b
        .run(GetLedger {
            period: Some("2025".into()),
            subject: Subject::Unit(w.a.id),
        })
        .unwrap();
    assert_eq!(l.total, p("17"));
    let counted = |item: &str| {
        l.lines
            .iter()
            .filter(|x| x.item == item && x.kind == LineKind::Counted)
            .count()
    };
    assert_eq!(counted("信息被市级采用"), 4);
    assert_eq!(counted("组织活动"), 7);
    let adjust: Vec<(LineKind, Points)> = l
        .lines
        .iter()
        .filter(|x| x.kind != LineKind::Counted)
        .map(|x| (x.kind.clone(), x.points))
        .collect();
    assert_eq!(
        adjust,
        vec![(LineKind::Cap, p("-4")), (LineKind::Max, p("-2"))]
    );
    assert_eq!(l.lines.iter().map(|x| x.points).sum::<Points>(), l.total);
    assert!(
        l.lines
            .iter()
            .all(|x| x.kind != LineKind::Counted || x.source.is_some())
    );

    let l = b
        .run(GetLedger {
            period: Some("2025".into()),
            subject: Subject::Unit(w.d_town.id),
        })
        .unwrap();
    let kinds: Vec<(LineKind, Points)> =
        l.lines.iter().map(|x| (x.kind.clone(), x.points)).collect();
    assert_eq!(
        kinds,
        vec![
            (LineKind::Shortfall { missing: 2 }, p("-1")),
            (LineKind::Floor, p("1"))
        ]
    );
}

#[test]
fn a_settled_period_stays_as_it_was_and_the_difference_is_listed() {
    let w = world();
    let b = &w.b;
    b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    adopted(
        b,
        &w.b_town,
        "乙镇信息",
        AdoptionLevel::City,
        d(2025, 12, 31),
    );
    adopted(b, &w.c, "丙乡信息", AdoptionLevel::City, d(2025, 1, 1));
    let before = standings(b, "2025", PeerGroup::Township);
    b.run(SettlePeriod {
        period: "2025".into(),
    })
    .unwrap();
    // An activity dated in the settled period: 乙镇 would now have 4.5.
    activity(b, &w.b_town, d(2025, 6, 1), "补录的活动");
    let after = standings(b, "2025年度测试细则", PeerGroup::Township);
    assert!(after.settled);
    assert_eq!(table(&after), table(&before));
    let diff = b
        .run(GetScoreDiff {
            period: "2025".into(),
        })
        .unwrap();
    type Change = (
        String,
        Option<Points>,
        Option<Points>,
        Option<u32>,
        Option<u32>,
    );
    let changed: Vec<Change> = diff
        .iter()
        .map(|r| {
            (
                r.name.clone(),
                r.settled_total,
                r.live_total,
                r.settled_rank,
                r.live_rank,
            )
        })
        .collect();
    assert_eq!(
        changed,
        vec![
            (
                "丙乡".into(),
                Some(p("3.5")),
                Some(p("3.5")),
                Some(1),
                Some(2)
            ),
            (
                "乙镇".into(),
                Some(p("3.5")),
                Some(p("4.5")),
                Some(1),
                Some(1)
            ),
        ]
    );
    // The ledger says what was settled beside what the records say now.
    let l = b
        .run(GetLedger {
            period: Some("2025".into()),
            subject: Subject::Unit(w.b_town.id),
        })
        .unwrap();
    assert_eq!((l.settled_total, l.total), (Some(p("3.5")), p("4.5")));
    // Neither the rulebook nor the points may change any more.
    let e = b
        .run(SetRules {
            period: Some("2025".into()),
            text: RULES.replace("points = 1\n", "points = 2\n"),
        })
        .unwrap_err();
    assert!(matches!(e, Error::PeriodSettled { .. }), "{e:?}");
    let e = b
        .run(AdjustScore {
            period: "2025".into(),
            subject: Subject::Unit(w.c.id),
            points: p("1"),
            reason: "补加".into(),
            on: None,
        })
        .unwrap_err();
    assert!(matches!(e, Error::PeriodSettled { .. }), "{e:?}");
    assert!(matches!(
        b.run(SettlePeriod {
            period: "2025".into()
        })
        .unwrap_err(),
        Error::PeriodSettled { .. }
    ));
}

#[test]
fn a_copy_to_the_next_year_ranks_against_the_settled_one_and_follows_new_records() {
    let w = world();
    let b = &w.b;
    b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    for i in 0..4 {
        adopted(
            b,
            &w.east,
            &format!("东村信息{i}"),
            AdoptionLevel::City,
            d(2025, 3, i + 1),
        );
    }
    adopted(
        b,
        &w.b_town,
        "乙镇信息",
        AdoptionLevel::City,
        d(2025, 12, 31),
    );
    adopted(b, &w.c, "丙乡信息", AdoptionLevel::City, d(2025, 1, 1));
    b.run(SettlePeriod {
        period: "2025".into(),
    })
    .unwrap();
    let copy = b
        .run(CopyRules {
            from: "2025".into(),
            to: 2026,
        })
        .unwrap();
    assert_eq!(copy.name, "2026年度测试细则");
    assert_eq!((copy.from, copy.to), (d(2026, 1, 1), d(2026, 12, 31)));
    let text = b
        .run(GetRules {
            period: Some("2026".into()),
        })
        .unwrap()
        .text;
    assert_eq!(text, RULES.replace("2025", "2026"));
    assert!(matches!(
        b.run(CopyRules {
            from: "2025".into(),
            to: 2026
        })
        .unwrap_err(),
        Error::PeriodExists { .. }
    ));

    // 2026: everyone two short (-1, floor 0); 乙镇's activity of 2026-01-01.
    activity(b, &w.b_town, d(2026, 1, 1), "元旦");
    let s = standings(b, "2026", PeerGroup::Township);
    assert_eq!(s.previous.as_deref(), Some("2025年度测试细则"));
    // Last year: 甲乡 1, 乙镇 and 丙乡 2, 丁乡 4.
    let changes: Vec<(String, u32, Option<i32>)> = s
        .rows
        .iter()
        .map(|r| (r.name.clone(), r.rank, r.rank_change))
        .collect();
    assert_eq!(
        changes,
        vec![
            ("乙镇".into(), 1, Some(1)),
            ("丁乡".into(), 2, Some(2)),
            ("丙乡".into(), 2, Some(0)),
            ("甲乡".into(), 2, Some(-1)),
        ]
    );
    // A new activity and an award change the kept standings at once.
    activity(b, &w.east, d(2026, 3, 1), "春季活动");
    b.run(AdjustScore {
        period: "2026".into(),
        subject: Subject::Unit(w.d_town.id),
        points: p("2.5"),
        reason: "创建工作突出".into(),
        on: Some(d(2026, 4, 1)),
    })
    .unwrap();
    let s = standings(b, "2026", PeerGroup::Township);
    assert_eq!(
        table(&s),
        vec![
            ("丁乡".into(), p("2.5"), 1, "不合格".into()),
            ("乙镇".into(), p("1"), 2, "不合格".into()),
            ("甲乡".into(), p("1"), 2, "不合格".into()),
            ("丙乡".into(), p("0"), 4, "不合格".into()),
        ]
    );
    assert_eq!(row(&s, "丁乡").adjusted, p("2.5"));
    let l = b
        .run(GetLedger {
            period: Some("2026".into()),
            subject: Subject::Unit(w.d_town.id),
        })
        .unwrap();
    let manual = l.lines.iter().find(|x| x.kind == LineKind::Manual).unwrap();
    assert_eq!(manual.points, p("2.5"));
    assert!(manual.note.contains("创建工作突出"));
    assert_eq!(l.lines.iter().map(|x| x.points).sum::<Points>(), p("2.5"));
}

#[test]
fn a_bad_rulebook_is_refused_with_its_lines_and_nothing_is_stored() {
    let w = world();
    let text = RULES
        .replace("info-adopted", "info-adoptd")
        .replace("cap = 12", "cap = -1");
    let e = w.b.run(SetRules { period: None, text }).unwrap_err();
    let Error::BadRules { errors } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        errors.iter().map(|e| e.line).collect::<Vec<_>>(),
        vec![14, 17]
    );
    assert!(e.to_string().contains("第14行"), "{e}");
    assert!(w.b.run(GetRules { period: None }).is_err());
    // A period named that is not the file's.
    let e =
        w.b.run(SetRules {
            period: Some("2024".into()),
            text: RULES.into(),
        })
        .unwrap_err();
    assert!(e.to_string().contains("2025年度测试细则"), "{e}");
}

#[test]
fn the_demo_settles_last_year_and_ranks_this_year_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let b = kit::demo_backend(dir.path());
    let today = Day::today();
    let (last, this) = ((today.year() - 1).to_string(), today.year().to_string());
    let settled = standings(&b, &last, PeerGroup::Township);
    assert!(settled.settled);
    assert!(settled.rows.len() >= 3, "{:?}", table(&settled));
    assert!(settled.rows.windows(2).all(|w| w[0].total >= w[1].total));
    let open = b
        .run(GetStandings {
            period: None,
            group: PeerGroup::Township,
        })
        .unwrap();
    assert!(!open.settled);
    assert_eq!(open.period.name, format!("{this}年度关工委工作考核细则"));
    assert_eq!(open.previous.as_deref(), Some(settled.period.name.as_str()));
    assert!(open.rows.iter().all(|r| r.rank_change.is_some()));
    // The totals are not all alike: the records tell the units apart.
    assert!(open.rows.first().unwrap().total > open.rows.last().unwrap().total);
    for group in [PeerGroup::Village, PeerGroup::School, PeerGroup::Elder] {
        let s = standings(&b, &this, group);
        assert!(!s.rows.is_empty(), "{group:?}");
        let top = &s.rows[0];
        let l = b
            .run(GetLedger {
                period: Some(this.clone()),
                subject: top.subject,
            })
            .unwrap();
        assert_eq!(l.total, top.total, "{group:?} {}", top.name);
        assert_eq!(l.lines.iter().map(|x| x.points).sum::<Points>(), l.total);
    }
}

#[test]
fn check_names_an_award_whose_period_is_gone_and_a_settlement_missing() {
    use ggw::api::admin::Check;
    use ggw::domain::score_records::Adjustment;
    use ggw::store::{Changes, TreeId};
    let w = world();
    let b = &w.b;
    let period = b
        .run(SetRules {
            period: None,
            text: RULES.into(),
        })
        .unwrap();
    let award = b
        .run(AdjustScore {
            period: "2025".into(),
            subject: Subject::Unit(w.c.id),
            points: p("1"),
            reason: "好".into(),
            on: None,
        })
        .unwrap();
    b.run(SettlePeriod {
        period: "2025".into(),
    })
    .unwrap();
    assert!(b.run(Check {}).unwrap().is_clean());
    let store = b.service().store();
    let mut c = Changes::default();
    let stray = Adjustment {
        id: award.id + 100,
        period: period.id + 7,
        ..award
    };
    c.put(TreeId::ScoreAdjustments, stray.id, &stray);
    c.delete(TreeId::Settlements, &period.id.to_be_bytes());
    store.commit(c).unwrap();
    let faults = b.run(Check {}).unwrap().faults;
    assert!(
        faults
            .iter()
            .any(|f| f.contains(&format!("period {} missing", period.id + 7))),
        "{faults:?}"
    );
    assert!(
        faults.iter().any(|f| f.contains("settlement is missing")),
        "{faults:?}"
    );
}

#[test]
fn a_voided_award_counts_no_more_and_a_settled_one_stays() {
    use ggw::api::scores::VoidAdjustment;
    let w = world();
    let b = &w.b;
    b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    // 丁乡: two short of its target (-1) held at the floor; its award of
    // 4 is outside every block (the rulebook has no manual item).
    let award = b
        .run(AdjustScore {
            period: "2025".into(),
            subject: Subject::Unit(w.d_town.id),
            points: p("4"),
            reason: "录入测试".into(),
            on: Some(d(2025, 5, 1)),
        })
        .unwrap();
    assert_eq!(
        row(&standings(b, "2025", PeerGroup::Township), "丁乡").total,
        p("4")
    );
    let e = b
        .run(VoidAdjustment {
            id: award.id,
            reason: " ".into(),
        })
        .unwrap_err();
    assert!(e.to_string().contains("作废原因"), "{e}");
    let voided = b
        .run(VoidAdjustment {
            id: award.id,
            reason: "录错分值".into(),
        })
        .unwrap();
    assert_eq!(voided.voided.unwrap().reason, "录错分值");
    assert_eq!(
        row(&standings(b, "2025", PeerGroup::Township), "丁乡").total,
        p("0")
    );
    let l = b
        .run(GetLedger {
            period: Some("2025".into()),
            subject: Subject::Unit(w.d_town.id),
        })
        .unwrap();
    assert!(l.lines.iter().all(|x| x.kind != LineKind::Manual));
    assert!(matches!(
        b.run(VoidAdjustment {
            id: award.id,
            reason: "再次".into()
        })
        .unwrap_err(),
        Error::NoSuchRecord { .. }
    ));
    // Once the period is settled, its awards stay as they were.
    let kept = b
        .run(AdjustScore {
            period: "2025".into(),
            subject: Subject::Unit(w.c.id),
            points: p("1"),
            reason: "好".into(),
            on: None,
        })
        .unwrap();
    b.run(SettlePeriod {
        period: "2025".into(),
    })
    .unwrap();
    assert!(matches!(
        b.run(VoidAdjustment {
            id: kept.id,
            reason: "晚了".into()
        })
        .unwrap_err(),
        Error::PeriodSettled { .. }
    ));
}

#[test]
fn a_period_named_past_a_name_s_length_is_refused_before_anything_is_read() {
    let w = world();
    let long = "年".repeat(1_000);
    let e =
        w.b.run(GetStandings {
            period: Some(long.clone()),
            group: PeerGroup::Township,
        })
        .unwrap_err();
    assert!(matches!(e, Error::TooLong { given: 1_000, .. }), "{e:?}");
    let e = w.b.run(SettlePeriod { period: long }).unwrap_err();
    assert!(matches!(e, Error::TooLong { .. }), "{e:?}");
}
