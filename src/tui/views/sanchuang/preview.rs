//! A bulletin issue as it will print, over the tab: the text `domain::bulletin::render_text`
//! makes, wrapped to the box and scrolled; an issue being composed is saved from here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::api::sanchuang::BulletinCard;
use crate::domain::bulletin::{InfoItem, IssueNumber, RenderedItem, render_text};
use crate::domain::day::Day;
use crate::tui::popups::form::centered;
use crate::tui::views::Look;
use crate::tui::widgets::fit::{truncate, wrap};
use crate::tui::widgets::popup_clear::PopupClear;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub issue: IssueNumber,
    pub date: Day,
    /// The rendered issue.
    pub text: String,
    pub scroll: usize,
    /// An issue not saved yet: Enter saves it.
    draft: bool,
}

/// The issuing office: the district's 关工委.
fn office(district: &str) -> String {
    format!("{}关工委", district.trim())
}

/// The unit as the newsletter's (供稿) line names it: its path below the
/// district, run together (四嘉子乡小乌斯力村).
pub fn source(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [only] => (*only).to_string(),
        [_, below @ ..] => below.concat(),
        [] => String::new(),
    }
}

fn render(issue: IssueNumber, date: Day, district: &str, items: &[(InfoItem, String)]) -> String {
    let sources: Vec<String> = items.iter().map(|(_, path)| source(path)).collect();
    let rendered: Vec<RenderedItem> = items
        .iter()
        .zip(&sources)
        .map(|((i, _), unit)| RenderedItem {
            title: &i.title,
            body: &i.body,
            unit,
        })
        .collect();
    render_text(issue, date, &office(district), &rendered)
}

impl Preview {
    /// The issue the marked items would make, numbered after the last one.
    pub fn compose(
        issue: IssueNumber,
        date: Day,
        district: &str,
        items: &[(InfoItem, String)],
    ) -> Preview {
        Preview {
            issue,
            date,
            text: render(issue, date, district, items),
            scroll: 0,
            draft: true,
        }
    }

    /// An issue published.
    pub fn issue(card: &BulletinCard) -> Preview {
        let b = &card.bulletin;
        Preview {
            issue: b.issue,
            date: b.date,
            text: render(b.issue, b.date, &card.district, &card.items),
            scroll: 0,
            draft: false,
        }
    }

    pub fn is_draft(&self) -> bool {
        self.draft
    }

    /// Draws the box; answers how far it can scroll.
    pub fn render(&self, frame: &mut Frame, area: Rect, look: &Look) -> usize {
        let t = look.text;
        let width = area.width.saturating_sub(4).clamp(30, 76);
        let w = usize::from(width).saturating_sub(4);
        let lines: Vec<String> = self
            .text
            .lines()
            .flat_map(|l| {
                if l.is_empty() {
                    vec![String::new()]
                } else {
                    wrap(l, w)
                }
            })
            .collect();
        // As tall as the issue and its key line, at most the tab's height.
        let height = (lines.len() as u16 + 4).clamp(6, area.height.saturating_sub(1).max(6));
        let outer = centered(area, width, height);
        frame.render_widget(PopupClear, outer);
        let title = if self.draft {
            t.sc_preview_title(&self.issue)
        } else {
            t.sc_issue_title(&self.issue)
        };
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(look.theme.border)
            .title(Span::styled(
                format!(
                    " {} ",
                    truncate(&title, usize::from(width).saturating_sub(4))
                ),
                look.theme.title,
            ));
        let inner = block.inner(outer);
        frame.render_widget(block, outer);
        // The last line holds the keys.
        let rows = usize::from(inner.height).saturating_sub(1);
        let max = lines.len().saturating_sub(rows);
        let scroll = self.scroll.min(max);
        let buf = frame.buffer_mut();
        for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
            let style = if scroll + i < 2 {
                look.theme.title
            } else {
                ratatui::style::Style::new()
            };
            buf.set_line(
                inner.x + 1,
                inner.y + i as u16,
                &Line::styled(line.as_str(), style),
                inner.width.saturating_sub(1),
            );
        }
        let hint = if self.draft {
            t.sc_preview_hint()
        } else {
            t.sc_issue_hint()
        };
        let more = if scroll + rows < lines.len() {
            " ↓"
        } else {
            ""
        };
        buf.set_line(
            inner.x + 1,
            inner.bottom().saturating_sub(1),
            &Line::styled(truncate(&format!("{hint}{more}"), w), look.theme.dim),
            inner.width.saturating_sub(1),
        );
        max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_line_names_the_unit_below_the_district() {
        assert_eq!(source("爱辉区/四嘉子乡/小乌斯力村"), "四嘉子乡小乌斯力村");
        assert_eq!(source("爱辉区/西岗子镇"), "西岗子镇");
        assert_eq!(source("爱辉区"), "爱辉区");
        assert_eq!(office(" 爱辉区"), "爱辉区关工委");
    }
}
