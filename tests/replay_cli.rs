//! `localstate replay` on the real workload log: text lines, filters, JSON with the lint.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::process::Command;

fn run(args: &[&str]) -> (i32, String) {
    let log = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/replay/workload2/recorded_api_calls.json"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_localstate"))
        .arg("replay")
        .arg(log)
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn text_lines_and_filters() {
    let (code, out) = run(&["--service", "s3"]);
    assert_eq!(code, 0);
    let ops: Vec<&str> = out.lines().map(|l| l.split_whitespace().nth(6).unwrap()).collect();
    assert_eq!(
        ops,
        [
            "CreateBucket",
            "PutObject",
            "CreateMultipartUpload",
            "UploadPart",
            "UploadPart",
            "CompleteMultipartUpload"
        ]
    );
    assert!(out.lines().next().unwrap().starts_with("#12    line 12"), "{out}");
    let (_, out) = run(&["--operation", "sendmessage", "--lint"]);
    assert_eq!(out.lines().filter(|l| l.starts_with('#')).count(), 4);
    assert!(out.contains("[medium] call #2 (sqs SendMessage) depends on call #1's response (sqs CreateQueue): QueueUrl = http://"), "{out}");
    assert!(out.contains("Restored 26 API calls from persistent file: "), "{out}");
}

#[test]
fn json_with_lint() {
    let (code, out) = run(&["--json", "--lint"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let calls = v["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 26);
    assert_eq!(calls[14]["operation"], "UploadPart");
    assert_eq!(calls[14]["params"][2][0], "UploadId");
    assert_eq!(calls[6]["request_body"]["kind"], "form");
    let findings = v["lint"]["findings"].as_array().unwrap();
    let chain: Vec<u64> = findings
        .iter()
        .filter(|f| f["depends_on"] == 14)
        .map(|f| f["call"].as_u64().unwrap())
        .collect();
    assert_eq!(chain, [15, 16, 17]);
    assert_eq!(v["lint"]["summary"]["dependent_calls"], 13);
    assert_eq!(v["lint"]["summary"]["per_service"]["sqs"], 11);
}
