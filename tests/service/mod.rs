//! The service below every front end: its rules, revisions and audit
//! trail, the counts and figures it keeps, and the stored bytes of every
//! record version.

mod append_contention;
mod codec_fixtures;
pub(crate) mod damaged_records;
mod elder_counts;
mod figures_rules;
mod golden_people;
mod hostile_text;
mod limits;
mod meeting_dates;
mod meetings;
mod meetings_by_date;
mod people;
mod people_by_name;
mod people_page;
mod people_reserve;
mod person_days;
mod person_moves;
mod pinyin_search_model;
mod privacy_access;
mod read_only_open;
mod report_honours;
mod report_tallies;
mod sanchuang;
mod scores;
mod scores_counts;
mod scores_model;
mod series_attendees;
mod synth;
mod under_active_days;
mod units;
mod voiding;
mod work_records;
mod work_tallies_model;
