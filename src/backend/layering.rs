//! The line the clients stay behind: the terminal UI, the command line and
//! the file formats use `api`, `backend` and `domain` (and the small shared
//! modules), never the service, the store, the server or the demo data,
//! which they reach through the backend alone (`backend::start` for what
//! the command line must start or open itself). Read from the source, so
//! the build's tests fail on the line that crosses.

use std::path::{Path, PathBuf};

/// Where the clients live, under `src/`.
const CLIENTS: [&str; 3] = ["tui", "cli", "io"];

/// The top-level modules a client must not name.
const BEHIND: [&str; 4] = ["service", "store", "server", "demo"];

/// Each place in `source` that names a module behind the line: (line,
/// module). `module` is the file's path of modules from the crate root
/// (`["cli", "people"]`), for `super::` to be followed up to the root.
fn crossings(source: &str, module: &[String]) -> Vec<(usize, String)> {
    let code = without_comments(source);
    let mut found = Vec::new();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let root_after = if rest.starts_with("crate::") && starts_word(&code, at) {
            Some(at + "crate::".len())
        } else if rest.starts_with("super::") && starts_word(&code, at) {
            let mut end = at;
            let mut ups = 0;
            while code[end..].starts_with("super::") {
                end += "super::".len();
                ups += 1;
            }
            let skipped = end - at;
            if ups >= module.len() {
                Some(end)
            } else {
                at += skipped;
                continue;
            }
        } else {
            None
        };
        let Some(start) = root_after else {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let line = code[..at].matches('\n').count() + 1;
        for name in names_at(&code[start..]) {
            if BEHIND.contains(&name.as_str()) {
                found.push((line, name));
            }
        }
        at = start;
    }
    found
}

fn starts_word(code: &str, at: usize) -> bool {
    code[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'))
}

/// The module names a path starts with: `service::X` gives `service`,
/// `{service, api::Y}` gives `service` and `api`.
fn names_at(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = rest.trim_start().strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let mut names = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if c.is_whitespace() => {}
            _ if item_start && depth == 0 => {
                names.push(ident(&group[i..]));
                item_start = false;
            }
            _ => {}
        }
    }
    names
}

/// The source with comments blanked, line breaks kept, so that a comment
/// naming the service is no crossing and line numbers still hold.
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/cli/people.rs` is `cli::people`; `src/cli/mod.rs` is `cli`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap_or(file).with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

#[test]
fn clients_reach_the_service_store_server_and_demo_only_through_the_backend() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for client in CLIENTS {
        rust_files(&src.join(client), &mut files);
    }
    assert!(
        !files.is_empty(),
        "no client sources under {}",
        src.display()
    );
    files.sort();
    let mut crossed = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        for (line, name) in crossings(&source, &module_of(&src, file)) {
            crossed.push(format!(
                "{}:{line}: uses crate::{name}; go through api, backend or backend::start",
                file.strip_prefix(&src).unwrap_or(file).display()
            ));
        }
    }
    assert!(crossed.is_empty(), "\n{}", crossed.join("\n"));
}

#[test]
fn every_way_of_naming_a_module_behind_the_line_is_caught() {
    let cli_people = ["cli".to_string(), "people".to_string()];
    let found = |s: &str| {
        crossings(s, &cli_people)
            .into_iter()
            .map(|(line, name)| format!("{line}:{name}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(found("use crate::service::Service;"), ["1:service"]);
    assert_eq!(
        found("use crate::api::Request;\nuse crate::{domain, store::Store};"),
        ["2:store"]
    );
    assert_eq!(
        found("let x = super::super::server::serve();"),
        ["1:server"]
    );
    assert_eq!(
        found("fn f() {\n    crate::demo::populate(b)\n}"),
        ["2:demo"]
    );
    // Within the client, and in comments, nothing crosses.
    assert!(found("use super::fmt::json;\nuse super::service_text;").is_empty());
    assert!(found("// the service (crate::service) checks again").is_empty());
    assert!(found("use crate::backend::start::OpenOptions;").is_empty());
    assert!(found("use crate::domain::unit_names::resolve_unit;").is_empty());
}
