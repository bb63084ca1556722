//! Runs a parsed command line against a backend.

mod accounts;
pub mod args;
mod backup;
mod bulletin;
mod fmt;
mod generate;
mod guidance;
mod history;
mod info;
pub mod meetings;
mod output;
mod people;
mod plans;
mod progress;
mod report;
mod report_doc;
mod report_sanchuang;
mod report_scores;
mod reserve;
mod sanchuang_json;
mod scores;
mod scores_ledger;
mod scores_rules;
mod scores_settle;
mod scores_table;
pub mod text;
mod torture;
mod work;
mod work_add;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{Cli, Command, UnitCommand};
use text::admin as words;

use crate::api::admin::{Check, History, Info, Repair};
use crate::api::units::{ArchiveUnit, CreateUnit, ListUnits, MoveUnit, RenameUnit, ResolveUnit};
use crate::backend::remote::RemoteBackend;
use crate::backend::start::{self, OpenOptions};
use crate::backend::{Backend, BackendExt, LocalBackend};
use crate::domain::UnitKind;
use crate::domain::permissions::Actor;
use crate::error::{Error, Result};
use crate::lang::Lang;

/// A server's connection, or the database opened here.
type Either = std::result::Result<RemoteBackend, LocalBackend>;

pub struct Context {
    pub lang: Lang,
    pub db: PathBuf,
    /// Whether `--db` or `$GGW_DB` named the database.
    pub db_given: bool,
    pub opts: OpenOptions,
    pub actor: Actor,
    pub keymap: Option<PathBuf>,
    /// `--socket` or `$GGW_SOCKET`.
    pub socket: Option<PathBuf>,
}

impl Context {
    fn from(cli: &Cli) -> Context {
        Context {
            lang: Lang::detect(cli.global.lang.as_deref()),
            db: cli
                .global
                .db
                .clone()
                .unwrap_or_else(crate::paths::default_db),
            db_given: cli.global.db.is_some(),
            opts: OpenOptions {
                cache_mb: cli.global.cache_mb,
                create: false,
            },
            actor: Actor::new(crate::os_user::current()),
            keymap: cli.global.keymap.clone(),
            socket: cli.global.socket.clone(),
        }
    }

    /// The server if one answers, else the database opened in this process.
    pub fn open(&self) -> Result<Box<dyn Backend>> {
        self.open_db(&self.db)
    }

    /// Like `open`, for a database other than the default (`ggw demo`).
    pub fn open_db(&self, db: &Path) -> Result<Box<dyn Backend>> {
        Ok(match self.open_either(db)? {
            Ok(remote) => Box::new(remote),
            Err(local) => Box::new(local),
        })
    }

    /// The server or program that serves `db`, else `db` opened here.
    fn open_either(&self, db: &Path) -> Result<std::result::Result<RemoteBackend, LocalBackend>> {
        let (either, warning) = self.open_either_warning(db)?;
        if let Some(warning) = warning {
            let _ = writeln!(std::io::stderr(), "ggw: {warning}");
        }
        Ok(either)
    }

    /// As `open_either`, with the warning for damaged records left out
    /// given back rather than written.
    fn open_either_warning(&self, db: &Path) -> Result<(Either, Option<String>)> {
        if let Some(remote) = self.server_of(db)? {
            return Ok((Ok(remote), None));
        }
        let local = start::open_local(db, &self.opts, self.actor.clone())?;
        let warning = start::damage_warning(&local, self.lang);
        Ok((Err(local), warning))
    }

    /// The server that serves `db`, if one answers.
    pub fn server_of(&self, db: &Path) -> Result<Option<RemoteBackend>> {
        let named = self.db_given || db != self.db;
        for path in start::server_sockets(self.socket.as_deref()) {
            let Some(remote) = RemoteBackend::connect(&path)? else {
                continue;
            };
            // A database named on the command line that is not the
            // server's is someone's own copy: open it here.
            if named && !same_database(db, &remote.run(Info {})?.path) {
                break;
            }
            return Ok(Some(remote));
        }
        // The full-screen program open on `db` answers for it. A socket
        // nobody answers on was left by a program that has ended.
        match RemoteBackend::connect(&start::program_socket(db)) {
            Ok(found) => Ok(found),
            // Another user's program: opening the database here says it
            // is in use, which is the better message.
            Err(Error::SocketDenied { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

fn same_database(given: &Path, served: &str) -> bool {
    let given = std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
    given == Path::new(served)
}

pub fn run(cli: Cli) -> ExitCode {
    let ctx = Context::from(&cli);
    let result = match cli.command {
        None => open_program(&ctx, &ctx.db),
        Some(command) => dispatch(&ctx, command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            // Messages quote what the user gave (a path, a kind), and that
            // may hold escape sequences: they reach the terminal cleaned,
            // line by line, so a list (an import's bad rows) keeps one
            // item to a line.
            let message = e.message(ctx.lang);
            let shown: Vec<_> = message
                .lines()
                .map(crate::domain::text::for_display)
                .collect();
            let _ = writeln!(std::io::stderr(), "ggw: {}", shown.join("\n"));
            ExitCode::FAILURE
        }
    }
}

fn dispatch(ctx: &Context, command: Command) -> Result<ExitCode> {
    match command {
        Command::Init { district, demo } => {
            init(ctx, &ctx.db, district.as_deref(), demo)?;
            let msg = words::database_created(ctx.lang);
            println!("{msg} {}", ctx.db.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo => {
            let db = demo_path(ctx);
            if !db.join("db").exists() {
                init(ctx, &db, None, true)?;
            }
            open_program(ctx, &db)
        }
        Command::Units { format, all } => {
            let b = ctx.open()?;
            output::print_units(
                &b.run(ListUnits {
                    include_archived: all,
                })?,
                format,
                ctx.lang,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Unit(cmd) => unit_command(ctx, cmd),
        Command::People(cmd) => people::people_command(ctx, cmd),
        Command::Position(cmd) => people::position_command(ctx, cmd),
        Command::Reserve(cmd) => reserve::reserve_command(ctx, cmd),
        Command::Report {
            from,
            to,
            unit,
            months,
            format,
            output,
            today,
        } => report::report(
            ctx,
            report::ReportArgs {
                from,
                to,
                unit,
                months,
                today,
                format,
                output,
            },
        ),
        Command::History {
            unit,
            limit,
            format,
        } => {
            let b = ctx.open()?;
            let units = b.run(ListUnits {
                include_archived: true,
            })?;
            let unit = match unit {
                Some(u) => match history::find_unit(&units, &u) {
                    Some(id) => Some(id),
                    None => Some(
                        b.run(ResolveUnit {
                            given: u.to_string(),
                        })?
                        .id,
                    ),
                },
                None => None,
            };
            history::print_history(
                b.as_ref(),
                &b.run(History { unit, limit })?,
                units,
                format,
                ctx.lang,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { format } => {
            let report = match ctx.open() {
                Ok(b) => b.run(Check {})?,
                // The service refuses damaged records at open; check must
                // still read past them, so it reads the store alone.
                Err(Error::Corrupt { .. }) => start::check_offline(&ctx.db, &ctx.opts)?,
                Err(e) => return Err(e),
            };
            output::print_check(&report, format, ctx.lang)?;
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Repair { purge, format } => {
            let report = ctx.open()?.run(Repair { purge })?;
            output::print_repair(&report, format, ctx.lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Meetings(cmd) => meetings::meetings_command(ctx, cmd),
        Command::Tasks(cmd) => meetings::tasks_command(ctx, cmd),
        Command::Backup { output, verify } => backup::backup(ctx, output, verify),
        Command::Restore { file } => backup::restore(ctx, &file),
        Command::Serve { group, limits } => {
            start::serve(
                &ctx.db,
                ctx.socket.clone(),
                group,
                &ctx.opts,
                ctx.lang,
                limits,
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Account(cmd) => accounts::run(ctx, cmd),
        Command::TortureWriter { count, mixed, seed } => {
            if mixed {
                torture::mixed_loop(&ctx.open()?, count, seed)?;
            } else {
                torture::write_loop(&ctx.open()?, count)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Activities(cmd) => work::activities(ctx, cmd),
        Command::Trainings(cmd) => work::trainings(ctx, cmd),
        Command::Visits(cmd) => work::visits(ctx, cmd),
        Command::Studybase(cmd) => work::studybase(ctx, cmd),
        Command::Plans(cmd) => plans::run(ctx, cmd),
        Command::Groups(cmd) => guidance::groups(ctx, cmd),
        Command::Guidance(cmd) => guidance::guidance(ctx, cmd),
        Command::Info(cmd) => info::run(ctx, cmd),
        Command::Bulletin(cmd) => bulletin::run(ctx, cmd),
        Command::Scores(args) => scores::run(ctx, args),
        Command::Gen { scale, seed, upto } => generate::run(ctx, scale, seed, upto.as_deref()),
    }
}

/// `ggw demo` keeps its database apart from real work unless `--db` or
/// `$GGW_DB` names one.
fn demo_path(ctx: &Context) -> PathBuf {
    if std::env::var_os("GGW_DB").is_some() || ctx.db != crate::paths::default_db() {
        ctx.db.clone()
    } else {
        crate::paths::demo_db()
    }
}

fn init(ctx: &Context, db: &Path, district: Option<&str>, demo: bool) -> Result<()> {
    if let Some(parent) = db.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::Io {
            detail: format!("{}: {e}", parent.display()),
        })?;
    }
    let name = district.unwrap_or(start::DEMO_DISTRICT);
    let backend = start::create_database(db, &ctx.opts, name, demo, &ctx.actor)?;
    if demo {
        start::populate_demo(&backend)?;
    }
    Ok(())
}

/// The full-screen program over the database.
fn open_program(ctx: &Context, db: &Path) -> Result<ExitCode> {
    // Opened while the program already shows; damaged records left out
    // are said inside it, where the user looks.
    let open = || {
        let (either, warning) = ctx.open_either_warning(db)?;
        let backend: Box<dyn crate::backend::Backend + Send + Sync> = match either {
            Ok(remote) => Box::new(remote),
            Err(local) => start::serve_open(local, db, ctx.lang)?,
        };
        Ok(crate::tui::Opened {
            backend,
            notices: warning.into_iter().collect(),
        })
    };
    crate::tui::run(
        open,
        crate::tui::RunOptions {
            lang: ctx.lang,
            keymap_file: ctx.keymap.clone(),
            open_grace: crate::tui::opening::grace_for(db),
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

fn parse_kind(s: &str) -> Result<UnitKind> {
    UnitKind::parse(s).ok_or_else(|| Error::UnknownKind {
        given: s.to_string(),
    })
}

fn unit_command(ctx: &Context, cmd: UnitCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let done = match cmd {
        UnitCommand::Add {
            parent,
            kind,
            name,
            short_name,
        } => {
            let kind = parse_kind(&kind)?;
            let parent = b.run(ResolveUnit {
                given: parent.to_string(),
            })?;
            b.run(CreateUnit {
                parent: parent.id,
                kind,
                name,
                short_name,
            })?
        }
        UnitCommand::Rename { unit, name } => {
            let u = b.run(ResolveUnit {
                given: unit.to_string(),
            })?;
            b.run(RenameUnit {
                id: u.id,
                rev: u.rev,
                name: name.to_string(),
            })?
        }
        UnitCommand::Move { unit, to } => {
            let u = b.run(ResolveUnit {
                given: unit.to_string(),
            })?;
            let to = b.run(ResolveUnit {
                given: to.to_string(),
            })?;
            b.run(MoveUnit {
                id: u.id,
                rev: u.rev,
                to: to.id,
            })?
        }
        UnitCommand::Archive { unit } => {
            let u = b.run(ResolveUnit {
                given: unit.to_string(),
            })?;
            b.run(ArchiveUnit {
                id: u.id,
                rev: u.rev,
            })?
        }
    };
    let path = crate::domain::tree::UnitTree::new(b.run(ListUnits {
        include_archived: true,
    })?)
    .path(done.id);
    println!("{} #{} {path}", words::saved(ctx.lang), done.id);
    Ok(ExitCode::SUCCESS)
}
