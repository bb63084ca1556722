//! The 积分 tab: whole screens at 80×24 (and 120×40) from standings built
//! by hand; then over the real service, the standings, a ledger summing to
//! its total, a record's card, an award that moves a rank, settling after
//! its question, the group and period keys, and a refresh on a change.

use std::rc::Rc;

use crate::kit;

use ggw::api::ChangeNotice;
use ggw::api::scores::{Ledger, PeriodRow, SetRules, Standings};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::RecordKind;
use ggw::domain::day::Day;
use ggw::domain::points::Points;
use ggw::domain::rules::PeerGroup;
use ggw::domain::score_records::{StandingRow, Subject};
use ggw::domain::scoring::{LedgerLine, LineKind, Source};
use ggw::domain::{OrgUnit, UnitId, UnitKind};
use ggw::lang::Lang;
use ggw::tui::action::Action;
use ggw::tui::app::App;
use ggw::tui::views::scores::{RecordCard, Scores};

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

/// The 积分 tab's place among the tabs.
const TAB: usize = 5;

fn d(y: i32, m: u32, day: u32) -> Day {
    Day::ymd(y, m, day).unwrap()
}

fn p(s: &str) -> Points {
    Points::parse(s).unwrap()
}

fn tag(lang: Lang, (w, h): (u16, u16)) -> String {
    let l = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    format!("{l}_{w}x{h}")
}

fn period(id: u64, name: &str, year: i32, settled: bool) -> PeriodRow {
    PeriodRow {
        id,
        name: name.into(),
        from: d(year, 1, 1),
        to: d(year, 12, 31),
        version: 2,
        settled: settled.then(|| (0, "admin".to_string())),
        changed_at: 0,
        changed_by: "admin".into(),
    }
}

fn standing(
    id: u64,
    name: &str,
    total: &str,
    completion: Option<u16>,
    rank: u32,
    grade: &str,
    change: Option<i32>,
) -> StandingRow {
    StandingRow {
        subject: Subject::Unit(UnitId(id)),
        name: name.into(),
        path: format!("爱辉区/{name}"),
        total: p(total),
        blocks: vec![p(total)],
        adjusted: Points(0),
        completion,
        rank,
        grade: grade.into(),
        rank_change: change,
    }
}

/// Five townships of 2025, compared with a settled 2024: a tie at 87, a
/// row new since then, a negative total, a row without targets.
fn hand_standings() -> Standings {
    Standings {
        period: period(2, "2025年度关工委工作考核细则", 2025, false),
        group: PeerGroup::Township,
        blocks: vec!["信息工作".into(), "活动开展".into()],
        block_max: vec![Some(p("40")), Some(p("60"))],
        settled: false,
        previous: Some("2024年度关工委工作考核细则".into()),
        rows: vec![
            standing(3, "四嘉子乡", "92.5", Some(1000), 1, "优秀", Some(2)),
            standing(4, "西岗子镇", "87", Some(857), 2, "良好", Some(-1)),
            standing(5, "爱辉镇", "87", None, 2, "良好", Some(0)),
            standing(6, "上马厂乡", "61.25", Some(400), 4, "合格", None),
            standing(7, "罕达气镇", "-2", Some(0), 5, "不合格", Some(-2)),
        ],
    }
}

fn line(
    kind: LineKind,
    source: Option<(RecordKind, u64)>,
    day: Option<Day>,
    points: &str,
) -> LedgerLine {
    LedgerLine {
        block: "信息工作".into(),
        item: "信息被市级采用".into(),
        kind,
        source: source.map(|(kind, id)| Source { kind, id }),
        day,
        count: 1,
        points: p(points),
        note: String::new(),
    }
}

/// 四嘉子乡's ledger: four adoptions at 4 (16), the cap taking 4 back, an
/// activity at 1, an award of 2.5 with its reason: 15.5.
fn hand_ledger() -> Ledger {
    let mut lines: Vec<LedgerLine> = (0..4)
        .map(|i| {
            line(
                LineKind::Counted,
                Some((RecordKind::InfoItem, 10 + i)),
                Some(d(2025, 3, 1 + i as u32)),
                "4",
            )
        })
        .collect();
    let mut cap = line(LineKind::Cap, None, None, "-4");
    cap.note = "封顶 12 分".into();
    lines.push(cap);
    let mut act = line(
        LineKind::Counted,
        Some((RecordKind::Activity, 31)),
        Some(d(2025, 5, 4)),
        "1",
    );
    act.block = "活动开展".into();
    act.item = "组织活动".into();
    lines.push(act);
    let mut award = line(
        LineKind::Manual,
        Some((RecordKind::ScoreAdjustment, 1)),
        Some(d(2025, 6, 1)),
        "2.5",
    );
    award.block = "奖惩".into();
    award.item = "奖惩".into();
    award.note = "市级表彰".into();
    lines.push(award);
    Ledger {
        period: period(2, "2025年度关工委工作考核细则", 2025, false),
        subject: Subject::Unit(UnitId(3)),
        name: "四嘉子乡".into(),
        path: "爱辉区/四嘉子乡".into(),
        group: PeerGroup::Township,
        total: p("15.5"),
        lines,
        settled_total: None,
    }
}

/// The app on the 积分 tab showing `view`, over an empty database.
fn app_showing(view: Scores, lang: Lang, size: (u16, u16)) -> (kit::TempDb, App) {
    let w = kit::world().build();
    let mut app = kit::app(w.b).lang(lang).size(size).build();
    app.tabs[TAB].view = Some(Box::new(view));
    app.tab = TAB;
    (w.dir, app)
}

#[test]
fn standings_screens() {
    for (lang, size) in [
        (Lang::Zh, SMALL),
        (Lang::En, SMALL),
        (Lang::Zh, LARGE),
        (Lang::En, LARGE),
    ] {
        let view = Scores::shown(hand_standings(), vec![]);
        let (_w, mut app) = app_showing(view, lang, size);
        kit::assert_screen(&format!("scores_standings_{}", tag(lang, size)), &mut app);
    }
}

#[test]
fn ledger_screens() {
    for (lang, size) in [(Lang::Zh, SMALL), (Lang::En, SMALL)] {
        let view = Scores::shown(hand_standings(), vec![]).with_ledger(hand_ledger(), 4);
        let (_w, mut app) = app_showing(view, lang, size);
        kit::assert_screen(&format!("scores_ledger_{}", tag(lang, size)), &mut app);
    }
}

#[test]
fn record_card_screen() {
    let card = RecordCard {
        title: "活动 #31".into(),
        lines: vec![
            ("名称".into(), "法治进校园主题宣讲".into()),
            ("日期".into(), "2025-05-04".into()),
            ("组织单位".into(), "爱辉区/四嘉子乡".into()),
        ],
    };
    let view = Scores::shown(hand_standings(), vec![])
        .with_ledger(hand_ledger(), 5)
        .with_card(card);
    let (_w, mut app) = app_showing(view, Lang::Zh, SMALL);
    kit::assert_screen("scores_card_zh_80x24", &mut app);
}

#[test]
fn chinese_rows_line_up_whatever_their_width() {
    // Every row's total ends in the same column, and every bar starts in
    // the same one, though names are 3 and 4 characters wide.
    let view = Scores::shown(hand_standings(), vec![]);
    let (_w, app) = app_showing(view, Lang::Zh, SMALL);
    let rows = kit::screen(&app);
    let body: Vec<&String> = rows
        .iter()
        .filter(|r| r.contains("爱辉") || r.contains("乡") || r.contains("镇"))
        .collect();
    use unicode_width::UnicodeWidthStr;
    let col = |r: &str, needle: &str| r.find(needle).map(|at| UnicodeWidthStr::width(&r[..at]));
    let end_of_total: Vec<usize> = [("四嘉子乡", "92.5"), ("爱辉镇", "87"), ("罕达气镇", "-2")]
        .iter()
        .map(|(name, total)| {
            let r = body.iter().find(|r| r.contains(name)).unwrap();
            col(r, total).unwrap() + total.len()
        })
        .collect();
    assert!(
        end_of_total.windows(2).all(|w| w[0] == w[1]),
        "{end_of_total:?}\n{}",
        rows.join("\n")
    );
    // 92.5 of 100 in the bar: the first row's bar is the longest.
    let first = body.iter().find(|r| r.contains("四嘉子乡")).unwrap();
    let fourth = body.iter().find(|r| r.contains("上马厂乡")).unwrap();
    assert!(first.matches('█').count() > fourth.matches('█').count());
    assert!(
        first.contains("↑2") && fourth.contains("新"),
        "{first}\n{fourth}"
    );
}

// Over the real service.

const RULES: &str = r#"
name = "2025年度测试细则"
from = 2025-01-01
to = 2025-12-31
grades = [{ name = "优秀", min = 8 }, { name = "合格", min = 3 }]

[[block]]
name = "活动开展"
max = 10
floor = 0

[[block.item]]
name = "组织活动"
counts = "activities"
points = 2
target = { township = 3 }
shortfall = -1
"#;

struct Live {
    _dir: kit::TempDb,
    b_: Rc<LocalBackend>,
    a: OrgUnit,
    b: OrgUnit,
    c: OrgUnit,
}

fn activity(b: &LocalBackend, unit: &OrgUnit, date: Day, title: &str) {
    kit::add_activity(b, unit.id, date, title);
}

/// 甲乡 four activities (8, 优秀), 丙乡 two (4, one short: 3, 合格), 乙镇
/// one (2, two short: 0, 不合格).
fn live() -> Live {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "甲乡")
        .unit("爱辉区", UnitKind::Township, "乙镇")
        .unit("爱辉区", UnitKind::Township, "丙乡")
        .unit("爱辉区", UnitKind::Subdistrict, "海兰街道")
        .build();
    w.b.run(SetRules {
        period: None,
        text: RULES.into(),
    })
    .unwrap();
    let (a, b, c) = (
        w.unit("甲乡").clone(),
        w.unit("乙镇").clone(),
        w.unit("丙乡").clone(),
    );
    for i in 0..4 {
        activity(&w.b, &a, d(2025, 3, 1 + i), &format!("甲乡活动{i}"));
    }
    activity(&w.b, &c, d(2025, 4, 1), "丙乡活动一");
    activity(&w.b, &c, d(2025, 4, 2), "丙乡活动二");
    activity(&w.b, &b, d(2025, 5, 1), "乙镇活动");
    Live {
        _dir: w.dir,
        b_: Rc::new(w.b),
        a,
        b,
        c,
    }
}

fn scores(app: &App) -> &Scores {
    app.tabs[TAB]
        .view
        .as_ref()
        .unwrap()
        .as_any()
        .downcast_ref()
        .unwrap()
}

/// (name, total, rank) of each row shown.
fn rows(app: &App) -> Vec<(String, Points, u32)> {
    scores(app)
        .standings()
        .unwrap()
        .rows
        .iter()
        .map(|r| (r.name.clone(), r.total, r.rank))
        .collect()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn open_tab(l: &Live, lang: Lang) -> App {
    let mut app = kit::app(kit::Shared(l.b_.clone()))
        .lang(lang)
        .size(SMALL)
        .build();
    app.feed("<tab><tab><tab><tab><tab>").unwrap();
    assert_eq!(app.tab, TAB);
    app
}

#[test]
fn standings_ledger_and_the_record_behind_a_line() {
    let l = live();
    let mut app = open_tab(&l, Lang::Zh);
    assert_eq!(
        rows(&app),
        vec![
            ("甲乡".into(), p("8"), 1),
            ("丙乡".into(), p("3"), 2),
            ("乙镇".into(), p("0"), 3),
        ]
    );
    let screen = kit::screen_text(&app);
    assert!(screen.contains("[乡镇] 2025年度测试细则"), "{screen}");
    // Enter: 甲乡's ledger, four lines of 2 summing to 8.
    app.feed("<ret>").unwrap();
    let pane = scores(&app).ledger().unwrap();
    assert_eq!(pane.ledger.subject, Subject::Unit(l.a.id));
    assert_eq!(pane.ledger.lines.len(), 4);
    let sum: i64 = pane.ledger.lines.iter().map(|x| x.points.0).sum();
    assert_eq!(Points(sum), pane.ledger.total);
    let screen = kit::screen_text(&app);
    assert!(screen.contains("合计"), "{screen}");
    assert!(
        screen.lines().any(|r| r.trim_end().ends_with("合计     8")),
        "{screen}"
    );
    // Enter on a line: the activity's card, from the 工作 records.
    app.feed("<ret>").unwrap();
    let card = scores(&app).card().unwrap().clone();
    assert!(card.title.starts_with("活动 #"), "{card:?}");
    assert!(
        card.lines.iter().any(|(_, v)| v.starts_with("甲乡活动")),
        "{card:?}"
    );
    let screen = kit::screen_text(&app);
    assert!(screen.contains("甲乡活动"), "{screen}");
    // Esc closes the card, Esc again leaves the ledger.
    app.feed("<esc>").unwrap();
    assert!(scores(&app).card().is_none());
    assert!(scores(&app).ledger().is_some());
    app.feed("<esc>").unwrap();
    assert!(scores(&app).ledger().is_none());
    // The ledger of 乙镇 shows the shortfall line: 2 - 2 = 0.
    app.feed("jj<ret>").unwrap();
    let pane = scores(&app).ledger().unwrap();
    assert_eq!(pane.ledger.subject, Subject::Unit(l.b.id));
    assert!(
        pane.ledger
            .lines
            .iter()
            .any(|x| x.kind == LineKind::Shortfall { missing: 2 } && x.points == p("-2")),
        "{:?}",
        pane.ledger.lines
    );
    assert!(kit::screen_text(&app).contains("未达标差2"));
}

#[test]
fn an_award_moves_a_rank_and_a_bad_one_is_refused() {
    let l = live();
    let mut app = open_tab(&l, Lang::Zh);
    // 乙镇, third: an award of 5 takes it past 丙乡's 3.
    app.feed("jja").unwrap();
    assert!(app.form().is_some());
    // Not a number: the form stays, nothing saved.
    app.feed("abc<tab>表彰<ret>").unwrap();
    let form = app.form().expect("the form stays open");
    assert!(
        form.fields
            .iter()
            .any(|f| f.error.as_deref().is_some_and(|e| e.contains("不是分数"))),
        "{form:?}"
    );
    assert_eq!(rows(&app)[2], ("乙镇".into(), p("0"), 3));
    // The form comes back on the field in error.
    app.feed("<c-u>5<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    assert_eq!(status(&app), "已给乙镇记 5 分。");
    assert_eq!(
        rows(&app),
        vec![
            ("甲乡".into(), p("8"), 1),
            ("乙镇".into(), p("5"), 2),
            ("丙乡".into(), p("3"), 3),
        ]
    );
    // The cursor followed 乙镇 to its new place.
    assert_eq!(scores(&app).selected().unwrap().name, "乙镇");
    let _ = l.c;
}

#[test]
fn settling_asks_first_then_freezes_and_refuses_the_editor() {
    let l = live();
    let mut app = open_tab(&l, Lang::Zh);
    app.feed("S").unwrap();
    let screen = kit::screen_text(&app);
    for want in [
        "兑现奖惩",
        "2025年度测试细则（第1版）",
        "乡镇：3 个，第一名 甲乡",
        "冻结后不能修改",
    ] {
        assert!(screen.contains(want), "{want}\n{screen}");
    }
    // Esc: nothing settled.
    app.feed("<esc>").unwrap();
    assert!(!scores(&app).standings().unwrap().settled);
    app.feed("Sy").unwrap();
    assert!(scores(&app).standings().unwrap().settled);
    assert!(status(&app).contains("已兑现"), "{}", status(&app));
    assert!(kit::screen_text(&app).contains("第1版 · 已兑现"));
    // The rulebook of a settled period is not opened.
    app.feed("e").unwrap();
    assert!(!app.wants_terminal());
    assert!(status(&app).contains("已冻结"), "{}", status(&app));
    app.feed("a").unwrap();
    assert!(app.form().is_none());
}

#[test]
fn group_and_period_keys_and_a_refresh_on_a_change() {
    let l = live();
    // A 2024 period too, to switch to.
    l.b_.run(SetRules {
        period: None,
        text: RULES.replace("2025", "2024"),
    })
    .unwrap();
    let mut app = open_tab(&l, Lang::En);
    app.feed("l").unwrap();
    assert_eq!(scores(&app).group(), PeerGroup::Subdistrict);
    assert_eq!(rows(&app), vec![("海兰街道".into(), p("0"), 1)]);
    assert!(kit::screen_text(&app).contains("[subdistricts] 2025年度测试细则"));
    app.feed("h").unwrap();
    assert_eq!(scores(&app).group(), PeerGroup::Township);
    // Back a period from 乙镇 (third): 2024, where nobody has done anything,
    // the cursor still on 乙镇.
    app.feed("jj").unwrap();
    let now = scores(&app).standings().unwrap().period.name.clone();
    app.feed("P").unwrap();
    let then = scores(&app).standings().unwrap().period.name.clone();
    assert_eq!(then, "2024年度测试细则");
    assert_eq!(scores(&app).selected().unwrap().name, "乙镇");
    // Three short each, held at the floor: 0.
    assert!(rows(&app).iter().all(|r| r.1 == p("0")), "{:?}", rows(&app));
    app.feed("p").unwrap();
    assert_eq!(scores(&app).standings().unwrap().period.name, now);
    assert_eq!(scores(&app).selected().unwrap().name, "乙镇");
    // Someone adds an activity for 乙镇: on the notice the tab reads again.
    activity(&l.b_, &l.b, d(2025, 6, 1), "乙镇又一次活动");
    app.update(Action::Notice(ChangeNotice {
        kind: RecordKind::Activity,
        record: 99,
        unit: Some(l.b.id),
        by: "other".into(),
    }));
    // 乙镇 two activities: 4, one short: 3, tied with 丙乡.
    assert_eq!(
        rows(&app),
        vec![
            ("甲乡".into(), p("8"), 1),
            ("丙乡".into(), p("3"), 2),
            ("乙镇".into(), p("3"), 2),
        ]
    );
}

#[test]
fn an_award_voided_from_its_ledger_line_counts_no_more() {
    let l = live();
    let mut app = open_tab(&l, Lang::Zh);
    app.feed("jja5<tab>误记<ret>").unwrap();
    assert_eq!(rows(&app)[1], ("乙镇".into(), p("5"), 2));
    // Its ledger: the award is the last line; V asks why, then voids it.
    app.feed("<ret>jjjjjjjjjj").unwrap();
    let pane = scores(&app).ledger().expect("the ledger is open");
    let last = pane.ledger.lines.last().unwrap();
    assert_eq!(last.kind, ggw::domain::scoring::LineKind::Manual);
    assert_eq!(pane.at.cursor, pane.ledger.lines.len() - 1);
    app.feed("V").unwrap();
    assert!(app.form().is_some());
    // No reason: the form stays.
    app.feed("<ret>").unwrap();
    assert!(app.form().is_some());
    app.feed("录错单位<ret>").unwrap();
    assert!(app.form().is_none(), "{:?}", app.form());
    assert!(status(&app).starts_with("已作废奖惩"), "{}", status(&app));
    let pane = scores(&app).ledger().unwrap();
    assert!(
        pane.ledger
            .lines
            .iter()
            .all(|x| x.kind != ggw::domain::scoring::LineKind::Manual)
    );
    app.feed("<esc>").unwrap();
    assert_eq!(rows(&app)[2], ("乙镇".into(), p("0"), 3));
    // On a line that is not an award, V does nothing.
    app.feed("<ret>V").unwrap();
    assert!(app.form().is_none());
}
