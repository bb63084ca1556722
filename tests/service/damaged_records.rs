//! A database holding a record that cannot be read, planted straight into
//! sled past every limit, as an older ggw or a damaged disk could leave it:
//! every command still works, `ggw check` names the record, `ggw repair`
//! (locally or through `ggw serve`) sets it aside, and check is clean again.

use crate::kit;

use ggw::api::admin::{Check, Repair};
use ggw::api::people::{AddReserve, CreatePerson, ReserveDraft};
use ggw::api::units::ResolveUnit;
use ggw::backend::BackendExt;
use ggw::domain::day::Day;
use ggw::domain::person::Role;
use ggw::domain::reserve::{ReserveCandidate, ReserveId};
use ggw::store::{codec, id_key, pair_key};
use kit::{run, stderr, stdout};

fn en(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["--lang", "en"];
    all.extend(args);
    run(db, &all)
}

/// A unit, a person with a reserve entry, and the id of that entry.
pub(crate) fn populated(dir: &std::path::Path) -> (std::path::PathBuf, ReserveCandidate) {
    let db = kit::init_db(dir);
    let b = ggw::backend::LocalBackend::open(
        &db,
        &ggw::store::OpenOptions::default(),
        ggw::service::Actor::new("root"),
    )
    .unwrap();
    let district = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap();
    let p = b
        .run(CreatePerson {
            draft: kit::elder("张立新", &district),
        })
        .unwrap();
    let entry = b
        .run(AddReserve {
            draft: ReserveDraft {
                unit: district.id,
                person: p.id,
                role: Role::Deputy,
                noted: Day::ymd(2024, 1, 10).unwrap(),
                note: "换届储备".into(),
            },
        })
        .unwrap();
    (db, entry)
}

/// Writes past the program: a reserve entry whose note is larger than any
/// record can be read back (the 16 MB note a server once took), with its
/// index entry, and a person whose bytes are garbage.
pub(crate) fn plant(db: &std::path::Path, good: &ReserveCandidate) {
    let sled = kit::raw_sled(db);
    let huge = ReserveCandidate {
        id: ReserveId(99),
        note: "备".repeat(6_000_000),
        ..good.clone()
    };
    let bytes = codec::encode(&huge);
    assert!(bytes.len() > codec::MAX_RECORD_BYTES);
    sled.open_tree("reserve")
        .unwrap()
        .insert(id_key(99), bytes)
        .unwrap();
    sled.open_tree("reserve_by_unit")
        .unwrap()
        .insert(pair_key(good.unit.0, 99), &[][..])
        .unwrap();
    sled.open_tree("people")
        .unwrap()
        .insert(id_key(good.person.0), &[1u8, 0, 0xff, 0xff, 0xff][..])
        .unwrap();
    sled.flush().unwrap();
}

#[test]
fn a_database_with_an_unreadable_record_opens_check_names_it_and_repair_sets_it_aside() {
    let dir = kit::TempDir::new("damaged");
    let (db, good) = populated(dir.path());
    plant(&db, &good);

    // Every command still works, with a word about the damage.
    let o = en(&db, &["units"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("爱辉区"));
    assert!(
        // Persons are read only when needed: the reserve entry, read at
        // open, is the one found there.
        stderr(&o).contains("1 damaged record in the database was skipped"),
        "{}",
        stderr(&o)
    );
    let o = en(
        &db,
        &[
            "unit",
            "add",
            "--parent",
            "爱辉区",
            "--kind",
            "township",
            "--name",
            "四嘉子乡",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // A command that needs the damaged person says which record and what to do.
    let o = en(&db, &["reserve", "list"]);
    assert!(!o.status.success());
    let msg = stderr(&o);
    let named = format!("people #{}: undecodable record", good.person.0);
    assert!(msg.contains(&named) && msg.contains("ggw repair"), "{msg}");

    // Check names each record: tree, id, size and what is wrong.
    let o = en(&db, &["check"]);
    assert!(!o.status.success());
    let report = stdout(&o);
    let big = report
        .lines()
        .find(|l| l.contains("reserve #99: "))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(big.contains("bytes: "), "{big}");
    let person = format!("people #{}: 5 bytes: ", good.person.0);
    assert!(report.contains(&person), "{report}");
    assert!(report.contains("ggw repair"), "{report}");

    // The server opens it too, and an admin repairs through it.
    let server = kit::Server::start(&db, &dir.path().join("sock"));
    // The socket answers a moment before the start-up lines are logged.
    let logged = (0..500).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(10));
        server.log_text().contains("reserve #99")
    });
    assert!(logged, "{}", server.log_text());
    let b = server.connect();
    let repaired = b.run(Repair { purge: false }).unwrap();
    let mut set_aside: Vec<String> = repaired
        .quarantined
        .iter()
        .map(|d| format!("{} {}", d.tree, d.key))
        .collect();
    set_aside.sort();
    assert_eq!(
        set_aside,
        vec![format!("people #{}", good.person.0), "reserve #99".into()]
    );
    assert!(repaired.recounted);
    // The person's own index entries and the big entry's went with them.
    assert!(repaired.index_entries >= 2, "{repaired:?}");
    let after = b.run(Check {}).unwrap();
    // The good reserve entry still names the person set aside: the one
    // fault left, as the repair's message says.
    assert_eq!(after.damaged, 0, "{:?}", after.faults);
    assert_eq!(after.quarantined, 2);
    assert_eq!(
        after.faults,
        vec![format!(
            "reserve {}: person {} missing",
            good.id, good.person
        )]
    );
    drop(b);
    assert!(server.terminate().success());

    // The admin removes the entry that pointed at the person; check is clean.
    let o = en(&db, &["reserve", "remove", &good.id.to_string()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = en(&db, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("2 records set aside earlier"));
    let o = en(&db, &["history", "--limit", "3"]);
    assert!(stdout(&o).contains("repair database"), "{}", stdout(&o));

    let o = en(&db, &["repair", "--purge"]);
    assert!(
        stdout(&o).contains("Deleted 2 records from the quarantine"),
        "{}",
        stdout(&o)
    );
    let o = en(&db, &["check", "--format", "json"]);
    assert!(o.status.success());
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["quarantined"], 0);
}

/// Repair on the command line, where nothing refers to the record.
#[test]
fn repair_on_the_command_line_makes_check_clean() {
    let dir = kit::TempDir::new("damaged-cli");
    let (db, good) = populated(dir.path());
    {
        let sled = kit::raw_sled(&db);
        sled.open_tree("tasks")
            .unwrap()
            .insert(id_key(5), &b"\x01\x00garbage"[..])
            .unwrap();
        sled.flush().unwrap();
    }
    let o = en(&db, &["check"]);
    assert!(!o.status.success());
    assert!(stdout(&o).contains("tasks #5: 9 bytes: "), "{}", stdout(&o));
    let o = en(&db, &["repair"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("set aside: tasks #5"), "{}", stdout(&o));
    let o = en(&db, &["check"]);
    assert!(o.status.success(), "{}", stdout(&o));
    // Nothing else was touched.
    let o = en(&db, &["reserve", "list"]);
    assert!(stdout(&o).contains("换届储备"));
    let _ = good;
}
