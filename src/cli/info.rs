//! `ggw info add|adopt|list|import|export`: info items (信息) and where
//! they were adopted (采用), one item possibly at several levels.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;

use super::Context;
use super::args::{FileFormat, Format};
use super::fmt::pad;
use super::guidance::PersonNames;
use super::people::parse_day;
use super::plans::parse_id;
use super::sanchuang_json::{InfoJson, PersonJson};
use super::text::{self, people::not_recognised, sanchuang as words};
use crate::api::people::ResolvePerson;
use crate::api::sanchuang::{AddInfo, AdoptInfo, ImportInfo, InfoDraft, ListInfo};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::bulletin::{Adoption, AdoptionLevel, InfoId, InfoItem};
use crate::domain::day::Day;
use crate::domain::text::for_display;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Field, Result};
use crate::io::info_file::{self, ExportRow};
use crate::io::people_file;
use crate::io::work_file::split_names;
use crate::lang::Lang;

#[derive(Debug, Subcommand)]
pub enum InfoCommand {
    /// Add an info item; prints its id
    Add {
        /// The unit it comes from: id, path or unique name
        #[arg(long, value_name = "PATH")]
        unit: String,
        /// Its title
        #[arg(long)]
        title: String,
        /// Its authors: ids, ID numbers or names, separated by commas
        #[arg(long, value_name = "A,B")]
        authors: Option<String>,
        /// The day it was written [default: the day submitted, else today]
        #[arg(long, value_name = "DATE")]
        written: Option<String>,
        /// The day it was submitted (报送)
        #[arg(long, value_name = "DATE")]
        submitted: Option<String>,
        /// A text file (UTF-8) holding its body, a paragraph to a line
        #[arg(long, value_name = "FILE")]
        body_file: Option<PathBuf>,
    },
    /// Record an adoption (采用) of an item
    Adopt {
        /// The item's id (see ggw info list)
        item: String,
        /// 区/市/省/国家, or district, city, province, national
        #[arg(long)]
        level: String,
        /// The body or medium that adopted it
        #[arg(long)]
        outlet: String,
        /// The day it was adopted
        #[arg(long, value_name = "DATE")]
        on: String,
        /// Issue number or link
        #[arg(long = "ref", value_name = "TEXT")]
        reference: Option<String>,
    },
    /// Info items, oldest first, with their adoptions
    List {
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// First day written
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day written
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Output: text (the default) or json
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import a file (CSV in UTF-8, or XLSX), a row per adoption: all rows or none
    Import {
        /// The file (CSV or XLSX)
        file: PathBuf,
        /// Check the file and report problems; write nothing
        #[arg(long)]
        check: bool,
    },
    /// Export to CSV or XLSX, a row per adoption, with the columns the import reads
    Export {
        /// The file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// csv or xlsx [default: from the file name, else csv]
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
    },
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Io {
        detail: format!("{}: {e}", path.display()),
    }
}

pub fn run(ctx: &Context, cmd: InfoCommand) -> Result<ExitCode> {
    let lang = ctx.lang;
    match cmd {
        InfoCommand::Add {
            unit,
            title,
            authors,
            written,
            submitted,
            body_file,
        } => {
            let written = written.map(|d| parse_day(&d, Field::Date)).transpose()?;
            let submitted = submitted.map(|d| parse_day(&d, Field::Date)).transpose()?;
            let body = match body_file {
                Some(f) => std::fs::read_to_string(&f).map_err(|e| io_error(&f, e))?,
                None => String::new(),
            };
            let b = ctx.open()?;
            let unit = b.run(ResolveUnit { given: unit })?;
            let authors = match authors {
                Some(a) => split_names(&a)
                    .into_iter()
                    .map(|given| Ok(b.run(ResolvePerson { given })?.id))
                    .collect::<Result<Vec<_>>>()?,
                None => vec![],
            };
            let item = b.run(AddInfo {
                draft: InfoDraft {
                    unit: unit.id,
                    title,
                    body,
                    authors,
                    written: written.or(submitted).unwrap_or_else(Day::today),
                    submitted,
                },
            })?;
            println!(
                "{} #{} {} {}",
                words::info_added(lang),
                item.id,
                item.written,
                for_display(&item.title)
            );
        }
        InfoCommand::Adopt {
            item,
            level,
            outlet,
            on,
            reference,
        } => {
            let id = InfoId(parse_id(&item, words::ITEM)?);
            let level = AdoptionLevel::parse(&level).ok_or_else(|| {
                let (zh, en) = not_recognised(
                    words::LEVEL,
                    &level,
                    (
                        AdoptionLevel::choices(Lang::Zh),
                        AdoptionLevel::choices(Lang::En),
                    ),
                );
                Error::InvalidField {
                    field: Field::Category,
                    zh,
                    en,
                }
            })?;
            let on = parse_day(&on, Field::Date)?;
            let b = ctx.open()?;
            let item = b.run(AdoptInfo {
                id,
                adoption: Adoption {
                    level,
                    outlet,
                    reference: reference.unwrap_or_default(),
                    on,
                },
            })?;
            println!(
                "{} #{} {}{}",
                words::adopted(lang),
                item.id,
                for_display(&item.title),
                words::adoptions_count(lang, item.adoptions.len())
            );
        }
        InfoCommand::List {
            unit,
            from,
            to,
            format,
        } => {
            let from = from.map(|d| parse_day(&d, Field::Date)).transpose()?;
            let to = to.map(|d| parse_day(&d, Field::Date)).transpose()?;
            let b = ctx.open()?;
            let unit = match unit {
                Some(u) => Some(b.run(ResolveUnit { given: u })?.id),
                None => None,
            };
            let items = b.run(ListInfo { unit, from, to })?;
            print_list(b.as_ref(), &items, format, lang)?;
        }
        InfoCommand::Import { file, check } => import(ctx, &file, check)?,
        InfoCommand::Export { output, format } => {
            let xlsx = match format {
                Some(f) => f == FileFormat::Xlsx,
                None => output
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")),
            };
            let b = ctx.open()?;
            let items = b.run(ListInfo {
                unit: None,
                from: None,
                to: None,
            })?;
            let rows = export_rows(b.as_ref(), &items)?;
            let bytes = if xlsx {
                info_file::export_xlsx(&rows)?
            } else {
                info_file::export_csv(&rows).into_bytes()
            };
            std::fs::write(&output, bytes).map_err(|e| io_error(&output, e))?;
            println!(
                "{}",
                words::info_exported(lang, items.len(), rows.len(), &output.display())
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_list(b: &dyn Backend, items: &[InfoItem], format: Format, lang: Lang) -> Result<()> {
    let tree = UnitTree::new(b.run(ListUnits {
        include_archived: true,
    })?);
    let mut names = PersonNames::new(b);
    match format {
        Format::Text => {
            println!("{}", words::items_count(lang, items.len()));
            for i in items {
                let line = format!(
                    "#{:<5} {} {} {} {}",
                    i.id,
                    i.written,
                    pad(&for_display(&tree.path(i.unit)), 28),
                    pad(&for_display(&i.title), 36),
                    names.joined(&i.authors, lang)
                );
                println!("{}", line.trim_end());
                for a in &i.adoptions {
                    let line = format!(
                        "        {}{}{} {} {}",
                        words::adoption_label(lang),
                        text::label_sep(lang),
                        pad(a.level.label(lang), 8),
                        a.on,
                        for_display(&a.outlet),
                    );
                    let line = if a.reference.is_empty() {
                        line
                    } else {
                        format!("{line} {}", for_display(&a.reference))
                    };
                    println!("{line}");
                }
            }
        }
        Format::Json => {
            let v: Vec<InfoJson> = items
                .iter()
                .map(|i| {
                    let authors = i
                        .authors
                        .iter()
                        .map(|p| PersonJson::new(*p, names.name(*p)))
                        .collect();
                    InfoJson::new(i, tree.path(i.unit), authors)
                })
                .collect();
            super::fmt::json(&v)?;
        }
    }
    Ok(())
}

/// A row per adoption, the item repeated; an item never adopted, one row.
fn export_rows(b: &dyn Backend, items: &[InfoItem]) -> Result<Vec<ExportRow>> {
    let tree = UnitTree::new(b.run(ListUnits {
        include_archived: true,
    })?);
    let mut names = PersonNames::new(b);
    let mut rows = Vec::new();
    for i in items {
        let authors: Vec<String> = i.authors.iter().map(|p| names.name(*p)).collect();
        let row = |adoption| ExportRow {
            title: i.title.clone(),
            unit: tree.path(i.unit),
            authors: authors.clone(),
            submitted: i.submitted,
            adoption,
        };
        if i.adoptions.is_empty() {
            rows.push(row(None));
        }
        for a in &i.adoptions {
            rows.push(row(Some((
                a.level,
                a.outlet.clone(),
                a.reference.clone(),
                a.on,
            ))));
        }
    }
    Ok(rows)
}

fn import(ctx: &Context, file: &Path, check: bool) -> Result<()> {
    let lang = ctx.lang;
    let started = Instant::now();
    let bytes = std::fs::read(file).map_err(|e| io_error(file, e))?;
    let table = people_file::read_table(file, &bytes)?;
    let header = crate::io::csv::Header::from_row(&table.header, info_file::COLUMNS);
    if !header.unknown().is_empty() {
        let names: Vec<&str> = header.unknown().iter().map(|c| c.name.as_str()).collect();
        eprintln!(
            "{}{}",
            text::people::unknown_columns(lang),
            names.join(text::enum_sep(lang))
        );
    }
    let (rows, mut problems) = info_file::parse_rows(&table)?;
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let b = ctx.open()?;
    if check || !problems.is_empty() {
        // The rows that parsed are checked too, so one round of
        // corrections is enough.
        let n = match b.run(ImportInfo {
            rows,
            source,
            check_only: true,
        }) {
            Ok(n) => n,
            Err(Error::ImportRejected { problems: more }) => {
                problems.extend(more);
                0
            }
            Err(e) => return Err(e),
        };
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(Error::ImportRejected { problems });
        }
        println!("{}", words::info_import_checked(lang, n));
        return Ok(());
    }
    let n = b.run(ImportInfo {
        rows,
        source,
        check_only: false,
    })?;
    let seconds = started.elapsed().as_secs_f64();
    println!("{}", words::info_imported(lang, n, seconds));
    Ok(())
}
