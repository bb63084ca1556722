//! Who may do what. One table, checked by the service for every request,
//! wherever the request came from.
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

use super::{Actor, Request};
use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::tree::UnitTree;
use crate::error::{Error, Result};

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

/// What a request needs before it runs. Listings are not refused but
/// filtered to what the caller may see, by the query itself.
pub fn needs(request: &Request) -> Vec<Need> {
    match request {
        Request::Info
        | Request::ListUnits { .. }
        | Request::ResolveUnit { .. }
        | Request::History { unit: None, .. } => vec![],
        Request::GetUnit { id } | Request::Children { id } => vec![Need::Names(*id)],
        Request::History { unit: Some(u), .. } => vec![Need::Read(*u)],
        Request::CreateUnit { parent, .. } => vec![Need::Write(*parent)],
        Request::RenameUnit { id, .. } | Request::ArchiveUnit { id, .. } => vec![Need::Write(*id)],
        Request::MoveUnit { id, to, .. } => vec![Need::Write(*id), Need::Write(*to)],
        // Meetings and tasks are checked against the unit of the record they touch, which
        // only the service knows once it has read the record.
        Request::ListSeries { .. }
        | Request::ResolveSeries { .. }
        | Request::Schedule { .. }
        | Request::MeetingPage { .. }
        | Request::TaskMeetingPage { .. }
        | Request::ListTasks { .. }
        | Request::MeetingFigures { .. }
        | Request::ExportIcs { .. }
        | Request::Calendar
        | Request::PreviewSeries { .. }
        | Request::ArchiveSeries { .. }
        | Request::SaveMeeting { .. }
        | Request::MarkAttendance { .. }
        | Request::CreateTask { .. }
        | Request::UpdateTask { .. } => vec![],
        Request::CreateSeries { draft } => vec![Need::Write(draft.host)],
        Request::UpdateSeries { draft, .. } => vec![Need::Write(draft.host)],
        Request::Check
        | Request::Repair { .. }
        | Request::Backup
        | Request::ListAccounts
        | Request::AddAccount { .. }
        | Request::SetAccount { .. }
        | Request::RemoveAccount { .. } => vec![Need::Admin],
        // People: listings filter themselves; needs that depend on which
        // unit a person or term belongs to are added by `people::needs`.
        Request::ListPeople { .. }
        | Request::ListPositions { .. }
        | Request::GetPerson { .. }
        | Request::ResolvePerson { .. }
        | Request::PeopleFigures { unit: None, .. }
        | Request::UpdatePerson { .. }
        | Request::StrikeOff { .. }
        | Request::RecordTalk { .. }
        | Request::AddHonour { .. }
        | Request::Reregister { .. }
        | Request::ImportPeople { .. }
        | Request::EndPosition { .. }
        | Request::ListReserve { .. }
        | Request::RemoveReserve { .. }
        // Checked against the record's unit once it is read.
        | Request::VoidRecord { .. } => vec![],
        Request::UnvoidRecord { .. } => vec![Need::Admin],
        Request::PeopleFigures { unit: Some(u), .. } | Request::UnitPeople { unit: u } => {
            vec![Need::Read(*u)]
        }
        Request::PeopleFiguresOf { units, .. } => units.iter().map(|u| Need::Read(*u)).collect(),
        // Whole ID and phone numbers leave the database only for an admin.
        Request::ExportPeople { unmasked, unit } => unmasked
            .then_some(Need::Admin)
            .into_iter()
            .chain(unit.map(Need::Read))
            .collect(),
        Request::CreatePerson { draft } => draft.unit.map(Need::Write).into_iter().collect(),
        Request::Appoint { draft } => vec![Need::Write(draft.unit)],
        Request::AddReserve { draft } => vec![Need::Write(draft.unit)],
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
