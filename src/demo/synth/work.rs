//! Ten years of work records: activities by every level (most by
//! townships, streets and schools), trainings, village visits and
//! study-base sessions. They are loaded a few thousand at a time
//! (`Service::load_work`): the records, indexes and audit entries a work
//! import of the same rows writes, with the tallies and days by person
//! summed over many commits.

use std::collections::{HashMap, HashSet};

use super::rng::{Rng, Weights};
use super::{Generator, day_between, first_day, last_day};
use crate::demo::work::{
    STUDY_THEMES, TRAINING_TOPICS, VISIT_PURPOSES, VISIT_RESULTS, activity_idea, kinds_for,
    place_for, youths_for,
};
use crate::domain::day::Day;
use crate::domain::person::PersonId;
use crate::domain::work::{Attendance, TrainingMode};
use crate::domain::work_item::{
    ActivityDraft, StudySessionDraft, TrainingDraft, VisitDraft, WorkDraft, WorkList,
};
use crate::domain::{UnitId, UnitKind};
use crate::error::Result;
use crate::service::WorkLoad;

/// Records per load, as per import file before: one commit and one audit
/// entry each, a few megabytes of changes.
const CHUNK: usize = 5_000;

/// Who organises activities, by how many.
fn activity_weight(kind: UnitKind) -> u32 {
    match kind {
        UnitKind::Township | UnitKind::Subdistrict | UnitKind::School => 10,
        UnitKind::EducationBureau | UnitKind::District => 6,
        UnitKind::Village | UnitKind::Community => 3,
        UnitKind::Other => 2,
    }
}

/// Who gives trainings: the levels that lead others.
fn training_weight(kind: UnitKind) -> u32 {
    match kind {
        UnitKind::District | UnitKind::EducationBureau => 10,
        UnitKind::Township | UnitKind::Subdistrict => 6,
        UnitKind::School => 2,
        UnitKind::Village | UnitKind::Community | UnitKind::Other => 1,
    }
}

/// A unit as the work records need it.
#[derive(Debug, Clone)]
struct Place {
    id: UnitId,
    parent: Option<UnitId>,
    kind: UnitKind,
    name: String,
}

/// The units, the root first, and who is on the roll where.
struct Ground {
    places: Vec<Place>,
    /// Elders on the roll, by their unit.
    members: HashMap<UnitId, Vec<PersonId>>,
    children: HashMap<UnitId, Vec<UnitId>>,
    everyone: Vec<PersonId>,
}

impl Ground {
    fn of(g: &Generator<'_>) -> Ground {
        let mut places = vec![Place {
            id: g.root,
            parent: None,
            kind: UnitKind::District,
            name: super::root_name(g.scale, g.seed),
        }];
        places.extend(g.units.iter().filter(|u| u.is_live()).map(|u| Place {
            id: u.id,
            parent: u.parent,
            kind: u.kind,
            name: u.name.clone(),
        }));
        let mut members: HashMap<UnitId, Vec<PersonId>> = HashMap::new();
        for m in &g.elders {
            members.entry(m.unit).or_default().push(m.id);
        }
        let mut children: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
        for p in &places {
            if let Some(parent) = p.parent {
                children.entry(parent).or_default().push(p.id);
            }
        }
        Ground {
            places,
            members,
            children,
            everyone: g.elders.iter().map(|m| m.id).collect(),
        }
    }

    fn own(&self, unit: UnitId) -> &[PersonId] {
        self.members.get(&unit).map_or(&[], Vec::as_slice)
    }

    /// The elders of a unit and of the units directly below it.
    fn around(&self, unit: UnitId) -> Vec<PersonId> {
        let mut out = self.own(unit).to_vec();
        for c in self.children.get(&unit).into_iter().flatten() {
            out.extend_from_slice(self.own(*c));
        }
        out
    }

    fn weights(&self, w: fn(UnitKind) -> u32) -> Vec<u32> {
        self.places.iter().map(|p| w(p.kind)).collect()
    }
}

/// Up to `n` different people of `pool`.
fn some_of(rng: &mut Rng, pool: &[PersonId], n: usize) -> Vec<PersonId> {
    let mut out: Vec<PersonId> = Vec::with_capacity(n);
    for _ in 0..n.min(pool.len()) * 3 {
        if out.len() == n {
            break;
        }
        let p = rng.pick(pool);
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// `total` shared out by weight, the remainder one each from a random unit on.
fn shares(rng: &mut Rng, weights: &[u32], total: usize) -> Vec<usize> {
    let sum: u64 = weights.iter().map(|w| u64::from(*w)).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut out: Vec<usize> = weights
        .iter()
        .map(|w| (total as u64 * u64::from(*w) / sum) as usize)
        .collect();
    let mut left = total - out.iter().sum::<usize>();
    let mut i = rng.below(weights.len());
    while left > 0 {
        if weights[i] > 0 {
            out[i] += 1;
            left -= 1;
        }
        i = (i + 1) % weights.len();
    }
    out
}

/// Loads records a file's worth at a time as they are made, so a
/// province's two million are never held at once: each file made into its
/// writes here, and written by the generator's loader on its own thread.
struct Importer {
    list: WorkList,
    kind: &'static str,
    drafts: Vec<WorkDraft>,
    load: WorkLoad,
    made: u64,
}

impl Importer {
    fn new(list: WorkList, kind: &'static str) -> Importer {
        Importer {
            list,
            kind,
            drafts: Vec::with_capacity(CHUNK),
            load: WorkLoad::default(),
            made: 0,
        }
    }

    /// A record naming its unit and people by id.
    fn push(&mut self, g: &mut Generator<'_>, draft: WorkDraft) -> Result<()> {
        self.drafts.push(draft);
        if self.drafts.len() >= CHUNK {
            self.flush(g)?;
        }
        Ok(())
    }

    fn flush(&mut self, g: &mut Generator<'_>) -> Result<()> {
        if self.drafts.is_empty() {
            return Ok(());
        }
        let drafts = std::mem::replace(&mut self.drafts, Vec::with_capacity(CHUNK));
        self.made += drafts.len() as u64;
        let steps = g.backend.service().prepare_work(
            &mut self.load,
            g.backend.actor(),
            self.list,
            drafts,
            &format!("ggw gen: {}", self.kind),
        )?;
        for step in steps {
            g.loader.send(step)?;
        }
        (g.progress)(self.kind, self.made);
        Ok(())
    }

    /// Sends the last records and the sums; the next kind is made while
    /// they are written (`run` waits for them before any kind that writes
    /// through the backend). Answers how many records were sent.
    fn done(mut self, g: &mut Generator<'_>) -> Result<u64> {
        self.flush(g)?;
        g.loader
            .send(g.backend.service().finish_work_load(&mut self.load))?;
        Ok(self.made)
    }
}

/// Activities, each unit's on different days so none is the same activity
/// twice (same unit, day and title).
pub fn activities(g: &mut Generator<'_>) -> Result<u64> {
    let ground = Ground::of(g);
    let mut rng = g.rng("activities");
    let span = first_day().days_until(last_day()).max(0) as usize + 1;
    let counts = shares(
        &mut rng,
        &ground.weights(activity_weight),
        g.scale.activities(),
    );
    let mut out = Importer::new(WorkList::Activities, "activities");
    for (place, n) in ground.places.iter().zip(counts) {
        let mut days: HashSet<Day> = HashSet::with_capacity(n);
        let kinds = kinds_for(place.kind);
        for _ in 0..n.min(span) {
            let date = loop {
                let d = day_between(&mut rng, first_day(), last_day());
                if days.insert(d) {
                    break d;
                }
            };
            let kind = rng.pick(kinds);
            let (title, theme) = activity_idea(&mut rng, kind);
            let online = rng.chance(15);
            let elders = if rng.chance(40) {
                let k = 1 + rng.below(3);
                some_of(&mut rng, ground.own(place.id), k)
            } else {
                Vec::new()
            };
            let draft = WorkDraft::Activity(ActivityDraft {
                unit: place.id,
                date,
                title: title.to_string(),
                theme: theme.to_string(),
                kind,
                online,
                place: place_for(&mut rng, place.kind, &place.name, online),
                youths: youths_for(&mut rng, place.kind, online),
                elders,
                notes: String::new(),
            });
            out.push(g, draft)?;
        }
    }
    out.done(g)
}

pub fn trainings(g: &mut Generator<'_>) -> Result<u64> {
    let ground = Ground::of(g);
    let mut rng = g.rng("trainings");
    let weights = Weights::new(&ground.weights(training_weight));
    let mut out = Importer::new(WorkList::Trainings, "trainings");
    for _ in 0..g.scale.activities() / 10 {
        let place = &ground.places[rng.weighted_by(&weights)];
        let mode = TrainingMode::ALL[rng.weighted(&[4, 3, 2, 2])];
        let pool = ground.around(place.id);
        let attendance = if pool.len() >= 3 && rng.chance(30) {
            let n = 3 + rng.below(10);
            Attendance::Named(some_of(&mut rng, &pool, n))
        } else {
            Attendance::HeadCount(15 + rng.below(106) as u32)
        };
        let draft = WorkDraft::Training(TrainingDraft {
            unit: place.id,
            date: day_between(&mut rng, first_day(), last_day()),
            mode,
            topic: rng.pick(TRAINING_TOPICS).to_string(),
            attendance,
        });
        out.push(g, draft)?;
    }
    out.done(g)
}

/// Visits to villages and communities by the elders of their township or
/// street (or of the village itself).
pub fn visits(g: &mut Generator<'_>) -> Result<u64> {
    let ground = Ground::of(g);
    let mut rng = g.rng("visits");
    let villages: Vec<&Place> = ground
        .places
        .iter()
        .filter(|p| matches!(p.kind, UnitKind::Village | UnitKind::Community))
        .collect();
    if villages.is_empty() || ground.everyone.is_empty() {
        return Ok(0);
    }
    let mut pools: HashMap<UnitId, Vec<PersonId>> = HashMap::new();
    let mut out = Importer::new(WorkList::Visits, "visits");
    for _ in 0..g.scale.activities() / 10 {
        let village = rng.pick(&villages);
        let above = village.parent.unwrap_or(village.id);
        let pool = pools.entry(above).or_insert_with(|| ground.around(above));
        let person = if pool.is_empty() {
            rng.pick(&ground.everyone)
        } else {
            rng.pick(pool)
        };
        let draft = WorkDraft::Visit(VisitDraft {
            person,
            village: village.id,
            date: day_between(&mut rng, first_day(), last_day()),
            purpose: rng.pick(VISIT_PURPOSES).to_string(),
            result: rng.pick(VISIT_RESULTS).to_string(),
        });
        out.push(g, draft)?;
    }
    out.done(g)
}

/// Sessions at the units of kind 其他, visited by the schools.
pub fn study_sessions(g: &mut Generator<'_>) -> Result<u64> {
    let ground = Ground::of(g);
    let mut rng = g.rng("study_sessions");
    let bases: Vec<&Place> = ground
        .places
        .iter()
        .filter(|p| p.kind == UnitKind::Other)
        .collect();
    let schools: Vec<&str> = ground
        .places
        .iter()
        .filter(|p| p.kind == UnitKind::School)
        .map(|p| p.name.as_str())
        .collect();
    if bases.is_empty() {
        return Ok(0);
    }
    let mut out = Importer::new(WorkList::StudySessions, "study_sessions");
    for _ in 0..g.scale.activities() / 50 {
        let base = rng.pick(&bases);
        let draft = WorkDraft::StudySession(StudySessionDraft {
            base: base.id,
            date: day_between(&mut rng, first_day(), last_day()),
            visitor: if schools.is_empty() {
                String::new()
            } else {
                rng.pick(&schools).to_string()
            },
            students: 20 + rng.below(281) as u32,
            theme: rng.pick(STUDY_THEMES).to_string(),
        });
        out.push(g, draft)?;
    }
    out.done(g)
}
