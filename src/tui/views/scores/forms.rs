//! The tab's one form: an award or penalty for a subject (points, reason,
//! date), and what saving it asks of the service.

use serde::{Deserialize, Serialize};

use super::Scores;
use crate::api::scores::{AdjustScore, VoidAdjustment};
use crate::backend::BackendExt;
use crate::domain::day::Day;
use crate::domain::points::Points;
use crate::domain::score_records::Subject;
use crate::error::{Field as ErrField, Result};
use crate::tui::popups::Popup;
use crate::tui::popups::form::{Field, FormPurpose, FormState};
use crate::tui::strings::Text;
use crate::tui::views::purpose::Purpose;
use crate::tui::views::{Cx, Status};

/// What saving one of the tab's forms does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScoresForm {
    /// An award (positive points) or a penalty (negative) for `subject`
    /// in `period`, named `name` in the title.
    Adjust {
        period: String,
        subject: Subject,
        name: String,
    },
    /// An award or penalty typed in error, shown as `label`.
    Void { id: u64, label: String },
}

impl ScoresForm {
    pub fn of(purpose: &FormPurpose) -> Option<&ScoresForm> {
        purpose.of()
    }
}

impl Purpose for ScoresForm {}

pub const POINTS: &str = "points";
pub const REASON: &str = "reason";
pub const DATE: &str = "date";

/// The form, its date `on` to start with.
pub fn adjust_form(purpose: ScoresForm, text: Text, on: Day) -> FormState {
    let title = match &purpose {
        ScoresForm::Adjust { name, .. } => text.sc_adjust_title(name),
        ScoresForm::Void { label, .. } => {
            let title = text.sc_void_award_title(label);
            return FormState::new(
                purpose,
                title,
                vec![Field::text(REASON, text.sc_void_reason(), "")],
            );
        }
    };
    FormState::new(
        purpose,
        title,
        vec![
            Field::text(POINTS, text.sc_adjust_points(), ""),
            Field::text(REASON, text.sc_adjust_reason(), ""),
            Field::suggested_date(DATE, text.sc_adjust_date(), &on.to_string()),
        ],
    )
}

/// Points as typed: a number other than zero, at most two decimals.
pub fn read_points(typed: &str) -> Option<Points> {
    let p = Points::parse(typed)?;
    // Points::parse rounds to hundredths; more decimals than that are a
    // slip, not a wish.
    let decimals = typed
        .trim()
        .split_once('.')
        .map_or(0, |(_, d)| d.trim_end_matches('0').len());
    (p.0 != 0 && decimals <= 2).then_some(p)
}

impl Scores {
    /// The award or penalty on the ledger's selected line, to void.
    pub(super) fn open_void(&mut self, cx: &mut Cx) {
        let Some(line) = self.award_line() else {
            return;
        };
        let Some(source) = line.source else { return };
        let label = format!("#{} {} {}", source.id, line.points, line.note);
        let purpose = ScoresForm::Void {
            id: source.id,
            label,
        };
        cx.popups
            .push(Popup::Form(adjust_form(purpose, cx.text, Day::today())));
    }

    /// The selected ledger line when it is an award or penalty of an open
    /// period.
    pub(super) fn award_line(&self) -> Option<&crate::domain::scoring::LedgerLine> {
        if self.settled() {
            return None;
        }
        let p = self.ledger.as_ref()?;
        let line = p.ledger.lines.get(p.at.cursor)?;
        let award = line.kind == crate::domain::scoring::LineKind::Manual
            && line
                .source
                .is_some_and(|s| s.kind == crate::domain::audit::RecordKind::ScoreAdjustment);
        award.then_some(line)
    }

    pub(super) fn open_adjust(&mut self, cx: &mut Cx) {
        if let Some(s) = self.standings.as_ref().filter(|s| s.settled) {
            let e = crate::error::Error::PeriodSettled {
                name: s.period.name.clone(),
            };
            *cx.status = Status::error(e.message(cx.text.0));
            return;
        }
        let (Some((subject, name)), Some(period)) = (self.subject(), self.period_name()) else {
            *cx.status = Status::error(cx.text.sc_no_row());
            return;
        };
        let purpose = ScoresForm::Adjust {
            period,
            subject,
            name,
        };
        // Today, or the period's nearer end when today is outside it (a
        // past period's award is dated inside it).
        let today = Day::today();
        let on = match &self.standings {
            Some(s) => today.max(s.period.from).min(s.period.to),
            None => today,
        };
        cx.popups
            .push(Popup::Form(adjust_form(purpose, cx.text, on)));
    }

    /// Saves the form; a bad field is shown next to it with the form open
    /// again, and nothing is saved.
    pub(super) fn save_form(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        if let Some(ScoresForm::Void { id, label }) = ScoresForm::of(&form.purpose).cloned() {
            let reason = form.value(REASON).trim().to_string();
            if reason.is_empty() {
                let mut again = form.clone();
                again.show_error(Some(REASON), cx.text.sc_reason_missing().to_string());
                cx.popups.push(Popup::Form(again));
                return Ok(());
            }
            cx.backend.run(VoidAdjustment { id, reason })?;
            *cx.status = Status::info(cx.text.sc_voided(&label));
            self.refresh(cx);
            return Ok(());
        }
        let Some(ScoresForm::Adjust {
            period,
            subject,
            name,
        }) = ScoresForm::of(&form.purpose).cloned()
        else {
            return Ok(());
        };
        let t = cx.text;
        let typed = form.value(POINTS);
        let Some(points) = read_points(&typed) else {
            let mut again = form.clone();
            again.show_error(Some(POINTS), t.sc_bad_points(typed.trim()));
            cx.popups.push(Popup::Form(again));
            return Ok(());
        };
        let reason = form.value(REASON).trim().to_string();
        if reason.is_empty() {
            let mut again = form.clone();
            again.show_error(Some(REASON), t.sc_reason_missing().to_string());
            cx.popups.push(Popup::Form(again));
            return Ok(());
        }
        let on = form.date(DATE, ErrField::Date)?;
        cx.backend.run(AdjustScore {
            period,
            subject,
            points,
            reason,
            on,
        })?;
        *cx.status = Status::info(t.sc_adjusted(&name, &points.to_string()));
        self.refresh(cx);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_a_number_other_than_zero_with_two_decimals_at_most() {
        assert_eq!(read_points("2"), Some(Points(200)));
        assert_eq!(read_points("-1.5"), Some(Points(-150)));
        assert_eq!(read_points("+0.25"), Some(Points(25)));
        assert_eq!(read_points("0.50"), Some(Points(50)));
        assert_eq!(read_points("0"), None);
        assert_eq!(read_points("0.125"), None);
        assert_eq!(read_points("two"), None);
        assert_eq!(read_points(""), None);
    }
}
