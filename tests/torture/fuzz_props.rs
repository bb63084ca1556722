//! Property fuzzing of everything that reads outside bytes: stored records,
//! CSV files, typed dates, names. None may panic; each returns a value or an
//! error, and what it accepts holds the promised shape. The coverage-guided
//! versions of these targets live under fuzz/ (scripts/fuzz.sh).

use ggw::domain::audit::{AuditAction, AuditEntry, RecordKind};
use ggw::domain::text::{MAX_NAME_WIDTH, check_name, display_width, is_forbidden};
use ggw::domain::{OrgUnit, UnitId, UnitKind};
use ggw::io::csv::{read_csv, read_csv_str, write_csv};
use ggw::io::dates::parse_date;
use ggw::store::codec::{decode, encode};
use proptest::prelude::*;

fn unit_strategy() -> impl Strategy<Value = OrgUnit> {
    (
        any::<u64>(),
        ".{0,12}",
        proptest::option::of(".{0,6}"),
        0..UnitKind::ALL.len(),
        proptest::option::of(any::<u64>()),
        any::<i64>(),
        proptest::option::of(any::<i64>()),
        any::<u64>(),
    )
        .prop_map(
            |(id, name, short_name, kind, parent, at, archived, rev)| OrgUnit {
                id: UnitId(id),
                name,
                short_name,
                kind: UnitKind::ALL[kind],
                parent: parent.map(UnitId),
                created: at,
                archived,
                changed_at: at,
                changed_by: "用户".into(),
                rev,
            },
        )
}

/// Valid records with a few bytes changed, cut or appended: the damage a
/// torn write or a bad sector does, and the inputs most likely to get past
/// the first checks of a decoder.
fn damaged(bytes: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    let len = bytes.len();
    (
        proptest::collection::vec((0..len.max(1), any::<u8>()), 0..4),
        0..=len,
        proptest::collection::vec(any::<u8>(), 0..4),
    )
        .prop_map(move |(edits, cut, tail)| {
            let mut b = bytes.clone();
            for (i, v) in edits {
                if let Some(x) = b.get_mut(i) {
                    *x = v;
                }
            }
            b.truncate(cut.max(1));
            b.extend(tail);
            b
        })
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(512)
}

proptest! {
    // 512 cases each in `cargo test`; scripts/torture.sh sets
    // PROPTEST_CASES for a longer run.
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn records_from_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let _ = decode::<OrgUnit>(&bytes);
        let _ = decode::<AuditEntry>(&bytes);
    }

    #[test]
    fn records_with_huge_length_prefixes(
        head in proptest::collection::vec(any::<u8>(), 0..24),
        len in any::<u64>(),
    ) {
        // A varint length of up to 2^64 where a string or option should be:
        // the decoder must refuse, not try to allocate it.
        let mut bytes = vec![1, 0];
        bytes.extend(&head);
        bytes.push(253);
        bytes.extend(len.to_le_bytes());
        let _ = decode::<OrgUnit>(&bytes);
        let _ = decode::<AuditEntry>(&bytes);
    }

    #[test]
    fn units_round_trip(unit in unit_strategy()) {
        prop_assert_eq!(decode::<OrgUnit>(&encode(&unit)), Ok(unit));
    }

    #[test]
    fn damaged_units_never_panic(bytes in unit_strategy().prop_flat_map(|u| damaged(encode(&u)))) {
        let _ = decode::<OrgUnit>(&bytes);
    }

    #[test]
    fn damaged_audit_entries_never_panic(
        bytes in (any::<u64>(), ".{0,8}", proptest::option::of(".{0,30}")).prop_flat_map(
            |(id, label, after)| damaged(encode(&AuditEntry {
                id,
                at: 0,
                user: "u".into(),
                action: AuditAction::Rename,
                kind: RecordKind::Unit,
                record: id,
                unit: Some(UnitId(id)),
                label,
                before: None,
                after,
            })),
        )
    ) {
        let _ = decode::<AuditEntry>(&bytes);
    }

    #[test]
    fn csv_from_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read_csv(&bytes);
    }

    #[test]
    fn csv_from_csv_like_text(s in "[,\"\r\n a中\u{FEFF}\u{1b}]{0,80}") {
        if let Ok(rows) = read_csv_str(&s) {
            for r in rows {
                prop_assert!(r.line >= 1);
            }
        }
    }

    #[test]
    fn csv_round_trips(rows in proptest::collection::vec(
        proptest::collection::vec("[a中,\"\n ]{1,6}", 1..4), 1..5)
    ) {
        // Rows with at least one non-blank field survive a write and a read.
        let rows: Vec<Vec<String>> = rows
            .into_iter()
            .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
            .collect();
        let written = write_csv(&rows, true);
        let read = read_csv_str(&written);
        prop_assert!(read.is_ok(), "{:?} → {:?}", written, read);
        let back: Vec<Vec<String>> = read.unwrap_or_default().into_iter().map(|r| r.fields).collect();
        prop_assert_eq!(back, rows);
    }

    #[test]
    fn dates_from_arbitrary_text(s in ".{0,40}") {
        let _ = parse_date(&s);
    }

    #[test]
    fn dates_from_date_like_text(s in "[0-9０-９/.\\-年月日号: ]{0,20}") {
        if let Ok(d) = parse_date(&s) {
            // Whatever was accepted reads back from its canonical form.
            prop_assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Ok(d));
        }
    }

    #[test]
    fn accepted_names_are_clean(s in ".{0,50}") {
        if let Ok(name) = check_name(&s) {
            prop_assert!(!name.chars().any(is_forbidden));
            prop_assert!(!name.is_empty());
            prop_assert!(display_width(&name) <= MAX_NAME_WIDTH);
        }
    }
}

/// Found by `records_with_huge_length_prefixes`: a damaged name length made
/// the decoder allocate 2.8 EB and abort the whole program.
#[test]
fn damaged_length_prefix_is_an_error_not_an_abort() {
    let mut bytes = vec![1, 0, 7];
    bytes.push(253);
    bytes.extend((u64::MAX / 4).to_le_bytes());
    assert!(decode::<OrgUnit>(&bytes).is_err());
    let mut bytes = vec![1, 0, 7, 0];
    bytes.push(252);
    bytes.extend(u32::MAX.to_le_bytes());
    assert!(decode::<AuditEntry>(&bytes).is_err());
}
