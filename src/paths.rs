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

/// The user's own holiday file, merged over the built-in one: `$GGW_HOLIDAYS`, else
/// `$XDG_CONFIG_HOME/ggw/holidays.toml` (usually `~/.config/ggw/holidays.toml`).
pub fn holidays_file() -> Option<PathBuf> {
    match std::env::var_os("GGW_HOLIDAYS") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => dirs::config_dir().map(|d| d.join("ggw").join("holidays.toml")),
    }
}

/// The holiday file as messages name it, even where no config dir is known.
pub fn holidays_file_shown() -> String {
    holidays_file()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "~/.config/ggw/holidays.toml".into())
}
