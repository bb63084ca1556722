//! A rulebook (考核细则): what each kind of recorded work is worth in an
//! evaluation period, as offices write it in TOML (see
//! `data/rules/default.toml`). Parsing checks every rule and names the line
//! of each mistake, so a rulebook that is stored can always be scored.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::UnitKind;
use super::bulletin::AdoptionLevel;
use super::day::Day;
use super::labels::labelled;
use super::person::HonourLevel;
use super::plan::{Creation, Stage};
use super::points::Points;
use super::work::{ActivityKind, TrainingMode};

/// The example rulebook shipped with the program.
pub static DEFAULT_RULES: &str = include_str!("../../data/rules/default.toml");

labelled!(
    /// What an item counts.
    Counts {
        Activities => ("activities", "活动", "activities", []),
        Trainings => ("trainings", "培训", "trainings", []),
        TrainingAttendance => ("training-attendance", "培训人次", "training attendance", []),
        Visits => ("visits", "下村工作", "village visits", []),
        StudybaseSessions => ("studybase-sessions", "研学", "study-base sessions", []),
        InfoWritten => ("info-written", "撰写信息", "info written", []),
        InfoAdopted => ("info-adopted", "信息采用", "info adopted", []),
        PlansAdvanced => ("plans-advanced", "规划推进", "plans advanced", []),
        PlansAccepted => ("plans-accepted", "验收通过", "plans accepted", []),
        MeetingsAttended => ("meetings-attended", "参会", "meetings attended", []),
        MeetingsMissed => ("meetings-missed", "缺会", "meetings missed", []),
        TasksDone => ("tasks-done", "任务完成", "tasks done", []),
        TasksOverdue => ("tasks-overdue", "任务逾期", "tasks overdue", []),
        Honours => ("honours", "表彰", "honours", []),
        Manual => ("manual", "奖惩", "awards and penalties", []),
    }
);

impl Counts {
    /// The filters (`where` keys) this count understands.
    pub fn filters(self) -> &'static [&'static str] {
        match self {
            Counts::Activities => &["kind"],
            Counts::Trainings => &["mode"],
            Counts::InfoAdopted | Counts::Honours => &["level"],
            Counts::PlansAdvanced => &["stage", "creation"],
            Counts::PlansAccepted => &["creation"],
            _ => &[],
        }
    }

    /// Whether an elder can be scored by it: the records that name people.
    pub fn scores_people(self) -> bool {
        !matches!(
            self,
            Counts::StudybaseSessions | Counts::PlansAdvanced | Counts::PlansAccepted
        )
    }
}

labelled!(
    /// Who is ranked against whom.
    PeerGroup {
        Township => ("township", "乡镇", "townships", ["乡", "镇"]),
        Subdistrict => ("subdistrict", "街道", "subdistricts", ["street", "streets"]),
        EducationBureau => ("education-bureau", "教体局", "education bureaus", ["bureau"]),
        Village => ("village", "村屯", "villages", ["村"]),
        Community => ("community", "社区", "communities", []),
        School => ("school", "学校", "schools", []),
        Elder => ("elder", "五老", "elders", ["elders", "person", "people"]),
    }
);

impl PeerGroup {
    /// The group a unit of this kind is ranked in; the district and
    /// "other" units are not ranked.
    pub fn of_unit(kind: UnitKind) -> Option<PeerGroup> {
        Some(match kind {
            UnitKind::Township => PeerGroup::Township,
            UnitKind::Subdistrict => PeerGroup::Subdistrict,
            UnitKind::EducationBureau => PeerGroup::EducationBureau,
            UnitKind::Village => PeerGroup::Village,
            UnitKind::Community => PeerGroup::Community,
            UnitKind::School => PeerGroup::School,
            UnitKind::District | UnitKind::Other => return None,
        })
    }

    pub fn side(self) -> Side {
        if self == PeerGroup::Elder {
            Side::Person
        } else {
            Side::Unit
        }
    }

    fn slot(self) -> usize {
        PeerGroup::ALL.iter().position(|g| *g == self).unwrap_or(0)
    }
}

/// Whether a block scores units or elders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    Unit,
    Person,
}

/// A `where` on counted records; each count takes only its own keys.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub kind: Option<ActivityKind>,
    pub mode: Option<TrainingMode>,
    pub level: Option<AdoptionLevel>,
    pub honour_level: Option<HonourLevel>,
    pub stage: Option<Stage>,
    pub creation: Option<Creation>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub counts: Counts,
    pub filter: Filter,
    /// Per counted record (per person-time for training attendance); a
    /// manual item takes each award's own points.
    pub points: Points,
    pub cap: Option<Points>,
    /// Count expected, by peer group.
    target: [Option<u32>; 7],
    pub shortfall: Option<Points>,
    pub line: usize,
}

impl Item {
    pub fn target(&self, group: PeerGroup) -> Option<u32> {
        self.target[group.slot()]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub name: String,
    pub side: Side,
    pub max: Option<Points>,
    pub floor: Option<Points>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Grade {
    pub name: String,
    pub min: Points,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rulebook {
    pub name: String,
    pub from: Day,
    pub to: Day,
    /// Highest first.
    pub grades: Vec<Grade>,
    /// A group's own thresholds (`[grades_for] village = [...]`), for
    /// groups whose work is scored on the same items but smaller.
    grades_for: [Option<Vec<Grade>>; 7],
    pub blocks: Vec<Block>,
}

/// The grade below every threshold.
pub const FAIL_GRADE: &str = "不合格";

impl Rulebook {
    pub fn blocks_of(&self, side: Side) -> impl Iterator<Item = (usize, &Block)> {
        self.blocks
            .iter()
            .enumerate()
            .filter(move |(_, b)| b.side == side)
    }

    /// The grade of `total` in `group`: by the group's own thresholds if the
    /// rulebook gives them.
    pub fn grade(&self, group: PeerGroup, total: Points) -> &str {
        self.grades_for[group.slot()]
            .as_ref()
            .unwrap_or(&self.grades)
            .iter()
            .find(|g| total >= g.min)
            .map(|g| g.name.as_str())
            .unwrap_or(FAIL_GRADE)
    }

    /// Whether any block of this side takes awards and penalties itself.
    pub fn has_manual(&self, side: Side) -> bool {
        self.blocks_of(side)
            .any(|(_, b)| b.items.iter().any(|i| i.counts == Counts::Manual))
    }

    pub fn counts_used(&self, side: Side) -> impl Iterator<Item = Counts> + '_ {
        self.blocks_of(side)
            .flat_map(|(_, b)| b.items.iter().map(|i| i.counts))
    }
}

/// One mistake in a rulebook, at its line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleError {
    pub line: usize,
    pub zh: String,
    pub en: String,
}

impl RuleError {
    fn at(text: &str, offset: usize, zh: impl Into<String>, en: impl Into<String>) -> RuleError {
        RuleError {
            line: line_of(text, offset),
            zh: zh.into(),
            en: en.into(),
        }
    }

    pub fn message(&self, lang: crate::lang::Lang) -> String {
        match lang {
            crate::lang::Lang::Zh => format!("第{}行：{}", self.line, self.zh),
            crate::lang::Lang::En => format!("line {}: {}", self.line, self.en),
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBook {
    name: Spanned<String>,
    from: Spanned<toml::value::Datetime>,
    /// A year from `from` when left out.
    #[serde(default)]
    to: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    scores: Option<Spanned<String>>,
    #[serde(default)]
    grades: Option<Spanned<Vec<RawGrade>>>,
    #[serde(default)]
    grades_for: BTreeMap<Spanned<String>, Vec<RawGrade>>,
    #[serde(default)]
    block: Vec<RawBlock>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    name: String,
    min: Spanned<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBlock {
    name: Spanned<String>,
    #[serde(default)]
    scores: Option<Spanned<String>>,
    #[serde(default)]
    max: Option<Spanned<f64>>,
    #[serde(default)]
    floor: Option<Spanned<f64>>,
    #[serde(default)]
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    name: Spanned<String>,
    counts: Spanned<String>,
    #[serde(default, rename = "where")]
    filter: Option<Spanned<BTreeMap<String, Spanned<String>>>>,
    #[serde(default)]
    points: Option<Spanned<f64>>,
    #[serde(default)]
    cap: Option<Spanned<f64>>,
    #[serde(default)]
    target: Option<Spanned<BTreeMap<String, Spanned<i64>>>>,
    #[serde(default)]
    shortfall: Option<Spanned<f64>>,
}

/// The start of the period in the text, so that a copy can move it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spans {
    pub name: std::ops::Range<usize>,
    pub from: std::ops::Range<usize>,
    /// None when `to` is left out (a year from `from`).
    pub to: Option<std::ops::Range<usize>>,
}

struct Checker<'a> {
    text: &'a str,
    errors: Vec<RuleError>,
}

impl Checker<'_> {
    fn err<T>(&mut self, s: &Spanned<T>, zh: impl Into<String>, en: impl Into<String>) {
        self.errors
            .push(RuleError::at(self.text, s.span().start, zh, en));
    }

    fn points(&mut self, s: &Spanned<f64>, what: &str) -> Points {
        match Points::from_f64(*s.get_ref()) {
            Some(p) => p,
            None => {
                self.err(
                    s,
                    format!("{what} 最多两位小数：{}", s.get_ref()),
                    format!("{what} takes at most two decimals: {}", s.get_ref()),
                );
                Points::ZERO
            }
        }
    }

    fn date(&mut self, s: &Spanned<toml::value::Datetime>, key: &str) -> Option<NaiveDate> {
        let d = s.get_ref();
        let date = match (d.date, d.time) {
            (Some(date), None) => {
                NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
            }
            _ => None,
        };
        if date.is_none() {
            self.err(
                s,
                format!("{key} 应是日期，如 2024-01-01"),
                format!("{key} must be a date such as 2024-01-01"),
            );
        }
        date
    }

    fn side(&mut self, s: &Spanned<String>) -> Side {
        match s.get_ref().trim() {
            "unit" | "units" | "单位" => Side::Unit,
            "person" | "people" | "elder" | "elders" | "个人" | "五老" => Side::Person,
            other => {
                self.err(
                    s,
                    format!(
                        "scores 只能是 \"unit\"（单位）或 \"person\"（五老个人），不是“{other}”"
                    ),
                    format!("scores is \"unit\" or \"person\", not \"{other}\""),
                );
                Side::Unit
            }
        }
    }
}

/// Reads and checks a rulebook; every mistake found is returned, each with
/// its line.
pub fn parse(text: &str) -> Result<Rulebook, Vec<RuleError>> {
    parse_with_spans(text).map(|(book, _)| book)
}

pub fn parse_with_spans(text: &str) -> Result<(Rulebook, Spans), Vec<RuleError>> {
    let raw: RawBook = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        let detail = e.message().trim().to_string();
        vec![RuleError {
            line,
            zh: format!("写法有误：{detail}"),
            en: detail,
        }]
    })?;
    let mut c = Checker {
        text,
        errors: Vec::new(),
    };
    let name = raw.name.get_ref().trim().to_string();
    if name.is_empty() {
        c.err(
            &raw.name,
            "细则需要名称（name）",
            "the rulebook needs a name",
        );
    }
    let from = c.date(&raw.from, "from");
    let to = match &raw.to {
        Some(t) => c.date(t, "to"),
        None => from
            .and_then(|f| f.checked_add_months(chrono::Months::new(12)))
            .and_then(|d| d.pred_opt()),
    };
    if let Some(f) = from
        && f.day() != 1
    {
        c.err(
            &raw.from,
            "考核期应从某月1日开始",
            "a period starts on the first day of a month",
        );
    }
    if let Some(t) = to
        && let Some(raw_to) = &raw.to
        && t.succ_opt().is_some_and(|n| n.day() != 1)
    {
        c.err(
            raw_to,
            "考核期应在某月最后一天结束",
            "a period ends on the last day of a month",
        );
    }
    if let (Some(f), Some(t), Some(raw_to)) = (from, to, &raw.to)
        && t < f
    {
        c.err(
            raw_to,
            "结束日期早于开始日期",
            "the period ends before it starts",
        );
    }
    let default_side = match &raw.scores {
        Some(s) => c.side(s),
        None => Side::Unit,
    };
    let grades = match &raw.grades {
        Some(g) => read_grades(&mut c, g.get_ref()),
        None => Vec::new(),
    };
    let mut grades_for: [Option<Vec<Grade>>; 7] = Default::default();
    for (key, list) in &raw.grades_for {
        match PeerGroup::parse(key.get_ref()) {
            Some(group) => grades_for[group.slot()] = Some(read_grades(&mut c, list)),
            None => c.err(
                key,
                format!("grades_for 中不认识的组别“{}”", key.get_ref()),
                format!("grades_for names an unknown group \"{}\"", key.get_ref()),
            ),
        }
    }
    let mut blocks: Vec<Block> = Vec::new();
    for rb in &raw.block {
        let block = read_block(&mut c, rb, default_side);
        if blocks.iter().any(|b| b.name == block.name) {
            c.err(
                &rb.name,
                format!("板块“{}”重复", block.name),
                format!("block \"{}\" appears twice", block.name),
            );
        }
        blocks.push(block);
    }
    if !c.errors.is_empty() {
        c.errors.sort_by_key(|e| e.line);
        return Err(c.errors);
    }
    let spans = Spans {
        name: raw.name.span(),
        from: raw.from.span(),
        to: raw.to.as_ref().map(|t| t.span()),
    };
    let (Some(from), Some(to)) = (from, to) else {
        unreachable!("a missing or unreadable date is an error above")
    };
    Ok((
        Rulebook {
            name,
            from: Day::from_date(from),
            to: Day::from_date(to),
            grades,
            grades_for,
            blocks,
        },
        spans,
    ))
}

fn read_grades(c: &mut Checker, raw: &[RawGrade]) -> Vec<Grade> {
    let mut grades: Vec<Grade> = Vec::new();
    for grade in raw {
        let min = c.points(&grade.min, "min");
        if grade.name.trim().is_empty() {
            c.err(&grade.min, "等次需要名称", "a grade needs a name");
        }
        if let Some(prev) = grades.last().map(|p| p.min)
            && min >= prev
        {
            c.err(
                &grade.min,
                format!("等次应从高到低排列：{} 不低于上一等次的 {prev}", min),
                format!("grades go from highest to lowest: {min} is not below {prev}"),
            );
        }
        grades.push(Grade {
            name: grade.name.trim().to_string(),
            min,
        });
    }
    grades
}

fn read_block(c: &mut Checker, rb: &RawBlock, default_side: Side) -> Block {
    let name = rb.name.get_ref().trim().to_string();
    if name.is_empty() {
        c.err(&rb.name, "板块需要名称", "a block needs a name");
    }
    let side = match &rb.scores {
        Some(s) => c.side(s),
        None => default_side,
    };
    let max = rb.max.as_ref().map(|m| c.points(m, "max"));
    let floor = rb.floor.as_ref().map(|f| c.points(f, "floor"));
    if let (Some(m), Some(f), Some(fs)) = (max, floor, &rb.floor)
        && f > m
    {
        c.err(
            fs,
            format!("floor（{f}）高于 max（{m}）"),
            format!("floor ({f}) is above max ({m})"),
        );
    }
    let mut items: Vec<Item> = Vec::new();
    for ri in &rb.item {
        if let Some(item) = read_item(c, ri, side) {
            if items.iter().any(|i| i.name == item.name) {
                c.err(
                    &ri.name,
                    format!("条目“{}”在本板块中重复", item.name),
                    format!("item \"{}\" appears twice in its block", item.name),
                );
            }
            items.push(item);
        }
    }
    Block {
        name,
        side,
        max,
        floor,
        items,
    }
}

fn read_item(c: &mut Checker, ri: &RawItem, side: Side) -> Option<Item> {
    let name = ri.name.get_ref().trim().to_string();
    if name.is_empty() {
        c.err(&ri.name, "条目需要名称", "an item needs a name");
    }
    let code = ri.counts.get_ref().trim();
    let known = Counts::ALL.iter().copied().find(|k| k.code() == code);
    if known.is_none() {
        let all = Counts::ALL
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(", ");
        c.err(
            &ri.counts,
            format!("不认识的计数“{code}”，可用：{all}"),
            format!("unknown count \"{code}\"; known: {all}"),
        );
    }
    // The rest of the item is still checked, so every mistake shows at once.
    let counts = known.unwrap_or(Counts::Activities);
    if side == Side::Person && !counts.scores_people() {
        c.err(
            &ri.counts,
            format!("“{code}”只能给单位计分，不能给五老个人计分"),
            format!("\"{code}\" scores units, not elders"),
        );
    }
    let filter = match known {
        Some(_) => read_filter(c, ri, counts),
        None => Filter::default(),
    };
    let points = match (&ri.points, counts) {
        (Some(p), _) => c.points(p, "points"),
        (None, Counts::Manual) => Points::ZERO,
        (None, _) => {
            c.err(
                &ri.name,
                format!("条目“{name}”缺少 points（每项记多少分）"),
                format!("item \"{name}\" has no points"),
            );
            Points::ZERO
        }
    };
    let cap = ri.cap.as_ref().map(|s| {
        let cap = c.points(s, "cap");
        if cap.is_negative() {
            c.err(
                s,
                format!("cap 不能为负数：{cap}"),
                format!("cap cannot be negative: {cap}"),
            );
        }
        cap
    });
    let mut target = [None; 7];
    if let Some(t) = &ri.target {
        for (key, n) in t.get_ref() {
            let Some(group) = PeerGroup::parse(key) else {
                let all = PeerGroup::ALL
                    .iter()
                    .map(|g| g.code())
                    .collect::<Vec<_>>()
                    .join(", ");
                c.err(
                    n,
                    format!("target 中不认识的单位类别“{key}”，可用：{all}"),
                    format!("target names an unknown group \"{key}\"; known: {all}"),
                );
                continue;
            };
            if group.side() != side {
                c.err(
                    n,
                    format!("本板块给{}计分，target 不能写“{key}”", side_zh(side)),
                    format!(
                        "this block scores {}, so its target cannot name \"{key}\"",
                        side_en(side)
                    ),
                );
            }
            match u32::try_from(*n.get_ref()) {
                Ok(v) => target[group.slot()] = Some(v),
                Err(_) => c.err(
                    n,
                    format!("target 应是不小于0的整数：{}", n.get_ref()),
                    format!("a target is a whole number, 0 or more: {}", n.get_ref()),
                ),
            }
        }
    }
    let shortfall = ri.shortfall.as_ref().map(|s| {
        let p = c.points(s, "shortfall");
        if p > Points::ZERO {
            c.err(
                s,
                "shortfall 是每差一项扣的分，应为负数或0",
                "shortfall is what each missing count costs: negative or 0",
            );
        }
        if ri.target.is_none() {
            c.err(
                s,
                "有 shortfall 就需要 target（差多少才知道扣多少）",
                "a shortfall needs a target to fall short of",
            );
        }
        p
    });
    known?;
    Some(Item {
        name,
        counts,
        filter,
        points,
        cap,
        target,
        shortfall,
        line: line_of(c.text, ri.name.span().start),
    })
}

fn side_zh(side: Side) -> &'static str {
    match side {
        Side::Unit => "单位",
        Side::Person => "五老个人",
    }
}

fn side_en(side: Side) -> &'static str {
    match side {
        Side::Unit => "units",
        Side::Person => "elders",
    }
}

fn read_filter(c: &mut Checker, ri: &RawItem, counts: Counts) -> Filter {
    let mut filter = Filter::default();
    let Some(w) = &ri.filter else {
        return filter;
    };
    for (key, value) in w.get_ref() {
        if !counts.filters().contains(&key.as_str()) {
            let have = if counts.filters().is_empty() {
                "（无）".to_string()
            } else {
                counts.filters().join(", ")
            };
            c.err(
                value,
                format!("“{}”没有筛选项“{key}”，可用：{have}", counts.code()),
                format!(
                    "\"{}\" has no filter \"{key}\"; it has: {}",
                    counts.code(),
                    if counts.filters().is_empty() {
                        "none".to_string()
                    } else {
                        counts.filters().join(", ")
                    }
                ),
            );
            continue;
        }
        let v = value.get_ref().as_str();
        let ok = match (key.as_str(), counts) {
            ("kind", _) => ActivityKind::parse(v).map(|k| filter.kind = Some(k)),
            ("mode", _) => TrainingMode::parse(v).map(|m| filter.mode = Some(m)),
            ("level", Counts::Honours) => {
                HonourLevel::parse(v).map(|l| filter.honour_level = Some(l))
            }
            ("level", _) => AdoptionLevel::parse(v).map(|l| filter.level = Some(l)),
            ("stage", _) => Stage::parse(v).map(|s| filter.stage = Some(s)),
            ("creation", _) => Creation::parse(v).map(|k| filter.creation = Some(k)),
            _ => None,
        };
        if ok.is_none() {
            c.err(
                value,
                format!("筛选项 {key} 的值“{v}”不认识"),
                format!("filter {key} has an unknown value \"{v}\""),
            );
        }
    }
    filter
}

/// The rulebook's text moved to another year: its name's year and its
/// dates shift together, everything else (comments too) stays as written.
pub fn moved_to_year(text: &str, year: i32) -> Result<String, Vec<RuleError>> {
    let (book, spans) = parse_with_spans(text)?;
    let from_year = book.from.date().year();
    let shift = year - from_year;
    let shifted = |d: Day| -> String {
        let date = d.date();
        let moved = if shift >= 0 {
            date.checked_add_months(chrono::Months::new((shift * 12) as u32))
        } else {
            date.checked_sub_months(chrono::Months::new((-shift * 12) as u32))
        };
        moved.unwrap_or(date).format("%Y-%m-%d").to_string()
    };
    let old_name = &text[spans.name.clone()];
    let new_name = old_name.replace(&from_year.to_string(), &year.to_string());
    let to_year = book.to.date().year();
    let new_name = if to_year != from_year {
        new_name.replace(&to_year.to_string(), &(to_year + shift).to_string())
    } else {
        new_name
    };
    // Later spans first, so earlier offsets stay right.
    let mut edits = vec![
        (spans.name.clone(), new_name),
        (spans.from.clone(), shifted(book.from)),
    ];
    if let Some(to) = spans.to.clone() {
        edits.push((to, shifted(book.to)));
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    let mut out = text.to_string();
    for (range, with) in edits {
        out.replace_range(range, &with);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
