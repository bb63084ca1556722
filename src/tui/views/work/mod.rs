//! 工作: the office's work records in four lists (activities, trainings,
//! village visits, study-base sessions), each a table the service pages
//! through, filtered by unit subtree, period, kind or mode and pinyin search;
//! a record's card, and the forms that add (fast entry), edit and void one.

mod card;
mod forms;
mod people;
mod render;
mod save;

use std::collections::HashMap;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::work::{GetWork, ListThemes, ListWork, WorkCard, WorkFilter};
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::day::Day;
use crate::domain::person::PersonId;
use crate::domain::tree::UnitTree;
use crate::domain::work::{ActivityKind, TrainingMode};
use crate::domain::work_item::{WorkItem, WorkList};
use crate::error::Result;
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
pub use card::card_lines;
pub use forms::WorkForm;

/// How many records of a list the tab holds around the cursor: a few
/// screens, so that moving through a page asks the service nothing, and
/// never the whole list.
pub const WINDOW: usize = 120;

/// The days a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    All,
    ThisMonth,
    ThisYear,
}

impl Period {
    fn next(self) -> Period {
        match self {
            Period::All => Period::ThisMonth,
            Period::ThisMonth => Period::ThisYear,
            Period::ThisYear => Period::All,
        }
    }

    /// The first and last day, around `today`.
    fn days(self, today: Day) -> (Option<Day>, Option<Day>) {
        let d = today.date();
        let ymd = |y, m, day| Day::ymd(y, m, day);
        use chrono::Datelike;
        match self {
            Period::All => (None, None),
            Period::ThisMonth => {
                let first = ymd(d.year(), d.month(), 1);
                let next = if d.month() == 12 {
                    ymd(d.year() + 1, 1, 1)
                } else {
                    ymd(d.year(), d.month() + 1, 1)
                };
                (first, next.map(Day::pred))
            }
            Period::ThisYear => (ymd(d.year(), 1, 1), ymd(d.year(), 12, 31)),
        }
    }

    fn label(self, text: Text) -> &'static str {
        match self {
            Period::All => text.work_period_all(),
            Period::ThisMonth => text.work_period_month(),
            Period::ThisYear => text.work_period_year(),
        }
    }
}

/// One list's place: its cursor and scroll, kept while another list is shown.
#[derive(Debug, Default, Clone, Copy)]
struct Place {
    list: ListCursor,
}

pub struct Work {
    list: WorkList,
    /// Records `first..first + items.len()` of the list as filtered: a
    /// window around the cursor.
    items: Vec<WorkItem>,
    first: usize,
    total: usize,
    /// The names of the people the held records name.
    names: HashMap<PersonId, String>,
    places: [Place; 4],
    tree: Arc<UnitTree>,
    unit: Option<UnitId>,
    period: Period,
    kind: Option<ActivityKind>,
    mode: Option<TrainingMode>,
    search: String,
    card: Option<WorkCard>,
    /// The record an edit form was opened on, for keeping what someone else
    /// saved meanwhile when the edit is refused.
    editing: Option<WorkCard>,
    themes: Vec<String>,
    unit_entries: Arc<Vec<Entry>>,
    unit_matcher: Arc<PinyinMatcher>,
    people: crate::tui::views::people_pick::PeoplePick,
    permits: Permits,
    today: Day,
}

/// The actions that change records.
fn changes_records(action: &Action) -> bool {
    matches!(action, Action::Add | Action::Edit | Action::VoidRecord)
}

/// The tab, for `views::all`.
pub fn tab() -> Tab {
    Tab::new::<WorkForm>(Text::tab_work, |b| Ok(Box::new(Work::load(b)?)))
}

fn list_index(list: WorkList) -> usize {
    WorkList::ALL.iter().position(|l| *l == list).unwrap_or(0)
}

impl Work {
    pub fn load(backend: &dyn Backend) -> Result<Work> {
        let mut w = Work {
            list: WorkList::Activities,
            items: Vec::new(),
            first: 0,
            total: 0,
            names: HashMap::new(),
            places: [Place::default(); 4],
            tree: Arc::default(),
            unit: None,
            period: Period::All,
            kind: None,
            mode: None,
            search: String::new(),
            card: None,
            editing: None,
            themes: Vec::new(),
            unit_entries: Arc::new(Vec::new()),
            unit_matcher: Arc::new(PinyinMatcher::default()),
            people: Default::default(),
            permits: Permits::load(backend)?,
            today: Day::today(),
        };
        w.reload(backend)?;
        Ok(w)
    }

    /// Units, themes and the window read again; the open card too.
    fn reload(&mut self, backend: &dyn Backend) -> Result<()> {
        let index = UnitsIndex::read(backend)?;
        self.tree = index.tree;
        self.unit_entries = index.entries;
        self.unit_matcher = index.matcher;
        self.themes = backend.run(ListThemes {})?;
        if let Some(card) = &self.card {
            self.card = backend.run(GetWork { id: card.item.id() }).ok();
        }
        self.fetch(backend)
    }

    pub fn filter(&self) -> WorkFilter {
        let (from, to) = self.period.days(self.today);
        WorkFilter {
            list: self.list,
            unit: self.unit,
            from,
            to,
            kind: self.kind.filter(|_| self.list == WorkList::Activities),
            mode: self.mode.filter(|_| self.list == WorkList::Trainings),
            search: self.search.clone(),
            oldest_first: false,
        }
    }

    fn place(&self) -> &ListCursor {
        &self.places[list_index(self.list)].list
    }

    fn place_mut(&mut self) -> &mut ListCursor {
        &mut self.places[list_index(self.list)].list
    }

    /// The window around the cursor.
    fn fetch(&mut self, backend: &dyn Backend) -> Result<()> {
        let page = backend.run(ListWork {
            filter: self.filter(),
            offset: self.place().cursor.saturating_sub(WINDOW / 2),
            limit: WINDOW,
        })?;
        self.total = page.total;
        self.first = page.offset;
        self.items = page.items;
        self.names = page.names.into_iter().collect();
        let total = self.total;
        self.place_mut().clamp(total);
        Ok(())
    }

    /// The rows `height` from the top held, read again around the cursor
    /// when some are not.
    fn ensure_window(&mut self, backend: &dyn Backend, height: usize) -> Result<()> {
        let total = self.total;
        self.place_mut().keep_visible(total, height);
        let at = *self.place();
        let shown = at.offset..(at.offset + height).min(total);
        let held = self.first..self.first + self.items.len();
        let cursor_held = total == 0 || held.contains(&at.cursor);
        if cursor_held && shown.start >= held.start && shown.end <= held.end {
            return Ok(());
        }
        self.fetch(backend)?;
        let total = self.total;
        self.place_mut().keep_visible(total, height);
        Ok(())
    }

    fn table_height(cx: &Cx) -> usize {
        (cx.body.height as usize).saturating_sub(2)
    }

    /// The filters changed: the list read again from its top.
    fn relist(&mut self, cx: &mut Cx) {
        *self.place_mut() = ListCursor::default();
        self.refetch(cx);
    }

    /// The list read again where the cursor is.
    fn refetch(&mut self, cx: &mut Cx) {
        let height = Self::table_height(cx);
        if let Err(e) = self
            .fetch(cx.backend)
            .and_then(|()| self.ensure_window(cx.backend, height))
        {
            *cx.status = Status::error(e.message(cx.text.0));
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        let height = Self::table_height(cx);
        if let Err(e) = self
            .reload(cx.backend)
            .and_then(|()| self.ensure_window(cx.backend, height))
        {
            *cx.status = Status::error(e.message(cx.text.0));
        }
    }

    /// Row `n` of the list, if the window holds it.
    fn row(&self, n: usize) -> Option<&WorkItem> {
        n.checked_sub(self.first).and_then(|i| self.items.get(i))
    }

    pub fn selected(&self) -> Option<&WorkItem> {
        self.row(self.place().cursor)
    }

    pub fn list(&self) -> WorkList {
        self.list
    }

    pub fn total(&self) -> usize {
        self.total
    }

    /// The records held, in the list's order: the whole list when it is
    /// shorter than the window.
    pub fn held(&self) -> &[WorkItem] {
        &self.items
    }

    pub fn card(&self) -> Option<&WorkCard> {
        self.card.as_ref()
    }

    /// The unit whose record the action would change.
    fn target_unit(&self) -> Option<UnitId> {
        match &self.card {
            Some(c) => Some(c.item.unit()),
            None => self.selected().map(WorkItem::unit),
        }
    }

    /// False, with the reason in the status bar, when the account may not
    /// take the action.
    fn may(&self, action: &Action, cx: &mut Cx) -> bool {
        let checked = match (action, self.target_unit()) {
            (Action::Add, _) | (_, None) => self.permits.check_writes_anywhere(&self.tree),
            (_, Some(u)) => self.permits.check_write(&self.tree, u),
        };
        match checked {
            Ok(()) => true,
            Err(e) => {
                *cx.status = Status::error(e.message(cx.text.0));
                false
            }
        }
    }

    /// The card of the record the cursor is on, or the open one.
    fn current(&self, cx: &mut Cx) -> Option<WorkCard> {
        if let Some(c) = &self.card {
            return Some(c.clone());
        }
        let id = self.selected()?.id();
        match cx.backend.run(GetWork { id }) {
            Ok(c) => Some(c),
            Err(e) => {
                *cx.status = Status::error(e.message(cx.text.0));
                None
            }
        }
    }

    fn switch(&mut self, list: WorkList, cx: &mut Cx) {
        self.list = list;
        self.card = None;
        self.refetch(cx);
    }

    /// The kind (activities) or mode (trainings) filter moved to the next
    /// one, after the last back to none.
    fn cycle_kind(&mut self, cx: &mut Cx) {
        fn next<T: Copy + PartialEq>(all: &[T], now: Option<T>) -> Option<T> {
            match now {
                None => all.first().copied(),
                Some(c) => {
                    let i = all.iter().position(|x| *x == c).unwrap_or(0);
                    all.get(i + 1).copied()
                }
            }
        }
        match self.list {
            WorkList::Activities => self.kind = next(ActivityKind::ALL, self.kind),
            WorkList::Trainings => self.mode = next(TrainingMode::ALL, self.mode),
            _ => {
                *cx.status = Status::info(cx.text.work_no_kinds());
                return;
            }
        }
        self.relist(cx);
    }
}

impl View for Work {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Work, Context::Global]
    }

    fn mode(&self, text: Text) -> &'static str {
        if self.card.is_some() {
            text.mode_card()
        } else {
            text.work_list_label(self.list)
        }
    }

    fn offers(&self, action: &Action) -> bool {
        match action {
            Action::Cancel => self.card.is_some(),
            Action::Open => self.card.is_none() && self.total > 0,
            Action::Add => self.permits.writes_anywhere(),
            Action::Edit | Action::VoidRecord => self
                .target_unit()
                .is_some_and(|u| self.permits.may_write(&self.tree, u)),
            Action::FilterCategory => {
                matches!(self.list, WorkList::Activities | WorkList::Trainings)
            }
            _ => true,
        }
    }

    fn update(&mut self, action: &Action, cx: &mut Cx) {
        let height = Self::table_height(cx);
        let total = self.total;
        let text = cx.text;
        match action {
            Action::Down | Action::Up if self.card.is_some() => {}
            a if self.place_mut().step(a, total, height) => {}
            Action::Open => {
                if let Some(id) = self.selected().map(WorkItem::id) {
                    match cx.backend.run(GetWork { id }) {
                        Ok(c) => self.card = Some(c),
                        Err(e) => *cx.status = Status::error(e.message(text.0)),
                    }
                }
            }
            Action::Cancel => self.card = None,
            Action::SwitchList => {
                let i = (list_index(self.list) + 1) % WorkList::ALL.len();
                self.switch(WorkList::ALL[i], cx);
            }
            Action::PrevList => {
                let n = WorkList::ALL.len();
                let i = (list_index(self.list) + n - 1) % n;
                self.switch(WorkList::ALL[i], cx);
            }
            a if changes_records(a) && !self.may(a, cx) => {}
            Action::Add => {
                let form = self.add_form(text, self.list, &[]);
                cx.popups.push(Popup::Form(form));
            }
            Action::Edit => {
                if let Some(c) = self.current(cx) {
                    self.know_roster(&c, cx.backend);
                    let form = self.edit_form(text, &c);
                    self.editing = Some(c);
                    cx.popups.push(Popup::Form(form));
                }
            }
            Action::VoidRecord => {
                if let Some(c) = self.current(cx) {
                    cx.popups.push(Popup::Form(self.void_form(text, &c)));
                }
            }
            Action::Search => cx.popups.push(Popup::Form(self.search_form(text))),
            Action::FilterUnit => cx.popups.push(Popup::Search(SearchState::new(
                self.unit_matcher.clone() as Arc<dyn Matcher>,
                self.unit_entries.clone(),
            ))),
            Action::FilterPeriod => {
                self.today = Day::today();
                self.period = self.period.next();
                self.relist(cx);
            }
            Action::FilterCategory => self.cycle_kind(cx),
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
        self.relist(cx);
    }

    fn notice(&mut self, notice: &ChangeNotice, cx: &mut Cx) {
        match notice.kind {
            RecordKind::Activity
            | RecordKind::Training
            | RecordKind::Visit
            | RecordKind::StudySession
            | RecordKind::Unit => self.refresh(cx),
            RecordKind::Person => {
                // Names on the list and the roster to pick from may have changed.
                self.people.forget();
                self.refresh(cx);
            }
            _ => {}
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        match &self.card {
            Some(c) => self.render_card(c, frame, area, look),
            None => self.render_table(frame, area, look),
        }
    }

    fn unit_picker(&self, form: &FormState, typed: &str) -> Option<SearchState> {
        WorkForm::of(&form.purpose)
            .is_some_and(WorkForm::names_a_record)
            .then(|| {
                SearchState::for_field(
                    self.unit_matcher.clone() as Arc<dyn Matcher>,
                    self.unit_entries.clone(),
                    UNIT_FIELD,
                    typed,
                )
            })
    }

    fn field_picker(
        &self,
        form: &FormState,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<SearchState> {
        self.people_picker(form, backend, text)
    }

    fn form_changed(&mut self, form: &mut FormState, cx: &mut Cx) {
        if WorkForm::of(&form.purpose) == Some(&WorkForm::SearchWork) {
            self.search_for(&form.value("text"), cx);
        }
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
