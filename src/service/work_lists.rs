//! The last few lists readers asked for, as the ids they matched: paging
//! through a list asks again with the same filter, and typing a search asks
//! again with a longer query, whose matches are among the shorter one's.
//! Either is then answered from the ids kept instead of the whole index.
//! Any commit makes them stale.

use std::sync::{Arc, Mutex};

use crate::api::work::WorkFilter;
use crate::domain::account::Access;

/// Lists longer than this are counted again each time rather than kept: a
/// province's whole activity list would hold 16 MB of ids.
pub const MAX_KEPT_IDS: usize = 500_000;

const KEPT_LISTS: usize = 4;

struct Kept {
    filter: WorkFilter,
    access: Access,
    generation: u64,
    ids: Arc<Vec<u64>>,
}

#[derive(Default)]
pub(crate) struct WorkLists {
    kept: Mutex<Vec<Kept>>,
}

/// What the kept lists offer for a filter.
pub enum Found {
    /// The very list.
    Same(Arc<Vec<u64>>),
    /// A list holding every match, and more: the same filter with a search
    /// that the one asked for extends.
    Wider(Arc<Vec<u64>>),
    None,
}

fn same_but_search(a: &WorkFilter, b: &WorkFilter) -> bool {
    WorkFilter {
        search: String::new(),
        ..a.clone()
    } == WorkFilter {
        search: String::new(),
        ..b.clone()
    }
}

impl WorkLists {
    pub fn find(&self, filter: &WorkFilter, access: Access, generation: u64) -> Found {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = kept
            .iter()
            .filter(|k| k.access == access && k.generation == generation);
        let mut wider: Option<&Kept> = None;
        for k in fresh {
            if k.filter == *filter {
                return Found::Same(k.ids.clone());
            }
            let extends = filter.search.trim().starts_with(k.filter.search.trim());
            if same_but_search(&k.filter, filter)
                && extends
                && wider.is_none_or(|w| w.ids.len() > k.ids.len())
            {
                wider = Some(k);
            }
        }
        wider.map_or(Found::None, |w| Found::Wider(w.ids.clone()))
    }

    pub fn keep(&self, filter: &WorkFilter, access: Access, generation: u64, ids: Arc<Vec<u64>>) {
        if ids.len() > MAX_KEPT_IDS {
            return;
        }
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.retain(|k| k.generation == generation && !(k.filter == *filter && k.access == access));
        if kept.len() >= KEPT_LISTS {
            kept.remove(0);
        }
        kept.push(Kept {
            filter: filter.clone(),
            access,
            generation,
            ids,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::work_item::WorkList;

    fn filter(search: &str) -> WorkFilter {
        WorkFilter {
            search: search.into(),
            ..WorkFilter::new(WorkList::Activities)
        }
    }

    #[test]
    fn a_longer_search_starts_from_the_shorter_ones_matches() {
        let lists = WorkLists::default();
        lists.keep(&filter(""), Access::Admin, 1, Arc::new(vec![1, 2, 3]));
        lists.keep(&filter("w"), Access::Admin, 1, Arc::new(vec![2, 3]));
        assert!(
            matches!(lists.find(&filter("w"), Access::Admin, 1), Found::Same(ids) if *ids == [2, 3])
        );
        assert!(
            matches!(lists.find(&filter("wl"), Access::Admin, 1), Found::Wider(ids) if *ids == [2, 3])
        );
        assert!(
            matches!(lists.find(&filter("x"), Access::Admin, 1), Found::Wider(ids) if *ids == [1, 2, 3])
        );
        // Another reader, or anything written since, finds nothing.
        assert!(matches!(
            lists.find(&filter("w"), Access::Viewer(crate::domain::UnitId(1)), 1),
            Found::None
        ));
        assert!(matches!(
            lists.find(&filter("w"), Access::Admin, 2),
            Found::None
        ));
    }

    #[test]
    fn a_list_too_long_is_not_kept() {
        let lists = WorkLists::default();
        lists.keep(
            &filter(""),
            Access::Admin,
            1,
            Arc::new(vec![0; MAX_KEPT_IDS + 1]),
        );
        assert!(matches!(
            lists.find(&filter(""), Access::Admin, 1),
            Found::None
        ));
    }
}
