//! What saving a form does, grouped by the tab whose view opened it: a draft reopens in that
//! tab and a save goes to it. Each tab defines its own purposes in its `forms` module.

use serde::{Deserialize, Serialize};

use super::meetings::MeetingsForm;
use super::people::PeopleForm;
use super::units::UnitsForm;
use crate::backend::Backend;
use crate::domain::audit::RecordKind;
use crate::tui::strings::Text;

/// What a tab's form purposes say of themselves to the program around the tab.
pub trait Purpose {
    /// The stored record this form edits, if it edits one.
    fn edits(&self) -> Option<(RecordKind, u64)> {
        None
    }

    /// Whether the form edits a record that exists, so an unchanged form
    /// has nothing to save.
    fn edits_existing(&self) -> bool {
        false
    }

    /// A form that asks rather than records (a search, a jump to a date):
    /// Esc closes it at once, quitting does not ask about it, and it is
    /// never kept as a draft.
    fn is_query(&self) -> bool {
        false
    }

    /// The hint line of a form that asks, in place of the saving one.
    fn query_hint(&self, _text: Text) -> Option<&'static str> {
        None
    }

    /// Takes the revision of the record as it is stored now, for a form
    /// reloaded over someone else's save.
    fn take_latest(&mut self, _backend: &dyn Backend) {}
}

/// Kept in drafts, so each purpose names records by id. Untagged: a draft
/// holds the tab's own variant (`{"AddUnit":{"parent":2}}`), as it did
/// before the purposes were grouped, and drafts kept then still open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FormPurpose {
    Units(UnitsForm),
    People(PeopleForm),
    Meetings(MeetingsForm),
}

impl FormPurpose {
    fn inner(&self) -> &dyn Purpose {
        match self {
            FormPurpose::Units(p) => p,
            FormPurpose::People(p) => p,
            FormPurpose::Meetings(p) => p,
        }
    }

    pub fn edits(&self) -> Option<(RecordKind, u64)> {
        self.inner().edits()
    }

    pub fn edits_existing(&self) -> bool {
        self.inner().edits_existing()
    }

    pub fn is_query(&self) -> bool {
        self.inner().is_query()
    }

    pub fn query_hint(&self, text: Text) -> Option<&'static str> {
        self.inner().query_hint(text)
    }

    pub fn take_latest(&mut self, backend: &dyn Backend) {
        match self {
            FormPurpose::Units(p) => p.take_latest(backend),
            FormPurpose::People(p) => p.take_latest(backend),
            FormPurpose::Meetings(p) => p.take_latest(backend),
        }
    }
}

impl From<UnitsForm> for FormPurpose {
    fn from(p: UnitsForm) -> FormPurpose {
        FormPurpose::Units(p)
    }
}

impl From<PeopleForm> for FormPurpose {
    fn from(p: PeopleForm) -> FormPurpose {
        FormPurpose::People(p)
    }
}

impl From<MeetingsForm> for FormPurpose {
    fn from(p: MeetingsForm) -> FormPurpose {
        FormPurpose::Meetings(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;
    use crate::domain::person::PersonId;

    #[test]
    fn drafts_keep_the_purpose_as_before_the_grouping() {
        let cases: [(FormPurpose, &str); 3] = [
            (
                UnitsForm::AddUnit { parent: UnitId(2) }.into(),
                r#"{"AddUnit":{"parent":2}}"#,
            ),
            (
                PeopleForm::Honour {
                    id: PersonId(7),
                    rev: 3,
                }
                .into(),
                r#"{"Honour":{"id":7,"rev":3}}"#,
            ),
            (MeetingsForm::AddSeries.into(), r#""AddSeries""#),
        ];
        for (purpose, json) in cases {
            assert_eq!(serde_json::to_string(&purpose).unwrap(), json);
            assert_eq!(serde_json::from_str::<FormPurpose>(json).unwrap(), purpose);
        }
    }
}
