//! Importing a file of work records: every row checked against the rules,
//! the hierarchy, the roster, the database and the other rows; all written
//! in one commit, or none.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::audit::Change;
use super::work::{TallyChanges, clean, item_in, record_kind};
use super::{Actor, Draft, Service};
use crate::api::work::{ImportWork, WorkImportRow};
use crate::domain::account::Access;
use crate::domain::audit::AuditAction;
use crate::domain::permissions::{Need, allows};
use crate::domain::person::PersonId;
use crate::domain::tree::UnitTree;
use crate::domain::unit_names::resolve_unit_among;
use crate::domain::work::same_activity;
use crate::domain::work_item::{WorkDraft, WorkId, WorkItem, WorkList};
use crate::domain::{UnitId, time};
use crate::error::{Error, Result, RowProblem};
use crate::lang::Lang;
use crate::store::Changes;
use crate::store::work as stored;

fn problem(line: usize, e: &Error) -> RowProblem {
    RowProblem {
        line,
        zh: e.message(Lang::Zh),
        en: e.message(Lang::En),
    }
}

/// What an import's records come to, for its audit entry.
#[derive(Default)]
pub(super) struct Imported {
    count: usize,
    by_unit: BTreeMap<UnitId, usize>,
    first_last: Option<(u64, u64)>,
    themes: HashSet<String>,
}

impl Imported {
    pub(super) fn count(&self) -> usize {
        self.count
    }

    pub(super) fn add(&mut self, item: &WorkItem) {
        let id = item.id().id;
        self.count += 1;
        *self.by_unit.entry(item.unit()).or_default() += 1;
        self.first_last = Some((self.first_last.map_or(id, |f| f.0), id));
        if let WorkItem::Activity(a) = item
            && !a.theme.is_empty()
        {
            self.themes.insert(a.theme.clone());
        }
    }
}

#[derive(Serialize)]
struct ImportSummary {
    file: String,
    records: usize,
    ids: String,
    by_unit: BTreeMap<String, usize>,
}

impl Service {
    pub(super) fn import_work(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        access: Access,
        r: ImportWork,
    ) -> Result<usize> {
        let ImportWork {
            list,
            rows,
            source,
            check_only,
        } = r;
        let tree = &batch.units;
        let persons = batch.people.persons(&self.store);
        // Names are looked up once for the whole file, not once per row.
        let named = rows.iter().any(|r| !r.people.is_empty());
        let mut by_name: HashMap<String, Vec<(PersonId, UnitId)>> = HashMap::new();
        let mut readable: HashSet<PersonId> = HashSet::new();
        if named && super::people_import::written_in_batch(batch) {
            persons.each(|p| {
                if allows(tree, access, Need::Read(p.unit)) {
                    by_name
                        .entry(p.name.clone())
                        .or_default()
                        .push((p.id, p.unit));
                    readable.insert(p.id);
                }
            })?;
        } else if named {
            // Only the people the file names, by the name index and by id:
            // what a file reads must not grow with the roster.
            let given: HashSet<&str> = rows
                .iter()
                .flat_map(|r| r.people.iter())
                .map(|g| g.trim())
                .collect();
            let live_and_readable = |p: &Option<crate::domain::person::Person>| {
                p.as_ref()
                    .is_some_and(|p| p.voided.is_none() && allows(tree, access, Need::Read(p.unit)))
            };
            for g in given {
                if let Some(n) = g.strip_prefix('#').and_then(|n| n.parse::<u64>().ok())
                    && live_and_readable(&persons.get(PersonId(n))?)
                {
                    // `find_person` takes the id then, never the name.
                    readable.insert(PersonId(n));
                    continue;
                }
                for (id, unit) in crate::store::people_names::named(&self.store, g)? {
                    if allows(tree, access, Need::Read(unit))
                        && live_and_readable(&persons.get(id)?)
                    {
                        by_name.entry(g.to_string()).or_default().push((id, unit));
                        readable.insert(id);
                    }
                }
            }
        }
        let mut problems = Vec::new();
        let mut in_file: HashMap<(UnitId, crate::domain::day::Day, String), usize> = HashMap::new();
        let mut drafts: Vec<WorkDraft> = Vec::with_capacity(rows.len());
        for WorkImportRow {
            line,
            unit,
            people,
            mut draft,
        } in rows
        {
            if draft.list() != list {
                continue;
            }
            let row = || -> Result<WorkDraft> {
                let may_see = |u: &crate::domain::OrgUnit| allows(tree, access, Need::Names(u.id));
                let u = resolve_unit_among(tree, &unit, may_see)?;
                if !u.is_live() {
                    return Err(Error::UnitArchived {
                        name: u.name.clone(),
                    });
                }
                crate::domain::permissions::require(tree, actor, access, Need::Write(u.id))?;
                super::work::unit_takes(u, list)?;
                draft.set_unit(u.id);
                let mut ids = Vec::with_capacity(people.len());
                for given in &people {
                    ids.push(find_person(&by_name, &readable, tree, given)?);
                }
                draft.set_people(ids);
                clean(draft)
            };
            match row() {
                Err(e) => problems.push(problem(line, &e)),
                Ok(d) => {
                    if let WorkDraft::Activity(a) = &d {
                        let key = (a.unit, a.date, a.title.trim().to_string());
                        if let Some(first) = in_file.get(&key) {
                            problems.push(RowProblem {
                                line,
                                zh: format!("与第 {first} 行是同一活动（同一单位、日期、名称）"),
                                en: format!(
                                    "the same activity as line {first} (unit, date and title)"
                                ),
                            });
                            continue;
                        }
                        in_file.insert(key, line);
                        if let Some(id) = self.stored_duplicate(batch, a)? {
                            problems.push(problem(
                                line,
                                &Error::DuplicateActivity {
                                    id,
                                    title: a.title.clone(),
                                    date: a.date,
                                },
                            ));
                            continue;
                        }
                    }
                    drafts.push(d);
                }
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(Error::ImportRejected { problems });
        }
        let count = drafts.len();
        if check_only {
            let summary = ImportSummary {
                file: source.clone(),
                records: count,
                ids: String::new(),
                by_unit: BTreeMap::new(),
            };
            return self
                .audit(
                    changes,
                    actor,
                    Change {
                        action: AuditAction::ImportCheck,
                        kind: record_kind(list),
                        record: 0,
                        unit: None,
                        label: format!("{source}：{count} 行"),
                        before: None,
                        after: Some(&summary),
                    },
                )
                .map(|()| count);
        }
        let now = time::now();
        let mut tallies = TallyChanges::default();
        let mut imported = Imported::default();
        for d in drafts {
            let id = self.store.next_id(stored::tree_of(list));
            let item = WorkItem::made(id, d, now, now, &actor.user, 1);
            tallies.replace(batch, &self.store, None, Some(&item))?;
            stored::put(changes, None, &item);
            imported.add(&item);
        }
        tallies.write(changes);
        self.audit_work_import(changes, actor, &batch.units, list, &source, imported)?;
        Ok(count)
    }

    /// The themes an import's records bring and its audit entry: one
    /// entry for the file, naming its records' ids and how many each unit
    /// has.
    pub(super) fn audit_work_import(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        units: &UnitTree,
        list: WorkList,
        source: &str,
        imported: Imported,
    ) -> Result<()> {
        let Imported {
            count,
            by_unit,
            first_last,
            themes,
        } = imported;
        for t in themes {
            stored::put_theme(changes, &t);
        }
        let touched: Vec<UnitId> = by_unit.keys().copied().collect();
        let summary = ImportSummary {
            file: source.to_string(),
            records: count,
            ids: first_last.map_or(String::new(), |(a, b)| format!("{a}–{b}")),
            by_unit: by_unit
                .into_iter()
                .map(|(u, n)| (units.path(u), n))
                .collect(),
        };
        self.audit(
            changes,
            actor,
            Change {
                action: AuditAction::Import,
                kind: record_kind(list),
                record: first_last.map_or(0, |f| f.0),
                unit: super::people_import::common_ancestor(units, &touched.into_iter().collect()),
                label: format!("{source}：{count} 条"),
                before: None,
                after: Some(&summary),
            },
        )
    }

    /// The id of a live stored activity with the same unit, day and title.
    fn stored_duplicate(
        &self,
        batch: &Draft,
        a: &crate::domain::work_item::ActivityDraft,
    ) -> Result<Option<u64>> {
        for (_, id) in stored::of_unit(&self.store, a.unit, WorkList::Activities, a.date, a.date)? {
            if let Some(WorkItem::Activity(x)) =
                item_in(batch, &self.store, WorkId::new(WorkList::Activities, id))?
                && same_activity(&x, a.unit, a.date, &a.title)
            {
                return Ok(Some(id));
            }
        }
        Ok(None)
    }
}

/// A person by `#id` or by a name only one readable person has. An id is
/// looked up in a set: a file of ids must not read the roster per row.
fn find_person(
    by_name: &HashMap<String, Vec<(PersonId, UnitId)>>,
    readable: &HashSet<PersonId>,
    tree: &crate::domain::tree::UnitTree,
    given: &str,
) -> Result<PersonId> {
    let given = given.trim();
    if let Some(n) = given.strip_prefix('#').and_then(|n| n.parse::<u64>().ok())
        && readable.contains(&PersonId(n))
    {
        return Ok(PersonId(n));
    }
    match by_name.get(given).map(Vec::as_slice) {
        None | Some([]) => Err(Error::PersonNotFound {
            given: given.to_string(),
        }),
        Some([(one, _)]) => Ok(*one),
        Some(many) => Err(Error::PersonAmbiguous {
            given: given.to_string(),
            candidates: many
                .iter()
                .map(|(p, u)| format!("#{p} {given}（{}）", tree.path(*u)))
                .collect(),
        }),
    }
}
