//! Fuzz target: any bytes as one record-and-replay log line → entry → decoded call (query,
//! JSON, rest-xml and form bodies, credential scope, operation).
#![no_main]

use libfuzzer_sys::fuzz_target;
use localstate_core::formats::replay::{Call, Entry};

fuzz_target!(|data: &[u8]| {
    let Ok(entry) = Entry::parse(data) else { return };
    let call = Call::decode(0, 1, entry);
    let _ = call.params_line(120);
});
