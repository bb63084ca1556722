//! `ggw report`: its title, the summary's sentences, each section's title
//! and sheet name, and the heads of its tables.

use crate::domain::day::Day;
use crate::domain::people_figures::PeopleFigures;
use crate::domain::work::WorkTally;
use crate::lang::Lang;

/// Heads of a table, Chinese or English.
fn heads(lang: Lang, zh: &[&'static str], en: &[&'static str]) -> Vec<String> {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
    .iter()
    .map(|h| h.to_string())
    .collect()
}

pub fn written_to(lang: Lang) -> &'static str {
    lang.pick("已写入报表", "Report written to")
}

pub fn title(lang: Lang, unit_path: &str, from: Day, to: Day) -> String {
    match lang {
        Lang::Zh => format!("关工委工作统计  {unit_path}  {from} 至 {to}"),
        Lang::En => format!("Report  {unit_path}  {from} to {to}"),
    }
}

/// Title and sheet of the summary.
pub fn summary(lang: Lang) -> &'static str {
    lang.pick("概况", "Summary")
}

/// The summary's lines of people and tasks.
pub fn summary_lines(lang: Lang, f: &PeopleFigures, open: usize, overdue: usize) -> Vec<String> {
    match lang {
        Lang::Zh => vec![
            format!(
                "五老在册：期初 {} 人，期末 {} 人（其中骨干 {} 人）",
                f.on_roll_start, f.on_roll_end, f.core_elders_end
            ),
            format!("新入列 {} 人；除名 {} 人", f.joined, f.struck_off),
            format!(
                "重新登记 {} 人；谈心谈话 {} 次；受表彰 {} 人",
                f.reregistered, f.talks, f.honoured
            ),
            format!(
                "{} 个月内无谈话和工作记录的五老 {} 人",
                f.under_active_months, f.under_active_count
            ),
            format!(
                "空缺职位 {} 个；无常务副主任的单位 {} 个",
                f.vacancies.len(),
                f.units_without_executive_deputy.len()
            ),
            format!("未完成任务 {open} 项，其中逾期 {overdue} 项"),
        ],
        Lang::En => vec![
            format!(
                "Elders on the roll: {} at the start, {} at the end ({} core)",
                f.on_roll_start, f.on_roll_end, f.core_elders_end
            ),
            format!("Joined {}; struck off {}", f.joined, f.struck_off),
            format!(
                "Re-registered {}; talks {}; people honoured {}",
                f.reregistered, f.talks, f.honoured
            ),
            format!(
                "Elders with no talk or work record in {} months: {}",
                f.under_active_months, f.under_active_count
            ),
            format!(
                "Vacant posts {}; units without an executive deputy {}",
                f.vacancies.len(),
                f.units_without_executive_deputy.len()
            ),
            format!("Open tasks {open}, overdue {overdue}"),
        ],
    }
}

/// One category's average age, for the summary's last line.
pub fn average_age(lang: Lang, category: &str, average: f64, count: usize) -> String {
    match lang {
        Lang::Zh => format!("{category} {average:.1} 岁（{count} 人）"),
        Lang::En => format!("{category} {average:.1} ({count} people)"),
    }
}

pub fn average_age_label(lang: Lang) -> &'static str {
    lang.pick("平均年龄：", "Average age: ")
}

/// Title and sheet of the table of the units below.
pub fn by_unit(lang: Lang) -> &'static str {
    lang.pick("各单位", "By unit")
}

pub fn by_unit_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &[
            "单位",
            "期初在册",
            "期末在册",
            "骨干",
            "新入列",
            "除名",
            "谈心谈话",
            "活动不足",
        ],
        &[
            "Unit",
            "Start",
            "End",
            "Core",
            "Joined",
            "Struck off",
            "Talks",
            "Under-active",
        ],
    )
}

/// Title and sheet of the work records' figures.
pub fn work_title(lang: Lang) -> &'static str {
    lang.pick("工作开展情况", "Work")
}

/// Activities, online and offline, young people reached, and the kinds
/// (already joined, most first).
pub fn activities_line(lang: Lang, t: &WorkTally, kinds: &str) -> String {
    let offline = t.activities.saturating_sub(t.online);
    match lang {
        Lang::Zh => format!(
            "活动 {} 次（线上 {}，线下 {offline}），覆盖青少年 {} 人次；按类型：{kinds}",
            t.activities, t.online, t.youths
        ),
        Lang::En => format!(
            "Activities {} ({} online, {offline} offline), young people reached {}; by kind: {kinds}",
            t.activities, t.online, t.youths
        ),
    }
}

pub fn trainings_line(lang: Lang, t: &WorkTally, modes: &str) -> String {
    match lang {
        Lang::Zh => format!(
            "培训 {} 期，{} 人次；按方式：{modes}",
            t.trainings, t.person_times
        ),
        Lang::En => format!(
            "Trainings {}, {} person-times; by mode: {modes}",
            t.trainings, t.person_times
        ),
    }
}

pub fn visits_line(lang: Lang, visits: u32, people: usize, villages: usize) -> String {
    match lang {
        Lang::Zh => format!("下村工作 {visits} 次，{people} 人，走访村（社区）{villages} 个"),
        Lang::En => format!("Village visits {visits}, by {people} people, to {villages} villages"),
    }
}

pub fn study_line(lang: Lang, sessions: u32, students: u64) -> String {
    match lang {
        Lang::Zh => format!("研学 {sessions} 场，学生 {students} 人次"),
        Lang::En => format!("Study-base sessions {sessions}, students {students}"),
    }
}

/// Title and sheet of the work records by unit below.
pub fn work_by_unit(lang: Lang) -> &'static str {
    lang.pick("各单位工作", "Work by unit")
}

pub fn work_by_unit_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["单位", "活动", "培训", "下村工作", "研学"],
        &[
            "Unit",
            "Activities",
            "Trainings",
            "Village visits",
            "Study sessions",
        ],
    )
}

/// After the report's own unit, in the row of its people not in the units
/// below.
pub fn itself(lang: Lang) -> &'static str {
    lang.pick("（本级）", " (itself)")
}

pub fn total(lang: Lang) -> &'static str {
    lang.pick("合计", "Total")
}

pub fn by_source(lang: Lang) -> &'static str {
    lang.pick("按来源：", "by source: ")
}

pub fn by_category(lang: Lang) -> &'static str {
    lang.pick("按类别：", "by category: ")
}

pub fn by_reason(lang: Lang) -> &'static str {
    lang.pick("按原因：", "by reason: ")
}

/// Heads of the list of who joined, or who was struck off.
pub fn roll_head(lang: Lang, struck: bool) -> Vec<String> {
    match struck {
        true => heads(
            lang,
            &["序号", "姓名", "单位", "除名日期", "类别", "原因", "说明"],
            &[
                "No.",
                "Name",
                "Unit",
                "Struck off",
                "Category",
                "Reason",
                "Note",
            ],
        ),
        false => heads(
            lang,
            &["序号", "姓名", "单位", "入列日期", "类别", "来源"],
            &["No.", "Name", "Unit", "Joined", "Category", "Source"],
        ),
    }
}

pub fn joined_title(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("新入列 {n} 人"),
        Lang::En => format!("Joined: {n}"),
    }
}

pub fn joined_sheet(lang: Lang) -> &'static str {
    lang.pick("新入列", "Joined")
}

pub fn struck_off_title(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("除名 {n} 人"),
        Lang::En => format!("Struck off: {n}"),
    }
}

pub fn struck_off_sheet(lang: Lang) -> &'static str {
    lang.pick("除名", "Struck off")
}

pub fn under_active_title(lang: Lang, months: u32, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{months} 个月内无谈话和工作记录的五老 {n} 人"),
        Lang::En => format!("Elders with no talk or work record in {months} months: {n}"),
    }
}

/// Under a cut queue: how many are shown and the command listing them all.
pub fn under_active_more(lang: Lang, shown: usize, command: &str) -> String {
    match lang {
        Lang::Zh => format!("以下为前 {shown} 人；全部名单：{command}"),
        Lang::En => format!("The first {shown} are listed; all of them: {command}"),
    }
}

pub fn under_active_sheet(lang: Lang) -> &'static str {
    lang.pick("活动不足", "Under-active")
}

pub fn under_active_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["序号", "姓名", "单位", "最近谈话", "最近活动"],
        &["No.", "Name", "Unit", "Last talk", "Last activity"],
    )
}

pub fn teams_title(lang: Lang, teams: usize, changed: usize) -> String {
    match lang {
        Lang::Zh => format!("班子调整：{teams} 个班子中 {changed} 个有新任成员"),
        Lang::En => format!("Team changes: {changed} of {teams} teams have new members"),
    }
}

pub fn teams_sheet(lang: Lang) -> &'static str {
    lang.pick("班子调整", "Team changes")
}

pub fn teams_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["单位", "职位", "新任", "调整比率"],
        &["Unit", "Posts", "Newly filled", "Turnover"],
    )
}

pub fn vacancies_title(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("空缺职位 {n} 个"),
        Lang::En => format!("Vacant posts: {n}"),
    }
}

pub fn vacancies_sheet(lang: Lang) -> &'static str {
    lang.pick("空缺职位", "Vacant posts")
}

pub fn vacancies_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["单位", "职务", "空缺起始", "天数"],
        &["Unit", "Post", "Vacant since", "Days"],
    )
}

pub fn no_executive_deputy_title(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("无常务副主任的单位 {n} 个"),
        Lang::En => format!("Units without an executive deputy: {n}"),
    }
}

pub fn no_executive_deputy_sheet(lang: Lang) -> &'static str {
    lang.pick("无常务副主任", "No executive deputy")
}

pub fn no_executive_deputy_head(lang: Lang) -> Vec<String> {
    heads(lang, &["单位"], &["Unit"])
}

pub fn meetings_title(lang: Lang) -> &'static str {
    lang.pick("会议召开情况", "Meetings")
}

pub fn meetings_sheet(lang: Lang) -> &'static str {
    lang.pick("会议", "Meetings")
}

pub fn meetings_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["会议", "计划", "已召开", "取消", "过期未登记"],
        &[
            "Meeting",
            "Planned",
            "Held",
            "Cancelled",
            "Past, not recorded",
        ],
    )
}

pub fn attendance_title(lang: Lang) -> &'static str {
    lang.pick(
        "出席率（本人出席 / 应到）",
        "Attendance (present in person / expected)",
    )
}

pub fn attendance_sheet(lang: Lang) -> &'static str {
    lang.pick("出席率", "Attendance")
}

pub fn attendance_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["姓名", "出席", "应到", "出席率"],
        &["Name", "Present", "Expected", "Rate"],
    )
}

pub fn represented_title(lang: Lang) -> &'static str {
    lang.pick(
        "各单位到会率（含代会）",
        "Units represented (substitutes included)",
    )
}

pub fn represented_sheet(lang: Lang) -> &'static str {
    lang.pick("各单位到会率", "Units represented")
}

pub fn represented_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["单位", "到会", "应到", "到会率"],
        &["Unit", "Represented", "Expected", "Rate"],
    )
}

pub fn tasks_title(lang: Lang, overdue: usize) -> String {
    match lang {
        Lang::Zh => format!("任务（逾期合计 {overdue} 项）"),
        Lang::En => format!("Tasks ({overdue} overdue in all)"),
    }
}

pub fn tasks_sheet(lang: Lang) -> &'static str {
    lang.pick("任务", "Tasks")
}

pub fn tasks_head(lang: Lang) -> Vec<String> {
    heads(
        lang,
        &["负责人", "新开", "完成", "未完成", "逾期"],
        &["Owner", "Opened", "Done", "Open", "Overdue"],
    )
}

/// `--format xlsx` without `-o` (zh, en).
pub fn xlsx_needs_file() -> (String, String) {
    (
        "XLSX 报表要写入文件：请加 -o 文件名.xlsx".into(),
        "An XLSX report is written to a file: add -o FILE.xlsx".into(),
    )
}

/// Title and sheet of the 三创 figures.
pub fn sanchuang_title(lang: Lang) -> &'static str {
    lang.pick("三创工作", "Three creations (三创)")
}

pub fn plans_accepted_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("检查验收通过、转入总结推广的培育规划 {n} 个"),
        Lang::En => format!("Plans accepted on inspection (on to promotion): {n}"),
    }
}

pub fn guidance_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("工作组督促指导 {n} 次"),
        Lang::En => format!("Guidance visits by working groups: {n}"),
    }
}

pub fn info_written_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("撰写信息 {n} 条"),
        Lang::En => format!("Info items written: {n}"),
    }
}

/// All adoptions, then by level (already joined, nought left out).
pub fn adoptions_line(lang: Lang, n: usize, levels: &str) -> String {
    match lang {
        Lang::Zh => format!("信息被采用 {n} 次：{levels}"),
        Lang::En => format!("Info adoptions {n}: {levels}"),
    }
}

pub fn bulletins_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("编发简报 {n} 期"),
        Lang::En => format!("Bulletin issues: {n}"),
    }
}

/// Over the table of plans by unit kind and stage.
pub fn plans_line(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Zh => format!("期末在培育的规划 {n} 个，按单位类型和阶段："),
        Lang::En => format!("Live plans at the period's end: {n}, by unit kind and stage:"),
    }
}

pub fn unit_kind_head(lang: Lang) -> &'static str {
    lang.pick("单位类型", "Unit kind")
}

pub fn total_head(lang: Lang) -> &'static str {
    lang.pick("合计", "Total")
}
