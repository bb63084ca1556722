//! Two people at once: two real `ggw` programs in two pseudo-terminals on
//! one server. What one saves appears on the other's screen.

use crate::kit;
use crate::kit::tmux;
use ggw::api::meetings::GetCalendar;
use ggw::backend::BackendExt;

use crate::kit::Ggw;
use kit::{Server, TempDir};

#[test]
fn a_unit_added_in_one_terminal_appears_in_the_other() {
    if !tmux::available() {
        return;
    }
    let dir = TempDir::new("e2e-two");
    let db = kit::init_db(dir.path());
    let socket = dir.path().join("ggw.sock");
    let _server = Server::start(&db, &socket);
    let tmux = tmux::Tmux::new("two-users", dir.path());
    for who in ["zhang", "li"] {
        let ggw = Ggw::new()
            .home(&dir.path().join(who))
            .lang("C.UTF-8")
            .env("TERM", "xterm-256color")
            .args(["--socket", socket.to_str().unwrap()])
            .shell();
        let script = format!("exec {ggw}\n");
        tmux.start(who, &script);
    }
    // Both run as this OS user: one person online, connected to the server.
    tmux.wait_for("zhang", "服务器 1 人在线");
    let before = tmux.wait_for("li", "服务器 1 人在线");
    assert!(!before.contains("四嘉子乡"), "{before}");

    tmux.keys("zhang", &["a"]);
    tmux.wait_for("zhang", "下新增单位");
    tmux.text("zhang", "四嘉子乡");
    tmux.keys("zhang", &["Enter"]);
    tmux.wait_for("zhang", "已新增：爱辉区/四嘉子乡");

    // li typed nothing: the server's notice alone brings the new unit.
    let after = tmux.wait_for("li", "四嘉子乡");
    assert!(after.contains("服务器 1 人在线"), "{after}");
    let out = kit::ggw()
        .args(["--socket", socket.to_str().unwrap(), "units"])
        .output()
        .unwrap();
    assert!(kit::stdout(&out).contains("四嘉子乡 [乡镇]"));
    tmux.keys("li", &["q"]);
    tmux.keys("zhang", &["q"]);
}

/// Under `ggw serve` the dates are moved by the server's holiday file, so a
/// client's calendar is the server's too, not the one of the machine it
/// runs on.
#[test]
fn a_client_colours_the_days_by_the_servers_holidays() {
    let dir = TempDir::new("srv-calendar");
    let db = kit::init_db(dir.path());
    let holidays = dir.path().join("holidays.toml");
    std::fs::write(
        &holidays,
        "[[year]]\nyear = 2030\nnotice = \"测试通知\"\n\n[[year.festival]]\nname = \"元旦\"\nfrom = 2030-01-01\ndays = 1\n",
    )
    .unwrap();
    let server = Server::start_in(
        &db,
        &dir.path().join("ggw.sock"),
        &[],
        &[("GGW_HOLIDAYS", holidays.as_path())],
    );
    // This process knows no 2030; the server does, and says so.
    assert!(!ggw::service::meetings::calendar().covers(2030));
    let calendar = server.connect().run(GetCalendar {}).unwrap();
    assert!(calendar.covers(2030));
    let new_year = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
    assert!(!calendar.is_working_day(new_year));
}
