//! Protocol frames from arbitrary bytes, read as a server reads a client
//! (hello, then frames until one fails) and as a client reads the server:
//! frames or an error, never a panic.
#![no_main]

use ggw::server::wire::{ClientFrame, MAX_REQUEST, ServerFrame, read_frame, read_hello};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut from_client = data;
    if let Ok(Some(_)) = read_hello(&mut from_client) {
        // Each frame read consumes at least its length, so this ends.
        while read_frame::<ClientFrame>(&mut from_client, MAX_REQUEST).is_ok() {}
    }
    // The client allows larger replies; the request limit keeps the
    // fuzzer's allocations small.
    let mut from_server = data;
    while read_frame::<ServerFrame>(&mut from_server, MAX_REQUEST).is_ok() {}
});
