//! The demo's 三创 work as the newsletter tells it: cultivation plans for 3
//! townships, 6 villages, 6 communities and 7 primary schools in their
//! stages, the office's three working groups (教育, 街道社区, 乡镇村屯) and
//! their guidance visits, a year of info items with their adoptions, and
//! the bulletin issues that carried them.
//!
//! Dates are counted back from today, as the work records are, so the
//! demo looks current whenever it is made; everything else is fixed, so
//! two demos made the same day are the same. Written through the service
//! one request per record: a few hundred, a small part of the demo's time.

use std::collections::HashMap;

use chrono::Datelike;

use crate::api::people::{ListPeople, PeopleFilter};
use crate::api::sanchuang::{
    AddGroup, AddGuidance, AddInfo, AddPlan, AdoptInfo, AdvancePlan, FailPlan, FollowUp,
    GuidanceDraft, InfoDraft, NewBulletin, PlanDraft,
};
use crate::api::units::ListUnits;
use crate::backend::{Backend, BackendExt};
use crate::domain::bulletin::{Adoption, AdoptionLevel, InfoId, IssueNumber};
use crate::domain::day::Day;
use crate::domain::guidance::{Findings, GroupId, GroupLine, GuidanceMethod};
use crate::domain::person::PersonId;
use crate::domain::plan::Creation;
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::Result;

/// Where a plan stands today.
#[derive(Clone, Copy, PartialEq)]
enum Reached {
    Planning,
    Cultivating,
    Inspection,
    Accepted,
    /// Its inspection failed; back at 培育.
    Failed,
}

use Creation::{Brand, Experience, Model};
use Reached::{Accepted, Cultivating, Failed, Inspection, Planning};

/// The newsletter's 培育典型规划: 四嘉子等3个乡镇、小乌斯力等6个村屯、
/// 人保财险等6个社区和7所小学. The units it names are among them, and
/// those it holds up as 先进典型 (小乌斯力村, 人保财险社区, 一小, 五小)
/// are the accepted ones.
const PLANS: &[(&str, Creation, Reached)] = &[
    ("四嘉子乡", Experience, Accepted),
    ("新生乡", Brand, Inspection),
    ("爱辉镇", Experience, Cultivating),
    ("小乌斯力村", Model, Accepted),
    ("大乌斯力村", Model, Cultivating),
    ("四嘉子村", Brand, Cultivating),
    ("新生村", Model, Failed),
    ("爱辉村", Experience, Planning),
    ("外三道沟村", Model, Cultivating),
    ("人保财险社区", Model, Accepted),
    ("武庙屯社区", Experience, Inspection),
    ("金兰社区", Brand, Cultivating),
    ("花园社区", Model, Cultivating),
    ("兴安社区", Experience, Planning),
    ("海兰社区", Model, Cultivating),
    ("爱辉区第一小学", Brand, Accepted),
    ("爱辉区第二小学", Brand, Cultivating),
    ("爱辉区第三小学", Model, Cultivating),
    ("爱辉区第四小学", Brand, Inspection),
    ("爱辉区第五小学", Model, Accepted),
    ("爱辉区第六小学", Experience, Cultivating),
    ("爱辉区第七小学", Brand, Planning),
];

/// What the 调研组 wrote down per kind of unit: 基础条件, 特色优势, 短板弱项,
/// 目标, 措施 — the newsletter's own words where it has them.
fn plan_words(kind: UnitKind, name: &str) -> [String; 5] {
    let s = |t: &str| t.to_string();
    match (kind, name) {
        (_, "小乌斯力村") => [
            s("村关工小组健全，五老骨干热心，群众基础好"),
            s("民族特色文化活动有传统；利用法治广场开展法治宣传教育"),
            s("活动台账不够规范，青少年参与面有待扩大"),
            s("打造民族特色、法治宣传的村屯关工典型"),
            s("组织开展具有民族特色的文化活动，依托法治广场常态化开展法治宣传教育"),
        ],
        (_, "人保财险社区" | "武庙屯社区" | "金兰社区") => [
            s("社区党组织重视，驻区单位支持，家长学校已建立"),
            s("建立“四位一体”教育机制，引导社会团体投入关心下一代事业"),
            s("五老队伍年龄偏大，新入列五老作用发挥一般"),
            s("形成联动式阳光教育和关爱帮扶的社区经验"),
            s("发挥家长学校作用，充分利用社会资源开展联动式阳光教育和关爱帮扶"),
        ],
        (UnitKind::Township, _) => [
            s("党委重视支持关心下一代工作，乡镇关工委班子健全"),
            s("党建带关工“四纳入”、“四统一”、“四到位”落实到位"),
            s("常务副主任工作变化快、不稳定，村屯关工小组发展不平衡"),
            s("培养村屯典型，总结推广党建带关工经验"),
            s("抓班子建设、抓队伍建设、抓机制建设，对村屯“三创”进行调研指导、检查评估"),
        ],
        (UnitKind::Village, _) => [
            s("村关工小组基础条件好、工作干劲足"),
            s("五老助力乡村振兴，开展系列化丰富多彩活动"),
            s("基层班子人员不稳定，结构不合理，工作落不实"),
            s("建成五老助力乡村振兴的村屯关工典型"),
            s("组织五老开展农技指导和关爱留守儿童活动，建立帮扶台账"),
        ],
        (UnitKind::Community, _) => [
            s("社区关工委班子健全，辖区资源丰富"),
            s("五老骨干热心，关爱帮扶活动经常化"),
            s("活动载体单一，宣传报送信息不及时"),
            s("打造社区关爱帮扶典型"),
            s("依托党群服务中心和家长学校开展关爱帮扶，按月报送工作信息"),
        ],
        _ => [
            s("学校党组织重视，德育副校长任关工委主任，老教师任常务副主任"),
            s("按照“一校一品，一校一策”形成自身特色"),
            s("特色活动尚未形成体系，成果总结提炼不够"),
            s("创建“一校一品”特色品牌"),
            s("制定创建方案，五老进课堂讲党史、讲红色故事，开展特色社团活动"),
        ],
    }
}

/// The five questions a visit answers (特色是什么, 优势在哪里, 问题有哪些,
/// 下步怎么办, 典型怎么育), by the line of the group that went.
const FINDINGS: &[[&str; 5]] = &[
    [
        "“一校一品”特色鲜明，五老进课堂常态化",
        "老教师五老作用发挥好，校领导重视",
        "活动资料整理不系统，成果总结不够",
        "规范台账，提炼特色做法，形成创建方案",
        "以特色社团为载体，培育品牌学校",
    ],
    [
        "“四位一体”教育机制运转良好",
        "驻区单位支持，家长学校作用明显",
        "五老队伍年龄偏大，新入列五老参与少",
        "吸纳新五老，细化关爱帮扶台账",
        "总结联动式阳光教育经验，树立社区典型",
    ],
    [
        "五老助力乡村振兴，民族特色文化活动有传统",
        "村关工小组健全，群众基础好",
        "常务副主任不齐不力，活动记录不全",
        "配齐配强常务副主任，按月开展活动并报送信息",
        "抓住法治广场、民族文化两个特色培育村屯典型",
    ],
];

/// Who writes of what: the kinds of unit an item fits (`*` any; `S`
/// school, `V` village, `C` community, `T` township), its title (`{}` the
/// unit's name) and a sentence of its body.
const INFO: &[(&str, &str, &str)] = &[
    (
        "*",
        "{}关工委开展“老少同声颂党恩”主题宣讲活动",
        "五老骨干结合亲身经历，为青少年讲述党的光辉历程，教育引导青少年听党话、感党恩、跟党走。",
    ),
    (
        "V",
        "{}五老助力乡村振兴 青少年走进田间学农事",
        "五老结合农时为村民和青少年讲解农业技术，带领孩子们体验农事劳动。",
    ),
    (
        "*",
        "{}扎实推进“三创”工作",
        "对照培育典型规划，逐项查找短板弱项，明确下一步措施，推动“三创”工作有力有序开展。",
    ),
    (
        "VC",
        "{}开展法治宣传教育进广场活动",
        "五老和法治副校长走上广场，以案说法，增强青少年和家长的法治意识。",
    ),
    (
        "VCT",
        "{}关爱留守儿童暖心行动",
        "五老走访留守儿童家庭，送去学习用品，了解学习生活情况，建立帮扶台账。",
    ),
    (
        "S",
        "{}打造“一校一品”特色品牌",
        "学校按照“一校一品，一校一策”推进特色创建，老教师五老参与社团指导。",
    ),
    (
        "C",
        "{}“四位一体”教育机制助力青少年健康成长",
        "社区联合学校、家庭和驻区单位开展联动式阳光教育和关爱帮扶。",
    ),
    (
        "T",
        "{}举办五老骨干培训班",
        "围绕关心下一代工作重要论述和网络应用知识进行培训，提升五老骨干履职能力。",
    ),
    (
        "VS",
        "{}开展民族特色文化活动",
        "五老带领青少年学习民族手工制作和传统歌舞，传承少数民族文化。",
    ),
    (
        "S",
        "{}五老讲党史进课堂",
        "老干部、老教师走进课堂讲述党史故事，激发学生爱党爱国热情。",
    ),
    (
        "T",
        "{}召开“三创”工作推进会",
        "会议听取各村屯工作进展情况汇报，研究共性、难点问题，安排部署下一步措施。",
    ),
    (
        "C",
        "{}开展家风家教故事分享会",
        "五老讲述身边的好家风故事，引导家长重视家庭教育，营造良好成长环境。",
    ),
];

/// The templates of `INFO` that fit a unit of `kind`.
fn info_for(kind: UnitKind) -> Vec<(&'static str, &'static str)> {
    let letter = match kind {
        UnitKind::School => 'S',
        UnitKind::Village => 'V',
        UnitKind::Community => 'C',
        _ => 'T',
    };
    INFO.iter()
        .filter(|(k, _, _)| *k == "*" || k.contains(letter))
        .map(|(_, t, b)| (*t, *b))
        .collect()
}

/// The outlets that take the district's items, by level.
fn outlet(level: AdoptionLevel) -> &'static str {
    match level {
        AdoptionLevel::District => "爱辉区融媒体中心",
        AdoptionLevel::City => "黑河市关工委《关心下一代工作》简报",
        AdoptionLevel::Province => "黑龙江省关工委《关心下一代工作》",
        AdoptionLevel::National => "中国关心下一代工作委员会网站",
    }
}

/// The running number (总第) of the district's bulletins before the demo's
/// year: the newsletter's 17 issues of 2022 and those since.
const RUNNING_BEFORE: u32 = 30;

struct Ctx<'a> {
    b: &'a dyn Backend,
    today: Day,
    by_name: HashMap<&'a str, &'a OrgUnit>,
    members: HashMap<UnitId, Vec<PersonId>>,
    /// The district unit's own people: the office, who write and edit.
    office: Vec<PersonId>,
}

impl Ctx<'_> {
    /// Day `day` (1–28) of the month `back` months before today; `None`
    /// when that is after today.
    fn day(&self, back: u32, day: u32) -> Option<Day> {
        let m = self.today.minus_months(back).date();
        Day::ymd(m.year(), m.month(), day).filter(|d| *d <= self.today)
    }

    /// Someone of the unit, or of the office when it has nobody.
    fn person_of(&self, unit: UnitId, i: usize) -> Option<PersonId> {
        let own = self.members.get(&unit).filter(|m| !m.is_empty());
        own.or(Some(&self.office))
            .filter(|m| !m.is_empty())
            .map(|m| m[i % m.len()])
    }

    fn office_person(&self, i: usize) -> Option<PersonId> {
        (!self.office.is_empty()).then(|| self.office[i % self.office.len()])
    }
}

fn plus_days(d: Day, n: i32) -> Day {
    Day::from_number(d.number() + n).unwrap_or(d)
}

/// Writes the demo's 三创 records; the units, roster and work records
/// must be there (the plans' units hold activities already).
pub fn populate(b: &dyn Backend) -> Result<()> {
    let units = b.run(ListUnits {
        include_archived: false,
    })?;
    let people = b.run(ListPeople {
        filter: PeopleFilter::default(),
    })?;
    let mut members: HashMap<UnitId, Vec<PersonId>> = HashMap::new();
    for p in people.iter().filter(|p| p.removed.is_none()) {
        members.entry(p.unit).or_default().push(p.id);
    }
    let root = units.iter().find(|u| u.kind == UnitKind::District);
    let office = root
        .and_then(|r| members.get(&r.id).cloned())
        .unwrap_or_default();
    let cx = Ctx {
        b,
        today: Day::today(),
        by_name: units.iter().map(|u| (u.name.as_str(), u)).collect(),
        members,
        office,
    };
    // The demo's units hold every one the newsletter counts; a unit missing
    // (an older demo list) is left out, not made up.
    let planned: Vec<(&OrgUnit, Creation, Reached)> = PLANS
        .iter()
        .filter_map(|(name, c, r)| cx.by_name.get(name).map(|u| (*u, *c, *r)))
        .collect();
    plans(&cx, &planned)?;
    let groups = groups(&cx)?;
    visits(&cx, &planned, &groups)?;
    let items = info_items(&cx, &planned)?;
    bulletins(&cx, &items)
}

fn plans(cx: &Ctx, planned: &[(&OrgUnit, Creation, Reached)]) -> Result<()> {
    for (i, (unit, creation, reached)) in planned.iter().enumerate() {
        let i32i = i as u32;
        let day = |back: u32, k: u32| cx.day(back, 1 + (i32i * 7 + k * 5) % 28);
        let [base, strengths, weaknesses, goals, measures] = plan_words(unit.kind, &unit.name);
        // Planned in the newsletter's 调研 two years ago; the late ones
        // this autumn.
        let opened = if *reached == Planning {
            day(3 - (i32i % 2), 0)
        } else {
            day(24 - (i32i % 4), 0)
        };
        let Some(opened) = opened else { continue };
        let mut p = cx.b.run(AddPlan {
            draft: PlanDraft {
                unit: unit.id,
                creation: *creation,
                base,
                strengths,
                weaknesses,
                goals,
                measures,
                owner: cx.person_of(unit.id, i),
                opened,
            },
        })?;
        // (months back, note) of each move on from 规划.
        let moves: &[(u32, &str)] = match reached {
            Planning => &[],
            Cultivating | Failed => &[(19 - i32i % 3, "创建方案经区关工委审定，转入培育")],
            Inspection => &[
                (19 - i32i % 3, "创建方案经区关工委审定，转入培育"),
                (2, "对照目标自查完成，申请检查验收"),
            ],
            Accepted => &[
                (19 - i32i % 3, "创建方案经区关工委审定，转入培育"),
                (5 - i32i % 2, "对照目标自查完成，申请检查验收"),
                (3 - i32i % 2, "检查验收合格，总结经验在全区推广"),
            ],
        };
        for (back, note) in moves {
            let Some(on) = day(*back, 1) else { break };
            p = cx.b.run(AdvancePlan {
                id: p.id,
                rev: p.rev,
                on,
                note: (*note).into(),
            })?;
        }
        if *reached == Failed
            && let (Some(on), Some(failed)) = (day(6, 2), day(5, 3))
        {
            p = cx.b.run(AdvancePlan {
                id: p.id,
                rev: p.rev,
                on,
                note: "申请检查验收".into(),
            })?;
            cx.b.run(FailPlan {
                id: p.id,
                rev: p.rev,
                on: failed,
                reason: "活动台账不全，特色不够突出，继续培育".into(),
            })?;
        }
    }
    Ok(())
}

/// The three working groups, one per line, each led by one of the office
/// (the newsletter's 3 位副主任) with two more.
fn groups(cx: &Ctx) -> Result<Vec<(GroupLine, GroupId)>> {
    let mut out = Vec::new();
    for (i, (name, line)) in [
        ("教育系统工作组", GroupLine::Education),
        ("街道社区工作组", GroupLine::Streets),
        ("乡镇村屯工作组", GroupLine::Townships),
    ]
    .into_iter()
    .enumerate()
    {
        let mut members: Vec<PersonId> = Vec::new();
        for k in [i, i + 3, i + 6] {
            if let Some(p) = cx.office_person(k).filter(|p| !members.contains(p)) {
                members.push(p);
            }
        }
        let g = cx.b.run(AddGroup {
            name: name.into(),
            line,
            members: members.clone(),
        })?;
        out.push((line, g.id));
    }
    Ok(out)
}

fn line_of(kind: UnitKind) -> GroupLine {
    match kind {
        UnitKind::School | UnitKind::EducationBureau => GroupLine::Education,
        UnitKind::Community | UnitKind::Subdistrict => GroupLine::Streets,
        _ => GroupLine::Townships,
    }
}

/// A dozen visits over the last year to plans being cultivated, each by
/// the group of the unit's line; two leave tasks behind.
fn visits(
    cx: &Ctx,
    planned: &[(&OrgUnit, Creation, Reached)],
    groups: &[(GroupLine, GroupId)],
) -> Result<()> {
    // Those further on first: a plan near its inspection is visited most.
    let mut visited: Vec<(&OrgUnit, Reached)> = planned
        .iter()
        .filter(|(_, _, r)| *r != Planning)
        .map(|(u, _, r)| (*u, *r))
        .collect();
    visited.sort_by_key(|(_, r)| *r == Cultivating);
    let visited: Vec<&OrgUnit> = visited.into_iter().map(|(u, _)| u).collect();
    if visited.is_empty() {
        return Ok(());
    }
    use GuidanceMethod::{Discussion, Documents, Report};
    let methods: [&[GuidanceMethod]; 4] = [
        &[Report, Documents, Discussion],
        &[Report, Documents],
        &[Report, Discussion],
        &[Documents, Discussion],
    ];
    for n in 0..12u32 {
        let unit = visited[(n as usize * 7) % visited.len()];
        let Some(date) = cx.day(12 - n, 4 + (n * 3) % 20) else {
            continue;
        };
        let line = line_of(unit.kind);
        let Some(group) = groups.iter().find(|(l, _)| *l == line).map(|(_, g)| *g) else {
            continue;
        };
        let words = FINDINGS[match line {
            GroupLine::Education => 0,
            GroupLine::Streets => 1,
            GroupLine::Townships => 2,
        }];
        let findings = Findings {
            feature: words[0].into(),
            strength: words[1].into(),
            problem: words[2].into(),
            next: words[3].into(),
            model: words[4].into(),
        };
        let follow_ups = match (n, cx.person_of(unit.id, n as usize)) {
            (3, Some(owner)) => vec![FollowUp {
                title: format!("{}补齐“三创”活动台账", unit.name),
                owner,
                due: Some(plus_days(date, 30)),
            }],
            (8, Some(owner)) => vec![FollowUp {
                title: format!("{}报送特色做法总结材料", unit.name),
                owner,
                due: Some(plus_days(date, 45)),
            }],
            _ => Vec::new(),
        };
        cx.b.run(AddGuidance {
            draft: GuidanceDraft {
                group,
                unit: unit.id,
                date,
                methods: methods[n as usize % methods.len()].to_vec(),
                findings,
                follow_ups,
            },
        })?;
    }
    Ok(())
}

/// Two or three items a month over the last twelve months, by the planned
/// units in turn; about half taken up by the district's media, fewer by
/// the city and the province, one nationally. The items of each month.
fn info_items(
    cx: &Ctx,
    planned: &[(&OrgUnit, Creation, Reached)],
) -> Result<Vec<(Day, Vec<InfoId>)>> {
    let mut months = Vec::new();
    if planned.is_empty() {
        return Ok(months);
    }
    let mut n = 0usize;
    for back in (0..12u32).rev() {
        let per_month = if back.is_multiple_of(3) { 3 } else { 2 };
        let mut ids = Vec::new();
        let mut last = None;
        let mut used: Vec<&str> = Vec::new();
        for k in 0..per_month {
            let Some(written) = cx.day(back, 3 + k * 9 + back % 4) else {
                continue;
            };
            let unit = planned[(n * 7) % planned.len()].0;
            // Not the same heading twice in one issue.
            let fit = info_for(unit.kind);
            let start = n * 5 + back as usize;
            let (title, sentence) = (0..fit.len())
                .map(|k| fit[(start + k) % fit.len()])
                .find(|(t, _)| !used.contains(t))
                .unwrap_or(fit[start % fit.len()]);
            used.push(title);
            let title = title.replace("{}", &unit.name);
            let body = format!(
                "近日，{}关工委组织五老骨干开展活动。{sentence}\n活动得到了青少年和家长的一致好评，进一步推动了“三创”工作深入开展。",
                unit.name
            );
            let authors = cx.person_of(unit.id, n).into_iter().collect();
            let item = cx.b.run(AddInfo {
                draft: InfoDraft {
                    unit: unit.id,
                    title,
                    body,
                    authors,
                    written,
                    submitted: Some(plus_days(written, 1)),
                },
            })?;
            let adopt = |level: AdoptionLevel, after: i32, reference: String| {
                let on = plus_days(written, after);
                if on > cx.today {
                    return Ok(());
                }
                cx.b.run(AdoptInfo {
                    id: item.id,
                    adoption: Adoption {
                        level,
                        outlet: outlet(level).into(),
                        reference,
                        on,
                    },
                })
                .map(|_| ())
            };
            let issue = |on: Day| format!("{}年第{}期", on.year(), on.date().month());
            if n.is_multiple_of(2) {
                adopt(AdoptionLevel::District, 5, "爱辉发布".into())?;
            }
            if n % 5 == 1 {
                adopt(AdoptionLevel::City, 12, issue(plus_days(written, 12)))?;
            }
            if n % 9 == 4 {
                adopt(AdoptionLevel::Province, 25, issue(plus_days(written, 25)))?;
            }
            if n == 13 {
                adopt(AdoptionLevel::National, 40, "工作交流栏目".into())?;
            }
            ids.push(item.id);
            last = Some(written);
            n += 1;
        }
        if let Some(last) = last {
            months.push((last, ids));
        }
    }
    Ok(months)
}

/// An issue a month carrying that month's items, a few days after the
/// last of them, numbered on from the district's earlier issues.
fn bulletins(cx: &Ctx, months: &[(Day, Vec<InfoId>)]) -> Result<()> {
    let mut first = true;
    for (last, items) in months {
        let date = plus_days(*last, 3);
        if date > cx.today {
            continue;
        }
        // One issue a month before the demo's first: 第N期 is its month.
        let number = first.then(|| IssueNumber {
            year: date.year(),
            number: date.date().month(),
            running: RUNNING_BEFORE + 1,
        });
        cx.b.run(NewBulletin {
            date,
            items: items.clone(),
            editor: cx.office_person(0),
            number,
            allow_gap: first,
        })?;
        first = false;
    }
    Ok(())
}
