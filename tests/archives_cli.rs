//! `localstate ls`, `show`, `find` and `set` on snapshot / Cloud Pod archives
//! (tests/fixtures/archives/): members addressed as `ARCHIVE!/MEMBER`, sizes, the pod's
//! metadata, clear messages for encrypted and truncated archives, refused edits, and nothing
//! written anywhere (run with an empty TMPDIR and working directory, both still empty after).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    common::repo().join("tests/fixtures/archives").join(name)
}

/// Runs `localstate ARGS` with `dir` as working directory and TMPDIR; (status, stdout, stderr).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_localstate"))
        .args(args)
        .current_dir(dir)
        .env("TMPDIR", dir)
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn snapshot() -> String {
    fixture("snapshot.zip").display().to_string()
}

#[test]
fn ls_lists_the_pod_and_its_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(dir.path(), &["ls", &snapshot()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("archive: 16 members, 40.4 KiB compressed, read-only"), "{out}");
    assert!(
        out.contains("metadata.yaml: pod fixture-pod · LocalStack 2026.3.0 · size 322.3 KiB"),
        "{out}"
    );
    assert!(out.contains("  account 111111111111\n    region eu-west-1\n        api_states/111111111111/events/eu-west-1/store.state.avro  [avro] 48.9 KiB (4.0 KiB compressed)  store"), "{out}");
    let (code, out, _) = run_in(dir.path(), &["ls", &snapshot(), "--sizes"]);
    assert_eq!(code, 0);
    let row = |r: &str| out.lines().any(|l| l == r);
    assert!(
        row(
            "dynamodb        -                   6.8 KiB / 60.0 KiB  6.8 KiB / 60.0 KiB    6 tables, 28 items"
        ),
        "{out}"
    );
    assert!(
        row(
            "sns             5.0 KiB / 19.8 KiB  -                   5.0 KiB / 19.8 KiB    2 topics, 2 subscriptions"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "total                                                   40.4 KiB / 322.6 KiB"
        ),
        "{out}"
    );
    let (_, json, _) = run_in(dir.path(), &["ls", &snapshot(), "--sizes", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let sqs =
        v["sizes"]["services"].as_array().unwrap().iter().find(|s| s["service"] == "sqs").unwrap();
    assert_eq!(sqs["state"]["files"], 2);
    assert_eq!(sqs["assets"]["files"], 0);
    assert_eq!(v["resources"]["sqs"]["queue"], 4, "decoded from both accounts' stores");
    assert_eq!(v["resources"]["dynamodb"]["table"], 6);
    assert_eq!(v["resources"]["dynamodb"]["item"], 28, "items counted in the in-memory databases");
    let (_, json, _) = run_in(dir.path(), &["ls", &snapshot(), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["archive"]["metadata"]["name"], "fixture-pod");
    assert_eq!(v["api_states"]["missing"], serde_json::json!([]));
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing written");
}

#[test]
fn show_and_find_read_members_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let store = format!("{}!/api_states/000000000000/sqs/us-east-1/store.state.avro", snapshot());
    let (code, out, err) = run_in(dir.path(), &["show", &store, "--json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["queues"]["orders"]["name"], "orders");
    let db = format!("{}!/assets/dynamodb/111111111111euwest1_eu-west-1.db", snapshot());
    let (code, out, err) = run_in(dir.path(), &["show", &db, "--table", "users", "--limit", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("{\"id\":"), "{out}");
    let (code, out, err) = run_in(dir.path(), &["find", &snapshot(), "audit.fifo"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l.starts_with(&format!("{store} /queues/audit.fifo"))), "{out}");
    // Part of an archive: only the members under it.
    let part = format!("{}!/api_states/111111111111", snapshot());
    let (_, out, _) = run_in(dir.path(), &["find", &part, "orders"]);
    assert!(
        !out.is_empty() && out.lines().all(|l| l.contains("!/api_states/111111111111/")),
        "{out}"
    );
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing written");
}

#[test]
fn encrypted_truncated_and_odd_archives_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let enc = fixture("encrypted-member.zip").display().to_string();
    let (code, out, _) = run_in(dir.path(), &["ls", &enc]);
    assert_eq!(code, 0);
    assert!(out.contains("problem: api_states/000000000000/sqs/us-east-1/store.state.avro: encrypted (zip encryption)"), "{out}");
    let member = format!("{enc}!/api_states/000000000000/sqs/us-east-1/store.state.avro");
    let (code, _, err) = run_in(dir.path(), &["show", &member]);
    assert_eq!(code, 2);
    assert!(
        err.contains("is encrypted (zip encryption); localstate does not decrypt archives"),
        "{err}"
    );
    let (code, out, err) =
        run_in(dir.path(), &["ls", &fixture("truncated.zip").display().to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "end-of-central-directory record is missing (the file is truncated, or not a zip)"
        ),
        "{out}"
    );
    assert!(
        out.contains("8 members read from their local headers, up to where the file ends"),
        "{out}"
    );
    let (code, out, _) = run_in(dir.path(), &["ls", &fixture("odd.zip").display().to_string()]);
    assert_eq!(code, 0);
    assert!(out.contains("problem: README.txt: unknown entry"), "{out}");
    assert!(out.contains("problem: api_states.json is not valid JSON: EOF while parsing a list at line 3 column 0"), "{out}");
}

#[test]
fn check_and_audit_read_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) =
        run_in(dir.path(), &["check", &snapshot(), "--localstack-version", "2026.3.0"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("written by LocalStack 2026.3.0 ({}!/metadata.yaml)", snapshot())),
        "{out}"
    );
    assert!(out.contains("moto.ssm.models.SimpleSystemManagerBackend"), "{out}");
    let (code, out, err) = run_in(dir.path(), &["audit", &snapshot()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.is_empty(), "{err}");
    assert!(out.contains("ssm/us-east-1/backend.state (pickle): 0 suspicious"), "{out}");
}

#[test]
fn resources_are_read_from_inside_the_archive() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out, err) = run_in(dir.path(), &["resources", &snapshot(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let text = out; // one JSON object per resource
    // DynamoDB Local tables come from the databases opened in memory, queues from Avro.
    for name in ["\"users\"", "\"blobs\"", "\"orders\"", "\"audit.fifo\"", "\"prod/api-key\""] {
        assert!(text.contains(name), "{name} in {text}");
    }
    let (code, out, err) = run_in(dir.path(), &["resources", &snapshot(), "--overview"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("written by LocalStack 2026.3.0"), "{out}");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing written");
}

#[test]
fn set_refuses_to_edit_inside_an_archive() {
    let index = format!("{}!/api_states.json", snapshot());
    let (ok, out) = common::localstate_set(&[&index, "/0", "lambda"]);
    assert!(!ok);
    assert!(out.contains("archives are read-only; extract it first (unzip "), "{out}");
}
