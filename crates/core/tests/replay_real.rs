//! A real replay: `tools/replay-check.py` sends the recorded workload log to FRESH real
//! emulators (LocalStack 2026.3.0, DynamoDB Local, kinesis-mock), the way LocalStack 0.x did,
//! and the lint's verdicts are compared with what happened: calls flagged with a random
//! generated value fail, unflagged calls succeed, and the timing-flagged DeleteMessage calls
//! succeed but leave a different state (the message stays in the queue).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_testkit as common;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use localstate_core::formats::replay::{self, DEFAULT_PER_CALL_COST, FindingKind, ReplayLog, Risk};

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh): LocalStack, DynamoDB Local, kinesis-mock"]
fn flagged_calls_fail_or_diverge_on_a_real_replay_and_unflagged_ones_succeed() {
    // replay-check.py starts all three (tools/sample/emulators.py reads these variables).
    let py = common::tool("LOCALSTATE_PY");
    common::tool("DDB_LOCAL_DIR");
    common::tool("KINESIS_MOCK_MAIN");
    let log_path = repo().join("tests/fixtures/replay/workload2/recorded_api_calls.json");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results.jsonl");
    let state = dir.path().join("state.json");
    let run = Command::new(&py)
        .current_dir(repo())
        .arg("tools/replay-check.py")
        .arg(&log_path)
        .arg("--out")
        .arg(&out)
        .arg("--final-state")
        .arg(&state)
        .output()
        .unwrap();
    assert!(run.status.success(), "replay-check failed: {}", String::from_utf8_lossy(&run.stderr));
    let results: HashMap<usize, serde_json::Value> = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| (v["index"].as_u64().unwrap() as usize, v))
        .collect();
    assert_eq!(results.len(), 26);

    let lint = replay::lint(&ReplayLog::open(&log_path).unwrap(), DEFAULT_PER_CALL_COST).unwrap();
    let high: Vec<usize> = lint
        .findings
        .iter()
        .filter(|f| f.kind == FindingKind::Dependency && f.risk == Risk::High)
        .map(|f| f.call)
        .collect();
    assert!(!high.is_empty());
    for call in &high {
        let r = &results[call];
        assert_eq!(r["ok"], false, "flagged call #{} succeeded: {r}", call + 1);
    }
    let codes: Vec<&str> =
        high.iter().map(|c| results[c]["error_code"].as_str().unwrap_or("")).collect();
    assert!(codes.contains(&"NoSuchUpload"), "{codes:?}");
    assert!(codes.contains(&"ResourceNotFoundException"), "{codes:?}");
    let flagged: std::collections::HashSet<usize> = lint.findings.iter().map(|f| f.call).collect();
    for (i, r) in &results {
        if !flagged.contains(i) {
            assert_eq!(r["ok"], true, "unflagged call #{} failed: {r}", i + 1);
        }
    }
    // Timing-flagged DeleteMessage calls answer 200 but delete nothing: state diverges.
    for f in
        lint.findings.iter().filter(|f| f.kind == FindingKind::Timing && f.depends_on.is_some())
    {
        assert_eq!(results[&f.call]["ok"], true);
    }
    let replayed: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    let recorded: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/fixtures/replay/workload2/final_state.json"))
            .unwrap(),
    )
    .unwrap();
    let q = "sqs/000000000000/us-east-1";
    assert_eq!(recorded[q]["jobs"]["messages"], 1);
    assert_eq!(replayed[q]["jobs"]["messages"], 2, "{}", replayed[q]);
    assert_eq!(replayed[q]["legacy"]["messages"], 2);
}
