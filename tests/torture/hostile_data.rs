//! Hostile names: terminal escapes, bidi overrides, zero-width joiners,
//! 1,000-character strings, emoji. Each is stored safely or refused, and no
//! command prints a byte that could steer the terminal that reads it.

use crate::torture;

use torture::{Scratch, ggw_on, text};

const ESC: &str = "\u{1b}";

/// Characters that must never reach a terminal from data: C0 and C1
/// controls (bar newline and tab), bidi embeddings, overrides and isolates,
/// zero-width format characters and the BOM.
fn steering_chars(s: &str) -> Vec<char> {
    s.chars()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c,
                    '\u{200B}'..='\u{200F}'
                    | '\u{202A}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{FEFF}')
        })
        .collect()
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let s = text(bytes);
    let bad = steering_chars(&s);
    assert!(bad.is_empty(), "{what} printed {bad:?}:\n{s:?}");
    assert!(!bytes.contains(&0x1b), "{what} printed ESC");
}

fn hostile() -> Vec<(&'static str, String)> {
    vec![
        ("clear screen", format!("{ESC}[2J{ESC}[H乡")),
        ("colour", format!("红{ESC}[31m色{ESC}[0m乡")),
        ("OSC title", format!("{ESC}]0;pwned\u{7}乡")),
        ("C1 CSI", "乡\u{9b}31m".to_string()),
        ("bidi override", "abc\u{202E}gnp.exe".to_string()),
        ("bidi isolate", "\u{2067}乡\u{2069}".to_string()),
        ("zero-width joiner", "四\u{200D}嘉子乡".to_string()),
        ("zero-width space", "新\u{200B}生乡".to_string()),
        ("BOM", "\u{FEFF}幸福乡".to_string()),
        ("ZWJ emoji", "👨\u{200D}👩\u{200D}👧乡".to_string()),
        ("newline", "上\n下乡".to_string()),
        ("1000 chars", "乡".repeat(1000)),
        ("1000 ascii", "a".repeat(1000)),
    ]
}

#[test]
fn hostile_names_are_refused_and_never_echoed_raw() {
    let dir = Scratch::new("hostile");
    let db = dir.path().join("db");
    assert!(
        ggw_on(&db, &["init", "--district", "测试区"])
            .status
            .success()
    );

    for (what, name) in hostile() {
        let out = ggw_on(
            &db,
            &[
                "unit", "add", "--parent", "1", "--kind", "township", "--name", &name,
            ],
        );
        assert!(!out.status.success(), "{what}: accepted {name:?}");
        assert_clean(&format!("{what}: refusal"), &out.stderr);
        assert_clean(&format!("{what}: stdout"), &out.stdout);
        // The same text as a unit to look up, echoed in "no such unit".
        let out = ggw_on(&db, &["unit", "rename", &name, "--name", "新名乡"]);
        assert!(!out.status.success(), "{what}: resolved {name:?}");
        assert_clean(&format!("{what}: lookup refusal"), &out.stderr);
        let out = ggw_on(
            &db,
            &[
                "unit", "add", "--parent", "1", "--kind", &name, "--name", "某乡",
            ],
        );
        assert!(!out.status.success(), "{what}: kind {name:?} accepted");
        assert_clean(&format!("{what}: kind refusal"), &out.stderr);
    }

    // Emoji without joiners and 20 double-width characters are fine data.
    let kept = ["🌸花乡", "🇨🇳乡", &"乡".repeat(20)];
    for name in kept {
        let out = ggw_on(
            &db,
            &[
                "unit", "add", "--parent", "1", "--kind", "township", "--name", name,
            ],
        );
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
    }
    for args in [
        &["units", "--all"][..],
        &["units", "--format", "json"],
        &["history"],
        &["history", "--format", "json"],
        &["check"],
    ] {
        let out = ggw_on(&db, args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
        assert_clean(&format!("{args:?}"), &out.stdout);
        let shown = text(&out.stdout);
        for name in kept {
            if !args.contains(&"check") {
                assert!(shown.contains(name), "{args:?} lost {name}");
            }
        }
    }
}
