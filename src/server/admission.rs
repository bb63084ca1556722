//! Every open connection and what it may still take: strangers that have
//! not said hello are few and short-lived, served connections are counted
//! per user and in all.

use std::collections::{HashMap, VecDeque};
use std::os::unix::net::UnixStream;

use super::limits::{ADMIN_RESERVE, Limits, MAX_WAITING};
use crate::error::Busy;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Accepted; its hello has not arrived.
    Waiting,
    /// Dropped while waiting to make room for newer connections.
    Evicted,
    /// Said hello; being told who it is.
    Greeting,
    /// Welcomed as this uid.
    Served(u32),
}

struct Entry {
    /// A copy of the socket, to end the connection from outside its thread.
    stream: Option<UnixStream>,
    stage: Stage,
}

#[derive(Default)]
pub struct Conns {
    entries: HashMap<u64, Entry>,
    /// Waiting connections, oldest first.
    waiting: VecDeque<u64>,
    per_uid: HashMap<u32, u32>,
    served: u32,
}

impl Conns {
    /// Takes in a new connection as waiting. When too many wait already,
    /// the oldest is shut down and its id returned, for the log.
    pub fn arrive(&mut self, id: u64, stream: Option<UnixStream>) -> Option<u64> {
        let evicted = if self.waiting.len() >= MAX_WAITING {
            self.waiting.pop_front().inspect(|old| {
                if let Some(e) = self.entries.get_mut(old) {
                    e.stage = Stage::Evicted;
                    if let Some(s) = &e.stream {
                        let _ = s.shutdown(std::net::Shutdown::Both);
                    }
                }
            })
        } else {
            None
        };
        self.entries.insert(
            id,
            Entry {
                stream,
                stage: Stage::Waiting,
            },
        );
        self.waiting.push_back(id);
        evicted
    }

    /// Shuts down the oldest connection still waiting for its hello, so
    /// that its descriptors come free; its id, if there was one.
    pub fn evict_oldest(&mut self) -> Option<u64> {
        let old = self.waiting.pop_front()?;
        if let Some(e) = self.entries.get_mut(&old) {
            e.stage = Stage::Evicted;
            if let Some(s) = &e.stream {
                let _ = s.shutdown(std::net::Shutdown::Both);
            }
        }
        Some(old)
    }

    /// The hello arrived: the connection no longer counts as waiting.
    /// False if it was evicted meanwhile.
    pub fn heard(&mut self, id: u64) -> bool {
        self.waiting.retain(|w| *w != id);
        match self.entries.get_mut(&id) {
            Some(e) if e.stage == Stage::Waiting => {
                e.stage = Stage::Greeting;
                true
            }
            _ => false,
        }
    }

    /// Counts the connection as served for `uid`, or says which limit it
    /// meets. `user` names the uid in the message.
    pub fn admit(
        &mut self,
        id: u64,
        uid: u32,
        user: &str,
        admin: bool,
        limits: &Limits,
    ) -> Result<(), Busy> {
        let mine = self.per_uid.get(&uid).copied().unwrap_or(0);
        if mine >= limits.max_per_user {
            return Err(Busy::UserConnections {
                user: user.to_string(),
                limit: limits.max_per_user,
            });
        }
        let ceiling = if admin {
            limits.max_connections.saturating_add(ADMIN_RESERVE)
        } else {
            limits.max_connections
        };
        if self.served >= ceiling {
            return Err(Busy::Connections {
                limit: limits.max_connections,
            });
        }
        if let Some(e) = self.entries.get_mut(&id) {
            e.stage = Stage::Served(uid);
        }
        *self.per_uid.entry(uid).or_default() += 1;
        self.served += 1;
        Ok(())
    }

    /// The connection is over; returns the stage it ended in.
    pub fn leave(&mut self, id: u64) -> Option<Stage> {
        self.remove(id).map(|e| e.stage)
    }

    /// Forgets a connection that never got its thread, handing back its
    /// socket so it can be told why.
    pub fn withdraw(&mut self, id: u64) -> Option<UnixStream> {
        self.remove(id).and_then(|e| e.stream)
    }

    fn remove(&mut self, id: u64) -> Option<Entry> {
        let entry = self.entries.remove(&id)?;
        match entry.stage {
            Stage::Waiting => self.waiting.retain(|w| *w != id),
            Stage::Served(uid) => {
                self.served = self.served.saturating_sub(1);
                if let Some(n) = self.per_uid.get_mut(&uid) {
                    *n = n.saturating_sub(1);
                    if *n == 0 {
                        self.per_uid.remove(&uid);
                    }
                }
            }
            Stage::Evicted | Stage::Greeting => {}
        }
        Some(entry)
    }

    /// No more requests from anyone: the server is stopping.
    pub fn stop_reading(&self) {
        for e in self.entries.values() {
            if let Some(s) = &e.stream {
                let _ = s.shutdown(std::net::Shutdown::Read);
            }
        }
    }

    #[cfg(test)]
    pub fn served(&self) -> u32 {
        self.served
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(all: u32, per_user: u32) -> Limits {
        Limits {
            max_connections: all,
            max_per_user: per_user,
            ..Limits::default()
        }
    }

    #[test]
    fn the_oldest_waiting_connection_makes_room() {
        let mut c = Conns::default();
        for id in 0..MAX_WAITING as u64 {
            assert_eq!(c.arrive(id, None), None);
        }
        // One has said hello: it is not waiting any more, so the next
        // newcomer still fits.
        assert!(c.heard(3));
        assert_eq!(c.arrive(100, None), None);
        assert_eq!(c.arrive(101, None), Some(0));
        assert_eq!(c.arrive(102, None), Some(1));
        assert!(!c.heard(0), "an evicted connection is not greeted");
        assert_eq!(c.leave(0), Some(Stage::Evicted));
        assert_eq!(c.leave(3), Some(Stage::Greeting));
    }

    #[test]
    fn users_and_the_whole_server_have_limits() {
        let l = limits(3, 2);
        let mut c = Conns::default();
        for id in 0..6 {
            c.arrive(id, None);
            c.heard(id);
        }
        assert_eq!(c.admit(0, 1000, "a", false, &l), Ok(()));
        assert_eq!(c.admit(1, 1000, "a", false, &l), Ok(()));
        assert_eq!(
            c.admit(2, 1000, "a", false, &l),
            Err(Busy::UserConnections {
                user: "a".into(),
                limit: 2
            })
        );
        assert_eq!(c.admit(2, 1001, "b", false, &l), Ok(()));
        assert_eq!(
            c.admit(3, 1002, "c", false, &l),
            Err(Busy::Connections { limit: 3 })
        );
        // An administrator still gets in, so a full server can be seen to.
        assert_eq!(c.admit(3, 1003, "root", true, &l), Ok(()));
        assert_eq!(c.served(), 4);
        assert_eq!(c.leave(0), Some(Stage::Served(1000)));
        assert_eq!(c.leave(3), Some(Stage::Served(1003)));
        assert_eq!(c.admit(4, 1000, "a", false, &l), Ok(()));
        assert_eq!(c.served(), 3);
    }
}
