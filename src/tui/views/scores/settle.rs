//! Settling a period: first what will be frozen (the rulebook and version,
//! each group's count and leader, the awards and penalties), asked as a
//! question; only a yes settles.

use super::Scores;
use crate::api::scores::{PreviewSettle, SettlePeriod, SettlePreview};
use crate::backend::BackendExt;
use crate::domain::rules::Side;
use crate::tui::popups::Popup;
use crate::tui::popups::choice::{ChoicePurpose, ChoiceState};
use crate::tui::strings::Text;
use crate::tui::views::{Cx, Status};

/// The question's text for `p`.
pub fn question(p: &SettlePreview, t: Text) -> String {
    let groups: Vec<(String, usize, Option<String>, bool)> = p
        .groups
        .iter()
        .map(|(g, n, leader)| {
            let people = g.side() == Side::Person;
            (g.label(t.0).to_string(), *n, leader.clone(), people)
        })
        .collect();
    t.sc_settle_question(&p.period.name, p.period.version, &groups, p.adjustments)
}

impl Scores {
    pub(super) fn ask_settle(&mut self, cx: &mut Cx) {
        let t = cx.text;
        let Some(period) = self.period_name() else {
            *cx.status = Status::error(t.sc_no_rules());
            return;
        };
        match cx.backend.run(PreviewSettle {
            period: period.clone(),
        }) {
            Ok(p) => cx.popups.push(Popup::Choice(ChoiceState::new(
                ChoicePurpose::Settle(p.period.name.clone()),
                t.sc_settle_title(),
                question(&p, t),
                vec![t.sc_settle_yes(), t.sc_settle_no()],
                0,
                1,
            ))),
            Err(e) => *cx.status = Status::error(e.message(t.0)),
        }
    }

    pub(super) fn settle(&mut self, period: &str, cx: &mut Cx) {
        let t = cx.text;
        match cx.backend.run(SettlePeriod {
            period: period.to_string(),
        }) {
            Ok(row) => {
                *cx.status = Status::info(t.sc_settled_now(&row.name));
                self.refresh(cx);
            }
            Err(e) => *cx.status = Status::error(e.message(t.0)),
        }
    }
}
