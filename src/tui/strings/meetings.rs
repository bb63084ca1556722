//! The 会议 tab's words: the month, the agenda, the tasks and a meeting's page.

use super::Text;
use crate::domain::meeting::{MeetingKind, MeetingStatus, Presence};
use crate::domain::task::TaskStatus;
use crate::domain::workdays::DayKind;
use crate::lang::Lang;

/// The 会议 tab: the month, the agenda, the tasks and a meeting's page.
impl Text {
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

    // Voiding a task
    pub fn void_task_title(self) -> &'static str {
        self.pick("作废任务：", "Void task: ")
    }
    pub fn void_task_reason_default(self) -> &'static str {
        self.pick("重复录入", "entered twice")
    }
    pub fn void_task_note(self) -> &'static str {
        self.pick(
            "仅用于录错的任务：不计入任何统计，管理员可恢复。",
            "Only for a task entered in error: counted nowhere; an admin can restore it.",
        )
    }
    pub fn task_voided(self) -> &'static str {
        self.pick("任务已作废", "Task voided")
    }
}
