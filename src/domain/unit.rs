//! The hierarchy of 关工组织: 区 → 乡镇/街道/教体局 → 村屯/社区/学校.

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct UnitId(pub u64);

impl std::fmt::Display for UnitId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    District,
    Township,
    Subdistrict,
    EducationBureau,
    Village,
    Community,
    School,
    Other,
}

impl UnitKind {
    pub const ALL: [UnitKind; 8] = [
        UnitKind::District,
        UnitKind::Township,
        UnitKind::Subdistrict,
        UnitKind::EducationBureau,
        UnitKind::Village,
        UnitKind::Community,
        UnitKind::School,
        UnitKind::Other,
    ];

    /// The one table of which kind may sit under which. `None` is the root.
    pub fn allowed_under(self, parent: Option<UnitKind>) -> bool {
        use UnitKind::*;
        match parent {
            None => self == District,
            Some(District) => matches!(self, Township | Subdistrict | EducationBureau | Other),
            Some(Township) => matches!(self, Village | Community | School | Other),
            Some(Subdistrict) => matches!(self, Community | School | Other),
            Some(EducationBureau) => matches!(self, School | Other),
            Some(Village | Community | School | Other) => self == Other,
        }
    }

    /// The kinds a new child of `parent` may have, in menu order.
    pub fn children_allowed(parent: Option<UnitKind>) -> Vec<UnitKind> {
        Self::ALL
            .into_iter()
            .filter(|k| k.allowed_under(parent))
            .collect()
    }

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::District => "district",
            UnitKind::Township => "township",
            UnitKind::Subdistrict => "subdistrict",
            UnitKind::EducationBureau => "education-bureau",
            UnitKind::Village => "village",
            UnitKind::Community => "community",
            UnitKind::School => "school",
            UnitKind::Other => "other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            UnitKind::District => "区",
            UnitKind::Township => "乡镇",
            UnitKind::Subdistrict => "街道",
            UnitKind::EducationBureau => "教体局",
            UnitKind::Village => "村屯",
            UnitKind::Community => "社区",
            UnitKind::School => "学校",
            UnitKind::Other => "其他",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            UnitKind::District => "district",
            UnitKind::Township => "township",
            UnitKind::Subdistrict => "subdistrict",
            UnitKind::EducationBureau => "education bureau",
            UnitKind::Village => "village",
            UnitKind::Community => "community",
            UnitKind::School => "school",
            UnitKind::Other => "other",
        }
    }

    /// The English name for a count other than one.
    pub fn plural_en(self) -> &'static str {
        match self {
            UnitKind::District => "districts",
            UnitKind::Township => "townships",
            UnitKind::Subdistrict => "subdistricts",
            UnitKind::EducationBureau => "education bureaus",
            UnitKind::Village => "villages",
            UnitKind::Community => "communities",
            UnitKind::School => "schools",
            UnitKind::Other => "others",
        }
    }

    /// "1 village", "3 villages".
    pub fn count_en(self, n: usize) -> String {
        let label = if n == 1 {
            self.label_en()
        } else {
            self.plural_en()
        };
        format!("{n} {label}")
    }

    /// Accepts the code names and the Chinese names.
    pub fn parse(s: &str) -> Option<UnitKind> {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| {
            k.code().eq_ignore_ascii_case(s)
                || k.label_zh() == s
                || k.label_en().eq_ignore_ascii_case(s)
                || (*k == UnitKind::Township && matches!(s, "乡" | "镇"))
                || (*k == UnitKind::Village && matches!(s, "村" | "屯"))
                || (*k == UnitKind::Other && s == "other")
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgUnit {
    pub id: UnitId,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub created: Timestamp,
    pub archived: Option<Timestamp>,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
}

impl OrgUnit {
    /// A live unit with nothing but its place in the tree, for tests of
    /// what is built on the tree.
    #[cfg(test)]
    pub fn fixture(id: u64, parent: Option<u64>, name: &str, kind: UnitKind) -> OrgUnit {
        OrgUnit {
            id: UnitId(id),
            name: name.into(),
            short_name: None,
            kind,
            parent: parent.map(UnitId),
            created: 0,
            archived: None,
            changed_at: 0,
            changed_by: String::new(),
            rev: 1,
        }
    }

    pub fn is_live(&self) -> bool {
        self.archived.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_table() {
        use UnitKind::*;
        assert!(District.allowed_under(None));
        assert!(!Township.allowed_under(None));
        assert!(Village.allowed_under(Some(Township)));
        assert!(!Village.allowed_under(Some(District)));
        assert!(School.allowed_under(Some(EducationBureau)));
        assert!(School.allowed_under(Some(Township)));
        assert!(Community.allowed_under(Some(Subdistrict)));
        assert!(!District.allowed_under(Some(District)));
        assert_eq!(
            UnitKind::children_allowed(Some(EducationBureau)),
            vec![School, Other]
        );
    }

    #[test]
    fn parse_names() {
        assert_eq!(UnitKind::parse("乡镇"), Some(UnitKind::Township));
        assert_eq!(
            UnitKind::parse("education-bureau"),
            Some(UnitKind::EducationBureau)
        );
        assert_eq!(UnitKind::parse("教体局"), Some(UnitKind::EducationBureau));
        assert_eq!(UnitKind::parse("村屯"), Some(UnitKind::Village));
        assert_eq!(UnitKind::parse("School"), Some(UnitKind::School));
        assert_eq!(UnitKind::parse("city"), None);
    }
}
