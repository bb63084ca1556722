//! The program's state and the one function that changes it.

use std::path::PathBuf;

use ratatui::layout::Rect;

use super::action::Action;
use super::draft::{self, Draft};
use super::keymap::{Context, Keymap, Translator};
use super::keys::{self, KeyPress};
use super::layout;
use super::loads::{Deliver, Done, Later, Loads, SharedBackend};
use super::popups::Popup;
use super::popups::choice::{ChoicePurpose, ChoiceState};
use super::popups::form::{FormPurpose, FormState};
use super::popups::help::HelpState;
use super::strings::Text;
use super::theme::Theme;
use super::typeahead::{self, TypeAhead};
use super::views::{self, Cx, Loading, Status, View};
use crate::api::DbInfo;
use crate::api::admin::Info;
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::error::Result;
use crate::lang::Lang;

pub struct Options {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    /// Where this database's draft lives; `None` keeps no drafts.
    pub draft_path: Option<PathBuf>,
    pub size: (u16, u16),
}

pub struct App {
    /// The backend, and the reads under way on it off the screen's thread.
    loads: Loads,
    /// Whether every action waits for the loads it began, as a test or a
    /// script needs; the event loop instead draws at once and applies each
    /// answer as it comes.
    wait: bool,
    pub text: Text,
    pub theme: Theme,
    pub keymap: Keymap,
    translator: Translator,
    /// Keys typed while the tab shown loads, answered once it is there.
    typeahead: TypeAhead,
    pub info: DbInfo,
    /// Today's date, refreshed with every event rather than by a timer, so
    /// an idle program stays silent.
    pub today: String,
    pub size: (u16, u16),
    /// The current tab's view is always loaded; the others from their
    /// first visit on.
    pub tabs: Vec<views::Tab>,
    pub tab: usize,
    pub popups: Vec<Popup>,
    pub status: Option<Status>,
    pub quit: bool,
    /// Asked to stop as a shell's job (the `suspend` action); the event
    /// loop, which owns the terminal, does it and clears this.
    pub suspend: bool,
    draft_path: Option<PathBuf>,
    /// Set when a draft was written on the way out, to say so afterwards.
    pub draft_kept: Option<PathBuf>,
}

/// The answer of a question put off with Esc: nothing is decided.
const ANSWER_LATER: usize = usize::MAX;

fn today() -> String {
    chrono::Local::now().format("%Y-%m-%d").to_string()
}

impl App {
    /// Over a backend this thread alone may call: every load is done at
    /// once, on this thread.
    pub fn new(backend: Box<dyn Backend>, opts: Options) -> Result<App> {
        App::with_loads(Loads::alone(backend), opts)
    }

    /// Over a backend other threads may call too: a tab's first load and
    /// the slow reads of some keys are done on threads of their own.
    pub fn shared(backend: SharedBackend, opts: Options) -> Result<App> {
        App::with_loads(Loads::shared(backend), opts)
    }

    fn with_loads(loads: Loads, opts: Options) -> Result<App> {
        let info = loads.backend().run(Info {})?;
        let mut tabs = views::all();
        // The first screen shows this tab: it is loaded before it.
        if let Some(first) = tabs.first_mut() {
            first.load(loads.backend())?;
        }
        let mut app = App {
            loads,
            wait: true,
            text: Text(opts.lang),
            theme: opts.theme,
            keymap: opts.keymap,
            translator: Translator::default(),
            typeahead: TypeAhead::default(),
            info,
            today: today(),
            size: opts.size,
            tabs,
            tab: 0,
            popups: Vec::new(),
            status: None,
            quit: false,
            suspend: false,
            draft_path: opts.draft_path,
            draft_kept: None,
        };
        app.offer_draft();
        Ok(app)
    }

    /// A plain notice over everything else, such as a bad keymap file.
    pub fn notify(&mut self, message: String) {
        let t = self.text;
        self.popups.push(Popup::Choice(ChoiceState::new(
            ChoicePurpose::Notice,
            t.notice_title(),
            message,
            vec![t.ok()],
            0,
            0,
        )));
    }

    /// A form open on a record someone else just saved says so and offers
    /// the latest version; it never saves over theirs.
    fn warn_form_of(&mut self, n: &ChangeNotice) {
        let edits_it = matches!(self.popups.last(),
            Some(Popup::Form(f)) if f.purpose.edits() == Some((n.kind, n.record)));
        if edits_it {
            let t = self.text;
            self.popups.push(Popup::Choice(ChoiceState::new(
                ChoicePurpose::ReloadForm,
                t.changed_under_form_title(),
                t.changed_under_form(&n.by),
                vec![t.reload(), t.keep_editing()],
                0,
                1,
            )));
        }
    }

    fn reload_form(&mut self) {
        let Some(Popup::Form(form)) = self.popups.pop() else {
            return;
        };
        let mut purpose = form.purpose.clone();
        purpose.take_latest(self.loads.backend());
        let fresh = self
            .shown()
            .and_then(|v| v.form_for(&purpose, self.loads.backend(), self.text));
        match fresh {
            Some(fresh) => self.popups.push(Popup::Form(fresh)),
            // The record is gone (archived): nothing left to edit.
            None => self.drop_draft(),
        }
    }

    fn offer_draft(&mut self) {
        let Some(path) = &self.draft_path else {
            return;
        };
        let Some(d) = draft::load(path) else {
            return;
        };
        // Kept by an older version: a search is not work to come back to.
        if d.purpose.is_query() {
            self.drop_draft();
            return;
        }
        let t = self.text;
        let when = crate::domain::time::format_local(d.saved_at);
        let what = d.title.clone();
        let content = d.summary.clone();
        // Reopening loses nothing, so it is what Enter does; Esc puts the
        // question off to the next start.
        self.popups.push(Popup::Choice(ChoiceState::new(
            ChoicePurpose::RestoreDraft(Box::new(d)),
            t.draft_title(),
            t.draft_question(&what, &content, &when),
            vec![t.yes(), t.no()],
            0,
            ANSWER_LATER,
        )));
    }

    pub fn backend(&self) -> &dyn Backend {
        self.loads.backend()
    }

    /// The view of the tab shown; for tests, once its load is applied.
    pub fn view(&self) -> &dyn View {
        self.shown()
            .expect("the current tab is loaded before it is looked at")
    }

    /// The view of the tab shown, unless it is still loading.
    pub fn shown(&self) -> Option<&dyn View> {
        self.tabs.get(self.tab)?.view.as_deref()
    }

    /// Whether the tab shown is still loading its view.
    pub fn tab_loading(&self) -> bool {
        self.tabs.get(self.tab).is_some_and(|t| t.loading.is_some())
    }

    /// Whether the view shown waits for the answer of a read.
    pub fn reading(&self) -> bool {
        self.shown().is_some_and(|v| v.waiting())
    }

    /// Whether any load or read is under way.
    pub fn loading(&self) -> bool {
        self.loads.busy(None)
    }

    /// The number of the last load or read begun.
    pub fn last_job(&self) -> u64 {
        self.loads.last_job()
    }

    /// Whether a load or read begun after job `job` is under way.
    pub fn loading_since(&self, job: u64) -> bool {
        self.loads.busy_since(job)
    }

    /// Answers go to `deliver` (the event loop's channel) and actions no
    /// longer wait for them.
    pub fn deliver_to(&mut self, deliver: Deliver) {
        self.loads.deliver_to(deliver);
        self.wait = false;
    }

    /// Whether each action waits for the loads it began (the default,
    /// for tests and scripts).
    pub fn wait_for_loads(&mut self, wait: bool) {
        self.wait = wait;
    }

    /// Waits for every load and read under way and applies their answers.
    pub fn settle(&mut self) {
        while let Some(done) = self.loads.wait() {
            self.loaded(done);
        }
    }

    /// Waits for the next answer of a load or read and applies it; false
    /// when none is under way.
    pub fn settle_one(&mut self) -> bool {
        match self.loads.wait() {
            Some(done) => {
                self.loaded(done);
                true
            }
            None => false,
        }
    }

    /// Applies a finished load or read; a stale one is dropped.
    pub fn loaded(&mut self, done: Done) {
        if !self.loads.finish(&done) {
            return;
        }
        match done {
            Done::Tab { tab, job, view } => {
                let Some(t) = self.tabs.get_mut(tab) else {
                    return;
                };
                let loading = match t.loading.take() {
                    Some(l) if l.job == job => l,
                    // Loaded meanwhile by other means (a draft's save).
                    other => {
                        t.loading = other;
                        return;
                    }
                };
                match view {
                    Ok(view) => {
                        t.view = Some(view);
                        for n in &loading.missed {
                            self.with_tab(tab, |v, cx| v.notice(n, cx));
                        }
                        self.answer_kept();
                    }
                    Err(e) => {
                        // As before loads ran apart: the error said, the
                        // tab left as it was.
                        self.status = Status::error(e.message(self.text.0));
                        if self.tab == tab {
                            self.tab = loading.from;
                            // Typed for a tab that never showed.
                            self.typeahead.clear();
                        }
                    }
                }
            }
            Done::Reply {
                tab, tag, reply, ..
            } => {
                self.with_tab(tab, |v, cx| v.arrived(tag, reply, cx));
            }
        }
    }

    /// Shows tab `to`; on its first visit its view loads off this thread
    /// and the tab shows that it is loading until it is there.
    fn switch_to(&mut self, to: usize) {
        let from = self.tab;
        let Some(t) = self.tabs.get_mut(to) else {
            return;
        };
        if t.view.is_none() && t.loading.is_none() {
            let job = self.loads.load_tab(to, t.loader());
            t.loading = Some(Loading {
                job,
                from,
                missed: Vec::new(),
            });
        }
        self.tab = to;
        // Keys kept for the tab left behind are not this one's.
        self.typeahead.clear();
    }

    /// Loads a tab here and now: a form saved through it cannot wait.
    fn load_tab(&mut self, tab: usize) -> Result<()> {
        match self.tabs.get_mut(tab) {
            Some(t) => {
                t.load(self.loads.backend())?;
                // A load under way meanwhile is dropped when it ends.
                t.loading = None;
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Whether the view shown needs the terminal for another program (an
    /// editor); the event loop, which owns the terminal, gives it over and
    /// calls `use_terminal`.
    pub fn wants_terminal(&self) -> bool {
        self.popups.is_empty() && self.shown().is_some_and(|v| v.wants_terminal())
    }

    /// With the terminal given over: what the view needed it for.
    pub fn use_terminal(&mut self) {
        self.with_view(|v, cx| v.use_terminal(cx));
    }

    pub fn body(&self) -> Rect {
        layout::areas(Rect::new(0, 0, self.size.0, self.size.1)).body
    }

    /// Keymap contexts for the next key: the innermost popup's, else the
    /// view's.
    pub fn contexts(&self) -> Vec<Context> {
        match self.popups.last() {
            Some(p) => vec![p.context()],
            None => match self.shown() {
                Some(v) => v.contexts().to_vec(),
                // Loading: only the keys that leave it (tabs, help, quit).
                None => vec![Context::Global],
            },
        }
    }

    /// Whether the status bar should offer the key of an action.
    pub fn offers(&self, action: &Action) -> bool {
        !self.popups.is_empty() || self.shown().is_none_or(|v| v.offers(action))
    }

    pub fn mode(&self) -> &'static str {
        let t = self.text;
        match self.popups.last() {
            Some(Popup::Form(_)) => t.mode_edit(),
            Some(Popup::Choice(_)) => t.mode_confirm(),
            Some(Popup::Search(_)) => t.mode_search(),
            Some(Popup::Help(_)) => t.mode_help(),
            None => match self.shown() {
                Some(v) => v.mode(t),
                None => t.mode_loading(),
            },
        }
    }

    /// How many keys typed while the tab shown loads wait for it.
    pub fn keys_waiting(&self) -> usize {
        self.typeahead.len()
    }

    /// A key from the terminal, through the keymap. False when it did
    /// nothing (unbound, or the first key of a sequence), so nothing needs
    /// drawing.
    pub fn key(&mut self, key: KeyPress) -> bool {
        if self.popups.is_empty() && self.tab_loading() {
            return self.key_while_loading(key);
        }
        // Loaded by other means than its load's answer (a form saved
        // through it): what was typed before still comes first.
        let answered = self.answer_kept();
        answered | self.translated(key)
    }

    fn translated(&mut self, key: KeyPress) -> bool {
        let contexts = self.contexts();
        match self.translator.key(&self.keymap, &contexts, key) {
            Some(action) => {
                self.update(action);
                true
            }
            None => false,
        }
    }

    /// A key while the tab shown loads. With no key waiting, one that
    /// leaves the tab (another tab, help, quitting) is answered now, as the
    /// loading tab has no keys of its own, and any other is kept for the
    /// view. Behind kept keys every key is kept, in order, since what it
    /// does depends on them (a Tab or a `q` typed into the form that a
    /// kept `a` opens is part of that form), except help, shown at once
    /// over the loading tab with the keys before it forgotten, and quitting
    /// by a key that is never text (Ctrl-C), which always works. Either way
    /// the screen changes at once: a kept key shows in the count on the
    /// loading line.
    fn key_while_loading(&mut self, key: KeyPress) -> bool {
        let mut probe = self.translator.clone();
        let waiting = !self.typeahead.is_empty();
        let now = match probe.key(&self.keymap, &[Context::Global], key) {
            Some(Action::Quit) if !waiting || key.typed_char().is_none() => Some(Action::Quit),
            Some(a @ (Action::NextTab | Action::PrevTab)) if !waiting => Some(a),
            Some(Action::Help) => {
                // Moves typed for a screen the user turned away from would
                // surprise them when they come back to it.
                self.typeahead.clear();
                Some(Action::Help)
            }
            Some(Action::Suspend) => Some(Action::Suspend),
            _ => None,
        };
        if let Some(action) = now {
            self.translator = probe;
            self.update(action);
        } else if !self.typeahead.keep(key) {
            self.status = Status::error(
                self.text
                    .keys_dropped(typeahead::LIMIT, self.typeahead.dropped()),
            );
        }
        true
    }

    /// Answers the keys kept while the tab shown loaded, once it has; a
    /// key among them that opens another tab still loading keeps the
    /// rest for that one. Returns whether any were answered.
    fn answer_kept(&mut self) -> bool {
        if self.typeahead.is_empty() || self.tab_loading() {
            return false;
        }
        for key in self.typeahead.take() {
            self.key(key);
        }
        true
    }

    /// Keys in keymap notation (`/sjz<ret>`), as if typed; for tests and
    /// scripted runs.
    pub fn feed(&mut self, notation: &str) -> std::result::Result<(), keys::NotationError> {
        for k in keys::parse(notation)? {
            self.key(k);
        }
        Ok(())
    }

    /// Does what an action asks; unless told not to wait, with the loads
    /// it began applied before it returns.
    pub fn update(&mut self, action: Action) {
        self.apply(action);
        if self.wait {
            self.settle();
        }
    }

    fn apply(&mut self, action: Action) {
        self.today = today();
        match action {
            Action::Resize(w, h) => {
                self.size = (w, h);
                // Scroll positions depend on the height.
                self.with_view(|v, cx| v.update(&Action::Resize(w, h), cx));
                return;
            }
            Action::Hangup => {
                self.keep_draft();
                self.quit = true;
                return;
            }
            // From anywhere: an open form waits as it is until `fg`.
            Action::Suspend => {
                self.suspend = true;
                return;
            }
            // Someone connected or left: only the title's head count changes.
            Action::Notice(n) if n.is_presence() => {
                if let Ok(info) = self.loads.backend().run(Info {}) {
                    self.info = info;
                }
                return;
            }
            Action::Notice(n) => {
                // Every loaded tab, not only the one shown: a tab switched
                // to later must not show what someone else has changed.
                for tab in 0..self.tabs.len() {
                    if let Some(l) = &mut self.tabs[tab].loading {
                        l.missed.push(n.clone());
                    } else if self.tabs[tab].view.is_some() {
                        self.with_tab(tab, |v, cx| v.notice(&n, cx));
                    }
                }
                self.warn_form_of(&n);
                return;
            }
            _ => {}
        }
        if action == Action::Quit
            && matches!(
                self.popups.last(),
                Some(Popup::Search(_) | Popup::Help(_) | Popup::Choice(_))
            )
        {
            // Quitting works from anywhere: what is on top closes, and
            // whatever lies below (a form with changes) is asked in turn.
            self.popups.pop();
            self.apply(Action::Quit);
            return;
        }
        match self.popups.pop() {
            Some(Popup::Form(form)) => self.form_action(form, action),
            Some(Popup::Choice(choice)) => self.choice_action(choice, action),
            Some(Popup::Search(mut s)) => match action {
                // Picked for a form: the form below gets the unit's path and
                // the view stays where it was.
                Action::Submit if s.field.is_some() => {
                    if let (Some(key), Some(path)) = (s.field, s.chosen_path())
                        && let Some(Popup::Form(form)) = self.popups.last_mut()
                    {
                        let value = match (s.compose, s.chosen()) {
                            (Some(compose), Some(e)) => compose(&form.value(key), e),
                            _ => path,
                        };
                        form.fill(key, &value);
                    }
                }
                Action::Submit => {
                    if let Some(id) = s.chosen().map(|e| e.id) {
                        self.with_view(|v, cx| v.found(id, cx));
                    }
                }
                Action::Cancel => {}
                a => {
                    s.edit(&a);
                    self.popups.push(Popup::Search(s));
                }
            },
            Some(Popup::Help(mut h)) => match action {
                Action::Cancel | Action::Help => {}
                a => {
                    let page = HelpState::area(Rect::new(0, 0, self.size.0, self.size.1)).height;
                    h.edit(&a, page.saturating_sub(4) as usize);
                    self.popups.push(Popup::Help(h));
                }
            },
            None => match action {
                Action::Quit => self.quit = true,
                Action::Help => self.popups.push(Popup::Help(HelpState::default())),
                Action::NextTab => self.switch_to((self.tab + 1) % self.tabs.len()),
                Action::PrevTab => {
                    self.switch_to((self.tab + self.tabs.len() - 1) % self.tabs.len())
                }
                a => self.with_view(|v, cx| v.update(&a, cx)),
            },
        }
    }

    fn form_action(&mut self, mut form: FormState, action: Action) {
        let t = self.text;
        match action {
            Action::Submit if !form.is_dirty() && form.purpose.edits_existing() => {
                self.drop_draft();
            }
            Action::Submit => {
                form.clear_errors();
                let tab = self.tab_for(&form.purpose);
                // Loading the tab that saves the form: a draft restored at
                // start may belong to a tab not yet visited.
                let result = self.load_tab(tab).and_then(|()| {
                    self.with_tab(tab, |v, cx| v.submit(&mut form, cx))
                        .unwrap_or(Err(crate::error::Error::Storage {
                            detail: format!("tab {tab} not loaded"),
                        }))
                });
                match result {
                    Ok(()) => self.drop_draft(),
                    Err(e) => {
                        form.show_error(e.field(), e.message(t.0));
                        self.popups.push(Popup::Form(form));
                    }
                }
            }
            Action::Cancel if form.purpose.is_query() => {
                // A live filter is cleared on the way out, as the tree's
                // search is.
                form.clear_text();
                self.with_view(|v, cx| v.form_changed(&mut form, cx));
            }
            Action::Quit if form.purpose.is_query() => self.quit = true,
            Action::Cancel => {
                let dirty = form.is_dirty();
                self.popups.push(Popup::Form(form));
                if dirty {
                    self.popups.push(Popup::Choice(ChoiceState::new(
                        ChoicePurpose::DiscardForm,
                        t.discard_title(),
                        t.discard_question().to_string(),
                        vec![t.discard(), t.keep_editing()],
                        1,
                        1,
                    )));
                } else {
                    self.popups.pop();
                    self.drop_draft();
                }
            }
            Action::Quit => {
                let dirty = form.is_dirty();
                self.popups.push(Popup::Form(form));
                if dirty {
                    self.popups.push(Popup::Choice(ChoiceState::new(
                        ChoicePurpose::QuitWithForm,
                        t.quit_title(),
                        t.quit_question().to_string(),
                        vec![t.keep_draft_quit(), t.discard_quit(), t.keep_editing()],
                        0,
                        2,
                    )));
                } else {
                    self.quit = true;
                }
            }
            Action::Help => {
                self.popups.push(Popup::Form(form));
                self.popups.push(Popup::Help(HelpState::default()));
            }
            Action::PickUnit => {
                let tab = self.tab_for(&form.purpose);
                // A field the view picks for itself (people from the roster); else the unit.
                let own = (self.tabs.get(tab).and_then(|t| t.view.as_deref()))
                    .and_then(|v| v.field_picker(&form, self.loads.backend(), self.text));
                let picker = own.or_else(|| {
                    form.focus_unit_field().and_then(|typed| {
                        // A path already in the field (the unit the form opened
                        // with) is no search: the picker starts empty.
                        let typed = if typed.contains('/') {
                            ""
                        } else {
                            typed.trim()
                        };
                        self.tabs
                            .get(tab)
                            .and_then(|t| t.view.as_deref())
                            .and_then(|v| v.unit_picker(&form, typed))
                    })
                });
                self.popups.push(Popup::Form(form));
                if let Some(picker) = picker {
                    self.popups.push(Popup::Search(picker));
                }
            }
            a => {
                if form.edit(&a) {
                    self.with_view(|v, cx| v.form_changed(&mut form, cx));
                }
                self.popups.push(Popup::Form(form));
            }
        }
    }

    fn choice_action(&mut self, mut choice: ChoiceState, action: Action) {
        let answer = match action {
            Action::Submit => choice.selected,
            Action::Cancel => choice.cancel,
            Action::Yes if choice.answers.len() == 2 => 0,
            Action::No if choice.answers.len() == 2 => 1,
            Action::NextField | Action::CursorRight | Action::Down => {
                choice.next();
                self.popups.push(Popup::Choice(choice));
                return;
            }
            Action::PrevField | Action::CursorLeft | Action::Up => {
                for _ in 1..choice.answers.len() {
                    choice.next();
                }
                self.popups.push(Popup::Choice(choice));
                return;
            }
            _ => {
                self.popups.push(Popup::Choice(choice));
                return;
            }
        };
        match choice.purpose {
            ChoicePurpose::Notice => {}
            ChoicePurpose::ReloadForm => {
                if answer == 0 {
                    self.reload_form();
                }
            }
            ChoicePurpose::DiscardForm => {
                if answer == 0 {
                    self.popups.pop();
                    self.drop_draft();
                }
            }
            ChoicePurpose::QuitWithForm => match answer {
                0 => {
                    self.keep_draft();
                    self.quit = true;
                }
                1 => {
                    self.drop_draft();
                    self.quit = true;
                }
                _ => {}
            },
            ChoicePurpose::RestoreDraft(d) => {
                if answer == ANSWER_LATER {
                    return;
                }
                if answer == 0 {
                    let tab = self.tab_for(&d.purpose);
                    if let Err(e) = self.load_tab(tab) {
                        self.status = Status::error(e.message(self.text.0));
                        return;
                    }
                    let form = self.tabs[tab]
                        .view
                        .as_ref()
                        .and_then(|v| v.form_for(&d.purpose, self.loads.backend(), self.text));
                    match form {
                        Some(mut form) => {
                            form.set_values(&d.values);
                            self.popups.push(Popup::Form(form));
                        }
                        None => {
                            self.drop_draft();
                            self.status = Status::error(self.text.draft_parent_gone());
                        }
                    }
                } else {
                    self.drop_draft();
                }
            }
            purpose => self.with_view(|v, cx| v.answer(&purpose, answer, cx)),
        }
    }

    fn with_view(&mut self, f: impl FnOnce(&mut dyn View, &mut Cx)) {
        self.with_tab(self.tab, f);
    }

    /// The tab whose view owns forms with this purpose.
    fn tab_for(&self, purpose: &FormPurpose) -> usize {
        self.tabs
            .iter()
            .position(|t| t.owns(purpose))
            .unwrap_or(self.tab)
    }

    /// `None` when the tab is not loaded.
    fn with_tab<R>(
        &mut self,
        tab: usize,
        f: impl FnOnce(&mut dyn View, &mut Cx) -> R,
    ) -> Option<R> {
        let body = self.body();
        let mut cx = Cx {
            backend: self.loads.backend(),
            text: self.text,
            status: &mut self.status,
            popups: &mut self.popups,
            body,
            later: Later {
                loads: &self.loads,
                tab,
            },
        };
        let view = self.tabs.get_mut(tab)?.view.as_deref_mut()?;
        Some(f(view, &mut cx))
    }

    /// The open form, if any, written to the draft file.
    fn keep_draft(&mut self) {
        let Some(path) = self.draft_path.clone() else {
            return;
        };
        let Some(form) = self.popups.iter().find_map(|p| match p {
            // An untouched form holds nothing of the user's to come back to.
            Popup::Form(f) if !f.purpose.is_query() && f.is_dirty() => Some(f),
            _ => None,
        }) else {
            return;
        };
        let d = Draft {
            db: self.info.path.clone(),
            saved_at: crate::domain::time::now(),
            title: form.title.clone(),
            summary: form.summary(self.text),
            purpose: form.purpose.clone(),
            values: form.values(),
        };
        if draft::save(&path, &d).is_ok() {
            self.draft_kept = Some(path);
        }
    }

    fn drop_draft(&mut self) {
        if let Some(path) = &self.draft_path {
            draft::remove(path);
        }
    }

    pub fn form(&self) -> Option<&FormState> {
        self.popups.iter().rev().find_map(|p| match p {
            Popup::Form(f) => Some(f),
            _ => None,
        })
    }
}
