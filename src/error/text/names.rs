//! Names of units and accounts: width, length, characters the screen cannot show.

use super::{Msg, both};
use crate::domain::text::CharKind;
use crate::error::Error;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::NameEmpty => both(
            "名称不能为空，请输入名称。",
            "The name is empty: please type a name.",
        ),
        Error::NameTooWide { width, max } => both(
            format!("名称太长（{width} 个字符宽，最多 {max}，即 20 个汉字），请缩短。"),
            format!(
                "The name is too long ({width} columns, at most {max}, i.e. 20 Chinese characters): please shorten it."
            ),
        ),
        Error::NameTooLong { chars, max } => both(
            format!("名称太长（{chars} 个字符，最多 {max} 个），请缩短。"),
            format!("The name is too long ({chars} characters, at most {max}): please shorten it."),
        ),
        Error::NameForbiddenChar {
            position,
            code,
            kind,
        } => {
            let (zh, en) = char_kind(*kind);
            both(
                format!("名称第 {position} 个字符（U+{code:04X}）{zh}"),
                format!("Character {position} of the name (U+{code:04X}) {en}"),
            )
        }
        Error::NameTooManyMarks { position, max } => both(
            format!(
                "名称第 {position} 个字符处叠加的组合符号太多（一个字上最多 {max} 个），请删除多余的符号。"
            ),
            format!(
                "Too many combining marks are stacked at character {position} of the name (at most {max} on one letter): please remove the extra ones."
            ),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}

/// What is wrong with a character of this kind, and what to do (zh, en).
fn char_kind(kind: CharKind) -> (&'static str, &'static str) {
    match kind {
        CharKind::Control => (
            "是控制字符，会改动终端显示，请删除后重试。",
            "is a control character, which steers the terminal: please remove it.",
        ),
        CharKind::Direction => (
            "是文字方向控制符，会打乱文字顺序，请删除后重试。",
            "is a text-direction control, which reorders the text: please remove it.",
        ),
        CharKind::Invisible => (
            "是不可见字符（显示为空白或什么都不显示，会让两个名称看起来一样），请删除后重试。",
            "is invisible (it shows as a blank or as nothing, so two names would look the same): please remove it.",
        ),
        CharKind::OddSpace => (
            "是特殊空格，看起来和普通空格一样，请改用普通空格。",
            "is a special space that looks like an ordinary one: type an ordinary space instead.",
        ),
        CharKind::LoneMark => (
            "是组合符号，前面没有可以附着的字，请删除后重试。",
            "is a combining mark with no letter before it: please remove it.",
        ),
        CharKind::UserName => (
            "不能出现在用户名中：用户名不能有空格、冒号或斜杠。",
            "may not be in a user name: no blanks, colons or slashes.",
        ),
    }
}
