//! The administration requests: what the database is, its history, the
//! accounts, and records set aside. Check and repair run outside a batch
//! (see `Service::handle`), and a backup is streamed by whoever holds the
//! database.

use super::{Actor, ChangeNotice, Draft, Response, Service, State, Written};
use crate::api::admin::{
    AddAccount, AdminRequest, History, RemoveAccount, SetAccount, UnvoidRecord, VoidRecord,
};
use crate::domain::UnitId;
use crate::domain::account::{Access, Account};
use crate::domain::audit::RecordKind;
use crate::domain::permissions::{self, Need};
use crate::error::{Error, Result};
use crate::store::Changes;

impl Service {
    pub(super) fn write_admin(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        access: Access,
        request: AdminRequest,
    ) -> Result<Written> {
        let account_written = |a: &Account| ChangeNotice {
            kind: RecordKind::Account,
            record: a.id,
            unit: Some(a.unit),
            by: actor.user.clone(),
        };
        match request {
            AdminRequest::AddAccount(AddAccount { user, role, unit }) => self
                .add_account(draft, changes, actor, &user, role, unit)
                .map(|a| (Response::Account(a.clone()), account_written(&a))),
            AdminRequest::SetAccount(SetAccount {
                user,
                rev,
                role,
                unit,
            }) => self
                .set_account(draft, changes, actor, &user, rev, role, unit)
                .map(|a| (Response::Account(a.clone()), account_written(&a))),
            AdminRequest::RemoveAccount(RemoveAccount { user, rev }) => self
                .remove_account(draft, changes, actor, &user, rev)
                .map(|a| (Response::Done, account_written(&a))),
            AdminRequest::VoidRecord(VoidRecord { kind, id, reason }) => {
                self.write_void(draft, changes, actor, access, kind, id, Some(&reason))
            }
            AdminRequest::UnvoidRecord(UnvoidRecord { kind, id }) => {
                self.write_void(draft, changes, actor, access, kind, id, None)
            }
            other => Err(Error::Storage {
                detail: format!("not a write: {other:?}"),
            }),
        }
    }

    pub(super) fn query_admin(
        &self,
        state: &State,
        actor: &Actor,
        access: Access,
        request: AdminRequest,
    ) -> Result<Response> {
        let tree = &state.units;
        match request {
            AdminRequest::Info(_) => self.info(actor, access).map(Response::Info),
            AdminRequest::History(History { unit, limit }) => {
                let readable = |u: Option<UnitId>| match (access, u) {
                    (Access::Admin, _) => true,
                    (_, None) => false,
                    (_, Some(u)) => permissions::allows(tree, access, Need::Read(u)),
                };
                self.history(unit, limit, readable).map(Response::History)
            }
            AdminRequest::ListAccounts(_) => {
                let mut list: Vec<Account> = state.accounts.values().cloned().collect();
                list.sort_by(|a, b| a.user.cmp(&b.user));
                Ok(Response::Accounts(list))
            }
            other => Err(Error::Storage {
                detail: format!("not a query: {other:?}"),
            }),
        }
    }
}
