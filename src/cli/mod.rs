//! Runs a parsed command line against a backend.

pub mod args;
mod generate;
mod output;
mod torture;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{Cli, Command, Format, UnitCommand};

use crate::backend::{BackendExt, LocalBackend};
use crate::domain::UnitKind;
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::service::{Actor, Service};
use crate::store::OpenOptions;

pub struct Context {
    pub lang: Lang,
    pub db: PathBuf,
    pub opts: OpenOptions,
    pub actor: Actor,
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
            opts: OpenOptions {
                cache_mb: cli.global.cache_mb,
                create: false,
            },
            actor: Actor::new(crate::os_user::current()),
        }
    }

    pub fn open(&self) -> Result<LocalBackend> {
        LocalBackend::open(&self.db, &self.opts, self.actor.clone())
    }
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
            // may hold escape sequences: they reach the terminal cleaned.
            let message = e.message(ctx.lang);
            let shown = crate::domain::text::for_display(&message);
            let _ = writeln!(std::io::stderr(), "ggw: {shown}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(ctx: &Context, command: Command) -> Result<ExitCode> {
    match command {
        Command::Init { district, demo } => {
            init(ctx, &ctx.db, district.as_deref(), demo)?;
            let msg = ctx.lang.pick("已创建数据库", "Created database");
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
            output::print_units(&b.units(all)?, format, ctx.lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Unit(cmd) => unit_command(ctx, cmd),
        Command::History {
            unit,
            limit,
            format,
        } => {
            let b = ctx.open()?;
            let unit = match unit {
                Some(u) => Some(b.resolve_unit(&u)?.id),
                None => None,
            };
            output::print_history(&b.history(unit, limit)?, format, ctx.lang)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { format } => {
            let b = ctx.open()?;
            let report = b.service().check()?;
            output::print_check(&report, format, ctx.lang)?;
            Ok(if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::TortureWriter { count, mixed, seed } => {
            if mixed {
                torture::mixed_loop(&ctx.open()?, count, seed)?;
            } else {
                torture::write_loop(&ctx.open()?, count)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Gen { scale, seed } => generate::run(ctx, scale, seed),
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
    let name = district.unwrap_or(crate::demo::DISTRICT);
    let service = Service::create(db, &ctx.opts, name, demo, &ctx.actor)?;
    if demo {
        let backend = LocalBackend::from_service(service, ctx.actor.clone());
        crate::demo::populate(&backend)?;
    }
    Ok(())
}

/// The terminal program arrives with the next piece of work; until then the
/// tree is printed so `demo` shows what is there.
fn open_program(ctx: &Context, db: &Path) -> Result<ExitCode> {
    let b = LocalBackend::open(db, &ctx.opts, ctx.actor.clone())?;
    let info = b.info()?;
    let units = b.units(false)?;
    output::print_units(&units, Format::Text, ctx.lang)?;
    let note = ctx.lang.pick(
        "（全屏界面即将推出；现在可用 ggw units、ggw unit add 等命令管理单位。）",
        "(The full-screen program is coming; meanwhile use ggw units, ggw unit add, …)",
    );
    let demo = if info.demo {
        ctx.lang.pick("演示数据：", "Demo data: ")
    } else {
        ""
    };
    println!("\n{demo}{}\n{note}", info.path);
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
            let parent = b.resolve_unit(&parent)?;
            b.unit_for(crate::service::Request::CreateUnit {
                parent: parent.id,
                kind,
                name,
                short_name,
            })?
        }
        UnitCommand::Rename { unit, name } => {
            let u = b.resolve_unit(&unit)?;
            b.rename_unit(&u, &name)?
        }
        UnitCommand::Move { unit, to } => {
            let u = b.resolve_unit(&unit)?;
            let to = b.resolve_unit(&to)?;
            b.move_unit(&u, to.id)?
        }
        UnitCommand::Archive { unit } => {
            let u = b.resolve_unit(&unit)?;
            b.archive_unit(&u)?
        }
    };
    let path = crate::domain::tree::UnitTree::new(b.units(true)?).path(done.id);
    println!("{} #{} {path}", ctx.lang.pick("已保存", "Saved"), done.id);
    Ok(ExitCode::SUCCESS)
}
