//! Reads the screen does not wait for: a tab's first visit draws the tab
//! and a loading line at once and its rows when they come; a listing a key
//! asked for replaces the rows shown only if no newer key asked since.
//! A backend in front of the real one holds the roster's listing until the
//! test lets it go.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use crate::kit;

use ggw::api::people::PeopleRequest;
use ggw::backend::{Backend, LocalBackend};
use ggw::error::{Error, Result};
use ggw::lang::Lang;
use ggw::service::{Request, Response};
use ggw::tui::app::App;
use kit::TempDir;

/// A held listing: the status it filters by and its order, and what lets
/// it go on.
type Held = (String, mpsc::Sender<()>);

struct Holding {
    inner: LocalBackend,
    /// Whether listings are held (else they pass at once).
    hold: Arc<AtomicBool>,
    /// Whether a listing fails instead.
    fail: bool,
    held: Mutex<mpsc::Sender<Held>>,
}

impl Backend for Holding {
    fn call(&self, request: Request) -> Result<Response> {
        if let Request::People(PeopleRequest::ListPeoplePage(q)) = &request {
            if self.fail {
                return Err(Error::Storage {
                    detail: "磁盘读不出".into(),
                });
            }
            if self.hold.load(Ordering::SeqCst) {
                let (go, wait) = mpsc::channel();
                let status = format!("{:?} {:?}", q.filter.status, q.sort);
                self.held.lock().unwrap().send((status, go)).unwrap();
                let _ = wait.recv();
            }
        }
        self.inner.call(request)
    }
}

/// The program over the demo database with its listings held (or, with
/// `fail`, refused), drawing at once rather than waiting for its loads;
/// where the held listings are announced, and the switch that holds them.
fn holding(
    dir: &TempDir,
    lang: Lang,
    hold: bool,
    fail: bool,
) -> (App, mpsc::Receiver<Held>, Arc<AtomicBool>) {
    let (tx, held) = mpsc::channel();
    let switch = Arc::new(AtomicBool::new(hold));
    let backend = Holding {
        inner: kit::demo_backend(dir.path()),
        hold: switch.clone(),
        fail,
        held: Mutex::new(tx),
    };
    let mut app = kit::app_shared(backend).lang(lang).build();
    app.wait_for_loads(false);
    (app, held, switch)
}

fn next_held(held: &mpsc::Receiver<Held>) -> Held {
    held.recv_timeout(Duration::from_secs(30))
        .expect("a listing reaches the backend")
}

#[test]
fn a_tabs_first_visit_shows_the_tab_and_a_loading_line_then_its_rows() {
    for (lang, tab, loading, mode, first) in [
        (
            Lang::Zh,
            " 组织 [五老]",
            " 正在读取…",
            "[读取]",
            "315 人（在册 315，除名 0） · 在册 · 排序：单位",
        ),
        (
            Lang::En,
            " Units [Elders]",
            " Loading…",
            "[loading]",
            "315 (315 on roll, 0 struck off) · on roll · sort: unit",
        ),
    ] {
        let dir = TempDir::new("tui-loads-first-visit");
        let (mut app, held, _) = holding(&dir, lang, true, false);
        app.feed("<tab>").unwrap();
        // The listing is on its way and held: the frame after the key shows
        // the new tab, and in its body only the loading line.
        let (status, go) = next_held(&held);
        assert_eq!(status, "Some(Active) Unit");
        let s = kit::screen(&app);
        assert!(s[0].starts_with(tab), "{}", s.join("\n"));
        assert_eq!(s[1], loading);
        assert!(s[2..22].iter().all(|r| r.is_empty()), "{}", s.join("\n"));
        assert!(s[23].starts_with(mode), "{}", s[23]);
        // The roster's own keys do nothing while it loads; help opens and
        // closes.
        app.feed("s").unwrap();
        app.feed("?").unwrap();
        assert!(app.form().is_none());
        app.feed("<esc>").unwrap();
        assert_eq!(kit::screen(&app)[1], loading);
        go.send(()).unwrap();
        app.settle();
        let s = kit::screen(&app);
        assert_eq!(s[1], first, "{}", s.join("\n"));
        assert!(!app.loading());
    }
}

#[test]
fn a_listing_made_stale_by_a_newer_key_is_dropped_or_never_read() {
    let dir = TempDir::new("tui-loads-stale");
    let (mut app, held, hold) = holding(&dir, Lang::Zh, false, false);
    app.wait_for_loads(true);
    app.feed("<tab>").unwrap();
    let before = "315 人（在册 315，除名 0） · 在册 · 排序：单位";
    assert_eq!(kit::screen(&app)[1], before);
    app.wait_for_loads(false);
    hold.store(true, Ordering::SeqCst);
    // Struck off: the listing reaches the backend and is held there.
    app.feed("s").unwrap();
    let (first, go_first) = next_held(&held);
    assert_eq!(first, "Some(Removed) Unit");
    // The rows shown stay, with the mark that more are coming.
    let s = kit::screen(&app);
    assert!(s[3].starts_with("> 刘振华"), "{}", s[3]);
    assert!(s[22].ends_with("正在读取…"), "{}", s[22]);
    // Everyone, then by name: two more listings, waiting their turn.
    app.feed("sS").unwrap();
    // The first answer (64 struck off) comes too late and shows nothing;
    // nor does the second's, whichever of the two arrives first.
    go_first.send(()).unwrap();
    assert!(app.settle_one());
    let s = kit::screen(&app);
    assert!(s[1].starts_with("315 人（在册 315，除名 0）"), "{}", s[1]);
    assert!(s[3].starts_with("> 刘振华"), "{}", s[3]);
    assert!(s[22].ends_with("正在读取…"), "{}", s[22]);
    // The second, overtaken while it waited, is never read: the next
    // listing the backend sees is the third, whichever of the two waiting
    // took its turn first.
    let (third, go_third) = next_held(&held);
    assert_eq!(third, "None Name");
    go_third.send(()).unwrap();
    assert!(app.settle_one());
    assert!(app.settle_one());
    let s = kit::screen(&app);
    assert_eq!(s[1], "379 人（在册 315，除名 64） · 全部 · 排序：姓名");
    assert!(!s[22].contains("正在读取"), "{}", s[22]);
    assert!(!app.loading());
    assert!(held.try_recv().is_err());
}

#[test]
fn a_failed_load_says_why_and_stays_on_the_tab_before() {
    let dir = TempDir::new("tui-loads-failed");
    let (mut app, _held, _) = holding(&dir, Lang::Zh, false, true);
    app.feed("<tab>").unwrap();
    app.settle();
    let s = kit::screen(&app);
    assert!(s[0].starts_with("[组织] 五老"), "{}", s[0]);
    assert!(s[22].contains("磁盘读不出"), "{}", s[22]);
    // Visited again, it tries again.
    app.feed("<tab>").unwrap();
    assert_eq!(kit::screen(&app)[1], " 正在读取…");
    app.settle();
    assert!(kit::screen(&app)[0].starts_with("[组织] 五老"));
}

#[test]
fn over_a_server_the_tabs_load_on_threads_sharing_one_connection() {
    use ggw::api::units::{GetUnit, ListUnits};
    use ggw::backend::BackendExt;

    let dir = TempDir::new("tui-loads-remote");
    let db = kit::init_db(dir.path());
    let server = kit::Server::start(&db, &dir.path().join("s.sock"));
    let remote = Arc::new(server.connect());
    // Two threads at once on one connection, each getting its own replies.
    let units = remote
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap();
    let (root, count) = (units[0].id, units.len());
    std::thread::scope(|s| {
        for _ in 0..2 {
            let remote = remote.clone();
            s.spawn(move || {
                for _ in 0..200 {
                    assert_eq!(remote.run(GetUnit { id: root }).unwrap().id, root);
                    assert_eq!(
                        remote
                            .run(ListUnits {
                                include_archived: false
                            })
                            .unwrap()
                            .len(),
                        count
                    );
                }
            });
        }
    });
    // The program over it visits every tab, each loaded off its thread.
    let remote = Arc::try_unwrap(remote).unwrap_or_else(|_| unreachable!());
    let mut app = kit::app_shared(remote).build();
    for _ in 0..6 {
        app.feed("<tab>").unwrap();
        assert!(app.shown().is_some(), "{}", kit::screen_text(&app));
    }
    assert!(kit::screen(&app)[0].starts_with("[组织]"));
}

/// The same program over its own demo database, every load waited for:
/// what the keys typed ahead should come to.
fn typed_on_a_loaded_tab(lang: Lang, keys: &str) -> Vec<String> {
    let dir = TempDir::new("tui-loads-reference");
    let (mut app, _, _) = holding(&dir, lang, false, false);
    app.wait_for_loads(true);
    app.feed(keys).unwrap();
    kit::screen(&app)
}

#[test]
fn keys_typed_while_a_tab_loads_are_counted_then_answered_in_order() {
    for (lang, one, four) in [
        (
            Lang::Zh,
            " 正在读取…  已记下 1 个按键，就绪后执行",
            " 正在读取…  已记下 4 个按键，就绪后执行",
        ),
        (
            Lang::En,
            " Loading…  1 key kept for when it is ready",
            " Loading…  4 keys kept for when it is ready",
        ),
    ] {
        let dir = TempDir::new("tui-loads-typeahead");
        let (mut app, held, hold) = holding(&dir, lang, true, false);
        app.feed("<tab>").unwrap();
        let (_, go) = next_held(&held);
        // Each key kept changes the screen at once: the count goes up. It
        // begins no read, so the event loop, which holds a frame only for
        // reads begun since the last one drawn, draws it at once.
        let job = app.last_job();
        app.feed("G").unwrap();
        assert!(!app.loading_since(job));
        assert_eq!(kit::screen(&app)[1], one);
        app.feed("kkj").unwrap();
        assert_eq!(app.last_job(), job);
        let s = kit::screen(&app);
        assert_eq!(s[1], four);
        assert!(s[2..22].iter().all(|r| r.is_empty()), "{}", s.join("\n"));
        assert_eq!(app.keys_waiting(), 4);
        // Nothing was read for them yet: the listing is still the first.
        hold.store(false, Ordering::SeqCst);
        go.send(()).unwrap();
        app.settle();
        assert_eq!(app.keys_waiting(), 0);
        // Last, two up, one down: the second to last of 315, as typed
        // once the roster is there; in another order they would end
        // elsewhere (one down from the first, then last: the last).
        let s = kit::screen(&app);
        assert_eq!(s, typed_on_a_loaded_tab(lang, "<tab>Gkkj"));
        assert_ne!(s, typed_on_a_loaded_tab(lang, "<tab>kkjG"));
        let cursor: Vec<&String> = s.iter().filter(|r| r.starts_with("> ")).collect();
        assert_eq!(cursor.len(), 1, "{}", s.join("\n"));
        assert!(!app.loading());
    }
}

#[test]
fn help_forgets_the_keys_kept_and_a_tab_switch_behind_them_comes_in_its_turn() {
    let dir = TempDir::new("tui-loads-typeahead-leave");
    let (mut app, held, hold) = holding(&dir, Lang::Zh, true, false);
    let first = " 正在读取…";
    app.feed("<tab>").unwrap();
    let (_, go) = next_held(&held);
    // Help over the loading tab forgets the keys typed before it.
    app.feed("jj").unwrap();
    assert_eq!(app.keys_waiting(), 2);
    app.feed("?").unwrap();
    assert_eq!(app.keys_waiting(), 0);
    assert!(kit::screen_text(&app).contains("帮助：全部按键"));
    app.feed("<esc>").unwrap();
    assert_eq!(kit::screen(&app)[1], first);
    // A Tab behind kept keys waits with them: after three moves on 五老
    // it goes on to 会议.
    app.feed("jjj<tab>").unwrap();
    assert_eq!(app.keys_waiting(), 4);
    assert!(kit::screen(&app)[0].contains("[五老]"));
    hold.store(false, Ordering::SeqCst);
    go.send(()).unwrap();
    app.settle();
    assert_eq!(app.keys_waiting(), 0);
    assert!(
        kit::screen(&app)[0].contains("[会议]"),
        "{}",
        kit::screen_text(&app)
    );
    // Back on 五老: the cursor the three moves left.
    app.feed("<s-tab>").unwrap();
    assert_eq!(
        kit::screen(&app),
        typed_on_a_loaded_tab(Lang::Zh, "<tab>jjj")
    );
    assert!(kit::screen(&app)[6].starts_with("> "));
}

#[test]
fn a_tab_switch_with_no_key_waiting_leaves_the_loading_tab_at_once() {
    let dir = TempDir::new("tui-loads-typeahead-switch");
    let (mut app, held, hold) = holding(&dir, Lang::Zh, true, false);
    app.feed("<tab>").unwrap();
    let (_, go) = next_held(&held);
    // 会议 loads (nothing holds it) while 五老 waits.
    app.feed("<tab>").unwrap();
    assert!(kit::screen(&app)[0].contains("[会议]"));
    assert!(app.settle_one());
    assert!(app.shown().is_some());
    // Back on 五老, still loading; keys kept there are answered there.
    app.feed("<s-tab>jj").unwrap();
    assert_eq!(app.keys_waiting(), 2);
    hold.store(false, Ordering::SeqCst);
    go.send(()).unwrap();
    app.settle();
    assert_eq!(
        kit::screen(&app),
        typed_on_a_loaded_tab(Lang::Zh, "<tab>jj")
    );
}

#[test]
fn more_keys_than_are_kept_are_dropped_and_said() {
    for (lang, line, said) in [
        (
            Lang::Zh,
            " 正在读取…  已记下 64 个按键，就绪后执行",
            "读取时最多记下 64 个按键，其后 6 个未记下",
        ),
        (
            Lang::En,
            " Loading…  64 keys kept for when it is ready",
            "At most 64 keys are kept while loading; 6 more were dropped",
        ),
    ] {
        let dir = TempDir::new("tui-loads-typeahead-limit");
        let (mut app, held, hold) = holding(&dir, lang, true, false);
        app.feed("<tab>").unwrap();
        let (_, go) = next_held(&held);
        app.feed(&"j".repeat(70)).unwrap();
        let s = kit::screen(&app);
        assert_eq!(s[1], line);
        assert_eq!(s[22], said, "{}", s.join("\n"));
        hold.store(false, Ordering::SeqCst);
        go.send(()).unwrap();
        app.settle();
        // Sixty-four moves down, as many as were kept.
        let mut expected = typed_on_a_loaded_tab(lang, &format!("<tab>{}", "j".repeat(64)));
        // The status line still says what was dropped.
        expected[22] = said.to_string();
        assert_eq!(kit::screen(&app), expected);
    }
}

#[test]
fn q_behind_kept_keys_waits_with_them_and_ctrl_c_quits_at_once() {
    let dir = TempDir::new("tui-loads-typeahead-quit");
    let (mut app, held, _) = holding(&dir, Lang::Zh, true, false);
    app.feed("<tab>").unwrap();
    let (_, go) = next_held(&held);
    // `q` alone leaves at once, as before any key waits.
    app.feed("jjq").unwrap();
    assert!(!app.quit);
    assert_eq!(app.keys_waiting(), 3);
    app.feed("<c-c>").unwrap();
    assert!(app.quit);
    go.send(()).unwrap();
}

#[test]
fn q_with_no_key_waiting_quits_at_once() {
    let dir = TempDir::new("tui-loads-typeahead-quit-now");
    let (mut app, held, _) = holding(&dir, Lang::Zh, true, false);
    app.feed("<tab>").unwrap();
    let (_, go) = next_held(&held);
    app.feed("q").unwrap();
    assert!(app.quit);
    go.send(()).unwrap();
}
