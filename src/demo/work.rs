//! The demo's work records for last year and this year up to today: a few
//! activities a month by every township, street and school (some by the
//! villages and the district), the trainings the newsletter describes, the
//! elders' visits to the villages of their township, and sessions at the
//! two study bases. The words (titles, themes, topics) are the
//! newsletter's, and `synth` draws from them too.
//!
//! Written as an office loads its registers: one import per list, every
//! row checked by the service and the list audited as one import, so that
//! the demo's three thousand records take a fraction of a second (one
//! request per record took three seconds in a debug build).

use std::collections::{HashMap, HashSet};

use crate::api::people::{ListPeople, PeopleFilter};
use crate::api::units::ListUnits;
use crate::api::work::{ImportWork, WorkImportRow};
use crate::backend::{Backend, BackendExt};
use crate::demo::synth::rng::Rng;
use crate::domain::day::Day;
use crate::domain::person::PersonId;
use crate::domain::work::{ActivityKind, Attendance, DEFAULT_THEMES, Month, TrainingMode};
use crate::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft, WorkList,
};
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::Result;

/// Titles by kind, with the theme each goes under (empty: none). The
/// themes are the office's list (`DEFAULT_THEMES`).
const IDEAS: &[(ActivityKind, &str, &str)] = &[
    (
        ActivityKind::Education,
        "老少同声颂党恩主题宣讲",
        DEFAULT_THEMES[1],
    ),
    (
        ActivityKind::Education,
        "五老讲党史进课堂",
        DEFAULT_THEMES[0],
    ),
    (ActivityKind::Education, "红色故事会", DEFAULT_THEMES[1]),
    (ActivityKind::Education, "家风家教故事分享会", ""),
    (
        ActivityKind::Education,
        "听党话、感党恩、跟党走主题教育",
        DEFAULT_THEMES[1],
    ),
    (ActivityKind::Law, "法治进校园专题讲座", DEFAULT_THEMES[2]),
    (ActivityKind::Law, "法治广场普法宣传", DEFAULT_THEMES[2]),
    (ActivityKind::Law, "防范电信网络诈骗宣传", DEFAULT_THEMES[2]),
    (ActivityKind::Law, "禁毒知识宣传教育", DEFAULT_THEMES[2]),
    (
        ActivityKind::StudyTrip,
        "瑷珲历史陈列馆研学",
        DEFAULT_THEMES[3],
    ),
    (
        ActivityKind::StudyTrip,
        "中俄青少年交流研学",
        DEFAULT_THEMES[3],
    ),
    (ActivityKind::StudyTrip, "小将军研学实践", ""),
    (
        ActivityKind::Rural,
        "五老助力乡村振兴农技指导",
        DEFAULT_THEMES[6],
    ),
    (ActivityKind::Rural, "青少年农事体验", DEFAULT_THEMES[6]),
    (ActivityKind::Rural, "庭院经济示范观摩", DEFAULT_THEMES[6]),
    (ActivityKind::Care, "关爱留守儿童走访慰问", ""),
    (ActivityKind::Care, "困难学生助学帮扶", ""),
    (ActivityKind::Care, "六一儿童节慰问", ""),
    (ActivityKind::Culture, "民族特色文化展演", DEFAULT_THEMES[4]),
    (ActivityKind::Culture, "五老书法进校园", DEFAULT_THEMES[5]),
    (ActivityKind::Culture, "一校一品成果展示", DEFAULT_THEMES[5]),
    (ActivityKind::Culture, "老少同乐文体活动", ""),
    (ActivityKind::Other, "青少年心理健康讲座", ""),
    (ActivityKind::Other, "关工委工作经验交流", ""),
];

pub const TRAINING_TOPICS: &[&str] = &[
    "学习习近平总书记关于关心下一代工作的重要论述",
    "各级关工会议精神传达",
    "黑龙江省关心下一代工作细则",
    "网络应用知识",
    "五老工作方法与经验交流",
    "“三创”工作部署",
];

pub const VISIT_PURPOSES: &[&str] = &[
    "走访留守儿童家庭",
    "检查村关工小组工作",
    "指导开展“三创”活动",
    "了解五老队伍情况",
    "调研乡村振兴中青少年工作",
];

pub const VISIT_RESULTS: &[&str] = &[
    "已建立帮扶台账",
    "工作正常开展",
    "提出整改意见，下月回访",
    "",
];

pub const STUDY_THEMES: &[&str] = &[
    "中俄青少年交流",
    "爱国主义教育",
    "锤炼三观，磨练意志",
    "民族特色文化",
];

/// The kinds of activity a unit of this kind holds.
pub fn kinds_for(kind: UnitKind) -> &'static [ActivityKind] {
    use ActivityKind::*;
    match kind {
        UnitKind::School => &[Education, Education, Law, Culture, Culture, StudyTrip],
        UnitKind::Village => &[Rural, Rural, Care, Law, Culture, Education],
        UnitKind::Community => &[Care, Care, Law, Education, Culture],
        UnitKind::Other => &[StudyTrip, Education, Other],
        _ => &[
            Education, Education, Law, Rural, Care, Culture, StudyTrip, Other,
        ],
    }
}

/// A title and its theme for an activity of `kind`.
pub fn activity_idea(rng: &mut Rng, kind: ActivityKind) -> (&'static str, &'static str) {
    let ideas: Vec<(&str, &str)> = IDEAS
        .iter()
        .filter(|(k, _, _)| *k == kind)
        .map(|(_, t, th)| (*t, *th))
        .collect();
    if ideas.is_empty() {
        ("关工委活动", "")
    } else {
        rng.pick(&ideas)
    }
}

/// Where a unit holds an activity.
pub fn place_for(rng: &mut Rng, kind: UnitKind, name: &str, online: bool) -> String {
    if online {
        return "线上（微信群）".into();
    }
    match kind {
        UnitKind::School => rng.pick(&["学校礼堂", "多功能教室", "操场"]).into(),
        UnitKind::Village => format!("{name}{}", rng.pick(&["文化广场", "村委会", "法治广场"])),
        UnitKind::Community => format!("{name}{}", rng.pick(&["活动室", "党群服务中心"])),
        UnitKind::Other => name.into(),
        _ => format!("{name}{}", rng.pick(&["会议室", "文化站"])),
    }
}

/// Young people an activity of such a unit reaches.
pub fn youths_for(rng: &mut Rng, kind: UnitKind, online: bool) -> u32 {
    let (low, spread) = match (online, kind) {
        (true, _) => (100, 900),
        (_, UnitKind::School) => (50, 550),
        (_, UnitKind::Village | UnitKind::Community) => (8, 50),
        _ => (30, 170),
    };
    low + rng.below(spread) as u32
}

struct Plan<'a> {
    rng: Rng,
    units: &'a [OrgUnit],
    members: HashMap<UnitId, Vec<PersonId>>,
    children: HashMap<UnitId, Vec<UnitId>>,
    used: HashSet<(UnitId, Day)>,
    today: Day,
    out: Vec<WorkDraft>,
}

impl Plan<'_> {
    fn own(&self, unit: UnitId) -> &[PersonId] {
        self.members.get(&unit).map_or(&[], Vec::as_slice)
    }

    /// The elders of a unit and of the units directly below it.
    fn around(&self, unit: UnitId) -> Vec<PersonId> {
        let mut out = self.own(unit).to_vec();
        for c in self.children.get(&unit).into_iter().flatten() {
            out.extend_from_slice(self.own(*c));
        }
        out
    }

    /// Up to `n` different people of `pool`.
    fn some_of(&mut self, pool: &[PersonId], n: usize) -> Vec<PersonId> {
        let mut out = Vec::new();
        for _ in 0..n.min(pool.len()) * 3 {
            if out.len() == n {
                break;
            }
            let p = self.rng.pick(pool);
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// A day of the month not after today; `None` when the month has not
    /// begun.
    fn day_in(&mut self, year: i32, month: u32) -> Option<Day> {
        let first = Day::ymd(year, month, 1)?;
        if first > self.today {
            return None;
        }
        // This month's records fall on the days gone so far, not all on today.
        let days = if Month::of(first) == Month::of(self.today) {
            first.days_until(self.today) as usize + 1
        } else {
            28
        };
        Day::ymd(year, month, 1 + self.rng.below(days) as u32)
    }

    fn add(&mut self, draft: WorkDraft) {
        self.out.push(draft);
    }

    /// `n` activities of a unit in a month, each on its own day.
    fn activities(&mut self, unit: &OrgUnit, year: i32, month: u32, n: usize) {
        let kinds = kinds_for(unit.kind);
        let pool = self.around(unit.id);
        for _ in 0..n {
            let Some(date) = self.day_in(year, month) else {
                return;
            };
            if !self.used.insert((unit.id, date)) {
                continue;
            }
            let kind = self.rng.pick(kinds);
            let (title, theme) = activity_idea(&mut self.rng, kind);
            let online = self.rng.chance(15);
            let elders = if self.rng.chance(50) {
                let k = 1 + self.rng.below(3);
                self.some_of(&pool, k)
            } else {
                Vec::new()
            };
            let draft = ActivityDraft {
                unit: unit.id,
                date,
                title: title.into(),
                theme: theme.into(),
                kind,
                online,
                place: place_for(&mut self.rng, unit.kind, &unit.name, online),
                youths: youths_for(&mut self.rng, unit.kind, online),
                elders,
                notes: String::new(),
            };
            self.add(WorkDraft::Activity(draft));
        }
    }

    fn training(&mut self, unit: &OrgUnit, date: Day, mode: TrainingMode) {
        let pool = self.around(unit.id);
        let attendance = if pool.len() >= 5 && self.rng.chance(40) {
            let n = 5 + self.rng.below(8);
            Attendance::Named(self.some_of(&pool, n))
        } else {
            Attendance::HeadCount(20 + self.rng.below(50) as u32)
        };
        let topic = self.rng.pick(TRAINING_TOPICS).into();
        self.add(WorkDraft::Training(TrainingDraft {
            unit: unit.id,
            date,
            mode,
            topic,
            attendance,
        }));
    }

    fn visits(&mut self, town: &OrgUnit, year: i32, month: u32, n: usize) {
        let villages: Vec<&OrgUnit> = self
            .units
            .iter()
            .filter(|u| {
                u.parent == Some(town.id)
                    && matches!(u.kind, UnitKind::Village | UnitKind::Community)
            })
            .collect();
        let pool = self.around(town.id);
        if villages.is_empty() || pool.is_empty() {
            return;
        }
        for _ in 0..n {
            let Some(date) = self.day_in(year, month) else {
                return;
            };
            let village = self.rng.pick(&villages);
            let person = self.rng.pick(&pool);
            let draft = VisitDraft {
                person,
                village: village.id,
                date,
                purpose: self.rng.pick(VISIT_PURPOSES).into(),
                result: self.rng.pick(VISIT_RESULTS).into(),
            };
            self.add(WorkDraft::Visit(draft));
        }
    }
}

/// Writes the demo's work records; the units and the roster must be there.
pub fn populate(backend: &dyn Backend) -> Result<()> {
    let units = backend.run(ListUnits {
        include_archived: false,
    })?;
    let people = backend.run(ListPeople {
        filter: PeopleFilter::default(),
    })?;
    let mut members: HashMap<UnitId, Vec<PersonId>> = HashMap::new();
    for p in people.iter().filter(|p| p.removed.is_none()) {
        members.entry(p.unit).or_default().push(p.id);
    }
    let mut children: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
    for u in &units {
        if let Some(p) = u.parent {
            children.entry(p).or_default().push(u.id);
        }
    }
    let today = Day::today();
    let mut plan = Plan {
        rng: Rng::new(0x5745_524B_2026),
        units: &units,
        members,
        children,
        used: HashSet::new(),
        today,
        out: Vec::new(),
    };
    let by_kind = |k: UnitKind| -> Vec<&OrgUnit> { units.iter().filter(|u| u.kind == k).collect() };
    let district = by_kind(UnitKind::District);
    let towns = by_kind(UnitKind::Township);
    let streets = by_kind(UnitKind::Subdistrict);
    let leaders: Vec<&OrgUnit> = [&towns, &streets, &by_kind(UnitKind::EducationBureau)]
        .into_iter()
        .flatten()
        .copied()
        .collect();
    let schools = by_kind(UnitKind::School);
    let grassroots: Vec<&OrgUnit> =
        [by_kind(UnitKind::Village), by_kind(UnitKind::Community)].concat();
    let bases = by_kind(UnitKind::Other);

    for year in [today.year() - 1, today.year()] {
        // The district's trainings of the newsletter: a meeting as training
        // in January, a topical one in spring, one online in autumn; each
        // township, street and the bureau one or two of its own.
        for d in &district {
            for (month, mode) in [
                (1, TrainingMode::MeetingAsTraining),
                (4, TrainingMode::Topical),
                (10, TrainingMode::Online),
            ] {
                if let Some(date) = plan.day_in(year, month) {
                    plan.training(d, date, mode);
                }
            }
        }
        for u in &leaders {
            let mode = if u.kind == UnitKind::EducationBureau {
                TrainingMode::ByLine
            } else {
                TrainingMode::MeetingAsTraining
            };
            for month in [3, 9] {
                if plan.rng.chance(70)
                    && let Some(date) = plan.day_in(year, month)
                {
                    plan.training(u, date, mode);
                }
            }
        }
        for month in 1..=12 {
            for u in leaders.iter().chain(&schools) {
                let n = 1 + plan.rng.below(3);
                plan.activities(u, year, month, n);
            }
            for u in &grassroots {
                if plan.rng.chance(25) {
                    plan.activities(u, year, month, 1);
                }
            }
            for d in &district {
                if plan.rng.chance(40) {
                    plan.activities(d, year, month, 1);
                }
            }
            for t in towns.iter().chain(&streets) {
                let n = 1 + plan.rng.below(3);
                plan.visits(t, year, month, n);
            }
            // The bases receive schools from spring to autumn.
            if (4..=10).contains(&month) && !schools.is_empty() {
                for b in &bases {
                    if plan.rng.chance(80)
                        && let Some(date) = plan.day_in(year, month)
                    {
                        let visitor = plan.rng.pick(&schools).name.clone();
                        let students = 60 + plan.rng.below(190) as u32;
                        let theme = plan.rng.pick(STUDY_THEMES).into();
                        plan.add(WorkDraft::StudySession(StudySessionDraft {
                            base: b.id,
                            date,
                            visitor,
                            students,
                            theme,
                        }));
                    }
                }
            }
        }
    }
    let paths = paths_of(&units);
    for list in WorkList::ALL {
        let rows: Vec<WorkImportRow> = plan
            .out
            .iter()
            .filter(|d| d.list() == list)
            .enumerate()
            .map(|(i, d)| WorkImportRow {
                line: i + 1,
                unit: paths.get(&d.unit()).cloned().unwrap_or_default(),
                people: d.people().iter().map(|p| format!("#{}", p.0)).collect(),
                draft: d.clone(),
            })
            .collect();
        if !rows.is_empty() {
            backend.run(ImportWork {
                list,
                rows,
                source: "演示数据".into(),
                check_only: false,
            })?;
        }
    }
    Ok(())
}

/// Every unit's full path, as an import file names it.
fn paths_of(units: &[OrgUnit]) -> HashMap<UnitId, String> {
    let by_id: HashMap<UnitId, &OrgUnit> = units.iter().map(|u| (u.id, u)).collect();
    let mut out = HashMap::with_capacity(units.len());
    for u in units {
        let mut steps = vec![u.name.as_str()];
        let mut at = u.parent;
        while let Some(p) = at.and_then(|id| by_id.get(&id)) {
            steps.push(p.name.as_str());
            at = p.parent;
        }
        steps.reverse();
        out.insert(u.id, steps.join("/"));
    }
    out
}
