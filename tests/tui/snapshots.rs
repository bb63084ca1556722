//! The main screens whole, at 80×24 in both languages and some at 120×40,
//! against the files in `tests/tui/snapshots/`. The other suites look for
//! what a screen must hold; these catch what it must not: a panel pushed
//! aside, a border broken, a column cut. Nothing on them may follow the
//! real clock: the status bar's date is fixed, the month shown is one in
//! the past, the tasks are a world of fixed dates, and what the clock
//! still writes (a record's creation time, an age) is blanked.
//! `GGW_UPDATE_SNAPSHOTS=1` rewrites the files.

use crate::kit;
use ggw::api::meetings::{CreateTask, TaskChange, TaskDraft, UpdateTask};
use ggw::backend::BackendExt;

use chrono::NaiveDate;
use ggw::domain::meeting::Attendee;
use ggw::domain::task::TaskStatus;
use ggw::lang::Lang;
use ggw::tui::app::App;
use ggw::tui::theme::Theme;
use kit::{TempDir, assert_screen, assert_screen_redacted};

const SMALL: (u16, u16) = (80, 24);
const LARGE: (u16, u16) = (120, 40);

fn app(dir: &TempDir, size: (u16, u16), lang: Lang) -> App {
    kit::app_in(dir.path(), size, lang, Theme::mono())
}

fn tag(lang: Lang, (w, h): (u16, u16)) -> String {
    let l = match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    format!("{l}_{w}x{h}")
}

/// Each language at 80×24, then Chinese at `also`.
fn runs(also: &[(u16, u16)]) -> Vec<(Lang, (u16, u16))> {
    let mut runs = vec![(Lang::Zh, SMALL), (Lang::En, SMALL)];
    runs.extend(also.iter().map(|&s| (Lang::Zh, s)));
    runs
}

/// The screen reached by `keys` from the start over the demo, with the
/// values under `columns` blanked.
fn demo_screens(name: &str, keys: &str, also: &[(u16, u16)], columns: &[&str]) {
    for (lang, size) in runs(also) {
        let dir = TempDir::new("snapshot");
        let mut app = app(&dir, size, lang);
        if !keys.is_empty() {
            app.feed(keys).unwrap();
        }
        assert_screen_redacted(&format!("{name}_{}", tag(lang, size)), &mut app, columns);
    }
}

fn screens(name: &str, keys: &str, also: &[(u16, u16)]) {
    demo_screens(name, keys, also, &[]);
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Tasks whose every date is fixed: one long overdue, one due in 2099
/// with a progress note, one without a date, one done and one dropped.
fn task_world() -> kit::World {
    let w = kit::world().build();
    let task = |title: &str, owner: &str, due: Option<NaiveDate>| {
        w.b.run(CreateTask {
            draft: TaskDraft {
                title: title.into(),
                owner: Attendee::named(owner),
                unit: None,
                meeting: None,
                opened: d(2025, 1, 2),
                due,
            },
        })
        .unwrap()
    };
    task("报送关心下一代工作年度总结", "张国庆", Some(d(2025, 1, 10)));
    let plan = task("组织五老进校园宣讲活动方案", "张国庆", Some(d(2099, 6, 30)));
    w.b.run(UpdateTask {
        id: plan.id,
        rev: plan.rev,
        change: TaskChange::Note {
            on: d(2025, 3, 1),
            text: "已与区教体局商定时间。".into(),
        },
    })
    .unwrap();
    task("走访慰问困难五老", "李秀兰", None);
    let done = task("更新五老名册", "李秀兰", Some(d(2025, 2, 28)));
    w.b.run(UpdateTask {
        id: done.id,
        rev: done.rev,
        change: TaskChange::Status(TaskStatus::Done { on: d(2025, 2, 10) }),
    })
    .unwrap();
    let dropped = task("筹办书画展", "刘志远", Some(d(2025, 5, 1)));
    w.b.run(UpdateTask {
        id: dropped.id,
        rev: dropped.rev,
        change: TaskChange::Status(TaskStatus::Dropped {
            reason: "场地未落实".into(),
        }),
    })
    .unwrap();
    w
}

#[test]
fn units_tab() {
    screens("units", "", &[LARGE]);
}

#[test]
fn unit_card() {
    screens("unit_card", "/xwsl<ret>i", &[]);
}

#[test]
fn people_tab() {
    // An age follows the real date.
    demo_screens("people", "<tab>", &[LARGE], &["年龄", "Age"]);
}

#[test]
fn meetings_month() {
    screens("meetings_month", "<tab><tab>g<c-u>2025-02-05<ret>", &[]);
}

#[test]
fn task_list() {
    for (lang, size) in runs(&[]) {
        let w = task_world();
        let mut app = kit::app(w.b).lang(lang).size(size).build();
        app.feed("<tab><tab>vv").unwrap();
        assert_screen(&format!("tasks_{}", tag(lang, size)), &mut app);
    }
}

#[test]
fn add_unit_form() {
    screens("add_unit_form", "/sjz<ret>a", &[]);
}

#[test]
fn person_form() {
    // The roster's ages show beside the form, and follow the real date.
    demo_screens("person_form", "<tab>a", &[], &["年龄", "Age"]);
}

/// A township and a village with activities of fixed dates, their titles
/// long enough to be cut in the 80-column table.
fn work_world() -> kit::World {
    use ggw::api::work::AddWork;
    use ggw::domain::UnitKind;
    use ggw::domain::day::Day;
    use ggw::domain::work::ActivityKind;
    use ggw::domain::work_item::{ActivityDraft, WorkDraft};
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .person(|w| kit::elder("王建华", w.unit("四嘉子乡")))
        .person(|w| kit::elder("李红", w.unit("小乌斯力村")))
        .build();
    let elders: Vec<_> = w.people.iter().map(|p| p.id).collect();
    let add = |unit: &str, date: Day, title: &str, kind, online, youths, n: usize| {
        w.b.run(AddWork {
            draft: WorkDraft::Activity(ActivityDraft {
                unit: w.unit(unit).id,
                date,
                title: title.into(),
                theme: "法治进校园".into(),
                kind,
                online,
                place: String::new(),
                youths,
                elders: elders[..n].to_vec(),
                notes: String::new(),
            }),
        })
        .unwrap();
    };
    let day = |m, d| Day::ymd(2025, m, d).unwrap();
    add(
        "四嘉子乡",
        day(3, 5),
        "老少同声颂党恩主题宣讲进校园活动第一场",
        ActivityKind::Education,
        false,
        320,
        2,
    );
    add(
        "小乌斯力村",
        day(4, 12),
        "留守儿童暑期关爱帮扶走访慰问",
        ActivityKind::Care,
        false,
        45,
        1,
    );
    add(
        "爱辉区",
        day(5, 20),
        "网上法治课堂",
        ActivityKind::Law,
        true,
        1200,
        0,
    );
    w
}

#[test]
fn work_tab() {
    for (lang, size) in runs(&[LARGE]) {
        let w = work_world();
        let mut app = kit::app(w.b).lang(lang).size(size).build();
        app.feed("<tab><tab><tab>").unwrap();
        assert_screen(&format!("work_activities_{}", tag(lang, size)), &mut app);
    }
}

#[test]
fn work_add_form() {
    for (lang, size) in runs(&[]) {
        let w = work_world();
        let mut app = kit::app(w.b).lang(lang).size(size).build();
        app.feed("<tab><tab><tab>a").unwrap();
        assert_screen(&format!("work_add_form_{}", tag(lang, size)), &mut app);
    }
}

#[test]
fn sanchuang_plans() {
    // The days in each stage are counted back from today, so they hold.
    let runs = [
        (Lang::Zh, LARGE),
        (Lang::En, LARGE),
        (Lang::Zh, SMALL),
        (Lang::En, SMALL),
    ];
    for (lang, size) in runs {
        let w = super::sanchuang::plans_world();
        let mut app = kit::app(w.b).lang(lang).size(size).build();
        app.feed("<tab><tab><tab><tab>").unwrap();
        assert_screen(&format!("sanchuang_plans_{}", tag(lang, size)), &mut app);
    }
}

/// Two items and the issue they follow, all of 2025: the issue composed
/// today is 第1期·总第2期 of today's year, whatever the day.
fn sanchuang_bulletin_world() -> kit::World {
    use ggw::api::sanchuang::NewBulletin;
    use ggw::domain::day::Day;
    let w = super::sanchuang::world();
    let day = |m, d| Day::ymd(2025, m, d).unwrap();
    let first = super::sanchuang::info(&w, "小乌斯力村", "小乌斯力村开展民族文化活动", day(5, 20));
    super::sanchuang::info(&w, "金兰社区", "金兰社区五老护苗行动", day(6, 10));
    w.b.run(NewBulletin {
        date: day(6, 5),
        items: vec![first.id],
        editor: None,
        number: None,
        allow_gap: false,
    })
    .unwrap();
    w
}

#[test]
fn sanchuang_compose_preview() {
    use chrono::Datelike;
    use unicode_width::UnicodeWidthStr;
    let w = sanchuang_bulletin_world();
    let mut app = kit::app(w.b).lang(Lang::Zh).size(SMALL).build();
    app.feed("<tab><tab><tab><tab>v<space>j<space>b").unwrap();
    app.today = kit::SNAPSHOT_DAY.into();
    let mut rows = kit::screen(&app);
    kit::redact_now(&mut rows);
    // The new issue is dated today and numbered in today's year: both
    // become a mark of one width, the box's right edge kept in its place.
    let today = chrono::Local::now().date_naive();
    let year = format!("{}年第", today.year());
    let date = format!("{}年{}月{}日", today.year(), today.month(), today.day());
    for row in &mut rows {
        let was = UnicodeWidthStr::width(row.as_str());
        let mut now = row
            .replace(&date, "YYYY年MM月DD日")
            .replace(&year, "YYYY年第");
        let edge = now.rfind('│').unwrap_or(now.len());
        while UnicodeWidthStr::width(now.as_str()) > was && now[..edge].ends_with("  ") {
            now.remove(edge - 1);
        }
        while UnicodeWidthStr::width(now.as_str()) < was {
            now.insert(edge, ' ');
        }
        *row = now;
    }
    kit::assert_snapshot("sanchuang_compose_preview_zh_80x24", &rows);
}
