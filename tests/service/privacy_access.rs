//! What an operator learns about people outside their subtree, what the
//! audit log shows of personal numbers, and which units an operator may
//! archive: checked in the service, where every request passes.

use crate::kit;

use ggw::api::admin::History;
use ggw::api::people::{CreatePerson, ImportPeople, ImportRow, UpdatePerson};
use ggw::api::units::{ArchiveUnit, GetUnit};
use ggw::domain::account::AccountRole;
use ggw::domain::audit::{AuditAction, AuditEntry};
use ggw::domain::person::{Person, PersonDraft};
use ggw::domain::{OrgUnit, UnitId, UnitKind};
use ggw::error::Error;
use ggw::lang::Lang;
use ggw::service::{Actor, Request, Response, Service};
use ggw::store::TreeId;
use kit::{elder, run, stderr, stdout, temp_db};

/// Held by someone in the sibling township.
const ELSEWHERE: &str = "230102195503080027";
/// Held by someone in the operator's own village.
const OWN: &str = "230102195503080035";
/// Held by nobody.
const FREE: &str = "230102194807150042";

struct World {
    _dir: kit::TempDb,
    service: Service,
    admin: Actor,
    operator: Actor,
    own: OrgUnit,
    own_village: OrgUnit,
    sibling_village: OrgUnit,
    /// #… 周秀兰 in the sibling township's village, holding `ELSEWHERE`.
    outsider: Person,
    /// 孟繁荣 in the operator's village, holding `OWN`.
    insider: Person,
}

fn unit(r: Result<Response, Error>) -> OrgUnit {
    match r {
        Ok(Response::Unit(u)) => u,
        other => panic!("expected a unit, got {other:?}"),
    }
}

fn person(r: Result<Response, Error>) -> Person {
    match r {
        Ok(Response::Person(p)) => *p,
        other => panic!("expected a person, got {other:?}"),
    }
}

fn with_id(name: &str, unit: &OrgUnit, id_number: &str) -> PersonDraft {
    PersonDraft {
        id_number: id_number.into(),
        phone: "13804561234".into(),
        birth: None,
        ..elder(name, unit)
    }
}

fn world() -> World {
    let w = kit::world()
        .owner("root")
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .unit("爱辉区", UnitKind::Township, "新生乡")
        .unit("新生乡", UnitKind::Village, "新生村")
        .account("zhang", AccountRole::Operator, "四嘉子乡")
        .person(|w| with_id("周秀兰", w.unit("新生村"), ELSEWHERE))
        .person(|w| with_id("孟繁荣", w.unit("小乌斯力村"), OWN))
        .build();
    let own = w.unit("四嘉子乡").clone();
    let own_village = w.unit("小乌斯力村").clone();
    let sibling_village = w.unit("新生村").clone();
    let (outsider, insider) = (w.people[0].clone(), w.people[1].clone());
    let (dir, service, admin) = w.into_service();
    World {
        _dir: dir,
        service,
        admin,
        operator: Actor::peer("zhang"),
        own,
        own_village,
        sibling_village,
        outsider,
        insider,
    }
}

fn both_languages(e: &Error) -> String {
    format!("{}\n{}", e.message(Lang::Zh), e.message(Lang::En))
}

#[test]
fn a_duplicate_id_number_names_its_holder_only_to_those_who_may_read_them() {
    let w = world();
    let register = |id_number: &str| {
        w.service.handle(
            &w.operator,
            Request::from(CreatePerson {
                draft: with_id("李建华", &w.own_village, id_number),
            }),
        )
    };

    // Held in another township: registered, and nothing more.
    let e = register(ELSEWHERE).unwrap_err();
    assert!(matches!(e, Error::IdNumberRegistered { .. }), "{e:?}");
    assert_eq!(e.field(), Some("id_number"));
    let said = both_languages(&e);
    assert!(
        said.contains("已登记") && said.contains("already registered"),
        "{said}"
    );
    assert!(!said.contains("周秀兰"), "{said}");
    assert!(!said.contains(&format!("#{}", w.outsider.id)), "{said}");
    assert!(!said.contains(ELSEWHERE), "{said}");

    // Held in the operator's own village: the holder is named, as before.
    let e = register(OWN).unwrap_err();
    assert!(
        matches!(&e, Error::DuplicateIdNumber { existing, existing_name, .. }
            if *existing == w.insider.id.0 && existing_name == "孟繁荣"),
        "{e:?}"
    );

    // An edit that takes someone else's number: the same rule.
    let own = person(w.service.handle(
        &w.operator,
        Request::from(CreatePerson {
            draft: with_id("李建华", &w.own_village, FREE),
        }),
    ));
    let e = w
        .service
        .handle(
            &w.operator,
            Request::from(UpdatePerson {
                id: own.id,
                rev: own.rev,
                draft: with_id("李建华", &w.own_village, ELSEWHERE),
            }),
        )
        .unwrap_err();
    assert!(matches!(e, Error::IdNumberRegistered { .. }), "{e:?}");

    // An administrator reads everything, so is told who.
    let e = w
        .service
        .handle(
            &w.admin,
            Request::from(CreatePerson {
                draft: with_id("李建华", &w.own_village, ELSEWHERE),
            }),
        )
        .unwrap_err();
    assert!(both_languages(&e).contains("周秀兰"), "{e:?}");
}

fn row(line: usize, unit: &str, name: &str, id_number: &str) -> ImportRow {
    ImportRow {
        line,
        unit: unit.into(),
        draft: PersonDraft {
            id_number: id_number.into(),
            birth: None,
            ..kit::elder_anywhere(name)
        },
    }
}

fn history(service: &Service, actor: &Actor, unit: Option<UnitId>) -> Vec<AuditEntry> {
    match service.handle(actor, Request::from(History { unit, limit: 0 })) {
        Ok(Response::History(h)) => h,
        other => panic!("expected the history, got {other:?}"),
    }
}

#[test]
fn an_import_check_is_audited_and_names_nobody_outside_the_subtree() {
    let w = world();
    let village = "爱辉区/四嘉子乡/小乌斯力村";
    let check = |rows: Vec<ImportRow>| {
        w.service.handle(
            &w.operator,
            Request::from(ImportPeople {
                rows,
                source: "核对.csv".into(),
                check_only: true,
                allow_namesakes: false,
            }),
        )
    };
    let before = history(&w.service, &w.admin, None).len();

    let e = check(vec![
        row(2, village, "甲", ELSEWHERE),
        row(3, village, "乙", OWN),
        row(4, village, "丙", FREE),
    ])
    .unwrap_err();
    let Error::ImportRejected { problems } = &e else {
        panic!("{e:?}");
    };
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3]);
    let outside = format!("{} {}", problems[0].zh, problems[0].en);
    assert!(outside.contains("已登记"), "{outside}");
    assert!(!outside.contains("周秀兰"), "{outside}");
    assert!(
        !outside.contains(&format!("#{}", w.outsider.id)),
        "{outside}"
    );
    let inside = format!("{} {}", problems[1].zh, problems[1].en);
    assert!(inside.contains("孟繁荣"), "{inside}");
    // Nothing registered.
    assert!(
        w.service
            .store()
            .scan::<Person>(TreeId::People)
            .all(|p| p.unwrap().name != "丙")
    );

    // A refused check leaves its entry: who, which file, how many rows.
    let log = history(&w.service, &w.admin, None);
    assert_eq!(log.len(), before + 1);
    let entry = &log[0];
    assert_eq!(entry.action, AuditAction::ImportCheck);
    assert_eq!(entry.user, "zhang");
    assert_eq!(entry.label, "核对.csv：3 行");
    let summary: serde_json::Value = serde_json::from_str(entry.after.as_deref().unwrap()).unwrap();
    assert_eq!(summary["file"], "核对.csv");
    assert_eq!(summary["rows"], 3);
    assert_eq!(summary["refused"], 2);
    // It belongs to the unit the rows named, so the operator's own
    // history shows it too.
    assert_eq!(entry.unit, Some(w.own_village.id));
    assert_eq!(
        history(&w.service, &w.operator, Some(w.own_village.id))[0].action,
        AuditAction::ImportCheck
    );

    // A clean check is recorded as well.
    let n = match check(vec![row(2, village, "丙", FREE)]) {
        Ok(Response::Count(n)) => n,
        other => panic!("{other:?}"),
    };
    assert_eq!(n, 1);
    let log = history(&w.service, &w.admin, None);
    assert_eq!(log.len(), before + 2);
    let summary: serde_json::Value =
        serde_json::from_str(log[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(
        (summary["rows"].as_u64(), summary["refused"].as_u64()),
        (Some(1), Some(0))
    );
}

#[test]
fn the_history_masks_id_and_phone_numbers_for_everyone() {
    let w = world();
    // A move to the sibling township: the numbers went with the person, but
    // the operator's history still holds the entries from before.
    let moved = person(w.service.handle(
        &w.admin,
        Request::from(UpdatePerson {
            id: w.insider.id,
            rev: w.insider.rev,
            draft: PersonDraft {
                unit: Some(w.sibling_village.id),
                phone: "13912345678".into(),
                ..PersonDraft::of(&w.insider)
            },
        }),
    ));
    assert_eq!(moved.unit, w.sibling_village.id);
    for (actor, unit) in [(&w.operator, Some(w.own_village.id)), (&w.admin, None)] {
        let log = history(&w.service, actor, unit);
        let json = serde_json::to_string(&log).unwrap();
        for whole in [OWN, ELSEWHERE, "13804561234", "13912345678"] {
            assert!(!json.contains(whole), "{} sees {whole}: {json}", actor.user);
        }
        let create = log
            .iter()
            .find(|e| e.record == w.insider.id.0 && e.action == AuditAction::Create)
            .unwrap();
        let after: serde_json::Value =
            serde_json::from_str(create.after.as_deref().unwrap()).unwrap();
        assert_eq!(after["id_number"], "230***********0035");
        assert_eq!(after["phone"], "138****1234");
        assert_eq!(after["name"], "孟繁荣");
    }
    // The stored entries keep the whole numbers, for restoring a record.
    let stored: Vec<AuditEntry> = w
        .service
        .store()
        .scan::<AuditEntry>(TreeId::Audit)
        .map(|e| e.unwrap())
        .collect();
    assert!(
        stored
            .iter()
            .any(|e| e.after.as_deref().is_some_and(|a| a.contains(OWN)))
    );
}

#[test]
fn ggw_history_shows_masked_numbers_in_text_and_json() {
    let t = temp_db();
    let ok = |args: &[&str]| {
        let o = run(&t.path, args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        stdout(&o)
    };
    ok(&["init", "--district", "爱辉区"]);
    ok(&[
        "people",
        "add",
        "--name",
        "孟繁荣",
        "--unit",
        "爱辉区",
        "--id-number",
        OWN,
        "--phone",
        "13804561234",
    ]);
    let json = ok(&["history", "--format", "json"]);
    for whole in [OWN, "13804561234"] {
        assert!(!json.contains(whole), "{json}");
    }
    assert!(json.contains("230***********0035"), "{json}");
    assert!(json.contains("138****1234"), "{json}");
    // Masked once, by the service, not again on the way to the screen.
    let text = ok(&["history"]);
    for whole in [OWN, "13804561234"] {
        assert!(!text.contains(whole), "{text}");
    }
    assert!(text.contains("身份证号：230***********0035"), "{text}");
    assert!(text.contains("联系电话：138****1234"), "{text}");
}

#[test]
fn an_operator_cannot_archive_the_unit_their_account_is_limited_to() {
    let w = world();
    let archive = |actor: &Actor, id: UnitId| {
        let rev = match w.service.handle(actor, Request::from(GetUnit { id })) {
            Ok(Response::Unit(u)) => u.rev,
            other => panic!("{other:?}"),
        };
        w.service
            .handle(actor, Request::from(ArchiveUnit { id, rev }))
    };
    // Below their own unit: allowed, once its elder has moved elsewhere.
    let mut moved = PersonDraft::of(&w.insider);
    moved.unit = Some(w.sibling_village.id);
    person(w.service.handle(
        &w.admin,
        Request::from(UpdatePerson {
            id: w.insider.id,
            rev: w.insider.rev,
            draft: moved,
        }),
    ));
    unit(archive(&w.operator, w.own_village.id));
    // Their own unit, now without live children: refused, saying why.
    let e = archive(&w.operator, w.own.id).unwrap_err();
    assert!(
        matches!(&e, Error::ArchiveOwnScope { unit } if unit == "爱辉区/四嘉子乡"),
        "{e:?}"
    );
    let said = both_languages(&e);
    assert!(
        said.contains("四嘉子乡") && said.contains("管理员"),
        "{said}"
    );
    assert!(said.contains("administrator"), "{said}");
    // Nothing changed, and the operator still works there.
    let own = match w
        .service
        .handle(&w.operator, Request::from(GetUnit { id: w.own.id }))
    {
        Ok(Response::Unit(u)) => u,
        other => panic!("{other:?}"),
    };
    assert!(own.is_live());
    // An administrator may.
    assert!(!unit(archive(&w.admin, w.own.id)).is_live());
}
