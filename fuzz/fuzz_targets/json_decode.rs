//! Fuzz target: any bytes → generic JSON decode (parser, lazy presentation, summary) → every
//! node's pointer resolves back to it → the tree written as JSON text parses again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use localstate_core::formats::json;
use localstate_core::json_text::{self, Style};
use localstate_core::model::Tree;

fuzz_target!(|data: &[u8]| {
    let Ok(mut doc) = json::open(data) else { return };
    doc.tree.unfold_all();
    let tree = &doc.tree;
    for id in (0..tree.len() as u32).step_by(1 + tree.len() / 64) {
        let p = tree.pointer(id);
        assert_eq!(tree.resolve(&p), Some(id), "pointer {p}");
    }
    let text = json_text::to_string(tree, Tree::ROOT, None, Style::Compact);
    assert!(json::parse::parse(text.as_bytes()).is_ok(), "written JSON must parse: {text}");
});
