//! 五老: the elder roster as a table (filtered by unit, category, status and
//! name or pinyin initials, sortable), each person's card, and the forms
//! that register, edit, strike off, record talks and honours, and
//! re-register a selection.

mod forms;
mod render;
mod row;
mod save;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::people::{GetPerson, ListPeople, PeopleFilter, StatusFilter};
use crate::api::units::ListUnits;
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::day::Day;
use crate::domain::person::{Category, Person, PersonId};
use crate::domain::pinyin_search::Query;
use crate::domain::tree::UnitTree;
use crate::domain::{UnitId, audit::RecordKind};
use crate::error::Result;
use crate::lang::Lang;
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::permits::Permits;
use crate::tui::popups::Popup;
use crate::tui::popups::choice::ChoicePurpose;
use crate::tui::popups::form::{FormPurpose, FormState, UNIT_FIELD};
use crate::tui::popups::search::{Entry, SearchState};
use crate::tui::search::{Matcher, PinyinMatcher};
use crate::tui::strings::Text;
use crate::tui::views::Tab;
use crate::tui::views::list::ListCursor;
use crate::tui::views::{Cx, Look, Status, View};
pub use forms::PeopleForm;
pub use row::RosterRow;
use row::lean_rows;

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
            SortBy::Unit => Text(l).sort_unit(),
            SortBy::Name => Text(l).sort_name(),
            SortBy::Age => Text(l).sort_age(),
            SortBy::Joined => Text(l).sort_joined(),
        }
    }
}

pub struct Roster {
    rows: Vec<RosterRow>,
    /// Indices into `rows` that pass the filters, in display order.
    visible: Vec<usize>,
    list: ListCursor,
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

/// The tab, for `views::all`.
pub fn tab() -> Tab {
    Tab::new::<PeopleForm>(Text::tab_people, |b| Ok(Box::new(Roster::load(b)?)))
}

impl Roster {
    pub fn load(backend: &dyn Backend) -> Result<Roster> {
        let mut r = Roster {
            rows: Vec::new(),
            visible: Vec::new(),
            list: ListCursor::default(),
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
            self.list.cursor = i;
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
        self.list.clamp(self.visible.len());
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
        self.visible.get(self.list.cursor).map(|&i| &self.rows[i])
    }

    pub fn visible_names(&self) -> Vec<&str> {
        self.visible.iter().map(|&i| self.rows[i].name()).collect()
    }

    pub fn card(&self) -> Option<&Person> {
        self.card.as_ref()
    }

    fn scroll(&mut self, height: usize) {
        self.list.keep_visible(self.visible.len(), height);
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
}

impl View for Roster {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Roster, Context::Global]
    }

    fn mode(&self, text: Text) -> &'static str {
        if self.card.is_some() {
            text.mode_card()
        } else {
            text.mode_roster()
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
            // Up and down do nothing on a card; the pages and the ends still move the list.
            Action::Down | Action::Up if self.card.is_some() => {}
            a if self.list.step(a, self.visible.len(), height) => {}
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
                    PeopleForm::AddPerson,
                    None,
                    &[],
                )));
            }
            Action::Edit => {
                if let Some(p) = self.current(cx) {
                    let purpose = PeopleForm::EditPerson {
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
                self.list.cursor = (self.list.cursor + 1).min(last);
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
        self.save_form(form, cx)
    }

    fn form_for(
        &self,
        purpose: &FormPurpose,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<FormState> {
        self.rebuild_form(purpose, backend, text)
    }

    fn answer(&mut self, _purpose: &ChoicePurpose, _answer: usize, _cx: &mut Cx) {}

    fn found(&mut self, id: u64, cx: &mut Cx) {
        self.unit = Some(UnitId(id));
        self.list.cursor = 0;
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
            form.purpose.of(),
            Some(PeopleForm::AddPerson | PeopleForm::EditPerson { .. })
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
        if form.purpose.of() == Some(&PeopleForm::SearchPeople) {
            self.search_for(&form.value("name"), cx);
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
