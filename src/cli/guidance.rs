//! `ggw groups add|list` and `ggw guidance add|list`: the working groups
//! (工作组) and their guidance visits (督促指导), with what each visit
//! found under the newsletter's five questions.

use std::collections::HashMap;
use std::process::ExitCode;

use clap::Subcommand;

use super::Context;
use super::args::Format;
use super::fmt::pad;
use super::people::parse_day;
use super::plans::parse_id;
use super::sanchuang_json::{GroupJson, PersonJson, VisitJson};
use super::text::{self, people::not_recognised, sanchuang as words};
use crate::api::people::{GetPerson, ResolvePerson};
use crate::api::sanchuang::{
    AddGroup, AddGuidance, FollowUp, GuidanceDraft, ListGroups, ListGuidance,
};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::guidance::{
    Findings, GroupId, GroupLine, GuidanceMethod, WorkingGroup, parse_methods,
};
use crate::domain::person::PersonId;
use crate::domain::text::for_display;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Field, Result};
use crate::io::work_file::split_names;
use crate::lang::Lang;

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Add a working group; prints its id
    Add {
        /// The group's name, e.g. 教育战线工作组
        #[arg(long)]
        name: String,
        /// 教育/街道社区/乡镇村屯, or education, streets, townships
        #[arg(long)]
        line: String,
        /// Its members: ids, ID numbers or names, separated by commas
        #[arg(long, value_name = "A,B")]
        members: String,
    },
    /// The working groups with their members
    List {
        /// Output: text (the default) or json
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

// Parsed once per run: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum GuidanceCommand {
    /// Record a guidance visit; prints its id
    Add {
        /// The working group: its id or name
        #[arg(long)]
        group: String,
        /// The unit visited: id, path or unique name
        #[arg(long, value_name = "PATH")]
        unit: String,
        /// The day of the visit
        #[arg(long, value_name = "DATE")]
        date: String,
        /// How the group looked: 听汇报,看材料,座谈讨论 (any of them)
        #[arg(long, value_name = "M,M")]
        methods: Option<String>,
        /// 特色是什么
        #[arg(long)]
        feature: Option<String>,
        /// 优势在哪里
        #[arg(long)]
        strength: Option<String>,
        /// 问题有哪些
        #[arg(long)]
        problem: Option<String>,
        /// 下步怎么办
        #[arg(long)]
        next: Option<String>,
        /// 典型怎么育
        #[arg(long)]
        model: Option<String>,
        /// A follow-up, made a task for --owner
        #[arg(long, value_name = "TITLE", requires = "owner")]
        follow_up: Option<String>,
        /// Who owns the follow-up: id, ID number, or a name only one has
        #[arg(long, value_name = "NAME_OR_ID", requires = "follow_up")]
        owner: Option<String>,
        /// When the follow-up is due
        #[arg(long, value_name = "DATE", requires = "follow_up")]
        due: Option<String>,
    },
    /// Guidance visits, newest first, with their findings
    List {
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// Output: text (the default) or json
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// People's names by id, each asked for once.
pub struct PersonNames<'a> {
    b: &'a dyn Backend,
    known: HashMap<PersonId, String>,
}

impl<'a> PersonNames<'a> {
    pub fn new(b: &'a dyn Backend) -> PersonNames<'a> {
        PersonNames {
            b,
            known: HashMap::new(),
        }
    }

    pub fn name(&mut self, id: PersonId) -> String {
        if let Some(n) = self.known.get(&id) {
            return n.clone();
        }
        // A person out of the reader's sight shows as their id.
        let name = self
            .b
            .run(GetPerson { id })
            .map_or_else(|_| format!("#{}", id.0), |p| p.name);
        self.known.insert(id, name.clone());
        name
    }

    pub fn joined(&mut self, ids: &[PersonId], lang: Lang) -> String {
        ids.iter()
            .map(|p| for_display(&self.name(*p)).to_string())
            .collect::<Vec<_>>()
            .join(text::enum_sep(lang))
    }
}

fn invalid(field: Field, (zh, en): (String, String)) -> Error {
    Error::InvalidField { field, zh, en }
}

pub fn groups(ctx: &Context, cmd: GroupsCommand) -> Result<ExitCode> {
    let lang = ctx.lang;
    match cmd {
        GroupsCommand::Add {
            name,
            line,
            members,
        } => {
            let line = GroupLine::parse(&line).ok_or_else(|| {
                invalid(
                    Field::Category,
                    not_recognised(
                        words::LINE,
                        &line,
                        (GroupLine::choices(Lang::Zh), GroupLine::choices(Lang::En)),
                    ),
                )
            })?;
            let names = split_names(&members);
            if names.is_empty() {
                return Err(invalid(
                    Field::Person,
                    super::text::work::no_names("members"),
                ));
            }
            let b = ctx.open()?;
            let members = names
                .into_iter()
                .map(|given| Ok(b.run(ResolvePerson { given })?.id))
                .collect::<Result<Vec<_>>>()?;
            let g = b.run(AddGroup {
                name,
                line,
                members,
            })?;
            println!(
                "{} #{} {}（{}）",
                words::group_added(lang),
                g.id.0,
                for_display(&g.name),
                g.line.label(lang)
            );
        }
        GroupsCommand::List { format } => {
            let b = ctx.open()?;
            let groups = b.run(ListGroups {})?;
            let mut names = PersonNames::new(b.as_ref());
            match format {
                Format::Text => {
                    println!("{}", words::groups_count(lang, groups.len()));
                    for g in &groups {
                        let line = format!(
                            "#{:<5} {} {} {}",
                            g.id.0,
                            pad(&for_display(&g.name), 24),
                            pad(g.line.label(lang), 24),
                            names.joined(&g.members, lang)
                        );
                        println!("{}", line.trim_end());
                    }
                }
                Format::Json => {
                    let v: Vec<GroupJson> = groups
                        .iter()
                        .map(|g| {
                            let members = g
                                .members
                                .iter()
                                .map(|p| PersonJson::new(*p, names.name(*p)))
                                .collect();
                            GroupJson::new(g, members)
                        })
                        .collect();
                    super::fmt::json(&v)?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A group by its id (`3`, `#3`) or its name.
fn find_group(groups: &[WorkingGroup], given: &str) -> Result<GroupId> {
    let given = given.trim();
    if let Some(g) = groups.iter().find(|g| g.name.trim() == given) {
        return Ok(g.id);
    }
    if let Ok(id) = parse_id(given, words::GROUP)
        && let Some(g) = groups.iter().find(|g| g.id.0 == id)
    {
        return Ok(g.id);
    }
    Err(invalid(Field::Text, words::no_such_group(given)))
}

pub fn guidance(ctx: &Context, cmd: GuidanceCommand) -> Result<ExitCode> {
    let lang = ctx.lang;
    match cmd {
        GuidanceCommand::Add {
            group,
            unit,
            date,
            methods,
            feature,
            strength,
            problem,
            next,
            model,
            follow_up,
            owner,
            due,
        } => {
            let date = parse_day(&date, Field::Date)?;
            let methods = match methods {
                Some(m) => parse_methods(&m).map_err(|bad| {
                    invalid(
                        Field::Category,
                        not_recognised(
                            words::METHOD,
                            &bad,
                            (
                                GuidanceMethod::choices(Lang::Zh),
                                GuidanceMethod::choices(Lang::En),
                            ),
                        ),
                    )
                })?,
                None => vec![],
            };
            let due = due.map(|d| parse_day(&d, Field::Date)).transpose()?;
            let b = ctx.open()?;
            let group = find_group(&b.run(ListGroups {})?, &group)?;
            let unit = b.run(ResolveUnit { given: unit })?;
            let follow_ups = match (follow_up, owner) {
                (Some(title), Some(owner)) => vec![FollowUp {
                    title,
                    owner: b.run(ResolvePerson { given: owner })?.id,
                    due,
                }],
                _ => vec![],
            };
            let v = b.run(AddGuidance {
                draft: GuidanceDraft {
                    group,
                    unit: unit.id,
                    date,
                    methods,
                    findings: Findings {
                        feature: feature.unwrap_or_default(),
                        strength: strength.unwrap_or_default(),
                        problem: problem.unwrap_or_default(),
                        next: next.unwrap_or_default(),
                        model: model.unwrap_or_default(),
                    },
                    follow_ups,
                },
            })?;
            println!(
                "{} #{} {} {}{}",
                words::guidance_added(lang),
                v.id.0,
                v.date,
                for_display(&unit.name),
                words::tasks_made(lang, v.tasks.len())
            );
        }
        GuidanceCommand::List { unit, format } => {
            let b = ctx.open()?;
            let unit = match unit {
                Some(u) => Some(b.run(ResolveUnit { given: u })?.id),
                None => None,
            };
            let visits = b.run(ListGuidance { unit })?;
            let groups: HashMap<GroupId, String> = b
                .run(ListGroups {})?
                .into_iter()
                .map(|g| (g.id, g.name))
                .collect();
            let tree = UnitTree::new(b.run(ListUnits {
                include_archived: true,
            })?);
            let group_name = |id: GroupId| groups.get(&id).cloned().unwrap_or_default();
            match format {
                Format::Text => {
                    println!("{}", words::visits_count(lang, visits.len()));
                    for v in &visits {
                        let methods: Vec<&str> = v.methods.iter().map(|m| m.label(lang)).collect();
                        let line = format!(
                            "#{:<5} {} {} {} {}",
                            v.id.0,
                            v.date,
                            pad(&for_display(&tree.path(v.unit)), 28),
                            pad(&for_display(&group_name(v.group)), 20),
                            methods.join(text::enum_sep(lang))
                        );
                        println!("{}", line.trim_end());
                        for (zh, en, answer) in v.findings.answers() {
                            if !answer.trim().is_empty() {
                                let q = lang.pick(zh, en);
                                let sep = text::label_sep(lang);
                                println!("        {q}{sep}{}", for_display(answer));
                            }
                        }
                    }
                }
                Format::Json => {
                    let v: Vec<VisitJson> = visits
                        .iter()
                        .map(|v| VisitJson::new(v, tree.path(v.unit), group_name(v.group)))
                        .collect();
                    super::fmt::json(&v)?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
