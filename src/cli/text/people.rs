//! People, the roster and its files, posts and reserve candidates.

use std::fmt::Display;

use crate::lang::Lang;

// What was done, before the record it was done to.

pub fn reserve_added(lang: Lang) -> &'static str {
    lang.pick("已列入后备人选", "Added to the reserve list")
}

pub fn no_reserve(lang: Lang) -> &'static str {
    lang.pick("没有后备人选。", "No reserve candidates.")
}

pub fn reserve_removed(lang: Lang) -> &'static str {
    lang.pick("已移出后备人选", "Taken off the reserve list")
}

pub fn registered(lang: Lang) -> &'static str {
    lang.pick("已登记", "Registered")
}

pub fn struck_off(lang: Lang) -> &'static str {
    lang.pick("已除名", "Struck off")
}

pub fn voided(lang: Lang) -> &'static str {
    lang.pick("已作废", "Voided")
}

pub fn restored(lang: Lang) -> &'static str {
    lang.pick("已恢复", "Restored")
}

pub fn talk_recorded(lang: Lang) -> &'static str {
    lang.pick("已记录谈话", "Talk recorded")
}

pub fn honour_recorded(lang: Lang) -> &'static str {
    lang.pick("已记录表彰", "Honour recorded")
}

pub fn reregistered_count(lang: Lang) -> &'static str {
    lang.pick("已重新登记人数：", "Re-registered:")
}

pub fn export_masked(lang: Lang) -> &'static str {
    lang.pick(
        "（身份证号和电话已打码；需完整号码请加 --unmasked）",
        " (ID and phone numbers masked; --unmasked writes them whole)",
    )
}

pub fn export_everyone(lang: Lang) -> &'static str {
    lang.pick("全部人员", "everyone")
}

pub fn export_struck_off(lang: Lang) -> &'static str {
    lang.pick("已除名五老", "elders struck off")
}

pub fn export_on_roll(lang: Lang) -> &'static str {
    lang.pick("在册五老", "elders on the roll")
}

pub fn unknown_columns(lang: Lang) -> &'static str {
    lang.pick(
        "注意：以下列不认识，已忽略：",
        "Note: these columns are not known and were ignored: ",
    )
}

pub fn import_checked(lang: Lang) -> &'static str {
    lang.pick(
        "检查通过，未写入任何数据。可导入行数：",
        "All rows are good; nothing written. Rows:",
    )
}

pub fn imported_count(lang: Lang) -> &'static str {
    lang.pick("已导入人数：", "Imported:")
}

pub fn struck_off_on(lang: Lang) -> &'static str {
    lang.pick("除名 ", "struck off ")
}

pub fn appointed(lang: Lang) -> &'static str {
    lang.pick("已任命", "Appointed")
}

pub fn term_ended(lang: Lang) -> &'static str {
    lang.pick("已结束任期", "Term ended")
}

// The labels of a person's card (`ggw people show`).

pub fn card_id(lang: Lang) -> &'static str {
    lang.pick("编号", "Id")
}

pub fn card_name(lang: Lang) -> &'static str {
    lang.pick("姓名", "Name")
}

pub fn card_gender(lang: Lang) -> &'static str {
    lang.pick("性别", "Gender")
}

pub fn card_born(lang: Lang) -> &'static str {
    lang.pick("出生日期", "Born")
}

pub fn card_id_number(lang: Lang) -> &'static str {
    lang.pick("身份证号", "ID number")
}

pub fn card_phone(lang: Lang) -> &'static str {
    lang.pick("联系电话", "Phone")
}

pub fn card_unit(lang: Lang) -> &'static str {
    lang.pick("所属单位", "Unit")
}

pub fn card_political(lang: Lang) -> &'static str {
    lang.pick("政治面貌", "Political")
}

pub fn card_employer(lang: Lang) -> &'static str {
    lang.pick("原工作单位", "Employer")
}

pub fn card_post(lang: Lang) -> &'static str {
    lang.pick("原职务", "Post")
}

pub fn card_address(lang: Lang) -> &'static str {
    lang.pick("住址", "Address")
}

pub fn card_core(lang: Lang) -> &'static str {
    lang.pick("（五老骨干）", " (core)")
}

pub fn card_category(lang: Lang) -> &'static str {
    lang.pick("类别", "Category")
}

pub fn card_source(lang: Lang) -> &'static str {
    lang.pick("来源", "Source")
}

pub fn card_joined_unknown(lang: Lang) -> &'static str {
    lang.pick("（未填，按登记日计）", " (not given: day registered)")
}

pub fn card_joined(lang: Lang) -> &'static str {
    lang.pick("入列日期", "Joined")
}

pub fn card_reregistered(lang: Lang) -> &'static str {
    lang.pick("重新登记", "Re-registered")
}

pub fn card_on_roll(lang: Lang) -> &'static str {
    lang.pick("在册", "on the roll")
}

pub fn card_struck_off(lang: Lang) -> &'static str {
    lang.pick("除名", "struck off")
}

pub fn card_status(lang: Lang) -> &'static str {
    lang.pick("状态", "Status")
}

pub fn card_skills(lang: Lang) -> &'static str {
    lang.pick("特长", "Skills")
}

pub fn card_health(lang: Lang) -> &'static str {
    lang.pick("健康状况", "Health")
}

pub fn card_talk(lang: Lang) -> &'static str {
    lang.pick("谈心谈话", "Talk")
}

pub fn card_honour(lang: Lang) -> &'static str {
    lang.pick("表彰", "Honour")
}

pub fn card_not_elder(lang: Lang) -> &'static str {
    lang.pick("非五老", "not an elder")
}

pub fn card_position(lang: Lang) -> &'static str {
    lang.pick("任职", "Position")
}

pub fn card_notes(lang: Lang) -> &'static str {
    lang.pick("备注", "Notes")
}

/// `ggw people export`: how many of whom went where.
pub fn exported(lang: Lang, what: &str, n: usize, to: &dyn Display, masked: &str) -> String {
    match lang {
        Lang::Zh => format!("已导出{what} {n} 人 → {to}{masked}"),
        Lang::En => format!("Exported {n} {what} → {to}{masked}"),
    }
}

/// The line above a list of people.
pub fn under_active_count(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("活动不足的五老 {n} 人（姓名、最近谈话、最近活动、单位）"),
        Lang::En => format!("{n} under-active elders (name, last talk, last activity, unit)"),
    }
}

pub fn people_count(lang: Lang, all: usize, removed: usize) -> String {
    let on_roll = all - removed;
    match lang {
        Lang::Zh => format!("共 {all} 人（在册 {on_roll}，除名 {removed}）"),
        Lang::En => format!("{all} people ({on_roll} on the roll, {removed} struck off)"),
    }
}

/// A word given for a choice (gender, category, …) that is none of them
/// (zh, en); `what` and `choices` name the field and list the choices in
/// each language.
pub fn not_recognised(
    what: (&str, &str),
    given: &str,
    choices: (String, String),
) -> (String, String) {
    (
        format!("{}“{given}”无法识别，可用：{}", what.0, choices.0),
        format!(
            "{} \"{given}\" not recognised; use one of: {}",
            what.1, choices.1
        ),
    )
}

/// The fields a choice is made for, as a refusal names them (zh, en).
pub const CATEGORY: (&str, &str) = ("类别", "category");
pub const SOURCE: (&str, &str) = ("来源", "source");
pub const REMOVAL_REASON: (&str, &str) = ("除名原因", "reason");
pub const TALK_OUTCOME: (&str, &str) = ("谈话结果", "outcome");
pub const HONOUR_LEVEL: (&str, &str) = ("级别", "level");
pub const ROLE: (&str, &str) = ("职务", "role");
pub const GENDER: (&str, &str) = ("性别", "gender");

/// The genders `--gender` takes (zh, en).
pub fn gender_choices() -> (String, String) {
    ("男、女".into(), "男/女, M/F".into())
}
