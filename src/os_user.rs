//! The name of an operating-system user, for the audit log and accounts.

/// The user name of `uid` from /etc/passwd, or `uid N` when it has none.
pub fn name_of(uid: u32) -> String {
    std::fs::read_to_string("/etc/passwd")
        .ok()
        .and_then(|passwd| {
            passwd.lines().find_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                let id = fields.nth(1)?.parse::<u32>().ok()?;
                (id == uid).then(|| name.to_string())
            })
        })
        .unwrap_or_else(|| format!("uid {uid}"))
}

pub fn current() -> String {
    name_of(rustix::process::getuid().as_raw())
}
