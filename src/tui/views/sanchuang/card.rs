//! A plan's card: its fields, its stage history (each move dated and noted, a failed
//! inspection marked), the guidance visits to its unit with their five findings, and the
//! unit's latest activities; scrolled when longer than the screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Sanchuang;
use crate::api::sanchuang::PlanCard;
use crate::domain::text::display_width;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::wrap;

/// What a line of the card is: a heading, a label with its value, or text.
pub enum CardLine {
    Heading(String),
    Field(&'static str, String),
    Text(String),
    /// A failed inspection, marked.
    Failed(String),
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

/// The card's lines, in order.
pub fn card_lines(s: &Sanchuang, card: &PlanCard, t: Text) -> Vec<CardLine> {
    let lang = t.0;
    let p = &card.row.plan;
    let mut out = vec![
        CardLine::Heading(format!(
            "{} · {} · {}",
            card.row.unit_name,
            p.creation.label(lang),
            p.stage().label(lang)
        )),
        CardLine::Field(t.sc_unit(), card.row.unit_path.clone()),
        CardLine::Field(
            t.sc_stage(),
            format!(
                "{} · {}",
                p.stage().label(lang),
                t.sc_days_since(p.days_in_stage(s.today), &p.stage_since().to_string())
            ),
        ),
        CardLine::Field(t.sc_opened(), p.opened.to_string()),
        CardLine::Field(t.sc_owner(), or_dash(card.owner.as_deref().unwrap_or(""))),
        CardLine::Field(t.sc_base(), or_dash(&p.base)),
        CardLine::Field(t.sc_strengths(), or_dash(&p.strengths)),
        CardLine::Field(t.sc_weaknesses(), or_dash(&p.weaknesses)),
        CardLine::Field(t.sc_goals(), or_dash(&p.goals)),
        CardLine::Field(t.sc_measures(), or_dash(&p.measures)),
        CardLine::Heading(t.sc_history().to_string()),
        CardLine::Text(format!(
            "{}  {}",
            p.opened,
            t.sc_opened_at(crate::domain::plan::Stage::Planning)
        )),
    ];
    for c in &p.changes {
        if c.failed {
            out.push(CardLine::Failed(format!(
                "{}  ✗ {}{}{}",
                c.on,
                t.sc_inspection_failed(),
                t.label_sep(),
                c.note
            )));
        } else {
            let note = if c.note.is_empty() {
                String::new()
            } else {
                format!("  {}", c.note)
            };
            out.push(CardLine::Text(format!(
                "{}  → {}{note}",
                c.on,
                c.to.label(lang)
            )));
        }
    }
    out.push(CardLine::Heading(t.sc_visits_head(card.visits.len())));
    if card.visits.is_empty() {
        out.push(CardLine::Text(t.sc_no_visits().to_string()));
    }
    for v in &card.visits {
        let group = s
            .groups
            .iter()
            .find(|g| g.id == v.group)
            .map_or_else(|| format!("#{}", v.group.0), |g| g.name.clone());
        let methods = v
            .methods
            .iter()
            .map(|m| m.label(lang))
            .collect::<Vec<_>>()
            .join(t.work_name_sep());
        out.push(CardLine::Text(format!(
            "{}  {group}  {}",
            v.date,
            or_dash(&methods)
        )));
        for (zh, en, answer) in v.findings.answers() {
            if !answer.trim().is_empty() {
                out.push(CardLine::Text(format!(
                    "    {}{}{answer}",
                    lang.pick(zh, en),
                    t.label_sep()
                )));
            }
        }
    }
    out.push(CardLine::Heading(t.sc_activities_head()));
    if card.activities.is_empty() {
        out.push(CardLine::Text(t.sc_no_activities().to_string()));
    }
    for a in &card.activities {
        out.push(CardLine::Text(format!("{}  {}", a.date(), a.label())));
    }
    out
}

impl Sanchuang {
    pub(super) fn render_card(&self, card: &PlanCard, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lines = card_lines(self, card, t);
        let label_w = lines
            .iter()
            .filter_map(|l| match l {
                CardLine::Field(label, _) => Some(display_width(label)),
                _ => None,
            })
            .max()
            .unwrap_or(0)
            + 2;
        let w = (area.width as usize).saturating_sub(2);
        let value_w = w.saturating_sub(label_w).max(4);
        // Every screen line, then the scrolled part drawn.
        let mut drawn: Vec<(Option<&'static str>, String, Style)> = Vec::new();
        for l in &lines {
            match l {
                CardLine::Heading(h) => {
                    if !drawn.is_empty() {
                        drawn.push((None, String::new(), Style::new()));
                    }
                    drawn.extend(wrap(h, w).into_iter().map(|p| (None, p, look.theme.title)));
                }
                CardLine::Field(label, value) => {
                    for (k, part) in wrap(value, value_w).into_iter().enumerate() {
                        drawn.push((Some(if k == 0 { *label } else { "" }), part, Style::new()));
                    }
                }
                CardLine::Text(s) => {
                    drawn.extend(wrap(s, w).into_iter().map(|p| (None, p, Style::new())));
                }
                CardLine::Failed(s) => {
                    drawn.extend(wrap(s, w).into_iter().map(|p| (None, p, look.theme.error)));
                }
            }
        }
        let height = area.height as usize;
        let max = drawn.len().saturating_sub(height);
        self.scroll_max.set(max);
        let scroll = self.card_scroll.min(max);
        let buf = frame.buffer_mut();
        for (i, (label, value, style)) in drawn.iter().skip(scroll).take(height).enumerate() {
            let y = area.y + i as u16;
            match label {
                Some(l) => {
                    buf.set_line(
                        area.x + 1,
                        y,
                        &Line::styled(*l, look.theme.label),
                        label_w as u16,
                    );
                    buf.set_line(
                        area.x + 1 + label_w as u16,
                        y,
                        &Line::styled(value.as_str(), *style),
                        value_w as u16,
                    );
                }
                None => {
                    buf.set_line(
                        area.x + 1,
                        y,
                        &Line::styled(value.as_str(), *style),
                        w as u16,
                    );
                }
            }
        }
    }
}
