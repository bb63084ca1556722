//! A subject's ledger drawn: who and what total, the lines (block, item,
//! the record or the rule that made the line, date, count, points, note),
//! and at the foot the sum of the lines, which is the total.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::LedgerPane;
use crate::domain::points::Points;
use crate::domain::scoring::{LedgerLine, LineKind};
use crate::domain::text::display_width;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{pad, truncate};

/// Lines of the ledger between the heads and the sum at the foot.
pub fn lines_height(body_height: u16) -> usize {
    (body_height as usize).saturating_sub(4)
}

/// From this width the note has a column of its own; below it, it follows
/// the item.
const NOTE_FROM: usize = 100;

/// Where a line's points come from: a record by kind and id, or the rule
/// that made the line.
pub fn source_cell(l: &LedgerLine, t: Text) -> String {
    match &l.kind {
        LineKind::Counted => match &l.source {
            Some(s) => format!("{} #{}", t.sc_record_kind(s.kind), s.id),
            None => String::new(),
        },
        LineKind::Shortfall { missing } => t.sc_line_shortfall(*missing),
        LineKind::Cap => t.sc_line_cap().to_string(),
        LineKind::Max => t.sc_line_max().to_string(),
        LineKind::Floor => t.sc_line_floor().to_string(),
        LineKind::Manual => {
            let word = if l.points.0 < 0 {
                t.sc_line_penalty()
            } else {
                t.sc_line_award()
            };
            match &l.source {
                Some(s) => format!("{word} #{}", s.id),
                None => word.to_string(),
            }
        }
    }
}

/// A line's count; none for the lines a rule makes over a whole item or
/// block (a cap, the block's max or floor).
pub fn count_cell(l: &LedgerLine) -> String {
    match l.kind {
        LineKind::Cap | LineKind::Max | LineKind::Floor => String::new(),
        _ => l.count.to_string(),
    }
}

/// The sum of the lines, which the total at the foot shows.
pub fn sum(lines: &[LedgerLine]) -> Points {
    Points(lines.iter().map(|l| l.points.0).sum())
}

fn right(s: &str, w: usize) -> String {
    let cut = truncate(s, w);
    format!("{}{cut}", " ".repeat(w.saturating_sub(display_width(&cut))))
}

fn left(s: &str, w: usize) -> String {
    pad(&truncate(s, w), w)
}

struct Cols {
    block: usize,
    item: usize,
    source: usize,
    date: usize,
    count: usize,
    points: usize,
    note: usize,
}

fn cols(p: &LedgerPane, t: Text, width: usize) -> Cols {
    let lines = &p.ledger.lines;
    let widest = |f: &dyn Fn(&LedgerLine) -> usize, head: &str, least: usize, most: usize| {
        lines
            .iter()
            .map(f)
            .max()
            .unwrap_or(0)
            .max(display_width(head))
            .max(least)
            .min(most)
    };
    let block = widest(&|l| display_width(&l.block), t.sc_col_block(), 4, 12);
    let source = widest(
        &|l| display_width(&source_cell(l, t)),
        t.sc_col_record(),
        6,
        14,
    );
    let date = 10;
    let count = widest(&|l| l.count.to_string().len(), t.sc_col_count(), 3, 6);
    let points = widest(&|l| l.points.to_string().len(), t.sc_col_points(), 5, 9)
        .max(display_width(t.sc_sum()));
    let fixed = 2 + block + 1 + 1 + source + 1 + date + 1 + count + 1 + points;
    let rest = width.saturating_sub(fixed);
    let (item, note) = if width >= NOTE_FROM {
        let item = widest(&|l| display_width(&l.item), t.sc_col_item(), 8, rest / 2);
        (item, rest.saturating_sub(item + 1))
    } else {
        (rest, 0)
    };
    Cols {
        block,
        item,
        source,
        date,
        count,
        points,
        note,
    }
}

fn item_cell(l: &LedgerLine, with_note: bool) -> String {
    if with_note && !l.note.is_empty() {
        format!("{}（{}）", l.item, l.note)
    } else {
        l.item.clone()
    }
}

pub fn render(p: &LedgerPane, frame: &mut Frame, area: Rect, look: &Look) {
    let t = look.text;
    let w = area.width as usize;
    let l = &p.ledger;
    let buf = frame.buffer_mut();
    let mut head = vec![
        l.name.clone(),
        l.group.label(t.0).to_string(),
        l.period.name.clone(),
    ];
    if !l.path.is_empty() {
        head.insert(1, l.path.clone());
    }
    if let Some(settled) = l.settled_total {
        head.push(t.sc_settled_total(&settled.to_string()));
    }
    buf.set_line(
        area.x,
        area.y,
        &Line::styled(truncate(&head.join(" · "), w), look.theme.title),
        area.width,
    );
    let c = cols(p, t, w);
    let mut heads = vec![
        left(t.sc_col_block(), c.block),
        left(t.sc_col_item(), c.item),
        left(t.sc_col_record(), c.source),
        left(t.sc_col_date(), c.date),
        right(t.sc_col_count(), c.count),
        right(t.sc_col_points(), c.points),
    ];
    if c.note > 0 {
        heads.push(left(t.sc_col_note(), c.note));
    }
    super::table::column_heads(buf, area, &heads, look);
    let height = lines_height(area.height);
    if l.lines.is_empty() {
        super::table::dim_note(buf, area, 2, t.sc_no_lines(), look);
    }
    let mut at = p.at;
    at.keep_visible(l.lines.len(), height);
    for (n, line) in l.lines.iter().enumerate().skip(at.offset).take(height) {
        let selected = n == at.cursor;
        let style = if selected {
            look.theme.selected
        } else {
            Style::new()
        };
        // Lines a rule made (cap, max, floor, shortfall) stand apart from
        // the records.
        let source_style = match line.kind {
            LineKind::Counted => style,
            _ if selected => style,
            _ => look.theme.label,
        };
        let mut spans = vec![
            Span::styled(if selected { "> " } else { "  " }, look.theme.selected),
            Span::styled(format!("{} ", left(&line.block, c.block)), style),
            Span::styled(
                format!("{} ", left(&item_cell(line, c.note == 0), c.item)),
                style,
            ),
            Span::styled(
                format!("{} ", left(&source_cell(line, t), c.source)),
                source_style,
            ),
            Span::styled(
                format!(
                    "{} ",
                    left(&line.day.map(|d| d.to_string()).unwrap_or_default(), c.date)
                ),
                style,
            ),
            Span::styled(format!("{} ", right(&count_cell(line), c.count)), style),
            Span::styled(right(&line.points.to_string(), c.points), style),
        ];
        if c.note > 0 {
            spans.push(Span::styled(
                format!(" {}", left(&line.note, c.note)),
                look.theme.dim,
            ));
        }
        let y = area.y + 2 + (n - at.offset) as u16;
        buf.set_line(area.x, y, &Line::from(spans), area.width);
    }
    // The sum under the points column, on the body's last line.
    let before = 2 + c.block + 1 + c.item + 1 + c.source + 1 + c.date + 1 + c.count + 1;
    let label = t.sc_sum();
    let total = sum(&l.lines).to_string();
    let label_at = before.saturating_sub(display_width(label) + 1);
    let y = area.bottom().saturating_sub(1);
    let foot = format!(
        "{}{} {}",
        " ".repeat(label_at),
        label,
        right(&total, c.points)
    );
    buf.set_line(
        area.x,
        y,
        &Line::styled(truncate(&foot, w), look.theme.title),
        area.width,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::audit::RecordKind;
    use crate::domain::scoring::Source;
    use crate::lang::Lang;

    fn line(kind: LineKind, source: Option<Source>, points: i64) -> LedgerLine {
        LedgerLine {
            block: "信息工作".into(),
            item: "信息被市级采用".into(),
            kind,
            source,
            day: None,
            count: 1,
            points: Points(points),
            note: String::new(),
        }
    }

    #[test]
    fn each_line_names_its_record_or_its_rule() {
        let zh = Text(Lang::Zh);
        let en = Text(Lang::En);
        let src = Some(Source {
            kind: RecordKind::InfoItem,
            id: 7,
        });
        assert_eq!(
            source_cell(&line(LineKind::Counted, src, 400), zh),
            "信息 #7"
        );
        assert_eq!(
            source_cell(&line(LineKind::Shortfall { missing: 2 }, None, -100), zh),
            "未达标差2"
        );
        assert_eq!(
            source_cell(&line(LineKind::Shortfall { missing: 2 }, None, -100), en),
            "2 short"
        );
        assert_eq!(
            source_cell(&line(LineKind::Cap, None, -400), zh),
            "单项封顶"
        );
        let adj = Some(Source {
            kind: RecordKind::ScoreAdjustment,
            id: 3,
        });
        assert_eq!(source_cell(&line(LineKind::Manual, adj, -200), zh), "惩 #3");
        assert_eq!(
            source_cell(&line(LineKind::Manual, adj, 150), en),
            "award #3"
        );
        // 4 + 4 + 4 + 4 - 4 (cap at 12) - 1 (shortfall) = 11.
        let lines = [
            line(LineKind::Counted, src, 400),
            line(LineKind::Counted, src, 400),
            line(LineKind::Counted, src, 400),
            line(LineKind::Counted, src, 400),
            line(LineKind::Cap, None, -400),
            line(LineKind::Shortfall { missing: 2 }, None, -100),
        ];
        assert_eq!(sum(&lines), Points(1100));
    }
}
