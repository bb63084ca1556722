//! Adding, changing and removing accounts, each with its audit entry.

use super::audit::Change;
use super::{Actor, Draft, Service};
use crate::domain::UnitId;
use crate::domain::account::{Account, AccountRole};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::text::{CharKind, hidden_kind, is_forbidden};
use crate::domain::time;
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId, id_key};

/// An OS user name as the server will see it: no spaces, no colons (the
/// passwd separator), nothing invisible.
fn check_user(raw: &str) -> Result<String> {
    let user = raw.trim();
    if user.is_empty() {
        return Err(Error::NameEmpty);
    }
    if let Some((pos, c)) = user
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_whitespace() || is_forbidden(*c) || *c == ':' || *c == '/')
    {
        return Err(Error::NameForbiddenChar {
            position: pos + 1,
            code: u32::from(c),
            kind: hidden_kind(c).unwrap_or(CharKind::UserName),
        });
    }
    Ok(user.to_string())
}

fn live_unit(state: &Draft, unit: UnitId) -> Result<()> {
    match state.units.get(unit) {
        None => Err(Error::NoSuchRecord { id: unit.0 }),
        Some(u) if !u.is_live() => Err(Error::UnitArchived {
            name: u.name.clone(),
        }),
        Some(_) => Ok(()),
    }
}

impl Service {
    pub(super) fn add_account(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        user: &str,
        role: AccountRole,
        unit: UnitId,
    ) -> Result<Account> {
        let user = check_user(user)?;
        if draft.accounts.contains_key(&user) {
            return Err(Error::AccountExists { user });
        }
        live_unit(draft, unit)?;
        let account = Account {
            id: self.store.next_id(TreeId::Accounts),
            user,
            role,
            unit,
            changed_at: time::now(),
            changed_by: actor.user.clone(),
            rev: 1,
        };
        self.save_account(draft, changes, actor, AuditAction::Create, None, account)
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn set_account(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        user: &str,
        rev: u64,
        role: AccountRole,
        unit: UnitId,
    ) -> Result<Account> {
        let before = self.current(draft, user, rev)?;
        live_unit(draft, unit)?;
        let after = Account {
            role,
            unit,
            changed_at: time::now(),
            changed_by: actor.user.clone(),
            rev: before.rev + 1,
            ..before.clone()
        };
        self.save_account(
            draft,
            changes,
            actor,
            AuditAction::Update,
            Some(&before),
            after,
        )
    }

    pub(super) fn remove_account(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        user: &str,
        rev: u64,
    ) -> Result<Account> {
        let before = self.current(draft, user, rev)?;
        changes.delete(TreeId::Accounts, &id_key(before.id));
        self.audit_account(changes, actor, AuditAction::Remove, Some(&before), None)?;
        draft.accounts.remove(&before.user);
        Ok(before)
    }

    fn current(&self, draft: &Draft, user: &str, rev: u64) -> Result<Account> {
        let account =
            draft
                .accounts
                .get(user.trim())
                .cloned()
                .ok_or_else(|| Error::NoSuchAccount {
                    user: user.trim().to_string(),
                })?;
        if account.rev != rev {
            return Err(Error::Conflict {
                by: account.changed_by,
                at: account.changed_at,
            });
        }
        Ok(account)
    }

    fn save_account(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&Account>,
        after: Account,
    ) -> Result<Account> {
        changes.put(TreeId::Accounts, after.id, &after);
        self.audit_account(changes, actor, action, before, Some(&after))?;
        draft.accounts.insert(after.user.clone(), after.clone());
        Ok(after)
    }

    fn audit_account(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&Account>,
        after: Option<&Account>,
    ) -> Result<()> {
        let Some(shown) = after.or(before) else {
            return Ok(());
        };
        // Not filed under a unit: account changes belong in the
        // administrators' history, not in a unit's.
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::Account,
                record: shown.id,
                unit: None,
                label: shown.user.clone(),
                before,
                after,
            },
        )
    }
}
