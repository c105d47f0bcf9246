//! Fuzz target: any bytes as a DynamoDB Local `ObjectJSON` (typed attribute JSON: S, N, B, SS,
//! NS, BS, M, L, NULL, BOOL, nested) → the item's tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use localstate_core::formats::dynamodb::item::item_tree;

fuzz_target!(|data: &[u8]| {
    let _ = item_tree(data, &["id", "sk"], None);
});
