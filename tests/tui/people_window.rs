//! A roster longer than the rows the tab holds: moving to its ends, paging
//! and marking read the window they need, and the screen always shows the
//! rows the whole list has at those places.

use crate::kit;

use std::collections::HashMap;

use ggw::api::people::{ImportPeople, ImportRow, ListPeople, PeopleFilter, StatusFilter};
use ggw::api::units::ListUnits;
use ggw::backend::BackendExt;
use ggw::domain::tree::UnitTree;
use ggw::tui::app::App;
use ggw::tui::views::people::Roster;
use kit::{TempDir, elder};

fn roster(app: &App) -> &Roster {
    app.view().as_any().downcast_ref::<Roster>().unwrap()
}

fn selected(app: &App) -> String {
    roster(app).selected().unwrap().name().to_string()
}

#[test]
fn a_roster_longer_than_its_window_pages_through_the_service() {
    let dir = TempDir::new("people-window");
    let b = kit::demo_backend(dir.path());
    let units = b
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap();
    let village = units.iter().find(|u| u.name == "小乌斯力村").unwrap();
    let path = UnitTree::new(units.clone()).path(village.id);
    // 315 on the roll in the demo, 400 more: more than the 512 rows held.
    let rows: Vec<ImportRow> = (0..400)
        .map(|i| ImportRow {
            line: i + 2,
            unit: path.clone(),
            draft: elder(&format!("新{i:03}"), village),
        })
        .collect();
    b.run(ImportPeople {
        rows,
        source: "many.csv".into(),
        check_only: false,
        allow_namesakes: false,
    })
    .unwrap();
    // The whole list as the tab shows it: units in the tree's order.
    let mut all = b
        .run(ListPeople {
            filter: PeopleFilter {
                status: Some(StatusFilter::Active),
                ..PeopleFilter::default()
            },
        })
        .unwrap();
    let tree = UnitTree::new(
        b.run(ListUnits {
            include_archived: true,
        })
        .unwrap(),
    );
    let order: HashMap<_, _> = (tree.walk(true).into_iter())
        .enumerate()
        .map(|(i, (_, u))| (u.id, i))
        .collect();
    all.sort_by_key(|r| order.get(&r.unit).copied());
    assert_eq!(all.len(), 715);

    let mut app = kit::app(b).build();
    app.feed("<tab>").unwrap();
    let s = kit::screen(&app);
    assert!(s[1].starts_with("715 人（在册 715，除名 0）"), "{}", s[1]);
    assert!(roster(&app).visible_names().len() <= 512);
    assert_eq!(selected(&app), all[0].name);

    app.feed("G").unwrap();
    assert_eq!(selected(&app), all[714].name);
    // The last screenful: the table's 19 rows end with the last person.
    let s = kit::screen(&app);
    assert!(
        s[21].starts_with(&format!("> {}", all[714].name)),
        "{}",
        s[21]
    );
    assert!(
        s[3].starts_with(&format!("  {}", all[696].name)),
        "{}",
        s[3]
    );
    app.feed("kkk").unwrap();
    assert_eq!(selected(&app), all[711].name);

    // Marked far apart, both are re-registered from wherever the cursor is.
    app.feed("<space>gg<space>").unwrap();
    assert_eq!(selected(&app), all[1].name);
    let s = kit::screen(&app);
    assert!(s[1].contains("已选 2"), "{}", s[1]);

    // Page by page down past the window's end: each screen's rows in place.
    for _ in 0..30 {
        app.feed("<c-f>").unwrap();
    }
    let at = all.iter().position(|r| r.name == selected(&app)).unwrap();
    assert!(at > 512, "{at}");
    let s = kit::screen(&app);
    let shown: Vec<&str> = s[3..22]
        .iter()
        .map(|l| l[2..].split(' ').next().unwrap())
        .collect();
    let first = at - shown.iter().position(|n| *n == all[at].name).unwrap();
    let expected: Vec<&str> = all[first..first + 19]
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(shown, expected);

    // The card of the person there.
    app.feed("<ret>").unwrap();
    assert_eq!(roster(&app).card().unwrap().name, all[at].name);
}
