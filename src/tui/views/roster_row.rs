//! The roster's copy of a person: what the table shows and what its
//! filters and sorts read. The card fetches the whole record when opened,
//! so the thousands of rows of a district stay small.

use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::person::{Category, PersonId};
use crate::domain::pinyin_search::SearchKey;
use crate::service::people_api::PersonRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub id: PersonId,
    /// The revision listed, which a re-registration is made against.
    pub rev: u64,
    pub unit: UnitId,
    pub gender: Option<Gender>,
    pub birth: Option<Day>,
    pub category: Option<Category>,
    pub joined: Option<Day>,
    /// The day struck off, for those who were.
    pub removed: Option<Day>,
    /// The name with its pinyin, looked up once per load.
    pub key: SearchKey,
    /// Empty when the number is unknown.
    pub id_number_masked: Box<str>,
}

impl RosterRow {
    pub fn name(&self) -> &str {
        self.key.name()
    }
}

impl From<PersonRow> for RosterRow {
    fn from(r: PersonRow) -> RosterRow {
        RosterRow {
            id: r.id,
            rev: r.rev,
            unit: r.unit,
            gender: r.gender,
            birth: r.birth,
            category: r.category,
            joined: r.joined,
            removed: r.removed,
            key: SearchKey::new(&r.name),
            id_number_masked: r.id_number_masked.into_boxed_str(),
        }
    }
}
