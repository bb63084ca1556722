//! Synthetic databases for benchmarks and torture tests: plausible,
//! reproducible from a seed, and written through the backend like any
//! operator's work, so every record is validated and audited.
//!
//! Every record is its own request, committed and synced like an
//! operator's: about 2.4 ms each here, so 20,000 units take under a minute
//! and no bulk path is needed yet. The two million activities of the
//! province scale would take well over an hour that way; the kind that
//! brings them needs a service request that validates and audits each
//! record but commits a few thousand per transaction.
//!
//! Each record kind is one function in `KINDS`; a kind added later (elders,
//! activities, meetings …) appends its line and draws from its own random
//! stream, so the records of the kinds before it stay the same for a seed.

pub mod names;
pub mod rng;
pub mod units;

use crate::backend::Backend;
use crate::domain::{OrgUnit, UnitId};
use crate::error::Result;

use rng::Rng;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    District,
    City,
    Province,
}

impl Scale {
    /// Units in the database, the root included.
    pub fn units(self) -> usize {
        match self {
            Scale::District => 400,
            Scale::City => 4_000,
            Scale::Province => 20_000,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Scale::District => "district",
            Scale::City => "city",
            Scale::Province => "province",
        }
    }

    fn root_suffix(self) -> &'static str {
        match self {
            Scale::District => "区",
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

type KindFn = fn(&mut Generator<'_>) -> Result<u64>;

/// Every generated record kind, in order: a kind may refer to the records of
/// the kinds before it.
pub const KINDS: &[(&str, KindFn)] = &[("units", units::generate)];

/// What a kind's function works with.
pub struct Generator<'a> {
    pub backend: &'a dyn Backend,
    pub scale: Scale,
    pub seed: u64,
    pub root: UnitId,
    /// Units created so far, for later kinds to attach their records to.
    pub units: Vec<OrgUnit>,
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
}

/// How many records of each kind were created.
pub type Summary = Vec<(&'static str, u64)>;

/// Fills a database that holds only its root unit `root`.
pub fn run(
    backend: &dyn Backend,
    scale: Scale,
    seed: u64,
    root: UnitId,
    progress: &mut dyn FnMut(&str, u64),
) -> Result<Summary> {
    let mut g = Generator {
        backend,
        scale,
        seed,
        root,
        units: Vec::new(),
        progress,
    };
    let mut summary = Vec::with_capacity(KINDS.len());
    for (name, generate) in KINDS {
        let n = generate(&mut g)?;
        summary.push((*name, n));
    }
    Ok(summary)
}
