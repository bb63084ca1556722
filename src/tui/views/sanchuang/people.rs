//! The people a form names (a plan's owner, an item's authors, a follow-up's owner), in the
//! shared picker of `views::people_pick`, as in the 工作 tab.

use super::{Sanchuang, SanchuangForm};
use crate::backend::Backend;
use crate::domain::person::PersonId;
use crate::error::Result;
use crate::tui::popups::form::FormState;
use crate::tui::popups::search::SearchState;
use crate::tui::strings::Text;
use crate::tui::views::people_pick::bad_person;

/// The key of the fields that name people: a refusal naming a person lands there.
pub(super) const PEOPLE_FIELD: &str = "person";

impl Sanchuang {
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
        self.people.picker(
            &field.value(),
            PEOPLE_FIELD,
            text.work_pick_people(),
            backend,
        )
    }

    /// People as a form shows them: their names, numbered when shared.
    pub(super) fn people_text(&self, ids: &[PersonId], backend: &dyn Backend) -> String {
        self.people.text(ids, &[], Some(backend))
    }

    /// The people a field names, in its order.
    pub(super) fn resolve_people(
        &self,
        typed: &str,
        backend: &dyn Backend,
    ) -> Result<Vec<PersonId>> {
        self.people.resolve(typed, backend)
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
