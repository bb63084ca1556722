//! The elders on the roll and struck off in each unit, in memory for the
//! unit card, which sums them over a subtree. The roster's `insert` moves
//! them; the batch that changed them stores them in its own commit.

use std::collections::{BTreeSet, HashMap};

use crate::domain::UnitId;
use crate::domain::person::Person;
use crate::error::Result;
use crate::store::damage::DamagedRecord;
use crate::store::elder_counts::{self, BUILT, ElderCount};
use crate::store::{Changes, Store, TreeId};

#[derive(Debug, Clone, Default)]
pub(crate) struct ElderCounts {
    by_unit: HashMap<UnitId, ElderCount>,
    /// Units whose count changed since the last commit; only a batch's copy
    /// of the state has any.
    changed: BTreeSet<UnitId>,
}

impl ElderCounts {
    /// The stored counts, built and saved first if this database has none.
    pub fn open(store: &Store, damaged: &mut Vec<DamagedRecord>) -> Result<ElderCounts> {
        if store.meta_raw(BUILT)?.is_none() {
            build(store)?;
        }
        Ok(ElderCounts {
            by_unit: elder_counts::load(store, damaged)?.into_iter().collect(),
            changed: BTreeSet::new(),
        })
    }

    /// One person's record goes from `before` to `after` (either may be
    /// absent).
    pub fn replace(&mut self, before: Option<&Person>, after: Option<&Person>) {
        if let Some(b) = before {
            self.move_by(b.unit, |c| c.remove(ElderCount::of(b)));
        }
        if let Some(a) = after {
            self.move_by(a.unit, |c| c.add(ElderCount::of(a)));
        }
    }

    fn move_by(&mut self, unit: UnitId, change: impl FnOnce(&mut ElderCount)) {
        let count = self.by_unit.entry(unit).or_default();
        let was = *count;
        change(count);
        if *count != was {
            self.changed.insert(unit);
        }
        if count.is_zero() {
            self.by_unit.remove(&unit);
        }
    }

    /// The elders whose own unit is `unit`.
    pub fn of(&self, unit: UnitId) -> ElderCount {
        self.by_unit.get(&unit).copied().unwrap_or_default()
    }

    /// The elders of all these units together.
    pub fn sum(&self, units: impl IntoIterator<Item = UnitId>) -> ElderCount {
        let mut total = ElderCount::default();
        for u in units {
            total.add(self.of(u));
        }
        total
    }

    pub fn has_changes(&self) -> bool {
        !self.changed.is_empty()
    }

    /// The counts changed since the last commit, for the next one.
    pub fn take_changes(&mut self) -> Changes {
        let mut changes = Changes::default();
        for unit in std::mem::take(&mut self.changed) {
            elder_counts::put(&mut changes, unit, self.of(unit));
        }
        changes
    }
}

/// Counts a database made before the counts existed, in one commit that
/// also raises its schema: a program that does not keep the counts up to
/// date must refuse it from then on.
fn build(store: &Store) -> Result<()> {
    let mut counts: HashMap<UnitId, ElderCount> = HashMap::new();
    for p in store.scan::<Person>(TreeId::People) {
        let p = p?;
        counts.entry(p.unit).or_default().add(ElderCount::of(&p));
    }
    let mut changes = Changes::default();
    for (unit, count) in counts.into_iter().filter(|(_, c)| !c.is_zero()) {
        elder_counts::put(&mut changes, unit, count);
    }
    changes.put_raw(TreeId::Meta, BUILT.as_bytes(), b"1");
    changes.mark_schema_current();
    store.commit(changes)
}

#[cfg(test)]
mod tests {
    use crate::api::people::{CreatePerson, GetUnitPeople, ImportPeople, ImportRow};
    use crate::domain::UnitId;
    use crate::domain::day::Day;
    use crate::domain::person::{Category, ElderDraft, PersonDraft, RosterStatus, Source};
    use crate::service::{Actor, Request, Response, Service};
    use crate::store::OpenOptions;

    fn elder(name: &str) -> PersonDraft {
        PersonDraft {
            name: name.into(),
            birth: Some(Day::ymd(1950, 1, 1).unwrap()),
            unit: Some(UnitId(1)),
            elder: Some(ElderDraft {
                category: Category::Veteran,
                core: false,
                skills: String::new(),
                health: String::new(),
                source: Source::VeteransAffairs,
                joined: None,
                reregistered: None,
                status: RosterStatus::Active,
            }),
            ..PersonDraft::default()
        }
    }

    fn elders_of_root(s: &Service) -> usize {
        match s.handle(
            &Actor::new("root"),
            Request::from(GetUnitPeople { unit: UnitId(1) }),
        ) {
            Ok(Response::UnitPeople(p)) => p.elders_here,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_import_stopped_halfway_leaves_the_counts_as_they_were() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db");
        let root = Actor::new("root");
        let s = Service::create(&path, &OpenOptions::default(), "爱辉区", false, &root).unwrap();
        s.handle(
            &root,
            Request::from(CreatePerson {
                draft: elder("赵德明"),
            }),
        )
        .unwrap();
        let rows: Vec<ImportRow> = (0..1500)
            .map(|i| ImportRow {
                line: i + 2,
                unit: "爱辉区".into(),
                draft: PersonDraft {
                    unit: None,
                    ..elder(&format!("王{}", char::from_u32(0x4e00 + i as u32).unwrap()))
                },
            })
            .collect();
        s.store
            .stop_after_parts
            .store(1, std::sync::atomic::Ordering::SeqCst);
        let import = Request::from(ImportPeople {
            rows,
            source: "名单.xlsx".into(),
            check_only: false,
            allow_namesakes: false,
        });
        match s.handle(&root, import) {
            Err(crate::error::Error::Storage { detail }) => {
                assert_eq!(detail, "stopped for a test")
            }
            other => panic!("{other:?}"),
        }
        assert!(s.store.len(crate::store::TreeId::People) > 1);
        assert_eq!(elders_of_root(&s), 1);
        drop(s);
        // The next open undoes the parts that landed.
        let s = Service::open(&path, &OpenOptions::default()).unwrap();
        assert_eq!(elders_of_root(&s), 1);
        let report = s.check().unwrap();
        assert!(report.is_clean(), "{:?}", report.faults);
        assert_eq!(report.people, 1);
    }
}
