//! `ggw history` for people: each change as field labels and values in the
//! user's language, units and people by name, instants as local dates.
//! The stored snapshots are compact JSON of the records; this module reads
//! them back into words and never changes them.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::Value;

use super::args::Format;
use super::fmt::{io_err, json};
use super::text::{self, history as words};
use crate::api::meetings::ListSeries;
use crate::api::people::{ListPeople, PeopleFilter};
use crate::backend::{Backend, BackendExt};
use crate::domain::account::AccountRole;
use crate::domain::audit::{AuditEntry, RecordKind};
use crate::domain::id_number::Gender;
use crate::domain::meeting::{
    AttendeeRule, LeaderRole, MeetingKind, MeetingStatus, Presence, UnitScope,
};
use crate::domain::person::{Category, Honour, RemovalReason, Role, RosterStatus, Source, Talk};
use crate::domain::task::TaskStatus;
use crate::domain::text::for_display;
use crate::domain::time::format_local;
use crate::domain::tree::UnitTree;
use crate::domain::unit::{UnitId, UnitKind};
use crate::domain::workdays::Shift;
use crate::domain::{OrgUnit, audit::AuditAction};
use crate::error::Result;
use crate::lang::Lang;

/// What a snapshot's ids are called: units by their path, other records by
/// the name the log last gave them.
pub struct Names {
    tree: UnitTree,
    labels: HashMap<(&'static str, u64), String>,
}

impl Names {
    /// Units from the tree, archived ones too; series and people from the
    /// backend as far as the caller may read them, else the name the log
    /// gave them.
    pub fn new(b: &dyn Backend, units: Vec<OrgUnit>, entries: &[AuditEntry]) -> Names {
        let mut labels = HashMap::new();
        let wanted = |kinds: &[RecordKind]| entries.iter().any(|e| kinds.contains(&e.kind));
        if wanted(&[RecordKind::Meeting, RecordKind::Task]) {
            for s in b
                .run(ListSeries {
                    include_archived: true,
                })
                .unwrap_or_default()
            {
                labels.insert((RecordKind::MeetingSeries.label_en(), s.id.0), s.title);
            }
        }
        if wanted(&[RecordKind::Position, RecordKind::Reserve]) {
            let everyone = PeopleFilter {
                include_non_elders: true,
                ..PeopleFilter::default()
            };
            for p in b.run(ListPeople { filter: everyone }).unwrap_or_default() {
                labels.insert((RecordKind::Person.label_en(), p.id.0), p.name);
            }
        }
        // Newest first: the first label seen is the latest name.
        for e in entries {
            labels
                .entry((e.kind.label_en(), e.record))
                .or_insert_with(|| e.label.clone());
        }
        Names {
            tree: UnitTree::new(units),
            labels,
        }
    }

    fn unit(&self, id: u64) -> String {
        if self.tree.get(UnitId(id)).is_some() {
            self.tree.path(UnitId(id))
        } else {
            format!("#{id}")
        }
    }

    fn record(&self, kind: RecordKind, id: u64) -> String {
        match self.labels.get(&(kind.label_en(), id)) {
            Some(l) => format!("{l} (#{id})"),
            None => format!("#{id}"),
        }
    }
}

/// Fields in the order of `LABELS`, those it does not know last.
fn order(key: &str) -> usize {
    let last = key.rsplit('.').next().unwrap_or(key);
    words::LABELS
        .iter()
        .position(|(k, _, _)| *k == last)
        .unwrap_or(words::LABELS.len())
}

/// Keys of bookkeeping, never shown.
fn hidden(key: &str) -> bool {
    matches!(key, "rev" | "changed_at" | "changed_by" | "id")
}

/// Objects shown field by field rather than as one value.
fn nested(key: &str) -> bool {
    matches!(key, "elder")
}

fn flatten(snapshot: Option<&str>) -> Vec<(String, Value)> {
    let Some(s) = snapshot else { return Vec::new() };
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(s) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in map {
        match v {
            Value::Object(inner) if nested(&k) => {
                out.extend(inner.into_iter().map(|(k2, v2)| (format!("{k}.{k2}"), v2)))
            }
            v => out.push((k, v)),
        }
    }
    out
}

/// One field that changed, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
    /// A list that only grew: `after` holds what was added.
    pub appended: bool,
}

pub fn changes(e: &AuditEntry, names: &Names, lang: Lang) -> Vec<Change> {
    let (b, a) = (flatten(e.before.as_deref()), flatten(e.after.as_deref()));
    fn get<'a>(list: &'a [(String, Value)], k: &str) -> Option<&'a Value> {
        list.iter().find(|(x, _)| x == k).map(|x| &x.1)
    }
    let mut keys: Vec<&String> = a.iter().chain(b.iter()).map(|(k, _)| k).collect();
    keys.sort_by_key(|k| (order(k), k.to_string()));
    keys.dedup();
    keys.into_iter()
        .filter(|k| !hidden(k))
        // The entry's own time says when a record was made.
        .filter(|k| !(e.before.is_none() && k.as_str() == "created"))
        .filter_map(|k| {
            let (old, new) = (get(&b, k), get(&a, k));
            // A field that was null and is now gone (an elder's details
            // shown field by field) did not change.
            if old.unwrap_or(&Value::Null) == new.unwrap_or(&Value::Null) {
                return None;
            }
            // A record's first snapshot: only the fields that say something.
            if e.before.is_none() && new.is_none_or(empty) {
                return None;
            }
            // A list that only grew (a talk, a note): what was added.
            if let (Some(Value::Array(o)), Some(Value::Array(n))) = (old, new)
                && n.len() > o.len()
                && n.starts_with(o)
            {
                let added = Value::Array(n[o.len()..].to_vec());
                return Some(Change {
                    field: k.clone(),
                    label: words::label(k, lang),
                    before: String::new(),
                    after: format!("+ {}", show(e.kind, k, Some(&added), names, lang)),
                    appended: true,
                });
            }
            let label = match (e.kind, k.as_str()) {
                (RecordKind::Person, "name") => words::person_name_field(lang).to_string(),
                (RecordKind::Account, "role") => words::account_role_field(lang).to_string(),
                (RecordKind::Task, "notes") => words::task_notes_field(lang).to_string(),
                _ => words::label(k, lang),
            };
            Some(Change {
                field: k.clone(),
                label,
                before: show(e.kind, k, old, names, lang),
                after: show(e.kind, k, new, names, lang),
                appended: false,
            })
        })
        .collect()
}

fn empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Bool(b) => !b,
        Value::Object(map) => map.values().all(empty),
        Value::Number(_) => false,
    }
}

/// A value as a person reads it.
fn show(kind: RecordKind, key: &str, v: Option<&Value>, names: &Names, lang: Lang) -> String {
    let Some(v) = v else { return "—".into() };
    if v.is_null() || v.as_str() == Some("") || v.as_array().is_some_and(|a| a.is_empty()) {
        return "—".into();
    }
    let typed = |v: &Value| -> Option<String> {
        fn as_<T: serde::de::DeserializeOwned>(v: &Value) -> Option<T> {
            serde_json::from_value(v.clone()).ok()
        }
        let last = key.rsplit('.').next().unwrap_or(key);
        Some(match (kind, last) {
            (_, "id_number" | "phone") => return v.as_str().map(|s| masked(key, s)),
            (_, "created" | "archived") => format_local(v.as_i64()?),
            (_, "parent" | "host") => names.unit(v.as_u64()?),
            (RecordKind::Account, "unit") => names.unit(v.as_u64()?),
            (_, "unit") => names.unit(v.as_u64()?),
            (_, "person") => names.record(RecordKind::Person, v.as_u64()?),
            (_, "series") => names.record(RecordKind::MeetingSeries, v.as_u64()?),
            (_, "meeting") => names.record(RecordKind::Meeting, v.as_u64()?),
            (RecordKind::Unit | RecordKind::Database, "kind") => {
                let k: UnitKind = as_(v)?;
                lang.pick(k.label_zh(), k.label_en()).to_string()
            }
            (RecordKind::MeetingSeries, "kind") => {
                let k: MeetingKind = as_(v)?;
                lang.pick(k.label_zh(), k.label_en()).to_string()
            }
            (_, "category") => as_::<Category>(v)?.label(lang).to_string(),
            (_, "source") => as_::<Source>(v)?.label(lang).to_string(),
            (RecordKind::Account, "role") => {
                let r: AccountRole = as_(v)?;
                lang.pick(r.label_zh(), r.label_en()).to_string()
            }
            (_, "role") => as_::<Role>(v)?.label(lang).to_string(),
            (_, "gender") => {
                let g: Gender = as_(v)?;
                lang.pick(g.label_zh(), g.label_en()).to_string()
            }
            (RecordKind::Person, "status") => match as_::<RosterStatus>(v)? {
                RosterStatus::Active => words::on_roll(lang).to_string(),
                RosterStatus::Removed { on, reason, note } => {
                    let mut s = format!("{} {on} {}", words::struck_off(lang), {
                        let r: RemovalReason = reason;
                        r.label(lang)
                    });
                    if !note.is_empty() {
                        s.push_str(text::label_sep(lang));
                        s.push_str(&note);
                    }
                    s
                }
            },
            (RecordKind::Meeting, "status") => {
                let s: MeetingStatus = as_(v)?;
                let word = lang.pick(s.label_zh(), s.label_en()).to_string();
                match s {
                    MeetingStatus::Postponed { from } => format!("{word} ← {from}"),
                    MeetingStatus::Cancelled { reason } if !reason.is_empty() => {
                        format!("{word}{}{reason}", text::label_sep(lang))
                    }
                    _ => word,
                }
            }
            (RecordKind::Task, "status") => {
                let s: TaskStatus = as_(v)?;
                let word = lang.pick(s.label_zh(), s.label_en()).to_string();
                match s {
                    TaskStatus::Done { on } => format!("{word} {on}"),
                    TaskStatus::Dropped { reason } if !reason.is_empty() => {
                        format!("{word}{}{reason}", text::label_sep(lang))
                    }
                    _ => word,
                }
            }
            (_, "owner") => v.get("name")?.as_str()?.to_string(),
            (_, "shift") => match as_::<Shift>(v)? {
                Shift::Next => words::shift_next(lang),
                Shift::Previous => words::shift_previous(lang),
                Shift::None => words::shift_none(lang),
            }
            .to_string(),
            (_, "attendee_rules") => {
                let rules: Vec<AttendeeRule> = as_(v)?;
                rules
                    .iter()
                    .map(|r| attendee_rule(r, names, lang))
                    .collect::<Vec<_>>()
                    .join(text::field_sep(lang))
            }
            (_, "talks") => {
                let talks: Vec<Talk> = as_(v)?;
                talks
                    .iter()
                    .map(|t| {
                        format!(
                            "{} {}{}{}（{}）",
                            t.date,
                            t.by,
                            text::label_sep(lang),
                            t.summary,
                            t.outcome.label(lang)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(text::field_sep(lang))
            }
            (_, "honours") => {
                let honours: Vec<Honour> = as_(v)?;
                honours
                    .iter()
                    .map(|h| format!("{} {}（{}）", h.date, h.title, h.level.label(lang)))
                    .collect::<Vec<_>>()
                    .join(text::field_sep(lang))
            }
            (_, "attendance") => attendance(v.as_array()?, lang),
            (_, "core" | "report_per_attendee") => words::yes_no(lang, v.as_bool()?).to_string(),
            _ => return None,
        })
    };
    let text = typed(v).unwrap_or_else(|| generic(v, lang));
    // One line per change: stored text may hold line breaks.
    for_display(&text.replace(['\n', '\r'], " ")).into_owned()
}

/// "主任、副主任 @ 爱辉区", or "主任 @ 爱辉区 > 乡镇、街道".
fn attendee_rule(r: &AttendeeRule, names: &Names, lang: Lang) -> String {
    let sep = text::enum_sep(lang);
    let roles: Vec<&str> = r
        .roles
        .iter()
        .map(|l| {
            let role = match l {
                LeaderRole::Director => Role::Director,
                LeaderRole::ExecutiveDeputy => Role::ExecutiveDeputy,
                LeaderRole::Deputy => Role::Deputy,
                LeaderRole::Member => Role::Member,
            };
            role.label(lang)
        })
        .collect();
    let scope = match &r.scope {
        UnitScope::Unit(u) => names.unit(u.0),
        UnitScope::ChildrenOf { parent, kinds } => {
            let kinds: Vec<&str> = kinds
                .iter()
                .map(|k| lang.pick(k.label_zh(), k.label_en()))
                .collect();
            format!("{} > {}", names.unit(parent.0), kinds.join(sep))
        }
    };
    format!("{} @ {scope}", roles.join(sep))
}

/// Whole ID and phone numbers stay in the stored snapshot; on screen they
/// are masked as in every list. The service masks them before they leave
/// it; a number that is already masked is shown as it came.
fn masked(key: &str, s: &str) -> String {
    if s.contains('*') {
        return s.to_string();
    }
    if key.ends_with("id_number") {
        crate::domain::id_number::validate_id_number(s)
            .map(|n| n.masked())
            .unwrap_or_else(|_| "*".repeat(s.chars().count()))
    } else {
        crate::domain::id_number::mask_phone(s)
    }
}

fn attendance(list: &[Value], lang: Lang) -> String {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for a in list {
        let word = a
            .get("presence")
            .and_then(|p| serde_json::from_value::<Presence>(p.clone()).ok())
            .map(|p| match lang {
                Lang::Zh => p.label_zh().to_string(),
                Lang::En => p.code().to_string(),
            })
            .unwrap_or_else(|| "?".into());
        match counts.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => counts.push((word, 1)),
        }
    }
    let parts: Vec<String> = counts
        .into_iter()
        .map(|(w, n)| words::presence_count(lang, &w, n))
        .collect();
    words::attendance(lang, list.len(), &parts)
}

/// Lists and objects without a reading of their own: the names or titles
/// in them, else their values.
fn generic(v: &Value, lang: Lang) -> String {
    match v {
        Value::Null => "—".into(),
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => words::yes_no(lang, *b).into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if items.is_empty() => "—".into(),
        Value::Array(items) => items
            .iter()
            .map(|i| generic(i, lang))
            .collect::<Vec<_>>()
            .join(text::field_sep(lang)),
        Value::Object(map) => {
            for key in ["title", "name", "text"] {
                if let Some(Value::String(s)) = map.get(key) {
                    let mut out = s.clone();
                    if let Some(Value::String(on)) = map.get("on").or(map.get("date")) {
                        out = format!("{on} {out}");
                    }
                    return out;
                }
            }
            let parts: Vec<String> = map
                .iter()
                .filter(|(_, v)| !empty(v))
                .map(|(k, v)| format!("{} {}", words::label(k, lang), generic(v, lang)))
                .collect();
            if parts.is_empty() {
                "—".into()
            } else {
                parts.join(text::list_sep(lang))
            }
        }
    }
}

#[derive(Serialize)]
struct EntryJson<'a> {
    #[serde(flatten)]
    entry: &'a AuditEntry,
    /// The local time of `at`, and the changes in words.
    when: String,
    changes: Vec<Change>,
}

pub fn print_history(
    b: &dyn Backend,
    entries: &[AuditEntry],
    units: Vec<OrgUnit>,
    format: Format,
    lang: Lang,
) -> Result<()> {
    let names = Names::new(b, units, entries);
    if format == Format::Json {
        let rows: Vec<EntryJson> = entries
            .iter()
            .map(|e| EntryJson {
                entry: e,
                when: format_local(e.at),
                changes: changes(e, &names, lang),
            })
            .collect();
        return json(&rows);
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    for e in entries {
        let (action, kind) = match lang {
            Lang::Zh => (e.action.label_zh(), e.kind.label_zh()),
            Lang::En => (e.action.label_en(), e.kind.label_en()),
        };
        writeln!(
            out,
            "{}  {}  {action} {kind} {} (#{})",
            format_local(e.at),
            for_display(&e.user),
            for_display(&e.label),
            e.record
        )
        .map_err(io_err)?;
        let sep = text::label_sep(lang);
        for c in changes(e, &names, lang) {
            if e.before.is_none() || e.action == AuditAction::Create || c.appended {
                writeln!(out, "    {}{sep}{}", c.label, c.after).map_err(io_err)?;
            } else {
                writeln!(out, "    {}{sep}{} → {}", c.label, c.before, c.after).map_err(io_err)?;
            }
        }
    }
    out.flush().map_err(io_err)
}

/// A unit by id or path, archived units included, so the history of a
/// unit no longer in the tree can still be asked for. A live unit wins
/// over an archived one of the same name; among archived ones, the latest.
pub fn find_unit(units: &[OrgUnit], given: &str) -> Option<UnitId> {
    let tree = UnitTree::new(units.iter().cloned());
    let given = given.trim();
    if let Ok(n) = given.parse::<u64>() {
        return tree.get(UnitId(n)).map(|u| u.id);
    }
    let mut parent: Option<UnitId> = None;
    for step in given.split('/').map(str::trim).filter(|s| !s.is_empty()) {
        let matching: Vec<&OrgUnit> = units
            .iter()
            .filter(|u| u.parent == parent)
            .filter(|u| u.name == step || u.short_name.as_deref() == Some(step))
            .collect();
        let pick = matching
            .iter()
            .find(|u| u.is_live())
            .or_else(|| matching.iter().max_by_key(|u| u.id.0))?;
        parent = Some(pick.id);
    }
    parent
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitKind;

    fn entry(
        kind: RecordKind,
        action: AuditAction,
        before: Option<&str>,
        after: &str,
    ) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: 0,
            user: "t".into(),
            action,
            kind,
            record: 3,
            unit: None,
            label: "工作推进会".into(),
            before: before.map(String::from),
            after: Some(after.into()),
        }
    }

    #[test]
    fn a_series_reads_as_words() {
        let names = Names {
            tree: UnitTree::new([OrgUnit::fixture(1, None, "爱辉区", UnitKind::District)]),
            labels: HashMap::new(),
        };
        let after = r#"{"kind":"Progress","shift":"Next","host":1,"exceptions":{"moved":[],"skipped":[]},
            "attendee_rules":[{"roles":["Director","Deputy"],"scope":{"ChildrenOf":{"parent":1,"kinds":["Township","Subdistrict"]}}}]}"#;
        let e = entry(RecordKind::MeetingSeries, AuditAction::Create, None, after);
        let got: Vec<(String, String)> = changes(&e, &names, Lang::Zh)
            .into_iter()
            .map(|c| (c.label, c.after))
            .collect();
        assert_eq!(
            got,
            [
                ("类型".to_string(), "工作推进会".to_string()),
                ("主办单位".into(), "爱辉区".into()),
                ("遇节假日".into(), "顺延".into()),
                (
                    "参会范围".into(),
                    "主任、副主任 @ 爱辉区 > 乡镇、街道".into()
                ),
            ]
        );
        let moved = entry(
            RecordKind::MeetingSeries,
            AuditAction::Update,
            Some(r#"{"shift":"Next"}"#),
            r#"{"shift":"None"}"#,
        );
        let c = &changes(&moved, &names, Lang::En)[0];
        assert_eq!(
            (c.label.as_str(), c.before.as_str(), c.after.as_str()),
            ("on a holiday", "next working day", "keep the date")
        );
    }
}
