//! Blank-looking and look-alike characters: refused in names, with the
//! character named by its code and position in both languages; dropped
//! from free text. Through the service, and once through `ggw unit add`.

use crate::kit;
use crate::kit::{TempDir as Scratch, text};
use crate::torture::ggw_on;

use ggw::api::people::{CreatePerson, ExportPeople};
use ggw::api::units::{CreateUnit, ListUnits, ResolveUnit};
use ggw::backend::BackendExt;
use ggw::domain::UnitKind;
use ggw::domain::text::CharKind;
use ggw::error::Error;
use ggw::lang::Lang;

/// Each shows as nothing or as a blank, or passes for another character.
const HOSTILE: &[(char, CharKind)] = &[
    ('\u{3164}', CharKind::Invisible),  // Hangul filler
    ('\u{115F}', CharKind::Invisible),  // Hangul choseong filler
    ('\u{1160}', CharKind::Invisible),  // Hangul jungseong filler
    ('\u{FFA0}', CharKind::Invisible),  // halfwidth Hangul filler
    ('\u{2800}', CharKind::Invisible),  // braille blank
    ('\u{E0020}', CharKind::Invisible), // tag space
    ('\u{E0067}', CharKind::Invisible), // tag letter g
    ('\u{E007F}', CharKind::Invisible), // cancel tag
    ('\u{FE0F}', CharKind::Invisible),  // variation selector 16
    ('\u{FE00}', CharKind::Invisible),  // variation selector 1
    ('\u{E0100}', CharKind::Invisible), // variation selector 17
    ('\u{00AD}', CharKind::Invisible),  // soft hyphen
    ('\u{180E}', CharKind::Invisible),  // Mongolian vowel separator
    ('\u{2028}', CharKind::Invisible),  // line separator
    ('\u{2029}', CharKind::Invisible),  // paragraph separator
    ('\u{2062}', CharKind::Invisible),  // invisible times
    ('\u{034F}', CharKind::Invisible),  // combining grapheme joiner
    ('\u{FFFF}', CharKind::Invisible),  // non-character
    ('\u{061C}', CharKind::Direction),  // Arabic letter mark
    ('\u{200E}', CharKind::Direction),  // left-to-right mark
    ('\u{00A0}', CharKind::OddSpace),   // no-break space
    ('\u{2009}', CharKind::OddSpace),   // thin space
];

#[test]
fn each_hostile_character_is_refused_in_unit_and_person_names() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "zhang");
    let root = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    for &(c, kind) in HOSTILE {
        let code = u32::from(c);
        let expected = Error::NameForbiddenChar {
            position: 3,
            code,
            kind,
        };
        let name = format!("新生{c}乡");
        let unit = b.run(CreateUnit {
            parent: root.id,
            kind: UnitKind::Township,
            name: name.to_string(),
            short_name: None,
        });
        assert_eq!(unit.as_ref().err(), Some(&expected), "unit U+{code:04X}");
        let person = b.run(CreatePerson {
            draft: kit::elder(&format!("张三{c}丰"), &root),
        });
        assert_eq!(
            person.as_ref().err(),
            Some(&expected),
            "person U+{code:04X}"
        );
        let zh = expected.message(Lang::Zh);
        let en = expected.message(Lang::En);
        let shown = format!("U+{code:04X}");
        assert!(zh.contains(&shown) && zh.contains("第 3 个字符"), "{zh}");
        assert!(en.contains(&shown) && en.contains("Character 3"), "{en}");
        assert!(!zh.contains(c) && !en.contains(c), "the message shows it");
    }
    // Nothing was saved along the way.
    let units = b
        .run(ListUnits {
            include_archived: true,
        })
        .unwrap();
    assert_eq!(units.len(), 1, "{units:?}");
}

#[test]
fn a_letter_under_thousands_of_marks_is_refused() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "zhang");
    let root = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    // The name: one column wide, 10,000 characters. The size limit
    // on every name refuses it before its marks are counted.
    let zalgo = format!("a{}", "\u{0301}".repeat(9_999));
    let err = b
        .run(CreateUnit {
            parent: root.id,
            kind: UnitKind::Township,
            name: zalgo.to_string(),
            short_name: None,
        })
        .unwrap_err();
    assert_eq!(
        err,
        Error::TooLong {
            field: ggw::domain::limits::Limited::Name,
            given: 10_000
        }
    );
    // Short enough for the limit, five marks on one letter are still too many.
    let stacked = format!("a{}b", "\u{0301}".repeat(5));
    for err in [
        b.run(CreateUnit {
            parent: root.id,
            kind: UnitKind::Township,
            name: stacked.to_string(),
            short_name: None,
        })
        .unwrap_err(),
        b.run(CreatePerson {
            draft: kit::elder(&stacked, &root),
        })
        .unwrap_err(),
        b.run(CreatePerson {
            draft: kit::elder(&zalgo, &root),
        })
        .unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                Error::NameTooManyMarks {
                    position: 6,
                    max: 4
                } | Error::TooLong { .. }
            ),
            "{err:?}"
        );
    }
    let err = b
        .run(CreateUnit {
            parent: root.id,
            kind: UnitKind::Township,
            name: stacked.to_string(),
            short_name: None,
        })
        .unwrap_err();
    assert_eq!(
        err,
        Error::NameTooManyMarks {
            position: 6,
            max: 4
        }
    );
    assert!(err.message(Lang::En).contains("at most 4 on one letter"));
    // Real names in use keep working, the 中点 of minority names included.
    for name in [
        "阿依古丽·买买提",
        "阿不都·热合曼",
        "欧阳　修",
        "Nguyễn Văn A",
    ] {
        b.run(CreatePerson {
            draft: kit::elder(name, &root),
        })
        .unwrap_or_else(|e| panic!("{name}: {}", e.message(Lang::En)));
    }
}

#[test]
fn invisible_characters_are_dropped_from_free_text() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "zhang");
    let root = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let mut draft = kit::elder("李四", &root);
    draft.notes = "擅长\u{3164}书法\u{E0020}\u{E0041}，\u{00AD}身体\u{FE0F}好\u{2028}第二行".into();
    draft.address = "新生乡\u{2800}一村\u{061C}".into();
    let p = b.run(CreatePerson { draft }).unwrap();
    assert_eq!(p.notes, "擅长书法，身体好\n第二行");
    assert_eq!(p.address, "新生乡一村");
}

/// The characters of the report, end to end: refused with their code,
/// nothing stored, and the refusal itself carries none of them.
#[test]
fn unit_add_refuses_hostile_names_naming_the_character() {
    let dir = Scratch::new("hostile-text");
    let db = dir.path().join("db");
    let init = ggw_on(&db, &["init", "--district", "测试区"]);
    assert!(init.status.success(), "{}", text(&init.stderr));
    let zalgo = format!("a{}", "\u{0301}".repeat(9_999));
    let cases: Vec<(String, &str)> = vec![
        ("\u{3164}".into(), "Character 1 of the name (U+3164)"),
        (
            "新生乡\u{E0020}\u{E0041}".into(),
            "Character 4 of the name (U+E0020)",
        ),
        ("新生\u{FE0F}乡".into(), "Character 3 of the name (U+FE0F)"),
        ("新\u{00AD}生乡".into(), "Character 2 of the name (U+00AD)"),
        ("新生\u{061C}乡".into(), "Character 3 of the name (U+061C)"),
        ("新生\u{2028}乡".into(), "Character 3 of the name (U+2028)"),
        (zalgo, "a name is too long (10000 characters, at most 60"),
        (
            format!("a{}b", "\u{0301}".repeat(5)),
            "stacked at character 6",
        ),
    ];
    for (name, said) in &cases {
        let out = ggw_on(
            &db,
            &[
                "unit", "add", "--parent", "1", "--kind", "township", "--name", name,
            ],
        );
        let err = text(&out.stderr);
        assert!(!out.status.success(), "{said}: accepted");
        assert!(err.contains(said), "{said}: {err}");
        assert!(
            !err.chars()
                .any(|c| c != '\n' && ggw::domain::text::is_forbidden(c)),
            "{said}: the refusal carries the character: {err:?}"
        );
    }
    let out = kit::ggw()
        .arg("--db")
        .arg(&db)
        .args(["--lang", "zh", "unit", "add", "--parent", "1"])
        .args(["--kind", "township", "--name", "新生\u{3164}乡"])
        .output()
        .unwrap();
    let err = text(&out.stderr);
    assert!(
        err.contains("名称第 3 个字符（U+3164）是不可见字符"),
        "{err}"
    );
    let units = text(&ggw_on(&db, &["units", "--all", "--format", "json"]).stdout);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&units).unwrap();
    assert_eq!(rows.len(), 1, "something was stored: {units}");
}

/// A cell a spreadsheet would run as a formula leaves the CSV export with
/// a leading tab, the fullwidth signs of a Chinese input method included.
#[test]
fn csv_export_defuses_ascii_and_fullwidth_formulas() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "zhang");
    let root = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let notes = [
        "=HYPERLINK(\"http://x\",\"点此\")",
        "＝HYPERLINK(\"http://x\",\"点此\")",
        "＋1",
        "－1",
        "＠SUM(A1)",
        "擅长书法",
    ];
    for (i, note) in notes.iter().enumerate() {
        let mut draft = kit::elder(
            &format!("老{}", "一二三四五六".chars().nth(i).unwrap()),
            &root,
        );
        draft.notes = note.to_string();
        b.run(CreatePerson { draft }).unwrap();
    }
    let csv = ggw::io::people_file::export_csv(
        &b.run(ExportPeople {
            unit: None,
            unmasked: false,
        })
        .unwrap(),
    );
    for note in &notes[..5] {
        let quoted = note.replace('"', "\"\"");
        assert!(
            csv.contains(&format!("\"\t{quoted}\"")) || csv.contains(&format!(",\t{quoted}")),
            "{note} left as a formula:\n{csv}"
        );
    }
    assert!(csv.contains(",擅长书法"), "{csv}");
}
