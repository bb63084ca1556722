//! What goes down the wire: frames through the real crossterm backend into
//! memory, replayed on a terminal emulator.

use crate::kit;

use ggw::tui::terminal::{BEGIN_SYNC, END_SYNC};
use kit::{Emulated, TempDir, demo_app, expected_rows, tree};

#[test]
fn twenty_cursor_moves_keep_the_screen_right_and_cost_little() {
    let dir = TempDir::new("bytes");
    let mut app = demo_app(dir.path(), (80, 24));
    let mut term = Emulated::new(80, 24);
    let first = term.frame(&app);
    assert!(first.starts_with(BEGIN_SYNC) && first.ends_with(END_SYNC));
    assert_eq!(term.rows(), expected_rows(&app));

    // Down through the open tree, into a township and back out: 20 moves.
    let keys = [
        "j", "j", "j", "l", "j", "j", "j", "k", "h", "h", "j", "j", "j", "G", "k", "k", "gg", "j",
        "<down>", "<up>",
    ];
    let mut costs = Vec::new();
    for k in keys {
        app.feed(k).unwrap();
        let bytes = term.frame(&app);
        // One frame, one synchronized update.
        assert!(bytes.starts_with(BEGIN_SYNC) && bytes.ends_with(END_SYNC));
        assert_eq!(
            bytes
                .windows(BEGIN_SYNC.len())
                .filter(|w| *w == BEGIN_SYNC)
                .count(),
            1
        );
        let rows = term.rows();
        assert_eq!(rows, expected_rows(&app), "after {k}");
        // The marker is on the selected unit, whose name is bold.
        // Long names are cut; their first characters show.
        let name: String = tree(&app)
            .selected_name()
            .unwrap()
            .chars()
            .take(4)
            .collect();
        let y = rows
            .iter()
            .position(|r| r.starts_with('>'))
            .unwrap_or_else(|| panic!("no marker after {k}"));
        assert!(rows[y].contains(&name), "after {k}: {}", rows[y]);
        let x = ggw::domain::text::display_width(&rows[y][..rows[y].find(&name).unwrap()]);
        let cell = term.parser.screen().cell(y as u16, x as u16).unwrap();
        assert!(cell.bold(), "after {k}");
        costs.push((k, bytes.len()));
    }
    let moves: Vec<usize> = costs
        .iter()
        .filter(|(k, _)| matches!(*k, "j" | "k" | "<down>" | "<up>" | "gg" | "G"))
        .map(|(_, n)| *n)
        .collect();
    let max = *moves.iter().max().unwrap();
    let mean = moves.iter().sum::<usize>() / moves.len();
    eprintln!(
        "first frame {} bytes; per cursor move mean {mean}, max {max}; all: {costs:?}",
        first.len()
    );
    // A move rewrites the marker, two names and the brief card's values that differ: a few
    // lines' worth, not the screen.
    assert!(max < first.len() / 4, "max {max} vs first {}", first.len());
    assert!(mean < 180, "mean {mean}");
}

#[test]
fn nothing_changed_means_next_to_nothing_sent() {
    let dir = TempDir::new("bytes-idle");
    let mut app = demo_app(dir.path(), (80, 24));
    let mut term = Emulated::new(80, 24);
    term.frame(&app);
    let before = term.rows();
    // An unbound key changes no cell: only the frame's wrapper and
    // attribute resets go out, no text.
    app.feed("z").unwrap();
    let bytes = term.frame(&app);
    assert_eq!(term.rows(), before);
    assert!(bytes.len() < 48, "{}", bytes.len());
}

/// The roster's rows move by one at the bottom edge: the terminal scrolls
/// them, and only the rows that are new on screen are drawn.
#[test]
fn roster_rows_moved_by_one_are_scrolled_not_redrawn() {
    let dir = TempDir::new("bytes-roster");
    let mut app = demo_app(dir.path(), (80, 24));
    let mut term = Emulated::new(80, 24);
    term.frame(&app);
    app.feed("<tab>").unwrap();
    let visit = term.frame(&app);
    assert_eq!(term.rows(), expected_rows(&app));
    // To the bottom row of the table, then past it: each Down from then on
    // moves every row up by one.
    for _ in 0..20 {
        app.feed("j").unwrap();
        term.frame(&app);
    }
    let mut costs = Vec::new();
    for k in ["j", "j", "j", "j", "k", "j"] {
        app.feed(k).unwrap();
        let bytes = term.frame(&app);
        assert_eq!(term.rows(), expected_rows(&app), "after {k}");
        costs.push(bytes.len());
    }
    // Up inside the screen moves only the marker; the Downs past the edge scroll.
    let downs: Vec<usize> = [0, 1, 2, 3].iter().map(|&i| costs[i]).collect();
    eprintln!("roster: visit {} bytes; moves {costs:?}", visit.len());
    let scrolled = b"\x1b[S";
    assert!(
        downs.iter().all(|&n| n < 300),
        "{costs:?}, visit {}",
        visit.len()
    );
    let last = {
        app.feed("j").unwrap();
        term.frame(&app)
    };
    assert!(last.windows(scrolled.len()).any(|w| w == scrolled));
    assert_eq!(term.rows(), expected_rows(&app));
}
