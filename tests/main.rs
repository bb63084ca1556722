//! The integration tests, built as one test binary: one link instead of one
//! per suite keeps the build small and quick. Suites are grouped by what
//! they drive: `cli` (the command line), `tui` (the full-screen program),
//! `server` (`ggw serve` and its clients), `service` (the rules, records
//! and stored bytes below them), `torture` (crashes, damage, random input).
//! `kit` is what they share. Run one suite with
//! `cargo test --test integration GROUP::SUITE::`.

mod kit;

mod cli;
mod server;
mod service;
mod torture;
mod tui;
