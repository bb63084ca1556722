//! The unit hierarchy in memory: paths, children, subtrees.

use std::collections::HashMap;

use super::{OrgUnit, UnitId};

#[derive(Debug, Default, Clone)]
pub struct UnitTree {
    units: HashMap<UnitId, OrgUnit>,
    /// Children of each unit (live and archived), in id order.
    children: HashMap<Option<UnitId>, Vec<UnitId>>,
}

impl UnitTree {
    pub fn new(units: impl IntoIterator<Item = OrgUnit>) -> UnitTree {
        let mut tree = UnitTree::default();
        for u in units {
            tree.insert(u);
        }
        tree
    }

    /// Adds or replaces a unit, keeping the child lists right when it moved.
    pub fn insert(&mut self, unit: OrgUnit) {
        if let Some(old) = self.units.get(&unit.id) {
            if old.parent != unit.parent {
                if let Some(list) = self.children.get_mut(&old.parent) {
                    list.retain(|c| *c != unit.id);
                }
            } else {
                self.units.insert(unit.id, unit);
                return;
            }
        }
        let list = self.children.entry(unit.parent).or_default();
        let pos = list.partition_point(|c| *c < unit.id);
        list.insert(pos, unit.id);
        self.units.insert(unit.id, unit);
    }

    pub fn get(&self, id: UnitId) -> Option<&OrgUnit> {
        self.units.get(&id)
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn all(&self) -> impl Iterator<Item = &OrgUnit> {
        self.units.values()
    }

    /// Units whose parent is not in the tree: the district, or the tops of
    /// a partial tree such as the subtree a viewer is shown.
    pub fn roots(&self) -> impl Iterator<Item = &OrgUnit> {
        let mut tops: Vec<&OrgUnit> = self
            .units
            .values()
            .filter(|u| u.parent.is_none_or(|p| !self.units.contains_key(&p)))
            .collect();
        tops.sort_by_key(|u| u.id);
        tops.into_iter()
    }

    pub fn children_of(&self, parent: Option<UnitId>) -> impl Iterator<Item = &OrgUnit> {
        self.children
            .get(&parent)
            .into_iter()
            .flatten()
            .filter_map(|id| self.units.get(id))
    }

    pub fn live_children(&self, parent: UnitId) -> impl Iterator<Item = &OrgUnit> {
        self.children_of(Some(parent)).filter(|u| u.is_live())
    }

    /// Ancestors from the root down to `id` itself.
    pub fn lineage(&self, id: UnitId) -> Vec<&OrgUnit> {
        let mut chain = Vec::new();
        let mut cur = self.units.get(&id);
        while let Some(u) = cur {
            // A cycle can only come from damaged data; stop rather than loop.
            if chain.len() > self.units.len() {
                break;
            }
            chain.push(u);
            cur = u.parent.and_then(|p| self.units.get(&p));
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
            return self.units.get(&UnitId(n));
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
