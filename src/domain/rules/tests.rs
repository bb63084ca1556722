use super::*;

const EXAMPLE: &str = r#"
name = "2024年度关工委工作考核细则"
from = 2024-01-01
to = 2024-12-31
grades = [{ name = "优秀", min = 90 }, { name = "良好", min = 75 }, { name = "合格", min = 60 }]

[[block]]
name = "信息工作"
max = 20
floor = 0

[[block.item]]
name = "信息被市级采用"
counts = "info-adopted"
where = { level = "市" }
points = 4
cap = 12
target = { township = 2, subdistrict = 2, school = 1 }
shortfall = -0.5
"#;

fn errors(text: &str) -> Vec<(usize, String)> {
    parse(text)
        .expect_err("refused")
        .into_iter()
        .map(|e| (e.line, e.en))
        .collect()
}

#[test]
fn the_issue_example_reads_whole() {
    let book = parse(EXAMPLE).unwrap();
    assert_eq!(book.name, "2024年度关工委工作考核细则");
    assert_eq!(book.from, Day::ymd(2024, 1, 1).unwrap());
    assert_eq!(book.to, Day::ymd(2024, 12, 31).unwrap());
    assert_eq!(book.grades.len(), 3);
    assert_eq!(book.grade(PeerGroup::Township, Points::whole(90)), "优秀");
    assert_eq!(book.grade(PeerGroup::Township, Points(8999)), "良好");
    assert_eq!(book.grade(PeerGroup::Township, Points::whole(60)), "合格");
    assert_eq!(book.grade(PeerGroup::Township, Points(5999)), FAIL_GRADE);
    let item = &book.blocks[0].items[0];
    assert_eq!(item.counts, Counts::InfoAdopted);
    assert_eq!(item.filter.level, Some(AdoptionLevel::City));
    assert_eq!(item.points, Points::whole(4));
    assert_eq!(item.cap, Some(Points::whole(12)));
    assert_eq!(item.target(PeerGroup::Township), Some(2));
    assert_eq!(item.target(PeerGroup::School), Some(1));
    assert_eq!(item.target(PeerGroup::Village), None);
    assert_eq!(item.shortfall, Some(Points(-50)));
    assert_eq!(item.line, 13);
    assert_eq!(book.blocks[0].max, Some(Points::whole(20)));
    assert_eq!(book.blocks[0].side, Side::Unit);
}

#[test]
fn the_shipped_rulebook_is_good_and_scores_units_and_elders() {
    let book = parse(DEFAULT_RULES).unwrap();
    assert!(book.blocks_of(Side::Unit).count() >= 6);
    assert_eq!(book.blocks_of(Side::Person).count(), 1);
    assert!(book.has_manual(Side::Unit) && book.has_manual(Side::Person));
    for k in Counts::ALL {
        assert!(
            book.counts_used(Side::Unit).any(|c| c == *k),
            "the example rulebook shows {}",
            k.code()
        );
    }
}

#[test]
fn an_unknown_count_is_named_at_its_line() {
    let text = EXAMPLE.replace("info-adopted", "info-adoptd");
    let e = errors(&text);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, 14);
    assert!(e[0].1.contains("unknown count \"info-adoptd\""), "{e:?}");
}

#[test]
fn a_filter_the_count_does_not_have_is_refused() {
    let text = EXAMPLE.replace("where = { level = \"市\" }", "where = { kind = \"law\" }");
    let e = errors(&text);
    assert_eq!(e[0].0, 15);
    assert!(e[0].1.contains("has no filter \"kind\""), "{e:?}");
    let text = EXAMPLE.replace("level = \"市\"", "level = \"县\"");
    assert!(errors(&text)[0].1.contains("unknown value \"县\""));
}

#[test]
fn grades_out_of_order_are_refused() {
    let text = EXAMPLE.replace("min = 75", "min = 95");
    let e = errors(&text);
    assert_eq!(e[0].0, 5);
    assert!(e[0].1.contains("highest to lowest"), "{e:?}");
}

#[test]
fn a_negative_cap_and_a_positive_shortfall_are_refused() {
    let text = EXAMPLE
        .replace("cap = 12", "cap = -12")
        .replace("shortfall = -0.5", "shortfall = 0.5");
    let e = errors(&text);
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].0, 17);
    assert!(e[0].1.contains("cap cannot be negative"));
    assert_eq!(e[1].0, 19);
}

#[test]
fn syntax_errors_and_unknown_keys_say_their_line() {
    let e = errors(&EXAMPLE.replace("points = 4", "points = "));
    assert_eq!(e[0].0, 16);
    let e = errors(&EXAMPLE.replace("points = 4", "pionts = 4"));
    assert_eq!(e[0].0, 16, "{e:?}");
    let e = errors(&EXAMPLE.replace("from = 2024-01-01", "from = 2024-01-05"));
    assert_eq!(e[0].0, 3);
}

#[test]
fn a_target_of_a_group_the_block_does_not_score_is_refused() {
    let text = EXAMPLE.replace("school = 1", "elder = 1");
    assert!(errors(&text)[0].1.contains("cannot name \"elder\""));
    let text = EXAMPLE
        .replace("counts = \"info-adopted\"", "counts = \"plans-accepted\"")
        .replace("where = { level = \"市\" }\n", "")
        .replace("floor = 0", "floor = 0\nscores = \"person\"");
    let e = errors(&text);
    assert!(
        e.iter()
            .any(|(_, m)| m.contains("scores units, not elders")),
        "{e:?}"
    );
}

#[test]
fn moving_to_another_year_shifts_dates_and_name_and_keeps_comments() {
    let text = format!("# kept\n{EXAMPLE}");
    let moved = moved_to_year(&text, 2025).unwrap();
    let book = parse(&moved).unwrap();
    assert_eq!(book.name, "2025年度关工委工作考核细则");
    assert_eq!(book.from, Day::ymd(2025, 1, 1).unwrap());
    assert_eq!(book.to, Day::ymd(2025, 12, 31).unwrap());
    assert!(moved.starts_with("# kept\n"));
    let was = parse(EXAMPLE).unwrap();
    assert_eq!(
        book.blocks[0].items[0].line,
        was.blocks[0].items[0].line + 1
    );
    assert_eq!(
        book.blocks[0].items[0].points,
        was.blocks[0].items[0].points
    );
}

#[test]
fn a_group_may_have_its_own_grade_thresholds() {
    let text = EXAMPLE.replace(
        "\n[[block]]",
        "\n[grades_for]\nvillage = [{ name = \"优秀\", min = 20 }, { name = \"合格\", min = 10 }]\n\n[[block]]",
    );
    let book = parse(&text).unwrap();
    assert_eq!(book.grade(PeerGroup::Village, Points::whole(20)), "优秀");
    assert_eq!(book.grade(PeerGroup::Village, Points::whole(10)), "合格");
    assert_eq!(book.grade(PeerGroup::Village, Points(999)), FAIL_GRADE);
    assert_eq!(
        book.grade(PeerGroup::Township, Points::whole(20)),
        FAIL_GRADE
    );
    let bad = text.replace("village = [", "villag = [");
    assert!(errors(&bad)[0].1.contains("unknown group \"villag\""));
    let bad = text.replace("min = 10 }]", "min = 30 }]");
    assert!(errors(&bad)[0].1.contains("highest to lowest"));
}

#[test]
fn a_period_without_an_end_is_a_year_from_any_start_month() {
    let text = EXAMPLE
        .replace("from = 2024-01-01", "from = 2024-09-01")
        .replace("to = 2024-12-31\n", "");
    let book = parse(&text).unwrap();
    assert_eq!(book.from, Day::ymd(2024, 9, 1).unwrap());
    assert_eq!(book.to, Day::ymd(2025, 8, 31).unwrap());
    let moved = parse(&moved_to_year(&text, 2025).unwrap()).unwrap();
    assert_eq!(
        (moved.from, moved.to),
        (
            Day::ymd(2025, 9, 1).unwrap(),
            Day::ymd(2026, 8, 31).unwrap()
        )
    );
}
