//! The screen while the database opens. A province's database takes a
//! third of a second to open; the tabs and a line saying so are on screen
//! long before, and the keys typed meanwhile are kept for the program.

use std::path::Path;
use std::time::Duration;

use ratatui::Frame;
use ratatui::text::Line;

use super::layout;
use super::strings::Text;
use super::theme::Theme;
use super::ui;
use super::views;
use crate::backend::Backend;

/// What opening the database gives the program.
pub struct Opened {
    pub backend: Box<dyn Backend + Send + Sync>,
    /// Said in the program once it shows, such as records left out as
    /// damaged when the database opened.
    pub notices: Vec<String>,
}

/// How long the program waits for a database before it shows the opening
/// screen. Most open within the long wait and their first frame is the
/// program itself, with nothing drawn twice. One whose log is large takes
/// longer than that to open (a city's a tenth of a second, a province's a
/// third), so the screen shows at once and the wait is only long enough
/// for the quick failures (in use, not a database) to be said on the plain
/// screen as a command says them.
pub fn grace_for(db: &Path) -> Duration {
    const LONG: Duration = Duration::from_millis(40);
    const SHORT: Duration = Duration::from_millis(4);
    // About where opening takes the long wait on a machine of today.
    const LARGE_LOG: u64 = 128 << 20;
    match std::fs::metadata(db.join("db")) {
        Ok(m) if m.len() >= LARGE_LOG => SHORT,
        _ => LONG,
    }
}

/// The tabs (the first shown), the opening line and the loading mode: the
/// frame the program's first one replaces, drawn over as little as it can.
/// The line counts the keys typed meanwhile (`waiting`), each answered by
/// a frame at once although the program answers it only once open.
pub fn render(text: Text, theme: &Theme, waiting: usize, frame: &mut Frame) {
    if ui::too_small(text, frame) {
        return;
    }
    let areas = layout::areas(frame.area());
    let tabs = views::all();
    let names = ui::tab_names(tabs.iter().map(|v| v.title(text)), 0, theme);
    let buf = frame.buffer_mut();
    buf.set_line(areas.title.x, areas.title.y, &names, areas.title.width);
    buf.set_line(
        areas.hints.x,
        areas.hints.y,
        &Line::styled(format!("[{}]", text.mode_loading()), theme.title),
        areas.hints.width,
    );
    ui::one_line(
        &text.with_keys_waiting(text.opening(), waiting),
        frame,
        areas.body,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn drawn(lang: Lang, w: u16, h: u16) -> Vec<String> {
        drawn_waiting(lang, w, h, 0)
    }

    fn drawn_waiting(lang: Lang, w: u16, h: u16, waiting: usize) -> Vec<String> {
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
        let theme = Theme::mono();
        term.draw(|f| render(Text(lang), &theme, waiting, f))
            .expect("drawn");
        let buf = term.backend().buffer();
        // The cell after a double-width character holds nothing of its own.
        (0..h)
            .map(|y| {
                let mut line = String::new();
                let mut x = 0;
                while x < w {
                    let symbol = buf[(x, y)].symbol();
                    line.push_str(symbol);
                    x += crate::domain::text::display_width(symbol).max(1) as u16;
                }
                line
            })
            .collect()
    }

    #[test]
    fn the_tabs_the_opening_line_and_the_mode_in_both_languages() {
        for (w, h) in [(80, 24), (120, 40)] {
            let zh = drawn(Lang::Zh, w, h);
            assert!(
                zh[0].starts_with("[组织] 五老  会议  工作  三创  积分"),
                "{:?}",
                zh[0]
            );
            assert_eq!(zh[1].trim(), "正在打开数据库…");
            assert_eq!(zh[usize::from(h) - 1].trim(), "[读取]");
            // Nothing else: the program's first frame draws over little.
            let filled = zh.iter().filter(|l| !l.trim().is_empty()).count();
            assert_eq!(filled, 3, "{zh:?}");
            let en = drawn(Lang::En, w, h);
            assert_eq!(en[1].trim(), "Opening the database…");
            assert_eq!(en[usize::from(h) - 1].trim(), "[loading]");
        }
    }

    #[test]
    fn a_large_log_shows_the_opening_screen_sooner() {
        let dir = std::env::temp_dir().join(format!("ggw-grace-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a directory");
        // Nothing there yet: a new database, which opens at once.
        let long = grace_for(&dir);
        let log = std::fs::File::create(dir.join("db")).expect("a log file");
        log.set_len(1 << 20).expect("a small log");
        assert_eq!(grace_for(&dir), long);
        // Sparse: no disk is written to find out.
        log.set_len(128 << 20).expect("a large log");
        let short = grace_for(&dir);
        assert!(short < long, "{short:?} {long:?}");
        assert!(short > Duration::ZERO);
        std::fs::remove_dir_all(&dir).expect("removed");
    }

    #[test]
    fn keys_typed_meanwhile_are_counted_on_the_opening_line() {
        for (w, h) in [(80, 24), (120, 40)] {
            let zh = drawn_waiting(Lang::Zh, w, h, 3);
            assert_eq!(zh[1].trim(), "正在打开数据库…  已记下 3 个按键，就绪后执行");
            let en = drawn_waiting(Lang::En, w, h, 1);
            assert_eq!(
                en[1].trim(),
                "Opening the database…  1 key kept for when it is ready"
            );
            let en = drawn_waiting(Lang::En, w, h, 64);
            assert_eq!(
                en[1].trim(),
                "Opening the database…  64 keys kept for when it is ready"
            );
        }
    }

    #[test]
    fn a_small_terminal_is_told_its_size_instead() {
        let screen = drawn(Lang::Zh, 70, 20);
        let lines: Vec<&String> = screen.iter().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "{screen:?}");
        assert!(lines[0].contains("70×20"), "{}", lines[0]);
    }
}
