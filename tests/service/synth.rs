//! The synthetic data generator at its smallest scale: every kind lands
//! through the service, the database checks clean, and a seed always gives
//! the same records.

use chrono::NaiveDate;
use ggw::api::admin::Check;
use ggw::api::meetings::{GetMeetingFigures, GetSchedule, ListTasks};
use ggw::api::people::{ListPeople, ListPositions, PeopleFilter, PersonRow};
use ggw::api::units::ListUnits;
use ggw::api::work::{GetWorkFigures, ListWork, WorkFilter};
use ggw::api::work::{ImportWork, WorkImportRow};
use ggw::backend::start::with_one_sync;
use ggw::backend::{BackendExt, LocalBackend};
use ggw::demo::synth::{self, Scale};
use ggw::domain::day::Day;
use ggw::domain::people_figures::Period;
use ggw::domain::work_item::WorkList;
use ggw::service::{Actor, Service};
use ggw::store::{OpenOptions, Store, work};
use std::collections::BTreeMap;

fn generate(tag: &str, seed: u64) -> (tempfile::TempDir, LocalBackend, synth::Summary) {
    generate_kinds(tag, seed, synth::KINDS, false)
}

/// The kinds `kinds` at the sample scale; with `one_sync`, as `ggw gen`
/// writes them (syncs deferred, the work indexes held back).
fn generate_kinds(
    tag: &str,
    seed: u64,
    kinds: &[(&'static str, synth::KindFn)],
    one_sync: bool,
) -> (tempfile::TempDir, LocalBackend, synth::Summary) {
    let dir = tempfile::Builder::new()
        .prefix(&format!("ggw-synth-{tag}"))
        .tempdir()
        .unwrap_or_else(|e| panic!("{e}"));
    let actor = Actor::new("gen");
    let name = synth::root_name(Scale::Sample, seed);
    let service = Service::create(
        &dir.path().join("db"),
        &OpenOptions::default(),
        &name,
        true,
        &actor,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let backend = LocalBackend::from_service(service, actor);
    let root = backend
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap_or_else(|e| panic!("{e}"))[0]
        .id;
    let run = || synth::run(&backend, Scale::Sample, seed, root, kinds, &mut |_, _| {});
    let summary = if one_sync {
        with_one_sync(&backend, run)
    } else {
        run()
    }
    .unwrap_or_else(|e| panic!("{e}"));
    (dir, backend, summary)
}

fn everyone(b: &LocalBackend) -> Vec<PersonRow> {
    let mut all = b
        .run(ListPeople {
            filter: PeopleFilter {
                include_non_elders: true,
                ..PeopleFilter::default()
            },
        })
        .unwrap_or_else(|e| panic!("{e}"));
    all.sort_by_key(|p| p.id);
    all
}

/// What must come out the same for a seed: no timestamps.
fn fingerprint(b: &LocalBackend) -> Vec<String> {
    let mut out: Vec<String> = everyone(b)
        .iter()
        .map(|p| {
            format!(
                "{} {} {:?} {} {:?} {} {}",
                p.id, p.name, p.birth, p.unit_path, p.removed, p.honours, p.rev
            )
        })
        .collect();
    let schedule = b
        .run(GetSchedule {
            from: synth::first_day().date(),
            to: synth::last_day().date(),
        })
        .unwrap_or_else(|e| panic!("{e}"));
    out.extend(
        schedule
            .entries
            .iter()
            .map(|e| format!("{} {} {:?}", e.title, e.slot.date, e.slot.meeting)),
    );
    for list in WorkList::ALL {
        let page = b
            .run(ListWork {
                filter: WorkFilter::new(list),
                offset: 0,
                limit: 50,
            })
            .unwrap_or_else(|e| panic!("{e}"));
        out.extend(
            page.items
                .iter()
                .map(|i| format!("{} {} {} {:?}", i.id(), i.unit(), i.date(), i.draft())),
        );
    }
    out
}

fn whole_history() -> Period {
    Period {
        from: synth::first_day(),
        to: synth::last_day(),
    }
}

/// Every kind is there, in plausible numbers, and the database is sound.
fn every_kind_landed(b: &LocalBackend, summary: &synth::Summary) {
    let count = |k: &str| {
        summary
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, n)| *n)
            .unwrap_or_else(|| panic!("no {k} in {summary:?}"))
    };
    assert_eq!(count("units"), 59);
    assert_eq!(count("elders"), 300);
    assert!(count("positions") > 59, "{summary:?}");
    assert!(count("meetings") > 100, "{summary:?}");

    let people = everyone(b);
    let elders: Vec<&PersonRow> = people.iter().filter(|p| p.category.is_some()).collect();
    assert_eq!(elders.len(), 300);
    assert!(
        elders.iter().any(|p| p.removed.is_some()),
        "none struck off"
    );
    assert!(elders.iter().any(|p| p.last_talk.is_some()), "no talks");
    assert!(elders.iter().any(|p| p.honours > 0), "no honours");
    assert!(
        people.len() > elders.len(),
        "no team members who are not elders"
    );

    let positions = b
        .run(ListPositions {
            unit: None,
            include_ended: true,
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        positions.iter().any(|p| p.position.to.is_some()),
        "no turnover"
    );
    assert_eq!(positions.len() as u64, count("positions"));

    let today = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap_or_default();
    let tasks = b
        .run(ListTasks {
            owner: None,
            overdue_only: false,
            today,
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(tasks.iter().any(|t| !t.is_open()), "no task done");
    assert!(
        tasks.iter().any(|t| !t.notes.is_empty()),
        "no progress noted"
    );
    let figures = b
        .run(GetMeetingFigures {
            from: synth::first_day().date(),
            to: synth::last_day().date(),
            today,
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!figures.people.is_empty(), "no attendance counted");

    // Work records: a tenth as many trainings and visits as activities, a
    // fiftieth as many study-base sessions, all counted in the tallies.
    assert_eq!(count("activities"), 600);
    assert_eq!(count("trainings"), 60);
    assert_eq!(count("visits"), 60);
    assert_eq!(count("study_sessions"), 12);
    let work = b
        .run(GetWorkFigures {
            unit: None,
            period: whole_history(),
        })
        .unwrap_or_else(|e| panic!("{e}"));
    let t = &work.tally;
    assert_eq!(
        (t.activities, t.trainings, t.visits, t.study_sessions),
        (600, 60, 60, 12)
    );
    assert_eq!(t.by_kind.iter().sum::<u32>(), 600);
    assert!(t.by_kind.iter().filter(|n| **n > 0).count() >= 5, "{t:?}");
    assert!(t.by_mode.iter().all(|n| *n > 0), "{t:?}");
    assert!(t.online > 0 && t.online < 600 && t.youths > 600, "{t:?}");
    assert!(work.visit_people > 1 && work.visit_villages > 1, "{work:?}");
    let named = b
        .run(ListWork {
            filter: WorkFilter::new(WorkList::Activities),
            offset: 0,
            limit: 600,
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        named.items.iter().any(|i| !i.people().is_empty()),
        "no elders named"
    );

    let report = b.run(Check {}).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.is_clean(), "{report:?}");
}

/// The tallies and indexes the generator's imports wrote are those the
/// records make: a recount from the records gives the stored tallies, and
/// every live record has its entry in the date index.
fn work_indexes_match_the_records(db: &std::path::Path) {
    let store = Store::open(db, &OpenOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let stored: BTreeMap<_, _> = work::all_tallies(&store)
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .collect();
    let recounted = work::recount(&store).unwrap_or_else(|e| panic!("{e}"));
    assert!(!stored.is_empty());
    assert_eq!(stored, recounted);
    for list in WorkList::ALL {
        let records = store.raw_entries(work::tree_of(list)).count();
        let indexed = work::by_date(
            &store,
            list,
            Day::ymd(1, 1, 1).unwrap(),
            Day::ymd(9999, 12, 31).unwrap(),
            false,
        )
        .count();
        assert!(records > 0, "{list:?}");
        assert_eq!(records, indexed, "{list:?}");
    }
}

#[test]
fn every_kind_lands_checks_clean_and_a_seed_gives_the_same_records() {
    let (a, first, summary) = generate("same-a", 11);
    every_kind_landed(&first, &summary);
    let (_b, second, _) = generate("same-b", 11);
    let prints = fingerprint(&first);
    assert!(prints.len() > 400);
    assert_eq!(prints, fingerprint(&second));
    drop(first);
    work_indexes_match_the_records(&a.path().join("db"));
}

/// Every entry of the trees the work records keep beside themselves, and
/// each record without its times: what a load and an import must agree on.
fn work_content(db: &std::path::Path) -> Vec<(String, Vec<u8>, Vec<u8>)> {
    let store = Store::open(db, &OpenOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for tree in work::WRITTEN_FROM_RECORDS {
        for kv in store.raw_entries(tree) {
            let (k, v) = kv.unwrap_or_else(|e| panic!("{e}"));
            out.push((tree.name().to_string(), k, v));
        }
    }
    for list in WorkList::ALL {
        for kv in store.raw_entries(work::tree_of(list)) {
            let (k, v) = kv.unwrap_or_else(|e| panic!("{e}"));
            let item = work::decode_item(list, &v).unwrap_or_else(|e| panic!("{e:?}"));
            let text = format!("{:?} {} {:?}", item.id(), item.rev(), item.draft());
            out.push((format!("{list:?}"), k, text.into_bytes()));
        }
    }
    out
}

/// The work records `ggw gen` loads (`Service::load_work`: no look-ups per
/// row, tallies and days summed across commits, indexes held back) leave
/// the same records, indexes, tallies and days by person as the same
/// records sent through the service's work import, 50 rows a file, on a
/// database generated alike up to its meetings; and both check clean.
#[test]
fn loaded_work_records_are_what_the_import_writes() {
    let (a, loaded, _) = generate_kinds("load", 7, synth::KINDS, true);
    let upto = synth::kinds_upto(Some("meetings")).unwrap_or_else(|| panic!("no meetings"));
    let (b, imported, _) = generate_kinds("import", 7, upto, false);
    for list in WorkList::ALL {
        let items = loaded
            .run(ListWork {
                filter: WorkFilter::new(list),
                offset: 0,
                limit: 10_000,
            })
            .unwrap_or_else(|e| panic!("{e}"))
            .items;
        let mut items: Vec<_> = items.into_iter().collect();
        items.sort_by_key(|i| i.id().id);
        assert!(!items.is_empty(), "{list:?}");
        for (n, file) in items.chunks(50).enumerate() {
            let rows = file
                .iter()
                .enumerate()
                .map(|(line, i)| WorkImportRow {
                    line: line + 1,
                    unit: i.unit().0.to_string(),
                    people: i.people().iter().map(|p| format!("#{}", p.0)).collect(),
                    draft: i.draft(),
                })
                .collect();
            let written = imported
                .run(ImportWork {
                    list,
                    rows,
                    source: format!("file {n}"),
                    check_only: false,
                })
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(written, file.len());
        }
    }
    for b in [&loaded, &imported] {
        let report = b.run(Check {}).unwrap_or_else(|e| panic!("{e}"));
        assert!(report.is_clean(), "{report:?}");
    }
    drop((loaded, imported));
    let (from_load, from_import) = (
        work_content(&a.path().join("db")),
        work_content(&b.path().join("db")),
    );
    assert!(from_load.iter().any(|(t, ..)| t == "person_days"));
    assert_eq!(from_load.len(), from_import.len());
    for (l, i) in from_load.iter().zip(&from_import) {
        assert_eq!(l, i);
    }
}
