//! What a mixed torture writer acknowledged, and what the database holds
//! after it: the two are compared by the crash and disk-full tests.

use std::collections::HashMap;
use std::path::Path;

use ggw::api::admin::History;
use ggw::api::units::ListUnits;
use ggw::domain::OrgUnit;
use ggw::domain::audit::{AuditEntry, RecordKind};
use ggw::service::{Actor, Request, Response, Service};
use ggw::store::OpenOptions;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Ack {
    pub op: String,
    pub id: u64,
    pub rev: u64,
    parent: Option<u64>,
    name: String,
    archived: bool,
}

/// The state the model expects of a unit: what was last saved and seen.
#[derive(Debug, Clone, PartialEq)]
pub struct Expect {
    pub rev: u64,
    pub parent: Option<u64>,
    pub name: String,
    pub archived: bool,
}

impl From<&OrgUnit> for Expect {
    fn from(u: &OrgUnit) -> Self {
        Expect {
            rev: u.rev,
            parent: u.parent.map(|p| p.0),
            name: u.name.clone(),
            archived: !u.is_live(),
        }
    }
}

/// Whole lines only: a line cut short by the kill was never acknowledged.
pub fn read_acks(log: &str) -> Vec<Ack> {
    let complete = match log.rfind('\n') {
        Some(end) => &log[..end],
        None => "",
    };
    complete
        .lines()
        .map(|l| match serde_json::from_str(l) {
            Ok(a) => a,
            Err(e) => panic!("unreadable acknowledgement {l:?}: {e}"),
        })
        .collect()
}

pub fn reopen(db: &Path) -> (Vec<OrgUnit>, Vec<AuditEntry>) {
    let service = match Service::open(db, &OpenOptions::default()) {
        Ok(s) => s,
        Err(e) => panic!("database does not reopen: {e:?}"),
    };
    let actor = Actor::new("test");
    let units = match service.handle(
        &actor,
        Request::from(ListUnits {
            include_archived: true,
        }),
    ) {
        Ok(Response::Units(u)) => u,
        other => panic!("list units: {other:?}"),
    };
    let history = match service.handle(
        &actor,
        Request::from(History {
            unit: None,
            limit: 0,
        }),
    ) {
        Ok(Response::History(h)) => h,
        other => panic!("history: {other:?}"),
    };
    (units, history)
}

/// The model of a database as it is now.
pub fn baseline(units: &[OrgUnit]) -> HashMap<u64, Expect> {
    units.iter().map(|u| (u.id.0, Expect::from(u))).collect()
}

pub fn apply(model: &mut HashMap<u64, Expect>, acks: &[Ack]) {
    for a in acks {
        assert!(
            matches!(a.op.as_str(), "create" | "rename" | "move" | "archive"),
            "unknown operation {a:?}"
        );
        model.insert(
            a.id,
            Expect {
                rev: a.rev,
                parent: a.parent,
                name: a.name.clone(),
                archived: a.archived,
            },
        );
    }
}

/// Holds the stored units against the model: every acknowledged state is
/// there, or one revision past it. Every revision has its audit entry.
/// Returns how many changes are saved that the model does not know of.
pub fn compare(
    model: &HashMap<u64, Expect>,
    units: &[OrgUnit],
    history: &[AuditEntry],
    context: &str,
) -> usize {
    let stored: HashMap<u64, &OrgUnit> = units.iter().map(|u| (u.id.0, u)).collect();
    let mut ahead = 0;
    for (id, want) in model {
        let Some(got) = stored.get(id) else {
            panic!("{context}: acknowledged unit {id} is missing");
        };
        let got = Expect::from(*got);
        if got.rev == want.rev {
            assert_eq!(&got, want, "{context}: unit {id} differs");
        } else {
            assert_eq!(
                got.rev,
                want.rev + 1,
                "{context}: unit {id} {want:?} → {got:?}"
            );
            ahead += 1;
        }
    }
    ahead += stored.keys().filter(|id| !model.contains_key(id)).count();

    let mut audits: HashMap<u64, u64> = HashMap::new();
    for e in history.iter().filter(|e| e.kind == RecordKind::Unit) {
        *audits.entry(e.record).or_default() += 1;
    }
    for u in units {
        // The root's creation is audited as the database's.
        let expected = if u.parent.is_none() { u.rev - 1 } else { u.rev };
        assert_eq!(
            audits.get(&u.id.0).copied().unwrap_or(0),
            expected,
            "{context}: unit {} has {} revisions but not as many audit entries",
            u.id,
            u.rev
        );
    }
    ahead
}
