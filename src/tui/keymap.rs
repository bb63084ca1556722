//! Which key does what, per context: the built-in map from
//! `keymaps/default.toml`, with single bindings overridden by the user's file.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::action::Action;
use super::keys::{self, KeyPress, KeySeq};
use crate::lang::Lang;

pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Global,
    Tree,
    Pick,
    Form,
    Search,
    Popup,
    Help,
    /// The 会议 tab's calendar, agenda and task lists.
    Meetings,
    /// One meeting's page.
    Meeting,
    /// The 五老 tab's roster table.
    Roster,
    /// The 工作 tab's lists and a record's card.
    Work,
    /// The 三创 tab's board, its info items and bulletins.
    Sanchuang,
    /// The 积分 tab's standings, a ledger and a record's card.
    Scores,
}

impl Context {
    pub const ALL: [Context; 13] = [
        Context::Global,
        Context::Tree,
        Context::Pick,
        Context::Form,
        Context::Search,
        Context::Popup,
        Context::Help,
        Context::Meetings,
        Context::Meeting,
        Context::Roster,
        Context::Work,
        Context::Sanchuang,
        Context::Scores,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Tree => "tree",
            Context::Pick => "pick",
            Context::Form => "form",
            Context::Search => "search",
            Context::Popup => "popup",
            Context::Help => "help",
            Context::Meetings => "meetings",
            Context::Meeting => "meeting",
            Context::Roster => "roster",
            Context::Work => "work",
            Context::Sanchuang => "sanchuang",
            Context::Scores => "scores",
        }
    }

    fn from_name(s: &str) -> Option<Context> {
        Self::ALL.into_iter().find(|c| c.name() == s)
    }

    /// Contexts where typing goes into a text field, so unbound characters
    /// are inserted rather than ignored.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Form | Context::Search | Context::Help)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<KeySeq>,
    pub action: Action,
    /// What it does, in Chinese.
    pub desc: String,
    /// What it does, in English.
    pub desc_en: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    /// In `Context::ALL` order.
    contexts: Vec<(Context, Vec<Binding>)>,
}

/// A keymap file that could not be used, said once, with where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError {
    pub file: PathBuf,
    /// 0 when the file could not be read at all.
    pub line: usize,
    pub problem: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far begin a longer binding (`g` of `gg`).
    Prefix,
    None,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    keys: Spanned<Vec<Spanned<String>>>,
    action: Spanned<String>,
    desc: Option<String>,
    desc_en: Option<String>,
}

type RawMap = std::collections::BTreeMap<String, Vec<RawBinding>>;

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

fn parse_file(text: &str) -> Result<Vec<(Context, Binding)>, (usize, String)> {
    let raw: RawMap = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(1);
        (line, e.message().trim().to_string())
    })?;
    let mut out = Vec::new();
    for (section, bindings) in raw {
        let Some(ctx) = Context::from_name(&section) else {
            let line = text
                .find(&format!("[{section}]"))
                .or_else(|| text.find(&section))
                .map(|o| line_of(text, o))
                .unwrap_or(1);
            let known: Vec<_> = Context::ALL.iter().map(|c| c.name()).collect();
            return Err((
                line,
                format!(
                    "unknown section \"{section}\" (known: {})",
                    known.join(", ")
                ),
            ));
        };
        for b in bindings {
            let action = Action::from_name(b.action.get_ref()).ok_or_else(|| {
                let known: Vec<_> = Action::NAMED.iter().map(|(n, _)| *n).collect();
                (
                    line_of(text, b.action.span().start),
                    format!(
                        "unknown action \"{}\" (known: {})",
                        b.action.get_ref(),
                        known.join(", ")
                    ),
                )
            })?;
            if b.keys.get_ref().is_empty() {
                return Err((
                    line_of(text, b.keys.span().start),
                    "keys is empty".to_string(),
                ));
            }
            let mut seqs = Vec::new();
            for k in b.keys.get_ref() {
                let seq = keys::parse(k.get_ref())
                    .map_err(|e| (line_of(text, k.span().start), e.to_string()))?;
                seqs.push(seq);
            }
            out.push((
                ctx,
                Binding {
                    keys: seqs,
                    action,
                    desc: b.desc.unwrap_or_default(),
                    desc_en: b.desc_en.unwrap_or_default(),
                },
            ));
        }
    }
    Ok(out)
}

impl Keymap {
    pub fn builtin() -> Keymap {
        let mut map = Keymap {
            contexts: Context::ALL.iter().map(|c| (*c, Vec::new())).collect(),
        };
        // The built-in file is part of the program; a test keeps it valid.
        if let Ok(bindings) = parse_file(DEFAULT_TOML) {
            for (ctx, b) in bindings {
                map.bindings_mut(ctx).push(b);
            }
        }
        map
    }

    /// The defaults with the user's file laid over them. A bad file leaves
    /// the defaults whole and says why.
    pub fn load(user_file: Option<&Path>) -> (Keymap, Option<KeymapError>) {
        let mut map = Keymap::builtin();
        let Some(path) = user_file else {
            return (map, None);
        };
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                return (
                    map,
                    Some(KeymapError {
                        file: path.to_path_buf(),
                        line: 0,
                        problem: e.to_string(),
                    }),
                );
            }
        };
        match map.overlay(&text) {
            Ok(()) => (map, None),
            Err((line, problem)) => (
                Keymap::builtin(),
                Some(KeymapError {
                    file: path.to_path_buf(),
                    line,
                    problem,
                }),
            ),
        }
    }

    /// Applies a user's bindings: each replaces the default binding of the
    /// same action in its context, and its keys stop meaning anything else
    /// there. A description left out keeps the default's in that language;
    /// a new binding described in one language only shows those words in
    /// both, and one not described at all shows its action's name, rather
    /// than nothing.
    pub fn overlay(&mut self, text: &str) -> Result<(), (usize, String)> {
        for (ctx, b) in parse_file(text)? {
            let list = self.bindings_mut(ctx);
            for other in list.iter_mut() {
                other.keys.retain(|k| !b.keys.contains(k));
            }
            match list.iter_mut().find(|o| o.action == b.action) {
                Some(old) => {
                    old.keys = b.keys;
                    if !b.desc.is_empty() {
                        old.desc = b.desc;
                    }
                    if !b.desc_en.is_empty() {
                        old.desc_en = b.desc_en;
                    }
                }
                None => {
                    let mut b = b;
                    if b.desc.is_empty() && b.desc_en.is_empty() {
                        b.desc = b.action.name().unwrap_or_default().to_string();
                    }
                    if b.desc_en.is_empty() {
                        b.desc_en = b.desc.clone();
                    } else if b.desc.is_empty() {
                        b.desc = b.desc_en.clone();
                    }
                    list.push(b)
                }
            }
            list.retain(|o| !o.keys.is_empty());
        }
        Ok(())
    }

    fn bindings_mut(&mut self, ctx: Context) -> &mut Vec<Binding> {
        let i = Context::ALL.iter().position(|c| *c == ctx).unwrap_or(0);
        &mut self.contexts[i].1
    }

    pub fn bindings(&self, ctx: Context) -> &[Binding] {
        self.contexts
            .iter()
            .find(|(c, _)| *c == ctx)
            .map(|(_, b)| b.as_slice())
            .unwrap_or(&[])
    }

    /// What `b` does, for help and hints, in `lang`.
    pub fn describe(b: &Binding, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &b.desc,
            Lang::En => &b.desc_en,
        }
    }

    /// What `seq` means in the first of `contexts` that binds it.
    pub fn resolve(&self, contexts: &[Context], seq: &[KeyPress]) -> Resolved {
        for ctx in contexts {
            for b in self.bindings(*ctx) {
                if b.keys.iter().any(|k| k.as_slice() == seq) {
                    return Resolved::Action(b.action.clone());
                }
            }
        }
        let longer = contexts.iter().any(|ctx| {
            self.bindings(*ctx)
                .iter()
                .flat_map(|b| &b.keys)
                .any(|k| k.len() > seq.len() && k.starts_with(seq))
        });
        if longer {
            Resolved::Prefix
        } else {
            Resolved::None
        }
    }
}

/// The user's keymap file: `--keymap`, else `$XDG_CONFIG_HOME/ggw/keymap.toml`
/// when it exists.
pub fn user_file(flag: Option<&Path>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    let p = dirs::config_dir()?.join("ggw").join("keymap.toml");
    p.exists().then_some(p)
}

/// Turns key presses into actions, remembering a partial sequence (`g`
/// waiting for the second `g`).
#[derive(Debug, Default, Clone)]
pub struct Translator {
    pending: KeySeq,
}

impl Translator {
    pub fn key(&mut self, map: &Keymap, contexts: &[Context], key: KeyPress) -> Option<Action> {
        self.pending.push(key);
        match map.resolve(contexts, &self.pending) {
            Resolved::Action(a) => {
                self.pending.clear();
                Some(a)
            }
            Resolved::Prefix => None,
            Resolved::None => {
                let was_alone = self.pending.len() == 1;
                self.pending.clear();
                if !was_alone {
                    // The earlier keys led nowhere; this one may still mean
                    // something by itself.
                    return self.key(map, contexts, key);
                }
                let typing = contexts.first().is_some_and(|c| c.takes_text());
                key.typed_char().filter(|_| typing).map(Action::Insert)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> KeySeq {
        keys::parse(s).unwrap()
    }

    fn run(map: &Keymap, ctx: &[Context], keys: &str) -> Vec<Action> {
        let mut t = Translator::default();
        seq(keys)
            .into_iter()
            .filter_map(|k| t.key(map, ctx, k))
            .collect()
    }

    #[test]
    fn builtin_file_is_valid_and_one_binding_per_action() {
        let bindings = parse_file(DEFAULT_TOML).unwrap();
        let map = Keymap::builtin();
        for ctx in Context::ALL {
            let list = map.bindings(ctx);
            assert!(!list.is_empty(), "{ctx:?}");
            for (i, b) in list.iter().enumerate() {
                assert!(!b.desc.is_empty());
                assert!(
                    !b.desc_en.is_empty(),
                    "{ctx:?} {:?} has no English",
                    b.action
                );
                assert!(
                    !list[i + 1..].iter().any(|o| o.action == b.action),
                    "{ctx:?} binds {:?} twice",
                    b.action
                );
            }
        }
        assert_eq!(
            bindings.len(),
            Context::ALL
                .iter()
                .map(|c| map.bindings(*c).len())
                .sum::<usize>()
        );
    }

    #[test]
    fn sequences_and_fallback_contexts() {
        let map = Keymap::builtin();
        let tree = [Context::Tree, Context::Global];
        assert_eq!(run(&map, &tree, "gg"), vec![Action::First]);
        assert_eq!(
            run(&map, &tree, "jjG"),
            vec![Action::Down, Action::Down, Action::Last]
        );
        // `g` then `j`: the dangling `g` is dropped and `j` still moves.
        assert_eq!(run(&map, &tree, "gj"), vec![Action::Down]);
        assert_eq!(run(&map, &tree, "q"), vec![Action::Quit]);
        // In a form, letters are typed, `q` included.
        assert_eq!(
            run(&map, &[Context::Form], "q新<ret>"),
            vec![Action::Insert('q'), Action::Insert('新'), Action::Submit]
        );
        // In the tree an unbound letter does nothing.
        assert_eq!(run(&map, &tree, "z"), vec![]);
    }

    #[test]
    fn user_file_overrides_single_bindings() {
        let mut map = Keymap::builtin();
        map.overlay("[[tree]]\nkeys = [\"n\"]\naction = \"down\"\n")
            .unwrap();
        let tree = [Context::Tree];
        assert_eq!(run(&map, &tree, "n"), vec![Action::Down]);
        assert_eq!(run(&map, &tree, "j"), vec![]);
        assert_eq!(run(&map, &tree, "k"), vec![Action::Up]);
        // Taking a key from another binding removes it there.
        map.overlay("[[tree]]\nkeys = [\"k\"]\naction = \"add\"\n")
            .unwrap();
        assert_eq!(run(&map, &tree, "k<up>"), vec![Action::Add, Action::Up]);
        let desc = &map.bindings(Context::Tree)[0].desc;
        assert_eq!(desc, "下移");
    }

    fn tree_binding(map: &Keymap, action: Action) -> &Binding {
        map.bindings(Context::Tree)
            .iter()
            .find(|b| b.action == action)
            .unwrap()
    }

    #[test]
    fn user_descriptions_replace_only_the_language_given() {
        let mut map = Keymap::builtin();
        map.overlay("[[tree]]\nkeys = [\"n\"]\naction = \"down\"\n")
            .unwrap();
        let down = tree_binding(&map, Action::Down);
        assert_eq!(
            (down.desc.as_str(), down.desc_en.as_str()),
            ("下移", "down")
        );

        map.overlay("[[tree]]\nkeys = [\"n\"]\naction = \"down\"\ndesc = \"往下\"\n")
            .unwrap();
        let down = tree_binding(&map, Action::Down);
        assert_eq!(
            (down.desc.as_str(), down.desc_en.as_str()),
            ("往下", "down")
        );

        map.overlay("[[tree]]\nkeys = [\"n\"]\naction = \"down\"\ndesc_en = \"go down\"\n")
            .unwrap();
        let down = tree_binding(&map, Action::Down);
        assert_eq!(
            (down.desc.as_str(), down.desc_en.as_str()),
            ("往下", "go down")
        );

        // An action the context did not bind before, described once.
        map.overlay("[[tree]]\nkeys = [\"z\"]\naction = \"suspend\"\ndesc = \"挂起\"\n")
            .unwrap();
        let s = tree_binding(&map, Action::Suspend);
        assert_eq!(Keymap::describe(s, Lang::Zh), "挂起");
        assert_eq!(Keymap::describe(s, Lang::En), "挂起");
        map.overlay("[[global]]\nkeys = [\"<c-z>\"]\naction = \"suspend\"\n")
            .unwrap();
        let s = &map.bindings(Context::Global).last().unwrap();
        assert_eq!(Keymap::describe(s, Lang::Zh), "suspend");
        assert_eq!(Keymap::describe(s, Lang::En), "suspend");
    }

    #[test]
    fn bad_files_name_the_line() {
        let dir = std::env::temp_dir().join(format!("ggw-keymap-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases = [
            (
                "[[tree]]\nkeys = [\"j\"]\naction = \"fly\"\n",
                3,
                "unknown action",
            ),
            (
                "[[tree]]\nkeys = [\"<nokey>\"]\naction = \"down\"\n",
                2,
                "unknown key name",
            ),
            ("\n[[tree]\nkeys = 1\n", 2, ""),
            (
                "[[sky]]\nkeys = [\"j\"]\naction = \"down\"\n",
                1,
                "unknown section",
            ),
            ("[[tree]]\nkeys = \"j\"\naction = \"down\"\n", 2, ""),
        ];
        for (i, (text, line, problem)) in cases.into_iter().enumerate() {
            let path = dir.join(format!("{i}.toml"));
            std::fs::write(&path, text).unwrap();
            let (map, err) = Keymap::load(Some(&path));
            let err = err.unwrap_or_else(|| panic!("case {i} accepted"));
            assert_eq!(err.file, path);
            assert_eq!(err.line, line, "case {i}: {}", err.problem);
            assert!(err.problem.contains(problem), "case {i}: {}", err.problem);
            assert_eq!(map, Keymap::builtin());
        }
        let (_, err) = Keymap::load(Some(&dir.join("missing.toml")));
        assert!(err.is_some());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
