//! The screen as text: the full-screen program drawn on ratatui's test
//! backend, its real frames replayed on a terminal emulator, and whole
//! screens compared with snapshot files.

use std::path::{Path, PathBuf};

use ggw::backend::Backend;
use ggw::lang::Lang;
use ggw::tui::app::{App, Options};
use ggw::tui::keymap::Keymap;
use ggw::tui::theme::Theme;
use ggw::tui::views::units::Hierarchy;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

use super::demo_backend;

/// The full-screen program's state over `backend`, as `App::new` makes
/// it: Chinese, monochrome, the built-in keymap, no drafts, 80×24 unless
/// told otherwise.
pub struct AppBuilder {
    backend: Held,
    opts: Options,
}

/// A backend tied to the test's thread loads every tab there; one other
/// threads may call loads tabs on threads of their own, as the program
/// does, and each action waits for its loads unless the test says not to.
enum Held {
    Boxed(Box<dyn Backend>),
    Shared(ggw::tui::loads::SharedBackend),
}

pub fn app(backend: impl Backend + 'static) -> AppBuilder {
    app_boxed(Box::new(backend))
}

pub fn app_boxed(backend: Box<dyn Backend>) -> AppBuilder {
    with(Held::Boxed(backend))
}

/// Over a backend the program's load threads may call too.
pub fn app_shared(backend: impl Backend + Send + Sync + 'static) -> AppBuilder {
    with(Held::Shared(std::sync::Arc::new(backend)))
}

fn with(backend: Held) -> AppBuilder {
    AppBuilder {
        backend,
        opts: Options {
            lang: Lang::Zh,
            theme: Theme::mono(),
            keymap: Keymap::builtin(),
            draft_path: None,
            size: (80, 24),
        },
    }
}

impl AppBuilder {
    pub fn lang(mut self, lang: Lang) -> AppBuilder {
        self.opts.lang = lang;
        self
    }

    pub fn theme(mut self, theme: Theme) -> AppBuilder {
        self.opts.theme = theme;
        self
    }

    pub fn size(mut self, size: (u16, u16)) -> AppBuilder {
        self.opts.size = size;
        self
    }

    /// Where the database's draft is kept.
    pub fn drafts(mut self, path: Option<PathBuf>) -> AppBuilder {
        self.opts.draft_path = path;
        self
    }

    pub fn try_build(self) -> ggw::error::Result<App> {
        match self.backend {
            Held::Boxed(b) => App::new(b, self.opts),
            Held::Shared(b) => App::shared(b, self.opts),
        }
    }

    pub fn build(self) -> App {
        self.try_build()
            .unwrap_or_else(|e| panic!("the program's state: {e:?}"))
    }
}

/// Over a new demo database in `dir`, its draft beside it.
pub fn app_in(dir: &Path, size: (u16, u16), lang: Lang, theme: Theme) -> App {
    app_shared(demo_backend(dir))
        .lang(lang)
        .theme(theme)
        .size(size)
        .drafts(Some(dir.join("draft.json")))
        .build()
}

pub fn demo_app(dir: &Path, size: (u16, u16)) -> App {
    app_in(dir, size, Lang::Zh, Theme::color())
}

pub fn tree(app: &App) -> &Hierarchy {
    app.view().as_any().downcast_ref::<Hierarchy>().unwrap()
}

/// The buffer as text, one string per row, wide characters once.
pub fn rows(buf: &Buffer) -> Vec<String> {
    let w = buf.area.width as usize;
    buf.content
        .chunks(w)
        .map(|cells| {
            let mut line = String::new();
            let mut skip = 0;
            for c in cells {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = c.symbol();
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
                line.push_str(sym);
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// The real crossterm backend writing into memory, its frames fed to a
/// terminal emulator: what a user's terminal would show.
pub struct Emulated {
    pub term: ggw::tui::terminal::Term<Vec<u8>>,
    pub sender: ggw::tui::terminal::FrameSender<Vec<u8>>,
    pub parser: vt100::Parser,
}

impl Emulated {
    pub fn new(w: u16, h: u16) -> Emulated {
        use ratatui::layout::Rect;
        use ratatui::{Terminal, TerminalOptions, Viewport};
        let (writer, sender) = ggw::tui::terminal::frame_writer(Vec::new());
        // A fixed viewport: there is no real terminal to ask for its size.
        let term = Terminal::with_options(
            ggw::tui::wire::Wire::new(writer),
            TerminalOptions {
                viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
            },
        )
        .unwrap();
        Emulated {
            term,
            sender,
            parser: vt100::Parser::new(h, w, 0),
        }
    }

    /// Draws a frame; returns the bytes it cost.
    pub fn frame(&mut self, app: &App) -> Vec<u8> {
        ggw::tui::terminal::draw(&mut self.term, &self.sender, app).unwrap();
        let bytes = self.sender.with_out(std::mem::take);
        self.parser.process(&bytes);
        bytes
    }

    pub fn rows(&self) -> Vec<String> {
        vt_rows(&self.parser)
    }
}

/// One frame on ratatui's test backend at the program's size.
pub struct Drawn {
    /// One string per row, trailing blanks cut.
    pub rows: Vec<String>,
    pub buffer: Buffer,
    pub cursor: Position,
    pub cursor_visible: bool,
}

pub fn drawn(app: &App) -> Drawn {
    let (w, h) = app.size;
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| ggw::tui::ui::render(app, f)).unwrap();
    let backend = term.backend();
    Drawn {
        rows: rows(backend.buffer()),
        buffer: backend.buffer().clone(),
        cursor: backend.cursor_position(),
        cursor_visible: backend.cursor_visible(),
    }
}

/// The screen as rows of text.
pub fn screen(app: &App) -> Vec<String> {
    drawn(app).rows
}

/// The screen as one text, rows joined by newlines.
pub fn screen_text(app: &App) -> String {
    screen(app).join("\n")
}

/// What the screen should show: the same state drawn on the test backend.
pub fn expected_rows(app: &App) -> Vec<String> {
    screen(app)
}

/// A terminal emulator's screen after `bytes`.
pub fn vt_parse(bytes: &[u8], rows: u16, cols: u16) -> vt100::Parser {
    let mut p = vt100::Parser::new(rows, cols, 0);
    p.process(bytes);
    p
}

/// A terminal emulator's screen as rows of text, trailing blanks cut.
pub fn vt_rows(parser: &vt100::Parser) -> Vec<String> {
    let screen = parser.screen();
    let (_, w) = screen.size();
    screen
        .rows(0, w)
        .map(|r| r.trim_end().to_string())
        .collect()
}
