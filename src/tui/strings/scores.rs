//! The 积分 tab's words: the standings table and its header, the ledger and its line kinds, a
//! record's card, the award/penalty form, settling, and editing the rulebook in an editor.

use super::Text;
use crate::domain::audit::RecordKind;

impl Text {
    pub fn tab_scores(self) -> &'static str {
        self.pick("积分", "Scores")
    }
    pub fn sc_mode_standings(self) -> &'static str {
        self.pick("排名", "standings")
    }
    pub fn sc_mode_ledger(self) -> &'static str {
        self.pick("明细", "ledger")
    }

    // The standings
    pub fn sc_col_rank(self) -> &'static str {
        self.pick("名次", "#")
    }
    pub fn sc_col_name(self) -> &'static str {
        self.pick("名称", "name")
    }
    pub fn sc_col_path(self) -> &'static str {
        self.pick("所属", "in")
    }
    pub fn sc_col_total(self) -> &'static str {
        self.pick("总分", "total")
    }
    pub fn sc_col_bar(self) -> &'static str {
        self.pick("得分", "score")
    }
    pub fn sc_col_completion(self) -> &'static str {
        self.pick("对标完成", "targets")
    }
    pub fn sc_col_grade(self) -> &'static str {
        self.pick("等次", "grade")
    }
    pub fn sc_col_change(self) -> &'static str {
        self.pick("升降", "move")
    }
    /// A row new in the standings since the previous period.
    pub fn sc_new(self) -> &'static str {
        self.pick("新", "new")
    }
    pub fn sc_settled(self) -> &'static str {
        self.pick("已兑现", "settled")
    }
    pub fn sc_open(self) -> &'static str {
        self.pick("未兑现", "open")
    }
    pub fn sc_version(self, v: u32) -> String {
        if self.zh() {
            format!("第{v}版")
        } else {
            format!("v{v}")
        }
    }
    pub fn sc_previous(self, name: &str) -> String {
        if self.zh() {
            format!("对比：{name}")
        } else {
            format!("vs {name}")
        }
    }
    /// How many are ranked; `people` for elders.
    pub fn sc_rows(self, n: usize, people: bool) -> String {
        if self.zh() {
            format!("共 {n} {}", if people { "人" } else { "个" })
        } else {
            format!("{n} ranked")
        }
    }
    /// What the bars measure against.
    pub fn sc_scale(self, of: &str) -> String {
        if self.zh() {
            format!("条长满格 {of} 分")
        } else {
            format!("bar full at {of}")
        }
    }
    pub fn sc_empty_group(self) -> &'static str {
        self.pick(
            "这个组别没有参加排名的单位或人员。←/→ 换组别，p 换考核期。",
            "No one is ranked in this group. ←/→ change the group, p the period.",
        )
    }
    pub fn sc_no_rules(self) -> &'static str {
        self.pick(
            "按 e 在编辑器里编写考核细则（从示例细则开始）。",
            "Press e to write a rulebook in your editor (starting from the example).",
        )
    }

    // The ledger
    pub fn sc_col_block(self) -> &'static str {
        self.pick("板块", "block")
    }
    pub fn sc_col_item(self) -> &'static str {
        self.pick("项目", "item")
    }
    pub fn sc_col_record(self) -> &'static str {
        self.pick("来源", "from")
    }
    pub fn sc_col_date(self) -> &'static str {
        self.pick("日期", "date")
    }
    pub fn sc_col_count(self) -> &'static str {
        self.pick("数量", "count")
    }
    pub fn sc_col_points(self) -> &'static str {
        self.pick("分", "points")
    }
    pub fn sc_col_note(self) -> &'static str {
        self.pick("说明", "note")
    }
    pub fn sc_sum(self) -> &'static str {
        self.pick("合计", "total")
    }
    pub fn sc_settled_total(self, total: &str) -> String {
        if self.zh() {
            format!("兑现时 {total} 分")
        } else {
            format!("{total} when settled")
        }
    }
    pub fn sc_no_lines(self) -> &'static str {
        self.pick(
            "没有计分记录：这一期里还没有可计的工作。",
            "No scoring lines: nothing countable in this period yet.",
        )
    }
    pub fn sc_line_cap(self) -> &'static str {
        self.pick("单项封顶", "item cap")
    }
    pub fn sc_line_max(self) -> &'static str {
        self.pick("板块满分", "block max")
    }
    pub fn sc_line_floor(self) -> &'static str {
        self.pick("扣完为止", "block floor")
    }
    pub fn sc_line_shortfall(self, missing: u32) -> String {
        if self.zh() {
            format!("未达标差{missing}")
        } else {
            format!("{missing} short")
        }
    }
    pub fn sc_line_award(self) -> &'static str {
        self.pick("奖", "award")
    }
    pub fn sc_line_penalty(self) -> &'static str {
        self.pick("惩", "penalty")
    }
    /// A record kind as a ledger line names its source.
    pub fn sc_record_kind(self, kind: RecordKind) -> &'static str {
        match self.0 {
            crate::lang::Lang::Zh => kind.label_zh(),
            crate::lang::Lang::En => kind.label_en(),
        }
    }

    // A record's card
    pub fn sc_card_kind(self) -> &'static str {
        self.pick("记录", "Record")
    }
    pub fn sc_card_title(self) -> &'static str {
        self.pick("标题", "Title")
    }
    pub fn sc_card_unit(self) -> &'static str {
        self.pick("单位", "Unit")
    }
    pub fn sc_card_date(self) -> &'static str {
        self.pick("日期", "Date")
    }
    pub fn sc_card_block(self) -> &'static str {
        self.pick("板块", "Block")
    }
    pub fn sc_card_item(self) -> &'static str {
        self.pick("项目", "Item")
    }
    pub fn sc_card_count(self) -> &'static str {
        self.pick("数量", "Count")
    }
    pub fn sc_card_points(self) -> &'static str {
        self.pick("得分", "Points")
    }
    pub fn sc_card_note(self) -> &'static str {
        self.pick("说明", "Note")
    }
    pub fn sc_card_stage(self) -> &'static str {
        self.pick("阶段", "Stage")
    }
    pub fn sc_card_goals(self) -> &'static str {
        self.pick("目标", "Goals")
    }
    pub fn sc_card_adoptions(self) -> &'static str {
        self.pick("采用", "Adopted")
    }
    pub fn sc_card_owner(self) -> &'static str {
        self.pick("责任人", "Owner")
    }
    pub fn sc_card_due(self) -> &'static str {
        self.pick("期限", "Due")
    }
    pub fn sc_card_status(self) -> &'static str {
        self.pick("状态", "Status")
    }
    pub fn sc_card_name(self) -> &'static str {
        self.pick("姓名", "Name")
    }
    pub fn sc_card_honours(self) -> &'static str {
        self.pick("荣誉", "Honours")
    }
    pub fn sc_card_close(self) -> &'static str {
        self.pick("Esc 关闭", "Esc closes")
    }

    // Awards and penalties
    pub fn sc_adjust_title(self, name: &str) -> String {
        if self.zh() {
            format!("奖惩：{name}")
        } else {
            format!("Award or penalty: {name}")
        }
    }
    pub fn sc_adjust_points(self) -> &'static str {
        self.pick("分数（扣分写负数）", "Points (minus for a penalty)")
    }
    pub fn sc_adjust_reason(self) -> &'static str {
        self.pick("事由", "Reason")
    }
    pub fn sc_adjust_date(self) -> &'static str {
        self.pick("日期", "Date")
    }
    pub fn sc_bad_points(self, typed: &str) -> String {
        if self.zh() {
            format!("“{typed}”不是分数：写 2、-1 或 0.5 这样的数，最多两位小数，不能是 0。")
        } else {
            format!(
                "\"{typed}\" is not a number of points: write 2, -1 or 0.5, at most two decimals, not 0."
            )
        }
    }
    pub fn sc_void_award_title(self, label: &str) -> String {
        if self.zh() {
            format!("作废奖惩：{label}")
        } else {
            format!("Void the award or penalty {label}")
        }
    }
    pub fn sc_void_reason(self) -> &'static str {
        self.pick(
            "作废原因（如“录错分值”）",
            "Why it is voided (e.g. wrong points)",
        )
    }
    pub fn sc_voided(self, label: &str) -> String {
        if self.zh() {
            format!("已作废奖惩 {label}，不再计入。")
        } else {
            format!("Voided {label}: it no longer counts.")
        }
    }
    pub fn sc_reason_missing(self) -> &'static str {
        self.pick("请写明奖惩的事由。", "Say why: the reason is required.")
    }
    pub fn sc_adjusted(self, name: &str, points: &str) -> String {
        if self.zh() {
            format!("已给{name}记 {points} 分。")
        } else {
            format!("{points} points recorded for {name}.")
        }
    }
    pub fn sc_no_row(self) -> &'static str {
        self.pick("先选中一行。", "Select a row first.")
    }

    // Settling
    pub fn sc_settle_title(self) -> &'static str {
        self.pick("兑现奖惩", "Settle the period")
    }
    pub fn sc_settle_question(
        self,
        name: &str,
        version: u32,
        groups: &[(String, usize, Option<String>, bool)],
        adjustments: usize,
    ) -> String {
        let mut lines = Vec::new();
        if self.zh() {
            lines.push(format!("细则：{name}（第{version}版）"));
            for (g, n, leader, people) in groups {
                let lead = leader.as_deref().unwrap_or("—");
                let unit = if *people { "人" } else { "个" };
                lines.push(format!("{g}：{n} {unit}，第一名 {lead}"));
            }
            lines.push(format!("奖惩 {adjustments} 条"));
            lines.push("冻结后不能修改。现在兑现吗？".to_string());
        } else {
            lines.push(format!("Rulebook: {name} (v{version})"));
            for (g, n, leader, _) in groups {
                let lead = leader.as_deref().unwrap_or("—");
                lines.push(format!("{g}: {n} ranked, first {lead}"));
            }
            lines.push(format!("awards and penalties: {adjustments}"));
            lines.push("Once frozen it cannot change. Settle now?".to_string());
        }
        lines.join("\n")
    }
    pub fn sc_settle_yes(self) -> &'static str {
        self.pick("兑现", "Settle")
    }
    pub fn sc_settle_no(self) -> &'static str {
        self.pick("取消", "Cancel")
    }
    pub fn sc_settled_now(self, name: &str) -> String {
        if self.zh() {
            format!("“{name}”已兑现，排名已冻结。")
        } else {
            format!("\"{name}\" is settled; its standings are frozen.")
        }
    }

    // The rulebook in an editor
    pub fn sc_rules_unchanged(self) -> &'static str {
        self.pick(
            "考核细则没有改动，未保存。",
            "The rulebook was not changed; nothing stored.",
        )
    }
    pub fn sc_rules_emptied(self) -> &'static str {
        self.pick(
            "文件已清空，考核细则未保存。",
            "The file was emptied; the rulebook was not stored.",
        )
    }
    pub fn sc_rules_stored(self, name: &str, version: u32) -> String {
        if self.zh() {
            format!("考核细则“{name}”已保存（第{version}版）。")
        } else {
            format!("Rulebook \"{name}\" stored (v{version}).")
        }
    }
    pub fn sc_editor_failed(self, editor: &str, why: &str) -> String {
        if self.zh() {
            format!("编辑器 {editor} 没有正常结束（{why}），考核细则未保存。")
        } else {
            format!("The editor {editor} failed ({why}); the rulebook was not stored.")
        }
    }
    /// The first note over a rulebook reopened with mistakes.
    pub fn sc_rules_notes_head(self, n: usize) -> String {
        if self.zh() {
            format!("考核细则有 {n} 处错误，改正后保存退出；行号按本文件算；清空文件则放弃。")
        } else {
            format!(
                "The rulebook has {n} mistake(s): fix and save; line numbers are this file's; empty the file to give up."
            )
        }
    }
}
