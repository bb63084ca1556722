//! Work records as tests add them when only their being there matters.

use ggw::api::work::AddWork;
use ggw::backend::{Backend, BackendExt};
use ggw::domain::UnitId;
use ggw::domain::day::Day;
use ggw::domain::person::PersonId;
use ggw::domain::work::ActivityKind;
use ggw::domain::work_item::{ActivityDraft, WorkDraft, WorkItem};

/// An education activity of `unit` on `date` that `elders` took part in.
pub fn activity_draft(unit: UnitId, date: Day, title: &str, elders: &[PersonId]) -> ActivityDraft {
    ActivityDraft {
        unit,
        date,
        title: title.into(),
        theme: String::new(),
        kind: ActivityKind::Education,
        online: false,
        place: String::new(),
        youths: 0,
        elders: elders.to_vec(),
        notes: String::new(),
    }
}

/// Adds such an activity naming nobody; the test fails if it is refused.
pub fn add_activity(b: &dyn Backend, unit: UnitId, date: Day, title: &str) -> WorkItem {
    add_activity_of(b, unit, date, title, &[])
}

/// Adds such an activity naming `elders`; the test fails if it is refused.
pub fn add_activity_of(
    b: &dyn Backend,
    unit: UnitId,
    date: Day,
    title: &str,
    elders: &[PersonId],
) -> WorkItem {
    b.run(AddWork {
        draft: WorkDraft::Activity(activity_draft(unit, date, title, elders)),
    })
    .unwrap()
}
