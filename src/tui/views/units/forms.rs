//! The tab's forms: a unit added or renamed here, the team's and the reserve's in their own
//! modules; what saving each does, and how a form comes back from a draft.

use super::Hierarchy;
use super::{reserve, team};
use crate::api::people::UnitPeople;
use crate::api::units::{CreateUnit, GetUnit, RenameUnit};
use crate::backend::{Backend, BackendExt};
use crate::domain::audit::RecordKind;
use crate::domain::{OrgUnit, UnitId, UnitKind};
use crate::error::{Error, Result};
use crate::tui::popups::form::{Field, FormPurpose, FormState};
use crate::tui::strings::Text;
use crate::tui::views::purpose::Purpose;
use crate::tui::views::{Cx, Status};
use serde::{Deserialize, Serialize};

impl Hierarchy {
    pub(super) fn add_form(&self, parent: &OrgUnit, text: Text) -> FormState {
        let kinds = UnitKind::children_allowed(Some(parent.kind))
            .into_iter()
            .map(|k| (k.code().to_string(), text.kind(k).to_string()))
            .collect();
        FormState::new(
            UnitsForm::AddUnit { parent: parent.id },
            text.add_title(&self.tree.path(parent.id)),
            vec![
                Field::text("name", text.name(), ""),
                Field::choice("kind", text.kind_label(), kinds),
            ],
        )
    }

    pub(super) fn rename_form(&self, unit: &OrgUnit, text: Text) -> FormState {
        FormState::new(
            UnitsForm::RenameUnit {
                unit: unit.id,
                rev: unit.rev,
            },
            text.rename_title(&self.tree.path(unit.id)),
            vec![Field::text("name", text.name(), &unit.name)],
        )
    }

    /// `None` when the unit's card is not loaded.
    pub(super) fn people_of(&self, unit: UnitId) -> Option<&UnitPeople> {
        self.people
            .as_ref()
            .filter(|(u, _)| *u == unit)
            .map(|(_, p)| p)
    }

    /// `None` when the unit's card is not loaded or nobody serves.
    pub(super) fn end_form(&self, unit: UnitId, text: Text) -> Option<FormState> {
        team::end_form(unit, &self.tree.path(unit), self.people_of(unit)?, text)
    }

    /// `None` when the unit's card is not loaded or lists nobody.
    pub(super) fn reserve_remove_form(&self, unit: UnitId, text: Text) -> Option<FormState> {
        reserve::remove_form(unit, &self.tree.path(unit), self.people_of(unit)?, text)
    }

    pub(super) fn team_saved(&mut self, cx: &mut Cx, message: String) {
        self.people = None;
        self.load_people(cx.backend);
        *cx.status = Status::info(message);
    }

    pub(super) fn save_form(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        let Some(purpose) = UnitsForm::of(&form.purpose).cloned() else {
            return Ok(());
        };
        match purpose {
            UnitsForm::Appoint { unit } => {
                let message = team::submit_appoint(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            UnitsForm::EndTerm { unit } => {
                let message = team::submit_end(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            UnitsForm::AddReserve { unit } => {
                let message = reserve::submit_add(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            UnitsForm::RemoveReserve { unit } => {
                let message = reserve::submit_remove(unit, form, cx)?;
                self.team_saved(cx, message);
                return Ok(());
            }
            _ => {}
        }
        let name = form.value("name");
        let result = match &purpose {
            UnitsForm::AddUnit { parent } => {
                let code = form.value("kind");
                let kind = UnitKind::parse(&code).ok_or(Error::UnknownKind { given: code })?;
                cx.backend.run(CreateUnit {
                    parent: *parent,
                    kind,
                    name: name.to_string(),
                    short_name: None,
                })
            }
            UnitsForm::RenameUnit { unit, rev } => {
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
                *cx.status = Status::info(match purpose {
                    UnitsForm::AddUnit { .. } => cx.text.added(&path),
                    UnitsForm::RenameUnit { .. } => cx.text.renamed(&path),
                    _ => path,
                });
                Ok(())
            }
            Err(e) => {
                if matches!(e, Error::Conflict { .. }) {
                    // Someone else saved first: show their version and let
                    // the next save start from it.
                    self.refresh(cx);
                    if let Some(UnitsForm::RenameUnit { unit, rev }) = form.purpose.of_mut()
                        && let Some(fresh) = self.tree.get(*unit)
                    {
                        *rev = fresh.rev;
                    }
                }
                Err(e)
            }
        }
    }

    pub(super) fn rebuild_form(
        &self,
        purpose: &FormPurpose,
        _: &dyn Backend,
        text: Text,
    ) -> Option<FormState> {
        match UnitsForm::of(purpose)? {
            UnitsForm::AddUnit { parent } => {
                let p = self.tree.get(*parent).filter(|u| u.is_live())?;
                Some(self.add_form(p, text))
            }
            UnitsForm::RenameUnit { unit, rev } => {
                let u = self.tree.get(*unit).filter(|u| u.is_live())?;
                let mut f = self.rename_form(u, text);
                // Keep the revision the draft was edited from, so a change
                // made meanwhile is reported, not overwritten.
                f.purpose = UnitsForm::RenameUnit {
                    unit: *unit,
                    rev: *rev,
                }
                .into();
                Some(f)
            }
            UnitsForm::Appoint { unit } => {
                let u = self.tree.get(*unit).filter(|u| u.is_live())?;
                Some(team::appoint_form(u.id, &self.tree.path(u.id), text))
            }
            UnitsForm::EndTerm { unit } => self.end_form(*unit, text),
            UnitsForm::AddReserve { unit } => {
                let u = self.tree.get(*unit).filter(|u| u.is_live())?;
                Some(reserve::add_form(u.id, &self.tree.path(u.id), text))
            }
            UnitsForm::RemoveReserve { unit } => self.reserve_remove_form(*unit, text),
        }
    }
}

/// What saving one of the tab's forms does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum UnitsForm {
    AddUnit { parent: UnitId },
    RenameUnit { unit: UnitId, rev: u64 },
    Appoint { unit: UnitId },
    EndTerm { unit: UnitId },
    AddReserve { unit: UnitId },
    RemoveReserve { unit: UnitId },
}

impl UnitsForm {
    pub fn of(purpose: &FormPurpose) -> Option<&UnitsForm> {
        purpose.of()
    }
}

impl Purpose for UnitsForm {
    fn edits(&self) -> Option<(RecordKind, u64)> {
        match self {
            UnitsForm::RenameUnit { unit, .. } => Some((RecordKind::Unit, unit.0)),
            _ => None,
        }
    }

    fn edits_existing(&self) -> bool {
        matches!(self, UnitsForm::RenameUnit { .. })
    }

    fn take_latest(&mut self, backend: &dyn Backend) {
        if let UnitsForm::RenameUnit { unit, rev } = self
            && let Ok(fresh) = backend.run(GetUnit { id: *unit })
        {
            *rev = fresh.rev;
        }
    }
}
