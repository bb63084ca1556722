//! The UI does not offer what the account may not do: such keys leave the
//! status bar, and pressing them says why instead of opening a form. The
//! service refuses them anyway; these tests run over a backend that claims
//! a limited account while the database below would allow everything, so
//! that only the UI's own check is tested.

use crate::kit;

use ggw::api::units::ResolveUnit;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::account::Access;
use ggw::tui::action::Action;
use ggw::tui::app::App;
use ggw::tui::views::meetings::Meetings;
use ggw::tui::views::people::Roster;
use kit::{TempDir, expected_rows, tree};

fn app_as(dir: &TempDir, access: impl FnOnce(&LocalBackend) -> Access) -> App {
    // The demo comes with its roster and teams.
    let inner = kit::demo_backend(dir.path());
    let access = access(&inner);
    kit::app(kit::Claimed {
        inner,
        online: None,
        access: Some(access),
    })
    .theme(ggw::tui::theme::Theme::color())
    .size((120, 24))
    .build()
}

fn unit(b: &LocalBackend, path: &str) -> ggw::domain::UnitId {
    b.run(ResolveUnit {
        given: path.to_string(),
    })
    .unwrap()
    .id
}

fn hints(app: &App) -> String {
    expected_rows(app).last().cloned().unwrap_or_default()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

#[test]
fn hierarchy_hints_follow_the_selected_unit() {
    let dir = TempDir::new("perm-tree");
    let mut app = app_as(&dir, |b| Access::Operator(unit(b, "爱辉区/四嘉子乡")));
    app.feed("/新生乡<ret>").unwrap();
    assert_eq!(tree(&app).selected_name(), Some("新生乡"));
    let outside = hints(&app);
    assert!(outside.contains("/ "), "{outside}");
    assert!(!outside.contains("a 新增"), "{outside}");
    assert!(!outside.contains("r 改名"), "{outside}");
    for key in ["p", "e"] {
        app.feed(key).unwrap();
        assert!(
            app.popups.is_empty(),
            "no form for {key} outside the account"
        );
    }
    app.feed("/xwsl<ret>").unwrap();
    let inside = hints(&app);
    assert!(inside.contains("a 新增"), "{inside}");
    assert!(inside.contains("r 改名"), "{inside}");
}

#[test]
fn a_viewer_is_offered_no_roster_change_and_opens_no_form() {
    let dir = TempDir::new("perm-roster");
    let mut app = app_as(&dir, |b| Access::Viewer(unit(b, "爱辉区")));
    app.update(Action::NextTab);
    assert!(app.view().as_any().downcast_ref::<Roster>().is_some());
    let shown = hints(&app);
    assert!(shown.contains("Enter 打开名片"), "{shown}");
    for hidden in ["a 登记", "e 修改", "x 除名"] {
        assert!(!shown.contains(hidden), "{shown}");
    }
    for key in ["a", "e", "x", "t", "h", "R"] {
        app.feed(key).unwrap();
        assert!(app.popups.is_empty(), "no form for {key}");
    }
    assert!(
        status(&app).contains("查看者，无权修改"),
        "{}",
        status(&app)
    );
    // Reading is still theirs: the card opens.
    app.feed("<ret>").unwrap();
    assert_eq!(app.mode(), "名片");
}

#[test]
fn an_operator_changes_the_people_of_their_subtree_only() {
    let dir = TempDir::new("perm-roster-op");
    let mut own = None;
    let mut app = app_as(&dir, |b| {
        let u = unit(b, "爱辉区/四嘉子乡");
        own = Some(u);
        Access::Operator(u)
    });
    app.update(Action::NextTab);
    let roster = |app: &App| {
        app.view()
            .as_any()
            .downcast_ref::<Roster>()
            .unwrap()
            .selected()
            .map(|r| r.unit_path.clone())
            .unwrap()
    };
    // Walk to the first person outside the township and the first inside.
    let mut seen = (false, false);
    for _ in 0..600 {
        let inside = roster(&app).starts_with("爱辉区/四嘉子乡");
        if !inside && !seen.0 {
            seen.0 = true;
            assert!(!hints(&app).contains("e 修改"), "{}", hints(&app));
            app.feed("e").unwrap();
            assert!(app.popups.is_empty());
            assert!(
                status(&app).contains("录入员，无权修改"),
                "{}",
                status(&app)
            );
        }
        if inside && !seen.1 {
            seen.1 = true;
            assert!(hints(&app).contains("e 修改"), "{}", hints(&app));
            app.feed("e").unwrap();
            assert!(
                app.form().is_some(),
                "the edit form opens inside the account"
            );
            app.feed("<esc>").unwrap();
        }
        if seen == (true, true) {
            break;
        }
        app.update(Action::Down);
    }
    assert_eq!(seen, (true, true));
    assert!(own.is_some());
}

#[test]
fn a_viewer_takes_no_attendance_and_adds_no_series() {
    let dir = TempDir::new("perm-meetings");
    let mut app = app_as(&dir, |b| Access::Viewer(unit(b, "爱辉区")));
    app.update(Action::NextTab);
    app.update(Action::NextTab);
    assert!(app.view().as_any().downcast_ref::<Meetings>().is_some());
    app.update(Action::Add);
    assert!(app.popups.is_empty(), "no series form for a viewer");
    assert!(
        status(&app).contains("查看者，无权修改"),
        "{}",
        status(&app)
    );

    // A meeting of the district's series: open it and try to take attendance.
    app.update(Action::SwitchList);
    app.update(Action::Open);
    let page = |app: &App| {
        app.view()
            .as_any()
            .downcast_ref::<Meetings>()
            .unwrap()
            .page
            .as_ref()
            .map(|p| p.data.meeting.clone())
    };
    let before = page(&app).expect("a meeting page opens for reading");
    assert!(!hints(&app).contains("y "), "{}", hints(&app));
    app.update(Action::Present);
    app.update(Action::WriteMinutes);
    assert!(app.popups.is_empty());
    assert_eq!(page(&app).unwrap().attendance, before.attendance);
    assert!(
        status(&app).contains("查看者，无权修改"),
        "{}",
        status(&app)
    );
}
