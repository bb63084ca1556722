//! Loading work records made by a program rather than typed or imported
//! from a file: `ggw gen`'s millions of synthetic records. They are the
//! records, indexes, tallies, days by person and audit entries the work
//! import writes for the same rows, in files of the same size, but
//! without the checks a file from outside needs and with the sums kept
//! across many files.
//!
//! What the import checks that a load does not: the rows' unit and people
//! are named by id, not by name or path to be resolved; the people are the
//! maker's own roll, so none is looked up in the store; and no activity
//! repeats a stored one or another row (the maker gives each unit's
//! activities different days on a database without work records), a check
//! that read the unit index for every row, a tenth of a province's
//! generation. Each row is still cleaned as the import cleans it, its unit
//! must be live and writable by the actor, and a visit's a village.
//!
//! What a load keeps for later: a month's tally and a person's days are
//! summed in memory over many files and then read, added to and written
//! once in key order, where each import of 5,000 rows read every tally and
//! every person's days it touched, one look-up each.

use std::collections::BTreeMap;

use super::work::clean;
use super::work_import::Imported;
use super::{Actor, Service};
use crate::domain::permissions::{Need, require};
use crate::domain::work::{Month, WorkTally};
use crate::domain::work_item::{WorkDraft, WorkItem, WorkList};
use crate::domain::{UnitId, time};
use crate::error::{Error, Result};
use crate::store::Changes;
use crate::store::work as stored;

/// Records a load sums before it writes the tallies and days: bounds the
/// memory the sums take (a tally is about 100 bytes, and most records of a
/// province land on a month of their own).
const SUMMED_RECORDS: usize = 250_000;

/// What a load has summed and not yet written.
#[derive(Default)]
pub struct WorkLoad {
    tallies: BTreeMap<(UnitId, Month), WorkTally>,
    summed: usize,
}

/// A load's next write, made by `prepare_work` and written by a
/// `WorkWriter` in the order made: on another thread, so that the next
/// records are made while the store writes these.
pub enum LoadStep {
    /// The records of a file, encoded in `changes` with its audit entry.
    /// The writer adds their index entries: the thread making the records
    /// has the other half of the work.
    Records {
        items: Vec<WorkItem>,
        changes: Changes,
        count: usize,
    },
    /// Tallies to add to the stored ones; the days by person the writer
    /// noted since the last sums go with them.
    Sums {
        tallies: BTreeMap<(UnitId, Month), WorkTally>,
    },
}

/// Writes a load's steps in order, and keeps what their records add to
/// people's days until the next sums.
pub struct WorkWriter<'s> {
    service: &'s Service,
    /// Notes of the days of the people named, for `PersonDays`.
    days: Changes,
}

impl Service {
    /// The writes of `drafts`, each naming its unit and people by id, as one
    /// import of `source` would make them (the same records, ids, indexes
    /// and audit entry); their tallies are summed in `load`, their people's
    /// days by the writer, and both come as a step of their own once enough
    /// are summed. The ids are given here, so the steps must all be written,
    /// in order, by one writer.
    pub fn prepare_work(
        &self,
        load: &mut WorkLoad,
        actor: &Actor,
        list: WorkList,
        drafts: Vec<WorkDraft>,
        source: &str,
    ) -> Result<Vec<LoadStep>> {
        let state = self.state();
        let access = self.access_in(&state, actor)?;
        let tree = &state.units;
        let mut cleaned = Vec::with_capacity(drafts.len());
        let mut allowed: Option<UnitId> = None;
        for d in drafts {
            if d.list() != list {
                return Err(Error::Storage {
                    detail: format!("a {:?} record in a load of {list:?}", d.list()),
                });
            }
            let unit = d.unit();
            if allowed != Some(unit) {
                let u = tree.get(unit).ok_or(Error::UnitNotFound {
                    given: unit.0.to_string(),
                })?;
                super::work::unit_takes(u, list)?;
                require(tree, actor, access, Need::Write(unit))?;
                allowed = Some(unit);
            }
            cleaned.push(clean(d)?);
        }
        let now = time::now();
        let mut items = Vec::with_capacity(cleaned.len());
        let mut changes = Changes::default();
        let mut imported = Imported::default();
        for d in cleaned {
            let id = self.store.next_id(stored::tree_of(list));
            let item = WorkItem::made(id, d, now, now, &actor.user, 1);
            let t = item.record().tally();
            if !t.is_zero() {
                load.tallies
                    .entry((item.unit(), Month::of(item.date())))
                    .or_default()
                    .add(&t);
            }
            stored::put_record(&mut changes, &item);
            imported.add(&item);
            items.push(item);
        }
        let count = imported.count();
        self.audit_work_import(&mut changes, actor, tree, list, source, imported)?;
        let mut steps = vec![LoadStep::Records {
            items,
            changes,
            count,
        }];
        load.summed += count;
        if load.summed >= SUMMED_RECORDS {
            steps.push(self.finish_work_load(load));
        }
        Ok(steps)
    }

    /// What `load` has summed, to be written after the records.
    pub fn finish_work_load(&self, load: &mut WorkLoad) -> LoadStep {
        load.summed = 0;
        LoadStep::Sums {
            tallies: std::mem::take(&mut load.tallies),
        }
    }

    /// The writer of a load's steps.
    pub fn work_writer(&self) -> WorkWriter<'_> {
        WorkWriter {
            service: self,
            days: Changes::default(),
        }
    }
}

impl WorkWriter<'_> {
    /// Writes a step in one commit, and answers how many records it wrote.
    /// The sums are each read, added to and written in key order. What the
    /// step holds is left in it, for the thread that made it to free: freed
    /// here, each free contended for that thread's allocator.
    pub fn write(&mut self, step: &mut LoadStep) -> Result<usize> {
        let service = self.service;
        let _w = service.write_lock();
        let mut entries = Changes::default();
        let (records, count) = match step {
            LoadStep::Records {
                items,
                changes,
                count,
            } => {
                for item in items.iter() {
                    stored::put_new_entries(&mut entries, &mut self.days, item);
                }
                (std::mem::take(changes), *count)
            }
            LoadStep::Sums { tallies } => {
                entries = std::mem::take(&mut self.days);
                let keys: Vec<(UnitId, Month)> = tallies.keys().copied().collect();
                let before = stored::tallies(&service.store, &keys)?;
                for (((unit, month), add), mut t) in tallies.iter().zip(before) {
                    t.add(add);
                    stored::put_tally(&mut entries, *unit, *month, &t);
                }
                (Changes::default(), 0)
            }
        };
        let batch = [records, entries];
        let written = if batch.iter().all(Changes::is_empty) {
            Ok(())
        } else {
            service.store.commit_batch(&batch).map(|()| {
                service.score_cache.note(&batch);
                service.note_themes(&batch);
                service.committed();
            })
        };
        let [records, _] = batch;
        if let LoadStep::Records { changes, .. } = step {
            *changes = records;
        }
        written.map(|()| count)
    }
}
