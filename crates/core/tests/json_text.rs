//! JSON text of trees: byte for byte what serde_json prints for `Tree::to_json` (pretty and
//! compact) on every real file of the sample volume and the fixtures, at any depth cut; and a
//! document nested a million levels deep is written, not a stack overflow.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_core::formats;
use localstate_core::json_text::{self, MAX_INDENT_LEVELS, Style};
use localstate_core::model::Tree;
use localstate_testkit as common;

#[test]
fn equals_serde_json_on_every_real_file() {
    let mut files = common::files_under(&common::sample_volume());
    files.extend(common::files_under(&common::repo().join("tests/fixtures")));
    files.retain(|f| formats::sniff(f).decodable());
    assert!(files.len() > 20, "{} files", files.len());
    let mut refs_and_bytes = 0;
    for f in &files {
        let Ok(mut doc) = formats::open(f, formats::sniff(f)) else { continue };
        doc.tree.unfold_all();
        let tree = &doc.tree;
        for depth in [None, Some(1), Some(3)] {
            let value = tree.to_json(Tree::ROOT, depth);
            let pretty = json_text::to_string(tree, Tree::ROOT, depth, Style::Pretty);
            assert_eq!(pretty, serde_json::to_string_pretty(&value).unwrap(), "{}", f.display());
            let compact = json_text::to_string(tree, Tree::ROOT, depth, Style::Compact);
            assert_eq!(compact, serde_json::to_string(&value).unwrap(), "{}", f.display());
            refs_and_bytes +=
                pretty.matches("\"$ref\"").count() + pretty.matches("\"$bytes\"").count();
        }
        // Every subtree too (what "Copy subtree as JSON" copies), for the first nodes.
        for id in (0..tree.len() as u32).take(200) {
            let value = tree.to_json(id, None);
            assert_eq!(
                json_text::to_string(tree, id, None, Style::Pretty),
                serde_json::to_string_pretty(&value).unwrap()
            );
        }
    }
    assert!(refs_and_bytes > 0, "the files exercise $ref and $bytes");
}

#[test]
fn a_million_levels_are_written_linearly() {
    let mut tree = Tree::new("list", "list");
    tree.nodes[0].is_list = true;
    let mut parent = Tree::ROOT;
    for _ in 0..1_000_000 {
        parent = tree.push_container(parent, "0", "list", true);
    }
    let mut out = Vec::new();
    json_text::write(&tree, Tree::ROOT, None, Style::Pretty, &mut out).unwrap();
    assert!(out.starts_with(b"[\n  [\n    ["));
    // Indentation stops growing, so the text is linear in the depth.
    assert!(out.len() < 1_000_000 * (4 * MAX_INDENT_LEVELS + 8), "{} bytes", out.len());
    let compact = json_text::to_string(&tree, Tree::ROOT, None, Style::Compact);
    assert_eq!(compact.len(), 2_000_002);
    std::mem::forget(tree);
}
