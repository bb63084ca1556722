//! Voiding a record typed in error, and an administrator bringing it back.
//! A voided record keeps its place in the store and its audit trail; every
//! list, figure, search and count leaves it out (see `domain::void`).

use super::audit::Change;
use super::{Actor, ChangeNotice, Draft, Response, Service, Written};
use crate::domain::UnitId;
use crate::domain::account::Access;
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::meeting::{Meeting, MeetingSeries};
use crate::domain::permissions::{self, Need};
use crate::domain::person::{Person, PersonId};
use crate::domain::task::Task;
use crate::domain::void::{Voidable, Voided};
use crate::domain::{text, time};
use crate::error::{Error, Field, Result};
use crate::store::{Changes, TreeId};

/// The longest reason kept: one line saying what was wrong.
const MAX_REASON_CHARS: usize = 200;

fn clean_reason(reason: &str) -> Result<String> {
    let reason = text::clean_free_text(reason)
        .replace('\n', " ")
        .trim()
        .to_string();
    if reason.is_empty() {
        return Err(Error::InvalidField {
            field: Field::Reason,
            zh: "请写明作废原因（如“重复登记”“录错了人”）".into(),
            en: "say why the record is voided (e.g. \"registered twice\")".into(),
        });
    }
    let chars = reason.chars().count();
    if chars > MAX_REASON_CHARS {
        return Err(Error::TextTooLong {
            chars,
            max: MAX_REASON_CHARS,
        });
    }
    Ok(reason)
}

/// What voiding or restoring needs of a record: its unit (for permissions
/// and the audit log), a label, and how to store it.
struct Target<R> {
    record: R,
    unit: Option<UnitId>,
    label: String,
}

impl Service {
    /// `reason` is `Some` to void, `None` to restore. Voiding needs the
    /// right to change the record's unit; restoring is for administrators
    /// only (the request's needs say so).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn write_void(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        access: Access,
        kind: RecordKind,
        id: u64,
        reason: Option<&str>,
    ) -> Result<Written> {
        let mark = match reason {
            Some(r) => Some(Voided {
                at: time::now(),
                by: actor.user.clone(),
                reason: clean_reason(r)?,
            }),
            None => None,
        };
        let require = |batch: &Draft, unit: Option<UnitId>| -> Result<()> {
            match unit {
                Some(u) => permissions::require(&batch.units, actor, access, Need::Write(u)),
                None => permissions::require(&batch.units, actor, access, Need::Admin),
            }
        };
        let notice = |unit: Option<UnitId>| ChangeNotice {
            kind,
            record: id,
            unit,
            by: actor.user.clone(),
        };
        match kind {
            RecordKind::Person => {
                let before =
                    super::people::person(batch.people.persons(&self.store), PersonId(id))?;
                require(batch, Some(before.unit))?;
                let mut after = flip(&before, mark, kind, id)?;
                if after.is_voided() {
                    self.check_person_voidable(batch, &before)?;
                } else {
                    self.check_person_restorable(batch, &before)?;
                }
                super::people::stamp(&mut after, actor, time::now());
                let action = action_of(&after);
                self.put_person(changes, actor, action, Some(&before), &after)?;
                std::sync::Arc::make_mut(&mut batch.people).insert(&self.store, after.clone())?;
                let unit = Some(after.unit);
                Ok((Response::Person(Box::new(after)), notice(unit)))
            }
            RecordKind::Meeting => {
                let before: Meeting = batch
                    .get(&self.store, TreeId::Meetings, id)?
                    .ok_or(Error::NoSuchRecord { id })?;
                let series: MeetingSeries = batch
                    .get(&self.store, TreeId::MeetingSeries, before.series.0)?
                    .ok_or(Error::NoSuchRecord {
                        id: before.series.0,
                    })?;
                require(batch, Some(series.host))?;
                let after = flip(&before, mark, kind, id)?;
                if !after.is_voided() {
                    let live = self.meetings_in(batch, before.series)?;
                    if let Some(other) = live.iter().find(|m| m.rule_date == before.rule_date) {
                        return Err(Error::VoidRefused {
                            zh: format!(
                                "“{}”{} 的会议已另有记录（#{}），不能恢复这条；如需恢复，请先作废那条。",
                                series.title, before.rule_date, other.id
                            ),
                            en: format!(
                                "the meeting of \"{}\" on {} has another record (#{}): void that one first to restore this one.",
                                series.title, before.rule_date, other.id
                            ),
                        });
                    }
                }
                let after = Meeting {
                    changed_at: time::now(),
                    changed_by: actor.user.clone(),
                    rev: before.rev + 1,
                    ..after
                };
                let target = Target {
                    unit: Some(series.host),
                    label: format!("{} {}", series.title, after.date),
                    record: after,
                };
                self.put_voided(changes, actor, TreeId::Meetings, kind, id, &before, &target)?;
                let unit = target.unit;
                Ok((Response::Meeting(Box::new(target.record)), notice(unit)))
            }
            RecordKind::Task => {
                let before: Task = batch
                    .get(&self.store, TreeId::Tasks, id)?
                    .ok_or(Error::NoSuchRecord { id })?;
                let unit = match before.unit {
                    Some(u) => Some(u),
                    None => batch.units.roots().next().map(|r| r.id),
                };
                require(batch, unit)?;
                let after = flip(&before, mark, kind, id)?;
                let after = Task {
                    changed_at: time::now(),
                    changed_by: actor.user.clone(),
                    rev: before.rev + 1,
                    ..after
                };
                let target = Target {
                    unit: before.unit,
                    label: after.title.chars().take(40).collect(),
                    record: after,
                };
                self.put_voided(changes, actor, TreeId::Tasks, kind, id, &before, &target)?;
                let unit = target.unit;
                Ok((Response::Task(Box::new(target.record)), notice(unit)))
            }
            other => Err(Error::VoidRefused {
                zh: format!("{}记录不能作废。", other.label_zh()),
                en: format!("{} records cannot be voided.", other.label_en()),
            }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn put_voided<R: Voidable + crate::store::codec::Record>(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        tree: TreeId,
        kind: RecordKind,
        id: u64,
        before: &R,
        target: &Target<R>,
    ) -> Result<()> {
        changes.put(tree, id, &target.record);
        self.audit(
            changes,
            actor,
            Change {
                action: action_of(&target.record),
                kind,
                record: id,
                unit: target.unit,
                label: target.label.clone(),
                before: Some(before),
                after: Some(&target.record),
            },
        )
    }

    /// A person holding a post or on a reserve list is part of a team's
    /// figures: those entries go first, by ending the term or removing the
    /// entry, so that nothing counts someone who is not there.
    fn check_person_voidable(&self, batch: &Draft, p: &Person) -> Result<()> {
        let today = Day::today();
        let serving = batch
            .people
            .positions
            .values()
            .filter(|t| t.person == p.id && t.to.is_none_or(|to| to > today))
            .count();
        let reserve = batch
            .people
            .reserve
            .values()
            .filter(|c| c.person == p.id)
            .count();
        if serving + reserve > 0 {
            return Err(Error::VoidRefused {
                zh: format!(
                    "{} 还有 {serving} 项在任职务、{reserve} 条后备人选记录，请先免职（ggw position end）、移出后备（ggw reserve remove），再作废。",
                    p.name
                ),
                en: format!(
                    "{} still holds {serving} post(s) and {reserve} reserve entr(ies): end the terms (ggw position end) and remove the entries (ggw reserve remove) first, then void.",
                    p.name
                ),
            });
        }
        Ok(())
    }

    /// Restored, a person must not repeat someone registered meanwhile.
    fn check_person_restorable(&self, batch: &Draft, p: &Person) -> Result<()> {
        let everyone = batch.people.load_everyone(&self.store)?;
        let clash = everyone.people.values().find(|o| {
            o.id != p.id
                && !o.is_voided()
                && ((p.id_number.is_some() && o.id_number == p.id_number)
                    || (o.unit == p.unit
                        && o.name == p.name
                        && p.birth_day().is_some()
                        && o.birth_day() == p.birth_day()))
        });
        match clash {
            Some(o) => Err(Error::VoidRefused {
                zh: format!(
                    "不能恢复：#{} {} 已登记了同一个人。如确是两人，请先核对身份证号或出生日期。",
                    o.id, o.name
                ),
                en: format!(
                    "cannot restore: #{} {} is registered as the same person. Check the ID number or birth date first.",
                    o.id, o.name
                ),
            }),
            None => Ok(()),
        }
    }
}

fn action_of<R: Voidable>(after: &R) -> AuditAction {
    if after.is_voided() {
        AuditAction::Void
    } else {
        AuditAction::Unvoid
    }
}

/// The record with the mark set (`Some`) or cleared (`None`), refused when
/// it is already so.
fn flip<R: Voidable + Clone>(
    before: &R,
    mark: Option<Voided>,
    kind: RecordKind,
    id: u64,
) -> Result<R> {
    match (before.is_voided(), mark.is_some()) {
        (true, true) => Err(Error::RecordVoided { kind, id }),
        (false, false) => Err(Error::NotVoided { kind, id }),
        _ => {
            let mut after = before.clone();
            after.set_voided(mark);
            Ok(after)
        }
    }
}
