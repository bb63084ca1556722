//! Dates as typed: whatever is accepted reads back from its canonical form.
#![no_main]

use ggw::io::dates::parse_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = parse_date(s) {
        assert_eq!(parse_date(&d.format("%Y-%m-%d").to_string()), Ok(d));
    }
});
