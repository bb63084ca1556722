//! The unit hierarchy of a synthetic database.
//!
//! The kind table has a single level under the root, so larger scales widen
//! the tree rather than deepen it: a province-scale database has about a
//! thousand townships, streets and bureaus under its root. That is the shape
//! that stresses the tree view and path lookups most.

use std::collections::HashSet;

use super::names::{self, GROUPS};
use super::rng::Rng;
use super::{Generator, Scale, unexpected};
use crate::api::units::CreateUnit;
use crate::api::{Request, Response};
use crate::domain::{UnitId, UnitKind};
use crate::error::{Error, Result};

/// One unit to create. `parent` indexes earlier entries of the plan; `None`
/// is the database's root unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSpec {
    pub parent: Option<usize>,
    pub kind: UnitKind,
    pub name: String,
    pub short_name: Option<String>,
}

/// Names already used under each parent: the service refuses duplicates.
#[derive(Default)]
struct Taken(HashSet<(Option<usize>, String)>);

impl Taken {
    /// A fresh name under `parent` from `make`, numbered if the syllables
    /// keep colliding.
    fn fresh(
        &mut self,
        parent: Option<usize>,
        rng: &mut Rng,
        make: impl Fn(&mut Rng) -> (String, &'static str),
    ) -> (String, String) {
        for attempt in 0.. {
            let (stem, suffix) = make(rng);
            let stem = if attempt < 20 {
                stem
            } else {
                format!("{stem}{}", names::ordinal(attempt - 18))
            };
            let name = format!("{stem}{suffix}");
            if self.0.insert((parent, name.clone())) {
                return (name, stem);
            }
        }
        unreachable!("the loop above returns")
    }
}

fn pick_suffix(rng: &mut Rng, options: &[(&'static str, u32)]) -> &'static str {
    let weights: Vec<u32> = options.iter().map(|(_, w)| *w).collect();
    options[rng.weighted(&weights)].0
}

/// The units below the root, parents before children, `scale.units() - 1`
/// of them.
pub fn plan(scale: Scale, rng: &mut Rng) -> Vec<UnitSpec> {
    let total = scale.units().saturating_sub(1);
    let level2 = (total / 20).max(4);
    let bureaus = (total / 400).max(1);
    let bases = (total / 200).max(1);
    let streets = (level2 - bureaus - bases) * 3 / 10;
    let townships = level2 - bureaus - bases - streets;
    let rest = total - level2;
    let groups = rest * 3 / 100;
    let grassroots = rest - groups;

    let mut taken = Taken::default();
    let mut out: Vec<UnitSpec> = Vec::with_capacity(total);
    let push = |out: &mut Vec<UnitSpec>, parent, kind, (name, _stem): (String, String)| {
        out.push(UnitSpec {
            parent,
            kind,
            name,
            short_name: None,
        });
    };

    for _ in 0..townships {
        let n = taken.fresh(None, rng, |r| {
            (names::place(r), pick_suffix(r, &[("乡", 3), ("镇", 2)]))
        });
        push(&mut out, None, UnitKind::Township, n);
    }
    for _ in 0..streets {
        let n = taken.fresh(None, rng, |r| (names::place(r), "街道"));
        push(&mut out, None, UnitKind::Subdistrict, n);
    }
    for _ in 0..bureaus {
        let n = if bureaus == 1 && taken.0.insert((None, "教体局".into())) {
            ("教体局".to_string(), String::new())
        } else {
            taken.fresh(None, rng, |r| (names::place(r), "教体局"))
        };
        push(&mut out, None, UnitKind::EducationBureau, n);
    }
    for _ in 0..bases {
        let n = taken.fresh(None, rng, |r| {
            let suffix = pick_suffix(
                r,
                &[("研学基地", 2), ("青少年活动中心", 1), ("关工委报告团", 1)],
            );
            (names::place(r), suffix)
        });
        push(&mut out, None, UnitKind::Other, n);
    }

    let first_bureau = townships + streets;
    for _ in 0..grassroots {
        let parent = if rng.chance(10) {
            first_bureau + rng.below(bureaus)
        } else {
            rng.below(townships + streets)
        };
        let parent_kind = out[parent].kind;
        let kind = match parent_kind {
            UnitKind::Township => [UnitKind::Village, UnitKind::School, UnitKind::Community]
                [rng.weighted(&[80, 12, 8])],
            UnitKind::Subdistrict => {
                [UnitKind::Community, UnitKind::School][rng.weighted(&[85, 15])]
            }
            _ => UnitKind::School,
        };
        let p = Some(parent);
        let (name, stem) = match kind {
            UnitKind::Village => taken.fresh(p, rng, |r| {
                (names::place(r), pick_suffix(r, &[("村", 6), ("屯", 1)]))
            }),
            UnitKind::Community => taken.fresh(p, rng, |r| (names::place(r), "社区")),
            _ => taken.fresh(p, rng, |r| {
                (
                    names::place(r),
                    pick_suffix(r, &[("小学", 4), ("中学", 2), ("学校", 2)]),
                )
            }),
        };
        let short_name =
            (kind == UnitKind::School && name.ends_with("小学")).then(|| format!("{stem}小"));
        out.push(UnitSpec {
            parent: p,
            kind,
            name,
            short_name,
        });
    }

    let first_grassroots = level2;
    let mut placed = 0;
    while placed < groups {
        let parent = first_grassroots + rng.below(grassroots);
        let name = rng.pick(GROUPS).to_string();
        if taken.0.insert((Some(parent), name.clone())) {
            out.push(UnitSpec {
                parent: Some(parent),
                kind: UnitKind::Other,
                name,
                short_name: None,
            });
            placed += 1;
        }
    }
    out
}

/// Creates the plan's units, each request validated and audited as an
/// operator's, committed a few hundred together: a run of units whose
/// parents all exist goes in one batch, so every parent's id is known when
/// its children's requests are made.
pub fn generate(g: &mut Generator<'_>) -> Result<u64> {
    let mut rng = g.rng("units");
    let specs = plan(g.scale, &mut rng);
    let root = g.root;
    let mut ids: Vec<UnitId> = Vec::with_capacity(specs.len());
    let mut rest = specs.into_iter().peekable();
    while rest.peek().is_some() {
        let created = ids.len();
        let mut batch = Vec::new();
        while let Some(spec) = rest.next_if(|s| s.parent.is_none_or(|p| p < created)) {
            let parent = spec.parent.map_or(root, |i| ids[i]);
            batch.push(Request::from(CreateUnit {
                parent,
                kind: spec.kind,
                name: spec.name,
                short_name: spec.short_name,
            }));
        }
        if batch.is_empty() {
            return Err(Error::Storage {
                detail: "unit plan names a parent after its child".into(),
            });
        }
        for answer in g.write_all("units", batch)? {
            let Response::Unit(unit) = answer else {
                return Err(unexpected(&answer));
            };
            ids.push(unit.id);
            g.units.push(unit);
        }
    }
    Ok(ids.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::check_name;

    #[test]
    fn plan_fits_the_hierarchy_rules() {
        for scale in [Scale::District, Scale::City] {
            let specs = plan(scale, &mut Rng::new(42));
            assert_eq!(specs.len() + 1, scale.units());
            let mut seen = HashSet::new();
            for (i, s) in specs.iter().enumerate() {
                let parent_kind = match s.parent {
                    None => UnitKind::District,
                    Some(p) => {
                        assert!(p < i, "parent {p} after child {i}");
                        specs[p].kind
                    }
                };
                assert!(s.kind.allowed_under(Some(parent_kind)), "{s:?}");
                assert_eq!(check_name(&s.name).as_ref(), Ok(&s.name));
                assert!(seen.insert((s.parent, s.name.clone())), "duplicate {s:?}");
            }
        }
    }

    #[test]
    fn plan_is_reproducible_and_seeded() {
        let a = plan(Scale::District, &mut Rng::new(1));
        assert_eq!(a, plan(Scale::District, &mut Rng::new(1)));
        assert_ne!(a, plan(Scale::District, &mut Rng::new(2)));
        let kinds = |k| a.iter().filter(|s| s.kind == k).count();
        assert!(kinds(UnitKind::Village) > 150);
        assert!(kinds(UnitKind::School) > 20);
        assert!(kinds(UnitKind::Community) > 20);
        assert_eq!(kinds(UnitKind::EducationBureau), 1);
    }
}
