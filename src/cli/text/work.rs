//! Work records: activities, trainings, village visits, study-base sessions.

use std::fmt::Display;

use crate::domain::work_item::WorkList;
use crate::lang::Lang;

/// A record of `list`, as a sentence names it.
pub fn record(lang: Lang, list: WorkList) -> &'static str {
    match lang {
        Lang::Zh => list.label_zh(),
        Lang::En => list.label_en(),
    }
}

/// Records of `list`, counted.
fn records(lang: Lang, list: WorkList, n: usize) -> String {
    match (lang, list) {
        (Lang::Zh, WorkList::Activities) => format!("{n} 次活动"),
        (Lang::Zh, WorkList::Trainings) => format!("{n} 期培训"),
        (Lang::Zh, WorkList::Visits) => format!("{n} 次下村工作"),
        (Lang::Zh, WorkList::StudySessions) => format!("{n} 次研学"),
        (Lang::En, WorkList::Activities) => plural(n, "activity", "activities"),
        (Lang::En, WorkList::Trainings) => plural(n, "training", "trainings"),
        (Lang::En, WorkList::Visits) => plural(n, "village visit", "village visits"),
        (Lang::En, WorkList::StudySessions) => {
            plural(n, "study-base session", "study-base sessions")
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `ggw … add`: what was saved, before its id.
pub fn added(lang: Lang, list: WorkList) -> String {
    match lang {
        Lang::Zh => format!("已登记{}", list.label_zh()),
        Lang::En => {
            let mut s = list.label_en().to_string();
            s[..1].make_ascii_uppercase();
            format!("{s} recorded:")
        }
    }
}

/// The line above a list.
pub fn list_count(lang: Lang, list: WorkList, n: usize) -> String {
    match lang {
        Lang::Zh => format!("共 {}", records(lang, list, n)),
        Lang::En => records(lang, list, n),
    }
}

pub fn online(lang: Lang, online: bool) -> &'static str {
    match (lang, online) {
        (Lang::Zh, true) => "线上",
        (Lang::Zh, false) => "线下",
        (Lang::En, true) => "online",
        (Lang::En, false) => "offline",
    }
}

/// After a training's head count, when no names were kept.
pub fn head_count(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("{n} 人次（未记名）"),
        Lang::En => format!("{n} person-times (names not kept)"),
    }
}

/// After a training's named attendees.
pub fn person_times(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{n} 人次"),
        Lang::En => format!("{n} person-times"),
    }
}

/// After a count of young people or students.
pub fn youths(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("青少年 {n} 人"),
        Lang::En => format!("{n} young people"),
    }
}

pub fn students(lang: Lang, n: u32) -> String {
    match lang {
        Lang::Zh => format!("学生 {n} 人"),
        Lang::En => format!("{n} students"),
    }
}

pub fn import_checked(lang: Lang, list: WorkList, n: usize) -> String {
    match lang {
        Lang::Zh => format!(
            "检查通过，未写入任何数据。可导入 {}",
            records(lang, list, n)
        ),
        Lang::En => format!(
            "All rows are good; nothing written. {} to import.",
            records(lang, list, n)
        ),
    }
}

pub fn imported(lang: Lang, list: WorkList, n: usize, seconds: f64) -> String {
    match lang {
        Lang::Zh => format!("已导入 {}（{seconds:.1} s）", records(lang, list, n)),
        Lang::En => format!("Imported {} ({seconds:.1} s)", records(lang, list, n)),
    }
}

pub fn exported(lang: Lang, list: WorkList, n: u32, to: &dyn Display) -> String {
    match lang {
        Lang::Zh => format!("已导出 {} → {to}", records(lang, list, n as usize)),
        Lang::En => format!("Exported {} → {to}", records(lang, list, n as usize)),
    }
}

/// `ggw trainings add` given both `--attendees` and `--count`, or neither (zh, en).
pub fn attendance_needed(both: bool) -> (String, String) {
    if both {
        (
            "--attendees 与 --count 只能给一个：记了名单，人次就是名单上的人数".into(),
            "give --attendees or --count, not both: with names, the person-times are the names counted".into(),
        )
    } else {
        (
            "请给出参训人员（--attendees 张三,李四）或不记名单时的参训人次（--count 40）".into(),
            "give the attendees (--attendees A,B) or, when names are not kept, the person-times (--count 40)".into(),
        )
    }
}

/// A count on the command line that is not one (zh, en).
pub fn not_a_count(option: &str, given: &str) -> (String, String) {
    (
        format!("--{option}“{given}”不是人数：应为 0 或正整数"),
        format!("--{option} \"{given}\" is not a count: use a whole number, 0 or more"),
    )
}

/// `--elders` or `--attendees` given but naming nobody (zh, en).
pub fn no_names(option: &str) -> (String, String) {
    (
        format!("--{option} 没有列出任何人：用逗号或顿号分隔姓名，如 张三,李四"),
        format!("--{option} names nobody: separate the names with commas, e.g. A,B"),
    )
}

/// The fields a choice is made for, as a refusal names them (zh, en).
pub const KIND: (&str, &str) = ("类型", "kind");
pub const MODE: (&str, &str) = ("方式", "mode");
