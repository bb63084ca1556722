//! 积分: what `ggw scores` prints, and the standings' part of `ggw report`.

use std::fmt::Display;

use crate::api::scores::PeriodRow;
use crate::domain::points::Points;
use crate::domain::rules::PeerGroup;
use crate::domain::scoring::LineKind;
use crate::domain::time::format_local;
use crate::lang::Lang;

/// The fields a choice or a number is given for, as a refusal names them.
pub const GROUP: (&str, &str) = ("组别", "group");

fn heads(lang: Lang, zh: &[&str], en: &[&str]) -> Vec<String> {
    lang_pick(lang, zh, en)
        .iter()
        .map(|h| h.to_string())
        .collect()
}

fn lang_pick<'a, T: ?Sized>(lang: Lang, zh: &'a T, en: &'a T) -> &'a T {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// `rules check` on a good file.
pub fn rules_ok(lang: Lang, name: &str, from: impl Display, to: impl Display) -> String {
    match lang {
        Lang::Zh => format!("没有问题：{name}（{from} 至 {to}）"),
        Lang::En => format!("No problems: {name} ({from} to {to})"),
    }
}

/// `rules check` on a file with mistakes, before the list of them.
pub fn rules_bad(lang: Lang, file: &str, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{file} 有 {n} 处错误："),
        Lang::En => format!("{file} has {n} mistake(s):"),
    }
}

pub fn period_dates(lang: Lang, p: &PeriodRow) -> String {
    match lang {
        Lang::Zh => format!("{} 至 {}", p.from, p.to),
        Lang::En => format!("{} to {}", p.from, p.to),
    }
}

/// `rules set`.
pub fn rules_stored(lang: Lang, p: &PeriodRow) -> String {
    match lang {
        Lang::Zh => format!(
            "已保存考核细则“{}”（{}），第 {} 版",
            p.name,
            period_dates(lang, p),
            p.version
        ),
        Lang::En => format!(
            "Rulebook stored: \"{}\" ({}), version {}",
            p.name,
            period_dates(lang, p),
            p.version
        ),
    }
}

/// `rules copy`.
pub fn rules_copied(lang: Lang, from: &str, p: &PeriodRow) -> String {
    match lang {
        Lang::Zh => format!(
            "已将“{from}”的考核细则复制为“{}”（{}）",
            p.name,
            period_dates(lang, p)
        ),
        Lang::En => format!(
            "The rulebook of \"{from}\" copied as \"{}\" ({})",
            p.name,
            period_dates(lang, p)
        ),
    }
}

pub fn no_periods(lang: Lang) -> &'static str {
    lang.pick(
        "还没有考核期：用 ggw scores rules set FILE 存入考核细则（ggw scores rules example 给出示例）。",
        "No evaluation period yet: store a rulebook with ggw scores rules set FILE (ggw scores rules example prints one).",
    )
}

pub fn periods_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["考核期", "起止", "版本", "兑现"],
        &["Period", "Dates", "Version", "Settled"],
    )
}

pub fn version(lang: Lang, v: u32) -> String {
    match lang {
        Lang::Zh => format!("第 {v} 版"),
        Lang::En => format!("v{v}"),
    }
}

/// When and by whom a period was settled, or that it is open.
pub fn settled(lang: Lang, p: &PeriodRow) -> String {
    match &p.settled {
        Some((at, by)) => match lang {
            Lang::Zh => format!("已兑现 {} {by}", format_local(*at)),
            Lang::En => format!("settled {} by {by}", format_local(*at)),
        },
        None => lang.pick("未兑现", "open").to_string(),
    }
}

/// The standings' title: the period (the section under it names the group).
pub fn standings_title(lang: Lang, p: &PeriodRow) -> String {
    match lang {
        Lang::Zh => format!("{}（{}）", p.name, period_dates(lang, p)),
        Lang::En => format!("{} ({})", p.name, period_dates(lang, p)),
    }
}

/// Over the table: whether it is frozen, what rank changes measure against.
pub fn standings_notes(lang: Lang, settled: bool, previous: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    if settled {
        out.push(
            lang.pick(
                "已兑现奖惩：显示兑现时冻结的结果（之后的改动见 ggw scores diff）",
                "Settled: the results as frozen then (later changes: ggw scores diff)",
            )
            .to_string(),
        );
    }
    if let Some(p) = previous {
        out.push(match lang {
            Lang::Zh => format!("名次升降与“{p}”相比"),
            Lang::En => format!("Rank changes against \"{p}\""),
        });
    }
    out
}

pub fn nobody_ranked(lang: Lang, group: PeerGroup) -> String {
    match lang {
        Lang::Zh => format!("{}组别没有参加排名的对象", group.label_zh()),
        Lang::En => format!("No one is ranked among the {}", group.label_en()),
    }
}

/// The workbook's first sheet: the title and the notes.
pub fn summary_sheet(lang: Lang) -> &'static str {
    lang.pick("概况", "Summary")
}

/// The sheet's name and the section's title in a workbook.
pub fn standings_sheet(lang: Lang, group: PeerGroup) -> String {
    match lang {
        Lang::Zh => format!("{}排名", group.label_zh()),
        Lang::En => format!("Standings of {}", group.label_en()),
    }
}

/// The standings' columns before the blocks, and after.
pub fn standings_head(lang: Lang, person: bool) -> (Vec<String>, Vec<String>) {
    let first = match (lang, person) {
        (Lang::Zh, false) => vec!["名次", "单位"],
        (Lang::Zh, true) => vec!["名次", "姓名"],
        (Lang::En, false) => vec!["Rank", "Unit"],
        (Lang::En, true) => vec!["Rank", "Name"],
    };
    let last = lang_pick(
        lang,
        &["总分", "完成率", "等次", "升降", "路径"][..],
        &["Total", "Done", "Grade", "Change", "Path"][..],
    );
    (
        first.into_iter().map(String::from).collect(),
        last.iter().map(|s| s.to_string()).collect(),
    )
}

/// The column of awards and penalties kept outside every block.
pub fn adjusted_head(lang: Lang) -> &'static str {
    lang.pick("奖惩", "Awards")
}

/// A rank change as a column shows it.
pub fn rank_change(change: Option<i32>) -> String {
    match change {
        None => "—".into(),
        Some(0) => "0".into(),
        Some(n) if n > 0 => format!("↑{n}"),
        Some(n) => format!("↓{}", -n),
    }
}

/// Per mille as a percent with one decimal.
pub fn percent(per_mille: Option<u16>) -> String {
    per_mille.map_or_else(|| "—".into(), |p| format!("{}.{}%", p / 10, p % 10))
}

pub fn xlsx_needs_file() -> (String, String) {
    (
        "xlsx 格式要用 --output FILE 指定写入的文件".into(),
        "The xlsx format needs a file: --output FILE".into(),
    )
}

pub fn written_to(lang: Lang) -> &'static str {
    lang.pick("已写入", "Written to")
}

pub fn bad_points(given: &str) -> (String, String) {
    (
        format!("分数“{given}”不是数：应为如 5、-2 或 0.5 的数，最多两位小数"),
        format!("Points \"{given}\" is not a number: use e.g. 5, -2 or 0.5, at most two decimals"),
    )
}

pub fn no_subject() -> (String, String) {
    (
        "要用 --unit 或 --person 指明单位或五老".into(),
        "Name a unit (--unit) or an elder (--person)".into(),
    )
}

pub fn empty_reason() -> (String, String) {
    (
        "奖惩要写明原因（--reason）".into(),
        "An award or penalty needs its reason (--reason)".into(),
    )
}

/// `ggw scores adjust`.
pub fn adjusted(lang: Lang, points: Points, name: &str, reason: &str, id: u64) -> String {
    let award = !points.is_negative();
    match lang {
        Lang::Zh => format!(
            "已记入{} {points} 分：{name}，{reason}（#{id}）",
            if award { "奖励" } else { "扣分" }
        ),
        Lang::En => format!(
            "{} of {points} recorded: {name}, {reason} (#{id})",
            if award { "Award" } else { "Penalty" }
        ),
    }
}

pub fn voided(lang: Lang, points: Points, reason: &str, id: u64) -> String {
    match lang {
        Lang::Zh => format!("已作废奖惩 #{id}（{points} 分，{reason}），不再计入。"),
        Lang::En => {
            format!("Award or penalty #{id} ({points}, {reason}) voided: it no longer counts.")
        }
    }
}

pub fn ledger_title(lang: Lang, name: &str, path: &str, p: &PeriodRow, g: PeerGroup) -> String {
    match lang {
        Lang::Zh => format!("{name}（{path}）  {}  {}", p.name, g.label_zh()),
        Lang::En => format!("{name} ({path})  {}  {}", p.name, g.label_en()),
    }
}

pub fn ledger_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &[
            "板块",
            "项目",
            "计分方式",
            "来源",
            "日期",
            "数量",
            "分数",
            "说明",
        ],
        &[
            "Block", "Item", "How", "Record", "Date", "Count", "Points", "Note",
        ],
    )
}

/// What made a ledger line.
pub fn line_kind(lang: Lang, kind: &LineKind) -> String {
    match kind {
        LineKind::Counted => lang.pick("计分", "counted").into(),
        LineKind::Shortfall { missing } => match lang {
            Lang::Zh => format!("未达目标，差 {missing}"),
            Lang::En => format!("short of target by {missing}"),
        },
        LineKind::Cap => lang.pick("单项封顶", "item cap").into(),
        LineKind::Max => lang.pick("板块上限", "block max").into(),
        LineKind::Floor => lang.pick("板块下限", "block floor").into(),
        LineKind::Manual => lang.pick("奖惩", "award or penalty").into(),
    }
}

pub fn total(lang: Lang) -> &'static str {
    lang.pick("合计", "Total")
}

pub fn ledger_total(lang: Lang, total: Points, lines: usize) -> String {
    match lang {
        Lang::Zh => format!("合计 {total} 分（{lines} 行）"),
        Lang::En => format!("Total {total} points ({lines} lines)"),
    }
}

pub fn settled_total(lang: Lang, total: Points) -> String {
    match lang {
        Lang::Zh => format!("兑现时总分 {total} 分"),
        Lang::En => format!("Total when settled: {total} points"),
    }
}

/// `ggw scores settle`: what will be frozen.
pub fn settle_preview(lang: Lang, p: &PeriodRow) -> String {
    match lang {
        Lang::Zh => format!(
            "兑现“{}”（{}）将冻结第 {} 版考核细则和以下排名：",
            p.name,
            period_dates(lang, p),
            p.version
        ),
        Lang::En => format!(
            "Settling \"{}\" ({}) freezes version {} of its rulebook and these standings:",
            p.name,
            period_dates(lang, p),
            p.version
        ),
    }
}

pub fn settle_group(lang: Lang, g: PeerGroup, rows: usize, leader: Option<&str>) -> String {
    let leader = leader.unwrap_or("—");
    match lang {
        Lang::Zh => format!("{}：{rows} 个，第一名 {leader}", g.label_zh()),
        Lang::En => format!("{}: {rows}, first {leader}", g.label_en()),
    }
}

pub fn settle_adjustments(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("奖惩记录 {n} 条"),
        Lang::En => format!("{n} award(s) and penalties"),
    }
}

pub fn settle_ask(lang: Lang) -> &'static str {
    lang.pick(
        "兑现后考核细则和排名不能再改。确定兑现？输入 y 确认：",
        "After settling, the rulebook and standings cannot change. Settle? Type y to confirm: ",
    )
}

pub fn settle_cancelled(lang: Lang) -> &'static str {
    lang.pick("已取消，没有兑现。", "Cancelled; nothing was settled.")
}

pub fn settled_done(lang: Lang, p: &PeriodRow) -> String {
    match lang {
        Lang::Zh => format!(
            "已兑现“{}”：第 {} 版考核细则和排名已冻结",
            p.name, p.version
        ),
        Lang::En => format!(
            "Settled \"{}\": version {} of its rulebook and the standings are frozen",
            p.name, p.version
        ),
    }
}

pub fn no_diff(lang: Lang) -> &'static str {
    lang.pick(
        "兑现以来，排名和总分没有变化。",
        "Nothing has changed since settlement.",
    )
}

pub fn diff_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &[
            "组别",
            "名称",
            "兑现时总分",
            "现在总分",
            "兑现时名次",
            "现在名次",
        ],
        &[
            "Group",
            "Name",
            "Settled total",
            "Total now",
            "Settled rank",
            "Rank now",
        ],
    )
}

/// The report's section of a group's standings.
/// In place of the elders' standings, in a report over a large roll.
pub fn elders_left_to(lang: Lang, command: &str) -> String {
    match lang {
        Lang::Zh => format!("五老人数多，本报告不排五老个人名次；全部排名：{command}"),
        Lang::En => format!("Too many elders to rank in a report; their standings: {command}"),
    }
}

pub fn report_title(lang: Lang, p: &PeriodRow, group: PeerGroup) -> String {
    let first = super::super::report_scores::ELDERS_SHOWN;
    let (zh_top, en_top) = if group == PeerGroup::Elder {
        (format!("（前{first}名）"), format!(", the first {first}"))
    } else {
        (String::new(), String::new())
    };
    match lang {
        Lang::Zh => format!(
            "{}积分排名{zh_top}  {}（{}）",
            group.label_zh(),
            p.name,
            period_dates(lang, p)
        ),
        Lang::En => format!(
            "Standings of {}{en_top}  {} ({})",
            group.label_en(),
            p.name,
            period_dates(lang, p)
        ),
    }
}
