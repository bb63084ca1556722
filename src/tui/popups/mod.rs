//! What opens over a view: forms, questions, search and help. The innermost
//! one gets the keys; Esc closes it.

pub mod choice;
pub mod form;
pub mod help;
pub mod search;

use super::keymap::Context;

#[derive(Debug)]
pub enum Popup {
    Form(form::FormState),
    Choice(choice::ChoiceState),
    Search(search::SearchState),
    Help(help::HelpState),
}

impl Popup {
    pub fn context(&self) -> Context {
        match self {
            Popup::Form(_) => Context::Form,
            Popup::Choice(_) => Context::Popup,
            Popup::Search(_) => Context::Search,
            Popup::Help(_) => Context::Help,
        }
    }
}
