//! Hostile clients against `ggw serve`, on loopback and bounded in count and
//! time: idle strangers, too many connections, frames that never end, a
//! flood of garbage, and a server short of threads or file descriptors. The
//! server turns the newcomer away with a message and keeps serving.
//!
//! `hostile_clients_run` is also the torture script's long run:
//! GGW_HOSTILE_CONNECTIONS sets its count (300 here, 7,000 there).

use crate::kit;

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};

use ggw::api::admin::Check;
use ggw::api::units::{CreateUnit, ListUnits};
use ggw::backend::remote::RemoteBackend;
use ggw::backend::{Backend, BackendExt};
use ggw::domain::{UnitId, UnitKind};
use ggw::error::{Busy, Error};
use ggw::server::wire::{self, Hello, PROTOCOL_VERSION, ServerFrame};
use ggw::service::Request;
use kit::{Server, TempDir, init_db, stderr};
use rustix::process::{Pid, Resource, Rlimit, prlimit};

const MIB: u64 = 1024 * 1024;

fn started(tag: &str, extra: &[&str]) -> (TempDir, Server) {
    let dir = TempDir::new(tag);
    let db = init_db(dir.path());
    let server = Server::start_with(&db, &dir.path().join("ggw.sock"), extra);
    (dir, server)
}

fn pid(server: &Server) -> Pid {
    Pid::from_raw(server.child.id() as i32).unwrap()
}

/// A field of /proc/PID/status in bytes (VmRSS, VmHWM, VmSize).
fn status_bytes(server: &Server, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(&format!("{field}:")))
        .unwrap_or_else(|| panic!("no {field} in {status}"));
    let kb: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kb * 1024
}

/// A connection that has said hello and been welcomed.
fn greeted(server: &Server) -> UnixStream {
    let mut s = UnixStream::connect(&server.socket).unwrap();
    let hello = Hello {
        version: PROTOCOL_VERSION,
        accepted: true,
    };
    s.write_all(&hello.to_bytes()).unwrap();
    assert!(wire::read_hello(&mut s).unwrap().unwrap().accepted);
    let welcome: ServerFrame = wire::read_frame(&mut s, wire::MAX_REPLY).unwrap();
    assert!(
        matches!(welcome, ServerFrame::Welcome(Ok(_))),
        "{welcome:?}"
    );
    s
}

/// Reads until the server hangs up (true) or `limit` passes (false).
fn hung_up_within(s: &mut UnixStream, limit: Duration) -> bool {
    s.set_read_timeout(Some(limit)).unwrap();
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

fn still_serves(server: &Server) {
    let out = server.client(&["units"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

fn connect_result(server: &Server) -> Result<RemoteBackend, Error> {
    RemoteBackend::connect(&server.socket).map(|b| b.expect("server listening"))
}

/// A request larger than what is read without asking the memory budget.
fn large_request() -> Request {
    Request::from(CreateUnit {
        parent: UnitId(1),
        kind: UnitKind::Township,
        name: "长".repeat(200_000),
        short_name: None,
    })
}

#[test]
fn idle_strangers_do_not_lock_out_an_admin() {
    let (_dir, server) = started("idle", &[]);
    // Few descriptors, as on a machine where 1,019 idle connections were
    // enough: each stranger holds two while it waits.
    let few = Rlimit {
        current: Some(256),
        maximum: Some(256),
    };
    prlimit(Some(pid(&server)), Resource::Nofile, few).unwrap();
    let mut idle: Vec<UnixStream> = (0..400)
        .map(|_| UnixStream::connect(&server.socket).unwrap())
        .collect();
    still_serves(&server);
    let log = server.log_text();
    assert!(log.contains("最早的连接"), "{log}");
    // The newest stranger, not evicted, is still dropped for saying nothing.
    let last = idle.last_mut().unwrap();
    assert!(hung_up_within(last, Duration::from_secs(60)));
    still_serves(&server);
}

#[test]
fn a_user_over_their_limit_is_refused_with_a_message() {
    let (_dir, server) = started("per-user", &["--max-per-user", "3"]);
    let held: Vec<RemoteBackend> = (0..3).map(|_| server.connect()).collect();
    match connect_result(&server) {
        Err(Error::ServerBusy {
            reason: Busy::UserConnections { limit: 3, .. },
        }) => {}
        other => panic!("expected the per-user limit, got {:?}", other.map(|_| ())),
    }
    let out = server.client(&["units"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("每个用户的上限"), "{}", stderr(&out));
    let out = server.client(&["--lang", "en", "units"]);
    assert!(
        stderr(&out).contains("as many as one user may"),
        "{}",
        stderr(&out)
    );
    drop(held);
    // The three gone, the user is served again.
    let mut served = false;
    for _ in 0..50 {
        if server.client(&["units"]).status.success() {
            served = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(served, "{}", server.log_text());
}

#[test]
fn a_full_server_refuses_with_a_message_and_stays_up() {
    // The test's user runs the server, so it is an administrator and gets
    // the reserve beyond the limit: 2 + 8.
    let (_dir, server) = started("full", &["--max-connections", "2", "--max-per-user", "100"]);
    let held: Vec<RemoteBackend> = (0..10).map(|_| server.connect()).collect();
    match connect_result(&server) {
        Err(Error::ServerBusy {
            reason: Busy::Connections { limit: 2 },
        }) => {}
        other => panic!("expected the server's limit, got {:?}", other.map(|_| ())),
    }
    let out = server.client(&["units"]);
    assert!(stderr(&out).contains("服务器已满"), "{}", stderr(&out));
    // Those inside are still served.
    assert!(
        !held[0]
            .run(ListUnits {
                include_archived: false
            })
            .unwrap()
            .is_empty()
    );
    drop(held);
    std::thread::sleep(Duration::from_millis(200));
    still_serves(&server);
}

#[test]
fn unfinished_frames_are_held_within_the_memory_budget() {
    let (_dir, server) = started(
        "budget",
        &["--request-memory", "16", "--max-per-user", "64"],
    );
    let before = status_bytes(&server, "VmRSS");
    let announced: u32 = 16 * 1024 * 1024;
    let attackers: Vec<UnixStream> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..30)
            .map(|_| {
                s.spawn(|| {
                    let mut c = greeted(&server);
                    c.set_write_timeout(Some(Duration::from_secs(60))).unwrap();
                    c.write_all(&announced.to_le_bytes()).unwrap();
                    let body = vec![0u8; announced as usize - 1];
                    c.write_all(&body).unwrap();
                    c
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    // All but one byte of 30 × 16 MiB went in. The server holds at most
    // the budget, 64 KiB per connection read freely, and its own
    // workings.
    let peak = status_bytes(&server, "VmHWM");
    println!(
        "unfinished frames: 30 × 16 MiB announced, all but a byte sent; peak RSS {} MiB (from {} MiB)",
        peak / MIB,
        before / MIB
    );
    let bound = 16 * MIB + 30 * 64 * 1024 + 32 * MIB;
    assert!(
        peak.saturating_sub(before) < bound,
        "peak {} MiB from {} MiB, bound {} MiB",
        peak / MIB,
        before / MIB,
        bound / MIB
    );
    // Meanwhile a large request is refused with a message, not queued
    // without end; a small one is served.
    let b = server.connect();
    assert!(
        !b.run(ListUnits {
            include_archived: false
        })
        .unwrap()
        .is_empty()
    );
    match b.call(large_request()) {
        Err(Error::ServerBusy {
            reason: Busy::RequestMemory,
        }) => {}
        other => panic!("expected a busy server, got {other:?}"),
    }
    assert!(server.log_text().contains("内存已被占满"));
    drop(attackers);
    // The budget comes back once they are gone.
    let mut answered = None;
    for _ in 0..20 {
        match b.call(large_request()) {
            Err(Error::ServerBusy { .. }) => std::thread::sleep(Duration::from_millis(200)),
            other => {
                answered = Some(other);
                break;
            }
        }
    }
    match answered {
        Some(Err(e)) => assert!(
            matches!(
                e,
                Error::NameTooWide { .. } | Error::TextTooLong { .. } | Error::TooLong { .. }
            ),
            "{e:?}"
        ),
        other => panic!("the large request should reach validation: {other:?}"),
    }
}

#[test]
fn a_flood_of_bad_connections_is_summarised_in_the_log() {
    let (_dir, server) = started("logflood", &[]);
    let bad = 100;
    for _ in 0..bad {
        let mut s = UnixStream::connect(&server.socket).unwrap();
        s.write_all(b"GET / HTTP/1.0\r\n\r\n").unwrap();
        assert!(hung_up_within(&mut s, Duration::from_secs(30)));
    }
    still_serves(&server);
    let log_file = server.log.clone();
    assert!(server.terminate().success());
    let log = std::fs::read_to_string(log_file).unwrap();
    let shown = log.lines().filter(|l| l.contains("已断开")).count();
    let held_back: usize = log
        .lines()
        .filter_map(|l| {
            let rest = l.split("另有 ").nth(1)?;
            rest.split(' ').next()?.parse::<usize>().ok()
        })
        .sum();
    assert!(shown <= 40, "{shown} lines: {log}");
    assert_eq!(shown + held_back, bad, "{log}");
}

// An address-space ceiling fails whichever allocation meets it first; on
// a loaded machine that can be one Rust cannot survive, which aborts the
// server. Run alone, as scripts/torture.sh does, it is deterministic.
#[test]
#[ignore = "needs an idle machine: run by scripts/torture.sh"]
fn a_thread_that_cannot_start_refuses_one_client_not_the_server() {
    // The address-space ceiling fails whatever allocation meets it first:
    // on a busy machine that is now and then not the new thread's stack
    // but a buffer of the connection, which then ends without its message.
    // A fresh server is tried again then; the refusal must come.
    for attempt in 1..=3 {
        match refusal_for_want_of_a_thread() {
            Some(Error::ServerBusy {
                reason: Busy::Resources { .. },
            }) => return,
            Some(Error::Disconnected { .. }) if attempt < 3 => continue,
            other => panic!("expected a refusal for want of a thread, got {other:?}"),
        }
    }
}

/// A server held to its address space connects clients until one is
/// refused; it then serves again and has logged why.
fn refusal_for_want_of_a_thread() -> Option<Error> {
    let (_dir, server) = started("nothread", &[]);
    // A ceiling on address space just above what the server uses: a new
    // thread's stack does not fit, small allocations still do.
    let size = status_bytes(&server, "VmSize");
    let tight = Rlimit {
        current: Some(size + MIB),
        maximum: rustix::process::getrlimit(Resource::As).maximum,
    };
    let before = prlimit(Some(pid(&server)), Resource::As, tight).unwrap();
    let mut held = Vec::new();
    let mut refused = None;
    for _ in 0..20 {
        match connect_result(&server) {
            Ok(b) => held.push(b),
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    prlimit(Some(pid(&server)), Resource::As, before).unwrap();
    drop(held);
    still_serves(&server);
    if matches!(refused, Some(Error::ServerBusy { .. })) {
        assert!(
            server.log_text().contains("无法创建"),
            "{}",
            server.log_text()
        );
    }
    refused
}

#[test]
fn out_of_descriptors_says_so_not_no_account() {
    let (_dir, server) = started("nofd", &[]);
    let fds = || -> Vec<u32> {
        let mut open: Vec<u32> = std::fs::read_dir(format!("/proc/{}/fd", server.child.id()))
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .collect();
        open.sort();
        open
    };
    // The start-up probe's connection comes and goes: wait till it has.
    let mut open = fds();
    for _ in 0..50 {
        std::thread::sleep(Duration::from_millis(100));
        let now = fds();
        if now == open {
            break;
        }
        open = now;
    }
    // Room for exactly two more: the accepted socket and its copy. The
    // user list is the third.
    let mut free = 0;
    let mut limit = 0u64;
    for n in 0.. {
        if !open.contains(&n) {
            free += 1;
            if free == 2 {
                limit = u64::from(n) + 1;
                break;
            }
        }
    }
    // The server inherited this process's hard limit.
    let tight = Rlimit {
        current: Some(limit),
        maximum: rustix::process::getrlimit(Resource::Nofile).maximum,
    };
    let before = prlimit(Some(pid(&server)), Resource::Nofile, tight).unwrap();
    let got = connect_result(&server);
    prlimit(Some(pid(&server)), Resource::Nofile, before).unwrap();
    match got {
        Err(Error::ServerBusy {
            reason: Busy::Resources { detail },
        }) => assert!(detail.contains("/etc/passwd"), "{detail}"),
        other => panic!("expected out of resources, got {:?}", other.map(|_| ())),
    }
    let msg = Error::ServerBusy {
        reason: Busy::Resources { detail: "x".into() },
    };
    assert!(msg.message(ggw::lang::Lang::Zh).contains("服务器资源不足"));
    assert!(
        server.log_text().contains("/etc/passwd"),
        "{}",
        server.log_text()
    );
    still_serves(&server);
}

/// What one hostile client does.
#[derive(Clone, Copy, Debug)]
enum Hostile {
    Garbage,
    Silent,
    CloseAtOnce,
    WrongVersion,
    HalfHello,
    OversizedFrame,
    BadFrame,
    UnfinishedFrame,
}

const KINDS: [Hostile; 8] = [
    Hostile::Garbage,
    Hostile::Silent,
    Hostile::CloseAtOnce,
    Hostile::WrongVersion,
    Hostile::HalfHello,
    Hostile::OversizedFrame,
    Hostile::BadFrame,
    Hostile::UnfinishedFrame,
];

/// Plays one hostile client: `None` if it could not even connect, else the
/// connection if it is to be held open, and whether the server turned it
/// away with a busy message.
fn play(server: &Server, kind: Hostile, n: usize) -> Option<(Option<UnixStream>, bool)> {
    let mut s = UnixStream::connect(&server.socket).ok()?;
    let _ = s.set_write_timeout(Some(Duration::from_secs(10)));
    let hello = Hello {
        version: PROTOCOL_VERSION,
        accepted: true,
    }
    .to_bytes();
    let mut busy = false;
    let mut greet = |s: &mut UnixStream| -> bool {
        if s.write_all(&hello).is_err() {
            return false;
        }
        let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
        if !matches!(wire::read_hello(s), Ok(Some(_))) {
            return false;
        }
        match wire::read_frame::<ServerFrame>(s, wire::MAX_REPLY) {
            Ok(ServerFrame::Welcome(Ok(_))) => true,
            Ok(ServerFrame::Welcome(Err(Error::ServerBusy { .. }))) => {
                busy = true;
                false
            }
            _ => false,
        }
    };
    let keep = match kind {
        Hostile::Garbage => {
            let _ = s.write_all(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage");
            false
        }
        Hostile::Silent => true,
        Hostile::CloseAtOnce => false,
        Hostile::WrongVersion => {
            let other = Hello {
                version: PROTOCOL_VERSION + 1 + (n % 50) as u16,
                accepted: true,
            };
            let _ = s.write_all(&other.to_bytes());
            false
        }
        Hostile::HalfHello => {
            let _ = s.write_all(&hello[..3]);
            true
        }
        Hostile::OversizedFrame => {
            if greet(&mut s) {
                let _ = s.write_all(&u32::MAX.to_le_bytes());
            }
            false
        }
        Hostile::BadFrame => {
            if greet(&mut s) {
                let _ = s.write_all(&[5, 0, 0, 0, 0xff, 0xfe, 0xfd, 0xfc, 0xfb]);
            }
            false
        }
        Hostile::UnfinishedFrame => {
            let ok = greet(&mut s);
            if ok {
                let size: u32 = 2 * 1024 * 1024;
                let _ = s.write_all(&size.to_le_bytes());
                // As much as the server takes now: short of budget, it
                // stops reading, and this client does not wait for it.
                let _ = s.set_nonblocking(true);
                let body = vec![0u8; size as usize - 1];
                let mut sent = 0;
                while let Ok(n) = s.write(&body[sent..]) {
                    sent += n;
                    if n == 0 || sent == body.len() {
                        break;
                    }
                }
            }
            ok
        }
    };
    Some((keep.then_some(s), busy))
}

#[test]
fn hostile_clients_run() {
    let count: usize = std::env::var("GGW_HOSTILE_CONNECTIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let budget_mib: u32 = 16;
    let (_dir, server) = started(
        "hostile",
        &[
            "--request-memory",
            &budget_mib.to_string(),
            "--max-connections",
            "64",
            "--max-per-user",
            "48",
        ],
    );
    let before = status_bytes(&server, "VmRSS");
    let started_at = Instant::now();
    let threads = 8;
    let (refusals, failed_connects) = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let server = &server;
                s.spawn(move || {
                    let mut kept: Vec<UnixStream> = Vec::new();
                    let (mut busy, mut failed) = (0usize, 0usize);
                    for n in (t..count).step_by(threads) {
                        match play(server, KINDS[n % KINDS.len()], n) {
                            None => failed += 1,
                            Some((held, refused)) => {
                                busy += usize::from(refused);
                                kept.extend(held);
                            }
                        }
                        // Each thread keeps its last few open, the rest go.
                        if kept.len() > 16 {
                            kept.remove(0);
                        }
                    }
                    (busy, failed)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
    });
    let elapsed = started_at.elapsed();
    let peak = status_bytes(&server, "VmHWM");
    // An admin's command is served at once after the storm.
    still_serves(&server);
    let b = server.connect();
    assert!(b.run(Check {}).unwrap().is_clean());
    drop(b);
    let log_file = server.log.clone();
    assert!(server.terminate().success(), "the server survived");
    let log = std::fs::read_to_string(log_file).unwrap();
    let lines = log.lines().count();
    println!(
        "hostile clients: {count} connections in {:.1} s, {refusals} turned away as busy, \
         peak RSS {} MiB (from {} MiB), {lines} log lines, {failed_connects} failed connects",
        elapsed.as_secs_f64(),
        peak / MIB,
        before / MIB
    );
    // The budget, 64 KiB for each connection that may be reading, and an
    // allowance for the allocator: glibc keeps large buffers freed by one
    // thread in that thread's arena (up to eight per core) rather than
    // giving them back, 40 to 60 MiB in this run.
    let bound = u64::from(budget_mib) * MIB + (64 + 8 + 64) * 64 * 1024 + 64 * MIB;
    assert!(
        peak.saturating_sub(before) < bound,
        "peak {} MiB from {} MiB",
        peak / MIB,
        before / MIB
    );
    // Twenty lines a minute, the rest summarised: the journal sees a few
    // dozen lines, not one per connection.
    let minutes = elapsed.as_secs() / 60 + 2;
    assert!(
        (lines as u64) < 10 + minutes * 25,
        "{lines} log lines in {minutes} minutes"
    );
}
