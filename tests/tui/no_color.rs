//! Under NO_COLOR the selection must still show. crossterm (0.29) turns each
//! of its colour commands into a bare `ESC[m` then, which would also drop
//! bold and reverse; frames are written with the program's own SGR codes,
//! so its setting does not reach them. Its own process: the setting is
//! global.

use crate::kit;

use ggw::lang::Lang;
use ggw::tui::theme::Theme;
use kit::{Emulated, TempDir, app_in};

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

    // The monochrome theme uses no colour; the marker is there regardless.
    let (bold, row) = selected_is_bold(Theme::mono());
    assert!(bold);
    assert!(row.starts_with(">   + 新生乡"), "{row}");

    // Even the colour theme keeps its attributes.
    let (bold, _) = selected_is_bold(Theme::color());
    assert!(bold);
}

#[test]
fn struck_off_rows_carry_a_mark_without_colour() {
    let dir = TempDir::new("nocolor-struck");
    let mut app = app_in(dir.path(), (80, 24), Lang::Zh, Theme::mono());
    let mut term = Emulated::new(80, 24);
    app.feed("<tab>").unwrap();
    // The status filter turns in a ring; `s` until it shows `status`.
    let mut showing = |status: &str| {
        for _ in 0..4 {
            term.frame(&app);
            let rows = term.rows();
            if rows[1].contains(status) {
                return rows;
            }
            app.feed("s").unwrap();
        }
        panic!("no {status} filter");
    };
    // Every status: on the roll and struck off together, told apart by the mark.
    let rows = showing("· 全部 ·");
    let listed: Vec<&String> = rows[3..22].iter().filter(|r| r.len() > 2).collect();
    let struck = listed.iter().filter(|r| r.contains("[除]")).count();
    assert!(struck > 0 && struck < listed.len(), "{rows:#?}");

    let rows = showing("· 已除名 ·");
    assert!(rows[3..22].iter().all(|r| r.contains("[除]")), "{rows:#?}");
    let rows = showing("· 在册 ·");
    assert!(rows[3..22].iter().all(|r| !r.contains("[除]")), "{rows:#?}");
}
