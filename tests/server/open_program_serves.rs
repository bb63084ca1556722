//! While the full-screen program has a database open, the other commands on
//! that database go through it instead of being refused, and its screen
//! shows what they changed.

use crate::kit;

use kit::TempDir;
use kit::tmux::{self, Tmux};
use std::path::Path;
use std::process::{Command, Output};

use kit::Ggw;

use ggw::api::units::{CreateUnit, ListUnits};

/// A second terminal: the same user and database, no `ggw serve`.
fn second(dir: &Path, args: &[&str]) -> Output {
    Ggw::new()
        .off_servers(dir)
        .lang("C.UTF-8")
        .db(&dir.join("demo.db"))
        .args(args)
        .output()
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn socket(dir: &Path) -> std::path::PathBuf {
    dir.join("demo.db").join("open.sock")
}

#[test]
fn a_second_terminal_works_while_the_program_is_open() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("open-serves");
    ok(&second(dir.path(), &["init", "--demo"]));
    let tmux = Tmux::new("open-serves", dir.path());
    let db = format!("--db {}/demo.db", dir.path().display());
    tmux.start_ggw("one", "C.UTF-8", &db);
    tmux.wait_for("one", "演示数据");

    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let meta = std::fs::metadata(socket(dir.path())).unwrap();
    assert!(meta.file_type().is_socket());
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);

    let history = ok(&second(dir.path(), &["history", "--limit", "3"]));
    assert!(history.contains("新建"), "{history}");
    let report = ok(&second(dir.path(), &["report"]));
    assert!(report.contains("五老在册"), "{report}");
    let added = ok(&second(
        dir.path(),
        &[
            "unit",
            "add",
            "--parent",
            "爱辉区",
            "--kind",
            "其他",
            "--name",
            "隔壁终端基地",
        ],
    ));
    assert!(added.contains("爱辉区/隔壁终端基地"), "{added}");
    // The open program hears of it and shows it without being touched.
    let user = ggw::os_user::current();
    tmux.wait_for_all("one", &["隔壁终端基地", &format!("{user} 刚修改了单位")]);

    // A change made on the screen is seen by the next command at once.
    tmux.keys("one", &["a"]);
    tmux.wait_for("one", "下新增单位");
    tmux.text("one", "屏幕新乡");
    tmux.keys("one", &["Enter"]);
    tmux.wait_for("one", "已新增：爱辉区/屏幕新乡");
    let units = ok(&second(dir.path(), &["units"]));
    assert!(units.contains("屏幕新乡"), "{units}");

    tmux.keys("one", &["q"]);
    tmux.assert_restored("one");
    assert!(!socket(dir.path()).exists(), "the socket is left behind");
    // Closed, the database opens in the command itself, as before.
    let units = ok(&second(dir.path(), &["units"]));
    assert!(units.contains("隔壁终端基地"), "{units}");
}

#[test]
fn a_socket_left_by_a_killed_program_is_passed_over() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("open-stale");
    ok(&second(dir.path(), &["init", "--demo"]));
    let tmux = Tmux::new("open-stale", dir.path());
    let db = format!("--db {}/demo.db", dir.path().display());
    tmux.start_ggw("one", "C.UTF-8", &db);
    tmux.wait_for("one", "演示数据");
    let pid = std::fs::read_to_string(dir.path().join("pid")).unwrap();
    let killed = Command::new("kill")
        .args(["-KILL", pid.trim()])
        .status()
        .unwrap();
    assert!(killed.success());
    tmux.wait_for("one", "EXIT=");
    assert!(socket(dir.path()).exists());

    let units = ok(&second(dir.path(), &["units"]));
    assert!(units.starts_with("爱辉区"), "{units}");
    // The next program takes the socket over and serves again.
    tmux.start_ggw("two", "C.UTF-8", &db);
    tmux.wait_for("two", "演示数据");
    let history = ok(&second(dir.path(), &["history", "--limit", "1"]));
    assert!(history.contains("新建"), "{history}");
    tmux.keys("two", &["q"]);
    tmux.assert_restored("two");
}

/// The same, in this process: the program's backend and a command's
/// connection to it.
#[test]
fn the_program_and_a_command_hear_of_each_others_writes() {
    use ggw::backend::remote::RemoteBackend;
    use ggw::backend::{Backend, BackendExt};
    use ggw::domain::UnitKind;
    use ggw::domain::account::Access;
    use ggw::server::socket;
    use std::time::Duration;

    let t = kit::temp_db();
    let me = ggw::os_user::current();
    let local = kit::district_backend(&t, &me);
    let root = local
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap()[0]
        .id;
    let program = ggw::server::host::serve_open(local, &t.path, ggw::lang::Lang::Zh).unwrap();
    let screen = program.subscribe().unwrap();

    let command = RemoteBackend::connect(&socket::hosted(&t.path))
        .unwrap()
        .expect("the open program answers");
    assert_eq!(command.session().user, me);
    assert_eq!(command.session().access, Access::Admin);
    let heard = command.subscribe().unwrap();

    let from_command = command
        .run(CreateUnit {
            parent: root,
            kind: UnitKind::Township,
            name: "命令行乡".into(),
            short_name: None,
        })
        .unwrap();
    let notice = screen.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(
        (notice.record, notice.by.as_str()),
        (from_command.id.0, me.as_str())
    );

    let from_program = program
        .run(CreateUnit {
            parent: root,
            kind: UnitKind::Township,
            name: "程序乡".into(),
            short_name: None,
        })
        .unwrap();
    let notice = heard.recv_timeout(Duration::from_secs(10)).unwrap();
    assert_eq!(notice.record, from_program.id.0);
    // The program is not told of its own write, nor the command of its.
    assert!(screen.recv_timeout(Duration::from_millis(200)).is_err());
    assert!(heard.try_recv().is_err());
    let names: Vec<String> = command
        .run(ListUnits {
            include_archived: false,
        })
        .unwrap()
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert!(names.contains(&"程序乡".to_string()), "{names:?}");

    drop(program);
    assert!(!socket::hosted(&t.path).exists());
    assert!(
        command
            .run(ListUnits {
                include_archived: false
            })
            .is_err(),
        "served after the program closed"
    );
    // The database is free again.
    ggw::service::Service::open(&t.path, &Default::default()).unwrap();
}
