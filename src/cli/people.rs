//! `ggw people …` and `ggw position …`: the roster and the teams from the
//! command line, for scripts and for typing in a whole register at once.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use super::Context;
use super::args::{FileFormat, Format, PeopleCommand, PositionCommand, StatusArg};
use super::fmt::{day_or_dash, io_err, json, pad};
use super::text::{self, people as words};
use crate::api::admin::{UnvoidRecord, VoidRecord};
use crate::api::people::{
    AddHonour, Appoint, CreatePerson, EndPosition, ExportPeople, GetPeopleFigures, GetPerson,
    ImportPeople, ListPeople, ListPositions, PeopleFilter, PersonRow, PositionDraft, RecordTalk,
    Reregister, ResolvePerson, StatusFilter, StrikeOff, StrikeOffPerson, namesake_warning,
    namesakes,
};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::audit::RecordKind;
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::people_figures::{Period, UnderActive};
use crate::domain::person::{
    Category, ElderDraft, Honour, HonourLevel, Person, PersonDraft, PositionId, RemovalReason,
    Role, RosterStatus, Source, Talk, TalkOutcome,
};
use crate::domain::text::for_display;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Field, Result};
use crate::io::people_file;
use crate::lang::Lang;

pub fn parse_day(s: &str, field: Field) -> Result<Day> {
    crate::io::dates::parse_date(s)
        .map(Day::from_date)
        .map_err(|e| Error::InvalidField {
            field,
            zh: e.to_string(),
            en: e.message_en(),
        })
}

fn parse_choice<T>(
    given: &str,
    parse: impl Fn(&str) -> Option<T>,
    field: Field,
    what: (&str, &str),
    choices: (String, String),
) -> Result<T> {
    parse(given).ok_or_else(|| {
        let (zh, en) = words::not_recognised(what, given, choices);
        Error::InvalidField { field, zh, en }
    })
}

macro_rules! choice {
    ($ty:ident, $given:expr, $field:expr, $what:expr) => {
        parse_choice(
            $given,
            $ty::parse,
            $field,
            $what,
            ($ty::choices(Lang::Zh), $ty::choices(Lang::En)),
        )
    };
}

pub fn people_command(ctx: &Context, cmd: PeopleCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let lang = ctx.lang;
    match cmd {
        PeopleCommand::List {
            unit,
            category,
            status,
            search,
            all,
            format,
        } => {
            let filter = PeopleFilter {
                unit: match unit {
                    Some(u) => Some(
                        b.run(ResolveUnit {
                            given: u.to_string(),
                        })?
                        .id,
                    ),
                    None => None,
                },
                category: match category {
                    Some(c) => Some(choice!(Category, &c, Field::Category, words::CATEGORY)?),
                    None => None,
                },
                status: status.map(|s| match s {
                    StatusArg::Active => StatusFilter::Active,
                    StatusArg::Removed => StatusFilter::Removed,
                }),
                search: search.unwrap_or_default(),
                include_non_elders: all,
            };
            print_people(&b.run(ListPeople { filter })?, format, lang)?;
        }
        PeopleCommand::UnderActive {
            unit,
            months,
            to,
            format,
        } => {
            let unit = match unit {
                Some(u) => Some(b.run(ResolveUnit { given: u })?.id),
                None => None,
            };
            let to = match to {
                Some(s) => parse_day(&s, Field::Date)?,
                None => Day::today(),
            };
            let f = b.run(GetPeopleFigures {
                unit,
                period: Period { from: to, to },
                under_active_months: months,
            })?;
            print_under_active(&f.under_active, format, lang)?;
        }
        PeopleCommand::Show { person, format } => {
            let p = b.run(ResolvePerson {
                given: person.to_string(),
            })?;
            if format == Format::Json {
                json(&p)?;
            } else {
                print_card(&b, &p, lang)?;
            }
        }
        PeopleCommand::Add {
            name,
            unit,
            category,
            source,
            joined,
            gender,
            birth,
            id_number,
            phone,
            core,
            notes,
        } => {
            let unit = b.run(ResolveUnit {
                given: unit.to_string(),
            })?;
            let elder = match category {
                None => None,
                Some(c) => Some(ElderDraft {
                    category: choice!(Category, &c, Field::Category, words::CATEGORY)?,
                    core,
                    skills: String::new(),
                    health: String::new(),
                    source: match source {
                        Some(s) => choice!(Source, &s, Field::Source, words::SOURCE)?,
                        None => Source::Other,
                    },
                    joined: joined.map(|j| parse_day(&j, Field::Joined)).transpose()?,
                    reregistered: None,
                    status: RosterStatus::Active,
                }),
            };
            let gender = match gender {
                Some(g) => Some(parse_choice(
                    &g,
                    Gender::parse,
                    Field::Gender,
                    words::GENDER,
                    words::gender_choices(),
                )?),
                None => None,
            };
            let draft = PersonDraft {
                name,
                gender,
                birth: birth.map(|d| parse_day(&d, Field::Birth)).transpose()?,
                phone: phone.unwrap_or_default(),
                id_number: id_number.unwrap_or_default(),
                unit: Some(unit.id),
                notes: notes.unwrap_or_default(),
                elder,
                ..PersonDraft::default()
            };
            let p = b.run(CreatePerson { draft })?;
            println!("{} #{} {}", words::registered(lang), p.id, p.name);
            let rows = b.run(ListPeople {
                filter: PeopleFilter {
                    unit: Some(p.unit),
                    search: p.name.clone(),
                    include_non_elders: true,
                    ..PeopleFilter::default()
                },
            })?;
            if let Some(w) = namesake_warning(&namesakes(&rows, &p), lang) {
                eprintln!("ggw: {w}");
            }
        }
        PeopleCommand::StrikeOff {
            person,
            on,
            reason,
            note,
        } => {
            let p = b.run(ResolvePerson {
                given: person.to_string(),
            })?;
            let strike = StrikeOff {
                on: parse_day(&on, Field::Date)?,
                reason: choice!(RemovalReason, &reason, Field::Reason, words::REMOVAL_REASON)?,
                note: note.unwrap_or_default(),
            };
            let p = b.run(StrikeOffPerson {
                id: p.id,
                rev: p.rev,
                strike,
            })?;
            println!("{} #{} {}", words::struck_off(lang), p.id, p.name);
        }
        PeopleCommand::Void { person, reason } => {
            let p = b.run(ResolvePerson {
                given: person.to_string(),
            })?;
            b.run(VoidRecord {
                kind: RecordKind::Person,
                id: p.id.0,
                reason: reason.to_string(),
            })?;
            println!("{} #{} {}", words::voided(lang), p.id, p.name);
        }
        PeopleCommand::Unvoid { id } => {
            b.run(UnvoidRecord {
                kind: RecordKind::Person,
                id,
            })?;
            let p = b.run(GetPerson {
                id: crate::domain::person::PersonId(id),
            })?;
            println!("{} #{} {}", words::restored(lang), p.id, p.name);
        }
        PeopleCommand::Talk {
            person,
            on,
            by,
            summary,
            outcome,
        } => {
            let p = b.run(ResolvePerson {
                given: person.to_string(),
            })?;
            let talk = Talk {
                date: parse_day(&on, Field::Date)?,
                by,
                summary,
                outcome: choice!(TalkOutcome, &outcome, Field::Status, words::TALK_OUTCOME)?,
            };
            let p = b.run(RecordTalk {
                id: p.id,
                rev: p.rev,
                talk,
            })?;
            println!("{} #{} {}", words::talk_recorded(lang), p.id, p.name);
        }
        PeopleCommand::Honour {
            person,
            title,
            level,
            on,
        } => {
            let p = b.run(ResolvePerson {
                given: person.to_string(),
            })?;
            let honour = Honour {
                title,
                level: choice!(HonourLevel, &level, Field::Text, words::HONOUR_LEVEL)?,
                date: parse_day(&on, Field::Date)?,
            };
            let p = b.run(AddHonour {
                id: p.id,
                rev: p.rev,
                honour,
            })?;
            println!("{} #{} {}", words::honour_recorded(lang), p.id, p.name);
        }
        PeopleCommand::Reregister { people, unit, on } => {
            let on = parse_day(&on, Field::Date)?;
            let mut list = Vec::new();
            for given in &people {
                let p = b.run(ResolvePerson {
                    given: given.to_string(),
                })?;
                list.push((p.id, p.rev));
            }
            if let Some(u) = unit {
                let unit = b.run(ResolveUnit {
                    given: u.to_string(),
                })?;
                let rows = b.run(ListPeople {
                    filter: PeopleFilter {
                        unit: Some(unit.id),
                        status: Some(StatusFilter::Active),
                        ..PeopleFilter::default()
                    },
                })?;
                list.extend(rows.iter().map(|r| (r.id, r.rev)));
            }
            let n = b.run(Reregister { people: list, on })?;
            println!("{} {n}", words::reregistered_count(lang));
        }
        PeopleCommand::Import {
            file,
            check,
            allow_namesakes,
        } => import(&b, &file, check, allow_namesakes, lang)?,
        PeopleCommand::Export {
            format,
            unit,
            status,
            all,
            unmasked,
            output,
        } => {
            let unit = match unit {
                Some(u) => Some(
                    b.run(ResolveUnit {
                        given: u.to_string(),
                    })?
                    .id,
                ),
                None => None,
            };
            let format = format.unwrap_or(
                if output
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
                {
                    FileFormat::Xlsx
                } else {
                    FileFormat::Csv
                },
            );
            let mut people = b.run(ExportPeople { unit, unmasked })?;
            if !all {
                let wanted = status.unwrap_or(StatusArg::Active);
                people.retain(|e| {
                    e.person.elder.as_ref().is_some_and(|m| {
                        matches!(
                            (&m.status, wanted),
                            (RosterStatus::Active, StatusArg::Active)
                                | (RosterStatus::Removed { .. }, StatusArg::Removed)
                        )
                    })
                });
            }
            let bytes = match format {
                FileFormat::Csv => people_file::export_csv(&people).into_bytes(),
                FileFormat::Xlsx => people_file::export_xlsx(&people)?,
            };
            std::fs::write(&output, bytes).map_err(|e| Error::Io {
                detail: format!("{}: {e}", output.display()),
            })?;
            let masked = if unmasked {
                ""
            } else {
                words::export_masked(lang)
            };
            let what = match (all, status) {
                (true, _) => words::export_everyone(lang),
                (false, Some(StatusArg::Removed)) => words::export_struck_off(lang),
                (false, _) => words::export_on_roll(lang),
            };
            let n = people.len();
            let to = output.display();
            println!("{}", words::exported(lang, what, n, &to, masked));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    b: &dyn Backend,
    file: &std::path::Path,
    check: bool,
    allow_namesakes: bool,
    lang: Lang,
) -> Result<()> {
    let started = Instant::now();
    let bytes = std::fs::read(file).map_err(|e| Error::Io {
        detail: format!("{}: {e}", file.display()),
    })?;
    let table = people_file::read_table(file, &bytes)?;
    let header = crate::io::csv::Header::from_row(&table.header, people_file::COLUMNS);
    if !header.unknown().is_empty() {
        let names: Vec<&str> = header.unknown().iter().map(|c| c.name.as_str()).collect();
        eprintln!(
            "{}{}",
            words::unknown_columns(lang),
            names.join(text::enum_sep(lang))
        );
    }
    let (rows, mut problems) = people_file::parse_rows(&table)?;
    // The rows hold all the service needs; the file and its cells would
    // only add to the import's peak memory.
    drop(header);
    drop(table);
    drop(bytes);
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
        match b.run(ImportPeople {
            rows,
            source: source.to_string(),
            check_only: true,
            allow_namesakes,
        }) {
            Ok(_) => {}
            Err(Error::ImportRejected { problems: more }) => problems.extend(more),
            Err(e) => return Err(e),
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(Error::ImportRejected { problems });
        }
        println!("{} {total}", words::import_checked(lang));
        return Ok(());
    }
    let n = b.run(ImportPeople {
        rows,
        source: source.to_string(),
        check_only: false,
        allow_namesakes,
    })?;
    println!(
        "{} {n}（{:.1} s）",
        words::imported_count(lang),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn category_label(c: Option<Category>, lang: Lang) -> &'static str {
    c.map_or("—", |c| c.label(lang))
}

/// One line an elder, in the report's order (the longest quiet first).
fn print_under_active(rows: &[UnderActive], format: Format, lang: Lang) -> Result<()> {
    if format == Format::Json {
        return json(&rows);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(out, "{}", words::under_active_count(lang, rows.len())).map_err(io_err)?;
    for r in rows {
        writeln!(
            out,
            "#{:<6} {} {} {} {}",
            r.person.0,
            pad(&for_display(&r.name), 8),
            pad(&day_or_dash(r.last_talk), 10),
            pad(&day_or_dash(r.last_activity), 10),
            for_display(&r.unit_path),
        )
        .map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

fn print_people(rows: &[PersonRow], format: Format, lang: Lang) -> Result<()> {
    if format == Format::Json {
        return json(&rows);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    let removed = rows.iter().filter(|r| r.removed.is_some()).count();
    let head = words::people_count(lang, rows.len(), removed);
    writeln!(out, "{head}").map_err(io_err)?;
    // Wide enough for the longest label ("female", "model worker"), so the
    // columns line up.
    let (gender_w, category_w) = match lang {
        Lang::Zh => (2, 8),
        Lang::En => (6, 12),
    };
    for r in rows {
        let status = match r.removed {
            Some(d) => format!("{}{d}", words::struck_off_on(lang)),
            None => String::new(),
        };
        writeln!(
            out,
            "#{:<6} {} {} {} {} {} {} {}",
            r.id.0,
            pad(&for_display(&r.name), 8),
            pad(
                r.gender.map_or("", |g| match lang {
                    Lang::Zh => g.label_zh(),
                    Lang::En => g.label_en(),
                }),
                gender_w
            ),
            pad(category_label(r.category, lang), category_w),
            pad(&r.id_number_masked, 18),
            pad(&r.phone_masked, 11),
            for_display(&r.unit_path),
            status
        )
        .map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

fn print_card(b: &dyn Backend, p: &Person, lang: Lang) -> Result<()> {
    let tree = UnitTree::new(b.run(ListUnits {
        include_archived: true,
    })?);
    let mut out = io::BufWriter::new(io::stdout().lock());
    let mut line = |label: &str, value: String| -> Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "{} {}", pad(label, 12), for_display(&value)).map_err(io_err)
    };
    line(words::card_id(lang), format!("#{}", p.id))?;
    line(words::card_name(lang), p.name.clone())?;
    if let Some(v) = &p.voided {
        line(
            words::voided(lang),
            format!(
                "{} {} {}",
                crate::domain::time::format_local(v.at),
                v.by,
                for_display(&v.reason)
            ),
        )?;
    }
    line(
        words::card_gender(lang),
        p.gender
            .map(|g| lang.pick(g.label_zh(), g.label_en()).to_string())
            .unwrap_or_default(),
    )?;
    line(words::card_born(lang), day_or_dash(p.birth_day()))?;
    line(
        words::card_id_number(lang),
        p.id_number
            .as_ref()
            .map(|n| n.to_string())
            .unwrap_or_default(),
    )?;
    line(words::card_phone(lang), p.phone.clone())?;
    line(words::card_unit(lang), tree.path(p.unit))?;
    line(words::card_political(lang), p.political.clone())?;
    line(words::card_employer(lang), p.employer.clone())?;
    line(words::card_post(lang), p.post.clone())?;
    line(words::card_address(lang), p.address.clone())?;
    if let Some(e) = &p.elder {
        let core = if e.core { words::card_core(lang) } else { "" };
        line(
            words::card_category(lang),
            format!("{}{core}", e.category.label(lang)),
        )?;
        line(words::card_source(lang), e.source.label(lang).to_string())?;
        // A record saved without the date counts from the day it was
        // registered: say which day that is.
        let joined = match (e.joined, p.joined_day()) {
            (None, Some(d)) => format!("{d}{}", words::card_joined_unknown(lang)),
            (j, _) => day_or_dash(j),
        };
        line(words::card_joined(lang), joined)?;
        line(words::card_reregistered(lang), day_or_dash(e.reregistered))?;
        let status = match &e.status {
            RosterStatus::Active => words::card_on_roll(lang).to_string(),
            RosterStatus::Removed { on, reason, note } => {
                format!(
                    "{} {on} {} {note}",
                    words::card_struck_off(lang),
                    reason.label(lang)
                )
            }
        };
        line(words::card_status(lang), status)?;
        line(words::card_skills(lang), e.skills.clone())?;
        line(words::card_health(lang), e.health.clone())?;
        for t in &e.talks {
            line(
                words::card_talk(lang),
                format!(
                    "{} {} {}：{}",
                    t.date,
                    t.by,
                    t.outcome.label(lang),
                    t.summary
                ),
            )?;
        }
        for h in &e.honours {
            line(
                words::card_honour(lang),
                format!("{} {}（{}）", h.date, h.title, h.level.label(lang)),
            )?;
        }
    } else {
        line(
            words::card_category(lang),
            words::card_not_elder(lang).to_string(),
        )?;
    }
    for pos in b
        .run(ListPositions {
            unit: None,
            include_ended: true,
        })?
        .iter()
        .filter(|r| r.position.person == p.id)
    {
        let q = &pos.position;
        line(
            words::card_position(lang),
            format!(
                "#{} {} {} {} – {}",
                q.id,
                pos.unit_path,
                q.role.label(lang),
                q.from,
                day_or_dash(q.to)
            ),
        )?;
    }
    line(words::card_notes(lang), p.notes.clone())?;
    out.flush().map_err(io_err)
}

pub(super) fn parse_role(given: &str) -> Result<Role> {
    choice!(Role, given, Field::Role, words::ROLE)
}

pub fn position_command(ctx: &Context, cmd: PositionCommand) -> Result<ExitCode> {
    let b = ctx.open()?;
    let lang = ctx.lang;
    match cmd {
        PositionCommand::Add {
            unit,
            role,
            person,
            from,
            doc,
            area,
        } => {
            let unit = b.run(ResolveUnit {
                given: unit.to_string(),
            })?;
            let person = b.run(ResolvePerson {
                given: person.to_string(),
            })?;
            let draft = PositionDraft {
                unit: unit.id,
                person: person.id,
                role: parse_role(&role)?,
                from: parse_day(&from, Field::Date)?,
                doc: doc.unwrap_or_default(),
                area: area.unwrap_or_default(),
            };
            let p = b.run(Appoint { draft })?;
            println!(
                "{} #{} {} {} {}",
                words::appointed(lang),
                p.id,
                person.name,
                unit.name,
                p.role.label(lang)
            );
        }
        PositionCommand::End { id, on } => {
            let on = parse_day(&on, Field::Date)?;
            let row = b
                .run(ListPositions {
                    unit: None,
                    include_ended: true,
                })?
                .into_iter()
                .find(|r| r.position.id == PositionId(id))
                .ok_or(Error::NoSuchRecord { id })?;
            let p = b.run(EndPosition {
                id: row.position.id,
                rev: row.position.rev,
                on,
            })?;
            println!(
                "{} #{} {} {}",
                words::term_ended(lang),
                p.id,
                row.person_name,
                p.role.label(lang)
            );
        }
        PositionCommand::List { unit, all, format } => {
            let unit = match unit {
                Some(u) => Some(
                    b.run(ResolveUnit {
                        given: u.to_string(),
                    })?
                    .id,
                ),
                None => None,
            };
            let rows = b.run(ListPositions {
                unit,
                include_ended: all,
            })?;
            if format == Format::Json {
                return json(&rows).map(|_| ExitCode::SUCCESS);
            }
            let mut out = io::BufWriter::new(io::stdout().lock());
            for r in &rows {
                let p = &r.position;
                writeln!(
                    out,
                    "#{:<5} {} {} {} {} – {} {} {}",
                    p.id.0,
                    pad(&for_display(&r.unit_path), 28),
                    pad(p.role.label(lang), 10),
                    pad(&for_display(&r.person_name), 8),
                    p.from,
                    pad(&day_or_dash(p.to), 10),
                    for_display(&p.doc),
                    for_display(&p.area)
                )
                .map_err(io_err)?;
            }
            out.flush().map_err(io_err)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
