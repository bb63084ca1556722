//! The unit hierarchy in memory: paths, children, subtrees.

use std::collections::HashMap;
use std::sync::Arc;

use super::{OrgUnit, UnitId};

#[derive(Debug, Default, Clone)]
pub struct UnitTree {
    /// In id order, found by halving. A hash map held a province's 20,000
    /// units in 32,768 slots: 5.3 MB where this is 3 MB, once in the
    /// service and once in the full-screen program. Shared between
    /// copies until one changes: each batch of writes copies the tree, and
    /// at a province copying and dropping 20,000 units was most of the
    /// time a batch of meetings took.
    units: Arc<Vec<OrgUnit>>,
    /// Children of each unit (live and archived), in id order.
    children: Arc<HashMap<Option<UnitId>, Vec<UnitId>>>,
}

impl UnitTree {
    /// The units given; of a unit given twice, the later.
    pub fn new(units: impl IntoIterator<Item = OrgUnit>) -> UnitTree {
        let mut units: Vec<OrgUnit> = units.into_iter().collect();
        // Read from the store they come in id order already.
        if !units.is_sorted_by_key(|u| u.id) {
            units.sort_by_key(|u| u.id);
        }
        // `dedup_by` keeps the first of equals: swapping brings the later in.
        units.dedup_by(|later, kept| {
            let same = later.id == kept.id;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        units.shrink_to_fit();
        let mut children: HashMap<Option<UnitId>, Vec<UnitId>> = HashMap::new();
        for u in &units {
            children.entry(u.parent).or_default().push(u.id);
        }
        UnitTree {
            units: Arc::new(units),
            children: Arc::new(children),
        }
    }

    fn find(&self, id: UnitId) -> Result<usize, usize> {
        self.units.binary_search_by_key(&id, |u| u.id)
    }

    /// Adds or replaces a unit, keeping the child lists right when it moved.
    pub fn insert(&mut self, unit: OrgUnit) {
        let at = self.find(unit.id);
        let units = Arc::make_mut(&mut self.units);
        let children = Arc::make_mut(&mut self.children);
        if let Ok(i) = at {
            let old = &units[i];
            if old.parent != unit.parent {
                if let Some(list) = children.get_mut(&old.parent) {
                    list.retain(|c| *c != unit.id);
                }
            } else {
                units[i] = unit;
                return;
            }
        }
        let list = children.entry(unit.parent).or_default();
        let pos = list.partition_point(|c| *c < unit.id);
        list.insert(pos, unit.id);
        match at {
            Ok(i) => units[i] = unit,
            Err(i) => units.insert(i, unit),
        }
    }

    pub fn get(&self, id: UnitId) -> Option<&OrgUnit> {
        self.find(id).ok().map(|i| &self.units[i])
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Every unit, in id order.
    pub fn all(&self) -> impl Iterator<Item = &OrgUnit> {
        self.units.iter()
    }

    /// Units whose parent is not in the tree: the district, or the tops of
    /// a partial tree such as the subtree a viewer is shown.
    pub fn roots(&self) -> impl Iterator<Item = &OrgUnit> {
        let tops: Vec<&OrgUnit> = self
            .units
            .iter()
            .filter(|u| u.parent.is_none_or(|p| self.get(p).is_none()))
            .collect();
        tops.into_iter()
    }

    pub fn children_of(&self, parent: Option<UnitId>) -> impl Iterator<Item = &OrgUnit> {
        self.children
            .get(&parent)
            .into_iter()
            .flatten()
            .filter_map(|id| self.get(*id))
    }

    pub fn live_children(&self, parent: UnitId) -> impl Iterator<Item = &OrgUnit> {
        self.children_of(Some(parent)).filter(|u| u.is_live())
    }

    /// Ancestors from the root down to `id` itself.
    pub fn lineage(&self, id: UnitId) -> Vec<&OrgUnit> {
        let mut chain = Vec::new();
        let mut cur = self.get(id);
        while let Some(u) = cur {
            // A cycle can only come from damaged data; stop rather than loop.
            if chain.len() > self.units.len() {
                break;
            }
            chain.push(u);
            cur = u.parent.and_then(|p| self.get(p));
        }
        chain.reverse();
        chain
    }

    pub fn path(&self, id: UnitId) -> String {
        self.lineage(id)
            .iter()
            .map(|u| u.name.as_str())
            .collect::<Vec<_>>()
            .join("/")
    }

    pub fn depth(&self, id: UnitId) -> usize {
        self.lineage(id).len().saturating_sub(1)
    }

    /// True when `id` is `ancestor` or lies below it.
    pub fn is_within(&self, id: UnitId, ancestor: UnitId) -> bool {
        self.lineage(id).iter().any(|u| u.id == ancestor)
    }

    /// A unit by id (`17`) or by path of live units (`爱辉区/四嘉子乡`); a
    /// short name is accepted for any step.
    pub fn resolve(&self, given: &str) -> Option<&OrgUnit> {
        let given = given.trim();
        if let Ok(n) = given.parse::<u64>() {
            return self.get(UnitId(n));
        }
        let mut parent: Option<UnitId> = None;
        let mut found = None;
        for step in given.split('/').map(str::trim).filter(|s| !s.is_empty()) {
            let unit = self
                .children_of(parent)
                .filter(|u| u.is_live())
                .find(|u| u.name == step || u.short_name.as_deref() == Some(step))?;
            parent = Some(unit.id);
            found = Some(unit);
        }
        found
    }

    /// Units in tree order (each parent before its children), with depth.
    /// The units directly below `root` that the walk over live units
    /// reaches, in its order: the rows of a report on `root`.
    pub fn live_rows_below(&self, root: UnitId) -> Vec<UnitId> {
        self.walk(false)
            .into_iter()
            .filter(|(_, u)| u.parent == Some(root))
            .map(|(_, u)| u.id)
            .collect()
    }

    pub fn walk(&self, include_archived: bool) -> Vec<(usize, &OrgUnit)> {
        let mut out = Vec::with_capacity(self.units.len());
        let mut stack: Vec<(usize, &OrgUnit)> = self
            .roots()
            .filter(|u| include_archived || u.is_live())
            .map(|u| (0, u))
            .collect();
        stack.reverse();
        while let Some((depth, u)) = stack.pop() {
            out.push((depth, u));
            let start = stack.len();
            stack.extend(
                self.children_of(Some(u.id))
                    .filter(|c| include_archived || c.is_live())
                    .map(|c| (depth + 1, c)),
            );
            stack[start..].reverse();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitKind;

    fn unit(id: u64, parent: Option<u64>, name: &str, kind: UnitKind) -> OrgUnit {
        OrgUnit::fixture(id, parent, name, kind)
    }

    fn sample() -> UnitTree {
        UnitTree::new([
            unit(1, None, "爱辉区", UnitKind::District),
            unit(2, Some(1), "四嘉子乡", UnitKind::Township),
            unit(3, Some(2), "小乌斯力村", UnitKind::Village),
            unit(4, Some(1), "花园街道", UnitKind::Subdistrict),
        ])
    }

    #[test]
    fn paths_and_resolution() {
        let t = sample();
        assert_eq!(t.path(UnitId(3)), "爱辉区/四嘉子乡/小乌斯力村");
        assert_eq!(
            t.resolve("爱辉区/四嘉子乡/小乌斯力村").unwrap().id,
            UnitId(3)
        );
        assert_eq!(t.resolve("3").unwrap().name, "小乌斯力村");
        assert!(t.resolve("爱辉区/小乌斯力村").is_none());
        assert!(t.is_within(UnitId(3), UnitId(2)));
        assert!(!t.is_within(UnitId(4), UnitId(2)));
    }

    #[test]
    fn units_are_found_whatever_order_they_come_in_and_the_later_of_two_wins() {
        let mut renamed = unit(2, Some(1), "四嘉子镇", UnitKind::Township);
        renamed.rev = 2;
        let t = UnitTree::new([
            unit(4, Some(1), "花园街道", UnitKind::Subdistrict),
            unit(2, Some(1), "四嘉子乡", UnitKind::Township),
            unit(1, None, "爱辉区", UnitKind::District),
            renamed,
            unit(3, Some(2), "小乌斯力村", UnitKind::Village),
        ]);
        assert_eq!(t.len(), 4);
        let ids: Vec<u64> = t.all().map(|u| u.id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4]);
        assert_eq!(t.path(UnitId(3)), "爱辉区/四嘉子镇/小乌斯力村");
        let children: Vec<u64> = t.children_of(Some(UnitId(1))).map(|u| u.id.0).collect();
        assert_eq!(children, [2, 4]);
        let mut t = t;
        t.insert(unit(9, Some(2), "新村", UnitKind::Village));
        t.insert(unit(5, Some(2), "五村", UnitKind::Village));
        let ids: Vec<u64> = t.all().map(|u| u.id.0).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5, 9]);
        let children: Vec<u64> = t.children_of(Some(UnitId(2))).map(|u| u.id.0).collect();
        assert_eq!(children, [3, 5, 9]);
        assert_eq!(t.get(UnitId(5)).unwrap().name, "五村");
        assert!(t.get(UnitId(6)).is_none());
    }

    /// Copies share their units until one changes, and a change to one
    /// is not seen by the other.
    #[test]
    fn a_copy_changed_leaves_the_original_as_it_was() {
        let original = sample();
        let mut copy = original.clone();
        copy.insert(unit(5, Some(2), "五村", UnitKind::Village));
        copy.insert(unit(3, Some(4), "小乌斯力村", UnitKind::Village));
        assert_eq!(original.len(), 4);
        assert!(original.get(UnitId(5)).is_none());
        assert_eq!(original.path(UnitId(3)), "爱辉区/四嘉子乡/小乌斯力村");
        let kids = |t: &UnitTree, p| -> Vec<u64> {
            t.children_of(Some(UnitId(p))).map(|u| u.id.0).collect()
        };
        assert_eq!(kids(&original, 2), [3]);
        assert_eq!(kids(&copy, 2), [5]);
        assert_eq!(copy.path(UnitId(3)), "爱辉区/花园街道/小乌斯力村");
    }

    #[test]
    fn walk_is_tree_order_and_moves_update_children() {
        let mut t = sample();
        let names: Vec<_> = t
            .walk(false)
            .iter()
            .map(|(d, u)| (*d, u.name.clone()))
            .collect();
        assert_eq!(
            names,
            vec![
                (0, "爱辉区".to_string()),
                (1, "四嘉子乡".to_string()),
                (2, "小乌斯力村".to_string()),
                (1, "花园街道".to_string())
            ]
        );
        let mut moved = t.get(UnitId(3)).unwrap().clone();
        moved.parent = Some(UnitId(4));
        t.insert(moved);
        assert_eq!(t.children_of(Some(UnitId(2))).count(), 0);
        assert_eq!(t.path(UnitId(3)), "爱辉区/花园街道/小乌斯力村");
    }
}
