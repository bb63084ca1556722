//! The roster's window is a request like any other: under `ggw serve` a
//! client gets the same page the database gives in process.

use crate::kit;

use ggw::api::people::{ListPeoplePage, PeopleFilter, PeopleSort, StatusFilter};
use ggw::backend::BackendExt;
use kit::{Server, TempDb};

#[test]
fn a_client_pages_the_roster_through_the_server() {
    let t: TempDb = kit::demo_db();
    let ask = |offset| ListPeoplePage {
        filter: PeopleFilter {
            status: Some(StatusFilter::Active),
            ..PeopleFilter::default()
        },
        sort: PeopleSort::Unit,
        offset,
        limit: 7,
        around: None,
    };
    let here = {
        let b = ggw::backend::LocalBackend::open(
            &t.path,
            &ggw::store::OpenOptions::default(),
            ggw::service::Actor::new("tester"),
        )
        .unwrap();
        b.run(ask(300)).unwrap()
    };
    let server = Server::start(&t.path, &t.path.with_extension("sock"));
    let there = server.connect().run(ask(300)).unwrap();
    assert_eq!(there, here);
    assert_eq!((there.total, there.offset, there.rows.len()), (315, 300, 7));
}
