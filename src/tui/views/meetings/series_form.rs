//! The form of a meeting series: built from a series or empty, read back into a draft, and
//! the preview of the dates its rule gives, redone as the rule is edited.

use chrono::{Datelike, NaiveDate};

use super::Meetings;
use super::MeetingsForm;
use super::forms::rule_choice_fields;
use crate::api::admin::Info;
use crate::api::meetings::{PreviewSeries, SeriesDraft};
use crate::api::people::{ListPeople, PeopleFilter, attendee_from_roster, guest_label, guest_name};
use crate::api::units::ListUnits;
use crate::backend::BackendExt;
use crate::domain::UnitId;
use crate::domain::meeting::{MeetingKind, MeetingSeries, parse_shift, shift_code};
use crate::domain::workdays::Shift;
use crate::error::{Error, Result};
use crate::tui::popups::form::{Field, FormState};
use crate::tui::strings::Text;
use crate::tui::views::Cx;

impl Meetings {
    /// The form that creates a series, or edits `base` when given.
    pub(super) fn series_form(
        &self,
        t: Text,
        purpose: MeetingsForm,
        base: Option<&MeetingSeries>,
    ) -> FormState {
        let kinds = MeetingKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), t.meeting_kind(*k).to_string()))
            .collect();
        let shifts = vec![
            ("next".to_string(), t.shift_next().to_string()),
            ("previous".to_string(), t.shift_previous().to_string()),
            ("none".to_string(), t.shift_none().to_string()),
        ];
        let kind = base.map_or(MeetingKind::DirectorsOffice, |s| s.kind);
        let shift = base.map_or(Shift::Next, |s| s.shift);
        // Guests are shown marked, so that saving keeps them guests.
        let named = base.map_or_else(String::new, |s| {
            s.attendees
                .iter()
                .map(|a| match a.person {
                    Some(_) => a.name.clone(),
                    None => guest_label(&a.name),
                })
                .collect::<Vec<_>>()
                .join(t.list_sep())
        });
        let title = match base {
            Some(s) => t.edit_series_title(&s.title),
            None => t.new_series().to_string(),
        };
        let rule = base.map_or_else(
            || "FREQ=MONTHLY;BYDAY=1MO".to_string(),
            |s| s.rule.to_string(),
        );
        let start = base.map_or(self.today, |s| s.start);
        let mut form = FormState::new(
            purpose,
            title,
            vec![
                Field::choice_at("kind", t.meeting_kind_label(), kinds, kind.code()),
                Field::text("name", t.title(), base.map_or("", |s| &s.title)),
            ],
        );
        form.fields
            .extend(rule_choice_fields(t, &rule, start.month() as u8));
        form.fields.extend([
            Field::text("rule", t.rule(), &rule),
            Field::date("date", t.start(), &start.to_string()),
            Field::text(
                "time",
                t.time(),
                &base.map_or_else(
                    || "09:00".to_string(),
                    |s| s.time.format("%H:%M").to_string(),
                ),
            ),
            Field::choice_at("shift", t.on_holidays(), shifts, shift_code(shift)),
            Field::text("attendees", t.named_attendees(), &named),
            Field::text("place", t.place(), base.map_or("", |s| &s.place)),
        ]);
        form.mark_clean();
        form
    }

    /// The series a form gives. Editing keeps what the form does not show (attendee rules,
    /// agenda, length) as the series has it.
    pub(super) fn series_draft(
        form: &FormState,
        cx: &Cx,
        base: Option<&MeetingSeries>,
    ) -> Result<SeriesDraft> {
        let kind_code = form.value("kind");
        let mut draft = match base {
            Some(s) => SeriesDraft::of(s),
            None => SeriesDraft {
                kind: MeetingKind::DirectorsOffice,
                title: String::new(),
                host: Self::new_series_host(cx)?,
                rule: String::new(),
                start: NaiveDate::MIN,
                time: chrono::NaiveTime::MIN,
                duration_minutes: 120,
                place: String::new(),
                shift: Shift::Next,
                attendee_rules: Vec::new(),
                attendees: Vec::new(),
                agenda: Vec::new(),
                report_per_attendee: true,
            },
        };
        draft.kind =
            MeetingKind::parse(&kind_code).ok_or(Error::UnknownMeetingKind { given: kind_code })?;
        draft.title = form.value("name");
        draft.rule = form.value("rule");
        draft.start = crate::io::input::parse_date(&form.value("date"))?;
        draft.time = crate::io::input::parse_time(&form.value("time"))?;
        draft.shift = parse_shift(&form.value("shift")).unwrap_or(Shift::Next);
        draft.place = form.value("place");
        let typed = form.value("attendees");
        let typed: Vec<&str> = typed
            .split([',', '，', '、'])
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .collect();
        let mut roster = None;
        let mut attendees = Vec::with_capacity(typed.len());
        for given in typed {
            // A person the form still shows keeps the record they were linked to.
            if let Some(kept) = base.and_then(|s| {
                s.attendees
                    .iter()
                    .find(|b| b.person.is_some() && b.name == given)
            }) {
                attendees.push(kept.clone());
                continue;
            }
            if roster.is_none() && guest_name(given).is_none() {
                roster = Some(cx.backend.run(ListPeople {
                    filter: PeopleFilter {
                        include_non_elders: true,
                        ..PeopleFilter::default()
                    },
                })?);
            }
            let found =
                attendee_from_roster(roster.as_deref().unwrap_or(&[]), given).map_err(|e| {
                    Error::InvalidField {
                        field: crate::error::Field::Person,
                        zh: e.message(crate::lang::Lang::Zh),
                        en: e.message(crate::lang::Lang::En),
                    }
                })?;
            attendees.push(found);
        }
        draft.attendees = attendees;
        Ok(draft)
    }

    /// An operator's series belong to their own unit; the office's to the district.
    pub(super) fn new_series_host(cx: &Cx) -> Result<UnitId> {
        match cx.backend.run(Info {})?.access.scope() {
            Some(unit) => Ok(unit),
            None => cx
                .backend
                .run(ListUnits {
                    include_archived: false,
                })?
                .into_iter()
                .find(|u| u.parent.is_none())
                .map(|u| u.id)
                .ok_or(Error::UnitNotFound {
                    given: String::new(),
                }),
        }
    }

    /// The series a series form edits, from the list last loaded.
    pub(super) fn base_of(&self, purpose: &MeetingsForm) -> Option<&MeetingSeries> {
        match purpose {
            MeetingsForm::EditSeries { id, .. } => self.series.iter().find(|s| s.id == *id),
            _ => None,
        }
    }

    /// The next six dates the form's rule gives, or why it gives none.
    pub(super) fn preview(form: &mut FormState, cx: &mut Cx, base: Option<&MeetingSeries>) {
        let t = cx.text;
        let lang = t.0;
        let mut draft = match Self::series_draft(form, cx, base) {
            Ok(d) => d,
            Err(e) => {
                form.note = vec![format!("{}{}", t.preview(), e.message(lang))];
                return;
            }
        };
        if draft.title.trim().is_empty() {
            draft.title = "—".into();
        }
        // An edit shows the meetings still to come; a new series its first ones.
        let previewed = match base {
            Some(s) => {
                let today = chrono::Local::now().date_naive();
                cx.backend.run(PreviewSeries {
                    editing: Some(s.id),
                    draft,
                    from: today,
                    count: 6,
                })
            }
            None => cx.backend.run(PreviewSeries {
                from: draft.start,
                draft,
                count: 6,
                editing: None,
            }),
        };
        form.note = match previewed {
            Ok(p) => {
                let dates: Vec<String> = p
                    .entries
                    .iter()
                    .map(|e| {
                        let mark = if e.slot.date != e.slot.rule_date {
                            "*"
                        } else {
                            ""
                        };
                        format!("{}{mark}", e.slot.date)
                    })
                    .collect();
                let mut lines = vec![
                    format!(
                        "{}{}",
                        t.preview_next(),
                        dates[..dates.len().min(3)].join(" ")
                    ),
                    format!("      {}", dates.get(3..).unwrap_or_default().join(" ")),
                ];
                lines.extend(p.notices.iter().map(|n| n.message(lang)));
                if let Some((moved, why)) = p
                    .entries
                    .iter()
                    .find_map(|e| e.slot.reason.as_ref().map(|r| (e, r)))
                {
                    lines.push(format!("*{} {}", moved.slot.rule_date, why.message(lang)));
                }
                lines
            }
            Err(e) => vec![format!("{}{}", t.preview(), e.message(lang))],
        };
    }
}
