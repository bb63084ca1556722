//! `ggw activities|trainings|visits|studybase add`: one record typed on the
//! command line; units and people named as everywhere else (a path, an id,
//! a name only one has), choices in Chinese, English or their codes.

use std::process::ExitCode;

use clap::Args;

use super::Context;
use super::people::parse_day;
use super::text::{people::not_recognised, work as words};
use crate::api::people::ResolvePerson;
use crate::api::units::ResolveUnit;
use crate::api::work::AddWork;
use crate::backend::{Backend, BackendExt};
use crate::domain::person::PersonId;
use crate::domain::text::for_display;
use crate::domain::work::{ActivityKind, Attendance, TrainingMode};
use crate::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft,
};
use crate::error::{Error, Field, Result};
use crate::io::work_file::{parse_count, split_names};
use crate::lang::Lang;

#[derive(Debug, Args)]
pub struct ActivityArgs {
    /// The organiser: id, path or unique name
    #[arg(long, value_name = "PATH")]
    unit: String,
    /// The day, e.g. 2024-03-01
    #[arg(long, value_name = "DATE")]
    date: String,
    /// The activity's title
    #[arg(long)]
    title: String,
    /// e.g. 法治进校园 (a new theme joins the office's list)
    #[arg(long)]
    theme: Option<String>,
    /// 教育/法治宣传/研学/乡村振兴/关爱帮扶/文体/其他, or education, law,
    /// study-trip, rural, care, culture, other [default: 其他]
    #[arg(long)]
    kind: Option<String>,
    /// Held online (线上); offline (线下) without it
    #[arg(long)]
    online: bool,
    /// Where it was held
    #[arg(long)]
    place: Option<String>,
    /// Young people reached
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    youths: Option<String>,
    /// Elders taking part: ids, ID numbers or names, separated by commas
    #[arg(long, value_name = "A,B")]
    elders: Option<String>,
    /// Notes
    #[arg(long)]
    notes: Option<String>,
}

#[derive(Debug, Args)]
pub struct TrainingArgs {
    /// The organiser: id, path or unique name
    #[arg(long, value_name = "PATH")]
    unit: String,
    /// The day, e.g. 2024-03-01
    #[arg(long, value_name = "DATE")]
    date: String,
    /// 以会代训/专题培训/分战线培训/网上授课, or meeting, topical, by-line, online
    #[arg(long)]
    mode: String,
    /// What the training was about
    #[arg(long)]
    topic: String,
    /// The attendees: ids, ID numbers or names, separated by commas
    #[arg(long, value_name = "A,B")]
    attendees: Option<String>,
    /// Person-times (人次) when names are not kept
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    count: Option<String>,
}

#[derive(Debug, Args)]
pub struct VisitArgs {
    /// Who went: id, ID number, or a name only one person has
    #[arg(long, value_name = "NAME_OR_ID")]
    person: String,
    /// The village (or community) visited: id, path or unique name
    #[arg(long, value_name = "PATH")]
    village: String,
    /// The day, e.g. 2024-03-01
    #[arg(long, value_name = "DATE")]
    date: String,
    /// What the visit was for
    #[arg(long)]
    purpose: Option<String>,
    /// What came of it
    #[arg(long)]
    result: Option<String>,
}

#[derive(Debug, Args)]
pub struct StudySessionArgs {
    /// The study base: id, path or unique name of its unit
    #[arg(long, value_name = "PATH")]
    base: String,
    /// The day, e.g. 2024-03-01
    #[arg(long, value_name = "DATE")]
    date: String,
    /// Students who came
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    students: String,
    /// The visiting school or organiser
    #[arg(long, value_name = "NAME")]
    from: Option<String>,
    /// The theme
    #[arg(long)]
    theme: Option<String>,
}

fn invalid(field: Field, (zh, en): (String, String)) -> Error {
    Error::InvalidField { field, zh, en }
}

fn count(option: &str, given: &str) -> Result<u32> {
    parse_count(given).ok_or_else(|| invalid(Field::Text, words::not_a_count(option, given)))
}

fn choice<T>(
    given: &str,
    parse: impl Fn(&str) -> Option<T>,
    what: (&str, &str),
    choices: (String, String),
) -> Result<T> {
    parse(given).ok_or_else(|| invalid(Field::Category, not_recognised(what, given, choices)))
}

/// Each person named in `given` (commas or 、 between them).
fn people(b: &dyn Backend, option: &str, given: &str) -> Result<Vec<PersonId>> {
    let names = split_names(given);
    if names.is_empty() {
        return Err(invalid(Field::Person, words::no_names(option)));
    }
    names
        .into_iter()
        .map(|given| Ok(b.run(ResolvePerson { given })?.id))
        .collect()
}

fn unit(b: &dyn Backend, given: String) -> Result<crate::domain::UnitId> {
    Ok(b.run(ResolveUnit { given })?.id)
}

fn save(b: &dyn Backend, draft: WorkDraft, lang: Lang) -> Result<ExitCode> {
    let list = draft.list();
    let item = b.run(AddWork { draft })?;
    println!(
        "{} #{} {} {}",
        words::added(lang, list),
        item.id().id,
        item.date(),
        for_display(item.label())
    );
    Ok(ExitCode::SUCCESS)
}

pub fn activity(ctx: &Context, a: ActivityArgs) -> Result<ExitCode> {
    // Everything typed is checked before the database is opened.
    let date = parse_day(&a.date, Field::Date)?;
    let kind = match &a.kind {
        Some(k) => choice(
            k,
            ActivityKind::parse,
            words::KIND,
            (
                ActivityKind::choices(Lang::Zh),
                ActivityKind::choices(Lang::En),
            ),
        )?,
        None => ActivityKind::Other,
    };
    let youths = a
        .youths
        .as_deref()
        .map(|n| count("youths", n))
        .transpose()?;
    let b = ctx.open()?;
    let draft = WorkDraft::Activity(ActivityDraft {
        unit: unit(b.as_ref(), a.unit)?,
        date,
        title: a.title,
        theme: a.theme.unwrap_or_default(),
        kind,
        online: a.online,
        place: a.place.unwrap_or_default(),
        youths: youths.unwrap_or(0),
        elders: match &a.elders {
            Some(e) => people(b.as_ref(), "elders", e)?,
            None => vec![],
        },
        notes: a.notes.unwrap_or_default(),
    });
    save(b.as_ref(), draft, ctx.lang)
}

pub fn training(ctx: &Context, t: TrainingArgs) -> Result<ExitCode> {
    let date = parse_day(&t.date, Field::Date)?;
    let mode = choice(
        &t.mode,
        TrainingMode::parse,
        words::MODE,
        (
            TrainingMode::choices(Lang::Zh),
            TrainingMode::choices(Lang::En),
        ),
    )?;
    enum Given<'a> {
        Names(&'a str),
        Count(u32),
    }
    let given = match (&t.attendees, &t.count) {
        (Some(_), Some(_)) => {
            return Err(invalid(Field::Person, words::attendance_needed(true)));
        }
        (None, None) => return Err(invalid(Field::Person, words::attendance_needed(false))),
        (None, Some(n)) => Given::Count(count("count", n)?),
        (Some(names), None) => Given::Names(names),
    };
    let b = ctx.open()?;
    let attendance = match given {
        Given::Count(n) => Attendance::HeadCount(n),
        Given::Names(names) => Attendance::Named(people(b.as_ref(), "attendees", names)?),
    };
    let draft = WorkDraft::Training(TrainingDraft {
        unit: unit(b.as_ref(), t.unit)?,
        date,
        mode,
        topic: t.topic,
        attendance,
    });
    save(b.as_ref(), draft, ctx.lang)
}

pub fn visit(ctx: &Context, v: VisitArgs) -> Result<ExitCode> {
    let date = parse_day(&v.date, Field::Date)?;
    let b = ctx.open()?;
    let person = b.run(ResolvePerson { given: v.person })?.id;
    let draft = WorkDraft::Visit(VisitDraft {
        person,
        village: unit(b.as_ref(), v.village)?,
        date,
        purpose: v.purpose.unwrap_or_default(),
        result: v.result.unwrap_or_default(),
    });
    save(b.as_ref(), draft, ctx.lang)
}

pub fn study_session(ctx: &Context, s: StudySessionArgs) -> Result<ExitCode> {
    let date = parse_day(&s.date, Field::Date)?;
    let students = count("students", &s.students)?;
    let b = ctx.open()?;
    let draft = WorkDraft::StudySession(StudySessionDraft {
        base: unit(b.as_ref(), s.base)?,
        date,
        visitor: s.from.unwrap_or_default(),
        students,
        theme: s.theme.unwrap_or_default(),
    });
    save(b.as_ref(), draft, ctx.lang)
}
