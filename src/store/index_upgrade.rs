//! Building an index that a database made before it existed lacks.

use super::{Changes, Store, TreeId};
use crate::error::Result;

/// Builds an index from the records of `source` in one commit that also
/// marks it built under `built` and raises the schema: a program that does
/// not keep the index up to date must refuse the database from then on. A
/// record that cannot be decoded is left to `ggw check` and `ggw repair`,
/// which name it.
pub fn build_if_missing<R: super::codec::Record>(
    store: &Store,
    built: &str,
    source: TreeId,
    mut index: impl FnMut(&R, &mut Changes),
) -> Result<()> {
    if store.meta_raw(built)?.is_some() {
        return Ok(());
    }
    let mut changes = Changes::default();
    for kv in store.raw_entries(source) {
        let (_, value) = kv?;
        if let Ok(r) = super::codec::decode::<R>(&value) {
            index(&r, &mut changes);
        }
    }
    changes.put_raw(TreeId::Meta, built.as_bytes(), b"1");
    changes.mark_schema_current();
    store.commit(changes)
}
