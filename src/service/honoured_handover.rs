//! The honoured a read of the whole roll is about to hand the standings:
//! a standings read that needs them meanwhile waits for them rather than
//! reading the roll a second time (at a province, a report's people figures
//! and its standings are read side by side, and the roll is the longer).

use std::sync::{Condvar, Mutex, MutexGuard};

#[derive(Debug, Default)]
pub(crate) struct HonouredHandover {
    /// Reads under way that will offer the honoured when they end.
    coming: Mutex<usize>,
    ended: Condvar,
}

/// Held by a read that will offer the honoured, until it has (or has
/// failed to).
pub(crate) struct Coming<'a>(&'a HonouredHandover);

impl HonouredHandover {
    fn lock(&self) -> MutexGuard<'_, usize> {
        self.coming.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Says a read that will offer the honoured has started.
    pub fn coming(&self) -> Coming<'_> {
        *self.lock() += 1;
        Coming(self)
    }

    /// Until no read that will offer the honoured is under way. The reads
    /// waited for take no lock their waiter may hold: they end.
    pub fn wait(&self) {
        let mut coming = self.lock();
        while *coming > 0 {
            coming = self.ended.wait(coming).unwrap_or_else(|p| p.into_inner());
        }
    }
}

impl Drop for Coming<'_> {
    fn drop(&mut self) {
        let mut coming = self.0.lock();
        *coming = coming.saturating_sub(1);
        self.0.ended.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn nothing_coming_is_not_waited_for() {
        HonouredHandover::default().wait();
    }

    #[test]
    fn a_waiter_goes_on_once_the_read_under_way_has_ended() {
        let h = HonouredHandover::default();
        let ended = AtomicBool::new(false);
        let coming = h.coming();
        std::thread::scope(|s| {
            let waiter = s.spawn(|| {
                h.wait();
                ended.load(Ordering::SeqCst)
            });
            std::thread::sleep(std::time::Duration::from_millis(50));
            ended.store(true, Ordering::SeqCst);
            drop(coming);
            assert!(waiter.join().unwrap(), "went on before the read ended");
        });
    }

    #[test]
    fn a_read_that_fails_still_lets_the_waiter_go_on() {
        let h = HonouredHandover::default();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _coming = h.coming();
            panic!("the roll could not be read");
        }));
        assert!(r.is_err());
        h.wait();
    }
}
