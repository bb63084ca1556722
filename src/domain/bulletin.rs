//! Info items (信息) with their adoptions (采用), and bulletin issues (简报):
//! the district office writes up what its units did, reports it upward, and
//! publishes issues numbered 第N期 within a year and 总第M期 since the
//! first, without gaps or repeats unless asked for.

use serde::{Deserialize, Serialize};

use super::UnitId;
use super::day::Day;
use super::labels::labelled;
use super::person::PersonId;
use super::time::Timestamp;
use super::void::Voided;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct InfoId(pub u64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct BulletinId(pub u64);

impl std::fmt::Display for InfoId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for BulletinId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

labelled!(
    /// Who adopted an info item: the level of the outlet.
    AdoptionLevel {
        District => ("district", "区", "district", ["区级"]),
        City => ("city", "市", "city", ["市级"]),
        Province => ("province", "省", "province", ["省级"]),
        National => ("national", "国家", "national", ["国家级", "中央"]),
    }
);

/// One adoption of an item by an outlet at a level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adoption {
    pub level: AdoptionLevel,
    /// The body or medium that adopted it, as written (e.g. 黑龙江关工委网站).
    pub outlet: String,
    /// Issue number or link.
    pub reference: String,
    pub on: Day,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfoItem {
    pub id: InfoId,
    /// The unit it is about and from (供稿).
    pub unit: UnitId,
    pub title: String,
    pub body: String,
    pub authors: Vec<PersonId>,
    pub written: Day,
    pub submitted: Option<Day>,
    pub adoptions: Vec<Adoption>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    /// Typed in error: counted nowhere. Last, so older bytes decode.
    pub voided: Option<Voided>,
}

/// A bulletin issue's two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct IssueNumber {
    pub year: i32,
    /// 第N期: from 1 each year.
    pub number: u32,
    /// 总第M期: from 1 since the first issue.
    pub running: u32,
}

impl IssueNumber {
    /// `2024年第4期·总第37期`
    pub fn label_zh(&self) -> String {
        format!("{}年第{}期·总第{}期", self.year, self.number, self.running)
    }

    pub fn label_en(&self) -> String {
        format!(
            "{} no. {} (no. {} overall)",
            self.year, self.number, self.running
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bulletin {
    pub id: BulletinId,
    pub issue: IssueNumber,
    pub date: Day,
    pub editor: Option<PersonId>,
    /// The items it carries, in order.
    pub items: Vec<InfoId>,
    pub created: Timestamp,
    pub changed_at: Timestamp,
    pub changed_by: String,
    pub rev: u64,
    pub voided: Option<Voided>,
}

/// Why a bulletin's numbers are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberProblem {
    /// The numbers are taken by an issue already published.
    Repeat(IssueNumber),
    /// The numbers skip some: `expected` is what follows the last issue.
    Gap { expected: IssueNumber },
}

/// The numbers of the issue after `last` (none before the first), dated
/// `date`: 第1期 again in a new year, 总第 always one on.
pub fn next_number(last: Option<IssueNumber>, date: Day) -> IssueNumber {
    let year = date.year();
    match last {
        None => IssueNumber {
            year,
            number: 1,
            running: 1,
        },
        Some(l) => IssueNumber {
            year,
            number: if l.year == year { l.number + 1 } else { 1 },
            running: l.running + 1,
        },
    }
}

/// Holds numbers asked for against those taken: a repeat is always refused;
/// a gap only unless `allow_gap` (an issue lost, or numbered elsewhere).
pub fn check_number(
    taken: &[IssueNumber],
    asked: IssueNumber,
    date: Day,
    allow_gap: bool,
) -> Result<(), NumberProblem> {
    if let Some(t) = taken
        .iter()
        .find(|t| (t.year == asked.year && t.number == asked.number) || t.running == asked.running)
    {
        return Err(NumberProblem::Repeat(*t));
    }
    let last = taken.iter().max_by_key(|t| t.running).copied();
    let expected = next_number(last, date);
    if asked != expected && !allow_gap {
        return Err(NumberProblem::Gap { expected });
    }
    Ok(())
}

/// What rendering an issue needs of each item: its heading, body and
/// the unit it came from.
pub struct RenderedItem<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub unit: &'a str,
}

/// The issue as plain text, in the newsletter's layout: the masthead, the
/// numbers, the office and the date, then each item with its 供稿 line.
pub fn render_text(issue: IssueNumber, date: Day, office: &str, items: &[RenderedItem]) -> String {
    let mut out = String::new();
    out.push_str("关心下一代工作\n");
    out.push_str(&format!("（{}）\n", issue.label_zh()));
    out.push_str(&format!(
        "{office}　　　　{}年{}月{}日\n",
        date.year(),
        date.date().format("%-m"),
        date.date().format("%-d")
    ));
    for item in items {
        out.push('\n');
        out.push_str(item.title.trim());
        out.push_str("\n\n");
        for para in item.body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.push_str("　　");
            out.push_str(para);
            out.push('\n');
        }
        out.push_str(&format!("（供稿：{}）\n", item.unit));
    }
    out
}

/// The issue as Markdown, for chat and the screen.
pub fn render_markdown(
    issue: IssueNumber,
    date: Day,
    office: &str,
    items: &[RenderedItem],
) -> String {
    let mut out = String::new();
    out.push_str("# 关心下一代工作\n\n");
    out.push_str(&format!("**{}**\n\n", issue.label_zh()));
    out.push_str(&format!(
        "{office}　{}年{}月{}日\n",
        date.year(),
        date.date().format("%-m"),
        date.date().format("%-d")
    ));
    for item in items {
        out.push_str(&format!("\n## {}\n\n", item.title.trim()));
        for para in item.body.lines().map(str::trim).filter(|l| !l.is_empty()) {
            out.push_str(para);
            out.push_str("\n\n");
        }
        out.push_str(&format!("（供稿：{}）\n", item.unit));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    fn n(year: i32, number: u32, running: u32) -> IssueNumber {
        IssueNumber {
            year,
            number,
            running,
        }
    }

    #[test]
    fn numbers_follow_on_and_start_again_each_year() {
        assert_eq!(next_number(None, day(2024, 3, 1)), n(2024, 1, 1));
        assert_eq!(
            next_number(Some(n(2024, 3, 36)), day(2024, 6, 1)),
            n(2024, 4, 37)
        );
        assert_eq!(
            next_number(Some(n(2024, 12, 45)), day(2025, 1, 5)),
            n(2025, 1, 46)
        );
    }

    #[test]
    fn a_repeat_is_refused_and_a_gap_only_when_asked_for() {
        let taken = [n(2024, 1, 34), n(2024, 2, 35), n(2024, 3, 36)];
        let date = day(2024, 5, 1);
        assert_eq!(check_number(&taken, n(2024, 4, 37), date, false), Ok(()));
        assert_eq!(
            check_number(&taken, n(2024, 3, 37), date, true),
            Err(NumberProblem::Repeat(n(2024, 3, 36)))
        );
        assert_eq!(
            check_number(&taken, n(2024, 5, 38), date, false),
            Err(NumberProblem::Gap {
                expected: n(2024, 4, 37)
            })
        );
        assert_eq!(check_number(&taken, n(2024, 5, 38), date, true), Ok(()));
    }

    #[test]
    fn the_text_has_the_masthead_numbers_and_each_items_source() {
        let items = [RenderedItem {
            title: "小乌斯力村开展民族文化活动",
            body: "第一段。\n\n第二段。",
            unit: "四嘉子乡小乌斯力村",
        }];
        let text = render_text(n(2024, 4, 37), day(2024, 6, 5), "爱辉区关工委", &items);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "关心下一代工作");
        assert_eq!(lines[1], "（2024年第4期·总第37期）");
        assert_eq!(lines[2], "爱辉区关工委　　　　2024年6月5日");
        assert_eq!(lines[4], "小乌斯力村开展民族文化活动");
        assert_eq!(lines[6], "　　第一段。");
        assert_eq!(lines[7], "　　第二段。");
        assert_eq!(lines[8], "（供稿：四嘉子乡小乌斯力村）");
    }
}
