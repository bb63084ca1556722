//! Importing a roster file: every row checked against the rules, the
//! hierarchy, the database and the other rows, then all of them written in
//! one commit, or none.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use serde::Serialize;

use super::audit::Change;
use super::people::{problem, stamp};
use super::people_cache::{Everyone, id_number_taken};
use super::people_rules::{live_unit, person_from_draft};
use super::{Actor, ChangeNotice, Draft, Response, Service, Written};
use crate::api::people::ImportRow;
use crate::domain::UnitId;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::id_number::IdNumber;
use crate::domain::permissions::{Need, allows};
use crate::domain::person::{Category, Person, PersonDraft, PersonId, Source};
use crate::domain::time;
use crate::domain::tree::UnitTree;
use crate::domain::unit_names::resolve_unit;
use crate::error::{Error, Result, RowProblem};
use crate::store::{Changes, Store, TreeId, people_names};

impl Service {
    /// Checks every row against the rules, the hierarchy, the database and
    /// the other rows; writes all of them, or none.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn import_people(
        &self,
        state: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        rows: Vec<ImportRow>,
        source: &str,
        check_only: bool,
        allow_namesakes: bool,
    ) -> Result<(usize, Option<UnitId>)> {
        let access = self.access_in(state, actor)?;
        let tree = &state.units;
        let readable = |u| allows(tree, access, Need::Read(u));
        let roster = if written_in_batch(state) {
            Roster::whole(state.people.load_everyone(&self.store)?)
        } else {
            Roster::Stored(&self.store)
        };
        let today = Day::today();
        let mut problems = Vec::new();
        let mut ids_in_file: HashMap<String, usize> = HashMap::new();
        let mut names_in_file: HashMap<(UnitId, String, Day), usize> = HashMap::new();
        let mut people = Vec::with_capacity(rows.len());
        for row in rows {
            let unit = match resolve_unit(tree, &row.unit).and_then(|u| live_unit(tree, u.id)) {
                Ok(u) => u.id,
                Err(e) => {
                    problems.push(problem(row.line, &e));
                    continue;
                }
            };
            let draft = PersonDraft {
                unit: Some(unit),
                ..row.draft
            };
            let p = match person_from_draft(&draft, PersonId(0), None, today) {
                Ok(p) => p,
                Err(e) => {
                    problems.push(problem(row.line, &e));
                    continue;
                }
            };
            if let Some(n) = &p.id_number {
                if let Some(first) = ids_in_file.get(n.as_str()) {
                    problems.push(RowProblem {
                        line: row.line,
                        zh: format!("身份证号 {} 与第 {first} 行重复", n.masked()),
                        en: format!("ID number {} repeats line {first}", n.masked()),
                    });
                    continue;
                }
                ids_in_file.insert(n.as_str().to_string(), row.line);
                if let Some(e) = roster.id_number_taken(n, &readable)? {
                    problems.push(problem(row.line, &e));
                    continue;
                }
            }
            let namesakes = roster.namesakes(unit, &p.name)?;
            if let Some(birth) = p.birth_day() {
                let key = (unit, p.name.clone(), birth);
                if let Some(first) = names_in_file.get(&key) {
                    problems.push(RowProblem {
                        line: row.line,
                        zh: format!("{}（{birth}）在同一单位与第 {first} 行重复", p.name),
                        en: format!("{} ({birth}) repeats line {first} in the same unit", p.name),
                    });
                    continue;
                }
                if let Some(other) = namesakes.iter().find(|o| o.birth_day() == Some(birth)) {
                    let e = Error::DuplicateNameBirth {
                        name: p.name.clone(),
                        birth,
                        unit: tree.path(unit),
                        existing: other.id.0,
                    };
                    problems.push(problem(row.line, &e));
                    continue;
                }
                names_in_file.insert(key, row.line);
            }
            if !allow_namesakes
                && let Some(mine) = Register::of(&p)
                && let Some(same) = namesakes
                    .iter()
                    .filter(|o| o.voided.is_none())
                    .find(|o| Register::of(o).as_ref() == Some(&mine))
            {
                problems.push(already_imported(row.line, same, tree, &readable));
                continue;
            }
            people.push(p);
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Err(Error::ImportRejected { problems });
        }
        let unit = people.first().map(|p| p.unit);
        if check_only {
            return Ok((people.len(), unit));
        }
        let now = time::now();
        for p in &mut people {
            p.id = PersonId(self.store.next_id(TreeId::People));
            p.created = now;
            stamp(p, actor, now);
            p.rev = 1;
            self.put_person_record(changes, None, p);
        }
        self.audit_import(changes, actor, &state.units, &people, source)?;
        let count = people.len();
        Arc::make_mut(&mut state.people).add_new(&self.store, people)?;
        Ok((count, unit))
    }

    /// `people import --check`: every row's verdict, and an audit entry
    /// whatever the verdict, so that checking ID numbers in bulk against
    /// the database leaves a trace of who checked how many, and when. The
    /// entry is saved even when the check finds problems.
    pub(super) fn check_import(
        &self,
        draft: &mut Draft,
        actor: &Actor,
        rows: Vec<ImportRow>,
        source: &str,
        allow_namesakes: bool,
    ) -> Result<Written> {
        let checked = rows.len();
        let units: BTreeSet<UnitId> = rows
            .iter()
            .filter_map(|r| resolve_unit(&draft.units, &r.unit).ok())
            .map(|u| u.id)
            .collect();
        let mut scratch = Changes::default();
        let verdict = self.import_people(
            draft,
            &mut scratch,
            actor,
            rows,
            source,
            true,
            allow_namesakes,
        );
        let refused = match &verdict {
            Err(Error::ImportRejected { problems }) => problems
                .iter()
                .map(|p| p.line)
                .collect::<BTreeSet<_>>()
                .len(),
            _ => 0,
        };
        let scope = self.access_in(draft, actor)?.scope();
        let unit = common_ancestor(&draft.units, &units).or(scope);
        let summary = CheckSummary {
            file: source.to_string(),
            rows: checked,
            refused,
        };
        let mut changes = Changes::default();
        self.audit(
            &mut changes,
            actor,
            Change {
                action: AuditAction::ImportCheck,
                kind: RecordKind::Person,
                record: 0,
                unit,
                label: format!("{source}：{checked} 行"),
                before: None,
                after: Some(&summary),
            },
        )?;
        draft.pending.push(changes);
        let (n, unit) = verdict?;
        let notice = ChangeNotice {
            kind: RecordKind::Person,
            record: 0,
            unit,
            by: actor.user.clone(),
        };
        Ok((Response::Count(n), notice))
    }

    /// One entry for the whole import, not one per row: a snapshot of every
    /// person would multiply the commit by the size of the file, and a
    /// person's record already says who registered it and when. The entry
    /// names the file, the ids given and how many went to each unit, and
    /// belongs to the lowest unit above all of them.
    fn audit_import(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        tree: &UnitTree,
        people: &[Person],
        source: &str,
    ) -> Result<()> {
        let (Some(first), Some(last)) = (people.first(), people.last()) else {
            return Ok(());
        };
        let mut counts: BTreeMap<UnitId, usize> = BTreeMap::new();
        for p in people {
            *counts.entry(p.unit).or_default() += 1;
        }
        let units: BTreeSet<UnitId> = counts.keys().copied().collect();
        let by_unit: BTreeMap<String, usize> =
            counts.into_iter().map(|(u, n)| (tree.path(u), n)).collect();
        let summary = ImportSummary {
            file: source.to_string(),
            people: people.len(),
            ids: format!("{}–{}", first.id, last.id),
            by_unit,
        };
        let label = format!("{source}：{} 人", people.len());
        self.audit(
            changes,
            actor,
            Change {
                action: AuditAction::Import,
                kind: RecordKind::Person,
                record: first.id.0,
                unit: common_ancestor(tree, &units),
                label,
                before: None,
                after: Some(&summary),
            },
        )
    }
}

/// Whether people were written earlier in this batch: the store does not
/// have them yet, so the checks must read the roster as the batch left it.
pub(super) fn written_in_batch(draft: &Draft) -> bool {
    draft.people.has_unsaved()
        || draft
            .pending
            .iter()
            .any(|c| c.touched().any(|(t, _)| t == TreeId::People))
}

/// Where an import looks for the people its rows could repeat: the
/// indexes in the store, or the whole roster when people were written
/// earlier in the same batch.
enum Roster<'a> {
    Stored(&'a Store),
    Whole {
        everyone: &'a Everyone,
        /// Each name's people, by unit.
        named: HashMap<(UnitId, &'a str), Vec<&'a Person>>,
    },
}

impl<'a> Roster<'a> {
    fn whole(everyone: &'a Everyone) -> Roster<'a> {
        let mut named: HashMap<(UnitId, &str), Vec<&Person>> = HashMap::new();
        for p in everyone.people.values() {
            named.entry((p.unit, &p.name)).or_default().push(p);
        }
        Roster::Whole { everyone, named }
    }

    /// The refusal for an ID number someone already holds.
    fn id_number_taken(
        &self,
        n: &IdNumber,
        readable: &dyn Fn(UnitId) -> bool,
    ) -> Result<Option<Error>> {
        match self {
            Roster::Whole { everyone, .. } => Ok(everyone
                .by_id_number
                .get(n.as_str())
                .map(|other| everyone.id_number_taken(n, *other, readable))),
            Roster::Stored(store) => {
                let Some(holder) = store
                    .raw_get(TreeId::PeopleByIdNumber, n.as_str().as_bytes())?
                    .and_then(|v| <[u8; 8]>::try_from(v.as_slice()).ok())
                    .map(|k| PersonId(u64::from_be_bytes(k)))
                else {
                    return Ok(None);
                };
                let person = store.get::<Person>(TreeId::People, holder.0)?;
                Ok(Some(id_number_taken(n, holder, person.as_ref(), readable)))
            }
        }
    }

    /// Everyone of `unit` named `name`, struck off and voided too.
    fn namesakes(&self, unit: UnitId, name: &str) -> Result<Vec<Person>> {
        match self {
            Roster::Whole { named, .. } => Ok(named
                .get(&(unit, name))
                .map(|v| v.iter().map(|p| (*p).clone()).collect())
                .unwrap_or_default()),
            Roster::Stored(store) => {
                let mut out = Vec::new();
                for (id, _) in people_names::named(store, name)?
                    .into_iter()
                    .filter(|(_, u)| *u == unit)
                {
                    out.extend(store.get::<Person>(TreeId::People, id.0)?);
                }
                Ok(out)
            }
        }
    }
}

/// Everything an import row says about someone registered without an ID
/// number or a birth date, the fields that would tell namesakes apart. A
/// row saying all of it again about a person already registered is most
/// likely the same file imported twice.
#[derive(PartialEq, Eq, Hash)]
struct Register<'a> {
    unit: UnitId,
    name: &'a str,
    gender: Option<Gender>,
    phone: &'a str,
    address: &'a str,
    employer: &'a str,
    post: &'a str,
    political: &'a str,
    elder: Option<(Category, Source, Option<Day>)>,
}

impl Register<'_> {
    fn of(p: &Person) -> Option<Register<'_>> {
        if p.id_number.is_some() || p.birth.is_some() {
            return None;
        }
        Some(Register {
            unit: p.unit,
            name: &p.name,
            gender: p.gender,
            phone: &p.phone,
            address: &p.address,
            employer: &p.employer,
            post: &p.post,
            political: &p.political,
            elder: p.elder.as_ref().map(|e| (e.category, e.source, e.joined)),
        })
    }
}

fn already_imported(
    line: usize,
    same: &Person,
    tree: &UnitTree,
    readable: &dyn Fn(UnitId) -> bool,
) -> RowProblem {
    let (who_zh, who_en) = if readable(same.unit) {
        let path = tree.path(same.unit);
        (
            format!("已登记的 #{} {}（{path}）", same.id, same.name),
            format!("#{} {} ({path})", same.id, same.name),
        )
    } else {
        (
            "已登记的人员".to_string(),
            "someone already registered".to_string(),
        )
    };
    RowProblem {
        line,
        zh: format!(
            "本行与{who_zh}完全相同，又没有身份证号或出生日期可以区分，像是重复导入。如确是另一人，请补上出生日期或身份证号，或加 --allow-namesakes 导入"
        ),
        en: format!(
            "this row repeats {who_en}, who is already registered, and has no ID number or birth date to tell them apart: this looks like a second import of the same file. If it is someone else, add the birth date or ID number, or import with --allow-namesakes"
        ),
    }
}

/// What the audit log keeps of `people import --check`.
#[derive(Serialize)]
struct CheckSummary {
    file: String,
    /// Rows sent to be checked.
    rows: usize,
    /// Rows with a problem.
    refused: usize,
}

/// What the audit log keeps of an import.
#[derive(Serialize)]
struct ImportSummary {
    file: String,
    people: usize,
    /// The first and last person id given, e.g. `570–10569`.
    ids: String,
    /// Unit path → people registered there.
    by_unit: BTreeMap<String, usize>,
}

/// The deepest unit every one of `units` lies within.
pub(super) fn common_ancestor(tree: &UnitTree, units: &BTreeSet<UnitId>) -> Option<UnitId> {
    let mut iter = units.iter();
    let mut chain: Vec<UnitId> = tree.lineage(*iter.next()?).iter().map(|u| u.id).collect();
    for u in iter {
        let other: Vec<UnitId> = tree.lineage(*u).iter().map(|u| u.id).collect();
        let same = chain.iter().zip(&other).take_while(|(a, b)| a == b).count();
        chain.truncate(same);
    }
    chain.last().copied()
}
