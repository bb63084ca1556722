//! Golden bytes of every record kind at every released version: old bytes
//! must always decode. Regenerate only for a new version, never over an old
//! file: `GGW_BLESS=1 cargo test --test codec_fixtures`.

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
