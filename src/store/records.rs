//! Which domain types are stored records, and at which version.

use super::codec::Record;
use super::elder_counts::ElderCount;
use crate::domain::OrgUnit;
use crate::domain::account::Account;
use crate::domain::audit::AuditEntry;
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::person::{Person, Position};
use crate::domain::reserve::ReserveCandidate;
use crate::domain::task::Task;

/// Records still at their first version. One that gains a field moves out of
/// this list into an impl of its own with an `upgrade` for the old bytes.
macro_rules! first_version_records {
    ($($ty:ty => $kind:literal),* $(,)?) => {
        $(impl Record for $ty {
            const KIND: &'static str = $kind;
            const VERSION: u16 = 1;
        })*
    };
}

first_version_records! {
    OrgUnit => "unit",
    AuditEntry => "audit",
    Account => "account",
    MeetingSeries => "meeting series",
    Meeting => "meeting",
    Task => "task",
    Person => "person",
    Position => "position",
    ReserveCandidate => "reserve candidate",
    ElderCount => "elder count",
}
