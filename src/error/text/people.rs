//! People, their posts, and importing them.

use super::{Msg, both};
use std::collections::BTreeSet;

use crate::error::{Error, RowProblem};
use crate::lang::Lang;

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::InvalidField { zh, en, .. } => both(zh.clone(), en.clone()),
        Error::DateRequired { .. } => both("请填写日期", "give a date"),
        Error::PersonNotFound { given } => both(
            format!("找不到人员“{given}”。请用编号、姓名或身份证号，可用 ggw people list 查看。"),
            format!(
                "No person \"{given}\". Name them by id, name or ID number; `ggw people list` lists them."
            ),
        ),
        Error::PersonAmbiguous { given, candidates } => both(
            format!(
                "有 {} 人叫“{given}”：{}。请改用编号。",
                candidates.len(),
                candidates.join("；")
            ),
            format!(
                "{} people are called \"{given}\": {}. Use the id instead.",
                candidates.len(),
                candidates.join("; ")
            ),
        ),
        Error::DuplicateIdNumber {
            masked,
            existing,
            existing_name,
        } => both(
            format!("身份证号 {masked} 已登记为 #{existing} {existing_name}，不能重复登记。"),
            format!(
                "ID number {masked} is already registered as #{existing} {existing_name}; a person cannot be registered twice."
            ),
        ),
        Error::DuplicateNameBirth {
            name,
            birth,
            unit,
            existing,
        } => both(
            format!(
                "“{unit}”已有同名同出生日期的人员：#{existing} {name}（{birth}），不能重复登记。"
            ),
            format!(
                "\"{unit}\" already has #{existing} {name} born {birth}; a person cannot be registered twice."
            ),
        ),
        Error::NotAnElder { name } => both(
            format!("{name} 不在五老名册上。"),
            format!("{name} is not on the elder roll."),
        ),
        Error::AlreadyStruckOff { name, on } => both(
            format!("{name} 已于 {on} 除名。"),
            format!("{name} was struck off on {on}."),
        ),
        Error::PositionEnded { id, on } => both(
            format!("任职 #{id} 已于 {on} 结束。"),
            format!("Term #{id} already ended on {on}."),
        ),
        Error::EndBeforeStart { from, to } => both(
            format!("结束日期 {to} 早于开始日期 {from}，请检查日期。"),
            format!("The end date {to} is before the start date {from}: please check the dates."),
        ),
        Error::RoleHeld {
            role,
            holder,
            unit,
            position,
        } => both(
            format!(
                "“{unit}”的{}由 {holder} 担任（任职 #{position}）。请先用 ggw position end {position} --on 日期 结束其任期。",
                role.label_zh()
            ),
            format!(
                "{holder} holds the post of {} in \"{unit}\" (term #{position}). End that term first: ggw position end {position} --on DATE.",
                role.label_en()
            ),
        ),
        Error::IdNumberRegistered { masked } => both(
            format!("身份证号 {masked} 已登记，不能重复登记。"),
            format!(
                "ID number {masked} is already registered; a person cannot be registered twice."
            ),
        ),
        Error::ImportFile { zh, en } => {
            both(format!("无法导入：{zh}"), format!("Cannot import: {en}"))
        }
        Error::ImportRejected { problems } => {
            let rows = problems
                .iter()
                .map(|p| p.line)
                .collect::<BTreeSet<_>>()
                .len();
            let list = list_problems(problems);
            both(
                format!(
                    "导入未执行，没有写入任何数据：{rows} 行有问题，请改正后重新导入。\n{}",
                    list.zh
                ),
                format!(
                    "Nothing was imported: {rows} rows have problems. Correct them and import again.\n{}",
                    list.en
                ),
            )
        }
        _ => unreachable!("{e:?} has its text in another area"),
    }
}

impl RowProblem {
    pub fn message(&self, lang: Lang) -> String {
        self.both().pick(lang)
    }

    fn both(&self) -> Msg {
        both(
            format!("第 {} 行：{}", self.line, self.zh),
            format!("line {}: {}", self.line, self.en),
        )
    }
}

/// Import reports stop listing rows after this many; the count says the rest.
const MAX_LISTED_PROBLEMS: usize = 200;

fn list_problems(problems: &[RowProblem]) -> Msg {
    let listed = problems
        .iter()
        .take(MAX_LISTED_PROBLEMS)
        .map(RowProblem::both);
    let (mut zh, mut en): (Vec<String>, Vec<String>) = listed.map(|m| (m.zh, m.en)).unzip();
    if problems.len() > MAX_LISTED_PROBLEMS {
        let more = problems.len() - MAX_LISTED_PROBLEMS;
        zh.push(format!("……另有 {more} 处问题未列出"));
        en.push(format!("… and {more} more problems"));
    }
    both(zh.join("\n"), en.join("\n"))
}
