//! `ggw backup` through the server: the file is written in parts of a few
//! hundred kilobytes, each sent as soon as it is full, and the backup waits
//! while more than a few parts are still unsent. A slow client therefore
//! slows the backup down instead of making the server hold the file.

use std::cell::Cell;
use std::io::{self, Write};
use std::sync::mpsc::{Receiver, Sender};

use super::Shared;
use super::wire::{self, ServerFrame};
use crate::service::{Actor, Response};

/// Bytes of the file per frame.
const PART: usize = 256 * 1024;

/// Parts queued for the client and not yet written to its socket.
const IN_FLIGHT: usize = 4;

/// An empty buffer on a connection's outbox is never a frame (every frame
/// starts with its length): its sender answers it on `written` once
/// everything queued before it is on the socket.
pub const WRITTEN_MARK: Vec<u8> = Vec::new();

struct Parts<'a> {
    call: u64,
    outbox: &'a Sender<Vec<u8>>,
    written: &'a Receiver<()>,
    buf: Vec<u8>,
    in_flight: usize,
    progress: &'a Cell<(u64, u64)>,
}

fn gone() -> io::Error {
    io::Error::new(io::ErrorKind::BrokenPipe, "the client has gone")
}

impl Parts<'_> {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let (done, total) = self.progress.get();
        let bytes = std::mem::replace(&mut self.buf, Vec::with_capacity(PART));
        let frame = wire::frame_bytes(&ServerFrame::Reply {
            id: self.call,
            result: Ok(Response::BackupPart { bytes, done, total }),
        });
        self.outbox.send(frame).map_err(|_| gone())?;
        self.outbox.send(WRITTEN_MARK).map_err(|_| gone())?;
        self.in_flight += 1;
        while self.in_flight > IN_FLIGHT {
            self.wait_one()?;
        }
        Ok(())
    }

    fn wait_one(&mut self) -> io::Result<()> {
        self.written.recv().map_err(|_| gone())?;
        self.in_flight -= 1;
        Ok(())
    }
}

impl Write for Parts<'_> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= PART {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// Streams a backup to the client as the answer to call `call`; the last
/// frame says how it ended. False when the client has gone.
pub fn stream(
    shared: &Shared,
    actor: &Actor,
    call: u64,
    outbox: &Sender<Vec<u8>>,
    written: &Receiver<()>,
) -> bool {
    let progress = Cell::new((0, 0));
    let mut parts = Parts {
        call,
        outbox,
        written,
        buf: Vec::with_capacity(PART),
        in_flight: 0,
        progress: &progress,
    };
    let result = shared
        .service
        .backup(actor, &mut parts, &mut |done, total| {
            progress.set((done, total))
        })
        .and_then(|summary| {
            parts.flush().map_err(|e| crate::error::Error::Io {
                detail: e.to_string(),
            })?;
            Ok(summary)
        });
    // Every mark answered, so the next backup on this connection counts
    // from zero.
    while parts.in_flight > 0 {
        if parts.wait_one().is_err() {
            return false;
        }
    }
    if let Err(e) = &result {
        shared.log(
            &format!(
                "{} 的备份失败：{}",
                actor.user,
                e.message(crate::lang::Lang::Zh)
            ),
            &format!(
                "backup for {} failed: {}",
                actor.user,
                e.message(crate::lang::Lang::En)
            ),
        );
    }
    let frame = wire::frame_bytes(&ServerFrame::Reply {
        id: call,
        result: result.map(Response::BackupDone),
    });
    outbox.send(frame).is_ok()
}
