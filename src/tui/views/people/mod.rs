//! 五老: the elder roster as a table (filtered by unit, category, status and
//! name or pinyin initials, sortable), each person's card, and the forms
//! that register, edit, strike off, record talks and honours, and
//! re-register a selection.

mod forms;
mod render;
mod row;
mod save;

use std::collections::BTreeMap;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::people::{
    GetPerson, ListPeoplePage, PeopleFilter, PeoplePage, PeopleSort, StatusFilter,
};
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::day::Day;
use crate::domain::person::{Category, Person, PersonId};
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
use crate::tui::views::units_index::UnitsIndex;
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
    fn wire(self) -> PeopleSort {
        match self {
            SortBy::Unit => PeopleSort::Unit,
            SortBy::Name => PeopleSort::Name,
            SortBy::Age => PeopleSort::Age,
            SortBy::Joined => PeopleSort::Joined,
        }
    }

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

/// How many rows of the roster the tab holds: the screen's and a margin
/// either side, so that moving through a page asks the service nothing.
const WINDOW: usize = 512;

pub struct Roster {
    /// Rows `first..first + rows.len()` of the filtered, sorted roster: a
    /// window around the cursor, not every person.
    rows: Vec<RosterRow>,
    first: usize,
    /// How many rows the roster has, and how many of them are on the roll.
    total: usize,
    active: usize,
    list: ListCursor,
    tree: Arc<UnitTree>,
    unit: Option<UnitId>,
    category: Option<Category>,
    status: Option<StatusFilter>,
    search: String,
    sort: SortBy,
    /// Each with the revision and unit it was marked at: the rows may be
    /// out of the window by the time they are re-registered.
    marked: BTreeMap<PersonId, (u64, UnitId)>,
    /// The person whose card is open instead of the table.
    card: Option<Person>,
    unit_entries: Arc<Vec<Entry>>,
    unit_matcher: Arc<PinyinMatcher>,
    permits: Permits,
    /// The tag of the last listing asked for off the screen's thread, until
    /// its answer is in; an answer with another tag is stale.
    relisting: Option<u64>,
    tags: u64,
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
            first: 0,
            total: 0,
            active: 0,
            list: ListCursor::default(),
            tree: Arc::default(),
            unit: None,
            category: None,
            status: Some(StatusFilter::Active),
            search: String::new(),
            sort: SortBy::Unit,
            marked: BTreeMap::new(),
            card: None,
            unit_entries: Arc::new(Vec::new()),
            unit_matcher: Arc::new(PinyinMatcher::default()),
            permits: Permits::load(backend)?,
            relisting: None,
            tags: 0,
        };
        r.reload(backend)?;
        Ok(r)
    }

    fn reload(&mut self, backend: &dyn Backend) -> Result<()> {
        let keep = self.selected().map(|r| r.id);
        self.reload_around(backend, keep)
    }

    /// Units and rows read again, the cursor on `keep` if they are listed.
    fn reload_around(&mut self, backend: &dyn Backend, keep: Option<PersonId>) -> Result<()> {
        let index = UnitsIndex::read(backend)?;
        self.tree = index.tree;
        self.unit_entries = index.entries;
        self.unit_matcher = index.matcher;
        if let Some(card) = &self.card {
            self.card = backend.run(GetPerson { id: card.id }).ok();
        }
        self.fetch(backend, keep)
    }

    fn filter(&self) -> PeopleFilter {
        PeopleFilter {
            unit: self.unit,
            category: self.category,
            status: self.status,
            search: self.search.clone(),
            include_non_elders: false,
        }
    }

    /// The window around the cursor, or around `around` (the cursor then
    /// goes to them) when they are listed.
    fn fetch(&mut self, backend: &dyn Backend, around: Option<PersonId>) -> Result<()> {
        let page = backend.run(self.page_query(around))?;
        // Read now, with the filters as they are: a listing still on its
        // way can only be as new.
        self.relisting = None;
        self.take_page(page);
        Ok(())
    }

    fn page_query(&self, around: Option<PersonId>) -> ListPeoplePage {
        ListPeoplePage {
            filter: self.filter(),
            sort: self.sort.wire(),
            offset: self.list.cursor.saturating_sub(WINDOW / 2),
            limit: WINDOW,
            around,
        }
    }

    fn take_page(&mut self, page: PeoplePage) {
        self.total = page.total;
        self.active = page.active;
        self.first = page.offset;
        self.rows = lean_rows(page.rows);
        if let Some(at) = page.at {
            self.list.cursor = at;
        }
        self.list.clamp(self.total);
    }

    /// The rows `height` from the top of the table held, read again around
    /// the cursor when some are not.
    fn ensure_window(&mut self, backend: &dyn Backend, height: usize) -> Result<()> {
        self.list.keep_visible(self.total, height);
        let shown = self.list.offset..(self.list.offset + height).min(self.total);
        let held = self.first..self.first + self.rows.len();
        let cursor_held = self.total == 0 || held.contains(&self.list.cursor);
        if cursor_held && shown.start >= held.start && shown.end <= held.end {
            return Ok(());
        }
        self.fetch(backend, None)?;
        self.list.keep_visible(self.total, height);
        Ok(())
    }

    /// The filters or the order changed: the rows listed again, the cursor
    /// where it was in the list. The service reads the whole roster for
    /// that, so it is asked off the screen's thread; the rows shown stay
    /// until the answer replaces them.
    fn relist(&mut self, cx: &mut Cx) {
        self.tags += 1;
        self.relisting = Some(self.tags);
        let query = self.page_query(None);
        cx.later.read(self.tags, move |b| b.run(query));
    }

    /// A listing asked for by `relist`, unless a newer one was asked since.
    fn relisted(&mut self, tag: u64, reply: Box<dyn std::any::Any + Send>, cx: &mut Cx) {
        if self.relisting != Some(tag) {
            return;
        }
        self.relisting = None;
        let Ok(page) = reply.downcast::<Result<PeoplePage>>() else {
            return;
        };
        let height = (cx.body.height as usize).saturating_sub(2);
        match *page {
            Ok(page) => {
                self.take_page(page);
                if let Err(e) = self.ensure_window(cx.backend, height) {
                    *cx.status = Status::error(e.message(cx.text.0));
                }
            }
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }

    /// The units of the people an action would change: the open card's
    /// person, else the marked rows for a re-registration, else the row
    /// under the cursor.
    fn target_units(&self, action: &Action) -> Vec<UnitId> {
        if let Some(p) = &self.card {
            return vec![p.unit];
        }
        if *action == Action::Reregister && !self.marked.is_empty() {
            return self.marked.values().map(|(_, unit)| *unit).collect();
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
        self.row(self.list.cursor)
    }

    /// Row `n` of the list, if the window holds it.
    fn row(&self, n: usize) -> Option<&RosterRow> {
        n.checked_sub(self.first).and_then(|i| self.rows.get(i))
    }

    /// The names of the rows held, in their order: the whole list when it
    /// is shorter than the window.
    pub fn visible_names(&self) -> Vec<&str> {
        self.rows.iter().map(RosterRow::name).collect()
    }

    pub fn card(&self) -> Option<&Person> {
        self.card.as_ref()
    }

    fn scroll(&mut self, height: usize) {
        self.list.keep_visible(self.total, height);
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
        let last = self.total.saturating_sub(1);
        let text = cx.text;
        match action {
            // Up and down do nothing on a card; the pages and the ends still move the list.
            Action::Down | Action::Up if self.card.is_some() => {}
            a if self.list.step(a, self.total, height) => {}
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
                if let Some((id, seen)) = self.selected().map(|r| (r.id, (r.rev, r.unit)))
                    && self.marked.remove(&id).is_none()
                {
                    self.marked.insert(id, seen);
                }
                self.list.cursor = (self.list.cursor + 1).min(last);
            }
            Action::Reregister => {
                let people: Vec<(PersonId, u64)> = if self.marked.is_empty() {
                    self.selected().map(|r| (r.id, r.rev)).into_iter().collect()
                } else {
                    self.marked
                        .iter()
                        .map(|(id, (rev, _))| (*id, *rev))
                        .collect()
                };
                if !people.is_empty() {
                    cx.popups
                        .push(Popup::Form(self.reregister_form(people, text)));
                }
            }
            Action::Search => cx.popups.push(Popup::Form(self.search_form(text))),
            Action::FilterUnit => cx.popups.push(Popup::Search(SearchState::new(
                self.unit_matcher.clone() as Arc<dyn Matcher>,
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
                self.relist(cx);
            }
            Action::FilterStatus => {
                self.status = match self.status {
                    Some(StatusFilter::Active) => Some(StatusFilter::Removed),
                    Some(StatusFilter::Removed) => None,
                    None => Some(StatusFilter::Active),
                };
                self.relist(cx);
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.relist(cx);
            }
            _ => {}
        }
        if let Err(e) = self.ensure_window(cx.backend, height) {
            *cx.status = Status::error(e.message(cx.text.0));
        }
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
        self.relist(cx);
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
                self.unit_matcher.clone() as Arc<dyn Matcher>,
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

    fn arrived(&mut self, tag: u64, reply: Box<dyn std::any::Any + Send>, cx: &mut Cx) {
        self.relisted(tag, reply, cx);
    }

    fn waiting(&self) -> bool {
        self.relisting.is_some()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
