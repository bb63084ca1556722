//! Every word the terminal program shows, in Chinese and in English.

use crate::domain::UnitKind;
use crate::domain::meeting::{MeetingKind, MeetingStatus, Presence};
use crate::domain::task::TaskStatus;
use crate::domain::workdays::DayKind;
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text(pub Lang);

impl Text {
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        self.0.pick(zh, en)
    }

    fn zh(self) -> bool {
        self.0 == Lang::Zh
    }

    pub fn kind(self, k: UnitKind) -> &'static str {
        match self.0 {
            Lang::Zh => k.label_zh(),
            Lang::En => k.label_en(),
        }
    }

    // Title bar
    pub fn tab_units(self) -> &'static str {
        self.pick("组织", "Units")
    }
    pub fn demo(self) -> &'static str {
        self.pick("演示数据", "demo data")
    }
    pub fn too_small(self, w: u16, h: u16, need_w: u16, need_h: u16) -> String {
        if self.zh() {
            format!("窗口太小：现在 {w}×{h}，至少需要 {need_w}×{need_h}。请放大窗口。")
        } else {
            format!(
                "Window too small: {w}×{h}, needs at least {need_w}×{need_h}. Please enlarge it."
            )
        }
    }

    // Modes, in the status bar
    pub fn mode_browse(self) -> &'static str {
        self.pick("浏览", "browse")
    }
    pub fn mode_pick(self) -> &'static str {
        self.pick("选择上级", "pick parent")
    }
    pub fn mode_edit(self) -> &'static str {
        self.pick("编辑", "edit")
    }
    pub fn mode_search(self) -> &'static str {
        self.pick("搜索", "search")
    }
    pub fn mode_help(self) -> &'static str {
        self.pick("帮助", "help")
    }
    pub fn mode_confirm(self) -> &'static str {
        self.pick("确认", "confirm")
    }

    // The card
    pub fn name(self) -> &'static str {
        self.pick("名称", "Name")
    }
    pub fn short_name(self) -> &'static str {
        self.pick("简称", "Short")
    }
    pub fn kind_label(self) -> &'static str {
        self.pick("类型", "Kind")
    }
    pub fn id(self) -> &'static str {
        self.pick("编号", "Id")
    }
    pub fn path(self) -> &'static str {
        self.pick("路径", "Path")
    }
    pub fn children(self) -> &'static str {
        self.pick("下级", "Children")
    }
    pub fn none(self) -> &'static str {
        self.pick("无", "none")
    }
    pub fn created(self) -> &'static str {
        self.pick("建立", "Created")
    }
    pub fn changed(self) -> &'static str {
        self.pick("最后修改", "Changed")
    }
    /// The brief card's line for where the unit sits: its parent's path.
    pub fn parent(self) -> &'static str {
        self.pick("上级", "Parent")
    }
    pub fn elders(self) -> &'static str {
        self.pick("五老", "Elders")
    }
    pub fn team(self) -> &'static str {
        self.pick("班子", "Team")
    }
    pub fn since(self) -> &'static str {
        self.pick("自 ", "since ")
    }
    pub fn director(self) -> &'static str {
        self.pick("主任", "Director")
    }
    /// A single post nobody holds.
    pub fn vacant(self) -> &'static str {
        self.pick("空缺", "vacant")
    }
    /// The card's elder figures: on the roll in the subtree, registered
    /// with the unit itself, struck off in the subtree.
    pub fn elder_figures(self) -> [&'static str; 3] {
        if self.zh() {
            ["在册", "本级", "除名"]
        } else {
            ["on roll", "here", "off"]
        }
    }
    pub fn count_of(self, kind: UnitKind, n: usize) -> String {
        if self.zh() {
            format!("{} {n} 个", kind.label_zh())
        } else {
            kind.count_en(n)
        }
    }
    /// A count on the brief card, short enough that a district's kinds of
    /// children fit one line.
    pub fn count_short(self, kind: UnitKind, n: usize) -> String {
        if self.zh() {
            format!("{} {n}", kind.label_zh())
        } else {
            kind.count_en(n)
        }
    }
    pub fn label_sep(self) -> &'static str {
        self.pick("：", ": ")
    }
    pub fn field_sep(self) -> &'static str {
        self.pick("；", "; ")
    }
    pub fn list_sep(self) -> &'static str {
        self.pick("，", ", ")
    }
    pub fn tree_title(self) -> &'static str {
        self.pick("单位", "Units")
    }
    pub fn card_title(self) -> &'static str {
        self.pick("详情", "Details")
    }
    pub fn no_units(self) -> &'static str {
        self.pick("（没有单位）", "(no units)")
    }

    // Forms
    pub fn add_title(self, parent: &str) -> String {
        if self.zh() {
            format!("在“{parent}”下新增单位")
        } else {
            format!("New unit under “{parent}”")
        }
    }
    pub fn rename_title(self, name: &str) -> String {
        if self.zh() {
            format!("改名：{name}")
        } else {
            format!("Rename: {name}")
        }
    }
    pub fn form_hint(self) -> &'static str {
        self.pick(
            "Enter 保存 · Tab 下一项 · ←→ 选择选项 · Esc 关闭",
            "Enter save · Tab next · ←→ choose · Esc close",
        )
    }

    /// Shown while the unit field of a form has the cursor.
    pub fn unit_field_hint(self) -> &'static str {
        self.pick(
            "Ctrl+F 按拼音选单位 · Enter 保存 · Tab 下一项 · Esc 关闭",
            "Ctrl+F find unit by pinyin · Enter save · Esc close",
        )
    }

    pub fn search_form_hint(self) -> &'static str {
        self.pick(
            "边输入边筛选 · Enter 确定 · Esc 清除并关闭",
            "filters as you type · Enter keep · Esc clear",
        )
    }

    pub fn goto_form_hint(self) -> &'static str {
        self.pick(
            "输入日期即可替换 · Enter 跳转 · Esc 关闭",
            "type a date over it · Enter go · Esc close",
        )
    }

    // Confirmations
    pub fn yes(self) -> &'static str {
        self.pick("是", "Yes")
    }
    pub fn no(self) -> &'static str {
        self.pick("否", "No")
    }
    pub fn ok(self) -> &'static str {
        self.pick("确定", "OK")
    }
    pub fn archive_title(self) -> &'static str {
        self.pick("撤销单位", "Archive unit")
    }
    pub fn archive_question(self, path: &str) -> String {
        if self.zh() {
            format!("撤销“{path}”？\n撤销后它不再出现在树中，历史记录保留。")
        } else {
            format!("Archive “{path}”?\nIt leaves the tree; its history is kept.")
        }
    }
    pub fn discard_title(self) -> &'static str {
        self.pick("放弃修改", "Discard changes")
    }
    pub fn discard_question(self) -> &'static str {
        self.pick(
            "表单里有未保存的内容，放弃吗？",
            "The form has unsaved changes. Discard them?",
        )
    }
    pub fn discard(self) -> &'static str {
        self.pick("放弃", "Discard")
    }
    pub fn keep_editing(self) -> &'static str {
        self.pick("继续编辑", "Keep editing")
    }
    pub fn quit_title(self) -> &'static str {
        self.pick("退出", "Quit")
    }
    pub fn quit_question(self) -> &'static str {
        self.pick(
            "表单还没有保存。存为草稿，下次启动时可以重新打开。",
            "The form is not saved. Keep it as a draft to reopen next time?",
        )
    }
    pub fn keep_draft_quit(self) -> &'static str {
        self.pick("存草稿并退出", "Keep draft, quit")
    }
    pub fn discard_quit(self) -> &'static str {
        self.pick("放弃并退出", "Discard, quit")
    }
    pub fn draft_title(self) -> &'static str {
        self.pick("未保存的草稿", "Unsaved draft")
    }
    pub fn draft_question(self, what: &str, content: &str, when: &str) -> String {
        if self.zh() {
            format!(
                "上次有一份未保存的表单（{when}）：\n{what}\n{content}\n要重新打开吗？选“否”丢弃它，按 Esc 下次再问。"
            )
        } else {
            format!(
                "A form was left unsaved ({when}):\n{what}\n{content}\nReopen it? “No” discards it; Esc asks again next time."
            )
        }
    }
    pub fn draft_kept(self, path: &str) -> String {
        if self.zh() {
            format!("未保存的表单已存为草稿：{path}")
        } else {
            format!("The unsaved form was kept as a draft: {path}")
        }
    }
    pub fn draft_parent_gone(self) -> &'static str {
        self.pick(
            "草稿所属的单位已不存在，草稿已丢弃。",
            "The draft's unit no longer exists; the draft was discarded.",
        )
    }

    // Results
    pub fn added(self, path: &str) -> String {
        if self.zh() {
            format!("已新增：{path}")
        } else {
            format!("Added: {path}")
        }
    }
    pub fn renamed(self, path: &str) -> String {
        if self.zh() {
            format!("已改名：{path}")
        } else {
            format!("Renamed: {path}")
        }
    }
    pub fn moved(self, path: &str) -> String {
        if self.zh() {
            format!("已移动：{path}")
        } else {
            format!("Moved: {path}")
        }
    }
    pub fn archived(self, path: &str) -> String {
        if self.zh() {
            format!("已撤销：{path}")
        } else {
            format!("Archived: {path}")
        }
    }
    pub fn pick_prompt(self, name: &str) -> String {
        if self.zh() {
            format!("为“{name}”选择新的上级：移动光标或按 / 搜索，Enter 确定，Esc 取消")
        } else {
            format!(
                "New parent for “{name}”: move or press / to search, Enter to confirm, Esc to cancel"
            )
        }
    }
    pub fn move_cancelled(self) -> &'static str {
        self.pick("已取消移动。", "Move cancelled.")
    }
    pub fn parent_field(self) -> &'static str {
        self.pick("上级", "Parent")
    }
    pub fn changed_by_other(self, by: &str) -> String {
        if self.zh() {
            format!("{by} 刚修改了单位，已刷新。")
        } else {
            format!("{by} changed a unit; refreshed.")
        }
    }

    // Search
    pub fn search_title(self) -> &'static str {
        self.pick("搜索单位", "Find unit")
    }
    pub fn pick_unit_title(self) -> &'static str {
        self.pick("选择所属单位", "Pick the unit")
    }
    pub fn search_placeholder(self) -> &'static str {
        self.pick(
            "名称的任意部分，或拼音首字母（如 sjz）",
            "any part of the name, or pinyin initials (e.g. sjz)",
        )
    }
    pub fn no_match(self) -> &'static str {
        self.pick("没有匹配的单位", "No unit matches")
    }
    pub fn results(self, n: usize) -> String {
        if self.zh() {
            format!("{n} 个结果")
        } else {
            format!("{n} found")
        }
    }

    // Help
    pub fn help_title(self) -> &'static str {
        self.pick(
            "帮助：全部按键（输入文字可筛选）",
            "Help: all keys (type to filter)",
        )
    }
    pub fn filter(self) -> &'static str {
        self.pick("筛选：", "Filter: ")
    }
    pub fn context_label(self, ctx: super::keymap::Context) -> &'static str {
        use super::keymap::Context::*;
        match ctx {
            Global => self.pick("全局", "Everywhere"),
            Tree => self.pick("单位树", "Unit tree"),
            Pick => self.pick("选择上级", "Picking a parent"),
            Form => self.pick("表单", "Forms"),
            Search => self.pick("搜索", "Search"),
            Popup => self.pick("确认框", "Confirmations"),
            Help => self.pick("帮助", "Help"),
            Meetings => self.pick("会议", "Meetings"),
            Meeting => self.pick("会议详情", "A meeting"),
            Roster => self.pick("五老名册", "Elder roster"),
        }
    }

    // Start-up
    pub fn locale_warning(self, locale: &str) -> String {
        if self.zh() {
            format!(
                "终端字符集不是 UTF-8（现在是 “{locale}”），中文可能显示为乱码，输入的汉字可能丢失。请把终端设为 UTF-8，并设置 LANG=zh_CN.UTF-8 后重新打开。"
            )
        } else {
            format!(
                "The terminal's character set is not UTF-8 (it is “{locale}”): Chinese may show garbled and typed characters may be lost. Set the terminal to UTF-8 and LANG=zh_CN.UTF-8, then start again."
            )
        }
    }
    pub fn keymap_error(self, file: &str, line: usize, problem: &str) -> String {
        if self.zh() {
            format!("键位文件 {file} 第 {line} 行有误：{problem}。本次使用默认键位。")
        } else {
            format!("Keymap file {file}, line {line}: {problem}. Using the default keys.")
        }
    }
    /// What a binding does, for help and hints: the keymap file describes
    /// each binding in both languages, so one action can read differently
    /// in each place it is bound.
    pub fn describe(self, b: &super::keymap::Binding) -> &str {
        super::keymap::Keymap::describe(b, self.0)
    }
    pub fn keymap_unreadable(self, file: &str, problem: &str) -> String {
        if self.zh() {
            format!("无法读取键位文件 {file}：{problem}。本次使用默认键位。")
        } else {
            format!("Cannot read the keymap file {file}: {problem}. Using the default keys.")
        }
    }
    pub fn notice_title(self) -> &'static str {
        self.pick("提示", "Note")
    }
    pub fn changed_under_form_title(self) -> &'static str {
        self.pick("记录已被他人修改", "Changed by someone else")
    }
    pub fn changed_under_form(self, by: &str) -> String {
        if self.zh() {
            format!(
                "{by} 刚修改了正在编辑的记录。载入最新内容（放弃本表单的修改），还是继续编辑？继续编辑的保存会被拒绝，不会覆盖对方。"
            )
        } else {
            format!(
                "{by} just changed the record you are editing. Load the latest version (dropping this form's edits), or keep editing? A save from the old version is refused, never written over theirs."
            )
        }
    }
    pub fn reload(self) -> &'static str {
        self.pick("载入最新", "Load latest")
    }
}

/// The 会议 tab: the month, the agenda, the tasks and a meeting's page.
impl Text {
    pub fn tab_people(self) -> &'static str {
        self.0.pick("五老", "Elders")
    }

    pub fn tab_meetings(self) -> &'static str {
        self.pick("会议", "Meetings")
    }
    pub fn mode_meeting(self) -> &'static str {
        self.pick("会议", "Meeting")
    }
    pub fn mode_month(self) -> &'static str {
        self.pick("月历", "Month")
    }
    pub fn mode_agenda(self) -> &'static str {
        self.pick("议程", "Agenda")
    }
    pub fn mode_tasks(self) -> &'static str {
        self.pick("任务", "Tasks")
    }
    pub fn weekday(self, d: chrono::NaiveDate) -> &'static str {
        use chrono::Datelike;
        let i = d.weekday().num_days_from_monday() as usize;
        if self.zh() {
            ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i]
        } else {
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i]
        }
    }
    pub fn month_title(self, d: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        if self.zh() {
            format!("{}年{}月", d.year(), d.month())
        } else {
            d.format("%B %Y").to_string()
        }
    }
    pub fn meeting_kind(self, k: MeetingKind) -> &'static str {
        self.pick(k.label_zh(), k.label_en())
    }
    pub fn meeting_status(self, s: &MeetingStatus) -> &'static str {
        self.pick(s.label_zh(), s.label_en())
    }
    pub fn task_status(self, s: &TaskStatus) -> &'static str {
        self.pick(s.label_zh(), s.label_en())
    }
    pub fn presence(self, p: &Presence) -> String {
        match (p, self.0) {
            (Presence::Absent { reason }, Lang::Zh) if !reason.is_empty() => {
                format!("缺席（{reason}）")
            }
            (Presence::Absent { reason }, Lang::En) if !reason.is_empty() => {
                format!("absent ({reason})")
            }
            (Presence::Substitute { by }, Lang::Zh) => format!("代会：{by}"),
            (Presence::Substitute { by }, Lang::En) => format!("substitute: {by}"),
            (p, Lang::Zh) => p.label_zh().to_string(),
            (p, Lang::En) => p.code().to_string(),
        }
    }
    /// What kind of day the calendar's cursor is on.
    pub fn day_kind(self, kind: &DayKind) -> String {
        match (kind, self.0) {
            (DayKind::Holiday(f), Lang::Zh) => format!("{}放假", f.name(self.0)),
            (DayKind::Holiday(f), Lang::En) => format!("{} holiday", f.name(self.0)),
            (DayKind::MakeUpWorkday(f), Lang::Zh) => format!("调休上班（{}）", f.name(self.0)),
            (DayKind::MakeUpWorkday(f), Lang::En) => {
                format!("make-up working day ({})", f.name(self.0))
            }
            (DayKind::Weekend, _) => self.pick("周末", "weekend").to_string(),
            (DayKind::Working, _) => self.pick("工作日", "working day").to_string(),
        }
    }
    pub fn uncovered_year_note(self, year: i32, file: &str) -> String {
        match self.0 {
            Lang::Zh => format!(
                "{year}年的法定节假日安排未收录，会议只避开周末。国务院办公厅公布{year}年节假日安排的通知后，照 README“Working days”一节的格式写入 {file}。"
            ),
            Lang::En => format!(
                "No official holidays for {year}: meetings only move off weekends. When the State Council General Office publishes {year}'s arrangement, add it to {file} as README's \"Working days\" shows."
            ),
        }
    }
    pub fn no_holiday_data(self) -> &'static str {
        self.pick(
            "注意：没有这一年的法定节假日安排，会议只按周末顺延（可在 holidays.toml 中补充）",
            "Note: no holiday arrangement for this year; meetings only move off weekends (add it in holidays.toml)",
        )
    }

    // The month
    pub fn weekday_header(self) -> &'static str {
        self.pick(" 日 一 二 三 四 五 六", " Su Mo Tu We Th Fr Sa")
    }
    pub fn legend_meeting(self) -> &'static str {
        self.pick("会议", "meeting")
    }
    pub fn legend_holiday(self) -> &'static str {
        self.pick("放假", "off")
    }
    pub fn legend_make_up(self) -> &'static str {
        self.pick("调休上班", "make-up")
    }
    pub fn this_month(self) -> &'static str {
        self.pick("本月会议", "This month")
    }
    pub fn no_meetings_this_month(self) -> &'static str {
        self.pick(
            "本月没有会议。可新建会议系列（按键见下方提示）。",
            "No meetings this month. A series can be added (keys below).",
        )
    }
    pub fn rule_day_short(self) -> &'static str {
        self.pick("原定", "rule ")
    }
    pub fn no_meeting_that_day(self) -> &'static str {
        self.pick("这一天没有会议", "No meeting on this day")
    }
    pub fn goto_title(self) -> &'static str {
        self.pick("跳到日期", "Go to date")
    }
    pub fn date(self) -> &'static str {
        self.pick("日期", "Date")
    }

    // The agenda and the tasks
    pub fn next_90_days(self) -> &'static str {
        self.pick("未来 90 天议程", "The next 90 days")
    }
    pub fn tasks_title(self) -> &'static str {
        self.pick(
            "任务（按负责人，逾期在前）",
            "Tasks by owner, overdue first",
        )
    }
    pub fn closed_tasks(self) -> &'static str {
        self.pick(
            "已办结（完成或撤销，最近的在前）",
            "Closed (done or dropped), latest first",
        )
    }
    pub fn task_reopened(self, id: u64, title: &str) -> String {
        format!(
            "{}#{id} {title}",
            self.pick("任务已重新打开 ", "Reopened: ")
        )
    }
    pub fn overdue_flag(self) -> &'static str {
        self.pick("【逾期】", "[OVERDUE] ")
    }
    pub fn due_prefix(self) -> &'static str {
        self.pick("截止", "due ")
    }
    pub fn task_done(self, id: u64, title: &str) -> String {
        format!("{}#{id} {title}", self.pick("任务已完成 ", "Done: "))
    }
    pub fn progress_title(self, id: u64, title: &str) -> String {
        format!("{}#{id} {title}", self.pick("记进展：", "Progress: "))
    }
    pub fn progress(self) -> &'static str {
        self.pick("进展", "Progress")
    }
    pub fn progress_noted(self) -> &'static str {
        self.pick("已记进展", "Progress noted")
    }

    // The series form
    pub fn new_series(self) -> &'static str {
        self.pick("新建会议系列", "New meeting series")
    }
    pub fn edit_series_title(self, title: &str) -> String {
        if self.zh() {
            format!("修改会议系列：{title}")
        } else {
            format!("Edit series: {title}")
        }
    }
    pub fn no_series_here(self) -> &'static str {
        self.pick(
            "请先选中一次会议（月历上有会议的日子，或议程中的一行），再修改它所属的系列",
            "Select a meeting first (a meeting day in the month, or a row of the agenda) to edit its series",
        )
    }
    pub fn meeting_kind_label(self) -> &'static str {
        self.pick("会议类型", "Kind")
    }
    pub fn title(self) -> &'static str {
        self.pick("标题", "Title")
    }
    pub fn rule(self) -> &'static str {
        self.pick("重复规则", "Rule")
    }
    pub fn start(self) -> &'static str {
        self.pick("开始日期", "Start")
    }
    pub fn time(self) -> &'static str {
        self.pick("时间", "Time")
    }
    pub fn repeats(self) -> &'static str {
        self.pick("频率", "Repeats")
    }
    pub fn cadence(self, c: crate::domain::recurrence_choice::Cadence) -> &'static str {
        use crate::domain::recurrence_choice::Cadence;
        match c {
            Cadence::Monthly => self.pick("每月", "monthly"),
            Cadence::Quarterly => self.pick("每季度", "quarterly"),
            Cadence::Yearly => self.pick("每年", "yearly"),
        }
    }
    pub fn custom_rule(self) -> &'static str {
        self.pick("自定义 RRULE", "custom RRULE")
    }
    pub fn which_weekday(self) -> &'static str {
        self.pick("第几个", "Which")
    }
    /// One of `recurrence_choice::ORDINALS`.
    pub fn ordinal(self, n: i8) -> &'static str {
        match n {
            1 => self.pick("第一个", "1st"),
            2 => self.pick("第二个", "2nd"),
            3 => self.pick("第三个", "3rd"),
            4 => self.pick("第四个", "4th"),
            _ => self.pick("最后一个", "last"),
        }
    }
    pub fn weekday_label(self) -> &'static str {
        self.pick("星期几", "Weekday")
    }
    pub fn weekday_name(self, d: chrono::Weekday) -> &'static str {
        let i = d.num_days_from_monday() as usize;
        if self.zh() {
            ["一", "二", "三", "四", "五", "六", "日"][i]
        } else {
            ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i]
        }
    }
    pub fn yearly_month(self) -> &'static str {
        self.pick("月份（每年）", "Month (yearly)")
    }
    /// `month` in 1..=12.
    pub fn month_name(self, month: u8) -> &'static str {
        let i = usize::from(month.clamp(1, 12) - 1);
        if self.zh() {
            [
                "一月",
                "二月",
                "三月",
                "四月",
                "五月",
                "六月",
                "七月",
                "八月",
                "九月",
                "十月",
                "十一月",
                "十二月",
            ][i]
        } else {
            [
                "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
            ][i]
        }
    }
    pub fn on_holidays(self) -> &'static str {
        self.pick("遇节假日", "On holidays")
    }
    pub fn shift_next(self) -> &'static str {
        self.pick("顺延", "next")
    }
    pub fn shift_previous(self) -> &'static str {
        self.pick("提前", "previous")
    }
    pub fn shift_none(self) -> &'static str {
        self.pick("不调整", "none")
    }
    pub fn named_attendees(self) -> &'static str {
        self.pick("与会人员（逗号分隔）", "Attendees")
    }
    pub fn place(self) -> &'static str {
        self.pick("地点", "Place")
    }
    pub fn preview(self) -> &'static str {
        self.pick("预览：", "Preview: ")
    }
    pub fn preview_next(self) -> &'static str {
        self.pick("预览：", "Next: ")
    }
    pub fn series_added(self, title: &str, rule: &str) -> String {
        if self.zh() {
            format!("已新建会议系列 {title}：{rule}")
        } else {
            format!("Added series {title}: {rule}")
        }
    }
    pub fn series_changed(self, title: &str, rule: &str) -> String {
        if self.zh() {
            format!("已修改会议系列 {title}：{rule}")
        } else {
            format!("Changed series {title}: {rule}")
        }
    }

    // A meeting's page. Headings name no keys: users rebind them, and the status bar lists the
    // keys as bound.
    pub fn rule_date(self) -> &'static str {
        self.pick("规则日期：", "Rule date: ")
    }
    pub fn attendance_heading(self) -> &'static str {
        self.pick("出席情况", "Attendance")
    }
    pub fn agenda(self) -> &'static str {
        self.pick("议程", "Agenda")
    }
    pub fn minutes_heading(self) -> &'static str {
        self.pick(
            "纪要（每行可转为任务）",
            "Minutes (a line can become a task)",
        )
    }
    pub fn decisions(self) -> &'static str {
        self.pick("决定事项", "Decisions")
    }
    pub fn open_tasks_of_attendees(self) -> &'static str {
        self.pick("与会人员的未完成任务", "Open tasks of the attendees")
    }
    pub fn stand_in_title(self, name: &str) -> String {
        format!("{}{name}", self.pick("代会人：", "Stand-in for "))
    }
    pub fn stand_in_name(self) -> &'static str {
        self.pick("代会人姓名", "Name")
    }
    pub fn absent_title(self, name: &str) -> String {
        format!("{}{name}", self.pick("缺席：", "Absent: "))
    }
    pub fn reason(self) -> &'static str {
        self.pick("原因", "Reason")
    }
    pub fn minutes_line_title(self) -> &'static str {
        self.pick("记一行纪要（“姓名：内容”）", "Add a line of minutes")
    }
    pub fn minutes(self) -> &'static str {
        self.pick("纪要", "Minutes")
    }
    pub fn added_to_minutes(self) -> &'static str {
        self.pick("已记入纪要", "Added to the minutes")
    }
    pub fn not_on_minutes(self) -> &'static str {
        self.pick(
            "请先移到一行纪要上，再转为任务",
            "Move to a line of the minutes first, then make it a task",
        )
    }
    pub fn task_from_minutes(self) -> &'static str {
        self.pick("纪要转为任务", "Task from the minutes")
    }
    pub fn task(self) -> &'static str {
        self.pick("任务", "Task")
    }
    pub fn owner(self) -> &'static str {
        self.pick("负责人", "Owner")
    }
    pub fn due(self) -> &'static str {
        self.pick("截止日期", "Due")
    }
    pub fn task_added(self, id: u64, title: &str) -> String {
        format!("{}#{id} {title}", self.pick("已添加任务 ", "Added task "))
    }
    pub fn status(self) -> &'static str {
        self.pick("状态", "Status")
    }
    pub fn status_planned(self) -> &'static str {
        self.pick("计划", "planned")
    }
    pub fn status_held(self) -> &'static str {
        self.pick("已召开", "held")
    }
    pub fn status_cancelled(self) -> &'static str {
        self.pick("取消", "cancelled")
    }
    pub fn date_to_postpone(self) -> &'static str {
        self.pick("日期（改期请改这里）", "Date (change to postpone)")
    }
    pub fn cancel_reason(self) -> &'static str {
        self.pick("取消原因", "Reason if cancelled")
    }
    pub fn marked_held(self) -> &'static str {
        self.pick("已记为已召开", "Marked as held")
    }
    pub fn saved(self) -> &'static str {
        self.pick("已保存", "Saved")
    }
}
