//! Two independent reads run at once, each on a core of its own: the
//! store's trees are read concurrently, and at a province a report's reads
//! (of one request, or the report's requests themselves) are each as long
//! as the other.

use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::error::{Error, Result};

/// Runs `aside` on a thread of its own while `here` runs on this one, and
/// answers both. An error from either is returned (`here`'s first); a
/// panic in either becomes an error naming `what`, for one failed read
/// must not end a server serving everyone else.
pub(crate) fn both<A: Send, B>(
    what: &str,
    aside: impl FnOnce() -> Result<A> + Send,
    here: impl FnOnce() -> Result<B>,
) -> Result<(A, B)> {
    let stopped = || Error::Storage {
        detail: format!("{what} stopped unexpectedly"),
    };
    std::thread::scope(|scope| {
        let aside = scope.spawn(aside);
        // `here` ends before the join: a part it feeds hears that it is gone
        // and stops, where waiting on it first could wait for ever.
        let here = catch_unwind(AssertUnwindSafe(here));
        let aside = aside.join();
        let here = here.map_err(|_| stopped())??;
        let aside = aside.map_err(|_| stopped())??;
        Ok((aside, here))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_answers_come_back_in_place() {
        let (a, b) = both("the sums", || Ok(1 + 2), || Ok("here")).unwrap();
        assert_eq!((a, b), (3, "here"));
    }

    #[test]
    fn an_error_from_either_part_is_returned() {
        let no = || Error::NoSuchRecord { id: 7 };
        let r: Result<((), ())> = both("x", || Err(no()), || Ok(()));
        assert!(matches!(r, Err(Error::NoSuchRecord { id: 7 })));
        let r: Result<((), ())> = both("x", || Ok(()), || Err(no()));
        assert!(matches!(r, Err(Error::NoSuchRecord { id: 7 })));
    }

    #[test]
    fn a_panic_in_either_part_becomes_a_storage_error() {
        let r: Result<((), ())> = both("the walk", || panic!("boom"), || Ok(()));
        match r {
            Err(Error::Storage { detail }) => assert!(detail.contains("the walk")),
            other => panic!("{other:?}"),
        }
        let r: Result<((), ())> = both("the roll", || Ok(()), || panic!("boom"));
        assert!(matches!(r, Err(Error::Storage { .. })));
    }
}
