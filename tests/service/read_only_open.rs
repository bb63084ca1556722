//! Opening a database to read it writes nothing to its files, and a normal
//! open and writes after such an open behave as ever.

use crate::kit;

use std::time::{Duration, SystemTime};

use ggw::api::units::{Children, CreateUnit, ResolveUnit};
use ggw::backend::{BackendExt, LocalBackend};
use ggw::domain::unit::UnitKind;
use ggw::service::Actor;
use ggw::store::OpenOptions;

fn stamp(path: &std::path::Path) -> (u64, SystemTime) {
    let m = std::fs::metadata(path.join("db")).unwrap();
    (m.len(), m.modified().unwrap())
}

#[test]
fn reading_leaves_the_files_as_they_were() {
    let t = kit::temp_db();
    let b = kit::district_backend(&t, "wang");
    let root = b
        .run(ResolveUnit {
            given: "爱辉区".into(),
        })
        .unwrap()
        .id;
    drop(b);
    let open = || LocalBackend::open(&t.path, &OpenOptions::default(), Actor::new("wang")).unwrap();
    // The first open after a write zeroes the log's tail past what was
    // written; from then on it already holds zeros.
    drop(open());
    let before = stamp(&t.path);
    // Long enough for any write to show in the file's time.
    std::thread::sleep(Duration::from_millis(30));
    for _ in 0..2 {
        let b = open();
        assert!(b.run(Children { id: root }).unwrap().is_empty());
        drop(b);
    }
    assert_eq!(stamp(&t.path), before);

    let b = open();
    b.run(CreateUnit {
        parent: root,
        name: "西岗子镇".into(),
        kind: UnitKind::Township,
        short_name: None,
    })
    .unwrap();
    drop(b);
    let b = open();
    assert_eq!(b.run(Children { id: root }).unwrap().len(), 1);
    assert!(b.service().check().unwrap().is_clean());
}
