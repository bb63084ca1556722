//! The roster's copy of a person: what the table shows and what its
//! filters and sorts read. The card fetches the whole record when opened,
//! so the thousands of rows of a district stay small.

use std::collections::HashMap;
use std::sync::Arc;

use crate::api::people::PersonRow;
use crate::domain::UnitId;
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::person::{Category, PersonId};
use crate::domain::pinyin_search::SearchKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterRow {
    pub id: PersonId,
    /// The revision listed, which a re-registration is made against.
    pub rev: u64,
    pub unit: UnitId,
    /// As the service names it, archived units included; one string per
    /// unit, shared by its people.
    pub unit_path: Arc<str>,
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

/// The listed rows made lean, in their order.
pub fn lean_rows(listed: Vec<PersonRow>) -> Vec<RosterRow> {
    let mut paths: HashMap<UnitId, Arc<str>> = HashMap::new();
    let mut rows: Vec<RosterRow> = listed
        .into_iter()
        .map(|r| {
            let path = paths
                .entry(r.unit)
                .or_insert_with(|| Arc::from(r.unit_path.as_str()))
                .clone();
            RosterRow::new(r, path)
        })
        .collect();
    // The collect may reuse the listed rows' larger buffer: give back what
    // the lean rows leave over, rather than keep it with the tab.
    rows.shrink_to_fit();
    rows
}

impl RosterRow {
    pub fn name(&self) -> &str {
        self.key.name()
    }

    fn new(r: PersonRow, unit_path: Arc<str>) -> RosterRow {
        RosterRow {
            id: r.id,
            rev: r.rev,
            unit: r.unit,
            unit_path,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(id: u64, name: &str, unit: u64, path: &str) -> PersonRow {
        PersonRow {
            id: PersonId(id),
            name: name.into(),
            gender: Some(Gender::Female),
            birth: None,
            unit: UnitId(unit),
            unit_path: path.into(),
            category: Some(Category::Teacher),
            core: false,
            source: None,
            joined: None,
            reregistered: None,
            removed: None,
            last_talk: None,
            honours: 0,
            id_number_masked: "230***********1234".into(),
            phone_masked: "138****0000".into(),
            rev: 7,
        }
    }

    #[test]
    fn rows_keep_order_and_share_a_path_per_unit() {
        let rows = lean_rows(vec![
            listed(3, "王建华", 1, "爱辉区/四嘉子乡"),
            listed(1, "李红", 2, "爱辉区/西岗子镇"),
            listed(2, "张三", 1, "爱辉区/四嘉子乡"),
        ]);
        let names: Vec<&str> = rows.iter().map(RosterRow::name).collect();
        assert_eq!(names, ["王建华", "李红", "张三"]);
        assert!(Arc::ptr_eq(&rows[0].unit_path, &rows[2].unit_path));
        assert_eq!(&*rows[1].unit_path, "爱辉区/西岗子镇");
        assert_eq!(&*rows[0].id_number_masked, "230***********1234");
        assert_eq!((rows[0].id, rows[0].rev), (PersonId(3), 7));
        assert!(rows[0].key.matches("wjh").is_some());
    }
}
