//! Meeting series, meetings, attendance, calendars and tasks.

use chrono::{Datelike, NaiveDate};

use crate::domain::meeting::Presence;
use crate::lang::Lang;

pub fn weekday(d: NaiveDate, lang: Lang) -> &'static str {
    let i = d.weekday().num_days_from_monday() as usize;
    match lang {
        Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
        Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

/// How one person attended, with the reason or the substitute.
pub fn presence(p: &Presence, lang: Lang) -> String {
    match (p, lang) {
        (Presence::Absent { reason }, Lang::Zh) if !reason.is_empty() => {
            format!("缺席（{reason}）")
        }
        (Presence::Absent { reason }, Lang::En) if !reason.is_empty() => {
            format!("absent ({reason})")
        }
        (Presence::Substitute { by }, Lang::Zh) => format!("由{by}代会"),
        (Presence::Substitute { by }, Lang::En) => format!("substitute: {by}"),
        (p, Lang::Zh) => p.label_zh().to_string(),
        (p, Lang::En) => p.code().to_string(),
    }
}

pub fn series_saved(lang: Lang) -> &'static str {
    lang.pick("已保存会议系列", "Saved series")
}

pub fn series_changed(lang: Lang) -> &'static str {
    lang.pick("已修改会议系列", "Changed series")
}

pub fn meeting_saved(lang: Lang) -> &'static str {
    lang.pick("已保存会议", "Saved meeting")
}

pub fn attendance_saved(lang: Lang) -> &'static str {
    lang.pick("已登记出席", "Attendance saved")
}

pub fn meeting_voided(lang: Lang) -> &'static str {
    lang.pick("会议记录已作废", "Meeting record voided")
}

pub fn meeting_restored(lang: Lang) -> &'static str {
    lang.pick("会议记录已恢复", "Meeting record restored")
}

pub fn calendar_written(lang: Lang) -> &'static str {
    lang.pick("已导出日历", "Calendar written to")
}

pub fn next_meetings(lang: Lang) -> &'static str {
    lang.pick("最近几次：", "Next: ")
}

pub fn rev(lang: Lang) -> &'static str {
    lang.pick("版本", "rev")
}

pub fn rule_date(lang: Lang) -> &'static str {
    lang.pick("规则日期", "rule date")
}

pub fn not_yet_recorded(lang: Lang) -> &'static str {
    lang.pick("（尚未登记）", " (not yet recorded)")
}

pub fn rule_date_label(lang: Lang) -> &'static str {
    lang.pick("规则日期", "Rule date")
}

pub fn place_label(lang: Lang) -> &'static str {
    lang.pick("地点", "Place")
}

pub fn status_label(lang: Lang) -> &'static str {
    lang.pick("状态", "Status")
}

pub fn attendance_heading(lang: Lang) -> &'static str {
    lang.pick("出席：", "Attendance:")
}

pub fn agenda_heading(lang: Lang) -> &'static str {
    lang.pick("议程：", "Agenda:")
}

pub fn minutes_heading(lang: Lang) -> &'static str {
    lang.pick("纪要：", "Minutes:")
}

pub fn decisions_heading(lang: Lang) -> &'static str {
    lang.pick("决定事项：", "Decisions:")
}

pub fn attendees_open_tasks(lang: Lang) -> &'static str {
    lang.pick("与会人员的未完成任务：", "Open tasks of the attendees:")
}

pub fn overdue_mark(lang: Lang) -> &'static str {
    lang.pick("【逾期】", "[OVERDUE] ")
}

pub fn due(lang: Lang) -> &'static str {
    lang.pick("截止", "due ")
}

pub fn a_recorded_meeting(lang: Lang) -> &'static str {
    lang.pick("已登记的会议", "a recorded meeting")
}

pub fn task_added(lang: Lang) -> &'static str {
    lang.pick("已添加任务", "Added task")
}

pub fn task_done(lang: Lang) -> &'static str {
    lang.pick("任务已完成", "Task done")
}

pub fn task_dropped(lang: Lang) -> &'static str {
    lang.pick("任务已撤销", "Task dropped")
}

pub fn task_reopened(lang: Lang) -> &'static str {
    lang.pick("任务已重新打开", "Task reopened")
}

pub fn task_voided(lang: Lang) -> &'static str {
    lang.pick("任务已作废", "Task voided")
}

pub fn task_restored(lang: Lang) -> &'static str {
    lang.pick("任务已恢复", "Task restored")
}

pub fn task_noted(lang: Lang) -> &'static str {
    lang.pick("已记进展", "Note added to task")
}

/// An `--invite` not written ROLES@UNIT (zh, en).
pub fn bad_invite(given: &str) -> (String, String) {
    (
        format!("“{given}”应写成 角色@单位，如 director,deputy@爱辉区"),
        format!("\"{given}\" should be ROLES@UNIT, e.g. director,deputy@爱辉区"),
    )
}

/// Voiding a meeting that was only ever planned (zh, en).
pub fn not_recorded_to_void(title: &str, rule_date: NaiveDate) -> (String, String) {
    (
        format!("“{title}”{rule_date} 的会议还没有记录，无需作废。"),
        format!(
            "the meeting of \"{title}\" on {rule_date} is not recorded: there is nothing to void."
        ),
    )
}
