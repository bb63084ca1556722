//! A record typed in error, voided: kept (and audited) so that an
//! administrator can bring it back, but counted nowhere, listed nowhere and
//! found by no search. Distinct from striking an elder off the roll, which
//! is a fact of the roll and counts in the figures.
//!
//! A record kind that can be voided carries `voided: Option<Voided>` as its
//! last field, so that its previous version's bytes decode as "not voided"
//! (see `store::records`).

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voided {
    pub at: Timestamp,
    pub by: String,
    pub reason: String,
}

/// A record that can be voided.
pub trait Voidable {
    fn voided(&self) -> Option<&Voided>;

    fn is_voided(&self) -> bool {
        self.voided().is_some()
    }

    /// Sets or clears the mark, leaving the rest of the record as it was.
    fn set_voided(&mut self, voided: Option<Voided>);
}

macro_rules! voidable {
    ($($ty:ty),*) => {
        $(impl Voidable for $ty {
            fn voided(&self) -> Option<&Voided> {
                self.voided.as_ref()
            }
            fn set_voided(&mut self, voided: Option<Voided>) {
                self.voided = voided;
            }
        })*
    };
}

voidable!(
    super::person::Person,
    super::meeting::Meeting,
    super::task::Task,
    super::work::Activity,
    super::work::Training,
    super::work::VillageVisit,
    super::work::StudySession
);
