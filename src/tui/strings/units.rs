//! The 组织 tab's words: the tree, the unit card, the forms that change a unit, its team and
//! its reserve.

use super::Text;
use crate::domain::UnitKind;

impl Text {
    pub fn name(self) -> &'static str {
        self.pick("名称", "Name")
    }
    pub fn short_name(self) -> &'static str {
        self.pick("简称", "Short")
    }
    pub fn kind_label(self) -> &'static str {
        self.pick("类型", "Kind")
    }
    pub fn id(self) -> &'static str {
        self.pick("编号", "Id")
    }
    pub fn path(self) -> &'static str {
        self.pick("路径", "Path")
    }
    pub fn children(self) -> &'static str {
        self.pick("下级", "Children")
    }
    pub fn none(self) -> &'static str {
        self.pick("无", "none")
    }
    pub fn created(self) -> &'static str {
        self.pick("建立", "Created")
    }
    pub fn changed(self) -> &'static str {
        self.pick("最后修改", "Changed")
    }
    /// The brief card's line for where the unit sits: its parent's path.
    pub fn parent(self) -> &'static str {
        self.pick("上级", "Parent")
    }
    pub fn elders(self) -> &'static str {
        self.pick("五老", "Elders")
    }
    pub fn team(self) -> &'static str {
        self.pick("班子", "Team")
    }
    pub fn since(self) -> &'static str {
        self.pick("自 ", "since ")
    }
    pub fn director(self) -> &'static str {
        self.pick("主任", "Director")
    }
    /// A single post nobody holds.
    pub fn vacant(self) -> &'static str {
        self.pick("空缺", "vacant")
    }
    /// The card's elder figures: on the roll in the subtree, registered
    /// with the unit itself, struck off in the subtree.
    pub fn elder_figures(self) -> [&'static str; 3] {
        if self.zh() {
            ["在册", "本级", "除名"]
        } else {
            ["on roll", "here", "off"]
        }
    }
    pub fn count_of(self, kind: UnitKind, n: usize) -> String {
        if self.zh() {
            format!("{} {n} 个", kind.label_zh())
        } else {
            kind.count_en(n)
        }
    }
    /// A count on the brief card, short enough that a district's kinds of
    /// children fit one line.
    pub fn count_short(self, kind: UnitKind, n: usize) -> String {
        if self.zh() {
            format!("{} {n}", kind.label_zh())
        } else {
            kind.count_en(n)
        }
    }
    pub fn tree_title(self) -> &'static str {
        self.pick("单位", "Units")
    }
    pub fn card_title(self) -> &'static str {
        self.pick("详情", "Details")
    }
    pub fn no_units(self) -> &'static str {
        self.pick("（没有单位）", "(no units)")
    }
    pub fn add_title(self, parent: &str) -> String {
        if self.zh() {
            format!("在“{parent}”下新增单位")
        } else {
            format!("New unit under “{parent}”")
        }
    }
    pub fn rename_title(self, name: &str) -> String {
        if self.zh() {
            format!("改名：{name}")
        } else {
            format!("Rename: {name}")
        }
    }
    pub fn archive_title(self) -> &'static str {
        self.pick("撤销单位", "Archive unit")
    }
    pub fn archive_question(self, path: &str) -> String {
        if self.zh() {
            format!("撤销“{path}”？\n撤销后它不再出现在树中，历史记录保留。")
        } else {
            format!("Archive “{path}”?\nIt leaves the tree; its history is kept.")
        }
    }
    pub fn added(self, path: &str) -> String {
        if self.zh() {
            format!("已新增：{path}")
        } else {
            format!("Added: {path}")
        }
    }
    pub fn renamed(self, path: &str) -> String {
        if self.zh() {
            format!("已改名：{path}")
        } else {
            format!("Renamed: {path}")
        }
    }
    pub fn moved(self, path: &str) -> String {
        if self.zh() {
            format!("已移动：{path}")
        } else {
            format!("Moved: {path}")
        }
    }
    pub fn archived(self, path: &str) -> String {
        if self.zh() {
            format!("已撤销：{path}")
        } else {
            format!("Archived: {path}")
        }
    }
    pub fn pick_prompt(self, name: &str) -> String {
        if self.zh() {
            format!("为“{name}”选择新的上级：移动光标或按 / 搜索，Enter 确定，Esc 取消")
        } else {
            format!(
                "New parent for “{name}”: move or press / to search, Enter to confirm, Esc to cancel"
            )
        }
    }
    pub fn move_cancelled(self) -> &'static str {
        self.pick("已取消移动。", "Move cancelled.")
    }
    pub fn parent_field(self) -> &'static str {
        self.pick("上级", "Parent")
    }
    pub fn changed_by_other(self, by: &str) -> String {
        if self.zh() {
            format!("{by} 刚修改了单位，已刷新。")
        } else {
            format!("{by} changed a unit; refreshed.")
        }
    }

    // The team and the reserve
    pub fn reserve_label(self) -> &'static str {
        self.pick("后备", "Reserve")
    }
    pub fn reserve_noted_prefix(self) -> &'static str {
        self.pick("列入 ", "noted ")
    }
    pub fn add_reserve_title(self) -> &'static str {
        self.pick("列入后备人选：", "Add a reserve candidate: ")
    }
    pub fn intended_post(self) -> &'static str {
        self.pick("拟任职务", "Intended post")
    }
    pub fn reserve_noted_on(self) -> &'static str {
        self.pick("列入日期", "Noted on")
    }
    pub fn reserve_note(self) -> &'static str {
        self.pick("备注", "Note")
    }
    pub fn reserve_person(self) -> &'static str {
        self.pick(
            "人员（姓名、编号或身份证号）",
            "Person (name, id or ID number)",
        )
    }
    pub fn remove_reserve_title(self) -> &'static str {
        self.pick("移出后备人选：", "Remove a reserve candidate: ")
    }
    pub fn reserve_candidate(self) -> &'static str {
        self.pick("后备人选", "Candidate")
    }
    pub fn reserve_added(self) -> &'static str {
        self.pick("已列入后备人选：", "Added to the reserve list: ")
    }
    pub fn reserve_removed(self) -> &'static str {
        self.pick("已移出后备人选：", "Taken off the reserve list: ")
    }
    pub fn appoint_title(self) -> &'static str {
        self.pick("任命：", "Appoint: ")
    }
    pub fn post(self) -> &'static str {
        self.pick("职务", "Post")
    }
    pub fn term_from(self) -> &'static str {
        self.pick("任职日期", "From")
    }
    pub fn appointment_document(self) -> &'static str {
        self.pick("任命文号", "Document")
    }
    pub fn area_work(self) -> &'static str {
        self.pick("分工", "Area of work")
    }
    pub fn end_term_title(self) -> &'static str {
        self.pick("免职：", "End a term: ")
    }
    pub fn term(self) -> &'static str {
        self.pick("任职", "Term")
    }
    pub fn term_ended_on(self) -> &'static str {
        self.pick("结束日期", "Ended on")
    }
    pub fn appointed(self) -> &'static str {
        self.pick("已任命：", "Appointed: ")
    }
    pub fn term_ended(self) -> &'static str {
        self.pick("已免职：", "Term ended: ")
    }
    pub fn nobody_serves(self) -> &'static str {
        self.pick("该单位班子无人在任。", "Nobody serves on this team.")
    }
    pub fn no_reserve(self) -> &'static str {
        self.pick(
            "该单位没有后备人选。",
            "This unit has no reserve candidates.",
        )
    }
}
