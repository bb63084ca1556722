//! The people a form names (elders, attendees, a visitor, an owner, authors), typed as names
//! separated by 、 or picked from the roster by pinyin with Ctrl-F; a name several people share
//! is written with its number (`王建华#17`), which is how it is told apart when saved. The
//! roster is read the first time a tab needs it and forgotten when people change.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::api::people::{ListPeople, PeopleFilter, StatusFilter};
use crate::backend::{Backend, BackendExt};
use crate::domain::person::PersonId;
use crate::error::{Error, Field as ErrField, Result};
use crate::lang::Lang;
use crate::tui::popups::search::{Entry, SearchState};
use crate::tui::search::{Matcher, PinyinMatcher};
use crate::tui::strings::Text;

/// The separator the picker writes between names.
const SEP: &str = "、";

/// The roster as the picker searches it.
struct Roster {
    entries: Arc<Vec<Entry>>,
    matcher: Arc<PinyinMatcher>,
    by_name: HashMap<String, Vec<PersonId>>,
    /// Each person's name as a form shows it: numbered when shared.
    shown: HashMap<PersonId, String>,
}

fn split(typed: &str) -> impl Iterator<Item = &str> {
    typed
        .split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A last piece of Latin letters is a search still being typed, not a name.
fn is_query(piece: &str) -> bool {
    !piece.is_empty() && piece.chars().all(|c| c.is_ascii_alphabetic())
}

/// The field's names with `picked` added: in place of a search typed at
/// its end, and not twice.
pub fn compose(current: &str, picked: &Entry) -> String {
    let mut names: Vec<&str> = split(current).collect();
    if names.last().is_some_and(|l| is_query(l)) {
        names.pop();
    }
    if !names.contains(&picked.name.as_str()) {
        names.push(&picked.name);
    }
    names.join(SEP)
}

impl Roster {
    fn load(backend: &dyn Backend) -> Result<Roster> {
        let rows = backend.run(ListPeople {
            filter: PeopleFilter {
                status: Some(StatusFilter::Active),
                include_non_elders: true,
                ..PeopleFilter::default()
            },
        })?;
        let mut by_name: HashMap<String, Vec<PersonId>> = HashMap::new();
        for r in &rows {
            by_name.entry(r.name.clone()).or_default().push(r.id);
        }
        let shown = |name: &str, id: PersonId| {
            if by_name.get(name).is_some_and(|ids| ids.len() > 1) {
                format!("{name}#{}", id.0)
            } else {
                name.to_string()
            }
        };
        let entries: Vec<Entry> = rows
            .iter()
            .map(|r| Entry {
                id: r.id.0,
                name: shown(&r.name, r.id),
                place: r.unit_path.clone(),
            })
            .collect();
        let shown_names = rows.iter().map(|r| (r.id, shown(&r.name, r.id))).collect();
        let matcher = PinyinMatcher::new(rows.iter().map(|r| vec![r.name.as_str()]));
        Ok(Roster {
            entries: Arc::new(entries),
            matcher: Arc::new(matcher),
            by_name,
            shown: shown_names,
        })
    }
}

/// A tab's roster for picking people, read on first use.
#[derive(Default)]
pub struct PeoplePick {
    roster: RefCell<Option<Roster>>,
}

impl PeoplePick {
    /// Forgets the roster: people changed, or were named differently.
    pub fn forget(&self) {
        self.roster.replace(None);
    }

    fn with<R>(&self, backend: &dyn Backend, f: impl FnOnce(&Roster) -> R) -> Result<R> {
        if self.roster.borrow().is_none() {
            let r = Roster::load(backend)?;
            self.roster.replace(Some(r));
        }
        let held = self.roster.borrow();
        Ok(f(held.as_ref().expect("loaded above")))
    }

    /// A pinyin search over the roster for a field holding `typed`: a last
    /// piece of Latin letters is its query.
    pub fn picker(
        &self,
        typed: &str,
        field: &'static str,
        title: &'static str,
        backend: &dyn Backend,
    ) -> Option<SearchState> {
        let query = split(typed)
            .last()
            .filter(|l| is_query(l))
            .unwrap_or("")
            .to_string();
        self.with(backend, |r| {
            let mut s = SearchState::for_field(
                r.matcher.clone() as Arc<dyn Matcher>,
                r.entries.clone(),
                field,
                &query,
            );
            s.compose = Some(compose);
            s.title = Some(title);
            s
        })
        .ok()
    }

    /// Reads the roster now if it is not held, for a form about to show
    /// names without a backend at hand.
    pub fn know(&self, backend: &dyn Backend) {
        let _ = self.with(backend, |_| ());
    }

    /// People as a form shows them: as the roster names them, numbered
    /// when shared; one the roster does not hold (struck off, or the roster
    /// not read) by the name `known` gives, with the number. The roster is
    /// read first if a backend is given.
    pub fn text(
        &self,
        ids: &[PersonId],
        known: &[(PersonId, String)],
        backend: Option<&dyn Backend>,
    ) -> String {
        if let Some(b) = backend {
            self.know(b);
        }
        let held = self.roster.borrow();
        ids.iter()
            .map(|id| {
                held.as_ref()
                    .and_then(|r| r.shown.get(id).cloned())
                    .unwrap_or_else(|| {
                        let name = known
                            .iter()
                            .find(|(p, _)| p == id)
                            .map_or("", |(_, n)| n.as_str());
                        format!("{name}#{}", id.0)
                    })
            })
            .collect::<Vec<_>>()
            .join(SEP)
    }

    /// The people a field names, in its order: a name the roster has once,
    /// or a number after `#`.
    pub fn resolve(&self, typed: &str, backend: &dyn Backend) -> Result<Vec<PersonId>> {
        let mut out: Vec<PersonId> = Vec::new();
        for piece in split(typed) {
            let id = match piece.rsplit_once('#') {
                Some((_, n)) => n
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .map(PersonId)
                    .ok_or_else(|| bad_person(|t| t.work_person_not_number(piece)))?,
                None => {
                    let found = self.with(backend, |r| {
                        r.by_name.get(piece).cloned().unwrap_or_default()
                    })?;
                    match found.as_slice() {
                        [one] => *one,
                        [] => return Err(bad_person(|t| t.work_person_unknown(piece))),
                        many => {
                            return Err(bad_person(|t| t.work_person_shared(piece, many.len())));
                        }
                    }
                }
            };
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }
}

/// A refusal of a name, in both languages.
pub fn bad_person(says: impl Fn(Text) -> String) -> Error {
    Error::InvalidField {
        field: ErrField::Person,
        zh: says(Text(Lang::Zh)),
        en: says(Text(Lang::En)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str) -> Entry {
        Entry {
            id: 1,
            name: name.into(),
            place: String::new(),
        }
    }

    #[test]
    fn a_pick_replaces_the_search_typed_and_is_not_added_twice() {
        assert_eq!(compose("", &entry("王建华")), "王建华");
        assert_eq!(compose("李红、wjh", &entry("王建华")), "李红、王建华");
        assert_eq!(compose("李红，王建华", &entry("王建华")), "李红、王建华");
        assert_eq!(compose("李红、", &entry("张三#9")), "李红、张三#9");
    }
}
