//! The terminal: entering and leaving full-screen mode on every exit path
//! and around a stop, and sending each frame as one write wrapped in
//! synchronized output.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;

use super::app::App;

/// DEC private mode 2026: the terminal shows the frame only when it is
/// complete, so a slow link never shows half a redraw.
pub const BEGIN_SYNC: &[u8] = b"\x1b[?2026h";
pub const END_SYNC: &[u8] = b"\x1b[?2026l";

struct Pending<W> {
    buf: Vec<u8>,
    out: W,
}

/// Collects everything ratatui writes for a frame (it flushes several times
/// per frame), to be sent in one write by the matching `FrameSender`.
pub struct FrameWriter<W: Write> {
    shared: Rc<RefCell<Pending<W>>>,
}

/// The other end of a `FrameWriter`, kept outside the terminal.
pub struct FrameSender<W: Write> {
    shared: Rc<RefCell<Pending<W>>>,
}

pub fn frame_writer<W: Write>(out: W) -> (FrameWriter<W>, FrameSender<W>) {
    let shared = Rc::new(RefCell::new(Pending {
        buf: Vec::with_capacity(64 * 1024),
        out,
    }));
    (
        FrameWriter {
            shared: shared.clone(),
        },
        FrameSender { shared },
    )
}

impl<W: Write> FrameSender<W> {
    /// Sends what has been collected, wrapped in synchronized output;
    /// returns the bytes written.
    pub fn present(&self) -> io::Result<usize> {
        let mut p = self.shared.borrow_mut();
        if p.buf.is_empty() {
            return Ok(0);
        }
        let mut frame = Vec::with_capacity(p.buf.len() + 16);
        frame.extend_from_slice(BEGIN_SYNC);
        frame.append(&mut p.buf);
        frame.extend_from_slice(END_SYNC);
        p.out.write_all(&frame)?;
        p.out.flush()?;
        Ok(frame.len())
    }

    pub fn with_out<R>(&self, f: impl FnOnce(&mut W) -> R) -> R {
        f(&mut self.shared.borrow_mut().out)
    }
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.shared.borrow_mut().buf.extend_from_slice(data);
        Ok(data.len())
    }

    /// The frame goes out in `FrameSender::present`.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

pub type Term<W> = Terminal<super::wire::Wire<FrameWriter<W>>>;

/// Draws the state and sends the frame; returns the bytes written.
pub fn draw<W: Write>(term: &mut Term<W>, sender: &FrameSender<W>, app: &App) -> io::Result<usize> {
    term.draw(|f| super::ui::render(app, f))?;
    sender.present()
}

pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    // No keyboard enhancement flags: they break Chinese input methods.
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All),
        cursor::Hide
    )
}

/// Full-screen mode again after the program was stopped. Raw mode is set
/// afresh: whoever had the terminal meanwhile (the shell) may have changed
/// its modes behind crossterm's back.
pub fn reenter() -> io::Result<()> {
    let _ = disable_raw_mode();
    enter()
}

/// Safe to call more than once and on a terminal that is gone.
pub fn leave() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Lets the main loop stop the input thread from reading the terminal
/// while another program (an editor) reads it.
#[derive(Default)]
pub struct InputGate {
    state: std::sync::Mutex<GateState>,
    changed: std::sync::Condvar,
}

#[derive(Default)]
struct GateState {
    held: bool,
    /// The input thread is waiting at the gate, reading nothing.
    waiting: bool,
}

impl InputGate {
    /// Returns once the input thread has stopped reading. It blocks in
    /// its read while the program is idle (no wake-ups), so it is woken by
    /// a SIGWINCH to this process: the terminal's reader answers it with a
    /// resize event, and the thread comes back to the gate.
    pub fn hold(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.held = true;
        while !s.waiting {
            let _ = rustix::process::kill_process(
                rustix::process::getpid(),
                rustix::process::Signal::WINCH,
            );
            s = self
                .changed
                .wait_timeout(s, std::time::Duration::from_millis(100))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    pub fn release(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.held = false;
        self.changed.notify_all();
    }

    /// Called by the input thread between reads.
    pub fn wait_while_held(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !s.held {
            return;
        }
        s.waiting = true;
        self.changed.notify_all();
        while s.held {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.waiting = false;
    }
}

/// A panic leaves the terminal usable and its message readable.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}
