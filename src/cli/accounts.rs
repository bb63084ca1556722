//! `ggw account list|add|set|remove`.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::Context;
use super::args::{AccountCommand, Format};
use super::text::admin as words;
use crate::api::Request;
use crate::api::admin::{AddAccount, ListAccounts, RemoveAccount, SetAccount};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitId;
use crate::domain::account::{Account, AccountRole};
use crate::domain::text::for_display;
use crate::domain::time::format_local;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};
use crate::lang::Lang;

fn parse_role(s: &str) -> Result<AccountRole> {
    AccountRole::parse(s).ok_or_else(|| Error::UnknownRole {
        given: s.to_string(),
    })
}

fn role_label(role: AccountRole, lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => role.label_zh(),
        Lang::En => role.label_en(),
    }
}

/// The unit named, or the district for an admin who names none.
fn unit_for(b: &dyn Backend, role: AccountRole, given: Option<&str>) -> Result<UnitId> {
    match given {
        Some(g) => Ok(b
            .run(ResolveUnit {
                given: g.to_string(),
            })?
            .id),
        None if role == AccountRole::Admin => b
            .run(ListUnits {
                include_archived: false,
            })?
            .into_iter()
            .find(|u| u.parent.is_none())
            .map(|u| u.id)
            .ok_or_else(|| Error::Corrupt {
                what: "no district unit".into(),
            }),
        None => Err(Error::UnitRequired { role }),
    }
}

fn find(b: &dyn Backend, user: &str) -> Result<Account> {
    b.run(ListAccounts {})?
        .into_iter()
        .find(|a| a.user == user.trim())
        .ok_or_else(|| Error::NoSuchAccount {
            user: user.trim().to_string(),
        })
}

pub fn run(ctx: &Context, cmd: AccountCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let b = b.as_ref();
    let saved = match cmd {
        AccountCommand::List { format } => {
            let tree = UnitTree::new(b.run(ListUnits {
                include_archived: true,
            })?);
            print(&b.run(ListAccounts {})?, &tree, format, ctx.lang)?;
            return Ok(ExitCode::SUCCESS);
        }
        AccountCommand::Add { user, role, unit } => {
            let role = parse_role(&role)?;
            let unit = unit_for(b, role, unit.as_deref())?;
            Some(b.run(AddAccount {
                user: user.to_string(),
                role,
                unit,
            })?)
        }
        AccountCommand::Set { user, role, unit } => {
            let current = find(b, &user)?;
            let role = role.as_deref().map(parse_role).transpose()?;
            let role = role.unwrap_or(current.role);
            let unit = match unit {
                Some(u) => unit_for(b, role, Some(&u))?,
                None => current.unit,
            };
            Some(b.run(SetAccount {
                user: current.user,
                rev: current.rev,
                role,
                unit,
            })?)
        }
        AccountCommand::Remove { user } => {
            let current = find(b, &user)?;
            b.call(Request::from(RemoveAccount {
                user: current.user.clone(),
                rev: current.rev,
            }))?;
            println!(
                "{} {}",
                words::account_removed(ctx.lang),
                for_display(&current.user)
            );
            None
        }
    };
    if let Some(a) = saved {
        let tree = UnitTree::new(b.run(ListUnits {
            include_archived: true,
        })?);
        println!(
            "{} {}：{}，{}",
            words::account_saved(ctx.lang),
            for_display(&a.user),
            role_label(a.role, ctx.lang),
            tree.path(a.unit)
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct AccountJson<'a> {
    user: &'a str,
    role: &'static str,
    unit: u64,
    unit_path: String,
    changed_by: &'a str,
    changed_at: String,
}

fn print(accounts: &[Account], tree: &UnitTree, format: Format, lang: Lang) -> Result<()> {
    let io_err = |e: io::Error| Error::Io {
        detail: e.to_string(),
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    match format {
        Format::Json => {
            let rows: Vec<AccountJson> = accounts
                .iter()
                .map(|a| AccountJson {
                    user: &a.user,
                    role: a.role.code(),
                    unit: a.unit.0,
                    unit_path: tree.path(a.unit),
                    changed_by: &a.changed_by,
                    changed_at: format_local(a.changed_at),
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows).map_err(|e| Error::Io {
                detail: e.to_string(),
            })?;
            writeln!(out).map_err(io_err)?;
        }
        Format::Text => {
            if accounts.is_empty() {
                writeln!(out, "{}", words::no_accounts(lang)).map_err(io_err)?;
            }
            for a in accounts {
                writeln!(
                    out,
                    "{}  {}  {}  ({} {})",
                    for_display(&a.user),
                    role_label(a.role, lang),
                    tree.path(a.unit),
                    for_display(&a.changed_by),
                    format_local(a.changed_at)
                )
                .map_err(io_err)?;
            }
        }
    }
    out.flush().map_err(io_err)
}
