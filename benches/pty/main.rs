//! `cargo bench --bench pty`: one table of ggw's figures beside its peers'
//! (tig, htop, calcurse), every terminal program run in a pseudo-terminal
//! of 80×24 and read through vt100.
//!
//! GGW_BENCH_SCALES=district,city,province picks the data sets (all three
//! by default); GGW_BENCH_IDLE_SECS the idle window (10); GGW_BENCH_PEERS
//! the peers (tig,htop,calcurse); GGW_BENCH_DB_CITY (and _DISTRICT,
//! _PROVINCE) a database made earlier by `ggw gen` at that scale, copied
//! instead of generated; GGW_BENCH_ONLY_UI=1 leaves out the commands
//! (check, units, report) and measures only the full-screen program.

mod ggw;
mod measure;
mod peers;
mod table;
mod term;

use std::time::Duration;

fn env_list(name: &str, default: &str) -> Vec<String> {
    std::env::var(name)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn main() {
    // `cargo bench` passes --bench; a plain run of the binary does not.
    let bin = env!("CARGO_BIN_EXE_ggw");
    let idle = Duration::from_secs(
        std::env::var("GGW_BENCH_IDLE_SECS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10),
    );
    let work = std::env::temp_dir().join(format!("ggw-bench-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&work) {
        eprintln!("cannot make {}: {e}", work.display());
        std::process::exit(1);
    }

    let mut scales = Vec::new();
    let mut ui_available = true;
    for scale in env_list("GGW_BENCH_SCALES", "district,city,province") {
        let scale: &'static str = match scale.as_str() {
            "district" => "district",
            "city" => "city",
            "province" => "province",
            other => {
                eprintln!("unknown scale {other}");
                continue;
            }
        };
        let fig = ggw::measure_scale(bin, &work, scale, ui_available, idle);
        // Without a full-screen program there is nothing to drive at the
        // larger scales either.
        ui_available = fig.ui.note.is_none();
        scales.push(fig);
    }

    let wanted = env_list("GGW_BENCH_PEERS", "tig,htop,calcurse");
    let mut peer_figs = Vec::new();
    for peer in peers::peers(&work) {
        if !wanted.iter().any(|w| w == peer.name) {
            continue;
        }
        eprintln!("{} in a pty …", peer.name);
        let fig = measure::measure(
            peer.program,
            &peer.args,
            &peer.cwd,
            &peer.env,
            &peers::scenarios(),
            idle,
            &[],
        );
        peer_figs.push((peer.name, peers::version(peer.program), fig));
    }
    for missing in wanted
        .iter()
        .filter(|w| !peer_figs.iter().any(|(n, _, _)| n == w))
    {
        eprintln!(
            "NOTE: {missing} is not installed (apt-get install {missing}); its column is left out"
        );
    }

    print!("{}", table::machine());
    println!();
    print!("{}", table::render(&scales, &peer_figs, idle));
    let _ = std::fs::remove_dir_all(&work);
}
