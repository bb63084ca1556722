//! The unit card beside the tree: brief while moving, in full on request,
//! and the team's keys at work from either.

use crate::kit;

use ggw::domain::day::Day;
use ggw::tui::app::App;
use kit::{TempDir, demo_app};

fn draw(app: &App) -> String {
    kit::screen_text(app)
}

#[test]
fn brief_card_names_the_director_and_counts_the_elders() {
    let dir = TempDir::new("card-brief");
    let mut app = demo_app(dir.path(), (80, 24));
    let s = draw(&app);
    for line in [
        "│ 名称  爱辉区",
        "│ 类型  区",
        "│ 上级  无",
        "│ 五老  在册 315   本级 10    除名 64",
        "│ 主任  刘振华",
    ] {
        assert!(s.contains(line), "{line:?} missing:\n{s}");
    }
    // The team's other posts, the reserve and the record's history wait
    // for the full card.
    for absent in ["常务副主任", "后备", "编号", "建立", "最后修改"] {
        assert!(!s.contains(absent), "{absent:?} shown:\n{s}");
    }

    // Into a township: its parent, its children by kind, its director.
    app.feed("j").unwrap();
    let s = draw(&app);
    assert!(s.contains("│ 名称  四嘉子乡"), "{s}");
    assert!(s.contains("│ 上级  爱辉区"), "{s}");
    assert!(s.contains("│ 类型  乡镇"), "{s}");
    assert!(s.contains("│ 下级  村屯 "), "{s}");
    assert!(s.contains("│ 主任  "), "{s}");
}

#[test]
fn details_key_shows_the_team_and_reserve_and_again_the_brief_card() {
    let dir = TempDir::new("card-details");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("i").unwrap();
    let s = draw(&app);
    for line in [
        "│ 编号      1",
        "│ 路径      爱辉区",
        "│ 班子      主任 刘振华 自 2018-03-01",
        "│           常务副主任 戴占江 自 2018-03-01",
        "│ 后备      副主任 宋继承 列入 2024-01-10",
        "│ 建立      ",
        "│ 最后修改  ",
    ] {
        assert!(s.contains(line), "{line:?} missing:\n{s}");
    }
    // The full card stays for the next unit.
    app.feed("j").unwrap();
    let s = draw(&app);
    assert!(s.contains("│ 路径      爱辉区/四嘉子乡"), "{s}");
    assert!(s.contains("│ 班子      "), "{s}");
    // The same key goes back to the brief card.
    app.feed("i").unwrap();
    let s = draw(&app);
    assert!(s.contains("│ 上级  爱辉区"), "{s}");
    assert!(!s.contains("│ 班子"), "{s}");
}

#[test]
fn team_keys_work_from_the_brief_card() {
    let dir = TempDir::new("card-team-keys");
    let mut app = demo_app(dir.path(), (80, 24));
    let today = Day::today().to_string();

    // E: the director's term is the first on offer; it ends today.
    app.feed("E").unwrap();
    assert!(app.form().is_some(), "{}", draw(&app));
    app.feed("<ret>").unwrap();
    assert!(app.form().is_none(), "{}", draw(&app));
    let s = draw(&app);
    assert!(s.contains("已免职：刘振华 主任"), "{s}");
    assert!(s.contains("│ 主任  空缺"), "{s}");

    // A: director is the first post on offer.
    app.feed("A<tab>宋继承<ret>").unwrap();
    assert!(app.form().is_none(), "{}", draw(&app));
    let s = draw(&app);
    assert!(s.contains("已任命：宋继承 主任"), "{s}");
    assert!(s.contains("│ 主任  宋继承"), "{s}");
    // Still the brief card: the user did not ask for more.
    assert!(!s.contains(" 自 "), "{s}");

    // b and B keep the reserve from the brief card too.
    app.feed("b<tab>阎广田<tab><tab>区委推荐<ret>").unwrap();
    assert!(app.form().is_none(), "{}", draw(&app));
    assert!(draw(&app).contains("已列入后备人选"), "{}", draw(&app));
    app.feed("B<ret>").unwrap();
    assert!(app.form().is_none(), "{}", draw(&app));
    assert!(draw(&app).contains("已移出后备人选"), "{}", draw(&app));

    app.feed("i").unwrap();
    let s = draw(&app);
    assert!(
        s.contains(&format!("│ 班子      主任 宋继承 自 {today}")),
        "{s}"
    );
}

#[test]
fn english_card_counts_children_in_singular_and_plural() {
    use ggw::lang::Lang;
    use ggw::tui::theme::Theme;
    let dir = TempDir::new("card-english");
    let app = kit::app_in(dir.path(), (120, 24), Lang::En, Theme::color());
    let s = draw(&app);
    assert!(
        s.contains("10 townships, 4 subdistricts, 1 education bureau, 2 others"),
        "{s}"
    );
}

#[test]
fn english_form_titles_use_an_english_colon() {
    use ggw::lang::Lang;
    use ggw::tui::theme::Theme;
    let dir = TempDir::new("card-english-title");
    let mut app = kit::app_in(dir.path(), (80, 24), Lang::En, Theme::color());
    app.feed("A").unwrap();
    let s = draw(&app);
    assert!(s.contains("┌ Appoint: 爱辉区 "), "{s}");
    app.feed("<esc>b").unwrap();
    let s = draw(&app);
    assert!(s.contains("┌ Add a reserve candidate: 爱辉区 "), "{s}");
    assert!(!s.contains('：'), "{s}");
}

#[test]
fn the_card_of_a_unit_reached_by_search_or_added_shows_its_elders_at_once() {
    let dir = TempDir::new("card-after-search");
    let mut app = demo_app(dir.path(), (80, 24));
    // A jump by search, with no cursor move after it.
    app.feed("/sjzx<ret>").unwrap();
    let s = draw(&app);
    assert!(s.contains("│ 名称  四嘉子乡"), "{s}");
    assert!(s.contains("│ 五老  在册 "), "{s}");
    assert!(s.contains("│ 主任  "), "{s}");

    // A village added under it is selected and its card is whole too.
    app.feed("a新建测试村<ret>").unwrap();
    let s = draw(&app);
    assert!(s.contains("│ 名称  新建测试村"), "{s}");
    assert!(s.contains("│ 五老  在册 0"), "{s}");
}
