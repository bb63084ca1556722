//! The update function alone: actions in, state out, no terminal.

use crate::kit;

use ggw::api::units::{CreateUnit, GetUnit, ListUnits, RenameUnit, ResolveUnit};
use ggw::backend::BackendExt;
use ggw::tui::action::Action;
use ggw::tui::popups::Popup;
use kit::{TempDir, demo_app, tree};

#[test]
fn moves_expands_and_jumps() {
    let dir = TempDir::new("upd-move");
    let mut app = demo_app(dir.path(), (80, 24));
    assert_eq!(tree(&app).selected_name(), Some("爱辉区"));
    // Root plus its 17 direct units are open at start.
    assert_eq!(tree(&app).visible_names().len(), 18);
    app.update(Action::Down);
    assert_eq!(tree(&app).selected_name(), Some("四嘉子乡"));
    app.update(Action::Expand);
    assert_eq!(tree(&app).visible_names().len(), 23);
    app.update(Action::Expand);
    assert_eq!(tree(&app).selected_name(), Some("小乌斯力村"));
    app.update(Action::Collapse);
    assert_eq!(tree(&app).selected_name(), Some("四嘉子乡"));
    app.update(Action::Collapse);
    assert_eq!(tree(&app).visible_names().len(), 18);
    app.update(Action::Last);
    assert_eq!(
        tree(&app).selected_name(),
        Some("爱辉区中俄青少年活动交流中心")
    );
    app.update(Action::Parent);
    assert_eq!(tree(&app).selected_name(), Some("爱辉区"));
    app.update(Action::PageDown);
    app.update(Action::First);
    assert_eq!(tree(&app).selected_name(), Some("爱辉区"));
    app.update(Action::Up);
    assert_eq!(tree(&app).selected_name(), Some("爱辉区"));
}

#[test]
fn search_by_initials_jumps_and_esc_returns() {
    let dir = TempDir::new("upd-search");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/xwsl").unwrap();
    let Some(Popup::Search(s)) = app.popups.last() else {
        panic!("search not open");
    };
    assert_eq!(s.result_names(), vec!["小乌斯力村"]);
    app.feed("<ret>").unwrap();
    assert!(app.popups.is_empty());
    assert_eq!(tree(&app).selected_name(), Some("小乌斯力村"));
    // The path to it was opened.
    assert!(tree(&app).visible_names().contains(&"大乌斯力村"));

    app.feed("/sjz<esc>").unwrap();
    assert!(app.popups.is_empty());
    assert_eq!(tree(&app).selected_name(), Some("小乌斯力村"));
}

#[test]
fn add_child_with_chinese_name_and_refusals_by_field() {
    let dir = TempDir::new("upd-add");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/sjz<ret>a").unwrap();
    let form = app.form().expect("form open");
    // Under a township: village, community, school, other.
    let kinds = match &form.fields[1].input {
        ggw::tui::popups::form::FieldInput::Choice { options, .. } => {
            options.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>()
        }
        _ => panic!("kind is a choice"),
    };
    assert_eq!(kinds, vec!["village", "community", "school", "other"]);

    // A name that exists already is refused next to the name field.
    app.update(Action::Paste("小乌斯力村".into()));
    app.update(Action::Submit);
    let form = app.form().expect("form stays open");
    let err = form.fields[0].error.as_deref().unwrap();
    assert!(err.contains("已有名为“小乌斯力村”"), "{err}");

    app.update(Action::ClearLine);
    for c in "红旗村".chars() {
        app.update(Action::Insert(c));
    }
    app.feed("<tab><right><right>").unwrap();
    assert_eq!(app.form().unwrap().value("kind"), "school");
    app.feed("<left><left><ret>").unwrap();
    assert!(app.form().is_none());
    assert_eq!(tree(&app).selected_name(), Some("红旗村"));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("爱辉区/四嘉子乡/红旗村")
    );
}

#[test]
fn rename_conflict_reloads_and_second_save_wins() {
    let dir = TempDir::new("upd-conflict");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/xwsl<ret>r").unwrap();
    // An unchanged rename closes without saving anything.
    app.feed("<ret>").unwrap();
    assert!(app.form().is_none());
    assert_eq!(
        app.status, None,
        "nothing was saved, so nothing is reported"
    );
    app.feed("r").unwrap();
    // A first rename moves the unit to revision 2.
    app.update(Action::Cancel);
    app.feed("r<c-u>小乌斯力屯<ret>").unwrap();
    assert_eq!(tree(&app).selected_name(), Some("小乌斯力屯"));
    // A draft-like stale form: rename from the old revision.
    let stale =
        ggw::tui::popups::form::FormPurpose::from(ggw::tui::views::units::UnitsForm::RenameUnit {
            unit: ggw::domain::UnitId(tree(&app).selected_id().unwrap().0),
            rev: 1,
        });
    let mut form = app
        .view()
        .form_for(&stale, app.backend(), app.text)
        .unwrap();
    form.fields[0].input = ggw::tui::popups::form::FieldInput::Text(
        ggw::tui::widgets::text_input::TextInput::new("小乌斯力新村"),
    );
    app.popups.push(Popup::Form(form));
    app.update(Action::Submit);
    let form = app.form().expect("refused, still open");
    assert!(form.error.as_deref().unwrap().contains("已被 tester"));
    // The form now carries the fresh revision: saving again works.
    app.update(Action::Submit);
    assert!(app.form().is_none());
    assert_eq!(tree(&app).selected_name(), Some("小乌斯力新村"));
}

#[test]
fn move_by_picking_and_refusal_shown() {
    let dir = TempDir::new("upd-pick");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/xwsl<ret>m").unwrap();
    assert!(tree(&app).is_moving());
    // Picking starts at the current parent.
    assert_eq!(tree(&app).selected_name(), Some("四嘉子乡"));
    // Under 教体局 only schools may go: refused, still picking.
    app.feed("/教体局<ret><ret>").unwrap();
    assert!(tree(&app).is_moving());
    let status = app.status.clone().unwrap();
    assert!(status.error);
    assert!(
        status.text.contains("不能设在教体局之下"),
        "{}",
        status.text
    );
    app.feed("/xsx<ret><ret>").unwrap();
    assert!(!tree(&app).is_moving());
    assert_eq!(tree(&app).selected_name(), Some("小乌斯力村"));
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("爱辉区/新生乡/小乌斯力村")
    );
    // Esc leaves picking without moving.
    app.feed("m<esc>").unwrap();
    assert!(!tree(&app).is_moving());
}

#[test]
fn archive_asks_and_defaults_to_no() {
    let dir = TempDir::new("upd-archive");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/xwsl<ret>d").unwrap();
    assert!(matches!(app.popups.last(), Some(Popup::Choice(_))));
    app.feed("<ret>").unwrap();
    assert!(app.popups.is_empty());
    assert_eq!(tree(&app).selected_name(), Some("小乌斯力村"));
    // The village has elders on the roll: refused, in the status bar,
    // saying how many and where to move them, and still in the tree.
    app.feed("d<tab><ret>").unwrap();
    let status = app.status.as_ref().unwrap();
    assert!(
        status.error && status.text.contains("名在册五老"),
        "{}",
        status.text
    );
    assert!(tree(&app).visible_names().contains(&"小乌斯力村"));
    // A unit with live children is refused, in the status bar.
    app.feed("/sjzx<ret>").unwrap();
    assert_eq!(tree(&app).selected_name(), Some("四嘉子乡"));
    app.status = None;
    app.feed("d<s-tab><ret>").unwrap();
    assert!(app.status.as_ref().unwrap().error);
}

#[test]
fn unsaved_form_is_never_dropped_silently() {
    let dir = TempDir::new("upd-unsaved");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("a新").unwrap();
    // Esc asks; its default keeps editing.
    app.feed("<esc><ret>").unwrap();
    assert_eq!(app.form().unwrap().value("name"), "新");
    // `q` types in a form; Ctrl-C asks what to do with the form.
    app.feed("q").unwrap();
    assert_eq!(app.form().unwrap().value("name"), "新q");
    app.feed("<c-c>").unwrap();
    assert!(!app.quit);
    app.feed("<esc>").unwrap();
    assert!(!app.quit);
    assert!(app.form().is_some());
    // Keeping a draft writes it and quits.
    app.feed("<c-c><ret>").unwrap();
    assert!(app.quit);
    let draft = ggw::tui::draft::load(&dir.path().join("draft.json")).unwrap();
    assert_eq!(draft.values[0], ("name".to_string(), "新q".to_string()));

    // The next start offers it; Enter reopens it, saving removes it.
    drop(app);
    let mut again = reopen(&dir);
    assert!(matches!(again.popups.last(), Some(Popup::Choice(_))));
    again.feed("<ret>").unwrap();
    assert_eq!(again.form().unwrap().value("name"), "新q");
    again.feed("<c-u>新屯<ret>").unwrap();
    assert!(again.form().is_none());
    assert!(ggw::tui::draft::load(&dir.path().join("draft.json")).is_none());
    assert_eq!(tree(&again).selected_name(), Some("新屯"));

    // Answering No discards a draft.
    again.feed("a草<c-c><ret>").unwrap();
    drop(again);
    let mut third = reopen(&dir);
    // Esc puts the question off: the draft stays.
    third.feed("<esc>").unwrap();
    assert!(third.popups.is_empty());
    assert!(ggw::tui::draft::load(&dir.path().join("draft.json")).is_some());
    drop(third);
    let mut third = reopen(&dir);
    third.feed("n").unwrap();
    assert!(third.popups.is_empty());
    assert!(ggw::tui::draft::load(&dir.path().join("draft.json")).is_none());
}

fn reopen(dir: &TempDir) -> ggw::tui::app::App {
    let backend = ggw::backend::LocalBackend::open(
        &dir.path().join("demo.db"),
        &Default::default(),
        ggw::service::Actor::new("tester"),
    )
    .unwrap();
    kit::app(backend)
        .drafts(Some(dir.path().join("draft.json")))
        .build()
}

#[test]
fn hangup_keeps_the_open_form_as_draft() {
    let dir = TempDir::new("upd-hup");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/sjz<ret>a小村").unwrap();
    app.update(Action::Hangup);
    assert!(app.quit);
    let d = ggw::tui::draft::load(&dir.path().join("draft.json")).unwrap();
    assert_eq!(d.values[0].1, "小村");
    assert!(d.title.contains("四嘉子乡"));
    // Nothing was saved to the database.
    drop(app);
    let b = ggw::backend::LocalBackend::open(
        &dir.path().join("demo.db"),
        &Default::default(),
        ggw::service::Actor::new("t"),
    )
    .unwrap();
    assert!(
        b.run(ListUnits {
            include_archived: true
        })
        .unwrap()
        .iter()
        .all(|u| u.name != "小村")
    );
}

#[test]
fn hangup_with_an_untouched_form_keeps_no_draft() {
    let dir = TempDir::new("upd-hup-clean");
    let mut app = demo_app(dir.path(), (80, 24));
    // The person form opens with its joining date filled in: nothing typed yet.
    app.feed("<tab>a").unwrap();
    assert!(app.form().is_some());
    app.update(Action::Hangup);
    assert!(app.quit);
    assert!(ggw::tui::draft::load(&dir.path().join("draft.json")).is_none());
}

#[test]
fn help_opens_filters_and_closes() {
    let dir = TempDir::new("upd-help");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("?").unwrap();
    assert!(matches!(app.popups.last(), Some(Popup::Help(_))));
    app.feed("移动").unwrap();
    let Some(Popup::Help(h)) = app.popups.last() else {
        panic!()
    };
    assert_eq!(h.filter.value(), "移动");
    app.feed("<esc>").unwrap();
    assert!(app.popups.is_empty());
    app.feed("<F1><F1>q").unwrap();
    assert!(app.quit);
}

#[test]
fn ctrl_c_quits_from_anywhere_but_still_asks_about_a_form() {
    let dir = TempDir::new("upd-ctrlc");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/sj<c-c>").unwrap();
    assert!(app.quit);

    let dir = TempDir::new("upd-ctrlc2");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("a新村<F1><c-c>").unwrap();
    // Help closed; the form below asks.
    assert!(!app.quit);
    assert!(matches!(app.popups.last(), Some(Popup::Choice(_))));
    assert_eq!(app.form().unwrap().value("name"), "新村");
    app.feed("<c-c>").unwrap();
    assert!(!app.quit);
    app.feed("<tab><ret>").unwrap();
    assert!(app.quit);
}

#[test]
fn change_notices_refresh_the_tree() {
    let dir = TempDir::new("upd-notice");
    let shared = std::rc::Rc::new(kit::demo_backend(dir.path()));
    let mut app = app_over(Box::new(kit::Shared(shared.clone())));
    // A search is open while the change arrives.
    app.feed("/xjx").unwrap();
    let root = shared
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let made = shared
        .run(CreateUnit {
            parent: root.id,
            kind: ggw::domain::UnitKind::Township,
            name: "新建乡".into(),
            short_name: None,
        })
        .unwrap();
    assert!(!tree(&app).visible_names().contains(&"新建乡"));
    app.update(Action::Notice(ggw::backend::ChangeNotice {
        kind: ggw::domain::audit::RecordKind::Unit,
        record: made.id.0,
        unit: Some(made.id),
        by: "王老师".into(),
    }));
    let Some(Popup::Search(s)) = app.popups.last() else {
        panic!("search closed");
    };
    assert_eq!(s.result_names(), vec!["新建乡"]);
    app.feed("<esc>").unwrap();
    assert!(tree(&app).visible_names().contains(&"新建乡"));
    // The selection stays where it was.
    assert_eq!(tree(&app).selected_name(), Some("爱辉区"));
    assert!(app.status.as_ref().unwrap().text.contains("王老师"));

    // Someone connecting is no change to any unit.
    app.status = None;
    app.update(Action::Notice(ggw::server::presence_notice("李老师")));
    assert_eq!(app.status, None);
}

/// A server's answers as the program sees them: the head count moves, and
/// the account may be limited to part of the tree.
#[test]
fn presence_notices_update_the_head_count_only() {
    let dir = TempDir::new("upd-presence");
    let online = std::rc::Rc::new(std::cell::Cell::new(1));
    let backend = kit::Claimed {
        inner: kit::demo_backend(dir.path()),
        online: Some(online.clone()),
        access: None,
    };
    let mut app = app_over(Box::new(backend));
    assert_eq!(app.info.online, Some(1));
    app.update(Action::Down);
    let status_before = app.status.clone().map(|s| s.text);
    online.set(3);
    app.update(Action::Notice(ggw::backend::ChangeNotice {
        kind: ggw::domain::audit::RecordKind::Database,
        record: 0,
        unit: None,
        by: "王老师".into(),
    }));
    assert_eq!(app.info.online, Some(3));
    assert_eq!(
        app.status.clone().map(|s| s.text),
        status_before,
        "no 'changed by' message"
    );
    assert_eq!(tree(&app).selected_name(), Some("四嘉子乡"));
}

#[test]
fn a_form_on_a_record_someone_else_saved_offers_the_latest() {
    let dir = TempDir::new("upd-form-notice");
    let shared = std::rc::Rc::new(kit::demo_backend(dir.path()));
    let mut app = app_over(Box::new(kit::Shared(shared.clone())));
    app.feed("/xwsl<ret>r<c-u>我的名字").unwrap();
    let unit = shared
        .run(ResolveUnit {
            given: "爱辉区/四嘉子乡/小乌斯力村".into(),
        })
        .unwrap();
    let theirs = shared
        .run(RenameUnit {
            id: unit.id,
            rev: unit.rev,
            name: "小乌斯力屯".into(),
        })
        .unwrap();
    let notice = |record: u64| {
        Action::Notice(ggw::backend::ChangeNotice {
            kind: ggw::domain::audit::RecordKind::Unit,
            record,
            unit: Some(ggw::domain::UnitId(record)),
            by: "王老师".into(),
        })
    };
    // A notice about another record leaves the form alone.
    app.update(notice(unit.id.0 + 1));
    assert!(app.form().is_some());
    app.update(notice(unit.id.0));
    let Some(Popup::Choice(c)) = app.popups.last() else {
        panic!(
            "expected a question, got {:?}",
            app.popups.last().map(|_| ())
        )
    };
    assert!(
        c.text.contains("王老师 刚修改了正在编辑的记录"),
        "{}",
        c.text
    );
    // Keep editing: the stale save is refused, nothing is overwritten.
    app.feed("<right><ret>").unwrap();
    app.update(Action::Submit);
    assert!(
        app.form()
            .unwrap()
            .error
            .as_deref()
            .unwrap()
            .contains("已被")
    );
    assert_eq!(
        shared.run(GetUnit { id: unit.id }).unwrap().name,
        "小乌斯力屯"
    );
    // Another save by them, and this time load the latest.
    let theirs = shared
        .run(RenameUnit {
            id: theirs.id,
            rev: theirs.rev,
            name: "小乌斯力村".into(),
        })
        .unwrap();
    app.update(notice(unit.id.0));
    app.feed("<ret>").unwrap();
    let form = app.form().expect("the form, reloaded");
    assert_eq!(form.fields[0].value(), "小乌斯力村");
    app.feed("<c-u>新乌斯力村<ret>").unwrap();
    assert!(app.form().is_none());
    let saved = shared.run(GetUnit { id: unit.id }).unwrap();
    assert_eq!(
        (saved.name.as_str(), saved.rev),
        ("新乌斯力村", theirs.rev + 1)
    );
}

#[test]
fn edits_outside_the_account_are_refused_before_a_form_opens() {
    let dir = TempDir::new("upd-access");
    let inner = kit::demo_backend(dir.path());
    let township = inner
        .run(ResolveUnit {
            given: "爱辉区/四嘉子乡".into(),
        })
        .unwrap();
    let backend = kit::Claimed {
        inner,
        online: None,
        access: Some(ggw::domain::account::Access::Operator(township.id)),
    };
    let mut app = app_over(Box::new(backend));
    // 新生乡 is a sibling of the operator's township.
    app.feed("/新生乡<ret>a").unwrap();
    assert_eq!(tree(&app).selected_name(), Some("新生乡"));
    assert!(
        app.popups.is_empty(),
        "no form for a unit outside the account"
    );
    let status = app.status.as_ref().unwrap().text.clone();
    assert!(
        status.contains("lisi 是“爱辉区/四嘉子乡”的录入员，无权修改“爱辉区/新生乡”"),
        "{status}"
    );
    for key in ["r", "d"] {
        app.feed(key).unwrap();
        assert!(app.popups.is_empty(), "{key}");
    }
    // Inside the account's township the form opens as usual.
    app.feed("/xwsl<ret>a").unwrap();
    assert!(app.form().is_some());
}

/// The program at 80×24 over any backend, without drafts.
fn app_over(backend: Box<dyn ggw::backend::Backend>) -> ggw::tui::app::App {
    kit::app_boxed(backend)
        .theme(ggw::tui::theme::Theme::color())
        .build()
}
