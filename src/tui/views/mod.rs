//! The tabs of the program. Each is a `View` in a folder of its own: its `mod.rs` holds the
//! tab's state, what its keys do and its `tab()`; `forms.rs` builds its forms and names their
//! purposes; the saving of those forms and the drawing sit in files of their own beside them.
//!
//! Adding a tab is its folder plus one line in `all`: the tab's `tab()` names the type of its
//! forms' purposes, which is how a save and a draft find their tab.

pub mod list;
pub mod meetings;
pub mod people;
pub mod people_pick;
pub mod purpose;
pub mod sanchuang;
pub mod scores;
pub mod units;
pub mod units_index;
pub mod work;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::keymap::Context;
use super::loads::Later;
use super::popups::Popup;
use super::popups::choice::ChoicePurpose;
use super::popups::form::FormState;
use super::popups::search::SearchState;
use super::strings::Text;
use super::theme::Theme;
use crate::backend::{Backend, ChangeNotice};
use crate::error::Result;
pub use purpose::FormPurpose;

/// The last thing the program has to say, shown in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Option<Status> {
        Some(Status {
            text: text.into(),
            error: false,
        })
    }

    pub fn error(text: impl Into<String>) -> Option<Status> {
        Some(Status {
            text: text.into(),
            error: true,
        })
    }
}

/// What a view may touch while it handles an action: the backend, the
/// status line and the popup stack.
pub struct Cx<'a> {
    pub backend: &'a dyn Backend,
    pub text: Text,
    pub status: &'a mut Option<Status>,
    pub popups: &'a mut Vec<Popup>,
    /// Where the view is drawn, for paging and scrolling.
    pub body: Rect,
    /// Reads too slow to wait for, answered later through `View::arrived`.
    pub later: Later<'a>,
}

/// What a view may read while it draws.
pub struct Look<'a> {
    pub text: Text,
    pub theme: &'a Theme,
}

pub trait View: Send {
    /// Keymap contexts in the order they are asked, most specific first.
    fn contexts(&self) -> &'static [Context];
    fn mode(&self, text: Text) -> &'static str;
    fn update(&mut self, action: &Action, cx: &mut Cx);
    /// Saves a form this view opened. On a refusal the form stays open
    /// with the error shown.
    fn submit(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()>;
    /// Rebuilds a form from a draft; `None` when its record is gone.
    fn form_for(
        &self,
        purpose: &FormPurpose,
        backend: &dyn Backend,
        text: Text,
    ) -> Option<FormState>;
    fn answer(&mut self, purpose: &ChoicePurpose, answer: usize, cx: &mut Cx);
    /// The user picked a search result.
    fn found(&mut self, id: u64, cx: &mut Cx);
    fn notice(&mut self, notice: &ChangeNotice, cx: &mut Cx);
    fn render(&self, frame: &mut Frame, area: Rect, look: &Look);
    /// False for an action the account may not take here, so that the
    /// status bar does not offer its key.
    fn offers(&self, _action: &Action) -> bool {
        true
    }
    /// A field of a form this view opened was edited; the view may update the form's note.
    fn form_changed(&mut self, _form: &mut FormState, _cx: &mut Cx) {}
    /// A search over the units, for a form of this view that names a unit.
    fn unit_picker(&self, _form: &FormState, _typed: &str) -> Option<SearchState> {
        None
    }
    /// A search of the view's own for the focused field of its form (people
    /// from the roster), in place of the unit picker.
    fn field_picker(
        &self,
        _form: &FormState,
        _backend: &dyn Backend,
        _text: Text,
    ) -> Option<SearchState> {
        None
    }
    /// Whether the view needs the terminal for another program (an editor);
    /// the event loop then leaves full-screen mode and calls `use_terminal`.
    fn wants_terminal(&self) -> bool {
        false
    }
    /// Runs with the terminal given back; full-screen mode returns after.
    fn use_terminal(&mut self, _cx: &mut Cx) {}
    /// The answer of a read the view put off with `cx.later`, with its tag;
    /// a view drops one that a newer key has made stale.
    fn arrived(&mut self, _tag: u64, _reply: Box<dyn std::any::Any + Send>, _cx: &mut Cx) {}
    /// Whether the view waits for such an answer, to show that it is coming.
    fn waiting(&self) -> bool {
        false
    }
    /// For tests and tools that need the concrete view.
    fn as_any(&self) -> &dyn std::any::Any;
}

/// A tab: its name at once, its view from the first visit on, so that the
/// program draws its first screen after loading one tab, not all of them.
pub struct Tab {
    title: fn(Text) -> &'static str,
    load: fn(&dyn Backend) -> Result<Box<dyn View>>,
    /// Whether the tab's view opened forms of this purpose: a draft reopens
    /// there and a save goes there.
    owns: fn(&FormPurpose) -> bool,
    /// A purpose of the tab's, from a draft.
    read_purpose: fn(&serde_json::Value) -> Option<FormPurpose>,
    pub view: Option<Box<dyn View>>,
    /// Set while the view loads off the screen's thread.
    pub loading: Option<Loading>,
}

/// A tab's first load under way.
pub struct Loading {
    pub job: u64,
    /// The tab shown before, to go back to if the load fails.
    pub from: usize,
    /// Changes heard of meanwhile, which the load may have read before
    /// they were made: the view hears of them once it is there.
    pub missed: Vec<ChangeNotice>,
}

impl Tab {
    /// A tab whose forms have purposes of type `P`.
    pub fn new<P>(
        title: fn(Text) -> &'static str,
        load: fn(&dyn Backend) -> Result<Box<dyn View>>,
    ) -> Tab
    where
        P: purpose::TabPurpose + serde::de::DeserializeOwned + 'static,
    {
        Tab {
            title,
            load,
            owns: |p| p.of::<P>().is_some(),
            read_purpose: |json| {
                serde_json::from_value::<P>(json.clone())
                    .ok()
                    .map(FormPurpose::from)
            },
            view: None,
            loading: None,
        }
    }

    pub fn title(&self, text: Text) -> &'static str {
        (self.title)(text)
    }

    pub fn owns(&self, purpose: &FormPurpose) -> bool {
        (self.owns)(purpose)
    }

    pub fn read_purpose(&self, json: &serde_json::Value) -> Option<FormPurpose> {
        (self.read_purpose)(json)
    }

    /// What loads the view, for a thread of its own.
    pub fn loader(&self) -> fn(&dyn Backend) -> Result<Box<dyn View>> {
        self.load
    }

    /// Loads the view here and now unless it is loaded already.
    pub fn load(&mut self, backend: &dyn Backend) -> Result<()> {
        if self.view.is_none() {
            self.view = Some((self.load)(backend)?);
        }
        Ok(())
    }
}

/// Every tab, in order; none loaded yet.
pub fn all() -> Vec<Tab> {
    vec![
        units::tab(),
        people::tab(),
        meetings::tab(),
        work::tab(),
        sanchuang::tab(),
        scores::tab(),
    ]
}
