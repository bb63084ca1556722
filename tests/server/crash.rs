//! The server killed outright in the middle of many writes: whatever it
//! acknowledged is there after a restart, and the database checks clean.

use crate::kit;

use std::sync::Mutex;

use ggw::api::admin::Check;
use ggw::api::units::{CreateUnit, GetUnit};
use ggw::backend::BackendExt;
use ggw::backend::remote::RemoteBackend;
use ggw::domain::{UnitId, UnitKind};
use kit::{Server, TempDir, init_db};

#[test]
fn sigkill_during_a_write_storm_loses_nothing_acknowledged() {
    let dir = TempDir::new("crash");
    let db = init_db(dir.path());
    let socket = dir.path().join("ggw.sock");
    let server = Server::start(&db, &socket);
    let township = server
        .connect()
        .run(CreateUnit {
            parent: UnitId(1),
            kind: UnitKind::Township,
            name: "压力测试乡".into(),
            short_name: None,
        })
        .unwrap();

    let acked: Mutex<Vec<(UnitId, String)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for k in 0..6 {
            let (server, acked) = (&server, &acked);
            s.spawn(move || {
                let b = server.connect();
                for n in 0..100_000 {
                    let name = format!("村{k}-{n}");
                    match b.run(CreateUnit {
                        parent: township.id,
                        kind: UnitKind::Village,
                        name: name.to_string(),
                        short_name: None,
                    }) {
                        Ok(u) => acked.lock().unwrap().push((u.id, name)),
                        // The server is gone: stop writing.
                        Err(_) => return,
                    }
                }
            });
        }
        // Kill it once enough writes have been acknowledged.
        for _ in 0..100_000 {
            if acked.lock().unwrap().len() >= 300 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        server.signal(rustix::process::Signal::KILL);
    });
    let acked = acked.into_inner().unwrap();
    assert!(acked.len() >= 300);
    drop(server);

    // The dead server's socket file is still there; the new one replaces it.
    assert!(socket.exists());
    let server = Server::start(&db, &socket);
    let b = server.connect();
    for (id, name) in &acked {
        assert_eq!(
            &b.run(GetUnit { id: *id }).unwrap().name,
            name,
            "acknowledged unit {id}"
        );
    }
    let out = server.client(&["check"]);
    assert!(out.status.success(), "{}", kit::stdout(&out));
    assert!(kit::stdout(&out).contains("检查通过"));
}

#[test]
fn sigterm_during_a_write_storm_answers_what_it_took_then_exits() {
    let dir = TempDir::new("term");
    let db = init_db(dir.path());
    let socket = dir.path().join("ggw.sock");
    let mut server = Server::start(&db, &socket);
    let township = server
        .connect()
        .run(CreateUnit {
            parent: UnitId(1),
            kind: UnitKind::Township,
            name: "压力测试乡".into(),
            short_name: None,
        })
        .unwrap();
    // A client that stays connected and idle must not hold the server up.
    let idle = server.connect();

    let acked: Mutex<Vec<UnitId>> = Mutex::new(Vec::new());
    let status = std::thread::scope(|s| {
        for k in 0..6 {
            let (socket, acked) = (&socket, &acked);
            s.spawn(move || {
                let b = RemoteBackend::connect(socket).unwrap().unwrap();
                for n in 0..100_000 {
                    match b.run(CreateUnit {
                        parent: township.id,
                        kind: UnitKind::Village,
                        name: format!("村{k}-{n}"),
                        short_name: None,
                    }) {
                        Ok(u) => acked.lock().unwrap().push(u.id),
                        Err(_) => return,
                    }
                }
            });
        }
        for _ in 0..100_000 {
            if acked.lock().unwrap().len() >= 100 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        server.signal(rustix::process::Signal::TERM);
        server.child.wait().unwrap()
    });
    assert!(status.success());
    assert!(!socket.exists());
    drop(idle);
    drop(server);

    let server = Server::start(&db, &socket);
    let b = server.connect();
    for id in acked.into_inner().unwrap() {
        assert!(b.run(GetUnit { id }).is_ok(), "acknowledged unit {id}");
    }
    assert!(b.run(Check {}).unwrap().is_clean());
}
