//! The packed search keys against a model that keeps every reading of every
//! character as its own string: for any name and query, the same match, the
//! same span and score, and the same initials.

use std::borrow::Cow;

use ggw::domain::pinyin_search::{Match, MatchKind, SearchKey};
use pinyin::ToPinyinMulti;
use proptest::prelude::*;

/// The matcher spelt out plainly, one `Vec` per character.
mod model {
    use super::*;

    pub struct Key {
        folded: Vec<char>,
        syllables: Vec<(usize, Vec<Cow<'static, str>>)>,
    }

    const ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

    pub fn fold_case(c: char) -> char {
        if c.is_ascii() {
            c.to_ascii_lowercase()
        } else {
            c.to_lowercase().next().unwrap_or(c)
        }
    }

    pub fn half_width(c: char) -> char {
        match c {
            '！'..='～' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        }
    }

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

    pub fn readings(c: char) -> Vec<String> {
        readings_of(c).into_iter().map(Cow::into_owned).collect()
    }

    fn readings_of(c: char) -> Vec<Cow<'static, str>> {
        let c = half_width(c);
        if c.is_ascii_alphanumeric() {
            let i = ALNUM.find(c.to_ascii_lowercase()).unwrap();
            return vec![Cow::Borrowed(&ALNUM[i..i + 1])];
        }
        let mut out: Vec<Cow<'static, str>> = Vec::new();
        for p in c.to_pinyin_multi().into_iter().flatten() {
            let plain = p.plain();
            let forms = if plain.is_ascii() {
                vec![Cow::Borrowed(plain)]
            } else {
                vec![
                    Cow::Owned(ascii_pinyin(plain, 'v')),
                    Cow::Owned(ascii_pinyin(plain, 'u')),
                ]
            };
            for r in forms {
                if !r.is_empty() && !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        out
    }

    impl Key {
        pub fn new(name: &str) -> Key {
            Key {
                folded: name.chars().map(fold_case).collect(),
                syllables: name
                    .chars()
                    .enumerate()
                    .map(|(pos, c)| (pos, readings_of(c)))
                    .filter(|(_, r)| !r.is_empty())
                    .collect(),
            }
        }

        pub fn initials(&self) -> String {
            self.syllables
                .iter()
                .filter_map(|(_, r)| r[0].chars().next())
                .collect()
        }

        pub fn matches(&self, query: &str) -> Option<Match> {
            let trimmed = query.trim();
            let q: Vec<char> = trimmed.chars().map(fold_case).collect();
            if q.is_empty() {
                return None;
            }
            let compact: Vec<char> = trimmed
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '\'' | '’'))
                .map(|c| match fold_case(half_width(c)) {
                    'ü' => 'v',
                    c => c,
                })
                .collect();
            let pinyin = (!compact.is_empty()
                && compact.len() <= 63
                && compact.iter().all(char::is_ascii_alphanumeric))
            .then(|| compact.iter().map(|&c| c as u8).collect::<Vec<u8>>());
            let (kind, start, len) = self
                .by_name(&q)
                .or_else(|| self.by_pinyin(pinyin.as_deref()?))?;
            let n = self.folded.len();
            let score = (kind as u32 + 1) * 1_000_000
                + (999 - start.min(999) as u32) * 1000
                + (999 - n.min(999) as u32);
            Some(Match {
                kind,
                start,
                len,
                score,
            })
        }

        fn by_name(&self, q: &[char]) -> Option<(MatchKind, usize, usize)> {
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

        fn span(&self, first: usize, last: usize) -> (usize, usize) {
            let start = self.syllables[first].0;
            (start, self.syllables[last].0 - start + 1)
        }

        fn by_pinyin(&self, q: &[u8]) -> Option<(MatchKind, usize, usize)> {
            let n = self.syllables.len();
            let initials_at = |first: usize| {
                first + q.len() <= n
                    && q.iter().enumerate().all(|(j, &b)| {
                        self.syllables[first + j]
                            .1
                            .iter()
                            .any(|r| r.as_bytes()[0] == b)
                    })
            };
            if let Some(first) = (0..n).find(|&i| initials_at(i)) {
                let kind = if first == 0 {
                    MatchKind::InitialsPrefix
                } else {
                    MatchKind::InitialsSubstring
                };
                let (start, len) = self.span(first, first + q.len() - 1);
                return Some((kind, start, len));
            }
            (0..n).find_map(|first| {
                let last = self.spelt_from(first, q)?;
                let kind = if first == 0 {
                    MatchKind::PinyinPrefix
                } else {
                    MatchKind::PinyinSubstring
                };
                let (start, len) = self.span(first, last);
                Some((kind, start, len))
            })
        }

        /// The first syllable at which `q` can end, spelt from `first` on;
        /// every split of the query is tried, by recursion.
        fn spelt_from(&self, first: usize, q: &[u8]) -> Option<usize> {
            fn go(key: &Key, i: usize, q: &[u8]) -> Option<usize> {
                let (_, readings) = key.syllables.get(i)?;
                let mut best: Option<usize> = None;
                for r in readings {
                    let common = q
                        .iter()
                        .zip(r.as_bytes())
                        .take_while(|(a, b)| a == b)
                        .count();
                    if common == q.len() && common > 0 {
                        return Some(i);
                    }
                    for k in 1..=common {
                        if let Some(end) = go(key, i + 1, &q[k..]) {
                            best = Some(best.map_or(end, |b: usize| b.min(end)));
                        }
                    }
                }
                best
            }
            go(self, first, q)
        }
    }
}

/// Characters with one reading, several, ü, Latin in both widths and cases,
/// digits, and separators that have no reading.
const POOL: &[char] = &[
    '长', '乐', '行', '吕', '女', '绿', '四', '嘉', '子', '乡', '金', '兰', '社', '区', '张', '三',
    '阿', '都', 'A', 'b', 'Z', '3', 'Ａ', 'ｂ', '·', ' ', '-', 'Ä', 'é', 'Σ',
];

fn name() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(POOL), 0..10)
        .prop_map(|cs| cs.into_iter().collect())
}

fn query(name: String) -> impl Strategy<Value = (String, String)> {
    let chars: Vec<char> = name.chars().collect();
    let n = chars.len();
    let part = (0..=n, 0..=n).prop_map(move |(a, b)| {
        let (a, b) = (a.min(b), a.max(b));
        chars[a..b].iter().collect::<String>()
    });
    let letters = "[a-z üv']{0,8}";
    let mixed = proptest::collection::vec(proptest::sample::select(POOL), 0..4)
        .prop_map(|cs| cs.into_iter().collect::<String>());
    // Pinyin the name's own characters spell: a prefix of some reading of
    // each, from a run of them, with a separator now and then.
    let readings: Vec<Vec<String>> = name.chars().map(model::readings).collect();
    let spelt =
        (0..=n, proptest::collection::vec(any::<usize>(), 1..6)).prop_map(move |(a, picks)| {
            let mut q = String::new();
            for (rs, pick) in readings
                .iter()
                .skip(a)
                .filter(|rs| !rs.is_empty())
                .zip(picks)
            {
                let r = &rs[pick % rs.len()];
                q.push_str(&r[..1 + pick / 7 % r.len()]);
                if pick % 5 == 0 {
                    q.push(' ');
                }
            }
            q
        });
    (
        Just(name),
        prop_oneof![part, letters, mixed, spelt.clone(), spelt],
    )
}

proptest! {
    #[test]
    fn packed_keys_match_as_the_model_does((name, q) in name().prop_flat_map(query)) {
        let key = SearchKey::new(&name);
        let model = model::Key::new(&name);
        prop_assert_eq!(key.matches(&q), model.matches(&q), "{:?} ~ {:?}", name, q);
        prop_assert_eq!(key.initials(), model.initials());
        prop_assert_eq!(key.name(), name.as_str());
    }

    #[test]
    fn initials_order_as_their_strings(a in name(), b in name()) {
        let (ka, kb) = (SearchKey::new(&a), SearchKey::new(&b));
        prop_assert_eq!(ka.cmp_initials(&kb), ka.initials().cmp(&kb.initials()));
    }
}

#[test]
fn pinyin_spelt_from_the_model_reference_cases() {
    // Spans cross syllables and separators the same way in both.
    for (name, q) in [
        ("阿不都·热合曼", "dureheman"),
        ("四嘉子乡", "jiazix"),
        ("长长长长", "zhangchang"),
        ("吕女", "lvnu"),
        ("吕女", "lunv"),
    ] {
        assert_eq!(
            SearchKey::new(name).matches(q),
            model::Key::new(name).matches(q),
            "{name} ~ {q}"
        );
        assert!(SearchKey::new(name).matches(q).is_some(), "{name} ~ {q}");
    }
}

#[test]
fn positions_past_the_first_byte_of_a_number() {
    // A character index above 127 takes two bytes in the packed key.
    let name = format!("{}金兰社区", "·".repeat(300));
    let key = SearchKey::new(&name);
    let m = key.matches("jlsq").unwrap();
    // Kinds count syllables, not characters: 金 is the first syllable.
    assert_eq!(
        (m.kind, m.start, m.len),
        (MatchKind::InitialsPrefix, 300, 4)
    );
    let m = key.matches("lanshe").unwrap();
    assert_eq!(
        (m.kind, m.start, m.len),
        (MatchKind::PinyinSubstring, 301, 2)
    );
    assert_eq!(key.initials(), "jlsq");
}
