//! Accounts and what each may do.

use super::{Msg, both};
use crate::error::Error;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::NoAccount {
            user,
            admins,
            server_user,
        } => {
            let ask = if admins.is_empty() {
                both(
                    format!("服务器上还没有管理员，请运行服务的用户 {server_user} 执行"),
                    format!(
                        "There is no administrator yet: ask {server_user}, who runs the server, to run"
                    ),
                )
            } else {
                both(
                    format!("请联系管理员（{}）执行", admins.join("、")),
                    format!("Ask an administrator ({}) to run", admins.join(", ")),
                )
            };
            both(
                format!(
                    "用户 {user} 没有 ggw 账号，服务器拒绝了连接。{}：ggw account add {user} --role operator --unit 单位路径",
                    ask.zh
                ),
                format!(
                    "User {user} has no ggw account, so the server refused the connection. {}: ggw account add {user} --role operator --unit PATH",
                    ask.en
                ),
            )
        }
        Error::NotPermitted {
            user,
            role,
            scope,
            target,
            write,
        } => both(
            format!(
                "{user} 是“{scope}”的{}，无权{}“{target}”。如需权限，请联系管理员。",
                role.label_zh(),
                if *write { "修改" } else { "查看" }
            ),
            format!(
                "{user} is {} of \"{scope}\" and may not {} \"{target}\". Ask an administrator if you need to.",
                role.label_en(),
                if *write { "change" } else { "read" }
            ),
        ),
        Error::AdminOnly { user } => both(
            format!("只有管理员能管理账号和检查整个数据库；{user} 不是管理员。"),
            format!(
                "Only administrators manage accounts and check the whole database; {user} is not one."
            ),
        ),
        Error::AccountExists { user } => both(
            format!("{user} 已有账号。要修改请用 ggw account set {user}。"),
            format!("{user} already has an account; change it with `ggw account set {user}`."),
        ),
        Error::NoSuchAccount { user } => both(
            format!("{user} 没有账号。可用 ggw account list 查看现有账号。"),
            format!("{user} has no account; `ggw account list` shows them."),
        ),
        Error::LastAdmin => both(
            "这是最后一个管理员账号，不能删除或降级；请先给另一个用户设管理员。",
            "This is the last administrator: it cannot be removed or demoted. Make another user an administrator first.",
        ),
        Error::UnknownRole { given } => both(
            format!(
                "不认识的角色“{given}”。可用：admin（管理员）、operator（录入员）、viewer（查看者）。"
            ),
            format!("Unknown role \"{given}\". Use admin, operator or viewer."),
        ),
        Error::UnitRequired { role } => both(
            format!(
                "{}需要指定单位：请加上 --unit 单位路径（如 爱辉区/四嘉子乡）。",
                role.label_zh()
            ),
            format!(
                "An {} works in one unit: add --unit PATH (e.g. 爱辉区/四嘉子乡).",
                role.label_en()
            ),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}
