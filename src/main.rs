use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use ggw::cli::args::Cli;
use ggw::cli::text::help as help_text;

fn main() -> ExitCode {
    ggw::heap::keep_small();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // Help is written in the language of every other message.
    let command = help_text::localize(Cli::command(), help_text::lang_of(&args));
    let matches = command.get_matches_from(args);
    match Cli::from_arg_matches(&matches) {
        Ok(cli) => ggw::cli::run(cli),
        Err(e) => e.exit(),
    }
}
