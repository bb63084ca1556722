//! Names: an accepted name holds nothing that could steer a terminal.
#![no_main]

use ggw::domain::text::{MAX_NAME_WIDTH, check_name, display_width, is_forbidden};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(name) = check_name(s) {
        assert!(!name.is_empty());
        assert!(!name.chars().any(is_forbidden));
        assert!(display_width(&name) <= MAX_NAME_WIDTH);
    }
});
