//! The standings of one period and peer group: a table lined up for the
//! terminal, JSON for scripts (points as numbers, completion as a percent),
//! CSV and a workbook to hand on.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::Context;
use super::fmt::io_err;
use super::report_doc::{Cell, Doc, Section, Table, write_text_to, xlsx};
use super::scores::{StandingsArgs, TableFormat, parse_group};
use super::text::scores as words;
use crate::api::scores::{GetStandings, PeriodRow, Standings};
use crate::backend::BackendExt;
use crate::domain::day::Day;
use crate::domain::rules::PeerGroup;
use crate::domain::score_records::{StandingRow, Subject};
use crate::error::{Error, Field, Result};
use crate::lang::Lang;

pub fn standings(ctx: &Context, args: StandingsArgs) -> Result<ExitCode> {
    let group = parse_group(&args.group)?;
    if args.format == TableFormat::Xlsx && args.output.is_none() {
        let (zh, en) = words::xlsx_needs_file();
        return Err(Error::InvalidField {
            field: Field::Text,
            zh,
            en,
        });
    }
    let b = ctx.open()?;
    let s = b.run(GetStandings {
        period: args.period,
        group,
    })?;
    let lang = ctx.lang;
    let bytes = match args.format {
        TableFormat::Text => {
            let mut out = Vec::new();
            write_text_to(&mut out, &doc(&s, lang))?;
            out
        }
        TableFormat::Json => json_bytes(&StandingsJson::of(&s))?,
        TableFormat::Csv => csv(&s, lang).into_bytes(),
        TableFormat::Xlsx => xlsx(&doc(&s, lang))?,
    };
    emit(&bytes, args.output.as_deref(), lang)?;
    Ok(ExitCode::SUCCESS)
}

/// To the file named, saying so on stderr, else to stdout.
pub fn emit(bytes: &[u8], output: Option<&Path>, lang: Lang) -> Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, bytes).map_err(|e| Error::Io {
                detail: format!("{}: {e}", path.display()),
            })?;
            eprintln!("{} {}", words::written_to(lang), path.display());
            Ok(())
        }
        None => {
            let mut out = io::BufWriter::with_capacity(64 * 1024, io::stdout().lock());
            out.write_all(bytes).map_err(io_err)?;
            out.flush().map_err(io_err)
        }
    }
}

pub fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut v = serde_json::to_vec_pretty(value).map_err(|e| Error::Io {
        detail: e.to_string(),
    })?;
    v.push(b'\n');
    Ok(v)
}

/// The standings as a report: a title, a note when they are frozen, the
/// table.
pub fn doc(s: &Standings, lang: Lang) -> Doc {
    Doc {
        title: words::standings_title(lang, &s.period),
        summary_sheet: words::summary_sheet(lang).to_string(),
        sections: vec![section(s, &s.rows, lang)],
    }
}

/// One group's section: its notes and its table of `rows` (all of the
/// group's, or those of a part of the hierarchy).
pub fn section(s: &Standings, rows: &[StandingRow], lang: Lang) -> Section {
    let mut sec = Section::new(
        words::standings_sheet(lang, s.group),
        words::standings_sheet(lang, s.group),
    );
    sec.lines = words::standings_notes(lang, s.settled, s.previous.as_deref());
    if rows.is_empty() {
        sec.lines.push(words::nobody_ranked(lang, s.group));
    }
    sec.table = Some(table(&s.blocks, rows, s.group, lang));
    sec
}

/// Rank, name, a column per block (and the awards outside every block, when
/// there are any), total, completion, grade, rank change, path.
pub fn table(blocks: &[String], rows: &[StandingRow], group: PeerGroup, lang: Lang) -> Table {
    let adjusted = rows.iter().any(|r| r.adjusted.0 != 0);
    let (first, last) = words::standings_head(lang, group == PeerGroup::Elder);
    let mut head = first;
    head.extend(blocks.iter().cloned());
    if adjusted {
        head.push(words::adjusted_head(lang).to_string());
    }
    head.extend(last);
    let rows = rows
        .iter()
        .map(|r| {
            let mut cells = vec![Cell::Count(u64::from(r.rank)), Cell::text(r.name.clone())];
            cells.extend(r.blocks.iter().map(|p| Cell::Points(*p)));
            if adjusted {
                cells.push(Cell::Points(r.adjusted));
            }
            cells.push(Cell::Points(r.total));
            cells.push(r.completion.map_or(Cell::Empty, Cell::PerMille));
            cells.push(Cell::text(r.grade.clone()));
            cells.push(match r.rank_change {
                None => Cell::Empty,
                Some(c) => Cell::text(words::rank_change(Some(c))),
            });
            cells.push(Cell::text(r.path.clone()));
            cells
        })
        .collect();
    Table { head, rows }
}

/// CSV as Excel and WPS open it: UTF-8 with a BOM, the table's columns, a
/// cell that would read as a formula kept as text.
pub fn csv(s: &Standings, lang: Lang) -> String {
    let t = table(&s.blocks, &s.rows, s.group, lang);
    let rows = t.rows.iter().map(|r| {
        r.iter()
            .map(|c| match c {
                Cell::Empty => String::new(),
                Cell::Text(t) if crate::io::csv::looks_like_formula(t) => format!("\t{t}"),
                c => c.shown(),
            })
            .collect::<Vec<_>>()
    });
    crate::io::csv::write_csv(std::iter::once(t.head.clone()).chain(rows), true)
}

#[derive(Serialize)]
pub struct PeriodJson<'a> {
    pub name: &'a str,
    pub from: Day,
    pub to: Day,
    pub version: u32,
    pub settled: bool,
}

impl<'a> PeriodJson<'a> {
    pub fn of(p: &'a PeriodRow) -> PeriodJson<'a> {
        PeriodJson {
            name: &p.name,
            from: p.from,
            to: p.to,
            version: p.version,
            settled: p.settled.is_some(),
        }
    }
}

#[derive(Serialize)]
pub struct StandingsJson<'a> {
    pub period: PeriodJson<'a>,
    #[serde(flatten)]
    pub group: GroupJson<'a>,
}

#[derive(Serialize)]
pub struct GroupJson<'a> {
    pub group: &'static str,
    pub blocks: &'a [String],
    /// Frozen at settlement: these are the settled results.
    pub settled: bool,
    /// The period rank changes are measured against.
    pub previous: Option<&'a str>,
    pub rows: Vec<RowJson<'a>>,
}

#[derive(Serialize)]
pub struct RowJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<&'a str>,
    pub id: u64,
    pub path: &'a str,
    pub total: f64,
    /// By block name, in the rulebook's order.
    pub blocks: InOrder<'a>,
    /// Awards and penalties outside every block.
    pub adjusted: f64,
    /// Percent of the targets met, to one decimal; null without targets.
    pub completion: Option<f64>,
    pub rank: u32,
    pub grade: &'a str,
    /// Places gained (positive) or lost since the previous period.
    pub rank_change: Option<i32>,
}

/// A JSON object whose keys stay in the order given, as the `blocks` list
/// has them.
pub struct InOrder<'a>(Vec<(&'a str, f64)>);

impl Serialize for InOrder<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'a> StandingsJson<'a> {
    pub fn of(s: &'a Standings) -> StandingsJson<'a> {
        StandingsJson {
            period: PeriodJson::of(&s.period),
            group: GroupJson::of(s, &s.rows),
        }
    }
}

impl<'a> GroupJson<'a> {
    pub fn of(s: &'a Standings, rows: &'a [StandingRow]) -> GroupJson<'a> {
        GroupJson {
            group: s.group.code(),
            blocks: &s.blocks,
            settled: s.settled,
            previous: s.previous.as_deref(),
            rows: rows.iter().map(|r| RowJson::of(&s.blocks, r)).collect(),
        }
    }
}

impl<'a> RowJson<'a> {
    fn of(blocks: &'a [String], r: &'a StandingRow) -> RowJson<'a> {
        let (unit, person, id) = match r.subject {
            Subject::Unit(u) => (Some(r.name.as_str()), None, u.0),
            Subject::Person(p) => (None, Some(r.name.as_str()), p.0),
        };
        RowJson {
            unit,
            person,
            id,
            path: &r.path,
            total: r.total.as_f64(),
            blocks: InOrder(
                blocks
                    .iter()
                    .zip(&r.blocks)
                    .map(|(n, p)| (n.as_str(), p.as_f64()))
                    .collect(),
            ),
            adjusted: r.adjusted.as_f64(),
            completion: r.completion.map(|p| f64::from(p) / 10.0),
            rank: r.rank,
            grade: &r.grade,
            rank_change: r.rank_change,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::UnitId;
    use crate::domain::person::PersonId;
    use crate::domain::points::Points;

    fn p(s: &str) -> Points {
        Points::parse(s).unwrap()
    }

    pub fn period() -> PeriodRow {
        PeriodRow {
            id: 1,
            name: "2024年度关工委工作考核细则".into(),
            from: Day::ymd(2024, 1, 1).unwrap(),
            to: Day::ymd(2024, 12, 31).unwrap(),
            version: 2,
            settled: None,
            changed_at: 0,
            changed_by: "admin".into(),
        }
    }

    fn row(id: u64, name: &str, blocks: [&str; 2], rank: u32, grade: &str) -> StandingRow {
        let blocks: Vec<Points> = blocks.iter().map(|b| p(b)).collect();
        StandingRow {
            subject: Subject::Unit(UnitId(id)),
            name: name.into(),
            path: format!("爱辉区/{name}"),
            total: blocks.iter().copied().sum(),
            blocks,
            adjusted: Points::ZERO,
            completion: None,
            rank,
            grade: grade.into(),
            rank_change: None,
        }
    }

    /// Two townships tied on 80.5 and one behind on 12; the first has met
    /// 87.5% of its targets and gained two places.
    pub fn standings() -> Standings {
        let mut a = row(2, "四嘉子乡", ["20", "60.5"], 1, "良好");
        a.completion = Some(875);
        a.rank_change = Some(2);
        let mut b = row(3, "幸福乡", ["30.5", "50"], 1, "良好");
        b.rank_change = Some(-1);
        b.completion = Some(1000);
        let c = row(4, "西岗子镇", ["12", "0"], 3, "不合格");
        Standings {
            period: period(),
            group: PeerGroup::Township,
            blocks: vec!["信息工作".into(), "活动开展".into()],
            block_max: vec![Some(Points::whole(20)), None],
            settled: false,
            previous: Some("2023年度关工委工作考核细则".into()),
            rows: vec![a, b, c],
        }
    }

    fn text(s: &Standings, lang: Lang) -> String {
        let mut out = Vec::new();
        write_text_to(&mut out, &doc(s, lang)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn the_text_table_lines_up_with_chinese_names_and_shows_ties_and_changes() {
        let t = text(&standings(), Lang::Zh);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "2024年度关工委工作考核细则（2024-01-01 至 2024-12-31）"
        );
        assert_eq!(lines[2], "乡镇排名");
        assert!(
            t.contains("名次升降与“2023年度关工委工作考核细则”相比"),
            "{t}"
        );
        let head = lines
            .iter()
            .position(|l| l.starts_with("  名次  单位"))
            .unwrap();
        let table = &lines[head..];
        assert_eq!(table.len(), 4, "{t}");
        // Every column starts at the same display column on every line: the
        // total (right-aligned) ends where its head ends.
        let w = crate::domain::text::display_width;
        let end = w(&table[0][..table[0].find("总分").unwrap() + "总分".len()]);
        let upto = |line: &str| {
            let mut s = String::new();
            for c in line.chars() {
                if w(&s) >= end {
                    break;
                }
                s.push(c);
            }
            s
        };
        assert!(upto(table[1]).ends_with(" 80.5"), "{t}");
        assert!(upto(table[2]).ends_with(" 80.5"), "{t}");
        assert!(upto(table[3]).ends_with(" 12"), "{t}");
        assert!(table[1].contains("  1  四嘉子乡"), "{t}");
        assert!(table[2].contains("  1  幸福乡"), "{t}");
        assert!(table[3].contains("  3  西岗子镇"), "{t}");
        assert!(table[1].contains("87.5%") && table[1].contains("↑2"), "{t}");
        assert!(
            table[2].contains("100.0%") && table[2].contains("↓1"),
            "{t}"
        );
        assert!(table[3].contains("不合格"), "{t}");
        // No awards outside the blocks: no column for them.
        assert!(!table[0].contains("奖惩"), "{t}");
    }

    #[test]
    fn the_text_is_english_with_lang_en() {
        let t = text(&standings(), Lang::En);
        assert!(t.starts_with("2024年度关工委工作考核细则 (2024-01-01 to 2024-12-31)\n"));
        assert!(t.contains("\nStandings of townships\n"), "{t}");
        assert!(
            t.contains("Rank") && t.contains("Total") && t.contains("Grade"),
            "{t}"
        );
    }

    #[test]
    fn json_rows_carry_points_as_numbers_and_completion_as_a_percent() {
        let s = standings();
        let v: serde_json::Value =
            serde_json::from_slice(&json_bytes(&StandingsJson::of(&s)).unwrap()).unwrap();
        assert_eq!(v["period"]["name"], "2024年度关工委工作考核细则");
        assert_eq!(v["period"]["from"], "2024-01-01");
        assert_eq!(v["group"], "township");
        assert_eq!(v["previous"], "2023年度关工委工作考核细则");
        let r = &v["rows"][0];
        assert_eq!(r["unit"], "四嘉子乡");
        assert!(r.get("person").is_none());
        assert_eq!(r["id"], 2);
        assert_eq!(r["path"], "爱辉区/四嘉子乡");
        assert_eq!(r["total"].as_f64(), Some(80.5));
        assert_eq!(r["blocks"]["信息工作"].as_f64(), Some(20.0));
        assert_eq!(r["blocks"]["活动开展"].as_f64(), Some(60.5));
        assert_eq!(r["completion"].as_f64(), Some(87.5));
        assert_eq!(r["rank"], 1);
        assert_eq!(r["grade"], "良好");
        assert_eq!(r["rank_change"], 2);
        assert_eq!(v["rows"][1]["rank"], 1);
        assert_eq!(v["rows"][1]["rank_change"], -1);
        assert!(v["rows"][2]["completion"].is_null());
        assert!(v["rows"][2]["rank_change"].is_null());
    }

    #[test]
    fn json_blocks_keep_the_rulebooks_order() {
        // 活 sorts after 信: a sorted map would put 信息工作 first.
        let mut s = standings();
        s.blocks = vec!["活动开展".into(), "信息工作".into()];
        let text = String::from_utf8(json_bytes(&StandingsJson::of(&s)).unwrap()).unwrap();
        let work = text.find("\"活动开展\": 20").unwrap();
        let info = text.find("\"信息工作\": 60.5").unwrap();
        assert!(work < info, "{text}");
    }

    #[test]
    fn an_elder_row_is_a_person_in_json() {
        let mut s = standings();
        s.group = PeerGroup::Elder;
        s.rows.truncate(1);
        s.rows[0].subject = Subject::Person(PersonId(9));
        s.rows[0].name = "王老师".into();
        let v: serde_json::Value =
            serde_json::from_slice(&json_bytes(&StandingsJson::of(&s)).unwrap()).unwrap();
        assert_eq!(v["rows"][0]["person"], "王老师");
        assert_eq!(v["rows"][0]["id"], 9);
        assert!(v["rows"][0].get("unit").is_none());
        assert!(text(&s, Lang::Zh).contains("姓名"));
    }

    #[test]
    fn awards_outside_the_blocks_get_their_own_column() {
        let mut s = standings();
        s.rows[2].adjusted = p("-2.5");
        s.rows[2].total = p("9.5");
        let t = text(&s, Lang::Zh);
        assert!(t.contains("奖惩"), "{t}");
        assert!(t.contains("-2.5") && t.contains("9.5"), "{t}");
    }

    #[test]
    fn csv_starts_with_a_bom_and_has_a_line_per_row() {
        let c = csv(&standings(), Lang::Zh);
        assert!(c.starts_with('\u{FEFF}'));
        let lines: Vec<&str> = c.trim_start_matches('\u{FEFF}').lines().collect();
        assert_eq!(
            lines[0],
            "名次,单位,信息工作,活动开展,总分,完成率,等次,升降,路径"
        );
        assert_eq!(
            lines[1],
            "1,四嘉子乡,20,60.5,80.5,87.5%,良好,↑2,爱辉区/四嘉子乡"
        );
        assert_eq!(lines[3], "3,西岗子镇,12,0,12,,不合格,,爱辉区/西岗子镇");
    }

    #[test]
    fn an_empty_group_says_so() {
        let mut s = standings();
        s.rows.clear();
        assert!(text(&s, Lang::Zh).contains("乡镇组别没有参加排名的对象"));
    }
}
