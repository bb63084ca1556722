//! Find-as-you-type over the current view's records.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::tui::action::Action;
use crate::tui::search::Matcher;
use crate::tui::strings::Text;
use crate::tui::theme::{MARKER, Theme};
use crate::tui::widgets::fit::truncate;
use crate::tui::widgets::popup_clear::PopupClear;
use crate::tui::widgets::text_input::TextInput;

/// What can be found: an id with the name and where it sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: u64,
    pub name: String,
    pub place: String,
}

/// At most this many results are kept; nobody reads further.
const MAX_RESULTS: usize = 200;

pub struct SearchState {
    pub input: TextInput,
    matcher: Arc<dyn Matcher>,
    entries: Arc<Vec<Entry>>,
    pub results: Vec<usize>,
    pub selected: usize,
    /// The form field the pick is written into, when the search was opened
    /// from a form; otherwise the view jumps to what was found.
    pub field: Option<&'static str>,
    /// For a field that lists several picks: the field's new value from its
    /// old one and the pick, in place of the pick's path.
    pub compose: Option<fn(&str, &Entry) -> String>,
    /// The title in place of the unit picker's or the search's.
    pub title: Option<&'static str>,
}

impl std::fmt::Debug for SearchState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchState")
            .field("input", &self.input)
            .field("results", &self.results)
            .finish()
    }
}

impl SearchState {
    pub fn new(matcher: Arc<dyn Matcher>, entries: Arc<Vec<Entry>>) -> SearchState {
        SearchState {
            input: TextInput::default(),
            matcher,
            entries,
            results: Vec::new(),
            selected: 0,
            field: None,
            compose: None,
            title: None,
        }
    }

    /// A search that fills the form field `field` with the unit picked,
    /// starting from what was typed there.
    pub fn for_field(
        matcher: Arc<dyn Matcher>,
        entries: Arc<Vec<Entry>>,
        field: &'static str,
        typed: &str,
    ) -> SearchState {
        let mut s = SearchState::new(matcher, entries);
        s.field = Some(field);
        s.input = TextInput::new(typed);
        s.results = s.matcher.rank(typed);
        s.results.truncate(MAX_RESULTS);
        s
    }

    /// The chosen entry's full path, as a unit field holds it.
    pub fn chosen_path(&self) -> Option<String> {
        self.chosen().map(|e| {
            if e.place.is_empty() {
                e.name.clone()
            } else {
                format!("{}/{}", e.place, e.name)
            }
        })
    }

    /// New records to search, the query kept; the selection returns to the
    /// best match.
    pub fn refresh(&mut self, matcher: Arc<dyn Matcher>, entries: Arc<Vec<Entry>>) {
        self.matcher = matcher;
        self.entries = entries;
        self.results = self.matcher.rank(self.input.value());
        self.results.truncate(MAX_RESULTS);
        self.selected = 0;
    }

    pub fn chosen(&self) -> Option<&Entry> {
        self.results
            .get(self.selected)
            .and_then(|i| self.entries.get(*i))
    }

    pub fn result_names(&self) -> Vec<&str> {
        self.results
            .iter()
            .filter_map(|i| self.entries.get(*i))
            .map(|e| e.name.as_str())
            .collect()
    }

    /// Editing and moving through results; false when the action is neither.
    pub fn edit(&mut self, action: &Action) -> bool {
        let before = self.input.value().to_string();
        match action {
            Action::Insert(c) => self.input.insert(*c),
            Action::Paste(s) => self.input.insert_str(s),
            Action::Backspace => self.input.backspace(),
            Action::Delete => self.input.delete(),
            Action::CursorLeft => self.input.left(),
            Action::CursorRight => self.input.right(),
            Action::Home => self.input.home(),
            Action::End => self.input.end(),
            Action::ClearLine => self.input.clear(),
            Action::Down => {
                if self.selected + 1 < self.results.len() {
                    self.selected += 1;
                }
            }
            Action::Up => self.selected = self.selected.saturating_sub(1),
            _ => return false,
        }
        if self.input.value() != before {
            self.results = self.matcher.rank(self.input.value());
            self.results.truncate(MAX_RESULTS);
            self.selected = 0;
        }
        true
    }

    pub fn render(&self, frame: &mut Frame, body: Rect, text: Text, theme: &Theme) {
        let width = body.width.saturating_sub(4).min(70);
        let area = Rect::new(
            body.x + (body.width - width) / 2,
            body.y,
            width,
            body.height.min(16),
        );
        frame.render_widget(PopupClear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(
                format!(
                    " {} ",
                    match (self.title, self.field) {
                        (Some(title), _) => title,
                        (None, Some(_)) => text.pick_unit_title(),
                        (None, None) => text.search_title(),
                    }
                ),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = inner.width as usize;
        let buf = frame.buffer_mut();
        let (shown, cx) = self.input.visible(w.saturating_sub(3));
        let line = if self.input.value().is_empty() {
            Line::from(vec![
                Span::raw("/ "),
                Span::styled(truncate(text.search_placeholder(), w - 3), theme.dim),
            ])
        } else {
            Line::from(vec![Span::raw("/ "), Span::styled(shown, theme.highlight)])
        };
        buf.set_line(inner.x, inner.y, &line, inner.width);
        let status = if self.input.value().is_empty() {
            String::new()
        } else if self.results.is_empty() {
            text.no_match().to_string()
        } else {
            text.results(self.results.len())
        };
        buf.set_line(
            inner.x,
            inner.y + 1,
            &Line::styled(status, theme.dim),
            inner.width,
        );
        let rows = inner.height.saturating_sub(2) as usize;
        let first = self.selected.saturating_sub(rows.saturating_sub(1));
        for (row, (k, i)) in self
            .results
            .iter()
            .enumerate()
            .skip(first)
            .take(rows)
            .enumerate()
        {
            let Some(e) = self.entries.get(*i) else {
                continue;
            };
            let selected = k == self.selected;
            let name_w = (w / 2).min(24);
            let name = truncate(&e.name, name_w.saturating_sub(2));
            let pad = name_w.saturating_sub(2 + crate::domain::text::display_width(&name));
            let style = if selected {
                theme.selected
            } else {
                ratatui::style::Style::new()
            };
            let line = Line::from(vec![
                Span::styled(if selected { MARKER } else { " " }, theme.selected),
                Span::raw(" "),
                Span::styled(name, style),
                Span::raw(" ".repeat(pad + 1)),
                Span::styled(truncate(&e.place, w.saturating_sub(name_w + 1)), theme.dim),
            ]);
            buf.set_line(inner.x, inner.y + 2 + row as u16, &line, inner.width);
        }
        frame.set_cursor_position(Position::new(inner.x + 2 + cx as u16, inner.y));
    }
}
