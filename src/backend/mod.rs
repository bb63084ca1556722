//! The one boundary the terminal UI and the command line talk to. `Local`
//! runs the service in this process; the server's client speaks the same
//! `Request`s over a socket.

use std::sync::mpsc::Receiver;

use crate::api::{BackupSummary, Call, Reply, Request, Response};
use crate::error::{Error, Result};

pub trait Backend {
    fn call(&self, request: Request) -> Result<Response>;

    /// Changes saved by other users, delivered as they happen, for the event
    /// loop to refresh what it shows. A local backend has no other users.
    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        None
    }

    /// Several requests in order. A backend holding the service commits a
    /// run of writes with one sync, as the server's writer does; each is
    /// still checked, permitted and audited on its own, and a refused one
    /// leaves the others standing.
    fn call_many(&self, requests: Vec<Request>) -> Vec<Result<Response>> {
        requests.into_iter().map(|r| self.call(r)).collect()
    }

    /// Writes a backup of the whole database to `out`; `progress` hears
    /// (records done, of about how many).
    /// A backend without a database or a server behind it has none to
    /// back up.
    fn backup(
        &self,
        _out: &mut dyn std::io::Write,
        _progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        Err(Error::Storage {
            detail: "no database to back up here".into(),
        })
    }
}

#[cfg(test)]
mod layering;
mod local;
pub mod remote;
pub mod start;

pub use crate::api::ChangeNotice;
pub use local::LocalBackend;
pub use remote::RemoteBackend;

/// Typed calls over any backend: a request gets its own reply back.
pub trait BackendExt: Backend {
    fn run<C: Call>(&self, request: C) -> Result<C::Reply> {
        let response = self.call(request.into())?;
        C::Reply::from_response(response)
    }
}

impl<B: Backend + ?Sized> BackendExt for B {}

impl<B: Backend + ?Sized> Backend for Box<B> {
    fn call(&self, request: Request) -> Result<Response> {
        (**self).call(request)
    }

    fn subscribe(&self) -> Option<Receiver<ChangeNotice>> {
        (**self).subscribe()
    }

    fn call_many(&self, requests: Vec<Request>) -> Vec<Result<Response>> {
        (**self).call_many(requests)
    }

    fn backup(
        &self,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        (**self).backup(out, progress)
    }
}

#[cfg(test)]
mod shareable {
    /// The full-screen program loads its tabs on threads of their own over
    /// the same backend: every backend it runs over must allow that. The
    /// remote one holds its socket for a whole call, so calls from two
    /// threads take turns and each gets its own reply.
    #[test]
    fn every_backend_may_be_called_from_several_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::LocalBackend>();
        shareable::<super::RemoteBackend>();
        shareable::<crate::server::host::HostedBackend>();
    }
}
