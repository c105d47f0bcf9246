//! Avro stores written from real LocalStack (tools/make-avro-fixtures.py: LocalStack's schema
//! generator and fastavro, in the per-account layout) decode with the resources LocalStack
//! held; and, differentially, every node equals what fastavro reads from the same file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::{Path, PathBuf};

use localstate_core::formats::avro::decode;
use localstate_core::volume::scan;
use localstate_testkit as common;

fn fixtures() -> PathBuf {
    common::repo().join("tests/fixtures/avro")
}

fn avro_files(dir: &Path) -> Vec<PathBuf> {
    common::files_under(dir)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "avro"))
        .collect()
}

#[test]
fn committed_fixtures_hold_the_workload() {
    let v = scan(&fixtures()).unwrap();
    let sqs = v.service("sqs").expect("an sqs store");
    let accounts: Vec<&str> = sqs.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(accounts, ["000000000000", "111111111111"]);
    let e = &sqs.accounts[0].regions[0].entries[0];
    assert_eq!(sqs.accounts[0].regions[0].name, "us-east-1");
    let doc = decode(&std::fs::read(&e.path).unwrap()).unwrap();
    // py-avro-schema names the store record in its top package's namespace (localstack-ext's
    // shipped schemas use the store's module).
    assert_eq!(doc.tree.node(0).ty, "localstack.SqsStore");
    let mut queues: Vec<&str> = doc
        .summary
        .resources
        .iter()
        .filter(|r| r.kind == "queue")
        .map(|r| r.name.as_str())
        .collect();
    queues.sort();
    assert_eq!(queues, ["audit.fifo", "orders"], "{}", doc.summary.headline);
    assert!(doc.summary.headline.contains("6 messages"), "{}", doc.summary.headline);
    assert_eq!(doc.scopes[0].account, "000000000000");
    assert_eq!(doc.scopes[0].region.as_deref(), Some("us-east-1"));
    for f in avro_files(&fixtures()) {
        decode(&std::fs::read(&f).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
    }
}

/// localstate's tree of `file` (fully unfolded) next to fastavro's reading of it.
fn differential(file: &Path) {
    let py = common::tool("LOCALSTATE_PY");
    let script = common::repo().join("tools/avro-fastavro-dump.py");
    let out = std::process::Command::new(&py).arg(&script).arg(file).output().unwrap();
    assert!(out.status.success(), "{}: {}", file.display(), String::from_utf8_lossy(&out.stderr));
    let want: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut doc = decode(&std::fs::read(file).unwrap()).unwrap();
    doc.tree.unfold_all();
    let got = doc.tree.to_json(0, None);
    assert_eq!(got, want, "{}", file.display());
}

#[test]
#[ignore = "needs the real programs (LOCALSTATE_PY with fastavro)"]
fn committed_fixtures_read_like_fastavro_reads_them() {
    let files = avro_files(&fixtures());
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        differential(&f);
    }
}

#[test]
#[ignore = "needs CI's fresh run of tools/make-avro-fixtures.py (LOCALSTATE_FRESH_AVRO)"]
fn fresh_fixtures_read_like_fastavro_reads_them() {
    let dir = common::ci_fresh("LOCALSTATE_FRESH_AVRO");
    let files = avro_files(&dir);
    assert!(files.len() >= 4, "{files:?}");
    for f in files {
        differential(&f);
    }
}

#[test]
#[ignore = "needs CI's records for localstack-ext's schemas (LOCALSTATE_FRESH_AVRO_EXT)"]
fn localstack_ext_schemas_read_like_fastavro_reads_them() {
    let dir = common::ci_fresh("LOCALSTATE_FRESH_AVRO_EXT");
    let files = avro_files(&dir);
    for svc in ["ecr", "ecs", "cognito_idp", "rds"] {
        assert!(files.iter().any(|f| f.parent().unwrap().ends_with(svc)), "{svc}: {files:?}");
    }
    for f in files {
        differential(&f);
    }
}
