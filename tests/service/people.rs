//! The roster and the teams through the backend, as the terminal UI and the
//! command line use them.

use crate::kit;

use ggw::api::admin::History;
use ggw::api::people::{
    AddHonour, Appoint, CreatePerson, EndPosition, GetPeopleFigures, GetPeopleFiguresOf, GetPerson,
    GetReportFigures, GetUnitPeople, ListPeople, ListPositions, PeopleFilter, PositionDraft,
    REPORT_UNDER_ACTIVE_LISTED, RecordTalk, Reregister, StatusFilter, StrikeOff, StrikeOffPerson,
    UpdatePerson,
};
use ggw::api::units::{CreateUnit, ListUnits, ResolveUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::UnitKind;
use ggw::domain::day::Day;
use ggw::domain::people_figures::{PeopleFigures, Period};
use ggw::domain::person::{
    Honour, HonourLevel, PersonDraft, RemovalReason, Role, RosterStatus, Talk, TalkOutcome,
};
use ggw::domain::unit::UnitId;
use ggw::error::Error;
use ggw::service::Actor;
use ggw::store::OpenOptions;
use kit::{elder, village_world as world};

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

#[test]
fn register_edit_and_refuse_stale_edits_and_doubles() {
    let w = world();
    let mut draft = elder("李建国", &w.village);
    draft.id_number = "11010519491231002X".into();
    draft.birth = None;
    draft.phone = "13804561234".into();
    let p =
        w.b.run(CreatePerson {
            draft: draft.clone(),
        })
        .unwrap();
    assert_eq!(p.rev, 1);
    assert_eq!(p.birth, Some(d(1949, 12, 31)));

    // The same ID number again, anywhere: refused.
    let mut again = elder("李建华", &w.district);
    again.id_number = "11010519491231002X".into();
    again.birth = None;
    assert!(matches!(
        w.b.run(CreatePerson { draft: again }),
        Err(Error::DuplicateIdNumber { existing, .. }) if existing == p.id.0
    ));
    // Same name and birth date in the same unit: refused; another unit: fine.
    let mut twin = elder("张桂芳", &w.village);
    w.b.run(CreatePerson {
        draft: twin.clone(),
    })
    .unwrap();
    assert!(matches!(
        w.b.run(CreatePerson {
            draft: twin.clone()
        }),
        Err(Error::DuplicateNameBirth { .. })
    ));
    twin.unit = Some(w.district.id);
    w.b.run(CreatePerson { draft: twin }).unwrap();

    let mut edit = PersonDraft::of(&p);
    edit.notes = "擅长讲红色故事".into();
    let edited =
        w.b.run(UpdatePerson {
            id: p.id,
            rev: p.rev,
            draft: edit.clone(),
        })
        .unwrap();
    assert_eq!(edited.rev, 2);
    // An editor still holding rev 1 is told who changed it.
    match w.b.run(UpdatePerson {
        id: p.id,
        rev: p.rev,
        draft: edit,
    }) {
        Err(Error::Conflict { by, .. }) => assert_eq!(by, "王主任"),
        other => panic!("expected a conflict, got {other:?}"),
    }

    // Lists mask; the card is whole.
    let rows =
        w.b.run(ListPeople {
            filter: PeopleFilter::default(),
        })
        .unwrap();
    let row = rows.iter().find(|r| r.id == p.id).unwrap();
    assert_eq!(row.id_number_masked, "110***********002X");
    assert_eq!(row.phone_masked, "138****1234");
    let card = w.b.run(GetPerson { id: p.id }).unwrap();
    assert_eq!(card.id_number.unwrap().as_str(), "11010519491231002X");
    assert_eq!(card.phone, "13804561234");
    assert!(w.b.service().check().unwrap().is_clean());
}

#[test]
fn strike_off_talks_honours_and_reregistration_are_kept_and_audited() {
    let w = world();
    let a =
        w.b.run(CreatePerson {
            draft: elder("赵德明", &w.village),
        })
        .unwrap();
    let b =
        w.b.run(CreatePerson {
            draft: elder("钱秀英", &w.village),
        })
        .unwrap();
    let a =
        w.b.run(RecordTalk {
            id: a.id,
            rev: a.rev,
            talk: Talk {
                date: d(2023, 4, 2),
                by: "王主任".into(),
                summary: "多次未参加活动\u{1b}[2J".into(),
                outcome: TalkOutcome::StrikeOff,
            },
        })
        .unwrap();
    assert_eq!(
        a.elder.as_ref().unwrap().talks[0].summary,
        "多次未参加活动[2J"
    );
    let a =
        w.b.run(StrikeOffPerson {
            id: a.id,
            rev: a.rev,
            strike: StrikeOff {
                on: d(2023, 5, 1),
                reason: RemovalReason::Inactive,
                note: "本人同意".into(),
            },
        })
        .unwrap();
    assert!(matches!(
        w.b.run(StrikeOffPerson {
            id: a.id,
            rev: a.rev,
            strike: StrikeOff {
                on: d(2023, 6, 1),
                reason: RemovalReason::Inactive,
                note: String::new()
            }
        }),
        Err(Error::AlreadyStruckOff { .. })
    ));
    let b =
        w.b.run(AddHonour {
            id: b.id,
            rev: b.rev,
            honour: Honour {
                title: "先进典型".into(),
                level: HonourLevel::District,
                date: d(2023, 12, 20),
            },
        })
        .unwrap();
    // Re-registering a struck-off elder is refused, and then nobody is.
    assert!(matches!(
        w.b.run(Reregister {
            people: vec![(b.id, b.rev), (a.id, a.rev)],
            on: d(2023, 6, 30)
        }),
        Err(Error::AlreadyStruckOff { .. })
    ));
    assert_eq!(w.b.run(GetPerson { id: b.id }).unwrap().rev, b.rev);
    assert_eq!(
        w.b.run(Reregister {
            people: vec![(b.id, b.rev)],
            on: d(2023, 6, 30)
        })
        .unwrap(),
        1
    );

    let active =
        w.b.run(ListPeople {
            filter: PeopleFilter {
                status: Some(StatusFilter::Active),
                ..PeopleFilter::default()
            },
        })
        .unwrap();
    assert_eq!(active.len(), 1);
    assert_eq!(active[0].reregistered, Some(d(2023, 6, 30)));
    let history =
        w.b.run(History {
            unit: Some(w.village.id),
            limit: 0,
        })
        .unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.label_en()).collect();
    assert_eq!(
        &actions[..5],
        &["re-register", "honour", "strike off", "talk", "create"]
    );

    // Everything survives closing and reopening the database.
    let path = w.b.service().store().path().to_path_buf();
    drop(w.b);
    let again = LocalBackend::open(&path, &OpenOptions::default(), Actor::new("王主任")).unwrap();
    let a = again.run(GetPerson { id: a.id }).unwrap();
    assert!(matches!(
        a.elder.unwrap().status,
        RosterStatus::Removed {
            reason: RemovalReason::Inactive,
            ..
        }
    ));
    assert!(again.service().check().unwrap().is_clean());
}

/// The newsletter's team change, recorded as an office would: six posts at
/// the end of 2023, four of them filled that year by new deputies.
#[test]
fn recorded_team_change_gives_turnover_67_percent() {
    let w = world();
    let mut people = Vec::new();
    for name in [
        "刘振华",
        "戴占江",
        "宋继承",
        "阎广田",
        "白军",
        "孔玉梅",
        "徐守义",
        "许勇",
    ] {
        people.push(
            w.b.run(CreatePerson {
                draft: elder(name, &w.district),
            })
            .unwrap(),
        );
    }
    let appoint = |i: usize, role: Role, from: Day, area: &str| {
        w.b.run(Appoint {
            draft: PositionDraft {
                unit: w.district.id,
                person: people[i].id,
                role,
                from,
                doc: "爱关发〔2023〕5号".into(),
                area: area.into(),
            },
        })
        .unwrap()
    };
    let old = d(2018, 3, 1);
    appoint(0, Role::Director, old, "");
    appoint(1, Role::ExecutiveDeputy, old, "");
    let gone = [
        appoint(2, Role::Deputy, old, ""),
        appoint(3, Role::Deputy, old, ""),
    ];
    let change = d(2023, 3, 1);
    for p in &gone {
        w.b.run(EndPosition {
            id: p.id,
            rev: p.rev,
            on: change,
        })
        .unwrap();
    }
    for (i, area) in [(4, "创典型"), (5, "创经验"), (6, "创品牌"), (7, "宣传信息")] {
        appoint(i, Role::Deputy, change, area);
    }
    // A second director while the first serves is refused.
    assert!(matches!(
        w.b.run(Appoint {
            draft: PositionDraft {
                unit: w.district.id,
                person: people[4].id,
                role: Role::Director,
                from: change,
                doc: String::new(),
                area: String::new(),
            }
        }),
        Err(Error::RoleHeld { .. })
    ));
    // Ending a term again, or before it began, is refused.
    let terms =
        w.b.run(ListPositions {
            unit: None,
            include_ended: true,
        })
        .unwrap();
    let ended = terms.iter().find(|t| t.position.to.is_some()).unwrap();
    assert!(matches!(
        w.b.run(EndPosition {
            id: ended.position.id,
            rev: ended.position.rev,
            on: change
        }),
        Err(Error::PositionEnded { .. })
    ));
    let serving = terms.iter().find(|t| t.position.from == change).unwrap();
    assert!(matches!(
        w.b.run(EndPosition {
            id: serving.position.id,
            rev: serving.position.rev,
            on: d(2023, 2, 1)
        }),
        Err(Error::EndBeforeStart { .. })
    ));

    let f =
        w.b.run(GetPeopleFigures {
            unit: None,
            period: Period {
                from: d(2023, 1, 1),
                to: d(2023, 12, 31),
            },
            under_active_months: 6,
        })
        .unwrap();
    let team = f.teams.iter().find(|t| t.unit == w.district.id).unwrap();
    assert_eq!((team.positions, team.newly_filled), (6, 4));
    assert_eq!(team.turnover_percent, 67);

    let card =
        w.b.run(GetUnitPeople {
            unit: w.district.id,
        })
        .unwrap();
    assert_eq!(card.team.len(), 6);
    assert_eq!(card.team[0].person_name, "刘振华");
    assert_eq!(card.elders_below, 8);
    assert!(w.b.service().check().unwrap().is_clean());
}

/// An elder registered in the village, then moved today to a new 教体局,
/// which is returned.
fn move_an_elder_to_a_new_bureau(w: &kit::VillageWorld) -> ggw::domain::OrgUnit {
    let school =
        w.b.run(CreateUnit {
            parent: w.district.id,
            kind: UnitKind::EducationBureau,
            name: "教体局".into(),
            short_name: None,
        })
        .unwrap();
    let p =
        w.b.run(CreatePerson {
            draft: elder("赵守义", &w.village),
        })
        .unwrap();
    let mut moved = PersonDraft::of(&p);
    moved.unit = Some(school.id);
    w.b.run(UpdatePerson {
        id: p.id,
        rev: p.rev,
        draft: moved,
    })
    .unwrap();
    school
}

/// A move between units is read back from the audit log: a report on part
/// of the hierarchy counts the elder where they were on each day.
#[test]
fn a_report_on_a_subtree_follows_a_move() {
    let w = world();
    let school = move_an_elder_to_a_new_bureau(&w);
    // Moved today: on the roll in the village's township up to yesterday,
    // in the bureau at the end of today.
    let today = Day::today();
    let period = Period {
        from: today,
        to: today,
    };
    let township =
        w.b.run(ResolveUnit {
            given: "爱辉区/四嘉子乡".into(),
        })
        .unwrap();
    let figures = |unit| {
        w.b.run(GetPeopleFigures {
            unit: Some(unit),
            period,
            under_active_months: 6,
        })
        .unwrap()
    };
    let f = figures(township.id);
    assert_eq!((f.on_roll_start, f.on_roll_end), (1, 0));
    let f = figures(school.id);
    assert_eq!((f.on_roll_start, f.on_roll_end), (0, 1));
    assert_eq!(f.under_active.len(), 1);
    assert_eq!(f.under_active[0].unit_path, "爱辉区/教体局");
    let f =
        w.b.run(GetPeopleFigures {
            unit: None,
            period,
            under_active_months: 6,
        })
        .unwrap();
    assert_eq!((f.on_roll_start, f.on_roll_end), (1, 1));
}

/// The report's table asks for every unit below the district at once; each
/// row must be what that unit's own report gives, for the years the demo's
/// elders joined and were struck off in.
#[test]
fn figures_of_many_units_at_once_are_each_units_own() {
    let dir = kit::TempDir::new("figures-of");
    let b = kit::demo_backend(dir.path());
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let children: Vec<_> = b
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap()
        .into_iter()
        .filter(|u| u.parent == Some(district.id))
        .map(|u| u.id)
        .collect();
    assert!(children.len() > 10);
    for year in [2019, 2022, 2023, 2025] {
        let period = Period {
            from: Day::ymd(year, 1, 1).unwrap(),
            to: Day::ymd(year, 12, 31).unwrap(),
        };
        let all = b
            .run(GetPeopleFiguresOf {
                units: children.clone(),
                period,
                under_active_months: 6,
            })
            .unwrap();
        assert_eq!(all.len(), children.len());
        for (id, f) in children.iter().zip(&all) {
            let own = b
                .run(GetPeopleFigures {
                    unit: Some(*id),
                    period,
                    under_active_months: 6,
                })
                .unwrap();
            assert_eq!(f, &own, "unit {id} in {year}");
        }
    }
}

/// What `GetReportFigures` answers in one pass: the unit's figures as
/// `GetPeopleFigures` gives them, then each live unit directly below it as
/// `GetPeopleFiguresOf` gives them.
fn report_figures_are_the_separate_ones(
    b: &LocalBackend,
    unit: Option<UnitId>,
    period: Period,
    under_active_months: u32,
) -> usize {
    let together = b
        .run(GetReportFigures {
            unit,
            period,
            under_active_months,
        })
        .unwrap();
    let own = b
        .run(GetPeopleFigures {
            unit,
            period,
            under_active_months,
        })
        .unwrap();
    let children: Vec<_> = b
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap()
        .into_iter()
        .filter(|u| u.parent == Some(own.unit))
        .map(|u| u.id)
        .collect();
    let below = b
        .run(GetPeopleFiguresOf {
            units: children.clone(),
            period,
            under_active_months,
        })
        .unwrap();
    assert_eq!(together.len(), 1 + children.len());
    // The report lists the first of its unit's under-active queue and
    // nobody in the rows below it: their counts are whole.
    let mut own_cut = own.clone();
    own_cut.under_active.truncate(REPORT_UNDER_ACTIVE_LISTED);
    assert_eq!(together[0], own_cut, "{unit:?}");
    assert_eq!(together[0].under_active_count, own.under_active.len());
    let below_cut: Vec<PeopleFigures> = below
        .iter()
        .map(|f| {
            let mut f = f.clone();
            f.under_active.clear();
            f.joined_people.clear();
            f.struck_off_people.clear();
            f
        })
        .collect();
    assert_eq!(&together[1..], &below_cut[..], "{unit:?}");
    own.under_active.len()
}

#[test]
fn a_reports_figures_in_one_pass_are_those_asked_for_one_by_one() {
    let dir = kit::TempDir::new("report-figures");
    let b = kit::demo_backend(dir.path());
    let township = b
        .run(ResolveUnit {
            given: "爱辉区/四嘉子乡".into(),
        })
        .unwrap();
    let mut queued = 0;
    for year in [2019, 2023, 2025] {
        let period = Period {
            from: d(year, 1, 1),
            to: d(year, 12, 31),
        };
        queued += report_figures_are_the_separate_ones(&b, None, period, 6);
        report_figures_are_the_separate_ones(&b, Some(township.id), period, 6);
    }
    // The comparison covered the under-active queue, not only empty lists.
    assert!(queued > 0);
}

/// A person moved out of a township: the district's own figures place
/// people where they are now, the rows below it where they were.
#[test]
fn a_reports_figures_in_one_pass_follow_a_move_as_the_separate_ones() {
    let w = world();
    let school = move_an_elder_to_a_new_bureau(&w);
    let today = Day::today();
    let period = Period {
        from: today,
        to: today,
    };
    report_figures_are_the_separate_ones(&w.b, None, period, 6);
    report_figures_are_the_separate_ones(&w.b, Some(w.district.id), period, 6);
    let together =
        w.b.run(GetReportFigures {
            unit: None,
            period,
            under_active_months: 6,
        })
        .unwrap();
    let bureau = together.iter().find(|f| f.unit == school.id).unwrap();
    assert_eq!((bureau.on_roll_start, bureau.on_roll_end), (0, 1));
}
