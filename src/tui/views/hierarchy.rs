//! 组织: the unit tree on the left, the selected unit's card on the right,
//! and the commands that change the hierarchy.

use std::collections::HashSet;
use std::rc::Rc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Cx, Look, Status, View, unit_card, unit_reserve, unit_team};
use crate::api::people::{GetUnitPeople, UnitPeople};
use crate::api::units::{ArchiveUnit, CreateUnit, ListUnits, MoveUnit, RenameUnit};
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::{Error, Result};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::permits::Permits;
use crate::tui::popups::Popup;
use crate::tui::popups::choice::{ChoicePurpose, ChoiceState};
use crate::tui::popups::form::{Field, FormPurpose, FormState};
use crate::tui::popups::search::{Entry, SearchState};
use crate::tui::search::{Matcher, PinyinMatcher};
use crate::tui::strings::Text;
use crate::tui::theme::MARKER;
use crate::tui::widgets::fit::truncate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    id: UnitId,
    depth: usize,
    has_children: bool,
}

pub struct Hierarchy {
    tree: UnitTree,
    expanded: HashSet<UnitId>,
    /// The visible rows, in tree order.
    rows: Vec<Row>,
    cursor: usize,
    /// The selected unit's team and elder counts, fetched when the
    /// selection changes so drawing never calls the backend.
    people: Option<(UnitId, UnitPeople)>,
    /// First row shown.
    offset: usize,
    /// Searchable units, built once per load: search runs per keystroke.
    entries: Rc<Vec<Entry>>,
    matcher: Rc<PinyinMatcher>,
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

/// Widths of the tree pane and the card, from the body's width.
pub fn split(body: Rect) -> (Rect, Rect) {
    let tree_w = (body.width * 2 / 5).clamp(30, 44).min(body.width);
    let tree = Rect::new(body.x, body.y, tree_w, body.height);
    let card_x = body.x + tree_w + 1;
    let card = Rect::new(
        card_x.min(body.right()),
        body.y,
        body.right().saturating_sub(card_x),
        body.height,
    );
    (tree, card)
}

impl Hierarchy {
    pub fn load(backend: &dyn Backend) -> Result<Hierarchy> {
        let mut h = Hierarchy {
            tree: UnitTree::default(),
            expanded: HashSet::new(),
            rows: Vec::new(),
            cursor: 0,
            offset: 0,
            entries: Rc::new(Vec::new()),
            matcher: Rc::new(PinyinMatcher::default()),
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
        let units = backend.run(ListUnits {
            include_archived: false,
        })?;
        self.tree = UnitTree::new(units);
        let walk = self.tree.walk(false);
        let entries: Vec<Entry> = walk
            .iter()
            .map(|(_, u)| Entry {
                id: u.id.0,
                name: u.name.clone(),
                place: u.parent.map(|p| self.tree.path(p)).unwrap_or_default(),
            })
            .collect();
        self.matcher = Rc::new(PinyinMatcher::new(walk.iter().map(|(_, u)| {
            let mut names = vec![u.name.as_str()];
            names.extend(u.short_name.as_deref());
            names
        })));
        self.entries = Rc::new(entries);
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
            self.cursor = i;
            return;
        }
        self.cursor = self.cursor.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_id(&self) -> Option<UnitId> {
        self.rows.get(self.cursor).map(|r| r.id)
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
            self.cursor = i;
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
        let height = height.max(1);
        if self.cursor < self.offset {
            self.offset = self.cursor;
        } else if self.cursor >= self.offset + height {
            self.offset = self.cursor + 1 - height;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }

    fn go_parent(&mut self) {
        if let Some(p) = self.selected().and_then(|u| u.parent) {
            self.select(p);
        }
    }

    fn add_form(&self, parent: &OrgUnit, text: Text) -> FormState {
        let kinds = UnitKind::children_allowed(Some(parent.kind))
            .into_iter()
            .map(|k| (k.code().to_string(), text.kind(k).to_string()))
            .collect();
        FormState::new(
            FormPurpose::AddUnit { parent: parent.id },
            text.add_title(&self.tree.path(parent.id)),
            vec![
                Field::text("name", text.name(), ""),
                Field::choice("kind", text.kind_label(), kinds),
            ],
        )
    }

    fn rename_form(&self, unit: &OrgUnit, text: Text) -> FormState {
        FormState::new(
            FormPurpose::RenameUnit {
                unit: unit.id,
                rev: unit.rev,
            },
            text.rename_title(&self.tree.path(unit.id)),
            vec![Field::text("name", text.name(), &unit.name)],
        )
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if let Err(e) = self.reload(cx.backend) {
            *cx.status = Status::error(e.message(cx.text.0));
        }
    }

    fn finish_move(&mut self, cx: &mut Cx) {
        let (Some(moving), Some(target)) = (self.moving, self.selected_id()) else {
            return;
        };
        let Some(unit) = self.tree.get(moving).cloned() else {
            self.moving = None;
            return;
        };
        match cx.backend.run(MoveUnit {
            id: unit.id,
            rev: unit.rev,
            to: target,
        }) {
            Ok(moved) => {
                self.moving = None;
                self.refresh(cx);
                self.select(moved.id);
                *cx.status = Status::info(cx.text.moved(&self.tree.path(moved.id)));
            }
            Err(e) => {
                if matches!(e, Error::Conflict { .. }) {
                    self.refresh(cx);
                }
                let msg = e.message(cx.text.0);
                *cx.status = Status::error(match e.field() {
                    Some("parent") => {
                        format!("{}{}{msg}", cx.text.parent_field(), cx.text.label_sep())
                    }
                    _ => msg,
                });
            }
        }
    }

    fn render_tree(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let buf = frame.buffer_mut();
        let height = area.height as usize;
        if self.rows.is_empty() {
            buf.set_line(area.x, area.y, &Line::raw(look.text.no_units()), area.width);
        }
        for (i, row) in self.rows.iter().enumerate().skip(self.offset).take(height) {
            let Some(u) = self.tree.get(row.id) else {
                continue;
            };
            let selected = i == self.cursor;
            let moving = self.moving == Some(row.id);
            let expander = match (row.has_children, self.expanded.contains(&row.id)) {
                (false, _) => "  ",
                (true, true) => "- ",
                (true, false) => "+ ",
            };
            let indent = "  ".repeat(row.depth.min(8));
            let lead = 2 + indent.len() + expander.len();
            let name_w = (area.width as usize).saturating_sub(lead);
            let name_style = if selected {
                look.theme.selected
            } else if moving {
                look.theme.highlight
            } else {
                Style::new()
            };
            let marker = if selected {
                Span::styled(MARKER, look.theme.selected)
            } else {
                Span::raw(" ")
            };
            let line = Line::from(vec![
                marker,
                Span::raw(" "),
                Span::raw(indent),
                Span::styled(expander, look.theme.dim),
                Span::styled(truncate(&u.name, name_w), name_style),
            ]);
            buf.set_line(area.x, area.y + (i - self.offset) as u16, &line, area.width);
        }
    }

    fn render_card(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let Some(unit) = self.selected() else {
            return;
        };
        let people = self.people_of(unit.id);
        let lines = if self.detailed {
            unit_card::full(&self.tree, unit, people, look.text)
        } else {
            unit_card::brief(&self.tree, unit, people, look.text)
        };
        unit_card::render(&lines, frame.buffer_mut(), area, look);
    }
}

/// Team forms and the reserve's, kept in their own modules; here, what
/// they need from the tree and the card.
impl Hierarchy {
    /// `None` when the unit's card is not loaded.
    fn people_of(&self, unit: UnitId) -> Option<&UnitPeople> {
        self.people
            .as_ref()
            .filter(|(u, _)| *u == unit)
            .map(|(_, p)| p)
    }

    /// `None` when the unit's card is not loaded or nobody serves.
    fn end_form(&self, unit: UnitId, text: Text) -> Option<FormState> {
        unit_team::end_form(unit, &self.tree.path(unit), self.people_of(unit)?, text)
    }

    /// `None` when the unit's card is not loaded or lists nobody.
    fn reserve_remove_form(&self, unit: UnitId, text: Text) -> Option<FormState> {
        unit_reserve::remove_form(unit, &self.tree.path(unit), self.people_of(unit)?, text)
    }

    fn team_saved(&mut self, cx: &mut Cx, message: String) {
        self.people = None;
        self.load_people(cx.backend);
        *cx.status = Status::info(message);
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
            Action::Down => self.cursor = (self.cursor + 1).min(last),
            Action::Up => self.cursor = self.cursor.saturating_sub(1),
            Action::PageDown => self.cursor = (self.cursor + height.max(2) - 1).min(last),
            Action::PageUp => self.cursor = self.cursor.saturating_sub(height.max(2) - 1),
            Action::First => self.cursor = 0,
            Action::Last => self.cursor = last,
            Action::Parent => self.go_parent(),
            Action::Expand => {
                if let Some(row) = self.rows.get(self.cursor).copied() {
                    if row.has_children && !self.expanded.insert(row.id) {
                        self.cursor = (self.cursor + 1).min(last);
                    }
                    self.rebuild_rows();
                }
            }
            Action::Collapse => {
                if let Some(row) = self.rows.get(self.cursor).copied() {
                    if self.expanded.remove(&row.id) && row.has_children {
                        self.rebuild_rows();
                    } else {
                        self.go_parent();
                    }
                }
            }
            Action::Toggle => {
                if let Some(row) = self.rows.get(self.cursor).copied() {
                    if row.has_children && !self.expanded.remove(&row.id) {
                        self.expanded.insert(row.id);
                    }
                    self.rebuild_rows();
                }
            }
            Action::Details => self.detailed = !self.detailed,
            Action::Search => cx.popups.push(Popup::Search(SearchState::new(
                self.matcher.clone() as Rc<dyn Matcher>,
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
                    let f = unit_team::appoint_form(u.id, &self.tree.path(u.id), cx.text);
                    cx.popups.push(Popup::Form(f));
                }
            }
            Action::EndTerm => match self
                .selected()
                .map(|u| (u.id, self.end_form(u.id, cx.text)))
            {
                Some((_, Some(f))) => cx.popups.push(Popup::Form(f)),
                Some((_, None)) => {
                    *cx.status = Status::error(
                        cx.text
                            .0
                            .pick("该单位班子无人在任。", "Nobody serves on this team."),
                    );
                }
                None => {}
            },
            Action::AddReserve => {
                if let Some(u) = self.selected() {
                    let f = unit_reserve::add_form(u.id, &self.tree.path(u.id), cx.text);
                    cx.popups.push(Popup::Form(f));
                }
            }
            Action::RemoveReserve => {
                if let Some(id) = self.selected_id() {
                    match self.reserve_remove_form(id, cx.text) {
                        Some(f) => cx.popups.push(Popup::Form(f)),
                        None => {
                            *cx.status = Status::error(cx.text.0.pick(
                                "该单位没有后备人选。",
                                "This unit has no reserve candidates.",
                            ));
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
        match form.purpose {
            FormPurpose::Appoint { unit } => {
                let message = unit_team::submit_appoint(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            FormPurpose::EndTerm { unit } => {
                let message = unit_team::submit_end(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            FormPurpose::AddReserve { unit } => {
                let message = unit_reserve::submit_add(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            FormPurpose::RemoveReserve { unit } => {
                let message = unit_reserve::submit_remove(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            _ => {}
        }
        let name = form.value("name");
        let result = match &form.purpose {
            FormPurpose::AddUnit { parent } => {
                let code = form.value("kind");
                let kind = UnitKind::parse(&code).ok_or(Error::UnknownKind { given: code })?;
                cx.backend.run(CreateUnit {
                    parent: *parent,
                    kind,
                    name: name.to_string(),
                    short_name: None,
                })
            }
            FormPurpose::RenameUnit { unit, rev } => {
                let mut u = self
                    .tree
                    .get(*unit)
                    .cloned()
                    .ok_or(Error::NoSuchRecord { id: unit.0 })?;
                u.rev = *rev;
                cx.backend.run(RenameUnit {
                    id: u.id,
                    rev: u.rev,
                    name: name.to_string(),
                })
            }
            _ => return Ok(()),
        };
        match result {
            Ok(saved) => {
                self.refresh(cx);
                self.select(saved.id);
                self.scroll(cx.body.height as usize);
                self.load_people(cx.backend);
                let path = self.tree.path(saved.id);
                *cx.status = Status::info(match form.purpose {
                    FormPurpose::AddUnit { .. } => cx.text.added(&path),
                    FormPurpose::RenameUnit { .. } => cx.text.renamed(&path),
                    _ => path,
                });
                Ok(())
            }
            Err(e) => {
                if matches!(e, Error::Conflict { .. }) {
                    // Someone else saved first: show their version and let
                    // the next save start from it.
                    self.refresh(cx);
                    if let FormPurpose::RenameUnit { unit, rev } = &mut form.purpose
                        && let Some(fresh) = self.tree.get(*unit)
                    {
                        *rev = fresh.rev;
                    }
                }
                Err(e)
            }
        }
    }

    fn form_for(&self, purpose: &FormPurpose, _: &dyn Backend, text: Text) -> Option<FormState> {
        match purpose {
            FormPurpose::AddUnit { parent } => {
                let p = self.tree.get(*parent).filter(|u| u.is_live())?;
                Some(self.add_form(p, text))
            }
            FormPurpose::RenameUnit { unit, rev } => {
                let u = self.tree.get(*unit).filter(|u| u.is_live())?;
                let mut f = self.rename_form(u, text);
                // Keep the revision the draft was edited from, so a change
                // made meanwhile is reported, not overwritten.
                f.purpose = FormPurpose::RenameUnit {
                    unit: *unit,
                    rev: *rev,
                };
                Some(f)
            }
            FormPurpose::Appoint { unit } => {
                let u = self.tree.get(*unit).filter(|u| u.is_live())?;
                Some(unit_team::appoint_form(u.id, &self.tree.path(u.id), text))
            }
            FormPurpose::EndTerm { unit } => self.end_form(*unit, text),
            FormPurpose::AddReserve { unit } => {
                let u = self.tree.get(*unit).filter(|u| u.is_live())?;
                Some(unit_reserve::add_form(u.id, &self.tree.path(u.id), text))
            }
            FormPurpose::RemoveReserve { unit } => self.reserve_remove_form(*unit, text),
            _ => None,
        }
    }

    fn answer(&mut self, purpose: &ChoicePurpose, answer: usize, cx: &mut Cx) {
        let ChoicePurpose::Archive(id) = purpose else {
            return;
        };
        if answer != 0 {
            return;
        }
        let Some(unit) = self.tree.get(*id).cloned() else {
            return;
        };
        let path = self.tree.path(unit.id);
        match cx.backend.run(ArchiveUnit {
            id: unit.id,
            rev: unit.rev,
        }) {
            Ok(_) => {
                self.refresh(cx);
                if let Some(p) = unit.parent {
                    self.select(p);
                }
                *cx.status = Status::info(cx.text.archived(&path));
            }
            Err(e) => {
                if matches!(e, Error::Conflict { .. }) {
                    self.refresh(cx);
                }
                *cx.status = Status::error(e.message(cx.text.0));
            }
        }
        self.scroll(cx.body.height as usize);
        // A saved unit is selected: its card shows its elders and director at once.
        self.load_people(cx.backend);
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
                    self.matcher.clone() as Rc<dyn Matcher>,
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
        let (tree, card) = split(area);
        self.render_tree(frame, tree, look);
        let buf = frame.buffer_mut();
        for y in area.top()..area.bottom() {
            buf.set_string(tree.right(), y, "│", look.theme.border);
        }
        self.render_card(frame, card, look);
    }
}
