//! 积分: the standings of an evaluation period and peer group as a table with
//! a bar of each total and a gauge of its completion against the targets; a
//! subject's ledger, line by line, and the record behind a line; awards and
//! penalties; settling the period; and its rulebook edited in `$EDITOR`.

mod card;
mod editor;
mod forms;
mod ledger;
mod settle;
mod table;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::api::scores::{GetLedger, GetStandings, Ledger, ListPeriods, PeriodRow, Standings};
use crate::backend::{Backend, BackendExt, ChangeNotice};
use crate::domain::audit::RecordKind;
use crate::domain::rules::PeerGroup;
use crate::domain::score_records::{StandingRow, Subject};
use crate::error::{Error, Result};
use crate::tui::action::Action;
use crate::tui::keymap::Context;
use crate::tui::popups::choice::ChoicePurpose;
use crate::tui::popups::form::{FormPurpose, FormState};
use crate::tui::strings::Text;
use crate::tui::views::Tab;
use crate::tui::views::list::ListCursor;
use crate::tui::views::{Cx, Look, Status, View};
pub use card::RecordCard;
pub use editor::{EditOutcome, Stop, edit_rules, strip_notes};
pub use forms::ScoresForm;

/// A subject's ledger as the tab shows it, with the line selected.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerPane {
    pub ledger: Ledger,
    pub at: ListCursor,
}

pub struct Scores {
    /// Every period with a rulebook, oldest first.
    periods: Vec<PeriodRow>,
    /// The period asked for by name; none is the one holding today.
    period: Option<String>,
    group: PeerGroup,
    standings: Option<Standings>,
    /// Why there are no standings: no rulebook yet, or a refusal.
    problem: Option<Error>,
    at: ListCursor,
    ledger: Option<LedgerPane>,
    card: Option<RecordCard>,
    /// Set by the rulebook key: the event loop gives the terminal to an
    /// editor, then hands it back through `use_terminal`.
    wants_editor: bool,
    /// The tag of the last standings asked for off the screen's thread,
    /// until they are in; an answer with another tag is stale.
    asking: Option<u64>,
    tags: u64,
}

/// The answer of `Scores::ask`: the periods and the standings asked for.
type Asked = (Vec<PeriodRow>, Result<Standings>);

/// The tab, for `views::all`.
pub fn tab() -> Tab {
    Tab::new::<ScoresForm>(Text::tab_scores, |b| Ok(Box::new(Scores::load(b))))
}

fn group_index(g: PeerGroup) -> usize {
    PeerGroup::ALL.iter().position(|x| *x == g).unwrap_or(0)
}

impl Scores {
    /// Never fails: a database without a rulebook opens on the way to
    /// write one.
    pub fn load(backend: &dyn Backend) -> Scores {
        let mut s = Scores::empty();
        s.reload(backend);
        s
    }

    fn empty() -> Scores {
        Scores {
            periods: Vec::new(),
            period: None,
            group: PeerGroup::ALL[0],
            standings: None,
            problem: None,
            at: ListCursor::default(),
            ledger: None,
            card: None,
            wants_editor: false,
            asking: None,
            tags: 0,
        }
    }

    /// The tab showing `standings`, read from nowhere: for drawing tests.
    pub fn shown(standings: Standings, periods: Vec<PeriodRow>) -> Scores {
        Scores {
            group: standings.group,
            standings: Some(standings),
            periods,
            ..Scores::empty()
        }
    }

    /// The same, with a ledger open on `ledger` (its line `line` selected).
    pub fn with_ledger(mut self, ledger: Ledger, line: usize) -> Scores {
        self.ledger = Some(LedgerPane {
            ledger,
            at: ListCursor {
                cursor: line,
                offset: 0,
            },
        });
        self
    }

    pub fn with_card(mut self, card: RecordCard) -> Scores {
        self.card = Some(card);
        self
    }

    pub fn standings(&self) -> Option<&Standings> {
        self.standings.as_ref()
    }

    pub fn ledger(&self) -> Option<&LedgerPane> {
        self.ledger.as_ref()
    }

    pub fn card(&self) -> Option<&RecordCard> {
        self.card.as_ref()
    }

    pub fn group(&self) -> PeerGroup {
        self.group
    }

    pub fn problem(&self) -> Option<&Error> {
        self.problem.as_ref()
    }

    /// The row under the cursor.
    pub fn selected(&self) -> Option<&StandingRow> {
        self.standings.as_ref()?.rows.get(self.at.cursor)
    }

    /// Periods, standings and an open ledger read again; the cursor stays
    /// on the subject it was on wherever its rank took it.
    fn reload(&mut self, backend: &dyn Backend) {
        // Read now: standings still on their way can only be as new.
        self.asking = None;
        let periods = backend.run(ListPeriods {}).unwrap_or_default();
        let standings = backend.run(GetStandings {
            period: self.period.clone(),
            group: self.group,
        });
        self.take(periods, standings);
        if let Some(pane) = &self.ledger {
            let subject = pane.ledger.subject;
            let at = pane.at;
            self.ledger = self.fetch_ledger(backend, subject).ok().map(|ledger| {
                let mut at = at;
                at.clamp(ledger.lines.len());
                LedgerPane { ledger, at }
            });
        }
    }

    /// The standings of another group or period: cold, they count every
    /// record of the period, so they are asked off the screen's thread and
    /// the table shown stays until they are in.
    fn ask(&mut self, cx: &mut Cx) {
        self.tags += 1;
        self.asking = Some(self.tags);
        let (period, group) = (self.period.clone(), self.group);
        cx.later.read(self.tags, move |b| -> Asked {
            let periods = b.run(ListPeriods {}).unwrap_or_default();
            (periods, b.run(GetStandings { period, group }))
        });
    }

    fn take(&mut self, periods: Vec<PeriodRow>, standings: Result<Standings>) {
        self.periods = periods;
        let was = self.selected().map(|r| r.subject);
        match standings {
            Ok(s) => {
                self.standings = Some(s);
                self.problem = None;
            }
            Err(e) => {
                self.standings = None;
                self.problem = Some(e);
            }
        }
        let rows = self.standings.as_ref().map_or(&[][..], |s| &s.rows[..]);
        if let Some(i) = was.and_then(|w| rows.iter().position(|r| r.subject == w)) {
            self.at.cursor = i;
        }
        self.at.clamp(rows.len());
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.reload(cx.backend);
        self.keep_visible(cx);
    }

    /// The period shown, by name, for the requests that need one.
    fn period_name(&self) -> Option<String> {
        self.standings
            .as_ref()
            .map(|s| s.period.name.clone())
            .or_else(|| self.period.clone())
    }

    fn fetch_ledger(&self, backend: &dyn Backend, subject: Subject) -> Result<Ledger> {
        backend.run(GetLedger {
            period: self.period_name(),
            subject,
        })
    }

    fn height(cx: &Cx) -> usize {
        table::rows_height(cx.body.height)
    }

    fn keep_visible(&mut self, cx: &Cx) {
        let height = Self::height(cx);
        let n = self.standings.as_ref().map_or(0, |s| s.rows.len());
        self.at.keep_visible(n, height);
        if let Some(p) = &mut self.ledger {
            let h = ledger::lines_height(cx.body.height);
            p.at.keep_visible(p.ledger.lines.len(), h);
        }
    }

    fn switch_group(&mut self, forward: bool, cx: &mut Cx) {
        let n = PeerGroup::ALL.len();
        let i = group_index(self.group);
        let i = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.group = PeerGroup::ALL[i];
        self.at = ListCursor::default();
        self.ask(cx);
    }

    fn switch_period(&mut self, forward: bool, cx: &mut Cx) {
        if self.periods.is_empty() {
            self.refresh(cx);
            if self.periods.is_empty() {
                *cx.status = Status::error(cx.text.sc_no_rules());
                return;
            }
        }
        let n = self.periods.len();
        // The period last asked for, which the standings shown may not be
        // yet: two quick keys go two periods on.
        let asked = (self.period.as_ref())
            .and_then(|name| self.periods.iter().position(|p| &p.name == name));
        let now = self.standings.as_ref().map(|s| s.period.id);
        let shown = now.and_then(|id| self.periods.iter().position(|p| p.id == id));
        let i = match asked.or(shown) {
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
            None => n - 1,
        };
        // The cursor stays on its unit or person, to see how it stood then.
        self.period = Some(self.periods[i].name.clone());
        self.ask(cx);
    }

    fn open_ledger(&mut self, cx: &mut Cx) {
        let Some(subject) = self.selected().map(|r| r.subject) else {
            return;
        };
        match self.fetch_ledger(cx.backend, subject) {
            Ok(ledger) => {
                self.ledger = Some(LedgerPane {
                    ledger,
                    at: ListCursor::default(),
                })
            }
            Err(e) => *cx.status = Status::error(e.message(cx.text.0)),
        }
    }

    /// The subject a key acts on: the ledger's, else the selected row's,
    /// with its name.
    fn subject(&self) -> Option<(Subject, String)> {
        match &self.ledger {
            Some(p) => Some((p.ledger.subject, p.ledger.name.clone())),
            None => self.selected().map(|r| (r.subject, r.name.clone())),
        }
    }

    fn settled(&self) -> bool {
        self.standings.as_ref().is_some_and(|s| s.settled)
    }
}

impl View for Scores {
    fn contexts(&self) -> &'static [Context] {
        &[Context::Scores, Context::Global]
    }

    fn mode(&self, text: Text) -> &'static str {
        if self.card.is_some() {
            text.mode_card()
        } else if self.ledger.is_some() {
            text.sc_mode_ledger()
        } else {
            text.sc_mode_standings()
        }
    }

    fn offers(&self, action: &Action) -> bool {
        if self.card.is_some() {
            return matches!(action, Action::Cancel);
        }
        let rows = self.standings.as_ref().is_some_and(|s| !s.rows.is_empty());
        match action {
            Action::Cancel => self.ledger.is_some(),
            Action::Open => match &self.ledger {
                Some(p) => !p.ledger.lines.is_empty(),
                None => rows,
            },
            Action::NextGroup | Action::PrevGroup | Action::NextPeriod | Action::PrevPeriod => {
                self.ledger.is_none()
            }
            Action::AdjustScore => !self.settled() && self.subject().is_some(),
            Action::VoidRecord => self.award_line().is_some(),
            Action::Settle => self.ledger.is_none() && self.standings.is_some() && !self.settled(),
            Action::EditRules => !self.settled(),
            _ => true,
        }
    }

    fn update(&mut self, action: &Action, cx: &mut Cx) {
        if self.card.is_some() {
            if matches!(action, Action::Cancel | Action::Open) {
                self.card = None;
            }
            return;
        }
        let height = Self::height(cx);
        if let Some(p) = &mut self.ledger {
            let h = ledger::lines_height(cx.body.height);
            if p.at.step(action, p.ledger.lines.len(), h) {
                p.at.keep_visible(p.ledger.lines.len(), h);
                return;
            }
            match action {
                Action::Cancel => self.ledger = None,
                Action::Open => self.open_card(cx),
                Action::VoidRecord => self.open_void(cx),
                _ => self.common(action, cx),
            }
            return;
        }
        let n = self.standings.as_ref().map_or(0, |s| s.rows.len());
        if self.at.step(action, n, height) {
            self.at.keep_visible(n, height);
            return;
        }
        match action {
            Action::Open => self.open_ledger(cx),
            Action::NextGroup => self.switch_group(true, cx),
            Action::PrevGroup => self.switch_group(false, cx),
            Action::NextPeriod => self.switch_period(true, cx),
            Action::PrevPeriod => self.switch_period(false, cx),
            Action::Settle => self.ask_settle(cx),
            Action::Resize(..) => self.keep_visible(cx),
            _ => self.common(action, cx),
        }
    }

    fn submit(&mut self, form: &mut FormState, cx: &mut Cx) -> Result<()> {
        self.save_form(form, cx)
    }

    fn form_for(
        &self,
        purpose: &FormPurpose,
        _backend: &dyn Backend,
        text: Text,
    ) -> Option<FormState> {
        ScoresForm::of(purpose)
            .map(|p| forms::adjust_form(p.clone(), text, crate::domain::day::Day::today()))
    }

    fn answer(&mut self, purpose: &ChoicePurpose, answer: usize, cx: &mut Cx) {
        if let ChoicePurpose::Settle(period) = purpose
            && answer == 0
        {
            self.settle(period, cx);
        }
    }

    fn found(&mut self, _id: u64, _cx: &mut Cx) {}

    fn notice(&mut self, notice: &ChangeNotice, cx: &mut Cx) {
        // Everything the rulebooks count, and the rulebooks and awards.
        match notice.kind {
            RecordKind::Account
            | RecordKind::Database
            | RecordKind::MeetingSeries
            | RecordKind::Position
            | RecordKind::Reserve
            | RecordKind::WorkingGroup
            | RecordKind::Bulletin => {}
            _ => self.refresh(cx),
        }
    }

    fn render(&self, frame: &mut Frame, area: Rect, look: &Look) {
        match &self.ledger {
            Some(p) => ledger::render(p, frame, area, look),
            None => self.render_table(frame, area, look),
        }
        if let Some(c) = &self.card {
            c.render(frame, area, look);
        }
    }

    fn wants_terminal(&self) -> bool {
        self.wants_editor
    }

    fn use_terminal(&mut self, cx: &mut Cx) {
        self.wants_editor = false;
        self.edit_in_editor(cx);
    }

    fn arrived(&mut self, tag: u64, reply: Box<dyn std::any::Any + Send>, cx: &mut Cx) {
        if self.asking != Some(tag) {
            return;
        }
        self.asking = None;
        if let Ok(asked) = reply.downcast::<Asked>() {
            let (periods, standings) = *asked;
            self.take(periods, standings);
            self.keep_visible(cx);
        }
    }

    fn waiting(&self) -> bool {
        self.asking.is_some()
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Scores {
    /// The keys that do the same in the standings and in a ledger.
    fn common(&mut self, action: &Action, cx: &mut Cx) {
        match action {
            Action::EditRules => self.ask_editor(cx),
            Action::AdjustScore => self.open_adjust(cx),
            Action::Resize(..) => self.keep_visible(cx),
            _ => {}
        }
    }
}
