//! Load on one `ggw serve`: 1, 4 and 20 clients, each doing 90% reads and
//! 10% writes as fast as answers come. Prints requests per second, p50 and
//! p99 latency, and the server's peak resident memory.
//!
//! cargo bench --bench server_load

use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ggw::api::units::{Children, CreateUnit, GetUnit, ListUnits, RenameUnit};
use ggw::backend::remote::RemoteBackend;
use ggw::backend::{Backend, BackendExt};
use ggw::domain::{UnitId, UnitKind};
use ggw::service::Request;

const OPS_PER_RUN: usize = 20_000;

fn ggw(args: &[&str]) {
    let ok = Command::new(env!("CARGO_BIN_EXE_ggw"))
        .args(args)
        .env_remove("GGW_SOCKET")
        .env_remove("GGW_DB")
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(ok, "ggw {args:?} failed");
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn peak_rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Latencies of reads and of writes.
type Latencies = (Vec<Duration>, Vec<Duration>);

/// One client: its own village to rename, every unit to read.
fn client(socket: &Path, k: usize, ops: usize, units: &[UnitId], township: UnitId) -> Latencies {
    let b = RemoteBackend::connect(socket).unwrap().unwrap();
    let mut mine = b
        .run(CreateUnit {
            parent: township,
            kind: UnitKind::Village,
            name: format!("压测村{k}"),
            short_name: None,
        })
        .unwrap();
    let (mut reads, mut writes) = (Vec::with_capacity(ops), Vec::with_capacity(ops / 10 + 1));
    for i in 0..ops {
        let start = Instant::now();
        if i % 10 == 9 {
            mine = b
                .run(RenameUnit {
                    id: mine.id,
                    rev: mine.rev,
                    name: format!("压测村{k}-{i}"),
                })
                .unwrap();
            writes.push(start.elapsed());
        } else {
            let id = units[(i * 7 + k) % units.len()];
            match i % 3 {
                0 => drop(b.run(GetUnit { id }).unwrap()),
                1 => drop(b.run(Children { id }).unwrap()),
                _ => drop(
                    b.call(Request::from(ListUnits {
                        include_archived: false,
                    }))
                    .unwrap(),
                ),
            }
            reads.push(start.elapsed());
        }
    }
    (reads, writes)
}

fn main() {
    let dir = std::env::temp_dir().join(format!("ggw-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("db");
    let socket = dir.join("ggw.sock");
    ggw(&["init", "--db", db.to_str().unwrap(), "--district", "爱辉区"]);
    let mut server = Command::new(env!("CARGO_BIN_EXE_ggw"))
        .args([
            "serve",
            "--db",
            db.to_str().unwrap(),
            "--socket",
            socket.to_str().unwrap(),
        ])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..1000 {
        if UnixStream::connect(&socket).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }

    // A district of realistic size: 12 townships of 15 villages.
    let admin = RemoteBackend::connect(&socket).unwrap().unwrap();
    let mut units = vec![UnitId(1)];
    let mut township = UnitId(1);
    for t in 0..12 {
        township = admin
            .run(CreateUnit {
                parent: UnitId(1),
                kind: UnitKind::Township,
                name: format!("乡{t}"),
                short_name: None,
            })
            .unwrap()
            .id;
        units.push(township);
        for v in 0..15 {
            units.push(
                admin
                    .run(CreateUnit {
                        parent: township,
                        kind: UnitKind::Village,
                        name: format!("村{t}-{v}"),
                        short_name: None,
                    })
                    .unwrap()
                    .id,
            );
        }
    }

    println!(
        "clients  requests  req/s     p50       p99       read p50  read p99  write p50 write p99"
    );
    for clients in [1usize, 4, 20] {
        let per = OPS_PER_RUN / clients;
        let start = Instant::now();
        let results: Vec<Latencies> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..clients)
                .map(|k| {
                    let (socket, units) = (&socket, &units);
                    s.spawn(move || client(socket, k + clients * 100, per, units, township))
                })
                .collect();
            hs.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let wall = start.elapsed();
        let mut reads: Vec<Duration> = results.iter().flat_map(|r| r.0.clone()).collect();
        let mut writes: Vec<Duration> = results.iter().flat_map(|r| r.1.clone()).collect();
        let mut all: Vec<Duration> = reads.iter().chain(&writes).copied().collect();
        for v in [&mut all, &mut reads, &mut writes] {
            v.sort();
        }
        println!(
            "{clients:>7}  {:>8}  {:>8.0}  {:>8.2?}  {:>8.2?}  {:>8.2?}  {:>8.2?}  {:>8.2?}  {:>8.2?}",
            all.len(),
            all.len() as f64 / wall.as_secs_f64(),
            percentile(&all, 0.50),
            percentile(&all, 0.99),
            percentile(&reads, 0.50),
            percentile(&reads, 0.99),
            percentile(&writes, 0.50),
            percentile(&writes, 0.99),
        );
    }
    drop(admin);
    println!("server peak RSS: {} MiB", peak_rss_kib(server.id()) / 1024);
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
