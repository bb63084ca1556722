//! What the account may change, known to the views so that a key the
//! account cannot use is not offered in the status bar, and a form is not
//! typed in vain. The service checks every request again; its check is the
//! one that counts.

use crate::api::admin::Info;
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::permissions::{self, Actor, Need};
use crate::domain::tree::UnitTree;
use crate::error::Result;

#[derive(Debug, Clone)]
pub struct Permits {
    actor: Actor,
    access: Access,
}

impl Permits {
    pub fn load(backend: &dyn Backend) -> Result<Permits> {
        let info = backend.run(Info {})?;
        Ok(Permits {
            actor: Actor::peer(info.user),
            access: info.access,
        })
    }

    /// Before the account is known (and in tests of one view alone).
    pub fn admin() -> Permits {
        Permits {
            actor: Actor::peer(String::new()),
            access: Access::Admin,
        }
    }

    pub fn access(&self) -> Access {
        self.access
    }

    /// Whether the account may change anything at all: a viewer may not.
    pub fn writes_anywhere(&self) -> bool {
        !matches!(self.access, Access::Viewer(_))
    }

    /// Whether `may_write` and the refusals need the unit tree: an admin
    /// may write everywhere without one.
    pub fn needs_tree(&self) -> bool {
        !matches!(self.access, Access::Admin)
    }

    pub fn may_write(&self, tree: &UnitTree, unit: UnitId) -> bool {
        permissions::allows(tree, self.access, Need::Write(unit))
    }

    /// The service's refusal, word for word, for the status bar.
    pub fn check_write(&self, tree: &UnitTree, unit: UnitId) -> Result<()> {
        permissions::require(tree, &self.actor, self.access, Need::Write(unit))
    }

    /// The refusal for a viewer who tries to change anything.
    pub fn check_writes_anywhere(&self, tree: &UnitTree) -> Result<()> {
        match self.access {
            Access::Viewer(scope) => self.check_write(tree, scope),
            _ => Ok(()),
        }
    }
}
