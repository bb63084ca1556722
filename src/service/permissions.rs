//! What each request needs before it runs; the rule itself is
//! `domain::permissions`.

pub use crate::domain::permissions::{Need, allows, require};

use super::Request;

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
