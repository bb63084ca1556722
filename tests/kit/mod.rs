//! Helpers shared by the integration tests: temporary databases, the real
//! binary, and the terminal UI's state over a demo database.
#![allow(dead_code)]

pub mod binary;
pub mod server;
pub mod temp_dir;
// The pty benchmark's terminal session; the tests use only part of it.
#[allow(dead_code)]
#[path = "../../benches/pty/term.rs"]
pub mod term;
pub mod tmux;

#[allow(unused_imports)]
pub use binary::{BIN, Ggw, ggw, ok, run, stderr, stdout, text};
#[allow(unused_imports)]
pub use server::{Server, init_db};
#[allow(unused_imports)]
pub use temp_dir::TempDir;

use std::path::{Path, PathBuf};

use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::{OrgUnit, UnitKind};
use ggw::lang::Lang;
use ggw::service::{Actor, Service};
use ggw::store::OpenOptions;
use ggw::tui::app::{App, Options};
use ggw::tui::keymap::Keymap;
use ggw::tui::theme::Theme;
use ggw::tui::views::hierarchy::Hierarchy;
use ratatui::buffer::Buffer;

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ggw.db");
    TempDb { dir, path }
}

/// A new, empty database of 爱辉区 worked on by `user`.
pub fn district_backend(t: &TempDb, user: &str) -> LocalBackend {
    let actor = Actor::new(user);
    let service =
        Service::create(&t.path, &OpenOptions::default(), "爱辉区", false, &actor).unwrap();
    LocalBackend::from_service(service, actor)
}

/// A veteran on the roll since 2021, with no unit yet.
pub fn elder_anywhere(name: &str) -> ggw::domain::person::PersonDraft {
    use ggw::domain::day::Day;
    use ggw::domain::person::{Category, ElderDraft, PersonDraft, RosterStatus, Source};
    PersonDraft {
        name: name.into(),
        birth: Day::ymd(1955, 3, 8),
        unit: None,
        elder: Some(ElderDraft {
            category: Category::Veteran,
            core: false,
            skills: String::new(),
            health: String::new(),
            source: Source::VeteransAffairs,
            joined: Day::ymd(2021, 5, 1),
            reregistered: None,
            status: RosterStatus::Active,
        }),
        ..PersonDraft::default()
    }
}

/// The same elder, in `unit`.
pub fn elder(name: &str, unit: &ggw::domain::OrgUnit) -> ggw::domain::person::PersonDraft {
    ggw::domain::person::PersonDraft {
        unit: Some(unit.id),
        ..elder_anywhere(name)
    }
}

/// `ggw --db DB` for one of `term`'s pseudo-terminals, `home` its home,
/// off any server.
pub fn pty_ggw(home: &Path, db: &Path) -> Ggw {
    let mut g = Ggw::new();
    g.home(home)
        .off_servers(home)
        .lang("C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm-256color")
        .db(db);
    g
}

/// Starts `ggw` in a pseudo-terminal of its own, run from `home`.
pub fn spawn_in_pty(ggw: &Ggw, home: &Path) -> std::io::Result<term::Session> {
    let argv = ggw.argv();
    term::Session::spawn_holding(&argv[0], &argv[1..], home, &[])
}

/// A new database with the demo district in it.
pub fn demo_db() -> TempDb {
    let t = temp_db();
    let o = run(&t.path, &["init", "--demo"]);
    assert!(o.status.success(), "init --demo: {}", stderr(&o));
    t
}

pub fn demo_backend(dir: &Path) -> LocalBackend {
    let db = dir.join("demo.db");
    let actor = Actor::new("tester");
    let service = Service::create(&db, &OpenOptions::default(), "爱辉区", true, &actor).unwrap();
    let backend = LocalBackend::from_service(service, actor);
    ggw::demo::populate(&backend).unwrap();
    backend
}

pub fn app_in(dir: &Path, size: (u16, u16), lang: Lang, theme: Theme) -> App {
    App::new(
        Box::new(demo_backend(dir)),
        Options {
            lang,
            theme,
            keymap: Keymap::builtin(),
            draft_path: Some(dir.join("draft.json")),
            size,
        },
    )
    .unwrap()
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
        let screen = self.parser.screen();
        let (_, w) = screen.size();
        screen
            .rows(0, w)
            .map(|r| r.trim_end().to_string())
            .collect()
    }
}

/// What the screen should show: the same state drawn on the test backend.
pub fn expected_rows(app: &App) -> Vec<String> {
    let (w, h) = app.size;
    let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
    term.draw(|f| ggw::tui::ui::render(app, f)).unwrap();
    rows(term.backend().buffer())
}

/// A backend that claims, in its `Info`, a head count and an account other
/// than the database's owner, while the service below still allows
/// everything: for testing what the UI itself shows and refuses.
pub struct Claimed {
    pub inner: LocalBackend,
    pub online: Option<std::rc::Rc<std::cell::Cell<u32>>>,
    /// Claimed for the user `lisi`.
    pub access: Option<ggw::domain::account::Access>,
}

impl ggw::backend::Backend for Claimed {
    fn call(&self, request: ggw::service::Request) -> ggw::error::Result<ggw::service::Response> {
        match self.inner.call(request)? {
            ggw::service::Response::Info(mut i) => {
                if let Some(n) = &self.online {
                    i.online = Some(n.get());
                }
                if let Some(a) = self.access {
                    i.access = a;
                    i.user = "lisi".into();
                }
                Ok(ggw::service::Response::Info(i))
            }
            other => Ok(other),
        }
    }
}

/// A backend shared with "another user" in the same test.
pub struct Shared(pub std::rc::Rc<LocalBackend>);

impl ggw::backend::Backend for Shared {
    fn call(&self, request: ggw::service::Request) -> ggw::error::Result<ggw::service::Response> {
        self.0.call(request)
    }
}

/// An empty district run by 王主任, with 四嘉子乡 and its village 小乌斯力村.
pub struct VillageWorld {
    pub _dir: TempDb,
    pub b: LocalBackend,
    pub district: OrgUnit,
    pub village: OrgUnit,
}

pub fn village_world() -> VillageWorld {
    let t = temp_db();
    let b = district_backend(&t, "王主任");
    let district = b.resolve_unit("爱辉区").unwrap();
    let township = b
        .create_unit(district.id, UnitKind::Township, "四嘉子乡")
        .unwrap();
    let village = b
        .create_unit(township.id, UnitKind::Village, "小乌斯力村")
        .unwrap();
    VillageWorld {
        _dir: t,
        b,
        district,
        village,
    }
}

/// `ggw meetings series add` of a monthly 主任办公会 on first Mondays from
/// 2025, at 09:00; a test adds its own end, attendees or place.
pub const MONTHLY_OFFICE: [&str; 13] = [
    "meetings",
    "series",
    "add",
    "--kind",
    "directors-office",
    "--title",
    "主任办公会",
    "--rule",
    "FREQ=MONTHLY;BYDAY=1MO",
    "--start",
    "2025-01-01",
    "--time",
    "09:00",
];
