//! How much the server takes on at once, set by `ggw serve` flags: a limit
//! reached turns the newcomer away with a message, never the server down.

use std::time::Duration;

/// Connections that have not yet said their hello: the oldest is dropped
/// when more than this wait, so idle strangers cannot fill the server.
pub const MAX_WAITING: usize = 64;

/// A connection must say its 8-byte hello within this.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(5);

/// Administrators get in this far beyond `--max-connections`, so a full
/// server can still be looked at and put right.
pub const ADMIN_RESERVE: u32 = 8;

#[derive(Debug, Clone, clap::Args)]
pub struct Limits {
    /// Connections served at once, everyone together (each open ggw is one)
    #[arg(long, value_name = "N", default_value_t = 256,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_connections: u32,
    /// Connections one user may hold at once
    #[arg(long, value_name = "N", default_value_t = 32,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_per_user: u32,
    /// Memory for requests still arriving, in MiB, everyone together; a
    /// request that does not fit waits a few seconds, then is refused
    #[arg(long, value_name = "MIB", default_value_t = 64,
          value_parser = clap::value_parser!(u32).range(16..=65_536))]
    pub request_memory: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: 256,
            max_per_user: 32,
            request_memory: 64,
        }
    }
}

impl Limits {
    pub fn request_bytes(&self) -> u64 {
        u64::from(self.request_memory) * 1024 * 1024
    }

    /// File descriptors the server may need at its limits: three per
    /// served connection (its socket, the copy for sending, the copy kept
    /// for shutdown), two per waiting one, and room for the database.
    pub fn descriptors_needed(&self) -> u64 {
        let served = u64::from(self.max_connections + ADMIN_RESERVE);
        served * 3 + MAX_WAITING as u64 * 2 + 128
    }
}
