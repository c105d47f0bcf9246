//! `--avro-schemas DIR` on the commands that decode (show, find, ls) for Avro files that are
//! raw datums, and `check` naming the Avro header key the writer's version came from.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_localstate"))
        .args(args)
        .env_remove("LOCALSTATE_AVRO_SCHEMAS")
        .output()
        .unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap(), text)
}

fn raw(rel: &str) -> String {
    common::repo().join("tests/fixtures/avro-raw").join(rel).display().to_string()
}

const SQS: &str = "state/000000000000/sqs/us-east-1/store.state.avro";

#[test]
fn show_and_find_decode_a_raw_datum_with_the_flag_and_say_what_is_missing_without() {
    let schemas = raw("schemas");
    let (code, out) = run(&["show", &raw(SQS), "--avro-schemas", &schemas, "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let queues = v.pointer("/queues").and_then(|q| q.as_object()).expect("queues");
    let mut names: Vec<&String> = queues.keys().collect();
    names.sort();
    assert_eq!(names, ["audit.fifo", "orders"]);
    assert_eq!(v.pointer("/_account_id").and_then(|a| a.as_str()), Some("000000000000"));

    // The flag is global: find takes it too, anywhere among its operands.
    let (code, out) =
        run(&["find", &raw("state"), "--avro-schemas", &schemas, "message 2 in orders"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("message 2 in orders"), "{out}");

    let (code, out) = run(&["show", &raw(SQS)]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("no schema directory is set"), "{out}");
    assert!(out.contains("a record named SqsStore"), "{out}");

    let (code, out) = run(&["show", &raw(SQS), "--avro-schemas", &raw("schemas/sns")]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("looked for a record named SqsStore"), "{out}");
    assert!(out.contains(&format!("no schema for it in {}", raw("schemas/sns"))), "{out}");

    let (code, out) = run(&["show", &raw(SQS), "--avro-schemas", &raw("nowhere")]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("--avro-schemas") && out.contains("not a directory"), "{out}");
}

#[test]
fn check_names_the_avro_header_key_of_the_writer_version() {
    let dir = common::repo().join("tests/fixtures/avro").display().to_string();
    let (code, out) = run(&["check", &dir, "--localstack-version", "2026.3.0"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "written by LocalStack 2026.3.0 (from the Avro header key localstack.version of "
        ),
        "{out}"
    );
    assert!(out.contains("store.state.avro)"), "{out}");
}
