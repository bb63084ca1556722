//! Enums that people pick from a list: each value has a code for scripts and
//! JSON, a Chinese and an English label, and is parsed from any of them.

/// `labelled!(Name { Variant => ("code", "中文", "English", ["alias", …]), … })`
macro_rules! labelled {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($code:literal, $zh:literal, $en:literal, [$($alias:literal),*])),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            pub fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            pub fn label(self, lang: crate::lang::Lang) -> &'static str {
                match lang {
                    crate::lang::Lang::Zh => self.label_zh(),
                    crate::lang::Lang::En => self.label_en(),
                }
            }

            /// The code, either label, or a spelling offices use; letter case
            /// and surrounding spaces do not matter.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| {
                    let aliases: &[&str] = match v { $($name::$variant => &[$($alias),*]),+ };
                    v.code().eq_ignore_ascii_case(s)
                        || v.label_zh() == s
                        || v.label_en().eq_ignore_ascii_case(s)
                        || aliases.iter().any(|a| a.eq_ignore_ascii_case(s))
                })
            }

            /// Every accepted Chinese label, for messages.
            pub fn choices(lang: crate::lang::Lang) -> String {
                Self::ALL
                    .iter()
                    .map(|v| v.label(lang))
                    .collect::<Vec<_>>()
                    .join(lang.pick("、", ", "))
            }
        }
    };
}

pub(crate) use labelled;
