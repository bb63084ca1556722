//! The people figures of a report, for any period and any part of the
//! hierarchy, computed from the records alone so the newsletter's numbers
//! (4 new deputies, 67% turnover, 119 recruits, 58 struck off, 18 models)
//! come out of what operators typed.
//!
//! A person counts for the unit they were registered with on the day that
//! matters to each figure (the start or end of the period, the day they
//! joined, were struck off, talked to or honoured), as far as the moves the
//! caller passes tell; with none, today's unit.
//!
//! An elder without an 入列日期 joined on the day their record was saved
//! (`ElderMembership::joined_or`), never "since always".
//!
//! The under-active queue: elders on the roll at the end of the period,
//! who joined more than N months before it ended, with neither a talk nor
//! an activity (through `Engagement`) in those N months. Honours and
//! re-registration do not take anyone off it.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::day::Day;
use super::id_hash::{IdMap, IdSet};
use super::people_history::{Engagement, Moves, NoActivities};
use super::person::{Category, Person, PersonId, Position, Role};
use super::person_view::PersonView;
use super::tree::UnitTree;
use super::unit::{OrgUnit, UnitId, UnitKind};

/// From the start of `from` to the end of `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: Day,
    pub to: Day,
}

impl Period {
    pub fn contains(&self, day: Day) -> bool {
        self.from <= day && day <= self.to
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeopleFigures {
    pub from: Day,
    pub to: Day,
    pub unit: UnitId,
    pub unit_path: String,
    /// Elders on the roll at the start of `from` and at the end of `to`.
    pub on_roll_start: usize,
    pub on_roll_end: usize,
    pub core_elders_end: usize,
    pub joined: usize,
    /// Keyed by the code of the source or category (`education`, `teacher`),
    /// in snake_case like every key (`own_request`).
    pub joined_by_source: BTreeMap<String, usize>,
    pub joined_by_category: BTreeMap<String, usize>,
    pub struck_off: usize,
    pub struck_off_by_reason: BTreeMap<String, usize>,
    pub reregistered: usize,
    pub talks: usize,
    /// People honoured in the period, and honours by title.
    pub honoured: usize,
    pub honours_by_title: BTreeMap<String, usize>,
    pub teams: Vec<TeamTurnover>,
    pub vacancies: Vec<Vacancy>,
    pub units_without_executive_deputy: Vec<UnitRef>,
    pub under_active_months: u32,
    /// The queue's first entries (by last talk, then id): all of them
    /// unless the asker capped the list, as a report does.
    pub under_active: Vec<UnderActive>,
    /// How many are on the queue, listed or not.
    #[serde(default)]
    pub under_active_count: usize,
    pub average_age_by_category: BTreeMap<String, AgeStat>,
    /// Who joined and who was struck off in the period, by day.
    #[serde(default)]
    pub joined_people: Vec<RollChange>,
    #[serde(default)]
    pub struck_off_people: Vec<RollChange>,
}

/// An elder who joined or left the roll in the period: the answer to "who".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RollChange {
    pub person: PersonId,
    pub name: String,
    pub unit_path: String,
    pub on: Day,
    /// Codes in snake_case, as the keys of the counts.
    pub category: String,
    pub source: String,
    /// For those struck off: the reason's code and the note.
    pub reason: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitRef {
    pub unit: UnitId,
    pub unit_path: String,
}

/// A team's turnover: of the posts held at the end of the period, how many
/// went to people who were not on that team the day before it began.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamTurnover {
    pub unit: UnitId,
    pub unit_path: String,
    pub positions: usize,
    pub newly_filled: usize,
    /// Rounded to a whole percent: 4 of 6 is 67.
    pub turnover_percent: u32,
}

/// A single-holder post (主任, 常务副主任, 秘书长) nobody holds at the end of
/// the period, since its last holder left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vacancy {
    pub unit: UnitId,
    pub unit_path: String,
    pub role: Role,
    pub since: Day,
    pub days: i64,
}

/// An elder on the roll with no talk recorded in the last N months who
/// joined before then too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnderActive {
    pub person: PersonId,
    pub name: String,
    pub unit_path: String,
    pub last_talk: Option<Day>,
    /// The last activity taken part in; none until activities are recorded.
    pub last_activity: Option<Day>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgeStat {
    pub count: usize,
    /// Years, one decimal.
    pub average: f64,
}

/// A label's code as a JSON key: `own-request` → `own_request`.
fn json_key(code: &str) -> String {
    code.replace('-', "_")
}

/// The entry of `map` under `json_key(code)`, without making the key for
/// each person counted when the entry is there already.
fn entry_of<'m, V: Default>(map: &'m mut BTreeMap<String, V>, code: &str) -> &'m mut V {
    let key: std::borrow::Cow<str> = if code.contains('-') {
        json_key(code).into()
    } else {
        code.into()
    };
    if map.contains_key(&*key) {
        return map.get_mut(&*key).expect("just found");
    }
    map.entry(key.into_owned()).or_default()
}

/// Units by id, as `Tally::add` asks of each person up to four times.
type UnitSet = IdSet<UnitId>;

const CATEGORIES: usize = Category::ALL.len();

pub fn percent(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part * 200 + whole) / (2 * whole)) as u32
    }
}

/// Every figure over the elders and teams of `root`'s subtree, everyone
/// counted in the unit they are in now and talks the only sign of activity.
pub fn people_figures<'a>(
    tree: &UnitTree,
    root: UnitId,
    people: impl IntoIterator<Item = &'a Person>,
    positions: impl IntoIterator<Item = &'a Position>,
    period: Period,
    under_active_months: u32,
) -> PeopleFigures {
    people_figures_with(
        tree,
        root,
        people,
        positions,
        period,
        under_active_months,
        &Moves::default(),
        &NoActivities,
    )
}

/// Every figure over the elders and teams of `root`'s subtree, people
/// placed by `moves` at each day that matters, `activities` besides talks
/// keeping an elder off the under-active queue.
#[allow(clippy::too_many_arguments)]
pub fn people_figures_with<'a>(
    tree: &UnitTree,
    root: UnitId,
    people: impl IntoIterator<Item = &'a Person>,
    positions: impl IntoIterator<Item = &'a Position>,
    period: Period,
    under_active_months: u32,
    moves: &Moves,
    activities: &dyn Engagement,
) -> PeopleFigures {
    let mut tally = Tally::new(tree, root, period, under_active_months);
    for p in people {
        tally.add(&PersonView::of(p), moves, activities);
    }
    tally.finish(positions)
}

/// `root` and the units below it, in the order `UnitTree::walk` gives
/// them, without walking the whole tree: a province's table of 1,500 units
/// would walk its 20,000 units 1,500 times. Without the archived, a unit
/// below an archived one is left out, as `walk` leaves it out.
pub fn subtree(tree: &UnitTree, root: UnitId, include_archived: bool) -> Vec<&OrgUnit> {
    let mut out = Vec::new();
    if !include_archived && tree.lineage(root).iter().any(|u| !u.is_live()) {
        return out;
    }
    let mut stack: Vec<&OrgUnit> = tree.get(root).into_iter().collect();
    while let Some(u) = stack.pop() {
        // A cycle can only come from damaged data; stop rather than loop.
        if out.len() > tree.len() {
            break;
        }
        out.push(u);
        let start = stack.len();
        stack.extend(
            tree.children_of(Some(u.id))
                .filter(|c| include_archived || c.is_live()),
        );
        stack[start..].reverse();
    }
    out
}

/// Every unit's path as `UnitTree::path` writes it, worked out once down
/// the tree (a child's is its parent's and its name): the report's unit
/// and each row below it name the same units, 20,000 at a province.
pub struct Paths(IdMap<UnitId, String>);

impl Paths {
    pub fn of(tree: &UnitTree) -> Paths {
        let mut paths: IdMap<UnitId, String> = IdMap::default();
        paths.reserve(tree.len());
        let mut stack: Vec<(&OrgUnit, Option<UnitId>)> = tree.roots().map(|u| (u, None)).collect();
        while let Some((u, parent)) = stack.pop() {
            // Reached twice only through damaged data: the tree's own answer.
            if paths.contains_key(&u.id) {
                continue;
            }
            let path = match parent.and_then(|p| paths.get(&p)) {
                Some(above) => format!("{above}/{}", u.name),
                None => u.name.clone(),
            };
            paths.insert(u.id, path);
            stack.extend(tree.children_of(Some(u.id)).map(|c| (c, Some(u.id))));
        }
        Paths(paths)
    }
}

/// A tally's paths: its own, worked out as asked, or a report's.
enum PathsKept<'t> {
    Own(IdMap<UnitId, String>),
    Shared(&'t Paths),
}

impl PathsKept<'_> {
    fn get(&mut self, tree: &UnitTree, id: UnitId) -> String {
        match self {
            PathsKept::Own(own) => own.entry(id).or_insert_with(|| tree.path(id)).clone(),
            // A unit the walk down the tree never reached (a cycle in
            // damaged data) is asked of the tree.
            PathsKept::Shared(paths) => paths.0.get(&id).cloned().unwrap_or_else(|| tree.path(id)),
        }
    }
}

/// The figures of one subtree, taking the people one at a time so that a
/// caller reading them from the store never holds them all.
pub struct Tally<'t> {
    tree: &'t UnitTree,
    within: UnitSet,
    paths: PathsKept<'t>,
    period: Period,
    quiet_since: Day,
    /// By category, in the order of `Category::ALL`: how many elders of
    /// known age, and their ages added up.
    ages: [(usize, u64); CATEGORIES],
    /// At most this many of the under-active and of those who joined or
    /// left are kept (the first in each list's order); all when `None`.
    under_active_listed: Option<usize>,
    /// Once the capped queue is full, the place of its last entry: anyone
    /// after it can no longer be listed, and is only counted.
    under_active_bar: Option<(Option<Day>, PersonId)>,
    rolls_listed: Option<usize>,
    f: PeopleFigures,
}

/// Sorts `list` and keeps its first `cap` once it holds twice that many,
/// so a capped list never holds more than 2 × cap entries while counting.
/// Says whether it cut the list.
fn trim<T>(
    list: &mut Vec<T>,
    cap: Option<usize>,
    order: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> bool {
    if let Some(cap) = cap
        && list.len() >= 2 * cap.max(1)
    {
        list.sort_by(&order);
        list.truncate(cap);
        return true;
    }
    false
}

fn under_active_order(a: &UnderActive, b: &UnderActive) -> std::cmp::Ordering {
    a.last_talk.cmp(&b.last_talk).then(a.person.cmp(&b.person))
}

fn roll_order(a: &RollChange, b: &RollChange) -> std::cmp::Ordering {
    a.on.cmp(&b.on).then(a.person.cmp(&b.person))
}

impl<'t> Tally<'t> {
    pub fn new(tree: &'t UnitTree, root: UnitId, period: Period, under_active_months: u32) -> Self {
        let within: UnitSet = subtree(tree, root, true).iter().map(|u| u.id).collect();
        Tally {
            tree,
            within,
            paths: PathsKept::Own(IdMap::default()),
            period,
            quiet_since: period.to.minus_months(under_active_months),
            ages: [(0, 0); CATEGORIES],
            under_active_listed: None,
            under_active_bar: None,
            rolls_listed: None,
            f: PeopleFigures {
                from: period.from,
                to: period.to,
                unit: root,
                unit_path: tree.path(root),
                on_roll_start: 0,
                on_roll_end: 0,
                core_elders_end: 0,
                joined: 0,
                joined_by_source: BTreeMap::new(),
                joined_by_category: BTreeMap::new(),
                struck_off: 0,
                struck_off_by_reason: BTreeMap::new(),
                reregistered: 0,
                talks: 0,
                honoured: 0,
                honours_by_title: BTreeMap::new(),
                teams: Vec::new(),
                vacancies: Vec::new(),
                units_without_executive_deputy: Vec::new(),
                under_active_months,
                under_active: Vec::new(),
                under_active_count: 0,
                average_age_by_category: BTreeMap::new(),
                joined_people: Vec::new(),
                struck_off_people: Vec::new(),
            },
        }
    }

    /// Takes the units' paths from `paths` (worked out once for every
    /// tally of a report) rather than working out its own.
    pub fn sharing(mut self, paths: &'t Paths) -> Self {
        self.paths = PathsKept::Shared(paths);
        self
    }

    /// Lists at most the first `under_active` of the under-active queue and
    /// the first `rolls` of those who joined and of those struck off; the
    /// counts still take everyone.
    pub fn listing(mut self, under_active: Option<usize>, rolls: Option<usize>) -> Self {
        self.under_active_listed = under_active;
        self.rolls_listed = rolls;
        self
    }

    /// Counts `p` wherever `moves` place them on the days that matter.
    pub fn add(&mut self, p: &PersonView, moves: &Moves, activities: &dyn Engagement) {
        let Tally {
            tree,
            within,
            paths,
            period,
            quiet_since,
            ages,
            under_active_listed,
            under_active_bar,
            rolls_listed,
            f,
        } = self;
        let (under_active_listed, rolls_listed) = (*under_active_listed, *rolls_listed);
        let (period, quiet_since, tree) = (*period, *quiet_since, *tree);
        let mut path = |id: UnitId| paths.get(tree, id);
        let start = period.from.pred();
        let inside = |p: &PersonView, day: Day| within.contains(&moves.unit_on(p, day));
        let Some(e) = &p.elder else { return };
        let registered = p.registered;
        let joined = e.joined_or(registered);
        f.on_roll_start += usize::from(e.on_roll(registered, start) && inside(p, start));
        let on_roll_end = e.on_roll(registered, period.to) && inside(p, period.to);
        if on_roll_end {
            f.on_roll_end += 1;
            f.core_elders_end += usize::from(e.core);
            if let Some(age) = p.age_on(period.to) {
                let entry = &mut ages[e.category as usize];
                entry.0 += 1;
                entry.1 += u64::from(age);
            }
            let last_talk = e.talks.iter().copied().filter(|d| *d <= period.to).max();
            let joined_long_ago = joined < quiet_since;
            let quiet = |d: Option<Day>| d.is_none_or(|d| d < quiet_since);
            // Looked up only for who is otherwise quiet: it reads the store.
            let last_activity = (joined_long_ago && quiet(last_talk))
                .then(|| activities.last_on_or_before(p.id, period.to))
                .flatten();
            if joined_long_ago && quiet(last_talk) && quiet(last_activity) {
                f.under_active_count += 1;
                if under_active_listed != Some(0)
                    && under_active_bar.is_none_or(|bar| (last_talk, p.id) < bar)
                {
                    f.under_active.push(UnderActive {
                        person: p.id,
                        name: p.name.to_owned(),
                        unit_path: path(moves.unit_on(p, period.to)),
                        last_talk,
                        last_activity,
                    });
                    if trim(&mut f.under_active, under_active_listed, under_active_order) {
                        *under_active_bar = f.under_active.last().map(|u| (u.last_talk, u.person));
                    }
                }
            }
        }
        if period.contains(joined) && inside(p, joined) {
            if rolls_listed != Some(0) {
                f.joined_people.push(RollChange {
                    person: p.id,
                    name: p.name.to_owned(),
                    unit_path: path(moves.unit_on(p, joined)),
                    on: joined,
                    category: json_key(e.category.code()),
                    source: json_key(e.source.code()),
                    reason: None,
                    note: String::new(),
                });
                trim(&mut f.joined_people, rolls_listed, roll_order);
            }
            f.joined += 1;
            *entry_of(&mut f.joined_by_source, e.source.code()) += 1;
            *entry_of(&mut f.joined_by_category, e.category.code()) += 1;
        }
        if let Some(removed) = e.removed
            && period.contains(removed.on)
            && inside(p, removed.on)
        {
            let (on, reason) = (removed.on, removed.reason);
            if rolls_listed != Some(0) {
                f.struck_off_people.push(RollChange {
                    person: p.id,
                    name: p.name.to_owned(),
                    unit_path: path(moves.unit_on(p, on)),
                    on,
                    category: json_key(e.category.code()),
                    source: json_key(e.source.code()),
                    reason: Some(json_key(reason.code())),
                    note: removed.note.to_owned(),
                });
                trim(&mut f.struck_off_people, rolls_listed, roll_order);
            }
            f.struck_off += 1;
            *f.struck_off_by_reason
                .entry(json_key(reason.code()))
                .or_default() += 1;
        }
        f.reregistered += usize::from(
            e.reregistered
                .is_some_and(|d| period.contains(d) && inside(p, d)),
        );
        f.talks += e
            .talks
            .iter()
            .filter(|d| period.contains(**d) && inside(p, **d))
            .count();
        let mut honoured = false;
        for h in e
            .honours
            .iter()
            .filter(|h| period.contains(h.date) && inside(p, h.date))
        {
            honoured = true;
            match f.honours_by_title.get_mut(h.title) {
                Some(n) => *n += 1,
                None => {
                    f.honours_by_title.insert(h.title.to_owned(), 1);
                }
            }
        }
        f.honoured += usize::from(honoured);
    }

    /// The figures, with the teams of `positions` that are in the subtree.
    pub fn finish<'a>(self, positions: impl IntoIterator<Item = &'a Position>) -> PeopleFigures {
        let Tally {
            tree,
            within,
            mut paths,
            period,
            ages,
            under_active_listed,
            rolls_listed,
            mut f,
            ..
        } = self;
        let mut path = |id: UnitId| paths.get(tree, id);
        let positions: Vec<&Position> = positions
            .into_iter()
            .filter(|p| within.contains(&p.unit))
            .collect();
        f.average_age_by_category = Category::ALL
            .iter()
            .zip(ages)
            .filter(|(_, (count, _))| *count > 0)
            .map(|(c, (count, total))| {
                let average = (total as f64 / count as f64 * 10.0).round() / 10.0;
                (json_key(c.code()), AgeStat { count, average })
            })
            .collect();
        f.under_active.sort_by(under_active_order);
        f.under_active
            .truncate(under_active_listed.unwrap_or(usize::MAX));
        for list in [&mut f.joined_people, &mut f.struck_off_people] {
            list.sort_by(roll_order);
            list.truncate(rolls_listed.unwrap_or(usize::MAX));
        }

        let mut by_unit: BTreeMap<UnitId, Vec<&Position>> = BTreeMap::new();
        for p in &positions {
            by_unit.entry(p.unit).or_default().push(p);
        }
        let before = period.from.pred();
        for (unit, list) in &by_unit {
            let serving: Vec<&&Position> =
                list.iter().filter(|p| p.serving_on(period.to)).collect();
            if !serving.is_empty() {
                let old_team: HashSet<PersonId> = list
                    .iter()
                    .filter(|p| p.serving_on(before))
                    .map(|p| p.person)
                    .collect();
                let newly_filled = serving
                    .iter()
                    .filter(|p| period.contains(p.from) && !old_team.contains(&p.person))
                    .count();
                f.teams.push(TeamTurnover {
                    unit: *unit,
                    unit_path: path(*unit),
                    positions: serving.len(),
                    newly_filled,
                    turnover_percent: percent(newly_filled, serving.len()),
                });
            }
            for role in Role::ALL.iter().copied().filter(|r| r.is_single()) {
                let of_role = list.iter().filter(|p| p.role == role);
                if of_role.clone().any(|p| p.serving_on(period.to)) {
                    continue;
                }
                let last_end = of_role
                    .filter_map(|p| p.to)
                    .filter(|t| *t <= period.to)
                    .max();
                if let Some(since) = last_end {
                    f.vacancies.push(Vacancy {
                        unit: *unit,
                        unit_path: path(*unit),
                        role,
                        since,
                        days: since.days_until(period.to),
                    });
                }
            }
        }

        for u in subtree(tree, f.unit, false) {
            if u.kind == UnitKind::Other {
                continue;
            }
            let has = by_unit.get(&u.id).is_some_and(|list| {
                list.iter()
                    .any(|p| p.role == Role::ExecutiveDeputy && p.serving_on(period.to))
            });
            if !has {
                f.units_without_executive_deputy.push(UnitRef {
                    unit: u.id,
                    unit_path: path(u.id),
                });
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::OrgUnit;
    use crate::domain::person::{
        Category, ElderMembership, Honour, HonourLevel, PositionId, RemovalReason, RosterStatus,
        Source, Talk, TalkOutcome,
    };

    fn d(y: i32, m: u32, day: u32) -> Day {
        Day::ymd(y, m, day).unwrap()
    }

    fn unit(id: u64, parent: Option<u64>, name: &str, kind: UnitKind) -> OrgUnit {
        OrgUnit::fixture(id, parent, name, kind)
    }

    fn tree() -> UnitTree {
        UnitTree::new([
            unit(1, None, "爱辉区", UnitKind::District),
            unit(2, Some(1), "四嘉子乡", UnitKind::Township),
            unit(3, Some(2), "小乌斯力村", UnitKind::Village),
            unit(4, Some(1), "教体局", UnitKind::EducationBureau),
        ])
    }

    fn elder(id: u64, unit: u64, category: Category, source: Source) -> Person {
        Person {
            birth: Some(d(1955, 6, 1)),
            elder: Some(ElderMembership {
                category,
                core: false,
                skills: String::new(),
                health: String::new(),
                source,
                joined: Some(d(2015, 1, 1)),
                reregistered: None,
                status: RosterStatus::Active,
                talks: vec![],
                honours: vec![],
            }),
            ..Person::fixture(id, &format!("人{id}"), unit)
        }
    }

    fn membership(p: &mut Person) -> &mut ElderMembership {
        p.elder.as_mut().unwrap()
    }

    fn position(
        id: u64,
        unit: u64,
        person: u64,
        role: Role,
        from: Day,
        to: Option<Day>,
    ) -> Position {
        Position {
            id: PositionId(id),
            unit: UnitId(unit),
            person: PersonId(person),
            role,
            from,
            to,
            doc: String::new(),
            area: String::new(),
            created: 0,
            changed_at: 0,
            changed_by: String::new(),
            rev: 1,
        }
    }

    fn year_2023() -> Period {
        Period {
            from: d(2023, 1, 1),
            to: d(2023, 12, 31),
        }
    }

    /// The district team of the newsletter: a director and an executive
    /// deputy who stay, two of four deputies retire and four recently
    /// retired cadres come in. Six posts at the end, four newly filled.
    #[test]
    fn district_turnover_is_four_of_six() {
        let t = tree();
        let change = d(2023, 3, 1);
        let positions = vec![
            position(1, 1, 1, Role::Director, d(2019, 1, 1), None),
            position(2, 1, 2, Role::ExecutiveDeputy, d(2019, 1, 1), None),
            position(3, 1, 3, Role::Deputy, d(2019, 1, 1), Some(change)),
            position(4, 1, 4, Role::Deputy, d(2019, 1, 1), Some(change)),
            position(5, 1, 5, Role::Deputy, change, None),
            position(6, 1, 6, Role::Deputy, change, None),
            position(7, 1, 7, Role::Deputy, change, None),
            position(8, 1, 8, Role::Deputy, change, None),
        ];
        let f = people_figures(&t, UnitId(1), &[], &positions, year_2023(), 6);
        assert_eq!(
            f.teams,
            vec![TeamTurnover {
                unit: UnitId(1),
                unit_path: "爱辉区".into(),
                positions: 6,
                newly_filled: 4,
                turnover_percent: 67,
            }]
        );
        // The same change seen from 2024 is old news.
        let later = Period {
            from: d(2024, 1, 1),
            to: d(2024, 12, 31),
        };
        let f = people_figures(&t, UnitId(1), &[], &positions, later, 6);
        assert_eq!(f.teams[0].newly_filled, 0);
        assert_eq!(f.teams[0].turnover_percent, 0);
    }

    #[test]
    fn a_promotion_within_the_team_is_not_turnover() {
        let t = tree();
        let positions = vec![
            position(1, 2, 1, Role::Deputy, d(2020, 1, 1), Some(d(2023, 5, 1))),
            position(2, 2, 1, Role::Director, d(2023, 5, 1), None),
            position(3, 2, 2, Role::Member, d(2023, 5, 1), None),
        ];
        let f = people_figures(&t, UnitId(2), &[], &positions, year_2023(), 6);
        assert_eq!(f.teams[0].positions, 2);
        assert_eq!(f.teams[0].newly_filled, 1);
        assert_eq!(f.teams[0].turnover_percent, 50);
    }

    #[test]
    fn vacancies_count_days_since_the_holder_left() {
        let t = tree();
        let positions = vec![
            // Township: executive deputy left on 1 Dec, nobody since: 30 days.
            position(
                1,
                2,
                1,
                Role::ExecutiveDeputy,
                d(2020, 1, 1),
                Some(d(2023, 12, 1)),
            ),
            position(2, 2, 2, Role::Director, d(2020, 1, 1), None),
            // Village: director replaced the same day: no vacancy.
            position(3, 3, 3, Role::Director, d(2020, 1, 1), Some(d(2023, 4, 1))),
            position(4, 3, 4, Role::Director, d(2023, 4, 1), None),
            position(5, 3, 5, Role::ExecutiveDeputy, d(2020, 1, 1), None),
            // A deputy leaving does not make a vacancy: teams have several.
            position(6, 3, 6, Role::Deputy, d(2020, 1, 1), Some(d(2023, 2, 1))),
        ];
        let f = people_figures(&t, UnitId(1), &[], &positions, year_2023(), 6);
        assert_eq!(
            f.vacancies,
            vec![Vacancy {
                unit: UnitId(2),
                unit_path: "爱辉区/四嘉子乡".into(),
                role: Role::ExecutiveDeputy,
                since: d(2023, 12, 1),
                days: 30,
            }]
        );
        let without: Vec<u64> = f
            .units_without_executive_deputy
            .iter()
            .map(|u| u.unit.0)
            .collect();
        // District, township and education bureau have none; the village has.
        assert_eq!(without, vec![1, 2, 4]);
    }

    #[test]
    fn roll_joins_removals_and_honours_in_the_period() {
        let t = tree();
        let mut people = Vec::new();
        // On the roll throughout.
        people.push(elder(1, 3, Category::Cadre, Source::OrganisationDept));
        // Joined in 2023 from education (two) and from the veterans bureau.
        for (id, source) in [
            (2, Source::Education),
            (3, Source::Education),
            (4, Source::VeteransAffairs),
        ] {
            let mut p = elder(id, 4, Category::Teacher, source);
            membership(&mut p).joined = Some(d(2023, 4, 1));
            people.push(p);
        }
        // Struck off in 2023 for inactivity; and one struck off in 2022.
        let mut p = elder(5, 2, Category::Veteran, Source::Other);
        membership(&mut p).status = RosterStatus::Removed {
            on: d(2023, 8, 1),
            reason: RemovalReason::Inactive,
            note: String::new(),
        };
        people.push(p);
        let mut p = elder(6, 2, Category::Veteran, Source::Other);
        membership(&mut p).status = RosterStatus::Removed {
            on: d(2022, 8, 1),
            reason: RemovalReason::Health,
            note: String::new(),
        };
        people.push(p);
        // Honoured twice in 2023 (counts once as a person), once in 2022.
        let m = membership(&mut people[0]);
        for date in [d(2023, 5, 4), d(2023, 10, 1), d(2022, 10, 1)] {
            m.honours.push(Honour {
                title: "先进典型".into(),
                level: HonourLevel::District,
                date,
            });
        }
        // Not an elder: never counted.
        let mut outsider = elder(7, 3, Category::Cadre, Source::Other);
        outsider.elder = None;
        people.push(outsider);

        let f = people_figures(&t, UnitId(1), &people, &[], year_2023(), 6);
        assert_eq!(f.on_roll_start, 2); // 1 and 5
        assert_eq!(f.on_roll_end, 4); // 1, 2, 3, 4
        assert_eq!(f.joined, 3);
        assert_eq!(f.joined_by_source.get("education"), Some(&2));
        assert_eq!(f.joined_by_source.get("veterans"), Some(&1));
        assert_eq!(f.joined_by_category.get("teacher"), Some(&3));
        assert_eq!(f.struck_off, 1);
        assert_eq!(f.struck_off_by_reason.get("inactive"), Some(&1));
        assert_eq!(f.honoured, 1);
        assert_eq!(f.honours_by_title.get("先进典型"), Some(&2));

        // The township's subtree holds only the two veterans and the cadre
        // in the village below it.
        let f = people_figures(&t, UnitId(2), &people, &[], year_2023(), 6);
        assert_eq!((f.on_roll_start, f.on_roll_end, f.struck_off), (2, 1, 1));
    }

    /// Hand-counted at the edges of 2023: joined or struck off on its first
    /// day, its last, the day before and the day after; and elders without
    /// a joining date, who join on the day their record was saved.
    #[test]
    fn the_roll_at_the_edges_of_a_period() {
        let t = tree();
        let noon_utc = |y, m, day| {
            chrono::NaiveDate::from_ymd_opt(y, m, day)
                .and_then(|d| d.and_hms_opt(12, 0, 0))
                .unwrap()
                .and_utc()
                .timestamp()
        };
        let mut people = Vec::new();
        let mut add = |id, joined: Option<Day>, removed: Option<Day>, created| {
            let mut p = elder(id, 3, Category::Teacher, Source::Education);
            p.created = created;
            let m = membership(&mut p);
            m.joined = joined;
            if let Some(on) = removed {
                m.status = RosterStatus::Removed {
                    on,
                    reason: RemovalReason::Inactive,
                    note: String::new(),
                };
            }
            people.push(p);
        };
        let recent = noon_utc(2026, 3, 10);
        add(1, Some(d(2023, 1, 1)), None, recent); // A: joined on the first day
        add(2, Some(d(2023, 12, 31)), None, recent); // B: on the last day
        add(3, Some(d(2024, 1, 1)), None, recent); // C: the day after
        add(4, Some(d(2022, 12, 31)), None, recent); // D: the day before
        let long_ago = Some(d(2015, 1, 1));
        add(5, long_ago, Some(d(2023, 1, 1)), recent); // E: struck off on the first day
        add(6, long_ago, Some(d(2023, 12, 31)), recent); // F: on the last day
        add(7, long_ago, Some(d(2024, 1, 1)), recent); // G: the day after
        add(8, long_ago, Some(d(2022, 12, 31)), recent); // H: the day before
        add(9, None, None, noon_utc(2023, 6, 15)); // I: no date, saved mid-2023
        add(10, None, None, recent); // J: no date, saved in 2026
        add(11, None, Some(d(2023, 5, 1)), recent); // K: no date, struck off 2023

        let f = people_figures(&t, UnitId(1), &people, &[], year_2023(), 6);
        assert_eq!(f.on_roll_start, 4, "D, E, F, G");
        assert_eq!(f.on_roll_end, 5, "A, B, D, G, I");
        assert_eq!(f.joined, 4, "A, B, I, K");
        assert_eq!(f.struck_off, 3, "E, F, K");
        assert_eq!(f.on_roll_start + f.joined - f.struck_off, f.on_roll_end);
        // J, saved in 2026 without a date, is not on 2023's roll nor under-active.
        assert!(f.under_active.iter().all(|u| u.person != PersonId(10)));
    }

    #[test]
    fn under_active_queue_and_average_age() {
        let t = tree();
        let mut people = vec![
            elder(1, 3, Category::Cadre, Source::Other),
            elder(2, 3, Category::Cadre, Source::Other),
            elder(3, 3, Category::Teacher, Source::Other),
            elder(4, 3, Category::Teacher, Source::Other),
        ];
        let talk = |date| Talk {
            date,
            by: "王主任".into(),
            summary: String::new(),
            outcome: TalkOutcome::Keep,
        };
        // 1: talked in October: not under-active by the end of 2023.
        membership(&mut people[0]).talks.push(talk(d(2023, 10, 1)));
        // 2: last talk in March, more than 6 months before 31 Dec.
        membership(&mut people[1]).talks.push(talk(d(2023, 3, 1)));
        // 3: no talk but joined in September: too new to be called quiet.
        membership(&mut people[2]).joined = Some(d(2023, 9, 1));
        // 4: no talk at all, joined long ago.
        people[3].birth = Some(d(1950, 12, 31));
        let f = people_figures(&t, UnitId(1), &people, &[], year_2023(), 6);
        let queue: Vec<(u64, Option<Day>)> = f
            .under_active
            .iter()
            .map(|u| (u.person.0, u.last_talk))
            .collect();
        assert_eq!(queue, vec![(4, None), (2, Some(d(2023, 3, 1)))]);
        // Born 1955-06-01: 68 on 2023-12-31. Born 1950-12-31: 73.
        assert_eq!(
            f.average_age_by_category.get("cadre"),
            Some(&AgeStat {
                count: 2,
                average: 68.0
            })
        );
        assert_eq!(
            f.average_age_by_category.get("teacher"),
            Some(&AgeStat {
                count: 2,
                average: 70.5
            })
        );
    }

    /// A capped queue keeps its first entries in the queue's order whatever
    /// order the people come in, and counts everyone; the rolls likewise.
    #[test]
    fn a_capped_queue_keeps_its_first_entries_and_counts_all() {
        let t = tree();
        let talk = |date| Talk {
            date,
            by: "王主任".into(),
            summary: String::new(),
            outcome: TalkOutcome::Keep,
        };
        // Ten elders, all quiet; 1, 4 and 7 were talked to in March 2023
        // (last in the queue's order), the others never (first, by id).
        let mut people: Vec<Person> = (1..=10)
            .map(|i| elder(i, 3, Category::Cadre, Source::Other))
            .collect();
        for i in [0, 3, 6] {
            membership(&mut people[i]).talks.push(talk(d(2023, 3, 1)));
        }
        // 9 and 10 joined in 2023.
        for i in [8, 9] {
            membership(&mut people[i]).joined = Some(d(2023, 2, 1));
        }
        people.reverse();
        let figures = |under_active, rolls| {
            let mut tally = Tally::new(&t, UnitId(1), year_2023(), 1).listing(under_active, rolls);
            for p in &people {
                tally.add(&PersonView::of(p), &Moves::default(), &NoActivities);
            }
            tally.finish(&[])
        };
        let ids = |f: &PeopleFigures| {
            f.under_active
                .iter()
                .map(|u| u.person.0)
                .collect::<Vec<_>>()
        };
        let whole = figures(None, None);
        assert_eq!(ids(&whole), vec![2, 3, 5, 6, 8, 9, 10, 1, 4, 7]);
        assert_eq!(whole.under_active_count, 10);
        let cut = figures(Some(3), Some(1));
        assert_eq!(ids(&cut), vec![2, 3, 5]);
        // Read in id order, the queue is full after its first entries and
        // the rest are only counted; read backwards, each trim lets later
        // (smaller) ids in. Either way the same first entries.
        for cap in [1, 2, 4, 7] {
            let mut forwards = people.clone();
            forwards.reverse();
            let mut tally = Tally::new(&t, UnitId(1), year_2023(), 1).listing(Some(cap), None);
            for p in &forwards {
                tally.add(&PersonView::of(p), &Moves::default(), &NoActivities);
            }
            let f = tally.finish(&[]);
            assert_eq!(ids(&f), ids(&whole)[..cap].to_vec(), "cap {cap}");
            assert_eq!(ids(&figures(Some(cap), None)), ids(&whole)[..cap].to_vec());
            assert_eq!(f.under_active_count, 10);
        }
        assert_eq!(cut.under_active_count, 10);
        assert_eq!(cut.joined, 2);
        assert_eq!(cut.joined_people.len(), 1);
        assert_eq!(cut.joined_people[0].person, PersonId(9));
        let none = figures(Some(0), Some(0));
        assert!(none.under_active.is_empty() && none.joined_people.is_empty());
        assert_eq!((none.under_active_count, none.joined), (10, 2));
    }

    /// Only a talk or an activity in the last N months takes an elder off
    /// the queue: an honour or a re-registration in that time does not.
    #[test]
    fn honours_and_reregistration_are_not_activity() {
        struct Took(PersonId, Day);
        impl Engagement for Took {
            fn last_on_or_before(&self, person: PersonId, day: Day) -> Option<Day> {
                (person == self.0 && self.1 <= day).then_some(self.1)
            }
        }
        let t = tree();
        let mut people = vec![
            elder(1, 3, Category::Cadre, Source::Other),
            elder(2, 3, Category::Cadre, Source::Other),
            elder(3, 3, Category::Cadre, Source::Other),
        ];
        membership(&mut people[0]).honours.push(Honour {
            title: "先进典型".into(),
            level: HonourLevel::District,
            date: d(2023, 11, 1),
        });
        membership(&mut people[1]).reregistered = Some(d(2023, 12, 1));
        // 3 took part in an activity in November; an activity after the
        // period's end does not count for it.
        let queue = |activity: Day| {
            people_figures_with(
                &t,
                UnitId(1),
                &people,
                &[],
                year_2023(),
                6,
                &Moves::default(),
                &Took(PersonId(3), activity),
            )
            .under_active
            .iter()
            .map(|u| (u.person.0, u.last_activity))
            .collect::<Vec<_>>()
        };
        assert_eq!(queue(d(2023, 11, 20)), vec![(1, None), (2, None)]);
        assert_eq!(queue(d(2024, 1, 5)), vec![(1, None), (2, None), (3, None)]);
        // An activity longer ago than N months is shown but does not help.
        assert_eq!(
            queue(d(2023, 2, 1)),
            vec![(1, None), (2, None), (3, Some(d(2023, 2, 1)))]
        );
    }

    /// A cadre registered with the village moves to the education bureau on
    /// 1 July 2023, after joining in 2015 and being honoured in May.
    #[test]
    fn a_person_counts_where_they_were_on_each_day() {
        let t = tree();
        let mut p = elder(1, 4, Category::Cadre, Source::Other);
        membership(&mut p).honours.push(Honour {
            title: "先进典型".into(),
            level: HonourLevel::District,
            date: d(2023, 5, 4),
        });
        let mut moves = Moves::default();
        moves.push(
            PersonId(1),
            crate::domain::people_history::UnitMove {
                on: d(2023, 7, 1),
                from: UnitId(3),
                to: UnitId(4),
            },
        );
        let people = [p];
        let of = |root: u64, moves: &Moves| {
            let f = people_figures_with(
                &t,
                UnitId(root),
                &people,
                &[],
                year_2023(),
                6,
                moves,
                &NoActivities,
            );
            (
                f.on_roll_start,
                f.on_roll_end,
                f.honoured,
                f.under_active.len(),
            )
        };
        // The township (holding the village) had them at the start and
        // when honoured; the bureau at the end, when the queue is drawn.
        assert_eq!(of(2, &moves), (1, 0, 1, 0));
        assert_eq!(of(4, &moves), (0, 1, 0, 1));
        assert_eq!(of(1, &moves), (1, 1, 1, 1));
        // Without the move, everything is the bureau's.
        assert_eq!(of(2, &Moves::default()), (0, 0, 0, 0));
        assert_eq!(of(4, &Moves::default()), (1, 1, 1, 1));
    }

    #[test]
    fn keys_are_snake_case() {
        let t = tree();
        let mut p = elder(1, 3, Category::Model, Source::HumanResources);
        membership(&mut p).status = RosterStatus::Removed {
            on: d(2023, 3, 1),
            reason: RemovalReason::OwnRequest,
            note: String::new(),
        };
        let f = people_figures(&t, UnitId(1), &[p], &[], year_2023(), 6);
        assert_eq!(
            f.struck_off_by_reason.keys().collect::<Vec<_>>(),
            ["own_request"]
        );
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["struck_off_by_reason"]["own_request"], 1);
        for key in json.as_object().unwrap().keys() {
            assert!(
                key.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{key}"
            );
        }
    }

    #[test]
    fn percent_rounds_half_up() {
        assert_eq!(percent(4, 6), 67);
        assert_eq!(percent(1, 2), 50);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(0, 0), 0);
    }

    /// A district, a township with a village and an archived village
    /// holding a group, and `more`.
    fn with_archived(more: impl IntoIterator<Item = OrgUnit>) -> UnitTree {
        let mut archived = unit(5, Some(2), "已撤并村", UnitKind::Village);
        archived.archived = Some(1);
        let mut units = vec![
            unit(1, None, "爱辉区", UnitKind::District),
            unit(2, Some(1), "四嘉子乡", UnitKind::Township),
            unit(3, Some(2), "小乌斯力村", UnitKind::Village),
            archived,
            unit(6, Some(5), "一组", UnitKind::Other),
        ];
        units.extend(more);
        UnitTree::new(units)
    }

    /// Worked out down the tree, each path is the one the tree writes:
    /// below an archived unit, for a unit whose parent is not in the tree,
    /// and (asked of the tree) for units in a cycle of damaged data.
    #[test]
    fn the_paths_worked_out_once_are_the_trees() {
        let t = with_archived([
            unit(8, Some(99), "外区单位", UnitKind::Other),
            unit(10, Some(11), "甲", UnitKind::Other),
            unit(11, Some(10), "乙", UnitKind::Other),
        ]);
        let paths = Paths::of(&t);
        let mut kept = PathsKept::Shared(&paths);
        for id in [1, 2, 3, 5, 6, 8, 10, 11] {
            assert_eq!(kept.get(&t, UnitId(id)), t.path(UnitId(id)), "#{id}");
        }
        assert_eq!(kept.get(&t, UnitId(6)), "爱辉区/四嘉子乡/已撤并村/一组");
        assert_eq!(kept.get(&t, UnitId(8)), "外区单位");
        assert!(!paths.0.contains_key(&UnitId(10)));
    }

    /// A subtree read from the root down is what walking the whole tree
    /// and keeping what lies within gives, in the same order, with and
    /// without the archived (and what lies below them).
    #[test]
    fn a_subtree_is_the_walk_of_the_tree_kept_within() {
        let t = with_archived([
            unit(4, Some(1), "教体局", UnitKind::EducationBureau),
            unit(7, Some(2), "大乌斯力村", UnitKind::Village),
        ]);
        for root in 1..=7 {
            for with_archived in [true, false] {
                let walked: Vec<u64> = t
                    .walk(with_archived)
                    .into_iter()
                    .filter(|(_, u)| t.is_within(u.id, UnitId(root)))
                    .map(|(_, u)| u.id.0)
                    .collect();
                let read: Vec<u64> = subtree(&t, UnitId(root), with_archived)
                    .iter()
                    .map(|u| u.id.0)
                    .collect();
                assert_eq!(read, walked, "below #{root}, archived {with_archived}");
            }
        }
        let ids = |r, a| -> Vec<u64> { subtree(&t, UnitId(r), a).iter().map(|u| u.id.0).collect() };
        assert_eq!(ids(2, false), vec![2, 3, 7]);
        assert_eq!(ids(5, false), Vec::<u64>::new());
        assert_eq!(ids(2, true).len(), 5);
    }
}
