//! Work records: adding, changing and voiding activities, trainings,
//! village visits and study-base sessions, each with its index entries and
//! its unit's monthly tally in the same commit.

use std::collections::HashMap;

use super::audit::Change;
use super::people_cache::Persons;
use super::{Actor, ChangeNotice, Draft, Response, Service, State, Written};
use crate::api::Request;
use crate::api::work::{AddTheme, AddWork, GetWork, UpdateWork, VoidWork, WorkRequest};
use crate::domain::account::Access;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::permissions::Need;
use crate::domain::person::PersonId;
use crate::domain::void::Voided;
use crate::domain::work::{Month, WorkTally, same_activity};
use crate::domain::work_item::{WorkDraft, WorkId, WorkItem, WorkList};
use crate::domain::{OrgUnit, UnitId, UnitKind, text, time};
use crate::error::{Error, Field, Result};
use crate::store::work as stored;
use crate::store::{Changes, Store, TreeId};

pub(super) fn record_kind(list: WorkList) -> RecordKind {
    match list {
        WorkList::Activities => RecordKind::Activity,
        WorkList::Trainings => RecordKind::Training,
        WorkList::Visits => RecordKind::Visit,
        WorkList::StudySessions => RecordKind::StudySession,
    }
}

/// The needs of a request that depend on the stored record: its unit.
pub(super) fn needs(draft: Option<&Draft>, store: &Store, request: &Request) -> Result<Vec<Need>> {
    let Request::Work(request) = request else {
        return Ok(vec![]);
    };
    let (id, need): (WorkId, fn(UnitId) -> Need) = match request {
        WorkRequest::GetWork(GetWork { id }) => (*id, Need::Read),
        WorkRequest::UpdateWork(UpdateWork { id, .. })
        | WorkRequest::VoidWork(VoidWork { id, .. }) => (*id, Need::Write),
        _ => return Ok(vec![]),
    };
    let item = match draft {
        Some(d) => item_in(d, store, id)?,
        None => stored::get(store, id)?,
    };
    Ok(item.map(|i| need(i.unit())).into_iter().collect())
}

/// A record as the batch so far leaves it.
pub(super) fn item_in(draft: &Draft, store: &Store, id: WorkId) -> Result<Option<WorkItem>> {
    let tree = stored::tree_of(id.list);
    let key = crate::store::id_key(id.id);
    match draft
        .pending
        .iter()
        .rev()
        .find_map(|c| c.latest(tree, &key))
    {
        None => stored::get(store, id),
        Some(None) => Ok(None),
        Some(Some(bytes)) => {
            stored::decode_item(id.list, bytes)
                .map(Some)
                .map_err(|e| Error::Corrupt {
                    what: format!("{} #{}: {e}", tree.name(), id.id),
                })
        }
    }
}

fn one_line(s: &str) -> String {
    text::clean_free_text(s)
        .replace('\n', " ")
        .trim()
        .to_string()
}

fn required(value: String, field: Field, zh: &str, en: &str) -> Result<String> {
    if value.is_empty() {
        Err(Error::InvalidField {
            field,
            zh: zh.into(),
            en: en.into(),
        })
    } else {
        Ok(value)
    }
}

/// The draft's text cleaned, and refused where a record needs something.
pub(super) fn clean(draft: WorkDraft) -> Result<WorkDraft> {
    Ok(match draft {
        WorkDraft::Activity(mut a) => {
            a.title = required(
                one_line(&a.title),
                Field::Name,
                "请填写活动名称",
                "an activity needs a title",
            )?;
            a.theme = one_line(&a.theme);
            a.place = one_line(&a.place);
            a.notes = text::clean_free_text(&a.notes).trim().to_string();
            dedup(&mut a.elders);
            WorkDraft::Activity(a)
        }
        WorkDraft::Training(mut t) => {
            t.topic = required(
                one_line(&t.topic),
                Field::Name,
                "请填写培训主题",
                "a training needs a topic",
            )?;
            if let crate::domain::work::Attendance::Named(p) = &mut t.attendance {
                dedup(p);
            }
            WorkDraft::Training(t)
        }
        WorkDraft::Visit(mut v) => {
            v.purpose = one_line(&v.purpose);
            v.result = text::clean_free_text(&v.result).trim().to_string();
            WorkDraft::Visit(v)
        }
        WorkDraft::StudySession(mut s) => {
            s.visitor = one_line(&s.visitor);
            if !s.visitor.is_empty() {
                s.visitor = text::check_name(&s.visitor)?;
            }
            s.theme = one_line(&s.theme);
            WorkDraft::StudySession(s)
        }
    })
}

fn dedup(people: &mut Vec<PersonId>) {
    let mut seen = std::collections::HashSet::new();
    people.retain(|p| seen.insert(*p));
}

/// The unit a record goes under: live, and for a visit a village.
fn check_unit(state: &State, draft: &WorkDraft) -> Result<()> {
    let unit: &OrgUnit = state
        .units
        .get(draft.unit())
        .ok_or(Error::NoSuchRecord { id: draft.unit().0 })?;
    unit_takes(unit, draft.list())
}

/// Whether records of `list` may go under `unit`: a live one, and for a
/// visit a village (or community). Typed, imported and loaded records alike.
pub(super) fn unit_takes(unit: &OrgUnit, list: WorkList) -> Result<()> {
    if !unit.is_live() {
        return Err(Error::UnitArchived {
            name: unit.name.clone(),
        });
    }
    if list == WorkList::Visits && !matches!(unit.kind, UnitKind::Village | UnitKind::Community) {
        return Err(Error::NotAVillage {
            name: unit.name.clone(),
        });
    }
    Ok(())
}

/// Every person named is on record and not voided.
fn check_people(persons: Persons, draft: &WorkDraft) -> Result<()> {
    for id in draft.people() {
        let p = persons.get(id)?.ok_or(Error::NoSuchRecord { id: id.0 })?;
        if p.voided.is_some() {
            return Err(Error::PersonVoided {
                id: id.0,
                name: p.name,
            });
        }
    }
    Ok(())
}

/// The live activity with the same unit, day and title, other than `except`.
fn duplicate_of(
    draft: &Draft,
    store: &Store,
    changes: &Changes,
    d: &WorkDraft,
    except: Option<u64>,
) -> Result<Option<WorkItem>> {
    let WorkDraft::Activity(a) = d else {
        return Ok(None);
    };
    let same = |item: &WorkItem| match item {
        WorkItem::Activity(x) => {
            Some(x.id.0) != except && same_activity(x, a.unit, a.date, &a.title)
        }
        _ => false,
    };
    for (_, id) in stored::of_unit(store, a.unit, WorkList::Activities, a.date, a.date)? {
        if let Some(item) = item_in(draft, store, WorkId::new(WorkList::Activities, id))?
            && same(&item)
        {
            return Ok(Some(item));
        }
    }
    // Written earlier in this batch, not yet in the index.
    for c in draft.pending.iter().chain(std::iter::once(changes)) {
        for bytes in c.puts(TreeId::Activities) {
            if let Ok(item) = stored::decode_item(WorkList::Activities, bytes)
                && same(&item)
                && item_in(draft, store, item.id())?.is_none_or(|now| same(&now))
            {
                return Ok(Some(item));
            }
        }
    }
    Ok(None)
}

fn duplicate_error(item: &WorkItem) -> Error {
    Error::DuplicateActivity {
        id: item.id().id,
        title: item.label().to_string(),
        date: item.date(),
    }
}

/// The tallies a write changes, read once each and summed in memory, then
/// stored as the write's last changes.
#[derive(Default)]
pub(super) struct TallyChanges {
    tallies: HashMap<(UnitId, Month), WorkTally>,
}

impl TallyChanges {
    fn entry(
        &mut self,
        draft: &Draft,
        store: &Store,
        key: (UnitId, Month),
    ) -> Result<&mut WorkTally> {
        match self.tallies.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => Ok(e.into_mut()),
            std::collections::hash_map::Entry::Vacant(e) => {
                let bytes_key = stored::tally_key(key.0, key.1);
                let now = match draft
                    .pending
                    .iter()
                    .rev()
                    .find_map(|c| c.latest(TreeId::WorkTallies, &bytes_key))
                {
                    None => stored::tally(store, key.0, key.1)?,
                    Some(None) => WorkTally::default(),
                    Some(Some(b)) => {
                        crate::store::codec::decode(b).map_err(|e| Error::Corrupt {
                            what: format!("work_tallies: {e}"),
                        })?
                    }
                };
                Ok(e.insert(now))
            }
        }
    }

    pub fn replace(
        &mut self,
        draft: &Draft,
        store: &Store,
        before: Option<&WorkItem>,
        after: Option<&WorkItem>,
    ) -> Result<()> {
        if let Some(b) = before {
            let t = b.record().tally();
            if !t.is_zero() {
                self.entry(draft, store, (b.unit(), Month::of(b.date())))?
                    .sub(&t);
            }
        }
        if let Some(a) = after {
            let t = a.record().tally();
            if !t.is_zero() {
                self.entry(draft, store, (a.unit(), Month::of(a.date())))?
                    .add(&t);
            }
        }
        Ok(())
    }

    pub fn write(self, changes: &mut Changes) {
        for ((unit, month), t) in self.tallies {
            stored::put_tally(changes, unit, month, &t);
        }
    }
}

impl Service {
    pub(super) fn write_work(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        access: Access,
        request: WorkRequest,
    ) -> Result<Written> {
        let notice = |item: &WorkItem| ChangeNotice {
            kind: record_kind(item.list()),
            record: item.id().id,
            unit: Some(item.unit()),
            by: actor.user.clone(),
        };
        match request {
            WorkRequest::AddWork(AddWork { draft }) => {
                let item = self.add_work(batch, changes, actor, draft)?;
                let n = notice(&item);
                Ok((Response::Work(Box::new(item)), n))
            }
            WorkRequest::UpdateWork(UpdateWork { id, rev, draft }) => {
                let before = self.live_item(batch, id, rev)?;
                let draft = clean(draft)?;
                if draft.list() != id.list {
                    return Err(Error::NoSuchRecord { id: id.id });
                }
                check_unit(batch, &draft)?;
                check_people(batch.people.persons(&self.store), &draft)?;
                if let Some(dup) = duplicate_of(batch, &self.store, changes, &draft, Some(id.id))? {
                    return Err(duplicate_error(&dup));
                }
                let now = time::now();
                let after = WorkItem::made(
                    id.id,
                    draft,
                    before.created(),
                    now,
                    &actor.user,
                    before.rev() + 1,
                );
                self.store_item(
                    batch,
                    changes,
                    actor,
                    AuditAction::Update,
                    Some(&before),
                    &after,
                )?;
                let n = notice(&after);
                Ok((Response::Work(Box::new(after)), n))
            }
            WorkRequest::VoidWork(VoidWork { id, rev, reason }) => {
                let before = self.live_item(batch, id, rev)?;
                let reason = one_line(&reason);
                let reason = required(
                    reason,
                    Field::Reason,
                    "请写明作废原因（如“重复录入”）",
                    "say why the record is voided (e.g. \"entered twice\")",
                )?;
                let mut after = before.clone();
                after.set_voided(Some(Voided {
                    at: time::now(),
                    by: actor.user.clone(),
                    reason,
                }));
                after.set_changed(time::now(), &actor.user, before.rev() + 1);
                self.store_item(
                    batch,
                    changes,
                    actor,
                    AuditAction::Void,
                    Some(&before),
                    &after,
                )?;
                let n = notice(&after);
                Ok((Response::Work(Box::new(after)), n))
            }
            WorkRequest::ImportWork(r) => {
                let n = self.import_work(batch, changes, actor, access, r)?;
                let notice = ChangeNotice {
                    kind: RecordKind::Activity,
                    record: 0,
                    unit: None,
                    by: actor.user.clone(),
                };
                Ok((Response::Count(n), notice))
            }
            WorkRequest::AddTheme(AddTheme { name }) => {
                let name = required(
                    one_line(&name),
                    Field::Name,
                    "请填写主题",
                    "a theme needs a name",
                )?;
                stored::put_theme(changes, &name);
                let mut themes = self.themes()?;
                if !themes.contains(&name) {
                    themes.push(name);
                }
                let n = ChangeNotice {
                    kind: RecordKind::Activity,
                    record: 0,
                    unit: None,
                    by: actor.user.clone(),
                };
                Ok((Response::Themes(themes), n))
            }
            other => Err(Error::Storage {
                detail: format!("not a write: {other:?}"),
            }),
        }
    }

    /// Checks and stores a new record; `changes` holds it once this returns.
    pub(super) fn add_work(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        draft: WorkDraft,
    ) -> Result<WorkItem> {
        let draft = clean(draft)?;
        check_unit(batch, &draft)?;
        check_people(batch.people.persons(&self.store), &draft)?;
        if let Some(dup) = duplicate_of(batch, &self.store, changes, &draft, None)? {
            return Err(duplicate_error(&dup));
        }
        let id = self.store.next_id(stored::tree_of(draft.list()));
        let now = time::now();
        let item = WorkItem::made(id, draft, now, now, &actor.user, 1);
        self.store_item(batch, changes, actor, AuditAction::Create, None, &item)?;
        Ok(item)
    }

    fn live_item(&self, batch: &Draft, id: WorkId, rev: u64) -> Result<WorkItem> {
        let item = item_in(batch, &self.store, id)?.ok_or(Error::NoSuchRecord { id: id.id })?;
        if item.voided().is_some() {
            return Err(Error::RecordVoided {
                kind: record_kind(id.list),
                id: id.id,
            });
        }
        if item.rev() != rev {
            let (by, at) = item.changed();
            return Err(Error::Conflict {
                by: by.to_string(),
                at,
            });
        }
        Ok(item)
    }

    /// The record, its index entries, its tallies, its theme and its audit
    /// entry, into `changes`.
    fn store_item(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&WorkItem>,
        after: &WorkItem,
    ) -> Result<()> {
        let mut tallies = TallyChanges::default();
        tallies.replace(batch, &self.store, before, Some(after))?;
        stored::put(changes, before, after);
        tallies.write(changes);
        if let WorkItem::Activity(a) = after
            && !a.theme.is_empty()
        {
            stored::put_theme(changes, &a.theme);
        }
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: record_kind(after.list()),
                record: after.id().id,
                unit: Some(after.unit()),
                label: format!("{} {}", after.date(), after.label()),
                before,
                after: Some(after),
            },
        )
    }

    /// The built-in themes, then the office's own in the order of their text.
    pub(super) fn themes(&self) -> Result<Vec<String>> {
        let mut out: Vec<String> = crate::domain::work::DEFAULT_THEMES
            .iter()
            .map(|s| s.to_string())
            .collect();
        let kept = self.themes.read().unwrap_or_else(|p| p.into_inner());
        for t in kept.iter() {
            if !out.contains(t) {
                out.push(t.clone());
            }
        }
        Ok(out)
    }

    /// Reads the office's themes again if a commit added one.
    pub(super) fn note_themes(&self, pending: &[Changes]) {
        let added = pending
            .iter()
            .flat_map(|c| c.touched())
            .any(|(tree, key)| tree == TreeId::Meta && stored::is_theme_key(key));
        if !added {
            return;
        }
        // Unreadable, the list stays as it was: a theme is only offered
        // for typing, and the record keeps it whatever the list says.
        if let Ok(now) = stored::themes(&self.store) {
            *self.themes.write().unwrap_or_else(|p| p.into_inner()) = now;
        }
    }
}
