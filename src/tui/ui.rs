//! Drawing the whole screen from the state: bars, the view, the popups.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::action::Action;
use super::app::App;
use super::keys::short;
use super::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use super::popups::Popup;
use super::strings::Text;
use super::theme::Theme;
use super::views::Look;
use super::widgets::fit::truncate;
use crate::domain::text::display_width;

pub fn render(app: &App, frame: &mut Frame) {
    let screen = frame.area();
    if too_small(app.text, frame) {
        return;
    }
    let areas = layout::areas(screen);
    title_bar(app, frame, areas.title);
    let look = Look {
        text: app.text,
        theme: &app.theme,
    };
    match app.shown() {
        Some(v) => v.render(frame, areas.body, &look),
        None if app.tab_loading() => loading_line(app, frame, areas.body),
        None => {}
    }
    status_bar(app, frame, areas.message, areas.hints);
    for p in &app.popups {
        match p {
            Popup::Form(f) => f.render(frame, between_bars(screen), app.text, &app.theme),
            Popup::Choice(c) => c.render(frame, screen, &app.theme),
            Popup::Search(s) => s.render(frame, areas.body, app.text, &app.theme),
            Popup::Help(h) => h.render(frame, screen, &app.keymap, app.text, &app.theme),
        }
    }
}

/// Says the terminal is too small, in place of everything else, when it
/// is; returns whether it was.
pub fn too_small(text: Text, frame: &mut Frame) -> bool {
    let screen = frame.area();
    if !layout::too_small(screen) {
        return false;
    }
    let msg = text.too_small(screen.width, screen.height, MIN_WIDTH, MIN_HEIGHT);
    let msg = truncate(&msg, screen.width as usize);
    let w = display_width(&msg) as u16;
    let x = screen.x + screen.width.saturating_sub(w) / 2;
    let y = screen.y + screen.height / 2;
    frame
        .buffer_mut()
        .set_line(x, y, &Line::raw(msg), screen.width);
    true
}

/// The tabs' names, the one shown in brackets.
pub fn tab_names(
    titles: impl Iterator<Item = &'static str>,
    shown: usize,
    theme: &Theme,
) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, title) in titles.enumerate() {
        if i == shown {
            spans.push(Span::styled(format!("[{title}]"), theme.tab_active));
        } else {
            spans.push(Span::raw(format!(" {title} ")));
        }
    }
    Line::from(spans)
}

fn title_bar(app: &App, frame: &mut Frame, area: Rect) {
    let t = app.text;
    let tabs = tab_names(app.tabs.iter().map(|v| v.title(t)), app.tab, &app.theme);
    let spans = tabs.spans;
    let mut right = vec![crate::domain::text::for_display(&app.info.district).into_owned()];
    if app.info.demo {
        right.push(t.demo().to_string());
    }
    right.push(app.info.place_label(t.0));
    right.push(app.today.clone());
    let left_w: usize = spans.iter().map(|s| display_width(&s.content)).sum();
    let room = (area.width as usize).saturating_sub(left_w + 2);
    // What does not fit goes whole, the date first: a date cut in half says nothing.
    while right.len() > 1 && display_width(&right.join(" │ ")) > room {
        right.pop();
    }
    let right = truncate(&right.join(" │ "), room);
    let buf = frame.buffer_mut();
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    let rw = display_width(&right) as u16;
    buf.set_line(
        area.right().saturating_sub(rw + 1),
        area.y,
        &Line::styled(right, app.theme.title),
        rw,
    );
}

/// The body of a tab whose view is still loading: one line, so the
/// frame that shows the new tab costs little.
fn loading_line(app: &App, frame: &mut Frame, body: Rect) {
    let line = app
        .text
        .with_keys_waiting(app.text.loading(), app.keys_waiting());
    one_line(&line, frame, body);
}

/// A line at the top of the body, where a view would begin.
pub fn one_line(line: &str, frame: &mut Frame, body: Rect) {
    if body.height == 0 {
        return;
    }
    let line = truncate(line, body.width.saturating_sub(2) as usize);
    frame
        .buffer_mut()
        .set_line(body.x + 1, body.y, &Line::raw(line), body.width);
}

fn status_bar(app: &App, frame: &mut Frame, message: Rect, hints: Rect) {
    let buf = frame.buffer_mut();
    if let Some(s) = &app.status {
        let style = if s.error {
            app.theme.error
        } else {
            ratatui::style::Style::new()
        };
        buf.set_line(
            message.x,
            message.y,
            &Line::styled(truncate(&s.text, message.width as usize), style),
            message.width,
        );
    }
    if app.reading() {
        // What was there stays until the answer replaces it; the mark says
        // it is coming, at the end of the line, clear of any message.
        let mark = app.text.loading();
        let w = display_width(mark) as u16;
        if message.width > w {
            buf.set_line(
                message.right() - w - 1,
                message.y,
                &Line::styled(mark, app.theme.title),
                w,
            );
        }
    }
    let mode = format!("[{}]", app.mode());
    let mut spans = vec![Span::styled(mode.clone(), app.theme.title)];
    let mut used = display_width(&mode);
    let width = hints.width as usize;
    let mut offered = Vec::new();
    for ctx in app.contexts() {
        for b in app.keymap.bindings(ctx) {
            if let Some(first) = b.keys.first()
                && app.offers(&b.action)
                && !offered.iter().any(|(_, a, _)| *a == &b.action)
            {
                offered.push((short(first), &b.action, app.text.describe(b)));
            }
        }
    }
    let piece =
        |(key, _, desc): &(String, &Action, &str)| display_width(key) + display_width(desc) + 2;
    // How to get help and quit is always shown, at the end; the place's own
    // actions come before the keys that only move, which a user guesses.
    let (mut last, rest): (Vec<_>, Vec<_>) = offered
        .into_iter()
        .partition(|(_, a, _)| matches!(a, Action::Help | Action::Quit));
    last.sort_by_key(|(_, a, _)| **a != Action::Help);
    let (moves, actions): (Vec<_>, Vec<_>) = rest.into_iter().partition(|(_, a, _)| moves_only(a));
    let room = width.saturating_sub(last.iter().map(piece).sum::<usize>());
    // Once the line is full nothing further is shown, so no later hint jumps
    // ahead of a skipped one.
    let fitting = actions
        .iter()
        .chain(&moves)
        .take_while(|h| {
            used += piece(h);
            used <= room
        })
        .collect::<Vec<_>>();
    for (key, _, desc) in fitting.into_iter().chain(&last) {
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key.clone(), app.theme.key));
        spans.push(Span::raw(format!(" {desc}")));
    }
    buf.set_line(hints.x, hints.y, &Line::from(spans), hints.width);
}

/// Keys that move the cursor or the view and change nothing.
fn moves_only(action: &Action) -> bool {
    matches!(
        action,
        Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last
            | Action::Expand
            | Action::Collapse
            | Action::Toggle
            | Action::Parent
            | Action::NextTab
            | Action::PrevTab
            | Action::NextField
            | Action::PrevField
            | Action::CursorLeft
            | Action::CursorRight
            | Action::Home
            | Action::End
            | Action::PrevDay
            | Action::NextDay
            | Action::PrevWeek
            | Action::NextWeek
            | Action::PrevMonth
            | Action::NextMonth
    )
}

/// The rows between the title bar and the key hints: a form never covers
/// either, so the user still sees which tab and which keys they are in.
fn between_bars(screen: Rect) -> Rect {
    Rect {
        y: screen.y + 1.min(screen.height),
        height: screen.height.saturating_sub(2),
        ..screen
    }
}
