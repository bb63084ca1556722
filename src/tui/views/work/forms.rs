//! The tab's forms, built from a record's card (or none) so that the same function opens a
//! form and rebuilds it from a draft.

use serde::{Deserialize, Serialize};

use super::Work;
use crate::api::work::{GetWork, WorkCard};
use crate::backend::{Backend, BackendExt};
use crate::domain::UnitId;
use crate::domain::audit::RecordKind;
use crate::domain::work::{ActivityKind, Attendance, TrainingMode};
use crate::domain::work_item::{WorkId, WorkItem, WorkList};
use crate::tui::popups::form::{Field, FormPurpose, FormState, UNIT_FIELD};
use crate::tui::strings::Text;
use crate::tui::views::purpose::Purpose;

/// What saving one of the tab's forms does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkForm {
    /// A new record of a list; after a save the form opens again for the next one.
    AddWork(WorkList),
    EditWork {
        id: WorkId,
        rev: u64,
    },
    /// A record typed in error: the reason for voiding it.
    VoidWork {
        id: WorkId,
        rev: u64,
    },
    SearchWork,
}

impl WorkForm {
    pub fn of(purpose: &FormPurpose) -> Option<&WorkForm> {
        purpose.of()
    }

    /// Whether the form is a record's, with a unit and people to pick.
    pub fn names_a_record(&self) -> bool {
        matches!(self, WorkForm::AddWork(_) | WorkForm::EditWork { .. })
    }

    fn revised(&mut self) -> Option<(WorkId, &mut u64)> {
        match self {
            WorkForm::EditWork { id, rev } | WorkForm::VoidWork { id, rev } => Some((*id, rev)),
            _ => None,
        }
    }
}

pub(super) fn record_kind(list: WorkList) -> RecordKind {
    match list {
        WorkList::Activities => RecordKind::Activity,
        WorkList::Trainings => RecordKind::Training,
        WorkList::Visits => RecordKind::Visit,
        WorkList::StudySessions => RecordKind::StudySession,
    }
}

impl Purpose for WorkForm {
    fn edits(&self) -> Option<(RecordKind, u64)> {
        match self {
            WorkForm::EditWork { id, .. } | WorkForm::VoidWork { id, .. } => {
                Some((record_kind(id.list), id.id))
            }
            _ => None,
        }
    }

    fn edits_existing(&self) -> bool {
        matches!(self, WorkForm::EditWork { .. })
    }

    fn is_query(&self) -> bool {
        matches!(self, WorkForm::SearchWork)
    }

    fn query_hint(&self, text: Text) -> Option<&'static str> {
        self.is_query().then(|| text.search_form_hint())
    }

    fn take_latest(&mut self, backend: &dyn Backend) {
        if let Some((id, rev)) = self.revised()
            && let Ok(fresh) = backend.run(GetWork { id })
        {
            *rev = fresh.item.rev();
        }
    }
}

/// The fields a form for the next record of a paper register keeps.
pub(super) const KEPT: [&str; 5] = [UNIT_FIELD, "date", "kind", "mode", "theme"];

fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
) -> Vec<(String, String)> {
    all.iter()
        .map(|v| (code(*v).to_string(), label(*v).to_string()))
        .collect()
}

fn count(n: u32) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

impl Work {
    /// The unit a new record starts with: the one the list is filtered by,
    /// else an operator's own.
    fn default_unit(&self) -> String {
        self.unit
            .or(self.permits.access().scope())
            .map(|u| self.tree.path(u))
            .unwrap_or_default()
    }

    fn unit_path(&self, unit: UnitId) -> String {
        self.tree.path(unit)
    }

    /// The office's themes to choose from, `current` among them.
    fn theme_options(&self, text: Text, current: &str) -> Vec<(String, String)> {
        let mut o = vec![(String::new(), text.work_no_theme().to_string())];
        o.extend(self.themes.iter().map(|t| (t.clone(), t.clone())));
        if !current.is_empty() && !self.themes.iter().any(|t| t == current) {
            o.push((current.to_string(), current.to_string()));
        }
        o
    }

    /// A new record's form; `keep` are values carried from the one just saved.
    pub(super) fn add_form(
        &self,
        text: Text,
        list: WorkList,
        keep: &[(String, String)],
    ) -> FormState {
        let mut form = self.record_form(text, WorkForm::AddWork(list), list, None, "");
        form.set_values(keep);
        if !keep.is_empty() {
            // The next record of the register: the cursor where its own values start.
            let first = match list {
                WorkList::Visits => "people",
                WorkList::StudySessions => "name",
                _ => "title",
            };
            if let Some(i) = form.fields.iter().position(|f| f.key == first) {
                form.focus = i;
            }
        }
        form.mark_clean();
        form
    }

    pub(super) fn edit_form(&self, text: Text, card: &WorkCard) -> FormState {
        let id = card.item.id();
        let people = self.people_text(card);
        self.record_form(
            text,
            WorkForm::EditWork {
                id,
                rev: card.item.rev(),
            },
            id.list,
            Some(card),
            &people,
        )
    }

    fn record_form(
        &self,
        text: Text,
        purpose: WorkForm,
        list: WorkList,
        card: Option<&WorkCard>,
        people: &str,
    ) -> FormState {
        let item = card.map(|c| &c.item);
        let unit = item.map_or_else(|| self.default_unit(), |i| self.unit_path(i.unit()));
        let date = item.map_or(self.today, WorkItem::date).to_string();
        let title = match (item, card) {
            (Some(_), Some(c)) => text.work_edit_title(list, c.item.label()),
            _ => text.work_add_title(list).to_string(),
        };
        let fields = match item {
            Some(WorkItem::Activity(a)) => {
                activity_fields(self, text, Some(a), &unit, &date, people)
            }
            Some(WorkItem::Training(t)) => training_fields(text, Some(t), &unit, &date, people),
            Some(WorkItem::Visit(v)) => visit_fields(text, Some(v), &unit, &date, people),
            Some(WorkItem::StudySession(s)) => study_fields(text, Some(s), &unit, &date),
            None => match list {
                WorkList::Activities => activity_fields(self, text, None, &unit, &date, people),
                WorkList::Trainings => training_fields(text, None, &unit, &date, people),
                WorkList::Visits => visit_fields(text, None, &unit, &date, people),
                WorkList::StudySessions => study_fields(text, None, &unit, &date),
            },
        };
        let mut form = FormState::new(purpose, title, fields);
        form.note = match list {
            WorkList::Activities => vec![text.work_people_note(list).to_string()],
            WorkList::Trainings => vec![
                text.work_people_note(list).to_string(),
                text.work_count_note().to_string(),
            ],
            WorkList::Visits => vec![text.work_people_note(list).to_string()],
            WorkList::StudySessions => vec![],
        };
        form.mark_clean();
        form
    }

    pub(super) fn void_form(&self, text: Text, card: &WorkCard) -> FormState {
        let id = card.item.id();
        let mut form = FormState::new(
            WorkForm::VoidWork {
                id,
                rev: card.item.rev(),
            },
            text.work_void_title(id.list, card.item.label()),
            vec![Field::text(
                "reason",
                text.work_void_reason(),
                text.work_void_reason_default(),
            )],
        );
        form.note = vec![text.work_void_note().to_string()];
        form.mark_clean();
        form
    }

    pub(super) fn search_form(&self, text: Text) -> FormState {
        FormState::new(
            WorkForm::SearchWork,
            text.work_search_title().to_string(),
            vec![Field::text("text", text.work_search_label(), &self.search)],
        )
    }
}

fn activity_fields(
    w: &Work,
    text: Text,
    a: Option<&crate::domain::work::Activity>,
    unit: &str,
    date: &str,
    people: &str,
) -> Vec<Field> {
    let lang = text.0;
    let theme = a.map_or("", |a| a.theme.as_str());
    let online = vec![
        ("offline".to_string(), text.work_offline().to_string()),
        ("online".to_string(), text.work_online().to_string()),
    ];
    vec![
        Field::text(UNIT_FIELD, text.work_organiser(), unit),
        Field::date("date", text.work_date(), date),
        Field::text("title", text.work_title(), a.map_or("", |a| &a.title)),
        Field::choice_at(
            "theme",
            text.work_theme(),
            w.theme_options(text, theme),
            theme,
        ),
        Field::text("new_theme", text.work_new_theme(), ""),
        Field::choice_at(
            "kind",
            text.work_kind(),
            options(ActivityKind::ALL, ActivityKind::code, |k| k.label(lang)),
            a.map_or("education", |a| a.kind.code()),
        ),
        Field::choice_at(
            "online",
            text.work_online_offline(),
            online,
            if a.is_some_and(|a| a.online) {
                "online"
            } else {
                "offline"
            },
        ),
        Field::text("place", text.work_place(), a.map_or("", |a| &a.place)),
        Field::text(
            "youths",
            text.work_youths(),
            &count(a.map_or(0, |a| a.youths)),
        ),
        Field::text("people", text.work_elders(), people),
        Field::text("notes", text.work_notes(), a.map_or("", |a| &a.notes)),
    ]
}

fn training_fields(
    text: Text,
    t: Option<&crate::domain::work::Training>,
    unit: &str,
    date: &str,
    people: &str,
) -> Vec<Field> {
    let lang = text.0;
    let head = match t.map(|t| &t.attendance) {
        Some(Attendance::HeadCount(n)) => count(*n),
        _ => String::new(),
    };
    vec![
        Field::text(UNIT_FIELD, text.work_organiser(), unit),
        Field::date("date", text.work_date(), date),
        Field::choice_at(
            "mode",
            text.work_mode(),
            options(TrainingMode::ALL, TrainingMode::code, |m| m.label(lang)),
            t.map_or("meeting", |t| t.mode.code()),
        ),
        Field::text("title", text.work_topic(), t.map_or("", |t| &t.topic)),
        Field::text("people", text.work_attendees(), people),
        Field::text("count", text.work_head_count(), &head),
    ]
}

fn visit_fields(
    text: Text,
    v: Option<&crate::domain::work::VillageVisit>,
    unit: &str,
    date: &str,
    people: &str,
) -> Vec<Field> {
    vec![
        Field::text("people", text.work_visitor_person(), people),
        Field::text(UNIT_FIELD, text.work_village(), unit),
        Field::date("date", text.work_date(), date),
        Field::text("title", text.work_purpose(), v.map_or("", |v| &v.purpose)),
        Field::text("notes", text.work_result(), v.map_or("", |v| &v.result)),
    ]
}

fn study_fields(
    text: Text,
    s: Option<&crate::domain::work::StudySession>,
    unit: &str,
    date: &str,
) -> Vec<Field> {
    vec![
        Field::text(UNIT_FIELD, text.work_base(), unit),
        Field::date("date", text.work_date(), date),
        Field::text("name", text.work_visiting(), s.map_or("", |s| &s.visitor)),
        Field::text(
            "students",
            text.work_students(),
            &count(s.map_or(0, |s| s.students)),
        ),
        Field::text("theme", text.work_theme(), s.map_or("", |s| &s.theme)),
    ]
}
