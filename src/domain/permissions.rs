//! Who may do what. One table, checked by the service for every request,
//! wherever the request came from, and by the views to offer only what
//! will be allowed.
//!
//! | access          | names of a unit | details of a unit | change a unit | accounts, check |
//! |-----------------|-----------------|-------------------|---------------|-----------------|
//! | admin           | all             | all               | all           | yes             |
//! | operator of U   | all             | U's subtree       | U's subtree   | no              |
//! | viewer of U     | U's subtree     | U's subtree       | none          | no              |
//!
//! "Names" is what a unit record holds (name, kind, place in the tree);
//! "details" is everything recorded about a unit (its history, and the
//! people, meetings and activities attached to it as they arrive).

use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};

/// Who is asking. Locally the OS user; on the server, the socket's peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    /// The user who owns the database files: locally whoever could open
    /// them, on the server the server's own user. Always an administrator,
    /// so that the first admin account can be made and nobody is locked out.
    pub owner: bool,
}

impl Actor {
    /// The owner of the database (a local user, or the server's own user).
    pub fn new(user: impl Into<String>) -> Actor {
        Actor {
            user: user.into(),
            owner: true,
        }
    }

    /// A client of the server, whose rights come from their account.
    pub fn peer(user: impl Into<String>) -> Actor {
        Actor {
            user: user.into(),
            owner: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Names(UnitId),
    Read(UnitId),
    Write(UnitId),
    Admin,
}

pub fn allows(tree: &UnitTree, access: Access, need: Need) -> bool {
    match (access, need) {
        (Access::Admin, _) => true,
        (_, Need::Admin) => false,
        (Access::Operator(_), Need::Names(_)) => true,
        (Access::Operator(scope), Need::Read(u) | Need::Write(u)) => tree.is_within(u, scope),
        (Access::Viewer(scope), Need::Names(u) | Need::Read(u)) => tree.is_within(u, scope),
        (Access::Viewer(_), Need::Write(_)) => false,
    }
}

pub fn require(tree: &UnitTree, actor: &Actor, access: Access, need: Need) -> Result<()> {
    if allows(tree, access, need) {
        return Ok(());
    }
    let path = |u: UnitId| {
        if tree.get(u).is_some() {
            tree.path(u)
        } else {
            format!("#{u}")
        }
    };
    match (need, access.scope()) {
        (Need::Names(u) | Need::Read(u) | Need::Write(u), Some(scope)) => {
            Err(Error::NotPermitted {
                user: actor.user.clone(),
                role: access.role(),
                scope: path(scope),
                target: path(u),
                write: matches!(need, Need::Write(_)),
            })
        }
        _ => Err(Error::AdminOnly {
            user: actor.user.clone(),
        }),
    }
}
