//! What saving each of the tab's forms does, and how a form comes back from a draft.

use super::MeetingsForm;
use super::forms::{
    absent_form, details_form, goto_form, meeting_of, minutes_form, substitute_form, sync_rule,
    task_form, task_note_form, void_task_form,
};
use super::{Meetings, Pane};
use crate::api::admin::VoidRecord;
use crate::api::meetings::{
    CreateSeries, CreateTask, TaskChange, TaskDraft, UpdateSeries, UpdateTask,
};
use crate::backend::{Backend, BackendExt};
use crate::domain::audit::RecordKind;
use crate::domain::meeting::{Attendee, MeetingStatus, Presence};
use crate::error::{Error, Result};
use crate::tui::popups::form::{FormPurpose, FormState};
use crate::tui::strings::Text;
use crate::tui::views::{Cx, Status};

impl Meetings {
    pub(super) fn save_form(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        let t = cx.text;
        let Some(purpose) = MeetingsForm::of(&form.purpose).cloned() else {
            return Ok(());
        };
        if let Some((series, rule_date)) = meeting_of(&purpose) {
            self.ensure_page(series, rule_date, cx)?;
        }
        match purpose {
            MeetingsForm::EditSeries { id, rev } => {
                let base = self
                    .series
                    .iter()
                    .find(|s| s.id == id)
                    .cloned()
                    .ok_or(Error::NoSuchRecord { id: id.0 })?;
                let draft = Self::series_draft(form, cx, Some(&base))?;
                let saved = cx.backend.run(UpdateSeries { id, rev, draft });
                // A refusal for a stale revision reloads the list, so the form's
                // "load latest" finds the series as the other user left it.
                self.refresh(cx);
                let s = saved?;
                *cx.status = Status::info(t.series_changed(&s.title, &s.rule.describe()));
                Ok(())
            }
            MeetingsForm::AddSeries => {
                let draft = Self::series_draft(form, cx, None)?;
                let s = cx.backend.run(CreateSeries { draft })?;
                self.cursor = s
                    .rule
                    .first(s.start)
                    .unwrap_or(s.start)
                    .max(self.cursor.min(s.start));
                self.pane = Pane::Month;
                self.refresh(cx);
                *cx.status = Status::info(t.series_added(&s.title, &s.rule.describe()));
                Ok(())
            }
            MeetingsForm::GotoDate => {
                let d = crate::io::input::parse_date(&form.value("date"))?;
                self.pane = Pane::Month;
                self.go(d, cx);
                self.refresh(cx);
                Ok(())
            }
            MeetingsForm::VoidTask { task } => {
                cx.backend.run(VoidRecord {
                    kind: RecordKind::Task,
                    id: task.0,
                    reason: form.value("reason").to_string(),
                })?;
                self.refresh(cx);
                *cx.status = Status::info(format!("{} #{}", cx.text.task_voided(), task));
                Ok(())
            }
            MeetingsForm::TaskNote { task } => {
                let noted = self
                    .tasks
                    .iter()
                    .find(|x| x.id == task)
                    .cloned()
                    .ok_or(Error::NoSuchRecord { id: task.0 })?;
                let text = form.value("text");
                let saved = cx.backend.run(UpdateTask {
                    id: noted.id,
                    rev: noted.rev,
                    change: TaskChange::Note {
                        on: self.today,
                        text,
                    },
                });
                if matches!(saved, Err(Error::Conflict { .. })) {
                    self.refresh(cx);
                }
                saved?;
                self.refresh(cx);
                *cx.status = Status::info(t.progress_noted());
                Ok(())
            }
            MeetingsForm::MeetingDetails { .. } => {
                let date = crate::io::input::parse_date(&form.value("date"))?;
                let time = crate::io::input::parse_time(&form.value("time"))?;
                let place = form.value("place");
                let reason = form.value("reason");
                let status = form.value("status");
                self.save_page(cx, |m| {
                    let moved_from = m.date;
                    m.status = match status.as_str() {
                        "held" => MeetingStatus::Held,
                        "cancelled" => MeetingStatus::Cancelled { reason },
                        _ if date != moved_from => MeetingStatus::Postponed { from: moved_from },
                        _ => match &m.status {
                            MeetingStatus::Postponed { from } => {
                                MeetingStatus::Postponed { from: *from }
                            }
                            _ => MeetingStatus::Planned,
                        },
                    };
                    m.date = date;
                    m.time = time;
                    m.place = place;
                })?;
                *cx.status = Status::info(t.saved());
                Ok(())
            }
            MeetingsForm::MinutesLine { .. } => {
                let line = form.value("text");
                if line.trim().is_empty() {
                    return Err(Error::NameEmpty);
                }
                self.save_page(cx, |m| {
                    if !m.minutes.is_empty() {
                        m.minutes.push('\n');
                    }
                    m.minutes.push_str(line.trim());
                })?;
                if let Some(p) = &mut self.page {
                    p.row = p.rows().saturating_sub(1);
                }
                *cx.status = Status::info(t.added_to_minutes());
                Ok(())
            }
            MeetingsForm::AbsentReason { attendee, .. } => {
                let reason = form.value("reason");
                self.mark_attendee(attendee, Presence::Absent { reason }, cx)
            }
            MeetingsForm::Substitute { attendee, .. } => {
                let by = form.value("by");
                self.mark_attendee(attendee, Presence::Substitute { by }, cx)
            }
            MeetingsForm::TaskFromMinutes { .. } => {
                // Checked before the meeting is put on record, so a bad date saves nothing.
                let due = form.value("date");
                let due = if due.trim().is_empty() {
                    None
                } else {
                    Some(crate::io::input::parse_date(&due)?)
                };
                // A task names its meeting, so the meeting must be on record first.
                if self.page.as_ref().is_some_and(|p| p.data.meeting.id.0 == 0) {
                    self.save_page(cx, |_| {})?;
                }
                let meeting = self.page.as_ref().map(|p| p.data.meeting.clone());
                let name = form.value("owner");
                // An attendee keeps the person and unit the meeting knows them by, so the
                // task counts for them in the figures.
                let owner = meeting
                    .iter()
                    .flat_map(|m| m.attendance.iter().map(|e| &e.attendee))
                    .find(|a| a.name == name.trim())
                    .cloned()
                    .unwrap_or_else(|| Attendee::named(name.trim()));
                let task = cx.backend.run(CreateTask {
                    draft: TaskDraft {
                        title: form.value("name"),
                        owner,
                        unit: None,
                        meeting: meeting.as_ref().map(|m| m.id),
                        opened: self.today,
                        due,
                    },
                })?;
                self.refresh(cx);
                *cx.status = Status::info(cx.text.task_added(task.id.0, &task.title));
                Ok(())
            }
        }
    }

    pub(super) fn form_edited(&mut self, form: &mut FormState, cx: &mut Cx) {
        let Some(purpose) = MeetingsForm::of(&form.purpose).cloned() else {
            return;
        };
        if matches!(
            purpose,
            MeetingsForm::AddSeries | MeetingsForm::EditSeries { .. }
        ) {
            sync_rule(form);
            let base = self.base_of(&purpose).cloned();
            Self::preview(form, cx, base.as_ref());
        }
    }

    /// Every form of the tab comes back from a draft; the values typed are then put over it.
    /// A meeting's forms need only the purpose: the page opens when the form is saved.
    pub(super) fn rebuild_form(
        &self,
        purpose: &FormPurpose,
        _: &dyn Backend,
        t: Text,
    ) -> Option<FormState> {
        let purpose = MeetingsForm::of(purpose)?;
        let form = match purpose {
            MeetingsForm::AddSeries => self.series_form(t, purpose.clone(), None),
            MeetingsForm::EditSeries { .. } => {
                self.series_form(t, purpose.clone(), Some(self.base_of(purpose)?))
            }
            MeetingsForm::GotoDate => goto_form(t, self.cursor),
            MeetingsForm::MinutesLine { series, rule_date } => minutes_form(t, *series, *rule_date),
            MeetingsForm::AbsentReason {
                series,
                rule_date,
                attendee,
            } => absent_form(
                t,
                *series,
                *rule_date,
                *attendee,
                &self.attendee_name(*series, *rule_date, *attendee),
            ),
            MeetingsForm::Substitute {
                series,
                rule_date,
                attendee,
            } => substitute_form(
                t,
                *series,
                *rule_date,
                *attendee,
                &self.attendee_name(*series, *rule_date, *attendee),
            ),
            MeetingsForm::TaskFromMinutes { .. } => task_form(t, purpose.clone(), "", "", ""),
            MeetingsForm::MeetingDetails { series, rule_date } => {
                let page = self.page.as_ref().filter(|p| {
                    p.data.series.id == *series && p.data.meeting.rule_date == *rule_date
                });
                let title = self
                    .series
                    .iter()
                    .find(|s| s.id == *series)
                    .map_or_else(String::new, |s| s.title.clone());
                let m = page.map(|p| &p.data.meeting);
                let heading = format!("{title} {}", m.map_or(*rule_date, |m| m.date));
                details_form(t, *series, *rule_date, heading, m)
            }
            MeetingsForm::TaskNote { task } => {
                task_note_form(t, self.tasks.iter().find(|x| x.id == *task)?)
            }
            MeetingsForm::VoidTask { task } => {
                void_task_form(t, self.tasks.iter().find(|x| x.id == *task)?)
            }
        };
        Some(form)
    }
}
