//! The interlock with a REAL running LocalStack: `localstate set` refuses to save while it runs
//! services (it would overwrite the edit at its next snapshot), and `--force` overrides.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

const RUN_LOCALSTACK: &str = r#"
import sys, os, subprocess, emulators
d = sys.argv[1]
p = emulators.start_localstack(d, d)
try:
    import boto3
    boto3.client("sqs", endpoint_url=p.url, region_name="us-east-1", aws_access_key_id="000000000000",
                 aws_secret_access_key="x").create_queue(QueueName="interlock")
    env = dict(os.environ)
    blocked = subprocess.run([sys.argv[2], "set", "--endpoint", p.url, sys.argv[3], sys.argv[4], "1"], capture_output=True, text=True, env=env)
    forced = subprocess.run([sys.argv[2], "set", "--endpoint", p.url, "--force", sys.argv[3], sys.argv[4], "2"], capture_output=True, text=True, env=env)
    print(blocked.returncode, forced.returncode)
    print(blocked.stderr)
finally:
    p.stop()
"#;

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh): LocalStack"]
fn set_refuses_while_a_real_localstack_runs() {
    let py = common::tool("LOCALSTATE_PY");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("settings.json");
    std::fs::write(&file, "{\"retries\": 0}\n").unwrap();
    let out = common::python(
        &py,
        RUN_LOCALSTACK,
        &[
            dir.path().to_str().unwrap(),
            env!("CARGO_BIN_EXE_localstate"),
            file.to_str().unwrap(),
            "/retries",
        ],
    );
    let mut lines = out.lines();
    // A refused save is an error (exit 2, README "Exit status"); the forced one succeeds.
    assert_eq!(lines.next(), Some("2 0"), "{out}");
    assert!(
        out.contains("LocalStack is running") && out.contains("sqs") && out.contains("--force"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"retries\": 2}\n",
        "only the forced save wrote"
    );
}
