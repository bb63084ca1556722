//! The record behind a ledger line, as a card over the ledger: a work
//! record as the 工作 tab shows it, an info item, a plan, a task or a
//! person read by their own requests; for a line no record stands behind
//! (a cap, a shortfall) or a kind without a card, the line itself.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::Scores;
use crate::api::meetings::ListTasks;
use crate::api::people::GetPerson;
use crate::api::sanchuang::{GetPlan, ListInfo};
use crate::api::work::GetWork;
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::bulletin::InfoId;
use crate::domain::person::PersonId;
use crate::domain::plan::PlanId;
use crate::domain::score_records::Subject;
use crate::domain::scoring::LedgerLine;
use crate::domain::text::display_width;
use crate::domain::work_item::{WorkId, WorkList};
use crate::error::Result;
use crate::tui::popups::form::centered;
use crate::tui::strings::Text;
use crate::tui::views::work::card_lines;
use crate::tui::views::{Cx, Look, Status};
use crate::tui::widgets::fit::{truncate, wrap};
use crate::tui::widgets::popup_clear::PopupClear;

/// A card: a title and its lines, a label and a value each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCard {
    pub title: String,
    pub lines: Vec<(String, String)>,
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

/// The line itself, for what has no card of its own.
pub fn line_card(l: &LedgerLine, t: Text) -> RecordCard {
    let mut lines = vec![(t.sc_card_block().to_string(), l.block.clone())];
    if !l.item.is_empty() {
        lines.push((t.sc_card_item().to_string(), l.item.clone()));
    }
    lines.push((
        t.sc_card_kind().to_string(),
        super::ledger::source_cell(l, t),
    ));
    if let Some(d) = l.day {
        lines.push((t.sc_card_date().to_string(), d.to_string()));
    }
    let count = super::ledger::count_cell(l);
    if !count.is_empty() {
        lines.push((t.sc_card_count().to_string(), count));
    }
    lines.push((t.sc_card_points().to_string(), l.points.to_string()));
    if !l.note.is_empty() {
        lines.push((t.sc_card_note().to_string(), l.note.clone()));
    }
    let title = if l.item.is_empty() {
        l.block.clone()
    } else {
        format!("{} · {}", l.block, l.item)
    };
    RecordCard { title, lines }
}

fn work_list(kind: RecordKind) -> Option<WorkList> {
    Some(match kind {
        RecordKind::Activity => WorkList::Activities,
        RecordKind::Training => WorkList::Trainings,
        RecordKind::Visit => WorkList::Visits,
        RecordKind::StudySession => WorkList::StudySessions,
        _ => return None,
    })
}

/// The card of the record behind `l`, read from the service; the line's
/// own card when its kind has none or the record is not found.
/// `unit` is the ledger's unit, whose subtree holds the record.
pub fn card_for(
    l: &LedgerLine,
    unit: Option<UnitId>,
    backend: &dyn Backend,
    t: Text,
) -> Result<RecordCard> {
    let lang = t.0;
    let Some(src) = l.source else {
        return Ok(line_card(l, t));
    };
    let title = format!("{} #{}", t.sc_record_kind(src.kind), src.id);
    let card = |lines: Vec<(String, String)>| RecordCard {
        title: title.clone(),
        lines,
    };
    if let Some(list) = work_list(src.kind) {
        let c = backend.run(GetWork {
            id: WorkId::new(list, src.id),
        })?;
        return Ok(card(
            card_lines(&c, t)
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        ));
    }
    match src.kind {
        RecordKind::Plan => {
            let c = backend.run(GetPlan { id: PlanId(src.id) })?;
            let p = &c.row.plan;
            Ok(card(vec![
                (t.sc_card_unit().to_string(), c.row.unit_path.clone()),
                (
                    t.sc_card_stage().to_string(),
                    format!("{} · {}", p.creation.label(lang), p.stage().label(lang)),
                ),
                (t.sc_card_date().to_string(), p.stage_since().to_string()),
                (
                    t.sc_card_owner().to_string(),
                    or_dash(c.owner.as_deref().unwrap_or("")),
                ),
                (t.sc_card_goals().to_string(), or_dash(&p.goals)),
            ]))
        }
        RecordKind::InfoItem => {
            // Info items are listed by unit and by the day written, which
            // is on or before the line's day (an adoption's).
            let items = backend.run(ListInfo {
                unit,
                from: None,
                to: l.day,
            })?;
            match items.into_iter().find(|i| i.id == InfoId(src.id)) {
                Some(i) => Ok(card(vec![
                    (t.sc_card_title().to_string(), i.title.clone()),
                    (t.sc_card_date().to_string(), i.written.to_string()),
                    (
                        t.sc_card_adoptions().to_string(),
                        crate::tui::views::sanchuang::adoptions_cell(&i, lang),
                    ),
                    (t.sc_card_note().to_string(), or_dash(&i.body)),
                ])),
                None => Ok(line_card(l, t)),
            }
        }
        RecordKind::Task => {
            let today = chrono::Local::now().date_naive();
            let tasks = backend.run(ListTasks {
                owner: None,
                overdue_only: false,
                today,
            })?;
            match tasks.into_iter().find(|x| x.id.0 == src.id) {
                Some(x) => Ok(card(vec![
                    (t.sc_card_title().to_string(), x.title.clone()),
                    (t.sc_card_owner().to_string(), x.owner.name.clone()),
                    (t.sc_card_date().to_string(), x.opened.to_string()),
                    (
                        t.sc_card_due().to_string(),
                        x.due.map_or_else(|| "—".to_string(), |d| d.to_string()),
                    ),
                    (
                        t.sc_card_status().to_string(),
                        match lang {
                            crate::lang::Lang::Zh => x.status.label_zh(),
                            crate::lang::Lang::En => x.status.label_en(),
                        }
                        .to_string(),
                    ),
                ])),
                None => Ok(line_card(l, t)),
            }
        }
        RecordKind::Person => {
            let p = backend.run(GetPerson {
                id: PersonId(src.id),
            })?;
            let honours = p
                .elder
                .as_ref()
                .map(|e| {
                    e.honours
                        .iter()
                        .map(|h| format!("{} {}（{}）", h.date, h.title, h.level.label(lang)))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .unwrap_or_default();
            Ok(card(vec![
                (t.sc_card_name().to_string(), p.name.clone()),
                (
                    t.sc_card_note().to_string(),
                    or_dash(&format!("{} {}", p.employer, p.post)),
                ),
                (t.sc_card_honours().to_string(), or_dash(&honours)),
            ]))
        }
        _ => Ok(line_card(l, t)),
    }
}

impl Scores {
    pub(super) fn open_card(&mut self, cx: &mut Cx) {
        let Some(pane) = self.ledger.as_ref() else {
            return;
        };
        let Some(line) = pane.ledger.lines.get(pane.at.cursor) else {
            return;
        };
        let unit = match pane.ledger.subject {
            Subject::Unit(u) => Some(u),
            Subject::Person(_) => None,
        };
        match card_for(line, unit, cx.backend, cx.text) {
            Ok(c) => self.card = Some(c),
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }
}

impl RecordCard {
    /// Drawn as a box over the ledger, long values wrapped.
    pub fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let width = area.width.saturating_sub(6).clamp(30, 76);
        let inner_w = width.saturating_sub(4) as usize;
        let label_w = self
            .lines
            .iter()
            .map(|(k, _)| display_width(k))
            .max()
            .unwrap_or(0)
            .min(inner_w / 3);
        let value_w = inner_w.saturating_sub(label_w + 2).max(4);
        let mut rows: Vec<Line> = Vec::new();
        for (k, v) in &self.lines {
            for (i, part) in wrap(v, value_w).into_iter().enumerate() {
                let label = if i == 0 {
                    crate::tui::widgets::fit::pad(&truncate(k, label_w), label_w)
                } else {
                    " ".repeat(label_w)
                };
                rows.push(Line::from(vec![
                    Span::styled(label, look.theme.label),
                    Span::raw("  "),
                    Span::raw(part),
                ]));
            }
        }
        let most = area.height.saturating_sub(2).max(3);
        let height = (rows.len() as u16 + 2).min(most);
        let at = centered(area, width, height);
        frame.render_widget(PopupClear, at);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(look.theme.border)
            .title(Span::styled(
                format!(" {} ", truncate(&self.title, inner_w)),
                look.theme.title,
            ))
            .title_bottom(Span::styled(
                format!(" {} ", look.text.sc_card_close()),
                look.theme.dim,
            ));
        let inner = block.inner(at);
        frame.render_widget(block, at);
        let buf = frame.buffer_mut();
        for (i, r) in rows.iter().take(inner.height as usize).enumerate() {
            buf.set_line(
                inner.x + 1,
                inner.y + i as u16,
                r,
                inner.width.saturating_sub(1),
            );
        }
    }
}
