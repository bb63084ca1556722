//! A user's keymap file from arbitrary text: laid over the defaults or
//! refused with a line and a reason, never a panic.
#![no_main]

use std::sync::OnceLock;

use ggw::tui::keymap::Keymap;
use ggw::tui::keys;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Parsing the built-in map costs more than most inputs: do it once.
    static BUILTIN: OnceLock<Keymap> = OnceLock::new();
    let mut map = BUILTIN.get_or_init(Keymap::builtin).clone();
    if let Err((line, problem)) = map.overlay(&text) {
        assert!(line >= 1 && line <= text.lines().count().max(1) + 1);
        assert!(!problem.is_empty());
    }
    // Key notation alone, as the keymap and test macros write it.
    if let Ok(seq) = keys::parse(&text) {
        assert_eq!(keys::parse(&keys::seq_to_string(&seq)).ok(), Some(seq));
    }
});
