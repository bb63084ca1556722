//! The people a record names (elders, attendees, the visitor), in the shared picker of
//! `views::people_pick`: which of this tab's fields name people.

use super::{Work, WorkForm};
use crate::api::work::WorkCard;
use crate::backend::Backend;
use crate::domain::person::PersonId;
use crate::error::Result;
use crate::tui::popups::form::FormState;
use crate::tui::popups::search::SearchState;
use crate::tui::strings::Text;

impl Work {
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
        self.people
            .picker(&field.value(), "people", text.work_pick_people(), backend)
    }

    /// The people as a form shows them: names, with the number of one who
    /// shares it with another (as far as the roster read is concerned).
    pub(super) fn people_text(&self, card: &WorkCard) -> String {
        self.people.text(&card.item.people(), &card.names, None)
    }

    /// The roster read now if it is not held, for a form about to show the
    /// names of `card`'s people (whether each shares a name with another).
    pub(super) fn know_roster(&self, card: &WorkCard, backend: &dyn Backend) {
        if !card.item.people().is_empty() {
            self.people.know(backend);
        }
    }

    /// The people a field names, in its order.
    pub(super) fn resolve_people(
        &self,
        typed: &str,
        backend: &dyn Backend,
    ) -> Result<Vec<PersonId>> {
        self.people.resolve(typed, backend)
    }
}
