//! Fuzz target: any bytes as an Avro object container file (header, writer's schema, codec
//! blocks, values with py-avro-schema's conventions) → the presented document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use localstate_core::formats::avro::decode;

fuzz_target!(|data: &[u8]| {
    let _ = decode(data);
});
