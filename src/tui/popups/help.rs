//! Help drawn from the keymap in use, so it always tells the truth.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::tui::action::Action;
use crate::tui::keymap::{Context, Keymap};
use crate::tui::keys::{seq_to_string, short};
use crate::tui::strings::Text;
use crate::tui::theme::Theme;
use crate::tui::widgets::fit::truncate;
use crate::tui::widgets::popup_clear::PopupClear;
use crate::tui::widgets::text_input::TextInput;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    pub filter: TextInput,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub context: &'static str,
    pub keys: String,
    pub desc: String,
}

/// Every binding, by context, keeping those whose context, keys,
/// description or action name contain the filter.
pub fn rows(map: &Keymap, text: Text, filter: &str) -> Vec<HelpRow> {
    let needle = filter.trim().to_lowercase();
    let mut out = Vec::new();
    for ctx in Context::ALL {
        let label = text.context_label(ctx);
        for b in map.bindings(ctx) {
            let keys = b
                .keys
                .iter()
                .map(|k| short(k))
                .collect::<Vec<_>>()
                .join(" ");
            // The keymap file's notation is searched too, for those editing it.
            let notation = b.keys.iter().map(|k| seq_to_string(k)).collect::<Vec<_>>();
            let name = b.action.name().unwrap_or_default();
            let desc = text.describe(b);
            let hay = format!("{label} {keys} {} {desc} {name}", notation.join(" ")).to_lowercase();
            if needle.is_empty() || hay.contains(&needle) {
                out.push(HelpRow {
                    context: label,
                    keys,
                    desc: desc.to_string(),
                });
            }
        }
    }
    out
}

impl HelpState {
    pub fn edit(&mut self, action: &Action, page: usize) -> bool {
        match action {
            Action::Insert(c) => self.filter.insert(*c),
            Action::Paste(s) => self.filter.insert_str(s),
            Action::Backspace => self.filter.backspace(),
            Action::ClearLine => self.filter.clear(),
            Action::CursorLeft => self.filter.left(),
            Action::CursorRight => self.filter.right(),
            Action::Down => {
                self.scroll += 1;
                return true;
            }
            Action::Up => {
                self.scroll = self.scroll.saturating_sub(1);
                return true;
            }
            Action::PageDown => {
                self.scroll += page;
                return true;
            }
            Action::PageUp => {
                self.scroll = self.scroll.saturating_sub(page);
                return true;
            }
            _ => return false,
        }
        self.scroll = 0;
        true
    }

    pub fn area(screen: Rect) -> Rect {
        let w = screen.width.saturating_sub(6).min(90);
        let h = screen.height.saturating_sub(4);
        super::form::centered(screen, w, h)
    }

    pub fn render(&self, frame: &mut Frame, screen: Rect, map: &Keymap, text: Text, theme: &Theme) {
        let area = Self::area(screen);
        frame.render_widget(PopupClear, area);
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(theme.border)
            .title(Span::styled(
                format!(" {} ", text.help_title()),
                theme.title,
            ));
        let inner = block.inner(area);
        frame.render_widget(block, area);
        let w = inner.width as usize;
        let buf = frame.buffer_mut();
        let (shown, cx) = self.filter.visible(w.saturating_sub(12));
        let label = text.filter();
        let label_w = crate::domain::text::display_width(label);
        buf.set_line(
            inner.x,
            inner.y,
            &Line::from(vec![
                Span::styled(label, theme.label),
                Span::styled(shown, theme.highlight),
            ]),
            inner.width,
        );
        let all = rows(map, text, self.filter.value());
        let height = inner.height.saturating_sub(2) as usize;
        let first = self.scroll.min(all.len().saturating_sub(height));
        // As wide as the longest context name ("Picking a parent").
        let ctx_w = Context::ALL
            .iter()
            .map(|c| crate::domain::text::display_width(text.context_label(*c)) + 1)
            .max()
            .unwrap_or(10)
            .clamp(10, 18);
        let keys_w = 24.min(w / 3);
        for (i, r) in all.iter().skip(first).take(height).enumerate() {
            let y = inner.y + 2 + i as u16;
            let ctx = truncate(r.context, ctx_w - 1);
            let keys = truncate(&r.keys, keys_w - 1);
            buf.set_line(inner.x, y, &Line::styled(ctx, theme.dim), ctx_w as u16);
            buf.set_line(
                inner.x + ctx_w as u16,
                y,
                &Line::styled(keys, theme.key),
                keys_w as u16,
            );
            let desc_w = w.saturating_sub(ctx_w + keys_w);
            buf.set_line(
                inner.x + (ctx_w + keys_w) as u16,
                y,
                &Line::raw(truncate(&r.desc, desc_w)),
                desc_w as u16,
            );
        }
        frame.set_cursor_position(Position::new(inner.x + (label_w + cx) as u16, inner.y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    #[test]
    fn lists_every_binding_and_filters() {
        let map = Keymap::builtin();
        let t = Text(Lang::Zh);
        let all = rows(&map, t, "");
        let total: usize = Context::ALL.iter().map(|c| map.bindings(*c).len()).sum();
        assert_eq!(all.len(), total);
        let found = rows(&map, t, "新增");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].keys, "a");
        // The keymap file's notation finds a key, which help names as the status bar does.
        let saved = rows(&map, t, "<c-s>");
        assert!(!saved.is_empty());
        assert!(saved.iter().all(|r| r.keys.contains("Ctrl-S")), "{saved:?}");
        assert!(rows(&map, t, "nothing-like-this").is_empty());
    }
}
