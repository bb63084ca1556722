//! The model and its rules: plain types, no I/O, no terminal, no storage.

pub mod account;
pub mod audit;
pub mod text;
pub mod time;
pub mod tree;
pub mod unit;

pub use unit::{OrgUnit, UnitId, UnitKind};
