//! The unit rules, revisions and audit trail, through the service itself.

use crate::kit;

use ggw::api::admin::History;
use ggw::api::units::{
    ArchiveUnit, Children, CreateUnit, GetUnit, ListUnits, MoveUnit, RenameUnit, ResolveUnit,
};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::audit::AuditAction;
use ggw::domain::{OrgUnit, UnitKind};
use ggw::error::Error;
use ggw::lang::Lang;
use ggw::service::{Actor, Request, Service};
use ggw::store::OpenOptions;

fn fresh() -> (kit::TempDb, LocalBackend) {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "zhang");
    (t, b)
}

fn root(b: &LocalBackend) -> OrgUnit {
    b.run(ResolveUnit {
        given: "爱辉区".into(),
    })
    .unwrap()
}

#[test]
fn names_are_checked() {
    let (_t, b) = fresh();
    let r = root(&b);
    assert_eq!(
        b.run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "  ".into(),
            short_name: None
        })
        .unwrap_err(),
        Error::NameEmpty
    );
    assert_eq!(
        b.run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "乡".repeat(21).to_string(),
            short_name: None
        })
        .unwrap_err(),
        Error::NameTooWide { width: 42, max: 40 }
    );
    assert_eq!(
        b.run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "四嘉\u{1b}[2J子乡".into(),
            short_name: None
        })
        .unwrap_err(),
        Error::NameForbiddenChar {
            position: 3,
            code: 0x1b,
            kind: ggw::domain::text::CharKind::Control
        }
    );
    let t = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: " 四嘉子乡 ".into(),
            short_name: None,
        })
        .unwrap();
    assert_eq!(t.name, "四嘉子乡", "surrounding spaces are trimmed");
    let dup = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap_err();
    assert!(matches!(dup, Error::NameTaken { .. }));
    assert_eq!(
        dup.message(Lang::Zh),
        "“爱辉区”下已有名为“四嘉子乡”的单位，请换一个名称。"
    );
    // The same name under another parent is fine.
    let s = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Subdistrict,
            name: "花园街道".into(),
            short_name: None,
        })
        .unwrap();
    b.run(CreateUnit {
        parent: s.id,
        kind: UnitKind::Community,
        name: "四嘉子乡".into(),
        short_name: None,
    })
    .unwrap();
}

#[test]
fn archived_names_can_be_reused() {
    let (_t, b) = fresh();
    let r = root(&b);
    let t = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "新生乡".into(),
            short_name: None,
        })
        .unwrap();
    b.run(ArchiveUnit {
        id: t.id,
        rev: t.rev,
    })
    .unwrap();
    let again = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "新生乡".into(),
            short_name: None,
        })
        .unwrap();
    assert_ne!(again.id, t.id);
    assert_eq!(
        b.run(ResolveUnit {
            given: "爱辉区/新生乡".into()
        })
        .unwrap()
        .id,
        again.id
    );
}

#[test]
fn kinds_only_under_sensible_parents() {
    let (_t, b) = fresh();
    let r = root(&b);
    assert!(matches!(
        b.run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Village,
            name: "小乌斯力村".into(),
            short_name: None
        })
        .unwrap_err(),
        Error::KindNotAllowed {
            kind: UnitKind::Village,
            parent: Some(UnitKind::District)
        }
    ));
    let edu = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::EducationBureau,
            name: "教体局".into(),
            short_name: None,
        })
        .unwrap();
    b.run(CreateUnit {
        parent: edu.id,
        kind: UnitKind::School,
        name: "一小".into(),
        short_name: None,
    })
    .unwrap();
    assert!(
        b.run(CreateUnit {
            parent: edu.id,
            kind: UnitKind::Village,
            name: "村".into(),
            short_name: None
        })
        .is_err()
    );
    let t = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let v = b
        .run(CreateUnit {
            parent: t.id,
            kind: UnitKind::Village,
            name: "小乌斯力村".into(),
            short_name: None,
        })
        .unwrap();
    // A village cannot move under the education bureau either.
    assert!(matches!(
        b.run(MoveUnit {
            id: v.id,
            rev: v.rev,
            to: edu.id
        })
        .unwrap_err(),
        Error::KindNotAllowed { .. }
    ));
}

#[test]
fn no_move_into_own_subtree() {
    let (_t, b) = fresh();
    let r = root(&b);
    let t = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let o = b
        .run(CreateUnit {
            parent: t.id,
            kind: UnitKind::Other,
            name: "研学点".into(),
            short_name: None,
        })
        .unwrap();
    let oo = b
        .run(CreateUnit {
            parent: o.id,
            kind: UnitKind::Other,
            name: "分点".into(),
            short_name: None,
        })
        .unwrap();
    assert_eq!(
        b.run(MoveUnit {
            id: o.id,
            rev: o.rev,
            to: o.id
        })
        .unwrap_err(),
        Error::MoveIntoOwnSubtree
    );
    assert_eq!(
        b.run(MoveUnit {
            id: o.id,
            rev: o.rev,
            to: oo.id
        })
        .unwrap_err(),
        Error::MoveIntoOwnSubtree
    );
    assert_eq!(
        b.run(MoveUnit {
            id: r.id,
            rev: r.rev,
            to: t.id
        })
        .unwrap_err(),
        Error::RootFixed
    );
    let moved = b
        .run(MoveUnit {
            id: oo.id,
            rev: oo.rev,
            to: r.id,
        })
        .unwrap();
    assert_eq!(moved.parent, Some(r.id));
    assert_eq!(moved.rev, oo.rev + 1);
    let paths: Vec<String> = b
        .run(Children { id: r.id })
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert!(paths.contains(&"分点".to_string()));
    assert!(
        b.run(Children { id: o.id }).unwrap().is_empty(),
        "the old parent's index entry is gone"
    );
}

#[test]
fn archive_needs_children_moved_first() {
    let (_t, b) = fresh();
    let r = root(&b);
    let t = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let v = b
        .run(CreateUnit {
            parent: t.id,
            kind: UnitKind::Village,
            name: "小乌斯力村".into(),
            short_name: None,
        })
        .unwrap();
    assert_eq!(
        b.run(ArchiveUnit {
            id: t.id,
            rev: t.rev
        })
        .unwrap_err(),
        Error::HasLiveChildren { count: 1 }
    );
    let v = b
        .run(ArchiveUnit {
            id: v.id,
            rev: v.rev,
        })
        .unwrap();
    assert!(v.archived.is_some());
    let t = b.run(GetUnit { id: t.id }).unwrap();
    b.run(ArchiveUnit {
        id: t.id,
        rev: t.rev,
    })
    .unwrap();
    assert!(matches!(
        b.run(RenameUnit {
            id: v.id,
            rev: v.rev,
            name: "大乌斯力村".into()
        })
        .unwrap_err(),
        Error::UnitArchived { .. }
    ));
    assert!(matches!(
        b.run(CreateUnit {
            parent: t.id,
            kind: UnitKind::Village,
            name: "新村".into(),
            short_name: None
        })
        .unwrap_err(),
        Error::UnitArchived { .. }
    ));
    assert_eq!(
        b.run(ListUnits {
            include_archived: false
        })
        .unwrap()
        .len(),
        1
    );
    assert_eq!(
        b.run(ListUnits {
            include_archived: true
        })
        .unwrap()
        .len(),
        3,
        "archived units are kept"
    );
}

#[test]
fn stale_revision_is_refused_with_who_and_when() {
    let t = kit::temp_db();
    let s = Service::create(
        &t.path,
        &OpenOptions::default(),
        "爱辉区",
        false,
        &Actor::new("zhang"),
    )
    .unwrap();
    let r = s
        .handle(
            &Actor::new("zhang"),
            Request::from(ResolveUnit {
                given: "爱辉区".into(),
            }),
        )
        .unwrap();
    let ggw::service::Response::Unit(r) = r else {
        panic!()
    };
    let create = Request::from(CreateUnit {
        parent: r.id,
        kind: UnitKind::Township,
        name: "四嘉子乡".into(),
        short_name: None,
    });
    let ggw::service::Response::Unit(seen) = s.handle(&Actor::new("zhang"), create).unwrap() else {
        panic!()
    };
    // li renames it first; zhang's edit, made from the old revision, must not win.
    s.handle(
        &Actor::new("li"),
        Request::from(RenameUnit {
            id: seen.id,
            rev: seen.rev,
            name: "四嘉子满族乡".into(),
        }),
    )
    .unwrap();
    let err = s
        .handle(
            &Actor::new("zhang"),
            Request::from(RenameUnit {
                id: seen.id,
                rev: seen.rev,
                name: "四家子乡".into(),
            }),
        )
        .unwrap_err();
    let Error::Conflict { by, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(by, "li");
    assert!(err.message(Lang::Zh).contains("已被 li 于"));
    let ggw::service::Response::Unit(now) = s
        .handle(&Actor::new("zhang"), Request::from(GetUnit { id: seen.id }))
        .unwrap()
    else {
        panic!()
    };
    assert_eq!(now.name, "四嘉子满族乡");
}

#[test]
fn every_change_has_one_audit_entry() {
    let (_t, b) = fresh();
    let r = root(&b);
    let t = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Township,
            name: "四嘉子乡".into(),
            short_name: None,
        })
        .unwrap();
    let t = b
        .run(RenameUnit {
            id: t.id,
            rev: t.rev,
            name: "四嘉子满族乡".into(),
        })
        .unwrap();
    let s = b
        .run(CreateUnit {
            parent: r.id,
            kind: UnitKind::Subdistrict,
            name: "花园街道".into(),
            short_name: None,
        })
        .unwrap();
    let o = b
        .run(CreateUnit {
            parent: t.id,
            kind: UnitKind::Other,
            name: "研学点".into(),
            short_name: None,
        })
        .unwrap();
    let o = b
        .run(MoveUnit {
            id: o.id,
            rev: o.rev,
            to: s.id,
        })
        .unwrap();
    b.run(ArchiveUnit {
        id: o.id,
        rev: o.rev,
    })
    .unwrap();
    // Refused changes leave no trace.
    let _ = b.run(CreateUnit {
        parent: r.id,
        kind: UnitKind::Village,
        name: "错误".into(),
        short_name: None,
    });

    let all = b
        .run(History {
            unit: None,
            limit: 0,
        })
        .unwrap();
    let actions: Vec<AuditAction> = all.iter().rev().map(|e| e.action).collect();
    use AuditAction::*;
    assert_eq!(
        actions,
        vec![Init, Create, Rename, Create, Create, Move, Archive]
    );
    assert!(all.iter().all(|e| e.user == "zhang"));
    let rename = &all[4];
    assert_eq!(rename.action, Rename);
    assert!(rename.before.as_deref().unwrap().contains("四嘉子乡"));
    assert!(rename.after.as_deref().unwrap().contains("四嘉子满族乡"));
    let of_unit = b
        .run(History {
            unit: Some(o.id),
            limit: 0,
        })
        .unwrap();
    assert_eq!(
        of_unit.iter().map(|e| e.action).collect::<Vec<_>>(),
        vec![Archive, Move, Create]
    );
    assert_eq!(
        b.run(History {
            unit: None,
            limit: 2
        })
        .unwrap()
        .len(),
        2
    );
}

#[test]
fn reopened_database_keeps_everything_and_checks_clean() {
    let t = kit::temp_db();
    {
        let s = Service::create(
            &t.path,
            &OpenOptions::default(),
            "爱辉区",
            false,
            &Actor::new("zhang"),
        )
        .unwrap();
        let b = LocalBackend::from_service(s, Actor::new("zhang"));
        let r = root(&b);
        let x = b
            .run(CreateUnit {
                parent: r.id,
                kind: UnitKind::Township,
                name: "四嘉子乡".into(),
                short_name: None,
            })
            .unwrap();
        b.run(CreateUnit {
            parent: x.id,
            kind: UnitKind::Village,
            name: "小乌斯力村".into(),
            short_name: None,
        })
        .unwrap();
    }
    let b = LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new("li")).unwrap();
    assert_eq!(
        b.run(ResolveUnit {
            given: "爱辉区/四嘉子乡/小乌斯力村".into()
        })
        .unwrap()
        .kind,
        UnitKind::Village
    );
    let next = b
        .run(CreateUnit {
            parent: root(&b).id,
            kind: UnitKind::Subdistrict,
            name: "花园街道".into(),
            short_name: None,
        })
        .unwrap();
    assert_eq!(next.id.0, 4, "ids continue where they stopped");
    assert!(b.service().check().unwrap().is_clean());
}

#[test]
fn create_refuses_an_existing_database_and_open_a_missing_one() {
    let (t, b) = fresh();
    drop(b);
    let again = Service::create(
        &t.path,
        &OpenOptions::default(),
        "别的区",
        false,
        &Actor::new("x"),
    );
    assert!(matches!(again.err(), Some(Error::DatabaseExists { .. })));
    let missing = t.dir.path().join("nothing");
    let e = Service::open(&missing, &OpenOptions::default())
        .err()
        .unwrap();
    assert!(matches!(e, Error::DatabaseMissing { .. }));
    assert!(
        !missing.exists(),
        "opening a missing database does not create it"
    );
}

#[test]
fn newer_schema_is_refused() {
    let (t, b) = fresh();
    drop(b);
    {
        let db = kit::raw_sled(&t.path);
        db.open_tree("meta")
            .unwrap()
            .insert("schema", &99u16.to_le_bytes())
            .unwrap();
        db.flush().unwrap();
    }
    let e = Service::open(&t.path, &OpenOptions::default())
        .err()
        .unwrap();
    assert_eq!(
        e,
        Error::SchemaTooNew {
            found: 99,
            supported: ggw::store::SCHEMA_VERSION
        }
    );
    assert!(e.message(Lang::Zh).contains("请升级 ggw"));
}

#[test]
fn check_finds_a_broken_index() {
    let (t, b) = fresh();
    let r = root(&b);
    b.run(CreateUnit {
        parent: r.id,
        kind: UnitKind::Township,
        name: "四嘉子乡".into(),
        short_name: None,
    })
    .unwrap();
    drop(b);
    {
        let db = kit::raw_sled(&t.path);
        let idx = db.open_tree("units_by_parent").unwrap();
        let mut stray = [0u8; 16];
        stray[..8].copy_from_slice(&1u64.to_be_bytes());
        stray[8..].copy_from_slice(&77u64.to_be_bytes());
        idx.insert(stray, &[]).unwrap();
        db.flush().unwrap();
    }
    let s = Service::open(&t.path, &OpenOptions::default()).unwrap();
    let report = s.check().unwrap();
    assert_eq!(
        report.faults,
        vec!["units_by_parent: stray entry 1 → 77".to_string()]
    );
}
