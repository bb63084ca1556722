//! The database on disk: opening it, its format, damage, room.

use super::{Msg, both};
use crate::error::Error;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::DatabaseLocked { path } => both(
            format!(
                "数据库 {path} 正由另一个 ggw 打开。多人同时使用请在服务器上运行 ggw serve，各用户的 ggw 会自动连接它。"
            ),
            format!(
                "The database {path} is open in another ggw. To let several people work at once, run `ggw serve` on the server; everyone's ggw then connects to it."
            ),
        ),
        Error::DatabaseMissing { path } => both(
            format!(
                "数据库 {path} 不存在。请先用 ggw init --db {path} --district 区名 创建，或用 ggw demo 打开演示数据。"
            ),
            format!(
                "There is no database at {path}. Create one with `ggw init --db {path} --district NAME`, or try `ggw demo`."
            ),
        ),
        Error::DatabaseExists { path } => both(
            format!("{path} 已有数据库，未做任何改动。如要新建，请换一个路径。"),
            format!("{path} already holds a database; nothing was changed. Choose another path."),
        ),
        Error::DatabaseDenied { path, blocked } => both(
            format!(
                "没有权限使用数据库 {path}：当前用户没有 {blocked} 的读写权限。没有改动任何数据。请管理员为当前用户开放它的权限（chmod 或 chown），或在服务器上运行 ggw serve，由它打开数据库，各用户连接它。"
            ),
            format!(
                "Permission denied for the database at {path}: this user lacks read or write access to {blocked}. Nothing was changed. Ask an administrator to give this user access to it (chmod or chown), or run `ggw serve` on the server, which opens the database for everyone."
            ),
        ),
        Error::DatabaseDiskFull { path } => both(
            format!(
                "磁盘已满，无法打开数据库 {path}（打开时也要写入少量数据）。没有改动任何数据。请腾出该磁盘的空间（或请服务器管理员清理）后再试。"
            ),
            format!(
                "The disk is full, so the database at {path} could not be opened (opening it writes a little). Nothing was changed. Free some space on that disk (or ask the server's administrator) and try again."
            ),
        ),
        Error::DatabaseUnopenable { path, detail } => both(
            format!(
                "无法打开数据库 {path}：{detail}。没有改动任何数据。请检查磁盘和该文件夹，然后运行 ggw check。"
            ),
            format!(
                "Cannot open the database at {path}: {detail}. Nothing was changed. Check the disk and the folder, then run `ggw check`."
            ),
        ),
        Error::SchemaTooNew { found, supported } => both(
            format!(
                "数据库的格式版本是 {found}，本程序只支持到 {supported}。请升级 ggw 后再打开。"
            ),
            format!(
                "The database has format version {found}; this ggw supports up to {supported}. Please upgrade ggw."
            ),
        ),
        Error::Corrupt { what } => both(
            format!(
                "数据损坏：{what}。请管理员运行 ggw check 查看，再用 ggw repair 隔离损坏的记录，或从备份恢复。"
            ),
            format!(
                "Damaged data: {what}. An administrator can run `ggw check` to see it, then `ggw repair` to set damaged records aside, or restore from a backup."
            ),
        ),
        Error::Storage { detail } => both(
            format!("存储出错，未保存：{detail}"),
            format!("Storage error, nothing saved: {detail}"),
        ),
        Error::Io { detail } => both(
            format!("读写出错：{detail}"),
            format!("I/O error: {detail}"),
        ),
        Error::DiskFull => both(
            "磁盘已满，这次修改没有保存。请腾出磁盘空间（或请服务器管理员清理）后再试。",
            "The disk is full; this change was not saved. Free some disk space (or ask the server's administrator) and try again.",
        ),
        Error::Unopenable { path, detail } => both(
            format!(
                "数据库 {path} 的文件已损坏，无法打开（{detail}）。请从备份恢复；损坏的文件夹请先另存一份，便于查明原因。"
            ),
            format!(
                "The database {path} cannot be opened: its files are damaged ({detail}). Restore it from a backup; keep a copy of the damaged folder to find out what happened."
            ),
        ),
        Error::RecordTooLarge { tree, bytes, max } => both(
            format!(
                "记录太大，没有保存：{tree} 中的一条记录有 {bytes} 字节，最多 {max} 字节。请删减其中的文字或列表后再试。"
            ),
            format!(
                "Not saved: a record of {tree} would take {bytes} bytes, at most {max}. Shorten its text or lists and try again."
            ),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}
