//! The info items (date written, unit, title, adoptions by level; a mark on those chosen for
//! the next issue) and the bulletin issues (numbers, date, items carried).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Sanchuang;
use super::board::first_shown;
use crate::domain::bulletin::{AdoptionLevel, InfoItem};
use crate::domain::text::display_width;
use crate::lang::Lang;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{pad, truncate};

/// An item's adoptions counted by level, highest level last: `市2 省1`.
pub fn adoptions_cell(item: &InfoItem, lang: Lang) -> String {
    AdoptionLevel::ALL
        .iter()
        .filter_map(|l| {
            let n = item.adoptions.iter().filter(|a| a.level == *l).count();
            (n > 0).then(|| match lang {
                Lang::Zh => format!("{}{n}", l.label_zh()),
                Lang::En => format!("{} {n}", l.label_en()),
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

impl Sanchuang {
    fn row_line<'a>(selected: bool, cells: String, w: usize, look: &Look) -> Line<'a> {
        let style = if selected {
            look.theme.selected
        } else {
            Style::new()
        };
        Line::from(vec![
            Span::styled(if selected { "> " } else { "  " }, look.theme.selected),
            Span::styled(truncate(&cells, w.saturating_sub(2)), style),
        ])
    }

    pub(super) fn render_info(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lang = t.0;
        let what = if self.marked.is_empty() {
            t.sc_info_count(self.info.len())
        } else {
            t.sc_info_marked(self.info.len(), self.marked.len())
        };
        self.render_panes(frame, area, look, &what);
        let w = area.width as usize;
        let date_w = 10;
        let unit_w = display_width(t.sc_info_unit()).max(if w >= 100 { 16 } else { 10 });
        let adopt_w =
            display_width(t.sc_adopted_head()).max(if lang == Lang::Zh { 10 } else { 18 });
        let mark_w = 3;
        let title_w = w
            .saturating_sub(2 + mark_w + date_w + unit_w + adopt_w + 4)
            .max(6);
        let row = |mark: &str, date: &str, unit: &str, title: &str, adopted: &str| {
            format!(
                "{} {} {} {} {}",
                pad(mark, mark_w),
                pad(&truncate(date, date_w), date_w),
                pad(&truncate(unit, unit_w), unit_w),
                pad(&truncate(title, title_w), title_w),
                truncate(adopted, adopt_w)
            )
        };
        let buf = frame.buffer_mut();
        buf.set_line(
            area.x,
            area.y + 1,
            &Line::styled(
                truncate(
                    &format!(
                        "  {}",
                        row(
                            "",
                            t.sc_written(),
                            t.sc_info_unit(),
                            t.sc_info_title(),
                            t.sc_adopted_head()
                        )
                    ),
                    w,
                ),
                look.theme.label,
            ),
            area.width,
        );
        if self.info.is_empty() {
            buf.set_line(
                area.x + 2,
                area.y + 2,
                &Line::styled(
                    truncate(t.sc_no_info(), w.saturating_sub(2)),
                    look.theme.dim,
                ),
                area.width.saturating_sub(2),
            );
            return;
        }
        let height = (area.height as usize).saturating_sub(2);
        let cursor = self.info_at.cursor;
        let first = first_shown(cursor, height, 1);
        for (n, item) in self.info.iter().enumerate().skip(first).take(height) {
            let mark = match self.marked.iter().position(|m| *m == item.id) {
                Some(i) => format!("{}", i + 1),
                None => String::new(),
            };
            let mark = if mark.is_empty() {
                "[ ]".to_string()
            } else {
                format!("[{mark}]")
            };
            let cells = row(
                &mark,
                &item.written.to_string(),
                &self.unit_name(item.unit),
                &item.title,
                &adoptions_cell(item, lang),
            );
            buf.set_line(
                area.x,
                area.y + 2 + (n - first) as u16,
                &Self::row_line(n == cursor, cells, w, look),
                area.width,
            );
        }
    }

    pub(super) fn render_bulletins(&self, frame: &mut Frame, area: Rect, look: &Look) {
        let t = look.text;
        let lang = t.0;
        self.render_panes(frame, area, look, &t.sc_issue_count(self.bulletins.len()));
        let w = area.width as usize;
        let label = |b: &crate::domain::bulletin::Bulletin| match lang {
            Lang::Zh => b.issue.label_zh(),
            Lang::En => b.issue.label_en(),
        };
        let number_w = self
            .bulletins
            .iter()
            .map(|b| display_width(&label(b)))
            .max()
            .unwrap_or(0)
            .max(display_width(t.sc_issue_head()));
        let date_w = 10;
        let row =
            |n: &str, d: &str, c: &str| format!("{} {} {c}", pad(n, number_w), pad(d, date_w));
        let buf = frame.buffer_mut();
        buf.set_line(
            area.x,
            area.y + 1,
            &Line::styled(
                truncate(
                    &format!(
                        "  {}",
                        row(t.sc_issue_head(), t.sc_issue_date(), t.sc_items_head())
                    ),
                    w,
                ),
                look.theme.label,
            ),
            area.width,
        );
        if self.bulletins.is_empty() {
            buf.set_line(
                area.x + 2,
                area.y + 2,
                &Line::styled(
                    truncate(t.sc_no_issues(), w.saturating_sub(2)),
                    look.theme.dim,
                ),
                area.width.saturating_sub(2),
            );
            return;
        }
        let height = (area.height as usize).saturating_sub(2);
        let cursor = self.bulletin_at.cursor;
        let first = first_shown(cursor, height, 1);
        for (n, b) in self.bulletin_rows().enumerate().skip(first).take(height) {
            let cells = row(
                &label(b),
                &b.date.to_string(),
                &t.sc_item_count(b.items.len()),
            );
            buf.set_line(
                area.x,
                area.y + 2 + (n - first) as u16,
                &Self::row_line(n == cursor, cells, w, look),
                area.width,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::bulletin::{Adoption, InfoId};
    use crate::domain::day::Day;

    #[test]
    fn adoptions_are_counted_by_level_lowest_first() {
        let on = Day::ymd(2024, 5, 1).unwrap();
        let adoption = |level| Adoption {
            level,
            outlet: "黑河日报".into(),
            reference: String::new(),
            on,
        };
        let mut item = InfoItem {
            id: InfoId(1),
            unit: crate::domain::UnitId(3),
            title: "t".into(),
            body: String::new(),
            authors: vec![],
            written: on,
            submitted: None,
            adoptions: vec![
                adoption(AdoptionLevel::Province),
                adoption(AdoptionLevel::City),
                adoption(AdoptionLevel::City),
            ],
            created: 0,
            changed_at: 0,
            changed_by: String::new(),
            rev: 1,
            voided: None,
        };
        assert_eq!(adoptions_cell(&item, Lang::Zh), "市2 省1");
        assert_eq!(adoptions_cell(&item, Lang::En), "city 2 province 1");
        item.adoptions.clear();
        assert_eq!(adoptions_cell(&item, Lang::Zh), "");
    }
}
