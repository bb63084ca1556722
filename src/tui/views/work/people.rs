//! The people a record names (elders, attendees, the visitor), typed as names separated by
//! 、 or picked from the roster with a pinyin search; a name several people share is written
//! with its number (`王建华#17`), which is how it is told apart when saved.

use std::collections::HashMap;
use std::rc::Rc;

use super::{Work, WorkForm};
use crate::api::people::{ListPeople, PeopleFilter, StatusFilter};
use crate::backend::{Backend, BackendExt};
use crate::domain::person::PersonId;
use crate::error::{Error, Field as ErrField, Result};
use crate::lang::Lang;
use crate::tui::popups::form::FormState;
use crate::tui::popups::search::{Entry, SearchState};
use crate::tui::search::{Matcher, PinyinMatcher};
use crate::tui::strings::Text;

/// The roster as the picker searches it.
pub(super) struct Roster {
    entries: Rc<Vec<Entry>>,
    matcher: Rc<PinyinMatcher>,
    by_name: HashMap<String, Vec<PersonId>>,
}

/// The separator the picker writes between names.
const SEP: &str = "、";

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
pub(super) fn compose(current: &str, picked: &Entry) -> String {
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
        let entries: Vec<Entry> = rows
            .iter()
            .map(|r| Entry {
                id: r.id.0,
                name: if by_name.get(&r.name).is_some_and(|ids| ids.len() > 1) {
                    format!("{}#{}", r.name, r.id.0)
                } else {
                    r.name.clone()
                },
                place: r.unit_path.clone(),
            })
            .collect();
        let matcher = PinyinMatcher::new(rows.iter().map(|r| vec![r.name.as_str()]));
        Ok(Roster {
            entries: Rc::new(entries),
            matcher: Rc::new(matcher),
            by_name,
        })
    }
}

impl Work {
    /// The roster, read on first use.
    fn with_roster<R>(&self, backend: &dyn Backend, f: impl FnOnce(&Roster) -> R) -> Result<R> {
        if self.roster.borrow().is_none() {
            let r = Roster::load(backend)?;
            self.roster.replace(Some(r));
        }
        let held = self.roster.borrow();
        Ok(f(held.as_ref().expect("loaded above")))
    }

    /// A search over the roster for the focused field, when it names people.
    pub(super) fn people_picker(
        &self,
        form: &FormState,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<SearchState> {
        if !WorkForm::of(&form.purpose).is_some_and(WorkForm::names_a_record) {
            return None;
        }
        let field = form.fields.get(form.focus)?;
        if field.key != "people" {
            return None;
        }
        let typed = field.value();
        let query = split(&typed)
            .last()
            .filter(|l| is_query(l))
            .unwrap_or("")
            .to_string();
        self.with_roster(backend, |r| {
            let mut s = SearchState::for_field(
                r.matcher.clone() as Rc<dyn Matcher>,
                r.entries.clone(),
                "people",
                &query,
            );
            s.compose = Some(compose);
            s.title = Some(text.work_pick_people());
            s
        })
        .ok()
    }

    /// The people as a form shows them: names, with the number of one who
    /// shares it with another.
    pub(super) fn people_text(&self, ids: &[PersonId], names: &[(PersonId, String)]) -> String {
        let shared = |name: &str| -> bool {
            self.roster
                .borrow()
                .as_ref()
                .is_none_or(|r| r.by_name.get(name).is_none_or(|ids| ids.len() != 1))
        };
        ids.iter()
            .map(|id| {
                let name = names
                    .iter()
                    .find(|(p, _)| p == id)
                    .map_or("", |(_, n)| n.as_str());
                if name.is_empty() || shared(name) {
                    format!("{name}#{}", id.0)
                } else {
                    name.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(SEP)
    }

    /// The roster read now if it is not held, for a form about to show the
    /// names of `card`'s people (whether each shares a name with another).
    pub(super) fn know_roster(&self, card: &crate::api::work::WorkCard, backend: &dyn Backend) {
        if !card.item.people().is_empty() {
            let _ = self.with_roster(backend, |_| ());
        }
    }

    /// The people a field names, in its order: a name the roster has once,
    /// or a number after `#`.
    pub(super) fn resolve_people(
        &self,
        typed: &str,
        backend: &dyn Backend,
    ) -> Result<Vec<PersonId>> {
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
                    let found = self.with_roster(backend, |r| {
                        r.by_name.get(piece).cloned().unwrap_or_default()
                    })?;
                    match found.as_slice() {
                        [one] => *one,
                        [] => {
                            return Err(bad_person(|t| t.work_person_unknown(piece)));
                        }
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
fn bad_person(says: impl Fn(Text) -> String) -> Error {
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
