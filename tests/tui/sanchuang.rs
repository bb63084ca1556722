//! The 三创 tab driven through the keys: plans on the board under their stage, moved on and
//! failed (read off the screen, not only the state), a plan added through its form, an info
//! item and its adoption, and an issue composed from two marked items, previewed and saved.

use crate::kit;

use ggw::api::sanchuang::{
    AddGroup, AddInfo, AddPlan, AdvancePlan, GetPlan, InfoDraft, ListBulletins, ListInfo,
    ListPlans, NewBulletin, PlanDraft,
};
use ggw::backend::BackendExt;
use ggw::domain::UnitKind;
use ggw::domain::bulletin::{AdoptionLevel, InfoItem, next_number};
use ggw::domain::day::Day;
use ggw::domain::guidance::GroupLine;
use ggw::domain::plan::{Creation, Plan, Stage};
use ggw::lang::Lang;
use ggw::tui::app::App;
use ggw::tui::views::sanchuang::{Pane, Sanchuang};
use unicode_width::UnicodeWidthStr;

/// The board's size: four columns of 29 cells and their rules.
const BOARD: (u16, u16) = (120, 40);

/// A township, two villages and a community, and an elder to own plans.
pub fn world() -> kit::World {
    builder().build()
}

fn builder() -> kit::WorldBuilder {
    kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .unit("四嘉子乡", UnitKind::Village, "大乌斯力村")
        .unit("爱辉区", UnitKind::Subdistrict, "花园街道")
        .unit("花园街道", UnitKind::Community, "金兰社区")
        .person(|w| kit::elder("赵振华", w.unit("四嘉子乡")))
}

/// `n` days before today: dates that keep the days in a stage fixed.
pub fn days_ago(n: usize) -> Day {
    (0..n).fold(Day::today(), |d, _| d.pred())
}

pub fn plan(w: &kit::World, unit: &str, creation: Creation, opened: Day) -> Plan {
    w.b.run(AddPlan {
        draft: PlanDraft {
            unit: w.unit(unit).id,
            creation,
            base: String::new(),
            strengths: "民族特色".into(),
            weaknesses: String::new(),
            goals: "建成示范村".into(),
            measures: String::new(),
            owner: Some(w.people[0].id),
            opened,
        },
    })
    .unwrap()
}

pub fn advance(w: &kit::World, p: &Plan, on: Day) -> Plan {
    w.b.run(AdvancePlan {
        id: p.id,
        rev: p.rev,
        on,
        note: String::new(),
    })
    .unwrap()
}

/// Three plans: 小乌斯力村 at 规划, 大乌斯力村 at 培育 and 金兰社区 at 检查验收.
pub fn plans_world() -> kit::World {
    let w = world();
    plan(&w, "小乌斯力村", Creation::Model, days_ago(30));
    let big = plan(&w, "大乌斯力村", Creation::Experience, days_ago(40));
    advance(&w, &big, days_ago(12));
    let jinlan = plan(&w, "金兰社区", Creation::Brand, days_ago(60));
    let jinlan = advance(&w, &jinlan, days_ago(45));
    advance(&w, &jinlan, days_ago(5));
    w
}

pub fn info(w: &kit::World, unit: &str, title: &str, written: Day) -> InfoItem {
    w.b.run(AddInfo {
        draft: InfoDraft {
            unit: w.unit(unit).id,
            title: title.into(),
            body: format!("{title}。五老和孩子们一起参加。"),
            authors: vec![w.people[0].id],
            written,
            submitted: None,
        },
    })
    .unwrap()
}

fn view(app: &App) -> &Sanchuang {
    app.view().as_any().downcast_ref::<Sanchuang>().unwrap()
}

/// The app on the 三创 tab, the fifth.
fn open(b: ggw::backend::LocalBackend, size: (u16, u16)) -> App {
    let mut app = kit::app(b).size(size).lang(Lang::Zh).build();
    app.feed("<tab><tab><tab><tab>").unwrap();
    view(&app);
    app
}

/// The board's column (0 規划 … 3 总结推广) a unit's name is drawn in, by the
/// cell it starts at: each column is 29 cells and a rule wide.
fn column_of(app: &App, name: &str) -> Option<usize> {
    kit::screen(app).iter().find_map(|row| {
        let at = row.find(name)?;
        Some(UnicodeWidthStr::width(&row[..at]) / 30)
    })
}

fn stage_of(app: &App, name: &str) -> Stage {
    let rows = app.backend().run(ListPlans {
        unit: None,
        stage: None,
    });
    rows.unwrap()
        .into_iter()
        .find(|r| r.unit_name == name)
        .map(|r| r.plan.stage())
        .unwrap_or_else(|| panic!("no plan of {name}"))
}

#[test]
fn plans_appear_under_their_stage_with_days_and_the_last_visit() {
    let w = plans_world();
    let app = open(w.b, BOARD);
    let screen = kit::screen(&app);
    let heads = &screen[2];
    for (i, head) in ["规划 (1)", "培育 (1)", "检查验收 (1)", "总结推广 (0)"]
        .iter()
        .enumerate()
    {
        let at = heads
            .find(head)
            .unwrap_or_else(|| panic!("{head}: {heads}"));
        assert_eq!(UnicodeWidthStr::width(&heads[..at]) / 30, i, "{heads}");
    }
    assert_eq!(column_of(&app, "小乌斯力村"), Some(0));
    assert_eq!(column_of(&app, "大乌斯力村"), Some(1));
    assert_eq!(column_of(&app, "金兰社区"), Some(2));
    let text = kit::screen_text(&app);
    // 30 days at 规划, 12 at 培育 and 5 at 检查验收, never visited.
    for days in ["30 天 · 尚未督导", "12 天 · 尚未督导", "5 天 · 尚未督导"] {
        assert!(text.contains(days), "{days}:\n{text}");
    }
    assert!(text.contains("创典型") && text.contains("创经验") && text.contains("创品牌"));

    // Narrow, the same plans are a table with the stage first.
    let w = plans_world();
    let app = open(w.b, (80, 24));
    let screen = kit::screen(&app);
    assert!(screen[2].contains("阶段") && screen[2].contains("本阶段天数"));
    let row = |name: &str| screen.iter().find(|r| r.contains(name)).unwrap().clone();
    assert!(
        row("小乌斯力村")
            .trim_start_matches("> ")
            .trim_start()
            .starts_with("规划")
    );
    assert!(row("大乌斯力村").trim_start().starts_with("培育"));
    assert!(row("金兰社区").trim_start().starts_with("检查验收"));
    assert!(row("金兰社区").contains("创品牌"));
}

#[test]
fn advancing_moves_the_plan_to_the_next_column_on_the_screen() {
    let w = plans_world();
    let mut app = open(w.b, BOARD);
    assert_eq!(column_of(&app, "小乌斯力村"), Some(0));
    // The cursor starts on the first plan of 规划; n asks the date (today)
    // and a note.
    app.feed("n").unwrap();
    let form = app.form().expect("the advance form");
    assert_eq!(form.value("date"), Day::today().to_string());
    app.feed("<tab>规划通过审定<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.status);
    assert_eq!(column_of(&app, "小乌斯力村"), Some(1));
    assert!(kit::screen(&app)[2].contains("规划 (0)"));
    assert!(kit::screen(&app)[2].contains("培育 (2)"));
    assert_eq!(stage_of(&app, "小乌斯力村"), Stage::Cultivating);
    // The cursor went with it: n again takes it to 检查验收.
    app.feed("n<ret>").unwrap();
    assert_eq!(column_of(&app, "小乌斯力村"), Some(2));
    let plan = &view(&app)
        .plans()
        .iter()
        .find(|r| r.unit_name == "小乌斯力村")
        .unwrap()
        .plan;
    assert_eq!(plan.changes[0].note, "规划通过审定");
}

#[test]
fn a_failed_inspection_sends_the_plan_back_to_cultivating() {
    let w = plans_world();
    let mut app = open(w.b, BOARD);
    // At 规划 the key is refused before any form, with the reason.
    app.feed("x").unwrap();
    assert!(app.form().is_none());
    let said = app.status.as_ref().unwrap().text.clone();
    assert!(said.contains("检查验收"), "{said}");
    // To 金兰社区 at 检查验收, two columns right; the reason is required.
    app.feed("ll").unwrap();
    app.feed("x").unwrap();
    assert!(app.form().is_some());
    app.feed("<ret>").unwrap();
    assert!(app.form().unwrap().fields.iter().any(|f| f.error.is_some()));
    // The refusal put the cursor on the reason.
    let form = app.form().unwrap();
    assert_eq!(form.fields[form.focus].key, "reason");
    app.feed("活动台账不全<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.status);
    assert_eq!(column_of(&app, "金兰社区"), Some(1));
    assert_eq!(stage_of(&app, "金兰社区"), Stage::Cultivating);
    // The card marks the failure with its reason.
    app.feed("<ret>").unwrap();
    let text = kit::screen_text(&app);
    assert!(
        text.contains("✗ 检查验收未通过，退回培育：活动台账不全"),
        "{text}"
    );
    let id = view(&app).card().unwrap().row.plan.id;
    let card = app.backend().run(GetPlan { id }).unwrap();
    assert!(card.row.plan.changes.last().unwrap().failed);
}

#[test]
fn a_plan_is_added_through_its_form() {
    let w = world();
    let (jinlan, owner) = (w.unit("金兰社区").id, w.people[0].id);
    let mut app = open(w.b, BOARD);
    assert!(kit::screen_text(&app).contains("还没有培育规划"));
    // Unit by path; 创经验 (one to the right); goals; the owner by name.
    app.feed("a爱辉区/花园街道/金兰社区<tab><right><tab>建成社区关爱品牌")
        .unwrap();
    app.feed("<tab><tab><tab><tab><tab>赵振华<tab><c-u>2026-02-01<ret>")
        .unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let rows = app
        .backend()
        .run(ListPlans {
            unit: None,
            stage: None,
        })
        .unwrap();
    assert_eq!(rows.len(), 1);
    let p = &rows[0].plan;
    assert_eq!(p.unit, jinlan);
    assert_eq!(p.creation, Creation::Experience);
    assert_eq!(p.goals, "建成社区关爱品牌");
    assert_eq!(p.owner, Some(owner));
    assert_eq!(p.opened, Day::ymd(2026, 2, 1).unwrap());
    assert_eq!(column_of(&app, "金兰社区"), Some(0));
    // The same unit and creation again is refused, the form kept open.
    app.feed("a爱辉区/花园街道/金兰社区<tab><right><ret>")
        .unwrap();
    assert!(app.form().is_some());
}

#[test]
fn an_info_item_and_its_adoption_are_added() {
    let w = world();
    let owner = w.people[0].id;
    let mut app = open(w.b, BOARD);
    app.feed("v").unwrap();
    assert_eq!(view(&app).pane(), Pane::Info);
    app.feed("a小乌斯力村五老讲述民族团结故事<tab>爱辉区/四嘉子乡/小乌斯力村<tab>赵振华")
        .unwrap();
    app.feed("<tab><c-u>2026-10-08<tab>2026-10-09<tab>40多名青少年参加。<ret>")
        .unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let items = app
        .backend()
        .run(ListInfo {
            unit: None,
            from: None,
            to: None,
        })
        .unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].authors, vec![owner]);
    assert_eq!(items[0].submitted, Day::ymd(2026, 10, 9));
    assert!(kit::screen_text(&app).contains("2026-10-08 小乌斯力村"));

    // Two adoptions: 市 (the level offered first) and 省.
    app.feed("c<tab>黑河日报<tab>第3版<tab><c-u>2026-10-12<ret>")
        .unwrap();
    app.feed("c<right><tab>黑龙江关工委网站<ret>").unwrap();
    let items = app
        .backend()
        .run(ListInfo {
            unit: None,
            from: None,
            to: None,
        })
        .unwrap();
    let levels: Vec<_> = items[0].adoptions.iter().map(|a| a.level).collect();
    assert_eq!(levels, vec![AdoptionLevel::City, AdoptionLevel::Province]);
    assert_eq!(items[0].adoptions[0].outlet, "黑河日报");
    let row = kit::screen(&app)
        .into_iter()
        .find(|r| r.contains("小乌斯力村五老"))
        .unwrap();
    assert!(row.trim_end().ends_with("市1 省1"), "{row}");
    // An adoption names its outlet.
    app.feed("c<ret>").unwrap();
    assert!(app.form().is_some());
}

/// Two items, the later written first in the list, and one issue already out today.
pub fn bulletin_world() -> kit::World {
    let w = world();
    let first = info(&w, "小乌斯力村", "小乌斯力村开展民族文化活动", days_ago(20));
    info(&w, "金兰社区", "金兰社区五老护苗行动", days_ago(10));
    w.b.run(NewBulletin {
        date: days_ago(15),
        items: vec![first.id],
        editor: None,
        number: None,
        allow_gap: false,
    })
    .unwrap();
    w
}

#[test]
fn an_issue_is_composed_from_two_marked_items_previewed_and_saved() {
    let w = bulletin_world();
    let mut app = open(w.b, BOARD);
    let before = app.backend().run(ListBulletins { year: None }).unwrap();
    let next = next_number(before.last().map(|b| b.issue), Day::today());
    // Nothing marked: the compose key says how.
    app.feed("vv").unwrap();
    assert_eq!(view(&app).pane(), Pane::Bulletins);
    app.feed("b").unwrap();
    assert_eq!(view(&app).pane(), Pane::Info);
    assert!(view(&app).preview().is_none());
    // Marked in the order wanted: 小乌斯力村's (second row) first.
    app.feed("j<space>k<space>").unwrap();
    let marked = view(&app).marked().to_vec();
    assert_eq!(marked.len(), 2);
    assert!(kit::screen_text(&app).contains("已选 2 条"));
    app.feed("b").unwrap();
    let text = kit::screen_text(&app);
    assert!(text.contains(&format!("（{}）", next.label_zh())), "{text}");
    assert!(text.contains("关心下一代工作"));
    assert!(text.contains("（供稿：四嘉子乡小乌斯力村）"), "{text}");
    // In the preview, below the list behind it: the items in the order marked.
    let preview = &text[text.find("关心下一代工作").unwrap()..];
    let culture = preview.find("小乌斯力村开展民族文化活动").unwrap();
    let guard = preview.find("金兰社区五老护苗行动").unwrap();
    assert!(culture < guard, "{text}");

    app.feed("<ret>").unwrap();
    assert!(view(&app).preview().is_none(), "{:?}", app.status);
    let after = app.backend().run(ListBulletins { year: None }).unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let saved = after.last().unwrap();
    assert_eq!(saved.issue, next);
    assert_eq!(saved.items, marked);
    assert_eq!(view(&app).pane(), Pane::Bulletins);
    assert!(view(&app).marked().is_empty());
    let status = app.status.as_ref().unwrap().text.clone();
    assert!(status.contains(&next.label_zh()), "{status}");
    // The newest issue first; Enter shows it as printed.
    app.feed("<ret>").unwrap();
    assert!(kit::screen_text(&app).contains(&format!("简报 {}", next.label_zh())));
    app.feed("<esc>").unwrap();
    assert!(view(&app).preview().is_none());
}

#[test]
fn a_guidance_visit_from_the_card_shows_on_it() {
    let w = plans_world();
    w.b.run(AddGroup {
        name: "乡镇村屯组".into(),
        line: GroupLine::Townships,
        members: vec![w.people[0].id],
    })
    .unwrap();
    let mut app = open(w.b, BOARD);
    app.feed("<ret>d").unwrap();
    let form = app.form().expect("the visit form");
    assert_eq!(form.value("group"), "1");
    // Date, then 听汇报 yes (the first option), 看材料 no, 座谈讨论 yes.
    app.feed("<tab><c-u>2026-05-20<tab><left><tab><tab><left><tab>民族文化")
        .unwrap();
    app.feed("<tab><tab>缺少活动阵地<tab><tab><tab>补齐阵地<tab>赵振华<ret>")
        .unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let text = kit::screen_text(&app);
    assert!(text.contains("督促指导（1 次）"), "{text}");
    assert!(
        text.contains("2026-05-20  乡镇村屯组  听汇报、座谈讨论"),
        "{text}"
    );
    assert!(text.contains("问题有哪些：缺少活动阵地"), "{text}");
}

#[test]
fn a_change_saved_elsewhere_reloads_the_board() {
    let w = plans_world();
    let unit = w.unit("四嘉子乡").id;
    let owner = w.people[0].id;
    let b = std::rc::Rc::new(w.b);
    let mut app = kit::app(kit::Shared(b.clone()))
        .size(BOARD)
        .lang(Lang::Zh)
        .build();
    app.feed("<tab><tab><tab><tab>").unwrap();
    assert!(!kit::screen_text(&app).contains("四嘉子乡 "));
    let p = b
        .run(AddPlan {
            draft: PlanDraft {
                unit,
                creation: Creation::Brand,
                base: String::new(),
                strengths: String::new(),
                weaknesses: String::new(),
                goals: String::new(),
                measures: String::new(),
                owner: Some(owner),
                opened: days_ago(3),
            },
        })
        .unwrap();
    app.update(ggw::tui::action::Action::Notice(
        ggw::backend::ChangeNotice {
            kind: ggw::domain::audit::RecordKind::Plan,
            record: p.id.0,
            unit: Some(unit),
            by: "lisi".into(),
        },
    ));
    assert_eq!(view(&app).plans().len(), 4);
    assert_eq!(column_of(&app, "四嘉子乡"), Some(0));
    assert!(kit::screen(&app)[2].contains("规划 (2)"));
}

#[test]
fn in_a_terminal_a_plan_moved_on_changes_columns() {
    if !kit::tmux::available() {
        return;
    }
    let dir = kit::TempDir::new("e2e-sanchuang");
    let db = dir.path().join("ggw.db");
    {
        let w = builder().db_at(db.clone()).build();
        plan(&w, "小乌斯力村", Creation::Model, days_ago(30));
    }
    let tmux = kit::tmux::Tmux::new("e2e-sanchuang", dir.path());
    tmux.start_ggw("s", "C.UTF-8", &format!("--db {}", db.display()));
    tmux.wait_for("s", "[组织]");
    tmux.cmd(&["resize-window", "-t", "s", "-x", "120", "-y", "40"]);
    tmux.keys("s", &["Tab", "Tab", "Tab", "Tab"]);
    let screen = tmux.wait_for("s", "规划 (1)");
    let column = |screen: &str| {
        screen.lines().find_map(|row| {
            let at = row.find("小乌斯力村")?;
            Some(UnicodeWidthStr::width(&row[..at]) / 30)
        })
    };
    assert_eq!(column(&screen), Some(0), "{screen}");
    tmux.keys("s", &["n"]);
    tmux.wait_for("s", "推进到培育");
    tmux.keys("s", &["Enter"]);
    let screen = tmux.wait_for("s", "已推进到培育");
    assert!(screen.contains("培育 (1)"), "{screen}");
    assert_eq!(column(&screen), Some(1), "{screen}");
    tmux.keys("s", &["q"]);
}

#[test]
fn a_long_preview_scrolls_to_its_end_and_back() {
    let w = world();
    for n in 1..=4 {
        let item = info(&w, "小乌斯力村", &format!("第{n}条信息"), days_ago(n));
        assert_eq!(item.title, format!("第{n}条信息"));
    }
    let mut app = open(w.b, (80, 24));
    app.feed("v<space>j<space>j<space>j<space>b").unwrap();
    let top = kit::screen_text(&app);
    assert!(
        top.contains("关心下一代工作") && top.contains("↑↓ 滚动 ↓"),
        "{top}"
    );
    app.feed("G").unwrap();
    let end = kit::screen_text(&app);
    assert!(!end.contains("关心下一代工作"), "{end}");
    assert!(
        end.contains("（供稿：四嘉子乡小乌斯力村）") && !end.contains("滚动 ↓"),
        "{end}"
    );
    // One line back up from the end, not from past it.
    app.feed("k").unwrap();
    assert!(kit::screen_text(&app).contains("滚动 ↓"));
    app.feed("gg").unwrap();
    assert!(kit::screen_text(&app).contains("关心下一代工作"));
}

#[test]
fn a_plan_is_edited_and_voided_from_its_card() {
    let w = plans_world();
    let mut app = open(w.b, BOARD);
    // 小乌斯力村's card; its goals (the third field) changed.
    app.feed("<ret>e").unwrap();
    assert_eq!(app.form().unwrap().value("goals"), "建成示范村");
    assert_eq!(app.form().unwrap().value("person"), "赵振华");
    app.feed("<tab><tab><c-u>建成民族团结示范村<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    let card = view(&app).card().unwrap();
    assert_eq!(card.row.plan.goals, "建成民族团结示范村");
    assert!(kit::screen_text(&app).contains("目标      建成民族团结示范村"));
    // Voided: gone from the board, the card closed.
    app.feed("V<ret>").unwrap();
    assert!(view(&app).card().is_none(), "{:?}", app.status);
    assert_eq!(column_of(&app, "小乌斯力村"), None);
    assert_eq!(view(&app).plans().len(), 2);
}

#[test]
fn an_issue_the_service_refuses_says_why_and_stays_open() {
    let w = world();
    let item = info(&w, "小乌斯力村", "小乌斯力村开展民族文化活动", days_ago(3));
    let b = std::rc::Rc::new(w.b);
    let mut app = kit::app(kit::Shared(b.clone()))
        .size(BOARD)
        .lang(Lang::Zh)
        .build();
    app.feed("<tab><tab><tab><tab>v<space>b").unwrap();
    assert!(view(&app).preview().is_some());
    // Someone voids the item meanwhile, and no notice has come yet.
    b.run(ggw::api::sanchuang::VoidSanchuang {
        kind: ggw::domain::audit::RecordKind::InfoItem,
        id: item.id.0,
        rev: item.rev,
        reason: "重复录入".into(),
    })
    .unwrap();
    app.feed("<ret>").unwrap();
    let status = app.status.clone().unwrap();
    assert!(status.error, "{status:?}");
    assert!(view(&app).preview().is_some());
    assert!(b.run(ListBulletins { year: None }).unwrap().is_empty());
}
