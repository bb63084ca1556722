//! 积分: rulebooks, standings, ledgers, awards and penalties, settlement.

use super::{Actor, Draft, Response, Service, State, Written};
use crate::api::scores::ScoresRequest;
use crate::domain::account::Access;
use crate::error::{Error, Result};
use crate::store::Changes;

impl Service {
    pub(super) fn write_scores(
        &self,
        _batch: &mut Draft,
        _changes: &mut Changes,
        _actor: &Actor,
        _request: ScoresRequest,
    ) -> Result<Written> {
        Err(Error::NoSuchPeriod {
            given: String::new(),
            known: vec![],
        })
    }

    pub(super) fn query_scores(
        &self,
        _state: &State,
        _actor: &Actor,
        _access: Access,
        _request: ScoresRequest,
    ) -> Result<Response> {
        Err(Error::NoSuchPeriod {
            given: String::new(),
            known: vec![],
        })
    }
}
