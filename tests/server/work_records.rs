//! Work records through `ggw serve`: two clients, one adds, the other sees
//! the record in its list and its figures, and the same activity typed
//! again by the second is refused with the first one's id.

use crate::kit;

use ggw::api::work::{AddWork, GetWorkFigures, ListWork, WorkFilter};
use ggw::backend::BackendExt;
use ggw::domain::UnitKind;
use ggw::domain::day::Day;
use ggw::domain::people_figures::Period;
use ggw::domain::work::ActivityKind;
use ggw::domain::work_item::{ActivityDraft, WorkDraft, WorkList};
use ggw::error::Error;
use kit::Server;

#[test]
fn two_clients_share_the_work_records_and_a_duplicate_is_refused() {
    let w = kit::world()
        .unit("爱辉区", UnitKind::Township, "四嘉子乡")
        .build();
    let town = w.unit("四嘉子乡").id;
    let db = w.dir.path.clone();
    drop(w.b);
    let server = Server::start(&db, &db.with_extension("sock"));
    let (a, b) = (server.connect(), server.connect());
    let draft = WorkDraft::Activity(ActivityDraft {
        unit: town,
        date: Day::ymd(2026, 5, 4).unwrap(),
        title: "五四青年座谈会".into(),
        theme: String::new(),
        kind: ActivityKind::Education,
        online: false,
        place: String::new(),
        youths: 80,
        elders: vec![],
        notes: String::new(),
    });
    let first = a
        .run(AddWork {
            draft: draft.clone(),
        })
        .unwrap();
    let page = b
        .run(ListWork {
            filter: WorkFilter::new(WorkList::Activities),
            offset: 0,
            limit: 10,
        })
        .unwrap();
    assert_eq!((page.total, page.items[0].id()), (1, first.id()));
    let f = b
        .run(GetWorkFigures {
            unit: Some(town),
            period: Period {
                from: Day::ymd(2026, 1, 1).unwrap(),
                to: Day::ymd(2026, 12, 31).unwrap(),
            },
        })
        .unwrap();
    assert_eq!((f.tally.activities, f.tally.youths), (1, 80));
    match b.run(AddWork { draft }) {
        Err(Error::DuplicateActivity { id, .. }) => assert_eq!(id, first.id().id),
        other => panic!("expected the duplicate refused, got {other:?}"),
    }
    drop((a, b));
    assert!(server.terminate().success());
}
