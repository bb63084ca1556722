use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ggw::cli::run(ggw::cli::args::Cli::parse())
}
