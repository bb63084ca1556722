//! Misbehaving clients, stale sockets, second servers, other versions, and
//! stopping: the server stays up for everyone else and says plainly why it
//! refuses.

use crate::kit;

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};

use ggw::api::admin::Check;
use ggw::api::units::{CreateUnit, GetUnit, ListUnits, ResolveUnit};
use ggw::backend::BackendExt;
use ggw::backend::remote::RemoteBackend;
use ggw::domain::{UnitId, UnitKind};
use ggw::error::Error;
use ggw::server::wire::{self, ClientFrame, Hello, PROTOCOL_VERSION, ServerFrame};
use ggw::service::Request;
use kit::{Server, TempDir, init_db, stderr, stdout};

fn started(tag: &str) -> (TempDir, Server) {
    let dir = TempDir::new(tag);
    let db = init_db(dir.path());
    let server = Server::start(&db, &dir.path().join("ggw.sock"));
    (dir, server)
}

/// A connection that has said hello and been welcomed.
fn greeted(server: &Server) -> UnixStream {
    let mut s = UnixStream::connect(&server.socket).unwrap();
    let hello = Hello {
        version: PROTOCOL_VERSION,
        accepted: true,
    };
    s.write_all(&hello.to_bytes()).unwrap();
    let back = wire::read_hello(&mut s).unwrap().unwrap();
    assert!(back.accepted);
    let welcome: ServerFrame = wire::read_frame(&mut s, wire::MAX_REPLY).unwrap();
    assert!(matches!(welcome, ServerFrame::Welcome(Ok(_))));
    s
}

/// Reads until the server hangs up; true if it did.
fn hung_up(s: &mut UnixStream) -> bool {
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn create_frame(name: &str) -> Vec<u8> {
    wire::frame_bytes(&ClientFrame::Call {
        id: 1,
        request: Request::from(CreateUnit {
            parent: UnitId(1),
            kind: UnitKind::Township,
            name: name.into(),
            short_name: None,
        }),
    })
}

fn still_serves(server: &Server) {
    let b = server.connect();
    assert!(
        !b.run(ListUnits {
            include_archived: false
        })
        .unwrap()
        .is_empty()
    );
}

#[test]
fn garbage_before_the_hello_is_disconnected() {
    let (_dir, server) = started("garbage");
    let mut s = UnixStream::connect(&server.socket).unwrap();
    s.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
    assert!(hung_up(&mut s));
    still_serves(&server);
    assert!(
        server.log_text().contains("已断开"),
        "{}",
        server.log_text()
    );
}

#[test]
fn garbage_frame_is_disconnected() {
    let (_dir, server) = started("garbage-frame");
    let mut s = greeted(&server);
    let mut frame = 6u32.to_le_bytes().to_vec();
    frame.extend([0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa]);
    s.write_all(&frame).unwrap();
    assert!(hung_up(&mut s));
    still_serves(&server);
}

#[test]
fn truncated_frame_writes_nothing() {
    let (_dir, server) = started("truncated");
    let mut s = greeted(&server);
    let frame = create_frame("半截乡");
    s.write_all(&frame[..frame.len() - 3]).unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    assert!(hung_up(&mut s));
    let b = server.connect();
    assert!(
        b.run(ResolveUnit {
            given: "爱辉区/半截乡".into()
        })
        .is_err()
    );
    assert!(b.run(Check {}).unwrap().is_clean());
    assert!(server.log_text().contains("已断开"));
}

#[test]
fn oversized_frame_is_refused_unread() {
    let (_dir, server) = started("oversized");
    let mut s = greeted(&server);
    // Only the length goes out: the server must hang up without waiting
    // for 16 MiB that never come.
    s.write_all(&(wire::MAX_REQUEST + 1).to_le_bytes()).unwrap();
    assert!(hung_up(&mut s));
    still_serves(&server);
    assert!(
        server.log_text().contains("over the limit"),
        "{}",
        server.log_text()
    );
}

#[test]
fn a_client_vanishing_mid_request_leaves_nothing_half_written() {
    let (_dir, server) = started("vanish");
    for n in 0..20 {
        let mut s = greeted(&server);
        s.write_all(&create_frame(&format!("消失乡{n}"))).unwrap();
        drop(s);
    }
    let b = server.connect();
    // Whether each write landed is the server's race; that each is whole is
    // not.
    for u in b
        .run(ListUnits {
            include_archived: true,
        })
        .unwrap()
    {
        assert_eq!(b.run(GetUnit { id: u.id }).unwrap(), u);
    }
    assert!(b.run(Check {}).unwrap().is_clean());
}

#[test]
fn other_protocol_version_is_refused_by_the_server() {
    let (_dir, server) = started("version-server");
    let mut s = UnixStream::connect(&server.socket).unwrap();
    let hello = Hello {
        version: PROTOCOL_VERSION + 98,
        accepted: true,
    };
    s.write_all(&hello.to_bytes()).unwrap();
    let back = wire::read_hello(&mut s).unwrap().unwrap();
    assert_eq!(back.version, PROTOCOL_VERSION);
    assert!(!back.accepted);
    assert!(hung_up(&mut s));
    let log = server.log_text();
    assert!(
        log.contains(&format!("version {}", PROTOCOL_VERSION + 98)),
        "{log}"
    );
    assert!(
        log.contains(&format!("this server {PROTOCOL_VERSION}")),
        "{log}"
    );
}

#[test]
fn other_protocol_version_is_refused_by_the_client() {
    let dir = TempDir::new("version-client");
    let socket = dir.path().join("fake.sock");
    let listener = UnixListener::bind(&socket).unwrap();
    let fake = std::thread::spawn(move || {
        for _ in 0..2 {
            let (mut s, _) = listener.accept().unwrap();
            let mut hello = [0u8; 8];
            s.read_exact(&mut hello).unwrap();
            let ours = Hello {
                version: 99,
                accepted: false,
            };
            s.write_all(&ours.to_bytes()).unwrap();
        }
    });
    match RemoteBackend::connect(&socket) {
        Err(Error::ProtocolMismatch { client, server }) => {
            assert_eq!((client, server), (PROTOCOL_VERSION, 99));
        }
        other => panic!("expected a version mismatch, got {:?}", other.map(|_| ())),
    }
    let out = kit::ggw()
        .args(["--socket", socket.to_str().unwrap(), "units"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let msg = stderr(&out);
    assert!(
        msg.contains(&format!("第 {PROTOCOL_VERSION} 版")) && msg.contains("第 99 版"),
        "{msg}"
    );
    fake.join().unwrap();
}

#[test]
fn stale_socket_is_replaced_but_other_files_are_not() {
    let dir = TempDir::new("stale");
    let db = init_db(dir.path());
    let socket = dir.path().join("ggw.sock");
    drop(UnixListener::bind(&socket).unwrap());
    assert!(socket.exists());
    let server = Server::start(&db, &socket);
    still_serves(&server);
    assert!(server.terminate().success());

    let file = dir.path().join("not-a-socket");
    std::fs::write(&file, "keep me").unwrap();
    let out = kit::ggw()
        .args(["serve", "--db", db.to_str().unwrap()])
        .args(["--socket", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}

#[test]
fn a_second_server_refuses_plainly() {
    let (dir, server) = started("second");
    // Same database, another socket: the database is taken.
    let out = kit::ggw()
        .args(["serve", "--db", server.db.to_str().unwrap()])
        .args(["--socket", dir.path().join("other.sock").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("正由另一个 ggw 打开"),
        "{}",
        stderr(&out)
    );
    // Another database, the same socket: the socket is taken.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let other_db = init_db(&other);
    let out = kit::ggw()
        .args(["--lang", "en", "serve", "--db", other_db.to_str().unwrap()])
        .args(["--socket", server.socket.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("already running"), "{}", stderr(&out));
    still_serves(&server);
}

#[test]
fn sigterm_stops_cleanly_and_clients_fall_back_to_the_database() {
    let (_dir, server) = started("sigterm");
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&server.socket), 0o660);
    assert_eq!(mode(&server.db), 0o700);
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
    assert!(out.status.success(), "{}", stderr(&out));
    // While the server runs, the database is its alone.
    let db = server.db.clone();
    let socket = server.socket.clone();
    let local = kit::Ggw::new()
        .args([
            "--db",
            db.to_str().unwrap(),
            "--socket",
            "/nonexistent/ggw.sock",
            "units",
        ])
        .output();
    assert!(stderr(&local).contains("ggw serve"), "{}", stderr(&local));

    assert!(server.terminate().success());
    assert!(!socket.exists());
    let out = kit::Ggw::new()
        .args([
            "--db",
            db.to_str().unwrap(),
            "--socket",
            socket.to_str().unwrap(),
            "units",
        ])
        .output();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("新生乡"));
}
