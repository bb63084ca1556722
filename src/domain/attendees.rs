//! Who an attendee rule names on a given day, read from the leadership teams' terms.
//!
//! The rule is resolved per meeting date rather than once when the series is written, so that
//! a deputy appointed in March is expected from March's meeting on and one whose term ended is
//! no longer expected, without anyone editing the series.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::day::Day;
use super::meeting::{Attendee, AttendeeResolver, AttendeeRule, LeaderRole, UnitScope};
use super::person::{Person, PersonId, Position, PositionId, Role};
use super::tree::UnitTree;
use super::{OrgUnit, UnitId};

impl LeaderRole {
    /// The post of the people module this rule role stands for.
    pub fn role(self) -> Role {
        match self {
            LeaderRole::Director => Role::Director,
            LeaderRole::ExecutiveDeputy => Role::ExecutiveDeputy,
            LeaderRole::Deputy => Role::Deputy,
            LeaderRole::Member => Role::Member,
        }
    }
}

/// The teams as recorded: the unit tree, the people and their terms.
pub struct Teams<'a> {
    pub tree: &'a UnitTree,
    pub people: &'a dyn PersonNames,
    pub positions: &'a dyn PositionList,
}

/// Every recorded term, whatever holds them.
pub trait PositionList {
    fn all_positions(&self) -> Box<dyn Iterator<Item = &Position> + '_>;
}

impl PositionList for HashMap<PositionId, Position> {
    fn all_positions(&self) -> Box<dyn Iterator<Item = &Position> + '_> {
        Box::new(self.values())
    }
}

/// Who a person is, by id: a team names only a few people, so whoever
/// resolves attendees need not hold every person.
pub trait PersonNames {
    fn name_of(&self, id: PersonId) -> Option<String>;
}

impl PersonNames for HashMap<PersonId, Person> {
    fn name_of(&self, id: PersonId) -> Option<String> {
        self.get(&id).map(|p| p.name.clone())
    }
}

impl Teams<'_> {
    /// The units a scope covers, in the tree's order.
    fn units(&self, scope: &UnitScope) -> Vec<UnitId> {
        match scope {
            UnitScope::Unit(u) => self.tree.get(*u).map(|u| u.id).into_iter().collect(),
            UnitScope::ChildrenOf { parent, kinds } => self
                .tree
                .live_children(*parent)
                .filter(|u| kinds.contains(&u.kind))
                .map(|u: &OrgUnit| u.id)
                .collect(),
        }
    }
}

impl AttendeeResolver for Teams<'_> {
    /// Unit by unit, each team in the order of its posts (director first), then by the day
    /// each term began.
    fn resolve(&self, rule: &AttendeeRule, on: NaiveDate) -> Vec<Attendee> {
        let day = Day::from_date(on);
        let roles: Vec<Role> = rule.roles.iter().map(|r| r.role()).collect();
        let mut out = Vec::new();
        for unit in self.units(&rule.scope) {
            let mut serving: Vec<&Position> = self
                .positions
                .all_positions()
                .filter(|p| p.unit == unit && roles.contains(&p.role) && p.serving_on(day))
                .collect();
            serving.sort_by_key(|p| (p.role, p.from, p.id));
            out.extend(serving.into_iter().filter_map(|p| {
                Some(Attendee {
                    person: Some(p.person.0),
                    name: self.people.name_of(p.person)?,
                    unit: Some(unit),
                })
            }));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitKind;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn unit(id: u64, name: &str, kind: UnitKind, parent: Option<u64>) -> OrgUnit {
        OrgUnit::fixture(id, parent, name, kind)
    }

    fn person(id: u64, name: &str, unit: u64) -> Person {
        Person {
            changed_by: "t".into(),
            ..Person::fixture(id, name, unit)
        }
    }

    fn term(
        id: u64,
        unit: u64,
        who: u64,
        role: Role,
        from: NaiveDate,
        to: Option<NaiveDate>,
    ) -> Position {
        Position {
            id: PositionId(id),
            unit: UnitId(unit),
            person: PersonId(who),
            role,
            from: Day::from_date(from),
            to: to.map(Day::from_date),
            doc: String::new(),
            area: String::new(),
            created: 0,
            changed_at: 0,
            changed_by: "t".into(),
            rev: 1,
        }
    }

    /// 爱辉区 (1) with 四嘉子乡 (2), 花园街道 (3), 教体局 (4), a school under the bureau (5),
    /// and a study base (6) directly under the district.
    struct World {
        tree: UnitTree,
        people: HashMap<PersonId, Person>,
        positions: HashMap<PositionId, Position>,
    }

    fn world() -> World {
        let mut archived = unit(7, "旧乡", UnitKind::Township, Some(1));
        archived.archived = Some(1);
        let tree = UnitTree::new([
            unit(1, "爱辉区", UnitKind::District, None),
            unit(2, "四嘉子乡", UnitKind::Township, Some(1)),
            unit(3, "花园街道", UnitKind::Subdistrict, Some(1)),
            unit(4, "教体局", UnitKind::EducationBureau, Some(1)),
            unit(5, "一小", UnitKind::School, Some(4)),
            unit(6, "研学基地", UnitKind::Other, Some(1)),
            archived,
        ]);
        let people = [
            person(10, "刘主任", 1),
            person(11, "陈常务", 1),
            person(12, "张副主任", 1),
            person(13, "李副主任", 1),
            person(14, "孙副主任", 1),
            person(15, "周成员", 1),
            person(20, "王乡主任", 2),
            person(21, "赵乡主任", 2),
            person(30, "吴街道主任", 3),
            person(40, "郑局主任", 4),
            person(50, "冯校主任", 5),
            person(60, "何基地主任", 6),
            person(70, "旧乡主任", 7),
        ]
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
        let change = d(2025, 3, 1);
        let positions = [
            term(1, 1, 10, Role::Director, d(2018, 3, 1), None),
            term(2, 1, 11, Role::ExecutiveDeputy, d(2018, 3, 1), None),
            // 张 served until the change; 孙 was appointed at it; 李 throughout.
            term(3, 1, 12, Role::Deputy, d(2018, 3, 1), Some(change)),
            term(4, 1, 13, Role::Deputy, d(2020, 1, 1), None),
            term(5, 1, 14, Role::Deputy, change, None),
            term(6, 1, 15, Role::Member, d(2018, 3, 1), None),
            // The township's director changed on 1 April 2025.
            term(7, 2, 20, Role::Director, d(2019, 1, 1), Some(d(2025, 4, 1))),
            term(8, 2, 21, Role::Director, d(2025, 4, 1), None),
            term(9, 3, 30, Role::Director, d(2019, 1, 1), None),
            term(10, 4, 40, Role::Director, d(2019, 1, 1), None),
            term(11, 5, 50, Role::Director, d(2019, 1, 1), None),
            term(12, 6, 60, Role::Director, d(2019, 1, 1), None),
            term(13, 7, 70, Role::Director, d(2019, 1, 1), None),
        ]
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
        World {
            tree,
            people,
            positions,
        }
    }

    fn names(w: &World, rule: &AttendeeRule, on: NaiveDate) -> Vec<String> {
        let teams = Teams {
            tree: &w.tree,
            people: &w.people,
            positions: &w.positions,
        };
        teams
            .resolve(rule, on)
            .into_iter()
            .map(|a| a.name)
            .collect()
    }

    fn leadership() -> AttendeeRule {
        AttendeeRule {
            roles: vec![
                LeaderRole::Deputy,
                LeaderRole::Director,
                LeaderRole::ExecutiveDeputy,
            ],
            scope: UnitScope::Unit(UnitId(1)),
        }
    }

    fn unit_directors() -> AttendeeRule {
        AttendeeRule {
            roles: vec![LeaderRole::Director],
            scope: UnitScope::ChildrenOf {
                parent: UnitId(1),
                kinds: vec![
                    UnitKind::Township,
                    UnitKind::Subdistrict,
                    UnitKind::EducationBureau,
                ],
            },
        }
    }

    #[test]
    fn the_district_team_before_and_after_a_change_of_deputies() {
        let w = world();
        // 3 Feb 2025: 张 still serves, 孙 not yet appointed. Director first, whatever the
        // order the rule lists the roles in; the member is not asked for.
        assert_eq!(
            names(&w, &leadership(), d(2025, 2, 3)),
            ["刘主任", "陈常务", "张副主任", "李副主任"]
        );
        // 3 Mar 2025: 张's term ended on 1 March (the end date is no longer served), 孙 began.
        assert_eq!(
            names(&w, &leadership(), d(2025, 3, 3)),
            ["刘主任", "陈常务", "李副主任", "孙副主任"]
        );
        // The day before the change 张 is still there.
        assert!(names(&w, &leadership(), d(2025, 2, 28)).contains(&"张副主任".to_string()));
    }

    #[test]
    fn directors_of_the_townships_streets_and_bureau_only() {
        let w = world();
        // Not the school (a grandchild), the study base (another kind) or the archived township.
        assert_eq!(
            names(&w, &unit_directors(), d(2025, 3, 11)),
            ["王乡主任", "吴街道主任", "郑局主任"]
        );
        assert_eq!(
            names(&w, &unit_directors(), d(2025, 6, 10)),
            ["赵乡主任", "吴街道主任", "郑局主任"]
        );
    }

    #[test]
    fn resolved_attendees_carry_person_and_unit_and_nobody_before_any_term() {
        let w = world();
        let teams = Teams {
            tree: &w.tree,
            people: &w.people,
            positions: &w.positions,
        };
        let got = teams.resolve(&unit_directors(), d(2025, 6, 10));
        assert_eq!(got[0].person, Some(21));
        assert_eq!(got[0].unit, Some(UnitId(2)));
        assert!(teams.resolve(&leadership(), d(2017, 1, 2)).is_empty());
        let gone = AttendeeRule {
            roles: vec![LeaderRole::Director],
            scope: UnitScope::Unit(UnitId(99)),
        };
        assert!(teams.resolve(&gone, d(2025, 6, 10)).is_empty());
    }
}
