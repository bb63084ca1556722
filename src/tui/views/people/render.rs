//! The roster drawn: the table with its header line, or one person's card.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::{Roster, l, today};
use crate::api::people::StatusFilter;
use crate::domain::day::Day;
use crate::domain::person::{Person, RosterStatus};
use crate::domain::text::display_width;
use crate::lang::Lang;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{pad, truncate};

impl Roster {
    pub(super) fn header(&self, lang: Lang) -> String {
        let mut parts = vec![Text(lang).roster_count(self.total, self.active)];
        if let Some(u) = self.unit {
            parts.push(self.tree.path(u));
        }
        if let Some(c) = self.category {
            parts.push(c.label(lang).to_string());
        }
        parts.push(
            match self.status {
                None => Text(lang).filter_all(),
                Some(StatusFilter::Active) => Text(lang).filter_on_roll(),
                Some(StatusFilter::Removed) => Text(lang).filter_struck_off(),
            }
            .to_string(),
        );
        if !self.search.is_empty() {
            parts.push(format!("“{}”", self.search));
        }
        parts.push(format!(
            "{}{}",
            Text(lang).sort_prefix(),
            self.sort.label(lang)
        ));
        if !self.marked.is_empty() {
            parts.push(Text(lang).marked_count(self.marked.len()));
        }
        parts.join(" · ")
    }

    pub(super) fn render_table(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let lang = l(look.text);
        let buf = frame.buffer_mut();
        let w = area.width as usize;
        buf.set_line(
            area.x,
            area.y,
            &Line::styled(truncate(&self.header(lang), w), look.theme.title),
            area.width,
        );
        let cols: [(&str, usize); 6] = [
            (look.text.person_name(), 10),
            (look.text.column_sex(), 4),
            (look.text.column_age(), 4),
            (look.text.category(), 8),
            (look.text.id_number(), 19),
            (look.text.column_unit(), 0),
        ];
        let mut head = String::from("  ");
        for (name, width) in cols {
            head.push_str(&pad(name, width));
            head.push(' ');
        }
        buf.set_line(
            area.x,
            area.y + 1,
            &Line::styled(truncate(&head, w), look.theme.label),
            area.width,
        );
        let height = (area.height as usize).saturating_sub(2);
        if self.total == 0 {
            buf.set_line(
                area.x + 2,
                area.y + 2,
                &Line::styled(look.text.nobody_matches(), look.theme.dim),
                area.width.saturating_sub(2),
            );
        }
        let today = today();
        let shown = self.list.offset..(self.list.offset + height).min(self.total);
        for (n, r) in shown.filter_map(|n| Some((n, self.row(n)?))) {
            let selected = n == self.list.cursor;
            let marked = self.marked.contains_key(&r.id);
            let lead = match (selected, marked) {
                (true, true) => ">*",
                (true, false) => "> ",
                (false, true) => " *",
                (false, false) => "  ",
            };
            let age = r
                .birth
                .and_then(|b| today.years_since(b))
                .map(|a| a.to_string())
                .unwrap_or_default();
            // The column is 4 cells wide: 男/女, or M/F (the card spells them out).
            let gender = r.gender.map_or("", |g| look.text.gender_column(g));
            let unit_w = w.saturating_sub(2 + 11 + 5 + 5 + 9 + 20);
            let unit = short_path(&r.unit_path);
            let style = if selected {
                look.theme.selected
            } else if r.removed.is_some() {
                look.theme.dim
            } else {
                Style::new()
            };
            let line = Line::from(vec![
                Span::styled(lead, look.theme.selected),
                Span::styled(
                    format!(
                        "{} {} {} {} {} {}",
                        pad(&name_cell(r.name(), r.removed.is_some(), lang), 10),
                        pad(gender, 4),
                        pad(&age, 4),
                        pad(&truncate(r.category.map_or("—", |c| c.label(lang)), 8), 8),
                        pad(&r.id_number_masked, 19),
                        truncate(unit, unit_w)
                    ),
                    style,
                ),
            ]);
            buf.set_line(
                area.x,
                area.y + 2 + (n - self.list.offset) as u16,
                &line,
                area.width,
            );
        }
    }

    pub(super) fn card_lines(&self, p: &Person, lang: Lang) -> Vec<(String, String)> {
        let said = Text(lang);
        let day = |d: Option<Day>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
        let mut lines = vec![
            (said.person_name().to_string(), p.name.clone()),
            (
                said.gender().to_string(),
                p.gender.map_or("—".into(), |g| {
                    lang.pick(g.label_zh(), g.label_en()).to_string()
                }),
            ),
            (said.born().to_string(), day(p.birth_day())),
            (
                said.id_number().to_string(),
                p.id_number
                    .as_ref()
                    .map_or("—".into(), |n| n.as_str().to_string()),
            ),
            (
                said.phone().to_string(),
                if p.phone.is_empty() {
                    "—".into()
                } else {
                    p.phone.clone()
                },
            ),
            (said.person_unit().to_string(), self.tree.path(p.unit)),
        ];
        if !p.employer.is_empty() || !p.post.is_empty() {
            lines.push((
                said.former_post().to_string(),
                format!("{} {}", p.employer, p.post),
            ));
        }
        if let Some(e) = &p.elder {
            let core = if e.core { Text(lang).core_mark() } else { "" };
            lines.push((
                said.category().to_string(),
                format!("{}{core}", e.category.label(lang)),
            ));
            lines.push((said.source().to_string(), e.source.label(lang).to_string()));
            lines.push((
                said.joined_and_reregistered().to_string(),
                format!("{} / {}", day(e.joined), day(e.reregistered)),
            ));
            let status = match &e.status {
                RosterStatus::Active => said.on_the_roll().to_string(),
                RosterStatus::Removed { on, reason, note } => {
                    format!(
                        "{} {on} {} {note}",
                        Text(lang).filter_struck_off(),
                        reason.label(lang)
                    )
                }
            };
            lines.push((said.status().to_string(), status));
            for t in e.talks.iter().rev() {
                lines.push((
                    said.card_talk().to_string(),
                    format!(
                        "{} {} [{}] {}",
                        t.date,
                        t.by,
                        t.outcome.label(lang),
                        t.summary
                    ),
                ));
            }
            for h in e.honours.iter().rev() {
                lines.push((
                    said.card_honour().to_string(),
                    format!("{} {}（{}）", h.date, h.title, h.level.label(lang)),
                ));
            }
        }
        if !p.notes.is_empty() {
            lines.push((said.notes().to_string(), p.notes.replace('\n', " ")));
        }
        lines
    }

    pub(super) fn render_card(&self, p: &Person, frame: &mut Frame, area: Rect, look: &Look) {
        let lang = l(look.text);
        let lines = self.card_lines(p, lang);
        let label_w = lines
            .iter()
            .map(|(l, _)| display_width(l))
            .max()
            .unwrap_or(0)
            + 2;
        let buf = frame.buffer_mut();
        let value_w = (area.width as usize).saturating_sub(label_w + 2);
        for (i, (label, value)) in lines.iter().enumerate().take(area.height as usize) {
            let y = area.y + i as u16;
            buf.set_line(
                area.x + 1,
                y,
                &Line::styled(label.as_str(), look.theme.label),
                label_w as u16,
            );
            let style = if i == 0 {
                look.theme.title
            } else {
                Style::new()
            };
            buf.set_line(
                area.x + 1 + label_w as u16,
                y,
                &Line::styled(truncate(value, value_w), style),
                value_w as u16,
            );
        }
    }
}

/// 爱辉区/四嘉子乡/小乌斯力村 → 四嘉子乡/小乌斯力村: the district is the
/// same on every row.
pub(super) fn short_path(path: &str) -> &str {
    path.split_once('/').map_or(path, |(_, rest)| rest)
}

/// The name as the roster's 10-column cell shows it. A struck-off row carries
/// a mark after the name, so it is told apart without colour (NO_COLOR, a
/// printout of the screen).
pub(super) fn name_cell(name: &str, struck_off: bool, lang: Lang) -> String {
    if !struck_off {
        return truncate(name, 10);
    }
    let mark = Text(lang).struck_off_mark();
    let room = 10 - crate::domain::text::display_width(mark);
    format!("{}{mark}", truncate(name, room))
}
