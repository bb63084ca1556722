//! CSV import from arbitrary bytes.
#![no_main]

use ggw::io::csv::read_csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = read_csv(data) {
        for row in rows {
            assert!(row.line >= 1);
        }
    }
});
