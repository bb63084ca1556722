//! What saving a form does, of a type of the tab whose view opened it: a draft reopens in that
//! tab and a save goes to it. Each tab defines its own purposes in its `forms` module; nothing
//! here names a tab.

use std::any::Any;
use std::fmt::Debug;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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

/// A tab's purpose as the program holds it, whatever the tab's own type.
pub trait TabPurpose: Purpose + Debug {
    fn boxed(&self) -> Box<dyn TabPurpose>;
    fn same_as(&self, other: &dyn TabPurpose) -> bool;
    fn to_json(&self) -> serde_json::Result<serde_json::Value>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

impl<T> TabPurpose for T
where
    T: Purpose + Debug + Clone + PartialEq + Serialize + 'static,
{
    fn boxed(&self) -> Box<dyn TabPurpose> {
        Box::new(self.clone())
    }

    fn same_as(&self, other: &dyn TabPurpose) -> bool {
        other.as_any().downcast_ref::<T>() == Some(self)
    }

    fn to_json(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::to_value(self)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// What saving a form does, of the type of the tab that opened it. Kept in
/// drafts as the tab's own variant alone (`{"AddUnit":{"parent":2}}`), and
/// read back by the first tab whose purposes it is one of.
pub struct FormPurpose(Box<dyn TabPurpose>);

impl FormPurpose {
    /// The purpose, if it is of tab type `T`.
    pub fn of<T: 'static>(&self) -> Option<&T> {
        self.0.as_any().downcast_ref()
    }

    pub fn of_mut<T: 'static>(&mut self) -> Option<&mut T> {
        self.0.as_any_mut().downcast_mut()
    }

    pub fn edits(&self) -> Option<(RecordKind, u64)> {
        self.0.edits()
    }

    pub fn edits_existing(&self) -> bool {
        self.0.edits_existing()
    }

    pub fn is_query(&self) -> bool {
        self.0.is_query()
    }

    pub fn query_hint(&self, text: Text) -> Option<&'static str> {
        self.0.query_hint(text)
    }

    pub fn take_latest(&mut self, backend: &dyn Backend) {
        self.0.take_latest(backend)
    }
}

impl<T: TabPurpose + 'static> From<T> for FormPurpose {
    fn from(p: T) -> FormPurpose {
        FormPurpose(Box::new(p))
    }
}

impl Clone for FormPurpose {
    fn clone(&self) -> FormPurpose {
        FormPurpose(self.0.boxed())
    }
}

impl PartialEq for FormPurpose {
    fn eq(&self, other: &FormPurpose) -> bool {
        self.0.same_as(other.0.as_ref())
    }
}

impl Eq for FormPurpose {}

impl Debug for FormPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for FormPurpose {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0
            .to_json()
            .map_err(serde::ser::Error::custom)?
            .serialize(s)
    }
}

impl<'de> Deserialize<'de> for FormPurpose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<FormPurpose, D::Error> {
        let json = serde_json::Value::deserialize(d)?;
        super::all()
            .iter()
            .find_map(|tab| tab.read_purpose(&json))
            .ok_or_else(|| serde::de::Error::custom("a form of no tab"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;
    use crate::domain::person::PersonId;
    use crate::tui::views::meetings::MeetingsForm;
    use crate::tui::views::people::PeopleForm;
    use crate::tui::views::units::UnitsForm;

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
