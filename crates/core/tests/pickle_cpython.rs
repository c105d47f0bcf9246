//! The pickle engine against pickles written by CPython (`tools/gen-pickle-corpus.py`,
//! protocols 0–5): every file's presented tree equals the JSON the script recorded; plain data
//! agrees with serde-pickle's decoding; scalar edits load back in CPython with the new value.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::{Path, PathBuf};
use std::process::Command;

use localstate_core::formats::pickle::{self, Limits};
use localstate_core::model::{Origin, Tree, Value};
use serde_json::{Value as J, json};

fn dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/pickle"))
}

fn manifest() -> Vec<J> {
    let text = std::fs::read_to_string(dir().join("manifest.json"))
        .expect("manifest.json (run tools/gen-pickle-corpus.py)");
    serde_json::from_str::<J>(&text).unwrap().as_array().unwrap().clone()
}

fn decode(file: &str) -> localstate_core::model::Document {
    let bytes = std::fs::read(dir().join(file)).unwrap();
    pickle::decode(&bytes, &Limits::default()).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn every_cpython_pickle_presents_as_recorded() {
    let entries = manifest();
    assert!(entries.len() >= 50, "corpus has {} files", entries.len());
    let mut failures = Vec::new();
    for e in &entries {
        let file = e["file"].as_str().unwrap();
        let got = decode(file).tree.to_json(Tree::ROOT, None);
        if got != e["expect"] {
            failures.push(format!("{file}:\n  expected {}\n  got      {}", e["expect"], got));
        }
    }
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    // Every protocol is covered.
    for p in 0..=5 {
        assert!(entries.iter().any(|e| e["protocol"] == p), "protocol {p}");
    }
}

/// serde-pickle's value in the JSON conventions of `show --json`.
fn serde_pickle_json(v: &serde_pickle::Value) -> J {
    use base64::Engine;
    use serde_pickle::{HashableValue as H, Value as V};
    fn key(k: &H) -> String {
        match k {
            H::String(s) => s.clone(),
            H::I64(i) => i.to_string(),
            H::Int(i) => i.to_string(),
            H::Bool(b) => if *b { "True" } else { "False" }.into(),
            H::None => "None".into(),
            other => format!("{other:?}"),
        }
    }
    match v {
        V::None => J::Null,
        V::Bool(b) => J::Bool(*b),
        V::I64(i) => json!(i),
        V::Int(i) => J::String(i.to_string()),
        V::F64(f) => json!(f),
        V::Bytes(b) => json!({"$bytes": base64::engine::general_purpose::STANDARD.encode(b)}),
        V::String(s) => J::String(s.clone()),
        V::List(items) | V::Tuple(items) => J::Array(items.iter().map(serde_pickle_json).collect()),
        V::Set(_) | V::FrozenSet(_) => panic!("no sets in plain data"),
        V::Dict(m) => J::Object(m.iter().map(|(k, v)| (key(k), serde_pickle_json(v))).collect()),
    }
}

#[test]
fn plain_data_matches_serde_pickle() {
    let mut compared = 0;
    for e in manifest().iter().filter(|e| e["plain"] == true) {
        let file = e["file"].as_str().unwrap();
        let bytes = std::fs::read(dir().join(file)).unwrap();
        let oracle = serde_pickle::value_from_slice(&bytes, serde_pickle::DeOptions::new())
            .unwrap_or_else(|err| panic!("serde-pickle on {file}: {err}"));
        let ours =
            pickle::decode(&bytes, &Limits::default()).unwrap().tree.to_json(Tree::ROOT, None);
        assert_eq!(ours, serde_pickle_json(&oracle), "{file}");
        compared += 1;
    }
    assert!(compared >= 15, "compared {compared} files");
}

/// A Python that can run `pickle.loads`: `$LOCALSTATE_PY`, else `python3` on PATH; panics
/// when there is none (the test that needs it is ignored unless asked for).
pub fn python() -> String {
    let candidates = [std::env::var("LOCALSTATE_PY").ok(), Some("python3".to_string())];
    candidates
        .into_iter()
        .flatten()
        .find(|p| {
            Command::new(p)
                .arg("-c")
                .arg("import pickle")
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .expect(
            "no Python to verify edits with pickle.loads: neither $LOCALSTATE_PY (run `bash \
             tools/setup-real-programs.sh && source tools/env.sh`) nor python3 on PATH runs",
        )
}

fn python_loads(py: &str, file: &Path, expr: &str) -> String {
    let script = format!(
        "import pickle,sys,json\nd = pickle.loads(open(sys.argv[1],'rb').read())\nprint(json.dumps({expr}))"
    );
    let out = Command::new(py).arg("-c").arg(script).arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "python failed on {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

fn origin_of(doc: &localstate_core::model::Document, pointer: &str) -> u32 {
    let id = doc.tree.resolve(pointer).unwrap_or_else(|| panic!("no {pointer}"));
    match doc.tree.node(id).origin {
        Some(Origin::PickleOp(i)) => i,
        ref other => panic!("{pointer} has origin {other:?}"),
    }
}

#[test]
#[ignore = "needs a Python to run pickle.loads (LOCALSTATE_PY of the real programs, else python3)"]
fn scalar_edits_load_in_cpython_with_the_new_value_for_every_protocol() {
    let py = python();
    let tmp = tempfile::tempdir().unwrap();
    for proto in 0..=5 {
        let file = format!("scalars.p{proto}.pickle");
        let bytes = std::fs::read(dir().join(&file)).unwrap();
        let doc = decode(&file);
        let limits = Limits::default();
        let edits: Vec<(&str, Value, &str)> = vec![
            ("/str", Value::Str("changed \u{2713}\nline".into()), r#""changed \u2713\nline""#),
            (
                "/small",
                Value::BigInt("123456789012345678901234567890".into()),
                "123456789012345678901234567890",
            ),
            ("/float", Value::Float(-2.5e-300), "-2.5e-300"),
            ("/t", Value::Bool(false), "false"),
            ("/none", Value::Int(-70000), "-70000"),
            ("/long", Value::Str("short now".into()), r#""short now""#),
        ];
        for (pointer, value, python_json) in edits {
            let op = origin_of(&doc, pointer);
            assert_eq!(pickle::references(&bytes, op, &limits).unwrap(), 1, "{file} {pointer}");
            let edited = pickle::replace_scalar(&bytes, op, &value, &limits)
                .unwrap_or_else(|e| panic!("{file} {pointer}: {e}"));
            // Our own decoder sees the new value and nothing else changed.
            let after = pickle::decode(&edited, &limits).unwrap();
            let mut expect = doc.tree.to_json(Tree::ROOT, None);
            let got = after.tree.to_json(Tree::ROOT, None);
            let key = &pointer[1..];
            expect[key] = got[key].clone();
            assert_eq!(got, expect, "{file} {pointer}: only the edited leaf may change");
            let path = tmp.path().join(format!("{proto}{}.pickle", key));
            std::fs::write(&path, &edited).unwrap();
            assert_eq!(
                python_loads(&py, &path, &format!("d[{key:?}]")),
                python_json,
                "{file} {pointer}"
            );
        }
    }
}

#[test]
fn shared_memoized_leaf_is_reported() {
    // `shared`: the list [1, 2] is referenced three times; its items once each.
    let bytes = std::fs::read(dir().join("shared.p4.pickle")).unwrap();
    let doc = pickle::decode(&bytes, &Limits::default()).unwrap();
    let op = origin_of(&doc, "/0/0");
    assert_eq!(pickle::references(&bytes, op, &Limits::default()).unwrap(), 1);
    // A memoized string used as both a key and a value.
    let p =
        b"\x80\x04\x95\x11\x00\x00\x00\x00\x00\x00\x00}\x94\x8c\x01k\x94h\x01s\x8c\x01j\x94h\x01s.";
    let doc = pickle::decode(p, &Limits::default()).unwrap();
    let op = origin_of(&doc, "/k");
    assert_eq!(pickle::references(p, op, &Limits::default()).unwrap(), 3);
}

#[test]
fn no_edit_means_identical_bytes_and_edits_keep_other_bytes() {
    let bytes = std::fs::read(dir().join("scalars.p4.pickle")).unwrap();
    let doc = pickle::decode(&bytes, &Limits::default()).unwrap();
    let op = origin_of(&doc, "/str");
    let same = pickle::replace_scalar(&bytes, op, &Value::Str("hello".into()), &Limits::default())
        .unwrap();
    assert_eq!(same, bytes, "replacing a value by itself is byte-identical");
    let edited =
        pickle::replace_scalar(&bytes, op, &Value::Str("hello!".into()), &Limits::default())
            .unwrap();
    assert_eq!(edited.len(), bytes.len() + 1);
    let diff: Vec<usize> = (0..bytes.len()).filter(|i| bytes[*i] != edited[*i]).collect();
    // Differences: the frame length byte, the string's length byte, then the shifted tail.
    assert_eq!(diff[0], 3, "frame length updated");
    let refused = pickle::replace_scalar(&bytes, op, &Value::Text("x".into()), &Limits::default());
    assert!(refused.is_err());
}
