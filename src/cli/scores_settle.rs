//! `ggw scores settle` (兑现奖惩: the period's rulebook and standings
//! frozen, after a question on a terminal) and `ggw scores diff` (where the
//! standings computed now differ from the settled ones).

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::Context;
use super::args::Format;
use super::fmt::io_err;
use super::report_doc::{Cell, Table, write_table};
use super::scores::subject_json;
use super::scores_table::{emit, json_bytes};
use super::text::scores as words;
use crate::api::scores::{DiffRow, GetScoreDiff, PreviewSettle, SettlePeriod, SettlePreview};
use crate::backend::BackendExt;
use crate::domain::text::for_display;
use crate::error::Result;
use crate::lang::Lang;

pub fn settle(ctx: &Context, period: String, yes: bool) -> Result<ExitCode> {
    let lang = ctx.lang;
    let b = ctx.open()?;
    let preview = b.run(PreviewSettle {
        period: period.clone(),
    })?;
    let ask = !yes && std::io::stdin().is_terminal();
    if ask {
        emit(preview_text(&preview, lang).as_bytes(), None, lang)?;
        eprint!("{}", words::settle_ask(lang));
        let _ = std::io::stderr().flush();
        let mut answer = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut answer)
            .map_err(io_err)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes" | "是") {
            println!("{}", words::settle_cancelled(lang));
            return Ok(ExitCode::FAILURE);
        }
    }
    let row = b.run(SettlePeriod { period })?;
    let mut out = format!("{}\n", words::settled_done(lang, &row));
    if !ask {
        out.push_str(&preview_text(&preview, lang));
    }
    emit(out.as_bytes(), None, lang)?;
    Ok(ExitCode::SUCCESS)
}

/// What settling freezes: each ranked group, how many, who leads.
pub fn preview_text(p: &SettlePreview, lang: Lang) -> String {
    let mut out = format!("{}\n", words::settle_preview(lang, &p.period));
    for (g, n, leader) in &p.groups {
        let leader = leader.as_deref().map(for_display);
        out.push_str(&format!(
            "  {}\n",
            words::settle_group(lang, *g, *n, leader.as_deref())
        ));
    }
    out.push_str(&format!(
        "  {}\n",
        words::settle_adjustments(lang, p.adjustments)
    ));
    out
}

pub fn diff(ctx: &Context, period: String, format: Format) -> Result<ExitCode> {
    let lang = ctx.lang;
    let rows = ctx.open()?.run(GetScoreDiff { period })?;
    let bytes = match format {
        Format::Json => json_bytes(&rows.iter().map(DiffJson::of).collect::<Vec<_>>())?,
        Format::Text => diff_text(&rows, lang)?,
    };
    emit(&bytes, None, lang)?;
    Ok(ExitCode::SUCCESS)
}

fn diff_text(rows: &[DiffRow], lang: Lang) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    if rows.is_empty() {
        writeln!(out, "{}", words::no_diff(lang)).map_err(io_err)?;
        return Ok(out);
    }
    let points = |p: Option<crate::domain::points::Points>| p.map_or(Cell::Empty, Cell::Points);
    let rank = |r: Option<u32>| r.map_or(Cell::Empty, |r| Cell::Count(u64::from(r)));
    let table = Table {
        head: words::diff_head(lang),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(r.group.label(lang)),
                    Cell::text(r.name.clone()),
                    points(r.settled_total),
                    points(r.live_total),
                    rank(r.settled_rank),
                    rank(r.live_rank),
                ]
            })
            .collect(),
    };
    write_table(&mut out, &table)?;
    Ok(out)
}

#[derive(Serialize)]
struct DiffJson<'a> {
    group: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    person: Option<&'a str>,
    id: u64,
    /// None: not ranked then (or now).
    settled_total: Option<f64>,
    live_total: Option<f64>,
    settled_rank: Option<u32>,
    live_rank: Option<u32>,
}

impl<'a> DiffJson<'a> {
    fn of(r: &'a DiffRow) -> DiffJson<'a> {
        let (kind, id) = subject_json(r.subject);
        let name = Some(r.name.as_str());
        DiffJson {
            group: r.group.code(),
            unit: name.filter(|_| kind == "unit"),
            person: name.filter(|_| kind == "person"),
            id,
            settled_total: r.settled_total.map(|p| p.as_f64()),
            live_total: r.live_total.map(|p| p.as_f64()),
            settled_rank: r.settled_rank,
            live_rank: r.live_rank,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;
    use crate::domain::points::Points;
    use crate::domain::rules::PeerGroup;
    use crate::domain::score_records::Subject;

    fn row() -> DiffRow {
        DiffRow {
            group: PeerGroup::Township,
            subject: Subject::Unit(UnitId(2)),
            name: "四嘉子乡".into(),
            settled_total: Some(Points::whole(12)),
            live_total: Some(Points(1350)),
            settled_rank: Some(2),
            live_rank: Some(1),
        }
    }

    #[test]
    fn a_difference_shows_settled_against_now() {
        let t = String::from_utf8(diff_text(&[row()], Lang::Zh).unwrap()).unwrap();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2, "{t}");
        assert!(lines[0].contains("兑现时总分") && lines[0].contains("现在名次"));
        assert!(lines[1].contains("乡镇") && lines[1].contains("四嘉子乡"));
        assert!(lines[1].contains("12") && lines[1].contains("13.5"), "{t}");
        let none = String::from_utf8(diff_text(&[], Lang::Zh).unwrap()).unwrap();
        assert_eq!(none.trim(), words::no_diff(Lang::Zh));
        let r = row();
        let v = serde_json::to_value(DiffJson::of(&r)).unwrap();
        assert_eq!(v["unit"], "四嘉子乡");
        assert_eq!(v["live_total"].as_f64(), Some(13.5));
        assert_eq!(v["settled_rank"], 2);
        assert!(v.get("person").is_none());
    }

    #[test]
    fn the_preview_names_each_group_and_its_leader() {
        let p = SettlePreview {
            period: super::super::scores_table::tests::period(),
            groups: vec![
                (PeerGroup::Township, 3, Some("四嘉子乡".into())),
                (PeerGroup::Elder, 0, None),
            ],
            adjustments: 2,
        };
        let t = preview_text(&p, Lang::Zh);
        assert!(t.contains("第 2 版"), "{t}");
        assert!(t.contains("乡镇：3 个，第一名 四嘉子乡"), "{t}");
        assert!(t.contains("五老：0 个，第一名 —"), "{t}");
        assert!(t.contains("奖惩记录 2 条"), "{t}");
    }
}
