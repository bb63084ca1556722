//! How long each text field and how long each list may be. Every record is
//! read back under the store's decode limit, so what is let in must stay far
//! below it: with these limits the largest record possible (a person with
//! every talk filled, and its audit entry holding it twice) stays under the
//! store's write ceiling. Text is counted in characters, as a user counts,
//! not in bytes. The README's "Limits" table lists the same numbers; a test
//! holds the two together.

use serde::{Deserialize, Serialize};

/// Whether a limit counts characters of one text or items of one list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Chars,
    Items,
}

macro_rules! limits {
    ($(
        $(#[$doc:meta])*
        $variant:ident => ($zh:literal, $en:literal, $max:expr, $measure:ident, $form:literal)
    ),* $(,)?) => {
        /// A field or list with a limit.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
        pub enum Limited {
            $($(#[$doc])* $variant,)*
        }

        impl Limited {
            pub const ALL: &'static [Limited] = &[$(Limited::$variant,)*];

            pub fn label_zh(self) -> &'static str {
                match self { $(Limited::$variant => $zh,)* }
            }

            pub fn label_en(self) -> &'static str {
                match self { $(Limited::$variant => $en,)* }
            }

            pub fn max(self) -> usize {
                match self { $(Limited::$variant => $max,)* }
            }

            pub fn measure(self) -> Measure {
                match self { $(Limited::$variant => Measure::$measure,)* }
            }

            /// The key of the form field this limit belongs next to.
            pub fn form_key(self) -> &'static str {
                match self { $(Limited::$variant => $form,)* }
            }
        }
    };
}

limits! {
    /// Any name: of a unit, a person, an attendee, a reporter, an account.
    /// The name rules also cap its width on screen; this caps what a width
    /// check cannot see (combining marks take no column).
    Name => ("名称", "a name", crate::domain::text::MAX_NAME_CHARS, Chars, "name"),
    Phone => ("电话", "a phone number", 30, Chars, "phone"),
    IdNumber => ("身份证号", "an ID number", 40, Chars, "id_number"),
    Address => ("住址", "an address", 200, Chars, "address"),
    Employer => ("原工作单位", "a former employer", 100, Chars, "employer"),
    Post => ("原职务", "a former post", 100, Chars, "post"),
    Political => ("政治面貌", "a political status", 50, Chars, "political"),
    PersonNotes => ("人员备注", "a person's notes", 2_000, Chars, "notes"),
    Skills => ("特长", "skills", 500, Chars, "skills"),
    Health => ("健康状况", "health", 500, Chars, "health"),
    StrikeOffNote => ("除名说明", "a strike-off note", 500, Chars, "note"),
    TalkSummary => ("谈话内容", "a talk summary", 1_000, Chars, "text"),
    Talks => ("谈心谈话记录", "talks of one person", 200, Items, "text"),
    HonourTitle => ("荣誉称号", "an honour title", 100, Chars, "name"),
    Honours => ("荣誉", "honours of one person", 100, Items, "name"),
    PositionDoc => ("任职文件", "an appointment document", 100, Chars, "doc"),
    PositionArea => ("分工", "a work area", 200, Chars, "area"),
    ReserveNote => ("后备人选备注", "a reserve note", 1_000, Chars, "text"),
    SeriesTitle => ("会议名称", "a meeting title", 100, Chars, "title"),
    Rule => ("重复规则", "a repeat rule", 500, Chars, "rule"),
    Place => ("地点", "a place", 100, Chars, "place"),
    AttendeeRules => ("参会规则", "attendee rules", 20, Items, "attendees"),
    Roles => ("参会职务", "roles in one attendee rule", 20, Items, "attendees"),
    Attendees => ("参会人员", "attendees", 200, Items, "attendees"),
    Agenda => ("议程", "agenda items", 50, Items, "agenda"),
    AgendaTitle => ("议题", "an agenda item", 200, Chars, "agenda"),
    Attendance => ("出席登记", "attendance entries", 300, Items, "attendees"),
    AbsenceReason => ("缺席原因", "an absence reason", 200, Chars, "reason"),
    CancelReason => ("取消原因", "a cancellation reason", 200, Chars, "reason"),
    Minutes => ("会议纪要", "minutes", 20_000, Chars, "text"),
    Decisions => ("会议决定", "decisions of one meeting", 50, Items, "text"),
    Decision => ("决定事项", "a decision", 1_000, Chars, "text"),
    TaskTitle => ("任务", "a task title", 200, Chars, "name"),
    TaskNote => ("进展说明", "a progress note", 1_000, Chars, "text"),
    TaskNotes => ("进展记录", "progress notes of one task", 200, Items, "text"),
    DropReason => ("撤销原因", "a reason for dropping a task", 200, Chars, "reason"),
    VoidReason => ("作废原因", "a reason for voiding a record", 200, Chars, "reason"),
    ImportRows => ("导入行数", "rows of one import", 50_000, Items, "file"),
    UnitPath => ("单位路径", "a unit path", 500, Chars, "unit"),
    ImportSource => ("导入文件名", "an import file name", 500, Chars, "file"),
    Reregister => ("重新登记人数", "people re-registered at once", 100_000, Items, "people"),
    WorkTitle => ("活动名称、培训主题、事由", "a work record's title, topic or purpose", 200, Chars, "title"),
    WorkTheme => ("活动主题", "an activity theme", 100, Chars, "theme"),
    WorkNotes => ("备注、结果", "a work record's notes or result", 2_000, Chars, "notes"),
    WorkPeople => ("参与人员", "people named on one work record", 500, Items, "people"),
    InfoBody => ("信息正文", "an info item's body", 20_000, Chars, "body"),
    RulesText => ("考核细则", "a rulebook", 100_000, Chars, "file"),
    ScoreReason => ("奖惩理由", "the reason for an award or penalty", 500, Chars, "reason"),
    FigureUnits => ("统计单位数", "units asked for figures at once", 100_000, Items, "unit"),
}

/// A field or list over its limit, with how long it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverLimit {
    pub field: Limited,
    pub given: usize,
}

/// Holds `text` to the limit of `field`, counting characters.
pub fn text(field: Limited, text: &str) -> Result<(), OverLimit> {
    // Counting stops just past the limit, so a huge text costs no more to
    // refuse than a text at the limit.
    let max = field.max();
    if text.len() <= max || text.chars().take(max + 1).count() <= max {
        return Ok(());
    }
    Err(OverLimit {
        field,
        given: text.chars().count(),
    })
}

/// Holds a list to the limit of `field`.
pub fn items(field: Limited, len: usize) -> Result<(), OverLimit> {
    if len <= field.max() {
        Ok(())
    } else {
        Err(OverLimit { field, given: len })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_counts_characters_not_bytes() {
        let at = "谈".repeat(Limited::TalkSummary.max());
        assert!(text(Limited::TalkSummary, &at).is_ok());
        let over = format!("{at}a");
        assert_eq!(
            text(Limited::TalkSummary, &over),
            Err(OverLimit {
                field: Limited::TalkSummary,
                given: 1_001
            })
        );
    }

    #[test]
    fn lists_count_items() {
        assert!(items(Limited::Decisions, 50).is_ok());
        assert_eq!(
            items(Limited::Decisions, 51),
            Err(OverLimit {
                field: Limited::Decisions,
                given: 51
            })
        );
    }

    /// The README's table is what users and admins read; it must say what
    /// the code does.
    #[test]
    fn the_readme_lists_every_limit() {
        let readme = include_str!("../../README.md");
        for l in Limited::ALL {
            let unit = match l.measure() {
                Measure::Chars => "characters",
                Measure::Items => "items",
            };
            let row = format!(
                "| {} | {} | {} {unit} |",
                l.label_zh(),
                l.label_en(),
                l.max()
            );
            assert!(readme.contains(&row), "README lacks the row {row}");
        }
    }
}
