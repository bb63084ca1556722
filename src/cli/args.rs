//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "ggw",
    version,
    about = "关工委工作站：区关工委及其下属组织的单位、五老、会议、活动与积分",
    long_about = None
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Database folder [default: $GGW_DB, else ~/.local/share/ggw/ggw.db]
    #[arg(long, global = true, env = "GGW_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of messages: zh (default) or en
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    /// Page cache of the database in MiB (small by default for old machines)
    #[arg(long, global = true, value_name = "MB", default_value_t = crate::store::DEFAULT_CACHE_MB)]
    pub cache_mb: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new database (an empty district, or the demo)
    Init {
        /// Name of the district unit, e.g. 爱辉区
        #[arg(long, required_unless_present = "demo", conflicts_with = "demo")]
        district: Option<String>,
        /// Fill it with the demo district instead
        #[arg(long)]
        demo: bool,
    },
    /// Open the demo database (created on first use)
    Demo,
    /// Print the unit hierarchy
    Units {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
        /// Include archived units
        #[arg(long)]
        all: bool,
    },
    /// Add, rename, move or archive a unit
    #[command(subcommand)]
    Unit(UnitCommand),
    /// The audit log: when, who, what, before and after
    History {
        /// Only changes of this unit (id or path)
        #[arg(long, value_name = "UNIT")]
        unit: Option<String>,
        /// At most this many entries, newest first (0 = all)
        #[arg(long, default_value_t = 0)]
        limit: usize,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Decode every record and check every index; non-zero exit on a fault
    Check {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Writes units in a loop and prints each acknowledged id (crash tests)
    #[command(hide = true)]
    TortureWriter {
        #[arg(long, default_value_t = 0)]
        count: u64,
        /// Random creates, renames, moves and archives, each acknowledged
        /// change printed as one JSON line with the unit's saved state
        #[arg(long)]
        mixed: bool,
        #[arg(long, default_value_t = 0)]
        seed: u64,
    },
    /// Fills a new database with synthetic data (benchmarks, torture tests)
    #[command(hide = true)]
    Gen {
        #[arg(long, value_enum, default_value_t)]
        scale: GenScale,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum GenScale {
    /// 400 units
    #[default]
    District,
    /// 4,000 units
    City,
    /// 20,000 units
    Province,
}

#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Add a unit under a parent
    Add {
        /// Parent unit: id or path like 爱辉区/四嘉子乡
        #[arg(long, value_name = "PATH_OR_ID")]
        parent: String,
        /// district, township, subdistrict, education-bureau, village,
        /// community, school, other, or 区/乡镇/街道/教体局/村屯/社区/学校/其他
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        short_name: Option<String>,
    },
    /// Rename a unit
    Rename {
        /// Unit: id or path
        unit: String,
        #[arg(long)]
        name: String,
    },
    /// Move a unit under another parent
    Move {
        /// Unit: id or path
        unit: String,
        /// New parent: id or path
        #[arg(long)]
        to: String,
    },
    /// Archive a unit (a soft delete, kept in the history)
    Archive {
        /// Unit: id or path
        unit: String,
    },
}
