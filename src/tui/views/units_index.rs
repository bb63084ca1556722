//! The live units with their tree and their search, one copy for every tab.
//!
//! Each tab that shows units used to build its own tree, search entries and
//! pinyin keys from the same list: at a province (20,000 units) some 10 MB a
//! tab, five times over. A tab now reads the list as before and takes the
//! copy another tab built when the list is the same one, unit for unit; a
//! changed list builds a new copy, which the tabs take as each reloads.

use std::sync::{Arc, Mutex, Weak};

use crate::api::units::ListUnits;
use crate::backend::{Backend, BackendExt};
use crate::domain::OrgUnit;
use crate::domain::tree::UnitTree;
use crate::error::Result;
use crate::tui::popups::search::Entry;
use crate::tui::search::PinyinMatcher;

/// The live units as a tree, and what the unit search looks through.
#[derive(Clone, Default)]
pub struct UnitsIndex {
    pub tree: Arc<UnitTree>,
    /// One per unit in the tree's order: its name and the path above it.
    pub entries: Arc<Vec<Entry>>,
    pub matcher: Arc<PinyinMatcher>,
}

/// The copy last built, kept only while some tab holds it: the program
/// keeps no copy of its own.
struct Last {
    tree: Weak<UnitTree>,
    entries: Weak<Vec<Entry>>,
    matcher: Weak<PinyinMatcher>,
}

static LAST: Mutex<Last> = Mutex::new(Last {
    tree: Weak::new(),
    entries: Weak::new(),
    matcher: Weak::new(),
});

impl UnitsIndex {
    /// The live units as the backend has them now.
    pub fn read(backend: &dyn Backend) -> Result<UnitsIndex> {
        let units = backend.run(ListUnits {
            include_archived: false,
        })?;
        // Held while a copy is built, so that two tabs loading at once
        // build one.
        let mut last = LAST.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(held) = last.upgrade()
            && same_units(&held.tree, &units)
        {
            return Ok(held);
        }
        let index = UnitsIndex::new(units);
        *last = Last {
            tree: Arc::downgrade(&index.tree),
            entries: Arc::downgrade(&index.entries),
            matcher: Arc::downgrade(&index.matcher),
        };
        Ok(index)
    }

    fn new(units: Vec<OrgUnit>) -> UnitsIndex {
        let tree = UnitTree::new(units);
        let walk = tree.walk(false);
        let entries = walk
            .iter()
            .map(|(_, u)| Entry {
                id: u.id.0,
                name: u.name.clone(),
                place: u.parent.map(|p| tree.path(p)).unwrap_or_default(),
            })
            .collect();
        let tree = Arc::new(tree);
        UnitsIndex {
            matcher: Arc::new(PinyinMatcher::of_units(tree.clone())),
            tree,
            entries: Arc::new(entries),
        }
    }
}

impl Last {
    fn upgrade(&self) -> Option<UnitsIndex> {
        Some(UnitsIndex {
            tree: self.tree.upgrade()?,
            entries: self.entries.upgrade()?,
            matcher: self.matcher.upgrade()?,
        })
    }
}

/// Whether `tree` holds exactly `units`, every field alike.
fn same_units(tree: &UnitTree, units: &[OrgUnit]) -> bool {
    tree.len() == units.len() && units.iter().all(|u| tree.get(u.id) == Some(u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitKind;
    use crate::tui::search::Matcher;

    fn unit(id: u64, parent: Option<u64>, name: &str) -> OrgUnit {
        let kind = if parent.is_none() {
            UnitKind::District
        } else {
            UnitKind::Township
        };
        OrgUnit::fixture(id, parent, name, kind)
    }

    #[test]
    fn the_same_units_are_the_same_list_and_a_renamed_one_is_not() {
        let units = vec![unit(1, None, "爱辉区"), unit(2, Some(1), "西岗子镇")];
        let tree = UnitTree::new(units.clone());
        assert!(same_units(&tree, &units));
        // Listed in another order: still the same units.
        let reversed: Vec<OrgUnit> = units.iter().rev().cloned().collect();
        assert!(same_units(&tree, &reversed));
        let mut renamed = units.clone();
        renamed[1].name = "瑷珲镇".into();
        assert!(!same_units(&tree, &renamed));
        assert!(!same_units(&tree, &units[..1]));
        let mut moved = units.clone();
        moved.push(unit(3, Some(2), "新村"));
        assert!(!same_units(&tree, &moved));
    }

    #[test]
    fn the_index_names_each_unit_with_the_path_above_it() {
        let index = UnitsIndex::new(vec![
            unit(1, None, "爱辉区"),
            unit(2, Some(1), "西岗子镇"),
            unit(3, Some(2), "新村"),
        ]);
        let names: Vec<(&str, &str)> = index
            .entries
            .iter()
            .map(|e| (e.name.as_str(), e.place.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("爱辉区", ""),
                ("西岗子镇", "爱辉区"),
                ("新村", "爱辉区/西岗子镇")
            ]
        );
    }

    #[test]
    fn the_search_finds_units_by_pinyin_and_short_name_at_the_entry_of_each() {
        let mut village = unit(3, Some(2), "新村");
        village.short_name = Some("西岗新村".into());
        let index = UnitsIndex::new(vec![
            unit(1, None, "爱辉区"),
            unit(2, Some(1), "西岗子镇"),
            village,
            unit(4, Some(1), "四嘉子乡"),
        ]);
        let found = |q: &str| -> Vec<&str> {
            index
                .matcher
                .rank(q)
                .into_iter()
                .map(|i| index.entries[i].name.as_str())
                .collect()
        };
        assert_eq!(found("sjz"), ["四嘉子乡"]);
        // The short name counts, and the entry found is the unit's own.
        assert_eq!(found("xgxc"), ["新村"]);
        assert_eq!(found("xg"), ["西岗子镇", "新村"]);
        assert!(found("zzz").is_empty());
    }
}
