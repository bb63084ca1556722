//! Property fuzzing of the other doors outside bytes come in by: a user's
//! keymap file, an XLSX roster, protocol frames off the socket. None may
//! panic; each gives a value or an error, and what is whole comes back
//! whole. The coverage-guided versions are fuzz/fuzz_targets/{keymap,xlsx,
//! wire}.rs (scripts/fuzz.sh), seeded from fuzz/corpus/.

use std::path::Path;

use ggw::api::admin::{Check, Info};
use ggw::api::units::{CreateUnit, ResolveUnit};
use ggw::domain::{UnitId, UnitKind};
use ggw::io::people_file::{parse_rows, read_table};
use ggw::server::wire::{
    ClientFrame, FrameError, MAX_REQUEST, ServerFrame, frame_bytes, read_frame,
};
use ggw::service::{Request, Response};
use ggw::tui::keymap::Keymap;
use ggw::tui::keys;
use proptest::prelude::*;

/// Valid bytes with a few changed, cut or appended.
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
            b.truncate(cut);
            b.extend(tail);
            b
        })
}

/// PROPTEST_CASES when set (scripts/torture.sh), else `n`.
fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n)
}

// ---- keymap files ----

const PIECES: &[&str] = &[
    "[[tree]]\n",
    "[[roster]]\n",
    "[[form]]\n",
    "[[nowhere]]\n",
    "[tree]\n",
    "keys = [\"<c-j>\"]\n",
    "keys = [\"gg\", \"<home>\"]\n",
    "keys = []\n",
    "keys = [\"<c-\"]\n",
    "keys = [\"<F99>\"]\n",
    "keys = \"j\"\n",
    "action = \"down\"\n",
    "action = \"quit\"\n",
    "action = \"explode\"\n",
    "desc = \"下移\"\n",
    "desc = 3\n",
    "other = 1\n",
    "\"\n",
    "=\n",
    "\u{0}",
    "\n",
];

fn keymap_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            8 => proptest::sample::select(PIECES).prop_map(str::to_string),
            1 => ".{0,12}",
        ],
        0..16,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    // Each case parses the built-in keymap three times.
    #![proptest_config(ProptestConfig { cases: cases(64), ..ProptestConfig::default() })]

    #[test]
    fn keymap_files_are_laid_over_or_refused_with_a_line(text in keymap_text()) {
        let mut map = Keymap::builtin();
        match map.overlay(&text) {
            Ok(()) => {}
            Err((line, problem)) => {
                prop_assert!(line >= 1 && line <= text.lines().count().max(1) + 1,
                    "line {line} of {} in {text:?}", text.lines().count());
                prop_assert!(!problem.is_empty());
            }
        }
        // Through the file, a refusal keeps every default.
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let file = dir.path().join("keymap.toml");
        std::fs::write(&file, &text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let (loaded, error) = Keymap::load(Some(&file));
        if let Some(e) = error {
            prop_assert_eq!(e.file.as_path(), file.as_path());
            prop_assert!(loaded == Keymap::builtin(), "a refused file changed the defaults");
        }
    }

    #[test]
    fn key_notation_parses_or_refuses_and_round_trips(s in "(<[a-zA-Z0-9-]{0,6}>|[a-zA-Z<>-]|[^\\x00]){0,8}") {
        if let Ok(seq) = keys::parse(&s) {
            let again = keys::parse(&keys::seq_to_string(&seq));
            prop_assert_eq!(again.ok(), Some(seq));
        }
    }
}

// ---- XLSX rosters ----

/// A workbook with a header and rows of the given cells.
fn workbook(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if let Err(e) = sheet.write_string(r as u32, c as u16, cell) {
                panic!("writing a test workbook: {e}");
            }
        }
    }
    book.save_to_buffer()
        .unwrap_or_else(|e| panic!("saving a test workbook: {e}"))
}

fn cells() -> impl Strategy<Value = Vec<Vec<String>>> {
    let cell = prop_oneof![
        "[\\p{Han}a-z0-9]{1,8}",
        "[0-9]{18}",
        "19[4-6][0-9]-0[1-9]-1[0-9]"
    ];
    proptest::collection::vec(proptest::collection::vec(cell, 1..6), 1..6)
}

const HEADER: [&str; 5] = ["姓名", "性别", "出生日期", "类别", "所属单位"];

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(32), ..ProptestConfig::default() })]

    #[test]
    fn xlsx_rosters_read_whole_and_damaged_ones_never_panic(
        body in cells(),
        damage in any::<proptest::sample::Index>(),
        seed in any::<u64>(),
    ) {
        let mut rows = vec![HEADER.iter().map(|s| s.to_string()).collect::<Vec<_>>()];
        rows.extend(body.iter().cloned());
        let bytes = workbook(&rows);
        let path = Path::new("roster.xlsx");
        let table = read_table(path, &bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&table.header, &rows[0]);
        prop_assert_eq!(table.rows.len(), body.len());
        for (read, written) in table.rows.iter().zip(&body) {
            let trimmed: Vec<&String> = read.fields.iter().take(written.len()).collect();
            prop_assert_eq!(trimmed, written.iter().collect::<Vec<_>>());
        }
        // Each row is a person or a problem with its line; never a panic.
        let _ = parse_rows(&table);

        // One byte changed somewhere in the zip, or the file cut there.
        let mut hurt = bytes.clone();
        let at = damage.index(hurt.len());
        if seed % 2 == 0 {
            hurt[at] ^= (seed >> 8) as u8 | 1;
        } else {
            hurt.truncate(at);
        }
        if let Ok(t) = read_table(path, &hurt) {
            let _ = parse_rows(&t);
        }
    }

    #[test]
    fn arbitrary_bytes_named_xlsx_give_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut zip = b"PK\x03\x04".to_vec();
        zip.extend(&bytes);
        prop_assert!(read_table(Path::new("roster.xlsx"), &zip).is_err());
    }
}

// ---- protocol frames ----

fn request() -> impl Strategy<Value = Request> {
    prop_oneof![
        Just(Request::from(Info {})),
        Just(Request::from(Check {})),
        (any::<u64>(), ".{0,10}", proptest::option::of(".{0,4}")).prop_map(|(p, name, short)| {
            Request::from(CreateUnit {
                parent: UnitId(p),
                kind: UnitKind::Village,
                name,
                short_name: short,
            })
        }),
        (".{0,10}", any::<usize>()).prop_map(|(given, _)| Request::from(ResolveUnit { given })),
    ]
}

fn client_frame() -> impl Strategy<Value = ClientFrame> {
    (any::<u64>(), request()).prop_map(|(id, request)| ClientFrame::Call { id, request })
}

proptest! {
    #[test]
    fn frames_round_trip_and_damaged_ones_are_errors(
        frame in client_frame(),
        mutation in any::<u64>(),
    ) {
        let bytes = frame_bytes(&frame);
        let read: ClientFrame = read_frame(&mut &bytes[..], MAX_REQUEST)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(&read, &frame);
        // Any cut short of the whole frame is an error, never a frame.
        let cut = (mutation as usize) % bytes.len();
        prop_assert!(read_frame::<ClientFrame>(&mut &bytes[..cut], MAX_REQUEST).is_err());
    }

    #[test]
    fn damaged_frames_never_panic(bytes in damaged(frame_bytes(&ClientFrame::Call {
        id: 9,
        request: Request::from(CreateUnit {
            parent: UnitId(1),
            kind: UnitKind::School,
            name: "新生乡学校".into(),
            short_name: None,
        }),
    }))) {
        let _ = read_frame::<ClientFrame>(&mut &bytes[..], MAX_REQUEST);
        let _ = read_frame::<ServerFrame>(&mut &bytes[..], MAX_REQUEST);
    }

    #[test]
    fn lengths_over_the_limit_are_refused_before_reading(size in (MAX_REQUEST + 1)..=u32::MAX) {
        let mut bytes = size.to_le_bytes().to_vec();
        bytes.extend([0u8; 16]);
        match read_frame::<ClientFrame>(&mut &bytes[..], MAX_REQUEST) {
            Err(FrameError::TooLarge { size: s, limit }) => {
                prop_assert_eq!((s, limit), (size, MAX_REQUEST));
            }
            other => prop_assert!(false, "expected TooLarge, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn replies_survive_damage_without_panic(bytes in damaged(frame_bytes(&ServerFrame::Reply {
        id: 3,
        result: Ok(Response::Count(12)),
    }))) {
        let _ = read_frame::<ServerFrame>(&mut &bytes[..], MAX_REQUEST);
    }
}
