//! Finding units as the user types: any part of the name, or pinyin
//! (initials `sjz`, or syllable starts `sijia`), every reading of a 多音字
//! counting. The view asks through `Matcher`, so the shared matcher of the
//! domain can take this one's place without touching the views.

use pinyin::ToPinyinMulti;

pub trait Matcher {
    /// Indices of the matching names, best first.
    fn rank(&self, query: &str) -> Vec<usize>;
}

/// Pinyin of each character, looked up once per unit list.
#[derive(Debug, Clone)]
struct Key {
    folded: String,
    /// Per syllable (Han character or ASCII letter/digit): its readings.
    syllables: Vec<Vec<String>>,
}

impl Key {
    fn new(name: &str) -> Key {
        let syllables = name
            .chars()
            .filter_map(|c| {
                if c.is_ascii_alphanumeric() {
                    return Some(vec![c.to_ascii_lowercase().to_string()]);
                }
                let multi = c.to_pinyin_multi()?;
                let mut readings: Vec<String> = Vec::new();
                for p in multi {
                    let r = p.plain().replace('ü', "v");
                    if !readings.contains(&r) {
                        readings.push(r);
                    }
                }
                Some(readings)
            })
            .collect();
        Key {
            folded: name.to_lowercase(),
            syllables,
        }
    }

    /// Higher is better; `None` when the query does not match.
    fn score(&self, q: &str) -> Option<u32> {
        if let Some(pos) = self.folded.find(q) {
            return Some(if self.folded == q {
                60
            } else if pos == 0 {
                50
            } else {
                40
            });
        }
        if !q.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return None;
        }
        let q = q.as_bytes();
        let n = self.syllables.len();
        let initials_at = |start: usize| {
            start + q.len() <= n
                && q.iter().enumerate().all(|(i, b)| {
                    self.syllables[start + i]
                        .iter()
                        .any(|r| r.as_bytes().first() == Some(b))
                })
        };
        if let Some(start) = (0..n).find(|&s| initials_at(s)) {
            return Some(if start == 0 { 30 } else { 25 });
        }
        let spelt = (0..n).find(|&s| self.spells(s, q))?;
        Some(if spelt == 0 { 20 } else { 15 })
    }

    /// Whether `q` is spelt by non-empty prefixes of the readings of
    /// consecutive syllables from `start`.
    fn spells(&self, start: usize, q: &[u8]) -> bool {
        if q.is_empty() {
            return true;
        }
        let Some(readings) = self.syllables.get(start) else {
            return false;
        };
        readings.iter().any(|r| {
            let common = r.bytes().zip(q).take_while(|(a, b)| a == *b).count();
            (1..=common).rev().any(|k| self.spells(start + 1, &q[k..]))
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct PinyinMatcher {
    /// Each entry's keys: its name and any short name.
    keys: Vec<Vec<Key>>,
}

impl PinyinMatcher {
    /// One entry per unit: the name first, then other names it goes by.
    pub fn new<'a>(entries: impl IntoIterator<Item = Vec<&'a str>>) -> PinyinMatcher {
        PinyinMatcher {
            keys: entries
                .into_iter()
                .map(|names| names.into_iter().map(Key::new).collect())
                .collect(),
        }
    }
}

impl Matcher for PinyinMatcher {
    fn rank(&self, query: &str) -> Vec<usize> {
        let q: String = query
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u32, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(i, keys)| Some((keys.iter().filter_map(|k| k.score(&q)).max()?, i)))
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
