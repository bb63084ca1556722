//! A list drawn: the line naming the four lists with the count and the filters, the column
//! heads, and the rows of the window in columns that fit the screen's width.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Work;
use crate::domain::UnitId;
use crate::domain::text::display_width;
use crate::domain::work::{ActivityKind, TrainingMode};
use crate::domain::work_item::{WorkItem, WorkList};
use crate::lang::Lang;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{pad, truncate};

/// A column: its head, its least width (the head's if wider), numbers to the right; the one
/// of width 0 takes what the others leave.
struct Col {
    head: &'static str,
    width: usize,
    right: bool,
    /// Widened on a wide screen: names of units and schools.
    grows: bool,
}

fn col(head: &'static str, width: usize) -> Col {
    Col {
        head,
        width: width.max(display_width(head)),
        right: false,
        grows: false,
    }
}

fn wide(head: &'static str, width: usize) -> Col {
    Col {
        grows: true,
        ..col(head, width)
    }
}

fn num(head: &'static str, width: usize) -> Col {
    Col {
        right: true,
        ..col(head, width)
    }
}

fn flex(head: &'static str) -> Col {
    Col {
        head,
        width: 0,
        right: false,
        grows: false,
    }
}

/// The width of the widest of `labels`, at most `most`.
fn widest<'a>(labels: impl IntoIterator<Item = &'a str>, most: usize) -> usize {
    labels
        .into_iter()
        .map(display_width)
        .max()
        .unwrap_or(0)
        .min(most)
}

fn columns(list: WorkList, t: Text) -> Vec<Col> {
    match list {
        WorkList::Activities => vec![
            col(t.work_date(), 10),
            wide(t.work_col_unit(), 10),
            flex(t.work_col_title()),
            // The longest kind, up to 10 cells: 法治宣传, study trip.
            col(
                t.work_kind(),
                widest(ActivityKind::ALL.iter().map(|k| k.label(t.0)), 10),
            ),
            col(
                t.work_col_online(),
                widest([t.work_online(), t.work_offline()], 9),
            ),
            num(t.work_col_youths(), 4),
            num(t.work_col_elders(), 4),
        ],
        WorkList::Trainings => vec![
            col(t.work_date(), 10),
            wide(t.work_col_unit(), 12),
            // "meeting as training" whole: a mode cut to "meeting a…" says little.
            col(
                t.work_mode(),
                widest(TrainingMode::ALL.iter().map(|m| m.label(t.0)), 19),
            ),
            flex(t.work_topic()),
            num(t.work_col_person_times(), 4),
        ],
        WorkList::Visits => vec![
            col(t.work_date(), 10),
            col(t.work_col_person(), 8),
            wide(t.work_village(), 14),
            flex(t.work_purpose()),
        ],
        WorkList::StudySessions => vec![
            col(t.work_date(), 10),
            wide(t.work_col_base(), 14),
            wide(t.work_visiting(), 16),
            num(t.work_col_students(), 4),
            flex(t.work_theme()),
        ],
    }
}

/// The widths the columns take in `width` cells after the row's two-cell
/// lead, one space between columns.
fn widths(cols: &[Col], width: usize) -> Vec<usize> {
    let fixed: usize = cols.iter().map(|c| c.width).sum::<usize>() + cols.len().saturating_sub(1);
    let rest = width.saturating_sub(2 + fixed);
    // Past 40 cells for the free column, the names of units get up to 10 more each.
    let growing = cols.iter().filter(|c| c.grows).count();
    let extra = match growing {
        0 => 0,
        n => (rest.saturating_sub(40) / n).min(10),
    };
    let rest = rest - extra * growing;
    cols.iter()
        .map(|c| match c.width {
            0 => rest,
            w if c.grows => w + extra,
            w => w,
        })
        .collect()
}

/// The cells of a row laid out: cut to their columns, padded so that every
/// column starts in the same place whatever the width of its characters.
fn lay_out(cells: &[String], cols: &[Col], widths: &[usize]) -> String {
    let mut out = String::new();
    for (i, ((cell, c), w)) in cells.iter().zip(cols).zip(widths).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let cut = truncate(cell, *w);
        if c.right {
            out.push_str(&" ".repeat(w.saturating_sub(display_width(&cut))));
            out.push_str(&cut);
        } else if i + 1 == cells.len() {
            out.push_str(&cut);
        } else {
            out.push_str(&pad(&cut, *w));
        }
    }
    out
}

impl Work {
    /// A unit as a narrow column shows it: its short name, else its name.
    fn unit_cell(&self, unit: UnitId) -> String {
        self.tree
            .get(unit)
            .map(|u| u.short_name.clone().unwrap_or_else(|| u.name.clone()))
            .unwrap_or_else(|| format!("#{}", unit.0))
    }

    fn name_of(&self, id: crate::domain::person::PersonId) -> String {
        self.names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{}", id.0))
    }

    fn cells(&self, item: &WorkItem, lang: Lang) -> Vec<String> {
        let t = Text(lang);
        match item {
            WorkItem::Activity(a) => vec![
                a.date.to_string(),
                self.unit_cell(a.unit),
                a.title.clone(),
                a.kind.label(lang).to_string(),
                if a.online {
                    t.work_online()
                } else {
                    t.work_offline()
                }
                .to_string(),
                a.youths.to_string(),
                a.elders.len().to_string(),
            ],
            WorkItem::Training(x) => vec![
                x.date.to_string(),
                self.unit_cell(x.unit),
                x.mode.label(lang).to_string(),
                x.topic.clone(),
                x.attendance.person_times().to_string(),
            ],
            WorkItem::Visit(v) => vec![
                v.date.to_string(),
                self.name_of(v.person),
                self.unit_cell(v.village),
                v.purpose.clone(),
            ],
            WorkItem::StudySession(s) => vec![
                s.date.to_string(),
                self.unit_cell(s.base),
                s.visitor.clone(),
                s.students.to_string(),
                s.theme.clone(),
            ],
        }
    }

    /// What the list is narrowed to, after its count.
    pub(super) fn header(&self, text: Text) -> String {
        let lang = text.0;
        let mut parts = vec![text.work_count(self.total)];
        parts.push(self.period.label(text).to_string());
        if let Some(u) = self.unit {
            parts.push(self.tree.path(u));
        }
        match self.list {
            WorkList::Activities => parts.extend(self.kind.map(|k| k.label(lang).to_string())),
            WorkList::Trainings => parts.extend(self.mode.map(|m| m.label(lang).to_string())),
            _ => {}
        }
        if !self.search.is_empty() {
            parts.push(format!("“{}”", self.search));
        }
        parts.join(" · ")
    }

    pub(super) fn render_table(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lang = t.0;
        let w = area.width as usize;
        let buf = frame.buffer_mut();
        // The four lists, the shown one marked, then its count and filters.
        let mut spans = Vec::new();
        let mut used = 0;
        for l in WorkList::ALL {
            let name = t.work_list_label(l);
            let s = if l == self.list {
                Span::styled(format!("[{name}]"), look.theme.title)
            } else {
                Span::styled(format!(" {name} "), look.theme.dim)
            };
            used += display_width(&s.content);
            spans.push(s);
        }
        spans.push(Span::raw("  "));
        used += 2;
        spans.push(Span::styled(
            truncate(&self.header(t), w.saturating_sub(used)),
            look.theme.label,
        ));
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);

        let cols = columns(self.list, t);
        let widths = widths(&cols, w);
        let heads: Vec<String> = cols.iter().map(|c| c.head.to_string()).collect();
        buf.set_line(
            area.x,
            area.y + 1,
            &Line::styled(
                truncate(&format!("  {}", lay_out(&heads, &cols, &widths)), w),
                look.theme.label,
            ),
            area.width,
        );
        let height = (area.height as usize).saturating_sub(2);
        if self.total == 0 {
            buf.set_line(
                area.x + 2,
                area.y + 2,
                &Line::styled(
                    truncate(t.work_empty(), w.saturating_sub(2)),
                    look.theme.dim,
                ),
                area.width.saturating_sub(2),
            );
            return;
        }
        let place = *self.place();
        let shown = place.offset..(place.offset + height).min(self.total);
        for (n, item) in shown.filter_map(|n| Some((n, self.row(n)?))) {
            let selected = n == place.cursor;
            let style = if selected {
                look.theme.selected
            } else {
                Style::new()
            };
            let row = truncate(
                &lay_out(&self.cells(item, lang), &cols, &widths),
                w.saturating_sub(2),
            );
            let line = Line::from(vec![
                Span::styled(if selected { "> " } else { "  " }, look.theme.selected),
                Span::styled(row, style),
            ]);
            buf.set_line(
                area.x,
                area.y + 2 + (n - place.offset) as u16,
                &line,
                area.width,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_start_in_the_same_place_whatever_their_characters() {
        let cols = vec![col("日期", 10), flex("名称"), num("人次", 4)];
        let w = widths(&cols, 40);
        // On a wide screen a unit's column grows by at most 10.
        let unit = vec![col("日期", 10), wide("单位", 10), flex("名称")];
        // 60 - 2 lead - 20 - 2 spaces = 36 left: under 40, nothing grows.
        assert_eq!(widths(&unit, 60), vec![10, 10, 36]);
        // 66 - 24 = 42 left: the unit takes the 2 past 40.
        assert_eq!(widths(&unit, 66), vec![10, 12, 40]);
        assert_eq!(widths(&unit, 120), vec![10, 20, 86]);
        // 40 - 2 lead - (10 + 4) - 2 spaces = 22 for the title.
        assert_eq!(w, vec![10, 22, 4]);
        let a = lay_out(
            &[
                "2026-05-04".into(),
                "老少同声颂党恩主题宣讲进校园活动第二场".into(),
                "35".into(),
            ],
            &cols,
            &w,
        );
        let b = lay_out(
            &["2026-05-04".into(), "short".into(), "1200".into()],
            &cols,
            &w,
        );
        assert_eq!(display_width(&a), 38);
        assert_eq!(display_width(&b), 38);
        assert!(a.contains("老少同声颂党恩主题宣…"), "{a}");
        assert!(a.ends_with("   35"), "{a}");
        assert!(b.ends_with(" 1200"), "{b}");
    }
}
