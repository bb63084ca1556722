//! `ggw activities|trainings|visits|studybase list|import|export`: the work
//! records from the command line, for scripts and for a year's register
//! typed into a spreadsheet. Adding one record is in `work_add`.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use serde::Serialize;

use super::Context;
use super::args::{FileFormat, Format};
use super::fmt::{io_err, pad};
use super::people::parse_day;
use super::text::{self, work as words};
use super::work_add::{ActivityArgs, StudySessionArgs, TrainingArgs, VisitArgs};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::api::work::{ImportWork, ListWork, WorkFilter, WorkPage};
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitId;
use crate::domain::person::PersonId;
use crate::domain::text::for_display;
use crate::domain::tree::UnitTree;
use crate::domain::work::Attendance;
use crate::domain::work_item::{WorkItem, WorkList};
use crate::error::{Error, Field, Result};
use crate::io::{people_file, work_file};
use crate::lang::Lang;

/// Records asked of the service at a time: a long list leaves in pieces,
/// so neither side holds it whole.
const CHUNK: usize = 5_000;

/// What every list does besides adding.
#[derive(Debug, Subcommand)]
pub enum WorkCommand {
    /// The records, oldest first
    List {
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// First day
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Output: text (the default) or json
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Import a file (CSV in UTF-8, or XLSX): all rows or none
    Import {
        /// The file (CSV or XLSX)
        file: PathBuf,
        /// Check the file and report problems; write nothing (the check is
        /// recorded in the audit log)
        #[arg(long)]
        check: bool,
    },
    /// Export to CSV or XLSX, with the columns the import reads
    Export {
        /// The file to write
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// csv or xlsx [default: from the file name, else csv]
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
        /// This unit and those below it (id, path or unique name)
        #[arg(long, value_name = "PATH")]
        unit: Option<String>,
        /// First day
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ActivitiesCommand {
    /// Add an activity; prints its id
    Add(ActivityArgs),
    #[command(flatten)]
    Other(WorkCommand),
}

#[derive(Debug, Subcommand)]
pub enum TrainingsCommand {
    /// Add a training, with its attendees or only a head count; prints its id
    Add(TrainingArgs),
    #[command(flatten)]
    Other(WorkCommand),
}

#[derive(Debug, Subcommand)]
pub enum VisitsCommand {
    /// Add a village visit; prints its id
    Add(VisitArgs),
    #[command(flatten)]
    Other(WorkCommand),
}

#[derive(Debug, Subcommand)]
pub enum StudybaseCommand {
    /// Add a study-base session; prints its id
    Add(StudySessionArgs),
    #[command(flatten)]
    Other(WorkCommand),
}

pub fn activities(ctx: &Context, cmd: ActivitiesCommand) -> Result<ExitCode> {
    match cmd {
        ActivitiesCommand::Add(a) => super::work_add::activity(ctx, a),
        ActivitiesCommand::Other(c) => run(ctx, WorkList::Activities, c),
    }
}

pub fn trainings(ctx: &Context, cmd: TrainingsCommand) -> Result<ExitCode> {
    match cmd {
        TrainingsCommand::Add(a) => super::work_add::training(ctx, a),
        TrainingsCommand::Other(c) => run(ctx, WorkList::Trainings, c),
    }
}

pub fn visits(ctx: &Context, cmd: VisitsCommand) -> Result<ExitCode> {
    match cmd {
        VisitsCommand::Add(a) => super::work_add::visit(ctx, a),
        VisitsCommand::Other(c) => run(ctx, WorkList::Visits, c),
    }
}

pub fn studybase(ctx: &Context, cmd: StudybaseCommand) -> Result<ExitCode> {
    match cmd {
        StudybaseCommand::Add(a) => super::work_add::study_session(ctx, a),
        StudybaseCommand::Other(c) => run(ctx, WorkList::StudySessions, c),
    }
}

fn run(ctx: &Context, list: WorkList, cmd: WorkCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let lang = ctx.lang;
    match cmd {
        WorkCommand::List {
            unit,
            from,
            to,
            format,
        } => {
            let filter = filter(b.as_ref(), list, unit, from, to)?;
            print_list(b.as_ref(), filter, format, lang)?;
        }
        WorkCommand::Import { file, check } => import(b.as_ref(), list, &file, check, lang)?,
        WorkCommand::Export {
            output,
            format,
            unit,
            from,
            to,
        } => {
            let filter = filter(b.as_ref(), list, unit, from, to)?;
            let xlsx = match format {
                Some(f) => f == FileFormat::Xlsx,
                None => output
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx")),
            };
            let n = export(b.as_ref(), filter, &output, xlsx)?;
            println!("{}", words::exported(lang, list, n, &output.display()));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The records of `list` oldest first, within a unit's subtree and a period.
fn filter(
    b: &dyn Backend,
    list: WorkList,
    unit: Option<String>,
    from: Option<String>,
    to: Option<String>,
) -> Result<WorkFilter> {
    let mut f = WorkFilter::new(list);
    f.oldest_first = true;
    f.unit = match unit {
        Some(u) => Some(b.run(ResolveUnit { given: u })?.id),
        None => None,
    };
    f.from = from.map(|d| parse_day(&d, Field::Date)).transpose()?;
    f.to = to.map(|d| parse_day(&d, Field::Date)).transpose()?;
    Ok(f)
}

/// Every page of the list in turn, `each` called on every page.
fn pages(
    b: &dyn Backend,
    filter: WorkFilter,
    mut each: impl FnMut(&WorkPage) -> Result<()>,
) -> Result<()> {
    let mut offset = 0;
    loop {
        let page = b.run(ListWork {
            filter: filter.clone(),
            offset,
            limit: CHUNK,
        })?;
        each(&page)?;
        offset += page.items.len();
        if page.items.is_empty() || offset >= page.total {
            return Ok(());
        }
    }
}

/// Unit paths and people's names, looked up once each.
struct Names {
    tree: UnitTree,
    paths: HashMap<UnitId, String>,
    people: HashMap<PersonId, String>,
}

impl Names {
    fn new(b: &dyn Backend) -> Result<Names> {
        Ok(Names {
            tree: UnitTree::new(b.run(ListUnits {
                include_archived: true,
            })?),
            paths: HashMap::new(),
            people: HashMap::new(),
        })
    }

    fn page(&mut self, page: &WorkPage) {
        // Only this page's people: the map stays the size of one page.
        self.people.clear();
        self.people.extend(page.names.iter().cloned());
    }

    fn path(&mut self, unit: UnitId) -> &str {
        let tree = &self.tree;
        self.paths.entry(unit).or_insert_with(|| tree.path(unit))
    }

    fn person(&self, p: PersonId) -> &str {
        self.people.get(&p).map_or("", String::as_str)
    }
}

fn print_list(b: &dyn Backend, filter: WorkFilter, format: Format, lang: Lang) -> Result<()> {
    let list = filter.list;
    let mut names = Names::new(b)?;
    let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
    let mut first = true;
    pages(b, filter, |page| {
        names.page(page);
        if first && format == Format::Text {
            writeln!(out, "{}", words::list_count(lang, list, page.total)).map_err(io_err)?;
        }
        if first && format == Format::Json {
            write!(out, "[").map_err(io_err)?;
        }
        for item in &page.items {
            match format {
                Format::Text => {
                    let line = text_line(item, &mut names, lang);
                    writeln!(out, "{}", line.trim_end()).map_err(io_err)?;
                }
                Format::Json => {
                    write!(out, "{}", if first { "\n" } else { ",\n" }).map_err(io_err)?;
                    // Indented as one pretty array, though written an
                    // element at a time.
                    let one =
                        serde_json::to_string_pretty(&json_of(item, &mut names)).map_err(|e| {
                            Error::Io {
                                detail: e.to_string(),
                            }
                        })?;
                    for (i, line) in one.lines().enumerate() {
                        let sep = if i == 0 { "  " } else { "\n  " };
                        write!(out, "{sep}{line}").map_err(io_err)?;
                    }
                    first = false;
                }
            }
        }
        first = false;
        Ok(())
    })?;
    if format == Format::Json {
        writeln!(out, "\n]").map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

fn joined(names: &Names, people: &[PersonId], lang: Lang) -> String {
    people
        .iter()
        .map(|p| for_display(names.person(*p)))
        .collect::<Vec<_>>()
        .join(text::enum_sep(lang))
}

/// Columns wide enough for the longest label in each language.
fn width(lang: Lang, zh: usize, en: usize) -> usize {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// One record on one line, the columns lined up with Chinese counted as
/// two terminal columns.
fn text_line(item: &WorkItem, names: &mut Names, lang: Lang) -> String {
    let path = for_display(names.path(item.unit())).to_string();
    let head = format!("#{:<6} {}", item.id().id, item.date());
    match item {
        WorkItem::Activity(a) => format!(
            "{head} {} {} {} {} {} {}",
            pad(&path, 28),
            pad(a.kind.label(lang), width(lang, 8, 20)),
            pad(words::online(lang, a.online), width(lang, 4, 7)),
            pad(&for_display(&a.title), 24),
            pad(&words::youths(lang, a.youths), 14),
            joined(names, &a.elders, lang)
        ),
        WorkItem::Training(t) => {
            let who = match &t.attendance {
                Attendance::Named(p) => format!(
                    "{} {}",
                    words::person_times(lang, p.len()),
                    joined(names, p, lang)
                ),
                Attendance::HeadCount(n) => words::head_count(lang, *n),
            };
            format!(
                "{head} {} {} {} {who}",
                pad(&path, 28),
                pad(t.mode.label(lang), width(lang, 10, 18)),
                pad(&for_display(&t.topic), 24),
            )
        }
        WorkItem::Visit(v) => format!(
            "{head} {} {} {} {}",
            pad(&for_display(names.person(v.person)), 8),
            pad(&path, 28),
            pad(&for_display(&v.purpose), 24),
            for_display(&v.result)
        ),
        WorkItem::StudySession(s) => format!(
            "{head} {} {} {} {}",
            pad(&path, 28),
            pad(&for_display(&s.visitor), 20),
            pad(&words::students(lang, s.students), 14),
            for_display(&s.theme)
        ),
    }
}

#[derive(Serialize)]
struct PersonJson<'a> {
    id: u64,
    name: &'a str,
}

/// One record for scripts: English snake_case keys, codes for choices;
/// what every record has first, then its own.
#[derive(Serialize)]
struct ItemJson<'a> {
    id: u64,
    date: String,
    unit: u64,
    unit_path: String,
    #[serde(flatten)]
    own: OwnJson<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum OwnJson<'a> {
    Activity {
        title: &'a str,
        theme: &'a str,
        kind: &'static str,
        online: bool,
        place: &'a str,
        youths: u32,
        elders: Vec<PersonJson<'a>>,
        notes: &'a str,
    },
    Training {
        mode: &'static str,
        topic: &'a str,
        person_times: u32,
        /// `None` when only a head count was kept.
        attendees: Option<Vec<PersonJson<'a>>>,
    },
    Visit {
        person: PersonJson<'a>,
        purpose: &'a str,
        result: &'a str,
    },
    StudySession {
        visitor: &'a str,
        students: u32,
        theme: &'a str,
    },
}

fn json_of<'a>(item: &'a WorkItem, names: &'a mut Names) -> ItemJson<'a> {
    let unit_path = names.path(item.unit()).to_string();
    let names = &*names;
    let person = |p: PersonId| PersonJson {
        id: p.0,
        name: names.person(p),
    };
    let people = |p: &[PersonId]| p.iter().map(|p| person(*p)).collect::<Vec<_>>();
    let own = match item {
        WorkItem::Activity(a) => OwnJson::Activity {
            title: &a.title,
            theme: &a.theme,
            kind: a.kind.code(),
            online: a.online,
            place: &a.place,
            youths: a.youths,
            elders: people(&a.elders),
            notes: &a.notes,
        },
        WorkItem::Training(t) => OwnJson::Training {
            mode: t.mode.code(),
            topic: &t.topic,
            person_times: t.attendance.person_times(),
            attendees: match &t.attendance {
                Attendance::Named(p) => Some(people(p)),
                Attendance::HeadCount(_) => None,
            },
        },
        WorkItem::Visit(v) => OwnJson::Visit {
            person: person(v.person),
            purpose: &v.purpose,
            result: &v.result,
        },
        WorkItem::StudySession(s) => OwnJson::StudySession {
            visitor: &s.visitor,
            students: s.students,
            theme: &s.theme,
        },
    };
    ItemJson {
        id: item.id().id,
        date: item.date().to_string(),
        unit: item.unit().0,
        unit_path,
        own,
    }
}

fn export(b: &dyn Backend, filter: WorkFilter, output: &Path, xlsx: bool) -> Result<u32> {
    let mut file = work_file::Export::create(output, filter.list, xlsx)?;
    let mut names = Names::new(b)?;
    pages(b, filter, |page| {
        names.page(page);
        for item in &page.items {
            let path = names.path(item.unit()).to_string();
            let cells = work_file::export_cells(item, &path, |p| names.person(p));
            file.row(cells)?;
        }
        Ok(())
    })?;
    file.finish()
}

fn import(b: &dyn Backend, list: WorkList, file: &Path, check: bool, lang: Lang) -> Result<()> {
    let started = Instant::now();
    let bytes = std::fs::read(file).map_err(|e| Error::Io {
        detail: format!("{}: {e}", file.display()),
    })?;
    let table = people_file::read_table(file, &bytes)?;
    drop(bytes);
    let header = crate::io::csv::Header::from_row(&table.header, work_file::columns(list));
    if !header.unknown().is_empty() {
        let names: Vec<&str> = header.unknown().iter().map(|c| c.name.as_str()).collect();
        eprintln!(
            "{}{}",
            text::people::unknown_columns(lang),
            names.join(text::enum_sep(lang))
        );
    }
    drop(header);
    let (rows, mut problems) = work_file::parse_rows(list, &table)?;
    // The rows hold all the service needs; the cells would only add to the
    // import's peak memory.
    drop(table);
    let total = rows.len()
        + problems
            .iter()
            .map(|p| p.line)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
    let source = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if check || !problems.is_empty() {
        // The rows that parsed are checked too, so one round of
        // corrections is enough.
        match b.run(ImportWork {
            list,
            rows,
            source,
            check_only: true,
        }) {
            Ok(_) => {}
            Err(Error::ImportRejected { problems: more }) => problems.extend(more),
            Err(e) => return Err(e),
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(Error::ImportRejected { problems });
        }
        println!("{}", words::import_checked(lang, list, total));
        return Ok(());
    }
    let n = b.run(ImportWork {
        list,
        rows,
        source,
        check_only: false,
    })?;
    let seconds = started.elapsed().as_secs_f64();
    println!("{}", words::imported(lang, list, n, seconds));
    Ok(())
}
