//! 组织: the unit tree on the left, the selected unit's card on the right,
//! and the commands that change the hierarchy.

mod card;
mod forms;
mod move_archive;
mod render;
mod reserve;
mod team;

use std::collections::HashSet;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::people::{GetUnitPeople, UnitPeople};
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitId};
use crate::error::{Error, Result};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::permits::Permits;
use crate::tui::popups::Popup;
use crate::tui::popups::choice::{ChoicePurpose, ChoiceState};
use crate::tui::popups::form::{FormPurpose, FormState};
use crate::tui::popups::search::{Entry, SearchState};
use crate::tui::search::{Matcher, PinyinMatcher};
use crate::tui::strings::Text;
use crate::tui::views::Tab;
use crate::tui::views::list::ListCursor;
use crate::tui::views::units_index::UnitsIndex;
use crate::tui::views::{Cx, Look, Status, View};
pub use forms::UnitsForm;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    id: UnitId,
    depth: usize,
    has_children: bool,
}

pub struct Hierarchy {
    tree: Arc<UnitTree>,
    expanded: HashSet<UnitId>,
    /// The visible rows, in tree order.
    rows: Vec<Row>,
    /// The selected row and the first shown.
    list: ListCursor,
    /// The selected unit's team and elder counts, fetched when the
    /// selection changes so drawing never calls the backend.
    people: Option<(UnitId, UnitPeople)>,
    /// Searchable units, built once per load: search runs per keystroke.
    entries: Arc<Vec<Entry>>,
    matcher: Arc<PinyinMatcher>,
    /// A unit waiting for the user to pick its new parent.
    moving: Option<UnitId>,
    /// Who is using the program and what their account allows, so that an
    /// edit they may not make is refused before a form is typed in vain.
    /// (The server checks again; its check is the one that counts.)
    permits: Permits,
    /// The card in full (team, reserve, history) rather than brief; kept
    /// for the session once asked for.
    detailed: bool,
}

/// The actions that change the selected unit or its team.
fn changes_unit(action: &Action) -> bool {
    matches!(
        action,
        Action::Add
            | Action::Rename
            | Action::Move
            | Action::Archive
            | Action::Appoint
            | Action::EndTerm
            | Action::AddReserve
            | Action::RemoveReserve
    )
}

/// The tab, for `views::all`.
pub fn tab() -> Tab {
    Tab::new::<UnitsForm>(Text::tab_units, |b| Ok(Box::new(Hierarchy::load(b)?)))
}

impl Hierarchy {
    pub fn load(backend: &dyn Backend) -> Result<Hierarchy> {
        let mut h = Hierarchy {
            tree: Arc::default(),
            expanded: HashSet::new(),
            rows: Vec::new(),
            list: ListCursor::default(),
            entries: Arc::new(Vec::new()),
            matcher: Arc::new(PinyinMatcher::default()),
            moving: None,
            people: None,
            permits: Permits::load(backend)?,
            detailed: false,
        };
        h.reload(backend)?;
        // The district and its direct bodies show at once; villages, schools
        // and communities wait until a body is opened.
        h.expanded = h.tree.roots().map(|u| u.id).collect();
        h.rebuild_rows();
        h.load_people(backend);
        Ok(h)
    }

    fn load_people(&mut self, backend: &dyn Backend) {
        let Some(id) = self.selected_id() else {
            self.people = None;
            return;
        };
        if self.people.as_ref().is_some_and(|(u, _)| *u == id) {
            return;
        }
        // A viewer without rights to a unit's details still sees its card.
        self.people = backend
            .run(GetUnitPeople { unit: id })
            .ok()
            .map(|p| (id, p));
    }

    /// False, with the reason in the status bar, when the account may not
    /// change the selected unit.
    fn may_change_selected(&self, cx: &mut Cx) -> bool {
        let Some(u) = self.selected() else {
            return true;
        };
        match self.permits.check_write(&self.tree, u.id) {
            Ok(()) => true,
            Err(e) => {
                *cx.status = Status::error(e.message(cx.text.0));
                false
            }
        }
    }

    fn reload(&mut self, backend: &dyn Backend) -> Result<()> {
        self.people = None;
        let index = UnitsIndex::read(backend)?;
        self.tree = index.tree;
        self.entries = index.entries;
        self.matcher = index.matcher;
        self.rebuild_rows();
        Ok(())
    }

    fn rebuild_rows(&mut self) {
        let keep = self.selected_id();
        self.rows.clear();
        let mut stack: Vec<(usize, &OrgUnit)> = self
            .tree
            .roots()
            .filter(|u| u.is_live())
            .map(|u| (0, u))
            .collect();
        stack.reverse();
        while let Some((depth, u)) = stack.pop() {
            let mut kids: Vec<&OrgUnit> = self.tree.live_children(u.id).collect();
            self.rows.push(Row {
                id: u.id,
                depth,
                has_children: !kids.is_empty(),
            });
            if self.expanded.contains(&u.id) {
                kids.reverse();
                stack.extend(kids.into_iter().map(|c| (depth + 1, c)));
            }
        }
        if let Some(i) = keep.and_then(|id| self.rows.iter().position(|r| r.id == id)) {
            self.list.cursor = i;
            return;
        }
        self.list.clamp(self.rows.len());
    }

    pub fn selected_id(&self) -> Option<UnitId> {
        self.rows.get(self.list.cursor).map(|r| r.id)
    }

    fn selected(&self) -> Option<&OrgUnit> {
        self.selected_id().and_then(|id| self.tree.get(id))
    }

    /// Shows `id`, opening its ancestors.
    pub fn select(&mut self, id: UnitId) {
        for u in self.tree.lineage(id) {
            if u.id != id {
                self.expanded.insert(u.id);
            }
        }
        self.rebuild_rows();
        if let Some(i) = self.rows.iter().position(|r| r.id == id) {
            self.list.cursor = i;
        }
    }

    pub fn selected_name(&self) -> Option<&str> {
        self.selected().map(|u| u.name.as_str())
    }

    pub fn is_moving(&self) -> bool {
        self.moving.is_some()
    }

    pub fn visible_names(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter_map(|r| self.tree.get(r.id))
            .map(|u| u.name.as_str())
            .collect()
    }

    fn scroll(&mut self, height: usize) {
        self.list.keep_visible(self.rows.len(), height);
    }

    fn go_parent(&mut self) {
        if let Some(p) = self.selected().and_then(|u| u.parent) {
            self.select(p);
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if let Err(e) = self.reload(cx.backend) {
            *cx.status = Status::error(e.message(cx.text.0));
        }
    }
}

impl View for Hierarchy {
    fn contexts(&self) -> &'static [Context] {
        if self.moving.is_some() {
            &[Context::Pick, Context::Tree, Context::Global]
        } else {
            &[Context::Tree, Context::Global]
        }
    }

    fn mode(&self, text: Text) -> &'static str {
        if self.moving.is_some() {
            text.mode_pick()
        } else {
            text.mode_browse()
        }
    }

    fn update(&mut self, action: &Action, cx: &mut Cx) {
        let height = cx.body.height as usize;
        let last = self.rows.len().saturating_sub(1);
        let picking = self.moving.is_some();
        match action {
            a if self.list.step(a, self.rows.len(), height) => {}
            Action::Parent => self.go_parent(),
            Action::Expand => {
                if let Some(row) = self.rows.get(self.list.cursor).copied() {
                    if row.has_children && !self.expanded.insert(row.id) {
                        self.list.cursor = (self.list.cursor + 1).min(last);
                    }
                    self.rebuild_rows();
                }
            }
            Action::Collapse => {
                if let Some(row) = self.rows.get(self.list.cursor).copied() {
                    if self.expanded.remove(&row.id) && row.has_children {
                        self.rebuild_rows();
                    } else {
                        self.go_parent();
                    }
                }
            }
            Action::Toggle => {
                if let Some(row) = self.rows.get(self.list.cursor).copied() {
                    if row.has_children && !self.expanded.remove(&row.id) {
                        self.expanded.insert(row.id);
                    }
                    self.rebuild_rows();
                }
            }
            Action::Details => self.detailed = !self.detailed,
            Action::Search => cx.popups.push(Popup::Search(SearchState::new(
                self.matcher.clone() as Arc<dyn Matcher>,
                self.entries.clone(),
            ))),
            Action::Submit if picking => self.finish_move(cx),
            Action::Cancel if picking => {
                self.moving = None;
                *cx.status = Status::info(cx.text.move_cancelled());
            }
            // While a parent is being picked, editing another unit would
            // leave the move half done.
            _ if picking => {}
            a if changes_unit(a) && !self.may_change_selected(cx) => {}
            Action::Add => {
                if let Some(u) = self.selected() {
                    cx.popups.push(Popup::Form(self.add_form(u, cx.text)));
                }
            }
            Action::Rename => {
                if let Some(u) = self.selected() {
                    cx.popups.push(Popup::Form(self.rename_form(u, cx.text)));
                }
            }
            Action::Move => {
                if let Some(u) = self.selected().cloned() {
                    if u.parent.is_none() {
                        *cx.status = Status::error(Error::RootFixed.message(cx.text.0));
                    } else {
                        *cx.status = Status::info(cx.text.pick_prompt(&u.name));
                        self.moving = Some(u.id);
                        // Start from the current parent: the likely
                        // neighbourhood of the new one.
                        if let Some(p) = u.parent {
                            self.select(p);
                        }
                    }
                }
            }
            Action::Archive => {
                if let Some(u) = self.selected() {
                    let t = cx.text;
                    cx.popups.push(Popup::Choice(ChoiceState::new(
                        ChoicePurpose::Archive(u.id),
                        t.archive_title(),
                        t.archive_question(&self.tree.path(u.id)),
                        vec![t.yes(), t.no()],
                        1,
                        1,
                    )));
                }
            }
            Action::Appoint => {
                if let Some(u) = self.selected() {
                    let f = team::appoint_form(u.id, &self.tree.path(u.id), cx.text);
                    cx.popups.push(Popup::Form(f));
                }
            }
            Action::EndTerm => match self
                .selected()
                .map(|u| (u.id, self.end_form(u.id, cx.text)))
            {
                Some((_, Some(f))) => cx.popups.push(Popup::Form(f)),
                Some((_, None)) => {
                    *cx.status = Status::error(cx.text.nobody_serves());
                }
                None => {}
            },
            Action::AddReserve => {
                if let Some(u) = self.selected() {
                    let f = reserve::add_form(u.id, &self.tree.path(u.id), cx.text);
                    cx.popups.push(Popup::Form(f));
                }
            }
            Action::RemoveReserve => {
                if let Some(id) = self.selected_id() {
                    match self.reserve_remove_form(id, cx.text) {
                        Some(f) => cx.popups.push(Popup::Form(f)),
                        None => {
                            *cx.status = Status::error(cx.text.no_reserve());
                        }
                    }
                }
            }
            _ => {}
        }
        self.scroll(height);
        self.load_people(cx.backend);
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

    fn answer(&mut self, purpose: &ChoicePurpose, answer: usize, cx: &mut Cx) {
        self.archive_answered(purpose, answer, cx)
    }

    fn found(&mut self, id: u64, cx: &mut Cx) {
        self.select(UnitId(id));
        self.scroll(cx.body.height as usize);
        self.load_people(cx.backend);
    }

    fn notice(&mut self, notice: &ChangeNotice, cx: &mut Cx) {
        self.refresh(cx);
        // The card shows another user's appointment or reserve entry now,
        // not at the next key.
        self.load_people(cx.backend);
        // A search already open looks through the new list too.
        for p in cx.popups.iter_mut() {
            if let Popup::Search(s) = p {
                s.refresh(
                    self.matcher.clone() as Arc<dyn Matcher>,
                    self.entries.clone(),
                );
            }
        }
        self.scroll(cx.body.height as usize);
        *cx.status = Status::info(cx.text.changed_by_other(&notice.by));
    }

    fn offers(&self, action: &Action) -> bool {
        // The full card shows the team and the reserve: the status bar then
        // offers their keys rather than the tree's, which do not all fit
        // beside them on 80 columns. Both sets of keys work either way.
        let tree_key = matches!(
            action,
            Action::Add | Action::Rename | Action::Move | Action::Archive
        );
        if self.detailed && tree_key {
            return false;
        }
        !changes_unit(action)
            || self
                .selected()
                .is_none_or(|u| self.permits.may_write(&self.tree, u.id))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }

    fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        self.draw(frame, area, look)
    }
}
