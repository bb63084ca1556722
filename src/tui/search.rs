//! Finding units as the user types: any part of the name, or pinyin
//! (initials `sjz`, or syllable starts `sijia`), every reading of a 多音字
//! counting. Views ask through `Matcher`; the matching itself is the
//! domain's, shared with the command line.

use std::sync::{Arc, OnceLock};

use crate::domain::pinyin_search::{Query, SearchKey};
use crate::domain::tree::UnitTree;

pub trait Matcher: Send + Sync {
    /// Indices of the matching names, best first.
    fn rank(&self, query: &str) -> Vec<usize>;
}

/// The domain's pinyin keys of each unit, looked up once per unit list.
#[derive(Debug, Clone, Default)]
pub struct PinyinMatcher {
    /// Each entry's keys: its name and any short name.
    keys: OnceLock<Vec<Vec<SearchKey>>>,
    /// Where the keys come from when they are first asked for: a
    /// province's 20,000 units take a tenth of the start to look up, and
    /// most sessions never search.
    units: Option<Arc<UnitTree>>,
}

impl PinyinMatcher {
    /// One entry per unit: the name first, then other names it goes by.
    pub fn new<'a>(entries: impl IntoIterator<Item = Vec<&'a str>>) -> PinyinMatcher {
        PinyinMatcher {
            keys: OnceLock::from(keys_of(entries)),
            units: None,
        }
    }

    /// One entry per live unit of `tree`, in the order of its walk, looked
    /// up at the first search.
    pub fn of_units(tree: Arc<UnitTree>) -> PinyinMatcher {
        PinyinMatcher {
            keys: OnceLock::new(),
            units: Some(tree),
        }
    }

    fn keys(&self) -> &[Vec<SearchKey>] {
        self.keys.get_or_init(|| match &self.units {
            Some(tree) => keys_of(tree.walk(false).into_iter().map(|(_, u)| {
                let mut names = vec![u.name.as_str()];
                names.extend(u.short_name.as_deref());
                names
            })),
            None => Vec::new(),
        })
    }
}

fn keys_of<'a>(entries: impl IntoIterator<Item = Vec<&'a str>>) -> Vec<Vec<SearchKey>> {
    entries
        .into_iter()
        .map(|names| names.into_iter().map(SearchKey::new).collect())
        .collect()
}

impl Matcher for PinyinMatcher {
    fn rank(&self, query: &str) -> Vec<usize> {
        let q = Query::new(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u32, usize)> = self
            .keys()
            .iter()
            .enumerate()
            .filter_map(|(i, keys)| {
                let best = keys
                    .iter()
                    .filter_map(|k| k.matches_query(&q))
                    .map(|m| m.score)
                    .max()?;
                Some((best, i))
            })
            .collect();
        // Stable: equal scores keep tree order.
        hits.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
        hits.into_iter().map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(m: &PinyinMatcher, all: &[&str], q: &str) -> Vec<String> {
        m.rank(q).into_iter().map(|i| all[i].to_string()).collect()
    }

    #[test]
    fn name_parts_initials_and_syllables() {
        let all = [
            "爱辉区",
            "四嘉子乡",
            "小乌斯力村",
            "四嘉子村",
            "花园街道",
            "长发村",
            "爱辉区第一小学",
        ];
        let m = PinyinMatcher::new(all.iter().map(|n| vec![*n]));
        assert_eq!(names(&m, &all, "sjz"), vec!["四嘉子乡", "四嘉子村"]);
        assert_eq!(names(&m, &all, "sjzx"), vec!["四嘉子乡"]);
        assert_eq!(names(&m, &all, "xwsl"), vec!["小乌斯力村"]);
        assert_eq!(names(&m, &all, "乌斯"), vec!["小乌斯力村"]);
        assert_eq!(names(&m, &all, "huayuan"), vec!["花园街道"]);
        assert_eq!(names(&m, &all, "sijia"), vec!["四嘉子乡", "四嘉子村"]);
        // 长 reads chang or zhang: both find 长发村.
        assert_eq!(names(&m, &all, "cfc"), vec!["长发村"]);
        assert_eq!(names(&m, &all, "zfc"), vec!["长发村"]);
        // Exact and prefix name matches rank before initials.
        assert_eq!(names(&m, &all, "爱辉区")[0], "爱辉区");
        assert!(m.rank("").is_empty());
        assert!(m.rank("qqqq").is_empty());
    }

    #[test]
    fn short_names_count() {
        let m = PinyinMatcher::new([
            vec!["爱辉区第一小学", "一小"],
            vec!["爱辉区第二小学", "二小"],
        ]);
        assert_eq!(m.rank("一小"), vec![0]);
        assert_eq!(m.rank("exiao"), vec![1]);
    }
}
