//! A database with what a test needs in it: the district 爱辉区, the units
//! below it, accounts and people, built through the backend the way the
//! program itself adds them.

use std::path::{Path, PathBuf};

use ggw::api::admin::AddAccount;
use ggw::api::people::CreatePerson;
use ggw::api::units::{CreateUnit, ResolveUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::account::AccountRole;
use ggw::domain::day::Day;
use ggw::domain::person::{Category, ElderDraft, Person, PersonDraft, RosterStatus, Source};
use ggw::domain::{OrgUnit, UnitKind};
use ggw::service::{Actor, Service};
use ggw::store::OpenOptions;

use super::binary::{ok, run, stderr};

/// A person drawn up once the units exist.
type DraftOf = Box<dyn FnOnce(&World) -> PersonDraft>;

/// What `build` makes: units are named by their own name (or the
/// district's), in the order they were added.
pub struct WorldBuilder {
    owner: String,
    db: Option<PathBuf>,
    units: Vec<(String, UnitKind, String)>,
    accounts: Vec<(String, AccountRole, String)>,
    people: Vec<DraftOf>,
}

pub struct World {
    /// The database's folder; gone with the world unless `db_at` named one.
    pub dir: TempDb,
    /// The owner's backend: everything allowed.
    pub b: LocalBackend,
    pub district: OrgUnit,
    pub units: Vec<OrgUnit>,
    pub people: Vec<Person>,
}

/// An empty 爱辉区, its database owned by `王主任`.
pub fn world() -> WorldBuilder {
    WorldBuilder {
        owner: "王主任".into(),
        db: None,
        units: Vec::new(),
        accounts: Vec::new(),
        people: Vec::new(),
    }
}

impl WorldBuilder {
    /// The owner, as the audit log names them.
    pub fn owner(mut self, user: &str) -> WorldBuilder {
        self.owner = user.into();
        self
    }

    /// The database at `path` instead of a temporary folder of its own.
    pub fn db_at(mut self, path: PathBuf) -> WorldBuilder {
        self.db = Some(path);
        self
    }

    /// A unit below `parent`, which is the district or a unit added before.
    pub fn unit(mut self, parent: &str, kind: UnitKind, name: &str) -> WorldBuilder {
        self.units.push((parent.into(), kind, name.into()));
        self
    }

    pub fn account(mut self, user: &str, role: AccountRole, unit: &str) -> WorldBuilder {
        self.accounts.push((user.into(), role, unit.into()));
        self
    }

    /// A person, added after the units and accounts, drawn up once they
    /// exist; `world.people` keeps them in this order.
    pub fn person(mut self, draft: impl FnOnce(&World) -> PersonDraft + 'static) -> WorldBuilder {
        self.people.push(Box::new(draft));
        self
    }

    pub fn build(self) -> World {
        let t = temp_db();
        let path = self.db.clone().unwrap_or_else(|| t.path.clone());
        let b = district_at(&path, &self.owner);
        let district = b
            .run(ResolveUnit {
                given: "爱辉区".into(),
            })
            .unwrap();
        let mut w = World {
            dir: TempDb { path, ..t },
            b,
            district,
            units: Vec::new(),
            people: Vec::new(),
        };
        for (parent, kind, name) in &self.units {
            let parent = w.unit(parent).id;
            let unit =
                w.b.run(CreateUnit {
                    parent,
                    kind: *kind,
                    name: name.to_string(),
                    short_name: None,
                })
                .unwrap_or_else(|e| panic!("add {name}: {e:?}"));
            w.units.push(unit);
        }
        for (user, role, unit) in &self.accounts {
            let unit = w.unit(unit).id;
            w.b.run(AddAccount {
                user: user.to_string(),
                role: *role,
                unit,
            })
            .unwrap_or_else(|e| panic!("account {user}: {e:?}"));
        }
        for draft in self.people {
            let draft = draft(&w);
            let p =
                w.b.run(CreatePerson { draft })
                    .unwrap_or_else(|e| panic!("add a person: {e:?}"));
            w.people.push(p);
        }
        w
    }
}

impl World {
    /// The district or the unit added under `name`.
    pub fn unit(&self, name: &str) -> &OrgUnit {
        if self.district.name == name {
            return &self.district;
        }
        self.units
            .iter()
            .find(|u| u.name == name)
            .unwrap_or_else(|| panic!("no unit {name} in this world"))
    }

    /// The service below the backend, for tests that ask it as other users.
    pub fn into_service(self) -> (TempDb, Service, Actor) {
        let (service, actor) = self.b.into_parts();
        (self.dir, service, actor)
    }
}

pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ggw.db");
    TempDb { dir, path }
}

/// `b`'s database backed up and restored into a new one, opened by `user`:
/// the restore must have found nothing wrong.
pub fn restored_copy(b: &LocalBackend, user: &str) -> (TempDb, LocalBackend) {
    let mut backup = Vec::new();
    b.service()
        .backup(&Actor::new(user), &mut backup, &mut |_, _| {})
        .unwrap();
    let t = temp_db();
    let (_, report) = ggw::store::backup::restore(
        backup.as_slice(),
        &t.path,
        &OpenOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert!(report.is_clean(), "{:?}", report.faults);
    let restored = LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new(user)).unwrap();
    (t, restored)
}

/// A new, empty database of 爱辉区 worked on by `user`.
pub fn district_backend(t: &TempDb, user: &str) -> LocalBackend {
    district_at(&t.path, user)
}

fn district_at(path: &Path, user: &str) -> LocalBackend {
    let actor = Actor::new(user);
    let service = Service::create(path, &OpenOptions::default(), "爱辉区", false, &actor)
        .unwrap_or_else(|e| panic!("create {}: {e:?}", path.display()));
    LocalBackend::from_service(service, actor)
}

/// A veteran on the roll since 2021, with no unit yet.
pub fn elder_anywhere(name: &str) -> PersonDraft {
    PersonDraft {
        name: name.into(),
        birth: Day::ymd(1955, 3, 8),
        unit: None,
        elder: Some(ElderDraft {
            category: Category::Veteran,
            core: false,
            skills: String::new(),
            health: String::new(),
            source: Source::VeteransAffairs,
            joined: Day::ymd(2021, 5, 1),
            reregistered: None,
            status: RosterStatus::Active,
        }),
        ..PersonDraft::default()
    }
}

/// The same elder, in `unit`.
pub fn elder(name: &str, unit: &OrgUnit) -> PersonDraft {
    PersonDraft {
        unit: Some(unit.id),
        ..elder_anywhere(name)
    }
}

/// A new database with the demo district in it.
pub fn demo_db() -> TempDb {
    let t = temp_db();
    let o = run(&t.path, &["init", "--demo"]);
    assert!(o.status.success(), "init --demo: {}", stderr(&o));
    t
}

pub fn demo_backend(dir: &Path) -> LocalBackend {
    let db = dir.join("demo.db");
    let actor = Actor::new("tester");
    let service = Service::create(&db, &OpenOptions::default(), "爱辉区", true, &actor).unwrap();
    let backend = LocalBackend::from_service(service, actor);
    ggw::demo::populate(&backend).unwrap();
    backend
}

/// An empty district run by 王主任, with 四嘉子乡 and its village 小乌斯力村.
pub struct VillageWorld {
    pub _dir: TempDb,
    pub b: LocalBackend,
    pub district: OrgUnit,
    pub village: OrgUnit,
}

pub fn village_world() -> VillageWorld {
    let w = world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .unit("四嘉子乡", UnitKind::Village, "小乌斯力村")
        .build();
    VillageWorld {
        village: w.unit("小乌斯力村").clone(),
        district: w.district,
        _dir: w.dir,
        b: w.b,
    }
}

/// `ggw meetings series add` of a monthly 主任办公会 on first Mondays from
/// 2025, at 09:00; a test adds its own end, attendees or place.
pub const MONTHLY_OFFICE: [&str; 13] = [
    "meetings",
    "series",
    "add",
    "--kind",
    "directors-office",
    "--title",
    "主任办公会",
    "--rule",
    "FREQ=MONTHLY;BYDAY=1MO",
    "--start",
    "2025-01-01",
    "--time",
    "09:00",
];

/// The database's sled, opened past the program to plant bytes it would
/// never write. Waits for the lock as the store does: a database closed in
/// this process keeps it until sled's threads let go of the file.
pub fn raw_sled(path: &Path) -> sled::Db {
    for _ in 0..40 {
        match sled::open(path) {
            Err(sled::Error::Io(e)) if e.to_string().contains("could not acquire lock") => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            other => return other.unwrap_or_else(|e| panic!("open {}: {e}", path.display())),
        }
    }
    panic!("{} stayed locked", path.display())
}

/// A new database of 爱辉区 with `units` added by the command line, each
/// (parent path, kind as typed, name), and nobody in it yet.
pub fn cli_db(units: &[(&str, &str, &str)]) -> TempDb {
    let t = temp_db();
    ok(&t.path, &["init", "--district", "爱辉区"]);
    for (parent, kind, name) in units {
        ok(
            &t.path,
            &[
                "unit", "add", "--parent", parent, "--kind", kind, "--name", name,
            ],
        );
    }
    t
}
