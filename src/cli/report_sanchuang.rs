//! The report's 三创 part: plans by unit kind and stage at the period's end,
//! and the period's acceptances, guidance visits, info items, adoptions and
//! bulletin issues, for scripts (JSON) and people (a section).

use std::collections::BTreeMap;

use super::report_doc::{Cell, Section, Table};
use super::text::{self, report as words};
use crate::api::sanchuang::SanchuangFigures;
use crate::domain::bulletin::AdoptionLevel;
use crate::domain::plan::Stage;
use crate::domain::unit::UnitKind;
use crate::lang::Lang;

/// As scripts read it: codes as keys, `-` written `_` like every other key.
#[derive(serde::Serialize)]
pub struct SanchuangJson {
    /// Unit kind → stage → live plans at the period's end. A kind with a
    /// plan has every stage, so `plans.school.planning` is there when 0.
    plans: BTreeMap<String, BTreeMap<String, usize>>,
    plans_accepted: usize,
    guidance_visits: usize,
    info_written: usize,
    adoptions: AdoptionsJson,
    bulletins: usize,
}

#[derive(serde::Serialize)]
struct AdoptionsJson {
    district: usize,
    city: usize,
    province: usize,
    national: usize,
}

fn key(code: &str) -> String {
    code.replace('-', "_")
}

fn plans_of(f: &SanchuangFigures, kind: &str, stage: Stage) -> usize {
    f.plans
        .iter()
        .filter(|(k, s, _)| k == kind && s == stage.code())
        .map(|(_, _, n)| n)
        .sum()
}

fn adoptions_at(f: &SanchuangFigures, level: AdoptionLevel) -> usize {
    f.adoptions
        .iter()
        .filter(|(l, _)| l == level.code())
        .map(|(_, n)| n)
        .sum()
}

/// The kinds that have a plan, in the hierarchy's order; a code the
/// program does not know (an older store) comes last, as itself.
fn kinds(f: &SanchuangFigures) -> Vec<(String, Option<UnitKind>)> {
    let mut out: Vec<(String, Option<UnitKind>)> = UnitKind::ALL
        .iter()
        .filter(|k| f.plans.iter().any(|(c, _, _)| c == k.code()))
        .map(|k| (k.code().to_string(), Some(*k)))
        .collect();
    for (c, _, _) in &f.plans {
        if !out.iter().any(|(o, _)| o == c) {
            out.push((c.clone(), None));
        }
    }
    out
}

impl SanchuangJson {
    pub fn of(f: &SanchuangFigures) -> SanchuangJson {
        SanchuangJson {
            plans: kinds(f)
                .into_iter()
                .map(|(code, _)| {
                    let stages = Stage::ALL
                        .iter()
                        .map(|s| (key(s.code()), plans_of(f, &code, *s)))
                        .collect();
                    (key(&code), stages)
                })
                .collect(),
            plans_accepted: f.plans_accepted,
            guidance_visits: f.guidance_visits,
            info_written: f.info_written,
            adoptions: AdoptionsJson {
                district: adoptions_at(f, AdoptionLevel::District),
                city: adoptions_at(f, AdoptionLevel::City),
                province: adoptions_at(f, AdoptionLevel::Province),
                national: adoptions_at(f, AdoptionLevel::National),
            },
            bulletins: f.bulletins,
        }
    }
}

/// A line per figure that is not nought, and the plans as a table of unit
/// kinds by stage: a period and subtree with no 三创 work has no heading.
pub fn section(f: &SanchuangFigures, lang: Lang) -> Section {
    let mut s = Section::new(words::sanchuang_title(lang), words::sanchuang_title(lang));
    if f.plans_accepted > 0 {
        s.lines
            .push(words::plans_accepted_line(lang, f.plans_accepted));
    }
    if f.guidance_visits > 0 {
        s.lines.push(words::guidance_line(lang, f.guidance_visits));
    }
    if f.info_written > 0 {
        s.lines.push(words::info_written_line(lang, f.info_written));
    }
    let adopted: usize = f.adoptions.iter().map(|(_, n)| n).sum();
    if adopted > 0 {
        let levels = AdoptionLevel::ALL
            .iter()
            .map(|l| (l.label(lang), adoptions_at(f, *l)))
            .filter(|(_, n)| *n > 0)
            .map(|(l, n)| format!("{l} {n}"))
            .collect::<Vec<_>>()
            .join(text::list_sep(lang));
        s.lines.push(words::adoptions_line(lang, adopted, &levels));
    }
    if f.bulletins > 0 {
        s.lines.push(words::bulletins_line(lang, f.bulletins));
    }
    let live: usize = f.plans.iter().map(|(_, _, n)| n).sum();
    if live > 0 {
        s.lines.push(words::plans_line(lang, live));
        let mut head = vec![words::unit_kind_head(lang).to_string()];
        head.extend(Stage::ALL.iter().map(|st| st.label(lang).to_string()));
        head.push(words::total_head(lang).to_string());
        let rows = kinds(f)
            .into_iter()
            .map(|(code, kind)| {
                let name = kind.map_or(code.clone(), |k| match lang {
                    Lang::Zh => k.label_zh().to_string(),
                    Lang::En => k.label_en().to_string(),
                });
                let counts: Vec<usize> = Stage::ALL
                    .iter()
                    .map(|st| plans_of(f, &code, *st))
                    .collect();
                let total = counts.iter().sum();
                std::iter::once(Cell::text(name))
                    .chain(counts.into_iter().map(Cell::count))
                    .chain([Cell::count(total)])
                    .collect()
            })
            .collect();
        s.table = Some(Table { head, rows });
    }
    s
}
