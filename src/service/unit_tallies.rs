//! Every unit's work tallies summed over a run of months, kept until the
//! next commit: a report of the whole tree reads them for its work figures,
//! and the units' standings it shows next need the same sums, which at a
//! province are a year's runs of the tallies tree for 20,000 units.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::domain::UnitId;
use crate::domain::tree::UnitTree;
use crate::domain::work::{Month, WorkTally};
use crate::error::Result;
use crate::store::{Store, work as stored};

/// Each unit's sum, units without any work left out.
pub(crate) type Sums = Arc<HashMap<UnitId, WorkTally>>;

#[derive(Debug, Default)]
pub(crate) struct UnitTallies(Mutex<Option<Kept>>);

#[derive(Debug)]
struct Kept {
    /// The service's commit count when they were read.
    generation: u64,
    from: Month,
    to: Month,
    sums: Sums,
}

impl UnitTallies {
    /// The sums of the months `from..=to`, if they were read since the
    /// last commit. Only a report reads them whole: the standings alone
    /// read them a thousand units at a time and keep none, to stay small.
    pub fn kept(&self, from: Month, to: Month, generation: &AtomicU64) -> Option<Sums> {
        let g = generation.load(Ordering::SeqCst);
        let kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        kept.as_ref()
            .filter(|k| (k.generation, k.from, k.to) == (g, from, to))
            .map(|k| k.sums.clone())
    }

    /// Every unit's tallies of the months `from..=to` as `store` holds them
    /// after the commits `generation` counts. The sums are kept only if no
    /// commit was counted while they were read, so none kept is older than
    /// the last commit.
    pub fn of_every_unit(
        &self,
        store: &Store,
        tree: &UnitTree,
        from: Month,
        to: Month,
        generation: &AtomicU64,
    ) -> Result<Sums> {
        let g = generation.load(Ordering::SeqCst);
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = kept.as_ref()
            && (k.generation, k.from, k.to) == (g, from, to)
        {
            return Ok(k.sums.clone());
        }
        let sums: Sums = Arc::new(
            stored::sums_of(store, tree.all().map(|u| u.id), from, to)?
                .into_iter()
                .filter(|(_, t)| !t.is_zero())
                .collect(),
        );
        if generation.load(Ordering::SeqCst) == g {
            *kept = Some(Kept {
                generation: g,
                from,
                to,
                sums: sums.clone(),
            });
        }
        Ok(sums)
    }
}
