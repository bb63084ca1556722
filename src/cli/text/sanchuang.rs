//! 三创: cultivation plans, working groups and guidance visits, info items
//! and bulletin issues.

use std::fmt::Display;

use crate::domain::plan::{Plan, Stage};
use crate::lang::Lang;

/// The fields a choice or an id is given for, as a refusal names them (zh, en).
pub const CREATION: (&str, &str) = ("创建类型", "creation");
pub const STAGE: (&str, &str) = ("阶段", "stage");
pub const LINE: (&str, &str) = ("战线", "line");
pub const METHOD: (&str, &str) = ("指导方式", "method");
pub const LEVEL: (&str, &str) = ("采用级别", "level");
pub const PLAN: (&str, &str) = ("规划编号", "plan id");
pub const GROUP: (&str, &str) = ("工作组编号", "group id");
pub const ITEM: (&str, &str) = ("信息编号", "item id");

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An id that is not a number (zh, en).
pub fn not_an_id(what: (&str, &str), given: &str) -> (String, String) {
    (
        format!("{}“{given}”不是编号：应为数字，如 12", what.0),
        format!(
            "{} \"{given}\" is not an id: use its number, e.g. 12",
            what.1
        ),
    )
}

/// `ggw plans add`: the new plan, its unit and creation, at 规划.
pub fn plan_added(lang: Lang, plan: &Plan, unit: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "已添加培育规划 #{} {unit} {}，处于“{}”阶段",
            plan.id,
            plan.creation.label_zh(),
            plan.stage().label_zh()
        ),
        Lang::En => format!(
            "Plan added: #{} {unit} {}, at {}",
            plan.id,
            plan.creation.label_en(),
            plan.stage().label_en()
        ),
    }
}

/// `ggw plans advance|fail`: where the plan went.
pub fn moved(lang: Lang, plan: &Plan, from: Stage, failed: bool) -> String {
    let to = plan.stage();
    let on = plan.stage_since();
    match (lang, failed) {
        (Lang::Zh, false) => format!(
            "规划 #{}：{} → {}（{on}）",
            plan.id,
            from.label_zh(),
            to.label_zh()
        ),
        (Lang::Zh, true) => format!(
            "规划 #{}：验收未通过，{} → {}（{on}）",
            plan.id,
            from.label_zh(),
            to.label_zh()
        ),
        (Lang::En, false) => format!(
            "Plan #{}: {} → {} ({on})",
            plan.id,
            from.label_en(),
            to.label_en()
        ),
        (Lang::En, true) => format!(
            "Plan #{}: inspection failed, {} → {} ({on})",
            plan.id,
            from.label_en(),
            to.label_en()
        ),
    }
}

pub fn plans_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 项培育规划"),
        Lang::En => plural(n, "plan", "plans"),
    }
}

/// Days in the present stage.
pub fn days(lang: Lang, n: i64) -> String {
    match lang {
        Lang::Zh => format!("{n} 天"),
        Lang::En if n == 1 => "1 day".into(),
        Lang::En => format!("{n} days"),
    }
}

pub fn last_visit(lang: Lang, day: &str) -> String {
    match lang {
        Lang::Zh => format!("最近指导 {day}"),
        Lang::En => format!("last visit {day}"),
    }
}

pub fn group_added(lang: Lang) -> &'static str {
    lang.pick("已添加工作组", "Working group added:")
}

pub fn groups_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 个工作组"),
        Lang::En => plural(n, "working group", "working groups"),
    }
}

/// `--group` naming no group (zh, en).
pub fn no_such_group(given: &str) -> (String, String) {
    (
        format!("没有名为或编号为“{given}”的工作组（见 ggw groups list）"),
        format!("no working group is named or numbered \"{given}\" (see ggw groups list)"),
    )
}

pub fn guidance_added(lang: Lang) -> &'static str {
    lang.pick("已登记督促指导", "Guidance visit recorded:")
}

/// After a visit's line: the tasks its follow-ups became, if any.
pub fn tasks_made(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => format!("，已生成 {n} 项任务"),
        (Lang::En, n) => format!(", {} made", plural(n, "task", "tasks")),
    }
}

pub fn visits_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 次督促指导"),
        Lang::En => plural(n, "guidance visit", "guidance visits"),
    }
}

pub fn info_added(lang: Lang) -> &'static str {
    lang.pick("已登记信息", "Info item recorded:")
}

pub fn adopted(lang: Lang) -> &'static str {
    lang.pick("已记录采用", "Adoption recorded:")
}

/// After an adopted item: how many adoptions it has now.
pub fn adoptions_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("（共被采用 {n} 次）"),
        Lang::En => format!(" ({} in all)", plural(n, "adoption", "adoptions")),
    }
}

/// Before an adoption in a list.
pub fn adoption_label(lang: Lang) -> &'static str {
    lang.pick("采用", "adopted")
}

pub fn items_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 条信息"),
        Lang::En => plural(n, "info item", "info items"),
    }
}

pub fn info_import_checked(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("检查通过，未写入任何数据。可导入 {n} 条信息"),
        Lang::En => format!(
            "All rows are good; nothing written. {} to import.",
            plural(n, "info item", "info items")
        ),
    }
}

pub fn info_imported(lang: Lang, n: usize, seconds: f64) -> String {
    match lang {
        Lang::Zh => format!("已导入 {n} 条信息（{seconds:.1} s）"),
        Lang::En => format!(
            "Imported {} ({seconds:.1} s)",
            plural(n, "info item", "info items")
        ),
    }
}

pub fn info_exported(lang: Lang, items: usize, rows: usize, to: &dyn Display) -> String {
    match lang {
        Lang::Zh => format!("已导出 {items} 条信息（{rows} 行）→ {to}"),
        Lang::En => format!(
            "Exported {} ({}) → {to}",
            plural(items, "info item", "info items"),
            plural(rows, "row", "rows")
        ),
    }
}

/// `ggw bulletin new --items` naming nothing (zh, en).
pub fn no_items() -> (String, String) {
    (
        "--items 没有列出任何信息：用逗号分隔信息编号，如 3,5,8".into(),
        "--items names no item: separate the items' ids with commas, e.g. 3,5,8".into(),
    )
}

pub fn bulletin_saved(lang: Lang) -> &'static str {
    lang.pick("已保存简报", "Bulletin saved:")
}

pub fn bulletins_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {n} 期简报"),
        Lang::En => plural(n, "bulletin issue", "bulletin issues"),
    }
}

/// The items an issue carries, counted.
pub fn items_in(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 条信息"),
        Lang::En => plural(n, "item", "items"),
    }
}

/// `ggw bulletin render --format docx` without a file (zh, en).
pub fn docx_needs_file() -> (String, String) {
    (
        "DOCX 需要写入文件：请加 -o 文件名.docx".into(),
        "DOCX needs a file: add -o FILE.docx".into(),
    )
}

pub fn rendered(lang: Lang, issue: &str, to: &dyn Display) -> String {
    match lang {
        Lang::Zh => format!("已生成简报 {issue} → {to}"),
        Lang::En => format!("Rendered {issue} → {to}"),
    }
}
