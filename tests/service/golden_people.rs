//! The stored bytes of people, positions and reserve candidates, version 1, as committed in
//! tests/fixtures. Old bytes must always decode: if this test fails after a
//! change to `Person` or `Position`, the change needs a new record version
//! and an upgrade, not a new fixture. `GGW_BLESS=1` writes missing files.

use std::path::PathBuf;

use ggw::domain::UnitId;
use ggw::domain::day::Day;
use ggw::domain::id_number::{Gender, validate_id_number};
use ggw::domain::person::{
    Category, ElderMembership, Honour, HonourLevel, Person, PersonId, Position, PositionId,
    RemovalReason, Role, RosterStatus, Source, Talk, TalkOutcome,
};
use ggw::domain::reserve::{ReserveCandidate, ReserveId};
use ggw::store::codec::{self, Record};

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::ymd(y, m, d).unwrap()
}

fn person() -> Person {
    Person {
        id: PersonId(42),
        name: "张桂芳".into(),
        gender: Some(Gender::Female),
        birth: Some(day(1949, 12, 31)),
        phone: "13804561234".into(),
        id_number: Some(validate_id_number("11010519491231002X").unwrap()),
        address: "爱辉区花园街道金兰社区".into(),
        employer: "爱辉区第一小学".into(),
        post: "教导主任".into(),
        political: "中共党员".into(),
        unit: UnitId(7),
        notes: "书法特长\n擅长讲家风故事".into(),
        elder: Some(ElderMembership {
            category: Category::Teacher,
            core: true,
            skills: "书法".into(),
            health: "良好".into(),
            source: Source::Education,
            joined: Some(day(2021, 9, 1)),
            reregistered: Some(day(2023, 6, 30)),
            status: RosterStatus::Removed {
                on: day(2023, 12, 1),
                reason: RemovalReason::OwnRequest,
                note: "随子女迁居".into(),
            },
            talks: vec![Talk {
                date: day(2023, 3, 15),
                by: "王主任".into(),
                summary: "了解近况".into(),
                outcome: TalkOutcome::Watch,
            }],
            honours: vec![Honour {
                title: "先进典型".into(),
                level: HonourLevel::District,
                date: day(2022, 12, 20),
            }],
        }),
        created: 1_700_000_000,
        changed_at: 1_700_000_100,
        changed_by: "operator".into(),
        rev: 3,
        voided: None,
    }
}

fn position() -> Position {
    Position {
        id: PositionId(5),
        unit: UnitId(1),
        person: PersonId(42),
        role: Role::Deputy,
        from: day(2023, 3, 1),
        to: Some(day(2024, 3, 1)),
        doc: "爱关发〔2023〕5号".into(),
        area: "创典型".into(),
        created: 1_700_000_000,
        changed_at: 1_700_000_200,
        changed_by: "operator".into(),
        rev: 2,
    }
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn check<R: Record + PartialEq + std::fmt::Debug>(name: &str, expected: R) {
    let path = fixture(name);
    if std::env::var_os("GGW_BLESS").is_some() && !path.exists() {
        std::fs::write(&path, codec::encode(&expected)).unwrap();
    }
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let version = u16::from_le_bytes([bytes[0], bytes[1]]);
    assert!(version <= R::VERSION, "{name}: version header {version}");
    assert_eq!(codec::decode::<R>(&bytes).unwrap(), expected, "{name}");
    // Only the current version is written; older files are read only.
    if version == R::VERSION {
        assert_eq!(codec::encode(&expected), bytes, "{name}: encoding changed");
    }
}

#[test]
fn person_v1_decodes() {
    check("person_v1.bin", person());
}

#[test]
fn person_v2_decodes() {
    check(
        "person_v2.bin",
        Person {
            voided: Some(ggw::domain::void::Voided {
                at: 1_700_000_300,
                by: "operator".into(),
                reason: "重复登记".into(),
            }),
            ..person()
        },
    );
    // Not voided, as every person of version 1 is.
    check("person_v2_live.bin", person());
}

#[test]
fn position_v1_decodes() {
    check("position_v1.bin", position());
}

#[test]
fn reserve_candidate_v1_decodes() {
    check(
        "reserve_candidate_v1.bin",
        ReserveCandidate {
            id: ReserveId(3),
            unit: UnitId(6),
            person: PersonId(42),
            role: Role::ExecutiveDeputy,
            noted: day(2024, 1, 10),
            note: "常务副主任空缺，拟补".into(),
            created: 1_700_000_000,
            changed_at: 1_700_000_000,
            changed_by: "operator".into(),
            rev: 1,
        },
    );
}
