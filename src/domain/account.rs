//! Accounts: which OS user may do what, and over which part of the tree.

use serde::{Deserialize, Serialize};

use super::UnitId;
use super::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AccountRole {
    /// 管理员: everything, including accounts.
    Admin,
    /// 录入员: reads and writes one unit's subtree, reads the whole tree's names.
    Operator,
    /// 查看者: reads one unit's subtree.
    Viewer,
}

impl AccountRole {
    pub const ALL: [AccountRole; 3] = [
        AccountRole::Admin,
        AccountRole::Operator,
        AccountRole::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AccountRole::Admin => "admin",
            AccountRole::Operator => "operator",
            AccountRole::Viewer => "viewer",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            AccountRole::Admin => "管理员",
            AccountRole::Operator => "录入员",
            AccountRole::Viewer => "查看者",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            AccountRole::Admin => "administrator",
            AccountRole::Operator => "operator",
            AccountRole::Viewer => "viewer",
        }
    }

    /// The English code or the Chinese label.
    pub fn parse(s: &str) -> Option<AccountRole> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(s) || r.label_zh() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub id: u64,
    /// The OS user name, as the server learns it from peer credentials.
    pub user: String,
    pub role: AccountRole,
    /// The subtree an operator or viewer works in; the root for an admin.
    pub unit: UnitId,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
}

/// What a caller may do, once their account (or local ownership of the
/// database) is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    Admin,
    Operator(UnitId),
    Viewer(UnitId),
}

impl Access {
    pub fn of(account: &Account) -> Access {
        match account.role {
            AccountRole::Admin => Access::Admin,
            AccountRole::Operator => Access::Operator(account.unit),
            AccountRole::Viewer => Access::Viewer(account.unit),
        }
    }

    pub fn role(self) -> AccountRole {
        match self {
            Access::Admin => AccountRole::Admin,
            Access::Operator(_) => AccountRole::Operator,
            Access::Viewer(_) => AccountRole::Viewer,
        }
    }

    /// The subtree the caller is limited to; `None` for an admin.
    pub fn scope(self) -> Option<UnitId> {
        match self {
            Access::Admin => None,
            Access::Operator(u) | Access::Viewer(u) => Some(u),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_in_both_languages() {
        assert_eq!(AccountRole::parse("录入员"), Some(AccountRole::Operator));
        assert_eq!(AccountRole::parse("Viewer"), Some(AccountRole::Viewer));
        assert_eq!(AccountRole::parse("boss"), None);
    }
}
