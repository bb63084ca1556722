//! The four work records as one: which list a record is on, its id, what a
//! form or a file gives to make or change one, and the record as stored.

use serde::{Deserialize, Serialize};

use super::UnitId;
use super::day::Day;
use super::person::PersonId;
use super::work::{
    Activity, ActivityId, ActivityKind, Attendance, StudySession, StudySessionId, Training,
    TrainingId, TrainingMode, VillageVisit, VisitId, WorkRecord,
};

/// The four lists of the 工作 tab, each a kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WorkList {
    Activities,
    Trainings,
    Visits,
    StudySessions,
}

impl WorkList {
    pub const ALL: [WorkList; 4] = [
        WorkList::Activities,
        WorkList::Trainings,
        WorkList::Visits,
        WorkList::StudySessions,
    ];

    /// One byte naming the list in index keys; never changed once stored.
    pub fn tag(self) -> u8 {
        match self {
            WorkList::Activities => 1,
            WorkList::Trainings => 2,
            WorkList::Visits => 3,
            WorkList::StudySessions => 4,
        }
    }

    pub fn from_tag(tag: u8) -> Option<WorkList> {
        WorkList::ALL.into_iter().find(|l| l.tag() == tag)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            WorkList::Activities => "活动",
            WorkList::Trainings => "培训",
            WorkList::Visits => "下村工作",
            WorkList::StudySessions => "研学",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            WorkList::Activities => "activity",
            WorkList::Trainings => "training",
            WorkList::Visits => "village visit",
            WorkList::StudySessions => "study-base session",
        }
    }
}

/// A work record's id: the list it is on and its number there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct WorkId {
    pub list: WorkList,
    pub id: u64,
}

impl WorkId {
    pub fn new(list: WorkList, id: u64) -> WorkId {
        WorkId { list, id }
    }
}

impl std::fmt::Display for WorkId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.id.fmt(f)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityDraft {
    pub unit: UnitId,
    pub date: Day,
    pub title: String,
    pub theme: String,
    pub kind: ActivityKind,
    pub online: bool,
    pub place: String,
    pub youths: u32,
    pub elders: Vec<PersonId>,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingDraft {
    pub unit: UnitId,
    pub date: Day,
    pub mode: TrainingMode,
    pub topic: String,
    pub attendance: Attendance,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitDraft {
    pub person: PersonId,
    pub village: UnitId,
    pub date: Day,
    pub purpose: String,
    pub result: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudySessionDraft {
    pub base: UnitId,
    pub date: Day,
    pub visitor: String,
    pub students: u32,
    pub theme: String,
}

/// What a form, the command line or a file row gives for one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkDraft {
    Activity(ActivityDraft),
    Training(TrainingDraft),
    Visit(VisitDraft),
    StudySession(StudySessionDraft),
}

impl WorkDraft {
    pub fn list(&self) -> WorkList {
        match self {
            WorkDraft::Activity(_) => WorkList::Activities,
            WorkDraft::Training(_) => WorkList::Trainings,
            WorkDraft::Visit(_) => WorkList::Visits,
            WorkDraft::StudySession(_) => WorkList::StudySessions,
        }
    }

    /// The unit whose record it is: the organiser, the village, the base.
    pub fn unit(&self) -> UnitId {
        match self {
            WorkDraft::Activity(a) => a.unit,
            WorkDraft::Training(t) => t.unit,
            WorkDraft::Visit(v) => v.village,
            WorkDraft::StudySession(s) => s.base,
        }
    }

    pub fn set_unit(&mut self, unit: UnitId) {
        match self {
            WorkDraft::Activity(a) => a.unit = unit,
            WorkDraft::Training(t) => t.unit = unit,
            WorkDraft::Visit(v) => v.village = unit,
            WorkDraft::StudySession(s) => s.base = unit,
        }
    }

    pub fn date(&self) -> Day {
        match self {
            WorkDraft::Activity(a) => a.date,
            WorkDraft::Training(t) => t.date,
            WorkDraft::Visit(v) => v.date,
            WorkDraft::StudySession(s) => s.date,
        }
    }

    /// The people of the roster it names.
    pub fn people(&self) -> Vec<PersonId> {
        match self {
            WorkDraft::Activity(a) => a.elders.clone(),
            WorkDraft::Training(t) => t.attendance.named().to_vec(),
            WorkDraft::Visit(v) => vec![v.person],
            WorkDraft::StudySession(_) => vec![],
        }
    }

    /// Puts `people` where the draft names people; a file names them as
    /// text and the service finds who they are. A training given names
    /// keeps them; given none it keeps its head count.
    pub fn set_people(&mut self, people: Vec<PersonId>) {
        match self {
            WorkDraft::Activity(a) => a.elders = people,
            WorkDraft::Training(t) => {
                if !people.is_empty() {
                    t.attendance = Attendance::Named(people);
                }
            }
            WorkDraft::Visit(v) => {
                if let Some(p) = people.first() {
                    v.person = *p;
                }
            }
            WorkDraft::StudySession(_) => {}
        }
    }

    /// Every text the draft holds, for the limits.
    pub fn texts(&self) -> Vec<(super::limits::Limited, &str)> {
        use super::limits::Limited as L;
        match self {
            WorkDraft::Activity(a) => vec![
                (L::WorkTitle, a.title.as_str()),
                (L::WorkTheme, &a.theme),
                (L::Place, &a.place),
                (L::WorkNotes, &a.notes),
            ],
            WorkDraft::Training(t) => vec![(L::WorkTitle, t.topic.as_str())],
            WorkDraft::Visit(v) => vec![
                (L::WorkTitle, v.purpose.as_str()),
                (L::WorkNotes, &v.result),
            ],
            WorkDraft::StudySession(s) => {
                vec![(L::Name, s.visitor.as_str()), (L::WorkTheme, &s.theme)]
            }
        }
    }
}

/// A stored work record of any list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkItem {
    Activity(Activity),
    Training(Training),
    Visit(VillageVisit),
    StudySession(StudySession),
}

impl WorkItem {
    pub fn record(&self) -> WorkRecord<'_> {
        match self {
            WorkItem::Activity(a) => WorkRecord::Activity(a),
            WorkItem::Training(t) => WorkRecord::Training(t),
            WorkItem::Visit(v) => WorkRecord::Visit(v),
            WorkItem::StudySession(s) => WorkRecord::StudySession(s),
        }
    }

    pub fn list(&self) -> WorkList {
        match self {
            WorkItem::Activity(_) => WorkList::Activities,
            WorkItem::Training(_) => WorkList::Trainings,
            WorkItem::Visit(_) => WorkList::Visits,
            WorkItem::StudySession(_) => WorkList::StudySessions,
        }
    }

    pub fn id(&self) -> WorkId {
        match self {
            WorkItem::Activity(a) => WorkId::new(WorkList::Activities, a.id.0),
            WorkItem::Training(t) => WorkId::new(WorkList::Trainings, t.id.0),
            WorkItem::Visit(v) => WorkId::new(WorkList::Visits, v.id.0),
            WorkItem::StudySession(s) => WorkId::new(WorkList::StudySessions, s.id.0),
        }
    }

    pub fn unit(&self) -> UnitId {
        self.record().unit()
    }

    pub fn date(&self) -> Day {
        self.record().date()
    }

    pub fn rev(&self) -> u64 {
        match self {
            WorkItem::Activity(a) => a.rev,
            WorkItem::Training(t) => t.rev,
            WorkItem::Visit(v) => v.rev,
            WorkItem::StudySession(s) => s.rev,
        }
    }

    pub fn voided(&self) -> Option<&super::void::Voided> {
        match self {
            WorkItem::Activity(a) => a.voided.as_ref(),
            WorkItem::Training(t) => t.voided.as_ref(),
            WorkItem::Visit(v) => v.voided.as_ref(),
            WorkItem::StudySession(s) => s.voided.as_ref(),
        }
    }

    /// Who changed it last, and when.
    pub fn changed(&self) -> (&str, super::time::Timestamp) {
        match self {
            WorkItem::Activity(a) => (&a.changed_by, a.changed_at),
            WorkItem::Training(t) => (&t.changed_by, t.changed_at),
            WorkItem::Visit(v) => (&v.changed_by, v.changed_at),
            WorkItem::StudySession(s) => (&s.changed_by, s.changed_at),
        }
    }

    /// The heading a list or the audit log shows: the title, topic,
    /// purpose or visitor.
    pub fn label(&self) -> &str {
        match self {
            WorkItem::Activity(a) => &a.title,
            WorkItem::Training(t) => &t.topic,
            WorkItem::Visit(v) => &v.purpose,
            WorkItem::StudySession(s) => &s.visitor,
        }
    }

    /// The draft that leaves the record as it is, for a form to change.
    pub fn draft(&self) -> WorkDraft {
        match self {
            WorkItem::Activity(a) => WorkDraft::Activity(ActivityDraft {
                unit: a.unit,
                date: a.date,
                title: a.title.clone(),
                theme: a.theme.clone(),
                kind: a.kind,
                online: a.online,
                place: a.place.clone(),
                youths: a.youths,
                elders: a.elders.clone(),
                notes: a.notes.clone(),
            }),
            WorkItem::Training(t) => WorkDraft::Training(TrainingDraft {
                unit: t.unit,
                date: t.date,
                mode: t.mode,
                topic: t.topic.clone(),
                attendance: t.attendance.clone(),
            }),
            WorkItem::Visit(v) => WorkDraft::Visit(VisitDraft {
                person: v.person,
                village: v.village,
                date: v.date,
                purpose: v.purpose.clone(),
                result: v.result.clone(),
            }),
            WorkItem::StudySession(s) => WorkDraft::StudySession(StudySessionDraft {
                base: s.base,
                date: s.date,
                visitor: s.visitor.clone(),
                students: s.students,
                theme: s.theme.clone(),
            }),
        }
    }

    /// The people of the roster it names.
    pub fn people(&self) -> Vec<PersonId> {
        match self {
            WorkItem::Activity(a) => a.elders.clone(),
            WorkItem::Training(t) => t.attendance.named().to_vec(),
            WorkItem::Visit(v) => vec![v.person],
            WorkItem::StudySession(_) => vec![],
        }
    }

    /// One byte of what the list shows of it without decoding: an
    /// activity's kind, a training's mode; 0 for the others.
    pub fn tag(&self) -> u8 {
        match self {
            WorkItem::Activity(a) => a.kind as u8 + 1,
            WorkItem::Training(t) => t.mode as u8 + 1,
            _ => 0,
        }
    }

    /// The record made from `draft`, keeping id, creation and voiding.
    pub fn made(
        id: u64,
        draft: WorkDraft,
        created: super::time::Timestamp,
        at: super::time::Timestamp,
        by: &str,
        rev: u64,
    ) -> WorkItem {
        let by = by.to_string();
        match draft {
            WorkDraft::Activity(d) => WorkItem::Activity(Activity {
                id: ActivityId(id),
                unit: d.unit,
                date: d.date,
                title: d.title,
                theme: d.theme,
                kind: d.kind,
                online: d.online,
                place: d.place,
                youths: d.youths,
                elders: d.elders,
                notes: d.notes,
                created,
                changed_at: at,
                changed_by: by,
                rev,
                voided: None,
            }),
            WorkDraft::Training(d) => WorkItem::Training(Training {
                id: TrainingId(id),
                unit: d.unit,
                date: d.date,
                mode: d.mode,
                topic: d.topic,
                attendance: d.attendance,
                created,
                changed_at: at,
                changed_by: by,
                rev,
                voided: None,
            }),
            WorkDraft::Visit(d) => WorkItem::Visit(VillageVisit {
                id: VisitId(id),
                person: d.person,
                village: d.village,
                date: d.date,
                purpose: d.purpose,
                result: d.result,
                created,
                changed_at: at,
                changed_by: by,
                rev,
                voided: None,
            }),
            WorkDraft::StudySession(d) => WorkItem::StudySession(StudySession {
                id: StudySessionId(id),
                base: d.base,
                date: d.date,
                visitor: d.visitor,
                students: d.students,
                theme: d.theme,
                created,
                changed_at: at,
                changed_by: by,
                rev,
                voided: None,
            }),
        }
    }

    pub fn created(&self) -> super::time::Timestamp {
        match self {
            WorkItem::Activity(a) => a.created,
            WorkItem::Training(t) => t.created,
            WorkItem::Visit(v) => v.created,
            WorkItem::StudySession(s) => s.created,
        }
    }

    pub fn set_voided(&mut self, v: Option<super::void::Voided>) {
        match self {
            WorkItem::Activity(a) => a.voided = v,
            WorkItem::Training(t) => t.voided = v,
            WorkItem::Visit(x) => x.voided = v,
            WorkItem::StudySession(s) => s.voided = v,
        }
    }

    pub fn set_changed(&mut self, at: super::time::Timestamp, by: &str, rev: u64) {
        let (a, b, r) = match self {
            WorkItem::Activity(x) => (&mut x.changed_at, &mut x.changed_by, &mut x.rev),
            WorkItem::Training(x) => (&mut x.changed_at, &mut x.changed_by, &mut x.rev),
            WorkItem::Visit(x) => (&mut x.changed_at, &mut x.changed_by, &mut x.rev),
            WorkItem::StudySession(x) => (&mut x.changed_at, &mut x.changed_by, &mut x.rev),
        };
        *a = at;
        *b = by.to_string();
        *r = rev;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn activity() -> WorkDraft {
        WorkDraft::Activity(ActivityDraft {
            unit: UnitId(3),
            date: Day::ymd(2026, 5, 4).unwrap(),
            title: "法治进校园".into(),
            theme: "法治进校园".into(),
            kind: ActivityKind::Law,
            online: false,
            place: "第一中学".into(),
            youths: 300,
            elders: vec![PersonId(4), PersonId(9)],
            notes: String::new(),
        })
    }

    #[test]
    fn a_record_made_from_a_draft_gives_the_draft_back() {
        let d = activity();
        let item = WorkItem::made(7, d.clone(), 10, 20, "chen", 1);
        assert_eq!(item.draft(), d);
        assert_eq!(item.id(), WorkId::new(WorkList::Activities, 7));
        assert_eq!(item.people(), vec![PersonId(4), PersonId(9)]);
        assert_eq!((item.unit(), item.rev()), (UnitId(3), 1));
        assert_eq!(item.tag(), ActivityKind::Law as u8 + 1);
    }

    #[test]
    fn a_training_keeps_its_head_count_when_a_file_names_nobody() {
        let mut d = WorkDraft::Training(TrainingDraft {
            unit: UnitId(1),
            date: Day::ymd(2026, 1, 1).unwrap(),
            mode: TrainingMode::Topical,
            topic: "t".into(),
            attendance: Attendance::HeadCount(30),
        });
        d.set_people(vec![]);
        assert_eq!(d.people(), vec![]);
        d.set_people(vec![PersonId(1), PersonId(2)]);
        assert_eq!(d.people(), vec![PersonId(1), PersonId(2)]);
    }

    /// A record names the people its draft names, for every kind.
    #[test]
    fn a_record_names_the_people_of_its_draft() {
        let day = Day::ymd(2026, 1, 1).unwrap();
        let training = |attendance| {
            WorkDraft::Training(TrainingDraft {
                unit: UnitId(1),
                date: day,
                mode: TrainingMode::Topical,
                topic: "t".into(),
                attendance,
            })
        };
        let drafts = [
            (activity(), vec![PersonId(4), PersonId(9)]),
            (training(Attendance::HeadCount(30)), vec![]),
            (
                training(Attendance::Named(vec![PersonId(2), PersonId(5)])),
                vec![PersonId(2), PersonId(5)],
            ),
            (
                WorkDraft::Visit(VisitDraft {
                    person: PersonId(8),
                    village: UnitId(6),
                    date: day,
                    purpose: "p".into(),
                    result: "r".into(),
                }),
                vec![PersonId(8)],
            ),
            (
                WorkDraft::StudySession(StudySessionDraft {
                    base: UnitId(6),
                    date: day,
                    visitor: "v".into(),
                    students: 40,
                    theme: "t".into(),
                }),
                vec![],
            ),
        ];
        for (d, want) in drafts {
            let item = WorkItem::made(1, d.clone(), 10, 20, "chen", 1);
            assert_eq!(item.people(), want, "{d:?}");
            assert_eq!(d.people(), want, "{d:?}");
        }
    }

    #[test]
    fn list_tags_round_trip() {
        for l in WorkList::ALL {
            assert_eq!(WorkList::from_tag(l.tag()), Some(l));
        }
        assert_eq!(WorkList::from_tag(0), None);
    }
}
