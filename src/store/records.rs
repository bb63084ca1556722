//! Which domain types are stored records, and at which version.

use super::codec::{CodecError, Record, decode_payload};
use super::elder_counts::ElderCount;
use crate::domain::OrgUnit;
use crate::domain::account::Account;
use crate::domain::audit::AuditEntry;
use crate::domain::bulletin::{Bulletin, InfoItem};
use crate::domain::guidance::{GuidanceVisit, WorkingGroup};
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::person::{Person, Position};
use crate::domain::plan::Plan;
use crate::domain::reserve::ReserveCandidate;
use crate::domain::score_records::{Adjustment, PeriodRules, Settlement};
use crate::domain::task::Task;
use crate::domain::work::{Activity, StudySession, Training, VillageVisit, WorkTally};

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
    Position => "position",
    ReserveCandidate => "reserve candidate",
    ElderCount => "elder count",
    Activity => "activity",
    Training => "training",
    VillageVisit => "village visit",
    StudySession => "study-base session",
    WorkTally => "work tally",
    Plan => "cultivation plan",
    WorkingGroup => "working group",
    GuidanceVisit => "guidance visit",
    InfoItem => "info item",
    Bulletin => "bulletin",
    PeriodRules => "rulebook",
    Adjustment => "score adjustment",
    Settlement => "settlement",
}

/// Records that gained `voided: Option<Voided>` as their last field at
/// version 2. Version 1 bytes are the same record without it, and bincode
/// writes `None` as a single 0 byte after the other fields: the old payload
/// with that byte added is the new record, not voided.
macro_rules! voidable_records {
    ($($ty:ty => $kind:literal),* $(,)?) => {
        $(impl Record for $ty {
            const KIND: &'static str = $kind;
            const VERSION: u16 = 2;

            fn upgrade(version: u16, payload: &[u8]) -> Result<Self, CodecError> {
                match version {
                    1 => {
                        let mut bytes = Vec::with_capacity(payload.len() + 1);
                        bytes.extend_from_slice(payload);
                        bytes.push(0);
                        decode_payload(&bytes)
                    }
                    _ => Err(CodecError::UnknownVersion {
                        kind: Self::KIND,
                        found: version,
                        supported: Self::VERSION,
                    }),
                }
            }
        })*
    };
}

voidable_records! {
    Meeting => "meeting",
    Task => "task",
    Person => "person",
}
