//! Accounts, the database's upkeep (init, check, repair), backups and
//! restores, and the progress line of long work.

use std::fmt::Display;

use crate::lang::Lang;

pub fn account_removed(lang: Lang) -> &'static str {
    lang.pick("已删除账号", "Removed the account of")
}

pub fn account_saved(lang: Lang) -> &'static str {
    lang.pick("已保存账号", "Saved account")
}

pub fn no_accounts(lang: Lang) -> &'static str {
    lang.pick("还没有账号。服务器的运行用户可用 ggw account add 用户名 --role admin 添加第一个管理员。", "No accounts yet. The server's own user can add the first admin with `ggw account add USER --role admin`.")
}

pub fn backed_up_to(lang: Lang) -> &'static str {
    lang.pick("已备份到", "Backed up to")
}

pub fn backup_sound(lang: Lang) -> &'static str {
    lang.pick("完整无误：", "is whole and sound:")
}

pub fn restored_into(lang: Lang) -> &'static str {
    lang.pick("已恢复到", "Restored into")
}

pub fn archived_mark(lang: Lang) -> &'static str {
    lang.pick("（已撤销）", " (archived)")
}

pub fn fault(lang: Lang) -> &'static str {
    lang.pick("故障：", "FAULT:")
}

pub fn all_checks_passed(lang: Lang) -> &'static str {
    lang.pick("检查通过。", "All checks passed.")
}

pub fn faults_found(lang: Lang) -> &'static str {
    lang.pick("发现问题，见上。", "Faults found, see above.")
}

pub fn set_aside(lang: Lang) -> &'static str {
    lang.pick("已隔离：", "set aside:")
}

pub fn database_created(lang: Lang) -> &'static str {
    lang.pick("已创建数据库", "Created database")
}

pub fn saved(lang: Lang) -> &'static str {
    lang.pick("已保存", "Saved")
}

pub fn restore_checked(
    lang: Lang,
    units: usize,
    people: usize,
    audit: usize,
    index: usize,
) -> String {
    match lang {
        Lang::Zh => format!(
            "检查通过：{units} 个单位、{people} 人、{audit} 条操作记录，索引 {index} 条均已重建。"
        ),
        Lang::En => format!(
            "Checked: {units} units, {people} people, {audit} audit entries; all {index} index entries rebuilt."
        ),
    }
}

/// The first line of what a backup holds.
pub fn backup_taken(lang: Lang, created: &dyn Display, program: &str) -> String {
    match lang {
        Lang::Zh => format!("备份时间 {created}，由 {program} 写出\n"),
        Lang::En => format!("taken {created} by {program}\n"),
    }
}

/// A kind of record in a backup; in English, the name the file uses.
pub fn tree_label(tree: &str, lang: Lang) -> &str {
    let zh = match tree {
        "units" => "单位",
        "accounts" => "账号",
        "meeting_series" => "会议系列",
        "meetings" => "会议",
        "tasks" => "任务",
        "people" => "人员",
        "positions" => "任职",
        "reserve" => "后备人选",
        "audit" => "操作记录",
        "meta" => "数据库信息",
        other => other,
    };
    lang.pick(zh, tree)
}

pub fn check_units(
    lang: Lang,
    units: usize,
    archived: usize,
    audit: usize,
    index: usize,
    kib: u64,
) -> String {
    match lang {
        Lang::Zh => format!(
            "单位 {units} 个（已撤销 {archived}），审计记录 {audit} 条，索引项 {index} 个，磁盘占用 {kib} KiB。"
        ),
        Lang::En => format!(
            "{units} units ({archived} archived), {audit} audit entries, {index} index entries, {kib} KiB on disk."
        ),
    }
}

pub fn check_meetings(lang: Lang, series: usize, meetings: usize, tasks: usize) -> String {
    match lang {
        Lang::Zh => format!("会议系列 {series} 个，会议记录 {meetings} 条，任务 {tasks} 项。"),
        Lang::En => format!("{series} meeting series, {meetings} meeting records, {tasks} tasks."),
    }
}

pub fn check_people(lang: Lang, people: usize, positions: usize, reserve: usize) -> String {
    match lang {
        Lang::Zh => format!("人员 {people} 人，任职 {positions} 条，后备人选 {reserve} 条。"),
        Lang::En => {
            format!("{people} people, {positions} positions, {reserve} reserve candidates.")
        }
    }
}

pub fn check_quarantined(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("隔离区中有 {n} 条以前隔离的记录（ggw repair --purge 可删除）。"),
        Lang::En => format!(
            "{n} records set aside earlier are in the quarantine (`ggw repair --purge` deletes them)."
        ),
    }
}

pub fn check_damaged(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "其中 {n} 条记录无法使用；管理员可运行 ggw repair 把它们移入隔离区（详见 README“损坏的记录”）。"
        ),
        Lang::En => format!(
            "{n} of these are records that cannot be used; an administrator can run `ggw repair` to move them into the quarantine (README: \"Damaged records\")."
        ),
    }
}

/// What `ggw repair` did: purged the quarantine, set records aside, or
/// found nothing to do.
pub fn repair_summary(
    lang: Lang,
    purged: usize,
    quarantined: usize,
    index_entries: usize,
    recounted: bool,
) -> String {
    match (lang, purged, quarantined) {
        (Lang::Zh, 0, 0) if index_entries > 0 => {
            format!("没有损坏的记录；已按记录重写索引项 {index_entries} 个。")
        }
        (Lang::En, 0, 0) if index_entries > 0 => format!(
            "No damaged records; {index_entries} index entries were written again from the records."
        ),
        (Lang::Zh, 0, 0) => "没有损坏的记录，未做任何修改。".to_string(),
        (Lang::En, 0, 0) => "No damaged records; nothing changed.".to_string(),
        (Lang::Zh, 0, n) => format!(
            "已把 {n} 条损坏的记录移入隔离区，并删除指向它们的索引项 {index_entries} 个{}。请再运行 ggw check：剩下的问题是引用这些记录的其他记录。",
            if recounted {
                "，五老人数已重新统计"
            } else {
                ""
            }
        ),
        (Lang::En, 0, n) => format!(
            "Moved {n} damaged records into the quarantine and removed {index_entries} index entries pointing at them{}. Run `ggw check` again: what remains are records that referred to them.",
            if recounted {
                "; the elder counts were counted again"
            } else {
                ""
            }
        ),
        (Lang::Zh, p, _) => format!("已从隔离区删除 {p} 条记录。"),
        (Lang::En, p, _) => format!("Deleted {p} records from the quarantine."),
    }
}

/// What the progress line says is being done.
pub fn backing_up(lang: Lang) -> &'static str {
    lang.pick("备份", "Backing up")
}

pub fn reading(lang: Lang) -> &'static str {
    lang.pick("读取", "Reading")
}

pub fn restoring(lang: Lang) -> &'static str {
    lang.pick("恢复", "Restoring")
}

/// The progress line of long work: what is being done, records done of how
/// many, and how many a second.
pub fn progress(lang: Lang, what: &str, done: u64, total: u64, rate: u64) -> String {
    match lang {
        Lang::Zh => format!("{what}：{done} / {total} 条，每秒 {rate} 条"),
        Lang::En => format!("{what}: {done} of {total} records, {rate} a second"),
    }
}
