//! The hierarchy of units: reading it, and creating, renaming, moving and
//! archiving units.

use crate::domain::limits::{Limited, text};
use crate::domain::permissions::Need;
use crate::domain::{OrgUnit, UnitId, UnitKind};

requests! {
    area UnitsRequest in Units;

    /// Every unit the caller may see, in tree order, parents before children.
    query ListUnits { include_archived: bool } -> Vec<OrgUnit>;
    query GetUnit { id: UnitId } -> OrgUnit, needs(r) { vec![Need::Names(r.id)] };
    query Children { id: UnitId } -> Vec<OrgUnit>, needs(r) { vec![Need::Names(r.id)] };
    query ResolveUnit { given: String } -> OrgUnit;
    write CreateUnit {
        parent: UnitId,
        kind: UnitKind,
        name: String,
        short_name: Option<String>,
    } -> OrgUnit,
        needs(r) { vec![Need::Write(r.parent)] },
        limits(r) {
            text(Limited::Name, &r.name)?;
            r.short_name
                .as_deref()
                .map_or(Ok(()), |s| text(Limited::Name, s))
        };
    write RenameUnit { id: UnitId, rev: u64, name: String } -> OrgUnit,
        needs(r) { vec![Need::Write(r.id)] },
        limits(r) { text(Limited::Name, &r.name) };
    write MoveUnit { id: UnitId, rev: u64, to: UnitId } -> OrgUnit,
        needs(r) { vec![Need::Write(r.id), Need::Write(r.to)] };
    write ArchiveUnit { id: UnitId, rev: u64 } -> OrgUnit,
        needs(r) { vec![Need::Write(r.id)] };
}
