//! The 工作 tab's words: its four lists, their columns and filters, a record's card and the
//! forms that add, edit and void records.

use super::Text;
use crate::domain::work_item::WorkList;

impl Text {
    pub fn tab_work(self) -> &'static str {
        self.pick("工作", "Work")
    }
    pub fn work_list_label(self, list: WorkList) -> &'static str {
        match list {
            WorkList::Activities => self.pick("活动", "Activities"),
            WorkList::Trainings => self.pick("培训", "Trainings"),
            WorkList::Visits => self.pick("下村工作", "Village visits"),
            WorkList::StudySessions => self.pick("研学", "Study base"),
        }
    }
    /// One record of a list, as a form's title names it.
    fn work_one(self, list: WorkList) -> &'static str {
        match list {
            WorkList::Activities => self.pick("活动", "activity"),
            WorkList::Trainings => self.pick("培训", "training"),
            WorkList::Visits => self.pick("下村工作", "village visit"),
            WorkList::StudySessions => self.pick("研学", "study-base session"),
        }
    }
    /// One record of a list, as its card heads it.
    pub fn work_record_kind(self, list: WorkList) -> &'static str {
        match list {
            WorkList::Activities => self.pick("活动", "Activity"),
            WorkList::Trainings => self.pick("培训", "Training"),
            WorkList::Visits => self.pick("下村工作", "Village visit"),
            WorkList::StudySessions => self.pick("研学", "Study-base session"),
        }
    }
    pub fn work_count(self, n: usize) -> String {
        if self.zh() {
            format!("共 {n} 条")
        } else if n == 1 {
            "1 record".to_string()
        } else {
            format!("{n} records")
        }
    }
    pub fn work_period_all(self) -> &'static str {
        self.pick("全部日期", "all dates")
    }
    pub fn work_period_month(self) -> &'static str {
        self.pick("本月", "this month")
    }
    pub fn work_period_year(self) -> &'static str {
        self.pick("本年", "this year")
    }
    pub fn work_no_kinds(self) -> &'static str {
        self.pick(
            "只有活动按类型、培训按方式筛选。",
            "Only activities filter by kind, and trainings by mode.",
        )
    }
    pub fn work_empty(self) -> &'static str {
        self.pick(
            "没有符合条件的记录。按 a 添加一条。",
            "No records match. Press a to add one.",
        )
    }

    // Columns and fields
    pub fn work_date(self) -> &'static str {
        self.pick("日期", "Date")
    }
    pub fn work_col_unit(self) -> &'static str {
        self.pick("单位", "Unit")
    }
    pub fn work_col_title(self) -> &'static str {
        self.pick("名称", "Title")
    }
    pub fn work_col_youths(self) -> &'static str {
        self.pick("青少年", "Youths")
    }
    pub fn work_col_elders(self) -> &'static str {
        self.pick("五老", "Elders")
    }
    pub fn work_col_person_times(self) -> &'static str {
        self.pick("人次", "Times")
    }
    pub fn work_col_person(self) -> &'static str {
        self.pick("人员", "Person")
    }
    pub fn work_col_base(self) -> &'static str {
        self.pick("基地", "Base")
    }
    pub fn work_col_students(self) -> &'static str {
        self.pick("学生", "Pupils")
    }
    pub fn work_col_online(self) -> &'static str {
        self.pick("线上/线下", "On/off")
    }
    pub fn work_record(self) -> &'static str {
        self.pick("记录", "Record")
    }
    pub fn work_organiser(self) -> &'static str {
        self.pick("组织单位", "Organiser")
    }
    pub fn work_title(self) -> &'static str {
        self.pick("活动名称", "Title")
    }
    pub fn work_theme(self) -> &'static str {
        self.pick("主题", "Theme")
    }
    pub fn work_new_theme(self) -> &'static str {
        self.pick("新主题（选填）", "New theme (optional)")
    }
    pub fn work_no_theme(self) -> &'static str {
        self.pick("（不填）", "(none)")
    }
    pub fn work_kind(self) -> &'static str {
        self.pick("类型", "Kind")
    }
    pub fn work_online_offline(self) -> &'static str {
        self.pick("线上/线下", "Online/offline")
    }
    pub fn work_online(self) -> &'static str {
        self.pick("线上", "online")
    }
    pub fn work_offline(self) -> &'static str {
        self.pick("线下", "offline")
    }
    pub fn work_place(self) -> &'static str {
        self.pick("地点", "Place")
    }
    pub fn work_youths(self) -> &'static str {
        self.pick("青少年人数", "Young people")
    }
    pub fn work_elders(self) -> &'static str {
        self.pick("参与五老", "Elders taking part")
    }
    pub fn work_notes(self) -> &'static str {
        self.pick("备注", "Notes")
    }
    pub fn work_mode(self) -> &'static str {
        self.pick("方式", "Mode")
    }
    pub fn work_topic(self) -> &'static str {
        self.pick("主题", "Topic")
    }
    pub fn work_attendees(self) -> &'static str {
        self.pick("参训人员", "Attendees")
    }
    pub fn work_head_count(self) -> &'static str {
        self.pick("参训人次", "Person-times")
    }
    pub fn work_visitor_person(self) -> &'static str {
        self.pick("人员", "Person")
    }
    pub fn work_village(self) -> &'static str {
        self.pick("村屯", "Village")
    }
    pub fn work_purpose(self) -> &'static str {
        self.pick("事由", "Purpose")
    }
    pub fn work_result(self) -> &'static str {
        self.pick("结果", "Result")
    }
    pub fn work_base(self) -> &'static str {
        self.pick("研学基地", "Study base")
    }
    pub fn work_visiting(self) -> &'static str {
        self.pick("来访单位", "Visiting school")
    }
    pub fn work_students(self) -> &'static str {
        self.pick("学生人数", "Students")
    }
    pub fn work_changed(self) -> &'static str {
        self.pick("最后修改", "Last changed")
    }
    pub fn work_card_voided(self) -> &'static str {
        self.pick("已作废", "Voided")
    }
    pub fn work_name_sep(self) -> &'static str {
        self.pick("、", ", ")
    }

    // Forms
    pub fn work_add_title(self, list: WorkList) -> String {
        if self.zh() {
            format!("登记{}", self.work_one(list))
        } else if list == WorkList::Activities {
            "Add an activity".to_string()
        } else {
            format!("Add a {}", self.work_one(list))
        }
    }
    pub fn work_edit_title(self, list: WorkList, label: &str) -> String {
        if self.zh() {
            format!("修改{}：{label}", self.work_one(list))
        } else {
            format!("Edit {}: {label}", self.work_one(list))
        }
    }
    pub fn work_void_title(self, list: WorkList, label: &str) -> String {
        if self.zh() {
            format!("作废{}：{label}", self.work_one(list))
        } else {
            format!("Void {}: {label}", self.work_one(list))
        }
    }
    pub fn work_people_note(self, list: WorkList) -> &'static str {
        match list {
            WorkList::Visits => self.pick(
                "人员：在该栏按 Ctrl-F 用拼音首字母从名册选择。",
                "Person: press Ctrl-F there to pick from the roster by pinyin initials.",
            ),
            _ => self.pick(
                "人员：在该栏按 Ctrl-F 用拼音首字母从名册选择，多人用“、”隔开。",
                "People: press Ctrl-F there to pick from the roster by pinyin initials; separate names with 、 or commas.",
            ),
        }
    }
    pub fn work_count_note(self) -> &'static str {
        self.pick(
            "不记名时只填参训人次；填了参训人员则按人员计人次。",
            "Without names, give the person-times only; with names, each counts once.",
        )
    }
    pub fn work_void_reason(self) -> &'static str {
        self.pick("作废原因", "Reason")
    }
    pub fn work_void_reason_default(self) -> &'static str {
        self.pick("录入错误", "typed in error")
    }
    pub fn work_void_note(self) -> &'static str {
        self.pick(
            "作废的记录保留在审计日志中，不再出现在列表和统计里。",
            "A voided record stays in the audit log and leaves the lists and the figures.",
        )
    }
    pub fn work_search_title(self) -> &'static str {
        self.pick("搜索工作记录", "Search work records")
    }
    pub fn work_search_label(self) -> &'static str {
        self.pick(
            "名称、主题、人员或拼音首字母",
            "Title, theme, person or pinyin initials",
        )
    }
    pub fn work_pick_people(self) -> &'static str {
        self.pick("从名册选择人员", "Pick from the roster")
    }

    // Refusals and what was done
    pub fn work_bad_count(self, typed: &str) -> String {
        if self.zh() {
            format!("“{typed}”不是人数：请填 0 或正整数。")
        } else {
            format!("\"{typed}\" is not a count: give 0 or a whole number.")
        }
    }
    pub fn work_unit_missing(self) -> &'static str {
        self.pick(
            "请填写单位：按 Ctrl-F 用拼音首字母查找。",
            "Give the unit: press Ctrl-F to find it by pinyin initials.",
        )
    }
    pub fn work_visit_needs_one(self) -> &'static str {
        self.pick(
            "请填写下村的人员：按 Ctrl-F 从名册选择。",
            "Give the person who visited: press Ctrl-F to pick from the roster.",
        )
    }
    pub fn work_visit_one_only(self) -> &'static str {
        self.pick(
            "一条下村工作只记一位人员：几人同去请各记一条。",
            "A village visit names one person: record one visit for each who went.",
        )
    }
    pub fn work_person_not_number(self, piece: &str) -> String {
        if self.zh() {
            format!("“{piece}”中 # 后面不是名册编号。")
        } else {
            format!("\"{piece}\": what follows # is not a roster number.")
        }
    }
    pub fn work_person_unknown(self, piece: &str) -> String {
        if self.zh() {
            format!("名册中没有“{piece}”：按 Ctrl-F 用拼音首字母查找。")
        } else {
            format!("No \"{piece}\" on the roster: press Ctrl-F to find by pinyin initials.")
        }
    }
    pub fn work_person_shared(self, piece: &str, n: usize) -> String {
        if self.zh() {
            format!("名册中有 {n} 位“{piece}”：按 Ctrl-F 选出是哪一位。")
        } else {
            format!("The roster has {n} people named \"{piece}\": press Ctrl-F to pick which.")
        }
    }
    pub fn work_added(self) -> &'static str {
        self.pick("已登记，可接着录下一条", "Added; type the next one")
    }
    pub fn work_saved(self) -> &'static str {
        self.pick("已保存", "Saved")
    }
    pub fn work_voided(self) -> &'static str {
        self.pick("已作废", "Voided")
    }
}
