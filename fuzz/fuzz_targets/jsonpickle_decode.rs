//! Fuzz target: any bytes → jsonpickle decode (py/ tags, references, presentation) → pointers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use localstate_core::formats::jsonpickle;

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = jsonpickle::open(data) else { return };
    let tree = &doc.tree;
    for id in (0..tree.len() as u32).step_by(1 + tree.len() / 64) {
        let p = tree.pointer(id);
        assert_eq!(tree.resolve(&p), Some(id), "pointer {p}");
    }
});
