//! The command line through the real binary: what a scripted user types
//! and reads.

mod backup;
mod commands;
mod crash;
mod generate;
mod meetings;
mod people;
mod people_import_audit;
mod readable_output;
mod report_lists;
mod report_phases;
mod report_sanchuang;
mod report_work;
mod sanchuang;
mod scores;
mod storage_errors;
mod unit_names;
mod work;
