//! The 五老 tab and the unit card's team, drawn at 80×24 over the demo
//! roster, and driven through the same update function the keys reach.

use crate::kit;

use ggw::domain::text::display_width;
use ggw::lang::Lang;
use ggw::tui::app::App;
use ggw::tui::views::people::Roster;
use kit::TempDir;

fn app(dir: &std::path::Path) -> App {
    app_in(dir, Lang::Zh)
}

fn app_in(dir: &std::path::Path, lang: Lang) -> App {
    kit::app(kit::demo_backend(dir)).lang(lang).build()
}

fn draw(app: &App) -> Vec<String> {
    kit::screen(app)
}

fn roster(app: &App) -> &Roster {
    app.view().as_any().downcast_ref::<Roster>().unwrap()
}

fn show(screen: &[String]) -> String {
    screen.join("\n")
}

#[test]
fn roster_table_at_80_by_24() {
    let dir = TempDir::new("people-tui-table");
    let mut app = app(dir.path());
    app.feed("<tab>").unwrap();
    let s = draw(&app);
    assert!(s[0].starts_with(" 组织 [五老]"), "{}", show(&s));
    assert_eq!(s[1], "315 人（在册 315，除名 0） · 在册 · 排序：单位");
    assert!(s[2].starts_with("  姓名       性别 年龄 类别     身份证号            单位"));
    // The district's elders first; ID numbers masked; the cursor on the first.
    assert!(s[3].starts_with("> 刘振华     男   "), "{}", s[3]);
    assert!(
        s[3].contains("老干部   990***********0037  爱辉区"),
        "{}",
        s[3]
    );
    for line in &s {
        assert!(display_width(line) <= 80, "{line}");
    }
    // No whole ID number anywhere in the table.
    assert!(!show(&s).contains("990101196304080037"));

    // Struck-off elders on request, then pinyin initials narrow the list.
    app.feed("s").unwrap();
    let s = draw(&app);
    assert!(
        s[1].starts_with("64 人（在册 0，除名 64） · 已除名"),
        "{}",
        s[1]
    );
    app.feed("ss").unwrap();
    app.feed("/lzh<ret>").unwrap();
    let s = draw(&app);
    assert!(s[1].contains("“lzh”"), "{}", s[1]);
    assert!(roster(&app).visible_names().contains(&"刘振华"));
    assert!(
        roster(&app)
            .visible_names()
            .iter()
            .all(|n| n.starts_with('刘')
                || n.starts_with('李')
                || n.starts_with('林')
                || n.starts_with('卢')
                || n.starts_with('吕')
                || n.starts_with('陆')
                || n.starts_with('罗')
                || n.starts_with('梁'))
    );
}

#[test]
fn english_roster_columns_line_up() {
    let dir = TempDir::new("people-tui-english");
    let mut app = app_in(dir.path(), Lang::En);
    app.feed("<tab>").unwrap();
    let s = draw(&app);
    // Where a column starts, in cells.
    let column = |line: &str, what: &str| line.find(what).map(|b| display_width(&line[..b]));
    let id_at = column(&s[2], "ID number");
    assert!(id_at.is_some(), "{}", show(&s));
    let mut seen = 0;
    for line in &s[3..23] {
        if let Some(at) = column(line, "***") {
            // The masked number keeps its first three digits before the stars.
            assert_eq!(Some(at - 3), id_at, "{}", show(&s));
            seen += 1;
        }
    }
    assert!(seen > 5, "{}", show(&s));
    assert!(
        show(&s).contains("female") || show(&s).contains(" F "),
        "{}",
        show(&s)
    );
}

#[test]
fn person_card_at_80_by_24_shows_whole_numbers_talks_and_honours() {
    let dir = TempDir::new("people-tui-card");
    let mut app = app(dir.path());
    app.feed("<tab><ret>").unwrap();
    let s = draw(&app);
    assert!(s[1].starts_with(" 姓名         刘振华"), "{}", show(&s));
    assert!(
        s[4].starts_with(" 身份证号     990101196304080037"),
        "{}",
        show(&s)
    );
    assert!(s[6].starts_with(" 所属单位     爱辉区"), "{}", show(&s));
    assert!(show(&s).contains("类别         老干部"));
    assert!(s[23].starts_with("[名片]"), "{}", s[23]);
    // A talk and an honour recorded through the forms appear on the card.
    app.feed("t").unwrap();
    app.feed("<tab>王主任<tab>鼓励参加宣讲<ret>").unwrap();
    app.feed("o<ret>").unwrap();
    let s = draw(&app);
    let text = show(&s);
    assert!(text.contains("谈心谈话     "), "{text}");
    assert!(text.contains("王主任 [保留] 鼓励参加宣讲"), "{text}");
    assert!(text.contains("先进典型（区级）"), "{text}");
    app.feed("<esc>").unwrap();
    assert!(roster(&app).card().is_none());
}

#[test]
fn fast_entry_keeps_unit_category_and_source() {
    let dir = TempDir::new("people-tui-add");
    let mut app = app(dir.path());
    app.feed("<tab>a").unwrap();
    // Name, then to the unit field, category 老战士, source 退役军人事务局.
    app.feed("孟繁荣<tab><tab><tab><tab><tab>小乌斯力村<tab><right><tab><home><right><right>")
        .unwrap();
    app.feed("<ret>").unwrap();
    let form = app
        .form()
        .expect("the form opens again for the next person");
    assert_eq!(form.value("name"), "");
    assert_eq!(form.value("unit"), "小乌斯力村");
    assert_eq!(form.value("category"), "veteran");
    assert_eq!(form.value("source"), "veterans");
    assert!(!form.is_dirty());
    // A bad ID number is refused next to its field; nothing is saved.
    app.feed("孟繁华<tab><tab><tab>110105194912310021<ret>")
        .unwrap();
    let form = app.form().unwrap();
    let field = form.fields.iter().find(|f| f.key == "id_number").unwrap();
    assert!(
        field.error.as_deref().unwrap_or("").contains("校验位"),
        "{field:?}"
    );
    // Esc on a half-typed person asks first; y discards it.
    app.feed("<esc>y").unwrap();
    assert!(app.form().is_none());
    let s = draw(&app);
    assert!(s[1].starts_with("316 人"), "{}", s[1]);
}

#[test]
fn unit_card_shows_the_team_and_elders() {
    let dir = TempDir::new("people-tui-unit");
    let mut app = app(dir.path());
    // Brief: the elder figures and the director, not the whole team.
    let s = draw(&app);
    let text = show(&s);
    assert!(
        text.contains("│ 五老  在册 315   本级 10    除名 64"),
        "{text}"
    );
    assert!(text.contains("│ 主任  刘振华"), "{text}");
    assert!(!text.contains(" 自 "), "{text}");
    assert!(!text.contains("后备"), "{text}");

    // In full: every post with the date its holder started.
    app.feed("i").unwrap();
    let s = draw(&app);
    let text = show(&s);
    assert!(
        text.contains("│ 五老      在册 315   本级 10    除名 64"),
        "{text}"
    );
    assert!(
        text.contains("│ 班子      主任 刘振华 自 2018-03-01"),
        "{text}"
    );
    assert!(
        text.contains("│           常务副主任 戴占江 自 2018-03-01"),
        "{text}"
    );
    // Four deputies serve; the reserve lines below the team do not count.
    let deputies = s
        .iter()
        .filter(|l| l.contains(" 副主任 ") && l.contains(" 自 "))
        .count();
    assert_eq!(deputies, 4, "{text}");

    // The full card stays while moving, until asked for the brief one.
    app.feed("j").unwrap();
    assert!(
        show(&draw(&app)).contains("│ 班子      "),
        "{}",
        show(&draw(&app))
    );
    app.feed("ki").unwrap();
    let text = show(&draw(&app));
    assert!(text.contains("│ 主任  刘振华"), "{text}");
    assert!(!text.contains(" 自 "), "{text}");
}

#[test]
fn roster_search_filters_as_typed_and_esc_clears_it() {
    let dir = TempDir::new("people-tui-live-search");
    let mut app = app(dir.path());
    app.feed("<tab>/lz").unwrap();
    // The form is still open and the list behind it is already filtered.
    let s = draw(&app);
    assert!(
        s[1].starts_with("4 人（在册 4，除名 0） · 在册 · “lz”"),
        "{}",
        show(&s)
    );
    assert!(s.iter().any(|l| l.contains("边输入边筛选")), "{}", show(&s));
    app.feed("<bs>").unwrap();
    assert!(draw(&app)[1].contains("“l”"));
    // Esc clears the search and closes the form without asking.
    app.feed("z<esc>").unwrap();
    let s = draw(&app);
    assert_eq!(s[1], "315 人（在册 315，除名 0） · 在册 · 排序：单位");
    assert!(!s.iter().any(|l| l.contains("放弃")), "{}", show(&s));
    // Enter keeps it.
    app.feed("/lz<ret>").unwrap();
    let s = draw(&app);
    assert!(
        s[1].contains("“lz”") && !s.iter().any(|l| l.contains("搜索姓名")),
        "{}",
        show(&s)
    );
    // Quitting with a search open does not ask about a draft.
    app.feed("/ab<c-c>").unwrap();
    assert!(app.quit);
}
