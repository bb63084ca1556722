//! Everything the program can be asked to do. Keys become actions in the
//! keymap; signals, resizes and the backend's notices arrive as actions too,
//! so `App::update` is the one place state changes.

use crate::backend::ChangeNotice;

/// Declares the actions a keymap may name, with their names in the file.
macro_rules! named_actions {
    ($($variant:ident = $name:literal,)*) => {
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Action {
            $($variant,)*
            /// A character typed into a text field.
            Insert(char),
            /// A bracketed paste, inserted whole.
            Paste(String),
            /// The terminal changed size (columns, rows).
            Resize(u16, u16),
            /// Another user saved a change.
            Notice(ChangeNotice),
            /// The connection dropped (SIGHUP) or the program was told to
            /// stop (SIGTERM, SIGINT, SIGQUIT): keep any open form as a
            /// draft and quit.
            Hangup,
        }

        impl Action {
            pub const NAMED: &'static [(&'static str, Action)] = &[
                $(($name, Action::$variant),)*
            ];
        }
    };
}

named_actions! {
    Quit = "quit",
    Help = "help",
    NextTab = "next_tab",
    PrevTab = "prev_tab",
    Up = "up",
    Down = "down",
    PageUp = "page_up",
    PageDown = "page_down",
    First = "first",
    Last = "last",
    Expand = "expand",
    Collapse = "collapse",
    Toggle = "toggle",
    Parent = "parent",
    Add = "add",
    Rename = "rename",
    Move = "move",
    Archive = "archive",
    Search = "search",
    Submit = "submit",
    Cancel = "cancel",
    NextField = "next_field",
    PrevField = "prev_field",
    CursorLeft = "cursor_left",
    CursorRight = "cursor_right",
    Home = "home",
    End = "end",
    Backspace = "backspace",
    Delete = "delete",
    ClearLine = "clear_line",
    Yes = "yes",
    No = "no",
    PrevDay = "prev_day",
    NextDay = "next_day",
    PrevWeek = "prev_week",
    NextWeek = "next_week",
    PrevMonth = "prev_month",
    NextMonth = "next_month",
    GotoDate = "goto_date",
    SwitchList = "switch_list",
    Open = "open",
    Back = "back",
    MarkHeld = "mark_held",
    Present = "present",
    Absent = "absent",
    Substitute = "substitute",
    WriteMinutes = "write_minutes",
    MakeTask = "make_task",
    EditMeeting = "edit_meeting",
    Edit = "edit",
    StrikeOff = "strike_off",
    VoidRecord = "void_record",
    Talk = "talk",
    Honour = "honour",
    Mark = "mark",
    Reregister = "reregister",
    FilterUnit = "filter_unit",
    FilterCategory = "filter_category",
    FilterStatus = "filter_status",
    Sort = "sort",
    Appoint = "appoint",
    EndTerm = "end_term",
    AddReserve = "add_reserve",
    RemoveReserve = "remove_reserve",
    AbsentWithReason = "absent_with_reason",
    TaskDone = "task_done",
    Details = "details",
    Suspend = "suspend",
    PickUnit = "pick_unit",
    PrevList = "prev_list",
    FilterPeriod = "filter_period",
    AdvanceStage = "advance_stage",
    FailInspection = "fail_inspection",
    AddGuidance = "add_guidance",
    Adopt = "adopt",
    Compose = "compose",
    NextGroup = "next_group",
    PrevGroup = "prev_group",
    NextPeriod = "next_period",
    PrevPeriod = "prev_period",
    EditRules = "edit_rules",
    AdjustScore = "adjust_score",
    Settle = "settle",
}

impl Action {
    pub fn from_name(name: &str) -> Option<Action> {
        Self::NAMED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, a)| a.clone())
    }

    pub fn name(&self) -> Option<&'static str> {
        Self::NAMED.iter().find(|(_, a)| a == self).map(|(n, _)| *n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (name, action) in Action::NAMED {
            assert_eq!(Action::from_name(name).as_ref(), Some(action));
            assert_eq!(action.name(), Some(*name));
        }
        assert_eq!(Action::from_name("explode"), None);
    }
}
