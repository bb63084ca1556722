//! The people a form names (a plan's owner, an item's authors, a follow-up's owner), typed as
//! names separated by 、 or picked from the roster by pinyin with Ctrl-F, as in the 工作 tab; a
//! name several people share is written with its number (`王建华#17`).

use std::collections::HashMap;
use std::rc::Rc;

use super::{Sanchuang, SanchuangForm};
use crate::api::people::{ListPeople, PeopleFilter, StatusFilter};
use crate::backend::{Backend, BackendExt};
use crate::domain::person::PersonId;
use crate::error::{Error, Field as ErrField, Result};
use crate::lang::Lang;
use crate::tui::popups::form::FormState;
use crate::tui::popups::search::{Entry, SearchState};
use crate::tui::search::{Matcher, PinyinMatcher};
use crate::tui::strings::Text;

/// The key of the fields that name people: a refusal naming a person lands there.
pub(super) const PEOPLE_FIELD: &str = "person";

pub(super) struct Roster {
    entries: Rc<Vec<Entry>>,
    matcher: Rc<PinyinMatcher>,
    by_name: HashMap<String, Vec<PersonId>>,
    names: HashMap<PersonId, String>,
}

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

fn compose(current: &str, picked: &Entry) -> String {
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
        let names = rows.iter().map(|r| (r.id, shown(&r.name, r.id))).collect();
        let matcher = PinyinMatcher::new(rows.iter().map(|r| vec![r.name.as_str()]));
        Ok(Roster {
            entries: Rc::new(entries),
            matcher: Rc::new(matcher),
            by_name,
            names,
        })
    }
}

impl Sanchuang {
    fn with_roster<R>(&self, backend: &dyn Backend, f: impl FnOnce(&Roster) -> R) -> Result<R> {
        if self.roster.borrow().is_none() {
            let r = Roster::load(backend)?;
            self.roster.replace(Some(r));
        }
        let held = self.roster.borrow();
        Ok(f(held.as_ref().expect("loaded above")))
    }

    pub(super) fn people_picker(
        &self,
        form: &FormState,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<SearchState> {
        SanchuangForm::of(&form.purpose)?;
        let field = form.fields.get(form.focus)?;
        if field.key != PEOPLE_FIELD {
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
                PEOPLE_FIELD,
                &query,
            );
            s.compose = Some(compose);
            s.title = Some(text.work_pick_people());
            s
        })
        .ok()
    }

    /// People as a form shows them: their names, numbered when shared.
    pub(super) fn people_text(&self, ids: &[PersonId], backend: &dyn Backend) -> String {
        self.with_roster(backend, |r| {
            ids.iter()
                .map(|id| {
                    r.names
                        .get(id)
                        .cloned()
                        .unwrap_or_else(|| format!("#{}", id.0))
                })
                .collect::<Vec<_>>()
                .join(SEP)
        })
        .unwrap_or_default()
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

    /// One person or none: a field for a single owner.
    pub(super) fn resolve_one(
        &self,
        typed: &str,
        backend: &dyn Backend,
    ) -> Result<Option<PersonId>> {
        let found = self.resolve_people(typed, backend)?;
        if found.len() > 1 {
            return Err(bad_person(|t| t.sc_one_person_only().to_string()));
        }
        Ok(found.first().copied())
    }
}

fn bad_person(says: impl Fn(Text) -> String) -> Error {
    Error::InvalidField {
        field: ErrField::Person,
        zh: says(Text(Lang::Zh)),
        en: says(Text(Lang::En)),
    }
}
