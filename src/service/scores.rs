//! 积分: rulebooks per period, awards and penalties, settlement; the reads
//! (standings, ledgers, differences) are in `score_reads`.

use super::audit::Change;
use super::sanchuang::invalid;
use super::{Actor, ChangeNotice, Draft, Response, Service, State, Written};
use crate::api::Request;
use crate::api::scores::{
    AdjustScore, CopyRules, PeriodRow, ScoresRequest, SetRules, SettlePeriod, VoidAdjustment,
};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::day::Day;
use crate::domain::permissions::Need;
use crate::domain::person::{Person, PersonId};
use crate::domain::points::Points;
use crate::domain::rules::{self, PeerGroup};
use crate::domain::score_records::{Adjustment, PeriodRules, Settled, Settlement, Subject};
use crate::domain::{UnitId, time};
use crate::error::{Error, Field, Result};
use crate::store::{Changes, Store, TreeId, codec};

impl PeriodRules {
    pub fn row(&self) -> PeriodRow {
        PeriodRow {
            id: self.id,
            name: self.name.clone(),
            from: self.from,
            to: self.to,
            version: self.version,
            settled: self.settled.as_ref().map(|s| (s.at, s.by.clone())),
            changed_at: self.changed_at,
            changed_by: self.changed_by.clone(),
        }
    }

    pub fn book(&self) -> Result<rules::Rulebook> {
        rules::parse(&self.text).map_err(|errors| Error::BadRules { errors })
    }
}

/// Every period, oldest first, with the writes of the batch so far.
pub(super) fn periods(store: &Store, pending: &[Changes]) -> Result<Vec<PeriodRules>> {
    let mut all: Vec<PeriodRules> = store
        .scan::<PeriodRules>(TreeId::ScoreRules)
        .collect::<Result<_>>()?;
    for bytes in pending.iter().flat_map(|c| c.puts(TreeId::ScoreRules)) {
        let p: PeriodRules = codec::decode(bytes).map_err(|e| Error::Storage {
            detail: e.to_string(),
        })?;
        match all.iter_mut().find(|q| q.id == p.id) {
            Some(q) => *q = p,
            None => all.push(p),
        }
    }
    all.sort_by_key(|p| (p.from, p.to, p.id));
    Ok(all)
}

/// The period a user names: a year (the period starting in it), a
/// rulebook's name, or nothing (the one holding today, else the latest).
pub(super) fn resolve<'a>(
    all: &'a [PeriodRules],
    given: Option<&str>,
    today: Day,
) -> Result<&'a PeriodRules> {
    let given = given.map(str::trim).filter(|g| !g.is_empty());
    let found = match given {
        None => all
            .iter()
            .find(|p| p.from <= today && today <= p.to)
            .or_else(|| all.last()),
        Some(g) => match g.parse::<i32>() {
            Ok(year) => all
                .iter()
                .find(|p| p.from.date().format("%Y").to_string() == year.to_string()),
            Err(_) => all.iter().find(|p| p.name == g),
        },
    };
    found.ok_or_else(|| Error::NoSuchPeriod {
        given: given.unwrap_or_default().to_string(),
        known: all.iter().map(|p| p.name.clone()).collect(),
    })
}

/// The period just before `p`: the latest to end before it starts.
pub(super) fn previous<'a>(all: &'a [PeriodRules], p: &PeriodRules) -> Option<&'a PeriodRules> {
    all.iter()
        .filter(|q| q.to < p.from)
        .max_by_key(|q| (q.to, q.from))
}

fn unsettled(p: &PeriodRules) -> Result<()> {
    match p.settled {
        Some(_) => Err(Error::PeriodSettled {
            name: p.name.clone(),
        }),
        None => Ok(()),
    }
}

/// The needs that depend on the district or a stored person.
pub(super) fn needs(state: &State, store: &Store, request: &Request) -> Result<Vec<Need>> {
    let Request::Scores(request) = request else {
        return Ok(vec![]);
    };
    let root = state.units.roots().next().map(|u| u.id);
    Ok(match request {
        // Rulebooks and settlement are the district office's.
        ScoresRequest::SetRules(_)
        | ScoresRequest::CopyRules(_)
        | ScoresRequest::SettlePeriod(_) => root.map(Need::Write).into_iter().collect(),
        ScoresRequest::AdjustScore(AdjustScore {
            subject: Subject::Person(p),
            ..
        }) => person_unit(store, *p)?
            .map(Need::Write)
            .into_iter()
            .collect(),
        ScoresRequest::VoidAdjustment(r) => {
            match store.get::<Adjustment>(TreeId::ScoreAdjustments, r.id)? {
                Some(a) => match a.subject {
                    Subject::Unit(u) => vec![Need::Write(u)],
                    Subject::Person(p) => person_unit(store, p)?
                        .map(Need::Write)
                        .into_iter()
                        .collect(),
                },
                None => vec![],
            }
        }
        ScoresRequest::GetLedger(r) => match r.subject {
            Subject::Person(p) => person_unit(store, p)?.map(Need::Read).into_iter().collect(),
            Subject::Unit(_) => vec![],
        },
        _ => vec![],
    })
}

fn person_unit(store: &Store, p: PersonId) -> Result<Option<UnitId>> {
    Ok(store.get::<Person>(TreeId::People, p.0)?.map(|p| p.unit))
}

impl Service {
    pub(super) fn write_scores(
        &self,
        batch: &mut Draft,
        changes: &mut Changes,
        actor: &Actor,
        request: ScoresRequest,
    ) -> Result<Written> {
        let now = time::now();
        let all = periods(&self.store, &batch.pending)?;
        let notice = |kind: RecordKind, record: u64, unit: Option<UnitId>| ChangeNotice {
            kind,
            record,
            unit,
            by: actor.user.clone(),
        };
        let root = batch.units.roots().next().map(|u| u.id);
        match request {
            ScoresRequest::SetRules(SetRules { period, text }) => {
                let p = self.store_rules(changes, actor, &all, period.as_deref(), text, now)?;
                let n = notice(RecordKind::Rulebook, p.id, root);
                Ok((Response::Period(Box::new(p.row())), n))
            }
            ScoresRequest::CopyRules(CopyRules { from, to }) => {
                let source = resolve(&all, Some(&from), Day::today())?;
                let text = rules::moved_to_year(&source.text, to)
                    .map_err(|errors| Error::BadRules { errors })?;
                let book = rules::parse(&text).map_err(|errors| Error::BadRules { errors })?;
                if let Some(p) = all.iter().find(|p| p.from == book.from && p.to == book.to) {
                    return Err(Error::PeriodExists {
                        name: p.name.clone(),
                    });
                }
                let p = self.store_rules(changes, actor, &all, None, text, now)?;
                let n = notice(RecordKind::Rulebook, p.id, root);
                Ok((Response::Period(Box::new(p.row())), n))
            }
            ScoresRequest::AdjustScore(r) => {
                let a = self.adjust(batch, changes, actor, &all, r, now)?;
                let unit = match a.subject {
                    Subject::Unit(u) => Some(u),
                    Subject::Person(p) => person_unit(&self.store, p)?,
                };
                let n = notice(RecordKind::ScoreAdjustment, a.id, unit);
                Ok((Response::Adjustment(Box::new(a)), n))
            }
            ScoresRequest::VoidAdjustment(VoidAdjustment { id, reason }) => {
                let a = self.void_adjustment(changes, actor, &all, id, &reason, now)?;
                let unit = match a.subject {
                    Subject::Unit(u) => Some(u),
                    Subject::Person(p) => person_unit(&self.store, p)?,
                };
                let n = notice(RecordKind::ScoreAdjustment, a.id, unit);
                Ok((Response::Adjustment(Box::new(a)), n))
            }
            ScoresRequest::SettlePeriod(SettlePeriod { period }) => {
                let p = resolve(&all, Some(&period), Day::today())?.clone();
                unsettled(&p)?;
                let mut groups = Vec::new();
                for group in PeerGroup::ALL {
                    let s = self.live_standings(batch, &all, &p, *group)?;
                    groups.push((*group, s.rows.clone()));
                }
                let settlement = Settlement {
                    id: p.id,
                    version: p.version,
                    text: p.text.clone(),
                    groups,
                    at: now,
                    by: actor.user.clone(),
                };
                let mut after = p.clone();
                after.settled = Some(Settled {
                    at: now,
                    by: actor.user.clone(),
                });
                after.rev += 1;
                after.changed_at = now;
                after.changed_by = actor.user.clone();
                changes.put(TreeId::Settlements, p.id, &settlement);
                changes.put(TreeId::ScoreRules, p.id, &after);
                self.audit(
                    changes,
                    actor,
                    Change {
                        action: AuditAction::Update,
                        kind: RecordKind::Rulebook,
                        record: p.id,
                        unit: root,
                        label: format!("{}：兑现奖惩", p.name),
                        before: Some(&p),
                        after: Some(&after),
                    },
                )?;
                let n = notice(RecordKind::Rulebook, p.id, root);
                Ok((Response::Period(Box::new(after.row())), n))
            }
            r => Err(Error::Storage {
                detail: format!("not a write: {r:?}"),
            }),
        }
    }

    fn store_rules(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        all: &[PeriodRules],
        named: Option<&str>,
        text: String,
        now: i64,
    ) -> Result<PeriodRules> {
        let book = rules::parse(&text).map_err(|errors| Error::BadRules { errors })?;
        let existing = all.iter().find(|p| p.from == book.from && p.to == book.to);
        if let Some(named) = named.map(str::trim).filter(|n| !n.is_empty()) {
            let year = book.from.date().format("%Y").to_string();
            let fits =
                named == year || named == book.name || existing.is_some_and(|p| p.name == named);
            if !fits {
                return Err(invalid(
                    Field::Text,
                    format!(
                        "文件中的考核期是“{}”（{} 至 {}），不是“{named}”",
                        book.name, book.from, book.to
                    ),
                    format!(
                        "the file's period is \"{}\" ({} to {}), not \"{named}\"",
                        book.name, book.from, book.to
                    ),
                ));
            }
        }
        let after = match existing {
            Some(p) => {
                unsettled(p)?;
                if p.text == text {
                    return Ok(p.clone());
                }
                let mut after = p.clone();
                after.earlier.push(std::mem::take(&mut after.text));
                after.text = text;
                after.name = book.name.clone();
                after.version += 1;
                after.rev += 1;
                after.changed_at = now;
                after.changed_by = actor.user.clone();
                after
            }
            None => PeriodRules {
                id: self.store.next_id(TreeId::ScoreRules),
                name: book.name.clone(),
                from: book.from,
                to: book.to,
                text,
                version: 1,
                earlier: vec![],
                settled: None,
                created: now,
                changed_at: now,
                changed_by: actor.user.clone(),
                rev: 1,
            },
        };
        changes.put(TreeId::ScoreRules, after.id, &after);
        self.audit(
            changes,
            actor,
            Change {
                action: if existing.is_some() {
                    AuditAction::Update
                } else {
                    AuditAction::Create
                },
                kind: RecordKind::Rulebook,
                record: after.id,
                unit: None,
                label: format!("{}（第{}版）", after.name, after.version),
                before: existing,
                after: Some(&after),
            },
        )?;
        Ok(after)
    }

    fn void_adjustment(
        &self,
        changes: &mut Changes,
        actor: &Actor,
        all: &[PeriodRules],
        id: u64,
        reason: &str,
        now: i64,
    ) -> Result<Adjustment> {
        let before = self
            .store
            .get::<Adjustment>(TreeId::ScoreAdjustments, id)?
            .filter(|a| a.voided.is_none())
            .ok_or(Error::NoSuchRecord { id })?;
        if let Some(p) = all.iter().find(|p| p.id == before.period) {
            unsettled(p)?;
        }
        let reason = super::sanchuang::one_line(reason);
        if reason.is_empty() {
            return Err(invalid(
                Field::Reason,
                "请写明作废原因（如“录错分值”）",
                "say why it is voided (e.g. \"wrong points\")",
            ));
        }
        let mut after = before.clone();
        after.voided = Some(crate::domain::void::Voided {
            at: now,
            by: actor.user.clone(),
            reason,
        });
        after.rev += 1;
        after.changed_at = now;
        after.changed_by = actor.user.clone();
        changes.put(TreeId::ScoreAdjustments, id, &after);
        self.audit(
            changes,
            actor,
            Change {
                action: AuditAction::Void,
                kind: RecordKind::ScoreAdjustment,
                record: id,
                unit: match after.subject {
                    Subject::Unit(u) => Some(u),
                    Subject::Person(_) => None,
                },
                label: format!("{} {}", after.points, after.reason),
                before: Some(&before),
                after: Some(&after),
            },
        )?;
        Ok(after)
    }

    fn adjust(
        &self,
        batch: &Draft,
        changes: &mut Changes,
        actor: &Actor,
        all: &[PeriodRules],
        r: AdjustScore,
        now: i64,
    ) -> Result<Adjustment> {
        let p = resolve(all, Some(&r.period), Day::today())?;
        unsettled(p)?;
        let label = match r.subject {
            Subject::Unit(u) => match batch.units.get(u) {
                Some(unit) if unit.archived.is_none() => batch.units.path(u),
                _ => {
                    return Err(Error::UnitNotFound {
                        given: u.0.to_string(),
                    });
                }
            },
            Subject::Person(id) => match self.store.get::<Person>(TreeId::People, id.0)? {
                Some(person) if person.voided.is_none() => person.name,
                _ => {
                    return Err(Error::PersonNotFound {
                        given: id.0.to_string(),
                    });
                }
            },
        };
        if r.points == Points::ZERO {
            return Err(invalid(
                Field::Text,
                "奖惩分值不能为0：奖励写正数，处罚写负数",
                "the points cannot be 0: an award is positive, a penalty negative",
            ));
        }
        let reason = super::sanchuang::one_line(&r.reason);
        if reason.is_empty() {
            return Err(invalid(
                Field::Reason,
                "请写明奖惩理由",
                "say why the points are awarded or taken",
            ));
        }
        let today = Day::today();
        let on = r.on.unwrap_or(if today <= p.to {
            today.max(p.from)
        } else {
            p.to
        });
        if on < p.from || on > p.to {
            return Err(invalid(
                Field::Date,
                format!("日期 {on} 不在考核期 {} 至 {} 内", p.from, p.to),
                format!("{on} is outside the period {} to {}", p.from, p.to),
            ));
        }
        let a = Adjustment {
            id: self.store.next_id(TreeId::ScoreAdjustments),
            period: p.id,
            subject: r.subject,
            points: r.points,
            reason,
            on,
            created: now,
            changed_at: now,
            changed_by: actor.user.clone(),
            rev: 1,
            voided: None,
        };
        changes.put(TreeId::ScoreAdjustments, a.id, &a);
        self.audit(
            changes,
            actor,
            Change {
                action: AuditAction::Create,
                kind: RecordKind::ScoreAdjustment,
                record: a.id,
                unit: match a.subject {
                    Subject::Unit(u) => Some(u),
                    Subject::Person(_) => None,
                },
                label: format!(
                    "{label} {}{}",
                    if a.points.is_negative() { "" } else { "+" },
                    a.points
                ),
                before: None,
                after: Some(&a),
            },
        )?;
        Ok(a)
    }
}
