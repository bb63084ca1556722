//! Tasks handed out by plenaries and meetings: creating them, progress notes, done or dropped.

use chrono::NaiveDate;

use super::audit::Change;
use super::{Actor, Draft, Service};
use crate::api::meetings::{TaskChange, TaskDraft};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::limits::{self, Limited};
use crate::domain::meeting::{Attendee, Meeting, MeetingId, MeetingSeries};
use crate::domain::task::{ProgressNote, Task, TaskId, TaskStatus};
use crate::domain::void::Voidable;
use crate::domain::{text, time};
use crate::error::{Error, Result};
use crate::store::{Changes, TreeId};

type MeetingTaskIds = std::collections::HashMap<(MeetingId, String), TaskId>;

/// Filled at a batch's first task made from a meeting.
pub(super) type MeetingTasks = std::cell::OnceCell<MeetingTaskIds>;

/// Task titles are often a line of minutes: longer than a name, still one line.
const MAX_TITLE_CHARS: usize = 200;

fn clean_title(s: &str) -> Result<String> {
    let title = text::clean_free_text(s)
        .replace('\n', " ")
        .trim()
        .to_string();
    if title.is_empty() {
        return Err(Error::NameEmpty);
    }
    let chars = title.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(Error::TextTooLong {
            chars,
            max: MAX_TITLE_CHARS,
        });
    }
    Ok(title)
}

fn clean_owner(a: &Attendee) -> Result<Attendee> {
    Ok(Attendee {
        name: text::check_name(&a.name)?,
        ..a.clone()
    })
}

impl Service {
    /// Every task, those voided left out.
    /// The live stored tasks made from a meeting, the first of each title.
    /// The store does not change until a batch commits, so they are read
    /// once a batch rather than once a task: a batch of tasks read every
    /// task for each.
    fn meeting_tasks<'d>(&self, batch: &'d Draft) -> Result<&'d MeetingTaskIds> {
        if batch.meeting_tasks.get().is_none() {
            let mut made = MeetingTaskIds::new();
            for t in self.all_tasks()? {
                if let Some(m) = t.meeting {
                    made.entry((m, t.title)).or_insert(t.id);
                }
            }
            let _ = batch.meeting_tasks.set(made);
        }
        batch.meeting_tasks.get().ok_or_else(|| Error::Storage {
            detail: "tasks not read".into(),
        })
    }

    pub(super) fn all_tasks(&self) -> Result<Vec<Task>> {
        self.store
            .scan::<Task>(TreeId::Tasks)
            .filter(|t| t.as_ref().map_or(true, |t| !t.is_voided()))
            .collect()
    }

    /// Tasks whose owner's name contains `owner` (all when `None`), only the overdue ones on
    /// `today` when asked.
    pub(super) fn list_tasks(
        &self,
        owner: Option<&str>,
        overdue_only: bool,
        today: NaiveDate,
    ) -> Result<Vec<Task>> {
        let owner = owner.map(str::trim).filter(|o| !o.is_empty());
        let mut tasks = self.all_tasks()?;
        tasks.retain(|t| {
            owner.is_none_or(|o| t.owner.name.contains(o)) && (!overdue_only || t.is_overdue(today))
        });
        Ok(tasks)
    }

    pub(super) fn create_task(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        draft: &TaskDraft,
    ) -> Result<Task> {
        let title = clean_title(&draft.title)?;
        let owner = clean_owner(&draft.owner)?;
        if let Some(u) = draft.unit {
            batch.units.get(u).ok_or(Error::NoSuchRecord { id: u.0 })?;
        }
        let from_meeting = match draft.meeting {
            Some(m) => Some(
                batch
                    .get::<Meeting>(&self.store, TreeId::Meetings, m.0)?
                    .ok_or(Error::NoSuchRecord { id: m.0 })?,
            ),
            None => None,
        };
        // The same line of a meeting's minutes made into a task twice (a key
        // pressed twice) would count its work twice.
        if let Some(m) = draft.meeting
            && let Some(same) = self.meeting_tasks(batch)?.get(&(m, title.clone()))
        {
            return Err(Error::TaskRepeated {
                id: same.0,
                title: title.clone(),
            });
        }
        let unit = match (draft.unit, &from_meeting) {
            (Some(u), _) => Some(u),
            (None, Some(m)) => {
                let s: MeetingSeries = batch
                    .get(&self.store, TreeId::MeetingSeries, m.series.0)?
                    .ok_or(Error::NoSuchRecord { id: m.series.0 })?;
                Some(s.host)
            }
            (None, None) => owner.unit,
        };
        let now = time::now();
        let task = Task {
            id: TaskId(self.store.next_id(TreeId::Tasks)),
            title,
            owner,
            unit,
            meeting: draft.meeting,
            // A decision dates from its meeting, whenever it was typed in.
            opened: from_meeting.as_ref().map_or(draft.opened, |m| m.date),
            due: draft.due,
            status: TaskStatus::Open,
            notes: Vec::new(),
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
            voided: None,
        };
        self.save_task(changes, actor, AuditAction::Create, None, &task)?;
        Ok(task)
    }

    pub(super) fn update_task(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        before: Task,
        rev: u64,
        change: &TaskChange,
    ) -> Result<Task> {
        // A note only adds to the task and overwrites nobody's change, so
        // it goes on the task as it is now; two people noting progress at
        // once both succeed.
        if before.is_voided() {
            return Err(Error::RecordVoided {
                kind: RecordKind::Task,
                id: before.id.0,
            });
        }
        let appends = matches!(change, TaskChange::Note { .. });
        if before.rev != rev && !appends {
            return Err(Error::Conflict {
                by: before.changed_by.clone(),
                at: before.changed_at,
            });
        }
        let mut after = Task {
            rev: before.rev + 1,
            changed_at: time::now(),
            changed_by: actor.user.clone(),
            ..before.clone()
        };
        match change {
            TaskChange::Status(TaskStatus::Dropped { reason }) => {
                after.status = TaskStatus::Dropped {
                    reason: clean_title(reason)?,
                }
            }
            TaskChange::Status(s) => after.status = s.clone(),
            TaskChange::Note { on, text: note } => {
                let note = text::clean_free_text(note).trim().to_string();
                if note.is_empty() {
                    return Err(Error::NameEmpty);
                }
                limits::items(Limited::TaskNotes, after.notes.len() + 1)?;
                after.notes.push(ProgressNote {
                    on: *on,
                    by: actor.user.clone(),
                    text: note,
                });
            }
            TaskChange::Due(due) => after.due = *due,
            TaskChange::Owner(o) => after.owner = clean_owner(o)?,
            TaskChange::Title(t) => after.title = clean_title(t)?,
        }
        self.save_task(changes, actor, AuditAction::Update, Some(&before), &after)?;
        Ok(after)
    }

    fn save_task(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        action: AuditAction,
        before: Option<&Task>,
        after: &Task,
    ) -> Result<()> {
        changes.put(TreeId::Tasks, after.id.0, after);
        self.audit(
            changes,
            actor,
            Change {
                action,
                kind: RecordKind::Task,
                record: after.id.0,
                unit: after.unit,
                label: after.title.chars().take(40).collect(),
                before,
                after: Some(after),
            },
        )
    }
}
