//! Every sentence the command line prints, one file per area, each with its
//! Chinese and English side by side. The Chinese `--help` is kept apart in
//! `help_text`, next to the clap definitions it translates.

pub mod admin;
pub mod history;
pub mod meetings;
pub mod people;
pub mod report;

use crate::lang::Lang;

/// Between a label and its value.
pub fn label_sep(lang: Lang) -> &'static str {
    lang.pick("：", ": ")
}

/// Between the fields of one line.
pub fn field_sep(lang: Lang) -> &'static str {
    lang.pick("；", "; ")
}

/// Between items of a running list.
pub fn list_sep(lang: Lang) -> &'static str {
    lang.pick("，", ", ")
}

/// Between short items of the same kind (names, codes).
pub fn enum_sep(lang: Lang) -> &'static str {
    lang.pick("、", ", ")
}
