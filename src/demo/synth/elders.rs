//! The elder roster (五老): registered through the roster import a few
//! thousand rows per request, as an office loads its spreadsheet; then
//! talks and honours recorded one request each, committed in batches.
//!
//! ID numbers use the region prefix 990103 and phone numbers start with
//! 100, neither ever issued, so no generated record can match a real one.

use std::collections::{HashMap, HashSet};

use super::names;
use super::rng::{Rng, Weights};
use super::{Generator, Member, PEOPLE_BATCH, day_between, first_day, last_day, unexpected};
use crate::api::people::{
    AddHonour, ImportPeople, ImportRow, ListPeople, PeopleFilter, RecordTalk,
};
use crate::api::{Request, Response};
use crate::backend::BackendExt;
use crate::domain::UnitKind;
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::person::{
    Category, ElderDraft, Honour, HonourLevel, PersonDraft, RemovalReason, RosterStatus, Source,
    Talk, TalkOutcome,
};
use crate::error::Result;

/// Rows per import request. Each request checks its rows against every
/// person already registered, so fewer, larger requests check less; the
/// commit of a large one is written in parts, so its size does not hold
/// pages in memory.
const CHUNK: usize = 10_000;

const SKILLS: &[&str] = &[
    "宣讲",
    "法治教育",
    "书法",
    "科普",
    "红色故事",
    "心理辅导",
    "家庭教育",
    "",
];
const HEALTH: &[&str] = &["良好", "一般", "良好", "较好"];
const TALKS: &[&str] = &[
    "了解近期参加活动情况，本人表示愿意继续发挥作用。",
    "长期未参加活动，说明原因为照顾家人，约定下季度参加宣讲。",
    "身体原因难以参加活动，本人提出退出意向。",
];
const HONOURS: &[&str] = &["优秀五老志愿者", "关心下一代工作先进个人", "五老宣讲标兵"];

/// Which units register elders, by how many: mostly the grass roots.
fn weight(kind: UnitKind) -> u32 {
    match kind {
        UnitKind::Village | UnitKind::Community | UnitKind::School => 10,
        UnitKind::Township | UnitKind::Subdistrict | UnitKind::EducationBureau => 4,
        UnitKind::Other => 2,
        UnitKind::District => 0,
    }
}

/// Unique ID numbers: the serial of the 17th digit pair counts per birth
/// date and gender (odd for men, even for women, as the import checks).
#[derive(Default)]
struct IdNumbers(HashMap<(Day, bool), u32>);

impl IdNumbers {
    fn next(&mut self, birth: Day, male: bool) -> Option<String> {
        let serial = self.0.entry((birth, male)).or_insert(0);
        if *serial >= 500 {
            return None;
        }
        let digits = *serial * 2 + u32::from(male);
        *serial += 1;
        let body = format!("990103{}{digits:03}", birth.date().format("%Y%m%d"));
        const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let sum: u32 = body
            .bytes()
            .zip(W)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        Some(format!(
            "{body}{}",
            b"10X98765432"[(sum % 11) as usize] as char
        ))
    }
}

struct Roster<'p> {
    rng: Rng,
    ids: IdNumbers,
    /// (unit, name, birth): the import refuses a second one.
    taken: HashSet<(usize, String, Day)>,
    homes: Vec<(usize, &'p str)>,
    weights: Weights,
}

impl Roster<'_> {
    fn row(&mut self, line: usize) -> ImportRow {
        let r = &mut self.rng;
        let home = r.weighted_by(&self.weights);
        let (unit_index, path) = self.homes[home];
        let female = r.chance(45);
        let born_from = Day::ymd(1940, 1, 1).unwrap_or_else(first_day);
        let born_to = Day::ymd(1965, 12, 31).unwrap_or_else(first_day);
        let (name, birth) = loop {
            let name = names::person(r, female);
            let birth = day_between(r, born_from, born_to);
            if self.taken.insert((unit_index, name.clone(), birth)) {
                break (name, birth);
            }
        };
        let id_number = if r.chance(60) {
            self.ids.next(birth, !female).unwrap_or_default()
        } else {
            String::new()
        };
        let joined = r
            .chance(70)
            .then(|| day_between(r, first_day(), last_day()));
        let status = if r.chance(6) {
            RosterStatus::Removed {
                on: day_between(r, joined.unwrap_or_else(first_day), last_day()),
                reason: [
                    RemovalReason::Inactive,
                    RemovalReason::Health,
                    RemovalReason::Deceased,
                    RemovalReason::Moved,
                    RemovalReason::OwnRequest,
                ][r.weighted(&[5, 3, 2, 1, 1])],
                note: String::new(),
            }
        } else {
            RosterStatus::Active
        };
        let category = [
            Category::Cadre,
            Category::Veteran,
            Category::Expert,
            Category::Teacher,
            Category::Model,
        ][r.weighted(&[25, 10, 10, 40, 15])];
        let source = [
            Source::OrganisationDept,
            Source::HumanResources,
            Source::VeteransAffairs,
            Source::Education,
            Source::Other,
        ][r.weighted(&[20, 20, 10, 35, 15])];
        ImportRow {
            line,
            unit: path.to_string(),
            draft: PersonDraft {
                name,
                gender: Some(if female { Gender::Female } else { Gender::Male }),
                birth: Some(birth),
                phone: format!("100{:08}", r.below(100_000_000)),
                id_number,
                political: if r.chance(70) {
                    "中共党员"
                } else {
                    "群众"
                }
                .into(),
                elder: Some(ElderDraft {
                    category,
                    core: r.chance(12),
                    skills: r.pick(SKILLS).into(),
                    health: r.pick(HEALTH).into(),
                    source,
                    joined,
                    reregistered: None,
                    status,
                }),
                ..PersonDraft::default()
            },
        }
    }
}

pub fn generate(g: &mut Generator<'_>) -> Result<u64> {
    let paths = g.unit_refs();
    let homes: Vec<(usize, &str)> = g
        .units
        .iter()
        .enumerate()
        .filter(|(_, u)| weight(u.kind) > 0)
        .filter_map(|(i, u)| paths.get(&u.id).map(|p| (i, p.as_str())))
        .collect();
    if homes.is_empty() {
        return Ok(0);
    }
    let weights = Weights::new(
        &homes
            .iter()
            .map(|(i, _)| weight(g.units[*i].kind))
            .collect::<Vec<u32>>(),
    );
    let mut roster = Roster {
        rng: g.rng("elders"),
        ids: IdNumbers::default(),
        taken: HashSet::new(),
        homes,
        weights,
    };
    let total = g.scale.elders();
    let mut imported = 0;
    while imported < total {
        let n = CHUNK.min(total - imported);
        let rows: Vec<ImportRow> = (0..n).map(|i| roster.row(imported + i + 1)).collect();
        imported += g.backend.run(ImportPeople {
            rows,
            source: "ggw gen: elders".into(),
            check_only: false,
            allow_namesakes: false,
        })?;
        g.tick("elders", imported as u64);
    }
    follow_ups(g, roster.rng)
}

/// Talks with some elders on the roll and honours for a few, then the
/// roll as it ends, for the teams.
fn follow_ups(g: &mut Generator<'_>, mut rng: Rng) -> Result<u64> {
    let mut people = g.backend.run(ListPeople {
        filter: PeopleFilter::default(),
    })?;
    people.sort_by_key(|p| p.id);
    let mut requests = Vec::new();
    for p in &people {
        let mut rev = p.rev;
        if p.removed.is_some() {
            continue;
        }
        let since = p.joined.unwrap_or_else(first_day);
        if rng.chance(6) {
            requests.push(Request::from(RecordTalk {
                id: p.id,
                rev,
                talk: Talk {
                    date: day_between(&mut rng, since, last_day()),
                    by: names::person(&mut rng, false),
                    summary: rng.pick(TALKS).into(),
                    outcome: [
                        TalkOutcome::Keep,
                        TalkOutcome::Watch,
                        TalkOutcome::StrikeOff,
                    ][rng.weighted(&[6, 3, 1])],
                },
            }));
            rev += 1;
        }
        if rng.chance(3) {
            requests.push(Request::from(AddHonour {
                id: p.id,
                rev,
                honour: Honour {
                    title: rng.pick(HONOURS).into(),
                    level: [
                        HonourLevel::District,
                        HonourLevel::City,
                        HonourLevel::Province,
                        HonourLevel::National,
                    ][rng.weighted(&[70, 20, 8, 2])],
                    date: day_between(&mut rng, since, last_day()),
                },
            }));
        }
    }
    let written = g.write_batched("elders: talks and honours", requests, PEOPLE_BATCH)?;
    if let Some(other) = written.iter().find(|r| !matches!(r, Response::Person(_))) {
        return Err(unexpected(other));
    }
    g.elders = people
        .iter()
        .filter(|p| p.removed.is_none())
        .map(|p| Member {
            id: p.id,
            unit: p.unit,
            name: p.name.clone(),
        })
        .collect();
    Ok(people.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::id_number::validate_id_number;

    #[test]
    fn id_numbers_are_valid_unique_and_match_gender() {
        let mut ids = IdNumbers::default();
        let birth = Day::ymd(1950, 2, 28).unwrap();
        let mut seen = HashSet::new();
        for male in [true, false] {
            for _ in 0..500 {
                let s = ids.next(birth, male).unwrap();
                let n = validate_id_number(&s).unwrap();
                assert_eq!(Day::from_date(n.birth_date()), birth);
                let want = if male { Gender::Male } else { Gender::Female };
                assert_eq!(n.gender(), want);
                assert!(seen.insert(s));
            }
            // The 17th digit pair has room for 500 per day and gender.
            assert_eq!(ids.next(birth, male), None);
        }
    }
}
