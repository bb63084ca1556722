//! The limits of `domain::limits` for the drafts several requests carry;
//! each request's `Call::check_limits` holds its own fields. The command
//! line, the terminal and the server all come through the service, which
//! checks every write before anything else looks at it.

use crate::domain::limits::{Limited, OverLimit, items, text};
use crate::domain::meeting::{AgendaItem, Attendee, Meeting, MeetingStatus, Presence};
use crate::domain::person::{PersonDraft, RosterStatus};
use crate::domain::task::TaskStatus;

use super::meetings::{SeriesDraft, TaskChange, TaskDraft};

type Checked = Result<(), OverLimit>;

pub(crate) fn person(d: &PersonDraft) -> Checked {
    text(Limited::Name, &d.name)?;
    text(Limited::Phone, &d.phone)?;
    text(Limited::IdNumber, &d.id_number)?;
    text(Limited::Address, &d.address)?;
    text(Limited::Employer, &d.employer)?;
    text(Limited::Post, &d.post)?;
    text(Limited::Political, &d.political)?;
    text(Limited::PersonNotes, &d.notes)?;
    if let Some(e) = &d.elder {
        text(Limited::Skills, &e.skills)?;
        text(Limited::Health, &e.health)?;
        if let RosterStatus::Removed { note, .. } = &e.status {
            text(Limited::StrikeOffNote, note)?;
        }
    }
    Ok(())
}

pub(crate) fn attendees(list: &[Attendee]) -> Checked {
    items(Limited::Attendees, list.len())?;
    list.iter().try_for_each(|a| text(Limited::Name, &a.name))
}

pub(crate) fn agenda(list: &[AgendaItem]) -> Checked {
    items(Limited::Agenda, list.len())?;
    list.iter().try_for_each(|i| {
        text(Limited::AgendaTitle, &i.title)?;
        i.reporter
            .as_deref()
            .map_or(Ok(()), |r| text(Limited::Name, r))
    })
}

pub(crate) fn series(d: &SeriesDraft) -> Checked {
    text(Limited::SeriesTitle, &d.title)?;
    text(Limited::Rule, &d.rule)?;
    text(Limited::Place, &d.place)?;
    items(Limited::AttendeeRules, d.attendee_rules.len())?;
    d.attendee_rules
        .iter()
        .try_for_each(|r| items(Limited::Roles, r.roles.len()))?;
    attendees(&d.attendees)?;
    agenda(&d.agenda)
}

pub(crate) fn meeting(m: &Meeting) -> Checked {
    text(Limited::Place, &m.place)?;
    if let MeetingStatus::Cancelled { reason } = &m.status {
        text(Limited::CancelReason, reason)?;
    }
    items(Limited::Attendance, m.attendance.len())?;
    for entry in &m.attendance {
        presence(&entry.attendee, &entry.presence)?;
    }
    agenda(&m.agenda)?;
    text(Limited::Minutes, &m.minutes)?;
    items(Limited::Decisions, m.decisions.len())?;
    m.decisions
        .iter()
        .try_for_each(|d| text(Limited::Decision, d))
}

pub(crate) fn presence(who: &Attendee, presence: &Presence) -> Checked {
    text(Limited::Name, &who.name)?;
    match presence {
        Presence::Absent { reason } => text(Limited::AbsenceReason, reason),
        Presence::Substitute { by } => text(Limited::Name, by),
        Presence::Unmarked | Presence::Present => Ok(()),
    }
}

pub(crate) fn task(d: &TaskDraft) -> Checked {
    text(Limited::TaskTitle, &d.title)?;
    text(Limited::Name, &d.owner.name)
}

pub(crate) fn task_change(c: &TaskChange) -> Checked {
    match c {
        TaskChange::Status(TaskStatus::Dropped { reason }) => text(Limited::DropReason, reason),
        TaskChange::Status(_) | TaskChange::Due(_) => Ok(()),
        TaskChange::Note { text: note, .. } => text(Limited::TaskNote, note),
        TaskChange::Owner(o) => text(Limited::Name, &o.name),
        TaskChange::Title(t) => text(Limited::TaskTitle, t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Request;
    use crate::api::admin::VoidRecord;
    use crate::api::meetings::MarkAttendance;
    use crate::api::people::{AddReserve, ReserveDraft};

    fn check(request: &Request) -> Checked {
        request.check_limits()
    }
    use crate::domain::UnitId;
    use crate::domain::day::Day;

    #[test]
    fn attendance_marks_and_a_void_reason_are_held_to_their_limits() {
        use crate::domain::audit::RecordKind;
        let void = |reason: String| {
            Request::from(VoidRecord {
                kind: RecordKind::Task,
                id: 1,
                reason,
            })
        };
        assert!(check(&void("重".repeat(200))).is_ok());
        assert_eq!(
            check(&void("重".repeat(201))),
            Err(OverLimit {
                field: Limited::VoidReason,
                given: 201
            })
        );
        let marks = |n: usize, reason: &str| -> Request {
            MarkAttendance {
                series: crate::domain::meeting::SeriesId(1),
                date: chrono::NaiveDate::from_ymd_opt(2025, 2, 3).unwrap(),
                marks: (0..n)
                    .map(|_| {
                        (
                            Attendee::named("张国庆"),
                            Presence::Absent {
                                reason: reason.to_string(),
                            },
                        )
                    })
                    .collect(),
            }
            .into()
        };
        assert!(check(&marks(300, "外出学习")).is_ok());
        assert_eq!(
            check(&marks(301, "外出学习")),
            Err(OverLimit {
                field: Limited::Attendance,
                given: 301
            })
        );
        assert_eq!(
            check(&marks(1, &"因".repeat(201))),
            Err(OverLimit {
                field: Limited::AbsenceReason,
                given: 201
            })
        );
    }

    #[test]
    fn a_long_reserve_note_is_refused_naming_the_field() {
        let request = |note: String| -> Request {
            AddReserve {
                draft: ReserveDraft {
                    unit: UnitId(1),
                    person: crate::domain::person::PersonId(1),
                    role: crate::domain::person::Role::Director,
                    noted: Day::from_date(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()),
                    note,
                },
            }
            .into()
        };
        assert!(check(&request("备".repeat(1_000))).is_ok());
        assert_eq!(
            check(&request("备".repeat(1_001))),
            Err(OverLimit {
                field: Limited::ReserveNote,
                given: 1_001
            })
        );
    }
}
