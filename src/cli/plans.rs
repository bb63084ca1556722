//! `ggw plans add|advance|fail|list`: cultivation plans (培育典型规划)
//! from the command line. A move reads the plan first, so that one made
//! meanwhile by someone else is refused rather than overwritten.

use std::process::ExitCode;

use clap::Subcommand;

use super::Context;
use super::args::Format;
use super::fmt::{day_or_dash, pad};
use super::guidance::PersonNames;
use super::people::parse_day;
use super::sanchuang_json::{PersonJson, PlanJson};
use super::text::{people::not_recognised, sanchuang as words};
use crate::api::people::ResolvePerson;
use crate::api::sanchuang::{AddPlan, AdvancePlan, FailPlan, GetPlan, ListPlans, PlanDraft};
use crate::api::units::ResolveUnit;
use crate::backend::BackendExt;
use crate::domain::day::Day;
use crate::domain::plan::{Creation, PlanId, Stage};
use crate::domain::text::for_display;
use crate::error::{Error, Field, Result};
use crate::lang::Lang;

#[derive(Debug, Subcommand)]
pub enum PlansCommand {
    /// Add a cultivation plan, at 规划; prints its id
    Add {
        /// The unit: id, path or unique name
        #[arg(long, value_name = "PATH")]
        unit: String,
        /// 创典型/创经验/创品牌, or model, experience, brand
        #[arg(long)]
        creation: String,
        /// Goals (目标)
        #[arg(long)]
        goals: Option<String>,
        /// Measures (措施)
        #[arg(long)]
        measures: Option<String>,
        /// Strengths (特色优势)
        #[arg(long)]
        strengths: Option<String>,
        /// Weaknesses (短板弱项)
        #[arg(long)]
        weaknesses: Option<String>,
        /// Base conditions (基础条件)
        #[arg(long)]
        base: Option<String>,
        /// The person responsible: id, ID number, or a name only one has
        #[arg(long, value_name = "NAME_OR_ID")]
        owner: Option<String>,
        /// The day the plan was made [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
    /// Move a plan on to its next stage, never skipping one
    Advance {
        /// The plan's id (see ggw plans list)
        plan: String,
        /// The day of the move
        #[arg(long, value_name = "DATE")]
        on: String,
        /// A note on the move
        #[arg(long)]
        note: Option<String>,
    },
    /// An inspection that failed: the plan goes back to 培育
    Fail {
        /// The plan's id (see ggw plans list)
        plan: String,
        /// The day of the inspection
        #[arg(long, value_name = "DATE")]
        on: String,
        /// Why it failed
        #[arg(long)]
        reason: String,
    },
    /// Live plans by stage, with the days in it and the last guidance visit
    List {
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// 规划/培育/检查验收/总结推广, or planning, cultivating, inspection, promotion
        #[arg(long)]
        stage: Option<String>,
        /// Output: text (the default) or json
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Count the days in the stage up to this date [default: today]
        #[arg(long, value_name = "DATE", hide = true)]
        today: Option<String>,
    },
}

/// A record's id as typed: `12` or `#12`.
pub fn parse_id(given: &str, lang_what: (&str, &str)) -> Result<u64> {
    given.trim().trim_start_matches('#').parse().map_err(|_| {
        let (zh, en) = words::not_an_id(lang_what, given);
        Error::InvalidField {
            field: Field::Text,
            zh,
            en,
        }
    })
}

fn choice<T>(
    given: &str,
    parse: impl Fn(&str) -> Option<T>,
    what: (&str, &str),
    choices: (String, String),
) -> Result<T> {
    parse(given).ok_or_else(|| {
        let (zh, en) = not_recognised(what, given, choices);
        Error::InvalidField {
            field: Field::Category,
            zh,
            en,
        }
    })
}

pub fn run(ctx: &Context, cmd: PlansCommand) -> Result<ExitCode> {
    let lang = ctx.lang;
    match cmd {
        PlansCommand::Add {
            unit,
            creation,
            goals,
            measures,
            strengths,
            weaknesses,
            base,
            owner,
            on,
        } => {
            let creation = choice(
                &creation,
                Creation::parse,
                words::CREATION,
                (Creation::choices(Lang::Zh), Creation::choices(Lang::En)),
            )?;
            let opened = match on {
                Some(d) => parse_day(&d, Field::Date)?,
                None => Day::today(),
            };
            let b = ctx.open()?;
            let unit = b.run(ResolveUnit { given: unit })?;
            let owner = match owner {
                Some(p) => Some(b.run(ResolvePerson { given: p })?.id),
                None => None,
            };
            let plan = b.run(AddPlan {
                draft: PlanDraft {
                    unit: unit.id,
                    creation,
                    base: base.unwrap_or_default(),
                    strengths: strengths.unwrap_or_default(),
                    weaknesses: weaknesses.unwrap_or_default(),
                    goals: goals.unwrap_or_default(),
                    measures: measures.unwrap_or_default(),
                    owner,
                    opened,
                },
            })?;
            println!(
                "{}",
                words::plan_added(lang, &plan, &for_display(&unit.name))
            );
        }
        PlansCommand::Advance { plan, on, note } => {
            let id = PlanId(parse_id(&plan, words::PLAN)?);
            let on = parse_day(&on, Field::Date)?;
            let b = ctx.open()?;
            let card = b.run(GetPlan { id })?;
            let from = card.row.plan.stage();
            let plan = b.run(AdvancePlan {
                id,
                rev: card.row.plan.rev,
                on,
                note: note.unwrap_or_default(),
            })?;
            println!("{}", words::moved(lang, &plan, from, false));
        }
        PlansCommand::Fail { plan, on, reason } => {
            let id = PlanId(parse_id(&plan, words::PLAN)?);
            let on = parse_day(&on, Field::Date)?;
            let b = ctx.open()?;
            let card = b.run(GetPlan { id })?;
            let from = card.row.plan.stage();
            let plan = b.run(FailPlan {
                id,
                rev: card.row.plan.rev,
                on,
                reason,
            })?;
            println!("{}", words::moved(lang, &plan, from, true));
        }
        PlansCommand::List {
            unit,
            stage,
            format,
            today,
        } => {
            let stage = stage
                .map(|s| {
                    choice(
                        &s,
                        Stage::parse,
                        words::STAGE,
                        (Stage::choices(Lang::Zh), Stage::choices(Lang::En)),
                    )
                })
                .transpose()?;
            let today = match today {
                Some(d) => parse_day(&d, Field::Date)?,
                None => Day::today(),
            };
            let b = ctx.open()?;
            let unit = match unit {
                Some(u) => Some(b.run(ResolveUnit { given: u })?.id),
                None => None,
            };
            let rows = b.run(ListPlans { unit, stage })?;
            match format {
                Format::Text => {
                    println!("{}", words::plans_count(lang, rows.len()));
                    for r in &rows {
                        let p = &r.plan;
                        let line = format!(
                            "#{:<5} {} {} {} {} {}",
                            p.id,
                            pad(p.stage().label(lang), if lang == Lang::Zh { 8 } else { 11 }),
                            pad(&words::days(lang, p.days_in_stage(today)), 10),
                            pad(p.creation.label(lang), 10),
                            pad(&for_display(&r.unit_path), 28),
                            words::last_visit(lang, &day_or_dash(r.last_visit)),
                        );
                        println!("{}", line.trim_end());
                    }
                }
                Format::Json => {
                    let mut names = PersonNames::new(b.as_ref());
                    let v: Vec<PlanJson> = rows
                        .iter()
                        .map(|r| {
                            let owner = r.plan.owner.map(|p| PersonJson::new(p, names.name(p)));
                            PlanJson::new(r, today, owner)
                        })
                        .collect();
                    super::fmt::json(&v)?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
