//! One client's connection: the hello, who they are, then requests until
//! they leave. Anything malformed ends the connection, never the server.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use super::wire::{self, ClientFrame, FrameError, Hello, ServerFrame, Session};
use super::writer::Job;
use super::{Client, Shared, lock};
use crate::error::Error;
use crate::service::{Actor, Request};

/// A client that connects and says nothing is dropped after this.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

/// A client that stops reading its replies is dropped after this, so it
/// cannot hold the server's memory or threads.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

pub fn serve_client(shared: &Shared, id: u64, mut stream: UnixStream, jobs: Sender<Job>) {
    let actor = match greet(shared, &mut stream) {
        Ok(Some(actor)) => actor,
        Ok(None) => {
            lock(&shared.streams).remove(&id);
            return;
        }
        Err(reason) => {
            shared.log(
                &format!("连接 {id}：{reason}，已断开"),
                &format!("connection {id}: {reason}; disconnected"),
            );
            lock(&shared.streams).remove(&id);
            return;
        }
    };
    let Ok(mut out) = stream.try_clone() else {
        lock(&shared.streams).remove(&id);
        return;
    };
    let _ = out.set_write_timeout(Some(WRITE_TIMEOUT));
    let (outbox, queue) = mpsc::channel::<Vec<u8>>();
    let (written_tx, written) = mpsc::channel::<()>();
    let sender = std::thread::spawn(move || {
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
    });
    lock(&shared.clients).insert(
        id,
        Client {
            actor: actor.clone(),
            outbox: outbox.clone(),
        },
    );
    shared.presence_changed(id, &actor.user);

    let reason = requests(shared, id, &actor, &mut stream, (&outbox, &written), &jobs);
    if let Some(reason) = reason {
        shared.log(
            &format!("连接 {id}（{}）：{reason}，已断开", actor.user),
            &format!("connection {id} ({}): {reason}; disconnected", actor.user),
        );
    }
    lock(&shared.clients).remove(&id);
    lock(&shared.streams).remove(&id);
    shared.presence_changed(id, &actor.user);
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
        let frame = match wire::read_frame::<ClientFrame>(stream, wire::MAX_REQUEST) {
            Ok(f) => f,
            Err(FrameError::Closed) => return None,
            Err(e) => return Some(e.to_string()),
        };
        let ClientFrame::Call { id: call, request } = frame;
        if request == Request::Backup {
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

/// The hello both ways and the welcome. `Ok(None)`: the client was told why
/// it cannot be served; `Err`: it was not even a ggw client.
fn greet(shared: &Shared, stream: &mut UnixStream) -> Result<Option<Actor>, String> {
    let _ = stream.set_read_timeout(Some(HELLO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let hello = wire::read_hello(stream)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "not a ggw client (bad hello)".to_string())?;
    let ours = Hello {
        version: wire::PROTOCOL_VERSION,
        accepted: hello.version == wire::PROTOCOL_VERSION,
    };
    stream
        .write_all(&ours.to_bytes())
        .map_err(|e| e.to_string())?;
    if !ours.accepted {
        return Err(format!(
            "client speaks protocol version {}, this server {}",
            hello.version,
            wire::PROTOCOL_VERSION
        ));
    }
    let uid = rustix::net::sockopt::socket_peercred(&*stream)
        .map_err(|e| format!("peer credentials: {e}"))?
        .uid
        .as_raw();
    let user = crate::os_user::name_of(uid);
    let actor = if uid == shared.uid {
        Actor::new(user)
    } else {
        Actor::peer(user)
    };
    let welcome = shared.service.access(&actor).map(|access| Session {
        user: actor.user.clone(),
        access,
    });
    let refused = welcome.is_err();
    wire::write_frame(stream, &ServerFrame::Welcome(welcome)).map_err(|e| e.to_string())?;
    let _ = stream.set_read_timeout(None);
    if refused {
        shared.log(
            &format!("{} 没有账号，已拒绝", actor.user),
            &format!("{} has no account; refused", actor.user),
        );
        return Ok(None);
    }
    Ok(Some(actor))
}
