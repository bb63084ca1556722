//! The full-screen program: drawn on ratatui's test backend, driven through
//! its update function, and run for real in tmux or a pseudo-terminal.

mod bytes;
mod e2e;
mod e2e_meetings;
mod loads;
mod meetings;
mod no_color;
mod opening;
mod people;
mod people_e2e;
mod people_forms_live;
mod people_window;
mod permits;
mod render;
mod sanchuang;
mod scores;
mod scores_pty;
mod signals;
mod snapshots;
mod typeahead;
mod unit_card;
mod unit_picker;
mod update;
mod work;
mod work_pty;
