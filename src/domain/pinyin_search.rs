//! Finding a person or a place by any part of its name, by pinyin initials
//! (`sjz` → 四嘉子乡) or by the start of each syllable's pinyin (`sijia`).
//!
//! Every reading of a 多音字 counts, because the office cannot know which one
//! the operator has in mind (长 is chang in 长春 but zhang in 乡长). The
//! pinyin of a name is looked up once, in `SearchKey::new`, so a search over a
//! whole register on every keystroke only compares bytes.

use std::borrow::Cow;

use pinyin::ToPinyinMulti;

/// How a query matched, worst to best, so the derived order ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// Pinyin syllable prefixes (`jiayuan`, `sijz`) somewhere inside.
    PinyinSubstring,
    /// Initials somewhere inside: `sq` in 金兰社区.
    InitialsSubstring,
    /// Pinyin syllable prefixes from the first character on: `sijia`.
    PinyinPrefix,
    /// Initials from the first character on: `jl` for 金兰社区.
    InitialsPrefix,
    NameSubstring,
    NamePrefix,
    Exact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    pub kind: MatchKind,
    /// Where the matched part of the name starts and how long it is, both in
    /// characters, for highlighting.
    pub start: usize,
    pub len: usize,
    /// Higher is better; only the order is meaningful. The kind decides
    /// first, then an earlier start, then a shorter name.
    pub score: u32,
}

/// A query prepared once, to be matched against many keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    folded: Vec<char>,
    /// Lower-case ASCII letters and digits, when the query can be pinyin.
    pinyin: Option<Vec<u8>>,
}

/// Pinyin matching tracks query positions in a `u64`; longer queries are
/// not pinyin anyway.
const MAX_PINYIN_QUERY: usize = 63;

impl Query {
    pub fn new(query: &str) -> Query {
        let trimmed = query.trim();
        let folded = trimmed.chars().map(fold_case).collect();
        let compact: Vec<u8> = trimmed
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’'))
            .map(|c| match fold_case(half_width(c)) {
                'ü' => 'v',
                c => c,
            })
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c as u8
                } else {
                    0
                }
            })
            .collect();
        let pinyin = (!compact.is_empty()
            && compact.len() <= MAX_PINYIN_QUERY
            && compact.iter().all(|&b| b != 0))
        .then_some(compact);
        Query { folded, pinyin }
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// One character of the name that has a pronunciation (Han characters) or
/// stands for itself (ASCII letters and digits); punctuation and spaces are
/// left out so `abdrhm` finds 阿不都·热合曼.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Syllable {
    /// Index of the character in the name.
    pos: usize,
    /// Bit per possible first letter (a–z, then 0–9), over all readings.
    initials: u64,
    /// Distinct toneless readings, ASCII only (ü written as v, and also as u
    /// because many people type 女 as nu).
    readings: Vec<Cow<'static, str>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey {
    name: String,
    folded: Vec<char>,
    syllables: Vec<Syllable>,
}

const ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

impl SearchKey {
    pub fn new(name: &str) -> SearchKey {
        let folded: Vec<char> = name.chars().map(fold_case).collect();
        let mut syllables = Vec::new();
        for (pos, c) in name.chars().enumerate() {
            let readings = readings_of(c);
            if readings.is_empty() {
                continue;
            }
            let initials = readings
                .iter()
                .filter_map(|r| r.bytes().next())
                .fold(0u64, |mask, b| mask | letter_bit(b));
            syllables.push(Syllable {
                pos,
                initials,
                readings,
            });
        }
        SearchKey {
            name: name.to_string(),
            folded,
            syllables,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Initials using each character's most common reading: `sjzx` for
    /// 四嘉子乡. For display and sorting; matching uses every reading.
    pub fn initials(&self) -> String {
        self.syllables
            .iter()
            .filter_map(|s| s.readings.first().and_then(|r| r.chars().next()))
            .collect()
    }

    /// `None` for an empty query or no match.
    pub fn matches(&self, query: &str) -> Option<Match> {
        self.matches_query(&Query::new(query))
    }

    pub fn matches_query(&self, query: &Query) -> Option<Match> {
        if query.is_empty() {
            return None;
        }
        let (kind, start, len) = self
            .match_name(&query.folded)
            .or_else(|| self.match_pinyin(query.pinyin.as_deref()?))?;
        let name_len = self.folded.len();
        let score = (kind as u32 + 1) * 1_000_000
            + (999 - start.min(999) as u32) * 1000
            + (999 - name_len.min(999) as u32);
        Some(Match {
            kind,
            start,
            len,
            score,
        })
    }

    fn match_name(&self, q: &[char]) -> Option<(MatchKind, usize, usize)> {
        if q.is_empty() {
            return None;
        }
        if self.folded == q {
            return Some((MatchKind::Exact, 0, q.len()));
        }
        let start = self.folded.windows(q.len()).position(|w| w == q)?;
        let kind = if start == 0 {
            MatchKind::NamePrefix
        } else {
            MatchKind::NameSubstring
        };
        Some((kind, start, q.len()))
    }

    fn match_pinyin(&self, q: &[u8]) -> Option<(MatchKind, usize, usize)> {
        let span = |first: usize, last: usize| {
            let start = self.syllables[first].pos;
            (start, self.syllables[last].pos - start + 1)
        };
        let initials_at = |first: usize| {
            self.syllables
                .get(first..first + q.len())
                .is_some_and(|run| {
                    run.iter()
                        .zip(q)
                        .all(|(syl, &b)| syl.initials & letter_bit(b) != 0)
                })
        };
        let starts = 0..self.syllables.len();

        // Initials before full pinyin: an initials match is the more common
        // intent and the cheaper test.
        if let Some(first) = starts.clone().find(|&i| initials_at(i)) {
            let kind = if first == 0 {
                MatchKind::InitialsPrefix
            } else {
                MatchKind::InitialsSubstring
            };
            let (start, len) = span(first, first + q.len() - 1);
            return Some((kind, start, len));
        }
        starts
            .filter_map(|first| Some((first, self.pinyin_from(first, q)?)))
            .map(|(first, last)| {
                let kind = if first == 0 {
                    MatchKind::PinyinPrefix
                } else {
                    MatchKind::PinyinSubstring
                };
                let (start, len) = span(first, last);
                (kind, start, len)
            })
            .next()
    }

    /// Whether `q` can be spelt by consecutive syllables from `first` on, each
    /// giving a non-empty prefix of one of its readings; returns the index of
    /// the syllable where the query ends.
    fn pinyin_from(&self, first: usize, q: &[u8]) -> Option<usize> {
        // Bit p set: the query can have been consumed up to position p.
        let mut reachable: u64 = 1;
        for (i, syl) in self.syllables.iter().enumerate().skip(first) {
            let mut next = 0u64;
            for p in (0..q.len()).filter(|p| reachable & (1 << p) != 0) {
                for r in &syl.readings {
                    let common = q[p..]
                        .iter()
                        .zip(r.as_bytes())
                        .take_while(|(a, b)| a == b)
                        .count();
                    if p + common == q.len() && common > 0 {
                        return Some(i);
                    }
                    for k in 1..=common {
                        next |= 1 << (p + k);
                    }
                }
            }
            if next == 0 {
                return None;
            }
            reachable = next;
        }
        None
    }
}

/// Items whose key matches `query`, best first; equally good matches keep
/// their original order. An empty query returns every item, unchanged.
pub fn rank<'a, T, F>(items: impl IntoIterator<Item = &'a T>, key_of: F, query: &str) -> Vec<&'a T>
where
    F: Fn(&'a T) -> &'a SearchKey,
{
    let q = Query::new(query);
    if q.is_empty() {
        return items.into_iter().collect();
    }
    let mut hits: Vec<(u32, &'a T)> = items
        .into_iter()
        .filter_map(|item| Some((key_of(item).matches_query(&q)?.score, item)))
        .collect();
    hits.sort_by_key(|&(score, _)| std::cmp::Reverse(score));
    hits.into_iter().map(|(_, item)| item).collect()
}

/// As `rank`, for keys kept apart from the items: indices into `keys` with
/// their matches, best first. An empty query matches nothing here, since
/// there is no `Match` to report.
pub fn rank_indices(keys: &[SearchKey], query: &str) -> Vec<(usize, Match)> {
    let q = Query::new(query);
    let mut hits: Vec<(usize, Match)> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| Some((i, k.matches_query(&q)?)))
        .collect();
    hits.sort_by_key(|(_, m)| std::cmp::Reverse(m.score));
    hits
}

fn readings_of(c: char) -> Vec<Cow<'static, str>> {
    let c = half_width(c);
    if c.is_ascii_alphanumeric() {
        let lower = c.to_ascii_lowercase();
        return ALNUM
            .find(lower)
            .map(|i| vec![Cow::Borrowed(&ALNUM[i..i + 1])])
            .unwrap_or_default();
    }
    let Some(multi) = c.to_pinyin_multi() else {
        return Vec::new();
    };
    let mut out: Vec<Cow<'static, str>> = Vec::new();
    let mut add = |r: Cow<'static, str>| {
        if !r.is_empty() && !out.contains(&r) {
            out.push(r);
        }
    };
    for p in multi {
        let plain = p.plain();
        if plain.is_ascii() {
            add(Cow::Borrowed(plain));
        } else {
            add(Cow::Owned(ascii_pinyin(plain, 'v')));
            add(Cow::Owned(ascii_pinyin(plain, 'u')));
        }
    }
    out
}

/// Toneless pinyin to ASCII: ü becomes `u_umlaut`, ê becomes e, and the
/// combining tone marks left on rare syllables (m̄, n̄) are dropped.
fn ascii_pinyin(plain: &str, u_umlaut: char) -> String {
    plain
        .chars()
        .filter_map(|c| match c {
            'ü' => Some(u_umlaut),
            'ê' => Some('e'),
            c if c.is_ascii_alphabetic() => Some(c),
            _ => None,
        })
        .collect()
}

fn letter_bit(b: u8) -> u64 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << (26 + b - b'0'),
        _ => 0,
    }
}

/// Case folding that keeps one character per character, so positions in
/// the folded name are positions in the name.
fn fold_case(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

fn half_width(c: char) -> char {
    match c {
        '！'..='～' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(name: &str, query: &str) -> Option<MatchKind> {
        SearchKey::new(name).matches(query).map(|m| m.kind)
    }

    #[test]
    fn initials_from_the_brief() {
        assert_eq!(kind("四嘉子乡", "sjz"), Some(MatchKind::InitialsPrefix));
        assert_eq!(kind("小乌斯力村", "xwsl"), Some(MatchKind::InitialsPrefix));
        assert_eq!(kind("金兰社区", "jl"), Some(MatchKind::InitialsPrefix));
        assert_eq!(kind("金兰社区", "JLSQ"), Some(MatchKind::InitialsPrefix));
        assert_eq!(kind("金兰社区", "sq"), Some(MatchKind::InitialsSubstring));
    }

    #[test]
    fn match_span_for_highlighting() {
        let m = SearchKey::new("金兰社区").matches("sq").unwrap();
        assert_eq!((m.start, m.len), (2, 2));
        let m = SearchKey::new("阿不都·热合曼").matches("drh").unwrap();
        // 都 is at 2, · at 3 is skipped, 合 at 5.
        assert_eq!((m.start, m.len), (2, 4));
    }

    #[test]
    fn polyphonic_characters_match_every_reading() {
        // 长: chang / zhang
        assert!(kind("长春街道", "ccjd").is_some());
        assert!(kind("长春街道", "zcjd").is_some());
        assert!(kind("乡长办公室", "xzbgs").is_some());
        assert!(kind("乡长办公室", "xcbgs").is_some());
        // 乐: le / yue
        assert!(kind("乐园社区", "ly").is_some());
        assert!(kind("乐园社区", "yy").is_some());
        assert!(kind("乐园社区", "yueyuan").is_some());
        assert!(kind("乐园社区", "leyuan").is_some());
        // 行: xing / hang
        assert!(kind("建设银行", "jsyh").is_some());
        assert!(kind("建设银行", "jsyx").is_some());
    }

    #[test]
    fn full_pinyin_prefixes() {
        assert_eq!(kind("四嘉子乡", "sijia"), Some(MatchKind::PinyinPrefix));
        assert_eq!(
            kind("四嘉子乡", "sijiazixiang"),
            Some(MatchKind::PinyinPrefix)
        );
        assert_eq!(kind("四嘉子乡", "si jia"), Some(MatchKind::PinyinPrefix));
        assert_eq!(kind("四嘉子乡", "sjiaz"), Some(MatchKind::PinyinPrefix));
        assert_eq!(
            kind("四嘉子乡", "zixiang"),
            Some(MatchKind::PinyinSubstring)
        );
        assert_eq!(kind("金兰社区", "jinl"), Some(MatchKind::PinyinPrefix));
        // zh/ch/sh may be abbreviated to their first letter or given whole.
        assert_eq!(kind("张三", "zhangs"), Some(MatchKind::PinyinPrefix));
        assert_eq!(kind("张三", "zhs"), Some(MatchKind::PinyinPrefix));
    }

    #[test]
    fn u_umlaut_as_v_or_u() {
        assert!(kind("吕明", "lvm").is_some());
        assert!(kind("吕明", "lum").is_some());
        assert!(kind("吕明", "lüming").is_some());
        assert!(kind("吕明", "lvming").is_some());
    }

    #[test]
    fn name_substring_and_case() {
        assert_eq!(kind("金兰社区", "金兰社区"), Some(MatchKind::Exact));
        assert_eq!(kind("金兰社区", "金兰"), Some(MatchKind::NamePrefix));
        assert_eq!(kind("金兰社区", "社区"), Some(MatchKind::NameSubstring));
        assert_eq!(kind("金兰社区", " 兰社 "), Some(MatchKind::NameSubstring));
        assert_eq!(kind("ABC幼儿园", "abc"), Some(MatchKind::NamePrefix));
        assert_eq!(kind("abc幼儿园", "ABC幼"), Some(MatchKind::NamePrefix));
        assert_eq!(kind("第3网格", "3"), Some(MatchKind::NameSubstring));
        // Latin and digits take part in initials as themselves.
        assert_eq!(kind("第3网格", "d3wg"), Some(MatchKind::InitialsPrefix));
    }

    #[test]
    fn non_matches() {
        assert_eq!(kind("金兰社区", "jlx"), None);
        assert_eq!(kind("金兰社区", "zzz"), None);
        assert_eq!(kind("金兰社区", "lj"), None);
        assert_eq!(kind("金兰社区", "金社"), None);
        // Syllables cannot be skipped: 子 lies between 嘉 and 乡.
        assert_eq!(kind("四嘉子乡", "sijx"), None);
        assert_eq!(kind("四嘉子乡", "sijzx"), Some(MatchKind::PinyinPrefix));
        // "ji" is not a prefix of jia followed by a syllable starting with i.
        assert_eq!(kind("四嘉子乡", "sijii"), None);
        assert_eq!(kind("四嘉子乡", "sjzxc"), None);
        assert_eq!(kind("金兰社区", ""), None);
        assert_eq!(kind("金兰社区", "   "), None);
        assert_eq!(kind("金兰社区", "j-l"), None);
    }

    #[test]
    fn initials_use_the_common_reading() {
        assert_eq!(SearchKey::new("四嘉子乡").initials(), "sjzx");
        assert_eq!(SearchKey::new("阿不都·热合曼").initials(), "abdrhm");
    }

    #[test]
    fn scores_rank_kinds() {
        let q = "金兰";
        let exact = SearchKey::new("金兰").matches(q).unwrap();
        let prefix = SearchKey::new("金兰社区").matches(q).unwrap();
        let inner = SearchKey::new("东金兰村").matches(q).unwrap();
        assert!(exact.score > prefix.score);
        assert!(prefix.score > inner.score);
        let initials = SearchKey::new("金兰社区").matches("jl").unwrap();
        assert!(inner.score > initials.score);
        // Same kind: earlier start wins, then the shorter name.
        let a = SearchKey::new("金兰社区").matches("社区").unwrap();
        let b = SearchKey::new("金兰小区社区").matches("社区").unwrap();
        assert!(a.score > b.score);
        let c = SearchKey::new("金兰").matches("金").unwrap();
        let d = SearchKey::new("金兰社区").matches("金").unwrap();
        assert!(c.score > d.score);
    }

    struct Place {
        name: &'static str,
        key: SearchKey,
    }

    fn places(names: &[&'static str]) -> Vec<Place> {
        names
            .iter()
            .map(|&name| Place {
                name,
                key: SearchKey::new(name),
            })
            .collect()
    }

    #[test]
    fn rank_orders_and_filters() {
        let list = places(&["东金兰村", "金兰社区", "小乌斯力村", "金兰", "九龙街道"]);
        let names = |q: &str| -> Vec<&str> {
            rank(&list, |p: &Place| &p.key, q)
                .into_iter()
                .map(|p| p.name)
                .collect()
        };
        assert_eq!(names("金兰"), ["金兰", "金兰社区", "东金兰村"]);
        // Prefix initials before inner initials; equal matches keep order.
        assert_eq!(names("jl"), ["金兰", "金兰社区", "九龙街道", "东金兰村"]);
        assert_eq!(names("xwsl"), ["小乌斯力村"]);
        assert!(names("qqq").is_empty());
        assert_eq!(names("").len(), 5);
    }

    #[test]
    fn rank_indices_reports_matches() {
        let keys: Vec<SearchKey> = ["金兰社区", "四嘉子乡"].map(SearchKey::new).into();
        let hits = rank_indices(&keys, "sjz");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].0, 1);
        assert_eq!(hits[0].1.kind, MatchKind::InitialsPrefix);
        assert!(rank_indices(&keys, "").is_empty());
    }
}
