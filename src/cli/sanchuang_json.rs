//! The 三创 lists for scripts: English snake_case keys, choices as codes,
//! people as `{id, name}`; the keys every record has first, then its own.

use serde::Serialize;

use crate::api::sanchuang::PlanRow;
use crate::domain::bulletin::{Bulletin, InfoItem};
use crate::domain::day::Day;
use crate::domain::guidance::{GuidanceVisit, WorkingGroup};
use crate::domain::person::PersonId;

fn day(d: Day) -> String {
    d.to_string()
}

#[derive(Serialize)]
pub struct PersonJson {
    id: u64,
    name: String,
}

impl PersonJson {
    pub fn new(id: PersonId, name: String) -> PersonJson {
        PersonJson { id: id.0, name }
    }
}

#[derive(Serialize)]
pub struct ChangeJson {
    to: &'static str,
    on: String,
    note: String,
    failed: bool,
}

#[derive(Serialize)]
pub struct PlanJson {
    id: u64,
    unit: u64,
    unit_path: String,
    creation: &'static str,
    stage: &'static str,
    since: String,
    days_in_stage: i64,
    last_visit: Option<String>,
    opened: String,
    owner: Option<PersonJson>,
    base: String,
    strengths: String,
    weaknesses: String,
    goals: String,
    measures: String,
    changes: Vec<ChangeJson>,
}

impl PlanJson {
    pub fn new(r: &PlanRow, today: Day, owner: Option<PersonJson>) -> PlanJson {
        let p = &r.plan;
        PlanJson {
            id: p.id.0,
            unit: p.unit.0,
            unit_path: r.unit_path.clone(),
            creation: p.creation.code(),
            stage: p.stage().code(),
            since: day(p.stage_since()),
            days_in_stage: p.days_in_stage(today),
            last_visit: r.last_visit.map(day),
            opened: day(p.opened),
            owner,
            base: p.base.clone(),
            strengths: p.strengths.clone(),
            weaknesses: p.weaknesses.clone(),
            goals: p.goals.clone(),
            measures: p.measures.clone(),
            changes: p
                .changes
                .iter()
                .map(|c| ChangeJson {
                    to: c.to.code(),
                    on: day(c.on),
                    note: c.note.clone(),
                    failed: c.failed,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct GroupJson {
    id: u64,
    name: String,
    line: &'static str,
    members: Vec<PersonJson>,
}

impl GroupJson {
    pub fn new(g: &WorkingGroup, members: Vec<PersonJson>) -> GroupJson {
        GroupJson {
            id: g.id.0,
            name: g.name.clone(),
            line: g.line.code(),
            members,
        }
    }
}

#[derive(Serialize)]
pub struct VisitJson {
    id: u64,
    date: String,
    unit: u64,
    unit_path: String,
    group: u64,
    group_name: String,
    methods: Vec<&'static str>,
    feature: String,
    strength: String,
    problem: String,
    next: String,
    model: String,
    tasks: Vec<u64>,
}

impl VisitJson {
    pub fn new(v: &GuidanceVisit, unit_path: String, group_name: String) -> VisitJson {
        let f = &v.findings;
        VisitJson {
            id: v.id.0,
            date: day(v.date),
            unit: v.unit.0,
            unit_path,
            group: v.group.0,
            group_name,
            methods: v.methods.iter().map(|m| m.code()).collect(),
            feature: f.feature.clone(),
            strength: f.strength.clone(),
            problem: f.problem.clone(),
            next: f.next.clone(),
            model: f.model.clone(),
            tasks: v.tasks.iter().map(|t| t.0).collect(),
        }
    }
}

#[derive(Serialize)]
pub struct AdoptionJson {
    level: &'static str,
    outlet: String,
    reference: String,
    on: String,
}

#[derive(Serialize)]
pub struct InfoJson {
    id: u64,
    written: String,
    unit: u64,
    unit_path: String,
    title: String,
    body: String,
    authors: Vec<PersonJson>,
    submitted: Option<String>,
    adoptions: Vec<AdoptionJson>,
}

impl InfoJson {
    pub fn new(i: &InfoItem, unit_path: String, authors: Vec<PersonJson>) -> InfoJson {
        InfoJson {
            id: i.id.0,
            written: day(i.written),
            unit: i.unit.0,
            unit_path,
            title: i.title.clone(),
            body: i.body.clone(),
            authors,
            submitted: i.submitted.map(day),
            adoptions: i
                .adoptions
                .iter()
                .map(|a| AdoptionJson {
                    level: a.level.code(),
                    outlet: a.outlet.clone(),
                    reference: a.reference.clone(),
                    on: day(a.on),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub struct BulletinJson {
    id: u64,
    year: i32,
    number: u32,
    running: u32,
    date: String,
    editor: Option<PersonJson>,
    items: Vec<u64>,
}

impl BulletinJson {
    pub fn new(b: &Bulletin, editor: Option<PersonJson>) -> BulletinJson {
        BulletinJson {
            id: b.id.0,
            year: b.issue.year,
            number: b.issue.number,
            running: b.issue.running,
            date: day(b.date),
            editor,
            items: b.items.iter().map(|i| i.0).collect(),
        }
    }
}
