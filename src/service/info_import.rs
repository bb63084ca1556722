//! Importing info items: one row per adoption, the item repeated on each
//! of its rows (an item never adopted has one row without adoption). Rows
//! naming the same title and unit are one item; all are written, or none.

use std::collections::HashMap;

use super::{Actor, Draft, Service};
use crate::api::sanchuang::{ImportInfo, InfoDraft};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::bulletin::{Adoption, InfoId};
use crate::domain::permissions::{Need, allows, require};
use crate::domain::person::PersonId;
use crate::domain::unit_names::resolve_unit_among;
use crate::domain::{OrgUnit, UnitId};
use crate::error::{Error, Result, RowProblem};
use crate::lang::Lang;
use crate::store::{Changes, TreeId};

fn problem(line: usize, e: &Error) -> RowProblem {
    RowProblem {
        line,
        zh: e.message(Lang::Zh),
        en: e.message(Lang::En),
    }
}

impl Service {
    pub(super) fn import_info(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        r: ImportInfo,
        now: i64,
    ) -> Result<usize> {
        let access = self.access_in(batch, actor)?;
        let tree = &batch.units;
        let persons = batch.people.persons(&self.store);
        let mut by_name: HashMap<String, Vec<PersonId>> = HashMap::new();
        if r.rows.iter().any(|row| !row.authors.is_empty()) {
            persons.each(|p| {
                if allows(tree, access, Need::Read(p.unit)) {
                    by_name.entry(p.name.clone()).or_default().push(p.id);
                }
            })?;
        }
        let mut problems = Vec::new();
        // (unit, title) → the item's draft, its adoptions and its first line.
        let mut items: Vec<(InfoDraft, Vec<Adoption>, usize)> = Vec::new();
        let mut index: HashMap<(UnitId, String), usize> = HashMap::new();
        for row in &r.rows {
            let may_see = |u: &OrgUnit| allows(tree, access, Need::Names(u.id));
            let unit = match resolve_unit_among(tree, &row.unit, may_see)
                .and_then(|u| require(tree, actor, access, Need::Write(u.id)).map(|()| u.id))
            {
                Ok(u) => u,
                Err(e) => {
                    problems.push(problem(row.line, &e));
                    continue;
                }
            };
            let mut authors = Vec::new();
            let mut bad = None;
            for a in &row.authors {
                match by_name.get(a.trim()).map(Vec::as_slice) {
                    Some([one]) => authors.push(*one),
                    Some([_, _, ..]) => {
                        bad = Some(Error::PersonAmbiguous {
                            given: a.clone(),
                            candidates: vec![],
                        })
                    }
                    _ => {
                        bad = Some(Error::PersonNotFound { given: a.clone() });
                    }
                }
            }
            if let Some(e) = bad {
                problems.push(problem(row.line, &e));
                continue;
            }
            let written = row
                .submitted
                .or(row.adoption.as_ref().map(|a| a.3))
                .unwrap_or_else(crate::domain::day::Day::today);
            let key = (unit, row.title.trim().to_string());
            let at = *index.entry(key).or_insert_with(|| {
                items.push((
                    InfoDraft {
                        unit,
                        title: row.title.clone(),
                        body: String::new(),
                        authors,
                        written,
                        submitted: row.submitted,
                    },
                    Vec::new(),
                    row.line,
                ));
                items.len() - 1
            });
            if let Some((level, outlet, reference, on)) = &row.adoption {
                let a = Adoption {
                    level: *level,
                    outlet: outlet.trim().to_string(),
                    reference: reference.trim().to_string(),
                    on: *on,
                };
                if a.outlet.is_empty() {
                    problems.push(RowProblem {
                        line: row.line,
                        zh: "有采用级别却没有采用单位或媒体".into(),
                        en: "an adoption level without the body or medium that adopted it".into(),
                    });
                    continue;
                }
                if items[at].1.contains(&a) {
                    problems.push(RowProblem {
                        line: row.line,
                        zh: format!("与第 {} 行是同一条信息的同一次采用", items[at].2),
                        en: format!("the same adoption of the same item as line {}", items[at].2),
                    });
                    continue;
                }
                items[at].1.push(a);
            }
        }
        let mut made = Vec::new();
        for (draft, adoptions, line) in items {
            let id = InfoId(self.store.next_id(TreeId::InfoItems));
            match self.info_from(batch, id, draft, now, actor, None) {
                Ok(mut item) => {
                    item.adoptions = adoptions;
                    item.adoptions.sort_by_key(|a| (a.on, a.level));
                    if let Some(a) = item.adoptions.iter().find(|a| a.on < item.written) {
                        problems.push(problem(
                            line,
                            &Error::EndBeforeStart {
                                from: item.written,
                                to: a.on,
                            },
                        ));
                        continue;
                    }
                    made.push(item);
                }
                Err(e) => problems.push(problem(line, &e)),
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(Error::ImportRejected { problems });
        }
        let n = made.len();
        let label = format!("{}：{n} 条", r.source);
        if !r.check_only {
            for item in &made {
                changes.put(TreeId::InfoItems, item.id.0, item);
            }
        }
        self.audit(
            changes,
            actor,
            super::audit::Change {
                action: if r.check_only {
                    AuditAction::ImportCheck
                } else {
                    AuditAction::Import
                },
                kind: RecordKind::InfoItem,
                record: made.first().map_or(0, |i| i.id.0),
                unit: None,
                label,
                before: None,
                after: Some(&n),
            },
        )?;
        Ok(n)
    }
}
