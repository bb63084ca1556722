//! Styles. Colour is used sparingly: a moved cursor should cost a few bytes,
//! not a repainted row. Under `NO_COLOR` everything is shown by weight,
//! underline and markers, which every terminal keeps.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub mono: bool,
    pub selected: Style,
    pub tab_active: Style,
    pub title: Style,
    pub dim: Style,
    pub error: Style,
    pub label: Style,
    pub key: Style,
    pub border: Style,
    pub highlight: Style,
}

/// Drawn in front of the selected row, so the selection shows even where
/// no attribute survives.
pub const MARKER: &str = ">";

impl Theme {
    pub fn color() -> Theme {
        Theme {
            mono: false,
            selected: Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            tab_active: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            label: Style::new().fg(Color::Cyan),
            key: Style::new().fg(Color::Green),
            border: Style::new().fg(Color::DarkGray),
            highlight: Style::new().fg(Color::Yellow),
        }
    }

    pub fn mono() -> Theme {
        Theme {
            mono: true,
            selected: Style::new().add_modifier(Modifier::BOLD),
            tab_active: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            title: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new(),
            error: Style::new().add_modifier(Modifier::BOLD),
            label: Style::new(),
            key: Style::new().add_modifier(Modifier::BOLD),
            border: Style::new(),
            highlight: Style::new().add_modifier(Modifier::UNDERLINED),
        }
    }

    /// `NO_COLOR` set to anything non-empty asks for no colour
    /// (https://no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::color(),
        }
    }
}
