//! `ggw serve`: one process owns the database and serves every user's `ggw`
//! over a Unix socket, knowing each caller from the socket's peer
//! credentials.

mod backup;
mod conn;
pub mod socket;
pub mod wire;
mod writer;

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::error::{Error, Result};
use crate::lang::Lang;
use crate::service::{Actor, ChangeNotice, Response, Service};
use crate::store::OpenOptions;
use wire::ServerFrame;

pub struct ServeOptions {
    pub db: PathBuf,
    pub socket: PathBuf,
    pub group: Option<String>,
    pub open: OpenOptions,
    pub lang: Lang,
}

/// A connected, welcomed client.
struct Client {
    actor: Actor,
    /// Encoded frames for the client's sender thread.
    outbox: Sender<Vec<u8>>,
}

struct Shared {
    service: Service,
    clients: Mutex<HashMap<u64, Client>>,
    /// Every accepted connection, welcomed or not, so shutdown can end them.
    streams: Mutex<HashMap<u64, UnixStream>>,
    lang: Lang,
    uid: u32,
}

impl Shared {
    fn log(&self, zh: &str, en: &str) {
        let now = chrono::Local::now().format("%Y-%m-%d %H:%M:%S");
        let _ = writeln!(
            std::io::stderr(),
            "{now} ggw serve: {}",
            self.lang.pick(zh, en)
        );
    }

    /// People, not connections: one user with two terminals counts once.
    fn online(&self) -> u32 {
        let clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        let users: BTreeSet<&str> = clients.values().map(|c| c.actor.user.as_str()).collect();
        users.len() as u32
    }

    fn with_online(&self, response: Response) -> Response {
        match response {
            Response::Info(mut info) => {
                info.online = Some(self.online());
                Response::Info(info)
            }
            other => other,
        }
    }

    /// Tells every other client that may see it.
    fn broadcast(&self, from: u64, notice: &ChangeNotice) {
        let clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        let mut bytes = None;
        for (id, client) in clients.iter() {
            if *id == from || !self.may_see(&client.actor, notice) {
                continue;
            }
            let frame = bytes
                .get_or_insert_with(|| wire::frame_bytes(&ServerFrame::Notice(notice.clone())));
            let _ = client.outbox.send(frame.clone());
        }
    }

    fn may_see(&self, actor: &Actor, notice: &ChangeNotice) -> bool {
        is_presence(notice) || self.service.may_see(actor, notice)
    }

    /// Someone came or went: title bars showing "N 人在线" refresh.
    fn presence_changed(&self, from: u64, user: &str) {
        self.broadcast(from, &presence_notice(user));
    }
}

pub fn presence_notice(user: &str) -> ChangeNotice {
    ChangeNotice::presence(user)
}

pub fn is_presence(notice: &ChangeNotice) -> bool {
    notice.is_presence()
}

fn absolute(db: &Path) -> PathBuf {
    std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf())
}

/// Runs until SIGTERM or SIGINT, then finishes the writes in hand, removes
/// the socket and returns.
pub fn serve(opts: ServeOptions) -> Result<()> {
    let db = absolute(&opts.db);
    let service = Service::open(&db, &opts.open)?;
    // The data is the office's; only the server's user reads it directly.
    let _ = std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o700));
    let listener = socket::bind(&opts.socket, opts.group.as_deref())?;
    let shared = Arc::new(Shared {
        service,
        clients: Mutex::new(HashMap::new()),
        streams: Mutex::new(HashMap::new()),
        lang: opts.lang,
        uid: rustix::process::getuid().as_raw(),
    });
    let stopping = Arc::new(AtomicBool::new(false));
    let signals = watch_signals(&listener, &opts.socket, stopping.clone())?;

    let (jobs, job_rx) = mpsc::channel();
    let writer = {
        let shared = shared.clone();
        std::thread::spawn(move || writer::run(&shared, job_rx))
    };
    let socket_shown = opts.socket.display().to_string();
    shared.log(
        &format!("数据库 {}，在 {socket_shown} 上等待连接", db.display()),
        &format!("database {}, listening on {socket_shown}", db.display()),
    );

    let next_id = AtomicU64::new(1);
    let mut handles: Vec<JoinHandle<()>> = Vec::new();
    for conn in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let stream = match conn {
            Ok(s) => s,
            Err(e) => {
                shared.log(
                    &format!("接受连接失败：{e}"),
                    &format!("accept failed: {e}"),
                );
                // Out of file descriptors, say: give the others time to
                // finish rather than spin.
                std::thread::sleep(std::time::Duration::from_millis(100));
                continue;
            }
        };
        let id = next_id.fetch_add(1, Ordering::SeqCst);
        if let Ok(clone) = stream.try_clone() {
            lock(&shared.streams).insert(id, clone);
        }
        let shared = shared.clone();
        let jobs = jobs.clone();
        handles.push(std::thread::spawn(move || {
            conn::serve_client(&shared, id, stream, jobs)
        }));
        handles.retain(|h| !h.is_finished());
    }

    // No new requests; the ones already read are answered first.
    for stream in lock(&shared.streams).values() {
        let _ = stream.shutdown(std::net::Shutdown::Read);
    }
    for h in handles {
        let _ = h.join();
    }
    drop(jobs);
    let _ = writer.join();
    signals.close();
    let _ = std::fs::remove_file(&opts.socket);
    shared.log("已停止，数据已保存。", "stopped; everything saved.");
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// On SIGTERM or SIGINT, stops the accept loop: marks the server stopping
/// and wakes `accept` by connecting to it.
fn watch_signals(
    listener: &UnixListener,
    socket: &Path,
    stopping: Arc<AtomicBool>,
) -> Result<signal_hook::iterator::Handle> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals =
        signal_hook::iterator::Signals::new([SIGTERM, SIGINT]).map_err(|e| Error::Io {
            detail: format!("signals: {e}"),
        })?;
    let handle = signals.handle();
    let wake = listener.try_clone().map_err(|e| Error::Io {
        detail: e.to_string(),
    })?;
    let socket = socket.to_path_buf();
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            stopping.store(true, Ordering::SeqCst);
            if UnixStream::connect(&socket).is_err() {
                // The socket file is gone; end accept by shutting the
                // listening socket itself.
                let _ = rustix::net::shutdown(&wake, rustix::net::Shutdown::Both);
            }
        }
    });
    Ok(handle)
}
