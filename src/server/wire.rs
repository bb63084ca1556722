//! The socket protocol. A fixed 8-byte hello each way, so that any two
//! versions can tell each other their number; then frames of `[length: u32
//! LE][bincode payload]`, requests one way, replies and change notices the
//! other.

use std::io::{self, Read, Write};

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::domain::account::Access;
use crate::error::Error;
use crate::service::{ChangeNotice, Request, Response};
use crate::store::codec::{decode_payload, encode_value};

/// Bump on any change to the frame types below.
pub const PROTOCOL_VERSION: u16 = 7;

const MAGIC: [u8; 4] = *b"GGW\0";

/// A request larger than this is not a user's command but a fault or an
/// attack; the server hangs up rather than allocate it.
pub const MAX_REQUEST: u32 = 16 * 1024 * 1024;

/// Replies can be whole listings or the full history.
pub const MAX_REPLY: u32 = 512 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hello {
    pub version: u16,
    /// Sent by the server: false when it refuses the client's version.
    pub accepted: bool,
}

impl Hello {
    pub fn to_bytes(self) -> [u8; 8] {
        let v = self.version.to_le_bytes();
        [
            MAGIC[0],
            MAGIC[1],
            MAGIC[2],
            MAGIC[3],
            v[0],
            v[1],
            u8::from(!self.accepted),
            0,
        ]
    }

    /// `None` when the bytes do not come from ggw at all.
    pub fn from_bytes(b: [u8; 8]) -> Option<Hello> {
        (b[..4] == MAGIC).then(|| Hello {
            version: u16::from_le_bytes([b[4], b[5]]),
            accepted: b[6] == 0,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ClientFrame {
    Call { id: u64, request: Request },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerFrame {
    /// The answer to the hello once versions agree: who the server takes the
    /// client to be, or why it will not serve them.
    Welcome(Result<Session, Error>),
    Reply {
        id: u64,
        result: Result<Response, Error>,
    },
    Notice(ChangeNotice),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub user: String,
    pub access: Access,
}

#[derive(Debug)]
pub enum FrameError {
    /// The peer closed the connection between frames.
    Closed,
    Truncated,
    TooLarge {
        size: u32,
        limit: u32,
    },
    Garbage(String),
    Io(io::Error),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::Closed => write!(f, "connection closed"),
            FrameError::Truncated => write!(f, "connection closed in the middle of a frame"),
            FrameError::TooLarge { size, limit } => {
                write!(f, "frame of {size} bytes, over the limit of {limit}")
            }
            FrameError::Garbage(e) => write!(f, "undecodable frame: {e}"),
            FrameError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Reads exactly `buf`, telling a clean close before the first byte from
/// one in the middle.
pub(crate) fn fill(r: &mut impl Read, buf: &mut [u8]) -> Result<(), FrameError> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) if got == 0 => return Err(FrameError::Closed),
            Ok(0) => return Err(FrameError::Truncated),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FrameError::Io(e)),
        }
    }
    Ok(())
}

pub fn read_hello(r: &mut impl Read) -> Result<Option<Hello>, FrameError> {
    let mut b = [0u8; 8];
    fill(r, &mut b)?;
    Ok(Hello::from_bytes(b))
}

pub fn read_frame<T: DeserializeOwned>(r: &mut impl Read, limit: u32) -> Result<T, FrameError> {
    let mut len = [0u8; 4];
    fill(r, &mut len)?;
    let size = u32::from_le_bytes(len);
    if size > limit {
        return Err(FrameError::TooLarge { size, limit });
    }
    let mut payload = vec![0u8; size as usize];
    match fill(r, &mut payload) {
        Err(FrameError::Closed) if size > 0 => return Err(FrameError::Truncated),
        other => other?,
    }
    decode_payload(&payload).map_err(|e| FrameError::Garbage(e.to_string()))
}

/// The id of a call from the first bytes of its frame's payload, so a call
/// refused unread can still be answered. Follows bincode's variable-length
/// integers: the variant of `ClientFrame`, then the id.
pub fn call_id(payload: &[u8]) -> Option<u64> {
    let (variant, rest) = varint(payload)?;
    if variant != 0 {
        return None;
    }
    varint(rest).map(|(id, _)| id)
}

fn varint(b: &[u8]) -> Option<(u64, &[u8])> {
    let (&first, rest) = b.split_first()?;
    let wide = |n: usize| -> Option<(u64, &[u8])> {
        let bytes = rest.get(..n)?;
        let mut le = [0u8; 8];
        le[..n].copy_from_slice(bytes);
        Some((u64::from_le_bytes(le), &rest[n..]))
    };
    match first {
        0..=250 => Some((u64::from(first), rest)),
        251 => wide(2),
        252 => wide(4),
        253 => wide(8),
        _ => None,
    }
}

/// One frame as the bytes to send, in a single buffer so that a frame is
/// written whole even when several threads send on one socket in turn.
pub fn frame_bytes<T: Serialize>(value: &T) -> Vec<u8> {
    let payload = encode_value(value);
    let mut out = Vec::with_capacity(payload.len() + 4);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

pub fn write_frame<T: Serialize>(w: &mut impl Write, value: &T) -> io::Result<()> {
    w.write_all(&frame_bytes(value))?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::units::ResolveUnit;

    #[test]
    fn hello_round_trip() {
        let h = Hello {
            version: 7,
            accepted: false,
        };
        assert_eq!(Hello::from_bytes(h.to_bytes()), Some(h));
        assert_eq!(Hello::from_bytes(*b"GET / HT"), None);
    }

    #[test]
    fn call_ids_are_read_from_the_start_of_a_frame() {
        for id in [
            0,
            1,
            250,
            251,
            65_535,
            65_536,
            u64::from(u32::MAX) + 1,
            u64::MAX,
        ] {
            let bytes = frame_bytes(&ClientFrame::Call {
                id,
                request: Request::from(ResolveUnit { given: "x".into() }),
            });
            assert_eq!(call_id(&bytes[4..]), Some(id), "{id}");
            assert_eq!(call_id(&bytes[4..6]), (id < 251).then_some(id));
        }
        assert_eq!(call_id(&[]), None);
        assert_eq!(call_id(&[1, 5]), None, "not a call");
    }

    #[test]
    fn frames_round_trip_and_refuse_damage() {
        let frame = ClientFrame::Call {
            id: 3,
            request: Request::from(ResolveUnit {
                given: "爱辉区/四嘉子乡".into(),
            }),
        };
        let bytes = frame_bytes(&frame);
        let back: ClientFrame = read_frame(&mut bytes.as_slice(), MAX_REQUEST).unwrap();
        assert_eq!(back, frame);
        for cut in 1..bytes.len() {
            assert!(matches!(
                read_frame::<ClientFrame>(&mut &bytes[..cut], MAX_REQUEST),
                Err(FrameError::Truncated)
            ));
        }
        assert!(matches!(
            read_frame::<ClientFrame>(&mut &b""[..], MAX_REQUEST),
            Err(FrameError::Closed)
        ));
        assert!(matches!(
            read_frame::<ClientFrame>(&mut bytes.as_slice(), 4),
            Err(FrameError::TooLarge { .. })
        ));
        let mut garbage = 5u32.to_le_bytes().to_vec();
        garbage.extend([0xff; 5]);
        assert!(matches!(
            read_frame::<ClientFrame>(&mut garbage.as_slice(), MAX_REQUEST),
            Err(FrameError::Garbage(_))
        ));
    }
}
