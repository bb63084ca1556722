//! Working groups (工作组) and their guidance visits (督促指导) to the units
//! cultivating a model: how they looked (听汇报, 看材料, 座谈讨论) and what
//! they found under the newsletter's five questions.

use serde::{Deserialize, Serialize};

use super::UnitId;
use super::day::Day;
use super::labels::labelled;
use super::person::PersonId;
use super::task::TaskId;
use super::time::Timestamp;
use super::void::Voided;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct GroupId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct GuidanceId(pub u64);

labelled!(
    /// The line (战线) a working group covers.
    GroupLine {
        Education => ("education", "教育", "education", ["教育战线", "学校"]),
        Streets => ("streets", "街道社区", "streets and communities", ["街道", "社区"]),
        Townships => ("townships", "乡镇村屯", "townships and villages", ["乡镇", "村屯"]),
    }
);

labelled!(
    /// How a visit looked at the unit.
    GuidanceMethod {
        Report => ("report", "听汇报", "hearing a report", ["汇报"]),
        Documents => ("documents", "看材料", "reading the documents", ["材料"]),
        Discussion => ("discussion", "座谈讨论", "discussion", ["座谈", "讨论"]),
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingGroup {
    pub id: GroupId,
    pub name: String,
    pub line: GroupLine,
    pub members: Vec<PersonId>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    pub voided: Option<Voided>,
}

/// What a visit found, under the five questions of the newsletter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Findings {
    /// 特色是什么
    pub feature: String,
    /// 优势在哪里
    pub strength: String,
    /// 问题有哪些
    pub problem: String,
    /// 下步怎么办
    pub next: String,
    /// 典型怎么育
    pub model: String,
}

impl Findings {
    /// Each question with its answer, in the newsletter's order.
    pub fn answers(&self) -> [(&'static str, &'static str, &str); 5] {
        [
            ("特色是什么", "what is special", &self.feature),
            ("优势在哪里", "where the strengths are", &self.strength),
            ("问题有哪些", "what the problems are", &self.problem),
            ("下步怎么办", "what to do next", &self.next),
            ("典型怎么育", "how to grow the model", &self.model),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuidanceVisit {
    pub id: GuidanceId,
    pub group: GroupId,
    pub unit: UnitId,
    pub date: Day,
    pub methods: Vec<GuidanceMethod>,
    pub findings: Findings,
    /// The tasks its follow-ups became.
    pub tasks: Vec<TaskId>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    pub voided: Option<Voided>,
}

/// Methods as a list names them (`听汇报,看材料` or `听汇报、看材料`): each
/// once, in the order of `GuidanceMethod::ALL`; the first one not
/// understood is the error.
pub fn parse_methods(text: &str) -> Result<Vec<GuidanceMethod>, String> {
    let mut out = Vec::new();
    for part in text
        .split([',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let m = GuidanceMethod::parse(part).ok_or_else(|| part.to_string())?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_parse_from_a_list_each_once_in_order() {
        assert_eq!(
            parse_methods("看材料、听汇报，看材料"),
            Ok(vec![GuidanceMethod::Report, GuidanceMethod::Documents])
        );
        assert_eq!(parse_methods(""), Ok(vec![]));
        assert_eq!(parse_methods("听汇报,走访"), Err("走访".to_string()));
    }

    #[test]
    fn findings_answer_the_five_questions_in_order() {
        let f = Findings {
            feature: "民族特色".into(),
            model: "以点带面".into(),
            ..Findings::default()
        };
        let a = f.answers();
        assert_eq!((a[0].0, a[0].2), ("特色是什么", "民族特色"));
        assert_eq!((a[4].0, a[4].2), ("典型怎么育", "以点带面"));
        assert_eq!(GroupLine::parse("街道社区"), Some(GroupLine::Streets));
    }
}
