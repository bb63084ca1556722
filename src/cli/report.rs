//! `ggw report`: the figures of a period for a part of the hierarchy, as
//! text for people, JSON (English snake_case keys) for scripts, or a
//! workbook to hand on. Lists answer "who" in full; a district's report has
//! a row per township, street and bureau below it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use super::Context;
use super::args::ReportFormat;
use super::fmt::json;
use super::people::parse_day;
use super::report_doc::{Cell, Doc, Section, Table, write_text, xlsx};
use super::report_sanchuang::{self, SanchuangJson};
use super::report_scores::{self, ScoresJson};
use super::text::{self, report as words};
use crate::api::meetings::GetMeetingFigures;
use crate::api::people::{GetReportFigures, GetUnitPeople};
use crate::api::sanchuang::{GetSanchuangFigures, SanchuangFigures};
use crate::api::units::{ListUnits, ResolveUnit};
use crate::api::work::{GetWorkFiguresOf, WorkFigures};
use crate::backend::start::{self, side_by_side};
use crate::backend::{Backend, BackendExt};
use crate::domain::day::Day;
use crate::domain::meeting_figures::MeetingFigures;
use crate::domain::people_figures::{PeopleFigures, Period, RollChange};
use crate::domain::person::{Category, RemovalReason, Source};
use crate::domain::tree::UnitTree;
use crate::domain::unit::UnitId;
use crate::domain::work::{ActivityKind, TrainingMode};
use crate::error::{Error, Field, Result};
use crate::lang::Lang;

pub struct ReportArgs {
    pub from: Option<String>,
    pub to: Option<String>,
    pub unit: Option<String>,
    pub months: u32,
    /// "Overdue" is judged as of this day.
    pub today: Option<String>,
    pub format: ReportFormat,
    pub output: Option<PathBuf>,
}

pub fn report(ctx: &Context, args: ReportArgs) -> Result<ExitCode> {
    crate::heap::arenas(8);
    let opened = ctx.open_either(&ctx.db)?;
    let b: &(dyn Backend + Sync) = match &opened {
        Ok(remote) => remote,
        Err(local) => local,
    };
    let done = report_over(ctx, b, args);
    // Nothing of the service is used past here; the process ends next. The
    // report's own error, if any, is the one to tell.
    match opened {
        Err(local) => {
            let left = start::leave(local);
            done.and_then(|code| left.map(|()| code))
        }
        Ok(_) => done,
    }
}

fn report_over(ctx: &Context, b: &(dyn Backend + Sync), args: ReportArgs) -> Result<ExitCode> {
    let today = match args.today {
        Some(s) => parse_day(&s, Field::Date)?,
        None => Day::today(),
    };
    let from = match args.from {
        Some(s) => parse_day(&s, Field::Date)?,
        None => Day::ymd(today.year(), 1, 1).unwrap_or(today),
    };
    let to = match args.to {
        Some(s) => parse_day(&s, Field::Date)?,
        None => Day::ymd(today.year(), 12, 31).unwrap_or(today),
    };
    let unit = match args.unit {
        Some(u) => Some(
            b.run(ResolveUnit {
                given: u.to_string(),
            })?
            .id,
        ),
        None => None,
    };
    if args.format == ReportFormat::Xlsx && args.output.is_none() {
        let (zh, en) = words::xlsx_needs_file();
        return Err(Error::InvalidField {
            field: Field::Text,
            zh,
            en,
        });
    }
    let period = Period { from, to };
    // The people figures read the whole roll; the rest of the report is read
    // beside them, its work figures for the units the people figures are
    // expected to answer for.
    let (beside, figures) = side_by_side::both(
        "reading the report",
        || Ok(Beside::read(b, unit, period, from, to, today)),
        || {
            b.run(GetReportFigures {
                unit,
                period,
                under_active_months: args.months,
            })
        },
    )?;
    // The unit's own figures first, then those of each unit directly below
    // it: one request, so every person is read once.
    let mut figures = figures.into_iter();
    let people = figures.next().ok_or(Error::NoSuchRecord {
        id: unit.map_or(0, |u| u.0),
    })?;
    let rows: Vec<PeopleFigures> = figures.collect();
    let asked: Vec<UnitId> = std::iter::once(people.unit)
        .chain(rows.iter().map(|f| f.unit))
        .collect();
    // By the unit the people figures are for (the root without --unit): a
    // subtree's monthly tallies are read unit by unit, where no unit would
    // read every tally of every year. The unit's and its rows' in one
    // request: the tallies and the period's visits read once for them all.
    // Read again here only if the units expected were not those.
    let mut work = match beside.work {
        Some((units, work)) if units == asked => work?,
        _ => b.run(GetWorkFiguresOf {
            units: asked,
            period,
        })?,
    }
    .into_iter();
    let missing = || Error::NoSuchRecord { id: people.unit.0 };
    let own_work = work.next().ok_or_else(missing)?;
    let units: Vec<UnitRow> = rows
        .iter()
        .map(|f| Ok(UnitRow::of(f, &work.next().ok_or_else(missing)?)))
        .collect::<Result<_>>()?;
    let work = own_work;
    let sanchuang = match beside.sanchuang {
        Some((unit, sanchuang)) if unit == people.unit => sanchuang?,
        _ => b.run(GetSanchuangFigures {
            unit: Some(people.unit),
            period,
        })?,
    };
    let meetings = beside.meetings?;
    let overdue_tasks: usize = meetings.tasks.iter().map(|t| t.overdue).sum();
    let tree = beside.tree?;
    let scores = match beside.scores {
        Some(read) => read?,
        // The roll's count could not be read beside: the unit's stands in.
        None => report_scores::read(b, from, to, people.on_roll_end)?,
    }
    .map(|read| read.within(&people.unit_path));
    if args.format == ReportFormat::Json {
        json(&Report {
            people: &people,
            meetings: &meetings,
            units: &units,
            overdue_tasks,
            work: WorkJson::of(&work),
            sanchuang: SanchuangJson::of(&sanchuang),
            scores: scores.as_ref().map(ScoresJson::of),
        })?;
        // The process ends next and gives the memory back whole: freeing a
        // province's figures piece by piece took some 30 ms.
        std::mem::forget((people, rows, units, meetings, tree, scores, sanchuang));
        return Ok(ExitCode::SUCCESS);
    }
    let mut doc = document(
        &people, &meetings, &work, &sanchuang, &units, &tree, ctx.lang,
    );
    if let Some(part) = &scores {
        doc.sections.extend(report_scores::sections(part, ctx.lang));
    }
    match (args.format, args.output) {
        (ReportFormat::Xlsx, Some(path)) => {
            std::fs::write(&path, xlsx(&doc)?).map_err(|e| Error::Io {
                detail: format!("{}: {e}", path.display()),
            })?;
            eprintln!("{} {}", words::written_to(ctx.lang), path.display());
        }
        _ => write_text(&doc)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// What a report reads beside the people figures, each answer kept with
/// what it was asked for, in the order the report uses them.
struct Beside {
    /// The units asked for, and their work figures: none without the tree.
    work: Option<(Vec<UnitId>, Result<Vec<WorkFigures>>)>,
    sanchuang: Option<(UnitId, Result<SanchuangFigures>)>,
    meetings: Result<MeetingFigures>,
    tree: Result<UnitTree>,
    /// The standings, ranking the elders by the whole roll's count: none
    /// without it. Read after the work figures, whose tallies they count,
    /// and taking the honoured the people figures hand over.
    scores: Option<Result<Option<report_scores::Read>>>,
}

impl Beside {
    fn read(
        b: &dyn Backend,
        unit: Option<UnitId>,
        period: Period,
        from: Day,
        to: Day,
        today: Day,
    ) -> Beside {
        let tree = b
            .run(ListUnits {
                include_archived: true,
            })
            .map(UnitTree::new);
        let expected = tree.as_ref().ok().and_then(|t| report_units(t, unit));
        let work = expected.clone().map(|units| {
            let figures = b.run(GetWorkFiguresOf {
                units: units.clone(),
                period,
            });
            (units, figures)
        });
        let sanchuang = expected.and_then(|units| units.first().copied()).map(|u| {
            let figures = b.run(GetSanchuangFigures {
                unit: Some(u),
                period,
            });
            (u, figures)
        });
        let meetings = b.run(GetMeetingFigures {
            from: from.date(),
            to: to.date(),
            today: today.date(),
        });
        // A user kept to part of the tree may not read the root's card:
        // their own part's roll stands in for it.
        let on_roll = tree.as_ref().ok().and_then(|tree| {
            tree.children_of(None)
                .filter(|u| u.is_live())
                .map(|root| {
                    b.run(GetUnitPeople { unit: root.id })
                        .map(|c| c.elders_below)
                })
                .sum::<Result<usize>>()
                .ok()
        });
        let scores = on_roll.map(|on_roll| report_scores::read(b, from, to, on_roll));
        Beside {
            work,
            sanchuang,
            meetings,
            tree,
            scores,
        }
    }
}

/// The units a report's people figures answer for, as the service picks
/// them from the tree it holds: `unit` (the first root without one), then
/// each live unit directly below it in the tree's order.
fn report_units(tree: &UnitTree, unit: Option<UnitId>) -> Option<Vec<UnitId>> {
    let root = unit.or_else(|| tree.roots().next().map(|r| r.id))?;
    Some(
        std::iter::once(root)
            .chain(tree.live_rows_below(root))
            .collect(),
    )
}

/// One section per part of the work; later issues add theirs.
#[derive(serde::Serialize)]
struct Report<'a> {
    people: &'a PeopleFigures,
    meetings: &'a MeetingFigures,
    /// A row per unit directly below the report's unit, and its own people.
    units: &'a [UnitRow],
    overdue_tasks: usize,
    work: WorkJson,
    sanchuang: SanchuangJson,
    /// The standings of the period the report falls in; null without a
    /// rulebook for those dates.
    scores: Option<ScoresJson<'a>>,
}

/// The work records' figures as scripts read them: kinds and modes by
/// their codes, `-` written `_` like every other key.
#[derive(serde::Serialize)]
struct WorkJson {
    activities: ActivitiesJson,
    trainings: TrainingsJson,
    visits: VisitsJson,
    study_sessions: StudyJson,
}

#[derive(serde::Serialize)]
struct ActivitiesJson {
    total: u32,
    online: u32,
    offline: u32,
    /// Young people reached.
    youths: u64,
    by_kind: BTreeMap<String, u32>,
}

#[derive(serde::Serialize)]
struct TrainingsJson {
    sessions: u32,
    person_times: u64,
    by_mode: BTreeMap<String, u32>,
}

#[derive(serde::Serialize)]
struct VisitsJson {
    count: u32,
    /// Different people who went.
    people: usize,
    /// Different villages visited.
    villages: usize,
}

#[derive(serde::Serialize)]
struct StudyJson {
    sessions: u32,
    students: u64,
}

fn key(code: &str) -> String {
    code.replace('-', "_")
}

impl WorkJson {
    fn of(w: &WorkFigures) -> WorkJson {
        let t = &w.tally;
        WorkJson {
            activities: ActivitiesJson {
                total: t.activities,
                online: t.online,
                offline: t.activities.saturating_sub(t.online),
                youths: t.youths,
                by_kind: ActivityKind::ALL
                    .iter()
                    .map(|k| (key(k.code()), t.of_kind(*k)))
                    .collect(),
            },
            trainings: TrainingsJson {
                sessions: t.trainings,
                person_times: t.person_times,
                by_mode: TrainingMode::ALL
                    .iter()
                    .map(|m| (key(m.code()), t.of_mode(*m)))
                    .collect(),
            },
            visits: VisitsJson {
                count: t.visits,
                people: w.visit_people,
                villages: w.visit_villages,
            },
            study_sessions: StudyJson {
                sessions: t.study_sessions,
                students: t.students,
            },
        }
    }
}

/// The people and work figures of one unit and everything below it.
#[derive(serde::Serialize)]
struct UnitRow {
    unit: UnitId,
    unit_path: String,
    on_roll_start: usize,
    on_roll_end: usize,
    core_elders_end: usize,
    joined: usize,
    struck_off: usize,
    talks: usize,
    under_active: usize,
    activities: usize,
    trainings: usize,
    visits: usize,
    study_sessions: usize,
}

impl UnitRow {
    fn of(f: &PeopleFigures, w: &WorkFigures) -> UnitRow {
        UnitRow {
            unit: f.unit,
            unit_path: f.unit_path.clone(),
            on_roll_start: f.on_roll_start,
            on_roll_end: f.on_roll_end,
            core_elders_end: f.core_elders_end,
            joined: f.joined,
            struck_off: f.struck_off,
            talks: f.talks,
            under_active: f.under_active_count,
            activities: w.tally.activities as usize,
            trainings: w.tally.trainings as usize,
            visits: w.tally.visits as usize,
            study_sessions: w.tally.study_sessions as usize,
        }
    }
}

fn counts(map: &BTreeMap<String, usize>, label: impl Fn(&str) -> String, lang: Lang) -> String {
    let mut items: Vec<(&String, &usize)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    items
        .into_iter()
        .map(|(k, v)| format!("{} {v}", label(k)))
        .collect::<Vec<_>>()
        .join(text::list_sep(lang))
}

fn category(c: &str, lang: Lang) -> String {
    Category::parse(&c.replace('_', "-")).map_or(c.to_string(), |s| s.label(lang).to_string())
}

fn source(c: &str, lang: Lang) -> String {
    Source::parse(&c.replace('_', "-")).map_or(c.to_string(), |s| s.label(lang).to_string())
}

fn reason(c: &str, lang: Lang) -> String {
    RemovalReason::parse(&c.replace('_', "-")).map_or(c.to_string(), |s| s.label(lang).to_string())
}

/// The whole report, in `lang`, one date format (2024-03-01) throughout.
fn document(
    f: &PeopleFigures,
    m: &MeetingFigures,
    w: &WorkFigures,
    sc: &SanchuangFigures,
    units: &[UnitRow],
    tree: &UnitTree,
    lang: Lang,
) -> Doc {
    let title = words::title(lang, &f.unit_path, f.from, f.to);
    let mut sections = Vec::new();
    let overdue: usize = m.tasks.iter().map(|t| t.overdue).sum();
    let open: usize = m.tasks.iter().map(|t| t.open).sum();

    let mut summary = Section::new(words::summary(lang), words::summary(lang));
    summary.lines = words::summary_lines(lang, f, open, overdue);
    let l = &mut summary.lines;
    if !f.average_age_by_category.is_empty() {
        let ages: Vec<String> = f
            .average_age_by_category
            .iter()
            .map(|(k, a)| words::average_age(lang, &category(k, lang), a.average, a.count))
            .collect();
        l.push(format!(
            "{}{}",
            words::average_age_label(lang),
            ages.join(text::field_sep(lang))
        ));
    }
    sections.push(summary);

    sections.push(work_section(w, lang));
    sections.push(report_sanchuang::section(sc, lang));

    if !units.is_empty() {
        // The report's own unit: what the rows below it leave over.
        let total = UnitRow::of(f, w);
        let sum = |g: fn(&UnitRow) -> usize| units.iter().map(g).sum::<usize>();
        let left = |g: fn(&UnitRow) -> usize| g(&total).saturating_sub(sum(g));
        let own = UnitRow {
            on_roll_start: left(|r| r.on_roll_start),
            on_roll_end: left(|r| r.on_roll_end),
            core_elders_end: left(|r| r.core_elders_end),
            joined: left(|r| r.joined),
            struck_off: left(|r| r.struck_off),
            talks: left(|r| r.talks),
            under_active: left(|r| r.under_active),
            activities: left(|r| r.activities),
            trainings: left(|r| r.trainings),
            visits: left(|r| r.visits),
            study_sessions: left(|r| r.study_sessions),
            unit: total.unit,
            unit_path: total.unit_path.clone(),
        };
        let own_name = format!("{}{}", last_step(&f.unit_path), words::itself(lang));
        let table = |head: Vec<String>, cells: fn(&UnitRow) -> Vec<Cell>| {
            let named = |name: String, r: &UnitRow| {
                let mut row = vec![Cell::text(name)];
                row.extend(cells(r));
                row
            };
            let mut rows: Vec<Vec<Cell>> = units
                .iter()
                .map(|u| named(last_step(&u.unit_path).to_string(), u))
                .collect();
            rows.push(named(own_name.clone(), &own));
            rows.push(named(words::total(lang).to_string(), &total));
            Table { head, rows }
        };
        let mut s = Section::new(words::by_unit(lang), words::by_unit(lang));
        s.table = Some(table(words::by_unit_head(lang), |r| {
            vec![
                Cell::count(r.on_roll_start),
                Cell::count(r.on_roll_end),
                Cell::count(r.core_elders_end),
                Cell::count(r.joined),
                Cell::count(r.struck_off),
                Cell::count(r.talks),
                Cell::count(r.under_active),
            ]
        }));
        sections.push(s);
        // Only over something: a period without work records has no table.
        if total.activities + total.trainings + total.visits + total.study_sessions > 0 {
            let mut s = Section::new(words::work_by_unit(lang), words::work_by_unit(lang));
            s.table = Some(table(words::work_by_unit_head(lang), |r| {
                vec![
                    Cell::count(r.activities),
                    Cell::count(r.trainings),
                    Cell::count(r.visits),
                    Cell::count(r.study_sessions),
                ]
            }));
            sections.push(s);
        }
    }

    let roll = |title: String, sheet: &str, list: &[RollChange], struck: bool| {
        let mut s = Section::new(title, sheet);
        if !struck && !list.is_empty() {
            s.lines.push(format!(
                "{}{}",
                words::by_source(lang),
                counts(&f.joined_by_source, |c| source(c, lang), lang)
            ));
            s.lines.push(format!(
                "{}{}",
                words::by_category(lang),
                counts(&f.joined_by_category, |c| category(c, lang), lang)
            ));
        }
        if struck && !list.is_empty() {
            s.lines.push(format!(
                "{}{}",
                words::by_reason(lang),
                counts(&f.struck_off_by_reason, |c| reason(c, lang), lang)
            ));
        }
        let rows = list
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut r = vec![
                    Cell::count(i + 1),
                    Cell::text(p.name.clone()),
                    Cell::text(p.unit_path.clone()),
                    Cell::Day(p.on),
                    Cell::text(category(&p.category, lang)),
                ];
                if struck {
                    r.push(Cell::text(
                        p.reason
                            .as_deref()
                            .map(|c| reason(c, lang))
                            .unwrap_or_default(),
                    ));
                    r.push(if p.note.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::text(p.note.clone())
                    });
                } else {
                    r.push(Cell::text(source(&p.source, lang)));
                }
                r
            })
            .collect();
        s.table = Some(Table {
            head: words::roll_head(lang, struck),
            rows,
        });
        s
    };
    sections.push(roll(
        words::joined_title(lang, f.joined),
        words::joined_sheet(lang),
        &f.joined_people,
        false,
    ));
    sections.push(roll(
        words::struck_off_title(lang, f.struck_off),
        words::struck_off_sheet(lang),
        &f.struck_off_people,
        true,
    ));

    let mut s = Section::new(
        words::under_active_title(lang, f.under_active_months, f.under_active_count),
        words::under_active_sheet(lang),
    );
    if f.under_active.len() < f.under_active_count {
        s.lines.push(words::under_active_more(
            lang,
            f.under_active.len(),
            &under_active_command(f),
        ));
    }
    s.table = Some(Table {
        head: words::under_active_head(lang),
        rows: f
            .under_active
            .iter()
            .enumerate()
            .map(|(i, u)| {
                vec![
                    Cell::count(i + 1),
                    Cell::text(u.name.clone()),
                    Cell::text(u.unit_path.clone()),
                    Cell::day(u.last_talk),
                    Cell::day(u.last_activity),
                ]
            })
            .collect(),
    });
    sections.push(s);

    let changed: Vec<_> = f.teams.iter().filter(|t| t.newly_filled > 0).collect();
    let mut s = Section::new(
        words::teams_title(lang, f.teams.len(), changed.len()),
        words::teams_sheet(lang),
    );
    s.table = Some(Table {
        head: words::teams_head(lang),
        rows: changed
            .iter()
            .map(|t| {
                vec![
                    Cell::text(t.unit_path.clone()),
                    Cell::count(t.positions),
                    Cell::count(t.newly_filled),
                    Cell::Percent(t.turnover_percent),
                ]
            })
            .collect(),
    });
    sections.push(s);

    let mut s = Section::new(
        words::vacancies_title(lang, f.vacancies.len()),
        words::vacancies_sheet(lang),
    );
    s.table = Some(Table {
        head: words::vacancies_head(lang),
        rows: f
            .vacancies
            .iter()
            .map(|v| {
                vec![
                    Cell::text(v.unit_path.clone()),
                    Cell::text(v.role.label(lang)),
                    Cell::Day(v.since),
                    Cell::Count(v.days.max(0) as u64),
                ]
            })
            .collect(),
    });
    sections.push(s);

    let mut s = Section::new(
        words::no_executive_deputy_title(lang, f.units_without_executive_deputy.len()),
        words::no_executive_deputy_sheet(lang),
    );
    s.table = Some(Table {
        head: words::no_executive_deputy_head(lang),
        rows: f
            .units_without_executive_deputy
            .iter()
            .map(|u| vec![Cell::text(u.unit_path.clone())])
            .collect(),
    });
    sections.push(s);

    sections.extend(meeting_sections(m, tree, lang));
    Doc {
        title,
        summary_sheet: words::summary(lang).to_string(),
        sections,
    }
}

/// The work records' lines: a list with no records in the period has none,
/// and the section no heading.
fn work_section(w: &WorkFigures, lang: Lang) -> Section {
    let t = &w.tally;
    let mut s = Section::new(words::work_title(lang), words::work_title(lang));
    let nonzero = |items: Vec<(&'static str, u32)>| -> String {
        let mut items: Vec<_> = items.into_iter().filter(|(_, n)| *n > 0).collect();
        items.sort_by_key(|i| std::cmp::Reverse(i.1));
        items
            .into_iter()
            .map(|(label, n)| format!("{label} {n}"))
            .collect::<Vec<_>>()
            .join(text::list_sep(lang))
    };
    if t.activities > 0 {
        let kinds = ActivityKind::ALL
            .iter()
            .map(|k| (k.label(lang), t.of_kind(*k)))
            .collect();
        s.lines
            .push(words::activities_line(lang, t, &nonzero(kinds)));
    }
    if t.trainings > 0 {
        let modes = TrainingMode::ALL
            .iter()
            .map(|m| (m.label(lang), t.of_mode(*m)))
            .collect();
        s.lines
            .push(words::trainings_line(lang, t, &nonzero(modes)));
    }
    if t.visits > 0 {
        s.lines.push(words::visits_line(
            lang,
            t.visits,
            w.visit_people,
            w.visit_villages,
        ));
    }
    if t.study_sessions > 0 {
        s.lines
            .push(words::study_line(lang, t.study_sessions, t.students));
    }
    s
}

/// The command that lists a report's whole under-active queue.
fn under_active_command(f: &PeopleFigures) -> String {
    format!(
        "ggw people under-active --unit {} --months {} --to {}",
        f.unit_path, f.under_active_months, f.to
    )
}

/// The last step of a unit's path: 四嘉子乡 of 爱辉区/四嘉子乡.
fn last_step(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn meeting_sections(m: &MeetingFigures, tree: &UnitTree, lang: Lang) -> Vec<Section> {
    let mut out = Vec::new();

    let mut s = Section::new(words::meetings_title(lang), words::meetings_sheet(lang));
    s.table = Some(Table {
        head: words::meetings_head(lang),
        rows: m
            .series
            .iter()
            .map(|x| {
                vec![
                    Cell::text(x.title.clone()),
                    Cell::count(x.planned),
                    Cell::count(x.held),
                    Cell::count(x.cancelled),
                    Cell::count(x.unrecorded),
                ]
            })
            .collect(),
    });
    out.push(s);

    let mut s = Section::new(words::attendance_title(lang), words::attendance_sheet(lang));
    s.table = Some(Table {
        head: words::attendance_head(lang),
        rows: m
            .people
            .iter()
            .map(|p| {
                vec![
                    Cell::text(p.name.clone()),
                    Cell::count(p.present),
                    Cell::count(p.expected),
                    Cell::Percent(p.rate_percent()),
                ]
            })
            .collect(),
    });
    out.push(s);

    let mut s = Section::new(
        words::represented_title(lang),
        words::represented_sheet(lang),
    );
    s.table = Some(Table {
        head: words::represented_head(lang),
        rows: m
            .units
            .iter()
            .map(|u| {
                vec![
                    Cell::text(u.unit.map(|id| tree.path(id)).unwrap_or_default()),
                    Cell::count(u.present + u.substituted),
                    Cell::count(u.expected),
                    Cell::Percent(u.represented_percent()),
                ]
            })
            .collect(),
    });
    out.push(s);

    let overdue: usize = m.tasks.iter().map(|t| t.overdue).sum();
    let mut s = Section::new(words::tasks_title(lang, overdue), words::tasks_sheet(lang));
    let mut rows: Vec<Vec<Cell>> = m
        .tasks
        .iter()
        .map(|t| {
            vec![
                Cell::text(t.owner.clone()),
                Cell::count(t.opened),
                Cell::count(t.done),
                Cell::count(t.open),
                Cell::count(t.overdue),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let sum = |g: fn(&crate::domain::meeting_figures::TaskFigures) -> usize| {
            Cell::count(m.tasks.iter().map(g).sum())
        };
        rows.push(vec![
            Cell::text(words::total(lang)),
            sum(|t| t.opened),
            sum(|t| t.done),
            sum(|t| t.open),
            sum(|t| t.overdue),
        ]);
    }
    s.table = Some(Table {
        head: words::tasks_head(lang),
        rows,
    });
    out.push(s);
    out
}
