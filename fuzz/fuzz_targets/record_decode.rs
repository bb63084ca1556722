//! Stored records from arbitrary bytes: an error or a record, never a panic
//! or an abort.
#![no_main]

use ggw::domain::OrgUnit;
use ggw::domain::audit::AuditEntry;
use ggw::store::codec::decode;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = decode::<OrgUnit>(data);
    let _ = decode::<AuditEntry>(data);
});
