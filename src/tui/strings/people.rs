//! The 五老 tab's words: the roster, a person's card and the forms that change a person.

use super::Text;
use crate::domain::id_number::Gender;
use crate::lang::Lang;

impl Text {
    pub fn tab_people(self) -> &'static str {
        self.pick("五老", "Elders")
    }
    pub fn edit_person_title(self) -> &'static str {
        self.pick("修改：", "Edit: ")
    }
    pub fn register_elder(self) -> &'static str {
        self.pick("登记五老", "Register an elder")
    }
    pub fn gender_unset(self) -> &'static str {
        self.pick("未填", "—")
    }
    pub fn gender_male(self) -> &'static str {
        self.pick("男", "male")
    }
    pub fn gender_female(self) -> &'static str {
        self.pick("女", "female")
    }
    pub fn person_name(self) -> &'static str {
        self.pick("姓名", "Name")
    }
    pub fn gender(self) -> &'static str {
        self.pick("性别", "Gender")
    }
    pub fn born(self) -> &'static str {
        self.pick("出生日期", "Born")
    }
    pub fn id_number(self) -> &'static str {
        self.pick("身份证号", "ID number")
    }
    pub fn phone(self) -> &'static str {
        self.pick("联系电话", "Phone")
    }
    pub fn person_unit(self) -> &'static str {
        self.pick("所属单位", "Unit")
    }
    pub fn category(self) -> &'static str {
        self.pick("类别", "Category")
    }
    pub fn source(self) -> &'static str {
        self.pick("来源", "Source")
    }
    pub fn joined_date(self) -> &'static str {
        self.pick("入列日期", "Joined")
    }
    pub fn joined_note(self) -> &'static str {
        self.pick(
            "入列日期留空即按登记当日计入各项统计。",
            "An empty joined date counts as the day of registration.",
        )
    }
    pub fn void_person_title(self) -> &'static str {
        self.pick("作废记录：", "Void the record: ")
    }
    pub fn void_reason(self) -> &'static str {
        self.pick("作废原因", "Reason")
    }
    pub fn void_reason_default(self) -> &'static str {
        self.pick("重复登记", "registered twice")
    }
    pub fn void_person_note(self) -> &'static str {
        self.pick(
            "仅用于录错的记录：不计入任何统计，管理员可恢复。",
            "Only for a record typed in error: counted nowhere; an admin can restore it.",
        )
    }
    pub fn void_person_not_strike(self) -> &'static str {
        self.pick(
            "本人离开五老队伍请用 x 除名。",
            "An elder leaving the roll is struck off (x) instead.",
        )
    }
    pub fn strike_off_title(self) -> &'static str {
        self.pick("除名：", "Strike off: ")
    }
    pub fn strike_reason(self) -> &'static str {
        self.pick("除名原因", "Reason")
    }
    pub fn strike_date(self) -> &'static str {
        self.pick("除名日期", "Date")
    }
    pub fn explanation(self) -> &'static str {
        self.pick("说明", "Note")
    }
    pub fn talk_title(self) -> &'static str {
        self.pick("谈心谈话：", "Talk: ")
    }
    pub fn talk_by(self) -> &'static str {
        self.pick("谈话人", "Held by")
    }
    pub fn talk_summary(self) -> &'static str {
        self.pick("谈话内容", "Summary")
    }
    pub fn talk_outcome(self) -> &'static str {
        self.pick("结果", "Outcome")
    }
    pub fn honour_title(self) -> &'static str {
        self.pick("表彰：", "Honour: ")
    }
    pub fn honour_name(self) -> &'static str {
        self.pick("称号", "Title")
    }
    pub fn honour_level(self) -> &'static str {
        self.pick("级别", "Level")
    }
    pub fn reregister_date(self) -> &'static str {
        self.pick("登记日期", "Date")
    }
    pub fn search_people_title(self) -> &'static str {
        self.pick(
            "搜索姓名（可用拼音首字母）",
            "Search names (pinyin initials work)",
        )
    }
    pub fn filter_all(self) -> &'static str {
        self.pick("全部", "all")
    }
    pub fn filter_on_roll(self) -> &'static str {
        self.pick("在册", "on roll")
    }
    pub fn filter_struck_off(self) -> &'static str {
        self.pick("已除名", "struck off")
    }
    pub fn sort_prefix(self) -> &'static str {
        self.pick("排序：", "sort: ")
    }
    pub fn column_sex(self) -> &'static str {
        self.pick("性别", "Sex")
    }
    pub fn column_age(self) -> &'static str {
        self.pick("年龄", "Age")
    }
    pub fn column_unit(self) -> &'static str {
        self.pick("单位", "Unit")
    }
    pub fn nobody_matches(self) -> &'static str {
        self.pick("（没有符合条件的人员）", "(nobody matches)")
    }
    pub fn core_mark(self) -> &'static str {
        self.pick("（骨干）", " (core)")
    }
    pub fn struck_off_mark(self) -> &'static str {
        self.pick("[除]", "[x]")
    }
    pub fn person_voided(self) -> &'static str {
        self.pick("已作废", "Voided")
    }
    pub fn sort_unit(self) -> &'static str {
        self.pick("单位", "unit")
    }
    pub fn sort_name(self) -> &'static str {
        self.pick("姓名", "name")
    }
    pub fn sort_age(self) -> &'static str {
        self.pick("年龄", "age")
    }
    pub fn sort_joined(self) -> &'static str {
        self.pick("入列", "joined")
    }
    pub fn mode_card(self) -> &'static str {
        self.pick("名片", "card")
    }
    pub fn mode_roster(self) -> &'static str {
        self.pick("名册", "roster")
    }
    pub fn former_post(self) -> &'static str {
        self.pick("原单位职务", "Former post")
    }
    pub fn joined_and_reregistered(self) -> &'static str {
        self.pick("入列 / 登记", "Joined / re-reg.")
    }
    pub fn on_the_roll(self) -> &'static str {
        self.pick("在册", "on the roll")
    }
    pub fn card_talk(self) -> &'static str {
        self.pick("谈心谈话", "Talk")
    }
    pub fn card_honour(self) -> &'static str {
        self.pick("表彰", "Honour")
    }
    pub fn notes(self) -> &'static str {
        self.pick("备注", "Notes")
    }
    pub fn registered(self) -> &'static str {
        self.pick("已登记", "Registered")
    }
    pub fn struck_off(self) -> &'static str {
        self.pick("已除名", "Struck off")
    }
    pub fn talk_recorded(self) -> &'static str {
        self.pick("已记录谈话", "Talk recorded")
    }
    pub fn honour_recorded(self) -> &'static str {
        self.pick("已记录表彰", "Honour recorded")
    }
    pub fn reregister_title(self, n: usize) -> String {
        match self.0 {
            Lang::Zh => format!("重新登记 {n} 人"),
            Lang::En => format!("Re-register {n} people"),
        }
    }
    pub fn reregistered(self, n: usize) -> String {
        match self.0 {
            Lang::Zh => format!("已重新登记 {n} 人"),
            Lang::En => format!("Re-registered {n}"),
        }
    }
    pub fn roster_count(self, shown: usize, active: usize) -> String {
        let removed = shown - active;
        match self.0 {
            Lang::Zh => format!("{shown} 人（在册 {active}，除名 {removed}）"),
            Lang::En => format!("{shown} ({active} on roll, {removed} struck off)"),
        }
    }
    pub fn marked_count(self, n: usize) -> String {
        match self.0 {
            Lang::Zh => format!("已选 {n}"),
            Lang::En => format!("{n} marked"),
        }
    }
    /// The table's gender column is 4 cells wide: 男/女, or M/F (the card spells them out).
    pub fn gender_column(self, g: Gender) -> &'static str {
        match (self.0, g) {
            (Lang::Zh, g) => g.label_zh(),
            (Lang::En, Gender::Male) => "M",
            (Lang::En, Gender::Female) => "F",
        }
    }
    /// The honour most often given, as it is recorded: by its Chinese name in either language.
    pub fn honour_name_default(self) -> &'static str {
        "先进典型"
    }
}
