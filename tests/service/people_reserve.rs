//! Reserve candidates (后备人选): the rules through the service, the command
//! line, and the unit card at 80×24 with its keys.

use crate::kit;

use ggw::api::admin::{AddAccount, Check, History};
use ggw::api::people::{
    AddReserve, Appoint, CreatePerson, GetUnitPeople, ListPositions, ListReserve, PositionDraft,
    RemoveReserve, ReserveDraft,
};
use ggw::api::units::{CreateUnit, ResolveUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::{AuditAction, RecordKind};
use ggw::domain::day::Day;
use ggw::domain::person::{PersonDraft, Role};
use ggw::domain::{OrgUnit, UnitKind};
use ggw::error::Error;
use ggw::lang::Lang;
use ggw::service::{Actor, Request, Service};
use ggw::store::OpenOptions;
use ggw::tui::app::App;
use kit::{TempDir, run, stderr, stdout, temp_db};

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn person(b: &LocalBackend, name: &str, unit: ggw::domain::UnitId) -> ggw::domain::person::Person {
    b.run(CreatePerson {
        draft: PersonDraft {
            name: name.into(),
            birth: Some(d(1960, 1, 1)),
            unit: Some(unit),
            ..PersonDraft::default()
        },
    })
    .unwrap()
}

#[test]
fn appointment_closes_the_entry_it_fills_in_the_same_commit() {
    let t = temp_db();
    let b = kit::district_backend(&t, "王主任");
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let township = b
        .run(CreateUnit {
            parent: district.id,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let zhang = person(&b, "张立新", district.id);
    let li = person(&b, "李春梅", district.id);
    let entry = |p: &ggw::domain::person::Person, unit, role| ReserveDraft {
        unit,
        person: p.id,
        role,
        noted: d(2024, 1, 10),
        note: "换届储备\u{1b}[31m".into(),
    };
    let a = b
        .run(AddReserve {
            draft: entry(&zhang, district.id, Role::Deputy),
        })
        .unwrap();
    // Control characters never reach the record.
    assert_eq!(a.note, "换届储备[31m");
    b.run(AddReserve {
        draft: entry(&zhang, district.id, Role::ExecutiveDeputy),
    })
    .unwrap();
    b.run(AddReserve {
        draft: entry(&li, district.id, Role::Deputy),
    })
    .unwrap();
    b.run(AddReserve {
        draft: entry(&zhang, township.id, Role::Deputy),
    })
    .unwrap();

    // The same person for the same post of the same unit once only.
    let again = b.run(AddReserve {
        draft: entry(&zhang, district.id, Role::Deputy),
    });
    let Err(e) = again else {
        panic!("a second entry was saved")
    };
    assert!(
        e.message(Lang::Zh).contains("已是“爱辉区”副主任的后备人选"),
        "{e:?}"
    );
    assert!(e.message(Lang::En).contains("already a reserve candidate"));

    let card = b.run(GetUnitPeople { unit: district.id }).unwrap();
    let shown: Vec<(String, Role)> = card
        .reserve
        .iter()
        .map(|r| (r.person_name.clone(), r.candidate.role))
        .collect();
    assert_eq!(
        shown,
        vec![
            ("张立新".to_string(), Role::ExecutiveDeputy),
            ("张立新".to_string(), Role::Deputy),
            ("李春梅".to_string(), Role::Deputy),
        ]
    );
    assert_eq!(b.run(ListReserve { unit: None }).unwrap().len(), 4);
    assert_eq!(
        b.run(ListReserve {
            unit: Some(township.id)
        })
        .unwrap()
        .len(),
        1
    );

    // Appointed deputy of the district: that entry goes, and only that one.
    let audit_before = b
        .run(History {
            unit: None,
            limit: 0,
        })
        .unwrap()
        .len();
    b.run(Appoint {
        draft: PositionDraft {
            unit: district.id,
            person: zhang.id,
            role: Role::Deputy,
            from: d(2024, 3, 1),
            doc: "爱关发〔2024〕2号".into(),
            area: "创品牌".into(),
        },
    })
    .unwrap();
    let left: Vec<(String, String, Role)> = b
        .run(ListReserve { unit: None })
        .unwrap()
        .into_iter()
        .map(|r| (r.unit_path, r.person_name, r.candidate.role))
        .collect();
    assert_eq!(
        left,
        vec![
            ("爱辉区".into(), "张立新".into(), Role::ExecutiveDeputy),
            ("爱辉区".into(), "李春梅".into(), Role::Deputy),
            ("爱辉区/四嘉子乡".into(), "张立新".into(), Role::Deputy),
        ]
    );
    let history = b
        .run(History {
            unit: None,
            limit: 0,
        })
        .unwrap();
    assert_eq!(history.len(), audit_before + 2);
    let closed = &history[0];
    assert_eq!(
        (
            closed.action,
            closed.kind,
            closed.record,
            closed.label.as_str()
        ),
        (
            AuditAction::Appoint,
            RecordKind::Reserve,
            a.id.0,
            "张立新 副主任"
        )
    );
    assert!(closed.after.is_none() && closed.before.is_some());
    assert_eq!(history[1].kind, RecordKind::Position);

    // Someone struck off the roll is nobody's reserve.
    let mut gone_draft = PersonDraft {
        name: "周铁军".into(),
        birth: Some(d(1950, 1, 1)),
        unit: Some(district.id),
        ..PersonDraft::default()
    };
    gone_draft.elder = Some(ggw::domain::person::ElderDraft {
        category: ggw::domain::person::Category::Veteran,
        core: false,
        skills: String::new(),
        health: String::new(),
        source: ggw::domain::person::Source::VeteransAffairs,
        joined: Some(d(2015, 1, 1)),
        reregistered: None,
        status: ggw::domain::person::RosterStatus::Removed {
            on: d(2023, 6, 1),
            reason: ggw::domain::person::RemovalReason::Deceased,
            note: String::new(),
        },
    });
    let gone = b.run(CreatePerson { draft: gone_draft }).unwrap();
    let refused = b.run(AddReserve {
        draft: entry(&gone, district.id, Role::Deputy),
    });
    assert!(
        refused
            .unwrap_err()
            .message(Lang::Zh)
            .contains("周铁军 已于 2023-06-01 除名")
    );

    // Serving deputies need no reserve entry for the post they hold.
    let held = b.run(AddReserve {
        draft: entry(&zhang, district.id, Role::Deputy),
    });
    assert!(
        held.unwrap_err()
            .message(Lang::Zh)
            .contains("现任“爱辉区”副主任")
    );

    // Removing names the revision seen; a stale one is refused.
    let row = b
        .run(ListReserve {
            unit: Some(township.id),
        })
        .unwrap()
        .pop()
        .unwrap()
        .candidate;
    let mut stale = row.clone();
    stale.rev += 1;
    assert!(matches!(
        b.run(RemoveReserve {
            id: stale.id,
            rev: stale.rev
        }),
        Err(Error::Conflict { .. })
    ));
    b.run(RemoveReserve {
        id: row.id,
        rev: row.rev,
    })
    .unwrap();
    assert!(
        b.run(ListReserve {
            unit: Some(township.id)
        })
        .unwrap()
        .is_empty()
    );
    assert_eq!(
        b.run(History {
            unit: None,
            limit: 1
        })
        .unwrap()[0]
            .action,
        AuditAction::Remove
    );
    assert!(matches!(
        b.run(RemoveReserve {
            id: row.id,
            rev: row.rev
        }),
        Err(Error::NoSuchRecord { .. })
    ));

    // Everything above is consistent on disk.
    let report = b.run(Check {}).unwrap();
    assert!(report.is_clean(), "{:?}", report.faults);
    assert_eq!(report.reserve, 2);
}

/// Two townships; "zhang" operates the first.
fn zhang_of_one_township(t: &kit::TempDb) -> (LocalBackend, OrgUnit, OrgUnit) {
    let b = kit::district_backend(t, "root");
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let own = b
        .run(CreateUnit {
            parent: district.id,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let other = b
        .run(CreateUnit {
            parent: district.id,
            kind: UnitKind::Township,
            name: "新生乡".into(),
            short_name: None,
        })
        .unwrap();
    b.run(AddAccount {
        user: "zhang".into(),
        role: ggw::domain::account::AccountRole::Operator,
        unit: own.id,
    })
    .unwrap();
    (b, own, other)
}

#[test]
fn operators_keep_lists_for_their_own_units_only() {
    let t = temp_db();
    let (b, own, other) = zhang_of_one_township(&t);
    let p = person(&b, "赵德明", own.id);
    let theirs = b
        .run(AddReserve {
            draft: ReserveDraft {
                unit: other.id,
                person: p.id,
                role: Role::Deputy,
                noted: d(2024, 1, 10),
                note: String::new(),
            },
        })
        .unwrap();
    let s = b.service();
    let zhang = Actor::peer("zhang");
    let draft = |unit| ReserveDraft {
        unit,
        person: p.id,
        role: Role::ExecutiveDeputy,
        noted: d(2024, 1, 10),
        note: String::new(),
    };
    assert!(
        s.handle(
            &zhang,
            Request::from(AddReserve {
                draft: draft(own.id)
            })
        )
        .is_ok()
    );
    let refused = s.handle(
        &zhang,
        Request::from(AddReserve {
            draft: draft(other.id),
        }),
    );
    assert!(
        matches!(refused, Err(Error::NotPermitted { .. })),
        "{refused:?}"
    );
    let refused = s.handle(
        &zhang,
        Request::from(RemoveReserve {
            id: theirs.id,
            rev: theirs.rev,
        }),
    );
    assert!(
        matches!(refused, Err(Error::NotPermitted { .. })),
        "{refused:?}"
    );
    // The list shows only what the operator may read.
    match s
        .handle(&zhang, Request::from(ListReserve { unit: None }))
        .unwrap()
    {
        ggw::service::Response::Reserve(rows) => {
            assert_eq!(rows.len(), 1);
            assert_eq!(rows[0].unit_path, "爱辉区/四嘉子乡");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn operators_cannot_name_a_person_they_may_not_read() {
    let t = temp_db();
    let (b, own, other) = zhang_of_one_township(&t);
    let outsider = person(&b, "钱文华", other.id);
    let s = b.service();
    let zhang = Actor::peer("zhang");
    let refused = s.handle(
        &zhang,
        Request::from(AddReserve {
            draft: ReserveDraft {
                unit: own.id,
                person: outsider.id,
                role: Role::Deputy,
                noted: d(2024, 1, 10),
                note: String::new(),
            },
        }),
    );
    assert!(
        matches!(&refused, Err(Error::NotPermitted { target, write: false, .. }) if target == "爱辉区/新生乡"),
        "{refused:?}"
    );
    let refused = s.handle(
        &zhang,
        Request::from(Appoint {
            draft: PositionDraft {
                unit: own.id,
                person: outsider.id,
                role: Role::Deputy,
                from: d(2024, 1, 10),
                doc: String::new(),
                area: String::new(),
            },
        }),
    );
    assert!(
        matches!(&refused, Err(Error::NotPermitted { target, write: false, .. }) if target == "爱辉区/新生乡"),
        "{refused:?}"
    );
    // Nothing was written: the unit has no team and no reserve.
    assert!(
        b.run(ListReserve { unit: Some(own.id) })
            .unwrap()
            .is_empty()
    );
    assert!(
        b.run(ListPositions {
            unit: Some(own.id),
            include_ended: true
        })
        .unwrap()
        .is_empty()
    );
    // Their own people they may still name.
    let insider = person(&b, "赵德明", own.id);
    assert!(
        s.handle(
            &zhang,
            Request::from(AddReserve {
                draft: ReserveDraft {
                    unit: own.id,
                    person: insider.id,
                    role: Role::Deputy,
                    noted: d(2024, 1, 10),
                    note: String::new(),
                },
            }),
        )
        .is_ok()
    );
}

#[test]
fn command_line_adds_lists_and_removes() {
    let t = temp_db();
    assert!(
        run(&t.path, &["init", "--district", "爱辉区"])
            .status
            .success()
    );
    let ok = |args: &[&str]| {
        let o = run(&t.path, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    ok(&[
        "unit",
        "add",
        "--parent",
        "爱辉区",
        "--kind",
        "township",
        "--name",
        "四嘉子乡",
    ]);
    ok(&[
        "people",
        "add",
        "--name",
        "孙玉成",
        "--unit",
        "爱辉区/四嘉子乡",
    ]);
    let out = ok(&[
        "reserve",
        "add",
        "--unit",
        "爱辉区/四嘉子乡",
        "--person",
        "孙玉成",
        "--role",
        "executive-deputy",
        "--on",
        "2024年3月5日",
        "--note",
        "原村支书",
    ]);
    assert_eq!(out.trim(), "已列入后备人选 #1 孙玉成 四嘉子乡 常务副主任");
    let list = ok(&["reserve", "list", "--unit", "爱辉区"]);
    assert!(list.contains("孙玉成"), "{list}");
    assert!(list.contains("2024-03-05 原村支书"), "{list}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["reserve", "list", "--format", "json"])).unwrap();
    assert_eq!(json[0]["unit_path"], "爱辉区/四嘉子乡");
    assert_eq!(json[0]["candidate"]["noted"], "2024-03-05");

    // Bad input: a clear message in the user's language, nothing saved.
    let o = run(
        &t.path,
        &[
            "reserve",
            "add",
            "--unit",
            "爱辉区",
            "--person",
            "孙玉成",
            "--role",
            "boss",
        ],
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("职务“boss”无法识别"), "{}", stderr(&o));
    let o = run(
        &t.path,
        &[
            "--lang",
            "en",
            "reserve",
            "add",
            "--unit",
            "爱辉区",
            "--person",
            "无此人",
            "--role",
            "deputy",
        ],
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("No person \"无此人\""),
        "{}",
        stderr(&o)
    );
    let o = run(&t.path, &["reserve", "remove", "99"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("找不到编号为 99 的记录"),
        "{}",
        stderr(&o)
    );

    // Appointing the candidate to that post takes them off the list.
    ok(&[
        "position",
        "add",
        "--unit",
        "爱辉区/四嘉子乡",
        "--role",
        "常务副主任",
        "--person",
        "孙玉成",
        "--from",
        "2024-06-01",
    ]);
    assert_eq!(ok(&["reserve", "list"]).trim(), "没有后备人选。");
    let history = ok(&["history", "--limit", "2"]);
    assert!(
        history.contains("任命 后备人选 孙玉成 常务副主任"),
        "{history}"
    );
    ok(&[
        "reserve",
        "add",
        "--unit",
        "爱辉区",
        "--person",
        "孙玉成",
        "--role",
        "deputy",
    ]);
    let out = ok(&["reserve", "remove", "2"]);
    assert_eq!(out.trim(), "已移出后备人选 #2 孙玉成 副主任");
    assert!(ok(&["check"]).contains("后备人选 0 条"));
}

fn demo_app(dir: &std::path::Path) -> App {
    kit::app(kit::demo_backend(dir)).build()
}

fn draw(app: &App) -> String {
    kit::screen_text(app)
}

#[test]
fn unit_card_lists_the_reserve_and_its_keys_add_and_remove() {
    let dir = TempDir::new("people-reserve-card");
    let mut app = demo_app(dir.path());
    // The reserve is on the full card.
    app.feed("i").unwrap();
    let s = draw(&app);
    assert!(
        s.contains("│ 后备      副主任 宋继承 列入 2024-01-10"),
        "{s}"
    );
    assert!(
        s.contains("│           副主任 阎广田 列入 2024-01-10"),
        "{s}"
    );

    // b: the form; a serving director cannot be kept in reserve for it.
    app.feed("b").unwrap();
    assert!(app.form().is_some());
    app.feed("<tab>刘振华<ret>").unwrap();
    assert!(app.form().is_some(), "the form stays open on a refusal");
    let s = draw(&app);
    assert!(s.contains("刘振华 现任“爱辉区”主任"), "{s}");
    // A half-typed form asks before it is thrown away.
    app.feed("<esc>").unwrap();
    app.feed("y").unwrap();
    assert!(app.form().is_none(), "{}", draw(&app));

    // Someone else for director: on the card at once, first by role.
    app.feed("b<tab>宋继承<tab><tab>区委推荐<ret>").unwrap();
    assert!(app.form().is_none(), "{}", draw(&app));
    let today = Day::today().to_string();
    let s = draw(&app);
    assert!(
        s.contains(&format!("│ 后备      主任 宋继承 列入 {today}")),
        "{s}"
    );

    // B: pick an entry (the first, the one just added) and take it off.
    app.feed("B<ret>").unwrap();
    let s = draw(&app);
    assert!(!s.contains("主任 宋继承 列入 2026"), "{s}");
    assert!(s.contains("已移出后备人选：宋继承 主任"), "{s}");
    assert!(
        s.contains("│ 后备      副主任 宋继承 列入 2024-01-10"),
        "{s}"
    );
    for line in s.lines() {
        assert!(ggw::domain::text::display_width(line) <= 80, "{line}");
    }
}

/// Two users on one database: the one who did not make the change sees it
/// on the card as soon as the notice arrives, without pressing a key.
#[test]
fn another_users_entry_shows_when_its_notice_arrives() {
    struct Shared(std::sync::Arc<LocalBackend>);
    impl ggw::backend::Backend for Shared {
        fn call(&self, r: Request) -> ggw::error::Result<ggw::service::Response> {
            self.0.call(r)
        }
    }
    let dir = TempDir::new("people-reserve-notice");
    let actor = Actor::new("tester");
    let service = Service::create(
        &dir.path().join("db"),
        &OpenOptions::default(),
        "爱辉区",
        false,
        &actor,
    )
    .unwrap();
    let b = std::sync::Arc::new(LocalBackend::from_service(service, actor));
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let p = person(&b, "韩长海", district.id);
    let mut app = kit::app(Shared(b.clone())).build();
    app.feed("i").unwrap();
    assert!(draw(&app).contains("│ 后备      无"), "{}", draw(&app));
    let c = b
        .run(AddReserve {
            draft: ReserveDraft {
                unit: district.id,
                person: p.id,
                role: Role::SecretaryGeneral,
                noted: d(2024, 2, 1),
                note: String::new(),
            },
        })
        .unwrap();
    app.update(ggw::tui::action::Action::Notice(
        ggw::backend::ChangeNotice {
            kind: RecordKind::Reserve,
            record: c.id.0,
            unit: Some(district.id),
            by: "李老师".into(),
        },
    ));
    let s = draw(&app);
    assert!(
        s.contains("│ 后备      秘书长 韩长海 列入 2024-02-01"),
        "{s}"
    );
}
