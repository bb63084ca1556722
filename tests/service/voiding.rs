//! Voiding a record typed in error: people, meetings and tasks leave every
//! list, figure, search and count; the audit log keeps both steps; only an
//! administrator brings one back.

use crate::kit;
use kit::{VillageWorld as World, village_world as world};

use chrono::{Duration, NaiveDate, NaiveTime};
use ggw::api::admin::{AddAccount, History, UnvoidRecord, VoidRecord};
use ggw::api::meetings::{
    CreateSeries, CreateTask, GetMeetingFigures, GetMeetingPage, ListTasks, SaveMeeting,
    SeriesDraft, TaskDraft, UpdateTask,
};
use ggw::api::people::{
    Appoint, CreatePerson, EndPosition, GetPeopleFigures, GetPerson, GetUnitPeople, ListPeople,
    ListPositions, PeopleFilter, ResolvePerson, UpdatePerson,
};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::account::AccountRole;
use ggw::domain::audit::{AuditAction, RecordKind};
use ggw::domain::day::Day;
use ggw::domain::meeting::{Attendee, MeetingKind, MeetingStatus};
use ggw::domain::people_figures::Period;
use ggw::domain::person::PersonId;
use ggw::domain::workdays::Shift;
use ggw::error::Error;
use ggw::service::{Actor, Request, Response};
use kit::{elder, run, stderr, stdout, temp_db};

fn today() -> NaiveDate {
    Day::today().date()
}

fn this_year() -> Period {
    let y = Day::today().year();
    Period {
        from: Day::ymd(y, 1, 1).unwrap(),
        to: Day::ymd(y, 12, 31).unwrap(),
    }
}

#[test]
fn a_voided_person_is_counted_nowhere_and_an_admin_brings_them_back() {
    let w = world();
    let kept =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.village),
        })
        .unwrap();
    let mut twice = elder("赵德明", &w.village);
    twice.birth = None;
    let double = w.b.run(CreatePerson { draft: twice }).unwrap();
    let roll = |b: &LocalBackend| {
        let rows = b
            .run(ListPeople {
                filter: PeopleFilter::default(),
            })
            .unwrap();
        let card = b
            .run(GetUnitPeople {
                unit: w.district.id,
            })
            .unwrap();
        let f = b
            .run(GetPeopleFigures {
                unit: None,
                period: this_year(),
                under_active_months: 6,
            })
            .unwrap();
        (rows.len(), card.elders_below, f.on_roll_end)
    };
    assert_eq!(roll(&w.b), (2, 2, 2));

    let voided = match w
        .b
        .run(VoidRecord {
            kind: RecordKind::Person,
            id: double.id.0,
            reason: "重复登记".into(),
        })
        .unwrap()
    {
        Response::Person(p) => *p,
        other => panic!("{other:?}"),
    };
    let mark = voided.voided.as_ref().unwrap();
    assert_eq!(
        (mark.by.as_str(), mark.reason.as_str()),
        ("王主任", "重复登记")
    );
    // Not listed, not in the maintained counts, not in the figures, not found by name.
    assert_eq!(roll(&w.b), (1, 1, 1));
    assert_eq!(
        w.b.run(ResolvePerson {
            given: "赵德明".into()
        })
        .unwrap()
        .id,
        kept.id
    );
    // Not struck off: the roll's 除名 figure is untouched.
    assert_eq!(
        w.b.run(GetPeopleFigures {
            unit: None,
            period: this_year(),
            under_active_months: 6
        })
        .unwrap()
        .struck_off,
        0
    );
    // A voided record cannot be changed, nor voided twice; the counts
    // `ggw check` recounts agree.
    assert!(matches!(
        w.b.run(UpdatePerson {
            id: voided.id,
            rev: voided.rev,
            draft: ggw::domain::person::PersonDraft::of(&voided)
        }),
        Err(Error::RecordVoided { .. })
    ));
    assert!(matches!(
        w.b.run(VoidRecord {
            kind: RecordKind::Person,
            id: double.id.0,
            reason: "again".into()
        }),
        Err(Error::RecordVoided { .. })
    ));
    assert!(w.b.service().check().unwrap().is_clean());

    // A reason is required.
    assert!(matches!(
        w.b.run(VoidRecord {
            kind: RecordKind::Person,
            id: kept.id.0,
            reason: "  ".into()
        }),
        Err(Error::InvalidField { .. })
    ));

    // An operator of the unit may void, but only an admin may restore.
    w.b.service()
        .handle(
            w.b.actor(),
            Request::from(AddAccount {
                user: "zhang".into(),
                role: AccountRole::Operator,
                unit: w.village.id,
            }),
        )
        .unwrap();
    let zhang = Actor::peer("zhang");
    let restore = Request::from(UnvoidRecord {
        kind: RecordKind::Person,
        id: double.id.0,
    });
    assert!(matches!(
        w.b.service().handle(&zhang, restore.clone()),
        Err(Error::AdminOnly { .. })
    ));
    w.b.run(UnvoidRecord {
        kind: RecordKind::Person,
        id: double.id.0,
    })
    .unwrap();
    assert_eq!(roll(&w.b), (2, 2, 2));
    assert!(w.b.service().check().unwrap().is_clean());
    let actions: Vec<AuditAction> =
        w.b.run(History {
            unit: None,
            limit: 10,
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == RecordKind::Person && e.record == double.id.0)
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [AuditAction::Unvoid, AuditAction::Void, AuditAction::Create]
    );
    let p =
        w.b.run(GetPerson {
            id: PersonId(double.id.0),
        })
        .unwrap();
    assert!(p.voided.is_none());
}

#[test]
fn a_person_on_a_team_is_not_voided_until_the_term_ends() {
    let w = world();
    let p =
        w.b.run(CreatePerson {
            draft: elder("钱秀英", &w.village),
        })
        .unwrap();
    let position =
        w.b.run(Appoint {
            draft: ggw::api::people::PositionDraft {
                unit: w.village.id,
                person: p.id,
                role: ggw::domain::person::Role::Director,
                from: Day::ymd(2024, 1, 1).unwrap(),
                doc: String::new(),
                area: String::new(),
            },
        })
        .unwrap();
    assert!(matches!(
        w.b.run(VoidRecord {
            kind: RecordKind::Person,
            id: p.id.0,
            reason: "录错了人".into()
        }),
        Err(Error::VoidRefused { .. })
    ));
    w.b.run(EndPosition {
        id: position.id,
        rev: position.rev,
        on: Day::today(),
    })
    .unwrap();
    // The ended term leaves the post vacant in this year's figures…
    let vacancies = |b: &LocalBackend| {
        b.run(GetPeopleFigures {
            unit: None,
            period: this_year(),
            under_active_months: 6,
        })
        .unwrap()
        .vacancies
    };
    assert_eq!(vacancies(&w.b).len(), 1);
    w.b.run(VoidRecord {
        kind: RecordKind::Person,
        id: p.id.0,
        reason: "录错了人".into(),
    })
    .unwrap();
    // …until the person is voided: a term of nobody counts in no team,
    // nor is it listed.
    assert!(vacancies(&w.b).is_empty());
    assert!(
        w.b.run(ListPositions {
            unit: None,
            include_ended: true
        })
        .unwrap()
        .is_empty()
    );
}

fn weekly(w: &World) -> SeriesDraft {
    SeriesDraft {
        kind: MeetingKind::Progress,
        title: "工作推进会".into(),
        host: w.district.id,
        rule: "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU".into(),
        start: today() - Duration::days(10),
        time: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        duration_minutes: 60,
        place: "会议室".into(),
        shift: Shift::None,
        attendee_rules: Vec::new(),
        attendees: vec![Attendee::named("刘志远")],
        agenda: Vec::new(),
        report_per_attendee: false,
    }
}

#[test]
fn a_voided_meeting_returns_to_what_the_series_computes() {
    let w = world();
    let s = w.b.run(CreateSeries { draft: weekly(&w) }).unwrap();
    let day = today() - Duration::days(3);
    let held = |b: &LocalBackend| {
        b.run(GetMeetingFigures {
            from: day - Duration::days(5),
            to: today(),
            today: today(),
        })
        .unwrap()
        .series
        .iter()
        .map(|s| s.held)
        .sum::<usize>()
    };
    let mut m =
        w.b.run(GetMeetingPage {
            series: s.id,
            date: day,
        })
        .unwrap()
        .meeting;
    m.status = MeetingStatus::Held;
    m.minutes = "录错了系列".into();
    let saved = w.b.run(SaveMeeting { meeting: m }).unwrap();
    assert_eq!(held(&w.b), 1);

    w.b.run(VoidRecord {
        kind: RecordKind::Meeting,
        id: saved.id.0,
        reason: "录错了系列".into(),
    })
    .unwrap();
    assert_eq!(held(&w.b), 0);
    let page =
        w.b.run(GetMeetingPage {
            series: s.id,
            date: day,
        })
        .unwrap()
        .meeting;
    assert_eq!(
        (page.id.0, page.status.clone()),
        (0, MeetingStatus::Planned)
    );
    assert!(page.minutes.is_empty());
    assert!(w.b.service().check().unwrap().is_clean());

    // Recorded again, properly: the voided record cannot come back over it.
    let mut again = page;
    again.status = MeetingStatus::Held;
    let again = w.b.run(SaveMeeting { meeting: again }).unwrap();
    assert_eq!(held(&w.b), 1);
    assert!(matches!(
        w.b.run(UnvoidRecord {
            kind: RecordKind::Meeting,
            id: saved.id.0
        }),
        Err(Error::VoidRefused { .. })
    ));
    w.b.run(VoidRecord {
        kind: RecordKind::Meeting,
        id: again.id.0,
        reason: "重复".into(),
    })
    .unwrap();
    w.b.run(UnvoidRecord {
        kind: RecordKind::Meeting,
        id: saved.id.0,
    })
    .unwrap();
    assert_eq!(
        w.b.run(GetMeetingPage {
            series: s.id,
            date: day
        })
        .unwrap()
        .meeting
        .id,
        saved.id
    );
    assert!(w.b.service().check().unwrap().is_clean());
}

#[test]
fn a_voided_task_leaves_the_lists_and_cannot_be_changed() {
    let w = world();
    let t =
        w.b.run(CreateTask {
            draft: TaskDraft {
                title: "四嘉子乡培育方案".into(),
                owner: Attendee::named("李秀兰"),
                unit: Some(w.district.id),
                meeting: None,
                opened: today() - Duration::days(30),
                due: Some(today() - Duration::days(1)),
            },
        })
        .unwrap();
    let overdue = |b: &LocalBackend| {
        b.run(ListTasks {
            owner: None,
            overdue_only: true,
            today: today(),
        })
        .unwrap()
        .len()
    };
    assert_eq!(overdue(&w.b), 1);
    w.b.run(VoidRecord {
        kind: RecordKind::Task,
        id: t.id.0,
        reason: "重复录入".into(),
    })
    .unwrap();
    assert_eq!(overdue(&w.b), 0);
    assert!(
        w.b.run(ListTasks {
            owner: None,
            overdue_only: false,
            today: today()
        })
        .unwrap()
        .is_empty()
    );
    let figures =
        w.b.run(GetMeetingFigures {
            from: today() - Duration::days(60),
            to: today(),
            today: today(),
        })
        .unwrap();
    assert!(figures.tasks.is_empty(), "{:?}", figures.tasks);
    assert!(matches!(
        w.b.run(UpdateTask {
            id: t.id,
            rev: t.rev,
            change: ggw::api::meetings::TaskChange::Title("改".into())
        }),
        Err(Error::RecordVoided { .. })
    ));
    w.b.run(UnvoidRecord {
        kind: RecordKind::Task,
        id: t.id.0,
    })
    .unwrap();
    assert_eq!(overdue(&w.b), 1);
}

#[test]
fn the_command_line_voids_and_warns_of_a_namesake() {
    let t = temp_db();
    let db = &t.path;
    let ok = |args: &[&str]| {
        let o = run(db, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        o
    };
    ok(&["init", "--district", "爱辉区"]);
    let add = [
        "people",
        "add",
        "--name",
        "孙国庆",
        "--unit",
        "爱辉区",
        "--category",
        "老教师",
    ];
    let first = ok(&add);
    assert!(!stderr(&first).contains("同名"), "{}", stderr(&first));
    // The same name in the same unit, nothing to tell them apart: a warning.
    let second = ok(&add);
    assert!(stderr(&second).contains("同名"), "{}", stderr(&second));
    assert!(stdout(&second).contains("#2"), "{}", stdout(&second));

    let o = ok(&["people", "void", "2", "--reason", "重复登记"]);
    assert!(stdout(&o).contains("已作废"), "{}", stdout(&o));
    // The name is unique again: found by name.
    let o = ok(&["people", "show", "孙国庆"]);
    assert!(!stdout(&o).contains("已作废"), "{}", stdout(&o));
    let o = ok(&["people", "show", "2"]);
    assert!(stdout(&o).contains("重复登记"), "{}", stdout(&o));
    let o = ok(&["people", "list", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(rows.len(), 1);
    let o = ok(&["people", "unvoid", "2"]);
    assert!(stdout(&o).contains("已恢复"), "{}", stdout(&o));
    let o = ok(&["people", "list", "--format", "json"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(rows.len(), 2);
}

#[test]
fn the_form_warns_of_a_namesake_before_the_next_entry() {
    let w = world();
    let mut app = kit::app(w.b).size((100, 30)).build();
    // Name, then to the unit field; no birth date, no ID number.
    app.feed("<tab>a孟繁荣<tab><tab><tab><tab><tab>小乌斯力村<ret>")
        .unwrap();
    let form = app.form().expect("the form opens again");
    assert!(
        form.note.iter().all(|n| !n.contains("同名")),
        "{:?}",
        form.note
    );
    app.feed("孟繁荣<ret>").unwrap();
    let form = app.form().expect("the form opens again");
    assert!(
        form.note.first().is_some_and(|n| n.contains("同名")),
        "{:?}",
        form.note
    );
}

#[test]
fn the_roster_voids_the_current_person_with_a_reason() {
    let w = world();
    w.b.run(CreatePerson {
        draft: elder("赵德明", &w.village),
    })
    .unwrap();
    let mut app = kit::app(w.b).size((100, 30)).build();
    app.feed("<tab>V").unwrap();
    let form = app.form().expect("the void form");
    assert_eq!(form.value("reason"), "重复登记");
    assert!(
        form.note.iter().any(|n| n.contains("除名")),
        "{:?}",
        form.note
    );
    app.feed("<c-u>录错了人<ret>").unwrap();
    assert!(app.form().is_none());
    let status = app.status.as_ref().unwrap();
    assert!(
        !status.error && status.text.contains("已作废"),
        "{}",
        status.text
    );
    let people = app
        .backend()
        .run(ListPeople {
            filter: PeopleFilter::default(),
        })
        .unwrap();
    assert!(people.is_empty());
    let history = app
        .backend()
        .run(History {
            unit: None,
            limit: 1,
        })
        .unwrap();
    assert_eq!(history[0].action, AuditAction::Void);
    assert!(
        history[0]
            .after
            .as_deref()
            .unwrap_or("")
            .contains("录错了人")
    );
}

#[test]
fn the_task_list_voids_the_current_task_with_a_reason() {
    let w = world();
    w.b.run(CreateTask {
        draft: TaskDraft {
            title: "第5期简报组稿".into(),
            owner: Attendee::named("李秀兰"),
            unit: Some(w.district.id),
            meeting: None,
            opened: today(),
            due: None,
        },
    })
    .unwrap();
    let mut app = kit::app(w.b)
        .lang(ggw::lang::Lang::En)
        .size((100, 30))
        .build();
    app.feed("<tab><tab>vvV").unwrap();
    let form = app.form().expect("the void form");
    assert_eq!(form.value("reason"), "entered twice");
    app.feed("<ret>").unwrap();
    assert!(app.form().is_none());
    let status = app.status.as_ref().unwrap();
    assert!(status.text.contains("Task voided"), "{}", status.text);
    assert!(
        app.backend()
            .run(ListTasks {
                owner: None,
                overdue_only: false,
                today: today()
            })
            .unwrap()
            .is_empty()
    );
}
