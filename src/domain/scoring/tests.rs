use proptest::prelude::*;

use super::*;
use crate::domain::rules::parse;

fn p(s: &str) -> Points {
    Points::parse(s).unwrap()
}

const BOOK: &str = r#"
name = "测试"
from = 2025-01-01
to = 2025-12-31
grades = [{ name = "优秀", min = 10 }]

[[block]]
name = "活动"
max = 10
floor = -2

[[block.item]]
name = "活动"
counts = "activities"
points = 1.5
cap = 6
target = { township = 3 }
shortfall = -1

[[block.item]]
name = "逾期"
counts = "tasks-overdue"
points = -2

[[block]]
name = "奖惩"

[[block.item]]
name = "奖惩"
counts = "manual"
"#;

fn record(n: u64) -> Fact {
    Fact {
        count: n,
        source: Some(Source {
            kind: RecordKind::Activity,
            id: n,
        }),
        day: None,
        points: None,
        note: String::new(),
    }
}

#[test]
fn an_item_over_its_cap_gives_the_cap_and_says_so() {
    let book = parse(BOOK).unwrap();
    // Five activities: 7.5, capped at 6; the target is met.
    let facts = vec![
        (1..=5)
            .map(record)
            .map(|mut f| {
                f.count = 1;
                f
            })
            .collect(),
        vec![],
        vec![],
    ];
    let s = score(&book, PeerGroup::Township, &facts, &[], true);
    assert_eq!(s.blocks, vec![p("6"), p("0")]);
    assert_eq!(s.total, p("6"));
    assert_eq!(s.completion, Some(1000));
    let last = s.lines.last().unwrap();
    assert_eq!((last.kind.clone(), last.points), (LineKind::Cap, p("-1.5")));
}

#[test]
fn a_shortfall_and_a_penalty_stop_at_the_floor() {
    let book = parse(BOOK).unwrap();
    // One activity (1.5), two missing (-2), three overdue tasks (-6): -6.5,
    // held at the floor of -2 by a line of +4.5.
    let overdue = Fact {
        count: 3,
        ..record(9)
    };
    let facts = vec![
        vec![Fact {
            count: 1,
            ..record(1)
        }],
        vec![overdue],
        vec![],
    ];
    let s = score(&book, PeerGroup::Township, &facts, &[], true);
    assert_eq!(s.blocks[0], p("-2"));
    assert_eq!(s.completion, Some(333));
    let kinds: Vec<(LineKind, Points)> =
        s.lines.iter().map(|l| (l.kind.clone(), l.points)).collect();
    assert_eq!(
        kinds,
        vec![
            (LineKind::Counted, p("1.5")),
            (LineKind::Shortfall { missing: 2 }, p("-2")),
            (LineKind::Counted, p("-6")),
            (LineKind::Floor, p("4.5")),
        ]
    );
    // A village has no target for this item: no shortfall, no completion.
    let s = score(&book, PeerGroup::Village, &facts, &[], false);
    assert_eq!(s.completion, None);
    assert_eq!(s.blocks[0], p("-2"));
    assert!(s.lines.is_empty());
}

#[test]
fn awards_keep_their_own_points_and_outside_blocks_add_to_the_total() {
    let book = parse(BOOK).unwrap();
    let award = Fact {
        count: 1,
        points: Some(p("2.5")),
        ..record(5)
    };
    let facts = vec![vec![], vec![], vec![award.clone()]];
    let s = score(&book, PeerGroup::Township, &facts, &[], true);
    // No activity: the shortfall of 3 is held at the floor; the award is 2.5.
    assert_eq!(s.blocks, vec![p("-2"), p("2.5")]);
    assert_eq!(s.total, p("0.5"));
    let extra = score(
        &book,
        PeerGroup::Township,
        &[vec![], vec![], vec![]],
        &[award],
        true,
    );
    assert_eq!(extra.total, p("0.5"));
    assert_eq!(extra.lines.last().unwrap().kind, LineKind::Manual);
}

#[test]
fn ties_share_a_rank_and_the_next_skips() {
    let totals = [p("3.5"), p("17"), p("3.5"), p("0"), p("17")];
    assert_eq!(ranks(&totals), vec![3, 1, 3, 5, 1]);
    assert_eq!(ranks(&[]), Vec::<u32>::new());
}

fn any_book() -> impl Strategy<Value = String> {
    let item = (
        prop::sample::select(vec!["activities", "visits", "tasks-overdue", "manual"]),
        -300i64..300,
        prop::option::of(0i64..2000),
        prop::option::of((0u32..6, -200i64..=0)),
    );
    let block = (
        prop::collection::vec(item, 1..4),
        prop::option::of(0i64..3000),
        prop::option::of(-3000i64..0),
    );
    prop::collection::vec(block, 1..4).prop_map(|blocks| {
        let mut s = String::from("name = \"随机\"\nfrom = 2025-01-01\nto = 2025-12-31\n");
        for (bi, (items, max, floor)) in blocks.iter().enumerate() {
            s += &format!("[[block]]\nname = \"b{bi}\"\n");
            if let Some(m) = max {
                s += &format!("max = {}\n", Points(*m));
            }
            if let Some(f) = floor {
                s += &format!("floor = {}\n", Points(*f));
            }
            for (ii, (counts, points, cap, target)) in items.iter().enumerate() {
                s += &format!(
                    "[[block.item]]\nname = \"i{ii}\"\ncounts = \"{counts}\"\npoints = {}\n",
                    Points(*points)
                );
                if let Some(c) = cap {
                    s += &format!("cap = {}\n", Points(*c));
                }
                if let Some((t, short)) = target {
                    s += &format!(
                        "target = {{ township = {t} }}\nshortfall = {}\n",
                        Points(*short)
                    );
                }
            }
        }
        s
    })
}

proptest! {
    #[test]
    fn the_ledger_sums_to_the_total_and_to_the_summed_standing(
        text in any_book(),
        counts in prop::collection::vec(prop::collection::vec(0u64..5, 0..6), 12),
        awards in prop::collection::vec(-500i64..500, 0..3),
    ) {
        let book = parse(&text).unwrap();
        let n: usize = book.blocks.iter().map(|b| b.items.len()).sum();
        let manual = book
            .blocks
            .iter()
            .flat_map(|b| &b.items)
            .position(|i| i.counts == Counts::Manual);
        let award_facts: Vec<Fact> = awards
            .iter()
            .map(|a| Fact { count: 1, points: Some(Points(*a)), ..record(0) })
            .collect();
        let mut one_by_one: Vec<Vec<Fact>> = counts[..n]
            .iter()
            .map(|v| v.iter().map(|c| Fact { count: *c, ..record(*c) }).collect())
            .collect();
        let mut summed: Vec<Vec<Fact>> = counts[..n]
            .iter()
            .map(|v| vec![Fact::sum(v.iter().sum())])
            .collect();
        let extra = match manual {
            Some(i) => {
                one_by_one[i] = award_facts.clone();
                let total: Points = award_facts.iter().filter_map(|f| f.points).sum();
                summed[i] = vec![Fact { points: Some(total), ..Fact::sum(award_facts.len() as u64) }];
                vec![]
            }
            None => award_facts,
        };
        let ledger = score(&book, PeerGroup::Township, &one_by_one, &extra, true);
        let standing = score(&book, PeerGroup::Township, &summed, &extra, false);
        prop_assert_eq!(ledger.lines.iter().map(|l| l.points).sum::<Points>(), ledger.total);
        prop_assert_eq!(ledger.total, standing.total);
        prop_assert_eq!(&ledger.blocks, &standing.blocks);
        prop_assert_eq!(ledger.completion, standing.completion);
        for (b, total) in book.blocks.iter().zip(&standing.blocks) {
            if let Some(m) = b.max { prop_assert!(*total <= m); }
            if let Some(f) = b.floor { prop_assert!(*total >= f); }
        }
    }
}
