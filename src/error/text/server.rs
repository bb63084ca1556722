//! The server and its socket.

use super::{Msg, both};
use crate::error::{Busy, Error};

pub(in crate::error) fn message(e: &Error) -> Msg {
    match e {
        Error::ProtocolMismatch { client, server } => both(
            format!(
                "版本不符：本程序使用通信协议第 {client} 版，服务器使用第 {server} 版。请让服务器和各用户使用同一版本的 ggw。"
            ),
            format!(
                "Version mismatch: this ggw speaks protocol version {client}, the server speaks version {server}. Run the same ggw version on the server and for every user."
            ),
        ),
        Error::NotAServer { path } => both(
            format!("{path} 上的程序不是 ggw 服务器。请检查 --socket 或 $GGW_SOCKET。"),
            format!("What listens at {path} is not a ggw server. Check --socket or $GGW_SOCKET."),
        ),
        Error::Disconnected { detail } => both(
            format!(
                "与 ggw 服务器的连接断开了（{detail}）。最后一次操作可能未完成，请重新打开后核对。"
            ),
            format!(
                "The connection to the ggw server was lost ({detail}). The last action may not have completed: reopen and check."
            ),
        ),
        Error::SocketDenied { path } => both(
            format!(
                "无权连接 ggw 服务器 {path}。请让管理员把你加入服务器的工作组（如 ggw 组）后重新登录。"
            ),
            format!(
                "You may not connect to the ggw server at {path}. Ask an administrator to add you to the server's staff group (e.g. ggw), then log in again."
            ),
        ),
        Error::SocketInUse { path } => both(
            format!(
                "已有一个 ggw 服务器在 {path} 上运行。一台服务器只需运行一个；如要另起一个，请用 --socket 换一个路径。"
            ),
            format!(
                "A ggw server is already running at {path}. One is enough; to start another, give it a different --socket."
            ),
        ),
        Error::UnknownGroup { group } => both(
            format!("系统中没有名为“{group}”的用户组。请先用 groupadd {group} 创建。"),
            format!("There is no group named \"{group}\"; create it with groupadd {group}."),
        ),
        Error::ServerBusy { reason } => busy(reason),
        _ => unreachable!("{e:?} has its text in another area"),
    }
}

fn busy(reason: &Busy) -> Msg {
    match reason {
        Busy::Connections { limit } => both(
            format!(
                "服务器已满：已有 {limit} 个连接，达到服务器允许的上限。请稍后再试；如果常常这样，请管理员调大 ggw serve 的 --max-connections。"
            ),
            format!(
                "The server is full: {limit} connections are open, as many as it allows. Try again in a moment; if this happens often, ask the administrator to raise `ggw serve --max-connections`."
            ),
        ),
        Busy::UserConnections { user, limit } => both(
            format!(
                "{user} 已经打开了 {limit} 个 ggw 连接，达到每个用户的上限。请关掉不用的 ggw 窗口后再试；确实需要更多，请管理员调大 ggw serve 的 --max-per-user。"
            ),
            format!(
                "{user} already has {limit} ggw connections open, as many as one user may. Close the ggw windows you no longer use and try again; if you need more, ask the administrator to raise `ggw serve --max-per-user`."
            ),
        ),
        Busy::RequestMemory => both(
            "服务器正忙：正在接收的请求占满了为它们留出的内存，这次操作没有执行。请稍后再试。",
            "The server is busy: requests still arriving hold all the memory set aside for them, so this action was not run. Try again in a moment.",
        ),
        Busy::Resources { detail } => both(
            format!(
                "服务器资源不足（{detail}），无法接待这个连接，什么也没有改动。请稍后再试，并请管理员查看服务器日志。"
            ),
            format!(
                "The server is out of resources ({detail}) and could not serve this connection; nothing was changed. Try again in a moment, and ask the administrator to look at the server's log."
            ),
        ),
    }
}
