//! Meeting series, meetings, attendance and the tasks given at them.

use super::{Msg, both};
use crate::error::Error;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::BadRule { zh, en } => both(
            format!("重复规则有误：{zh}"),
            format!("Invalid recurrence rule: {en}"),
        ),
        Error::BadDate { zh, en } => both(zh.clone(), en.clone()),
        Error::BadTime { given } => both(
            format!("时间“{given}”无法识别，请写成 时:分，如 09:00 或 14:30。"),
            format!("Time \"{given}\" not recognised: write hours:minutes, e.g. 09:00 or 14:30."),
        ),
        Error::DatesBackwards { from, to } => both(
            format!("结束日期 {to} 早于开始日期 {from}，请检查。"),
            format!("The end date {to} is before the start date {from}."),
        ),
        Error::UnknownMeetingKind { given } => both(
            format!(
                "不认识的会议类型“{given}”。可用：plenary（全区关工委会议）、directors-office（主任办公会）、progress（工作推进会）、other（其他会议）。"
            ),
            format!(
                "Unknown meeting kind \"{given}\". Use one of: plenary, directors-office, progress, other."
            ),
        ),
        Error::UnknownShift { given } => both(
            format!(
                "不认识的顺延方式“{given}”。可用：next（顺延到下一个工作日）、previous（提前到上一个工作日）、none（不调整）。"
            ),
            format!(
                "Unknown shift \"{given}\". Use next (to the next working day), previous (to the previous one) or none."
            ),
        ),
        Error::UnknownPresence { given } => both(
            format!(
                "不认识的出席情况“{given}”。可用：present（出席）、absent（缺席）、substitute（代会）。"
            ),
            format!("Unknown attendance mark \"{given}\". Use present, absent or substitute."),
        ),
        Error::SeriesNotFound { given } => both(
            format!(
                "找不到会议系列“{given}”。请用编号或标题，可用 ggw meetings series list 查看。"
            ),
            format!(
                "No meeting series \"{given}\". Name it by id or title; `ggw meetings series list` lists them."
            ),
        ),
        Error::SeriesArchived { title } => both(
            format!("会议系列“{title}”已停用，不能再修改或登记会议。"),
            format!("The meeting series \"{title}\" is archived: it cannot be changed."),
        ),
        Error::NoMeetingOn { series, date } => both(
            format!(
                "“{series}”在 {date} 没有会议。请用 ggw meetings list 查看会议日期（规则日期或实际日期均可）。"
            ),
            format!(
                "\"{series}\" has no meeting on {date}. `ggw meetings list` shows the dates (rule date or actual date both work)."
            ),
        ),
        Error::TaskWithoutMeeting { id } => both(
            format!("任务 #{id} 不是会上布置的，没有对应的会议。"),
            format!("Task #{id} was not given at a meeting, so it has no meeting to open."),
        ),
        Error::TaskRepeated { id, title } => both(
            format!("这条已经是任务 #{id}（{title}），没有重复建立。"),
            format!("This is already task #{id} ({title}); it was not added twice."),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}
