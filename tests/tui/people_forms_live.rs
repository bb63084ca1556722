//! A person's form while others work: a save by another user is announced
//! and the latest version offered, never written over; a form cut off by a
//! dropped connection comes back from its draft, opened from the list as
//! well as from the card.

use crate::kit;

use std::path::Path;
use std::rc::Rc;

use ggw::api::people::GetPerson;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::person::PersonId;
use ggw::tui::action::Action;
use ggw::tui::app::App;
use ggw::tui::popups::Popup;
use ggw::tui::views::people::Roster;
use kit::TempDir;

fn app(backend: Box<dyn ggw::backend::Backend>, drafts: Option<&Path>) -> App {
    kit::app_boxed(backend)
        .drafts(drafts.map(|d| d.join("draft.json")))
        .build()
}

/// The 五老 tab, cursor on the first person; that person's id.
fn to_roster(app: &mut App) -> PersonId {
    app.update(Action::NextTab);
    app.view()
        .as_any()
        .downcast_ref::<Roster>()
        .and_then(|r| r.selected())
        .map(|r| r.id)
        .expect("a person under the cursor")
}

fn notice(id: PersonId) -> Action {
    Action::Notice(ggw::backend::ChangeNotice {
        kind: ggw::domain::audit::RecordKind::Person,
        record: id.0,
        unit: None,
        by: "王老师".into(),
    })
}

fn two_users(dir: &TempDir) -> (Rc<LocalBackend>, App, App) {
    let shared = Rc::new(kit::demo_backend(dir.path()));
    let mine = app(Box::new(kit::Shared(shared.clone())), None);
    let theirs = app(Box::new(kit::Shared(shared.clone())), None);
    (shared, mine, theirs)
}

#[test]
fn another_users_save_is_announced_and_can_be_loaded() {
    let dir = TempDir::new("person-live");
    let (shared, mut mine, mut theirs) = two_users(&dir);
    let id = to_roster(&mut mine);
    assert_eq!(to_roster(&mut theirs), id);
    mine.feed("e<c-u>我改的名").unwrap();
    theirs.feed("e<c-u>他们改的名<ret>").unwrap();
    assert_eq!(shared.run(GetPerson { id }).unwrap().name, "他们改的名");

    mine.update(notice(PersonId(id.0 + 1)));
    assert!(
        matches!(mine.popups.last(), Some(Popup::Form(_))),
        "a notice about someone else leaves the form alone"
    );
    mine.update(notice(id));
    let Some(Popup::Choice(c)) = mine.popups.last() else {
        panic!("the form was not told of the other save")
    };
    assert!(
        c.text.contains("王老师 刚修改了正在编辑的记录"),
        "{}",
        c.text
    );
    // Reload: their name is in the form, and a save from it lands.
    mine.feed("<ret>").unwrap();
    assert_eq!(mine.form().unwrap().value("name"), "他们改的名");
    mine.feed("<c-u>我的名<ret>").unwrap();
    assert!(mine.form().is_none(), "{:?}", mine.status);
    assert_eq!(shared.run(GetPerson { id }).unwrap().name, "我的名");
}

#[test]
fn keeping_the_old_form_cannot_overwrite_their_save() {
    let dir = TempDir::new("person-stale");
    let (shared, mut mine, mut theirs) = two_users(&dir);
    let id = to_roster(&mut mine);
    to_roster(&mut theirs);
    mine.feed("e<c-u>我改的名").unwrap();
    theirs.feed("e<c-u>他们改的名<ret>").unwrap();
    mine.update(notice(id));
    // The second answer keeps editing the old version.
    mine.feed("<tab><ret><ret>").unwrap();
    let form = mine.form().expect("the form stays open with the refusal");
    assert!(form.error.is_some(), "a stale save was not refused");
    assert_eq!(shared.run(GetPerson { id }).unwrap().name, "他们改的名");
}

#[test]
fn an_edit_begun_from_the_list_comes_back_from_its_draft() {
    let dir = TempDir::new("person-draft");
    let mut first = app(Box::new(kit::demo_backend(dir.path())), Some(dir.path()));
    let id = to_roster(&mut first);
    first.feed("e<c-u>草稿里的名").unwrap();
    first.update(Action::Hangup);
    assert!(first.quit);
    drop(first);

    let backend = LocalBackend::open(
        &dir.path().join("demo.db"),
        &Default::default(),
        ggw::service::Actor::new("tester"),
    )
    .unwrap();
    let before = backend.run(GetPerson { id }).unwrap().name;
    let mut again = app(Box::new(backend), Some(dir.path()));
    assert!(
        matches!(again.popups.last(), Some(Popup::Choice(_))),
        "the draft is offered"
    );
    again.feed("<ret>").unwrap();
    let form = again.form().expect("the draft's form reopens");
    assert_eq!(form.value("name"), "草稿里的名");
    assert_ne!(before, "草稿里的名", "nothing was saved before");
}

#[test]
fn tabs_load_on_first_visit_and_a_hidden_tab_hears_of_changes() {
    let dir = TempDir::new("person-hidden");
    let (shared, mut mine, mut theirs) = two_users(&dir);
    assert!(mine.tabs[0].view.is_some());
    assert!(
        mine.tabs[1..].iter().all(|t| t.view.is_none()),
        "only the first tab is loaded at start"
    );
    let id = to_roster(&mut mine);
    mine.update(Action::PrevTab);
    // Someone strikes the first elder off while this user looks at the tree.
    assert_eq!(to_roster(&mut theirs), id);
    theirs.feed("x<ret>").unwrap();
    assert!(
        shared
            .run(GetPerson { id })
            .unwrap()
            .elder
            .is_some_and(|e| !e.is_active())
    );
    mine.update(notice(id));
    mine.update(Action::NextTab);
    let roster = mine.view().as_any().downcast_ref::<Roster>().unwrap();
    assert_ne!(
        roster.selected().map(|r| r.id),
        Some(id),
        "the struck-off elder is still listed as on the roll"
    );
}
