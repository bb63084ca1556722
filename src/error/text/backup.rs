//! Backups and restores.

use super::{Msg, both};
use crate::error::Error;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::BackupBroken { line, zh, en } => both(
            format!("备份文件第 {line} 行有问题：{zh}。没有恢复任何数据。"),
            format!("The backup file is broken at line {line}: {en}. Nothing was restored."),
        ),
        Error::BackupRunning => both(
            "另一个备份正在进行，请等它结束后再试。",
            "Another backup is running; try again when it has finished.",
        ),
        Error::RestoreTargetInUse { path } => both(
            format!(
                "{path} 已存在且不是空文件夹，未做任何改动。恢复只写入新文件夹，请用 --db 指定一个新路径。"
            ),
            format!(
                "{path} exists and is not an empty folder; nothing was changed. A restore writes only into a new folder: name one with --db."
            ),
        ),
        Error::RestoreCheckFailed { faults } => both(
            format!(
                "恢复出的数据库没有通过检查（{} 处问题），已删除，没有留下任何数据：\n{}",
                faults.len(),
                faults
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            format!(
                "The restored database failed the checks ({} faults), so it was removed; nothing was left behind:\n{}",
                faults.len(),
                faults
                    .iter()
                    .take(20)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
        ),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}
