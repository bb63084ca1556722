//! Which domain types are stored records, and at which version.

use super::codec::Record;
use crate::domain::OrgUnit;
use crate::domain::account::Account;
use crate::domain::audit::AuditEntry;
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::person::{Person, Position};
use crate::domain::task::Task;

impl Record for OrgUnit {
    const KIND: &'static str = "unit";
    const VERSION: u16 = 1;
}

impl Record for AuditEntry {
    const KIND: &'static str = "audit";
    const VERSION: u16 = 1;
}

impl Record for Account {
    const KIND: &'static str = "account";
    const VERSION: u16 = 1;
}

impl Record for MeetingSeries {
    const KIND: &'static str = "meeting series";
    const VERSION: u16 = 1;
}

impl Record for Meeting {
    const KIND: &'static str = "meeting";
    const VERSION: u16 = 1;
}

impl Record for Task {
    const KIND: &'static str = "task";
    const VERSION: u16 = 1;
}

impl Record for Person {
    const KIND: &'static str = "person";
    const VERSION: u16 = 1;
}

impl Record for Position {
    const KIND: &'static str = "position";
    const VERSION: u16 = 1;
}
