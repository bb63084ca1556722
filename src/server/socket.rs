//! Where the server's socket lives, and setting it up: a stale file from a
//! crashed server is replaced, a live server is left alone.

use std::io;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const SYSTEM_SOCKET: &str = "/run/ggw/ggw.sock";

fn user_socket() -> Option<PathBuf> {
    std::env::var_os("XDG_RUNTIME_DIR")
        .filter(|d| !d.is_empty())
        .map(|d| PathBuf::from(d).join("ggw").join("ggw.sock"))
}

/// Root (a system service) listens under /run; anyone else in their own
/// runtime directory.
pub fn default_server_socket() -> PathBuf {
    if rustix::process::getuid().is_root() {
        return PathBuf::from(SYSTEM_SOCKET);
    }
    user_socket().unwrap_or_else(|| PathBuf::from(SYSTEM_SOCKET))
}

/// Where a client looks for a server: the path it was given, else the
/// user's own runtime directory, then the system path the shared server
/// uses.
pub fn client_candidates(given: Option<&Path>) -> Vec<PathBuf> {
    match given {
        Some(p) => vec![p.to_path_buf()],
        None => user_socket()
            .into_iter()
            .chain([PathBuf::from(SYSTEM_SOCKET)])
            .collect(),
    }
}

fn io_err(path: &Path, e: io::Error) -> Error {
    Error::Io {
        detail: format!("{}: {e}", path.display()),
    }
}

/// The group id of `name`, from /etc/group.
pub fn group_id(name: &str) -> Result<u32> {
    std::fs::read_to_string("/etc/group")
        .ok()
        .and_then(|groups| {
            groups.lines().find_map(|line| {
                let mut fields = line.split(':');
                (fields.next()? == name).then_some(())?;
                fields.nth(1)?.parse::<u32>().ok()
            })
        })
        .or_else(|| name.parse::<u32>().ok())
        .ok_or_else(|| Error::UnknownGroup {
            group: name.to_string(),
        })
}

fn chown_group(path: &Path, gid: u32) -> Result<()> {
    rustix::fs::chown(path, None, Some(rustix::fs::Gid::from_raw(gid)))
        .map_err(|e| io_err(path, e.into()))
}

fn set_mode(path: &Path, mode: u32) -> Result<()> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .map_err(|e| io_err(path, e))
}

/// The socket of the full-screen program that has `db` open, where the
/// other commands on that database reach it. It lives in the database's
/// own folder: whoever may not open the folder may not open the database.
pub fn hosted(db: &Path) -> PathBuf {
    std::fs::canonicalize(db)
        .unwrap_or_else(|_| db.to_path_buf())
        .join(HOSTED_SOCKET)
}

const HOSTED_SOCKET: &str = "open.sock";

/// Binds the program's own socket: only its user may connect.
pub fn bind_private(path: &Path) -> Result<UnixListener> {
    let listener = bind_fresh(path)?;
    set_mode(path, 0o600)?;
    Ok(listener)
}

/// Binds the socket with mode 0660, owned by `group` when given.
pub fn bind(path: &Path, group: Option<&str>) -> Result<UnixListener> {
    let gid = group.map(group_id).transpose()?;
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        std::fs::create_dir_all(dir).map_err(|e| io_err(dir, e))?;
        // Staff must reach the socket; the socket's own mode and group
        // decide who may connect.
        match gid {
            Some(g) => {
                chown_group(dir, g)?;
                set_mode(dir, 0o750)?;
            }
            None => set_mode(dir, 0o711)?,
        }
    }
    let listener = bind_fresh(path)?;
    set_mode(path, 0o660)?;
    if let Some(g) = gid {
        chown_group(path, g)?;
    }
    Ok(listener)
}

/// Binds `path`, replacing a socket nobody answers on.
fn bind_fresh(path: &Path) -> Result<UnixListener> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if UnixStream::connect(path).is_ok() {
            return Err(Error::SocketInUse {
                path: path.display().to_string(),
            });
        }
        if !meta.file_type().is_socket() {
            return Err(io_err(
                path,
                io::Error::new(io::ErrorKind::AlreadyExists, "exists and is not a socket"),
            ));
        }
        // Nobody answers: a crashed server left it behind.
        std::fs::remove_file(path).map_err(|e| io_err(path, e))?;
    }
    UnixListener::bind(path).map_err(|e| io_err(path, e))
}
