//! The 工作 tab driven through the same update function the keys reach: fast entry of a paper
//! register, a list longer than the rows held paged through the service, the search, a
//! record's card with an edit, a refused save over someone else's and a void.

use crate::kit;

use std::cell::RefCell;
use std::rc::Rc;

use ggw::api::work::{
    AddWork, GetWork, ImportWork, ListWork, UpdateWork, WorkFilter, WorkImportRow, WorkRequest,
};
use ggw::backend::{Backend, BackendExt, LocalBackend};
use ggw::domain::UnitKind;
use ggw::domain::day::Day;
use ggw::domain::work::{ActivityKind, DEFAULT_THEMES};
use ggw::domain::work_item::{ActivityDraft, WorkDraft, WorkItem, WorkList};
use ggw::service::{Request, Response};
use ggw::tui::app::App;
use ggw::tui::popups::Popup;
use ggw::tui::popups::form::FormState;
use ggw::tui::views::work::{WINDOW, Work};

/// A township with a village, three elders, and the owner's backend.
fn world() -> kit::World {
    kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .person(|w| kit::elder("王建华", w.unit("四嘉子乡")))
        .person(|w| kit::elder("李红", w.unit("小乌斯力村")))
        .person(|w| kit::elder("刘振华", w.unit("小乌斯力村")))
        .build()
}

/// The backend in front of the real one, keeping the window of every list asked for.
struct Counting {
    inner: LocalBackend,
    asked: Rc<RefCell<Vec<(usize, usize)>>>,
}

impl Backend for Counting {
    fn call(&self, request: Request) -> ggw::error::Result<Response> {
        if let Request::Work(WorkRequest::ListWork(ListWork { offset, limit, .. })) = &request {
            self.asked.borrow_mut().push((*offset, *limit));
        }
        self.inner.call(request)
    }
}

fn work(app: &App) -> &Work {
    app.view().as_any().downcast_ref::<Work>().unwrap()
}

fn form(app: &App) -> &FormState {
    app.form().expect("a form is open")
}

fn day(y: i32, m: u32, d: u32) -> Day {
    Day::ymd(y, m, d).unwrap()
}

fn activity(w: &kit::World, unit: &str, date: Day, title: &str) -> WorkDraft {
    WorkDraft::Activity(ActivityDraft {
        unit: w.unit(unit).id,
        date,
        title: title.into(),
        theme: String::new(),
        kind: ActivityKind::Education,
        online: false,
        place: String::new(),
        youths: 0,
        elders: vec![],
        notes: String::new(),
    })
}

fn listed(b: &dyn Backend) -> Vec<WorkItem> {
    b.run(ListWork {
        filter: WorkFilter::new(WorkList::Activities),
        offset: 0,
        limit: 100,
    })
    .unwrap()
    .items
}

#[test]
fn fast_entry_keeps_unit_date_kind_and_theme_for_the_next_record() {
    let w = world();
    let mut app = kit::app(w.b).build();
    app.feed("<tab><tab><tab>").unwrap();
    assert_eq!(work(&app).list(), WorkList::Activities);
    // Unit, date, title; the first of the office's themes, the second kind
    // (法治宣传), online; 120 young people and two elders by name.
    app.feed("a爱辉区/四嘉子乡<down><c-u>2026-05-04<down>法治进校园第一场")
        .unwrap();
    app.feed("<down><right><down><down><right><down><right><down><down>120")
        .unwrap();
    app.feed("<down>王建华、刘振华<ret>").unwrap();
    let saved = listed(app.backend());
    assert_eq!(saved.len(), 1, "{:?}", app.status);
    let WorkItem::Activity(first) = &saved[0] else {
        panic!("{saved:?}")
    };
    assert_eq!(first.title, "法治进校园第一场");
    assert_eq!(first.date, day(2026, 5, 4));
    assert_eq!(first.theme, DEFAULT_THEMES[0]);
    assert_eq!(first.kind, ActivityKind::Law);
    assert!(first.online);
    assert_eq!(first.youths, 120);
    assert_eq!(first.elders.len(), 2);

    // The form is open again for the next record of the register: the
    // unit, date, kind and theme kept, the rest empty, the cursor on the title.
    let f = form(&app);
    assert_eq!(f.value("unit"), "爱辉区/四嘉子乡");
    assert_eq!(f.value("date"), "2026-05-04");
    assert_eq!(f.value("kind"), "law");
    assert_eq!(f.value("theme"), DEFAULT_THEMES[0]);
    for key in ["title", "place", "youths", "people", "notes", "new_theme"] {
        assert_eq!(f.value(key), "", "{key}");
    }
    assert_eq!(f.value("online"), "offline");
    assert_eq!(f.fields[f.focus].key, "title");
    assert!(!f.is_dirty());

    // The next one is its title alone; then the first typed again is refused
    // next to the title, naming the first one's number.
    app.feed("法治进校园第二场<ret>").unwrap();
    let saved = listed(app.backend());
    assert_eq!(saved.len(), 2);
    let WorkItem::Activity(second) = &saved
        .iter()
        .find(|i| i.label() == "法治进校园第二场")
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(
        (second.unit, second.date, second.kind, second.theme.as_str()),
        (first.unit, first.date, ActivityKind::Law, DEFAULT_THEMES[0])
    );
    app.feed("法治进校园第一场<ret>").unwrap();
    assert_eq!(listed(app.backend()).len(), 2);
    let f = form(&app);
    let title = f.fields.iter().find(|x| x.key == "title").unwrap();
    let error = title.error.as_deref().expect("refused next to the title");
    assert!(error.contains(&format!("活动编号 {}", first.id)), "{error}");
    // Esc leaves, after asking about what is typed.
    app.feed("<c-u><esc>").unwrap();
    assert!(app.form().is_none());
    assert_eq!(work(&app).total(), 2);
}

#[test]
fn a_visit_names_one_person_and_a_village_and_the_refusals_stay_by_their_field() {
    let w = world();
    let mut app = kit::app(w.b).build();
    app.feed("<tab><tab><tab><right><right>").unwrap();
    assert_eq!(work(&app).list(), WorkList::Visits);
    // A township is no village: refused by the unit field.
    app.feed("a李红<down>爱辉区/四嘉子乡<down><c-u>2026-06-01<down>走访<ret>")
        .unwrap();
    let f = form(&app);
    let unit = f.fields.iter().find(|x| x.key == "unit").unwrap();
    assert!(unit.error.as_deref().unwrap().contains("不是村屯"), "{f:?}");
    // Two people on one visit: refused by the people field.
    app.feed("<c-u>爱辉区/四嘉子乡/小乌斯力村<up><end>、刘振华<ret>")
        .unwrap();
    let f = form(&app);
    let people = f.fields.iter().find(|x| x.key == "people").unwrap();
    assert!(
        people.error.as_deref().unwrap().contains("只记一位"),
        "{f:?}"
    );
    // Someone the roster does not have: said so, with how to find them.
    app.feed("<c-u>张无名<ret>").unwrap();
    let f = form(&app);
    let people = f.fields.iter().find(|x| x.key == "people").unwrap();
    assert!(people.error.as_deref().unwrap().contains("Ctrl-F"), "{f:?}");
    // Picked from the roster by pinyin initials instead.
    app.feed("<c-u>lh<c-f>").unwrap();
    assert!(matches!(app.popups.last(), Some(Popup::Search(_))));
    app.feed("<ret>").unwrap();
    assert_eq!(form(&app).value("people"), "李红");
    app.feed("<ret>").unwrap();
    let page = app
        .backend()
        .run(ListWork {
            filter: WorkFilter::new(WorkList::Visits),
            offset: 0,
            limit: 10,
        })
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(
        page.names
            .iter()
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>(),
        ["李红"]
    );
    // The next visit keeps the village and the day, not the person.
    let f = form(&app);
    assert_eq!(f.value("unit"), "爱辉区/四嘉子乡/小乌斯力村");
    assert_eq!(f.value("date"), "2026-06-01");
    assert_eq!(f.value("people"), "");
    assert_eq!(f.fields[f.focus].key, "people");
}

#[test]
fn a_long_list_is_paged_through_the_service_never_read_whole() {
    let w = world();
    let path = "爱辉区/四嘉子乡".to_string();
    // 300 activities, one a day from 2025-01-01: more than the window holds.
    let rows: Vec<WorkImportRow> = (0..300)
        .map(|i| {
            let date = Day::from_number(day(2025, 1, 1).number() + i).unwrap();
            WorkImportRow {
                line: i as usize + 2,
                unit: path.clone(),
                people: vec![],
                draft: activity(&w, "四嘉子乡", date, &format!("活动{i:03}")),
            }
        })
        .collect();
    let n =
        w.b.run(ImportWork {
            list: WorkList::Activities,
            rows,
            source: "many.csv".into(),
            check_only: false,
        })
        .unwrap();
    assert_eq!(n, 300);
    let asked = Rc::new(RefCell::new(Vec::new()));
    let b = Counting {
        inner: w.b,
        asked: asked.clone(),
    };
    let mut app = kit::app(b).build();
    app.feed("<tab><tab><tab>").unwrap();
    let s = kit::screen(&app);
    assert!(s[1].contains("共 300 条"), "{}", s[1]);
    // Newest first: the last day (2025-10-27, day 299) on top.
    assert!(
        s[3].starts_with("> 2025-10-27 四嘉子乡   活动299"),
        "{}",
        s[3]
    );
    assert_eq!(work(&app).held().len(), WINDOW);
    // To the end: the oldest, asked for as a window near the end.
    app.feed("G").unwrap();
    assert_eq!(work(&app).selected().unwrap().label(), "活动000");
    let s = kit::screen(&app);
    assert!(
        s[21].starts_with("> 2025-01-01 四嘉子乡   活动000"),
        "{}",
        s[21]
    );
    assert!(
        s[3].starts_with("  2025-01-19 四嘉子乡   活动018"),
        "{}",
        s[3]
    );
    // Up one page and back to the top: every request a window, none the whole list.
    app.feed("<pgup>gg").unwrap();
    assert_eq!(work(&app).selected().unwrap().label(), "活动299");
    let asked = asked.borrow();
    assert!(asked.len() >= 2, "{asked:?}");
    assert!(asked.iter().all(|(_, limit)| *limit == WINDOW), "{asked:?}");
    // The end reached with a window that starts past the first one's.
    assert!(
        asked.iter().any(|(offset, _)| *offset >= 300 - WINDOW),
        "{asked:?}"
    );
}

#[test]
fn search_narrows_the_list_by_pinyin_initials() {
    let w = world();
    for (d, title) in [
        (1, "法治进校园"),
        (2, "老少同声颂党恩"),
        (3, "法治宣传进村屯"),
    ] {
        w.b.run(AddWork {
            draft: activity(&w, "四嘉子乡", day(2026, 4, d), title),
        })
        .unwrap();
    }
    let mut app = kit::app(w.b).build();
    app.feed("<tab><tab><tab>").unwrap();
    assert_eq!(work(&app).total(), 3);
    app.feed("/fzjxy<ret>").unwrap();
    let titles: Vec<&str> = work(&app).held().iter().map(WorkItem::label).collect();
    assert_eq!(titles, ["法治进校园"]);
    let s = kit::screen(&app);
    assert!(s[1].contains("共 1 条"), "{}", s[1]);
    assert!(s[1].contains("“fzjxy”"), "{}", s[1]);
    // Typing narrows as it goes; Esc lets go of the search.
    app.feed("/<c-u>fz").unwrap();
    let titles: Vec<&str> = work(&app).held().iter().map(WorkItem::label).collect();
    assert_eq!(titles, ["法治宣传进村屯", "法治进校园"]);
    app.feed("<esc>").unwrap();
    assert_eq!(work(&app).total(), 3);
}

#[test]
fn the_card_shows_a_record_and_edits_and_voids_it() {
    let w = world();
    let first =
        w.b.run(AddWork {
            draft: activity(&w, "四嘉子乡", day(2026, 4, 1), "法治进校园"),
        })
        .unwrap();
    let b = Rc::new(w.b);
    let mut app = kit::app(kit::Shared(b.clone())).build();
    app.feed("<tab><tab><tab><ret>").unwrap();
    let card = work(&app).card().expect("the card is open");
    assert_eq!(card.item.id(), first.id());
    let s = kit::screen(&app).join("\n");
    assert!(s.contains("爱辉区/四嘉子乡"), "{s}");
    assert!(s.contains("法治进校园"), "{s}");

    // Edited from the card: two elders added by name and the young people counted.
    app.feed("e<down><down><down><down><down><down><down><down>80<down>王建华、李红<ret>")
        .unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let WorkItem::Activity(a) = &work(&app).card().unwrap().item else {
        panic!()
    };
    assert_eq!(a.youths, 80);
    assert_eq!(a.elders.len(), 2);
    let s = kit::screen(&app).join("\n");
    assert!(s.contains("王建华、李红"), "{s}");

    // Someone else saves first: the save is refused with the reason, the
    // card shows theirs, and the form now holds the latest revision.
    app.feed("e").unwrap();
    let stored = b.run(GetWork { id: first.id() }).unwrap().item;
    let mut theirs = stored.draft();
    if let WorkDraft::Activity(d) = &mut theirs {
        d.place = "第一中学".into();
    }
    b.run(UpdateWork {
        id: first.id(),
        rev: stored.rev(),
        draft: theirs,
    })
    .unwrap();
    app.feed("<down><down><down><down><down><down><down><down><c-u>90<ret>")
        .unwrap();
    let f = form(&app);
    assert!(f.error.is_some(), "{f:?}");
    let WorkItem::Activity(a) = &work(&app).card().unwrap().item else {
        panic!()
    };
    assert_eq!((a.place.as_str(), a.youths), ("第一中学", 80));
    // Saved again, over the latest: theirs kept, ours added.
    app.feed("<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let WorkItem::Activity(a) = &work(&app).card().unwrap().item else {
        panic!()
    };
    assert_eq!((a.place.as_str(), a.youths), ("第一中学", 90));

    // Voided with a reason: gone from the list, the card closed.
    app.feed("V<c-u>重复录入<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    assert!(work(&app).card().is_none());
    assert_eq!(work(&app).total(), 0);
    let voided = b.run(GetWork { id: first.id() }).unwrap().item;
    assert_eq!(voided.voided().unwrap().reason, "重复录入");
}

#[test]
fn another_users_save_shows_up_in_the_list() {
    let w = world();
    let b = Rc::new(w.b);
    let mut app = kit::app(kit::Shared(b.clone())).build();
    app.feed("<tab><tab><tab>").unwrap();
    assert_eq!(work(&app).total(), 0);
    let item = b
        .run(AddWork {
            draft: WorkDraft::Activity(ActivityDraft {
                unit: b
                    .run(ggw::api::units::ResolveUnit {
                        given: "四嘉子乡".into(),
                    })
                    .unwrap()
                    .id,
                date: day(2026, 4, 1),
                title: "法治进校园".into(),
                theme: String::new(),
                kind: ActivityKind::Education,
                online: false,
                place: String::new(),
                youths: 0,
                elders: vec![],
                notes: String::new(),
            }),
        })
        .unwrap();
    app.update(ggw::tui::action::Action::Notice(
        ggw::backend::ChangeNotice {
            kind: ggw::domain::audit::RecordKind::Activity,
            record: item.id().id,
            unit: Some(item.unit()),
            by: "lisi".into(),
        },
    ));
    assert_eq!(work(&app).total(), 1);
    assert_eq!(work(&app).held()[0].label(), "法治进校园");
}

#[test]
fn a_viewer_adds_nothing_and_is_told_why() {
    let w = world();
    let district = w.district.id;
    let mut app = kit::app(kit::Claimed {
        inner: w.b,
        online: None,
        access: Some(ggw::domain::account::Access::Viewer(district)),
    })
    .build();
    app.feed("<tab><tab><tab>").unwrap();
    assert!(!app.offers(&ggw::tui::action::Action::Add));
    app.feed("a").unwrap();
    assert!(app.form().is_none());
    let status = app.status.clone().expect("the refusal is said");
    assert!(status.error, "{status:?}");
}
