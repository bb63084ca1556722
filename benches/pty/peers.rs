//! The peers from Debian's packages, measured in the same run: tig on a
//! repository of 300 commits, htop, calcurse.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::measure::{Key, Scenario};

pub struct Peer {
    pub name: &'static str,
    pub program: &'static str,
    pub args: Vec<String>,
    pub cwd: PathBuf,
    pub env: Vec<(&'static str, String)>,
}

pub fn version(program: &str) -> String {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()
        .map(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            text.lines().next().unwrap_or("").trim().to_string()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "not installed".into())
}

pub fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// A repository of `n` commits, each changing one file, made with
/// fast-import so it takes a moment, not a minute.
fn git_repo(dir: &Path, n: usize) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let ok = Command::new("git")
        .args(["init", "-q", "-b", "master"])
        .current_dir(dir)
        .status()?
        .success();
    if !ok {
        return Err(std::io::Error::other("git init failed"));
    }
    let mut stream = String::new();
    for i in 1..=n {
        let body = format!("line {i}\n");
        let msg = format!("Change {i}: adjust the register of unit {}\n", i % 37);
        let ts = 1_700_000_000 + i * 3600;
        stream.push_str(&format!(
            "commit refs/heads/master\nmark :{i}\nauthor Bench <bench@example.org> {ts} +0800\n\
             committer Bench <bench@example.org> {ts} +0800\ndata {}\n{msg}",
            msg.len()
        ));
        if i > 1 {
            stream.push_str(&format!("from :{}\n", i - 1));
        }
        stream.push_str(&format!(
            "M 644 inline file{}.txt\ndata {}\n{body}\n",
            i % 10,
            body.len()
        ));
    }
    let mut child = Command::new("git")
        .args(["fast-import", "--quiet"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(stream.as_bytes())?;
    }
    child.wait()?;
    Command::new("git")
        .args(["checkout", "-q", "-f", "master"])
        .current_dir(dir)
        .status()?;
    Ok(())
}

pub fn peers(work: &Path) -> Vec<Peer> {
    let home = work.join("home");
    let _ = std::fs::create_dir_all(&home);
    let env = vec![
        ("HOME", home.display().to_string()),
        (
            "XDG_CONFIG_HOME",
            home.join(".config").display().to_string(),
        ),
    ];
    let mut out = Vec::new();
    if installed("tig") {
        let repo = work.join("repo");
        match git_repo(&repo, 300) {
            Ok(()) => out.push(Peer {
                name: "tig",
                program: "tig",
                args: Vec::new(),
                cwd: repo,
                env: env.clone(),
            }),
            Err(e) => eprintln!("tig skipped: cannot make its repository: {e}"),
        }
    }
    if installed("htop") {
        out.push(Peer {
            name: "htop",
            program: "htop",
            args: Vec::new(),
            cwd: work.to_path_buf(),
            env: env.clone(),
        });
    }
    if installed("calcurse") {
        let data = work.join("calcurse");
        let _ = std::fs::create_dir_all(&data);
        out.push(Peer {
            name: "calcurse",
            program: "calcurse",
            args: vec!["-D".into(), data.display().to_string()],
            cwd: work.to_path_buf(),
            env,
        });
    }
    out
}

pub fn scenarios() -> Vec<Scenario> {
    vec![Scenario {
        label: "move",
        keys: vec![Key::Down; 20],
    }]
}
