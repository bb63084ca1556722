//! Every error's sentences, one file per area, each written once with its
//! Chinese and English side by side so neither can be added without the other.

pub(super) mod accounts;
pub(super) mod backup;
pub(super) mod meetings;
pub(super) mod names;
pub(super) mod people;
pub(super) mod records;
pub(super) mod scores;
pub(super) mod server;
pub(super) mod storage;
pub(super) mod units;
pub(super) mod work;

use crate::lang::Lang;

/// One message in both languages.
pub(in crate::error) struct Msg {
    zh: String,
    en: String,
}

impl Msg {
    pub(in crate::error) fn pick(self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh,
            Lang::En => self.en,
        }
    }
}

pub(super) fn both(zh: impl Into<String>, en: impl Into<String>) -> Msg {
    Msg {
        zh: zh.into(),
        en: en.into(),
    }
}
