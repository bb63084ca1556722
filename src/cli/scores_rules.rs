//! `ggw scores rules …` and `ggw scores periods`: rulebooks checked,
//! stored, printed back and copied to a new year, and the periods they
//! make.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::Context;
use super::args::Format;
use super::report_doc::{Cell, Table, write_table};
use super::scores::RulesCommand;
use super::scores_table::{emit, json_bytes};
use super::text::scores as words;
use crate::api::scores::{CopyRules, GetRules, ListPeriods, PeriodRow, SetRules};
use crate::backend::BackendExt;
use crate::domain::day::Day;
use crate::domain::rules::{self, DEFAULT_RULES};
use crate::domain::time::format_local;
use crate::error::{Error, Result};
use crate::lang::Lang;

pub fn run(ctx: &Context, cmd: RulesCommand) -> Result<ExitCode> {
    let lang = ctx.lang;
    match cmd {
        RulesCommand::Check { file } => {
            let text = read(&file)?;
            let (out, good) = check(&text, &file.display().to_string(), lang);
            emit(out.as_bytes(), None, lang)?;
            return Ok(if good {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            });
        }
        RulesCommand::Example => emit(DEFAULT_RULES.as_bytes(), None, lang)?,
        RulesCommand::Set { period, file } => {
            let text = read(&file)?;
            let row = ctx.open()?.run(SetRules { period, text })?;
            println!("{}", words::rules_stored(lang, &row));
        }
        RulesCommand::Show { period } => {
            let rules = ctx.open()?.run(GetRules { period })?;
            emit(rules.text.as_bytes(), None, lang)?;
        }
        RulesCommand::Copy { from, to } => {
            let row = ctx.open()?.run(CopyRules {
                from: from.clone(),
                to,
            })?;
            println!("{}", words::rules_copied(lang, &from, &row));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read(file: &Path) -> Result<String> {
    std::fs::read_to_string(file).map_err(|e| Error::Io {
        detail: format!("{}: {e}", file.display()),
    })
}

/// What `rules check` prints, and whether the rulebook is good: needs no
/// database, so an office can check a file before anyone stores it.
pub fn check(text: &str, file: &str, lang: Lang) -> (String, bool) {
    match rules::parse(text) {
        Ok(book) => (
            format!(
                "{}\n",
                words::rules_ok(lang, &book.name, book.from, book.to)
            ),
            true,
        ),
        Err(errors) => {
            let mut out = format!("{}\n", words::rules_bad(lang, file, errors.len()));
            for e in &errors {
                out.push_str(&e.message(lang));
                out.push('\n');
            }
            (out, false)
        }
    }
}

#[derive(Serialize)]
struct PeriodJson<'a> {
    name: &'a str,
    from: Day,
    to: Day,
    version: u32,
    settled: bool,
    settled_at: Option<String>,
    settled_by: Option<&'a str>,
    changed_at: String,
    changed_by: &'a str,
}

pub fn periods(ctx: &Context, format: Format) -> Result<ExitCode> {
    let lang = ctx.lang;
    let rows = ctx.open()?.run(ListPeriods {})?;
    let bytes = match format {
        Format::Json => json_bytes(
            &rows
                .iter()
                .map(|p| PeriodJson {
                    name: &p.name,
                    from: p.from,
                    to: p.to,
                    version: p.version,
                    settled: p.settled.is_some(),
                    settled_at: p.settled.as_ref().map(|(at, _)| format_local(*at)),
                    settled_by: p.settled.as_ref().map(|(_, by)| by.as_str()),
                    changed_at: format_local(p.changed_at),
                    changed_by: &p.changed_by,
                })
                .collect::<Vec<_>>(),
        )?,
        Format::Text => periods_text(&rows, lang)?,
    };
    emit(&bytes, None, lang)?;
    Ok(ExitCode::SUCCESS)
}

fn periods_text(rows: &[PeriodRow], lang: Lang) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    if rows.is_empty() {
        writeln!(out, "{}", words::no_periods(lang)).map_err(super::fmt::io_err)?;
        return Ok(out);
    }
    let table = Table {
        head: words::periods_head(lang),
        rows: rows
            .iter()
            .map(|p| {
                vec![
                    Cell::text(p.name.clone()),
                    Cell::text(words::period_dates(lang, p)),
                    Cell::text(words::version(lang, p.version)),
                    Cell::text(words::settled(lang, p)),
                ]
            })
            .collect(),
    };
    write_table(&mut out, &table)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_example_checks_clean() {
        let (out, good) = check(DEFAULT_RULES, "default.toml", Lang::Zh);
        assert!(good, "{out}");
        assert!(
            out.starts_with("没有问题：2024年度关工委工作考核细则（2024-01-01 至 2024-12-31）")
        );
    }

    #[test]
    fn every_mistake_is_listed_at_its_line_in_the_language_asked() {
        // Line 8 counts what no record holds; line 14 a cap below nought.
        let text = "name = \"x\"\nfrom = 2024-01-01\nto = 2024-12-31\n\
                    [[block]]\nname = \"b\"\n[[block.item]]\nname = \"i\"\n\
                    counts = \"poems\"\npoints = 1\n[[block.item]]\nname = \"j\"\n\
                    counts = \"activities\"\npoints = 1\ncap = -3\n";
        let (zh, good) = check(text, "bad.toml", Lang::Zh);
        assert!(!good);
        let lines: Vec<&str> = zh.lines().collect();
        assert!(lines[0].starts_with("bad.toml 有 2 处错误"), "{zh}");
        assert!(lines[1].starts_with("第8行："), "{zh}");
        assert!(lines[2].starts_with("第14行："), "{zh}");
        let (en, _) = check(text, "bad.toml", Lang::En);
        assert!(en.lines().nth(1).unwrap().starts_with("line 8: "), "{en}");
    }

    #[test]
    fn periods_show_their_dates_version_and_whether_settled() {
        let mut p = super::super::scores_table::tests::period();
        let open = p.clone();
        p.settled = Some((0, "admin".into()));
        let t = String::from_utf8(periods_text(&[open, p], Lang::Zh).unwrap()).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3, "{t}");
        assert!(lines[1].contains("2024-01-01 至 2024-12-31") && lines[1].contains("第 2 版"));
        assert!(lines[1].ends_with("未兑现"), "{t}");
        assert!(
            lines[2].contains("已兑现") && lines[2].ends_with("admin"),
            "{t}"
        );
        let none = String::from_utf8(periods_text(&[], Lang::En).unwrap()).unwrap();
        assert!(none.starts_with("No evaluation period yet"));
    }
}
