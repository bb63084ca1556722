//! Golden bytes of every record kind at every released version: old bytes
//! must always decode. Regenerate only for a new version, never over an old
//! file: `GGW_BLESS=1 cargo test --test integration service::codec_fixtures::`.

use std::path::PathBuf;

use ggw::domain::audit::{AuditAction, AuditEntry, RecordKind};
use ggw::domain::{OrgUnit, UnitId, UnitKind};
use ggw::store::codec::{self, Record};

fn fixture<R: Record + PartialEq + std::fmt::Debug>(name: &str, expected: &R) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    if std::env::var_os("GGW_BLESS").is_some() && !path.exists() {
        std::fs::write(&path, codec::encode(expected)).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let decoded: R = codec::decode(&bytes).unwrap();
    assert_eq!(&decoded, expected, "{name} decodes to the recorded value");
    if u16::from_le_bytes([bytes[0], bytes[1]]) == R::VERSION {
        assert_eq!(
            codec::encode(expected),
            bytes,
            "{name}: current encoding is unchanged"
        );
    }
}

#[test]
fn unit_v1() {
    fixture(
        "unit_v1.bin",
        &OrgUnit {
            id: UnitId(3),
            name: "小乌斯力村".into(),
            short_name: Some("小乌斯力".into()),
            kind: UnitKind::Village,
            parent: Some(UnitId(2)),
            created: 1_705_363_200,
            archived: None,
            changed_at: 1_705_366_800,
            changed_by: "wangli".into(),
            rev: 4,
        },
    );
}

#[test]
fn audit_v1() {
    fixture(
        "audit_v1.bin",
        &AuditEntry {
            id: 41,
            at: 1_705_366_800,
            user: "wangli".into(),
            action: AuditAction::Rename,
            kind: RecordKind::Unit,
            record: 3,
            unit: Some(UnitId(3)),
            label: "小乌斯力村".into(),
            before: Some(r#"{"name":"乌斯力村"}"#.into()),
            after: Some(r#"{"name":"小乌斯力村"}"#.into()),
        },
    );
}

#[test]
fn damaged_fixture_is_refused() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/unit_v1.bin");
    let mut bytes = std::fs::read(path).unwrap();
    bytes.push(0);
    assert!(codec::decode::<OrgUnit>(&bytes).is_err());
    bytes.truncate(bytes.len() - 3);
    assert!(codec::decode::<OrgUnit>(&bytes).is_err());
}

fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn nine() -> chrono::NaiveTime {
    chrono::NaiveTime::from_hms_opt(9, 0, 0).unwrap()
}

#[test]
fn meeting_series_v1() {
    use ggw::domain::meeting::*;
    use ggw::domain::recurrence::{Exceptions, Rule};
    use ggw::domain::workdays::Shift;
    let mut exceptions = Exceptions::default();
    exceptions.skip(date(2025, 8, 4));
    exceptions.move_to(date(2025, 9, 1), date(2025, 9, 2));
    fixture(
        "meeting_series_v1.bin",
        &MeetingSeries {
            id: SeriesId(2),
            kind: MeetingKind::DirectorsOffice,
            title: "主任办公会".into(),
            host: UnitId(1),
            rule: Rule::parse("FREQ=MONTHLY;BYDAY=1MO;UNTIL=20261231").unwrap(),
            start: date(2024, 1, 1),
            time: nine(),
            duration_minutes: 120,
            place: "区关工委会议室".into(),
            shift: Shift::Next,
            exceptions,
            attendee_rules: vec![
                AttendeeRule {
                    roles: vec![LeaderRole::Director, LeaderRole::Deputy],
                    scope: UnitScope::Unit(UnitId(1)),
                },
                AttendeeRule {
                    roles: vec![LeaderRole::Director],
                    scope: UnitScope::ChildrenOf {
                        parent: UnitId(1),
                        kinds: vec![UnitKind::Township, UnitKind::EducationBureau],
                    },
                },
            ],
            attendees: vec![Attendee {
                person: Some(5),
                name: "李秀兰".into(),
                unit: Some(UnitId(1)),
            }],
            agenda: vec![AgendaItem {
                title: "传达上级会议精神".into(),
                reporter: Some("刘志远".into()),
            }],
            report_per_attendee: true,
            archived: None,
            created: 1_705_363_200,
            changed_at: 1_705_366_800,
            changed_by: "wangli".into(),
            rev: 3,
        },
    );
}

#[test]
fn meeting_v1() {
    use ggw::domain::meeting::*;
    fixture(
        "meeting_v1.bin",
        &Meeting {
            id: MeetingId(9),
            series: SeriesId(2),
            rule_date: date(2025, 2, 3),
            date: date(2025, 2, 5),
            time: nine(),
            place: "区关工委会议室".into(),
            status: MeetingStatus::Held,
            attendance: vec![
                AttendanceEntry {
                    attendee: Attendee::named("刘志远"),
                    presence: Presence::Present,
                },
                AttendanceEntry {
                    attendee: Attendee::named("张国庆"),
                    presence: Presence::Absent {
                        reason: "外出学习".into(),
                    },
                },
                AttendanceEntry {
                    attendee: Attendee::named("孙振东"),
                    presence: Presence::Substitute {
                        by: "王建华".into(),
                    },
                },
            ],
            agenda: vec![AgendaItem {
                title: "张国庆汇报分管工作进展".into(),
                reporter: Some("张国庆".into()),
            }],
            minutes: "李秀兰：四嘉子乡培育方案月底前报区关工委\n第二行".into(),
            decisions: vec!["各副主任每月5日前报进展".into()],
            created: 1_738_713_600,
            changed_at: 1_738_717_200,
            changed_by: "wangli".into(),
            rev: 2,
            voided: None,
        },
    );
    fixture(
        "meeting_postponed_v1.bin",
        &Meeting {
            id: MeetingId(10),
            series: SeriesId(3),
            rule_date: date(2025, 4, 8),
            date: date(2025, 4, 15),
            time: nine(),
            place: String::new(),
            status: MeetingStatus::Postponed {
                from: date(2025, 4, 8),
            },
            attendance: Vec::new(),
            agenda: Vec::new(),
            minutes: String::new(),
            decisions: Vec::new(),
            created: 1,
            changed_at: 2,
            changed_by: "x".into(),
            rev: 1,
            voided: None,
        },
    );
}

#[test]
fn task_v1() {
    use ggw::domain::meeting::{Attendee, MeetingId};
    use ggw::domain::task::*;
    fixture(
        "task_v1.bin",
        &Task {
            id: TaskId(4),
            title: "四嘉子乡培育方案月底前报区关工委".into(),
            owner: Attendee::named("李秀兰"),
            unit: Some(UnitId(1)),
            meeting: Some(MeetingId(9)),
            opened: date(2025, 2, 5),
            due: Some(date(2025, 2, 28)),
            status: TaskStatus::Done {
                on: date(2025, 2, 26),
            },
            notes: vec![ProgressNote {
                on: date(2025, 2, 20),
                by: "wangli".into(),
                text: "方案初稿已完成".into(),
            }],
            created: 1_738_713_600,
            changed_at: 1_738_717_200,
            changed_by: "wangli".into(),
            rev: 3,
            voided: None,
        },
    );
}

/// Version 2 of meetings and tasks: the version 1 records above, voided
/// and not.
#[test]
fn meeting_and_task_v2() {
    use ggw::domain::meeting::Meeting;
    use ggw::domain::task::Task;
    use ggw::domain::void::Voided;
    let read = |name: &str| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        std::fs::read(path).unwrap()
    };
    let voided = Some(Voided {
        at: 1_738_720_800,
        by: "wangli".into(),
        reason: "录错了系列".into(),
    });
    let meeting: Meeting = codec::decode(&read("meeting_v1.bin")).unwrap();
    assert_eq!(meeting.voided, None);
    fixture("meeting_v2_live.bin", &meeting);
    fixture(
        "meeting_v2.bin",
        &Meeting {
            voided: voided.clone(),
            ..meeting
        },
    );
    let task: Task = codec::decode(&read("task_v1.bin")).unwrap();
    assert_eq!(task.voided, None);
    fixture("task_v2_live.bin", &task);
    fixture("task_v2.bin", &Task { voided, ..task });
}

mod work {
    use super::fixture;
    use ggw::domain::UnitId;
    use ggw::domain::day::Day;
    use ggw::domain::person::PersonId;
    use ggw::domain::void::Voided;
    use ggw::domain::work::{
        Activity, ActivityId, ActivityKind, Attendance, StudySession, StudySessionId, Training,
        TrainingId, TrainingMode, VillageVisit, VisitId, WorkTally,
    };

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    #[test]
    fn activity_v1() {
        fixture(
            "activity_v1.bin",
            &Activity {
                id: ActivityId(12),
                unit: UnitId(3),
                date: day(2021, 6, 28),
                title: "老少同声颂党恩".into(),
                theme: "庆祝建党一百周年".into(),
                kind: ActivityKind::Education,
                online: false,
                place: "小乌斯力村文化广场".into(),
                youths: 86,
                elders: vec![PersonId(7), PersonId(9)],
                notes: "五老讲党史".into(),
                created: 1_624_838_400,
                changed_at: 1_624_842_000,
                changed_by: "wangli".into(),
                rev: 2,
                voided: None,
            },
        );
    }

    #[test]
    fn training_v1() {
        fixture(
            "training_v1.bin",
            &Training {
                id: TrainingId(4),
                unit: UnitId(2),
                date: day(2022, 3, 15),
                mode: TrainingMode::MeetingAsTraining,
                topic: "关工委工作方法".into(),
                attendance: Attendance::HeadCount(45),
                created: 1_647_302_400,
                changed_at: 1_647_302_400,
                changed_by: "wangli".into(),
                rev: 1,
                voided: Some(Voided {
                    at: 1_647_306_000,
                    by: "zhao".into(),
                    reason: "重复录入".into(),
                }),
            },
        );
    }

    #[test]
    fn village_visit_v1() {
        fixture(
            "village_visit_v1.bin",
            &VillageVisit {
                id: VisitId(5),
                person: PersonId(7),
                village: UnitId(3),
                date: day(2023, 9, 1),
                purpose: "了解留守儿童情况".into(),
                result: "建立帮扶台账".into(),
                created: 1_693_526_400,
                changed_at: 1_693_526_400,
                changed_by: "wangli".into(),
                rev: 1,
                voided: None,
            },
        );
    }

    #[test]
    fn study_session_v1() {
        fixture(
            "study_session_v1.bin",
            &StudySession {
                id: StudySessionId(2),
                base: UnitId(9),
                date: day(2023, 5, 20),
                visitor: "黑河市第一中学".into(),
                students: 120,
                theme: "爱国主义教育".into(),
                created: 1_684_540_800,
                changed_at: 1_684_540_800,
                changed_by: "wangli".into(),
                rev: 1,
                voided: None,
            },
        );
    }

    #[test]
    fn work_tally_v1() {
        fixture(
            "work_tally_v1.bin",
            &WorkTally {
                activities: 3,
                online: 1,
                youths: 210,
                by_kind: [1, 1, 0, 0, 1, 0, 0],
                trainings: 1,
                person_times: 45,
                by_mode: [1, 0, 0, 0],
                visits: 2,
                study_sessions: 1,
                students: 120,
            },
        );
    }
}

mod sanchuang {
    use super::fixture;
    use ggw::domain::UnitId;
    use ggw::domain::bulletin::{
        Adoption, AdoptionLevel, Bulletin, BulletinId, InfoId, InfoItem, IssueNumber,
    };
    use ggw::domain::day::Day;
    use ggw::domain::guidance::{
        Findings, GroupId, GroupLine, GuidanceId, GuidanceMethod, GuidanceVisit, WorkingGroup,
    };
    use ggw::domain::person::PersonId;
    use ggw::domain::plan::{Creation, Plan, PlanId, Stage, StageChange};
    use ggw::domain::task::TaskId;

    fn day(y: i32, m: u32, d: u32) -> Day {
        Day::ymd(y, m, d).unwrap()
    }

    #[test]
    fn plan_v1() {
        fixture(
            "plan_v1.bin",
            &Plan {
                id: PlanId(3),
                unit: UnitId(12),
                creation: Creation::Model,
                base: "村关工小组健全".into(),
                strengths: "民族特色".into(),
                weaknesses: "台账不全".into(),
                goals: "建成示范村".into(),
                measures: "每月一次活动".into(),
                owner: Some(PersonId(7)),
                opened: day(2022, 3, 1),
                changes: vec![
                    StageChange {
                        to: Stage::Cultivating,
                        on: day(2022, 5, 1),
                        note: "启动培育".into(),
                        failed: false,
                        by: "wangli".into(),
                        at: 1_651_363_200,
                    },
                    StageChange {
                        to: Stage::Inspection,
                        on: day(2022, 10, 1),
                        note: String::new(),
                        failed: false,
                        by: "wangli".into(),
                        at: 1_664_582_400,
                    },
                    StageChange {
                        to: Stage::Cultivating,
                        on: day(2022, 10, 20),
                        note: "材料不全".into(),
                        failed: true,
                        by: "zhao".into(),
                        at: 1_666_224_000,
                    },
                ],
                created: 1_646_092_800,
                changed_at: 1_666_224_000,
                changed_by: "zhao".into(),
                rev: 4,
                voided: None,
            },
        );
    }

    #[test]
    fn working_group_and_guidance_visit_v1() {
        fixture(
            "working_group_v1.bin",
            &WorkingGroup {
                id: GroupId(2),
                name: "教育战线组".into(),
                line: GroupLine::Education,
                members: vec![PersonId(7), PersonId(8)],
                created: 1_646_092_800,
                changed_at: 1_646_092_800,
                changed_by: "wangli".into(),
                rev: 1,
                voided: None,
            },
        );
        fixture(
            "guidance_visit_v1.bin",
            &GuidanceVisit {
                id: GuidanceId(5),
                group: GroupId(2),
                unit: UnitId(20),
                date: day(2022, 6, 8),
                methods: vec![GuidanceMethod::Report, GuidanceMethod::Documents],
                findings: Findings {
                    feature: "一校一品".into(),
                    strength: "师资强".into(),
                    problem: "宣传不够".into(),
                    next: "总结经验".into(),
                    model: "以点带面".into(),
                },
                tasks: vec![TaskId(41)],
                created: 1_654_646_400,
                changed_at: 1_654_646_400,
                changed_by: "wangli".into(),
                rev: 1,
                voided: None,
            },
        );
    }

    #[test]
    fn info_item_and_bulletin_v1() {
        fixture(
            "info_item_v1.bin",
            &InfoItem {
                id: InfoId(9),
                unit: UnitId(12),
                title: "小乌斯力村开展民族文化活动".into(),
                body: "第一段。\n第二段。".into(),
                authors: vec![PersonId(7)],
                written: day(2023, 4, 2),
                submitted: Some(day(2023, 4, 3)),
                adoptions: vec![Adoption {
                    level: AdoptionLevel::Province,
                    outlet: "龙江关工".into(),
                    reference: "2023年第5期".into(),
                    on: day(2023, 5, 10),
                }],
                created: 1_680_393_600,
                changed_at: 1_683_676_800,
                changed_by: "wangli".into(),
                rev: 2,
                voided: None,
            },
        );
        fixture(
            "bulletin_v1.bin",
            &Bulletin {
                id: BulletinId(37),
                issue: IssueNumber {
                    year: 2024,
                    number: 4,
                    running: 37,
                },
                date: day(2024, 6, 5),
                editor: Some(PersonId(7)),
                items: vec![InfoId(9), InfoId(11)],
                created: 1_717_545_600,
                changed_at: 1_717_545_600,
                changed_by: "wangli".into(),
                rev: 1,
                voided: None,
            },
        );
    }
}
