//! `ggw report`'s 三创 figures through the real binary: plans, visits, info
//! items, adoptions and bulletins written through the service, the report
//! read as JSON, text and workbook, every figure against a count made by
//! hand below, for a subtree and at a period's edges (the last day counts,
//! the day after does not).

use crate::kit::{self, run, stderr, stdout};

use ggw::api::people::CreatePerson;
use ggw::api::sanchuang::{
    AddGroup, AddGuidance, AddInfo, AddPlan, AdoptInfo, AdvancePlan, FailPlan, GuidanceDraft,
    InfoDraft, NewBulletin, PlanDraft, VoidSanchuang,
};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::RecordKind;
use ggw::domain::bulletin::{Adoption, AdoptionLevel, InfoItem};
use ggw::domain::day::Day;
use ggw::domain::guidance::{Findings, GroupId, GroupLine, GuidanceMethod};
use ggw::domain::person::PersonId;
use ggw::domain::plan::{Creation, Plan};
use ggw::domain::{OrgUnit, UnitKind};
use serde_json::Value;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

/// A plan opened on `opened`, moved on once on each of `moves`.
fn plan(b: &LocalBackend, unit: &OrgUnit, creation: Creation, opened: Day, moves: &[Day]) -> Plan {
    let mut p = b
        .run(AddPlan {
            draft: PlanDraft {
                unit: unit.id,
                creation,
                base: String::new(),
                strengths: "民族特色".into(),
                weaknesses: String::new(),
                goals: "建成示范点".into(),
                measures: String::new(),
                owner: None,
                opened,
            },
        })
        .unwrap();
    for on in moves {
        p = b
            .run(AdvancePlan {
                id: p.id,
                rev: p.rev,
                on: *on,
                note: "按计划推进".into(),
            })
            .unwrap();
    }
    p
}

fn visit(b: &LocalBackend, group: GroupId, unit: &OrgUnit, date: Day) {
    b.run(AddGuidance {
        draft: GuidanceDraft {
            group,
            unit: unit.id,
            date,
            methods: vec![GuidanceMethod::Report],
            findings: Findings {
                feature: "民族文化".into(),
                ..Findings::default()
            },
            follow_ups: vec![],
        },
    })
    .unwrap();
}

fn info(
    b: &LocalBackend,
    unit: &OrgUnit,
    author: PersonId,
    written: Day,
    adopted: &[(AdoptionLevel, Day)],
) -> InfoItem {
    let mut item = b
        .run(AddInfo {
            draft: InfoDraft {
                unit: unit.id,
                title: format!("{}关工委开展主题活动", unit.name),
                body: "第一段。".into(),
                authors: vec![author],
                written,
                submitted: Some(written),
            },
        })
        .unwrap();
    for (level, on) in adopted {
        item = b
            .run(AdoptInfo {
                id: item.id,
                adoption: Adoption {
                    level: *level,
                    outlet: "关工委简报".into(),
                    reference: "第1期".into(),
                    on: *on,
                },
            })
            .unwrap();
    }
    item
}

fn bulletin(b: &LocalBackend, date: Day, items: &[&InfoItem]) {
    b.run(NewBulletin {
        date,
        items: items.iter().map(|i| i.id).collect(),
        editor: None,
        number: None,
        allow_gap: false,
    })
    .unwrap();
}

/// 爱辉区 with 四嘉子乡 (东村, 西村), 教体局 (第一中学) and 海兰街道
/// (海兰社区), and the records below; the database closed for the binary.
fn district() -> kit::TempDb {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "东村")
        .unit("四嘉子乡", UnitKind::Village, "西村")
        .unit("爱辉区", UnitKind::EducationBureau, "教体局")
        .unit("教体局", UnitKind::School, "第一中学")
        .unit("爱辉区", UnitKind::Subdistrict, "海兰街道")
        .unit("海兰街道", UnitKind::Community, "海兰社区")
        .build();
    let b = &w.b;
    let (town, east, west) = (w.unit("四嘉子乡"), w.unit("东村"), w.unit("西村"));
    let (school, community) = (w.unit("第一中学"), w.unit("海兰社区"));
    let zhao = b
        .run(CreatePerson {
            draft: kit::elder("赵振华", &w.district),
        })
        .unwrap()
        .id;

    use Creation::*;
    // p1 the town's: accepted (on to 总结推广) on 31 March, the last day.
    plan(
        b,
        town,
        Model,
        d(2024, 10, 1),
        &[d(2024, 11, 1), d(2025, 3, 1), d(2025, 3, 31)],
    );
    // p2 东村: at 检查验收 on 31 March, accepted the day after.
    plan(
        b,
        east,
        Model,
        d(2024, 12, 1),
        &[d(2025, 1, 10), d(2025, 2, 1), d(2025, 4, 1)],
    );
    // p3 西村: at 规划. p4 西村: opened the day after the period, so not
    // there at its end.
    plan(b, west, Experience, d(2025, 2, 1), &[]);
    plan(b, west, Brand, d(2025, 4, 2), &[]);
    // p5 the school: at 培育.
    plan(b, school, Brand, d(2025, 1, 5), &[d(2025, 2, 1)]);
    // p6 the community: at 规划.
    plan(b, community, Model, d(2025, 1, 5), &[]);
    // p7 东村: accepted the day before the period, at 总结推广 at its end.
    plan(
        b,
        east,
        Experience,
        d(2024, 6, 1),
        &[d(2024, 7, 1), d(2024, 12, 1), d(2024, 12, 31)],
    );
    // p8 the school: its inspection failed in February, back at 培育.
    let p8 = plan(
        b,
        school,
        Model,
        d(2024, 9, 1),
        &[d(2024, 10, 1), d(2025, 1, 15)],
    );
    b.run(FailPlan {
        id: p8.id,
        rev: p8.rev,
        on: d(2025, 2, 15),
        reason: "台账不全".into(),
    })
    .unwrap();
    // p9 the community's, typed in error: counts nowhere.
    let p9 = plan(b, community, Experience, d(2025, 1, 5), &[d(2025, 3, 31)]);
    b.run(VoidSanchuang {
        kind: RecordKind::Plan,
        id: p9.id.0,
        rev: p9.rev,
        reason: "重复录入".into(),
    })
    .unwrap();

    let group = b
        .run(AddGroup {
            name: "乡镇村屯组".into(),
            line: GroupLine::Townships,
            members: vec![zhao],
        })
        .unwrap()
        .id;
    // g1 on the first day, g2 on the last, g3 the day after, g4 the
    // school's, g5 the day before.
    visit(b, group, east, d(2025, 1, 1));
    visit(b, group, west, d(2025, 3, 31));
    visit(b, group, east, d(2025, 4, 1));
    visit(b, group, school, d(2025, 2, 10));
    visit(b, group, town, d(2024, 12, 31));

    use AdoptionLevel::*;
    // i1 东村: 区 in January, 市 on the last day, 省 the day after.
    let i1 = info(
        b,
        east,
        zhao,
        d(2025, 1, 15),
        &[
            (District, d(2025, 1, 20)),
            (City, d(2025, 3, 31)),
            (Province, d(2025, 4, 1)),
        ],
    );
    // i2 西村: written on the last day, 国家 the same day.
    let i2 = info(b, west, zhao, d(2025, 3, 31), &[(National, d(2025, 3, 31))]);
    // i3 the town's: written the day before, adopted at 区 inside.
    let i3 = info(b, town, zhao, d(2024, 12, 31), &[(District, d(2025, 1, 2))]);
    // i4 the school's: 区 and 省.
    let i4 = info(
        b,
        school,
        zhao,
        d(2025, 2, 1),
        &[(District, d(2025, 2, 5)), (Province, d(2025, 2, 20))],
    );
    // i5 the community's: the day after.
    let i5 = info(b, community, zhao, d(2025, 4, 1), &[]);

    // b0 the day before, b1 and b2 inside (b2 on the last day), b3 after.
    bulletin(b, d(2024, 12, 31), &[&i3]);
    bulletin(b, d(2025, 1, 31), &[&i1, &i3]);
    bulletin(b, d(2025, 3, 31), &[&i2, &i4]);
    bulletin(b, d(2025, 4, 1), &[&i5]);
    w.dir
}

fn report(db: &kit::TempDb, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(&db.path, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn counts(v: &Value, keys: &[&str]) -> Vec<u64> {
    keys.iter()
        .map(|k| v[*k].as_u64().unwrap_or_else(|| panic!("{k} in {v}")))
        .collect()
}

const STAGES: [&str; 4] = ["planning", "cultivating", "inspection", "promotion"];
const Q1: [&str; 4] = ["--from", "2025-01-01", "--to", "2025-03-31"];

#[test]
fn sanchuang_figures_of_the_district_count_the_last_day_and_not_the_next() {
    let db = district();
    let r = report(&db, &Q1);
    let s = &r["sanchuang"];
    // Live plans on 31 March: p1 the township's at 总结推广; p2 at 检查验收,
    // p3 at 规划 and p7 at 总结推广 in the villages; p5 and p8 (failed, back)
    // at 培育 in the school; p6 at 规划 in the community. p4 not yet, p9 void.
    let p = &s["plans"];
    assert_eq!(counts(&p["township"], &STAGES), [0, 0, 0, 1]);
    assert_eq!(counts(&p["village"], &STAGES), [1, 0, 1, 1]);
    assert_eq!(counts(&p["school"], &STAGES), [0, 2, 0, 0]);
    assert_eq!(counts(&p["community"], &STAGES), [1, 0, 0, 0]);
    assert_eq!(p.as_object().unwrap().len(), 4, "{p}");
    // Accepted inside: p1 on the 31st; p2 the day after and p7 the day
    // before are not. Visits g1, g2, g4. Written i1, i2, i4. Adopted: 区 i1,
    // i3, i4; 市 i1; 省 i4 (i1's the day after is not); 国家 i2. Bulletins b1,
    // b2.
    assert_eq!(
        counts(
            s,
            &[
                "plans_accepted",
                "guidance_visits",
                "info_written",
                "bulletins"
            ]
        ),
        [1, 3, 3, 2]
    );
    assert_eq!(
        counts(
            &s["adoptions"],
            &["district", "city", "province", "national"]
        ),
        [3, 1, 1, 1]
    );

    // Ending on 31 January: p1 at 培育; p2 at 培育 (since 10 January), p7 at
    // 总结推广, p3 not yet; p5 and p6 at 规划; p8 at 检查验收 (since the
    // 15th). Nothing accepted; g1; i1; 区 i1 and i3; b1.
    let r = report(&db, &["--from", "2025-01-01", "--to", "2025-01-31"]);
    let s = &r["sanchuang"];
    let p = &s["plans"];
    assert_eq!(counts(&p["township"], &STAGES), [0, 1, 0, 0]);
    assert_eq!(counts(&p["village"], &STAGES), [0, 1, 0, 1]);
    assert_eq!(counts(&p["school"], &STAGES), [1, 0, 1, 0]);
    assert_eq!(counts(&p["community"], &STAGES), [1, 0, 0, 0]);
    assert_eq!(
        counts(
            s,
            &[
                "plans_accepted",
                "guidance_visits",
                "info_written",
                "bulletins"
            ]
        ),
        [0, 1, 1, 1]
    );
    assert_eq!(
        counts(
            &s["adoptions"],
            &["district", "city", "province", "national"]
        ),
        [2, 0, 0, 0]
    );

    // From 1 April to 2 April: p2 accepted on the 1st; g3; i5; 省 i1; b3.
    // p4 opened on the 2nd, at 规划 then: 西村 has p3 and p4.
    let r = report(&db, &["--from", "2025-04-01", "--to", "2025-04-02"]);
    let s = &r["sanchuang"];
    assert_eq!(counts(&s["plans"]["village"], &STAGES), [2, 0, 0, 2]);
    assert_eq!(
        counts(
            s,
            &[
                "plans_accepted",
                "guidance_visits",
                "info_written",
                "bulletins"
            ]
        ),
        [1, 1, 1, 1]
    );
    assert_eq!(
        counts(
            &s["adoptions"],
            &["district", "city", "province", "national"]
        ),
        [0, 0, 1, 0]
    );
}

#[test]
fn sanchuang_figures_of_a_township_leave_the_others_out() {
    let db = district();
    let r = report(&db, &[&Q1[..], &["--unit", "爱辉区/四嘉子乡"][..]].concat());
    let s = &r["sanchuang"];
    // p1 the township's, p2, p3 and p7 of its villages; no school or
    // community. p1 accepted; g1, g2; i1, i2 written; 区 i1, i3; 市 i1;
    // 国家 i2. Bulletins are the office's: b1, b2 whatever the unit.
    let p = &s["plans"];
    assert_eq!(counts(&p["township"], &STAGES), [0, 0, 0, 1]);
    assert_eq!(counts(&p["village"], &STAGES), [1, 0, 1, 1]);
    assert_eq!(p.as_object().unwrap().len(), 2, "{p}");
    assert_eq!(
        counts(
            s,
            &[
                "plans_accepted",
                "guidance_visits",
                "info_written",
                "bulletins"
            ]
        ),
        [1, 2, 2, 2]
    );
    assert_eq!(
        counts(
            &s["adoptions"],
            &["district", "city", "province", "national"]
        ),
        [2, 1, 0, 1]
    );
}

/// The words of the table row that starts with `first`.
fn row<'a>(text: &'a str, first: &str) -> Vec<&'a str> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|w| w.first() == Some(&first))
        .unwrap_or_else(|| panic!("{first} in {text}"))
}

#[test]
fn the_text_has_a_line_per_figure_and_a_table_of_plans() {
    let db = district();
    let mut args = vec!["report"];
    args.extend_from_slice(&Q1);
    let o = run(&db.path, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    // The figures of the first test, in words; 7 live plans (p1–p3, p5–p8
    // less p4), adoptions 3 + 1 + 1 + 1.
    for line in [
        "三创工作",
        "检查验收通过、转入总结推广的培育规划 1 个",
        "工作组督促指导 3 次",
        "撰写信息 3 条",
        "信息被采用 6 次：区 3，市 1，省 1，国家 1",
        "编发简报 2 期",
        "期末在培育的规划 7 个，按单位类型和阶段：",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert_eq!(
        row(&text, "单位类型"),
        ["单位类型", "规划", "培育", "检查验收", "总结推广", "合计"]
    );
    assert_eq!(row(&text, "乡镇"), ["乡镇", "0", "0", "0", "1", "1"]);
    assert_eq!(row(&text, "村屯"), ["村屯", "1", "0", "1", "1", "3"]);
    assert_eq!(row(&text, "社区"), ["社区", "1", "0", "0", "0", "1"]);
    assert_eq!(row(&text, "学校"), ["学校", "0", "2", "0", "0", "2"]);

    // The same in English.
    let mut args = vec!["--lang", "en", "report"];
    args.extend_from_slice(&Q1);
    let o = run(&db.path, &args);
    let text = stdout(&o);
    for line in [
        "Plans accepted on inspection (on to promotion): 1",
        "Guidance visits by working groups: 3",
        "Info items written: 3",
        "Info adoptions 6: district 3, city 1, province 1, national 1",
        "Bulletin issues: 2",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
    assert_eq!(row(&text, "village"), ["village", "1", "0", "1", "1", "3"]);
}

#[test]
fn a_period_without_sanchuang_records_has_no_heading() {
    let db = district();
    // 2023: no plan opened yet, nothing written, visited or issued.
    let r = report(&db, &["--from", "2023-01-01", "--to", "2023-12-31"]);
    let s = &r["sanchuang"];
    assert_eq!(s["plans"], serde_json::json!({}));
    assert_eq!(
        counts(
            s,
            &[
                "plans_accepted",
                "guidance_visits",
                "info_written",
                "bulletins"
            ]
        ),
        [0, 0, 0, 0]
    );
    assert_eq!(s["adoptions"]["national"], 0);
    let o = run(
        &db.path,
        &["report", "--from", "2023-01-01", "--to", "2023-12-31"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(!text.contains("三创工作"), "{text}");
    assert!(!text.contains("单位类型"), "{text}");
}

#[test]
fn the_workbook_has_the_sanchuang_lines_and_a_sheet_of_plans() {
    let db = district();
    let file = db.dir.path().join("report.xlsx");
    let mut args = vec!["report"];
    args.extend_from_slice(&Q1);
    args.extend_from_slice(&["--format", "xlsx", "-o", file.to_str().unwrap()]);
    let o = run(&db.path, &args);
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::{Data, Reader};
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let summary = book.worksheet_range("概况").unwrap();
    assert!(
        summary.rows().any(|r| r[0] == "工作组督促指导 3 次"),
        "{summary:?}"
    );
    let sheet = book.worksheet_range("三创工作").unwrap();
    let r = sheet.rows().find(|r| r[0] == "学校").unwrap();
    let counts: Vec<&Data> = r[1..6].iter().collect();
    assert_eq!(
        counts,
        [
            &Data::Float(0.0),
            &Data::Float(2.0),
            &Data::Float(0.0),
            &Data::Float(0.0),
            &Data::Float(2.0)
        ]
    );
}

#[test]
fn the_demo_holds_the_newsletters_plans_visits_items_and_issues() {
    let db = kit::demo_db();
    // Everything the demo wrote: its dates are counted back from today.
    let today = Day::today().to_string();
    let r = report(
        &db,
        &["--from", "2000-01-01", "--to", &today, "--unit", "爱辉区"],
    );
    let s = &r["sanchuang"];
    let p = &s["plans"];
    // 3 townships, 6 villages, 6 communities and 7 schools: planning 爱辉村,
    // 兴安社区, 七小; inspection 新生乡, 武庙屯社区, 四小; accepted 四嘉子乡,
    // 小乌斯力村, 人保财险社区, 一小, 五小; the other 11 (新生村 back after its
    // failed inspection among them) at 培育.
    assert_eq!(counts(&p["township"], &STAGES), [0, 1, 1, 1]);
    assert_eq!(counts(&p["village"], &STAGES), [1, 4, 0, 1]);
    assert_eq!(counts(&p["community"], &STAGES), [1, 3, 1, 1]);
    assert_eq!(counts(&p["school"], &STAGES), [1, 3, 1, 2]);
    assert_eq!(p.as_object().unwrap().len(), 4, "{p}");
    assert_eq!(counts(s, &["plans_accepted", "guidance_visits"]), [5, 12]);
    // Two or three items a month for twelve months, less those of this
    // month still to come; an issue a month, this month's maybe not yet.
    let written = s["info_written"].as_u64().unwrap();
    assert!((24..=28).contains(&written), "{s}");
    let issues = s["bulletins"].as_u64().unwrap();
    assert!((11..=12).contains(&issues), "{s}");
    assert_eq!(s["adoptions"]["national"], 1, "{s}");
    assert!(s["adoptions"]["district"].as_u64().unwrap() >= 10, "{s}");
}
