//! The unit field of the person form, filled from the 组织 tab's pinyin
//! search, driven through the update function the keys reach.

use crate::kit;

use ggw::api::people::{ListPeople, PeopleFilter};
use ggw::api::units::{CreateUnit, ResolveUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::UnitKind;
use ggw::lang::Lang;
use ggw::tui::app::App;
use ggw::tui::popups::Popup;
use ggw::tui::views::people::Roster;
use kit::{TempDb, district_backend, temp_db};

/// 爱辉区 with 四嘉子乡 and 西岗子镇, each with a 第一村.
fn small_district(t: &TempDb) -> LocalBackend {
    let b = district_backend(t, "tester");
    let root = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    for town in ["四嘉子乡", "西岗子镇"] {
        let town = b
            .run(CreateUnit {
                parent: root.id,
                kind: UnitKind::Township,
                name: town.to_string(),
                short_name: None,
            })
            .unwrap();
        b.run(CreateUnit {
            parent: town.id,
            kind: UnitKind::Village,
            name: "第一村".into(),
            short_name: None,
        })
        .unwrap();
    }
    b
}

fn app(t: &TempDb, lang: Lang, size: (u16, u16)) -> App {
    kit::app(small_district(t)).lang(lang).size(size).build()
}

fn draw(app: &App) -> String {
    kit::screen_text(app)
}

fn registered(app: &App, name: &str) -> Option<String> {
    let filter = PeopleFilter {
        include_non_elders: true,
        ..PeopleFilter::default()
    };
    app.backend()
        .run(ListPeople { filter })
        .unwrap()
        .into_iter()
        .find(|p| p.name == name)
        .map(|p| p.unit_path)
}

fn picker_open(app: &App) -> bool {
    matches!(app.popups.last(), Some(Popup::Search(_)))
}

#[test]
fn the_picked_unit_fills_the_field_and_the_person_is_saved_there() {
    let t = temp_db();
    let mut app = app(&t, Lang::Zh, (80, 24));
    app.feed("<tab>a王淑珍<c-f>xgzz<ret><ret>").unwrap();
    assert_eq!(
        registered(&app, "王淑珍").as_deref(),
        Some("爱辉区/西岗子镇")
    );
    // The form opens again for the next person.
    app.feed("孟繁荣").unwrap();
    // From the name field: the picker opens on the unit field.
    app.feed("<c-f>").unwrap();
    assert!(picker_open(&app));
    app.feed("sjzx<ret>").unwrap();
    assert!(!picker_open(&app));
    let form = app.form().expect("the form is still open");
    assert_eq!(form.value("unit"), "爱辉区/四嘉子乡");
    assert_eq!(form.fields[form.focus].key, "unit");
    app.feed("<ret>").unwrap();
    assert_eq!(
        registered(&app, "孟繁荣").as_deref(),
        Some("爱辉区/四嘉子乡")
    );
    // The pick went to the form, not to the roster's unit filter.
    let roster = app.view().as_any().downcast_ref::<Roster>().unwrap();
    let names = roster.visible_names();
    assert!(
        names.contains(&"王淑珍") && names.contains(&"孟繁荣"),
        "{names:?}"
    );
}

#[test]
fn esc_leaves_the_field_as_it_was_and_what_was_typed_starts_the_search() {
    let t = temp_db();
    let mut app = app(&t, Lang::Zh, (80, 24));
    app.feed("<tab>a<tab><tab><tab><tab><tab>xgz<c-f>").unwrap();
    let Some(Popup::Search(s)) = app.popups.last() else {
        panic!("no picker");
    };
    assert_eq!(s.input.value(), "xgz");
    assert_eq!(s.chosen_path().as_deref(), Some("爱辉区/西岗子镇"));
    app.feed("<esc>").unwrap();
    assert_eq!(app.form().unwrap().value("unit"), "xgz");
    // Down to the second 第一村 of the results.
    app.feed("<c-u><c-f>dyc<down><ret>").unwrap();
    assert_eq!(app.form().unwrap().value("unit"), "爱辉区/西岗子镇/第一村");
}

#[test]
fn a_typed_name_is_still_taken_and_a_shared_one_is_refused_at_the_field() {
    let t = temp_db();
    let mut app = app(&t, Lang::Zh, (80, 24));
    app.feed("<tab>a孟繁荣<tab><tab><tab><tab><tab>第一村<ret>")
        .unwrap();
    let form = app.form().unwrap();
    let unit = form.fields.iter().find(|f| f.key == "unit").unwrap();
    let error = unit.error.as_deref().unwrap_or("");
    assert!(
        error.contains("爱辉区/四嘉子乡/第一村") && error.contains("爱辉区/西岗子镇/第一村"),
        "{unit:?}"
    );
    assert_eq!(registered(&app, "孟繁荣"), None);
    app.feed("<c-u>四嘉子乡<ret>").unwrap();
    assert_eq!(
        registered(&app, "孟繁荣").as_deref(),
        Some("爱辉区/四嘉子乡")
    );
}

#[test]
fn the_picker_over_the_form_at_both_sizes_and_in_both_languages() {
    for (lang, title, hint) in [
        (Lang::Zh, "选择所属单位", "Ctrl+F 按拼音选单位"),
        (Lang::En, "Pick the unit", "Ctrl+F find unit by pinyin"),
    ] {
        for size in [(80, 24), (120, 40)] {
            let t = temp_db();
            let mut app = app(&t, lang, size);
            app.feed("<tab>a<tab><tab><tab><tab><tab>").unwrap();
            let screen = draw(&app);
            assert!(screen.contains(hint), "{size:?}\n{screen}");
            app.feed("<c-f>sjz").unwrap();
            let screen = draw(&app);
            assert!(screen.contains(title), "{size:?}\n{screen}");
            assert!(screen.contains("/ sjz"), "{size:?}\n{screen}");
            let row = screen
                .lines()
                .find(|l| l.contains("四嘉子乡"))
                .unwrap_or_else(|| panic!("{size:?}\n{screen}"));
            assert!(row.contains("爱辉区"), "{row}");
        }
    }
}
