//! Standings at scale: one peer group of one period, cold (the database just
//! opened) and warm (asked again), and after an activity is added (the kept
//! counts brought up to date, not recounted), on a database `ggw gen` made.
//!
//! GGW_BENCH_DB=/tmp/bench-prov.db cargo bench --bench scores
//!
//! The example rulebook is stored for last year if the database has none.

use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Datelike;
use ggw::api::scores::{GetStandings, ListPeriods, SetRules};
use ggw::api::units::ListUnits;
use ggw::api::work::AddWork;
use ggw::backend::remote::RemoteBackend;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::UnitKind;
use ggw::domain::day::Day;
use ggw::domain::rules::{DEFAULT_RULES, PeerGroup, moved_to_year};
use ggw::domain::work::ActivityKind;
use ggw::domain::work_item::{ActivityDraft, WorkDraft};
use ggw::service::{Actor, Service};
use ggw::store::OpenOptions;

fn open(path: &str) -> (LocalBackend, Duration) {
    let t = Instant::now();
    let service = Service::open(std::path::Path::new(path), &OpenOptions::default()).unwrap();
    (
        LocalBackend::from_service(service, Actor::new("bench")),
        t.elapsed(),
    )
}

fn standings(b: &LocalBackend, year: i32, group: PeerGroup) -> (Duration, usize) {
    let t = Instant::now();
    let s = b
        .run(GetStandings {
            period: Some(year.to_string()),
            group,
        })
        .unwrap();
    (t.elapsed(), s.rows.len())
}

/// An activity no run has added before (the same title on the same day
/// would be refused as a repeat).
fn activity(unit: ggw::domain::UnitId, date: Day, title: &str, i: usize) -> AddWork {
    AddWork {
        draft: WorkDraft::Activity(ActivityDraft {
            unit,
            date,
            title: format!("{title}{}-{i}", std::process::id()),
            theme: String::new(),
            kind: ActivityKind::Education,
            online: false,
            place: String::new(),
            youths: 10,
            elders: vec![],
            notes: String::new(),
        }),
    }
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn main() {
    let Ok(path) = std::env::var("GGW_BENCH_DB") else {
        eprintln!("set GGW_BENCH_DB to a database `ggw gen` made");
        return;
    };
    let year = Day::today().date().year() - 1;
    {
        let (b, _) = open(&path);
        let known = b.run(ListPeriods {}).unwrap();
        if !known.iter().any(|p| p.from.date().year() == year) {
            let text = moved_to_year(DEFAULT_RULES, year).unwrap();
            b.run(SetRules { period: None, text }).unwrap();
        }
    }
    let (b, opened) = open(&path);
    println!("open: {:.0} ms", opened.as_secs_f64() * 1e3);
    let (cold, rows) = standings(&b, year, PeerGroup::Township);
    println!(
        "township standings {year}, cold: {:.0} ms ({rows} rows)",
        cold.as_secs_f64() * 1e3
    );
    let (warm, _) = standings(&b, year, PeerGroup::Township);
    println!(
        "township standings, warm: {:.2} ms",
        warm.as_secs_f64() * 1e3
    );
    let (village, rows) = standings(&b, year, PeerGroup::Village);
    println!(
        "village standings, counts kept: {:.0} ms ({rows} rows)",
        village.as_secs_f64() * 1e3
    );
    let units = b
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap();
    let village_unit = units.iter().find(|u| u.kind == UnitKind::Village).unwrap();
    let mut after = Vec::new();
    for i in 0..5 {
        b.run(activity(
            village_unit.id,
            Day::ymd(year, 6, 1).unwrap(),
            "基准测试活动",
            i,
        ))
        .unwrap();
        after.push(standings(&b, year, PeerGroup::Township).0);
    }
    after.sort();
    println!(
        "township standings after adding an activity: median {:.1} ms, max {:.1} ms",
        after[after.len() / 2].as_secs_f64() * 1e3,
        after.last().unwrap().as_secs_f64() * 1e3
    );
    let (elders, rows) = standings(&b, year, PeerGroup::Elder);
    println!(
        "elder standings, cold: {:.0} ms ({rows} rows)",
        elders.as_secs_f64() * 1e3
    );
    println!("peak RSS: {:.0} MiB", peak_rss_mib());
    drop(b);
    through_server(&path, year, village_unit.id);
}

/// The 积分 tab's refresh as another user sees it: one client adds an
/// activity through `ggw serve`, another asks for the standings again.
fn through_server(path: &str, year: i32, village: ggw::domain::UnitId) {
    let dir = std::env::temp_dir().join(format!("ggw-scores-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let socket = dir.join("ggw.sock");
    let mut server = Command::new(env!("CARGO_BIN_EXE_ggw"))
        .args(["serve", "--db", path, "--socket"])
        .arg(&socket)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..3000 {
        if UnixStream::connect(&socket).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let writer = RemoteBackend::connect(&socket).unwrap().unwrap();
    let reader = RemoteBackend::connect(&socket).unwrap().unwrap();
    let ask = || {
        let t = Instant::now();
        reader
            .run(GetStandings {
                period: Some(year.to_string()),
                group: PeerGroup::Township,
            })
            .unwrap();
        t.elapsed()
    };
    let cold = ask();
    let warm = ask();
    let mut after = Vec::new();
    for i in 0..5 {
        writer
            .run(activity(
                village,
                Day::ymd(year, 7, 1).unwrap(),
                "服务器基准活动",
                i,
            ))
            .unwrap();
        after.push(ask());
    }
    after.sort();
    println!(
        "through ggw serve: cold {:.0} ms, warm {:.1} ms, after another client's activity: median {:.1} ms, max {:.1} ms",
        cold.as_secs_f64() * 1e3,
        warm.as_secs_f64() * 1e3,
        after[after.len() / 2].as_secs_f64() * 1e3,
        after.last().unwrap().as_secs_f64() * 1e3
    );
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
