//! Keys typed while the tab shown loads its view. They are kept in order
//! and answered once the view is there, as the keys typed while the
//! database opens are; meanwhile each one kept is drawn at once, as a count
//! on the loading line, so that no key goes without a frame however long
//! the load takes.

use super::keys::KeyPress;

/// More keys than this ahead of a load are a key held down rather than
/// moves the user means to see answered one by one: the rest are dropped,
/// and the status line says how many.
pub const LIMIT: usize = 64;

#[derive(Debug, Default)]
pub struct TypeAhead {
    keys: Vec<KeyPress>,
    dropped: usize,
}

impl TypeAhead {
    /// Keeps `key` to answer later; false when `LIMIT` keys already wait
    /// and it is dropped instead.
    pub fn keep(&mut self, key: KeyPress) -> bool {
        if self.keys.len() >= LIMIT {
            self.dropped += 1;
            return false;
        }
        self.keys.push(key);
        true
    }

    /// How many keys wait.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// How many keys were dropped since the first one kept.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The keys kept, oldest first; none wait afterwards.
    pub fn take(&mut self) -> Vec<KeyPress> {
        self.dropped = 0;
        std::mem::take(&mut self.keys)
    }

    /// Forgets the keys kept: the tab they were typed for is gone.
    pub fn clear(&mut self) {
        self.take();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keys;

    fn key(s: &str) -> KeyPress {
        keys::parse(s).expect("a key")[0]
    }

    #[test]
    fn keeps_keys_in_order_up_to_the_limit_and_counts_the_rest() {
        let mut t = TypeAhead::default();
        assert!(t.is_empty());
        assert!(t.keep(key("j")));
        assert!(t.keep(key("<down>")));
        for _ in 2..LIMIT {
            assert!(t.keep(key("k")));
        }
        assert_eq!(t.len(), 64);
        assert_eq!(t.dropped(), 0);
        assert!(!t.keep(key("j")));
        assert!(!t.keep(key("j")));
        assert_eq!((t.len(), t.dropped()), (64, 2));
        let kept = t.take();
        assert_eq!(kept.len(), 64);
        assert_eq!(&kept[..3], &[key("j"), key("<down>"), key("k")]);
        // Taken: a new load starts from nothing.
        assert_eq!((t.len(), t.dropped()), (0, 0));
        assert!(t.keep(key("j")));
        t.clear();
        assert!(t.is_empty());
    }
}
