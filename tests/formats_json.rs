//! Generic JSON: order kept, raw pointers on leaves, deep input, clear errors.

use localstate::formats::json;
use localstate::model::{Origin, Value};

#[test]
fn real_file_keeps_key_order_and_raw_pointers() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kinesis/000000000000.json")).unwrap();
    let doc = json::open(&bytes).unwrap();
    let t = &doc.tree;
    let top: Vec<&str> = t.node(0).children.iter().map(|c| t.node(*c).name.as_str()).collect();
    assert_eq!(top, ["streams", "resourcePolicies", "accountSettings"]);
    let stream = t.resolve("/streams/arn:aws:kinesis:us-east-1:000000000000:stream~1events").unwrap();
    let fields: Vec<&str> = t.node(stream).children.iter().take(3).map(|c| t.node(*c).name.as_str()).collect();
    assert_eq!(fields, ["consumers", "encryptionType", "enhancedMonitoring"]);
    let raw: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let mut leaves = 0;
    for id in t.descendants(0) {
        let n = t.node(id);
        if let Some(Origin::Json(ptr)) = &n.origin {
            leaves += 1;
            let v = raw.pointer(ptr).unwrap_or_else(|| panic!("{ptr}"));
            match &n.value {
                Value::Str(s) => assert_eq!(v.as_str(), Some(s.as_str())),
                Value::Null => assert!(v.is_null()),
                Value::Int(i) => assert_eq!(v.as_i64(), Some(*i)),
                _ => {}
            }
        }
    }
    assert_eq!(leaves, 48);
}

#[test]
fn deep_nesting_opens() {
    let depth = 100_000;
    let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let doc = json::open(text.as_bytes()).unwrap();
    assert_eq!(doc.tree.len(), depth + 1);
    let last = (doc.tree.len() - 1) as u32;
    assert_eq!(doc.tree.node(last).value, Value::Int(1));
}

#[test]
fn malformed_json_names_the_place() {
    let e = json::open(b"{\n \"a\": [1, 2,]\n}").unwrap_err().to_string();
    assert!(e.contains("line 2 column 13"), "{e}");
    let e = json::open(b"\"unterminated").unwrap_err().to_string();
    assert!(e.contains("unterminated string"), "{e}");
}
