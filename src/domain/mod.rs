//! The model and its rules: plain types, no I/O, no terminal, no storage.

pub mod account;
pub mod attendees;
pub mod audit;
pub mod bulletin;
pub mod day;
pub mod guidance;
pub mod id_number;
mod labels;
pub mod limits;
pub mod meeting;
pub mod meeting_figures;
pub mod people_figures;
pub mod people_history;
pub mod permissions;
pub mod person;
pub mod pinyin_search;
pub mod plan;
pub mod points;
pub mod recurrence;
pub mod recurrence_choice;
pub mod reserve;
pub mod rules;
pub mod score_records;
pub mod scoring;
pub mod task;
pub mod text;
pub mod time;
pub mod tree;
pub mod unit;
pub mod unit_names;
pub mod void;
pub mod work;
pub mod work_item;
pub mod workdays;

pub use unit::{OrgUnit, UnitId, UnitKind};
