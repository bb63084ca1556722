//! 五老: the elder roster as a table (filtered by unit, category, status and
//! name or pinyin initials, sortable), each person's card, and the forms
//! that register, edit, strike off, record talks and honours, and
//! re-register a selection.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub use super::roster_row::RosterRow;
use super::roster_row::lean_rows;
use super::{Cx, Look, Status, View};
use crate::api::admin::VoidRecord;
use crate::api::people::{
    AddHonour, CreatePerson, GetPerson, ListPeople, PeopleFilter, RecordTalk, Reregister,
    StatusFilter, StrikeOff, StrikeOffPerson, UpdatePerson, namesake_warning, namesakes,
};
use crate::api::units::ListUnits;
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::day::Day;
use crate::domain::id_number::Gender;
use crate::domain::person::{
    Category, ElderDraft, Honour, HonourLevel, Person, PersonDraft, PersonId, RemovalReason,
    RosterStatus, Source, Talk, TalkOutcome,
};
use crate::domain::pinyin_search::Query;
use crate::domain::text::display_width;
use crate::domain::tree::UnitTree;
use crate::domain::unit_names::resolve_unit;
use crate::domain::{UnitId, audit::RecordKind};
use crate::error::{Error, Field as ErrField, Result};
use crate::lang::Lang;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::permits::Permits;
use crate::tui::popups::Popup;
use crate::tui::popups::choice::ChoicePurpose;
use crate::tui::popups::form::{Field, FormPurpose, FormState, UNIT_FIELD};
use crate::tui::popups::search::{Entry, SearchState};
use crate::tui::search::{Matcher, PinyinMatcher};
use crate::tui::strings::Text;
use crate::tui::widgets::fit::{pad, truncate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Unit,
    Name,
    Age,
    Joined,
}

impl SortBy {
    fn next(self) -> SortBy {
        match self {
            SortBy::Unit => SortBy::Name,
            SortBy::Name => SortBy::Age,
            SortBy::Age => SortBy::Joined,
            SortBy::Joined => SortBy::Unit,
        }
    }

    fn label(self, l: Lang) -> &'static str {
        match self {
            SortBy::Unit => l.pick("单位", "unit"),
            SortBy::Name => l.pick("姓名", "name"),
            SortBy::Age => l.pick("年龄", "age"),
            SortBy::Joined => l.pick("入列", "joined"),
        }
    }
}

pub struct Roster {
    rows: Vec<RosterRow>,
    /// Indices into `rows` that pass the filters, in display order.
    visible: Vec<usize>,
    cursor: usize,
    offset: usize,
    tree: UnitTree,
    /// Each unit's place in the tree as the 组织 tab shows it, which the
    /// sort by unit follows.
    unit_order: HashMap<UnitId, usize>,
    unit: Option<UnitId>,
    category: Option<Category>,
    status: Option<StatusFilter>,
    search: String,
    sort: SortBy,
    marked: HashSet<PersonId>,
    /// The person whose card is open instead of the table.
    card: Option<Person>,
    unit_entries: Rc<Vec<Entry>>,
    unit_matcher: Rc<PinyinMatcher>,
    permits: Permits,
}

/// The actions that change people's records.
fn changes_people(action: &Action) -> bool {
    matches!(
        action,
        Action::Add
            | Action::Edit
            | Action::StrikeOff
            | Action::VoidRecord
            | Action::Talk
            | Action::Honour
            | Action::Reregister
    )
}

fn l(text: Text) -> Lang {
    text.0
}

fn today() -> Day {
    Day::today()
}

fn parse_day_field(s: &str, field: ErrField) -> Result<Option<Day>> {
    if s.trim().is_empty() {
        return Ok(None);
    }
    crate::io::dates::parse_date(s)
        .map(|d| Some(Day::from_date(d)))
        .map_err(|e| Error::InvalidField {
            field,
            zh: e.to_string(),
            en: e.message_en(),
        })
}

fn required_day(s: &str, field: ErrField) -> Result<Day> {
    parse_day_field(s, field)?.ok_or_else(|| Error::InvalidField {
        field,
        zh: "请填写日期".into(),
        en: "give a date".into(),
    })
}

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

impl Roster {
    pub fn load(backend: &dyn Backend) -> Result<Roster> {
        let mut r = Roster {
            rows: Vec::new(),
            visible: Vec::new(),
            cursor: 0,
            offset: 0,
            tree: UnitTree::default(),
            unit_order: HashMap::new(),
            unit: None,
            category: None,
            status: Some(StatusFilter::Active),
            search: String::new(),
            sort: SortBy::Unit,
            marked: HashSet::new(),
            card: None,
            unit_entries: Rc::new(Vec::new()),
            unit_matcher: Rc::new(PinyinMatcher::default()),
            permits: Permits::load(backend)?,
        };
        r.reload(backend)?;
        Ok(r)
    }

    fn reload(&mut self, backend: &dyn Backend) -> Result<()> {
        let keep = self.selected().map(|r| r.id);
        let units = backend.run(ListUnits {
            include_archived: false,
        })?;
        self.tree = UnitTree::new(units);
        self.unit_order = (self.tree.walk(true).into_iter())
            .enumerate()
            .map(|(i, (_, u))| (u.id, i))
            .collect();
        let walk = self.tree.walk(false);
        self.unit_entries = Rc::new(
            walk.iter()
                .map(|(_, u)| Entry {
                    id: u.id.0,
                    name: u.name.clone(),
                    place: u.parent.map(|p| self.tree.path(p)).unwrap_or_default(),
                })
                .collect(),
        );
        self.unit_matcher = Rc::new(PinyinMatcher::new(walk.iter().map(|(_, u)| {
            let mut names = vec![u.name.as_str()];
            names.extend(u.short_name.as_deref());
            names
        })));
        self.rows = lean_rows(backend.run(ListPeople {
            filter: PeopleFilter::default(),
        })?);
        if let Some(card) = &self.card {
            self.card = backend.run(GetPerson { id: card.id }).ok();
        }
        self.refilter();
        if let Some(id) = keep
            && let Some(i) = self.visible.iter().position(|&i| self.rows[i].id == id)
        {
            self.cursor = i;
        }
        Ok(())
    }

    fn refilter(&mut self) {
        let within: Option<HashSet<UnitId>> = self.unit.map(|root| {
            self.tree
                .walk(true)
                .into_iter()
                .map(|(_, u)| u.id)
                .filter(|id| self.tree.is_within(*id, root))
                .collect()
        });
        let query = Query::new(&self.search);
        let mut visible: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                within.as_ref().is_none_or(|w| w.contains(&r.unit))
                    && self.category.is_none_or(|c| r.category == Some(c))
                    && match self.status {
                        None => true,
                        Some(StatusFilter::Active) => r.removed.is_none(),
                        Some(StatusFilter::Removed) => r.removed.is_some(),
                    }
                    && (query.is_empty() || r.key.matches_query(&query).is_some())
            })
            .collect();
        let rows = &self.rows;
        match self.sort {
            // Stable: within a unit, the order the service lists.
            SortBy::Unit => visible.sort_by_key(|i| {
                self.unit_order
                    .get(&rows[*i].unit)
                    .copied()
                    .unwrap_or(usize::MAX)
            }),
            SortBy::Name => visible.sort_by(|a, b| {
                let (a, b) = (&rows[*a], &rows[*b]);
                a.key.cmp_initials(&b.key).then(a.name().cmp(b.name()))
            }),
            // Oldest first; unknown birth dates last.
            SortBy::Age => visible.sort_by_key(|i| (rows[*i].birth.is_none(), rows[*i].birth)),
            SortBy::Joined => visible.sort_by_key(|i| std::cmp::Reverse(rows[*i].joined)),
        }
        self.visible = visible;
        self.cursor = self.cursor.min(self.visible.len().saturating_sub(1));
    }

    /// The units of the people an action would change: the open card's
    /// person, else the marked rows for a re-registration, else the row
    /// under the cursor.
    fn target_units(&self, action: &Action) -> Vec<UnitId> {
        if let Some(p) = &self.card {
            return vec![p.unit];
        }
        if *action == Action::Reregister && !self.marked.is_empty() {
            return self
                .rows
                .iter()
                .filter(|r| self.marked.contains(&r.id))
                .map(|r| r.unit)
                .collect();
        }
        self.selected().map(|r| r.unit).into_iter().collect()
    }

    /// False, with the reason in the status bar, when the account may not
    /// take the action: a viewer adds nobody, an operator changes only the
    /// people of their own subtree.
    fn may(&self, action: &Action, cx: &mut Cx) -> bool {
        let checked = if *action == Action::Add {
            self.permits.check_writes_anywhere(&self.tree)
        } else {
            self.target_units(action)
                .into_iter()
                .try_for_each(|u| self.permits.check_write(&self.tree, u))
        };
        match checked {
            Ok(()) => true,
            Err(e) => {
                *cx.status = Status::error(e.message(cx.text.0));
                false
            }
        }
    }

    pub fn selected(&self) -> Option<&RosterRow> {
        self.visible.get(self.cursor).map(|&i| &self.rows[i])
    }

    pub fn visible_names(&self) -> Vec<&str> {
        self.visible.iter().map(|&i| self.rows[i].name()).collect()
    }

    pub fn card(&self) -> Option<&Person> {
        self.card.as_ref()
    }

    fn scroll(&mut self, height: usize) {
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        self.offset = self.offset.min(self.visible.len().saturating_sub(height));
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if let Err(e) = self.reload(cx.backend) {
            *cx.status = Status::error(e.message(cx.text.0));
        }
    }

    /// The person the card shows, or the one under the cursor.
    fn current(&self, cx: &mut Cx) -> Option<Person> {
        if let Some(p) = &self.card {
            return Some(p.clone());
        }
        let id = self.selected()?.id;
        match cx.backend.run(GetPerson { id }) {
            Ok(p) => Some(p),
            Err(e) => {
                *cx.status = Status::error(e.message(cx.text.0));
                None
            }
        }
    }

    fn person_form(
        &self,
        text: Text,
        purpose: FormPurpose,
        p: Option<&Person>,
        keep: &[(String, String)],
    ) -> FormState {
        let lang = l(text);
        let title = match (&purpose, p) {
            (FormPurpose::EditPerson { .. }, Some(p)) => {
                format!("{}{}", lang.pick("修改：", "Edit: "), p.name)
            }
            _ => lang.pick("登记五老", "Register an elder").to_string(),
        };
        let e = p.and_then(|p| p.elder.as_ref());
        let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_default();
        let genders = vec![
            (String::new(), lang.pick("未填", "—").to_string()),
            ("male".into(), lang.pick("男", "male").to_string()),
            ("female".into(), lang.pick("女", "female").to_string()),
        ];
        let gender = p
            .and_then(|p| p.gender)
            .map(|g| if g == Gender::Male { "male" } else { "female" })
            .unwrap_or("");
        let unit = p
            .map(|p| self.tree.path(p.unit))
            .or_else(|| self.unit.map(|u| self.tree.path(u)))
            .unwrap_or_default();
        let mut form = FormState::new(
            purpose,
            title,
            vec![
                Field::text("name", lang.pick("姓名", "Name"), p.map_or("", |p| &p.name)),
                Field::choice_at("gender", lang.pick("性别", "Gender"), genders, gender),
                Field::text(
                    "birth",
                    lang.pick("出生日期", "Born"),
                    &day(p.and_then(|p| p.birth)),
                ),
                Field::text(
                    "id_number",
                    lang.pick("身份证号", "ID number"),
                    p.and_then(|p| p.id_number.as_ref())
                        .map_or("", |n| n.as_str()),
                ),
                Field::text(
                    "phone",
                    lang.pick("联系电话", "Phone"),
                    p.map_or("", |p| &p.phone),
                ),
                Field::text(UNIT_FIELD, lang.pick("所属单位", "Unit"), &unit),
                Field::choice_at(
                    "category",
                    lang.pick("类别", "Category"),
                    options(Category::ALL, Category::code, |c| c.label(lang)),
                    e.map_or("", |e| e.category.code()),
                ),
                Field::choice_at(
                    "source",
                    lang.pick("来源", "Source"),
                    options(Source::ALL, Source::code, |c| c.label(lang)),
                    e.map_or("other", |e| e.source.code()),
                ),
                Field::text(
                    "joined",
                    lang.pick("入列日期", "Joined"),
                    // The day the figures count the elder from, shown so it
                    // can be corrected: today for a new elder, the day of
                    // registration for one saved without a date.
                    &day(p.map_or(Some(today()), |p| p.joined_day().or(Some(today())))),
                ),
            ],
        );
        form.note = vec![
            lang.pick(
                "入列日期留空即按登记当日计入各项统计。",
                "An empty joined date counts as the day of registration.",
            )
            .to_string(),
        ];
        form.set_values(keep);
        form.mark_clean();
        form
    }

    fn draft_from(&self, form: &FormState, before: Option<&Person>) -> Result<PersonDraft> {
        let unit_path = form.value(UNIT_FIELD);
        let unit = resolve_unit(&self.tree, &unit_path)
            .map(|u| u.id)
            .map_err(|e| match e {
                Error::UnitNotFound { .. } => Error::InvalidField {
                    field: ErrField::Unit,
                    zh: e.message(Lang::Zh),
                    en: e.message(Lang::En),
                },
                other => other,
            })?;
        let gender = match form.value("gender").as_str() {
            "male" => Some(Gender::Male),
            "female" => Some(Gender::Female),
            _ => None,
        };
        let mut draft = before.map(PersonDraft::of).unwrap_or_default();
        draft.name = form.value("name");
        draft.gender = gender;
        draft.birth = parse_day_field(&form.value("birth"), ErrField::Birth)?;
        draft.id_number = form.value("id_number");
        draft.phone = form.value("phone");
        draft.unit = Some(unit);
        let category = Category::parse(&form.value("category")).unwrap_or(Category::Cadre);
        let source = Source::parse(&form.value("source")).unwrap_or(Source::Other);
        let joined = parse_day_field(&form.value("joined"), ErrField::Joined)?;
        draft.elder = Some(match draft.elder.take() {
            Some(mut e) => {
                e.category = category;
                e.source = source;
                e.joined = joined;
                e
            }
            None => ElderDraft {
                category,
                core: false,
                skills: String::new(),
                health: String::new(),
                source,
                joined,
                reregistered: None,
                status: RosterStatus::Active,
            },
        });
        Ok(draft)
    }

    /// Voiding, unlike striking off, says the record should never have
    /// been: the form says so, and asks why.
    fn void_form(&self, p: &Person, text: Text) -> FormState {
        let lang = l(text);
        let mut form = FormState::new(
            FormPurpose::VoidPerson { id: p.id },
            format!("{}{}", lang.pick("作废记录：", "Void the record: "), p.name),
            vec![Field::text(
                "reason",
                lang.pick("作废原因", "Reason"),
                lang.pick("重复登记", "registered twice"),
            )],
        );
        form.note = vec![
            lang.pick(
                "仅用于录错的记录：不计入任何统计，管理员可恢复。",
                "Only for a record typed in error: counted nowhere; an admin can restore it.",
            )
            .to_string(),
            lang.pick(
                "本人离开五老队伍请用 x 除名。",
                "An elder leaving the roll is struck off (x) instead.",
            )
            .to_string(),
        ];
        form.mark_clean();
        form
    }

    fn strike_form(&self, p: &Person, text: Text) -> FormState {
        let lang = l(text);
        FormState::new(
            FormPurpose::StrikeOff {
                id: p.id,
                rev: p.rev,
            },
            format!("{}{}", lang.pick("除名：", "Strike off: "), p.name),
            vec![
                Field::choice(
                    "reason",
                    lang.pick("除名原因", "Reason"),
                    options(RemovalReason::ALL, RemovalReason::code, |c| c.label(lang)),
                ),
                Field::text("date", lang.pick("除名日期", "Date"), &today().to_string()),
                Field::text("note", lang.pick("说明", "Note"), ""),
            ],
        )
    }

    fn talk_form(&self, p: &Person, text: Text) -> FormState {
        let lang = l(text);
        FormState::new(
            FormPurpose::Talk {
                id: p.id,
                rev: p.rev,
            },
            format!("{}{}", lang.pick("谈心谈话：", "Talk: "), p.name),
            vec![
                Field::text("date", lang.pick("日期", "Date"), &today().to_string()),
                Field::text("person", lang.pick("谈话人", "Held by"), ""),
                Field::text("text", lang.pick("谈话内容", "Summary"), ""),
                Field::choice(
                    "status",
                    lang.pick("结果", "Outcome"),
                    options(TalkOutcome::ALL, TalkOutcome::code, |c| c.label(lang)),
                ),
            ],
        )
    }

    fn honour_form(&self, p: &Person, text: Text) -> FormState {
        let lang = l(text);
        FormState::new(
            FormPurpose::Honour {
                id: p.id,
                rev: p.rev,
            },
            format!("{}{}", lang.pick("表彰：", "Honour: "), p.name),
            vec![
                Field::text("name", lang.pick("称号", "Title"), "先进典型"),
                Field::choice(
                    "text",
                    lang.pick("级别", "Level"),
                    options(HonourLevel::ALL, HonourLevel::code, |c| c.label(lang)),
                ),
                Field::text("date", lang.pick("日期", "Date"), &today().to_string()),
            ],
        )
    }

    fn reregister_form(&self, people: Vec<(PersonId, u64)>, text: Text) -> FormState {
        let lang = l(text);
        let title = match lang {
            Lang::Zh => format!("重新登记 {} 人", people.len()),
            Lang::En => format!("Re-register {} people", people.len()),
        };
        FormState::new(
            FormPurpose::Reregister { people },
            title,
            vec![Field::text(
                "date",
                lang.pick("登记日期", "Date"),
                &today().to_string(),
            )],
        )
    }

    /// The list filtered by `query` as it is typed.
    fn search_for(&mut self, query: &str, cx: &Cx) {
        if self.search == query.trim() {
            return;
        }
        self.search = query.trim().to_string();
        self.cursor = 0;
        self.refilter();
        self.scroll((cx.body.height as usize).saturating_sub(2));
    }

    fn search_form(&self, text: Text) -> FormState {
        let lang = l(text);
        FormState::new(
            FormPurpose::SearchPeople,
            lang.pick(
                "搜索姓名（可用拼音首字母）",
                "Search names (pinyin initials work)",
            )
            .to_string(),
            vec![Field::text("name", lang.pick("姓名", "Name"), &self.search)],
        )
    }

    fn header(&self, lang: Lang) -> String {
        let shown = self.visible.len();
        let active = self
            .visible
            .iter()
            .filter(|&&i| self.rows[i].removed.is_none())
            .count();
        let mut parts = vec![match lang {
            Lang::Zh => format!("{shown} 人（在册 {active}，除名 {}）", shown - active),
            Lang::En => format!("{shown} ({active} on roll, {} struck off)", shown - active),
        }];
        if let Some(u) = self.unit {
            parts.push(self.tree.path(u));
        }
        if let Some(c) = self.category {
            parts.push(c.label(lang).to_string());
        }
        parts.push(
            match self.status {
                None => lang.pick("全部", "all"),
                Some(StatusFilter::Active) => lang.pick("在册", "on roll"),
                Some(StatusFilter::Removed) => lang.pick("已除名", "struck off"),
            }
            .to_string(),
        );
        if !self.search.is_empty() {
            parts.push(format!("“{}”", self.search));
        }
        parts.push(format!(
            "{}{}",
            lang.pick("排序：", "sort: "),
            self.sort.label(lang)
        ));
        if !self.marked.is_empty() {
            parts.push(match lang {
                Lang::Zh => format!("已选 {}", self.marked.len()),
                Lang::En => format!("{} marked", self.marked.len()),
            });
        }
        parts.join(" · ")
    }

    fn render_table(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let lang = l(look.text);
        let buf = frame.buffer_mut();
        let w = area.width as usize;
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(truncate(&self.header(lang), w), look.theme.title),
            area.width,
        );
        let cols: [(&str, usize); 6] = [
            (lang.pick("姓名", "Name"), 10),
            (lang.pick("性别", "Sex"), 4),
            (lang.pick("年龄", "Age"), 4),
            (lang.pick("类别", "Category"), 8),
            (lang.pick("身份证号", "ID number"), 19),
            (lang.pick("单位", "Unit"), 0),
        ];
        let mut head = String::from("  ");
        for (name, width) in cols {
            head.push_str(&pad(name, width));
            head.push(' ');
        }
        buf.set_line(
            area.x,
            area.y + 1,
            &Line::styled(truncate(&head, w), look.theme.label),
            area.width,
        );
        let height = (area.height as usize).saturating_sub(2);
        if self.visible.is_empty() {
            buf.set_line(
                area.x + 2,
                area.y + 2,
                &Line::styled(
                    lang.pick("（没有符合条件的人员）", "(nobody matches)"),
                    look.theme.dim,
                ),
                area.width.saturating_sub(2),
            );
        }
        let today = today();
        for (n, &i) in self
            .visible
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(height)
        {
            let r = &self.rows[i];
            let selected = n == self.cursor;
            let marked = self.marked.contains(&r.id);
            let lead = match (selected, marked) {
                (true, true) => ">*",
                (true, false) => "> ",
                (false, true) => " *",
                (false, false) => "  ",
            };
            let age = r
                .birth
                .and_then(|b| today.years_since(b))
                .map(|a| a.to_string())
                .unwrap_or_default();
            // The column is 4 cells wide: 男/女, or M/F (the card spells them out).
            let gender = r.gender.map_or("", |g| match (lang, g) {
                (Lang::Zh, g) => g.label_zh(),
                (Lang::En, Gender::Male) => "M",
                (Lang::En, Gender::Female) => "F",
            });
            let unit_w = w.saturating_sub(2 + 11 + 5 + 5 + 9 + 20);
            let unit = short_path(&r.unit_path);
            let style = if selected {
                look.theme.selected
            } else if r.removed.is_some() {
                look.theme.dim
            } else {
                Style::new()
            };
            let line = Line::from(vec![
                Span::styled(lead, look.theme.selected),
                Span::styled(
                    format!(
                        "{} {} {} {} {} {}",
                        pad(&name_cell(r.name(), r.removed.is_some(), lang), 10),
                        pad(gender, 4),
                        pad(&age, 4),
                        pad(&truncate(r.category.map_or("—", |c| c.label(lang)), 8), 8),
                        pad(&r.id_number_masked, 19),
                        truncate(unit, unit_w)
                    ),
                    style,
                ),
            ]);
            buf.set_line(
                area.x,
                area.y + 2 + (n - self.offset) as u16,
                &line,
                area.width,
            );
        }
    }

    fn card_lines(&self, p: &Person, lang: Lang) -> Vec<(String, String)> {
        let z = |zh: &str, en: &str| lang.pick(zh, en).to_string();
        let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        let mut lines = vec![
            (z("姓名", "Name"), p.name.clone()),
            (
                z("性别", "Gender"),
                p.gender.map_or("—".into(), |g| {
                    lang.pick(g.label_zh(), g.label_en()).to_string()
                }),
            ),
            (z("出生日期", "Born"), day(p.birth_day())),
            (
                z("身份证号", "ID number"),
                p.id_number
                    .as_ref()
                    .map_or("—".into(), |n| n.as_str().to_string()),
            ),
            (
                z("联系电话", "Phone"),
                if p.phone.is_empty() {
                    "—".into()
                } else {
                    p.phone.clone()
                },
            ),
            (z("所属单位", "Unit"), self.tree.path(p.unit)),
        ];
        if !p.employer.is_empty() || !p.post.is_empty() {
            lines.push((
                z("原单位职务", "Former post"),
                format!("{} {}", p.employer, p.post),
            ));
        }
        if let Some(e) = &p.elder {
            let core = if e.core {
                lang.pick("（骨干）", " (core)")
            } else {
                ""
            };
            lines.push((
                z("类别", "Category"),
                format!("{}{core}", e.category.label(lang)),
            ));
            lines.push((z("来源", "Source"), e.source.label(lang).to_string()));
            lines.push((
                z("入列 / 登记", "Joined / re-reg."),
                format!("{} / {}", day(e.joined), day(e.reregistered)),
            ));
            let status = match &e.status {
                RosterStatus::Active => z("在册", "on the roll"),
                RosterStatus::Removed { on, reason, note } => {
                    format!(
                        "{} {on} {} {note}",
                        lang.pick("已除名", "struck off"),
                        reason.label(lang)
                    )
                }
            };
            lines.push((z("状态", "Status"), status));
            for t in e.talks.iter().rev() {
                lines.push((
                    z("谈心谈话", "Talk"),
                    format!(
                        "{} {} [{}] {}",
                        t.date,
                        t.by,
                        t.outcome.label(lang),
                        t.summary
                    ),
                ));
            }
            for h in e.honours.iter().rev() {
                lines.push((
                    z("表彰", "Honour"),
                    format!("{} {}（{}）", h.date, h.title, h.level.label(lang)),
                ));
            }
        }
        if !p.notes.is_empty() {
            lines.push((z("备注", "Notes"), p.notes.replace('\n', " ")));
        }
        lines
    }

    fn render_card(&self, p: &Person, frame: &mut Frame, area: Rect, look: &Look) {
        let lang = l(look.text);
        let lines = self.card_lines(p, lang);
        let label_w = lines
            .iter()
            .map(|(l, _)| display_width(l))
            .max()
            .unwrap_or(0)
            + 2;
        let buf = frame.buffer_mut();
        let value_w = (area.width as usize).saturating_sub(label_w + 2);
        for (i, (label, value)) in lines.iter().enumerate().take(area.height as usize) {
            let y = area.y + i as u16;
            buf.set_line(
                area.x + 1,
                y,
                &Line::styled(label.as_str(), look.theme.label),
                label_w as u16,
            );
            let style = if i == 0 {
                look.theme.title
            } else {
                Style::new()
            };
            buf.set_line(
                area.x + 1 + label_w as u16,
                y,
                &Line::styled(truncate(value, value_w), style),
                value_w as u16,
            );
        }
    }

    fn saved(&mut self, cx: &mut Cx, p: &Person, what: (&str, &str)) {
        self.refresh(cx);
        if self.card.is_some() {
            self.card = Some(p.clone());
        }
        if let Some(i) = self.visible.iter().position(|&i| self.rows[i].id == p.id) {
            self.cursor = i;
        }
        let lang = cx.text.0;
        *cx.status = Status::info(format!(
            "{}{}{}",
            lang.pick(what.0, what.1),
            cx.text.label_sep(),
            p.name
        ));
    }
}

/// 爱辉区/四嘉子乡/小乌斯力村 → 四嘉子乡/小乌斯力村: the district is the
/// same on every row.
fn short_path(path: &str) -> &str {
    path.split_once('/').map_or(path, |(_, rest)| rest)
}

impl View for Roster {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Roster, Context::Global]
    }

    fn mode(&self, text: Text) -> &'static str {
        if self.card.is_some() {
            l(text).pick("名片", "card")
        } else {
            l(text).pick("名册", "roster")
        }
    }

    fn offers(&self, action: &Action) -> bool {
        match action {
            // Esc goes back from a card, or lets go of marked rows; Enter opens a card.
            Action::Cancel => self.card.is_some() || !self.marked.is_empty(),
            Action::Open => self.card.is_none(),
            Action::Add => self.permits.writes_anywhere(),
            a if changes_people(a) => self
                .target_units(a)
                .iter()
                .all(|u| self.permits.may_write(&self.tree, *u)),
            _ => true,
        }
    }

    fn update(&mut self, action: &Action, cx: &mut Cx) {
        let height = (cx.body.height as usize).saturating_sub(2);
        let last = self.visible.len().saturating_sub(1);
        let text = cx.text;
        match action {
            Action::Down if self.card.is_none() => self.cursor = (self.cursor + 1).min(last),
            Action::Up if self.card.is_none() => self.cursor = self.cursor.saturating_sub(1),
            Action::PageDown => self.cursor = (self.cursor + height.max(2) - 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(height.max(2) - 1),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::Open => {
                if let Some(id) = self.selected().map(|r| r.id) {
                    match cx.backend.run(GetPerson { id }) {
                        Ok(p) => self.card = Some(p),
                        Err(e) => *cx.status = Status::error(e.message(text.0)),
                    }
                }
            }
            Action::Cancel if self.card.is_some() => self.card = None,
            Action::Cancel => self.marked.clear(),
            a if changes_people(a) && !self.may(a, cx) => {}
            Action::Add => {
                cx.popups.push(Popup::Form(self.person_form(
                    text,
                    FormPurpose::AddPerson,
                    None,
                    &[],
                )));
            }
            Action::Edit => {
                if let Some(p) = self.current(cx) {
                    let purpose = FormPurpose::EditPerson {
                        id: p.id,
                        rev: p.rev,
                    };
                    cx.popups
                        .push(Popup::Form(self.person_form(text, purpose, Some(&p), &[])));
                }
            }
            Action::StrikeOff => {
                if let Some(p) = self.current(cx) {
                    cx.popups.push(Popup::Form(self.strike_form(&p, text)));
                }
            }
            Action::VoidRecord => {
                if let Some(p) = self.current(cx) {
                    cx.popups.push(Popup::Form(self.void_form(&p, text)));
                }
            }
            Action::Talk => {
                if let Some(p) = self.current(cx) {
                    cx.popups.push(Popup::Form(self.talk_form(&p, text)));
                }
            }
            Action::Honour => {
                if let Some(p) = self.current(cx) {
                    cx.popups.push(Popup::Form(self.honour_form(&p, text)));
                }
            }
            Action::Mark => {
                if let Some(id) = self.selected().map(|r| r.id)
                    && !self.marked.remove(&id)
                {
                    self.marked.insert(id);
                }
                self.cursor = (self.cursor + 1).min(last);
            }
            Action::Reregister => {
                let people: Vec<(PersonId, u64)> = if self.marked.is_empty() {
                    self.selected().map(|r| (r.id, r.rev)).into_iter().collect()
                } else {
                    self.rows
                        .iter()
                        .filter(|r| self.marked.contains(&r.id))
                        .map(|r| (r.id, r.rev))
                        .collect()
                };
                if !people.is_empty() {
                    cx.popups
                        .push(Popup::Form(self.reregister_form(people, text)));
                }
            }
            Action::Search => cx.popups.push(Popup::Form(self.search_form(text))),
            Action::FilterUnit => cx.popups.push(Popup::Search(SearchState::new(
                self.unit_matcher.clone() as Rc<dyn Matcher>,
                self.unit_entries.clone(),
            ))),
            Action::FilterCategory => {
                self.category = match self.category {
                    None => Category::ALL.first().copied(),
                    Some(c) => {
                        let i = Category::ALL.iter().position(|x| *x == c).unwrap_or(0);
                        Category::ALL.get(i + 1).copied()
                    }
                };
                self.refilter();
            }
            Action::FilterStatus => {
                self.status = match self.status {
                    Some(StatusFilter::Active) => Some(StatusFilter::Removed),
                    Some(StatusFilter::Removed) => None,
                    None => Some(StatusFilter::Active),
                };
                self.refilter();
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.refilter();
            }
            _ => {}
        }
        self.scroll(height);
    }

    fn submit(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        let lang = cx.text.0;
        let b = cx.backend;
        let fresh = |id: PersonId, rev: u64| -> Result<Person> {
            let mut p = b.run(GetPerson { id })?;
            // Save against the revision the form was opened on, so a change
            // made meanwhile is reported, not overwritten.
            p.rev = rev;
            Ok(p)
        };
        let result = match form.purpose.clone() {
            FormPurpose::AddPerson => {
                let draft = self.draft_from(form, None)?;
                let p = b.run(CreatePerson { draft })?;
                self.saved(cx, &p, ("已登记", "Registered"));
                // A double registration looks like this: say so before the
                // next entry, in the form the user is looking at.
                let rows = b.run(ListPeople {
                    filter: PeopleFilter {
                        unit: Some(p.unit),
                        search: p.name.clone(),
                        include_non_elders: true,
                        ..PeopleFilter::default()
                    },
                })?;
                let warning = namesake_warning(&namesakes(&rows, &p), lang);
                self.scroll((cx.body.height as usize).saturating_sub(2));
                // Fast entry: the next person of the same register.
                let keep: Vec<(String, String)> = form
                    .values()
                    .into_iter()
                    .filter(|(k, _)| matches!(k.as_str(), "unit" | "category" | "source"))
                    .collect();
                let mut next = self.person_form(cx.text, FormPurpose::AddPerson, None, &keep);
                if let Some(w) = warning {
                    next.note.insert(0, w.clone());
                    *cx.status = Status::error(w);
                }
                cx.popups.push(Popup::Form(next));
                return Ok(());
            }
            FormPurpose::EditPerson { id, rev } => {
                let before = fresh(id, rev)?;
                let draft = self.draft_from(form, Some(&before))?;
                b.run(UpdatePerson {
                    id: before.id,
                    rev: before.rev,
                    draft,
                })
                .map(|p| (p, ("已保存", "Saved")))
            }
            FormPurpose::VoidPerson { id } => {
                let p = b.run(GetPerson { id })?;
                b.run(VoidRecord {
                    kind: RecordKind::Person,
                    id: id.0,
                    reason: form.value("reason").to_string(),
                })?;
                // Gone from the roster: the card closes on the list.
                self.card = None;
                self.refresh(cx);
                *cx.status = Status::info(format!(
                    "{}{}{}",
                    lang.pick("已作废", "Voided"),
                    cx.text.label_sep(),
                    p.name
                ));
                return Ok(());
            }
            FormPurpose::StrikeOff { id, rev } => {
                let p = fresh(id, rev)?;
                let strike = StrikeOff {
                    on: required_day(&form.value("date"), ErrField::Date)?,
                    reason: RemovalReason::parse(&form.value("reason"))
                        .unwrap_or(RemovalReason::Other),
                    note: form.value("note"),
                };
                b.run(StrikeOffPerson {
                    id: p.id,
                    rev: p.rev,
                    strike,
                })
                .map(|p| (p, ("已除名", "Struck off")))
            }
            FormPurpose::Talk { id, rev } => {
                let p = fresh(id, rev)?;
                let talk = Talk {
                    date: required_day(&form.value("date"), ErrField::Date)?,
                    by: form.value("person"),
                    summary: form.value("text"),
                    outcome: TalkOutcome::parse(&form.value("status")).unwrap_or(TalkOutcome::Keep),
                };
                b.run(RecordTalk {
                    id: p.id,
                    rev: p.rev,
                    talk,
                })
                .map(|p| (p, ("已记录谈话", "Talk recorded")))
            }
            FormPurpose::Honour { id, rev } => {
                let p = fresh(id, rev)?;
                let honour = Honour {
                    title: form.value("name"),
                    level: HonourLevel::parse(&form.value("text")).unwrap_or(HonourLevel::District),
                    date: required_day(&form.value("date"), ErrField::Date)?,
                };
                b.run(AddHonour {
                    id: p.id,
                    rev: p.rev,
                    honour,
                })
                .map(|p| (p, ("已记录表彰", "Honour recorded")))
            }
            FormPurpose::Reregister { people } => {
                let on = required_day(&form.value("date"), ErrField::Date)?;
                let n = b.run(Reregister { people, on })?;
                self.marked.clear();
                self.refresh(cx);
                *cx.status = Status::info(match lang {
                    Lang::Zh => format!("已重新登记 {n} 人"),
                    Lang::En => format!("Re-registered {n}"),
                });
                return Ok(());
            }
            FormPurpose::SearchPeople => {
                self.search_for(&form.value("name"), cx);
                return Ok(());
            }
            _ => return Ok(()),
        };
        match result {
            Ok((p, what)) => {
                self.saved(cx, &p, what);
                self.scroll((cx.body.height as usize).saturating_sub(2));
                Ok(())
            }
            Err(e) => {
                if matches!(e, Error::Conflict { .. }) {
                    self.refresh(cx);
                    if let Some(fresh) = self.card.clone().or_else(|| {
                        let id = match &form.purpose {
                            FormPurpose::EditPerson { id, .. }
                            | FormPurpose::StrikeOff { id, .. }
                            | FormPurpose::Talk { id, .. }
                            | FormPurpose::Honour { id, .. } => *id,
                            _ => return None,
                        };
                        cx.backend.run(GetPerson { id }).ok()
                    }) {
                        match &mut form.purpose {
                            FormPurpose::EditPerson { rev, .. }
                            | FormPurpose::StrikeOff { rev, .. }
                            | FormPurpose::Talk { rev, .. }
                            | FormPurpose::Honour { rev, .. } => *rev = fresh.rev,
                            _ => {}
                        }
                    }
                }
                Err(e)
            }
        }
    }

    fn form_for(
        &self,
        purpose: &FormPurpose,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<FormState> {
        match purpose {
            FormPurpose::AddPerson => {
                Some(self.person_form(text, FormPurpose::AddPerson, None, &[]))
            }
            FormPurpose::SearchPeople => Some(self.search_form(text)),
            FormPurpose::VoidPerson { id } => {
                let p = backend.run(GetPerson { id: *id }).ok()?;
                Some(self.void_form(&p, text))
            }
            FormPurpose::Reregister { people } => Some(self.reregister_form(people.clone(), text)),
            FormPurpose::EditPerson { id, .. }
            | FormPurpose::StrikeOff { id, .. }
            | FormPurpose::Talk { id, .. }
            | FormPurpose::Honour { id, .. } => {
                // The stored person, as it is now: the form's revision
                // stays the one it was opened on, so a save over someone
                // else's later change is refused, not written over it.
                let p = backend.run(GetPerson { id: *id }).ok()?;
                let mut f = match purpose {
                    FormPurpose::EditPerson { .. } => {
                        self.person_form(text, purpose.clone(), Some(&p), &[])
                    }
                    FormPurpose::StrikeOff { .. } => self.strike_form(&p, text),
                    FormPurpose::Talk { .. } => self.talk_form(&p, text),
                    _ => self.honour_form(&p, text),
                };
                f.purpose = purpose.clone();
                Some(f)
            }
            _ => None,
        }
    }

    fn answer(&mut self, _purpose: &ChoicePurpose, _answer: usize, _cx: &mut Cx) {}

    fn found(&mut self, id: u64, cx: &mut Cx) {
        self.unit = Some(UnitId(id));
        self.cursor = 0;
        self.refilter();
        self.scroll((cx.body.height as usize).saturating_sub(2));
    }

    fn notice(&mut self, notice: &ChangeNotice, cx: &mut Cx) {
        if matches!(notice.kind, RecordKind::Person | RecordKind::Unit) {
            self.refresh(cx);
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        match &self.card {
            Some(p) => self.render_card(p, frame, area, look),
            None => self.render_table(frame, area, look),
        }
    }

    fn unit_picker(&self, form: &FormState, typed: &str) -> Option<SearchState> {
        matches!(
            form.purpose,
            FormPurpose::AddPerson | FormPurpose::EditPerson { .. }
        )
        .then(|| {
            SearchState::for_field(
                self.unit_matcher.clone() as Rc<dyn Matcher>,
                self.unit_entries.clone(),
                UNIT_FIELD,
                typed,
            )
        })
    }

    fn form_changed(&mut self, form: &mut FormState, cx: &mut Cx) {
        if form.purpose == FormPurpose::SearchPeople {
            self.search_for(&form.value("name"), cx);
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// The name as the roster's 10-column cell shows it. A struck-off row carries
/// a mark after the name, so it is told apart without colour (NO_COLOR, a
/// printout of the screen).
fn name_cell(name: &str, struck_off: bool, lang: Lang) -> String {
    if !struck_off {
        return truncate(name, 10);
    }
    let mark = lang.pick("[除]", "[x]");
    let room = 10 - crate::domain::text::display_width(mark);
    format!("{}{mark}", truncate(name, room))
}
