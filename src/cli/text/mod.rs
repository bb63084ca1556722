//! Every sentence the command line prints, one file per area, each with its
//! Chinese and English side by side; `help` holds `--help` in Chinese and
//! the English of options clap's doc comments leave bare.

pub mod admin;
pub mod help;
pub mod history;
pub mod meetings;
pub mod people;
pub mod report;
pub mod sanchuang;
pub mod sanchuang_help;
pub mod scores;
pub mod scores_help;
pub mod work;

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
