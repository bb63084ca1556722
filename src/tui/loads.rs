//! Reads the screen does not wait for: a tab's first load, and the keys
//! whose answer reads a whole table at scale (the roster's filters, the
//! standings of another group). Each runs on a thread of its own over the
//! shared backend; its answer comes back as a `Done`, which the event loop
//! receives on the channel it already waits on, so nothing is polled and
//! an idle program stays silent.

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use super::views::View;
use crate::backend::Backend;
use crate::error::Result;

/// A backend more than one thread may call at once.
pub type SharedBackend = Arc<dyn Backend + Send + Sync>;

/// Where finished work is sent: the event loop's channel.
pub type Deliver = Arc<dyn Fn(Done) + Send + Sync>;

/// A view's read put off the screen's thread: what it does with the
/// backend, its answer handed back to the view as it was made.
pub type Read = Box<dyn FnOnce(&dyn Backend) -> Box<dyn Any + Send> + Send>;

/// Finished work, for the tab that asked.
pub enum Done {
    /// A tab's first load.
    Tab {
        tab: usize,
        job: u64,
        view: Result<Box<dyn View>>,
    },
    /// A view's own read, with the tag the view gave it to know a stale one.
    Reply {
        tab: usize,
        job: u64,
        tag: u64,
        reply: Box<dyn Any + Send>,
    },
}

impl Done {
    pub fn job(&self) -> u64 {
        match self {
            Done::Tab { job, .. } | Done::Reply { job, .. } => *job,
        }
    }

    pub fn tab(&self) -> usize {
        match self {
            Done::Tab { tab, .. } | Done::Reply { tab, .. } => *tab,
        }
    }
}

enum Held {
    /// Work goes to threads of its own.
    Shared(SharedBackend),
    /// A backend tied to this thread (tests' counting wrappers): work is
    /// done at once, as before there were threads.
    Alone(Box<dyn Backend>),
}

pub struct Loads {
    held: Held,
    deliver: Option<Deliver>,
    /// Without `deliver`, answers wait here for `App::settle`.
    own: (mpsc::Sender<Done>, mpsc::Receiver<Done>),
    /// Jobs begun whose answers are not applied yet, and by which tab.
    pending: RefCell<BTreeSet<(u64, usize)>>,
    next: Cell<u64>,
    lanes: RefCell<HashMap<usize, Arc<Lane>>>,
}

/// A tab's reads take turns, and one that a newer read of the tab has
/// overtaken while it waited is not made at all: five quick keys over a
/// roster that takes 100 ms to read cost two reads, not five at once.
#[derive(Default)]
struct Lane {
    turn: Mutex<()>,
    latest: AtomicU64,
}

impl Loads {
    pub fn shared(backend: SharedBackend) -> Loads {
        Loads::with(Held::Shared(backend))
    }

    pub fn alone(backend: Box<dyn Backend>) -> Loads {
        Loads::with(Held::Alone(backend))
    }

    fn with(held: Held) -> Loads {
        Loads {
            held,
            deliver: None,
            own: mpsc::channel(),
            pending: RefCell::default(),
            next: Cell::new(1),
            lanes: RefCell::default(),
        }
    }

    pub fn backend(&self) -> &dyn Backend {
        match &self.held {
            Held::Shared(b) => b.as_ref(),
            Held::Alone(b) => b.as_ref(),
        }
    }

    /// Answers go to `deliver` from now on.
    pub fn deliver_to(&mut self, deliver: Deliver) {
        self.deliver = Some(deliver);
    }

    pub fn delivers(&self) -> bool {
        self.deliver.is_some()
    }

    /// The next answer kept for `App::settle`; `None` when answers are
    /// delivered elsewhere or nothing is pending.
    pub fn wait(&self) -> Option<Done> {
        if self.deliver.is_some() || self.pending.borrow().is_empty() {
            return None;
        }
        self.own.1.recv().ok()
    }

    /// Whether `done` is still awaited; it is counted as applied.
    pub fn finish(&self, done: &Done) -> bool {
        self.pending.borrow_mut().remove(&(done.job(), done.tab()))
    }

    /// Whether any job is pending; with `tab`, any of that tab's.
    pub fn busy(&self, tab: Option<usize>) -> bool {
        let pending = self.pending.borrow();
        match tab {
            None => !pending.is_empty(),
            Some(t) => pending.iter().any(|(_, of)| *of == t),
        }
    }

    /// Whether a job begun after `job` is pending.
    pub fn busy_since(&self, job: u64) -> bool {
        self.pending.borrow().iter().any(|(j, _)| *j > job)
    }

    /// The last job begun.
    pub fn last_job(&self) -> u64 {
        self.next.get() - 1
    }

    fn begin(&self, tab: usize) -> u64 {
        let job = self.next.get();
        self.next.set(job + 1);
        self.pending.borrow_mut().insert((job, tab));
        job
    }

    fn send(&self, done: Done) {
        match &self.deliver {
            Some(d) => d(done),
            None => {
                let _ = self.own.0.send(done);
            }
        }
    }

    /// Loads tab `tab`'s view with `load`; returns the job's number.
    pub fn load_tab(&self, tab: usize, load: fn(&dyn Backend) -> Result<Box<dyn View>>) -> u64 {
        let job = self.begin(tab);
        self.run(move |b| Done::Tab {
            tab,
            job,
            view: load(b),
        });
        job
    }

    /// Runs a view's read; the answer comes back to tab `tab` with `tag`.
    pub fn read(&self, tab: usize, tag: u64, read: Read) {
        let job = self.begin(tab);
        let lane = self.lanes.borrow_mut().entry(tab).or_default().clone();
        lane.latest.store(tag, Ordering::SeqCst);
        self.run(move |b| {
            let _turn = lane.turn.lock().unwrap_or_else(|p| p.into_inner());
            // Overtaken: the view drops an answer with an older tag anyway.
            let reply = if lane.latest.load(Ordering::SeqCst) == tag {
                read(b)
            } else {
                Box::new(())
            };
            Done::Reply {
                tab,
                job,
                tag,
                reply,
            }
        });
    }

    fn run(&self, work: impl FnOnce(&dyn Backend) -> Done + Send + 'static) {
        match &self.held {
            Held::Alone(b) => self.send(work(b.as_ref())),
            Held::Shared(b) => {
                let backend = b.clone();
                let deliver = match &self.deliver {
                    Some(d) => d.clone(),
                    None => {
                        let own = self.own.0.clone();
                        Arc::new(move |d| {
                            let _ = own.send(d);
                        })
                    }
                };
                // Kept where a failed spawn leaves it, to be done here instead.
                let slot = Arc::new(Mutex::new(Some(work)));
                let theirs = slot.clone();
                let spawned =
                    std::thread::Builder::new()
                        .name("ggw-load".into())
                        .spawn(move || {
                            let work = theirs.lock().ok().and_then(|mut w| w.take());
                            if let Some(work) = work {
                                deliver(work(backend.as_ref()));
                            }
                        });
                if spawned.is_err() {
                    let work = slot.lock().ok().and_then(|mut w| w.take());
                    if let Some(work) = work {
                        self.send(work(b.as_ref()));
                    }
                }
            }
        }
    }
}

/// The tab that asks for a read, and the way to ask: given to a view in
/// its `Cx`.
pub struct Later<'a> {
    pub(crate) loads: &'a Loads,
    pub(crate) tab: usize,
}

impl Later<'_> {
    /// Runs `read` off the screen's thread; its answer comes back to the
    /// view's `arrived` with `tag`. Tags grow with each read a view asks
    /// for: a read still waiting for its turn when a newer one of the same
    /// tab is asked is skipped, and answers `()`.
    pub fn read<R: Any + Send>(
        &self,
        tag: u64,
        read: impl FnOnce(&dyn Backend) -> R + Send + 'static,
    ) {
        self.loads.read(
            self.tab,
            tag,
            Box::new(move |b| Box::new(read(b)) as Box<dyn Any + Send>),
        );
    }
}
