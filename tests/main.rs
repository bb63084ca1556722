//! The integration tests, one module per suite, built as one test binary:
//! one link instead of one per suite keeps the build small and quick.
//! Run one suite with `cargo test --test integration SUITE::`.

mod common;
mod server_support;
// The pty benchmark's terminal session; the tests use only part of it.
#[allow(dead_code)]
#[path = "../benches/pty/term.rs"]
mod term;
mod torture_common;

mod append_contention;
mod backup;
mod cli;
mod codec_fixtures;
mod crash;
mod damaged_records;
mod elder_counts;
mod figures_rules;
mod fuzz_inputs;
mod fuzz_props;
mod golden_people;
mod hostile_data;
mod hostile_text;
mod limits;
mod meeting_dates;
mod meetings_cli;
mod meetings_service;
mod open_program_serves;
mod people_cli;
mod people_e2e;
mod people_forms_live;
mod people_import_audit;
mod people_reserve;
mod people_service;
mod people_tui;
mod pinyin_search_model;
mod privacy_access;
mod readable_output;
mod series_attendees;
mod server_abuse;
mod server_concurrency;
mod server_crash;
mod server_e2e;
mod server_identity;
mod server_live;
mod server_permissions;
mod server_robustness;
mod service_units;
mod storage_errors;
mod synth;
mod torture_crash;
mod torture_damaged;
mod torture_diskfull;
mod tui_bytes;
mod tui_e2e;
mod tui_e2e_meetings;
mod tui_meetings;
mod tui_no_color;
mod tui_permits;
mod tui_pty_torture;
mod tui_render;
mod tui_signals;
mod tui_torture;
mod tui_unit_card;
mod tui_update;
mod unit_names_cli;
mod unit_picker_tui;
mod voiding;
