//! A writer for crash tests: creates units one by one and prints each id
//! only after the service has said it is saved.

use std::io::Write;

use crate::backend::{Backend, BackendExt};
use crate::domain::UnitKind;
use crate::error::{Error, Result};

pub fn write_loop(backend: &dyn Backend, count: u64) -> Result<()> {
    let root = backend
        .units(false)?
        .into_iter()
        .find(|u| u.parent.is_none())
        .ok_or_else(|| Error::Corrupt {
            what: "no district unit".into(),
        })?;
    let township = match backend.resolve_unit(&format!("{}/压力测试乡", root.name)) {
        Ok(t) => t,
        Err(_) => backend.create_unit(root.id, UnitKind::Township, "压力测试乡")?,
    };
    let mut out = std::io::stdout().lock();
    let mut n = 0u64;
    loop {
        let unit = backend.create_unit(
            township.id,
            UnitKind::Village,
            &format!("村{}-{n}", std::process::id()),
        )?;
        // The id goes out only now: everything printed is acknowledged.
        let _ = writeln!(out, "{}", unit.id);
        let _ = out.flush();
        n += 1;
        if count != 0 && n >= count {
            return Ok(());
        }
    }
}
