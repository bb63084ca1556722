//! Commits too large for one sled transaction. sled keeps every page
//! version a transaction replaces until the transaction ends, so a
//! 10,000-person import in one transaction held some 100 MB more than the
//! same writes in parts. A large commit that only adds keys is therefore
//! written in parts, bracketed by a journal of the keys it adds: the
//! journal is saved first, and removed by the last part. If the program
//! stops in between, the next open deletes what the journal lists, so the
//! commit is still all or nothing. The service's in-memory state changes
//! only after the last part, and the audit entry, which comes last in a
//! commit, lands with it, so no reader sees half of it.

use super::{Changes, Op, Store, TreeId, storage};
use crate::error::{Error, Result};

/// Operations per transaction; also the size above which a commit is split.
pub(super) const PART_OPS: usize = 2048;

const JOURNAL: &[u8] = b"unfinished_commit";

impl Store {
    /// Writes `batch` in parts when it is large and only adds keys that do
    /// not exist yet; `Ok(false)` when it must go in one transaction.
    pub(super) fn commit_in_parts(&self, batch: &[Changes]) -> Result<bool> {
        let ops: Vec<&Op> = batch.iter().flat_map(|c| c.ops.iter()).collect();
        if ops.len() <= PART_OPS {
            return Ok(false);
        }
        let mut journal = Vec::new();
        for op in &ops {
            match op {
                Op::Put(t, k, _) if !self.tree(*t).contains_key(k).map_err(storage)? => {
                    journal_push(&mut journal, *t, k)?;
                }
                _ => return Ok(false),
            }
        }
        let start = Op::Put(TreeId::Meta, JOURNAL.to_vec(), journal);
        self.apply(&[&start])?;
        // The journal must be on disk before any part can be.
        self.sync()?;
        let done = Op::Delete(TreeId::Meta, JOURNAL.to_vec());
        let parts: Vec<&[&Op]> = ops.chunks(PART_OPS).collect();
        for (i, part) in parts.iter().enumerate() {
            let result = if i + 1 == parts.len() {
                let mut last = part.to_vec();
                last.push(&done);
                self.apply(&last)
            } else {
                self.apply(part)
            };
            if let Err(e) = result {
                // Best effort now; whatever is left is undone at the next open.
                let _ = self.undo_unfinished();
                return Err(e);
            }
        }
        self.sync()?;
        Ok(true)
    }

    /// Deletes the keys of a commit in parts that never finished, if any.
    pub(super) fn undo_unfinished(&self) -> Result<()> {
        let Some(journal) = self.tree(TreeId::Meta).get(JOURNAL).map_err(storage)? else {
            return Ok(());
        };
        let deletes = journal_read(&journal)?
            .into_iter()
            .map(|(t, k)| Op::Delete(t, k))
            .collect::<Vec<_>>();
        for part in deletes.chunks(PART_OPS) {
            self.apply(&part.iter().collect::<Vec<_>>())?;
        }
        self.apply(&[&Op::Delete(TreeId::Meta, JOURNAL.to_vec())])?;
        self.sync()
    }
}

/// `[tree: u8][key length: u16 LE][key]`, repeated.
fn journal_push(out: &mut Vec<u8>, tree: TreeId, key: &[u8]) -> Result<()> {
    let len = u16::try_from(key.len()).map_err(|_| Error::Storage {
        detail: format!("{}: key of {} bytes", tree.name(), key.len()),
    })?;
    out.push(tree as u8);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(key);
    Ok(())
}

fn journal_read(mut bytes: &[u8]) -> Result<Vec<(TreeId, Vec<u8>)>> {
    let bad = || Error::Corrupt {
        what: "meta unfinished_commit".into(),
    };
    let mut out = Vec::new();
    while let [t, a, b, rest @ ..] = bytes {
        let tree = *TreeId::ALL.get(usize::from(*t)).ok_or_else(bad)?;
        let len = usize::from(u16::from_le_bytes([*a, *b]));
        let key = rest.get(..len).ok_or_else(bad)?;
        out.push((tree, key.to_vec()));
        bytes = &rest[len..];
    }
    if bytes.is_empty() {
        Ok(out)
    } else {
        Err(bad())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{OpenOptions, id_key};

    fn open(dir: &std::path::Path, create: bool) -> Store {
        Store::open(
            &dir.join("db"),
            &OpenOptions {
                create,
                ..OpenOptions::default()
            },
        )
        .unwrap()
    }

    fn many(n: u64, from: u64) -> Changes {
        let mut c = Changes::default();
        for id in from..from + n {
            c.put_raw(TreeId::People, &id_key(id), b"p");
            c.put_raw(TreeId::PeopleByUnit, &crate::store::pair_key(1, id), &[]);
        }
        c
    }

    #[test]
    fn a_large_commit_of_new_keys_lands_whole() {
        let dir = tempfile::tempdir().unwrap();
        let s = open(dir.path(), true);
        assert!(s.commit_in_parts(&[many(3000, 1)]).unwrap());
        assert_eq!(s.len(TreeId::People), 3000);
        assert_eq!(s.len(TreeId::PeopleByUnit), 3000);
        assert!(s.meta_raw("unfinished_commit").unwrap().is_none());
        // Small, or overwriting what exists: one transaction instead.
        assert!(!s.commit_in_parts(&[many(10, 5000)]).unwrap());
        assert!(!s.commit_in_parts(&[many(3000, 2000)]).unwrap());
    }

    #[test]
    fn an_unfinished_commit_is_undone_at_the_next_open() {
        let dir = tempfile::tempdir().unwrap();
        {
            let s = open(dir.path(), true);
            s.commit(many(5, 1)).unwrap();
            // As if the program stopped after the journal and one part.
            let big = many(3000, 100);
            let mut journal = Vec::new();
            for op in &big.ops {
                if let Op::Put(t, k, _) = op {
                    journal_push(&mut journal, *t, k).unwrap();
                }
            }
            let mut c = Changes::default();
            c.put_raw(TreeId::Meta, JOURNAL, &journal);
            s.commit(c).unwrap();
            let part: Vec<&Op> = big.ops.iter().take(PART_OPS).collect();
            s.apply(&part).unwrap();
            s.sync().unwrap();
            assert_eq!(s.len(TreeId::People), 5 + PART_OPS / 2);
        }
        let s = open(dir.path(), false);
        assert_eq!(s.len(TreeId::People), 5);
        assert_eq!(s.len(TreeId::PeopleByUnit), 5);
        assert!(s.meta_raw("unfinished_commit").unwrap().is_none());
    }

    #[test]
    fn a_damaged_journal_is_reported() {
        assert!(journal_read(&[3, 5, 0, 1]).is_err());
        assert!(journal_read(&[200, 0, 0]).is_err());
        let mut j = Vec::new();
        journal_push(&mut j, TreeId::People, &[1, 2]).unwrap();
        assert_eq!(
            journal_read(&j).unwrap(),
            vec![(TreeId::People, vec![1, 2])]
        );
    }
}
