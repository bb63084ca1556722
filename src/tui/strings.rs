//! Every word the terminal program shows, in Chinese and in English: here what the whole
//! program shares (the title bar, modes, forms' hints, questions, drafts, help and keys); each
//! tab's words in the module named after it.

mod meetings;
mod people;
mod sanchuang;
mod scores;
mod units;
mod work;

use crate::domain::UnitKind;
use crate::lang::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text(pub Lang);

impl Text {
    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        self.0.pick(zh, en)
    }

    fn zh(self) -> bool {
        self.0 == Lang::Zh
    }

    pub fn kind(self, k: UnitKind) -> &'static str {
        match self.0 {
            Lang::Zh => k.label_zh(),
            Lang::En => k.label_en(),
        }
    }

    // Title bar
    pub fn tab_units(self) -> &'static str {
        self.pick("组织", "Units")
    }
    pub fn demo(self) -> &'static str {
        self.pick("演示数据", "demo data")
    }
    pub fn too_small(self, w: u16, h: u16, need_w: u16, need_h: u16) -> String {
        if self.zh() {
            format!("窗口太小：现在 {w}×{h}，至少需要 {need_w}×{need_h}。请放大窗口。")
        } else {
            format!(
                "Window too small: {w}×{h}, needs at least {need_w}×{need_h}. Please enlarge it."
            )
        }
    }

    // Modes, in the status bar
    pub fn mode_browse(self) -> &'static str {
        self.pick("浏览", "browse")
    }
    pub fn mode_pick(self) -> &'static str {
        self.pick("选择上级", "pick parent")
    }
    pub fn mode_edit(self) -> &'static str {
        self.pick("编辑", "edit")
    }
    pub fn mode_search(self) -> &'static str {
        self.pick("搜索", "search")
    }
    pub fn mode_help(self) -> &'static str {
        self.pick("帮助", "help")
    }
    pub fn mode_confirm(self) -> &'static str {
        self.pick("确认", "confirm")
    }
    pub fn mode_loading(self) -> &'static str {
        self.pick("读取", "loading")
    }
    /// Where a tab's view or a key's answer is still being read.
    pub fn loading(self) -> &'static str {
        self.pick("正在读取…", "Loading…")
    }
    /// The screen's one line while the database opens.
    pub fn opening(self) -> &'static str {
        self.pick("正在打开数据库…", "Opening the database…")
    }
    /// A loading line (`line`) with the count of keys typed meanwhile,
    /// which are answered once it is loaded.
    pub fn with_keys_waiting(self, line: &str, n: usize) -> String {
        match (n, self.zh()) {
            (0, _) => line.to_string(),
            (_, true) => format!("{line}  已记下 {n} 个按键，就绪后执行"),
            (1, false) => format!("{line}  1 key kept for when it is ready"),
            (_, false) => format!("{line}  {n} keys kept for when it is ready"),
        }
    }
    /// Keys typed while a tab loads, beyond the `limit` kept.
    pub fn keys_dropped(self, limit: usize, n: usize) -> String {
        if self.zh() {
            format!("读取时最多记下 {limit} 个按键，其后 {n} 个未记下")
        } else {
            format!("At most {limit} keys are kept while loading; {n} more were dropped")
        }
    }

    pub fn label_sep(self) -> &'static str {
        self.pick("：", ": ")
    }
    pub fn field_sep(self) -> &'static str {
        self.pick("；", "; ")
    }
    pub fn list_sep(self) -> &'static str {
        self.pick("，", ", ")
    }

    // Forms
    pub fn form_hint(self) -> &'static str {
        self.pick(
            "Enter 保存 · Tab 下一项 · ←→ 选择选项 · Esc 关闭",
            "Enter save · Tab next · ←→ choose · Esc close",
        )
    }

    /// Shown while the unit field of a form has the cursor.
    pub fn unit_field_hint(self) -> &'static str {
        self.pick(
            "Ctrl+F 按拼音选单位 · Enter 保存 · Tab 下一项 · Esc 关闭",
            "Ctrl+F find unit by pinyin · Enter save · Esc close",
        )
    }

    pub fn search_form_hint(self) -> &'static str {
        self.pick(
            "边输入边筛选 · Enter 确定 · Esc 清除并关闭",
            "filters as you type · Enter keep · Esc clear",
        )
    }

    pub fn goto_form_hint(self) -> &'static str {
        self.pick(
            "输入日期即可替换 · Enter 跳转 · Esc 关闭",
            "type a date over it · Enter go · Esc close",
        )
    }

    // Confirmations
    pub fn yes(self) -> &'static str {
        self.pick("是", "Yes")
    }
    pub fn no(self) -> &'static str {
        self.pick("否", "No")
    }
    pub fn ok(self) -> &'static str {
        self.pick("确定", "OK")
    }
    pub fn discard_title(self) -> &'static str {
        self.pick("放弃修改", "Discard changes")
    }
    pub fn discard_question(self) -> &'static str {
        self.pick(
            "表单里有未保存的内容，放弃吗？",
            "The form has unsaved changes. Discard them?",
        )
    }
    pub fn discard(self) -> &'static str {
        self.pick("放弃", "Discard")
    }
    pub fn keep_editing(self) -> &'static str {
        self.pick("继续编辑", "Keep editing")
    }
    pub fn quit_title(self) -> &'static str {
        self.pick("退出", "Quit")
    }
    pub fn quit_question(self) -> &'static str {
        self.pick(
            "表单还没有保存。存为草稿，下次启动时可以重新打开。",
            "The form is not saved. Keep it as a draft to reopen next time?",
        )
    }
    pub fn keep_draft_quit(self) -> &'static str {
        self.pick("存草稿并退出", "Keep draft, quit")
    }
    pub fn discard_quit(self) -> &'static str {
        self.pick("放弃并退出", "Discard, quit")
    }
    pub fn draft_title(self) -> &'static str {
        self.pick("未保存的草稿", "Unsaved draft")
    }
    pub fn draft_question(self, what: &str, content: &str, when: &str) -> String {
        if self.zh() {
            format!(
                "上次有一份未保存的表单（{when}）：\n{what}\n{content}\n要重新打开吗？选“否”丢弃它，按 Esc 下次再问。"
            )
        } else {
            format!(
                "A form was left unsaved ({when}):\n{what}\n{content}\nReopen it? “No” discards it; Esc asks again next time."
            )
        }
    }
    pub fn draft_kept(self, path: &str) -> String {
        if self.zh() {
            format!("未保存的表单已存为草稿：{path}")
        } else {
            format!("The unsaved form was kept as a draft: {path}")
        }
    }
    pub fn draft_parent_gone(self) -> &'static str {
        self.pick(
            "草稿所属的单位已不存在，草稿已丢弃。",
            "The draft's unit no longer exists; the draft was discarded.",
        )
    }

    // Results

    // Search
    pub fn search_title(self) -> &'static str {
        self.pick("搜索单位", "Find unit")
    }
    pub fn pick_unit_title(self) -> &'static str {
        self.pick("选择所属单位", "Pick the unit")
    }
    pub fn search_placeholder(self) -> &'static str {
        self.pick(
            "名称的任意部分，或拼音首字母（如 sjz）",
            "any part of the name, or pinyin initials (e.g. sjz)",
        )
    }
    pub fn no_match(self) -> &'static str {
        self.pick("没有匹配的单位", "No unit matches")
    }
    pub fn results(self, n: usize) -> String {
        if self.zh() {
            format!("{n} 个结果")
        } else {
            format!("{n} found")
        }
    }

    // Help
    pub fn help_title(self) -> &'static str {
        self.pick(
            "帮助：全部按键（输入文字可筛选）",
            "Help: all keys (type to filter)",
        )
    }
    pub fn filter(self) -> &'static str {
        self.pick("筛选：", "Filter: ")
    }
    pub fn context_label(self, ctx: super::keymap::Context) -> &'static str {
        use super::keymap::Context::*;
        match ctx {
            Global => self.pick("全局", "Everywhere"),
            Tree => self.pick("单位树", "Unit tree"),
            Pick => self.pick("选择上级", "Picking a parent"),
            Form => self.pick("表单", "Forms"),
            Search => self.pick("搜索", "Search"),
            Popup => self.pick("确认框", "Confirmations"),
            Help => self.pick("帮助", "Help"),
            Meetings => self.pick("会议", "Meetings"),
            Meeting => self.pick("会议详情", "A meeting"),
            Roster => self.pick("五老名册", "Elder roster"),
            Work => self.pick("工作记录", "Work records"),
            Sanchuang => self.pick("三创", "Sanchuang"),
            Scores => self.pick("积分", "Scores"),
        }
    }

    // Start-up
    pub fn locale_warning(self, locale: &str) -> String {
        if self.zh() {
            format!(
                "终端字符集不是 UTF-8（现在是 “{locale}”），中文可能显示为乱码，输入的汉字可能丢失。请把终端设为 UTF-8，并设置 LANG=zh_CN.UTF-8 后重新打开。"
            )
        } else {
            format!(
                "The terminal's character set is not UTF-8 (it is “{locale}”): Chinese may show garbled and typed characters may be lost. Set the terminal to UTF-8 and LANG=zh_CN.UTF-8, then start again."
            )
        }
    }
    pub fn keymap_error(self, file: &str, line: usize, problem: &str) -> String {
        if self.zh() {
            format!("键位文件 {file} 第 {line} 行有误：{problem}。本次使用默认键位。")
        } else {
            format!("Keymap file {file}, line {line}: {problem}. Using the default keys.")
        }
    }
    /// What a binding does, for help and hints: the keymap file describes
    /// each binding in both languages, so one action can read differently
    /// in each place it is bound.
    pub fn describe(self, b: &super::keymap::Binding) -> &str {
        super::keymap::Keymap::describe(b, self.0)
    }
    pub fn keymap_unreadable(self, file: &str, problem: &str) -> String {
        if self.zh() {
            format!("无法读取键位文件 {file}：{problem}。本次使用默认键位。")
        } else {
            format!("Cannot read the keymap file {file}: {problem}. Using the default keys.")
        }
    }
    pub fn notice_title(self) -> &'static str {
        self.pick("提示", "Note")
    }
    pub fn changed_under_form_title(self) -> &'static str {
        self.pick("记录已被他人修改", "Changed by someone else")
    }
    pub fn changed_under_form(self, by: &str) -> String {
        if self.zh() {
            format!(
                "{by} 刚修改了正在编辑的记录。载入最新内容（放弃本表单的修改），还是继续编辑？继续编辑的保存会被拒绝，不会覆盖对方。"
            )
        } else {
            format!(
                "{by} just changed the record you are editing. Load the latest version (dropping this form's edits), or keep editing? A save from the old version is refused, never written over theirs."
            )
        }
    }
    pub fn reload(self) -> &'static str {
        self.pick("载入最新", "Load latest")
    }
}
