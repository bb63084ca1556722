//! Any record: finding it, editing it after someone else, its size, voiding it.

use super::{Msg, both};
use crate::domain::limits::Measure;
use crate::domain::time::format_local;
use crate::error::Error;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::NoSuchRecord { id } => both(
            format!("找不到编号为 {id} 的记录。"),
            format!("No record with id {id}."),
        ),
        Error::TextTooLong { chars, max } => both(
            format!("文字太长（{chars} 字，最多 {max} 字），请分成几段保存。"),
            format!("The text is too long ({chars} characters, at most {max}): please split it."),
        ),
        Error::Conflict { by, at } => both(
            format!(
                "保存失败：这条记录已被 {by} 于 {} 修改。已重新载入最新内容，请核对后再改。",
                format_local(*at)
            ),
            format!(
                "Not saved: {by} changed this record at {}. The latest version has been loaded; check it and edit again.",
                format_local(*at)
            ),
        ),
        Error::TooLong { field, given } => match field.measure() {
            Measure::Chars => both(
                format!(
                    "{}太长：{given} 个字，最多 {} 个字（各项上限见 README 的“长度上限”）。没有保存，请删减后再试。",
                    field.label_zh(),
                    field.max()
                ),
                format!(
                    "Not saved: {} is too long ({given} characters, at most {}; the README lists every limit under \"Limits\"). Shorten it and try again.",
                    field.label_en(),
                    field.max()
                ),
            ),
            Measure::Items => both(
                format!(
                    "{}太多：{given} 项，最多 {} 项（各项上限见 README 的“长度上限”）。没有保存，请删减后再试。",
                    field.label_zh(),
                    field.max()
                ),
                format!(
                    "Not saved: too many {} ({given}, at most {}; the README lists every limit under \"Limits\"). Remove some and try again.",
                    field.label_en(),
                    field.max()
                ),
            ),
        },
        Error::RecordVoided { kind, id } => both(
            format!(
                "{} #{id} 已作废，不能修改，也不计入任何统计。如是误作废，请管理员用 unvoid 恢复（如 ggw people unvoid {id}）。",
                kind.label_zh()
            ),
            format!(
                "{} #{id} is voided: it cannot be changed and counts nowhere. If it was voided by mistake, an administrator can restore it with unvoid (e.g. ggw people unvoid {id}).",
                kind.label_en()
            ),
        ),
        Error::NotVoided { kind, id } => both(
            format!("{} #{id} 没有作废，无需恢复。", kind.label_zh()),
            format!(
                "{} #{id} is not voided; there is nothing to restore.",
                kind.label_en()
            ),
        ),
        Error::VoidRefused { zh, en } => both(zh.clone(), en.clone()),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}
