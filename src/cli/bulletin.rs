//! `ggw bulletin new|list|render`: bulletin issues (简报), numbered on from
//! the last one, and one issue rendered in the newsletter's layout — text
//! and Markdown for the screen and chat, DOCX for the office to print.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};

use super::Context;
use super::args::Format;
use super::fmt::{io_err, pad};
use super::guidance::PersonNames;
use super::people::parse_day;
use super::plans::parse_id;
use super::sanchuang_json::{BulletinJson, PersonJson};
use super::text::sanchuang as words;
use crate::api::people::ResolvePerson;
use crate::api::sanchuang::{BulletinCard, GetBulletin, ListBulletins, NewBulletin};
use crate::backend::BackendExt;
use crate::domain::bulletin::{InfoId, IssueNumber, RenderedItem, render_markdown, render_text};
use crate::domain::text::for_display;
use crate::error::{Error, Field, Result};
use crate::io::bulletin_docx;
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RenderFormat {
    Text,
    Md,
    Docx,
}

#[derive(Debug, Subcommand)]
pub enum BulletinCommand {
    /// Number and save an issue; prints its numbers
    New {
        /// The issue's date
        #[arg(long, value_name = "DATE")]
        date: String,
        /// The info items it carries, in order: their ids, separated by commas
        #[arg(long, value_name = "ID,ID")]
        items: String,
        /// The editor: id, ID number, or a name only one has
        #[arg(long, value_name = "NAME_OR_ID")]
        editor: Option<String>,
        /// The yearly number (第N期) when not the one after the last issue
        #[arg(long, value_name = "N", requires = "running")]
        number: Option<u32>,
        /// The running number (总第M期), with --number
        #[arg(long, value_name = "M", requires = "number")]
        running: Option<u32>,
        /// Accept numbers that skip some after the last issue
        #[arg(long)]
        allow_gap: bool,
    },
    /// The issues, in the order of their running numbers
    List {
        /// Only this year's issues
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// Output: text (the default) or json
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One issue in the newsletter's layout
    Render {
        /// The issue's yearly number (第N期)
        number: u32,
        /// Its year [default: this year]
        #[arg(long, value_name = "YEAR")]
        year: Option<i32>,
        /// text, md (Markdown) or docx (Word, with -o FILE)
        #[arg(long, value_enum)]
        format: RenderFormat,
        /// The file to write ("-" or none: standard output, for text and md)
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// The numbers in the user's language.
fn label(lang: Lang, n: &IssueNumber) -> String {
    match lang {
        Lang::Zh => n.label_zh(),
        Lang::En => n.label_en(),
    }
}

pub fn run(ctx: &Context, cmd: BulletinCommand) -> Result<ExitCode> {
    let lang = ctx.lang;
    match cmd {
        BulletinCommand::New {
            date,
            items,
            editor,
            number,
            running,
            allow_gap,
        } => {
            let date = parse_day(&date, Field::Date)?;
            let items = items
                .split([',', '，', '、', ' '])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| parse_id(s, words::ITEM).map(InfoId))
                .collect::<Result<Vec<_>>>()?;
            if items.is_empty() {
                let (zh, en) = words::no_items();
                return Err(Error::InvalidField {
                    field: Field::Text,
                    zh,
                    en,
                });
            }
            let number = match (number, running) {
                (Some(number), Some(running)) => Some(IssueNumber {
                    year: date.year(),
                    number,
                    running,
                }),
                _ => None,
            };
            let b = ctx.open()?;
            let editor = match editor {
                Some(e) => Some(b.run(ResolvePerson { given: e })?.id),
                None => None,
            };
            let issue = b.run(NewBulletin {
                date,
                items,
                editor,
                number,
                allow_gap,
            })?;
            println!(
                "{} {}",
                words::bulletin_saved(lang),
                label(lang, &issue.issue)
            );
        }
        BulletinCommand::List { year, format } => {
            let b = ctx.open()?;
            let issues = b.run(ListBulletins { year })?;
            let mut names = PersonNames::new(b.as_ref());
            match format {
                Format::Text => {
                    println!("{}", words::bulletins_count(lang, issues.len()));
                    for i in &issues {
                        let editor = i.editor.map(|p| names.name(p)).unwrap_or_default();
                        let line = format!(
                            "{} {} {} {}",
                            pad(&label(lang, &i.issue), 28),
                            i.date,
                            pad(&words::items_in(lang, i.items.len()), 10),
                            for_display(&editor)
                        );
                        println!("{}", line.trim_end());
                    }
                }
                Format::Json => {
                    let v: Vec<BulletinJson> = issues
                        .iter()
                        .map(|i| {
                            let editor = i.editor.map(|p| PersonJson::new(p, names.name(p)));
                            BulletinJson::new(i, editor)
                        })
                        .collect();
                    super::fmt::json(&v)?;
                }
            }
        }
        BulletinCommand::Render {
            number,
            year,
            format,
            output,
        } => {
            let output = output.filter(|o| o.as_os_str() != "-");
            if format == RenderFormat::Docx && output.is_none() {
                let (zh, en) = words::docx_needs_file();
                return Err(Error::InvalidField {
                    field: Field::Text,
                    zh,
                    en,
                });
            }
            let b = ctx.open()?;
            let card = b.run(GetBulletin { year, number })?;
            let bytes = render(&card, format)?;
            match output {
                Some(path) => {
                    std::fs::write(&path, bytes).map_err(|e| Error::Io {
                        detail: format!("{}: {e}", path.display()),
                    })?;
                    println!(
                        "{}",
                        words::rendered(lang, &label(lang, &card.bulletin.issue), &path.display())
                    );
                }
                None => {
                    // Text bound for a terminal: what was typed into an
                    // item reaches it cleaned of escape sequences.
                    let text = String::from_utf8_lossy(&bytes);
                    let mut out = std::io::stdout().lock();
                    for line in text.lines() {
                        writeln!(out, "{}", for_display(line)).map_err(io_err)?;
                    }
                    out.flush().map_err(io_err)?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The unit an item came from as its 供稿 line names it: the unit's own
/// name and its 关工委.
fn contributor(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    if name.ends_with("关工委") {
        name.to_string()
    } else {
        format!("{name}关工委")
    }
}

fn render(card: &BulletinCard, format: RenderFormat) -> Result<Vec<u8>> {
    let office = contributor(&card.district);
    let units: Vec<String> = card.items.iter().map(|(_, p)| contributor(p)).collect();
    let items: Vec<RenderedItem> = card
        .items
        .iter()
        .zip(&units)
        .map(|((item, _), unit)| RenderedItem {
            title: &item.title,
            body: &item.body,
            unit,
        })
        .collect();
    let b = &card.bulletin;
    Ok(match format {
        RenderFormat::Text => render_text(b.issue, b.date, &office, &items).into_bytes(),
        RenderFormat::Md => render_markdown(b.issue, b.date, &office, &items).into_bytes(),
        RenderFormat::Docx => bulletin_docx::render(b.issue, b.date, &office, &items)?,
    })
}

#[cfg(test)]
mod tests {
    use super::contributor;

    #[test]
    fn an_item_is_contributed_by_its_units_committee() {
        assert_eq!(contributor("爱辉区/四嘉子乡"), "四嘉子乡关工委");
        assert_eq!(contributor("爱辉区"), "爱辉区关工委");
        assert_eq!(contributor("爱辉区/教体局关工委"), "教体局关工委");
    }
}
