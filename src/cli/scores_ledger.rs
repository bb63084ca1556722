//! `ggw scores ledger` and `ggw scores adjust`: every line behind a unit's
//! or an elder's points (the record each came from, and where a cap, a
//! floor or a shortfall applied), and the awards and penalties typed in.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::Context;
use super::args::Format;
use super::fmt::io_err;
use super::people::parse_day;
use super::report_doc::{Cell, Table, write_table};
use super::scores::subject;
use super::scores_table::{PeriodJson, emit, json_bytes};
use super::text::scores as words;
use crate::api::scores::{AdjustScore, GetLedger, Ledger, VoidAdjustment};
use crate::backend::BackendExt;
use crate::domain::day::Day;
use crate::domain::points::Points;
use crate::domain::score_records::Subject;
use crate::domain::scoring::{LedgerLine, LineKind};
use crate::domain::text::for_display;
use crate::error::{Error, Field, Result};
use crate::lang::Lang;

pub fn ledger(
    ctx: &Context,
    period: Option<String>,
    who: (Option<String>, Option<String>),
    format: Format,
) -> Result<ExitCode> {
    let b = ctx.open()?;
    let (subject, _) = subject(b.as_ref(), who)?;
    let l = b.run(GetLedger { period, subject })?;
    let bytes = match format {
        Format::Text => ledger_text(&l, ctx.lang)?,
        Format::Json => json_bytes(&LedgerJson::of(&l))?,
    };
    emit(&bytes, None, ctx.lang)?;
    Ok(ExitCode::SUCCESS)
}

pub struct AdjustArgs {
    pub period: String,
    pub subject: (Option<String>, Option<String>),
    pub points: String,
    pub reason: String,
    pub date: Option<String>,
}

pub fn adjust(ctx: &Context, a: AdjustArgs) -> Result<ExitCode> {
    // Everything typed is checked before the database is opened: a bad
    // number saves nothing.
    let points = parse_points(&a.points)?;
    let reason = a.reason.trim().to_string();
    if reason.is_empty() {
        let (zh, en) = words::empty_reason();
        return Err(Error::InvalidField {
            field: Field::Reason,
            zh,
            en,
        });
    }
    let on = a.date.map(|d| parse_day(&d, Field::Date)).transpose()?;
    let b = ctx.open()?;
    let (subject, name) = subject(b.as_ref(), a.subject)?;
    let done = b.run(AdjustScore {
        period: a.period,
        subject,
        points,
        reason,
        on,
    })?;
    println!(
        "{}",
        words::adjusted(
            ctx.lang,
            done.points,
            &for_display(&name),
            &for_display(&done.reason),
            done.id
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub fn void(ctx: &Context, id: u64, reason: String) -> Result<ExitCode> {
    let b = ctx.open()?;
    let done = b.run(VoidAdjustment { id, reason })?;
    println!(
        "{}",
        words::voided(ctx.lang, done.points, &for_display(&done.reason), done.id)
    );
    Ok(ExitCode::SUCCESS)
}

/// `5`, `-2`, `0.5`; never a number rounded away unseen.
pub fn parse_points(given: &str) -> Result<Points> {
    Points::parse(given).ok_or_else(|| {
        let (zh, en) = words::bad_points(given);
        Error::InvalidField {
            field: Field::Text,
            zh,
            en,
        }
    })
}

/// A record kind as scripts read it: `study_session`, `info_item`.
fn kind_code(k: crate::domain::audit::RecordKind) -> String {
    let mut out = String::new();
    for (i, c) in format!("{k:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn source(lang: Lang, l: &LedgerLine) -> Cell {
    match &l.source {
        Some(s) => Cell::text(format!(
            "{} #{}",
            match lang {
                Lang::Zh => s.kind.label_zh(),
                Lang::En => s.kind.label_en(),
            },
            s.id
        )),
        None => Cell::Empty,
    }
}

pub fn ledger_text(l: &Ledger, lang: Lang) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    writeln!(
        out,
        "{}",
        for_display(&words::ledger_title(
            lang, &l.name, &l.path, &l.period, l.group
        ))
    )
    .map_err(io_err)?;
    let rows = l
        .lines
        .iter()
        .map(|x| {
            vec![
                Cell::text(x.block.clone()),
                Cell::text(x.item.clone()),
                Cell::text(words::line_kind(lang, &x.kind)),
                source(lang, x),
                Cell::day(x.day),
                if x.count > 0 {
                    Cell::Count(x.count)
                } else {
                    Cell::Empty
                },
                Cell::Points(x.points),
                Cell::text(x.note.clone()),
            ]
        })
        .collect();
    write_table(
        &mut out,
        &Table {
            head: words::ledger_head(lang),
            rows,
        },
    )?;
    writeln!(out, "{}", words::ledger_total(lang, l.total, l.lines.len())).map_err(io_err)?;
    if let Some(t) = l.settled_total {
        writeln!(out, "{}", words::settled_total(lang, t)).map_err(io_err)?;
    }
    Ok(out)
}

#[derive(Serialize)]
struct LedgerJson<'a> {
    period: PeriodJson<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<&'a str>,
    id: u64,
    path: &'a str,
    group: &'static str,
    total: f64,
    /// For a settled period, the total frozen then.
    settled_total: Option<f64>,
    lines: Vec<LineJson<'a>>,
}

#[derive(Serialize)]
struct LineJson<'a> {
    block: &'a str,
    item: &'a str,
    /// counted, shortfall, cap, max, floor or manual.
    kind: &'static str,
    /// For a shortfall: how many short of the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<u32>,
    source: Option<SourceJson>,
    day: Option<Day>,
    count: u64,
    points: f64,
    note: &'a str,
}

#[derive(Serialize)]
struct SourceJson {
    kind: String,
    id: u64,
}

impl<'a> LedgerJson<'a> {
    fn of(l: &'a Ledger) -> LedgerJson<'a> {
        let (unit, person, id) = match l.subject {
            Subject::Unit(u) => (Some(l.name.as_str()), None, u.0),
            Subject::Person(p) => (None, Some(l.name.as_str()), p.0),
        };
        LedgerJson {
            period: PeriodJson::of(&l.period),
            unit,
            person,
            id,
            path: &l.path,
            group: l.group.code(),
            total: l.total.as_f64(),
            settled_total: l.settled_total.map(Points::as_f64),
            lines: l
                .lines
                .iter()
                .map(|x| {
                    let (kind, missing) = match x.kind {
                        LineKind::Counted => ("counted", None),
                        LineKind::Shortfall { missing } => ("shortfall", Some(missing)),
                        LineKind::Cap => ("cap", None),
                        LineKind::Max => ("max", None),
                        LineKind::Floor => ("floor", None),
                        LineKind::Manual => ("manual", None),
                    };
                    LineJson {
                        block: &x.block,
                        item: &x.item,
                        kind,
                        missing,
                        source: x.source.as_ref().map(|s| SourceJson {
                            kind: kind_code(s.kind),
                            id: s.id,
                        }),
                        day: x.day,
                        count: x.count,
                        points: x.points.as_f64(),
                        note: &x.note,
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;
    use crate::domain::audit::RecordKind;
    use crate::domain::rules::PeerGroup;
    use crate::domain::scoring::Source;

    fn p(s: &str) -> Points {
        Points::parse(s).unwrap()
    }

    /// Two activities at 1 point each, one study session, a cap taking
    /// back 0.5, a penalty of 2: 1 + 1 + 1 - 0.5 - 2 = 0.5.
    fn ledger() -> Ledger {
        let line = |item: &str, kind, source: Option<(RecordKind, u64)>, points: &str| LedgerLine {
            block: "活动开展".into(),
            item: item.into(),
            kind,
            source: source.map(|(kind, id)| Source { kind, id }),
            day: source.map(|_| Day::ymd(2024, 3, 1).unwrap()),
            count: u64::from(source.is_some()),
            points: p(points),
            note: String::new(),
        };
        Ledger {
            period: super::super::scores_table::tests::period(),
            subject: Subject::Unit(UnitId(2)),
            name: "四嘉子乡".into(),
            path: "爱辉区/四嘉子乡".into(),
            group: PeerGroup::Township,
            total: p("0.5"),
            lines: vec![
                line(
                    "组织开展活动",
                    LineKind::Counted,
                    Some((RecordKind::Activity, 7)),
                    "1",
                ),
                line(
                    "组织开展活动",
                    LineKind::Counted,
                    Some((RecordKind::Activity, 9)),
                    "1",
                ),
                line(
                    "研学实践",
                    LineKind::Counted,
                    Some((RecordKind::StudySession, 3)),
                    "1",
                ),
                line("研学实践", LineKind::Cap, None, "-0.5"),
                line(
                    "奖惩",
                    LineKind::Manual,
                    Some((RecordKind::ScoreAdjustment, 1)),
                    "-2",
                ),
            ],
            settled_total: Some(p("3")),
        }
    }

    #[test]
    fn the_text_lists_every_line_and_the_total() {
        let t = String::from_utf8(ledger_text(&ledger(), Lang::Zh).unwrap()).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert!(lines[0].starts_with("四嘉子乡（爱辉区/四嘉子乡）"), "{t}");
        // Title, head, five lines, total, settled total.
        assert_eq!(lines.len(), 9, "{t}");
        assert!(
            lines[2].contains("活动 #7") && lines[2].contains("2024-03-01"),
            "{t}"
        );
        assert!(lines[4].contains("研学 #3"), "{t}");
        assert!(
            lines[5].contains("单项封顶") && lines[5].contains("-0.5"),
            "{t}"
        );
        assert!(
            lines[6].contains("奖惩 #1") && lines[6].contains("-2"),
            "{t}"
        );
        assert_eq!(lines[7], "合计 0.5 分（5 行）");
        assert_eq!(lines[8], "兑现时总分 3 分");
    }

    #[test]
    fn json_has_the_lines_with_their_sources_and_the_total() {
        let l = ledger();
        let v: serde_json::Value =
            serde_json::from_slice(&json_bytes(&LedgerJson::of(&l)).unwrap()).unwrap();
        assert_eq!(v["unit"], "四嘉子乡");
        assert_eq!(v["total"].as_f64(), Some(0.5));
        assert_eq!(v["settled_total"].as_f64(), Some(3.0));
        let lines = v["lines"].as_array().unwrap();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[2]["source"]["kind"], "study_session");
        assert_eq!(lines[2]["source"]["id"], 3);
        assert_eq!(lines[3]["kind"], "cap");
        assert!(lines[3]["source"].is_null());
        assert_eq!(lines[4]["kind"], "manual");
        assert_eq!(lines[4]["source"]["kind"], "score_adjustment");
        let sum: f64 = lines.iter().map(|x| x["points"].as_f64().unwrap()).sum();
        assert_eq!(sum, 0.5);
    }

    #[test]
    fn points_take_signs_and_two_decimals_and_refuse_the_rest() {
        assert_eq!(parse_points("-2").unwrap(), Points(-200));
        assert_eq!(parse_points("+1.25").unwrap(), Points(125));
        assert_eq!(parse_points("0.5").unwrap(), Points(50));
        for bad in ["abc", "1.234", "", "1e3"] {
            let e = parse_points(bad).unwrap_err();
            assert!(e.message(Lang::Zh).contains("不是数"), "{bad}");
        }
    }
}
