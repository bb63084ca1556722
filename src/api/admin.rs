//! Administration: the database itself (what it is, its history, its
//! check, repair and backup), the accounts, and records set aside.

use crate::domain::UnitId;
use crate::domain::account::{Account, AccountRole};
use crate::domain::audit::{AuditEntry, RecordKind};
use crate::domain::limits::{Limited, text};
use crate::domain::permissions::Need;

use super::{BackupSummary, CheckReport, DbInfo, RepairReport, Response};

requests! {
    area AdminRequest in Admin;

    query Info {} -> DbInfo;
    query History { unit: Option<UnitId>, limit: usize } -> Vec<AuditEntry>,
        needs(r) { r.unit.map(Need::Read).into_iter().collect() };
    /// `ggw check`, run where the database is.
    query Check {} -> CheckReport, needs(_r) { vec![Need::Admin] };
    /// `ggw repair`: damaged records into the quarantine, or with `purge`
    /// the quarantine emptied.
    query Repair { purge: bool } -> RepairReport, needs(_r) { vec![Need::Admin] };
    /// The whole database as a backup file, streamed: the server answers
    /// with `BackupPart`s, then `BackupDone`.
    query Backup {} -> BackupSummary, needs(_r) { vec![Need::Admin] };
    query ListAccounts {} -> Vec<Account>, needs(_r) { vec![Need::Admin] };
    write AddAccount { user: String, role: AccountRole, unit: UnitId } -> Account,
        needs(_r) { vec![Need::Admin] },
        limits(r) { text(Limited::Name, &r.user) };
    write SetAccount { user: String, rev: u64, role: AccountRole, unit: UnitId } -> Account,
        needs(_r) { vec![Need::Admin] },
        limits(r) { text(Limited::Name, &r.user) };
    write RemoveAccount { user: String, rev: u64 } -> (),
        needs(_r) { vec![Need::Admin] },
        limits(r) { text(Limited::Name, &r.user) };
    /// Sets aside a record typed in error (a person, meeting or task): kept
    /// and audited, counted nowhere. Needs the right to change its unit,
    /// checked once the record is read. The answer is the record as saved.
    write VoidRecord { kind: RecordKind, id: u64, reason: String } -> Response,
        limits(r) { text(Limited::VoidReason, &r.reason) };
    /// Brings a voided record back; administrators only.
    write UnvoidRecord { kind: RecordKind, id: u64 } -> Response,
        needs(_r) { vec![Need::Admin] };
}
