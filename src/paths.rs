//! Where things live on disk when the user does not say.

use std::path::PathBuf;

fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("ggw")
}

/// `--db`, then `$GGW_DB` (both handled by the argument parser), then the
/// XDG data dir.
pub fn default_db() -> PathBuf {
    data_dir().join("ggw.db")
}

pub fn demo_db() -> PathBuf {
    data_dir().join("demo.db")
}
