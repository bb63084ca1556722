//! Synthetic databases for benchmarks and torture tests: plausible,
//! reproducible from a seed, and written by the service, every record
//! with its indexes, counts and audit entry as an operator's work leaves
//! them.
//!
//! Units, people, positions and meetings go through the backend like any
//! operator's work, validated, permitted and audited as if typed. Units
//! are created a run at a time; the kinds after them use the paths a busy
//! office takes: the roster import, all or nothing, thousands of rows per
//! request; and runs of single requests committed together as the server's
//! writer commits several users' writes (`Backend::call_many`).
//!
//! The work records, nine in ten of a province's records, are loaded
//! instead (`Service::load_work`, in `work.rs`): the records, ids, indexes
//! and audit entries the work import writes for the same rows, without the
//! import's look-ups of each row's unit path, people and possible twin
//! (the generator names units and people by id and makes no activity
//! twice), and with the monthly tallies and the days by person summed over
//! many commits before they are read and written. Through the import they
//! took two thirds of a province's generation.
//!
//! Dates are drawn up to `last_day()`, a fixed day, so that a seed gives the
//! same database whatever day it runs.
//!
//! Each record kind is one function in `KINDS`; a kind added later
//! (activities, trainings, visits, info items …) appends its line, and its
//! name to `KIND_NAMES`, and draws from its own random stream, so the
//! records of the kinds before it stay the same for a seed.

pub mod elders;
pub mod meetings;
pub mod names;
pub mod rng;
pub mod rules;
pub mod teams;
pub mod units;
pub mod work;

use std::collections::HashMap;
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};

use crate::api::{Request, Response};
use crate::backend::{Backend, LocalBackend};
use crate::domain::day::Day;
use crate::domain::person::{PersonId, Role};
use crate::domain::{OrgUnit, UnitId};
use crate::error::{Error, Result};
use crate::service::LoadStep;

use rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A few dozen units: every kind, small enough for the test suite.
    Sample,
    District,
    City,
    Province,
}

impl Scale {
    /// Units in the database, the root included.
    pub fn units(self) -> usize {
        match self {
            Scale::Sample => 60,
            Scale::District => 400,
            Scale::City => 4_000,
            Scale::Province => 20_000,
        }
    }

    /// Elders on the roster, struck off included.
    pub fn elders(self) -> usize {
        match self {
            Scale::Sample => 300,
            Scale::District => 5_000,
            Scale::City => 50_000,
            Scale::Province => 200_000,
        }
    }

    /// Activities over the ten years; trainings and village visits are a
    /// tenth of them, study-base sessions a fiftieth.
    pub fn activities(self) -> usize {
        match self {
            Scale::Sample => 600,
            Scale::District => 50_000,
            Scale::City => 500_000,
            Scale::Province => 2_000_000,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Scale::Sample => "sample",
            Scale::District => "district",
            Scale::City => "city",
            Scale::Province => "province",
        }
    }

    fn root_suffix(self) -> &'static str {
        match self {
            Scale::Sample | Scale::District => "区",
            Scale::City => "市",
            Scale::Province => "省",
        }
    }
}

/// The name of the root unit for a scale and seed, e.g. 东岗区.
pub fn root_name(scale: Scale, seed: u64) -> String {
    let mut rng = Rng::derived(seed, "root");
    format!("{}{}", names::place(&mut rng), scale.root_suffix())
}

pub type KindFn = fn(&mut Generator<'_>) -> Result<u64>;

/// Every generated record kind, in order: a kind may refer to the records of
/// the kinds before it.
pub const KINDS: &[(&str, KindFn)] = &[
    ("units", units::generate),
    ("elders", elders::generate),
    ("positions", teams::generate),
    ("meetings", meetings::generate),
    ("activities", work::activities),
    ("trainings", work::trainings),
    ("visits", work::visits),
    ("study_sessions", work::study_sessions),
    ("rules", rules::generate),
];

/// The kinds written by the loader (`work.rs`) rather than through the
/// backend.
const LOADED: [&str; 4] = ["activities", "trainings", "visits", "study_sessions"];

/// The kinds up to and including `last` (all without it); `None` when no
/// kind has that name.
pub fn kinds_upto(last: Option<&str>) -> Option<&'static [(&'static str, KindFn)]> {
    match last {
        None => Some(KINDS),
        Some(name) => KINDS
            .iter()
            .position(|(k, _)| *k == name)
            .map(|i| &KINDS[..=i]),
    }
}

/// The names `ggw gen --upto` accepts: those of `KINDS`.
pub const KIND_NAMES: [&str; 9] = [
    "units",
    "elders",
    "positions",
    "meetings",
    "activities",
    "trainings",
    "visits",
    "study_sessions",
    "rules",
];

/// Writes committed together: large enough that syncs no longer dominate,
/// small enough that one batch's copy of the roster stays cheap.
const BATCH: usize = 500;

/// Writes to people committed together. A batch copies each shard of the
/// roster held in memory that it changes, and a few hundred writes reach
/// all of them: fewer, larger batches copy the roster fewer times.
pub const PEOPLE_BATCH: usize = 2_000;

/// The last day of synthetic history, and the years it covers.
pub fn last_day() -> Day {
    Day::ymd(2026, 6, 30).unwrap_or_else(Day::today)
}

pub const YEARS: i32 = 10;

pub fn first_day() -> Day {
    Day::ymd(last_day().year() - YEARS, 7, 1).unwrap_or_else(last_day)
}

/// A day in `from..=to` (`from` when the range is empty).
pub fn day_between(rng: &mut Rng, from: Day, to: Day) -> Day {
    let span = from.days_until(to).max(0) as usize + 1;
    let offset = chrono::Days::new(rng.below(span) as u64);
    from.date()
        .checked_add_days(offset)
        .map_or(from, Day::from_date)
}

/// An elder on the roll at the end of synthetic history.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: PersonId,
    pub unit: UnitId,
    pub name: String,
}

/// Someone holding a post at the end of synthetic history.
#[derive(Debug, Clone)]
pub struct Holder {
    pub role: Role,
    pub person: PersonId,
    pub name: String,
}

/// What a kind's function works with.
pub struct Generator<'a> {
    pub backend: &'a LocalBackend,
    pub scale: Scale,
    pub seed: u64,
    pub root: UnitId,
    /// Units created so far, for later kinds to attach their records to.
    pub units: Vec<OrgUnit>,
    /// Elders on the roll at the end, with their unit, for the teams.
    pub elders: Vec<Member>,
    /// Each unit's team at the end, for the meetings.
    pub teams: HashMap<UnitId, Vec<Holder>>,
    /// Writes the work records on a thread of its own.
    pub loader: Loader,
    progress: &'a mut dyn FnMut(&str, u64),
}

impl Generator<'_> {
    pub fn rng(&self, kind: &str) -> Rng {
        Rng::derived(self.seed, kind)
    }

    /// Reports progress every thousand records, so a long run shows life
    /// without slowing down.
    pub fn tick(&mut self, kind: &str, done: u64) {
        if done.is_multiple_of(1000) {
            (self.progress)(kind, done);
        }
    }

    /// Writes `requests` `BATCH` to a commit, in order, and returns the
    /// answers. Generated data must all pass, so the first refusal ends
    /// the run.
    pub fn write_all(&mut self, kind: &str, requests: Vec<Request>) -> Result<Vec<Response>> {
        self.write_batched(kind, requests, BATCH)
    }

    /// As `write_all`, `size` to a commit.
    pub fn write_batched(
        &mut self,
        kind: &str,
        requests: Vec<Request>,
        size: usize,
    ) -> Result<Vec<Response>> {
        let mut out = Vec::with_capacity(requests.len());
        let mut rest = requests.into_iter().peekable();
        while rest.peek().is_some() {
            let batch: Vec<Request> = rest.by_ref().take(size.max(1)).collect();
            for answer in self.backend.call_many(batch) {
                out.push(answer?);
            }
            (self.progress)(kind, out.len() as u64);
        }
        Ok(out)
    }

    /// How an import file made here names each unit so far: by its id,
    /// which the import looks up directly. A path is resolved step by step,
    /// each step a search of the parent's children: at a province, the
    /// root's thousand for each of 2.6 million rows.
    pub fn unit_refs(&self) -> HashMap<UnitId, String> {
        std::iter::once(self.root)
            .chain(self.units.iter().map(|u| u.id))
            .map(|id| (id, id.0.to_string()))
            .collect()
    }
}

/// An answer of a kind other than the request's, which no service gives.
pub fn unexpected(r: &Response) -> Error {
    Error::Storage {
        detail: format!("unexpected answer: {r:?}"),
    }
}

/// How many records of each kind were created.
pub type Summary = Vec<(&'static str, u64)>;

/// The store's side of loading work records: the steps `work.rs`
/// prepares, written in order on a second thread while the next ones are
/// made, so that the two cores share a load.
pub struct Loader {
    steps: SyncSender<LoadStep>,
    written: Receiver<Result<usize>>,
    /// Steps written, sent back to be freed on this thread, which made
    /// them: freed by the writer, each free took this thread's arena from
    /// under it, and the two waited on each other.
    spent: Receiver<LoadStep>,
    /// Steps sent and not yet answered.
    waiting: usize,
}

impl Loader {
    pub fn send(&mut self, step: LoadStep) -> Result<()> {
        if self.steps.send(step).is_err() {
            return Err(self.stopped());
        }
        self.waiting += 1;
        for spent in self.spent.try_iter() {
            drop(spent);
        }
        Ok(())
    }

    /// Waits until every step sent is written; answers how many records
    /// they wrote.
    pub fn wait(&mut self) -> Result<u64> {
        let mut records = 0;
        while self.waiting > 0 {
            match self.written.recv() {
                Ok(answer) => {
                    self.waiting -= 1;
                    records += answer? as u64;
                }
                Err(_) => return Err(self.stopped()),
            }
        }
        for spent in self.spent.try_iter() {
            drop(spent);
        }
        Ok(records)
    }

    /// Why the writing thread stopped: the first refusal it answered.
    fn stopped(&self) -> Error {
        self.written
            .try_iter()
            .find_map(Result::err)
            .unwrap_or_else(|| Error::Storage {
                detail: "the work records' writer stopped".into(),
            })
    }
}

/// Steps queued for the writing thread: the next ones are made while these
/// are written, and no more held.
const STEPS_QUEUED: usize = 2;

/// Fills a database that holds only its root unit `root`.
pub fn run(
    backend: &LocalBackend,
    scale: Scale,
    seed: u64,
    root: UnitId,
    kinds: &[(&'static str, KindFn)],
    progress: &mut dyn FnMut(&str, u64),
) -> Result<Summary> {
    let service = backend.service();
    let (steps, queued) = sync_channel::<LoadStep>(STEPS_QUEUED);
    let (answer, written) = channel::<Result<usize>>();
    let (give_back, spent) = channel::<LoadStep>();
    std::thread::scope(|s| {
        s.spawn(move || {
            let mut writer = service.work_writer();
            for mut step in queued {
                let result = writer.write(&mut step);
                let failed = result.is_err();
                // Sent back before the answer: what waits for the answer
                // finds the step there to free.
                let _ = give_back.send(step);
                if answer.send(result).is_err() || failed {
                    break;
                }
            }
        });
        let mut g = Generator {
            backend,
            scale,
            seed,
            root,
            units: Vec::new(),
            elders: Vec::new(),
            teams: HashMap::new(),
            loader: Loader {
                steps,
                written,
                spent,
                waiting: 0,
            },
            progress,
        };
        let mut summary = Vec::with_capacity(kinds.len());
        let mut loaded = 0;
        for (name, generate) in kinds {
            // The loaded kinds make their records from the units and roll
            // alone and read nothing stored: they need not wait for the
            // writes of the one before.
            if !LOADED.contains(name) {
                loaded += g.loader.wait()?;
            }
            let n = generate(&mut g)?;
            summary.push((*name, n));
        }
        loaded += g.loader.wait()?;
        let sent: u64 = summary
            .iter()
            .filter(|(name, _)| LOADED.contains(name))
            .map(|(_, n)| *n)
            .sum();
        if loaded != sent {
            return Err(Error::Storage {
                detail: format!("{sent} work records made, {loaded} written"),
            });
        }
        Ok(summary)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_follow_kinds() {
        let names: Vec<&str> = KINDS.iter().map(|(k, _)| *k).collect();
        assert_eq!(names, KIND_NAMES);
        assert_eq!(kinds_upto(Some("units")).map(<[_]>::len), Some(1));
        assert_eq!(kinds_upto(None).map(<[_]>::len), Some(KINDS.len()));
        assert_eq!(kinds_upto(Some("activities")).map(<[_]>::len), Some(5));
        assert!(kinds_upto(Some("honours")).is_none());
    }
}
