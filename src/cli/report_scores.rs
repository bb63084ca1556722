//! The report's 积分 part: the standings of the evaluation period the
//! report's dates fall in, each peer group with a row in the report's part
//! of the hierarchy, ranks as among all their peers.

use serde::Serialize;

use super::report_doc::Section;
use super::scores_table::{GroupJson, PeriodJson, section};
use super::text::scores as words;
use crate::api::scores::{GetStandings, ListPeriods, PeriodRow, Standings};
use crate::backend::{Backend, BackendExt};
use crate::domain::day::Day;
use crate::domain::rules::PeerGroup;
use crate::domain::score_records::StandingRow;
use crate::error::Result;
use crate::lang::Lang;

/// The elders a report lists: the first ranks, ties included.
pub const ELDERS_SHOWN: u32 = 20;

/// Ranking the elders scores every elder on the roll (3.7–4.7 s cold at a
/// province of 188,000): above this many on the whole roll a report
/// leaves their standings to `ggw scores --group elder`.
pub const ELDERS_RANKED_UP_TO: usize = 20_000;

pub struct ScoresPart {
    period: PeriodRow,
    /// Each group's standings, and its rows within the report's unit.
    groups: Vec<(Standings, Vec<StandingRow>)>,
    /// The command listing the elders' standings, when the report leaves
    /// them out.
    elders_left_to: Option<String>,
}

/// The period that overlaps `from..=to` the most (the later on a tie), or
/// none when no rulebook covers any of those days.
pub fn pick(periods: &[PeriodRow], from: Day, to: Day) -> Option<&PeriodRow> {
    periods
        .iter()
        .filter(|p| p.from <= to && p.to >= from)
        .max_by_key(|p| {
            let start = p.from.max(from);
            let end = p.to.min(to);
            (start.days_until(end), p.from)
        })
}

/// A row's path within the unit's subtree (the unit itself included).
fn within(path: &str, unit_path: &str) -> bool {
    path == unit_path
        || path
            .strip_prefix(unit_path)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Every group's standings of a report's period, before they are cut to
/// the report's unit: read beside the people figures, which name the unit.
pub struct Read {
    period: PeriodRow,
    groups: Vec<Standings>,
    elders_left_to: Option<String>,
}

/// The standings of the report's period; the elders' only while the whole
/// roll holds at most `ELDERS_RANKED_UP_TO` (`on_roll`).
pub fn read(b: &dyn Backend, from: Day, to: Day, on_roll: usize) -> Result<Option<Read>> {
    let periods = b.run(ListPeriods {})?;
    let Some(period) = pick(&periods, from, to).cloned() else {
        return Ok(None);
    };
    let rank_elders = on_roll <= ELDERS_RANKED_UP_TO;
    let elders_left_to = (!rank_elders)
        .then(|| format!("ggw scores --group elder --period {}", quoted(&period.name)));
    let mut groups = Vec::new();
    for g in PeerGroup::ALL {
        if *g == PeerGroup::Elder && !rank_elders {
            continue;
        }
        groups.push(b.run(GetStandings {
            period: Some(period.name.clone()),
            group: *g,
        })?);
    }
    Ok(Some(Read {
        period,
        groups,
        elders_left_to,
    }))
}

impl Read {
    /// Each group with a row in the report's unit, and those rows.
    pub fn within(self, unit_path: &str) -> ScoresPart {
        let groups = self
            .groups
            .into_iter()
            .filter_map(|s| {
                // A province has hundreds of thousands of elders: the report
                // names the leading ones; `ggw scores --group elder` lists
                // them all.
                let rows: Vec<StandingRow> = s
                    .rows
                    .iter()
                    .filter(|r| within(&r.path, unit_path))
                    .filter(|r| s.group != PeerGroup::Elder || r.rank <= ELDERS_SHOWN)
                    .cloned()
                    .collect();
                (!rows.is_empty()).then_some((s, rows))
            })
            .collect();
        ScoresPart {
            period: self.period,
            groups,
            elders_left_to: self.elders_left_to,
        }
    }
}

/// A period's name as a shell word: quoted when it holds a space.
fn quoted(name: &str) -> String {
    if name.chars().any(char::is_whitespace) {
        format!("'{name}'")
    } else {
        name.to_string()
    }
}

#[derive(Serialize)]
pub struct ScoresJson<'a> {
    period: PeriodJson<'a>,
    groups: Vec<GroupJson<'a>>,
    /// Without the elders' group: the command that lists it.
    #[serde(skip_serializing_if = "Option::is_none")]
    elders_left_to: Option<&'a str>,
}

impl<'a> ScoresJson<'a> {
    pub fn of(part: &'a ScoresPart) -> ScoresJson<'a> {
        ScoresJson {
            period: PeriodJson::of(&part.period),
            groups: part
                .groups
                .iter()
                .map(|(s, rows)| GroupJson::of(s, rows))
                .collect(),
            elders_left_to: part.elders_left_to.as_deref(),
        }
    }
}

/// A section per group with rows.
pub fn sections(part: &ScoresPart, lang: Lang) -> Vec<Section> {
    let mut out: Vec<Section> = part
        .groups
        .iter()
        .map(|(s, rows)| {
            let mut sec = section(s, rows, lang);
            sec.title = words::report_title(lang, &part.period, s.group);
            sec
        })
        .collect();
    if let Some(command) = &part.elders_left_to {
        let title = words::report_title(lang, &part.period, PeerGroup::Elder);
        let mut sec = Section::new(title, words::standings_sheet(lang, PeerGroup::Elder));
        sec.lines.push(words::elders_left_to(lang, command));
        out.push(sec);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(name: &str, from: (i32, u32, u32), to: (i32, u32, u32)) -> PeriodRow {
        let mut p = super::super::scores_table::tests::period();
        p.name = name.into();
        p.from = Day::ymd(from.0, from.1, from.2).unwrap();
        p.to = Day::ymd(to.0, to.1, to.2).unwrap();
        p
    }

    #[test]
    fn the_period_overlapping_the_report_most_is_chosen() {
        let d = |y, m, dd| Day::ymd(y, m, dd).unwrap();
        let ps = [
            period("2024", (2024, 1, 1), (2024, 12, 31)),
            period("2025", (2025, 1, 1), (2025, 12, 31)),
            // A school year, September to August.
            period("2025学年", (2025, 9, 1), (2026, 8, 31)),
        ];
        let name = |from, to| pick(&ps, from, to).map(|p| p.name.as_str());
        assert_eq!(name(d(2024, 3, 1), d(2024, 3, 31)), Some("2024"));
        // December 2024 to February 2025: 31 days against 59.
        assert_eq!(name(d(2024, 12, 1), d(2025, 2, 28)), Some("2025"));
        // October 2025: inside two periods, the later is taken.
        assert_eq!(name(d(2025, 10, 1), d(2025, 10, 31)), Some("2025学年"));
        assert_eq!(name(d(2023, 1, 1), d(2023, 12, 31)), None);
    }

    #[test]
    fn a_unit_holds_its_own_path_and_those_below_it_only() {
        assert!(within("爱辉区/四嘉子乡", "爱辉区/四嘉子乡"));
        assert!(within("爱辉区/四嘉子乡/东村", "爱辉区/四嘉子乡"));
        assert!(!within("爱辉区/四嘉子乡二", "爱辉区/四嘉子乡"));
        assert!(!within("爱辉区/幸福乡", "爱辉区/四嘉子乡"));
    }
}
