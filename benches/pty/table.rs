//! The one table, in Markdown, and the machine it was measured on.

use std::time::Duration;

use crate::ggw::ScaleFigures;
use crate::measure::{UiFigures, mean, percentile};

pub fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        })
        .map_or("unknown".into(), |kib| {
            format!("{:.1} GiB", kib as f64 / 1048576.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease")
        .unwrap_or_default()
        .trim()
        .to_string();
    format!(
        "Measured {} on {cores} cores ({cpu}), {mem} memory, Linux {kernel}; terminal 80×24.\n",
        chrono::Utc::now().format("%Y-%m-%d %H:%M UTC")
    )
}

fn ms(d: Option<Duration>) -> String {
    d.map_or("—".into(), |d| {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    })
}

fn secs(d: Option<Duration>) -> String {
    d.map_or("—".into(), |d| format!("{:.2} s", d.as_secs_f64()))
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("—".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
}

fn bytes_mib(b: Option<u64>) -> String {
    b.map_or("—".into(), |b| format!("{:.2} MiB", b as f64 / 1048576.0))
}

fn ui_ok(ui: &UiFigures) -> bool {
    ui.note.is_none() && ui.first_frame.is_some()
}

fn key_bytes(ui: &UiFigures, label: &str) -> String {
    let Some((_, k)) = ui.keys.iter().find(|(l, _)| *l == label) else {
        return "—".into();
    };
    match (mean(&k.bytes), k.bytes.iter().max()) {
        (Some(m), Some(x)) => format!("{m:.0} / {x} B"),
        _ => "—".into(),
    }
}

fn key_latency(ui: &UiFigures, label: &str) -> String {
    let Some((_, k)) = ui.keys.iter().find(|(l, _)| *l == label) else {
        return "—".into();
    };
    match (
        percentile(&k.latencies, 50.0),
        percentile(&k.latencies, 99.0),
    ) {
        (Some(a), Some(b)) => format!(
            "{:.1} / {:.1} ms",
            a.as_secs_f64() * 1000.0,
            b.as_secs_f64() * 1000.0
        ),
        _ => "—".into(),
    }
}

type Cell<'a, T> = &'a dyn Fn(&T) -> String;

pub fn render(
    scales: &[ScaleFigures],
    peers: &[(&str, String, UiFigures)],
    idle: Duration,
) -> String {
    let mut head = vec!["measure".to_string()];
    head.extend(scales.iter().map(|s| format!("ggw {}", s.scale)));
    head.extend(peers.iter().map(|(n, v, _)| format!("{n} ({v})")));
    let mut rows: Vec<Vec<String>> = Vec::new();

    let data_row = |label: &str, cell: Cell<ScaleFigures>| -> Vec<String> {
        let mut r = vec![label.to_string()];
        r.extend(scales.iter().map(cell));
        r.extend(peers.iter().map(|_| "—".to_string()));
        r
    };
    rows.push(data_row(
        "generated: units below the root / elders / team posts / meetings held",
        &|s| {
            let n = |k: &str| {
                s.generated
                    .iter()
                    .find(|(kind, _)| kind == k)
                    .map_or("—".to_string(), |(_, n)| n.to_string())
            };
            format!(
                "{} / {} / {} / {}",
                n("units"),
                n("elders"),
                n("positions"),
                n("meetings")
            )
        },
    ));
    rows.push(data_row("`ggw gen` time", &|s| secs(s.generate)));
    rows.push(data_row("`ggw gen` peak RSS", &|s| mib(s.generate_rss_kib)));
    rows.push(data_row("database size on disk", &|s| {
        bytes_mib(s.size_bytes)
    }));
    rows.push(data_row("`ggw check` time (median of 3)", &|s| ms(s.check)));
    rows.push(data_row("`ggw check` peak RSS", &|s| mib(s.check_rss_kib)));
    rows.push(data_row("`ggw units` start to exit (median of 3)", &|s| {
        ms(s.units_cmd)
    }));
    rows.push(data_row(
        "`ggw report`, ten years: time (median of 3)",
        &|s| ms(s.report),
    ));
    rows.push(data_row(
        "`ggw report` peak RSS",
        &|s| mib(s.report_rss_kib),
    ));

    let ui_row = |label: &str, cell: Cell<UiFigures>, ggw_only: bool| -> Vec<String> {
        let mut r = vec![label.to_string()];
        r.extend(scales.iter().map(|s| {
            if ui_ok(&s.ui) {
                cell(&s.ui)
            } else {
                "failed".into()
            }
        }));
        r.extend(peers.iter().map(|(_, _, f)| {
            if ggw_only {
                "—".into()
            } else if ui_ok(f) {
                cell(f)
            } else {
                "failed".into()
            }
        }));
        r
    };
    rows.push(ui_row(
        &format!(
            "first complete frame (median of {} starts)",
            crate::measure::FIRST_FRAME_STARTS
        ),
        &|u| ms(u.first_frame),
        false,
    ));
    rows.push(ui_row(
        "bytes of the first frame",
        &|u| format!("{} B", u.first_bytes),
        false,
    ));
    rows.push(ui_row(
        "bytes per tree move / Down (mean / max of 20)",
        &|u| {
            let k = if u.keys.iter().any(|(l, _)| *l == "tree move") {
                "tree move"
            } else {
                "move"
            };
            key_bytes(u, k)
        },
        false,
    ));
    rows.push(ui_row(
        "tree move / Down to frame (median / p99)",
        &|u| {
            let k = if u.keys.iter().any(|(l, _)| *l == "tree move") {
                "tree move"
            } else {
                "move"
            };
            key_latency(u, k)
        },
        false,
    ));
    rows.push(ui_row(
        "a key while the database opens to frame",
        &|u| key_latency(u, crate::measure::WHILE_OPENING),
        true,
    ));
    rows.push(ui_row(
        "bytes per tab switch (mean / max)",
        &|u| key_bytes(u, "tab switch"),
        true,
    ));
    rows.push(ui_row(
        "tab switch to frame (median / p99)",
        &|u| key_latency(u, "tab switch"),
        true,
    ));
    rows.push(ui_row(
        "bytes per roster search keystroke (mean / max)",
        &|u| key_bytes(u, "search keystroke"),
        true,
    ));
    rows.push(ui_row(
        "roster search keystroke to frame (median / p99)",
        &|u| key_latency(u, "search keystroke"),
        true,
    ));
    rows.push(ui_row(
        "bytes of the roster search on Enter",
        &|u| key_bytes(u, "search enter"),
        true,
    ));
    rows.push(ui_row(
        "roster search on Enter to frame",
        &|u| key_latency(u, "search enter"),
        true,
    ));
    rows.push(ui_row(
        "bytes of the 工作 tab's first visit (two Tabs, mean / max)",
        &|u| key_bytes(u, "to work"),
        true,
    ));
    rows.push(ui_row(
        "工作 tab's first visit to frame (median / p99)",
        &|u| key_latency(u, "to work"),
        true,
    ));
    rows.push(ui_row(
        "bytes per 工作 list move / Down (mean / max of 20)",
        &|u| key_bytes(u, "work move"),
        true,
    ));
    rows.push(ui_row(
        "工作 list move to frame (median / p99)",
        &|u| key_latency(u, "work move"),
        true,
    ));
    rows.push(ui_row(
        "bytes of the 积分 tab's first visit (two Tabs from 工作, mean / max)",
        &|u| key_bytes(u, "to scores"),
        true,
    ));
    rows.push(ui_row(
        "积分 tab's first visit to frame (median / p99)",
        &|u| key_latency(u, "to scores"),
        true,
    ));
    rows.push(ui_row(
        "bytes per 积分 row move / Down (mean / max of 20)",
        &|u| key_bytes(u, "scores move"),
        true,
    ));
    rows.push(ui_row(
        "积分 row move to frame (median / p99)",
        &|u| key_latency(u, "scores move"),
        true,
    ));
    rows.push(ui_row(
        &format!("bytes written in {} idle seconds", idle.as_secs()),
        &|u| u.idle_bytes.map_or("—".into(), |b| format!("{b} B")),
        false,
    ));
    rows.push(ui_row(
        "peak RSS of the terminal program",
        &|u| mib(u.peak_rss_kib),
        false,
    ));

    let mut out = String::new();
    out.push_str(&format!("| {} |\n", head.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
    for r in rows {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    for s in scales {
        if let Some(n) = &s.ui.note {
            out.push_str(&format!("\nggw {}: {n}.", s.scale));
        }
    }
    for (name, _, f) in peers {
        if let Some(n) = &f.note {
            out.push_str(&format!("\n{name}: {n}."));
        }
    }
    out.push('\n');
    out
}
