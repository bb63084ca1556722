//! The client side of `ggw serve`: the same `Backend` as a local database,
//! spoken over the server's socket.

use std::io::{self, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::api::{BackupSummary, Reply as _, Request, Response};
use crate::backend::{Backend, ChangeNotice};
use crate::error::{Error, Result};
use crate::server::wire::{self, ClientFrame, FrameError, Hello, ServerFrame, Session};

/// A server that accepts the connection but never answers is not one.
const HELLO_TIMEOUT: Duration = Duration::from_secs(10);

type Reply = (u64, Result<Response>);

pub struct RemoteBackend {
    /// The sending half; held for a whole call, so one request is in flight
    /// at a time and its reply is the next one to arrive.
    out: Mutex<UnixStream>,
    replies: Mutex<Receiver<Reply>>,
    subscribers: Arc<Mutex<Vec<Sender<ChangeNotice>>>>,
    next_id: AtomicU64,
    session: Session,
    path: String,
}

fn disconnected(e: impl std::fmt::Display) -> Error {
    Error::Disconnected {
        detail: e.to_string(),
    }
}

impl RemoteBackend {
    /// `Ok(None)` when nothing listens at `path`, so the caller can open the
    /// database itself.
    pub fn connect(path: &Path) -> Result<Option<RemoteBackend>> {
        let shown = path.display().to_string();
        let stream = match UnixStream::connect(path) {
            Ok(s) => s,
            Err(e) => {
                return match e.kind() {
                    io::ErrorKind::PermissionDenied => Err(Error::SocketDenied { path: shown }),
                    _ => Ok(None),
                };
            }
        };
        Self::handshake(stream, shown).map(Some)
    }

    fn handshake(mut stream: UnixStream, path: String) -> Result<RemoteBackend> {
        let _ = stream.set_read_timeout(Some(HELLO_TIMEOUT));
        let ours = Hello {
            version: wire::PROTOCOL_VERSION,
            accepted: true,
        };
        // A server that cannot take us says so without reading our hello
        // and hangs up, maybe before we have sent it: read its answer
        // whatever became of ours.
        let sent = stream.write_all(&ours.to_bytes());
        let theirs = match (wire::read_hello(&mut stream), sent) {
            (Ok(Some(h)), _) => h,
            (_, Err(e)) => return Err(disconnected(e)),
            (Ok(None) | Err(FrameError::Closed | FrameError::Truncated), Ok(())) => {
                return Err(Error::NotAServer { path });
            }
            (Err(e), Ok(())) => return Err(disconnected(e)),
        };
        if theirs.version != wire::PROTOCOL_VERSION || !theirs.accepted {
            return Err(Error::ProtocolMismatch {
                client: wire::PROTOCOL_VERSION,
                server: theirs.version,
            });
        }
        let session = match wire::read_frame::<ServerFrame>(&mut stream, wire::MAX_REPLY) {
            Ok(ServerFrame::Welcome(w)) => w?,
            Ok(_) => return Err(Error::NotAServer { path }),
            Err(e) => return Err(disconnected(e)),
        };
        let _ = stream.set_read_timeout(None);
        let reader = stream.try_clone().map_err(disconnected)?;
        let (reply_tx, replies) = mpsc::channel();
        let subscribers: Arc<Mutex<Vec<Sender<ChangeNotice>>>> = Arc::default();
        let subs = subscribers.clone();
        std::thread::spawn(move || read_loop(reader, reply_tx, subs));
        Ok(RemoteBackend {
            out: Mutex::new(stream),
            replies: Mutex::new(replies),
            subscribers,
            next_id: AtomicU64::new(1),
            session,
            path,
        })
    }

    /// Who the server takes us to be, and what we may do.
    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn socket_path(&self) -> &str {
        &self.path
    }
}

/// Sorts what the server sends: replies to the waiting call, notices to
/// every subscriber. Ends when the connection does; the waiting call then
/// sees its channel close.
fn read_loop(
    mut stream: UnixStream,
    replies: Sender<Reply>,
    subscribers: Arc<Mutex<Vec<Sender<ChangeNotice>>>>,
) {
    loop {
        match wire::read_frame::<ServerFrame>(&mut stream, wire::MAX_REPLY) {
            Ok(ServerFrame::Reply { id, result }) => {
                if replies.send((id, result)).is_err() {
                    return;
                }
            }
            Ok(ServerFrame::Notice(n)) => {
                let mut subs = subscribers.lock().unwrap_or_else(|p| p.into_inner());
                subs.retain(|s| s.send(n.clone()).is_ok());
            }
            Ok(ServerFrame::Welcome(_)) => {}
            Err(_) => {
                // Subscribers see their channel close: the server is gone.
                subscribers
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clear();
                return;
            }
        }
    }
}

impl Backend for RemoteBackend {
    fn call(&self, request: Request) -> Result<Response> {
        let mut out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        wire::write_frame(&mut *out, &ClientFrame::Call { id, request }).map_err(disconnected)?;
        let replies = self.replies.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            match replies.recv() {
                Ok((got, result)) if got == id => return result,
                // A reply to an earlier call whose caller gave up; skip it.
                Ok(_) => continue,
                Err(_) => return Err(disconnected("the server closed the connection")),
            }
        }
    }

    /// The server streams the file in parts, each written out as it comes.
    fn backup(
        &self,
        out: &mut dyn Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        let mut sending = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        let call = ClientFrame::Call {
            id,
            request: Request::from(crate::api::admin::Backup {}),
        };
        wire::write_frame(&mut *sending, &call).map_err(disconnected)?;
        let replies = self.replies.lock().unwrap_or_else(|p| p.into_inner());
        loop {
            match replies.recv() {
                Ok((got, _)) if got != id => continue,
                Ok((_, Ok(Response::BackupPart { bytes, done, total }))) => {
                    out.write_all(&bytes).map_err(|e| match e.kind() {
                        io::ErrorKind::StorageFull => Error::DiskFull,
                        _ => Error::Io {
                            detail: e.to_string(),
                        },
                    })?;
                    progress(done, total);
                }
                // The summary that ends the stream, or an answer of another kind.
                Ok((_, Ok(other))) => return BackupSummary::from_response(other),
                Ok((_, Err(e))) => return Err(e),
                Err(_) => return Err(disconnected("the server closed the connection")),
            }
        }
    }

    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        let (tx, rx) = mpsc::channel();
        self.subscribers
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(tx);
        Some(rx)
    }
}

impl Drop for RemoteBackend {
    fn drop(&mut self) {
        let out = self.out.lock().unwrap_or_else(|p| p.into_inner());
        let _ = out.shutdown(std::net::Shutdown::Both);
    }
}
