//! The server knows who is asking from the socket's peer credentials, and
//! every audit entry names that user.

use crate::kit;

use std::os::unix::process::CommandExt;

use kit::{Server, TempDir, ggw, init_db, stderr, stdout};

#[test]
fn the_audit_names_the_peer_not_a_claim() {
    let dir = TempDir::new("identity");
    let db = init_db(dir.path());
    let server = Server::start(&db, &dir.path().join("ggw.sock"));
    let out = server.client(&[
        "unit",
        "add",
        "--parent",
        "爱辉区",
        "--kind",
        "乡镇",
        "--name",
        "四嘉子乡",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // `--db` naming the server's own database still goes through the
    // server, which holds it.
    let out = server.client(&[
        "--db",
        db.to_str().unwrap(),
        "history",
        "--format",
        "json",
        "--limit",
        "1",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries[0]["user"], ggw::os_user::current());
    assert_eq!(entries[0]["label"], "四嘉子乡");
}

const NOBODY: u32 = 65534;

/// Runs `ggw` as the OS user `nobody`.
fn as_nobody(server: &Server, args: &[&str]) -> std::process::Output {
    ggw()
        .args(["--socket", server.socket.to_str().unwrap()])
        .args(args)
        .uid(NOBODY)
        .gid(NOBODY)
        .output()
        .unwrap()
}

/// Needs root, to run a client as another user; elsewhere it says so and
/// passes.
#[test]
fn another_os_user_gets_exactly_their_account() {
    if !rustix::process::getuid().is_root()
        || ggw::server::socket::group_id("nogroup").ok() != Some(NOBODY)
    {
        eprintln!("skipped: needs root and the group nogroup ({NOBODY})");
        return;
    }
    let dir = TempDir::new("nobody");
    let db = init_db(dir.path());
    let server = Server::start_with(&db, &dir.path().join("ggw.sock"), &["--group", "nogroup"]);
    assert!(
        server
            .client(&[
                "unit",
                "add",
                "--parent",
                "爱辉区",
                "--kind",
                "乡镇",
                "--name",
                "四嘉子乡"
            ])
            .status
            .success()
    );
    assert!(
        server
            .client(&[
                "unit",
                "add",
                "--parent",
                "爱辉区",
                "--kind",
                "乡镇",
                "--name",
                "新生乡"
            ])
            .status
            .success()
    );

    // No account: refused, told whom to ask.
    let out = as_nobody(&server, &["units"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("nobody 没有 ggw 账号"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains(&ggw::os_user::current()),
        "{}",
        stderr(&out)
    );

    // A viewer sees the subtree and cannot write.
    let add = server.client(&[
        "account",
        "add",
        "nobody",
        "--role",
        "viewer",
        "--unit",
        "爱辉区/四嘉子乡",
    ]);
    assert!(add.status.success(), "{}", stderr(&add));
    let out = as_nobody(&server, &["units"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), "四嘉子乡 [乡镇] #2");
    let village = [
        "unit",
        "add",
        "--parent",
        "爱辉区/四嘉子乡",
        "--kind",
        "村屯",
        "--name",
        "小乌斯力村",
    ];
    let out = as_nobody(&server, &village);
    assert!(stderr(&out).contains("无权修改"), "{}", stderr(&out));

    // An operator writes in the subtree, and the audit names them.
    assert!(
        server
            .client(&["account", "set", "nobody", "--role", "operator"])
            .status
            .success()
    );
    let out = as_nobody(&server, &village);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = as_nobody(
        &server,
        &[
            "unit",
            "add",
            "--parent",
            "爱辉区",
            "--kind",
            "乡镇",
            "--name",
            "越权乡",
        ],
    );
    assert!(
        stderr(&out).contains("无权修改“爱辉区”"),
        "{}",
        stderr(&out)
    );
    let out = server.client(&["history", "--format", "json", "--limit", "1"]);
    let entries: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(entries[0]["user"], "nobody");
    assert_eq!(entries[0]["label"], "小乌斯力村");
    // Accounts are an admin's business.
    let out = as_nobody(&server, &["account", "list"]);
    assert!(stderr(&out).contains("只有管理员"), "{}", stderr(&out));
}
