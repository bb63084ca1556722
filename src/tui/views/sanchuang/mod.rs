//! 三创: the cultivation plans on a board by stage (a table with a stage
//! column where the screen is narrow), a plan's card with its stage history,
//! guidance visits and the unit's activities; the info items with their
//! adoptions, and the bulletin issues composed from them and previewed in the
//! newsletter's layout.

mod board;
mod card;
mod forms;
mod info;
mod people;
mod preview;
mod save;

use std::cell::Cell;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::admin::Info;
use crate::api::sanchuang::{
    GetBulletin, GetPlan, ListBulletins, ListGroups, ListInfo, ListPlans, PlanCard, PlanRow,
};
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::bulletin::{Bulletin, InfoId, InfoItem, next_number};
use crate::domain::day::Day;
use crate::domain::guidance::WorkingGroup;
use crate::domain::plan::{PlanId, Stage};
use crate::domain::tree::UnitTree;
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
pub use forms::SanchuangForm;
pub use info::adoptions_cell;
pub use preview::Preview;

/// The board needs this many columns for its four stages side by side;
/// below it the plans are one table with a stage column.
pub const BOARD_WIDTH: u16 = 100;

/// What the tab shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Plans,
    Info,
    Bulletins,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Plans, Pane::Info, Pane::Bulletins];

    fn next(self) -> Pane {
        match self {
            Pane::Plans => Pane::Info,
            Pane::Info => Pane::Bulletins,
            Pane::Bulletins => Pane::Plans,
        }
    }
}

pub struct Sanchuang {
    pane: Pane,
    /// Live plans, by stage in the order of `Stage::ALL`, then by unit.
    plans: Vec<PlanRow>,
    /// The stage column the cursor is in, and its row in each column.
    column: usize,
    rows: [usize; 4],
    card: Option<PlanCard>,
    card_scroll: usize,
    /// How far the card or the preview last drawn can scroll: its lines
    /// past the screen.
    scroll_max: Cell<usize>,
    groups: Vec<WorkingGroup>,
    /// Newest written first.
    info: Vec<InfoItem>,
    info_at: ListCursor,
    /// The items marked for the next issue, in the order marked.
    marked: Vec<InfoId>,
    /// Oldest first, as the service lists them; shown newest first.
    bulletins: Vec<Bulletin>,
    bulletin_at: ListCursor,
    preview: Option<Preview>,
    district: String,
    tree: Arc<UnitTree>,
    unit_entries: Arc<Vec<Entry>>,
    unit_matcher: Arc<PinyinMatcher>,
    people: crate::tui::views::people_pick::PeoplePick,
    permits: Permits,
    today: Day,
}

/// The tab, for `views::all`.
pub fn tab() -> Tab {
    Tab::new::<SanchuangForm>(Text::tab_sanchuang, |b| Ok(Box::new(Sanchuang::load(b)?)))
}

fn stage_index(stage: Stage) -> usize {
    Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0)
}

impl Sanchuang {
    pub fn load(backend: &dyn Backend) -> Result<Sanchuang> {
        let mut s = Sanchuang {
            pane: Pane::Plans,
            plans: Vec::new(),
            column: 0,
            rows: [0; 4],
            card: None,
            card_scroll: 0,
            scroll_max: Cell::new(0),
            groups: Vec::new(),
            info: Vec::new(),
            info_at: ListCursor::default(),
            marked: Vec::new(),
            bulletins: Vec::new(),
            bulletin_at: ListCursor::default(),
            preview: None,
            district: backend.run(Info {})?.district,
            tree: Arc::default(),
            unit_entries: Arc::new(Vec::new()),
            unit_matcher: Arc::new(PinyinMatcher::default()),
            people: Default::default(),
            permits: Permits::load(backend)?,
            today: Day::today(),
        };
        s.reload(backend)?;
        Ok(s)
    }

    /// Everything read again, the cursor kept on the plan it was on.
    fn reload(&mut self, backend: &dyn Backend) -> Result<()> {
        let index = UnitsIndex::read(backend)?;
        self.tree = index.tree;
        self.unit_entries = index.entries;
        self.unit_matcher = index.matcher;
        let was = self.selected().map(|r| r.plan.id);
        let mut plans = backend.run(ListPlans {
            unit: None,
            stage: None,
        })?;
        // Under each stage, the units in the order the tree shows them,
        // which is the order of the search's entries.
        let order: std::collections::HashMap<UnitId, usize> = self
            .unit_entries
            .iter()
            .enumerate()
            .map(|(i, e)| (UnitId(e.id), i))
            .collect();
        plans.sort_by_key(|r| {
            (
                stage_index(r.plan.stage()),
                order.get(&r.plan.unit).copied().unwrap_or(usize::MAX),
                r.plan.id,
            )
        });
        self.plans = plans;
        match was {
            Some(id) => self.select(id),
            None => self.clamp_rows(),
        }
        self.groups = backend.run(ListGroups {})?;
        let mut info = backend.run(ListInfo {
            unit: None,
            from: None,
            to: None,
        })?;
        info.sort_by_key(|i| std::cmp::Reverse((i.written, i.id)));
        self.info = info;
        self.marked
            .retain(|id| self.info.iter().any(|i| i.id == *id));
        self.info_at.clamp(self.info.len());
        self.bulletins = backend.run(ListBulletins { year: None })?;
        self.bulletin_at.clamp(self.bulletins.len());
        if let Some(card) = &self.card {
            self.card = backend
                .run(GetPlan {
                    id: card.row.plan.id,
                })
                .ok();
        }
        Ok(())
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if let Err(e) = self.reload(cx.backend) {
            *cx.status = Status::error(e.message(cx.text.0));
        }
    }

    /// The plans at stage column `c`.
    fn column_rows(&self, c: usize) -> &[PlanRow] {
        let start = self
            .plans
            .iter()
            .position(|r| stage_index(r.plan.stage()) >= c)
            .unwrap_or(self.plans.len());
        let end = self
            .plans
            .iter()
            .position(|r| stage_index(r.plan.stage()) > c)
            .unwrap_or(self.plans.len());
        &self.plans[start..end]
    }

    fn clamp_rows(&mut self) {
        for c in 0..4 {
            let n = self.column_rows(c).len();
            self.rows[c] = self.rows[c].min(n.saturating_sub(1));
        }
        if self.column_rows(self.column).is_empty()
            && let Some(c) = (0..4).find(|c| !self.column_rows(*c).is_empty())
        {
            self.column = c;
        }
    }

    /// The cursor on plan `id`, wherever its stage put it.
    fn select(&mut self, id: PlanId) {
        self.clamp_rows();
        if let Some(r) = self.plans.iter().find(|r| r.plan.id == id) {
            let c = stage_index(r.plan.stage());
            if let Some(i) = self.column_rows(c).iter().position(|r| r.plan.id == id) {
                self.column = c;
                self.rows[c] = i;
            }
        }
    }

    /// The plan under the cursor, on the board or in the table.
    pub fn selected(&self) -> Option<&PlanRow> {
        self.column_rows(self.column).get(self.rows[self.column])
    }

    /// The row of the table the cursor is on: the plans of the stages before
    /// its own, then its place among its stage's.
    fn table_row(&self) -> usize {
        (0..self.column)
            .map(|c| self.column_rows(c).len())
            .sum::<usize>()
            + self.rows[self.column]
    }

    fn set_table_row(&mut self, n: usize) {
        if let Some(r) = self.plans.get(n) {
            let id = r.plan.id;
            self.select(id);
        }
    }

    pub fn pane(&self) -> Pane {
        self.pane
    }

    pub fn plans(&self) -> &[PlanRow] {
        &self.plans
    }

    pub fn card(&self) -> Option<&PlanCard> {
        self.card.as_ref()
    }

    pub fn info(&self) -> &[InfoItem] {
        &self.info
    }

    pub fn marked(&self) -> &[InfoId] {
        &self.marked
    }

    pub fn bulletins(&self) -> &[Bulletin] {
        &self.bulletins
    }

    pub fn preview(&self) -> Option<&Preview> {
        self.preview.as_ref()
    }

    /// The stage of each plan as the board shows it: plan id and column.
    pub fn board(&self) -> Vec<(PlanId, Stage)> {
        self.plans
            .iter()
            .map(|r| (r.plan.id, r.plan.stage()))
            .collect()
    }

    fn selected_info(&self) -> Option<&InfoItem> {
        self.info.get(self.info_at.cursor)
    }

    /// The bulletins newest first, as the list shows them.
    fn bulletin_rows(&self) -> impl Iterator<Item = &Bulletin> {
        self.bulletins.iter().rev()
    }

    fn selected_bulletin(&self) -> Option<&Bulletin> {
        self.bulletin_rows().nth(self.bulletin_at.cursor)
    }

    /// The plan a key acts on: the card's, else the one under the cursor.
    fn current_plan(&self) -> Option<&PlanRow> {
        match &self.card {
            Some(c) => Some(&c.row),
            None if self.pane == Pane::Plans => self.selected(),
            None => None,
        }
    }

    /// The unit whose record the key would change.
    fn target_unit(&self) -> Option<UnitId> {
        match self.pane {
            Pane::Plans => self.current_plan().map(|r| r.plan.unit),
            Pane::Info => self.selected_info().map(|i| i.unit),
            Pane::Bulletins => None,
        }
    }

    fn may(&self, cx: &mut Cx) -> bool {
        let checked = match self.target_unit() {
            Some(u) => self.permits.check_write(&self.tree, u),
            None => self.permits.check_writes_anywhere(&self.tree),
        };
        match checked {
            Ok(()) => true,
            Err(e) => {
                *cx.status = Status::error(e.message(cx.text.0));
                false
            }
        }
    }

    fn may_write_target(&self) -> bool {
        self.target_unit()
            .is_some_and(|u| self.permits.may_write(&self.tree, u))
    }

    fn list_height(cx: &Cx) -> usize {
        (cx.body.height as usize).saturating_sub(2)
    }

    fn open_card(&mut self, cx: &mut Cx) {
        let Some(id) = self.selected().map(|r| r.plan.id) else {
            return;
        };
        match cx.backend.run(GetPlan { id }) {
            Ok(c) => {
                self.card = Some(c);
                self.card_scroll = 0;
            }
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }

    /// A move on the plans: across columns on the board, through the table
    /// where the screen is narrow.
    fn step_plans(&mut self, action: &Action, cx: &Cx) -> bool {
        let board = cx.body.width >= BOARD_WIDTH;
        match action {
            Action::CursorLeft | Action::CursorRight if board => {
                let right = matches!(action, Action::CursorRight);
                let mut c = self.column;
                loop {
                    c = if right { c + 1 } else { c.wrapping_sub(1) };
                    if c >= 4 {
                        break;
                    }
                    if !self.column_rows(c).is_empty() {
                        self.column = c;
                        break;
                    }
                }
                true
            }
            Action::Up | Action::Down | Action::First | Action::Last if board => {
                let n = self.column_rows(self.column).len();
                let mut at = ListCursor {
                    cursor: self.rows[self.column],
                    offset: 0,
                };
                at.step(action, n, usize::MAX);
                self.rows[self.column] = at.cursor;
                true
            }
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => {
                let mut at = ListCursor {
                    cursor: self.table_row(),
                    offset: 0,
                };
                if at.step(action, self.plans.len(), Self::list_height(cx)) {
                    self.set_table_row(at.cursor);
                    true
                } else {
                    false
                }
            }
            _ => false,
        }
    }

    /// The compose key: the preview of the issue the marked items make, or
    /// the way to mark them.
    fn compose(&mut self, cx: &mut Cx) {
        let text = cx.text;
        if self.marked.is_empty() {
            self.pane = Pane::Info;
            *cx.status = Status::info(text.sc_mark_first());
            return;
        }
        self.today = Day::today();
        let last = self
            .bulletins
            .iter()
            .map(|b| b.issue)
            .max_by_key(|i| i.running);
        let issue = next_number(last, self.today);
        let items: Vec<InfoItem> = self
            .marked
            .iter()
            .filter_map(|id| self.info.iter().find(|i| i.id == *id).cloned())
            .collect();
        let items: Vec<(InfoItem, String)> = items
            .into_iter()
            .map(|i| {
                let path = self.tree.path(i.unit);
                (i, path)
            })
            .collect();
        self.preview = Some(Preview::compose(issue, self.today, &self.district, &items));
    }

    fn show_issue(&mut self, cx: &mut Cx) {
        let Some(b) = self.selected_bulletin() else {
            return;
        };
        match cx.backend.run(GetBulletin {
            year: Some(b.issue.year),
            number: b.issue.number,
        }) {
            Ok(card) => self.preview = Some(Preview::issue(&card)),
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }

    fn toggle_mark(&mut self) {
        if let Some(id) = self.selected_info().map(|i| i.id) {
            match self.marked.iter().position(|m| *m == id) {
                Some(i) => {
                    self.marked.remove(i);
                }
                None => self.marked.push(id),
            }
        }
    }

    /// What a key does while a preview is open.
    fn preview_key(&mut self, action: &Action, cx: &mut Cx) {
        let page = Self::list_height(cx).saturating_sub(4).max(1);
        let Some(p) = self.preview.as_mut() else {
            return;
        };
        match action {
            Action::Down => p.scroll += 1,
            Action::Up => p.scroll = p.scroll.saturating_sub(1),
            Action::PageDown => p.scroll += page,
            Action::PageUp => p.scroll = p.scroll.saturating_sub(page),
            Action::First => p.scroll = 0,
            Action::Last => p.scroll = self.scroll_max.get(),
            Action::Cancel => {
                self.preview = None;
                return;
            }
            Action::Open | Action::Compose => {
                if p.is_draft() {
                    self.save_issue(cx);
                } else {
                    self.preview = None;
                }
            }
            _ => {}
        }
        if let Some(p) = self.preview.as_mut() {
            p.scroll = p.scroll.min(self.scroll_max.get());
        }
    }

    fn scroll_card(&mut self, action: &Action, cx: &Cx) -> bool {
        let page = Self::list_height(cx).max(1);
        match action {
            Action::Down => self.card_scroll += 1,
            Action::Up => self.card_scroll = self.card_scroll.saturating_sub(1),
            Action::PageDown => self.card_scroll += page,
            Action::PageUp => self.card_scroll = self.card_scroll.saturating_sub(page),
            Action::First => self.card_scroll = 0,
            Action::Last => self.card_scroll = self.scroll_max.get(),
            _ => return false,
        }
        self.card_scroll = self.card_scroll.min(self.scroll_max.get());
        true
    }
}

impl View for Sanchuang {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Sanchuang, Context::Global]
    }

    fn mode(&self, text: Text) -> &'static str {
        if self.preview.is_some() {
            text.sc_mode_preview()
        } else if self.card.is_some() {
            text.mode_card()
        } else {
            text.sc_pane_label(self.pane)
        }
    }

    fn offers(&self, action: &Action) -> bool {
        if let Some(p) = &self.preview {
            return match action {
                Action::Cancel
                | Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::First
                | Action::Last => true,
                Action::Open => p.is_draft(),
                _ => false,
            };
        }
        let writes = self.permits.writes_anywhere();
        let plan = self.current_plan();
        match action {
            Action::Cancel => self.card.is_some(),
            Action::Open => match self.pane {
                Pane::Plans => self.card.is_none() && plan.is_some(),
                Pane::Info => false,
                Pane::Bulletins => !self.bulletins.is_empty(),
            },
            Action::CursorLeft | Action::CursorRight => {
                self.pane == Pane::Plans && self.card.is_none() && !self.plans.is_empty()
            }
            Action::Add => writes && self.card.is_none() && self.pane != Pane::Bulletins,
            Action::Edit => self.pane == Pane::Plans && self.may_write_target(),
            Action::VoidRecord => {
                matches!(self.pane, Pane::Plans | Pane::Info) && self.may_write_target()
            }
            Action::AdvanceStage => {
                self.pane == Pane::Plans
                    && plan.is_some_and(|r| r.plan.stage().next().is_some())
                    && self.may_write_target()
            }
            Action::FailInspection => {
                self.pane == Pane::Plans
                    && plan.is_some_and(|r| r.plan.stage() == Stage::Inspection)
                    && self.may_write_target()
            }
            Action::AddGuidance => self.card.is_some() && self.may_write_target(),
            Action::Adopt => self.pane == Pane::Info && self.may_write_target(),
            Action::Toggle => self.pane == Pane::Info && !self.info.is_empty(),
            Action::Compose => writes && self.pane != Pane::Plans,
            Action::SwitchList => self.card.is_none(),
            _ => true,
        }
    }

    fn update(&mut self, action: &Action, cx: &mut Cx) {
        if self.preview.is_some() {
            self.preview_key(action, cx);
            return;
        }
        let text = cx.text;
        let height = Self::list_height(cx);
        if self.card.is_some() && self.scroll_card(action, cx) {
            return;
        }
        match (self.pane, action) {
            (Pane::Plans, a) if self.card.is_none() && self.step_plans(a, cx) => {}
            (Pane::Info, a) if self.info_at.step(a, self.info.len(), height) => {}
            (Pane::Bulletins, a) if self.bulletin_at.step(a, self.bulletins.len(), height) => {}
            (_, Action::Cancel) => self.card = None,
            (_, Action::SwitchList) if self.card.is_none() => self.pane = self.pane.next(),
            (Pane::Plans, Action::Open) if self.card.is_none() => self.open_card(cx),
            (Pane::Bulletins, Action::Open) => self.show_issue(cx),
            (Pane::Info, Action::Toggle) => self.toggle_mark(),
            (Pane::Info | Pane::Bulletins, Action::Compose) => {
                if self.permits.writes_anywhere() {
                    self.compose(cx);
                } else {
                    let _ = self.may(cx);
                }
            }
            (Pane::Plans, Action::FailInspection)
                if self
                    .current_plan()
                    .is_some_and(|r| r.plan.stage() != Stage::Inspection) =>
            {
                *cx.status = Status::error(text.sc_fail_only_at_inspection());
            }
            (
                Pane::Plans | Pane::Info,
                Action::Add
                | Action::Edit
                | Action::VoidRecord
                | Action::AdvanceStage
                | Action::FailInspection
                | Action::AddGuidance
                | Action::Adopt,
            ) => {
                if matches!(action, Action::Add) && self.card.is_some() {
                    return;
                }
                let unit_bound = !matches!(action, Action::Add);
                if unit_bound && self.target_unit().is_none() {
                    return;
                }
                let allowed = if unit_bound {
                    self.may(cx)
                } else {
                    match self.permits.check_writes_anywhere(&self.tree) {
                        Ok(()) => true,
                        Err(e) => {
                            *cx.status = Status::error(e.message(text.0));
                            false
                        }
                    }
                };
                if allowed && let Some(form) = self.form_for_action(action, cx) {
                    cx.popups.push(Popup::Form(form));
                }
            }
            _ => {}
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

    fn found(&mut self, _id: u64, _cx: &mut Cx) {}

    fn notice(&mut self, notice: &ChangeNotice, cx: &mut Cx) {
        match notice.kind {
            RecordKind::Plan
            | RecordKind::WorkingGroup
            | RecordKind::GuidanceVisit
            | RecordKind::InfoItem
            | RecordKind::Bulletin
            | RecordKind::Activity
            | RecordKind::Unit => self.refresh(cx),
            RecordKind::Person => {
                self.people.forget();
                self.refresh(cx);
            }
            _ => {}
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        match (&self.card, self.pane) {
            (Some(c), _) => self.render_card(c, frame, area, look),
            (None, Pane::Plans) => self.render_plans(frame, area, look),
            (None, Pane::Info) => self.render_info(frame, area, look),
            (None, Pane::Bulletins) => self.render_bulletins(frame, area, look),
        }
        if let Some(p) = &self.preview {
            self.scroll_max.set(p.render(frame, area, look));
        }
    }

    fn unit_picker(&self, form: &FormState, typed: &str) -> Option<SearchState> {
        SanchuangForm::of(&form.purpose)
            .is_some_and(SanchuangForm::names_a_unit)
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

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
