//! `json_text` with `types`: on every real file, pretty and compact are the same JSON, every
//! pointer of the plain output holds the same value, and empty containers stay valid JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use localstate::formats;
use localstate_core::json_text::{self, Options, Style};
use localstate_core::model::Tree;

#[test]
fn typed_json_is_valid_and_keeps_every_value() {
    let mut files = common::files_under(&common::sample_volume());
    files.extend(common::files_under(&common::repo().join("tests/fixtures")));
    files.retain(|f| formats::sniff(f).decodable());
    let mut typed_objects = 0;
    for f in &files {
        let Ok(mut doc) = formats::open(f, formats::sniff(f)) else { continue };
        doc.tree.unfold_all();
        for max_depth in [None, Some(2)] {
            let text = |style, types| {
                let mut out = Vec::new();
                let options = Options { max_depth, style, types };
                json_text::write_with(&doc.tree, Tree::ROOT, options, &mut out).unwrap();
                String::from_utf8(out).unwrap()
            };
            let pretty: serde_json::Value = serde_json::from_str(&text(Style::Pretty, true))
                .unwrap_or_else(|e| {
                    panic!("{}: {e}", f.display());
                });
            let compact: serde_json::Value =
                serde_json::from_str(&text(Style::Compact, true)).unwrap();
            assert_eq!(pretty, compact, "{}", f.display());
            assert_eq!(text(Style::Compact, true), serde_json::to_string(&compact).unwrap());
            let plain = doc.tree.to_json(Tree::ROOT, max_depth);
            let mut stack = vec![(String::new(), &plain)];
            while let Some((p, v)) = stack.pop() {
                match v {
                    serde_json::Value::Object(m) => {
                        typed_objects += 1;
                        let esc = |k: &str| k.replace('~', "~0").replace('/', "~1");
                        stack.extend(m.iter().map(|(k, c)| (format!("{p}/{}", esc(k)), c)));
                    }
                    serde_json::Value::Array(a) => {
                        stack.extend(a.iter().enumerate().map(|(i, c)| (format!("{p}/{i}"), c)))
                    }
                    leaf => assert_eq!(pretty.pointer(&p), Some(leaf), "{} {p}", f.display()),
                }
            }
        }
    }
    assert!(typed_objects > 1000, "{typed_objects}");
}
