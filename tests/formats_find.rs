//! `localstate find`: searches decoded trees and table rows of every file under a path.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::process::Command;

fn find(args: &[&str]) -> (bool, String, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_localstate")).arg("find").args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[test]
fn finds_dynamodb_items_and_kinesis_records() {
    let (ok, out, err) = find(&[FIXTURES, "changed", "--json"]);
    assert!(ok, "{err}");
    let hits: Vec<serde_json::Value> =
        out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let item = hits.iter().find(|h| h["table"] == "orders").unwrap_or_else(|| panic!("{out}"));
    assert_eq!(item["pointer"], "/s");
    assert_eq!(item["value"], "changed");
    assert!(item["file"].as_str().unwrap().ends_with("dynamodb/000000000000_us-east-1.db"));
    // The MODIFY stream record has it too, in its new image.
    assert!(
        hits.iter()
            .any(|h| h["table"] == "stream records of orders"
                && h["pointer"] == "/Dynamodb/NewImage/s"),
        "{out}"
    );

    let (ok, out, _) = find(&[FIXTURES, "HELLO WORLD", "--ignore-case"]);
    assert!(ok);
    assert!(
        out.contains("kinesis/000000000000.json") && out.contains("/Data: hello world"),
        "{out}"
    );
}

#[test]
fn a_broken_file_is_reported_and_the_search_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.json"), b"{\"a\": ").unwrap();
    std::fs::write(dir.path().join("good.json"), br#"{"needle": "in a haystack"}"#).unwrap();
    let (ok, out, err) = find(&[dir.path().to_str().unwrap(), "haystack"]);
    assert!(ok, "{err}");
    assert!(out.contains("good.json /needle: in a haystack"), "{out}");
    assert!(err.contains("broken.json") && err.contains("invalid JSON"), "{err}");
    let (ok, out, _) = find(&[dir.path().to_str().unwrap(), "absent text"]);
    assert!(!ok && out.is_empty());
}
