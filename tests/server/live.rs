//! What the server pushes: after each commit every other client hears of
//! the change, and Info counts the people connected.

use crate::kit;

use std::sync::mpsc::Receiver;
use std::time::Duration;

use ggw::api::admin::Info;
use ggw::api::units::{CreateUnit, ResolveUnit};
use ggw::backend::{Backend, BackendExt, ChangeNotice};
use ggw::domain::audit::RecordKind;
use ggw::domain::{UnitId, UnitKind};
use kit::{Server, TempDir, init_db};

/// The next notice about a record, skipping comings and goings. The wait is
/// a bound for a broken server, not a measurement.
fn next_change(rx: &Receiver<ChangeNotice>) -> ChangeNotice {
    loop {
        let n = rx.recv_timeout(Duration::from_secs(30)).expect("a notice");
        if !ggw::server::is_presence(&n) {
            return n;
        }
    }
}

#[test]
fn other_clients_hear_of_each_commit() {
    let dir = TempDir::new("live");
    let db = init_db(dir.path());
    let server = Server::start(&db, &dir.path().join("ggw.sock"));
    let watcher = server.connect();
    let notices = watcher.subscribe().expect("a remote backend has notices");
    let writer = server.connect();
    let writer_notices = writer.subscribe().unwrap();

    let added = writer
        .run(CreateUnit {
            parent: UnitId(1),
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let n = next_change(&notices);
    assert_eq!(
        n,
        ChangeNotice {
            kind: RecordKind::Unit,
            record: added.id.0,
            unit: Some(added.id),
            by: ggw::os_user::current(),
        }
    );
    // A change made by another process, the command line.
    let out = server.client(&[
        "unit",
        "add",
        "--parent",
        "爱辉区",
        "--kind",
        "乡镇",
        "--name",
        "新生乡",
    ]);
    assert!(out.status.success());
    let other = watcher
        .run(ResolveUnit {
            given: "爱辉区/新生乡".into(),
        })
        .unwrap();
    assert_eq!(next_change(&notices).record, other.id.0);
    // The writer heard of the command line's add, not of its own.
    assert_eq!(next_change(&writer_notices).record, other.id.0);
}

#[test]
fn info_counts_people_online() {
    let dir = TempDir::new("online");
    let db = init_db(dir.path());
    let server = Server::start(&db, &dir.path().join("ggw.sock"));
    let a = server.connect();
    let b = server.connect();
    // Two terminals of one user are one person.
    assert_eq!(a.run(Info {}).unwrap().online, Some(1));
    assert_eq!(b.run(Info {}).unwrap().online, Some(1));
    let notices = a.subscribe().unwrap();
    drop(server);
    // When the server goes, the notice channel closes, and calls say so.
    let end = loop {
        match notices.recv_timeout(Duration::from_secs(30)) {
            Ok(_) => continue,
            Err(e) => break e,
        }
    };
    assert_eq!(end, std::sync::mpsc::RecvTimeoutError::Disconnected);
    assert!(matches!(
        a.run(Info {}),
        Err(ggw::error::Error::Disconnected { .. })
    ));
    let local = ggw::backend::LocalBackend::open(
        &db,
        &ggw::store::OpenOptions::default(),
        ggw::service::Actor::new("root"),
    )
    .unwrap();
    assert_eq!(local.run(Info {}).unwrap().online, None);
    assert!(local.subscribe().is_none());
}
