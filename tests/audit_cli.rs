//! `localstate audit`: exit codes (0 nothing suspicious, 1 suspicious, 2 error), the text
//! listing and the `--json` shape.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::process::{Command, Output};

use serde_json::Value as J;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_localstate")).arg("audit").args(args).output().unwrap()
}

fn hostile(name: &str) -> String {
    common::repo().join("tests/fixtures/hostile").join(name).display().to_string()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn exit_0_clean_1_suspicious_2_error() {
    let clean = run(&[&common::sample_volume().display().to_string()]);
    assert_eq!(clean.status.code(), Some(0), "{}", text(&clean.stderr));
    let out = text(&clean.stdout);
    assert!(
        out.contains("✓")
            && out.ends_with("11 files audited, 0 files with 0 suspicious findings\n"),
        "{out}"
    );

    let bad = run(&[&hostile("os_system.p0.pickle")]);
    assert_eq!(bad.status.code(), Some(1));
    let out = text(&bad.stdout);
    assert!(
        out.contains("@45") && out.contains("posix.system(\"touch /tmp/localstate-pwned\")"),
        "{out}"
    );

    let missing = run(&["/nonexistent/volume"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).starts_with("localstate: "), "{}", text(&missing.stderr));

    // A named file that is neither pickle nor jsonpickle.
    let not = run(&[&common::sample("kinesis/000000000000.json").display().to_string()]);
    assert_eq!(not.status.code(), Some(2));
    assert!(text(&not.stderr).contains("neither a pickle nor a jsonpickle file"));

    // A missing path is an error of the command, even beside a suspicious file.
    let both = run(&[&hostile("os_system.p4.pickle"), "/nonexistent"]);
    assert_eq!(both.status.code(), Some(2), "a missing path stops the command");
}

#[test]
fn json_lists_files_findings_and_totals() {
    let out = run(&["--json", &hostile("")]);
    assert_eq!(out.status.code(), Some(1));
    let doc: J = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["audited"], 6);
    assert_eq!(doc["errors"], 0);
    let files = doc["files"].as_array().unwrap();
    let total: u64 = files.iter().map(|f| f["suspicious"].as_u64().unwrap()).sum();
    assert_eq!(doc["suspicious"].as_u64(), Some(total));
    let store = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("sqs_store_hidden.state"))
        .unwrap();
    assert_eq!(store["format"], "pickle");
    assert_eq!(store["verdict"], "suspicious");
    let call =
        store["findings"].as_array().unwrap().iter().find(|f| f["action"] == "call").unwrap();
    assert_eq!(
        call,
        &serde_json::json!({
            "location": {"offset": 9001},
            "op": "REDUCE",
            "action": "call",
            "name": "os.system",
            "args": "\"id\"",
            "verdict": "suspicious",
            "reason": "operating system access (system, exec*, spawn*, files)",
        })
    );
    let names = store["names"].as_array().unwrap();
    assert_eq!(names[0]["verdict"], "suspicious", "suspicious names come first");
    let json_file = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("os_system.jsonpickle.json"))
        .unwrap();
    assert_eq!(json_file["findings"][0]["location"], serde_json::json!({"pointer": "/py~1reduce"}));
}

#[test]
fn all_lists_expected_findings_and_names() {
    let store = common::sample("api_states/ssm/backend.state").display().to_string();
    let out = run(&["--all", &store]);
    assert_eq!(out.status.code(), Some(0));
    let listing = text(&out.stdout);
    assert!(listing.contains("dill._dill._create_function"), "{listing}");
    assert!(
        listing.contains("[expected: dill: a function of a LocalStack/moto module"),
        "{listing}"
    );
    assert!(listing.contains("× global    moto.ssm.models.__dict__"), "{listing}");
}
