//! `ggw history`: the names of recorded fields and how changed values read.

use crate::lang::Lang;

/// Field labels, by the snapshot's key (`elder.` keys by their last part).
pub const LABELS: &[(&str, &str, &str)] = &[
    ("name", "名称", "name"),
    ("short_name", "简称", "short name"),
    ("kind", "类型", "kind"),
    ("parent", "上级单位", "parent unit"),
    ("archived", "撤销时间", "archived"),
    ("created", "创建时间", "created"),
    ("unit", "单位", "unit"),
    ("gender", "性别", "gender"),
    ("birth", "出生日期", "birth date"),
    ("id_number", "身份证号", "ID number"),
    ("phone", "联系电话", "phone"),
    ("address", "住址", "address"),
    ("employer", "原工作单位", "former employer"),
    ("post", "原职务", "former post"),
    ("political", "政治面貌", "political status"),
    ("notes", "备注", "notes"),
    ("elder", "五老信息", "elder"),
    ("category", "类别", "category"),
    ("core", "五老骨干", "core elder"),
    ("skills", "特长", "skills"),
    ("health", "健康状况", "health"),
    ("source", "来源", "source"),
    ("joined", "入列日期", "joined"),
    ("reregistered", "重新登记日期", "re-registered"),
    ("status", "状态", "status"),
    ("talks", "谈心谈话", "talks"),
    ("honours", "表彰", "honours"),
    ("person", "人员", "person"),
    ("role", "职务", "post"),
    ("from", "任职日期", "from"),
    ("to", "免职日期", "to"),
    ("doc", "任职文号", "document"),
    ("area", "分工", "work assigned"),
    ("note", "说明", "note"),
    ("noted", "记录日期", "noted"),
    ("title", "标题", "title"),
    ("owner", "负责人", "owner"),
    ("due", "期限", "due"),
    ("opened", "交办日期", "opened"),
    ("meeting", "会议", "meeting"),
    ("series", "会议系列", "series"),
    ("date", "日期", "date"),
    ("rule_date", "规则日期", "rule's date"),
    ("time", "时间", "time"),
    ("place", "地点", "place"),
    ("agenda", "议程", "agenda"),
    ("attendance", "出席情况", "attendance"),
    ("minutes", "纪要", "minutes"),
    ("decisions", "决定事项", "decisions"),
    ("host", "主办单位", "host unit"),
    ("rule", "重复规则", "repeat rule"),
    ("start", "开始日期", "start"),
    ("shift", "遇节假日", "on a holiday"),
    ("duration_minutes", "时长（分钟）", "minutes long"),
    ("attendees", "参会人员", "attendees"),
    ("attendee_rules", "参会范围", "who attends"),
    ("exceptions", "例外日期", "exceptions"),
    ("report_per_attendee", "逐人汇报", "report per attendee"),
    ("user", "用户", "user"),
    ("file", "文件", "file"),
    ("people", "人数", "people"),
    ("ids", "编号", "ids"),
    ("by_unit", "按单位", "by unit"),
    ("scope", "范围", "scope"),
];

/// A field's label; a key it does not know as it is.
pub fn label(key: &str, lang: Lang) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    match LABELS.iter().find(|(k, _, _)| *k == last) {
        Some((_, zh, en)) => lang.pick(zh, en).to_string(),
        None => key.to_string(),
    }
}

pub fn yes_no(lang: Lang, yes: bool) -> &'static str {
    match yes {
        true => lang.pick("是", "yes"),
        false => lang.pick("否", "no"),
    }
}

/// How many attended one way: `present 3`.
pub fn presence_count(lang: Lang, word: &str, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{word} {n} 人"),
        Lang::En => format!("{word} {n}"),
    }
}

/// A meeting's attendance: how many, then how many each way.
pub fn attendance(lang: Lang, all: usize, parts: &[String]) -> String {
    match lang {
        Lang::Zh => format!("{all} 人（{}）", parts.join("，")),
        Lang::En => format!("{all} people ({})", parts.join(", ")),
    }
}

pub fn person_name_field(lang: Lang) -> &'static str {
    lang.pick("姓名", "name")
}

pub fn account_role_field(lang: Lang) -> &'static str {
    lang.pick("角色", "role")
}

pub fn task_notes_field(lang: Lang) -> &'static str {
    lang.pick("进展", "progress notes")
}

pub fn on_roll(lang: Lang) -> &'static str {
    lang.pick("在册", "on the roll")
}

pub fn struck_off(lang: Lang) -> &'static str {
    lang.pick("除名", "struck off")
}

pub fn shift_next(lang: Lang) -> &'static str {
    lang.pick("顺延", "next working day")
}

pub fn shift_previous(lang: Lang) -> &'static str {
    lang.pick("提前", "previous working day")
}

pub fn shift_none(lang: Lang) -> &'static str {
    lang.pick("不调整", "keep the date")
}
