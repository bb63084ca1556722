//! The meetings by date: a month's schedule reads the few meetings dated in
//! it (or whose rule date is in it) instead of decoding every meeting. Each
//! meeting is listed under the day it is held and, when it differs, its rule
//! date; the service writes the entries in the same commit as the meeting,
//! `ggw check` holds them against the meetings, and a database made before
//! the index existed has it built at its next open.

use chrono::{Datelike, NaiveDate};

use super::{Changes, Store, TreeId, pair_key};
use crate::domain::meeting::Meeting;
use crate::error::Result;

/// Set in the meta tree once the index has been built.
pub const BUILT: &str = "meetings_by_date_built";

pub fn day(date: NaiveDate) -> u64 {
    // Days from the common era's start: positive for every date a meeting
    // can have, and ordered as the dates are.
    u64::try_from(date.num_days_from_ce()).unwrap_or(0)
}

/// The days a meeting is listed under: where it is held and its rule date.
pub fn days(m: &Meeting) -> Vec<u64> {
    let mut days = vec![day(m.date)];
    if m.rule_date != m.date {
        days.push(day(m.rule_date));
    }
    days
}

/// The index keys of a meeting.
pub fn keys(m: &Meeting) -> Vec<[u8; 16]> {
    days(m).into_iter().map(|d| pair_key(d, m.id.0)).collect()
}

/// Writes the entries of a meeting going from `before` to `after`.
pub fn replace(changes: &mut Changes, before: Option<&Meeting>, after: &Meeting) {
    let new = keys(after);
    for old in before.map(keys).unwrap_or_default() {
        if !new.contains(&old) {
            changes.delete(TreeId::MeetingsByDate, &old);
        }
    }
    for k in new {
        changes.put_raw(TreeId::MeetingsByDate, &k, &[]);
    }
}

/// The ids of the meetings held, or due by their rule, on a day of
/// `from..=to`; each once, in increasing order.
pub fn ids_between(store: &Store, from: NaiveDate, to: NaiveDate) -> Result<Vec<u64>> {
    let mut ids = store.pair_ids(TreeId::MeetingsByDate, (day(from), 0), (day(to), u64::MAX))?;
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Builds the index of a database made before it existed.
pub fn build_if_missing(store: &Store) -> Result<()> {
    super::index_upgrade::build_if_missing(
        store,
        BUILT,
        TreeId::Meetings,
        |meeting: &Meeting, changes| {
            for k in keys(meeting) {
                changes.put_raw(TreeId::MeetingsByDate, &k, &[]);
            }
        },
    )
}
