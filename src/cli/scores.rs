//! `ggw scores`: the standings of a period and peer group, and its
//! subcommands for rulebooks, the ledger behind a total, awards and
//! penalties, settlement and what changed since. Everything but
//! `rules check` and `rules example` goes through the backend, so it works
//! alone and through `ggw serve` alike.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Args, Subcommand, ValueEnum};

use super::Context;
use super::args::Format;
use super::text::{people::not_recognised, scores as words};
use crate::api::people::ResolvePerson;
use crate::api::units::ResolveUnit;
use crate::backend::{Backend, BackendExt};
use crate::domain::rules::PeerGroup;
use crate::domain::score_records::Subject;
use crate::error::{Error, Field, Result};
use crate::lang::Lang;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ScoresArgs {
    #[command(subcommand)]
    pub command: Option<ScoresCommand>,
    #[command(flatten)]
    pub standings: StandingsArgs,
}

#[derive(Debug, Args)]
pub struct StandingsArgs {
    /// The period: its year (2024) or its rulebook's name [default: the
    /// period holding today, else the latest]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// The peer group: township, subdistrict, education-bureau, village,
    /// community, school or elder (or 乡镇, 街道 …)
    #[arg(long, default_value = "township")]
    pub group: String,
    /// text (the default), json, csv, or xlsx (with --output FILE)
    #[arg(long, value_enum, default_value_t)]
    pub format: TableFormat,
    /// File to write (needed for xlsx)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum TableFormat {
    #[default]
    Text,
    Json,
    // UTF-8 with a BOM, as Excel and WPS open it.
    Csv,
    Xlsx,
}

#[derive(Debug, Subcommand)]
pub enum ScoresCommand {
    /// Rulebooks (考核细则): check, set, show, copy, example
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Every evaluation period: name, dates, version, settled
    Periods {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// The lines behind a unit's or an elder's points, and their total
    #[command(group = ArgGroup::new("subject").required(true))]
    Ledger {
        /// The period: its year or its rulebook's name
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// The unit: id, path or unique name
        #[arg(long, value_name = "PATH", group = "subject")]
        unit: Option<String>,
        /// The elder: id, ID number, or a name only one has
        #[arg(long, value_name = "NAME_OR_ID", group = "subject")]
        person: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// An award (positive points) or a penalty (negative), with its reason
    #[command(group = ArgGroup::new("subject").required(true))]
    Adjust {
        /// The period: its year or its rulebook's name
        #[arg(long, value_name = "PERIOD")]
        period: String,
        /// The unit: id, path or unique name
        #[arg(long, value_name = "PATH", group = "subject")]
        unit: Option<String>,
        /// The elder: id, ID number, or a name only one has
        #[arg(long, value_name = "NAME_OR_ID", group = "subject")]
        person: Option<String>,
        /// Points: 5 for an award, -2 for a penalty, at most two decimals
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        points: String,
        /// Why
        #[arg(long)]
        reason: String,
        /// The day of the award or penalty [default: today]
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
    },
    /// Void an award or penalty typed in error (its id is in the ledger: 奖 #3)
    Void {
        /// The award's or penalty's id
        #[arg(value_name = "ID")]
        id: u64,
        /// Why, e.g. 录错分值
        #[arg(long)]
        reason: String,
    },
    /// Freeze a period's rulebook and standings (兑现奖惩)
    Settle {
        /// The period: its year or its rulebook's name
        #[arg(long, value_name = "PERIOD")]
        period: String,
        /// Do not ask first
        #[arg(long)]
        yes: bool,
    },
    /// Where the standings computed now differ from the settled ones
    Diff {
        /// The period: its year or its rulebook's name
        #[arg(long, value_name = "PERIOD")]
        period: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Check a rulebook file: every mistake with its line; exit 1 on any
    Check {
        /// The rulebook (TOML)
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Store a rulebook: a new period, or a new version of its period
    Set {
        /// The period the file must be for: its year or its rulebook's name
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
        /// The rulebook (TOML)
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print a period's rulebook as stored, comments and all
    Show {
        /// The period: its year or its rulebook's name
        #[arg(long, value_name = "PERIOD")]
        period: Option<String>,
    },
    /// Copy a period's rulebook to a new year
    Copy {
        /// The period to copy: its year or its rulebook's name
        #[arg(long, value_name = "PERIOD")]
        from: String,
        /// The new period's year, e.g. 2025
        #[arg(long, value_name = "YEAR")]
        to: i32,
    },
    /// Print the example rulebook shipped with the program, to start from
    Example,
}

pub fn run(ctx: &Context, args: ScoresArgs) -> Result<ExitCode> {
    match args.command {
        None => super::scores_table::standings(ctx, args.standings),
        Some(ScoresCommand::Rules(cmd)) => super::scores_rules::run(ctx, cmd),
        Some(ScoresCommand::Periods { format }) => super::scores_rules::periods(ctx, format),
        Some(ScoresCommand::Ledger {
            period,
            unit,
            person,
            format,
        }) => super::scores_ledger::ledger(ctx, period, (unit, person), format),
        Some(ScoresCommand::Adjust {
            period,
            unit,
            person,
            points,
            reason,
            date,
        }) => super::scores_ledger::adjust(
            ctx,
            super::scores_ledger::AdjustArgs {
                period,
                subject: (unit, person),
                points,
                reason,
                date,
            },
        ),
        Some(ScoresCommand::Void { id, reason }) => super::scores_ledger::void(ctx, id, reason),
        Some(ScoresCommand::Settle { period, yes }) => {
            super::scores_settle::settle(ctx, period, yes)
        }
        Some(ScoresCommand::Diff { period, format }) => {
            super::scores_settle::diff(ctx, period, format)
        }
    }
}

/// `--group` as given: a code (township) or its Chinese (乡镇).
pub fn parse_group(given: &str) -> Result<PeerGroup> {
    PeerGroup::parse(given).ok_or_else(|| {
        let (zh, en) = not_recognised(
            words::GROUP,
            given,
            (PeerGroup::choices(Lang::Zh), PeerGroup::choices(Lang::En)),
        );
        Error::InvalidField {
            field: Field::Category,
            zh,
            en,
        }
    })
}

/// `--unit` or `--person`, resolved as the other commands resolve them;
/// clap makes sure exactly one is given.
/// Gives its name too.
pub fn subject(
    b: &dyn Backend,
    (unit, person): (Option<String>, Option<String>),
) -> Result<(Subject, String)> {
    match (unit, person) {
        (Some(given), _) => {
            let u = b.run(ResolveUnit { given })?;
            Ok((Subject::Unit(u.id), u.name))
        }
        (None, Some(given)) => {
            let p = b.run(ResolvePerson { given })?;
            Ok((Subject::Person(p.id), p.name))
        }
        (None, None) => {
            let (zh, en) = words::no_subject();
            Err(Error::InvalidField {
                field: Field::Unit,
                zh,
                en,
            })
        }
    }
}

/// A subject as scripts read it: which kind, and its id.
pub fn subject_json(s: Subject) -> (&'static str, u64) {
    match s {
        Subject::Unit(u) => ("unit", u.0),
        Subject::Person(p) => ("person", p.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::{Cli, Command};
    use clap::Parser;

    fn parse(args: &[&str]) -> std::result::Result<ScoresArgs, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("ggw").chain(args.iter().copied()))?;
        match cli.command {
            Some(Command::Scores(a)) => Ok(a),
            other => panic!("not scores: {other:?}"),
        }
    }

    #[test]
    fn standings_take_their_options_and_default_to_townships_as_text() {
        let a = parse(&["scores"]).unwrap();
        assert!(a.command.is_none());
        assert_eq!(a.standings.group, "township");
        assert_eq!(a.standings.format, TableFormat::Text);
        assert_eq!(a.standings.period, None);
        let a = parse(&[
            "scores", "--period", "2024", "--group", "学校", "--format", "csv",
        ])
        .unwrap();
        assert_eq!(a.standings.period.as_deref(), Some("2024"));
        assert_eq!(parse_group(&a.standings.group).unwrap(), PeerGroup::School);
        assert_eq!(a.standings.format, TableFormat::Csv);
    }

    #[test]
    fn a_group_is_read_by_code_or_chinese_and_a_wrong_one_lists_the_choices() {
        assert_eq!(parse_group("township").unwrap(), PeerGroup::Township);
        assert_eq!(parse_group("乡镇").unwrap(), PeerGroup::Township);
        assert_eq!(parse_group("五老").unwrap(), PeerGroup::Elder);
        let e = parse_group("county").unwrap_err();
        let zh = e.message(Lang::Zh);
        assert!(zh.contains("county") && zh.contains("街道"), "{zh}");
    }

    #[test]
    fn adjust_takes_negative_points_and_needs_a_unit_or_a_person_but_not_both() {
        let a = parse(&[
            "scores",
            "adjust",
            "--period",
            "2024",
            "--unit",
            "四嘉子乡",
            "--points",
            "-2.5",
            "--reason",
            "迟报",
        ])
        .unwrap();
        match a.command {
            Some(ScoresCommand::Adjust { points, unit, .. }) => {
                assert_eq!(points, "-2.5");
                assert_eq!(unit.as_deref(), Some("四嘉子乡"));
            }
            other => panic!("{other:?}"),
        }
        let neither = [
            "scores", "adjust", "--period", "2024", "--points", "1", "--reason", "x",
        ];
        assert!(parse(&neither).is_err());
        let both = ["scores", "ledger", "--unit", "a", "--person", "b"];
        assert!(parse(&both).is_err());
    }

    #[test]
    fn standings_options_do_not_mix_with_a_subcommand() {
        assert!(parse(&["scores", "--format", "json", "periods"]).is_err());
        let a = parse(&["scores", "rules", "copy", "--from", "2024", "--to", "2025"]).unwrap();
        match a.command {
            Some(ScoresCommand::Rules(RulesCommand::Copy { from, to })) => {
                assert_eq!((from.as_str(), to), ("2024", 2025));
            }
            other => panic!("{other:?}"),
        }
    }
}
