//! `ggw serve`: one process owns the database and serves every user's `ggw`
//! over a Unix socket, knowing each caller from the socket's peer
//! credentials.

mod admission;
mod backup;
mod budget;
mod conn;
pub mod host;
pub mod limits;
mod logbook;
pub mod socket;
pub mod wire;
mod writer;

use std::collections::{BTreeSet, HashMap};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::error::{Busy, Error, Result};
use crate::lang::Lang;
use crate::service::{Actor, ChangeNotice, Response, Service};
use crate::store::OpenOptions;
use admission::Conns;
use budget::Budget;
pub use limits::Limits;
use logbook::Logbook;
use wire::ServerFrame;

pub struct ServeOptions {
    pub db: PathBuf,
    pub socket: PathBuf,
    pub group: Option<String>,
    pub open: OpenOptions,
    pub lang: Lang,
    pub limits: Limits,
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
    /// Every accepted connection, welcomed or not, counted against the
    /// limits, so shutdown can end them.
    conns: Mutex<Conns>,
    /// Memory for requests still arriving.
    budget: Budget,
    limits: Limits,
    logbook: Logbook,
    uid: u32,
    /// The full-screen program that serves its own database: its user and
    /// where its screen hears of others' changes.
    host: Mutex<Option<(Actor, Sender<ChangeNotice>)>>,
}

impl Shared {
    fn log(&self, zh: &str, en: &str) {
        self.logbook.line(zh, en);
    }

    /// A line about one bad or refused connection: rate-limited.
    fn log_bad(&self, zh: &str, en: &str) {
        self.logbook.bad(zh, en);
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
        drop(clients);
        if from != host::HOST_CONN
            && !is_presence(notice)
            && let Some((actor, screen)) = lock(&self.host).as_ref()
            && self.service.may_see(actor, notice)
        {
            let _ = screen.send(notice.clone());
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
        conns: Mutex::new(Conns::default()),
        budget: Budget::new(opts.limits.request_bytes()),
        limits: opts.limits.clone(),
        logbook: Logbook::new(opts.lang),
        uid: rustix::process::getuid().as_raw(),
        host: Mutex::new(None),
    });
    let stopping = Arc::new(AtomicBool::new(false));
    let signals = watch_signals(&listener, &opts.socket, stopping.clone())?;

    let (jobs, job_rx) = mpsc::channel();
    let writer = {
        let shared = shared.clone();
        spawn_named("ggw-writer", move || writer::run(&shared, job_rx))?
    };
    {
        // Only prints what the minute's rate limit held back; the process
        // ending ends it.
        let shared = shared.clone();
        let _ = spawn_named("ggw-log", move || {
            loop {
                std::thread::sleep(Duration::from_secs(10));
                shared.logbook.tick();
            }
        });
    }
    let damaged = shared.service.damaged();
    if !damaged.is_empty() {
        for d in &damaged {
            shared.log(&format!("损坏的记录：{d}"), &format!("damaged record: {d}"));
        }
        let n = damaged.len();
        shared.log(
            &crate::store::damage::warning(n, Lang::Zh),
            &crate::store::damage::warning(n, Lang::En),
        );
    }
    let socket_shown = opts.socket.display().to_string();
    shared.log(
        &format!("数据库 {}，在 {socket_shown} 上等待连接", db.display()),
        &format!("database {}, listening on {socket_shown}", db.display()),
    );
    let l = &opts.limits;
    shared.log(
        &format!(
            "连接上限：共 {} 个，每个用户 {} 个；接收中的请求最多占 {} MiB 内存",
            l.max_connections, l.max_per_user, l.request_memory
        ),
        &format!(
            "limits: {} connections in all, {} per user; {} MiB for requests being received",
            l.max_connections, l.max_per_user, l.request_memory
        ),
    );
    check_descriptors(&shared);

    accept_loop(&shared, &listener, &stopping, &jobs);
    drop(jobs);
    let _ = writer.join();
    signals.close();
    let _ = std::fs::remove_file(&opts.socket);
    shared.logbook.flush();
    shared.log("已停止，数据已保存。", "stopped; everything saved.");
    Ok(())
}

/// Serves connections until `stopping` is set and `accept` woken, then
/// stops reading requests and waits for the ones already read to be
/// answered.
fn accept_loop(
    shared: &Arc<Shared>,
    listener: &UnixListener,
    stopping: &AtomicBool,
    jobs: &Sender<writer::Job>,
) {
    let next_id = AtomicU64::new(1);
    let mut handles: Vec<JoinHandle<()>> = Vec::new();
    // Closed to free one descriptor when there are none left, so a client
    // can be told why instead of waiting unanswered.
    let mut spare = std::fs::File::open("/dev/null").ok();
    for conn in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let stream = match conn {
            Ok(s) => s,
            Err(e) => {
                shared.log_bad(
                    &format!("接受连接失败：{e}"),
                    &format!("accept failed: {e}"),
                );
                // With no descriptor free, accept fails at once whether
                // or not anyone is connecting: wait for someone before
                // making room, or a connection still being answered would
                // be dropped for nobody.
                if out_of_descriptors(&e) {
                    wait_for_a_caller(listener);
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                }
                // Strangers that have said nothing hold descriptors a
                // client may need: drop the oldest and try again before
                // turning anyone away. Its thread closes them once it
                // sees the shutdown, which on a busy machine takes a while.
                if out_of_descriptors(&e)
                    && let Some(old) = lock(&shared.conns).evict_oldest()
                {
                    shared.log_bad(
                        &format!("文件描述符用尽，断开了最早的等待连接 {old}"),
                        &format!(
                            "out of file descriptors; dropped the oldest waiting connection, {old}"
                        ),
                    );
                    std::thread::sleep(Duration::from_millis(20));
                    continue;
                }
                if out_of_descriptors(&e) && spare.take().is_some() {
                    if let Ok((s, _)) = listener.accept() {
                        conn::turn_away(
                            &s,
                            Busy::Resources {
                                detail: e.to_string(),
                            },
                        );
                    }
                    spare = std::fs::File::open("/dev/null").ok();
                }
                // Give the others time to finish rather than spin.
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        let id = next_id.fetch_add(1, Ordering::SeqCst);
        let copy = match stream.try_clone() {
            Ok(c) => c,
            Err(e) => {
                shared.log_bad(
                    &format!("连接 {id}：{e}，已拒绝"),
                    &format!("connection {id}: {e}; refused"),
                );
                conn::turn_away(
                    &stream,
                    Busy::Resources {
                        detail: e.to_string(),
                    },
                );
                continue;
            }
        };
        if let Some(old) = lock(&shared.conns).arrive(id, Some(copy)) {
            shared.log_bad(
                &format!(
                    "等待问候的连接超过 {} 个，断开了其中最早的连接 {old}",
                    limits::MAX_WAITING
                ),
                &format!(
                    "more than {} connections waiting for their hello; dropped the oldest, connection {old}",
                    limits::MAX_WAITING
                ),
            );
        }
        let for_thread = shared.clone();
        let jobs = jobs.clone();
        let spawned = spawn_named(&format!("ggw-conn-{id}"), move || {
            conn::serve_client(&for_thread, id, stream, jobs)
        });
        match spawned {
            Ok(h) => handles.push(h),
            Err(e) => {
                let detail = e.to_string();
                shared.log_bad(
                    &format!("连接 {id}：无法创建线程（{detail}），已拒绝"),
                    &format!("connection {id}: cannot start a thread ({detail}); refused"),
                );
                if let Some(s) = lock(&shared.conns).withdraw(id) {
                    conn::turn_away(&s, Busy::Resources { detail });
                }
            }
        }
        handles.retain(|h| !h.is_finished());
    }

    // No new requests; the ones already read are answered first.
    lock(&shared.conns).stop_reading();
    for h in handles {
        let _ = h.join();
    }
}

fn spawn_named<T: Send + 'static>(
    name: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<JoinHandle<T>> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(f)
        .map_err(|e| Error::ServerBusy {
            reason: Busy::Resources {
                detail: format!("{name}: {e}"),
            },
        })
}

/// Blocks until a connection waits on the listener (or polling fails).
fn wait_for_a_caller(listener: &UnixListener) {
    use rustix::event::{PollFd, PollFlags, poll};
    let mut fds = [PollFd::new(listener, PollFlags::IN)];
    let _ = poll(&mut fds, None);
}

fn out_of_descriptors(e: &std::io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(code) if code == rustix::io::Errno::MFILE.raw_os_error()
            || code == rustix::io::Errno::NFILE.raw_os_error()
    )
}

/// Raises the open-file limit as far as allowed, and says so when the
/// connection limits could still run the server out of descriptors.
fn check_descriptors(shared: &Shared) {
    use rustix::process::{Resource, getrlimit, setrlimit};
    let mut lim = getrlimit(Resource::Nofile);
    if lim.current != lim.maximum {
        let raised = rustix::process::Rlimit {
            current: lim.maximum,
            maximum: lim.maximum,
        };
        if setrlimit(Resource::Nofile, raised).is_ok() {
            lim = raised;
        }
    }
    let needed = shared.limits.descriptors_needed();
    if let Some(have) = lim.current.filter(|have| *have < needed) {
        shared.log(
            &format!(
                "警告：本进程最多打开 {have} 个文件，按当前连接上限可能需要 {needed} 个；请调低 --max-connections，或调高 LimitNOFILE"
            ),
            &format!(
                "warning: this process may open {have} files, the connection limits may need {needed}; lower --max-connections or raise LimitNOFILE"
            ),
        );
    }
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
