//! The tree changed without a form: a unit moved under the parent picked for it, or archived
//! once the user says yes.

use super::Hierarchy;
use crate::api::units::{ArchiveUnit, MoveUnit};
use crate::backend::BackendExt;
use crate::error::Error;
use crate::tui::popups::choice::ChoicePurpose;
use crate::tui::views::{Cx, Status};

impl Hierarchy {
    pub(super) fn finish_move(&mut self, cx: &mut Cx) {
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

    pub(super) fn archive_answered(&mut self, purpose: &ChoicePurpose, answer: usize, cx: &mut Cx) {
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
}
