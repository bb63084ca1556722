//! The selected unit's card beside the tree. Brief by default: what helps
//! while moving through the tree. In full on request: the whole team with
//! dates, the reserve, the record's id and history.
//!
//! A move redraws the card for the next unit and the terminal is sent only
//! the cells that differ, so values keep their places from one unit to the
//! next: children are counted in a fixed order of kinds, and the elder
//! figures sit in fixed columns.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::reserve;
use crate::api::people::UnitPeople;
use crate::domain::person::Role;
use crate::domain::text::display_width;
use crate::domain::time::format_local;
use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitKind};
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{truncate, wrap};

/// At most this many lines for one value of the card.
const WRAP_LINES: usize = 3;

/// Columns an elder figure's number is given, so the next figure starts
/// in the same place on every card.
const FIGURE_WIDTH: usize = 4;

pub struct CardLine {
    pub label: &'static str,
    pub value: String,
    /// Runs over up to `WRAP_LINES` lines rather than lose its end.
    pub wraps: bool,
}

impl CardLine {
    fn new(label: &'static str, value: impl Into<String>) -> CardLine {
        CardLine {
            label,
            value: value.into(),
            wraps: false,
        }
    }

    fn wrapping(label: &'static str, value: impl Into<String>) -> CardLine {
        CardLine {
            wraps: true,
            ..CardLine::new(label, value)
        }
    }
}

/// The card while moving through the tree: the unit, where it sits, what
/// is below it, its elders and its director.
pub fn brief(
    tree: &UnitTree,
    unit: &OrgUnit,
    people: Option<&UnitPeople>,
    text: Text,
) -> Vec<CardLine> {
    // The parent rather than the whole path: the name is on the line
    // above, and siblings share their parent's line.
    let parent = unit
        .parent
        .map(|p| tree.path(p))
        .unwrap_or_else(|| text.none().to_string());
    let mut lines = vec![
        CardLine::new(text.name(), unit.name.clone()),
        CardLine::new(text.kind_label(), text.kind(unit.kind)),
        CardLine::wrapping(text.parent(), parent),
        CardLine::wrapping(
            text.children(),
            children(tree, unit, text, Text::count_short),
        ),
    ];
    if let Some(p) = people {
        lines.push(CardLine::new(text.elders(), elder_figures(p, text)));
        let director = p
            .team
            .iter()
            .find(|t| t.position.role == Role::Director)
            .map_or(text.vacant(), |t| t.person_name.as_str());
        lines.push(CardLine::new(text.director(), director));
    }
    lines
}

/// The card in full: every field of the unit, the team serving today with
/// the dates they started, and the reserve.
pub fn full(
    tree: &UnitTree,
    unit: &OrgUnit,
    people: Option<&UnitPeople>,
    text: Text,
) -> Vec<CardLine> {
    let mut lines = vec![CardLine::new(text.name(), unit.name.clone())];
    if let Some(s) = &unit.short_name {
        lines.push(CardLine::new(text.short_name(), s.clone()));
    }
    lines.push(CardLine::new(text.kind_label(), text.kind(unit.kind)));
    lines.push(CardLine::new(text.id(), unit.id.to_string()));
    lines.push(CardLine::wrapping(text.path(), tree.path(unit.id)));
    lines.push(CardLine::wrapping(
        text.children(),
        children(tree, unit, text, Text::count_of),
    ));
    if let Some(p) = people {
        let l = text.0;
        lines.push(CardLine::new(text.elders(), elder_figures(p, text)));
        if p.team.is_empty() {
            lines.push(CardLine::new(text.team(), text.none()));
        }
        for (i, t) in p.team.iter().enumerate() {
            let label = if i == 0 { text.team() } else { "" };
            lines.push(CardLine::new(
                label,
                format!(
                    "{} {} {}{}",
                    t.position.role.label(l),
                    t.person_name,
                    text.since(),
                    t.position.from
                ),
            ));
        }
        lines.extend(
            reserve::card_lines(p, l, text.none())
                .into_iter()
                .map(|(label, value)| CardLine::new(label, value)),
        );
    }
    lines.push(CardLine::new(text.created(), format_local(unit.created)));
    lines.push(CardLine::new(
        text.changed(),
        format!("{} {}", format_local(unit.changed_at), unit.changed_by),
    ));
    lines
}

/// The live children counted by kind, kinds always in the same order.
fn children(
    tree: &UnitTree,
    unit: &OrgUnit,
    text: Text,
    count: fn(Text, UnitKind, usize) -> String,
) -> String {
    let mut counts = [0usize; UnitKind::ALL.len()];
    for c in tree.live_children(unit.id) {
        if let Some(i) = UnitKind::ALL.iter().position(|k| *k == c.kind) {
            counts[i] += 1;
        }
    }
    let parts: Vec<String> = UnitKind::ALL
        .iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| count(text, *k, n))
        .collect();
    if parts.is_empty() {
        text.none().to_string()
    } else {
        parts.join(text.list_sep())
    }
}

fn elder_figures(p: &UnitPeople, text: Text) -> String {
    let [roll, here, struck] = text.elder_figures();
    let figures = [
        (roll, p.elders_below),
        (here, p.elders_here),
        (struck, p.struck_off_below),
    ];
    let line = figures
        .iter()
        .map(|(label, n)| format!("{label} {n:<FIGURE_WIDTH$}"))
        .collect::<Vec<_>>()
        .join("  ");
    line.trim_end().to_string()
}

pub fn render(lines: &[CardLine], buf: &mut Buffer, area: Rect, look: &Look) {
    let label_w = lines
        .iter()
        .map(|l| display_width(l.label))
        .max()
        .unwrap_or(0)
        + 2;
    let value_w = (area.width as usize).saturating_sub(label_w + 1);
    let mut y = area.y;
    for (i, line) in lines.iter().enumerate() {
        if y >= area.bottom() {
            break;
        }
        buf.set_line(
            area.x + 1,
            y,
            &Line::styled(line.label, look.theme.label),
            label_w as u16,
        );
        let style = if i == 0 {
            look.theme.title
        } else {
            Style::new()
        };
        let mut parts = if line.wraps {
            wrap(&line.value, value_w)
        } else {
            vec![truncate(&line.value, value_w)]
        };
        if parts.len() > WRAP_LINES {
            parts.truncate(WRAP_LINES);
            let last = parts.pop().unwrap_or_default();
            parts.push(truncate(&format!("{last}…"), value_w));
        }
        for part in parts {
            if y >= area.bottom() {
                break;
            }
            buf.set_line(
                area.x + 1 + label_w as u16,
                y,
                &Line::styled(part, style),
                value_w as u16,
            );
            y += 1;
        }
    }
}
