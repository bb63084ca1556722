//! The full-screen program. Keys, resizes, signals and the backend's notices
//! all arrive on one channel; each becomes an `Action` for `App::update`;
//! the screen is redrawn only when something changed.

pub mod action;
pub mod app;
pub mod draft;
pub mod keymap;
pub mod keys;
pub mod layout;
pub mod loads;
pub mod opening;
pub mod permits;
pub mod popups;
pub mod search;
pub mod strings;
pub mod terminal;
pub mod theme;
pub mod typeahead;
pub mod ui;
pub mod views;
pub mod widgets;
pub mod wire;

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crossterm::event::Event as TermEvent;
use ratatui::Terminal;

use self::action::Action;
use self::app::{App, Options};
use self::keymap::Keymap;
use self::keys::KeyPress;
pub use self::opening::Opened;
use self::strings::Text;
use self::theme::Theme;
use crate::api::admin::Info;
use crate::backend::{BackendExt, ChangeNotice};
use crate::error::{Error, Result};
use crate::lang::Lang;

pub struct RunOptions {
    pub lang: Lang,
    pub keymap_file: Option<PathBuf>,
    /// How long to wait for the database before showing the opening
    /// screen (`opening::grace_for`).
    pub open_grace: Duration,
}

enum Event {
    Term(TermEvent),
    Notice(ChangeNotice),
    Signal,
    /// SIGTSTP sent from another shell: give the terminal back and stop.
    Suspend,
    /// SIGCONT: whoever had the terminal meanwhile may have drawn over the
    /// screen or changed its modes.
    Continued,
    /// The terminal stopped answering: the connection is gone.
    InputClosed,
    /// A tab's view, or a key's answer, read off the screen's thread.
    Loaded(loads::Done),
    /// The database, opened off the screen's thread.
    Opened(Box<Result<Opened>>),
}

/// How long a frame waits for a load its key began: one that answers
/// sooner (a small database's, nearly all) is drawn once, finished, rather
/// than first as a loading line; a slower one shows that line by then,
/// well within the tenth of a second a key may take to show.
const GRACE: Duration = Duration::from_millis(40);

/// The locale, when its character set is not UTF-8. The first of
/// `LC_ALL`, `LC_CTYPE`, `LANG` that is set decides, as in C programs; none
/// set means the C locale, which is ASCII.
pub fn non_utf8_locale(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|v| var(v))
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "C".to_string());
    let lower = locale.to_ascii_lowercase();
    if lower.contains("utf-8") || lower.contains("utf8") {
        None
    } else {
        Some(locale)
    }
}

fn io_error(e: io::Error) -> Error {
    Error::Io {
        detail: e.to_string(),
    }
}

/// Opens the database with `open` while the screen already shows the
/// program, then runs it until the user quits or the connection drops.
pub fn run(open: impl FnOnce() -> Result<Opened> + Send, opts: RunOptions) -> Result<()> {
    let text = Text(opts.lang);
    let mut notices = Vec::new();
    if let Some(locale) = non_utf8_locale(|v| std::env::var(v).ok()) {
        let warning = text.locale_warning(&locale);
        let _ = writeln!(io::stderr(), "ggw: {warning}");
        notices.push(warning);
    }
    let (keymap, keymap_error) =
        Keymap::load(keymap::user_file(opts.keymap_file.as_deref()).as_deref());
    if let Some(e) = keymap_error {
        let file = e.file.display().to_string();
        notices.push(if e.line == 0 {
            text.keymap_unreadable(&file, &e.problem)
        } else {
            text.keymap_error(&file, e.line, &e.problem)
        });
    }
    let theme = Theme::from_env();
    let mut size = crossterm::terminal::size().map_err(io_error)?;
    let (tx, rx) = mpsc::channel::<Event>();
    std::thread::scope(|scope| {
        let opened = tx.clone();
        scope.spawn(move || {
            // A panic here would leave the opening screen waiting for ever.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(open))
                .unwrap_or_else(|_| {
                    Err(Error::Storage {
                        detail: "opening the database stopped unexpectedly".into(),
                    })
                });
            let _ = opened.send(Event::Opened(Box::new(result)));
        });
        spawn_signals(tx.clone())?;
        // What arrives before the program exists, answered once it does.
        let mut pending = Vec::new();
        let opened = opened_at_once(&rx, opts.open_grace, &mut pending);
        if let Some(Err(e)) = opened {
            return Err(e);
        }
        terminal::install_panic_hook();
        terminal::enter().map_err(|e| {
            terminal::leave();
            io_error(e)
        })?;
        let gate = std::sync::Arc::new(terminal::InputGate::default());
        spawn_input(tx.clone(), gate.clone());
        let out = BufWriter::with_capacity(256 * 1024, io::stdout());
        let (writer, sender) = terminal::frame_writer(out);
        let mut screen = Screen {
            term: Terminal::new(wire::Wire::new(writer)).map_err(io_error)?,
            sender,
        };
        let mut draft_kept = None;
        let result = (|| {
            let opened = match opened {
                Some(r) => r,
                None => wait_for_open(&rx, &mut screen, text, &theme, &mut size, &mut pending)?,
            }?;
            notices.extend(opened.notices);
            let backend: loads::SharedBackend = Arc::from(opened.backend);
            let subscription = backend.subscribe();
            // Drafts belong to the database the backend reports, which through a
            // server is the server's, whatever path this client was given.
            let info = backend.as_ref().run(Info {})?;
            let draft_path = draft::path_for(std::path::Path::new(&info.path));
            let mut app = App::shared(
                backend,
                Options {
                    lang: opts.lang,
                    theme,
                    keymap,
                    draft_path,
                    size,
                },
            )?;
            for n in notices {
                app.notify(n);
            }
            let loaded = tx.clone();
            app.deliver_to(Arc::new(move |done| {
                let _ = loaded.send(Event::Loaded(done));
            }));
            if let Some(sub) = subscription {
                let tx = tx.clone();
                std::thread::spawn(move || {
                    for n in sub {
                        if tx.send(Event::Notice(n)).is_err() {
                            break;
                        }
                    }
                });
            }
            let result = event_loop(&mut app, &rx, &gate, &mut screen, pending);
            draft_kept = app.draft_kept.take();
            result
        })();
        terminal::leave();
        if let Some(path) = &draft_kept {
            let _ = writeln!(
                io::stderr(),
                "ggw: {}",
                text.draft_kept(&path.display().to_string())
            );
        }
        result
    })
}

/// The database, if it opens within `grace` (nearly all do): the program
/// then shows as the first frame, and one that fails to open says so on
/// the plain screen, as a command would.
fn opened_at_once(
    rx: &mpsc::Receiver<Event>,
    grace: Duration,
    pending: &mut Vec<Event>,
) -> Option<Result<Opened>> {
    let grace = Instant::now() + grace;
    while let Some(left) = grace.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(Event::Opened(r)) => return Some(*r),
            Ok(ev) => pending.push(ev),
            Err(_) => break,
        }
    }
    None
}

/// The terminal and where its frames go out.
struct Screen<W: Write> {
    term: terminal::Term<W>,
    sender: terminal::FrameSender<W>,
}

/// Shows the opening screen until the database has opened, keeping what
/// arrives meanwhile (keys, a new size, a signal) for the program; each key
/// kept is drawn at once as a count on the opening line.
fn wait_for_open<W: Write>(
    rx: &mpsc::Receiver<Event>,
    screen: &mut Screen<W>,
    text: Text,
    theme: &Theme,
    size: &mut (u16, u16),
    pending: &mut Vec<Event>,
) -> Result<Result<Opened>> {
    let keys = |pending: &[Event]| {
        pending
            .iter()
            .filter(|ev| matches!(ev, Event::Term(TermEvent::Key(k)) if KeyPress::from_event(k).is_some()))
            .count()
    };
    let draw = |screen: &mut Screen<W>, waiting: usize| -> Result<()> {
        screen
            .term
            .draw(|f| opening::render(text, theme, waiting, f))
            .map_err(io_error)?;
        screen.sender.present().map_err(io_error)?;
        Ok(())
    };
    draw(screen, keys(pending))?;
    loop {
        match rx.recv() {
            Ok(Event::Opened(r)) => return Ok(*r),
            Ok(ev) => {
                let redraw = match ev {
                    Event::Term(TermEvent::Resize(w, h)) => {
                        *size = (w, h);
                        screen
                            .term
                            .resize(ratatui::layout::Rect::new(0, 0, w, h))
                            .map_err(io_error)?;
                        true
                    }
                    Event::Term(TermEvent::Key(k)) => KeyPress::from_event(&k).is_some(),
                    _ => false,
                };
                pending.push(ev);
                if redraw {
                    draw(screen, keys(pending))?;
                }
            }
            Err(_) => {
                return Err(Error::Io {
                    detail: "the database was never opened".into(),
                });
            }
        }
    }
}

/// SIGHUP, SIGTERM, SIGINT and SIGQUIT end the program cleanly (SIGQUIT's
/// core dump would leave the terminal full-screen); SIGTSTP and SIGCONT
/// stop and resume it with the terminal given back in between. Ctrl-C,
/// Ctrl-\ and Ctrl-Z typed in the program arrive as keys, not as these
/// (Ctrl-Z stops it only when a keymap binds it to `suspend`).
fn spawn_signals(tx: mpsc::Sender<Event>) -> Result<()> {
    use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGTSTP, SIGCONT])
            .map_err(io_error)?;
    std::thread::spawn(move || {
        for signal in signals.forever() {
            let ev = match signal {
                SIGTSTP => Event::Suspend,
                SIGCONT => Event::Continued,
                _ => Event::Signal,
            };
            if tx.send(ev).is_err() {
                break;
            }
        }
    });
    Ok(())
}

/// The kernel drops a stop signal sent to an orphaned process group, one
/// that no job-control shell watches, since nothing would ever continue
/// it; a stop is then refused here too. The group is taken as orphaned
/// when our parent is outside our session or inside our own group, and
/// when that cannot be told: keeping the program running is the safe side.
fn orphaned() -> bool {
    use rustix::process::{getpgid, getppid, getsid};
    let Some(parent) = getppid() else {
        return true;
    };
    match (
        getsid(None),
        getpgid(None),
        getsid(Some(parent)),
        getpgid(Some(parent)),
    ) {
        (Ok(sid), Ok(pgrp), Ok(parent_sid), Ok(parent_pgrp)) => {
            parent_sid != sid || parent_pgrp == pgrp
        }
        _ => true,
    }
}

/// Gives the terminal back and stops, as SIGTSTP's default action would
/// but with the screen and cursor restored; returns once continued, or at
/// once (false) when stopping is refused.
fn suspend() -> bool {
    if orphaned() {
        return false;
    }
    terminal::leave();
    // SIGSTOP, not SIGTSTP: that one would come back to this handler.
    signal_hook::low_level::raise(signal_hook::consts::SIGSTOP).is_ok()
}

/// Full-screen mode again, and the next frame drawn whole: the screen
/// may hold anything by now, and the window may have changed size.
fn resume<W: Write>(app: &mut App, term: &mut terminal::Term<W>) -> io::Result<()> {
    terminal::reenter()?;
    term.backend_mut().forget_cursor();
    let (w, h) = crossterm::terminal::size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, w, h))?;
    app.update(Action::Resize(w, h));
    Ok(())
}

/// A terminal that cannot be taken back is gone (the shell that held it
/// ended while the program was stopped): as on SIGHUP, an open form is kept
/// as a draft and the program ends.
fn resume_or_hang_up<W: Write>(app: &mut App, term: &mut terminal::Term<W>) {
    if resume(app, term).is_err() {
        app.update(Action::Hangup);
    }
}

/// Reads the terminal in its own thread, so the main loop can wait on
/// everything at once; between reads it stops at the gate while an editor
/// has the keys (`InputGate::hold` wakes it from its read).
fn spawn_input(tx: mpsc::Sender<Event>, gate: std::sync::Arc<terminal::InputGate>) {
    std::thread::spawn(move || {
        loop {
            gate.wait_while_held();
            let ev = match crossterm::event::read() {
                Ok(ev) => Event::Term(ev),
                Err(_) => Event::InputClosed,
            };
            let closed = matches!(ev, Event::InputClosed);
            if tx.send(ev).is_err() || closed {
                break;
            }
        }
    });
}

fn event_loop<W: Write>(
    app: &mut App,
    rx: &mpsc::Receiver<Event>,
    gate: &terminal::InputGate,
    screen: &mut Screen<W>,
    pending: Vec<Event>,
) -> Result<()> {
    let Screen { term, sender } = screen;
    let mut dirty = true;
    // SIGCONTs of stops made here, already answered by `resume`.
    let mut own_continues = 0usize;
    // The last job begun before the frame on screen, and when a frame
    // began waiting for the jobs begun since.
    let mut drawn_job = app.last_job();
    let mut held: Option<Instant> = None;
    // What arrived while the database opened comes first.
    let mut batch = pending;
    loop {
        for ev in batch.drain(..) {
            match ev {
                Event::Suspend => {
                    if suspend() {
                        own_continues += 1;
                        resume_or_hang_up(app, term);
                        dirty = true;
                    }
                }
                Event::Continued if own_continues > 0 => own_continues -= 1,
                Event::Continued => {
                    resume_or_hang_up(app, term);
                    dirty = true;
                }
                ev => dirty |= handle(app, ev),
            }
            if app.wants_terminal() {
                // As git gives the terminal to the editor of a commit
                // message: our keys stop being read until it returns.
                gate.hold();
                terminal::leave();
                app.use_terminal();
                resume_or_hang_up(app, term);
                gate.release();
                dirty = true;
            }
            if std::mem::take(&mut app.suspend) && suspend() {
                own_continues += 1;
                resume_or_hang_up(app, term);
                dirty = true;
            }
            if app.quit {
                return Ok(());
            }
        }
        let mut wait = None;
        if dirty {
            let since = *held.get_or_insert_with(Instant::now);
            let left = GRACE.saturating_sub(since.elapsed());
            if app.loading_since(drawn_job) && !left.is_zero() {
                wait = Some(left);
            } else {
                terminal::draw(term, sender, app).map_err(io_error)?;
                dirty = false;
                drawn_job = app.last_job();
                held = None;
            }
        }
        let ev = match wait {
            Some(left) => match rx.recv_timeout(left) {
                Ok(ev) => ev,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(()),
            },
            None => match rx.recv() {
                Ok(ev) => ev,
                Err(_) => return Ok(()),
            },
        };
        // Take everything already waiting before drawing again: a burst of
        // keys over a slow link costs one frame, not one per key.
        batch.push(ev);
        batch.extend(rx.try_iter());
    }
}

/// Returns whether the screen may have changed.
fn handle(app: &mut App, ev: Event) -> bool {
    match ev {
        Event::Term(TermEvent::Key(k)) => KeyPress::from_event(&k).is_some_and(|k| app.key(k)),
        Event::Term(TermEvent::Paste(s)) => {
            app.update(Action::Paste(s));
            true
        }
        Event::Term(TermEvent::Resize(w, h)) => {
            app.update(Action::Resize(w, h));
            true
        }
        Event::Term(_) => false,
        Event::Notice(n) => {
            app.update(Action::Notice(n));
            true
        }
        Event::Loaded(done) => {
            app.loaded(done);
            true
        }
        // Answered in the event loop, which owns the terminal.
        Event::Suspend | Event::Continued => false,
        // Only ever once, before the program exists.
        Event::Opened(_) => false,
        Event::Signal | Event::InputClosed => {
            app.update(Action::Hangup);
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn opened_after(delay: Duration, grace: Duration) -> (Option<Result<Opened>>, Vec<Event>) {
        let (tx, rx) = mpsc::channel();
        tx.send(Event::Signal).unwrap();
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            let failed = Err(Error::Storage {
                detail: "not a database".into(),
            });
            let _ = tx.send(Event::Opened(Box::new(failed)));
        });
        let mut pending = Vec::new();
        (opened_at_once(&rx, grace, &mut pending), pending)
    }

    #[test]
    fn the_wait_for_the_database_is_as_long_as_it_is_given() {
        // Within the wait: its answer, failure included, comes back.
        let (opened, pending) = opened_after(Duration::from_millis(20), Duration::from_secs(5));
        assert!(matches!(opened, Some(Err(Error::Storage { .. }))));
        assert!(matches!(pending[..], [Event::Signal]));
        // Past it: the opening screen is for the caller to show.
        let (opened, pending) = opened_after(Duration::from_millis(300), Duration::from_millis(4));
        assert!(opened.is_none());
        assert!(matches!(pending[..], [Event::Signal]));
    }

    #[test]
    fn locale_check_follows_c_precedence() {
        assert_eq!(non_utf8_locale(env(&[("LANG", "zh_CN.UTF-8")])), None);
        assert_eq!(non_utf8_locale(env(&[("LANG", "C.utf8")])), None);
        assert_eq!(
            non_utf8_locale(env(&[("LANG", "zh_CN.GBK")])).as_deref(),
            Some("zh_CN.GBK")
        );
        // LC_ALL wins over LANG; an empty one does not count.
        assert_eq!(
            non_utf8_locale(env(&[("LC_ALL", "zh_CN.GB18030"), ("LANG", "zh_CN.UTF-8")]))
                .as_deref(),
            Some("zh_CN.GB18030")
        );
        assert_eq!(
            non_utf8_locale(env(&[("LC_ALL", ""), ("LC_CTYPE", "en_US.UTF-8")])),
            None
        );
        assert_eq!(non_utf8_locale(env(&[])).as_deref(), Some("C"));
    }
}
