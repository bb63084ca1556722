//! The full-screen program answers the other commands on its database, as
//! `ggw serve` does: sled lets one process open a database, so without
//! this `ggw history` in a second terminal would be refused while the
//! program is open. It listens on a socket in the database's folder that
//! only its own user may use, and its screen hears of their changes.

use std::collections::HashMap;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use super::admission::Conns;
use super::budget::Budget;
use super::logbook::Logbook;
use super::writer::{self, Job};
use super::{Limits, Shared, accept_loop, lock, socket, spawn_named};
use crate::backend::{Backend, ChangeNotice, LocalBackend};
use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::service::{Actor, Request, Response};
use crate::store::backup::BackupSummary;

/// The connection id the program's own writes carry: accepted connections
/// count from 1, and notices are not sent back to where they came from.
pub const HOST_CONN: u64 = 0;

pub struct HostedBackend {
    shared: Arc<Shared>,
    actor: Actor,
    jobs: Option<Sender<Job>>,
    stopping: Arc<AtomicBool>,
    socket: PathBuf,
    /// A copy of the listening socket, to end `accept` if the socket file
    /// has gone and it cannot be woken by connecting.
    listening: UnixListener,
    accept: Option<JoinHandle<()>>,
    writer: Option<JoinHandle<()>>,
}

/// Serves `local`'s database to the user's other commands while the
/// program runs. When the socket cannot be set up (a path too long for a
/// socket, a read-only folder), the program runs alone, as it did before.
pub fn serve_open(
    local: LocalBackend,
    db: &Path,
    lang: Lang,
) -> Result<Box<dyn Backend + Send + Sync>> {
    let path = socket::hosted(db);
    let Ok(listener) = socket::bind_private(&path) else {
        return Ok(Box::new(local));
    };
    let listening = listener.try_clone().map_err(|e| Error::Io {
        detail: format!("{}: {e}", path.display()),
    })?;
    let (service, actor) = local.into_parts();
    let limits = Limits::default();
    let shared = Arc::new(Shared {
        service,
        clients: Mutex::new(HashMap::new()),
        conns: Mutex::new(Conns::default()),
        budget: Budget::new(limits.request_bytes()),
        limits,
        logbook: Logbook::quiet(lang),
        uid: rustix::process::getuid().as_raw(),
        host: Mutex::new(None),
    });
    let mut hosted = HostedBackend {
        shared: shared.clone(),
        actor,
        jobs: None,
        stopping: Arc::new(AtomicBool::new(false)),
        socket: path,
        listening,
        accept: None,
        writer: None,
    };
    // From here on, dropping `hosted` on an error stops what was started
    // and removes the socket.
    let (jobs, job_rx) = mpsc::channel();
    let for_writer = shared.clone();
    hosted.writer = Some(spawn_named("ggw-writer", move || {
        writer::run(&for_writer, job_rx)
    })?);
    let for_accept = jobs.clone();
    hosted.jobs = Some(jobs);
    let stopping = hosted.stopping.clone();
    hosted.accept = Some(spawn_named("ggw-accept", move || {
        accept_loop(&shared, &listener, &stopping, &for_accept)
    })?);
    Ok(Box::new(hosted))
}

impl HostedBackend {
    fn stopped() -> Error {
        Error::Disconnected {
            detail: "the program is closing".into(),
        }
    }

    /// Hands writes to the writer the connections share, so they are
    /// applied in one order and the others hear of them.
    fn write(&self, requests: Vec<Request>) -> Vec<Result<Response>> {
        let Some(jobs) = &self.jobs else {
            return requests.iter().map(|_| Err(Self::stopped())).collect();
        };
        let answers: Vec<_> = requests
            .into_iter()
            .map(|request| {
                let (reply, answer) = mpsc::channel();
                let job = Job {
                    conn: HOST_CONN,
                    actor: self.actor.clone(),
                    request,
                    reply,
                };
                jobs.send(job).ok().map(|()| answer)
            })
            .collect();
        answers
            .into_iter()
            .map(|a| match a {
                Some(answer) => answer.recv().unwrap_or_else(|_| Err(Self::stopped())),
                None => Err(Self::stopped()),
            })
            .collect()
    }
}

impl Backend for HostedBackend {
    fn call(&self, request: Request) -> Result<Response> {
        if request.is_write() {
            return self
                .write(vec![request])
                .pop()
                .unwrap_or_else(|| Err(Self::stopped()));
        }
        self.shared.service.handle(&self.actor, request)
    }

    fn call_many(&self, requests: Vec<Request>) -> Vec<Result<Response>> {
        if requests.iter().all(Request::is_write) {
            return self.write(requests);
        }
        requests.into_iter().map(|r| self.call(r)).collect()
    }

    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        let (tx, rx) = mpsc::channel();
        *lock(&self.shared.host) = Some((self.actor.clone(), tx));
        Some(rx)
    }

    fn backup(
        &self,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        self.shared.service.backup(&self.actor, out, progress)
    }
}

impl Drop for HostedBackend {
    /// Stops taking connections, answers the requests already read,
    /// finishes the writes in hand and removes the socket.
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept.take() {
            if UnixStream::connect(&self.socket).is_err() {
                let _ = rustix::net::shutdown(&self.listening, rustix::net::Shutdown::Both);
            }
            let _ = accept.join();
        }
        self.jobs = None;
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
        let _ = std::fs::remove_file(&self.socket);
    }
}
