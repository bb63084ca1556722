//! Memory for requests still arriving. A frame announces its length before
//! its bytes; allocating that length at once let thirty clients that never
//! finish their frames take half a gigabyte. Small frames are read freely;
//! the body of a larger one must first get its size from one budget shared
//! by every connection, waiting a little if others hold it, and is read and
//! thrown away, answered "server busy", if it still does not fit.

use std::io::Read;
use std::os::unix::net::UnixStream;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::wire::{self, ClientFrame, FrameError};
use crate::store::codec::decode_payload;

/// Read without asking the budget: every request typed by hand fits, and
/// this much for each allowed connection is little memory.
pub const UNCOUNTED: usize = 64 * 1024;

/// How long a large frame waits for the budget before it is refused.
pub const BUDGET_WAIT: Duration = Duration::from_secs(3);

/// A frame whose bytes stop coming for this long ends the connection, so a
/// stalled sender gives its share of the budget back.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

pub struct Budget {
    limit: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Bytes taken from the budget; given back when dropped.
pub struct Held<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    pub fn new(limit: u64) -> Budget {
        Budget {
            limit,
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits up to `wait` for `bytes` to be free; `None` if they never are.
    pub fn take(&self, bytes: u64, wait: Duration) -> Option<Held<'_>> {
        if bytes > self.limit {
            return None;
        }
        let deadline = Instant::now() + wait;
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        while *used + bytes > self.limit {
            let left = deadline.checked_duration_since(Instant::now())?;
            if left.is_zero() {
                return None;
            }
            used = self
                .freed
                .wait_timeout(used, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
        }
        *used += bytes;
        Some(Held {
            budget: self,
            bytes,
        })
    }

    #[cfg(test)]
    pub fn in_use(&self) -> u64 {
        *self.used.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|p| p.into_inner());
        *used = used.saturating_sub(self.bytes);
        self.budget.freed.notify_all();
    }
}

pub enum Incoming {
    Call(Box<ClientFrame>),
    /// Too large for the memory free now; its bytes were read and dropped.
    /// The id of the call, when the frame's first bytes gave it.
    Refused(Option<u64>),
}

/// The next request on a served connection. Between requests the socket
/// waits as long as `idle` allows; inside one, no longer than
/// [`BODY_TIMEOUT`] for each read.
pub fn read_request(
    stream: &mut UnixStream,
    budget: &Budget,
    idle: Option<Duration>,
) -> Result<Incoming, FrameError> {
    let _ = stream.set_read_timeout(idle);
    let mut len = [0u8; 4];
    wire::fill(stream, &mut len)?;
    let size = u32::from_le_bytes(len);
    if size > wire::MAX_REQUEST {
        return Err(FrameError::TooLarge {
            size,
            limit: wire::MAX_REQUEST,
        });
    }
    let _ = stream.set_read_timeout(Some(BODY_TIMEOUT));
    read_body(stream, size as usize, budget)
}

fn read_body(
    stream: &mut UnixStream,
    size: usize,
    budget: &Budget,
) -> Result<Incoming, FrameError> {
    let head = size.min(UNCOUNTED);
    let mut payload = vec![0u8; head];
    body_fill(stream, &mut payload)?;
    let _held = if size > head {
        let rest = size - head;
        let Some(held) = budget.take(rest as u64, BUDGET_WAIT) else {
            discard(stream, rest)?;
            return Ok(Incoming::Refused(wire::call_id(&payload)));
        };
        payload.reserve_exact(rest);
        payload.resize(size, 0);
        body_fill(stream, &mut payload[head..])?;
        Some(held)
    } else {
        None
    };
    decode_payload(&payload)
        .map(|f| Incoming::Call(Box::new(f)))
        .map_err(|e| FrameError::Garbage(e.to_string()))
}

/// Inside a frame a close is never clean.
fn body_fill(stream: &mut UnixStream, buf: &mut [u8]) -> Result<(), FrameError> {
    match wire::fill(stream, buf) {
        Err(FrameError::Closed) => Err(FrameError::Truncated),
        other => other,
    }
}

fn discard(stream: &mut UnixStream, mut left: usize) -> Result<(), FrameError> {
    let mut sink = [0u8; 16 * 1024];
    while left > 0 {
        let want = left.min(sink.len());
        match stream.read(&mut sink[..want]) {
            Ok(0) => return Err(FrameError::Truncated),
            Ok(n) => left -= n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_is_shared_and_given_back() {
        let b = Budget::new(100);
        let a = b.take(60, Duration::ZERO).unwrap();
        assert!(b.take(50, Duration::from_millis(10)).is_none());
        let c = b.take(40, Duration::ZERO).unwrap();
        assert_eq!(b.in_use(), 100);
        drop(a);
        assert_eq!(b.in_use(), 40);
        assert!(b.take(60, Duration::ZERO).is_some());
        drop(c);
        assert_eq!(b.in_use(), 0);
        assert!(b.take(101, Duration::from_secs(60)).is_none(), "never fits");
    }

    #[test]
    fn a_waiting_frame_gets_the_bytes_given_back() {
        let b = std::sync::Arc::new(Budget::new(100));
        let first = b.take(100, Duration::ZERO).unwrap();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| b.take(30, Duration::from_secs(30)).map(|h| h.bytes));
            std::thread::sleep(Duration::from_millis(50));
            drop(first);
            assert_eq!(waiter.join().unwrap(), Some(30));
        });
    }
}
