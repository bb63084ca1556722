//! Measures the terminal program as a user over SSH would feel it, on the
//! demo database at 80×24 in a pseudo-terminal: time to the first frame,
//! bytes of that frame, bytes per cursor move, bytes written while idle,
//! and peak memory.
//!
//! Needs tmux and util-linux `script` (which records every byte the program
//! writes). Usage, after a release build:
//!
//!     cargo run --release --example measure_tui -- path/to/ggw

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const END_SYNC: &[u8] = b"\x1b[?2026l";

fn tmux(socket: &str, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-u")
        .args(["-L", socket, "-f", "/dev/null"])
        .args(args)
        .env("LANG", "C.UTF-8")
        .output()
        .expect("tmux");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn log_bytes(log: &Path) -> Vec<u8> {
    std::fs::read(log).unwrap_or_default()
}

fn frames(bytes: &[u8]) -> usize {
    bytes
        .windows(END_SYNC.len())
        .filter(|w| *w == END_SYNC)
        .count()
}

/// Waits until the log holds `n` complete frames; returns its length.
fn wait_frames(log: &Path, n: usize) -> usize {
    let start = Instant::now();
    loop {
        let b = log_bytes(log);
        if frames(&b) >= n {
            return b.len();
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no frame {n}");
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn child_of(pid: u32) -> Option<u32> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn status_field(pid: u32, field: &str) -> String {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .map(|l| l[field.len()..].trim().to_string())
        .unwrap_or_default()
}

fn main() {
    let bin = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "target/release/ggw".into()),
    );
    let bin = std::fs::canonicalize(&bin).expect("ggw binary (first argument)");
    let dir = std::env::temp_dir().join(format!("ggw-measure-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("demo.db");
    let ok = Command::new(&bin)
        .arg("--db")
        .arg(&db)
        .args(["init", "--demo"])
        .status()
        .unwrap()
        .success();
    assert!(ok, "init --demo failed");

    let log = dir.join("out.log");
    let socket = format!("ggw-measure-{}", std::process::id());
    let script = format!(
        "export LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME={d}/state XDG_CONFIG_HOME={d}/config\n\
         exec script -q -f -E never -O {log} -c '{bin} --db {db}'\n",
        d = dir.display(),
        log = log.display(),
        bin = bin.display(),
        db = db.display(),
    );
    let run = dir.join("run.sh");
    std::fs::write(&run, script).unwrap();

    let start = Instant::now();
    tmux(
        &socket,
        &[
            "new-session",
            "-d",
            "-x",
            "80",
            "-y",
            "24",
            &format!("sh {}", run.display()),
        ],
    );
    let first_end = wait_frames(&log, 1);
    let to_first = start.elapsed();
    let bytes = log_bytes(&log);
    let begin = bytes
        .windows(8)
        .position(|w| w == b"\x1b[?2026h")
        .unwrap_or(0);
    // script(1) puts a header line in its log; the program's output starts
    // with the switch to the alternate screen.
    let setup = begin
        - bytes
            .windows(8)
            .position(|w| w == b"\x1b[?1049h")
            .unwrap_or(0);
    let first_frame = first_end - begin;

    let keys = [
        "j", "j", "j", "j", "j", "j", "j", "j", "j", "j", "k", "k", "k", "k", "k", "G", "g g", "j",
        "j", "k",
    ];
    let mut costs = Vec::new();
    let mut len = first_end;
    for (i, k) in keys.iter().enumerate() {
        for key in k.split(' ') {
            tmux(&socket, &["send-keys", key]);
        }
        let new_len = wait_frames(&log, i + 2);
        costs.push(new_len - len);
        len = new_len;
    }
    let mean = costs.iter().sum::<usize>() as f64 / costs.len() as f64;
    let max = costs.iter().max().copied().unwrap_or(0);

    std::thread::sleep(Duration::from_millis(500));
    let before_idle = log_bytes(&log).len();
    std::thread::sleep(Duration::from_secs(5));
    let idle = log_bytes(&log).len() - before_idle;

    let pane_pid: u32 = tmux(&socket, &["display-message", "-p", "#{pane_pid}"])
        .trim()
        .parse()
        .unwrap();
    let ggw_pid = child_of(pane_pid).expect("ggw process");
    let hwm = status_field(ggw_pid, "VmHWM:");

    tmux(&socket, &["send-keys", "q"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux(&socket, &["kill-server"]);

    println!("ggw on the demo database, 80×24, in tmux through script(1):");
    println!(
        "  time from start to first frame: {:.1} ms (includes starting tmux and script)",
        to_first.as_secs_f64() * 1000.0
    );
    println!("  terminal setup before the first frame: {setup} bytes");
    println!("  first frame: {first_frame} bytes");
    println!("  per cursor move in the tree (20 moves): mean {mean:.0} bytes, max {max} bytes");
    println!("  per move: {costs:?}");
    println!("  written in 5 idle seconds: {idle} bytes");
    println!("  peak RSS (VmHWM): {hwm}");
    let _ = std::fs::remove_dir_all(&dir);
}
