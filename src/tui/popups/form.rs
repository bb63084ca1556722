//! A form: a few labelled fields, text, a date or a choice, with the service's
//! refusal shown under the field it concerns.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::domain::day::Day;
use crate::error::{Error, Field as ErrField, Result};
use crate::tui::action::Action;
use crate::tui::strings::Text;
use crate::tui::theme::Theme;
use crate::tui::widgets::fit::{truncate, wrap};
use crate::tui::widgets::popup_clear::PopupClear;
use crate::tui::widgets::text_input::TextInput;

/// The key of a field that names a unit: the unit picker fills it.
pub const UNIT_FIELD: &str = "unit";

pub use crate::tui::views::purpose::FormPurpose;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldInput {
    Text(TextInput),
    /// A date, typed as text in any form `io::dates` reads; read back with
    /// `FormState::date`.
    Date(TextInput),
    /// (code, label) pairs; the code is what drafts keep.
    Choice {
        options: Vec<(String, String)>,
        selected: usize,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Matches `Error::field()`.
    pub key: &'static str,
    pub label: &'static str,
    pub input: FieldInput,
    pub error: Option<String>,
    /// The key an earlier version kept this field's value under, so that its
    /// drafts still fill it.
    former_key: Option<&'static str>,
}

impl Field {
    pub fn text(key: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            key,
            label,
            input: FieldInput::Text(TextInput::new(value)),
            error: None,
            former_key: None,
        }
    }

    pub fn date(key: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            input: FieldInput::Date(TextInput::new(value)),
            ..Field::text(key, label, "")
        }
    }

    /// A date field whose value is a suggestion, shown selected: typing replaces it.
    pub fn suggested_date(key: &'static str, label: &'static str, value: &str) -> Field {
        Field {
            input: FieldInput::Date(TextInput::selected(value)),
            ..Field::text(key, label, "")
        }
    }

    pub fn choice(key: &'static str, label: &'static str, options: Vec<(String, String)>) -> Field {
        Field {
            key,
            label,
            input: FieldInput::Choice {
                options,
                selected: 0,
            },
            error: None,
            former_key: None,
        }
    }

    /// A choice starting on `value` (a code) when it is one of the options.
    pub fn choice_at(
        key: &'static str,
        label: &'static str,
        options: Vec<(String, String)>,
        value: &str,
    ) -> Field {
        let mut f = Field::choice(key, label, options);
        f.set_value(value);
        f
    }

    /// The field as drafts of an earlier version name it.
    pub fn formerly(self, key: &'static str) -> Field {
        Field {
            former_key: Some(key),
            ..self
        }
    }

    pub fn value(&self) -> String {
        match &self.input {
            FieldInput::Text(t) | FieldInput::Date(t) => t.value().to_string(),
            FieldInput::Choice { options, selected } => options
                .get(*selected)
                .map(|(code, _)| code.clone())
                .unwrap_or_default(),
        }
    }

    fn set_value(&mut self, value: &str) {
        match &mut self.input {
            FieldInput::Text(t) | FieldInput::Date(t) => *t = TextInput::new(value),
            FieldInput::Choice { options, selected } => {
                if let Some(i) = options.iter().position(|(code, _)| code == value) {
                    *selected = i;
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormState {
    pub purpose: FormPurpose,
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// A refusal that belongs to no single field.
    pub error: Option<String>,
    /// Lines the view computes as the fields change, such as a rule's next dates.
    pub note: Vec<String>,
    original: Vec<(String, String)>,
}

impl FormState {
    pub fn new(purpose: impl Into<FormPurpose>, title: String, fields: Vec<Field>) -> FormState {
        let mut f = FormState {
            purpose: purpose.into(),
            title,
            fields,
            focus: 0,
            error: None,
            note: Vec::new(),
            original: Vec::new(),
        };
        f.original = f.values();
        f
    }

    pub fn values(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .map(|f| (f.key.to_string(), f.value()))
            .collect()
    }

    /// The fields as a person reads them: `名称：新村；类型：村屯`.
    pub fn summary(&self, text: Text) -> String {
        self.fields
            .iter()
            .map(|f| {
                let shown = match &f.input {
                    FieldInput::Text(t) | FieldInput::Date(t) => t.value().to_string(),
                    FieldInput::Choice { options, selected } => options
                        .get(*selected)
                        .map(|(_, label)| label.clone())
                        .unwrap_or_default(),
                };
                format!("{}{}{shown}", f.label, text.label_sep())
            })
            .collect::<Vec<_>>()
            .join(text.field_sep())
    }

    pub fn value(&self, key: &str) -> String {
        self.fields
            .iter()
            .find(|f| f.key == key)
            .map(Field::value)
            .unwrap_or_default()
    }

    /// The option chosen in a choice field, as `parse` reads its code.
    pub fn choice<T>(&self, key: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        parse(&self.value(key))
    }

    /// A date field's day, `None` when left empty; a refusal naming `field`
    /// when it is not a date.
    pub fn date(&self, key: &str, field: ErrField) -> Result<Option<Day>> {
        let typed = self.value(key);
        if typed.trim().is_empty() {
            return Ok(None);
        }
        crate::io::dates::parse_date(&typed)
            .map(|d| Some(Day::from_date(d)))
            .map_err(|e| Error::InvalidField {
                field,
                zh: e.to_string(),
                en: e.message_en(),
            })
    }

    /// A date field that must be filled.
    pub fn required_date(&self, key: &str, field: ErrField) -> Result<Day> {
        self.date(key, field)?.ok_or(Error::DateRequired { field })
    }

    /// Fills fields from a draft; unknown keys and options are ignored.
    pub fn set_values(&mut self, values: &[(String, String)]) {
        for (key, value) in values {
            if let Some(f) = self.fields.iter_mut().find(|f| f.key == key) {
                f.set_value(value);
            } else if let Some(f) = (self.fields.iter_mut()).find(|f| f.former_key == Some(key)) {
                f.set_value(value);
            }
        }
    }

    fn hint(&self, text: Text) -> &'static str {
        match self.purpose.query_hint(text) {
            Some(hint) => hint,
            None if self.fields.get(self.focus).map(|f| f.key) == Some(UNIT_FIELD) => {
                text.unit_field_hint()
            }
            _ => text.form_hint(),
        }
    }

    /// Puts the cursor on the unit field, if the form has one, and says
    /// what is typed there.
    pub fn focus_unit_field(&mut self) -> Option<String> {
        let i = self.fields.iter().position(|f| f.key == UNIT_FIELD)?;
        self.focus = i;
        Some(self.fields[i].value())
    }

    /// Writes a picked value into a text field, as if typed over it.
    pub fn fill(&mut self, key: &str, value: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            let f = &mut self.fields[i];
            if let FieldInput::Text(t) | FieldInput::Date(t) = &mut f.input {
                *t = TextInput::new(value);
                f.error = None;
            }
            self.focus = i;
        }
    }

    /// Every text field emptied; choices keep their option.
    pub fn clear_text(&mut self) {
        for f in &mut self.fields {
            if let FieldInput::Text(t) | FieldInput::Date(t) = &mut f.input {
                t.clear();
            }
        }
    }

    /// Takes the current values as the unedited state: a form opened with
    /// values carried over (the next person of a register) is not dirty.
    pub fn mark_clean(&mut self) {
        self.original = self.values();
    }

    pub fn is_dirty(&self) -> bool {
        self.values() != self.original
    }

    pub fn clear_errors(&mut self) {
        self.error = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Puts a refusal next to its field, or above the fields.
    pub fn show_error(&mut self, field: Option<&str>, message: String) {
        match self.fields.iter().position(|f| Some(f.key) == field) {
            Some(i) => {
                self.fields[i].error = Some(message);
                self.focus = i;
            }
            None => self.error = Some(message),
        }
    }

    /// Editing actions; false when the action is not one.
    pub fn edit(&mut self, action: &Action) -> bool {
        let n = self.fields.len().max(1);
        match action {
            Action::NextField => {
                self.focus = (self.focus + 1) % n;
                return true;
            }
            Action::PrevField => {
                self.focus = (self.focus + n - 1) % n;
                return true;
            }
            _ => {}
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        match &mut field.input {
            FieldInput::Text(t) | FieldInput::Date(t) => match action {
                Action::Insert(c) => t.insert(*c),
                Action::Paste(s) => t.insert_str(s),
                Action::Backspace => t.backspace(),
                Action::Delete => t.delete(),
                Action::CursorLeft => t.left(),
                Action::CursorRight => t.right(),
                Action::Home => t.home(),
                Action::End => t.end(),
                Action::ClearLine => t.clear(),
                _ => return false,
            },
            FieldInput::Choice { options, selected } => {
                let m = options.len().max(1);
                match action {
                    Action::CursorLeft => *selected = (*selected + m - 1) % m,
                    Action::CursorRight | Action::Insert(' ') => *selected = (*selected + 1) % m,
                    Action::Home => *selected = 0,
                    Action::End => *selected = m - 1,
                    _ => return false,
                }
            }
        }
        field.error = None;
        true
    }

    pub fn render(&self, frame: &mut Frame, screen: Rect, text: Text, theme: &Theme) {
        let width = screen.width.saturating_sub(8).clamp(40, 64);
        let w = usize::from(width - 2);
        let field_w = w.saturating_sub(4);
        // Errors are wrapped, not cut: the end of a message is often the
        // part that says how to fix it.
        let form_error: Vec<String> = self.error.iter().flat_map(|e| wrap(e, w)).collect();
        let field_errors: Vec<Vec<String>> = self
            .fields
            .iter()
            .map(|f| f.error.iter().flat_map(|e| wrap(e, field_w)).collect())
            .collect();
        // Notes wrap too: a warning's end says what to do.
        let notes: Vec<String> = self
            .note
            .iter()
            .flat_map(|l| wrap(l, w.saturating_sub(2)))
            .collect();
        let rows_with = |per_field: u16| -> u16 {
            field_errors
                .iter()
                .map(|lines| per_field + lines.len() as u16)
                .sum::<u16>()
                + form_error.len() as u16
                + notes.len() as u16
                + 4
        };
        // A form too tall for the screen puts each label beside its value, so that the last
        // fields and the note stay in sight on a 24-line terminal.
        let beside = rows_with(2) > screen.height;
        let rows = rows_with(if beside { 1 } else { 2 });
        let label_w = if beside {
            self.fields
                .iter()
                .map(|f| crate::domain::text::display_width(f.label))
                .max()
                .unwrap_or(0)
                .min(w / 3)
        } else {
            0
        };
        // Where a value starts, from the inner left edge, and how wide it may be.
        let (value_x, value_w) = if beside {
            (label_w + 2, w.saturating_sub(label_w + 3))
        } else {
            (2, field_w)
        };
        let area = centered(screen, width, rows);
        frame.render_widget(PopupClear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(
                format!(" {} ", truncate(&self.title, width as usize - 4)),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let mut y = inner.y;
        let buf = frame.buffer_mut();
        for line in &form_error {
            if y >= inner.bottom() {
                break;
            }
            buf.set_line(
                inner.x,
                y,
                &Line::styled(line.as_str(), theme.error),
                inner.width,
            );
            y += 1;
        }
        let mut cursor = None;
        for (i, f) in self.fields.iter().enumerate() {
            let focused = i == self.focus;
            let marker = if focused {
                crate::tui::theme::MARKER
            } else {
                " "
            };
            let label_style = if focused { theme.selected } else { theme.label };
            let label = if beside {
                crate::tui::widgets::fit::pad(&truncate(f.label, label_w), label_w)
            } else {
                f.label.to_string()
            };
            buf.set_line(
                inner.x,
                y,
                &Line::from(vec![
                    Span::styled(marker, theme.selected),
                    Span::styled(label, label_style),
                ]),
                inner.width,
            );
            if !beside {
                y += 1;
            }
            let vx = inner.x + value_x as u16;
            match &f.input {
                FieldInput::Text(t) | FieldInput::Date(t) => {
                    let (shown, cx) = t.visible(value_w);
                    let style = if t.is_selected() {
                        theme
                            .highlight
                            .add_modifier(ratatui::style::Modifier::REVERSED)
                    } else {
                        theme.highlight
                    };
                    buf.set_line(vx, y, &Line::styled(shown, style), value_w as u16 + 1);
                    if focused {
                        cursor = Some(Position::new(vx + cx as u16, y));
                    }
                }
                FieldInput::Choice { options, selected } => {
                    let widths: Vec<usize> = options
                        .iter()
                        .map(|(_, label)| crate::domain::text::display_width(label) + 2)
                        .collect();
                    let (from, to) = choice_window(&widths, *selected, value_w);
                    let mut spans = Vec::new();
                    spans.push(Span::styled(if from > 0 { "‹" } else { "" }, theme.dim));
                    for (j, (_, label)) in options.iter().enumerate().take(to).skip(from) {
                        if j == *selected {
                            spans.push(Span::styled(format!("[{label}]"), theme.selected));
                        } else {
                            spans.push(Span::raw(format!(" {label} ")));
                        }
                    }
                    if to < options.len() {
                        spans.push(Span::styled("›", theme.dim));
                    }
                    buf.set_line(vx, y, &Line::from(spans), value_w as u16);
                }
            }
            y += 1;
            for line in &field_errors[i] {
                if y >= inner.bottom() {
                    break;
                }
                buf.set_line(
                    inner.x + 2,
                    y,
                    &Line::styled(line.as_str(), theme.error),
                    field_w as u16,
                );
                y += 1;
            }
        }
        for line in &notes {
            // The hint keeps the last line.
            if y + 1 >= inner.bottom() {
                break;
            }
            buf.set_line(
                inner.x + 2,
                y,
                &Line::styled(line.as_str(), theme.dim),
                inner.width.saturating_sub(2),
            );
            y += 1;
        }
        let hint_y = inner.bottom().saturating_sub(1);
        buf.set_line(
            inner.x,
            hint_y,
            &Line::styled(truncate(self.hint(text), w), theme.dim),
            inner.width,
        );
        if let Some(p) = cursor {
            frame.set_cursor_position(p);
        }
    }
}

/// A rectangle of the given size in the middle of `outer`, shrunk to fit.
pub fn centered(outer: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(outer.width);
    let h = height.min(outer.height);
    Rect::new(
        outer.x + (outer.width - w) / 2,
        outer.y + (outer.height - h) / 2,
        w,
        h,
    )
}

/// The options `from..to` of a choice shown in `width` columns: all when
/// they fit, else a run that holds the selected one, with a column kept at
/// each cut end for the "‹" or "›" that says more options lie that way.
fn choice_window(widths: &[usize], selected: usize, width: usize) -> (usize, usize) {
    if widths.iter().sum::<usize>() <= width {
        return (0, widths.len());
    }
    let selected = selected.min(widths.len().saturating_sub(1));
    let room = |from: usize, to: usize| {
        let marks = usize::from(from > 0) + usize::from(to < widths.len());
        widths[from..to].iter().sum::<usize>() + marks <= width
    };
    let mut from = 0;
    while from < selected && !room(from, selected + 1) {
        from += 1;
    }
    let mut to = selected + 1;
    while to < widths.len() && room(from, to + 1) {
        to += 1;
    }
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> FormState {
        FormState::new(
            crate::tui::views::units::UnitsForm::AddUnit {
                parent: crate::domain::UnitId(2),
            },
            "t".into(),
            vec![
                Field::text("name", "名称", ""),
                Field::choice(
                    "kind",
                    "类型",
                    vec![
                        ("village".into(), "村屯".into()),
                        ("school".into(), "学校".into()),
                    ],
                ),
            ],
        )
    }

    #[test]
    fn edits_fields_and_tracks_dirtiness() {
        let mut f = form();
        assert!(!f.is_dirty());
        for c in "新村".chars() {
            assert!(f.edit(&Action::Insert(c)));
        }
        assert!(f.is_dirty());
        f.edit(&Action::NextField);
        f.edit(&Action::CursorRight);
        assert_eq!(f.value("kind"), "school");
        assert!(!f.edit(&Action::Insert('x')));
        assert_eq!(
            f.values(),
            vec![
                ("name".into(), "新村".into()),
                ("kind".into(), "school".into())
            ]
        );
        let mut g = form();
        g.set_values(&f.values());
        assert_eq!(g.values(), f.values());
        g.show_error(Some("name"), "太长".into());
        assert_eq!(g.focus, 0);
        assert_eq!(g.fields[0].error.as_deref(), Some("太长"));
        g.show_error(None, "冲突".into());
        assert_eq!(g.error.as_deref(), Some("冲突"));
    }

    #[test]
    fn typed_fields_read_back_as_their_type() {
        let f = FormState::new(
            crate::tui::views::units::UnitsForm::AddUnit {
                parent: crate::domain::UnitId(2),
            },
            "t".into(),
            vec![
                Field::date("from", "自", "2025年2月5日"),
                Field::date("to", "至", ""),
                Field::date("bad", "错", "二月"),
                Field::choice_at(
                    "kind",
                    "类型",
                    vec![
                        ("village".into(), "村屯".into()),
                        ("school".into(), "学校".into()),
                    ],
                    "school",
                ),
            ],
        );
        let day =
            |s: &str| Day::from_date(chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap());
        assert_eq!(
            f.date("from", ErrField::Date).unwrap(),
            Some(day("2025-02-05"))
        );
        assert_eq!(f.date("to", ErrField::Date).unwrap(), None);
        assert!(f.required_date("to", ErrField::Date).is_err());
        assert_eq!(
            f.date("bad", ErrField::Date).unwrap_err().field(),
            Some("date")
        );
        assert_eq!(
            f.choice("kind", crate::domain::UnitKind::parse),
            crate::domain::UnitKind::parse("school")
        );
    }

    fn screen_text(buf: &ratatui::buffer::Buffer) -> String {
        let mut out = String::new();
        for y in 0..buf.area.height {
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push('\n');
        }
        out.replace(' ', "")
    }

    #[test]
    fn long_errors_are_wrapped_whole_at_80_and_120_columns() {
        let tail = "请改为不超过20个汉字的名称后再保存";
        let message = format!("名称太长：{}", "四嘉子乡小乌斯力村".repeat(4)) + tail;
        for (w, h) in [(80, 24), (120, 40)] {
            let mut f = form();
            f.show_error(Some("name"), message.clone());
            f.show_error(None, format!("无法保存：{message}"));
            let mut term =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
            term.draw(|frame| {
                f.render(
                    frame,
                    frame.area(),
                    Text(crate::lang::Lang::Zh),
                    &Theme::mono(),
                )
            })
            .unwrap();
            let screen = screen_text(term.backend().buffer());
            // Lines are joined: the whole message, its end included, is on screen twice.
            let joined = screen.replace(['│', '\n'], "");
            assert_eq!(joined.matches(tail).count(), 2, "{w}×{h}:\n{screen}");
            assert!(!screen.contains('…'), "{w}×{h}:\n{screen}");
        }
    }

    #[test]
    fn a_long_note_is_wrapped_whole() {
        let tail = "可在/root/.config/ggw/holidays.toml中补充。";
        let mut f = form();
        f.note = vec![format!(
            "注意：程序没有 2027 年的法定节假日安排，这些年份只按周末顺延。{tail}"
        )];
        let mut term = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        term.draw(|frame| {
            f.render(
                frame,
                frame.area(),
                Text(crate::lang::Lang::Zh),
                &Theme::mono(),
            )
        })
        .unwrap();
        let screen = screen_text(term.backend().buffer());
        let joined = screen.replace(['│', '\n'], "");
        assert!(joined.contains(tail), "{screen}");
    }

    #[test]
    fn a_choice_too_wide_shows_a_window_holding_the_selected_option() {
        // Four options of 10, 20, 14 and 9 columns in 30.
        let w = [10, 20, 14, 9];
        assert_eq!(super::choice_window(&w, 0, 60), (0, 4));
        assert_eq!(super::choice_window(&w, 0, 30), (0, 1));
        assert_eq!(super::choice_window(&w, 1, 30), (1, 2));
        assert_eq!(super::choice_window(&w, 2, 30), (2, 4));
        assert_eq!(super::choice_window(&w, 3, 30), (2, 4));
        // A single option wider than the room is still the one shown.
        assert_eq!(super::choice_window(&[50, 5], 0, 30), (0, 1));
    }
}
