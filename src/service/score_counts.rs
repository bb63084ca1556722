//! The counts standings are made of, per period and subject, kept in
//! memory and brought up to date by the commits that touch them: a new
//! activity re-reads one unit's monthly tallies for the period (or one
//! person's index entries), not every record. The few hundred 三创 records,
//! meetings, tasks and awards are counted again after a commit that
//! changes any of them.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use super::score_facts::{self as facts, Honoured, SideItems};
use super::score_rows::{UnitRows, cell};
use super::unit_tallies::Sums;
use crate::api::scores::Standings;
use crate::domain::UnitId;
use crate::domain::bulletin::InfoItem;
use crate::domain::day::Day;
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::person::{Person, PersonId};
use crate::domain::plan::Plan;
use crate::domain::points::Points;
use crate::domain::rules::{Counts, PeerGroup, Side};
use crate::domain::score_records::{Adjustment, Subject};
use crate::domain::scoring::Fact;
use crate::domain::task::Task;
use crate::domain::tree::UnitTree;
use crate::domain::work::{Month, WorkTally};
use crate::domain::work_item::WorkId;
use crate::error::Result;
use crate::store::{Changes, Store, TreeId, codec, work as stored};

/// Hands everyone honoured to a visitor: the roster is read only when a
/// rulebook counts honours.
pub(super) type People<'a> = &'a dyn Fn(&mut dyn FnMut(&Honoured)) -> Result<()>;

/// Every unit's work tallies summed over the months `from..=to`, if a
/// read of the whole tree (a report's) has them at hand since the last
/// commit: the standings then take them instead of reading them again.
pub(super) type EveryUnit<'a> = &'a (dyn Fn(Month, Month) -> Option<Sums> + Sync);

/// Counts of one side: per subject, one per item (its own records only;
/// standings add a unit's subtree).
#[derive(Debug, Clone, Default)]
pub(super) struct Counted {
    pub counts: HashMap<Subject, Vec<u64>>,
    /// Awards and penalties: their sum and how many.
    pub manual: HashMap<Subject, (Points, u64)>,
}

impl Counted {
    fn merge(&mut self, other: &Counted) {
        for (subject, v) in &other.counts {
            let mine = self
                .counts
                .entry(*subject)
                .or_insert_with(|| vec![0; v.len()]);
            for (a, b) in mine.iter_mut().zip(v) {
                *a += b;
            }
        }
        for (subject, (p, n)) in &other.manual {
            let e = self.manual.entry(*subject).or_default();
            e.0 += *p;
            e.1 += n;
        }
    }

    fn add(&mut self, n_items: usize, subject: Subject, item: usize, f: &Fact) {
        if let Some(p) = f.points {
            let e = self.manual.entry(subject).or_default();
            e.0 += p;
            e.1 += f.count;
            return;
        }
        let v = self
            .counts
            .entry(subject)
            .or_insert_with(|| vec![0; n_items]);
        if let Some(c) = v.get_mut(item) {
            *c += f.count;
        }
    }
}

/// Each unit's counts with those of every unit under it, and the awards
/// and penalties of each (its own only).
#[derive(Debug, Clone, Default)]
pub(super) struct UnitSums {
    pub sums: UnitRows,
    pub manual: HashMap<Subject, (Points, u64)>,
}

#[derive(Debug, Default)]
struct PeriodCounts {
    /// Each unit's own work counts, per item of the unit side, from its
    /// monthly tallies; a unit without work has no row. The counts, not
    /// the tallies: a table of 20,000 tallies in a map was 3 MB.
    unit_work: Option<UnitRows>,
    /// Made from `unit_work` and the small sources; a changed tally moves
    /// it along the unit's lineage instead of making it again.
    unit_sums: Option<Arc<UnitSums>>,
    stale_units: HashSet<UnitId>,
    person_work: Option<HashMap<PersonId, Vec<u64>>>,
    stale_people: HashSet<PersonId>,
    /// The records other than work, by side and by where they come from:
    /// a commit that changes a task counts the tasks again, not the roster.
    small: HashMap<(Side, Source), Counted>,
    /// Sources a side's items do not count: kept empty through commits.
    unused: HashSet<(Side, Source)>,
    standings: HashMap<PeerGroup, Arc<Standings>>,
}

impl PeriodCounts {
    fn has_small(&self, side: Side) -> bool {
        SOURCES
            .iter()
            .all(|src| self.small.contains_key(&(side, *src)))
    }

    /// Counts the sources of `side` not held yet.
    fn fill_small(
        &mut self,
        store: &Store,
        s: &SideItems,
        people: People,
        today: Day,
    ) -> Result<bool> {
        let missing: Vec<Source> = SOURCES
            .iter()
            .copied()
            .filter(|src| !self.small.contains_key(&(s.side, *src)))
            .collect();
        if missing.is_empty() {
            return Ok(false);
        }
        for (src, counted) in small_counts(store, s, people, today, &missing)? {
            if !src.used_by(s) {
                self.unused.insert((s.side, src));
            }
            self.small.insert((s.side, src), counted);
        }
        Ok(true)
    }

    fn small_of(&self, side: Side) -> Counted {
        let mut out = Counted::default();
        for src in SOURCES {
            if let Some(c) = self.small.get(&(side, src)) {
                out.merge(c);
            }
        }
        out
    }
}

/// Where the counted records other than work come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Source {
    Info,
    Plans,
    Meetings,
    Tasks,
    Honours,
    Awards,
}

const SOURCES: [Source; 6] = [
    Source::Info,
    Source::Plans,
    Source::Meetings,
    Source::Tasks,
    Source::Honours,
    Source::Awards,
];

impl Source {
    fn of_tree(tree: TreeId) -> Option<Source> {
        Some(match tree {
            TreeId::InfoItems => Source::Info,
            TreeId::Plans => Source::Plans,
            TreeId::Meetings | TreeId::MeetingSeries => Source::Meetings,
            TreeId::Tasks => Source::Tasks,
            TreeId::People => Source::Honours,
            TreeId::ScoreAdjustments => Source::Awards,
            _ => return None,
        })
    }

    /// Whether a rulebook's side counts anything from here.
    fn used_by(self, s: &SideItems) -> bool {
        match self {
            Source::Info => s.uses(&[Counts::InfoWritten, Counts::InfoAdopted]),
            Source::Plans => s.uses(&[Counts::PlansAdvanced, Counts::PlansAccepted]),
            Source::Meetings => s.uses(&[Counts::MeetingsAttended, Counts::MeetingsMissed]),
            Source::Tasks => s.uses(&[Counts::TasksDone, Counts::TasksOverdue]),
            Source::Honours => s.uses(&[Counts::Honours]),
            Source::Awards => true,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct ScoreCache {
    periods: Mutex<HashMap<u64, PeriodCounts>>,
    /// Everyone with an honour, read from the roster once and kept by the
    /// commits that change a person: honours are counted from here, not by
    /// reading the whole roster after every change to it.
    /// In id order.
    honoured: Mutex<Option<Arc<Vec<Honoured>>>>,
}

impl ScoreCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, PeriodCounts>> {
        self.periods.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    /// What a commit changed, so that the next read brings the counts up
    /// to date. Called with the write lock held, before any query can read
    /// what the commit wrote.
    pub fn note(&self, pending: &[Changes]) {
        self.note_people(pending);
        let mut periods = self.lock();
        if periods.is_empty() {
            return;
        }
        for (tree, key) in pending.iter().flat_map(|c| c.touched()) {
            match tree {
                TreeId::WorkTallies => {
                    if let Some((unit, _)) = stored::split_tally_key(key) {
                        for p in periods.values_mut() {
                            p.stale_units.insert(unit);
                            p.standings.clear();
                        }
                    }
                }
                TreeId::WorkByPerson => {
                    if let Some(id) = key.get(..8).and_then(|b| b.try_into().ok()) {
                        let person = PersonId(u64::from_be_bytes(id));
                        for p in periods.values_mut() {
                            p.stale_people.insert(person);
                            p.standings.remove(&PeerGroup::Elder);
                        }
                    }
                }
                TreeId::Units | TreeId::UnitsByParent => {
                    for p in periods.values_mut() {
                        p.unit_sums = None;
                        p.standings.clear();
                    }
                }
                TreeId::ScoreRules | TreeId::Settlements => periods.clear(),
                t if let Some(src) = Source::of_tree(t) => {
                    for p in periods.values_mut() {
                        for side in [Side::Unit, Side::Person] {
                            // A source the rulebook does not count changes nothing.
                            if p.unused.contains(&(side, src)) {
                                continue;
                            }
                            p.small.remove(&(side, src));
                            if side == Side::Unit {
                                p.unit_sums = None;
                            }
                            p.standings.retain(|g, _| g.side() != side);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Each person a commit wrote, as it now is, in the honoured list.
    fn note_people(&self, pending: &[Changes]) {
        let mut honoured = self.honoured.lock().unwrap_or_else(|p| p.into_inner());
        let Some(map) = honoured.as_mut() else {
            return;
        };
        for (tree, key) in pending.iter().flat_map(|c| c.touched()) {
            if tree != TreeId::People {
                continue;
            }
            let Some(id) = key.try_into().ok().map(u64::from_be_bytes) else {
                continue;
            };
            let now = pending
                .iter()
                .rev()
                .find_map(|c| c.latest(TreeId::People, key))
                .flatten()
                .and_then(|bytes| codec::decode::<Person>(bytes).ok());
            let list = Arc::make_mut(map);
            let at = list.binary_search_by_key(&PersonId(id), |h| h.id);
            match (now.as_ref().and_then(Honoured::of), at) {
                (Some(h), Ok(i)) => list[i] = h,
                (Some(h), Err(i)) => list.insert(i, h),
                (None, Ok(i)) => {
                    list.remove(i);
                }
                (None, Err(_)) => {}
            }
        }
    }

    /// Whether the honoured are held: a caller reading the whole roster
    /// anyway offers them, when not, through `offer_honoured`.
    pub fn has_honoured(&self) -> bool {
        self.honoured
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// Takes everyone whose honours count, as `honoured` would read them,
    /// unless the honoured are held already.
    pub fn offer_honoured(&self, mut list: Vec<Honoured>) {
        let mut honoured = self.honoured.lock().unwrap_or_else(|p| p.into_inner());
        if honoured.is_none() {
            list.sort_unstable_by_key(|h| h.id);
            list.shrink_to_fit();
            *honoured = Some(Arc::new(list));
        }
    }

    /// Everyone whose honours count, in id order: the roster is read the
    /// first time.
    pub fn honoured(&self, store: &Store) -> Result<Arc<Vec<Honoured>>> {
        let mut honoured = self.honoured.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(map) = honoured.as_ref() {
            return Ok(map.clone());
        }
        let mut list = Vec::new();
        for p in store.scan::<Person>(TreeId::People) {
            list.extend(Honoured::of(&p?));
        }
        list.sort_unstable_by_key(|h| h.id);
        list.shrink_to_fit();
        let map = Arc::new(list);
        *honoured = Some(map.clone());
        Ok(map)
    }

    pub fn standings(&self, period: u64, group: PeerGroup) -> Option<Arc<Standings>> {
        self.lock().get(&period)?.standings.get(&group).cloned()
    }

    pub fn keep_standings(&self, period: u64, s: Arc<Standings>) {
        self.lock()
            .entry(period)
            .or_default()
            .standings
            .insert(s.group, s);
    }

    /// A unit side's counts summed over each subtree: work from the
    /// monthly tallies, the rest from their records.
    #[allow(clippy::too_many_arguments)]
    pub fn units(
        &self,
        store: &Store,
        tree: &UnitTree,
        period: u64,
        s: &SideItems,
        people: People,
        today: Day,
        every_unit: EveryUnit,
    ) -> Result<Arc<UnitSums>> {
        let mut periods = self.lock();
        let p = periods.entry(period).or_default();
        let (from, to) = (Month::of(s.from), Month::of(s.to));
        let work_counts = |t: &WorkTally| -> Vec<u32> {
            s.items
                .iter()
                .map(|(c, f)| cell(facts::work_count(*c, f, t)))
                .collect()
        };
        let cold = !p.has_small(Side::Unit);
        match &mut p.unit_work {
            None if cold => {
                // Both read from disk: the tallies on a second thread.
                let (work, small) = std::thread::scope(|scope| {
                    let work = scope.spawn(|| {
                        period_work(store, tree, from, to, s.len(), &work_counts, every_unit)
                    });
                    let small = p.fill_small(store, s, people, today);
                    let work = work.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    (work, small)
                });
                p.unit_work = Some(work?);
                small?;
                p.unit_sums = None;
            }
            None => {
                p.unit_work = Some(period_work(
                    store,
                    tree,
                    from,
                    to,
                    s.len(),
                    &work_counts,
                    every_unit,
                )?);
                p.unit_sums = None;
            }
            Some(work) => {
                for unit in p.stale_units.drain() {
                    let now = work_counts(&unit_tally(store, unit, from, to)?);
                    let was = work.get(unit).map(<[u32]>::to_vec);
                    if was.is_some() || now.iter().any(|n| *n > 0) {
                        work.row_mut(unit).copy_from_slice(&now);
                    }
                    let was = was.unwrap_or_else(|| vec![0; s.len()]);
                    if let Some(sums) = &mut p.unit_sums {
                        let sums = Arc::make_mut(sums);
                        for u in tree.lineage(unit) {
                            let v = sums.sums.row_mut(u.id);
                            for ((x, old), new) in v.iter_mut().zip(&was).zip(&now) {
                                *x = x.saturating_add(*new).saturating_sub(*old);
                            }
                        }
                    }
                }
            }
        }
        p.stale_units.clear();
        if p.fill_small(store, s, people, today)? {
            p.unit_sums = None;
        }
        if let Some(sums) = &p.unit_sums {
            return Ok(sums.clone());
        }
        // Each unit's own counts go to it and every unit above it.
        let small = p.small_of(Side::Unit);
        let mut sums = UnitRows::zeroed(tree.all().map(|u| u.id).collect(), s.len());
        let mut add_up = |unit: UnitId, counts: &[u32]| {
            for u in tree.lineage(unit) {
                sums.add(u.id, counts);
            }
        };
        for (unit, counts) in p.unit_work.as_ref().expect("filled above").iter() {
            if counts.iter().any(|n| *n > 0) {
                add_up(unit, counts);
            }
        }
        for (subject, counts) in &small.counts {
            if let Subject::Unit(u) = subject {
                let counts: Vec<u32> = counts.iter().map(|n| cell(*n)).collect();
                add_up(*u, &counts);
            }
        }
        let made = Arc::new(UnitSums {
            sums,
            manual: small.manual,
        });
        p.unit_sums = Some(made.clone());
        Ok(made)
    }

    /// An elder side's own counts: work from the person index.
    pub fn people(
        &self,
        store: &Store,
        period: u64,
        s: &SideItems,
        people: People,
        today: Day,
    ) -> Result<Counted> {
        let mut periods = self.lock();
        let p = periods.entry(period).or_default();
        let cold = !p.has_small(Side::Person);
        match &mut p.person_work {
            None if cold => {
                // The person index on a second thread, the rest on this one.
                let (work, small) = std::thread::scope(|scope| {
                    let work = scope.spawn(|| person_work(store, s, None));
                    let small = p.fill_small(store, s, people, today);
                    let work = work.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    (work, small)
                });
                p.person_work = Some(work?);
                small?;
            }
            None => p.person_work = Some(person_work(store, s, None)?),
            Some(work) => {
                for person in p.stale_people.drain() {
                    match person_work(store, s, Some(person))?.remove(&person) {
                        Some(v) => work.insert(person, v),
                        None => work.remove(&person),
                    };
                }
            }
        }
        p.stale_people.clear();
        p.fill_small(store, s, people, today)?;
        let mut out = p.small_of(Side::Person);
        for (person, v) in p.person_work.as_ref().expect("filled above") {
            for (i, n) in v.iter().enumerate().filter(|(_, n)| **n > 0) {
                out.add(s.len(), Subject::Person(*person), i, &Fact::sum(*n));
            }
        }
        Ok(out)
    }
}

/// Each unit's own work counts: its tallies summed over the months of the
/// period, read in key order (a range of at most a year's keys per unit,
/// not the tallies of every year), a thousand units at a time so that the
/// tallies of a province's 20,000 (3 MB) are never held at once. Units
/// without work get no row.
fn period_work(
    store: &Store,
    tree: &UnitTree,
    from: Month,
    to: Month,
    width: usize,
    counts: &(dyn Fn(&WorkTally) -> Vec<u32> + Sync),
    every_unit: EveryUnit,
) -> Result<UnitRows> {
    let mut ids: Vec<UnitId> = tree.all().map(|u| u.id).collect();
    ids.sort_unstable();
    let mut rows = UnitRows::empty(width);
    if let Some(sums) = every_unit(from, to) {
        for id in ids {
            if let Some(tally) = sums.get(&id) {
                rows.push(id, &counts(tally));
            }
        }
        rows.shrink_to_fit();
        return Ok(rows);
    }
    for some in ids.chunks(1000) {
        for (unit, tally) in stored::sums_of(store, some.iter().copied(), from, to)? {
            if !tally.is_zero() {
                rows.push(unit, &counts(&tally));
            }
        }
    }
    rows.shrink_to_fit();
    Ok(rows)
}

fn unit_tally(store: &Store, unit: UnitId, from: Month, to: Month) -> Result<WorkTally> {
    Ok(stored::sums_of(store, [unit], from, to)?
        .pop()
        .map_or_else(WorkTally::default, |(_, t)| t))
}

/// Each person's work counts per item, from the person index (and the
/// records, where an item filters by kind or mode).
fn person_work(
    store: &Store,
    s: &SideItems,
    only: Option<PersonId>,
) -> Result<HashMap<PersonId, Vec<u64>>> {
    let mut out: HashMap<PersonId, Vec<u64>> = HashMap::new();
    if !s.uses(&facts::WORK_COUNTS) {
        return Ok(out);
    }
    let read_records = facts::person_work_needs_records(s);
    for entry in stored::person_entries(store, only) {
        let (person, day, list, id) = entry?;
        if day < s.from || day > s.to {
            continue;
        }
        let record = if read_records {
            stored::get(store, WorkId::new(list, id))?
        } else {
            None
        };
        for (i, (counts, filter)) in s.items.iter().enumerate() {
            let n = facts::work_person_count(*counts, filter, list, record.as_ref());
            if n > 0 {
                out.entry(person).or_insert_with(|| vec![0; s.len()])[i] += n;
            }
        }
    }
    Ok(out)
}

/// Reads every record of the small sources the side's items use, handing
/// each fact to `out`.
pub(super) fn each_small_fact(
    store: &Store,
    s: &SideItems,
    people: People,
    today: Day,
    out: &mut facts::Emit,
) -> Result<()> {
    each_fact_of(
        store,
        s,
        people,
        today,
        &SOURCES,
        &mut |_, subject, item, f| out(subject, item, f),
    )
}

/// The facts of the sources `only`, each with the source it came from.
fn each_fact_of(
    store: &Store,
    s: &SideItems,
    people: People,
    today: Day,
    only: &[Source],
    out: &mut dyn FnMut(Source, Subject, usize, Fact),
) -> Result<()> {
    let read = |src: Source| only.contains(&src) && src.used_by(s);
    if read(Source::Info) {
        let out = &mut |subject, item, f| out(Source::Info, subject, item, f);
        store.each::<InfoItem>(TreeId::InfoItems, |item| {
            facts::info_facts(s, &item, out);
            Ok(())
        })?;
    }
    if read(Source::Plans) {
        let out = &mut |subject, item, f| out(Source::Plans, subject, item, f);
        store.each::<Plan>(TreeId::Plans, |plan| {
            facts::plan_facts(s, &plan, out);
            Ok(())
        })?;
    }
    if read(Source::Meetings) {
        let out = &mut |subject, item, f| out(Source::Meetings, subject, item, f);
        let mut titles = HashMap::new();
        store.each::<MeetingSeries>(TreeId::MeetingSeries, |series| {
            titles.insert(series.id, series.title);
            Ok(())
        })?;
        store.each::<Meeting>(TreeId::Meetings, |m| {
            let title = titles.get(&m.series).cloned().unwrap_or_default();
            facts::meeting_facts(s, &m, &title, out);
            Ok(())
        })?;
    }
    if read(Source::Tasks) {
        let out = &mut |subject, item, f| out(Source::Tasks, subject, item, f);
        store.each::<Task>(TreeId::Tasks, |t| {
            facts::task_facts(s, &t, today, out);
            Ok(())
        })?;
    }
    if read(Source::Honours) {
        let out = &mut |subject, item, f| out(Source::Honours, subject, item, f);
        people(&mut |p| facts::honour_facts(s, p, out))?;
    }
    if read(Source::Awards) {
        let out = &mut |subject, item, f| out(Source::Awards, subject, item, f);
        store.each::<Adjustment>(TreeId::ScoreAdjustments, |a| {
            if a.period == s.period {
                facts::adjustment_fact(s, &a, out);
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// The counts of each source in `only`: an empty one for a source the
/// side does not count, so that it is not read again.
fn small_counts(
    store: &Store,
    s: &SideItems,
    people: People,
    today: Day,
    only: &[Source],
) -> Result<HashMap<Source, Counted>> {
    let mut out: HashMap<Source, Counted> =
        only.iter().map(|src| (*src, Counted::default())).collect();
    let n = s.len();
    each_fact_of(
        store,
        s,
        people,
        today,
        only,
        &mut |src, subject, item, f| {
            if let Some(c) = out.get_mut(&src) {
                c.add(n, subject, item, &f);
            }
        },
    )?;
    Ok(out)
}
