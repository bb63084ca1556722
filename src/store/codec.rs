//! The record envelope: `[schema version: u16 LE][bincode 2 payload]`.
//! The only place that calls bincode.

use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodecError {
    Truncated,
    TrailingBytes {
        extra: usize,
    },
    UnknownVersion {
        kind: &'static str,
        found: u16,
        supported: u16,
    },
    Payload(String),
}

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CodecError::Truncated => write!(f, "record truncated"),
            CodecError::TrailingBytes { extra } => write!(f, "{extra} bytes after the record"),
            CodecError::UnknownVersion {
                kind,
                found,
                supported,
            } => write!(
                f,
                "{kind} record version {found}, supported up to {supported}"
            ),
            CodecError::Payload(e) => write!(f, "undecodable record: {e}"),
        }
    }
}

/// A kind of stored record. Adding a field means bumping `VERSION`, keeping
/// the old struct, and teaching `upgrade` to turn its bytes into the new one.
pub trait Record: Serialize + DeserializeOwned {
    const KIND: &'static str;
    const VERSION: u16;

    /// Decodes a payload written by an older version of the program.
    fn upgrade(version: u16, _payload: &[u8]) -> Result<Self, CodecError> {
        Err(CodecError::UnknownVersion {
            kind: Self::KIND,
            found: version,
            supported: Self::VERSION,
        })
    }
}

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

thread_local! {
    /// Where a record is encoded before it is copied out at its size: grown
    /// from two bytes, a record of a few hundred was reallocated at every
    /// doubling, a tenth of a generated database's making.
    static SCRATCH: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Encodes into a scratch vector of its own above this size, so that the
/// shared one never holds a large record's capacity.
const SCRATCH_KEPT: usize = 64 * 1024;

pub fn encode<R: Record>(record: &R) -> Vec<u8> {
    SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            encode_into(record, &mut buf);
            let out = buf.as_slice().to_vec();
            if buf.capacity() > SCRATCH_KEPT {
                *buf = Vec::new();
            }
            out
        }
        Err(_) => {
            let mut out = Vec::new();
            encode_into(record, &mut out);
            out
        }
    })
}

fn encode_into<R: Record>(record: &R, out: &mut Vec<u8>) {
    out.extend_from_slice(&R::VERSION.to_le_bytes());
    // Serialising our own plain structs into a Vec cannot fail; an error here
    // would be a programming mistake caught by the round-trip tests.
    if let Err(e) = bincode::serde::encode_into_std_write(record, out, config()) {
        panic!("encoding a {} record failed: {e}", R::KIND);
    }
}

pub fn decode<R: Record>(bytes: &[u8]) -> Result<R, CodecError> {
    let (head, payload) = bytes.split_at_checked(2).ok_or(CodecError::Truncated)?;
    let version = u16::from_le_bytes([head[0], head[1]]);
    if version == R::VERSION {
        decode_payload(payload)
    } else if version < R::VERSION {
        R::upgrade(version, payload)
    } else {
        Err(CodecError::UnknownVersion {
            kind: R::KIND,
            found: version,
            supported: R::VERSION,
        })
    }
}

/// No record is larger than this. Reading is held to it because bincode
/// allocates a string or list as long as its length prefix says before
/// reading it: one damaged prefix would otherwise ask for exabytes and
/// abort the process. Names are capped far below it; free text, when it
/// comes, must be capped too, or its record could be written but not read.
pub const MAX_RECORD_BYTES: usize = 16 * 1024 * 1024;

/// Decodes exactly `payload`: a record followed by stray bytes is damage, not
/// a record.
pub fn decode_payload<T: DeserializeOwned>(payload: &[u8]) -> Result<T, CodecError> {
    let limited = config().with_limit::<MAX_RECORD_BYTES>();
    match bincode::serde::decode_from_slice::<T, _>(payload, limited) {
        Ok((value, used)) if used == payload.len() => Ok(value),
        Ok((_, used)) => Err(CodecError::TrailingBytes {
            extra: payload.len() - used,
        }),
        Err(bincode::error::DecodeError::UnexpectedEnd { .. }) => Err(CodecError::Truncated),
        Err(e) => Err(CodecError::Payload(e.to_string())),
    }
}

/// A view of a record at its current version, decoded from `bytes` in
/// place (text borrowed): `V` must read the same fields in the same order
/// as `R`. None when the bytes hold an older version, which only `R`'s
/// upgrade reads.
pub fn decode_view<'a, R: Record, V: serde::Deserialize<'a>>(
    bytes: &'a [u8],
) -> Result<Option<V>, CodecError> {
    let (head, payload) = bytes.split_at_checked(2).ok_or(CodecError::Truncated)?;
    let version = u16::from_le_bytes([head[0], head[1]]);
    if version < R::VERSION {
        return Ok(None);
    }
    if version > R::VERSION {
        return Err(CodecError::UnknownVersion {
            kind: R::KIND,
            found: version,
            supported: R::VERSION,
        });
    }
    let limited = config().with_limit::<MAX_RECORD_BYTES>();
    match bincode::serde::borrow_decode_from_slice::<V, _>(payload, limited) {
        Ok((value, used)) if used == payload.len() => Ok(Some(value)),
        Ok((_, used)) => Err(CodecError::TrailingBytes {
            extra: payload.len() - used,
        }),
        Err(bincode::error::DecodeError::UnexpectedEnd { .. }) => Err(CodecError::Truncated),
        Err(e) => Err(CodecError::Payload(e.to_string())),
    }
}

/// Plain values (meta entries, wire frames) without a version header.
pub fn encode_value<T: Serialize>(value: &T) -> Vec<u8> {
    match bincode::serde::encode_to_vec(value, config()) {
        Ok(v) => v,
        Err(e) => panic!("encoding a value failed: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Thing {
        id: u64,
        name: String,
    }
    impl Record for Thing {
        const KIND: &'static str = "thing";
        const VERSION: u16 = 2;
        fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
            #[derive(Deserialize)]
            struct ThingV1 {
                id: u64,
            }
            match version {
                1 => decode_payload::<ThingV1>(payload).map(|t| Thing {
                    id: t.id,
                    name: String::new(),
                }),
                _ => Err(CodecError::UnknownVersion {
                    kind: Self::KIND,
                    found: version,
                    supported: Self::VERSION,
                }),
            }
        }
    }

    fn thing() -> Thing {
        Thing {
            id: 7,
            name: "小乌斯力村".into(),
        }
    }

    #[test]
    fn round_trip() {
        let bytes = encode(&thing());
        assert_eq!(&bytes[..2], &[2, 0]);
        assert_eq!(decode::<Thing>(&bytes).unwrap(), thing());
    }

    #[test]
    fn truncated_is_refused() {
        let bytes = encode(&thing());
        for cut in 0..bytes.len() {
            assert!(decode::<Thing>(&bytes[..cut]).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn extra_bytes_are_refused() {
        let mut bytes = encode(&thing());
        bytes.push(0);
        assert_eq!(
            decode::<Thing>(&bytes),
            Err(CodecError::TrailingBytes { extra: 1 })
        );
    }

    #[test]
    fn newer_version_is_refused() {
        let mut bytes = encode(&thing());
        bytes[0] = 3;
        assert!(matches!(
            decode::<Thing>(&bytes),
            Err(CodecError::UnknownVersion { found: 3, .. })
        ));
    }

    #[test]
    fn older_version_is_upgraded() {
        let mut bytes = 1u16.to_le_bytes().to_vec();
        bytes.extend(encode_value(&7u64));
        assert_eq!(
            decode::<Thing>(&bytes).unwrap(),
            Thing {
                id: 7,
                name: String::new()
            }
        );
    }
}
