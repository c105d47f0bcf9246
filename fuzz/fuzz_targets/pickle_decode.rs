//! Fuzz target: any bytes → pickle decode → presented tree → pointers, plus an edit of the
//! first editable leaf. Must never panic, overflow the stack or run away in memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

use localstate_core::formats::pickle::{Limits, decode, references, replace_scalar};
use localstate_core::model::{Origin, Value};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_ops: 200_000,
        max_stack: 20_000,
        max_memo: 100_000,
        max_nodes: 400_000,
        ..Limits::default()
    };
    let Ok(doc) = decode(data, &limits) else { return };
    let tree = &doc.tree;
    for id in (0..tree.len() as u32).step_by(1 + tree.len() / 64) {
        let p = tree.pointer(id);
        assert_eq!(tree.resolve(&p), Some(id), "pointer {p}");
    }
    if let Some(op) = tree.nodes.iter().find_map(|n| match n.origin {
        Some(Origin::PickleOp(i)) => Some(i),
        _ => None,
    }) {
        let _ = references(data, op, &limits);
        if let Ok(edited) = replace_scalar(data, op, &Value::Str("fuzz".into()), &limits) {
            assert!(decode(&edited, &limits).is_ok(), "an accepted edit must decode");
        }
    }
});
