//! The backend that holds the database in this process.

use std::path::Path;

use super::Backend;
use crate::api::BackupSummary;
use crate::error::Result;
use crate::service::{Actor, Request, Response, Service};
use crate::store::OpenOptions;

pub struct LocalBackend {
    service: Service,
    actor: Actor,
}

impl LocalBackend {
    pub fn open(path: &Path, opts: &OpenOptions, actor: Actor) -> Result<LocalBackend> {
        Ok(LocalBackend {
            service: Service::open(path, opts)?,
            actor,
        })
    }

    pub fn from_service(service: Service, actor: Actor) -> LocalBackend {
        LocalBackend { service, actor }
    }

    pub fn service(&self) -> &Service {
        &self.service
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    pub fn into_parts(self) -> (Service, Actor) {
        (self.service, self.actor)
    }
}

impl Backend for LocalBackend {
    fn call(&self, request: Request) -> Result<Response> {
        self.service.handle(&self.actor, request)
    }

    fn backup(
        &self,
        out: &mut dyn std::io::Write,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<BackupSummary> {
        self.service.backup(&self.actor, out, progress)
    }

    fn call_many(&self, requests: Vec<Request>) -> Vec<Result<Response>> {
        if !requests.iter().all(Request::is_write) {
            return requests.into_iter().map(|r| self.call(r)).collect();
        }
        let batch = requests
            .into_iter()
            .map(|r| (self.actor.clone(), r))
            .collect();
        self.service
            .write_batch(batch)
            .into_iter()
            .map(|r| r.map(|(response, _)| response))
            .collect()
    }
}
