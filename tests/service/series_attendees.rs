//! Attendees of a series are picked from the roster, so that per-person
//! attendance joins them; only guests, marked as such, stay free names.

use crate::kit;

use ggw::api::meetings::ListSeries;
use ggw::api::people::CreatePerson;
use ggw::api::units::{CreateUnit, ResolveUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::UnitKind;
use ggw::domain::meeting::Attendee;
use kit::{elder, run, stderr, stdout, temp_db};

/// 张国庆 once in the district; 刘志远 twice, in two units.
fn roster() -> (kit::TempDb, LocalBackend, Vec<u64>) {
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
    let ids = [
        ("张国庆", &district),
        ("刘志远", &district),
        ("刘志远", &township),
    ]
    .iter()
    .map(|(name, unit)| {
        b.run(CreatePerson {
            draft: elder(name, unit),
        })
        .unwrap()
        .id
        .0
    })
    .collect();
    (t, b, ids)
}

fn app_over(b: LocalBackend) -> ggw::tui::app::App {
    kit::app(b).size((120, 40)).build()
}

/// The series form, on the 会议 tab, up to its attendees field: kind,
/// title, the four choices of the rule, the rule, start, time, shift, then attendees.
const TO_ATTENDEES: &str = "a<tab>推进会<tab><tab><tab><tab><tab><tab><tab><tab><tab>";

#[test]
fn the_series_form_links_names_to_the_roster_and_keeps_guests_marked() {
    let (_t, b, ids) = roster();
    let mut app = app_over(b);
    app.feed("<tab><tab>").unwrap();
    app.feed(&format!("{TO_ATTENDEES}张国庆，客:王校长<ret>"))
        .unwrap();
    assert!(app.form().is_none(), "saved: {:?}", app.form());
    let s = app
        .backend()
        .run(ListSeries {
            include_archived: false,
        })
        .unwrap()
        .remove(0);
    assert_eq!(
        s.attendees,
        [
            Attendee {
                person: Some(ids[0]),
                name: "张国庆".into(),
                unit: s.attendees[0].unit,
            },
            Attendee::named("王校长"),
        ]
    );
    assert!(s.attendees[0].unit.is_some());

    // A name two people have is refused, naming both; one nobody has
    // says how to invite a guest. Nothing is saved.
    for (typed, said) in [("刘志远", "#"), ("赵无名", "客:赵无名")] {
        app.feed(&format!("{TO_ATTENDEES}{typed}<ret>")).unwrap();
        let form = app.form().expect("the form stays open");
        let shown = form.error.clone().unwrap_or_default();
        assert!(shown.contains(said), "{typed}: {shown}");
        app.feed("<esc>y").unwrap();
    }
    assert_eq!(
        app.backend()
            .run(ListSeries {
                include_archived: false
            })
            .unwrap()
            .len(),
        1
    );

    // `#id` picks one of the namesakes.
    app.feed(&format!("{TO_ATTENDEES}#{}<ret>", ids[2]))
        .unwrap();
    let list = app
        .backend()
        .run(ListSeries {
            include_archived: false,
        })
        .unwrap();
    let picked = list.iter().find(|s| s.attendees.len() == 1).unwrap();
    assert_eq!(picked.attendees[0].person, Some(ids[2]));
}

#[test]
fn the_command_line_resolves_attendees_and_takes_guests_apart() {
    let t = temp_db();
    let db = &t.path;
    let ok = |args: &[&str]| {
        let o = run(db, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        o
    };
    ok(&["init", "--district", "爱辉区"]);
    for (name, birth) in [
        ("张国庆", "1950-01-01"),
        ("刘志远", "1951-01-01"),
        ("刘志远", "1952-01-01"),
    ] {
        ok(&[
            "people",
            "add",
            "--name",
            name,
            "--unit",
            "爱辉区",
            "--category",
            "老干部",
            "--birth",
            birth,
        ]);
    }
    let add = |attendees: &str, guests: &str, title: &str| {
        run(
            db,
            &[
                "meetings",
                "series",
                "add",
                "--kind",
                "progress",
                "--title",
                title,
                "--rule",
                "FREQ=MONTHLY;BYDAY=1MO",
                "--start",
                "2025-01-01",
                "--time",
                "09:00",
                "--attendee",
                attendees,
                "--guest",
                guests,
            ],
        )
    };
    let o = add("张国庆", "王校长", "推进会");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ok(&["meetings", "series", "list", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let attendees = &list[0]["attendees"];
    assert_eq!(attendees[0]["name"], "张国庆");
    assert_eq!(attendees[0]["person"], 1);
    assert_eq!(attendees[1]["name"], "王校长");
    assert!(attendees[1]["person"].is_null());

    // Ambiguous: both named, with their ids; unknown: pointed to --guest.
    let o = add("刘志远", "", "推进会二");
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("#2") && stderr(&o).contains("#3"),
        "{}",
        stderr(&o)
    );
    let o = add("赵无名", "", "推进会三");
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--guest 赵无名"), "{}", stderr(&o));
    let o = add("#3", "", "推进会四");
    assert!(o.status.success(), "{}", stderr(&o));
}
