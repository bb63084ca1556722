//! The screen as drawn on ratatui's test backend, at 80×24 and 120×40, over
//! the demo data.

use crate::kit;

use ggw::domain::text::display_width;
use ggw::tui::app::App;
use kit::{TempDir, demo_app};
use ratatui::layout::Position;

fn draw(app: &App) -> (Vec<String>, Position, bool) {
    let d = kit::drawn(app);
    (d.rows, d.cursor, d.cursor_visible)
}

fn find(screen: &[String], needle: &str) -> Option<(usize, usize)> {
    screen.iter().enumerate().find_map(|(y, line)| {
        line.find(needle)
            .map(|byte| (y, display_width(&line[..byte])))
    })
}

fn at(screen: &[String], needle: &str) -> (usize, usize) {
    find(screen, needle)
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", screen.join("\n")))
}

#[test]
fn tree_and_card_at_both_sizes() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let dir = TempDir::new("render-tree");
        let mut app = demo_app(dir.path(), (w, h));
        let screen = draw(&app).0;
        assert_eq!(screen.len(), h as usize);
        // Title bar: the tab, the district, demo mark, connection, date.
        assert!(screen[0].starts_with("[组织]"), "{}", screen[0]);
        assert!(
            screen[0].contains("爱辉区 │ 演示数据 │ 本机 │ "),
            "{}",
            screen[0]
        );
        assert!(screen[0].ends_with(&app.today), "{}", screen[0]);
        assert_eq!(display_width(&screen[0]), w as usize - 1);
        // The tree: selection marker on the district, its units below.
        assert!(screen[1].starts_with("> - 爱辉区"), "{}", screen[1]);
        assert!(screen[2].starts_with("    + 四嘉子乡"), "{}", screen[2]);
        // The brief card beside it.
        let (y, x) = at(&screen, "名称");
        assert_eq!(y, 1);
        assert!(screen[1].ends_with("名称  爱辉区"), "{}", screen[1]);
        assert!(x > 30);
        assert!(screen[2].ends_with("类型  区"), "{}", screen[2]);
        assert!(screen[3].ends_with("上级  无"), "{}", screen[3]);
        assert!(
            screen[4].contains("下级  乡镇 10，") && screen[4].ends_with("其他 2"),
            "{}",
            screen[4]
        );
        assert!(find(&screen, "最后修改").is_none());
        // Status bar: mode and hints from the keymap.
        // The place's actions first, help and quit always at the end.
        let bar = &screen[h as usize - 1];
        assert!(bar.starts_with("[浏览] i 详情/简要 a 新增下级"), "{bar}");
        assert!(bar.trim_end().ends_with("? 帮助 q 退出"), "{bar}");
        assert!(
            screen[h as usize - 1].contains(" i 详情/简要 "),
            "{}",
            screen[h as usize - 1]
        );
        // Every line fits.
        assert!(screen.iter().all(|l| display_width(l) <= w as usize));

        // The full card.
        app.feed("i").unwrap();
        let screen = draw(&app).0;
        assert!(screen[1].ends_with("爱辉区"));
        assert!(
            screen[5].contains("下级") && screen[5].contains("乡镇 10 个"),
            "{}",
            screen[5]
        );
        // The children run over two lines rather than lose their end.
        at(&screen, "其他 2 个");
        assert!(find(&screen, "最后修改").is_some());
        assert!(screen.iter().all(|l| display_width(l) <= w as usize));

        // A village's card, after search, shows its path.
        app.feed("/xwsl<ret>").unwrap();
        let screen = draw(&app).0;
        assert!(
            find(&screen, "路径      爱辉区/四嘉子乡/小乌斯力村").is_some(),
            "{}",
            screen.join("\n")
        );
        assert!(find(&screen, ">       小乌斯力村").is_some());
        assert!(find(&screen, "类型      村屯").is_some());
    }
}

#[test]
fn long_names_are_cut_by_width_with_ellipsis() {
    let dir = TempDir::new("render-long");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("G").unwrap();
    let screen = draw(&app).0;
    // 爱辉区中俄青少年活动交流中心 is wider than the tree pane.
    let (y, _) = at(&screen, "爱辉区中俄青少年活动交流…");
    let tree_part: String = screen[y].split('│').next().unwrap().to_string();
    assert!(display_width(&tree_part) <= 32, "{tree_part}");
}

#[test]
fn form_with_chinese_input_places_the_cursor_after_it() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let dir = TempDir::new("render-form");
        let mut app = demo_app(dir.path(), (w, h));
        app.feed("/sjz<ret>a").unwrap();
        for c in "新建村".chars() {
            app.update(ggw::tui::action::Action::Insert(c));
        }
        let (screen, cursor, visible) = draw(&app);
        assert!(visible);
        let (ty, _) = at(&screen, "在“爱辉区/四嘉子乡”下新增单位");
        let (y, x) = at(&screen, "新建村");
        assert!(y > ty);
        // The cursor sits right after the third character, six columns on.
        assert_eq!((cursor.x as usize, cursor.y as usize), (x + 6, y));
        let (_, _) = at(&screen, "[村屯] 社区  学校  其他");
        assert_eq!(&screen[h as usize - 1][..8], "[编辑]");

        // Moving the cursor left by one character moves it two columns.
        app.feed("<left>").unwrap();
        let (_, cursor, _) = draw(&app);
        assert_eq!(cursor.x as usize, x + 4);

        // A refusal appears under its field.
        app.feed("<c-u>小乌斯力村<ret>").unwrap();
        let (screen, _, _) = draw(&app);
        let (ey, _) = at(&screen, "已有名为");
        let (ny, _) = at(&screen, "小乌斯力村 ");
        assert_eq!(ey, ny + 1, "{}", screen.join("\n"));
    }
}

#[test]
fn help_overlay_lists_the_keymap_and_filters() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let dir = TempDir::new("render-help");
        let mut app = demo_app(dir.path(), (w, h));
        app.feed("?").unwrap();
        let screen = draw(&app).0;
        at(&screen, "帮助：全部按键");
        at(&screen, "筛选：");
        let (y, _) = at(&screen, "↓ j");
        assert!(screen[y].contains("下移") && screen[y].contains("单位树"));
        assert_eq!(&screen[h as usize - 1][..8], "[帮助]");
        app.feed("撤销").unwrap();
        let (screen, cursor, _) = draw(&app);
        let (y, x) = at(&screen, "筛选：撤销");
        assert_eq!((cursor.x as usize, cursor.y as usize), (x + 10, y));
        let (y, _) = at(&screen, "d Del");
        assert!(screen[y].contains("撤销"));
        assert!(find(&screen, "下移").is_none());
    }
}

#[test]
fn search_popup_shows_matches_as_you_type() {
    let dir = TempDir::new("render-search");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("/sjz").unwrap();
    let (screen, cursor, _) = draw(&app);
    let (y, x) = at(&screen, "/ sjz");
    assert_eq!((cursor.x as usize, cursor.y as usize), (x + 5, y));
    at(&screen, "> 四嘉子乡");
    at(&screen, "四嘉子村");
    at(&screen, "个结果");
}

#[test]
fn too_small_screen_says_what_is_needed() {
    for (w, h) in [(79u16, 24u16), (80, 23), (40, 10)] {
        let dir = TempDir::new("render-small");
        let app = demo_app(dir.path(), (w, h));
        let screen = draw(&app).0;
        let text: Vec<&String> = screen.iter().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(text.len(), 1, "{screen:?}");
        let line = text[0].trim();
        assert!(line.contains(&format!("{w}×{h}")), "{line}");
        if w >= 60 {
            assert!(line.contains("80×24"), "{line}");
        }
        let y = screen.iter().position(|l| !l.trim().is_empty()).unwrap();
        assert_eq!(y, h as usize / 2);
    }
}

#[test]
fn english_on_request() {
    let dir = TempDir::new("render-en");
    let app = kit::app_in(
        dir.path(),
        (80, 24),
        ggw::lang::Lang::En,
        ggw::tui::theme::Theme::color(),
    );
    let screen = draw(&app).0;
    assert!(screen[0].starts_with("[Units]"));
    assert!(screen[0].contains("demo data │ local"));
    at(&screen, "Kind");
    assert_eq!(
        screen[23].trim_end(),
        "[browse] i details/brief a add child r rename m move d archive ? help q quit"
    );
}

#[test]
fn english_hints_say_what_a_key_does_where_it_is() {
    let dir = TempDir::new("render-en-hints");
    let mut app = kit::app_in(
        dir.path(),
        (120, 24),
        ggw::lang::Lang::En,
        ggw::tui::theme::Theme::color(),
    );
    let screen = draw(&app).0;
    assert!(screen[23].contains(" a add child"), "{}", screen[23]);
    // The same key in the 会议 tab makes a series, in the 五老 tab registers.
    app.feed("<tab><tab>").unwrap();
    let screen = draw(&app).0;
    assert!(screen[23].contains(" a new series"), "{}", screen[23]);
    assert!(screen[23].contains(" e edit series"), "{}", screen[23]);
    // The calendar's legend fits its narrow pane.
    assert!(
        screen
            .iter()
            .any(|l| l.starts_with(" meeting off make-up ")),
        "{}",
        screen.join("\n")
    );
    // Past the 工作, 三创 and 积分 tabs and round to the 五老 tab.
    app.feed("<tab><tab><tab><tab><tab>").unwrap();
    let screen = draw(&app).0;
    assert!(screen[23].contains(" a register"), "{}", screen[23]);
    // Help lists each with its own words, found by them.
    app.feed("?new").unwrap();
    let help = draw(&app).0.join("\n");
    assert!(help.contains("new series"), "{help}");
    assert!(!help.contains("add child"), "{help}");
    // Context names are whole, however long.
    app.feed("<c-u>parent").unwrap();
    let help = draw(&app).0.join("\n");
    assert!(help.contains("Picking a parent Enter"), "{help}");
}

#[test]
fn notices_wrap_inside_their_box() {
    let dir = TempDir::new("render-notice");
    let mut app = demo_app(dir.path(), (80, 24));
    app.notify(
        "键位文件 /tmp/ggw-e2e-warn-4245-0/config/ggw/keymap.toml 第 7 行有误：unknown action \"fly\" (known: quit, help, next_tab)。本次使用默认键位。"
            .to_string(),
    );
    let screen = draw(&app).0;
    let top = screen.iter().position(|l| l.contains("┌ 提示")).unwrap();
    let bottom = screen.iter().position(|l| l.contains('└')).unwrap();
    let right = display_width(&screen[top][..screen[top].rfind('┐').unwrap()]);
    for row in &screen[top + 1..bottom] {
        let cut: String = row.chars().collect();
        let x = cut.rfind('│').map(|b| display_width(&cut[..b]));
        assert_eq!(x, Some(right), "{}", screen[top..=bottom].join("\n"));
    }
}

#[test]
fn roster_status_bar_offers_its_actions_then_help_and_quit() {
    let dir = TempDir::new("render-roster-bar");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("<tab>").unwrap();
    let bar = draw(&app).0[23].trim_end().to_string();
    assert_eq!(
        bar,
        "[名册] Enter 打开名片 a 登记 e 修改 x 除名 t 谈话 o 表彰 u 按单位 ? 帮助 q 退出"
    );
    // On a card, Esc goes back to the roster and Enter is not offered.
    app.feed("<ret>").unwrap();
    let bar = draw(&app).0[23].trim_end().to_string();
    assert!(bar.starts_with("[名片] Esc 返回名册 a 登记"), "{bar}");
    assert!(bar.ends_with("? 帮助 q 退出"), "{bar}");
}

#[test]
fn roster_by_unit_follows_the_tree_order() {
    let dir = TempDir::new("render-roster-order");
    let mut app = demo_app(dir.path(), (120, 40));
    // The townships and streets as the tree lists them.
    let tree: Vec<String> = draw(&app).0[2..18]
        .iter()
        .filter_map(|r| r.split('│').next())
        .map(|r| {
            r.trim_start_matches(['>', ' ', '+', '-'])
                .trim()
                .to_string()
        })
        .collect();
    // Struck-off elders only: a few per township, so many units on one screen.
    app.feed("<tab>s").unwrap();
    let screen = draw(&app).0;
    assert!(screen[1].contains("已除名"), "{}", screen[1]);
    let mut seen: Vec<String> = Vec::new();
    for row in &screen[3..38] {
        let Some(unit) = row.split_whitespace().last() else {
            continue;
        };
        let top = unit.split('/').next().unwrap_or_default().to_string();
        if tree.contains(&top) && seen.last() != Some(&top) {
            seen.push(top);
        }
    }
    assert!(seen.len() >= 3, "{seen:?}\n{}", screen.join("\n"));
    let order: Vec<usize> = seen
        .iter()
        .map(|u| tree.iter().position(|t| t == u).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "{seen:?} against {tree:?}"
    );
}

#[test]
fn the_full_card_offers_the_team_and_reserve_keys() {
    let dir = TempDir::new("render-card-bar");
    let mut app = demo_app(dir.path(), (80, 24));
    app.feed("i").unwrap();
    let bar = draw(&app).0[23].trim_end().to_string();
    assert_eq!(
        bar,
        "[浏览] i 详情/简要 / 搜索 A 任命 E 免职 b 列入后备 B 移出后备 ? 帮助 q 退出"
    );
    // Back to the brief card: the tree's own keys again.
    app.feed("i").unwrap();
    let bar = draw(&app).0[23].trim_end().to_string();
    assert!(
        bar.starts_with("[浏览] i 详情/简要 a 新增下级 r 改名"),
        "{bar}"
    );
}
