//! Generic JSON: order kept, raw pointers on leaves, deep input, clear errors, and the lazy
//! presentation of big documents (checked against serde_json's reading of every real JSON
//! file of the sample volume, the fixtures and the corpus).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use localstate::formats::json::{self, parse};
use localstate::model::{LAZY_OBJECTS, Origin, Tree, Value};

#[test]
fn real_file_keeps_key_order_and_raw_pointers() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/kinesis/000000000000.json"
    ))
    .unwrap();
    let doc = json::open(&bytes).unwrap();
    let t = &doc.tree;
    let top: Vec<&str> = t.node(0).children.iter().map(|c| t.node(*c).name.as_str()).collect();
    assert_eq!(top, ["streams", "resourcePolicies", "accountSettings"]);
    let stream =
        t.resolve("/streams/arn:aws:kinesis:us-east-1:000000000000:stream~1events").unwrap();
    let fields: Vec<&str> =
        t.node(stream).children.iter().take(3).map(|c| t.node(*c).name.as_str()).collect();
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
fn deep_nesting_opens_up_to_the_limit_and_is_refused_past_it() {
    let depth = localstate::formats::json::parse::MAX_DEPTH;
    let text = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    let doc = json::open(text.as_bytes()).unwrap();
    assert_eq!(doc.tree.len(), depth + 1);
    let last = (doc.tree.len() - 1) as u32;
    assert_eq!(doc.tree.node(last).value, Value::Int(1));
    let deeper = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
    let e = json::open(deeper.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("nested deeper than 20000 levels"), "{e}");
}

#[test]
fn malformed_json_names_the_place() {
    let e = json::open(b"{\n \"a\": [1, 2,]\n}").unwrap_err().to_string();
    assert!(e.contains("line 2 column 13"), "{e}");
    let e = json::open(b"\"unterminated").unwrap_err().to_string();
    assert!(e.contains("unterminated string"), "{e}");
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

/// The real JSON documents under `dirs` (JSON-lines logs, which are not one document, are left
/// out).
fn real_documents(dirs: &[PathBuf]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut paths = Vec::new();
    for dir in dirs {
        json_files(dir, &mut paths);
    }
    paths
        .into_iter()
        .map(|p| (std::fs::read(&p).unwrap(), p))
        .filter(|(b, _)| serde_json::from_slice::<serde_json::Value>(b).is_ok())
        .map(|(b, p)| (p, b))
        .collect()
}

/// The sample volume's JSON documents and the fixtures made by the real programs.
fn bundled_documents() -> Vec<(PathBuf, Vec<u8>)> {
    let docs = real_documents(&[common::sample_volume(), common::repo().join("tests/fixtures")]);
    assert!(docs.len() >= 16, "expected the sample and fixture JSON files, found {}", docs.len());
    docs
}

/// The localstack-persist corpus's JSON documents.
fn corpus_documents() -> Vec<(PathBuf, Vec<u8>)> {
    let docs = real_documents(&["v2", "v3", "v4"].map(common::corpus));
    assert!(docs.len() >= 30, "expected the corpus JSON files, found {}", docs.len());
    docs
}

/// The scalars of a serde_json value, as (pointer, value text), in document order.
fn scalars(v: &serde_json::Value, ptr: String, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::Array(a) => {
            a.iter().enumerate().for_each(|(i, x)| scalars(x, format!("{ptr}/{i}"), out))
        }
        serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
            scalars(x, format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1")), out)
        }),
        serde_json::Value::String(s) => out.push((ptr, s.clone())),
        other => out.push((ptr, other.to_string())),
    }
}

/// The leaves of a presented JSON tree, as (raw pointer, value text), in tree order.
fn leaves(t: &Tree) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for id in std::iter::once(Tree::ROOT).chain(t.descendants(Tree::ROOT)) {
        let n = t.node(id);
        let Some(Origin::Json(ptr)) = &n.origin else { continue };
        let text = match &n.value {
            Value::Str(s) => s.clone(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => {
                serde_json::Number::from_f64(*f).map_or("NaN".into(), |n| n.to_string())
            }
            other => other.display(),
        };
        out.push((ptr.clone(), text));
    }
    out
}

/// Checks every document; returns how many started deferred (only the root presented).
fn check_lazy_unfolding(docs: Vec<(PathBuf, Vec<u8>)>) -> usize {
    let mut deferred_docs = 0;
    for (path, bytes) in docs {
        let reference: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mut want = Vec::new();
        scalars(&reference, String::new(), &mut want);
        let mut lazy = json::present_lazy(Arc::new(parse::parse(&bytes).unwrap()), "json");
        if lazy.node(Tree::ROOT).deferred {
            deferred_docs += 1;
            assert_eq!(
                lazy.len(),
                1,
                "{}: more than the root presented before unfolding",
                path.display()
            );
        }
        common::unfold_backwards(&mut lazy);
        assert_eq!(leaves(&lazy), want, "{}", path.display());
        // The document `open` gives for a small file is the same tree, complete.
        let complete = json::open(&bytes).unwrap().tree;
        assert!(!complete.is_lazy());
        assert_eq!(common::listing(&lazy), common::listing(&complete), "{}", path.display());
    }
    deferred_docs
}

#[test]
fn lazy_unfolding_in_any_order_shows_exactly_what_serde_json_reads() {
    let deferred_docs = check_lazy_unfolding(bundled_documents());
    assert!(deferred_docs >= 16, "only {deferred_docs} documents started deferred");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn lazy_unfolding_in_any_order_shows_exactly_what_serde_json_reads_in_the_corpus() {
    let deferred_docs = check_lazy_unfolding(corpus_documents());
    assert!(deferred_docs >= 30, "only {deferred_docs} documents started deferred");
}

/// A document past the lazy threshold: the real kinesis-mock fixture's records repeated.
fn big_document() -> Vec<u8> {
    let raw =
        std::fs::read(common::repo().join("tests/fixtures/kinesis/000000000000.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&raw).unwrap();
    let copies = LAZY_OBJECTS / 40 + 1;
    serde_json::to_vec(&serde_json::json!({ "copies": vec![doc; copies] })).unwrap()
}

#[test]
fn a_big_document_opens_lazily_and_resolves_and_edits_deep_pointers() {
    let bytes = big_document();
    let doc = json::open(&bytes).unwrap();
    let mut tree = doc.tree;
    assert!(tree.is_lazy());
    assert!(tree.len() < 10, "the open presented {} nodes", tree.len());
    let copies = tree.resolve("/copies").unwrap();
    let n = tree.child_count(copies);
    assert!(n > LAZY_OBJECTS / 40);
    let pointer = format!(
        "/copies/{}/streams/arn:aws:kinesis:us-east-1:000000000000:stream~1events/retentionPeriod/length",
        n - 1
    );
    let reference: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let id = tree.resolve_unfolding(&pointer).unwrap_or_else(|| panic!("{pointer}"));
    assert_eq!(
        tree.node(id).value,
        Value::Int(reference.pointer(&pointer).unwrap().as_i64().unwrap())
    );
    // The copies themselves, and one level per segment of the pointer below them.
    assert!(tree.len() < n + 100, "resolving one pointer presented {} nodes", tree.len());

    // Editing a leaf of the lazy document through the CLI: only that value changes.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    std::fs::write(&file, &bytes).unwrap();
    let (ok, out) = common::localstate_set(&[file.to_str().unwrap(), &pointer, "4242"]);
    assert!(ok, "{out}");
    let mut after: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(after.pointer(&pointer).and_then(|v| v.as_i64()), Some(4242));
    *after.pointer_mut(&pointer).unwrap() = reference.pointer(&pointer).unwrap().clone();
    assert_eq!(after, reference, "saving changed more than the edited value");
}
