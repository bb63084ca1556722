//! Random input at the update function: keys of every kind (Esc alone, the
//! pieces of an escape sequence split across reads, Alt and Ctrl chords,
//! control characters, Chinese), pastes up to 10,000 characters, resizes.
//! After every input the screen is drawn; nothing may panic, no control
//! character may reach a cell, the state stays coherent, Ctrl-C always
//! quits (after asking, over a form with changes), and the database checks clean afterwards.
//!
//! GGW_TUI_TORTURE_CASES raises the number of runs (4 by default: a few
//! seconds; scripts/torture.sh runs hundreds).

use crate::kit;

use std::path::Path;

use crossterm::event::{KeyCode, KeyModifiers};
use ggw::api::admin::Check;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::service::Actor;
use ggw::store::OpenOptions;
use ggw::tui::action::Action;
use ggw::tui::app::App;
use ggw::tui::keys::KeyPress;
use ggw::tui::popups::Popup;
use ggw::tui::theme::Theme;
use kit::{TempDir, demo_backend};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

#[derive(Debug, Clone)]
enum Input {
    Key(KeyPress),
    /// What a terminal gives when an escape sequence is cut by a read: Esc,
    /// then its remaining bytes as plain keys.
    SplitEscape(&'static str),
    Paste {
        pattern: usize,
        len: usize,
    },
    Resize(u16, u16),
}

const CHINESE: &[char] = &[
    '王', '建', '华', '乡', '村', '会', '议', '五', '老', '区', '　',
];
const HOSTILE: &[char] = &[
    '\u{0}', '\u{7}', '\u{8}', '\t', '\n', '\r', '\u{1b}', '\u{7f}', '\u{9b}', '\u{202e}',
    '\u{200d}', '\u{fe0f}', '😀', '\u{301}',
];
const SEQUENCES: &[&str] = &[
    "[A",
    "[B",
    "[1;5C",
    "OP",
    "[200~",
    "[201~",
    "]0;x\u{7}",
    "[",
];
/// Letters of the keymaps, minus `q`: quitting is tried once, at the end.
const LETTERS: &str = "abcdeghijklmnoprstuvwxyzAEGHNRS/?[]0123456789 ";

fn paste_text(pattern: usize, len: usize) -> String {
    let unit: &[char] = match pattern % 3 {
        0 => CHINESE,
        1 => HOSTILE,
        _ => &['a', '1', '张', '\n', '\u{1b}', '['],
    };
    unit.iter().cycle().take(len).collect()
}

fn key_strategy() -> impl Strategy<Value = KeyPress> {
    let code = prop_oneof![
        6 => proptest::sample::select(LETTERS.chars().collect::<Vec<_>>()).prop_map(KeyCode::Char),
        2 => proptest::sample::select(CHINESE.to_vec()).prop_map(KeyCode::Char),
        1 => proptest::sample::select(HOSTILE.to_vec()).prop_map(KeyCode::Char),
        4 => proptest::sample::select(vec![
            KeyCode::Esc,
            KeyCode::Enter,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::F(1),
            KeyCode::F(12),
        ]),
    ];
    let mods = proptest::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::ALT,
        KeyModifiers::SHIFT,
        // Ctrl with a letter other than c, which quits.
        KeyModifiers::CONTROL,
    ]);
    (code, mods).prop_map(|(code, mods)| {
        let code = match code {
            KeyCode::Char('c') if mods.contains(KeyModifiers::CONTROL) => KeyCode::Char('u'),
            c => c,
        };
        KeyPress { code, mods }
    })
}

fn input_strategy() -> impl Strategy<Value = Input> {
    prop_oneof![
        30 => key_strategy().prop_map(Input::Key),
        2 => proptest::sample::select(SEQUENCES.to_vec()).prop_map(Input::SplitEscape),
        1 => (0usize..3, proptest::sample::select(vec![0usize, 1, 300, 10_000]))
            .prop_map(|(pattern, len)| Input::Paste { pattern, len }),
        1 => (1u16..140, 1u16..50).prop_map(|(w, h)| Input::Resize(w, h)),
    ]
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{e}")) {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

fn open_app(template: &Path, dir: &Path) -> App {
    let db = dir.join("demo.db");
    copy_dir(template, &db);
    let backend = LocalBackend::open(&db, &OpenOptions::default(), Actor::new("tester"))
        .unwrap_or_else(|e| panic!("{e}"));
    kit::app(backend)
        .theme(Theme::color())
        .drafts(Some(dir.join("draft.json")))
        .build()
}

/// Draws the state as the terminal would get it, and checks what a frame
/// must never hold.
fn draw_and_check(app: &App) -> Result<(), TestCaseError> {
    let (w, h) = app.size;
    for (y, row) in kit::screen(app).iter().enumerate() {
        prop_assert!(
            !row.chars().any(|c| c.is_control()),
            "control character drawn on row {y}: {row:?}"
        );
    }
    prop_assert!(
        app.tab < app.tabs.len(),
        "tab {} of {}",
        app.tab,
        app.tabs.len()
    );
    prop_assert_eq!(app.size, (w, h));
    Ok(())
}

fn apply(app: &mut App, input: &Input) {
    match input {
        Input::Key(k) => {
            app.key(*k);
        }
        Input::SplitEscape(rest) => {
            app.key(KeyPress::plain(KeyCode::Esc));
            for c in rest.chars() {
                app.key(KeyPress::plain(KeyCode::Char(c)));
            }
        }
        Input::Paste { pattern, len } => app.update(Action::Paste(paste_text(*pattern, *len))),
        Input::Resize(w, h) => app.update(Action::Resize(*w, *h)),
    }
}

fn run_case(template: &Path, inputs: &[Input]) -> Result<(), TestCaseError> {
    let dir = TempDir::new("tui-torture");
    let mut app = open_app(template, dir.path());
    for input in inputs {
        apply(&mut app, input);
        draw_and_check(&app)?;
        if app.quit {
            break;
        }
    }
    if !app.quit {
        // Ctrl-C leaves from anywhere; over a form with changes it first asks
        // whether to keep them, and Enter (keep the draft, quit) leaves.
        let ctrl_c = KeyPress {
            code: KeyCode::Char('c'),
            mods: KeyModifiers::CONTROL,
        };
        app.key(ctrl_c);
        if !app.quit {
            prop_assert!(
                matches!(app.popups.last(), Some(Popup::Choice(_)))
                    && matches!(app.popups.iter().rev().nth(1), Some(Popup::Form(_))),
                "Ctrl-C neither quit nor asked about a form ({} popups, mode {})",
                app.popups.len(),
                app.mode()
            );
            app.key(KeyPress::plain(KeyCode::Enter));
            prop_assert!(app.quit, "the quit question's default did not quit");
        }
    }
    drop(app);
    let backend = LocalBackend::open(
        &dir.path().join("demo.db"),
        &OpenOptions::default(),
        Actor::new("tester"),
    )
    .map_err(|e| TestCaseError::fail(e.to_string()))?;
    let report = backend
        .run(Check {})
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(report.is_clean(), "{:?}", report);
    Ok(())
}

#[test]
fn random_input_never_breaks_the_program() {
    // The demo database is made once; every case works on its own copy.
    let template = TempDir::new("tui-torture-template");
    drop(demo_backend(template.path()));
    let cases = std::env::var("GGW_TUI_TORTURE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        ..ProptestConfig::default()
    });
    let db = template.path().join("demo.db");
    let result = runner.run(
        &proptest::collection::vec(input_strategy(), 1..120),
        |inputs| run_case(&db, &inputs),
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}
