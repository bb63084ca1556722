//! Whole screens against the text files under `tests/tui/snapshots/`: a
//! fragment found on the screen says nothing of a panel pushed aside or a
//! border gone; the whole screen does. `GGW_UPDATE_SNAPSHOTS=1` rewrites
//! the files, to be read by eye before they are committed.

use std::path::PathBuf;

use ggw::tui::app::App;

use super::screen;

/// The date the status bar shows on a snapshot: the real one would make
/// every file stale the next day.
pub const SNAPSHOT_DAY: &str = "2026-03-20";

pub fn snapshot_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tui/snapshots")
        .join(format!("{name}.txt"))
}

/// Draws `app` with the status bar's date fixed and compares the whole
/// screen with the snapshot `name`; what the real clock puts on it is
/// blanked first (`redact_now`).
pub fn assert_screen(name: &str, app: &mut App) {
    assert_screen_redacted(name, app, &[]);
}

/// As `assert_screen`, the values under `columns` (headers on the screen,
/// such as an age that grows with the real date, in either language)
/// blanked too; at least one of them must be there.
pub fn assert_screen_redacted(name: &str, app: &mut App, columns: &[&str]) {
    app.today = SNAPSHOT_DAY.into();
    let mut rows = screen(app);
    redact_now(&mut rows);
    let found = columns
        .iter()
        .filter(|h| redact_column(&mut rows, h))
        .count();
    assert!(
        columns.is_empty() || found > 0,
        "none of the columns {columns:?} on the screen:\n{}",
        rows.join("\n")
    );
    assert_snapshot(name, &rows);
}

/// Today's and yesterday's date by the real clock (a run may cross
/// midnight), with a time after it or without, become `0000-00-00` and
/// `00:00`: when a record was made in the test's database.
pub fn redact_now(rows: &mut [String]) {
    let today = chrono::Local::now().date_naive();
    for day in [today, today.pred_opt().unwrap_or(today)] {
        let date = day.format("%Y-%m-%d").to_string();
        for row in rows.iter_mut() {
            while let Some(at) = row.find(&date) {
                let mut end = at + date.len();
                let time = row[end..].get(..6).filter(|t| {
                    let b = t.as_bytes();
                    b[0] == b' '
                        && b[3] == b':'
                        && [1, 2, 4, 5].iter().all(|&i| b[i].is_ascii_digit())
                });
                let mut with = "0000-00-00".to_string();
                if time.is_some() {
                    end += 6;
                    with.push_str(" 00:00");
                }
                row.replace_range(at..end, &with);
            }
        }
    }
}

/// Digits below `header`, in the columns it spans, become `#`; false when
/// the header is not on the screen.
pub fn redact_column(rows: &mut [String], header: &str) -> bool {
    let Some((y, x)) = rows
        .iter()
        .enumerate()
        .find_map(|(y, r)| r.find(header).map(|b| (y, width(&r[..b]))))
    else {
        return false;
    };
    let span = x..x + width(header);
    for row in rows.iter_mut().skip(y + 1) {
        let mut col = 0;
        *row = row
            .chars()
            .map(|c| {
                let here = col;
                col += width(c.encode_utf8(&mut [0; 4]));
                if span.contains(&here) && c.is_ascii_digit() {
                    '#'
                } else {
                    c
                }
            })
            .collect();
    }
    true
}

fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Every row of `rows`, trailing blanks cut, against the file `name`.
pub fn assert_snapshot(name: &str, rows: &[String]) {
    let path = snapshot_path(name);
    let actual: String = rows.iter().map(|r| format!("{r}\n")).collect();
    if std::env::var_os("GGW_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &actual).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}\n(GGW_UPDATE_SNAPSHOTS=1 writes it) the screen:\n{}",
            path.display(),
            framed(&actual)
        )
    });
    if expected != actual {
        panic!(
            "the screen differs from {}\n\nexpected:\n{}\nactual:\n{}\n{}\n\
             (GGW_UPDATE_SNAPSHOTS=1 rewrites the file if the new screen is the right one)",
            path.display(),
            framed(&expected),
            framed(&actual),
            line_diff(&expected, &actual)
        );
    }
}

/// The screen between rules, each row numbered, so that blank rows and
/// trailing text show.
fn framed(text: &str) -> String {
    let mut out = String::from("    ┌\n");
    for (i, line) in text.lines().enumerate() {
        out.push_str(&format!("{i:>3} │{line}\n"));
    }
    out.push_str("    └\n");
    out
}

/// Row by row: a screen has a fixed height, so rows are compared where
/// they stand.
fn line_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::from("differing rows (- expected, + actual):\n");
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x != y {
            if let Some(x) = x {
                out.push_str(&format!("{i:>3} - {x}\n"));
            }
            if let Some(y) = y {
                out.push_str(&format!("{i:>3} + {y}\n"));
            }
        }
    }
    out
}
