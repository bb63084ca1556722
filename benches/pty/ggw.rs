//! ggw's own figures at each scale: generating, size on disk, `ggw check`,
//! a read command, and the full-screen program in the pty.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::measure::{self, Key, Scenario, UiFigures};

#[derive(Default)]
pub struct ScaleFigures {
    pub scale: &'static str,
    pub generate: Option<Duration>,
    pub generate_rss_kib: Option<u64>,
    pub size_bytes: Option<u64>,
    pub check: Option<Duration>,
    pub check_rss_kib: Option<u64>,
    pub units_cmd: Option<Duration>,
    pub report: Option<Duration>,
    pub report_rss_kib: Option<u64>,
    /// What `ggw gen` says it made, kind by kind.
    pub generated: Vec<(String, u64)>,
    pub ui: UiFigures,
}

/// Runs a command to its end: wall time, peak RSS (from wait4), success.
fn run_measured(cmd: &mut Command) -> Option<(Duration, u64)> {
    run_measured_to(cmd, Stdio::null())
}

fn run_measured_to(cmd: &mut Command, stdout: Stdio) -> Option<(Duration, u64)> {
    let started = Instant::now();
    let child = cmd
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data, valid when zeroed.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped; both pointers are to
    // live locals. std's Child is never waited on after this.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let elapsed = started.elapsed();
    let ok = r == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    ok.then_some((elapsed, usage.ru_maxrss as u64))
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn dir_size(path: &Path) -> Option<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(path).ok()? {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        total += if meta.is_dir() {
            dir_size(&entry.path())?
        } else {
            meta.len()
        };
    }
    Some(total)
}

fn median(mut v: Vec<Duration>) -> Option<Duration> {
    v.sort();
    v.get(v.len() / 2).copied()
}

/// The keys of keymaps/default.toml for each measured action, kept here
/// as bytes so the harness needs nothing from the program it measures.
/// Tabs start at 组织 (the tree); Tab goes 组织 → 五老 → 会议 → 工作 → 三创 → 积分 → 组织.
pub fn scenarios() -> Vec<Scenario> {
    let keys = |ks: &[&'static [u8]]| ks.iter().map(|k| Key::Bytes(k)).collect::<Vec<_>>();
    vec![
        Scenario {
            label: "tree move",
            keys: vec![Key::Down; 20],
        },
        // Thirteen switches: round the six tabs twice, ending on 五老.
        Scenario {
            label: "tab switch",
            keys: vec![Key::Bytes(b"\t"); 13],
        },
        // The roster's search form: `/`, then pinyin initials (王建华 is
        // wjh), then the name itself; the roster is filtered on Enter.
        Scenario {
            label: "search keystroke",
            keys: keys(&[
                b"/",
                b"w",
                b"j",
                b"h",
                b"\x15",
                "王".as_bytes(),
                "建".as_bytes(),
                "华".as_bytes(),
            ]),
        },
        Scenario {
            label: "search enter",
            keys: keys(&[b"\r"]),
        },
        // From 五老 past 会议 to 工作, whose first visit reads its list.
        Scenario {
            label: "to work",
            keys: keys(&[b"\t", b"\t"]),
        },
        Scenario {
            label: "work move",
            keys: vec![Key::Down; 20],
        },
        // From 工作 past 三创 to 积分, whose first visit reads the standings
        // of the period `gen` stored a rulebook for.
        Scenario {
            label: "to scores",
            keys: keys(&[b"\t", b"\t"]),
        },
        Scenario {
            label: "scores move",
            keys: vec![Key::Down; 20],
        },
    ]
}

pub fn measure_scale(
    bin: &str,
    work: &Path,
    scale: &'static str,
    ui: bool,
    idle: Duration,
) -> ScaleFigures {
    let db = work.join(format!("{scale}.db"));
    let _ = std::fs::remove_dir_all(&db);
    let mut fig = ScaleFigures {
        scale,
        ..ScaleFigures::default()
    };
    let ggw = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.arg("--db").arg(&db).args(args).env_remove("GGW_DB");
        c
    };
    // A database made earlier by `ggw gen` at this scale, copied rather
    // than generated again (a province takes many minutes to generate).
    let given = std::env::var(format!("GGW_BENCH_DB_{}", scale.to_uppercase())).ok();
    if let Some(src) = given {
        eprintln!("copying {src} …");
        if copy_dir(Path::new(&src), &db).is_err() {
            eprintln!("cannot copy {src}");
            return fig;
        }
        return measure_db(bin, work, &db, fig, ui, idle);
    }
    eprintln!("ggw gen --scale {scale} …");
    let summary = work.join(format!("{scale}-gen.txt"));
    let out = std::fs::File::create(&summary).map_or_else(|_| Stdio::null(), Stdio::from);
    if let Some((t, rss)) =
        run_measured_to(&mut ggw(&["gen", "--scale", scale, "--seed", "1"]), out)
    {
        fig.generate = Some(t);
        fig.generate_rss_kib = Some(rss);
        fig.generated = std::fs::read_to_string(&summary)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                let (kind, n) = l.split_once('\t')?;
                Some((kind.to_string(), n.parse().ok()?))
            })
            .collect();
    } else {
        eprintln!("ggw gen --scale {scale} failed");
        return fig;
    }
    measure_db(bin, work, &db, fig, ui, idle)
}

fn measure_db(
    bin: &str,
    work: &Path,
    db: &Path,
    mut fig: ScaleFigures,
    ui: bool,
    idle: Duration,
) -> ScaleFigures {
    let scale = fig.scale;
    let ggw = |args: &[&str]| {
        let mut c = Command::new(bin);
        c.arg("--db").arg(db).args(args).env_remove("GGW_DB");
        c
    };
    fig.size_bytes = dir_size(db);
    // Only the full-screen program, when the commands' figures are known.
    if std::env::var_os("GGW_BENCH_ONLY_UI").is_some() {
        if ui {
            fig.ui = measure_ui(bin, work, db, scale, idle);
        }
        return fig;
    }
    let mut checks = Vec::new();
    let mut units = Vec::new();
    for _ in 0..3 {
        if let Some((t, rss)) = run_measured(&mut ggw(&["check"])) {
            checks.push(t);
            fig.check_rss_kib = fig.check_rss_kib.max(Some(rss));
        }
        if let Some((t, _)) = run_measured(&mut ggw(&["units"])) {
            units.push(t);
        }
    }
    fig.check = median(checks);
    fig.units_cmd = median(units);
    // The whole ten years the generator writes, not only this year.
    let mut reports = Vec::new();
    for _ in 0..3 {
        let report = ["report", "--from", "2016-01-01", "--to", "2026-12-31"];
        if let Some((t, rss)) = run_measured(&mut ggw(&report)) {
            reports.push(t);
            fig.report_rss_kib = fig.report_rss_kib.max(Some(rss));
        }
    }
    fig.report = median(reports);
    if ui {
        fig.ui = measure_ui(bin, work, db, scale, idle);
    }
    fig
}

fn measure_ui(bin: &str, work: &Path, db: &Path, scale: &str, idle: Duration) -> UiFigures {
    eprintln!("ggw in a pty at {scale} scale …");
    let args = vec!["--db".to_string(), db.display().to_string()];
    // The pty's locale is C.UTF-8: the program speaks Chinese.
    let busy = ["正在打开数据库", "正在读取"];
    measure::measure(bin, &args, work, &[], &scenarios(), idle, &busy)
}
