//! A unit as a person names it, on the command line, in a form or in an
//! import file: one rule everywhere, so what works in one place works in all.

use crate::domain::tree::UnitTree;
use crate::domain::{OrgUnit, UnitId};
use crate::error::{Error, Field, Result};

/// The unit `given` names: an id (`17`), a full path (`爱辉区/四嘉子乡`), the
/// end of a path (`四嘉子乡/小乌斯力村`), or a name or short name only one
/// live unit has (`四嘉子乡`). A name several units share is refused with
/// their paths, so the person can pick one.
pub fn resolve_unit<'t>(tree: &'t UnitTree, given: &str) -> Result<&'t OrgUnit> {
    resolve_unit_among(tree, given, |_| true)
}

/// As [`resolve_unit`], for someone who may see only the units `visible`
/// accepts: a name shared with units outside their view still picks out
/// theirs, and a refusal lists only paths they may see.
pub fn resolve_unit_among<'t>(
    tree: &'t UnitTree,
    given: &str,
    visible: impl Fn(&OrgUnit) -> bool,
) -> Result<&'t OrgUnit> {
    let trimmed = given.trim();
    if trimmed.is_empty() {
        return Err(Error::InvalidField {
            field: Field::Unit,
            zh: "所属单位为空".into(),
            en: "the unit is empty".into(),
        });
    }
    if let Some(u) = tree.resolve(trimmed) {
        return Ok(u);
    }
    let steps: Vec<&str> = trimmed
        .split('/')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut found: Vec<&OrgUnit> = tree
        .all()
        .filter(|u| u.is_live() && path_ends_with(tree, u.id, &steps))
        .collect();
    if found.len() > 1 {
        found.retain(|u| visible(u));
    }
    match found.as_slice() {
        [] => Err(Error::UnitNotFound {
            given: trimmed.to_string(),
        }),
        [one] => Ok(one),
        several => {
            let mut paths: Vec<String> = several.iter().map(|u| tree.path(u.id)).collect();
            paths.sort();
            Err(Error::UnitAmbiguous {
                given: trimmed.to_string(),
                paths,
            })
        }
    }
}

/// Whether the last units of `id`'s path are `steps`, each by name or
/// short name.
fn path_ends_with(tree: &UnitTree, id: UnitId, steps: &[&str]) -> bool {
    let Some(last) = steps.last() else {
        return false;
    };
    let Some(unit) = tree.get(id) else {
        return false;
    };
    if !answers_to(unit, last) {
        return false;
    }
    let lineage = tree.lineage(id);
    lineage.len() >= steps.len()
        && lineage
            .iter()
            .rev()
            .zip(steps.iter().rev())
            .all(|(u, step)| answers_to(u, step))
}

fn answers_to(unit: &OrgUnit, step: &str) -> bool {
    unit.name == step || unit.short_name.as_deref() == Some(step)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitKind;

    fn unit(id: u64, parent: Option<u64>, name: &str, short: Option<&str>) -> OrgUnit {
        let mut u = OrgUnit::fixture(id, parent, name, UnitKind::Village);
        u.short_name = short.map(str::to_string);
        u
    }

    /// 爱辉区 with two townships that each have a 第一村, and one 四嘉子乡.
    fn tree() -> UnitTree {
        UnitTree::new([
            unit(1, None, "爱辉区", None),
            unit(2, Some(1), "四嘉子乡", Some("四嘉子")),
            unit(3, Some(1), "西岗子镇", None),
            unit(4, Some(2), "第一村", None),
            unit(5, Some(3), "第一村", None),
            unit(6, Some(2), "小乌斯力村", None),
        ])
    }

    #[test]
    fn ids_paths_and_unique_names_name_the_same_unit() {
        let t = tree();
        for given in [
            "2",
            "爱辉区/四嘉子乡",
            " 四嘉子乡 ",
            "四嘉子",
            "爱辉区/四嘉子",
        ] {
            assert_eq!(
                resolve_unit(&t, given).map(|u| u.id),
                Ok(UnitId(2)),
                "{given}"
            );
        }
        assert_eq!(
            resolve_unit(&t, "四嘉子乡/第一村").map(|u| u.id),
            Ok(UnitId(4))
        );
        assert_eq!(resolve_unit(&t, "小乌斯力村").map(|u| u.id), Ok(UnitId(6)));
    }

    #[test]
    fn a_shared_name_is_refused_with_every_path() {
        let err = resolve_unit(&tree(), "第一村").unwrap_err();
        assert_eq!(
            err,
            Error::UnitAmbiguous {
                given: "第一村".into(),
                paths: vec![
                    "爱辉区/四嘉子乡/第一村".into(),
                    "爱辉区/西岗子镇/第一村".into()
                ],
            }
        );
    }

    #[test]
    fn a_shared_name_picks_the_only_one_in_view() {
        let t = tree();
        let mine = resolve_unit_among(&t, "第一村", |u| t.is_within(u.id, UnitId(3)));
        assert_eq!(mine.map(|u| u.id), Ok(UnitId(5)));
    }

    #[test]
    fn a_wrong_path_or_unknown_name_is_not_found() {
        let t = tree();
        for given in ["西岗子镇/小乌斯力村", "新村", "别区/四嘉子乡"] {
            assert!(
                matches!(resolve_unit(&t, given), Err(Error::UnitNotFound { .. })),
                "{given}"
            );
        }
    }

    #[test]
    fn archived_units_are_not_found_by_name() {
        let mut t = tree();
        let mut gone = unit(7, Some(3), "旧村", None);
        gone.archived = Some(1);
        t.insert(gone);
        assert!(matches!(
            resolve_unit(&t, "旧村"),
            Err(Error::UnitNotFound { .. })
        ));
    }
}
