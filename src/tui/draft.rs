//! A form's unsaved content, kept on disk when the connection drops or the
//! user quits choosing to keep it, and offered again at the next start.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::popups::form::FormPurpose;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The database the form belongs to, for a human reading the file.
    pub db: String,
    pub saved_at: i64,
    pub title: String,
    /// The content as the user saw it, to recognise the draft by.
    #[serde(default)]
    pub summary: String,
    pub purpose: FormPurpose,
    /// Field key → value as typed.
    pub values: Vec<(String, String)>,
}

/// FNV-1a: stable across builds and platforms, unlike std's hasher, so a
/// draft is found again by the next version of the program.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// One draft file per database, in the user's state directory (data
/// directory where there is none).
pub fn path_for(db: &Path) -> Option<PathBuf> {
    let abs = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_path_buf());
    let dir = dirs::state_dir().or_else(dirs::data_dir)?;
    let name = format!("{:016x}.json", fnv1a(abs.to_string_lossy().as_bytes()));
    Some(dir.join("ggw").join("drafts").join(name))
}

pub fn save(path: &Path, draft: &Draft) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_vec_pretty(draft).map_err(std::io::Error::other)?;
    // Write then rename, so a crash mid-write never leaves half a draft.
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, path)
}

/// A draft that cannot be read is treated as none; the file stays for a
/// person to look at.
pub fn load(path: &Path) -> Option<Draft> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

pub fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::UnitId;

    #[test]
    fn round_trip_and_stable_names() {
        let dir = std::env::temp_dir().join(format!("ggw-draft-{}", std::process::id()));
        let path = dir.join("d.json");
        let d = Draft {
            db: "/x/demo.db".into(),
            saved_at: 1,
            title: "在“四嘉子乡”下新增单位".into(),
            summary: "名称：新村；类型：村屯".into(),
            purpose: crate::tui::views::units::UnitsForm::AddUnit { parent: UnitId(2) }.into(),
            values: vec![
                ("name".into(), "新村".into()),
                ("kind".into(), "village".into()),
            ],
        };
        save(&path, &d).unwrap();
        assert_eq!(load(&path), Some(d));
        remove(&path);
        assert_eq!(load(&path), None);
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(fnv1a(b"a"), 0xaf63dc4c8601ec8c);
    }
}
