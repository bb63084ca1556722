//! A question with a few answers: confirmations and notices. The answer Esc
//! gives is fixed per question and is always the one that loses nothing.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::form::centered;
use crate::domain::UnitId;
use crate::tui::draft::Draft;
use crate::tui::theme::Theme;
use crate::tui::widgets::fit::{truncate, wrap};
use crate::tui::widgets::popup_clear::PopupClear;

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
    /// Someone changed the record the form below edits. Answers: reload,
    /// keep editing.
    ReloadForm,
    /// Settle the period of this name. Answers: settle, cancel.
    Settle(String),
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
        let lines = wrap(&self.text, inner_w.saturating_sub(1));
        let area = centered(screen, width, lines.len() as u16 + 4);
        frame.render_widget(PopupClear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(
                format!(" {} ", truncate(&self.title, inner_w)),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let buf = frame.buffer_mut();
        let text_rows = inner.height.saturating_sub(2) as usize;
        for (i, l) in lines.iter().take(text_rows).enumerate() {
            buf.set_line(
                inner.x,
                inner.y + i as u16,
                &Line::raw(l.as_str()),
                inner.width,
            );
        }
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
        buf.set_line(
            inner.x + 1,
            inner.bottom().saturating_sub(1),
            &Line::from(spans),
            inner.width.saturating_sub(1),
        );
    }
}
