//! Creating, renaming, moving and archiving units, with the hierarchy's rules.

use super::audit::Change;
use super::{Actor, ChangeNotice, Draft, Response, Service, State, Written};
use crate::api::units::{
    ArchiveUnit, Children, CreateUnit, GetUnit, ListUnits, MoveUnit, RenameUnit, ResolveUnit,
    UnitsRequest,
};
use crate::domain::account::Access;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::permissions::{self, Need};
use crate::domain::tree::UnitTree;
use crate::domain::unit_names;
use crate::domain::{OrgUnit, UnitId, UnitKind, text, time};
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId, pair_key};

fn live(tree: &UnitTree, id: UnitId) -> Result<&OrgUnit> {
    let unit = tree.get(id).ok_or(Error::NoSuchRecord { id: id.0 })?;
    if unit.is_live() {
        Ok(unit)
    } else {
        Err(Error::UnitArchived {
            name: unit.name.clone(),
        })
    }
}

fn check_rev(unit: &OrgUnit, rev: u64) -> Result<()> {
    if unit.rev == rev {
        Ok(())
    } else {
        Err(Error::Conflict {
            by: unit.changed_by.clone(),
            at: unit.changed_at,
        })
    }
}

fn check_unique(tree: &UnitTree, parent: UnitId, name: &str, except: Option<UnitId>) -> Result<()> {
    let taken = tree
        .live_children(parent)
        .any(|c| c.name == name && Some(c.id) != except);
    if taken {
        Err(Error::NameTaken {
            name: name.to_string(),
            parent: tree.get(parent).map(|p| p.name.clone()).unwrap_or_default(),
        })
    } else {
        Ok(())
    }
}

fn clean_short_name(short: Option<&str>) -> Result<Option<String>> {
    match short.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Ok(Some(text::check_name(s)?)),
    }
}

impl Service {
    pub(super) fn write_units(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        request: UnitsRequest,
    ) -> Result<Written> {
        let unit_written = |u: OrgUnit| {
            let notice = ChangeNotice {
                kind: RecordKind::Unit,
                record: u.id.0,
                unit: Some(u.id),
                by: actor.user.clone(),
            };
            (Response::Unit(u), notice)
        };
        match request {
            UnitsRequest::CreateUnit(CreateUnit {
                parent,
                kind,
                name,
                short_name,
            }) => self
                .create_unit(
                    draft,
                    changes,
                    actor,
                    parent,
                    kind,
                    &name,
                    short_name.as_deref(),
                )
                .map(unit_written),
            UnitsRequest::RenameUnit(RenameUnit { id, rev, name }) => self
                .rename_unit(draft, changes, actor, id, rev, &name)
                .map(unit_written),
            UnitsRequest::MoveUnit(MoveUnit { id, rev, to }) => self
                .move_unit(draft, changes, actor, id, rev, to)
                .map(unit_written),
            UnitsRequest::ArchiveUnit(ArchiveUnit { id, rev }) => self
                .archive_unit(draft, changes, actor, id, rev)
                .map(unit_written),
            other => Err(Error::Storage {
                detail: format!("not a write: {other:?}"),
            }),
        }
    }

    pub(super) fn query_units(
        &self,
        state: &State,
        actor: &Actor,
        access: Access,
        request: UnitsRequest,
    ) -> Result<Response> {
        let tree = &state.units;
        let visible = |u: &&OrgUnit| permissions::allows(tree, access, Need::Names(u.id));
        match request {
            UnitsRequest::ListUnits(ListUnits { include_archived }) => Ok(Response::Units(
                tree.walk(include_archived)
                    .into_iter()
                    .map(|(_, u)| u)
                    .filter(visible)
                    .cloned()
                    .collect(),
            )),
            UnitsRequest::GetUnit(GetUnit { id }) => tree
                .get(id)
                .cloned()
                .map(Response::Unit)
                .ok_or(Error::NoSuchRecord { id: id.0 }),
            UnitsRequest::Children(Children { id }) => Ok(Response::Units(
                tree.children_of(Some(id))
                    .filter(visible)
                    .cloned()
                    .collect(),
            )),
            UnitsRequest::ResolveUnit(ResolveUnit { given }) => {
                let may_see = |u: &OrgUnit| permissions::allows(tree, access, Need::Names(u.id));
                let unit = unit_names::resolve_unit_among(tree, &given, may_see)?.clone();
                permissions::require(tree, actor, access, Need::Names(unit.id))?;
                Ok(Response::Unit(unit))
            }
            other => Err(Error::Storage {
                detail: format!("not a query: {other:?}"),
            }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn create_unit(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        parent: UnitId,
        kind: UnitKind,
        name: &str,
        short_name: Option<&str>,
    ) -> Result<OrgUnit> {
        let name = text::check_name(name)?;
        let short_name = clean_short_name(short_name)?;
        let tree = &draft.units;
        let parent_unit = live(tree, parent)?;
        if !kind.allowed_under(Some(parent_unit.kind)) {
            return Err(Error::KindNotAllowed {
                kind,
                parent: Some(parent_unit.kind),
            });
        }
        check_unique(tree, parent, &name, None)?;
        let now = time::now();
        let unit = OrgUnit {
            id: UnitId(self.store.next_id(TreeId::Units)),
            name,
            short_name,
            kind,
            parent: Some(parent),
            created: now,
            archived: None,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
        };
        changes.put(TreeId::Units, unit.id.0, &unit);
        changes.put_raw(TreeId::UnitsByParent, &pair_key(parent.0, unit.id.0), &[]);
        self.audit_unit(changes, actor, AuditAction::Create, None, &unit)?;
        draft.units.insert(unit.clone());
        Ok(unit)
    }

    pub(super) fn rename_unit(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        id: UnitId,
        rev: u64,
        name: &str,
    ) -> Result<OrgUnit> {
        let name = text::check_name(name)?;
        let tree = &draft.units;
        let before = live(tree, id)?.clone();
        check_rev(&before, rev)?;
        if let Some(p) = before.parent {
            check_unique(tree, p, &name, Some(id))?;
        }
        let after = OrgUnit {
            name,
            ..touched(&before, actor)
        };
        self.save_unit(
            draft,
            changes,
            actor,
            AuditAction::Rename,
            &before,
            after,
            None,
        )
    }

    pub(super) fn move_unit(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        id: UnitId,
        rev: u64,
        to: UnitId,
    ) -> Result<OrgUnit> {
        let tree = &draft.units;
        let before = live(tree, id)?.clone();
        check_rev(&before, rev)?;
        let Some(old_parent) = before.parent else {
            return Err(Error::RootFixed);
        };
        let target = live(tree, to)?;
        if tree.is_within(to, id) {
            return Err(Error::MoveIntoOwnSubtree);
        }
        if !before.kind.allowed_under(Some(target.kind)) {
            return Err(Error::KindNotAllowed {
                kind: before.kind,
                parent: Some(target.kind),
            });
        }
        check_unique(tree, to, &before.name, Some(id))?;
        let after = OrgUnit {
            parent: Some(to),
            ..touched(&before, actor)
        };
        self.save_unit(
            draft,
            changes,
            actor,
            AuditAction::Move,
            &before,
            after,
            Some(old_parent),
        )
    }

    pub(super) fn archive_unit(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        id: UnitId,
        rev: u64,
    ) -> Result<OrgUnit> {
        let tree = &draft.units;
        let before = live(tree, id)?.clone();
        // An operator who archived the unit their account is limited to
        // could no longer reach anything, that unit included.
        if let Access::Operator(scope) = self.access_in(draft, actor)?
            && tree.is_within(scope, id)
        {
            return Err(Error::ArchiveOwnScope {
                unit: tree.path(id),
            });
        }
        check_rev(&before, rev)?;
        if before.parent.is_none() {
            return Err(Error::RootFixed);
        }
        let count = tree.live_children(id).count();
        if count > 0 {
            return Err(Error::HasLiveChildren { count });
        }
        let elders = draft.people.elder_counts.of(id).active;
        let today = Day::today();
        let team = draft
            .people
            .positions
            .values()
            .filter(|p| p.unit == id && p.to.is_none_or(|t| t > today))
            .count();
        if elders > 0 || team > 0 {
            return Err(Error::UnitHasPeople {
                unit: tree.path(id),
                elders,
                team,
            });
        }
        let now = time::now();
        let after = OrgUnit {
            archived: Some(now),
            ..touched(&before, actor)
        };
        self.save_unit(
            draft,
            changes,
            actor,
            AuditAction::Archive,
            &before,
            after,
            None,
        )
    }

    /// Writes a changed unit with its index and audit entry. `moved_from` is
    /// the old parent when the unit changed parent.
    #[allow(clippy::too_many_arguments)]
    fn save_unit(
        &self,
        draft: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: &OrgUnit,
        after: OrgUnit,
        moved_from: Option<UnitId>,
    ) -> Result<OrgUnit> {
        changes.put(TreeId::Units, after.id.0, &after);
        if let (Some(old), Some(new)) = (moved_from, after.parent) {
            changes.delete(TreeId::UnitsByParent, &pair_key(old.0, after.id.0));
            changes.put_raw(TreeId::UnitsByParent, &pair_key(new.0, after.id.0), &[]);
        }
        self.audit_unit(changes, actor, action, Some(before), &after)?;
        draft.units.insert(after.clone());
        Ok(after)
    }

    fn audit_unit(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&OrgUnit>,
        after: &OrgUnit,
    ) -> Result<()> {
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::Unit,
                record: after.id.0,
                unit: Some(after.id),
                label: after.name.clone(),
                before,
                after: Some(after),
            },
        )
    }
}

/// The next revision of a unit, stamped with who and when.
fn touched(unit: &OrgUnit, actor: &Actor) -> OrgUnit {
    OrgUnit {
        rev: unit.rev + 1,
        changed_at: time::now(),
        changed_by: actor.user.clone(),
        ..unit.clone()
    }
}
