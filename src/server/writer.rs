//! The one writer: takes every queued write, applies them as one batch with
//! one flush and sync, then answers each and tells the others.

use std::sync::mpsc::{Receiver, Sender};

use super::Shared;
use crate::error::Result;
use crate::service::{Actor, Request, Response};

/// More than this waits for the next batch, so one huge burst cannot hold
/// every answer back for long.
const MAX_BATCH: usize = 256;

pub struct Job {
    pub conn: u64,
    pub actor: Actor,
    pub request: Request,
    pub reply: Sender<Result<Response>>,
}

pub fn run(shared: &Shared, jobs: Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut taken = vec![first];
        while taken.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => taken.push(job),
                Err(_) => break,
            }
        }
        let mut batch = Vec::with_capacity(taken.len());
        let mut waiting = Vec::with_capacity(taken.len());
        for job in taken {
            batch.push((job.actor, job.request));
            waiting.push((job.conn, job.reply));
        }
        let results = shared.service.write_batch(batch);
        let mut notices = Vec::new();
        for ((conn, reply), result) in waiting.into_iter().zip(results) {
            match result {
                Ok((response, notice)) => {
                    let _ = reply.send(Ok(response));
                    notices.push((conn, notice));
                }
                Err(e) => {
                    let _ = reply.send(Err(e));
                }
            }
        }
        for (conn, notice) in notices {
            shared.broadcast(conn, &notice);
        }
    }
}
