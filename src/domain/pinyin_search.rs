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
    folded: String,
    /// Length of `folded` in characters, for the highlighted span.
    folded_chars: usize,
    /// Lower-case ASCII letters and digits, when the query can be pinyin.
    pinyin: Option<Vec<u8>>,
}

/// Pinyin matching tracks query positions in a `u64`; longer queries are
/// not pinyin anyway.
const MAX_PINYIN_QUERY: usize = 63;

impl Query {
    pub fn new(query: &str) -> Query {
        let trimmed = query.trim();
        let folded: String = trimmed.chars().map(fold_case).collect();
        let folded_chars = folded.chars().count();
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
        Query {
            folded,
            folded_chars,
            pinyin,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// A name with the pinyin of each of its characters, packed into one
/// buffer: a roster holds thousands of keys for as long as it is shown, and
/// a `Vec` per character and a `String` per reading cost ten times the name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchKey {
    /// The name; then its case-folded form, only when that differs; then one
    /// record per syllable (see `Syllables`).
    packed: Box<[u8]>,
    name_end: u32,
    folded_end: u32,
}

/// One character of the name that has a pronunciation (Han characters) or
/// stands for itself (ASCII letters and digits); punctuation and spaces are
/// left out so `abdrhm` finds 阿不都·热合曼.
#[derive(Debug, Clone, Copy)]
struct Syllable<'a> {
    /// Index of the character in the name.
    pos: usize,
    readings: Readings<'a>,
}

impl Syllable<'_> {
    /// Bit per possible first letter (a–z, then 0–9), over all readings,
    /// through `at_letter`: the bits the query gives each letter.
    fn initials_in(&self, at_letter: &[u64; ALNUM.len()]) -> u64 {
        self.readings
            .filter_map(|r| letter_index(r[0]))
            .fold(0, |mask, i| mask | at_letter[i])
    }
}

/// A syllable's distinct toneless readings, ASCII only (ü written as v, and
/// also as u because many people type 女 as nu), most common first.
#[derive(Debug, Clone, Copy)]
struct Readings<'a> {
    /// Each reading as its length in one byte, then its letters.
    rest: &'a [u8],
    left: u8,
}

impl<'a> Iterator for Readings<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        self.left = self.left.checked_sub(1)?;
        let (&len, rest) = self.rest.split_first()?;
        let (reading, rest) = rest.split_at(usize::from(len));
        self.rest = rest;
        Some(reading)
    }
}

/// The syllable records of a key, in order. A record is the character's
/// index as a LEB128 number, the count of readings in one byte, then the
/// readings.
#[derive(Debug, Clone, Copy)]
struct Syllables<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Syllables<'a> {
    type Item = Syllable<'a>;

    fn next(&mut self) -> Option<Syllable<'a>> {
        let pos = read_varint(&mut self.rest)?;
        let (&count, mut rest) = self.rest.split_first()?;
        let readings = Readings { rest, left: count };
        for _ in 0..count {
            let (&len, after) = rest.split_first()?;
            rest = &after[usize::from(len)..];
        }
        self.rest = rest;
        Some(Syllable { pos, readings })
    }
}

fn push_varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

fn read_varint(bytes: &mut &[u8]) -> Option<usize> {
    let mut n = 0usize;
    for shift in (0..usize::BITS).step_by(7) {
        let (&b, rest) = bytes.split_first()?;
        *bytes = rest;
        n |= usize::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(n);
        }
    }
    None
}

const ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// The longest reading a record can hold; pinyin has six letters at most.
const MAX_READING: usize = u8::MAX as usize;

impl SearchKey {
    pub fn new(name: &str) -> SearchKey {
        let folded: String = name.chars().map(fold_case).collect();
        let mut packed = Vec::with_capacity(name.len() * 3);
        packed.extend_from_slice(name.as_bytes());
        if folded != name {
            packed.extend_from_slice(folded.as_bytes());
        }
        let name_end = offset(name.len());
        let folded_end = offset(packed.len());
        for (pos, c) in name.chars().enumerate() {
            let readings: Vec<_> = readings_of(c)
                .into_iter()
                .filter(|r| r.len() <= MAX_READING)
                .take(usize::from(u8::MAX))
                .collect();
            if readings.is_empty() {
                continue;
            }
            push_varint(&mut packed, pos);
            packed.push(readings.len() as u8);
            for r in &readings {
                packed.push(r.len() as u8);
                packed.extend_from_slice(r.as_bytes());
            }
        }
        SearchKey {
            packed: packed.into_boxed_slice(),
            name_end,
            folded_end,
        }
    }

    pub fn name(&self) -> &str {
        self.text(0, self.name_end)
    }

    fn folded(&self) -> &str {
        if self.folded_end == self.name_end {
            self.name()
        } else {
            self.text(self.name_end, self.folded_end)
        }
    }

    fn text(&self, start: u32, end: u32) -> &str {
        let bytes = &self.packed[start as usize..end as usize];
        // Both parts were copied in from `str`s whole.
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    fn syllables(&self) -> Syllables<'_> {
        Syllables {
            rest: &self.packed[self.folded_end as usize..],
        }
    }

    /// Initials using each character's most common reading: `sjzx` for
    /// 四嘉子乡. For display and sorting; matching uses every reading.
    pub fn initials(&self) -> String {
        self.first_initials().map(char::from).collect()
    }

    /// Orders as `initials` would, without building the strings.
    pub fn cmp_initials(&self, other: &SearchKey) -> std::cmp::Ordering {
        self.first_initials().cmp(other.first_initials())
    }

    fn first_initials(&self) -> impl Iterator<Item = u8> + '_ {
        self.syllables()
            .filter_map(|mut s| s.readings.next().map(|r| r[0]))
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
            .match_name(query)
            .or_else(|| self.match_pinyin(query.pinyin.as_deref()?))?;
        let name_len = self.folded().chars().count();
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

    fn match_name(&self, q: &Query) -> Option<(MatchKind, usize, usize)> {
        let folded = self.folded();
        if q.folded.is_empty() {
            return None;
        }
        if folded == q.folded {
            return Some((MatchKind::Exact, 0, q.folded_chars));
        }
        // Valid UTF-8 cannot match in the middle of a character, so the
        // first byte match is the first character match.
        let at = folded.find(q.folded.as_str())?;
        let start = folded[..at].chars().count();
        let kind = if start == 0 {
            MatchKind::NamePrefix
        } else {
            MatchKind::NameSubstring
        };
        Some((kind, start, q.folded_chars))
    }

    fn match_pinyin(&self, q: &[u8]) -> Option<(MatchKind, usize, usize)> {
        let span = |first: usize, last: usize| {
            let pos = |i: usize| self.syllables().nth(i).map_or(0, |s| s.pos);
            let start = pos(first);
            (start, pos(last) - start + 1)
        };

        // Initials before full pinyin: an initials match is the more common
        // intent and the cheaper test. Shift-and: bit p of `ends` says the
        // syllables up to here spell the query's first p + 1 letters.
        let mut at_letter = [0u64; ALNUM.len()];
        for (p, &b) in q.iter().enumerate() {
            if let Some(i) = letter_index(b) {
                at_letter[i] |= 1 << p;
            }
        }
        let whole = 1u64 << (q.len() - 1);
        let mut ends = 0u64;
        for (last, syl) in self.syllables().enumerate() {
            ends = ((ends << 1) | 1) & syl.initials_in(&at_letter);
            if ends & whole != 0 {
                let first = last + 1 - q.len();
                let kind = if first == 0 {
                    MatchKind::InitialsPrefix
                } else {
                    MatchKind::InitialsSubstring
                };
                let (start, len) = span(first, last);
                return Some((kind, start, len));
            }
        }
        let mut from = self.syllables();
        let mut first = 0;
        loop {
            if let Some(last) = pinyin_from(from, q) {
                let kind = if first == 0 {
                    MatchKind::PinyinPrefix
                } else {
                    MatchKind::PinyinSubstring
                };
                let (start, len) = span(first, first + last);
                return Some((kind, start, len));
            }
            from.next()?;
            first += 1;
        }
    }
}

/// Whether `q` can be spelt by consecutive syllables from the first of
/// `syllables` on, each giving a non-empty prefix of one of its readings;
/// returns how many syllables after the first the query ends.
fn pinyin_from(syllables: Syllables<'_>, q: &[u8]) -> Option<usize> {
    // Bit p set: the query can have been consumed up to position p.
    let mut reachable: u64 = 1;
    for (i, syl) in syllables.enumerate() {
        let mut next = 0u64;
        for p in (0..q.len()).filter(|p| reachable & (1 << p) != 0) {
            for r in syl.readings {
                let common = q[p..].iter().zip(r).take_while(|(a, b)| a == b).count();
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

fn offset(n: usize) -> u32 {
    u32::try_from(n).expect("a name shorter than 4 GiB")
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

fn letter_index(b: u8) -> Option<usize> {
    match b {
        b'a'..=b'z' => Some(usize::from(b - b'a')),
        b'0'..=b'9' => Some(usize::from(26 + b - b'0')),
        _ => None,
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
