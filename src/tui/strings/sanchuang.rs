//! The 三创 tab's words: the plan board and table, a plan's card, the forms that add, move,
//! fail and void plans and record guidance visits, info items and adoptions, and bulletins.

use super::Text;
use crate::domain::bulletin::IssueNumber;
use crate::domain::guidance::GuidanceMethod;
use crate::domain::plan::Stage;
use crate::tui::views::sanchuang::Pane;

impl Text {
    pub fn tab_sanchuang(self) -> &'static str {
        self.pick("三创", "Sanchuang")
    }
    pub fn sc_pane_label(self, pane: Pane) -> &'static str {
        match pane {
            Pane::Plans => self.pick("培育规划", "Plans"),
            Pane::Info => self.pick("信息", "Info items"),
            Pane::Bulletins => self.pick("简报", "Bulletins"),
        }
    }
    pub fn sc_mode_preview(self) -> &'static str {
        self.pick("预览", "preview")
    }
    fn issue_label(self, issue: &IssueNumber) -> String {
        if self.zh() {
            issue.label_zh()
        } else {
            issue.label_en()
        }
    }

    // The board and the table
    pub fn sc_plan_count(self, n: usize) -> String {
        if self.zh() {
            format!("共 {n} 项在培育规划中")
        } else if n == 1 {
            "1 live plan".to_string()
        } else {
            format!("{n} live plans")
        }
    }
    pub fn sc_no_plans(self) -> &'static str {
        self.pick(
            "还没有培育规划。按 a 为一个单位制定规划。",
            "No plans yet. Press a to make one for a unit.",
        )
    }
    pub fn sc_stage(self) -> &'static str {
        self.pick("阶段", "Stage")
    }
    pub fn sc_unit(self) -> &'static str {
        self.pick("单位", "Unit")
    }
    pub fn sc_creation(self) -> &'static str {
        self.pick("创建", "Creation")
    }
    pub fn sc_days_head(self) -> &'static str {
        self.pick("本阶段天数", "Days in stage")
    }
    pub fn sc_last_visit(self) -> &'static str {
        self.pick("最近督导", "Last visit")
    }
    pub fn sc_days(self, n: i64) -> String {
        if self.zh() {
            format!("{n} 天")
        } else if n == 1 {
            "1 day".to_string()
        } else {
            format!("{n} days")
        }
    }
    pub fn sc_no_visit(self) -> &'static str {
        self.pick("未督导", "none")
    }
    pub fn sc_never_visited(self) -> &'static str {
        self.pick("尚未督导", "no visit yet")
    }
    pub fn sc_visit_short(self, visit: &str) -> String {
        if self.zh() {
            format!("督导 {visit}")
        } else {
            format!("visit {visit}")
        }
    }
    pub fn sc_fail_only_at_inspection(self) -> &'static str {
        self.pick(
            "只有处在“检查验收”阶段的规划才能记验收未通过。",
            "Only a plan at inspection can fail its inspection.",
        )
    }
    pub fn sc_last_stage(self) -> &'static str {
        self.pick(
            "“总结推广”是最后一个阶段，不能再推进。",
            "Promotion is the last stage: the plan cannot move on.",
        )
    }

    // A plan's card
    pub fn sc_days_since(self, days: i64, since: &str) -> String {
        if self.zh() {
            format!("{days} 天（{since} 起）")
        } else {
            format!("{} (since {since})", self.sc_days(days))
        }
    }
    pub fn sc_history(self) -> &'static str {
        self.pick("阶段记录", "Stages")
    }
    pub fn sc_opened_at(self, stage: Stage) -> String {
        if self.zh() {
            format!("制定规划，进入{}", stage.label_zh())
        } else {
            format!("plan made, at {}", stage.label_en())
        }
    }
    pub fn sc_inspection_failed(self) -> &'static str {
        self.pick(
            "检查验收未通过，退回培育",
            "inspection failed, back to cultivating",
        )
    }
    pub fn sc_visits_head(self, n: usize) -> String {
        if self.zh() {
            format!("督促指导（{n} 次）")
        } else {
            format!("Guidance visits ({n})")
        }
    }
    pub fn sc_no_visits(self) -> &'static str {
        self.pick(
            "还没有督促指导。按 d 记录一次。",
            "No guidance visits yet. Press d to record one.",
        )
    }
    pub fn sc_activities_head(self) -> String {
        self.pick("本单位近期活动", "The unit's latest activities")
            .to_string()
    }
    pub fn sc_no_activities(self) -> &'static str {
        self.pick("没有活动记录。", "No activities recorded.")
    }

    // Plan forms
    pub fn sc_add_plan_title(self) -> &'static str {
        self.pick("新建培育典型规划", "New cultivation plan")
    }
    pub fn sc_edit_plan_title(self, label: &str) -> String {
        if self.zh() {
            format!("修改规划：{label}")
        } else {
            format!("Edit plan: {label}")
        }
    }
    pub fn sc_void_title(self, label: &str) -> String {
        if self.zh() {
            format!("作废：{label}")
        } else {
            format!("Void: {label}")
        }
    }
    pub fn sc_goals(self) -> &'static str {
        self.pick("目标", "Goals")
    }
    pub fn sc_measures(self) -> &'static str {
        self.pick("措施", "Measures")
    }
    pub fn sc_strengths(self) -> &'static str {
        self.pick("特色优势", "Strengths")
    }
    pub fn sc_weaknesses(self) -> &'static str {
        self.pick("短板弱项", "Weaknesses")
    }
    pub fn sc_base(self) -> &'static str {
        self.pick("基础条件", "Base conditions")
    }
    pub fn sc_owner(self) -> &'static str {
        self.pick("责任人", "Responsible")
    }
    pub fn sc_opened(self) -> &'static str {
        self.pick("制定日期", "Made on")
    }
    pub fn sc_owner_note(self) -> &'static str {
        self.pick(
            "责任人、单位可按 Ctrl-F 用拼音选。",
            "Ctrl-F picks the responsible person or the unit by pinyin.",
        )
    }
    pub fn sc_one_person_only(self) -> &'static str {
        self.pick("这里只填一个人。", "Only one person goes here.")
    }
    pub fn sc_advance_title(self, label: &str, to: Stage) -> String {
        if self.zh() {
            format!("推进到{}：{label}", to.label_zh())
        } else {
            format!("Move on to {}: {label}", to.label_en())
        }
    }
    pub fn sc_on(self) -> &'static str {
        self.pick("日期", "Date")
    }
    pub fn sc_note(self) -> &'static str {
        self.pick("说明", "Note")
    }
    pub fn sc_fail_title(self, label: &str) -> String {
        if self.zh() {
            format!("验收未通过：{label}")
        } else {
            format!("Inspection failed: {label}")
        }
    }
    pub fn sc_fail_reason(self) -> &'static str {
        self.pick("原因", "Reason")
    }
    pub fn sc_fail_note(self) -> &'static str {
        self.pick(
            "规划退回“培育”阶段，原因记入阶段记录。",
            "The plan goes back to cultivating, the reason kept in its stages.",
        )
    }
    pub fn sc_fail_needs_reason(self) -> &'static str {
        self.pick("请写明未通过的原因。", "Say why the inspection failed.")
    }
    pub fn sc_plan_added(self) -> &'static str {
        self.pick("已新建规划", "Plan added")
    }
    pub fn sc_advanced(self, to: Stage) -> String {
        if self.zh() {
            format!("已推进到{}", to.label_zh())
        } else {
            format!("Moved on to {}", to.label_en())
        }
    }
    pub fn sc_failed(self) -> &'static str {
        self.pick(
            "已记验收未通过，规划退回培育",
            "Inspection failed: the plan is back at cultivating",
        )
    }

    // Guidance visits
    pub fn sc_guidance_title(self, unit: &str) -> String {
        if self.zh() {
            format!("督促指导：{unit}")
        } else {
            format!("Guidance visit: {unit}")
        }
    }
    pub fn sc_group(self) -> &'static str {
        self.pick("工作组", "Working group")
    }
    pub fn sc_visit_date(self) -> &'static str {
        self.pick("日期", "Date")
    }
    /// A method as the visit form names it: the newsletter's words, short in English.
    pub fn sc_method(self, m: GuidanceMethod) -> &'static str {
        match m {
            GuidanceMethod::Report => self.pick(m.label_zh(), "Report heard"),
            GuidanceMethod::Documents => self.pick(m.label_zh(), "Documents read"),
            GuidanceMethod::Discussion => self.pick(m.label_zh(), "Discussion"),
        }
    }
    /// The five questions of a visit, in the newsletter's order, as the form asks them.
    pub fn sc_finding(self, i: usize) -> &'static str {
        match i {
            0 => self.pick("特色是什么", "What is special"),
            1 => self.pick("优势在哪里", "Strengths"),
            2 => self.pick("问题有哪些", "Problems"),
            3 => self.pick("下步怎么办", "Next steps"),
            _ => self.pick("典型怎么育", "Growing the model"),
        }
    }
    pub fn sc_follow_up(self) -> &'static str {
        self.pick("后续任务", "Follow-up task")
    }
    pub fn sc_follow_up_owner(self) -> &'static str {
        self.pick("任务负责人", "Task owner")
    }
    pub fn sc_follow_up_due(self) -> &'static str {
        self.pick("完成期限", "Due")
    }
    pub fn sc_guidance_note(self) -> &'static str {
        self.pick(
            "方式用 ←→ 选是否；后续任务可不填，填了要有负责人。",
            "Methods: ←→ for yes or no. The follow-up may stay empty; if given it needs an owner.",
        )
    }
    pub fn sc_no_groups(self) -> &'static str {
        self.pick(
            "还没有工作组。先用 ggw groups add 建一个。",
            "No working groups yet. Add one first with ggw groups add.",
        )
    }
    pub fn sc_follow_up_needs_title(self) -> &'static str {
        self.pick("后续任务要写标题。", "A follow-up needs its title.")
    }
    pub fn sc_follow_up_needs_owner(self) -> &'static str {
        self.pick("后续任务要有负责人。", "A follow-up needs its owner.")
    }
    pub fn sc_guidance_added(self) -> &'static str {
        self.pick("已记录督促指导", "Guidance visit recorded")
    }

    // Info items
    pub fn sc_info_count(self, n: usize) -> String {
        if self.zh() {
            format!("共 {n} 条")
        } else if n == 1 {
            "1 item".to_string()
        } else {
            format!("{n} items")
        }
    }
    pub fn sc_info_marked(self, n: usize, marked: usize) -> String {
        if self.zh() {
            format!("共 {n} 条 · 已选 {marked} 条编入简报，按 b 预览")
        } else {
            format!(
                "{} · {marked} marked for an issue, b previews",
                self.sc_info_count(n)
            )
        }
    }
    pub fn sc_no_info(self) -> &'static str {
        self.pick(
            "还没有信息。按 a 添加一条。",
            "No info items yet. Press a to add one.",
        )
    }
    pub fn sc_info_title(self) -> &'static str {
        self.pick("标题", "Title")
    }
    pub fn sc_info_unit(self) -> &'static str {
        self.pick("供稿单位", "Unit")
    }
    pub fn sc_authors(self) -> &'static str {
        self.pick("作者", "Authors")
    }
    pub fn sc_written(self) -> &'static str {
        self.pick("撰写日期", "Written")
    }
    pub fn sc_submitted(self) -> &'static str {
        self.pick("报送日期", "Submitted")
    }
    pub fn sc_body(self) -> &'static str {
        self.pick("正文", "Body")
    }
    pub fn sc_add_info_title(self) -> &'static str {
        self.pick("添加信息", "New info item")
    }
    pub fn sc_body_note(self) -> &'static str {
        self.pick(
            "正文在这里是一段；分段的长文用 ggw info add --body-file 导入。作者可按 Ctrl-F 选。",
            "The body is one paragraph here; a longer text goes in with ggw info add --body-file. Ctrl-F picks authors.",
        )
    }
    pub fn sc_title_missing(self) -> &'static str {
        self.pick("请填写标题。", "The title is missing.")
    }
    pub fn sc_info_added(self) -> &'static str {
        self.pick("已添加信息", "Info item added")
    }
    pub fn sc_info_edit_by_command(self) -> &'static str {
        self.pick(
            "信息在这里只能添加、记采用和作废。",
            "Here an info item can only be added, adopted or voided.",
        )
    }
    pub fn sc_adopted_head(self) -> &'static str {
        self.pick("采用", "Adopted")
    }
    pub fn sc_adopt_title(self, title: &str) -> String {
        if self.zh() {
            format!("记采用：{title}")
        } else {
            format!("Adoption of: {title}")
        }
    }
    pub fn sc_level(self) -> &'static str {
        self.pick("级别", "Level")
    }
    pub fn sc_outlet(self) -> &'static str {
        self.pick("采用单位或媒体", "Outlet")
    }
    pub fn sc_reference(self) -> &'static str {
        self.pick("期号或链接", "Issue or link")
    }
    pub fn sc_adopted_on(self) -> &'static str {
        self.pick("采用日期", "Adopted on")
    }
    pub fn sc_outlet_missing(self) -> &'static str {
        self.pick("请填写采用单位或媒体。", "Name the outlet that adopted it.")
    }
    pub fn sc_adopted(self) -> &'static str {
        self.pick("已记采用", "Adoption recorded")
    }

    // Bulletins
    pub fn sc_issue_count(self, n: usize) -> String {
        if self.zh() {
            format!("共 {n} 期 · 在信息列表按空格选稿，按 b 预览")
        } else if n == 1 {
            "1 issue · mark items in the info list with space, b previews".to_string()
        } else {
            format!("{n} issues · mark items in the info list with space, b previews")
        }
    }
    pub fn sc_no_issues(self) -> &'static str {
        self.pick(
            "还没有简报。按 b 从信息中选稿编一期。",
            "No issues yet. Press b to compose one from the info items.",
        )
    }
    pub fn sc_issue_head(self) -> &'static str {
        self.pick("期号", "Issue")
    }
    pub fn sc_issue_date(self) -> &'static str {
        self.pick("日期", "Date")
    }
    pub fn sc_items_head(self) -> &'static str {
        self.pick("信息条数", "Items")
    }
    pub fn sc_item_count(self, n: usize) -> String {
        if self.zh() {
            format!("{n} 条")
        } else if n == 1 {
            "1 item".to_string()
        } else {
            format!("{n} items")
        }
    }
    pub fn sc_mark_first(self) -> &'static str {
        self.pick(
            "先在信息列表里按空格选要编入的信息，再按 b 预览。",
            "Mark the items for the issue with space in the info list, then press b to preview.",
        )
    }
    pub fn sc_preview_title(self, issue: &IssueNumber) -> String {
        if self.zh() {
            format!("简报预览 {}", self.issue_label(issue))
        } else {
            format!("Preview: {}", self.issue_label(issue))
        }
    }
    pub fn sc_issue_title(self, issue: &IssueNumber) -> String {
        if self.zh() {
            format!("简报 {}", self.issue_label(issue))
        } else {
            format!("Bulletin {}", self.issue_label(issue))
        }
    }
    pub fn sc_preview_hint(self) -> &'static str {
        self.pick(
            "Enter 保存这一期 · Esc 返回 · ↑↓ 滚动",
            "Enter saves the issue · Esc back · ↑↓ scroll",
        )
    }
    pub fn sc_issue_hint(self) -> &'static str {
        self.pick("Esc 关闭 · ↑↓ 滚动", "Esc closes · ↑↓ scroll")
    }
    pub fn sc_issue_saved(self, issue: &IssueNumber) -> String {
        if self.zh() {
            format!("已保存简报 {}", self.issue_label(issue))
        } else {
            format!("Issue saved: {}", self.issue_label(issue))
        }
    }
}
