//! `ggw report`: the figures of a period for a part of the hierarchy, as
//! text for people, JSON (English snake_case keys) for scripts, or a
//! workbook to hand on. Lists answer "who" in full; a district's report has
//! a row per township, street and bureau below it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use super::args::ReportFormat;
use super::fmt::json;
use super::people::parse_day;
use super::report_doc::{Cell, Doc, Section, Table, write_text, xlsx};
use crate::api::meetings::GetMeetingFigures;
use crate::api::people::{GetPeopleFigures, GetPeopleFiguresOf};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::day::Day;
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::people_figures::{PeopleFigures, Period, RollChange};
use crate::domain::person::{Category, RemovalReason, Source};
use crate::domain::tree::UnitTree;
use crate::domain::unit::UnitId;
use crate::error::{Error, Field, Result};
use crate::lang::Lang;

pub struct ReportArgs {
    pub from: Option<String>,
    pub to: Option<String>,
    pub unit: Option<String>,
    pub months: u32,
    /// "Overdue" is judged as of this day.
    pub today: Option<String>,
    pub format: ReportFormat,
    pub output: Option<PathBuf>,
}

pub fn report(ctx: &Context, args: ReportArgs) -> Result<ExitCode> {
    let b = ctx.open()?;
    let today = match args.today {
        Some(s) => parse_day(&s, Field::Date)?,
        None => Day::today(),
    };
    let from = match args.from {
        Some(s) => parse_day(&s, Field::Date)?,
        None => Day::ymd(today.year(), 1, 1).unwrap_or(today),
    };
    let to = match args.to {
        Some(s) => parse_day(&s, Field::Date)?,
        None => Day::ymd(today.year(), 12, 31).unwrap_or(today),
    };
    let unit = match args.unit {
        Some(u) => Some(
            b.run(ResolveUnit {
                given: u.to_string(),
            })?
            .id,
        ),
        None => None,
    };
    if args.format == ReportFormat::Xlsx && args.output.is_none() {
        return Err(Error::InvalidField {
            field: Field::Text,
            zh: "XLSX 报表要写入文件：请加 -o 文件名.xlsx".into(),
            en: "An XLSX report is written to a file: add -o FILE.xlsx".into(),
        });
    }
    let period = Period { from, to };
    let people = b.run(GetPeopleFigures {
        unit,
        period,
        under_active_months: args.months,
    })?;
    let meetings = b.run(GetMeetingFigures {
        from: from.date(),
        to: to.date(),
        today: today.date(),
    })?;
    let units = unit_rows(b.as_ref(), people.unit, period, args.months)?;
    let overdue_tasks: usize = meetings.tasks.iter().map(|t| t.overdue).sum();
    if args.format == ReportFormat::Json {
        json(&Report {
            people: &people,
            meetings: &meetings,
            units: &units,
            overdue_tasks,
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let tree = UnitTree::new(b.run(ListUnits {
        include_archived: true,
    })?);
    let doc = document(&people, &meetings, &units, &tree, ctx.lang);
    match (args.format, args.output) {
        (ReportFormat::Xlsx, Some(path)) => {
            std::fs::write(&path, xlsx(&doc)?).map_err(|e| Error::Io {
                detail: format!("{}: {e}", path.display()),
            })?;
            eprintln!(
                "{} {}",
                ctx.lang.pick("已写入报表", "Report written to"),
                path.display()
            );
        }
        _ => write_text(&doc)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// One section per part of the work; later issues add theirs.
#[derive(serde::Serialize)]
struct Report<'a> {
    people: &'a PeopleFigures,
    meetings: &'a MeetingFigures,
    /// A row per unit directly below the report's unit, and its own people.
    units: &'a [UnitRow],
    overdue_tasks: usize,
}

/// The people figures of one unit and everything below it.
#[derive(serde::Serialize)]
struct UnitRow {
    unit: UnitId,
    unit_path: String,
    on_roll_start: usize,
    on_roll_end: usize,
    core_elders_end: usize,
    joined: usize,
    struck_off: usize,
    talks: usize,
    under_active: usize,
}

impl UnitRow {
    fn of(f: &PeopleFigures) -> UnitRow {
        UnitRow {
            unit: f.unit,
            unit_path: f.unit_path.clone(),
            on_roll_start: f.on_roll_start,
            on_roll_end: f.on_roll_end,
            core_elders_end: f.core_elders_end,
            joined: f.joined,
            struck_off: f.struck_off,
            talks: f.talks,
            under_active: f.under_active.len(),
        }
    }
}

/// A row per live unit directly below `root`, in the tree's order; empty
/// when it has none (a village's report has no table).
fn unit_rows(b: &dyn Backend, root: UnitId, period: Period, months: u32) -> Result<Vec<UnitRow>> {
    let tree = UnitTree::new(b.run(ListUnits {
        include_archived: false,
    })?);
    let children: Vec<UnitId> = tree
        .walk(false)
        .into_iter()
        .filter(|(_, u)| u.parent == Some(root))
        .map(|(_, u)| u.id)
        .collect();
    // One request for them all: each alone would read every person again.
    Ok(b.run(GetPeopleFiguresOf {
        units: children,
        period,
        under_active_months: months,
    })?
    .iter()
    .map(UnitRow::of)
    .collect())
}

fn counts(map: &BTreeMap<String, usize>, label: impl Fn(&str) -> String, lang: Lang) -> String {
    let mut items: Vec<(&String, &usize)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    items
        .into_iter()
        .map(|(k, v)| format!("{} {v}", label(k)))
        .collect::<Vec<_>>()
        .join(lang.pick("，", ", "))
}

fn category(c: &str, lang: Lang) -> String {
    Category::parse(&c.replace('_', "-")).map_or(c.to_string(), |s| s.label(lang).to_string())
}

fn source(c: &str, lang: Lang) -> String {
    Source::parse(&c.replace('_', "-")).map_or(c.to_string(), |s| s.label(lang).to_string())
}

fn reason(c: &str, lang: Lang) -> String {
    RemovalReason::parse(&c.replace('_', "-")).map_or(c.to_string(), |s| s.label(lang).to_string())
}

/// The whole report, in `lang`, one date format (2024-03-01) throughout.
fn document(
    f: &PeopleFigures,
    m: &MeetingFigures,
    units: &[UnitRow],
    tree: &UnitTree,
    lang: Lang,
) -> Doc {
    let zh = lang == Lang::Zh;
    let title = match lang {
        Lang::Zh => format!("关工委工作统计  {}  {} 至 {}", f.unit_path, f.from, f.to),
        Lang::En => format!("Report  {}  {} to {}", f.unit_path, f.from, f.to),
    };
    let mut sections = Vec::new();
    let overdue: usize = m.tasks.iter().map(|t| t.overdue).sum();
    let open: usize = m.tasks.iter().map(|t| t.open).sum();

    let mut summary = Section::new(lang.pick("概况", "Summary"), lang.pick("概况", "Summary"));
    let l = &mut summary.lines;
    if zh {
        l.push(format!(
            "五老在册：期初 {} 人，期末 {} 人（其中骨干 {} 人）",
            f.on_roll_start, f.on_roll_end, f.core_elders_end
        ));
        l.push(format!("新入列 {} 人；除名 {} 人", f.joined, f.struck_off));
        l.push(format!(
            "重新登记 {} 人；谈心谈话 {} 次；受表彰 {} 人",
            f.reregistered, f.talks, f.honoured
        ));
        l.push(format!(
            "{} 个月内无谈心谈话记录的五老 {} 人",
            f.under_active_months,
            f.under_active.len()
        ));
        l.push(format!(
            "空缺职位 {} 个；无常务副主任的单位 {} 个",
            f.vacancies.len(),
            f.units_without_executive_deputy.len()
        ));
        l.push(format!("未完成任务 {open} 项，其中逾期 {overdue} 项"));
    } else {
        l.push(format!(
            "Elders on the roll: {} at the start, {} at the end ({} core)",
            f.on_roll_start, f.on_roll_end, f.core_elders_end
        ));
        l.push(format!("Joined {}; struck off {}", f.joined, f.struck_off));
        l.push(format!(
            "Re-registered {}; talks {}; people honoured {}",
            f.reregistered, f.talks, f.honoured
        ));
        l.push(format!(
            "Elders with no talk in {} months: {}",
            f.under_active_months,
            f.under_active.len()
        ));
        l.push(format!(
            "Vacant posts {}; units without an executive deputy {}",
            f.vacancies.len(),
            f.units_without_executive_deputy.len()
        ));
        l.push(format!("Open tasks {open}, overdue {overdue}"));
    }
    if !f.average_age_by_category.is_empty() {
        let ages: Vec<String> = f
            .average_age_by_category
            .iter()
            .map(|(k, a)| match lang {
                Lang::Zh => format!(
                    "{} {:.1} 岁（{} 人）",
                    category(k, lang),
                    a.average,
                    a.count
                ),
                Lang::En => format!(
                    "{} {:.1} ({} people)",
                    category(k, lang),
                    a.average,
                    a.count
                ),
            })
            .collect();
        l.push(format!(
            "{}{}",
            lang.pick("平均年龄：", "Average age: "),
            ages.join(lang.pick("；", "; "))
        ));
    }
    sections.push(summary);

    if !units.is_empty() {
        let mut s = Section::new(
            lang.pick("各单位", "By unit"),
            lang.pick("各单位", "By unit"),
        );
        let head = if zh {
            [
                "单位",
                "期初在册",
                "期末在册",
                "骨干",
                "新入列",
                "除名",
                "谈心谈话",
                "活动不足",
            ]
        } else {
            [
                "Unit",
                "Start",
                "End",
                "Core",
                "Joined",
                "Struck off",
                "Talks",
                "Under-active",
            ]
        };
        let row = |name: String, r: &UnitRow| {
            vec![
                Cell::text(name),
                Cell::count(r.on_roll_start),
                Cell::count(r.on_roll_end),
                Cell::count(r.core_elders_end),
                Cell::count(r.joined),
                Cell::count(r.struck_off),
                Cell::count(r.talks),
                Cell::count(r.under_active),
            ]
        };
        let mut rows: Vec<Vec<Cell>> = units
            .iter()
            .map(|u| row(last_step(&u.unit_path).to_string(), u))
            .collect();
        // The report's own unit: what the rows below it leave over.
        let total = UnitRow::of(f);
        let sum = |g: fn(&UnitRow) -> usize| units.iter().map(g).sum::<usize>();
        let own = UnitRow {
            on_roll_start: total.on_roll_start.saturating_sub(sum(|r| r.on_roll_start)),
            on_roll_end: total.on_roll_end.saturating_sub(sum(|r| r.on_roll_end)),
            core_elders_end: total
                .core_elders_end
                .saturating_sub(sum(|r| r.core_elders_end)),
            joined: total.joined.saturating_sub(sum(|r| r.joined)),
            struck_off: total.struck_off.saturating_sub(sum(|r| r.struck_off)),
            talks: total.talks.saturating_sub(sum(|r| r.talks)),
            under_active: total.under_active.saturating_sub(sum(|r| r.under_active)),
            unit: total.unit,
            unit_path: total.unit_path.clone(),
        };
        rows.push(row(
            format!(
                "{}{}",
                last_step(&f.unit_path),
                lang.pick("（本级）", " (itself)")
            ),
            &own,
        ));
        rows.push(row(lang.pick("合计", "Total").to_string(), &total));
        s.table = Some(Table {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows,
        });
        sections.push(s);
    }

    let roll = |title: String, sheet: &str, list: &[RollChange], struck: bool| {
        let mut s = Section::new(title, sheet);
        if !struck && !list.is_empty() {
            s.lines.push(format!(
                "{}{}",
                lang.pick("按来源：", "by source: "),
                counts(&f.joined_by_source, |c| source(c, lang), lang)
            ));
            s.lines.push(format!(
                "{}{}",
                lang.pick("按类别：", "by category: "),
                counts(&f.joined_by_category, |c| category(c, lang), lang)
            ));
        }
        if struck && !list.is_empty() {
            s.lines.push(format!(
                "{}{}",
                lang.pick("按原因：", "by reason: "),
                counts(&f.struck_off_by_reason, |c| reason(c, lang), lang)
            ));
        }
        let mut head: Vec<&str> = if zh {
            vec![
                "序号",
                "姓名",
                "单位",
                if struck {
                    "除名日期"
                } else {
                    "入列日期"
                },
                "类别",
            ]
        } else {
            vec![
                "No.",
                "Name",
                "Unit",
                if struck { "Struck off" } else { "Joined" },
                "Category",
            ]
        };
        if struck {
            head.extend(if zh {
                ["原因", "说明"]
            } else {
                ["Reason", "Note"]
            });
        } else {
            head.push(lang.pick("来源", "Source"));
        }
        let rows = list
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut r = vec![
                    Cell::count(i + 1),
                    Cell::text(p.name.clone()),
                    Cell::text(p.unit_path.clone()),
                    Cell::Day(p.on),
                    Cell::text(category(&p.category, lang)),
                ];
                if struck {
                    r.push(Cell::text(
                        p.reason
                            .as_deref()
                            .map(|c| reason(c, lang))
                            .unwrap_or_default(),
                    ));
                    r.push(if p.note.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::text(p.note.clone())
                    });
                } else {
                    r.push(Cell::text(source(&p.source, lang)));
                }
                r
            })
            .collect();
        s.table = Some(Table {
            head: head.iter().map(|h| h.to_string()).collect(),
            rows,
        });
        s
    };
    sections.push(roll(
        match lang {
            Lang::Zh => format!("新入列 {} 人", f.joined),
            Lang::En => format!("Joined: {}", f.joined),
        },
        lang.pick("新入列", "Joined"),
        &f.joined_people,
        false,
    ));
    sections.push(roll(
        match lang {
            Lang::Zh => format!("除名 {} 人", f.struck_off),
            Lang::En => format!("Struck off: {}", f.struck_off),
        },
        lang.pick("除名", "Struck off"),
        &f.struck_off_people,
        true,
    ));

    let mut s = Section::new(
        match lang {
            Lang::Zh => format!(
                "{} 个月内无谈心谈话记录的五老 {} 人",
                f.under_active_months,
                f.under_active.len()
            ),
            Lang::En => format!(
                "Elders with no talk in {} months: {}",
                f.under_active_months,
                f.under_active.len()
            ),
        },
        lang.pick("活动不足", "Under-active"),
    );
    s.table = Some(Table {
        head: if zh {
            vec!["序号", "姓名", "单位", "最近谈话", "最近活动"]
        } else {
            vec!["No.", "Name", "Unit", "Last talk", "Last activity"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: f
            .under_active
            .iter()
            .enumerate()
            .map(|(i, u)| {
                vec![
                    Cell::count(i + 1),
                    Cell::text(u.name.clone()),
                    Cell::text(u.unit_path.clone()),
                    Cell::day(u.last_talk),
                    Cell::day(u.last_activity),
                ]
            })
            .collect(),
    });
    sections.push(s);

    let changed: Vec<_> = f.teams.iter().filter(|t| t.newly_filled > 0).collect();
    let mut s = Section::new(
        match lang {
            Lang::Zh => format!(
                "班子调整：{} 个班子中 {} 个有新任成员",
                f.teams.len(),
                changed.len()
            ),
            Lang::En => format!(
                "Team changes: {} of {} teams have new members",
                changed.len(),
                f.teams.len()
            ),
        },
        lang.pick("班子调整", "Team changes"),
    );
    s.table = Some(Table {
        head: if zh {
            vec!["单位", "职位", "新任", "调整比率"]
        } else {
            vec!["Unit", "Posts", "Newly filled", "Turnover"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: changed
            .iter()
            .map(|t| {
                vec![
                    Cell::text(t.unit_path.clone()),
                    Cell::count(t.positions),
                    Cell::count(t.newly_filled),
                    Cell::Percent(t.turnover_percent),
                ]
            })
            .collect(),
    });
    sections.push(s);

    let mut s = Section::new(
        match lang {
            Lang::Zh => format!("空缺职位 {} 个", f.vacancies.len()),
            Lang::En => format!("Vacant posts: {}", f.vacancies.len()),
        },
        lang.pick("空缺职位", "Vacant posts"),
    );
    s.table = Some(Table {
        head: if zh {
            vec!["单位", "职务", "空缺起始", "天数"]
        } else {
            vec!["Unit", "Post", "Vacant since", "Days"]
        }
        .into_iter()
        .map(String::from)
        .collect(),
        rows: f
            .vacancies
            .iter()
            .map(|v| {
                vec![
                    Cell::text(v.unit_path.clone()),
                    Cell::text(v.role.label(lang)),
                    Cell::Day(v.since),
                    Cell::Count(v.days.max(0) as u64),
                ]
            })
            .collect(),
    });
    sections.push(s);

    let mut s = Section::new(
        match lang {
            Lang::Zh => format!(
                "无常务副主任的单位 {} 个",
                f.units_without_executive_deputy.len()
            ),
            Lang::En => format!(
                "Units without an executive deputy: {}",
                f.units_without_executive_deputy.len()
            ),
        },
        lang.pick("无常务副主任", "No executive deputy"),
    );
    s.table = Some(Table {
        head: vec![lang.pick("单位", "Unit").to_string()],
        rows: f
            .units_without_executive_deputy
            .iter()
            .map(|u| vec![Cell::text(u.unit_path.clone())])
            .collect(),
    });
    sections.push(s);

    sections.extend(meeting_sections(m, tree, lang));
    Doc {
        title,
        summary_sheet: lang.pick("概况", "Summary").to_string(),
        sections,
    }
}

/// The last step of a unit's path: 四嘉子乡 of 爱辉区/四嘉子乡.
fn last_step(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn meeting_sections(m: &MeetingFigures, tree: &UnitTree, lang: Lang) -> Vec<Section> {
    let zh = lang == Lang::Zh;
    let heads = |zh_head: &[&str], en_head: &[&str]| -> Vec<String> {
        if zh { zh_head } else { en_head }
            .iter()
            .map(|h| h.to_string())
            .collect()
    };
    let mut out = Vec::new();

    let mut s = Section::new(
        lang.pick("会议召开情况", "Meetings"),
        lang.pick("会议", "Meetings"),
    );
    s.table = Some(Table {
        head: heads(
            &["会议", "计划", "已召开", "取消", "过期未登记"],
            &[
                "Meeting",
                "Planned",
                "Held",
                "Cancelled",
                "Past, not recorded",
            ],
        ),
        rows: m
            .series
            .iter()
            .map(|x| {
                vec![
                    Cell::text(x.title.clone()),
                    Cell::count(x.planned),
                    Cell::count(x.held),
                    Cell::count(x.cancelled),
                    Cell::count(x.unrecorded),
                ]
            })
            .collect(),
    });
    out.push(s);

    let mut s = Section::new(
        lang.pick(
            "出席率（本人出席 / 应到）",
            "Attendance (present in person / expected)",
        ),
        lang.pick("出席率", "Attendance"),
    );
    s.table = Some(Table {
        head: heads(
            &["姓名", "出席", "应到", "出席率"],
            &["Name", "Present", "Expected", "Rate"],
        ),
        rows: m
            .people
            .iter()
            .map(|p| {
                vec![
                    Cell::text(p.name.clone()),
                    Cell::count(p.present),
                    Cell::count(p.expected),
                    Cell::Percent(p.rate_percent()),
                ]
            })
            .collect(),
    });
    out.push(s);

    let mut s = Section::new(
        lang.pick(
            "各单位到会率（含代会）",
            "Units represented (substitutes included)",
        ),
        lang.pick("各单位到会率", "Units represented"),
    );
    s.table = Some(Table {
        head: heads(
            &["单位", "到会", "应到", "到会率"],
            &["Unit", "Represented", "Expected", "Rate"],
        ),
        rows: m
            .units
            .iter()
            .map(|u| {
                vec![
                    Cell::text(u.unit.map(|id| tree.path(id)).unwrap_or_default()),
                    Cell::count(u.present + u.substituted),
                    Cell::count(u.expected),
                    Cell::Percent(u.represented_percent()),
                ]
            })
            .collect(),
    });
    out.push(s);

    let overdue: usize = m.tasks.iter().map(|t| t.overdue).sum();
    let mut s = Section::new(
        match lang {
            Lang::Zh => format!("任务（逾期合计 {overdue} 项）"),
            Lang::En => format!("Tasks ({overdue} overdue in all)"),
        },
        lang.pick("任务", "Tasks"),
    );
    let mut rows: Vec<Vec<Cell>> = m
        .tasks
        .iter()
        .map(|t| {
            vec![
                Cell::text(t.owner.clone()),
                Cell::count(t.opened),
                Cell::count(t.done),
                Cell::count(t.open),
                Cell::count(t.overdue),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let sum = |g: fn(&crate::domain::meeting_figures::TaskFigures) -> usize| {
            Cell::count(m.tasks.iter().map(g).sum())
        };
        rows.push(vec![
            Cell::text(lang.pick("合计", "Total")),
            sum(|t| t.opened),
            sum(|t| t.done),
            sum(|t| t.open),
            sum(|t| t.overdue),
        ]);
    }
    s.table = Some(Table {
        head: heads(
            &["负责人", "新开", "完成", "未完成", "逾期"],
            &["Owner", "Opened", "Done", "Open", "Overdue"],
        ),
        rows,
    });
    out.push(s);
    out
}
