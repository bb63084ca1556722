//! Several clients writing at once through one server: nothing acknowledged
//! is lost, and concurrent edits of one record are refused, not merged away.

use crate::kit;

use std::collections::{BTreeSet, HashSet};
use std::sync::{Arc, Barrier};

use ggw::api::admin::{Check, History};
use ggw::api::units::{CreateUnit, GetUnit, ListUnits, RenameUnit};
use ggw::backend::BackendExt;
use ggw::domain::{OrgUnit, UnitId, UnitKind};
use ggw::error::Error;
use kit::{Server, TempDir, init_db};

struct Outcome {
    /// Units this client created, as acknowledged.
    created: Vec<OrgUnit>,
    /// Renames of the shared unit that were acknowledged.
    renamed: Vec<OrgUnit>,
    /// Whether the client's first rename, made from the same revision as
    /// everyone else's, went through.
    won_first_round: bool,
    conflicts: usize,
}

fn client(server: &Server, k: usize, shared: UnitId, township: UnitId, start: &Barrier) -> Outcome {
    let b = server.connect();
    let mut out = Outcome {
        created: Vec::new(),
        renamed: Vec::new(),
        won_first_round: false,
        conflicts: 0,
    };
    let stale = b.run(GetUnit { id: shared }).unwrap();
    start.wait();
    for round in 0..6 {
        // Disjoint records: each client its own villages.
        let v = b
            .run(CreateUnit {
                parent: township,
                kind: UnitKind::Village,
                name: format!("村{k}-{round}"),
                short_name: None,
            })
            .unwrap();
        out.created.push(v);
        // One overlapping record: the first round everyone edits the same
        // revision; later rounds re-read first and still race.
        let base = if round == 0 {
            stale.clone()
        } else {
            b.run(GetUnit { id: shared }).unwrap()
        };
        match b.run(RenameUnit {
            id: base.id,
            rev: base.rev,
            name: format!("共同社区{k}-{round}"),
        }) {
            Ok(u) => {
                out.won_first_round |= round == 0;
                out.renamed.push(u);
            }
            Err(Error::Conflict { .. }) => out.conflicts += 1,
            Err(e) => panic!("client {k}: rename refused for the wrong reason: {e:?}"),
        }
    }
    out
}

fn storm(clients: usize) {
    let dir = TempDir::new("conc");
    let db = init_db(dir.path());
    let socket = dir.path().join("ggw.sock");
    let server = Server::start(&db, &socket);
    let admin = server.connect();
    let township = admin
        .run(CreateUnit {
            parent: UnitId(1),
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let shared = admin
        .run(CreateUnit {
            parent: township.id,
            kind: UnitKind::Community,
            name: "共同社区".into(),
            short_name: None,
        })
        .unwrap();

    let start = Arc::new(Barrier::new(clients));
    let outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|k| {
                let (server, start) = (&server, start.clone());
                s.spawn(move || client(server, k, shared.id, township.id, &start))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    // Exactly one of the edits made from the same revision went through.
    assert_eq!(outcomes.iter().filter(|o| o.won_first_round).count(), 1);
    assert_eq!(
        outcomes.iter().map(|o| o.conflicts).sum::<usize>()
            + outcomes.iter().map(|o| o.renamed.len()).sum::<usize>(),
        clients * 6
    );

    // Each acknowledged rename got its own revision: none overwrote another.
    let renames: Vec<&OrgUnit> = outcomes.iter().flat_map(|o| &o.renamed).collect();
    let revs: BTreeSet<u64> = renames.iter().map(|u| u.rev).collect();
    assert_eq!(revs.len(), renames.len());
    assert_eq!(revs, (2..2 + renames.len() as u64).collect());

    // After a clean restart, every acknowledged write is there.
    assert!(server.terminate().success());
    let server = Server::start(&db, &socket);
    let b = server.connect();
    let all = b
        .run(ListUnits {
            include_archived: true,
        })
        .unwrap();
    let ids: HashSet<UnitId> = all.iter().map(|u| u.id).collect();
    for o in &outcomes {
        for v in &o.created {
            assert!(ids.contains(&v.id), "acknowledged unit {} lost", v.id);
            assert_eq!(b.run(GetUnit { id: v.id }).unwrap().name, v.name);
        }
    }
    assert_eq!(all.len(), 3 + clients * 6);
    let last = renames.iter().max_by_key(|u| u.rev).unwrap();
    let now = b.run(GetUnit { id: shared.id }).unwrap();
    assert_eq!((now.rev, &now.name), (last.rev, &last.name));
    // The history holds every acknowledged rename, by name.
    let history: HashSet<String> = b
        .run(History {
            unit: Some(shared.id),
            limit: 0,
        })
        .unwrap()
        .into_iter()
        .map(|e| e.label)
        .collect();
    for r in renames {
        assert!(
            history.contains(&r.name),
            "rename to {} not in history",
            r.name
        );
    }
    assert!(b.run(Check {}).unwrap().is_clean());
}

#[test]
fn two_clients() {
    storm(2);
}

#[test]
fn twenty_clients() {
    storm(20);
}
