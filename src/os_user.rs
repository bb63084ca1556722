//! The name of an operating-system user, for the audit log and accounts.

use std::io;

/// The user name of `uid` from /etc/passwd, or `uid N` when it has none.
/// An error when the list itself cannot be read (a server out of file
/// descriptors, say): that says nothing about whether the user exists, and
/// must not be taken for "no such user".
pub fn name_of(uid: u32) -> io::Result<String> {
    let passwd = std::fs::read_to_string("/etc/passwd")?;
    Ok(find_name(&passwd, uid).unwrap_or_else(|| format!("uid {uid}")))
}

fn find_name(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let id = fields.nth(1)?.parse::<u32>().ok()?;
        (id == uid).then(|| name.to_string())
    })
}

/// The user running this program; `uid N` if the list cannot be read.
pub fn current() -> String {
    let uid = rustix::process::getuid().as_raw();
    name_of(uid).unwrap_or_else(|_| format!("uid {uid}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_third_field() {
        let passwd = "root:x:0:0::/root:/bin/sh\nzhangsan:x:1001:1001::/home/z:/bin/bash\n";
        assert_eq!(find_name(passwd, 1001).as_deref(), Some("zhangsan"));
        assert_eq!(find_name(passwd, 0).as_deref(), Some("root"));
        assert_eq!(find_name(passwd, 7), None);
    }
}
