//! The standings drawn: a header naming the group, the period and whether it
//! is settled, the column heads, and a row per subject with its rank, name,
//! total, a bar of the total, a gauge of its completion, grade and rank
//! change. Columns give way on a narrow screen: the bar narrows, the path
//! goes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Scores;
use crate::api::scores::Standings;
use crate::domain::points::Points;
use crate::domain::rules::Side;
use crate::domain::score_records::StandingRow;
use crate::domain::text::display_width;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{pad, truncate};

/// Rows of the table under the header and the column heads.
/// The column heads on the area's second line.
pub fn column_heads(buf: &mut ratatui::buffer::Buffer, area: Rect, heads: &[String], look: &Look) {
    let line = truncate(&format!("  {}", heads.join(" ")), area.width as usize);
    buf.set_line(
        area.x,
        area.y + 1,
        &Line::styled(line, look.theme.label),
        area.width,
    );
}

/// A dim line where a list has nothing to show.
pub fn dim_note(buf: &mut ratatui::buffer::Buffer, area: Rect, row: u16, text: &str, look: &Look) {
    let w = area.width.saturating_sub(2);
    buf.set_line(
        area.x + 2,
        area.y + row,
        &Line::styled(truncate(text, w as usize), look.theme.dim),
        w,
    );
}

pub fn rows_height(body_height: u16) -> usize {
    (body_height as usize).saturating_sub(3)
}

/// The screen width from which the path column shows.
const PATH_FROM: usize = 100;
/// The gauge's bar, before its percentage.
const GAUGE: usize = 5;

/// The widths of the columns at `width` cells: rank, name, path (0 when
/// hidden), total, bar, gauge, grade, change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Widths {
    pub rank: usize,
    pub name: usize,
    pub path: usize,
    pub total: usize,
    pub bar: usize,
    pub gauge: usize,
    pub grade: usize,
    pub change: usize,
}

pub fn widths(s: &Standings, t: Text, width: usize) -> Widths {
    let widest = |cells: &mut dyn Iterator<Item = usize>, head: &str, least: usize| {
        cells.max().unwrap_or(0).max(display_width(head)).max(least)
    };
    let rank = widest(
        &mut s.rows.iter().map(|r| r.rank.to_string().len()),
        t.sc_col_rank(),
        2,
    );
    let total = widest(
        &mut s.rows.iter().map(|r| r.total.to_string().len()),
        t.sc_col_total(),
        4,
    );
    let grade = widest(
        &mut s.rows.iter().map(|r| display_width(&r.grade)),
        t.sc_col_grade(),
        2,
    );
    let change = widest(
        &mut s.rows.iter().map(|r| display_width(&change_cell(r, s, t))),
        t.sc_col_change(),
        2,
    );
    let gauge = (GAUGE + 5).max(display_width(t.sc_col_completion()));
    let name = widest(
        &mut s.rows.iter().map(|r| display_width(&r.name)),
        t.sc_col_name(),
        8,
    )
    .min(16);
    // The lead, then a space before each column after the first.
    let fixed = 2 + rank + 1 + name + 1 + total + 1 + 1 + gauge + 1 + grade + 1 + change;
    let rest = width.saturating_sub(fixed);
    let (path, bar) = if width >= PATH_FROM {
        let path = widest(
            &mut s.rows.iter().map(|r| display_width(&r.path)),
            t.sc_col_path(),
            8,
        )
        .min(rest.saturating_sub(21) / 2)
        .min(30);
        (path, rest.saturating_sub(path + 1))
    } else {
        (0, rest)
    };
    Widths {
        rank,
        name,
        path,
        total,
        bar,
        gauge,
        grade,
        change,
    }
}

/// What the bars measure against: the sum of the block maxima when every
/// block has one (the same scale in every group and period), else the
/// group's best total.
pub fn scale(s: &Standings) -> Points {
    let maxima: Option<Vec<Points>> = s.block_max.iter().copied().collect();
    match maxima {
        Some(m) if !m.is_empty() => Points(m.iter().map(|p| p.0).sum()),
        _ => s.rows.iter().map(|r| r.total).max().unwrap_or(Points(0)),
    }
}

const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/// `value` of `of` as a bar `width` cells wide, in eighths of a cell;
/// nothing for a total of none or less.
pub fn bar(value: Points, of: Points, width: usize) -> String {
    if of.0 <= 0 || value.0 <= 0 || width == 0 {
        return " ".repeat(width);
    }
    let cells = width as i128 * 8;
    let eighths = ((value.0 as i128 * cells + of.0 as i128 / 2) / of.0 as i128).clamp(0, cells);
    let eighths = eighths as usize;
    let mut s = "█".repeat(eighths / 8);
    s.push_str(EIGHTHS[eighths % 8]);
    pad(&s, width)
}

/// Completion (per mille) as a short gauge and a percentage; blank when
/// the group has no targets.
pub fn gauge(per_mille: Option<u16>, width: usize) -> String {
    let Some(pm) = per_mille else {
        return " ".repeat(width);
    };
    let pm = pm.min(1000) as usize;
    let filled = (pm * GAUGE + 500) / 1000;
    let pct = format!("{}%", (pm + 5) / 10);
    let s = format!(
        "{}{} {pct:>4}",
        "■".repeat(filled),
        "·".repeat(GAUGE - filled)
    );
    pad(&s, width)
}

/// Places gained ↑, lost ↓, kept –; new when the previous period did not
/// rank it; blank when there is no previous period.
pub fn change_cell(r: &StandingRow, s: &Standings, t: Text) -> String {
    match r.rank_change {
        Some(n) if n > 0 => format!("↑{n}"),
        Some(n) if n < 0 => format!("↓{}", -n),
        Some(_) => "–".to_string(),
        None if s.previous.is_some() => t.sc_new().to_string(),
        None => String::new(),
    }
}

fn right(s: &str, w: usize) -> String {
    let cut = truncate(s, w);
    format!("{}{cut}", " ".repeat(w.saturating_sub(display_width(&cut))))
}

fn left(s: &str, w: usize) -> String {
    pad(&truncate(s, w), w)
}

/// The header: the group, the period's name and version, settled or not,
/// the period compared with, the count.
pub fn header(s: &Standings, t: Text) -> Vec<String> {
    let mut parts = vec![
        s.period.name.clone(),
        t.sc_version(s.period.version),
        if s.settled {
            t.sc_settled()
        } else {
            t.sc_open()
        }
        .to_string(),
        t.sc_rows(s.rows.len(), s.group.side() == Side::Person),
    ];
    if let Some(p) = &s.previous {
        parts.push(t.sc_previous(p));
    }
    parts
}

impl Scores {
    pub(super) fn render_table(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let w = area.width as usize;
        let buf = frame.buffer_mut();
        let group = format!("[{}] ", self.group.label(t.0));
        let Some(s) = &self.standings else {
            let lead = Line::from(Span::styled(group, look.theme.title));
            buf.set_line(area.x, area.y, &lead, area.width);
            let why = self
                .problem
                .as_ref()
                .map(|e| e.message(t.0))
                .unwrap_or_default();
            let mut y = area.y + 2;
            for line in why
                .lines()
                .chain(std::iter::once(""))
                .chain(std::iter::once(t.sc_no_rules()))
            {
                for l in crate::tui::widgets::fit::wrap(line, w.saturating_sub(4)) {
                    if y >= area.bottom() {
                        return;
                    }
                    buf.set_line(area.x + 2, y, &Line::raw(l), area.width.saturating_sub(2));
                    y += 1;
                }
            }
            return;
        };
        // The group, then what the period is; the settled mark stands out.
        let mut spans = vec![Span::styled(group.clone(), look.theme.title)];
        let mut used = display_width(&group);
        for (i, p) in header(s, t).into_iter().enumerate() {
            let sep = if i == 0 { "" } else { " · " };
            let room = w.saturating_sub(used + display_width(sep));
            if room < 2 {
                break;
            }
            let cut = truncate(&p, room);
            used += display_width(sep) + display_width(&cut);
            let style = if i == 2 && s.settled {
                look.theme.title
            } else {
                look.theme.label
            };
            spans.push(Span::styled(sep, look.theme.dim));
            spans.push(Span::styled(cut, style));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);

        let ws = widths(s, t, w);
        let of = scale(s);
        let mut heads = vec![
            right(t.sc_col_rank(), ws.rank),
            left(t.sc_col_name(), ws.name),
        ];
        if ws.path > 0 {
            heads.push(left(t.sc_col_path(), ws.path));
        }
        heads.extend([
            right(t.sc_col_total(), ws.total),
            left(&format!("{} /{of}", t.sc_col_bar()), ws.bar),
            left(t.sc_col_completion(), ws.gauge),
            left(t.sc_col_grade(), ws.grade),
            left(t.sc_col_change(), ws.change),
        ]);
        column_heads(buf, area, &heads, look);
        if s.rows.is_empty() {
            dim_note(buf, area, 3, t.sc_empty_group(), look);
            return;
        }
        let height = rows_height(area.height);
        let mut at = self.at;
        at.keep_visible(s.rows.len(), height);
        for (n, r) in s.rows.iter().enumerate().skip(at.offset).take(height) {
            let selected = n == at.cursor;
            let style = if selected {
                look.theme.selected
            } else {
                Style::new()
            };
            let mut spans = vec![
                Span::styled(if selected { "> " } else { "  " }, look.theme.selected),
                Span::styled(format!("{} ", right(&r.rank.to_string(), ws.rank)), style),
                Span::styled(format!("{} ", left(&r.name, ws.name)), style),
            ];
            if ws.path > 0 {
                spans.push(Span::styled(
                    format!("{} ", left(&r.path, ws.path)),
                    look.theme.dim,
                ));
            }
            spans.extend([
                Span::styled(format!("{} ", right(&r.total.to_string(), ws.total)), style),
                Span::styled(format!("{} ", bar(r.total, of, ws.bar)), look.theme.title),
                Span::styled(
                    format!("{} ", gauge(r.completion, ws.gauge)),
                    look.theme.label,
                ),
                Span::styled(format!("{} ", left(&r.grade, ws.grade)), style),
                Span::styled(left(&change_cell(r, s, t), ws.change), style),
            ]);
            let y = area.y + 2 + (n - at.offset) as u16;
            buf.set_line(area.x, y, &Line::from(spans), area.width);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_cut_in_eighths_of_a_cell() {
        // 50 of 100 in 10 cells: five full cells.
        assert_eq!(bar(Points(5000), Points(10000), 10), "█████     ");
        // 87.5 of 100 in 4 cells: 28 eighths, three cells and a half.
        assert_eq!(bar(Points(8750), Points(10000), 4), "███▌");
        // Over the scale stays in its cells; nothing for a negative total.
        assert_eq!(bar(Points(12000), Points(10000), 3), "███");
        assert_eq!(bar(Points(-200), Points(10000), 3), "   ");
    }

    #[test]
    fn gauges_round_to_the_nearest_fifth_and_percent() {
        // 857‰: 4.285 fifths → 4; 85.7% → 86%.
        assert_eq!(gauge(Some(857), 10), "■■■■·  86%");
        assert_eq!(gauge(Some(1000), 10), "■■■■■ 100%");
        assert_eq!(gauge(Some(0), 10), "·····   0%");
        assert_eq!(gauge(None, 10), "          ");
    }
}
