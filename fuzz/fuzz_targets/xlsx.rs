//! A roster file claiming to be XLSX, from arbitrary bytes: rows or an
//! error that says what is wrong, never a panic.
#![no_main]

use ggw::io::people_file::{parse_rows, read_table};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(table) = read_table(std::path::Path::new("roster.xlsx"), data) {
        let _ = parse_rows(&table);
    }
});
