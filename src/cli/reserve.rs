//! `ggw reserve …`: a unit's reserve candidates (后备人选) from the command
//! line.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Subcommand;

use super::Context;
use super::args::Format;
use super::fmt::{io_err, json, pad};
use super::people::{parse_day, parse_role};
use super::text::people as words;
use crate::api::people::{AddReserve, ListReserve, RemoveReserve, ReserveDraft, ResolvePerson};
use crate::api::units::ResolveUnit;
use crate::backend::BackendExt;
use crate::domain::day::Day;
use crate::domain::reserve::ReserveId;
use crate::domain::text::for_display;
use crate::error::{Error, Field, Result};

#[derive(Debug, Subcommand)]
pub enum ReserveCommand {
    /// Put a person on a unit's reserve list for a post
    Add {
        #[arg(long, value_name = "PATH")]
        unit: String,
        /// Id, ID number, or a name only one person has
        #[arg(long, value_name = "NAME_OR_ID")]
        person: String,
        /// director, executive-deputy, deputy, secretary-general, member, liaison (or 主任, 副主任, …)
        #[arg(long)]
        role: String,
        /// The day the unit noted them [default: today]
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// Reserve candidates of a unit and the units below it (all when no --unit)
    List {
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Take an entry off the list (see ggw reserve list for ids)
    Remove { id: u64 },
}

pub fn reserve_command(ctx: &Context, cmd: ReserveCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let lang = ctx.lang;
    match cmd {
        ReserveCommand::Add {
            unit,
            person,
            role,
            on,
            note,
        } => {
            let unit = b.run(ResolveUnit {
                given: unit.to_string(),
            })?;
            let person = b.run(ResolvePerson {
                given: person.to_string(),
            })?;
            let role = parse_role(&role)?;
            let noted = match on {
                Some(d) => parse_day(&d, Field::Date)?,
                None => Day::today(),
            };
            let c = b.run(AddReserve {
                draft: ReserveDraft {
                    unit: unit.id,
                    person: person.id,
                    role,
                    noted,
                    note: note.unwrap_or_default(),
                },
            })?;
            println!(
                "{} #{} {} {} {}",
                words::reserve_added(lang),
                c.id,
                for_display(&person.name),
                for_display(&unit.name),
                c.role.label(lang)
            );
        }
        ReserveCommand::List { unit, format } => {
            let unit = match unit {
                Some(u) => Some(
                    b.run(ResolveUnit {
                        given: u.to_string(),
                    })?
                    .id,
                ),
                None => None,
            };
            let rows = b.run(ListReserve { unit })?;
            if format == Format::Json {
                return json(&rows).map(|_| ExitCode::SUCCESS);
            }
            let mut out = io::BufWriter::new(io::stdout().lock());
            if rows.is_empty() {
                writeln!(out, "{}", words::no_reserve(lang)).map_err(io_err)?;
            }
            for r in &rows {
                let c = &r.candidate;
                writeln!(
                    out,
                    "#{:<5} {} {} {} {} {}",
                    c.id.0,
                    pad(&for_display(&r.unit_path), 28),
                    pad(c.role.label(lang), 10),
                    pad(&for_display(&r.person_name), 8),
                    c.noted,
                    for_display(&c.note)
                )
                .map_err(io_err)?;
            }
            out.flush().map_err(io_err)?;
        }
        ReserveCommand::Remove { id } => {
            let row = b
                .run(ListReserve { unit: None })?
                .into_iter()
                .find(|r| r.candidate.id == ReserveId(id))
                .ok_or(Error::NoSuchRecord { id })?;
            let c = b.run(RemoveReserve {
                id: row.candidate.id,
                rev: row.candidate.rev,
            })?;
            println!(
                "{} #{} {} {}",
                words::reserve_removed(lang),
                c.id,
                for_display(&row.person_name),
                c.role.label(lang)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
