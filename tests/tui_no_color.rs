//! Under NO_COLOR the selection must still show. crossterm (0.29) turns each
//! colour command into a bare `ESC[m` then, which also drops bold and
//! reverse. Its own process: the setting is global.

mod common;

use common::{Emulated, TempDir, app_in};
use ggw::lang::Lang;
use ggw::tui::theme::Theme;

fn selected_is_bold(theme: Theme) -> (bool, String) {
    let dir = TempDir::new("nocolor");
    let mut app = app_in(dir.path(), (80, 24), Lang::Zh, theme);
    let mut term = Emulated::new(80, 24);
    term.frame(&app);
    app.feed("jj").unwrap();
    term.frame(&app);
    let rows = term.rows();
    let y = rows.iter().position(|r| r.starts_with('>')).unwrap();
    let x = ggw::domain::text::display_width(&rows[y][..rows[y].find("新生乡").unwrap()]);
    let screen = term.parser.screen();
    let cell = screen.cell(y as u16, x as u16).unwrap();
    (cell.bold(), rows[y].clone())
}

#[test]
fn selection_survives_no_color() {
    // What crossterm does when NO_COLOR is set in the environment.
    crossterm::style::Colored::set_ansi_color_disabled(true);

    // The colour theme would lose its bold to the colour reset.
    let (bold, _) = selected_is_bold(Theme::color());
    assert!(!bold, "crossterm no longer resets: the workaround may go");

    // The monochrome theme uses no colour, so nothing resets it, and the
    // marker is there regardless.
    let (bold, row) = selected_is_bold(Theme::mono());
    assert!(bold);
    assert!(row.starts_with(">   + 新生乡"), "{row}");

    // With crossterm's blanking switched off, even colour commands keep
    // the attributes.
    ggw::tui::terminal::keep_attributes_under_no_color();
    let (bold, _) = selected_is_bold(Theme::color());
    assert!(bold);
}
