//! `ggw report`: the figures of a period for a part of the hierarchy, as
//! text for people or JSON (English snake_case keys) for scripts.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::process::ExitCode;

use super::Context;
use super::args::Format;
use super::fmt::{io_err, json};
use super::people::parse_day;
use crate::backend::{BackendExt, MeetingsExt, PeopleExt};
use crate::domain::day::Day;
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::people_figures::{PeopleFigures, Period};
use crate::domain::person::{Category, RemovalReason, Source};
use crate::domain::text::for_display;
use crate::error::{Field, Result};
use crate::lang::Lang;

/// The longest lists shown as text; JSON carries them whole.
const SHOWN: usize = 20;

pub struct ReportArgs {
    pub from: Option<String>,
    pub to: Option<String>,
    pub unit: Option<String>,
    pub months: u32,
    /// "Overdue" is judged as of this day.
    pub today: Option<String>,
    pub format: Format,
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
        Some(u) => Some(b.resolve_unit(&u)?.id),
        None => None,
    };
    let people = b.people_figures(unit, Period { from, to }, args.months)?;
    let meetings = b.meeting_figures(from.date(), to.date(), today.date())?;
    match args.format {
        Format::Json => json(&Report {
            people: &people,
            meetings: &meetings,
        })?,
        Format::Text => {
            print_text(&people, ctx.lang)?;
            println!();
            super::meetings::print_figures(b.as_ref(), &meetings, ctx.lang)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One section per part of the work; later issues add theirs.
#[derive(serde::Serialize)]
struct Report<'a> {
    people: &'a PeopleFigures,
    meetings: &'a MeetingFigures,
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

fn print_text(f: &PeopleFigures, lang: Lang) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    // The figures' keys are codes in snake_case (`own_request`).
    let code = |c: &str| c.replace('_', "-");
    let source =
        |c: &str| Source::parse(&code(c)).map_or(c.to_string(), |s| s.label(lang).to_string());
    let category =
        |c: &str| Category::parse(&code(c)).map_or(c.to_string(), |s| s.label(lang).to_string());
    let reason = |c: &str| {
        RemovalReason::parse(&code(c)).map_or(c.to_string(), |s| s.label(lang).to_string())
    };
    let title = |c: &str| for_display(c).into_owned();
    let mut lines: Vec<String> = Vec::new();
    let unit = for_display(&f.unit_path);
    match lang {
        Lang::Zh => {
            lines.push(format!("人员情况  {unit}  {} 至 {}", f.from, f.to));
            lines.push(format!(
                "五老在册：期初 {} 人，期末 {} 人（其中骨干 {} 人）",
                f.on_roll_start, f.on_roll_end, f.core_elders_end
            ));
            lines.push(format!("新入列：{} 人", f.joined));
            if f.joined > 0 {
                lines.push(format!(
                    "  按来源：{}",
                    counts(&f.joined_by_source, source, lang)
                ));
                lines.push(format!(
                    "  按类别：{}",
                    counts(&f.joined_by_category, category, lang)
                ));
            }
            lines.push(format!("除名：{} 人", f.struck_off));
            if f.struck_off > 0 {
                lines.push(format!(
                    "  按原因：{}",
                    counts(&f.struck_off_by_reason, reason, lang)
                ));
            }
            lines.push(format!(
                "重新登记 {} 人；谈心谈话 {} 次；受表彰 {} 人",
                f.reregistered, f.talks, f.honoured
            ));
            if f.honoured > 0 {
                lines.push(format!(
                    "  表彰：{}",
                    counts(&f.honours_by_title, title, lang)
                ));
            }
        }
        Lang::En => {
            lines.push(format!("People  {unit}  {} to {}", f.from, f.to));
            lines.push(format!(
                "Elders on the roll: {} at the start, {} at the end ({} core)",
                f.on_roll_start, f.on_roll_end, f.core_elders_end
            ));
            lines.push(format!("Joined: {}", f.joined));
            if f.joined > 0 {
                lines.push(format!(
                    "  by source: {}",
                    counts(&f.joined_by_source, source, lang)
                ));
                lines.push(format!(
                    "  by category: {}",
                    counts(&f.joined_by_category, category, lang)
                ));
            }
            lines.push(format!("Struck off: {}", f.struck_off));
            if f.struck_off > 0 {
                lines.push(format!(
                    "  by reason: {}",
                    counts(&f.struck_off_by_reason, reason, lang)
                ));
            }
            lines.push(format!(
                "Re-registered {}; talks {}; people honoured {}",
                f.reregistered, f.talks, f.honoured
            ));
            if f.honoured > 0 {
                lines.push(format!(
                    "  honours: {}",
                    counts(&f.honours_by_title, title, lang)
                ));
            }
        }
    }

    let changed: Vec<_> = f.teams.iter().filter(|t| t.newly_filled > 0).collect();
    lines.push(match lang {
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
    });
    for t in changed.iter().take(SHOWN) {
        lines.push(match lang {
            Lang::Zh => format!(
                "  {}：{} 个职位，新任 {} 人，调整比率 {}%",
                for_display(&t.unit_path),
                t.positions,
                t.newly_filled,
                t.turnover_percent
            ),
            Lang::En => format!(
                "  {}: {} posts, {} newly filled, turnover {}%",
                for_display(&t.unit_path),
                t.positions,
                t.newly_filled,
                t.turnover_percent
            ),
        });
    }
    more(&mut lines, changed.len(), lang);

    lines.push(match lang {
        Lang::Zh => format!("空缺职位：{} 个", f.vacancies.len()),
        Lang::En => format!("Vacant posts: {}", f.vacancies.len()),
    });
    for v in f.vacancies.iter().take(SHOWN) {
        lines.push(match lang {
            Lang::Zh => format!(
                "  {} {}：自 {} 空缺，{} 天",
                for_display(&v.unit_path),
                v.role.label_zh(),
                v.since,
                v.days
            ),
            Lang::En => format!(
                "  {} {}: vacant since {}, {} days",
                for_display(&v.unit_path),
                v.role.label_en(),
                v.since,
                v.days
            ),
        });
    }
    more(&mut lines, f.vacancies.len(), lang);

    let missing = &f.units_without_executive_deputy;
    lines.push(match lang {
        Lang::Zh => format!("无常务副主任的单位：{} 个", missing.len()),
        Lang::En => format!("Units without an executive deputy: {}", missing.len()),
    });
    for u in missing.iter().take(SHOWN) {
        lines.push(format!("  {}", for_display(&u.unit_path)));
    }
    more(&mut lines, missing.len(), lang);

    lines.push(match lang {
        Lang::Zh => format!(
            "{} 个月内无谈心谈话记录的五老：{} 人",
            f.under_active_months,
            f.under_active.len()
        ),
        Lang::En => format!(
            "Elders with no talk in {} months: {}",
            f.under_active_months,
            f.under_active.len()
        ),
    });
    for u in f.under_active.iter().take(SHOWN) {
        let last = match u.last_talk {
            Some(d) => d.to_string(),
            None => lang.pick("从未", "never").to_string(),
        };
        lines.push(format!(
            "  #{} {}  {}  {} {last}",
            u.person,
            for_display(&u.name),
            for_display(&u.unit_path),
            lang.pick("最近谈话", "last talk"),
        ));
    }
    more(&mut lines, f.under_active.len(), lang);

    let ages: Vec<String> = f
        .average_age_by_category
        .iter()
        .map(|(k, a)| match lang {
            Lang::Zh => format!("{} {:.1} 岁（{} 人）", category(k), a.average, a.count),
            Lang::En => format!("{} {:.1} ({} people)", category(k), a.average, a.count),
        })
        .collect();
    lines.push(format!(
        "{}{}",
        lang.pick("平均年龄：", "Average age: "),
        ages.join(lang.pick("；", "; "))
    ));
    for l in lines {
        writeln!(out, "{l}").map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

fn more(lines: &mut Vec<String>, total: usize, lang: Lang) {
    if total > SHOWN {
        lines.push(match lang {
            Lang::Zh => format!("  ……另有 {} 项，见 --format json", total - SHOWN),
            Lang::En => format!("  … {} more, see --format json", total - SHOWN),
        });
    }
}
