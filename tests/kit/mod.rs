//! What the suites share, one way each: starting the real binary in an
//! environment of its own (`binary`), a database with what a test needs
//! (`world`), the program's state and its screen as text (`screen`),
//! whole-screen snapshots (`snapshot`), tmux and pseudo-terminal sessions
//! (`tmux`, `term`), `ggw serve` (`server`) and stand-in backends
//! (`backends`).
#![allow(dead_code)]

pub mod backends;
pub mod binary;
pub mod screen;
pub mod server;
pub mod snapshot;
pub mod temp_dir;
// The pty benchmark's terminal session; the tests use only part of it.
#[allow(dead_code)]
#[path = "../../benches/pty/term.rs"]
pub mod term;
pub mod tmux;
pub mod work;
pub mod world;

#[allow(unused_imports)]
pub use backends::{Claimed, Shared};
#[allow(unused_imports)]
pub use binary::{BIN, Ggw, ggw, ok, pty_ggw, run, spawn_in_pty, stderr, stdout, text};
#[allow(unused_imports)]
pub use screen::{
    AppBuilder, Drawn, Emulated, app, app_boxed, app_in, app_shared, demo_app, drawn,
    expected_rows, rows, screen, screen_text, tree, vt_parse, vt_rows,
};
#[allow(unused_imports)]
pub use server::{Server, init_db};
#[allow(unused_imports)]
pub use snapshot::{
    SNAPSHOT_DAY, assert_screen, assert_screen_redacted, assert_snapshot, redact_column, redact_now,
};
#[allow(unused_imports)]
pub use temp_dir::TempDir;
pub use work::{activity_draft, add_activity, add_activity_of};
#[allow(unused_imports)]
pub use world::{
    MONTHLY_OFFICE, TempDb, VillageWorld, World, WorldBuilder, cli_db, demo_backend, demo_db,
    district_backend, elder, elder_anywhere, raw_sled, restored_copy, temp_db, village_world,
    world,
};
