//! Each role against each command on its own subtree, a sibling subtree and
//! the root, checked in the service where every request passes.

use crate::kit;

use ggw::api::admin::{AddAccount, Check, History, Info, ListAccounts};
use ggw::api::units::{
    ArchiveUnit, Children, CreateUnit, GetUnit, ListUnits, MoveUnit, RenameUnit, ResolveUnit,
};
use ggw::domain::account::AccountRole;
use ggw::domain::{OrgUnit, UnitId, UnitKind};
use ggw::error::Error;
use ggw::service::{Actor, Request, Response, Service};
use kit::TempDir;

struct World {
    service: Service,
    admin: Actor,
    root: UnitId,
    /// The operator's and viewer's unit, with one village below it.
    own: UnitId,
    own_village: UnitId,
    sibling: UnitId,
    sibling_village: UnitId,
}

fn unit(r: Result<Response, Error>) -> OrgUnit {
    match r {
        Ok(Response::Unit(u)) => u,
        other => panic!("expected a unit, got {other:?}"),
    }
}

fn world(dir: &TempDir) -> World {
    let w = kit::world()
        .owner("root")
        .db_at(dir.path().join("db"))
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .unit("爱辉区", UnitKind::Township, "新生乡")
        .unit("新生乡", UnitKind::Village, "新生村")
        .account("zhang", AccountRole::Operator, "四嘉子乡")
        .account("li", AccountRole::Viewer, "四嘉子乡")
        .account("wang", AccountRole::Admin, "爱辉区")
        .build();
    let id = |name: &str| w.unit(name).id;
    let (root, own, own_village) = (w.district.id, id("四嘉子乡"), id("小乌斯力村"));
    let (sibling, sibling_village) = (id("新生乡"), id("新生村"));
    let (_, service, admin) = w.into_service();
    World {
        service,
        admin,
        root,
        own,
        own_village,
        sibling,
        sibling_village,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Own,
    Sibling,
    Root,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmd {
    Get,
    Children,
    Resolve,
    History,
    Create,
    Rename,
    Move,
    Archive,
    AddAccount,
    ListAccounts,
    Check,
}

const CMDS: [Cmd; 11] = [
    Cmd::Get,
    Cmd::Children,
    Cmd::Resolve,
    Cmd::History,
    Cmd::Create,
    Cmd::Rename,
    Cmd::Move,
    Cmd::Archive,
    Cmd::AddAccount,
    Cmd::ListAccounts,
    Cmd::Check,
];

/// The expected answer, written out from the issue rather than from the
/// code: admin everything; an operator reads every unit's name, and reads
/// and writes its own subtree; a viewer reads its own subtree; accounts and
/// check are an admin's.
fn allowed(role: &str, cmd: Cmd, place: Place) -> bool {
    use Cmd::*;
    let read_names = matches!(cmd, Get | Children | Resolve);
    let read_details = cmd == History;
    let write = matches!(cmd, Create | Rename | Move | Archive);
    match role {
        "wang" => true,
        "zhang" => (read_names) || ((read_details || write) && place == Place::Own),
        "li" => (read_names || read_details) && place == Place::Own,
        _ => unreachable!(),
    }
}

fn target(w: &World, place: Place) -> (UnitId, UnitId) {
    match place {
        Place::Own => (w.own, w.own_village),
        Place::Sibling => (w.sibling, w.sibling_village),
        Place::Root => (w.root, w.root),
    }
}

fn request(w: &World, cmd: Cmd, place: Place, n: usize) -> Request {
    let (unit, leaf) = target(w, place);
    let current = |id: UnitId| unit_of(w, id);
    match cmd {
        Cmd::Get => Request::from(GetUnit { id: unit }),
        Cmd::Children => Request::from(Children { id: unit }),
        // By its current path: the matrix renames units as it goes.
        Cmd::Resolve => Request::from(ResolveUnit {
            given: path_of(w, unit),
        }),
        Cmd::History => Request::from(History {
            unit: Some(unit),
            limit: 0,
        }),
        Cmd::Create => Request::from(CreateUnit {
            parent: unit,
            kind: UnitKind::Other,
            name: format!("新单位{n}"),
            short_name: None,
        }),
        Cmd::Rename => Request::from(RenameUnit {
            id: unit,
            rev: current(unit).rev,
            name: format!("{}{n}", current(unit).name),
        }),
        // Moving the leaf under its own parent again: a legal move that
        // needs write access to both ends.
        Cmd::Move => Request::from(MoveUnit {
            id: leaf,
            rev: current(leaf).rev,
            to: current(leaf).parent.unwrap_or(unit),
        }),
        Cmd::Archive => {
            let fresh = unit_of_new_leaf(w, unit, n);
            Request::from(ArchiveUnit {
                id: fresh.id,
                rev: fresh.rev,
            })
        }
        Cmd::AddAccount => Request::from(AddAccount {
            user: format!("user{n}"),
            role: AccountRole::Viewer,
            unit,
        }),
        Cmd::ListAccounts => Request::from(ListAccounts {}),
        Cmd::Check => Request::from(Check {}),
    }
}

fn path_of(w: &World, id: UnitId) -> String {
    let mut names = Vec::new();
    let mut cur = Some(id);
    while let Some(u) = cur.map(|id| unit_of(w, id)) {
        names.push(u.name);
        cur = u.parent;
    }
    names.reverse();
    names.join("/")
}

fn unit_of(w: &World, id: UnitId) -> OrgUnit {
    unit(w.service.handle(&w.admin, Request::from(GetUnit { id })))
}

fn unit_of_new_leaf(w: &World, parent: UnitId, n: usize) -> OrgUnit {
    unit(w.service.handle(
        &w.admin,
        Request::from(CreateUnit {
            parent,
            kind: UnitKind::Other,
            name: format!("待撤销{n}"),
            short_name: None,
        }),
    ))
}

#[test]
fn permission_matrix() {
    let dir = TempDir::new("perm");
    let w = world(&dir);
    let mut n = 0;
    let mut failures = Vec::new();
    for role in ["wang", "zhang", "li"] {
        let actor = Actor::peer(role);
        for place in [Place::Own, Place::Sibling, Place::Root] {
            for cmd in CMDS {
                n += 1;
                let result = w.service.handle(&actor, request(&w, cmd, place, n));
                let refused = matches!(
                    result,
                    Err(Error::NotPermitted { .. } | Error::AdminOnly { .. })
                );
                // Rules of the hierarchy (the root cannot move) may still
                // refuse a permitted request; never for lack of rights.
                if refused == allowed(role, cmd, place) {
                    failures.push(format!("{role} {cmd:?} on {place:?}: {result:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn listings_are_filtered_to_what_the_caller_may_see() {
    let dir = TempDir::new("perm-list");
    let w = world(&dir);
    let names = |user: &str| -> Vec<String> {
        match w.service.handle(
            &Actor::peer(user),
            Request::from(ListUnits {
                include_archived: true,
            }),
        ) {
            Ok(Response::Units(u)) => u.into_iter().map(|u| u.name).collect(),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(names("li"), ["四嘉子乡", "小乌斯力村"]);
    assert_eq!(names("zhang").len(), 5);
    assert_eq!(names("wang").len(), 5);

    let history_units = |user: &str| -> Vec<Option<UnitId>> {
        match w.service.handle(
            &Actor::peer(user),
            Request::from(History {
                unit: None,
                limit: 0,
            }),
        ) {
            Ok(Response::History(h)) => h.into_iter().map(|e| e.unit).collect(),
            other => panic!("{other:?}"),
        }
    };
    let mine = [Some(w.own), Some(w.own_village)];
    for user in ["li", "zhang"] {
        let seen = history_units(user);
        assert_eq!(seen.len(), 2, "{user}: {seen:?}");
        assert!(seen.iter().all(|u| mine.contains(u)));
    }
    // The admin also sees the database's creation and the account changes.
    assert_eq!(history_units("wang").len(), 5 + 3);
}

#[test]
fn a_user_without_an_account_is_told_whom_to_ask() {
    let dir = TempDir::new("perm-none");
    let w = world(&dir);
    match w
        .service
        .handle(&Actor::peer("zhao"), Request::from(Info {}))
    {
        Err(e @ Error::NoAccount { .. }) => {
            let msg = e.message(ggw::lang::Lang::Zh);
            assert!(msg.contains("wang"), "{msg}");
            assert!(msg.contains("ggw account add zhao"), "{msg}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn notices_reach_only_those_who_may_see_the_unit() {
    let dir = TempDir::new("perm-notice");
    let w = world(&dir);
    let notice = |unit: UnitId| ggw::api::ChangeNotice {
        kind: ggw::domain::audit::RecordKind::Unit,
        record: unit.0,
        unit: Some(unit),
        by: "root".into(),
    };
    let sees = |user: &str, unit| w.service.may_see(&Actor::peer(user), &notice(unit));
    assert!(sees("li", w.own_village));
    assert!(!sees("li", w.sibling_village));
    assert!(sees("zhang", w.sibling_village));
    assert!(!sees("zhao", w.own));
}
