//! One client's connection: the hello, who they are, then requests until
//! they leave. Anything malformed ends the connection, never the server.

use std::io::{self, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

use super::admission::Stage;
use super::budget::{self, Incoming};
use super::limits::HELLO_TIMEOUT;
use super::wire::{self, ClientFrame, FrameError, Hello, ServerFrame, Session};
use super::writer::Job;
use super::{Client, Shared, lock};
use crate::api::admin::AdminRequest;
use crate::domain::account::Access;
use crate::error::{Busy, Error};
use crate::service::{Actor, Request};

/// A client that stops reading its replies is dropped after this, so it
/// cannot hold the server's memory or threads.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// How a connection ended before it was served.
enum Unserved {
    /// Nothing worth a line: it closed before saying anything, or was
    /// dropped to make room (logged then).
    Quietly,
    /// Told why it is refused; logged already.
    Told,
    /// Misbehaved: the reason, for the log.
    Bad(String),
}

/// Who a greeted connection is.
struct Greeted {
    actor: Actor,
    access: Access,
}

pub fn serve_client(shared: &Shared, id: u64, mut stream: UnixStream, jobs: Sender<Job>) {
    let ending = match greet(shared, id, &mut stream) {
        Ok(greeted) => {
            serve_greeted(shared, id, stream, greeted, jobs);
            return;
        }
        Err(ending) => ending,
    };
    let stage = lock(&shared.conns).leave(id);
    if let (Unserved::Bad(reason), Some(stage)) = (ending, stage)
        && stage != Stage::Evicted
    {
        shared.log_bad(
            &format!("连接 {id}：{reason}，已断开"),
            &format!("connection {id}: {reason}; disconnected"),
        );
    }
}

/// Tells a client why it is not served, without reading from it or
/// waiting on it: the accept loop calls this when it cannot take one more.
pub fn turn_away(stream: &UnixStream, reason: Busy) {
    let _ = stream.set_nonblocking(true);
    let mut bytes = Hello {
        version: wire::PROTOCOL_VERSION,
        accepted: true,
    }
    .to_bytes()
    .to_vec();
    bytes.extend(wire::frame_bytes(&ServerFrame::Welcome(Err(
        Error::ServerBusy { reason },
    ))));
    let _ = (&*stream).write_all(&bytes);
}

fn serve_greeted(
    shared: &Shared,
    id: u64,
    mut stream: UnixStream,
    greeted: Greeted,
    jobs: Sender<Job>,
) {
    let Greeted { actor, access } = greeted;
    let (outbox, queue) = mpsc::channel::<Vec<u8>>();
    let (written_tx, written) = mpsc::channel::<()>();
    let sender = stream.try_clone().and_then(|mut out| {
        let _ = out.set_write_timeout(Some(WRITE_TIMEOUT));
        std::thread::Builder::new()
            .name(format!("ggw-send-{id}"))
            .spawn(move || {
                for bytes in queue {
                    if bytes.is_empty() {
                        // A backup's mark (see `backup::WRITTEN_MARK`).
                        let _ = written_tx.send(());
                        continue;
                    }
                    if out.write_all(&bytes).is_err() {
                        let _ = out.shutdown(std::net::Shutdown::Both);
                        break;
                    }
                }
            })
    });
    let sender = match sender {
        Ok(s) => s,
        Err(e) => {
            let detail = e.to_string();
            shared.log_bad(
                &format!(
                    "连接 {id}（{}）：无法创建发送线程（{detail}），已拒绝",
                    actor.user
                ),
                &format!(
                    "connection {id} ({}): cannot start its sender ({detail}); refused",
                    actor.user
                ),
            );
            let busy = Error::ServerBusy {
                reason: Busy::Resources { detail },
            };
            let _ = wire::write_frame(&mut stream, &ServerFrame::Welcome(Err(busy)));
            lock(&shared.conns).leave(id);
            return;
        }
    };
    let session = Session {
        user: actor.user.clone(),
        access,
    };
    let welcomed = wire::write_frame(&mut stream, &ServerFrame::Welcome(Ok(session)));
    let reason = match welcomed {
        Err(e) => Some(e.to_string()),
        Ok(()) => {
            lock(&shared.clients).insert(
                id,
                Client {
                    actor: actor.clone(),
                    outbox: outbox.clone(),
                },
            );
            shared.presence_changed(id, &actor.user);
            let reason = requests(shared, id, &actor, &mut stream, (&outbox, &written), &jobs);
            lock(&shared.clients).remove(&id);
            shared.presence_changed(id, &actor.user);
            reason
        }
    };
    if let Some(reason) = reason {
        shared.log_bad(
            &format!("连接 {id}（{}）：{reason}，已断开", actor.user),
            &format!("connection {id} ({}): {reason}; disconnected", actor.user),
        );
    }
    lock(&shared.conns).leave(id);
    // The sender finishes what is queued (the last reply) and stops.
    drop(outbox);
    let _ = sender.join();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Serves requests until the client leaves (`None`) or misbehaves (the
/// reason, for the log).
fn requests(
    shared: &Shared,
    id: u64,
    actor: &Actor,
    stream: &mut UnixStream,
    (outbox, written): (&Sender<Vec<u8>>, &Receiver<()>),
    jobs: &Sender<Job>,
) -> Option<String> {
    loop {
        let frame = match budget::read_request(stream, &shared.budget, None) {
            Ok(Incoming::Call(f)) => f,
            Ok(Incoming::Refused(Some(call))) => {
                shared.log_bad(
                    &format!(
                        "连接 {id}（{}）：请求太大，接收请求的内存已被占满，已拒绝这次请求",
                        actor.user
                    ),
                    &format!(
                        "connection {id} ({}): a large request found the memory for requests taken; refused it",
                        actor.user
                    ),
                );
                let result = Err(Error::ServerBusy {
                    reason: Busy::RequestMemory,
                });
                let frame = wire::frame_bytes(&ServerFrame::Reply { id: call, result });
                if outbox.send(frame).is_err() {
                    return None;
                }
                continue;
            }
            Ok(Incoming::Refused(None)) => {
                return Some("a large frame that is not a call".into());
            }
            Err(FrameError::Closed) => return None,
            Err(e) => return Some(e.to_string()),
        };
        let ClientFrame::Call { id: call, request } = *frame;
        if let Request::Admin(AdminRequest::Backup(_)) = request {
            if super::backup::stream(shared, actor, call, outbox, written) {
                continue;
            }
            return None;
        }
        let result = if request.is_write() {
            let (reply, answer) = mpsc::channel();
            let job = Job {
                conn: id,
                actor: actor.clone(),
                request,
                reply,
            };
            let stopped = || Error::Disconnected {
                detail: "server stopping".into(),
            };
            match jobs.send(job) {
                Ok(()) => answer.recv().unwrap_or_else(|_| Err(stopped())),
                Err(_) => Err(stopped()),
            }
        } else {
            shared
                .service
                .handle(actor, request)
                .map(|r| shared.with_online(r))
        };
        let frame = wire::frame_bytes(&ServerFrame::Reply { id: call, result });
        if outbox.send(frame).is_err() {
            return None;
        }
    }
}

/// Reads from a socket until a deadline, however the bytes are spread out.
struct ByDeadline<'a> {
    stream: &'a UnixStream,
    deadline: Instant,
}

impl Read for ByDeadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut s = self.stream;
        s.read(buf)
    }
}

/// The hello both ways, who the peer is, and whether there is room for
/// them. `Err(Told)`: the client was told why it cannot be served.
fn greet(shared: &Shared, id: u64, stream: &mut UnixStream) -> Result<Greeted, Unserved> {
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let mut timed = ByDeadline {
        stream,
        deadline: Instant::now() + HELLO_TIMEOUT,
    };
    let hello = match wire::read_hello(&mut timed) {
        Ok(Some(h)) => h,
        Ok(None) => return Err(Unserved::Bad("not a ggw client (bad hello)".into())),
        Err(FrameError::Closed) => return Err(Unserved::Quietly),
        Err(FrameError::Io(e))
            if matches!(
                e.kind(),
                io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
            ) =>
        {
            return Err(Unserved::Bad(format!(
                "no hello within {} s",
                HELLO_TIMEOUT.as_secs()
            )));
        }
        Err(e) => return Err(Unserved::Bad(e.to_string())),
    };
    if !lock(&shared.conns).heard(id) {
        return Err(Unserved::Quietly);
    }
    let _ = stream.set_read_timeout(None);
    let ours = Hello {
        version: wire::PROTOCOL_VERSION,
        accepted: hello.version == wire::PROTOCOL_VERSION,
    };
    stream
        .write_all(&ours.to_bytes())
        .map_err(|e| Unserved::Bad(e.to_string()))?;
    if !ours.accepted {
        return Err(Unserved::Bad(format!(
            "client speaks protocol version {}, this server {}",
            hello.version,
            wire::PROTOCOL_VERSION
        )));
    }
    let uid = rustix::net::sockopt::socket_peercred(&*stream)
        .map_err(|e| Unserved::Bad(format!("peer credentials: {e}")))?
        .uid
        .as_raw();
    let user = match crate::os_user::name_of(uid) {
        Ok(name) => name,
        Err(e) => {
            // Out of descriptors, say: the user may well have an account.
            shared.log_bad(
                &format!("连接 {id}：读不了用户列表 /etc/passwd，无法认出 uid {uid}（{e}），已告知对方服务器资源不足"),
                &format!("connection {id}: cannot read the user list /etc/passwd to know uid {uid} ({e}); told the client the server is out of resources"),
            );
            let detail = format!("/etc/passwd: {e}");
            return refuse(
                stream,
                Error::ServerBusy {
                    reason: Busy::Resources { detail },
                },
            );
        }
    };
    let actor = if uid == shared.uid {
        Actor::new(user)
    } else {
        Actor::peer(user)
    };
    let access = match shared.service.access(&actor) {
        Ok(access) => access,
        Err(e) => {
            shared.log_bad(
                &format!("{} 没有账号，已拒绝", actor.user),
                &format!("{} has no account; refused", actor.user),
            );
            return refuse(stream, e);
        }
    };
    let admitted = lock(&shared.conns).admit(
        id,
        uid,
        &actor.user,
        access == Access::Admin,
        &shared.limits,
    );
    if let Err(reason) = admitted {
        let (zh, en) = match &reason {
            Busy::UserConnections { limit, .. } => (
                format!("已有 {limit} 个连接，达到每个用户的上限"),
                format!("already has {limit} connections, the most one user may"),
            ),
            _ => (
                format!(
                    "服务器已有 {} 个连接，达到上限",
                    shared.limits.max_connections
                ),
                format!(
                    "the server has {} connections, its limit",
                    shared.limits.max_connections
                ),
            ),
        };
        shared.log_bad(
            &format!("连接 {id}（{}）：{zh}，已拒绝", actor.user),
            &format!("connection {id} ({}): {en}; refused", actor.user),
        );
        return refuse(stream, Error::ServerBusy { reason });
    }
    Ok(Greeted { actor, access })
}

fn refuse(stream: &mut UnixStream, why: Error) -> Result<Greeted, Unserved> {
    match wire::write_frame(stream, &ServerFrame::Welcome(Err(why))) {
        Ok(()) => Err(Unserved::Told),
        Err(e) => Err(Unserved::Bad(e.to_string())),
    }
}
