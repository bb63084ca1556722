//! Commands that only add to a record (a talk, an honour, a task's progress
//! note, attendance) succeed however many people send them at once, and
//! every one is kept: they overwrite nothing, so a revision another user
//! moved on is no reason to refuse them.

use crate::kit;

use std::sync::{Arc, Barrier};

use chrono::NaiveDate;
use ggw::api::admin::Check;
use ggw::api::meetings::{CreateTask, ListTasks, TaskChange, TaskDraft, UpdateTask};
use ggw::api::people::{AddHonour, CreatePerson, GetPerson, RecordTalk};
use ggw::backend::BackendExt;
use ggw::domain::UnitId;
use ggw::domain::day::Day;
use ggw::domain::meeting::Attendee;
use ggw::domain::person::{Honour, HonourLevel, Talk, TalkOutcome};
use kit::{Server, TempDir, init_db, stderr, stdout};

const CLIENTS: usize = 8;
const EACH: usize = 4;

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::ymd(y, m, d).unwrap()
}

#[test]
fn talks_honours_and_notes_sent_at_once_all_succeed_and_are_all_kept() {
    let dir = TempDir::new("append");
    let db = init_db(dir.path());
    let server = Server::start(&db, &dir.path().join("ggw.sock"));
    let admin = server.connect();
    let elder = admin
        .run(CreatePerson {
            draft: ggw::domain::person::PersonDraft {
                unit: Some(UnitId(1)),
                ..crate::kit::elder_anywhere("孟繁荣")
            },
        })
        .unwrap();
    let task = admin
        .run(CreateTask {
            draft: TaskDraft {
                title: "四嘉子乡培育方案".into(),
                owner: Attendee::named("张国庆"),
                unit: None,
                meeting: None,
                opened: NaiveDate::from_ymd_opt(2025, 2, 5).unwrap(),
                due: None,
            },
        })
        .unwrap();

    let start = Arc::new(Barrier::new(CLIENTS));
    let refused: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|k| {
                let (server, start, task) = (&server, start.clone(), &task);
                s.spawn(move || {
                    let b = server.connect();
                    // Each client reads the records once, as a screen left
                    // open does; every other client's appends then move
                    // them on under it.
                    let person = b.run(GetPerson { id: elder.id }).unwrap();
                    start.wait();
                    let mut refused = Vec::new();
                    for i in 0..EACH {
                        let talk = Talk {
                            date: day(2024, 3, 1 + i as u32),
                            by: format!("谈话人{k}-{i}"),
                            summary: String::new(),
                            outcome: TalkOutcome::Keep,
                        };
                        if let Err(e) = b.run(RecordTalk {
                            id: person.id,
                            rev: person.rev,
                            talk,
                        }) {
                            refused.push(format!("talk {k}-{i}: {e:?}"));
                        }
                        let note = TaskChange::Note {
                            on: NaiveDate::from_ymd_opt(2025, 2, 6).unwrap(),
                            text: format!("进展{k}-{i}"),
                        };
                        if let Err(e) = b.run(UpdateTask {
                            id: task.id,
                            rev: task.rev,
                            change: note,
                        }) {
                            refused.push(format!("note {k}-{i}: {e:?}"));
                        }
                        let honour = Honour {
                            title: format!("先进典型{k}-{i}"),
                            level: HonourLevel::District,
                            date: day(2024, 5, 1),
                        };
                        if let Err(e) = b.run(AddHonour {
                            id: person.id,
                            rev: person.rev,
                            honour,
                        }) {
                            refused.push(format!("honour {k}-{i}: {e:?}"));
                        }
                    }
                    refused
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(refused.is_empty(), "{refused:#?}");

    let b = server.connect();
    let now = b.run(GetPerson { id: elder.id }).unwrap();
    let membership = now.elder.as_ref().unwrap();
    assert_eq!(membership.talks.len(), CLIENTS * EACH);
    assert_eq!(membership.honours.len(), CLIENTS * EACH);
    for k in 0..CLIENTS {
        for i in 0..EACH {
            let by = format!("谈话人{k}-{i}");
            assert!(membership.talks.iter().any(|t| t.by == by), "{by} lost");
        }
    }
    // One revision per append: none landed on top of another.
    assert_eq!(now.rev, 1 + 2 * (CLIENTS * EACH) as u64);
    let task = b
        .run(ListTasks {
            owner: None,
            overdue_only: false,
            today: NaiveDate::from_ymd_opt(2025, 2, 6).unwrap(),
        })
        .unwrap()
        .into_iter()
        .find(|t| t.id == task.id)
        .unwrap();
    assert_eq!(task.notes.len(), CLIENTS * EACH);
    assert_eq!(task.rev, 1 + (CLIENTS * EACH) as u64);
    assert!(b.run(Check {}).unwrap().is_clean());
}

/// `ggw meetings attend`, `people talk` and `tasks note` run by several
/// people at the same moment, through the server, as real commands.
#[test]
fn the_append_commands_run_at_once_all_succeed() {
    let dir = TempDir::new("attend");
    let db = init_db(dir.path());
    let server = Server::start(&db, &dir.path().join("ggw.sock"));
    let ok = |args: &[&str]| {
        let o = server.client(args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    let names: Vec<String> = (0..CLIENTS).map(|k| format!("委员{k}")).collect();
    let guests = names.join(",");
    let mut series = kit::MONTHLY_OFFICE.to_vec();
    series.extend(["--guest", guests.as_str()]);
    ok(&series);
    ok(&[
        "people",
        "add",
        "--name",
        "孟繁荣",
        "--unit",
        "爱辉区",
        "--category",
        "老战士",
    ]);
    ok(&[
        "tasks",
        "add",
        "--title",
        "第5期简报组稿",
        "--owner",
        "李秀兰",
    ]);

    // The meeting is not recorded yet: the first mark to land records it,
    // and every other lands on that record.
    let outputs: Vec<std::process::Output> = std::thread::scope(|s| {
        let handles: Vec<_> = names
            .iter()
            .enumerate()
            .flat_map(|(k, name)| {
                let server = &server;
                let summary = format!("第{k}次");
                let note = format!("进展{k}");
                [
                    vec![
                        "meetings".to_string(),
                        "attend".into(),
                        "主任办公会".into(),
                        "2025-02-03".into(),
                        "--present".into(),
                        name.clone(),
                    ],
                    vec![
                        "people".into(),
                        "talk".into(),
                        "孟繁荣".into(),
                        "--on".into(),
                        "2024-03-01".into(),
                        "--by".into(),
                        "王主任".into(),
                        "--summary".into(),
                        summary,
                    ],
                    vec!["tasks".into(), "note".into(), "1".into(), note],
                ]
                .map(|args| {
                    s.spawn(move || {
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        server.client(&args)
                    })
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for o in &outputs {
        assert!(o.status.success(), "{}", stderr(o));
    }

    let page: serde_json::Value = serde_json::from_str(&ok(&[
        "meetings",
        "show",
        "主任办公会",
        "2025-02-03",
        "--format",
        "json",
    ]))
    .unwrap();
    let attendance = page["meeting"]["attendance"].as_array().unwrap();
    assert_eq!(attendance.len(), CLIENTS, "{attendance:?}");
    for e in attendance {
        assert_eq!(e["presence"], "Present", "{e}");
    }
    let card: serde_json::Value =
        serde_json::from_str(&ok(&["people", "show", "孟繁荣", "--format", "json"])).unwrap();
    assert_eq!(card["elder"]["talks"].as_array().unwrap().len(), CLIENTS);
    let b = server.connect();
    let task = &b
        .run(ListTasks {
            owner: None,
            overdue_only: false,
            today: NaiveDate::from_ymd_opt(2025, 2, 6).unwrap(),
        })
        .unwrap()[0];
    assert_eq!(task.notes.len(), CLIENTS);
}
