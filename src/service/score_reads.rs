//! Standings, ledgers, the settlement preview and the differences against
//! a settled period.

use std::collections::HashMap;
use std::sync::Arc;

use super::score_counts::{self, People};
use super::score_facts::{self as facts, Honoured, SideItems};
use super::scores::{periods, previous, resolve};
use super::{Actor, Response, Service, State};
use crate::api::scores::{
    DiffRow, GetLedger, GetRules, GetScoreDiff, GetStandings, Ledger, PreviewSettle, RulesText,
    ScoresRequest, SettlePreview, Standings,
};
use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::day::Day;
use crate::domain::permissions::{self, Need};
use crate::domain::person::{Person, PersonId, RosterStatus};
use crate::domain::points::Points;
use crate::domain::rules::{PeerGroup, Rulebook, Side};
use crate::domain::score_records::{PeriodRules, Settlement, StandingRow, Subject};
use crate::domain::scoring::{self, Fact};
use crate::domain::work_item::{WorkId, WorkList};
use crate::error::{Error, Result};
use crate::store::{Store, TreeId, work as stored};

/// A subject to rank: who, its name and path, its facts per item and its
/// awards outside every block.
type Ranked = (Subject, String, String, Vec<Vec<Fact>>, Vec<Fact>);

const LISTS: [WorkList; 4] = [
    WorkList::Activities,
    WorkList::Trainings,
    WorkList::Visits,
    WorkList::StudySessions,
];

fn visit_people(store: &Store) -> impl Fn(&mut dyn FnMut(&Person)) -> Result<()> + '_ {
    move |f| {
        for p in store.scan::<Person>(TreeId::People) {
            f(&p?);
        }
        Ok(())
    }
}

/// The facts of one subject for a side, per item, and the awards outside
/// every block.
fn subject_facts<N: Copy + Into<u64>>(
    manual: &HashMap<Subject, (Points, u64)>,
    s: &SideItems,
    subject: Subject,
    own: Option<&[N]>,
) -> (Vec<Vec<Fact>>, Vec<Fact>) {
    let mut per_item: Vec<Vec<Fact>> = (0..s.len())
        .map(|i| match own.and_then(|v| v.get(i)).map(|n| (*n).into()) {
            Some(n) if n > 0 => vec![Fact::sum(n)],
            _ => vec![],
        })
        .collect();
    let mut extra = vec![];
    if let Some((points, n)) = manual.get(&subject) {
        let f = Fact {
            count: *n,
            points: Some(*points),
            ..Fact::sum(0)
        };
        match s.manual {
            Some(i) => per_item[i].push(f),
            None => extra.push(f),
        }
    }
    (per_item, extra)
}

fn frozen(store: &Store, p: &PeriodRules) -> Result<Option<Settlement>> {
    store.get::<Settlement>(TreeId::Settlements, p.id)
}

fn block_names(book: &Rulebook, side: Side) -> (Vec<String>, Vec<Option<Points>>) {
    book.blocks_of(side)
        .map(|(_, b)| (b.name.clone(), b.max))
        .unzip()
}

impl Service {
    /// The standings as computed now from the records (for a settled period
    /// too: the settled ones are read from its settlement).
    pub(super) fn live_standings(
        &self,
        state: &State,
        all: &[PeriodRules],
        p: &PeriodRules,
        group: PeerGroup,
    ) -> Result<Arc<Standings>> {
        if let Some(s) = self.score_cache.standings(p.id, group) {
            return Ok(s);
        }
        let book = p.book()?;
        let side = group.side();
        let s = SideItems::of(&book, side, p.id);
        let people = visit_people(&self.store);
        // Read only if the rulebook counts honours, on the counting thread.
        let visit_honoured = |f: &mut dyn FnMut(&Honoured)| -> Result<()> {
            // A read of the roll under way hands them over: waiting for it
            // costs less than reading the roll a second time.
            if !self.score_cache.has_honoured() {
                self.honoured_handover.wait();
            }
            let honoured = self.score_cache.honoured(&self.store)?;
            honoured.iter().for_each(&mut *f);
            Ok(())
        };
        let today = Day::today();
        let mut subjects: Vec<Ranked> = Vec::new();
        match side {
            Side::Unit => {
                // A report's work figures read them just before.
                let every_unit = |from, to| self.unit_tallies.kept(from, to, &self.generation);
                let counted = self.score_cache.units(
                    &self.store,
                    &state.units,
                    p.id,
                    &s,
                    &visit_honoured,
                    today,
                    &every_unit,
                )?;
                let sums = &counted.sums;
                for unit in state.units.all() {
                    if unit.archived.is_some() || PeerGroup::of_unit(unit.kind) != Some(group) {
                        continue;
                    }
                    let subject = Subject::Unit(unit.id);
                    let own = sums.get(unit.id);
                    let (f, extra) = subject_facts(&counted.manual, &s, subject, own);
                    subjects.push((
                        subject,
                        unit.name.clone(),
                        state.units.path(unit.id),
                        f,
                        extra,
                    ));
                }
            }
            Side::Person => {
                // The roll is read while the counts are made.
                let (roll, counted) = std::thread::scope(|scope| {
                    let roll = scope.spawn(|| {
                        let mut roll: Vec<(PersonId, String, UnitId)> = Vec::new();
                        people(&mut |person| {
                            let on_roll = person.voided.is_none()
                                && person
                                    .elder
                                    .as_ref()
                                    .is_some_and(|e| e.status == RosterStatus::Active);
                            if on_roll {
                                roll.push((person.id, person.name.clone(), person.unit));
                            }
                        })
                        .map(|()| roll)
                    });
                    let counted =
                        self.score_cache
                            .people(&self.store, p.id, &s, &visit_honoured, today);
                    let roll = roll.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    (roll, counted)
                });
                let (roll, counted) = (roll?, counted?);
                for (id, name, unit) in roll {
                    let subject = Subject::Person(id);
                    let own = counted.counts.get(&subject).map(|v| v.as_slice());
                    let (f, extra) = subject_facts(&counted.manual, &s, subject, own);
                    subjects.push((subject, name, state.units.path(unit), f, extra));
                }
            }
        }
        let scored: Vec<scoring::Scored> = subjects
            .iter()
            .map(|(_, _, _, f, extra)| scoring::score(&book, group, f, extra, false))
            .collect();
        let totals: Vec<Points> = scored.iter().map(|x| x.total).collect();
        let ranks = scoring::ranks(&totals);
        let before = match previous(all, p) {
            Some(prev) => Some((
                prev.name.clone(),
                self.standings_of(state, all, prev, group)?,
            )),
            None => None,
        };
        let before_rank: HashMap<Subject, u32> = before
            .as_ref()
            .map(|(_, s)| s.rows.iter().map(|r| (r.subject, r.rank)).collect())
            .unwrap_or_default();
        let mut rows: Vec<StandingRow> = subjects
            .into_iter()
            .zip(scored)
            .zip(ranks)
            .map(
                |(((subject, name, path, _, extra), sc), rank)| StandingRow {
                    subject,
                    name,
                    path,
                    total: sc.total,
                    blocks: sc.blocks,
                    adjusted: extra.iter().filter_map(|f| f.points).sum(),
                    completion: sc.completion,
                    rank,
                    grade: book.grade(group, sc.total).to_string(),
                    rank_change: before_rank.get(&subject).map(|r| *r as i32 - rank as i32),
                },
            )
            .collect();
        rows.sort_by(|a, b| a.rank.cmp(&b.rank).then_with(|| a.path.cmp(&b.path)));
        let (blocks, block_max) = block_names(&book, side);
        let out = Arc::new(Standings {
            period: p.row(),
            group,
            blocks,
            block_max,
            settled: false,
            previous: before.map(|(name, _)| name),
            rows,
        });
        self.score_cache.keep_standings(p.id, out.clone());
        Ok(out)
    }

    /// What the standings of a period are: frozen once it is settled.
    fn standings_of(
        &self,
        state: &State,
        all: &[PeriodRules],
        p: &PeriodRules,
        group: PeerGroup,
    ) -> Result<Arc<Standings>> {
        if p.settled.is_some()
            && let Some(f) = frozen(&self.store, p)?
        {
            let book = crate::domain::rules::parse(&f.text)
                .map_err(|errors| Error::BadRules { errors })?;
            let (blocks, block_max) = block_names(&book, group.side());
            let rows = f
                .groups
                .into_iter()
                .find(|(g, _)| *g == group)
                .map(|(_, rows)| rows)
                .unwrap_or_default();
            return Ok(Arc::new(Standings {
                period: p.row(),
                group,
                blocks,
                block_max,
                settled: true,
                previous: previous(all, p).map(|q| q.name.clone()),
                rows,
            }));
        }
        self.live_standings(state, all, p, group)
    }

    pub(super) fn query_scores(
        &self,
        state: &State,
        _actor: &Actor,
        access: Access,
        request: ScoresRequest,
    ) -> Result<Response> {
        let all = periods(&self.store, &[])?;
        let today = Day::today();
        let readable = |u: UnitId| permissions::allows(&state.units, access, Need::Names(u));
        match request {
            ScoresRequest::ListPeriods(_) => Ok(Response::Periods(
                all.iter().map(PeriodRules::row).collect(),
            )),
            ScoresRequest::GetRules(GetRules { period }) => {
                let p = resolve(&all, period.as_deref(), today)?;
                Ok(Response::Rules(Box::new(RulesText {
                    period: p.row(),
                    text: p.text.clone(),
                })))
            }
            ScoresRequest::GetStandings(GetStandings { period, group }) => {
                let p = resolve(&all, period.as_deref(), today)?;
                let s = self.standings_of(state, &all, p, group)?;
                let mut s = (*s).clone();
                s.rows.retain(|r| match r.subject {
                    Subject::Unit(u) => readable(u),
                    Subject::Person(_) => true,
                });
                Ok(Response::Standings(Box::new(s)))
            }
            ScoresRequest::GetLedger(GetLedger { period, subject }) => {
                let p = resolve(&all, period.as_deref(), today)?;
                self.ledger(state, p, subject)
                    .map(|l| Response::Ledger(Box::new(l)))
            }
            ScoresRequest::PreviewSettle(PreviewSettle { period }) => {
                let p = resolve(&all, Some(&period), today)?;
                let mut groups = Vec::new();
                for group in PeerGroup::ALL {
                    let s = self.live_standings(state, &all, p, *group)?;
                    if !s.rows.is_empty() {
                        let leader = s.rows.first().map(|r| r.name.clone());
                        groups.push((*group, s.rows.len(), leader));
                    }
                }
                let adjustments = self
                    .store
                    .scan::<crate::domain::score_records::Adjustment>(TreeId::ScoreAdjustments)
                    .filter(|a| {
                        a.as_ref()
                            .is_ok_and(|a| a.period == p.id && a.voided.is_none())
                    })
                    .count();
                Ok(Response::SettlePreview(Box::new(SettlePreview {
                    period: p.row(),
                    groups,
                    adjustments,
                })))
            }
            ScoresRequest::GetScoreDiff(GetScoreDiff { period }) => {
                let p = resolve(&all, Some(&period), today)?;
                self.diff(state, &all, p).map(Response::ScoreDiff)
            }
            r => Err(Error::Storage {
                detail: format!("not a query: {r:?}"),
            }),
        }
    }

    fn diff(&self, state: &State, all: &[PeriodRules], p: &PeriodRules) -> Result<Vec<DiffRow>> {
        let Some(f) = frozen(&self.store, p)? else {
            return Ok(vec![]);
        };
        let mut out = Vec::new();
        for (group, settled_rows) in &f.groups {
            let live = self.live_standings(state, all, p, *group)?;
            let mut live_rows: HashMap<Subject, &StandingRow> =
                live.rows.iter().map(|r| (r.subject, r)).collect();
            for s in settled_rows {
                let l = live_rows.remove(&s.subject);
                if l.is_some_and(|l| l.total == s.total && l.rank == s.rank) {
                    continue;
                }
                out.push(DiffRow {
                    group: *group,
                    subject: s.subject,
                    name: s.name.clone(),
                    settled_total: Some(s.total),
                    live_total: l.map(|l| l.total),
                    settled_rank: Some(s.rank),
                    live_rank: l.map(|l| l.rank),
                });
            }
            let mut new: Vec<&&StandingRow> = live_rows.values().collect();
            new.sort_by_key(|r| r.rank);
            for l in new {
                out.push(DiffRow {
                    group: *group,
                    subject: l.subject,
                    name: l.name.clone(),
                    settled_total: None,
                    live_total: Some(l.total),
                    settled_rank: None,
                    live_rank: Some(l.rank),
                });
            }
        }
        Ok(out)
    }

    fn ledger(&self, state: &State, p: &PeriodRules, subject: Subject) -> Result<Ledger> {
        let settlement = match p.settled {
            Some(_) => frozen(&self.store, p)?,
            None => None,
        };
        let text = settlement
            .as_ref()
            .map_or(p.text.as_str(), |f| f.text.as_str());
        let book =
            crate::domain::rules::parse(text).map_err(|errors| Error::BadRules { errors })?;
        let (group, name, path) = match subject {
            Subject::Unit(u) => {
                let unit = state.units.get(u).ok_or_else(|| Error::UnitNotFound {
                    given: u.0.to_string(),
                })?;
                let group = PeerGroup::of_unit(unit.kind).ok_or_else(|| Error::InvalidField {
                    field: crate::error::Field::Unit,
                    zh: format!("“{}”不参加排名（只有乡镇、街道、教体局、村屯、社区、学校参加）", unit.name),
                    en: format!(
                        "\"{}\" is not ranked (townships, subdistricts, bureaus, villages, communities and schools are)",
                        unit.name
                    ),
                })?;
                (group, unit.name.clone(), state.units.path(u))
            }
            Subject::Person(id) => {
                let person = self
                    .store
                    .get::<Person>(TreeId::People, id.0)?
                    .ok_or_else(|| Error::PersonNotFound {
                        given: id.0.to_string(),
                    })?;
                (
                    PeerGroup::Elder,
                    person.name.clone(),
                    state.units.path(person.unit),
                )
            }
        };
        let s = SideItems::of(&book, group.side(), p.id);
        let mut per_item: Vec<Vec<Fact>> = vec![vec![]; s.len()];
        let mut extra: Vec<Fact> = vec![];
        let within = |x: Subject| match (x, subject) {
            (Subject::Unit(a), Subject::Unit(u)) => state.units.is_within(a, u),
            (a, b) => a == b,
        };
        {
            let mut keep = |x: Subject, item: usize, f: Fact| {
                // Awards and penalties are the subject's own, not its subtree's.
                let counts = if f.points.is_some() {
                    x == subject
                } else {
                    within(x)
                };
                if !counts {
                    return;
                }
                match per_item.get_mut(item) {
                    Some(v) => v.push(f),
                    None => extra.push(f),
                }
            };
            let people = visit_people(&self.store);
            let honoured = |f: &mut dyn FnMut(&Honoured)| -> Result<()> {
                people(&mut |p| {
                    if let Some(h) = Honoured::of(p) {
                        f(&h);
                    }
                })
            };
            let people: People = &honoured;
            score_counts::each_small_fact(&self.store, &s, people, Day::today(), &mut keep)?;
            match subject {
                Subject::Unit(u) => {
                    let units: Vec<UnitId> = state
                        .units
                        .all()
                        .filter(|x| state.units.is_within(x.id, u))
                        .map(|x| x.id)
                        .collect();
                    for unit in units {
                        for list in LISTS {
                            for (_, id) in stored::of_unit(&self.store, unit, list, s.from, s.to)? {
                                if let Some(item) = stored::get(&self.store, WorkId::new(list, id))?
                                {
                                    facts::work_unit_facts(&s, &item, &mut keep);
                                }
                            }
                        }
                    }
                }
                Subject::Person(person) => {
                    self.person_work_facts(&s, person, &mut keep)?;
                }
            }
        }
        for v in per_item.iter_mut() {
            v.sort_by_key(|f| (f.day, f.source.map(|s| s.id)));
        }
        let scored = scoring::score(&book, group, &per_item, &extra, true);
        let settled_total = settlement.and_then(|f| {
            f.groups
                .into_iter()
                .find(|(g, _)| *g == group)
                .and_then(|(_, rows)| rows.into_iter().find(|r| r.subject == subject))
                .map(|r| r.total)
        });
        Ok(Ledger {
            period: p.row(),
            subject,
            name,
            path,
            group,
            total: scored.total,
            lines: scored.lines,
            settled_total,
        })
    }

    fn person_work_facts(
        &self,
        s: &SideItems,
        person: PersonId,
        out: &mut facts::Emit,
    ) -> Result<()> {
        for entry in stored::person_entries(&self.store, Some(person)) {
            let (_, day, list, id) = entry?;
            if day < s.from || day > s.to {
                continue;
            }
            let record = stored::get(&self.store, WorkId::new(list, id))?;
            let label = record
                .as_ref()
                .map(|r| r.label().to_string())
                .unwrap_or_default();
            for (i, (counts, filter)) in s.items.iter().enumerate() {
                let n = facts::work_person_count(*counts, filter, list, record.as_ref());
                if n > 0 {
                    let f = Fact {
                        count: n,
                        source: Some(crate::domain::scoring::Source {
                            kind: super::work::record_kind(list),
                            id,
                        }),
                        day: Some(day),
                        points: None,
                        note: label.clone(),
                    };
                    out(Subject::Person(person), i, f);
                }
            }
        }
        Ok(())
    }
}
