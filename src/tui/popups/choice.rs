//! A question with a few answers: confirmations and notices. The answer Esc
//! gives is fixed per question and is always the one that loses nothing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::form::centered;
use crate::domain::UnitId;
use crate::tui::draft::Draft;
use crate::tui::theme::Theme;
use crate::tui::widgets::fit::truncate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChoicePurpose {
    /// Answers: yes, no.
    Archive(UnitId),
    /// Answers: discard, keep editing.
    DiscardForm,
    /// Answers: keep draft and quit, discard and quit, back.
    QuitWithForm,
    /// Answers: reopen, discard.
    RestoreDraft(Box<Draft>),
    /// Answer: OK.
    Notice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceState {
    pub purpose: ChoicePurpose,
    pub title: String,
    pub text: String,
    pub answers: Vec<&'static str>,
    pub selected: usize,
    /// The answer Esc gives.
    pub cancel: usize,
}

impl ChoiceState {
    pub fn new(
        purpose: ChoicePurpose,
        title: &str,
        text: String,
        answers: Vec<&'static str>,
        default: usize,
        cancel: usize,
    ) -> ChoiceState {
        ChoiceState {
            purpose,
            title: title.to_string(),
            text,
            answers,
            selected: default,
            cancel,
        }
    }

    pub fn next(&mut self) {
        self.selected = (self.selected + 1) % self.answers.len().max(1);
    }

    pub fn render(&self, frame: &mut Frame, screen: Rect, theme: &Theme) {
        let width = screen.width.saturating_sub(8).clamp(30, 60);
        let inner_w = width.saturating_sub(2) as usize;
        // Rough line count: each paragraph line wraps by display width.
        let lines: usize = self
            .text
            .lines()
            .map(|l| {
                crate::domain::text::display_width(l)
                    .div_ceil(inner_w.max(1))
                    .max(1)
            })
            .sum();
        let area = centered(screen, width, lines as u16 + 4);
        frame.render_widget(Clear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(
                format!(" {} ", truncate(&self.title, inner_w)),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let body: Vec<Line> = self
            .text
            .lines()
            .map(|l| Line::raw(crate::domain::text::for_display(l).into_owned()))
            .collect();
        let text_area = Rect::new(
            inner.x,
            inner.y,
            inner.width,
            inner.height.saturating_sub(1),
        );
        frame.render_widget(Paragraph::new(body).wrap(Wrap { trim: false }), text_area);
        let mut spans = Vec::new();
        for (i, a) in self.answers.iter().enumerate() {
            if i == self.selected {
                spans.push(Span::styled(crate::tui::theme::MARKER, theme.selected));
                spans.push(Span::styled(format!("[{a}]"), theme.selected));
            } else {
                spans.push(Span::raw(format!("  {a} ")));
            }
            spans.push(Span::raw("  "));
        }
        frame.buffer_mut().set_line(
            inner.x + 1,
            inner.bottom().saturating_sub(1),
            &Line::from(spans),
            inner.width.saturating_sub(1),
        );
    }
}
