//! One record's card: every field, its unit's path and the names of its people, long values
//! wrapped rather than cut.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

use super::Work;
use crate::api::work::WorkCard;
use crate::domain::person::PersonId;
use crate::domain::text::display_width;
use crate::domain::time::format_local;
use crate::domain::work::Attendance;
use crate::domain::work_item::WorkItem;
use crate::tui::strings::Text;
use crate::tui::views::Look;
use crate::tui::widgets::fit::wrap;

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

fn names(ids: &[PersonId], card: &WorkCard, t: Text) -> String {
    if ids.is_empty() {
        return "—".into();
    }
    ids.iter()
        .map(|id| {
            card.names
                .iter()
                .find(|(p, _)| p == id)
                .map_or_else(|| format!("#{}", id.0), |(_, n)| n.clone())
        })
        .collect::<Vec<_>>()
        .join(t.work_name_sep())
}

/// The card's lines: a label and its value.
pub fn card_lines(card: &WorkCard, t: Text) -> Vec<(&'static str, String)> {
    let lang = t.0;
    let item = &card.item;
    let id = item.id();
    let mut lines = vec![(
        t.work_record(),
        format!("{} #{}", t.work_record_kind(id.list), id.id),
    )];
    match item {
        WorkItem::Activity(a) => {
            lines.extend([
                (t.work_title(), a.title.clone()),
                (t.work_date(), a.date.to_string()),
                (t.work_organiser(), card.unit_path.clone()),
                (t.work_theme(), or_dash(&a.theme)),
                (t.work_kind(), a.kind.label(lang).to_string()),
                (
                    t.work_online_offline(),
                    if a.online {
                        t.work_online()
                    } else {
                        t.work_offline()
                    }
                    .to_string(),
                ),
                (t.work_place(), or_dash(&a.place)),
                (t.work_youths(), a.youths.to_string()),
                (t.work_elders(), names(&a.elders, card, t)),
                (t.work_notes(), or_dash(&a.notes)),
            ]);
        }
        WorkItem::Training(x) => {
            lines.extend([
                (t.work_topic(), x.topic.clone()),
                (t.work_date(), x.date.to_string()),
                (t.work_organiser(), card.unit_path.clone()),
                (t.work_mode(), x.mode.label(lang).to_string()),
            ]);
            match &x.attendance {
                Attendance::Named(p) => {
                    lines.push((t.work_attendees(), names(p, card, t)));
                    lines.push((t.work_head_count(), p.len().to_string()));
                }
                Attendance::HeadCount(n) => {
                    lines.push((t.work_head_count(), n.to_string()));
                }
            }
        }
        WorkItem::Visit(v) => {
            lines.extend([
                (t.work_visitor_person(), names(&[v.person], card, t)),
                (t.work_village(), card.unit_path.clone()),
                (t.work_date(), v.date.to_string()),
                (t.work_purpose(), or_dash(&v.purpose)),
                (t.work_result(), or_dash(&v.result)),
            ]);
        }
        WorkItem::StudySession(s) => {
            lines.extend([
                (t.work_base(), card.unit_path.clone()),
                (t.work_date(), s.date.to_string()),
                (t.work_visiting(), or_dash(&s.visitor)),
                (t.work_students(), s.students.to_string()),
                (t.work_theme(), or_dash(&s.theme)),
            ]);
        }
    }
    let (by, at) = item.changed();
    lines.push((t.work_changed(), format!("{} {by}", format_local(at))));
    if let Some(v) = item.voided() {
        lines.push((
            t.work_card_voided(),
            format!("{} {} {}", format_local(v.at), v.by, v.reason),
        ));
    }
    lines
}

impl Work {
    pub(super) fn render_card(&self, card: &WorkCard, frame: &mut Frame, area: Rect, look: &Look) {
        let lines = card_lines(card, look.text);
        let label_w = lines
            .iter()
            .map(|(l, _)| display_width(l))
            .max()
            .unwrap_or(0)
            + 2;
        let value_w = (area.width as usize).saturating_sub(label_w + 2).max(4);
        let buf = frame.buffer_mut();
        let mut y = area.y;
        for (i, (label, value)) in lines.iter().enumerate() {
            let style = if i == 1 {
                look.theme.title
            } else {
                Style::new()
            };
            for (k, part) in wrap(value, value_w).iter().enumerate() {
                if y >= area.bottom() {
                    return;
                }
                if k == 0 {
                    buf.set_line(
                        area.x + 1,
                        y,
                        &Line::styled(*label, look.theme.label),
                        label_w as u16,
                    );
                }
                buf.set_line(
                    area.x + 1 + label_w as u16,
                    y,
                    &Line::styled(part.as_str(), style),
                    value_w as u16,
                );
                y += 1;
            }
        }
    }
}
