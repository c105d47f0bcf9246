//! `localstate check`: the version that wrote a volume against LocalStack's compatibility
//! rules, and the classes its pickles reference against a LocalStack installation.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use std::path::Path;
use std::process::Command;

fn check(args: &[&str]) -> (i32, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_localstate")).arg("check").args(args).output().unwrap();
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap(), text)
}

fn sample() -> String {
    common::sample_volume().display().to_string()
}

#[test]
fn the_writer_version_against_the_documented_rules() {
    let (code, out) = check(&[&sample(), "--localstack-version", "2026.3.0"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("written by LocalStack 2026.3.0"), "{out}");
    assert!(out.contains("startup_info.json"), "{out}");
    assert!(out.contains("loads state written by 2026.3.0"), "{out}");
    // An older LocalStack refuses it (forward compatibility).
    let (code, out) = check(&[&sample(), "--localstack-version", "4.14.0"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("refuses it: it was written by the newer 2026.3.0"), "{out}");
    // The pickles' references are listed either way.
    assert!(out.contains("localstack.services.sqs.models.SqsStore (1 file)"), "{out}");
    let (code, out) = check(&[&sample(), "--localstack-version", "latest"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("\"latest\" is not a LocalStack version"), "{out}");
}

/// A site where the SQS models lost `FifoQueue` and the SNS module is gone.
fn shrunk_site(dir: &Path) {
    let sqs = dir.join("localstack/services/sqs");
    std::fs::create_dir_all(&sqs).unwrap();
    std::fs::create_dir_all(dir.join("localstack/services/sns")).unwrap();
    for init in ["localstack/__init__.py", "localstack/services/__init__.py"] {
        std::fs::write(dir.join(init), "").unwrap();
    }
    std::fs::write(
        sqs.join("models.py"),
        "class SqsStore:\n    pass\nclass StandardQueue:\n    pass\n",
    )
    .unwrap();
}

#[test]
fn classes_gone_from_a_localstack_site_are_named() {
    let site = tempfile::tempdir().unwrap();
    shrunk_site(site.path());
    let site_arg = site.path().display().to_string();
    let (code, out) = check(&[&sample(), "--localstack-site", &site_arg]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("localstack.services.sqs.models.FifoQueue (1 file)  ✗ name gone"),
        "{out}"
    );
    assert!(
        out.contains("localstack.services.sns.models.SnsStore (1 file)  ✗ module gone"),
        "{out}"
    );
    assert!(!out.contains("models.StandardQueue (1 file)  ✗"), "{out}");
    assert!(!out.contains("collections.deque (1 file)  ✗"), "the stdlib is not judged: {out}");

    let (_, json) = check(&[&sample(), "--localstack-site", &site_arg, "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let presence = |name: &str| {
        v["references"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap()["presence"]
            .clone()
    };
    assert_eq!(presence("localstack.services.sqs.models.FifoQueue"), "name-gone");
    assert_eq!(presence("localstack.services.sqs.models.StandardQueue"), "defined");
    assert_eq!(presence("collections.deque"), "not-in-site");
    assert_eq!(v["paths"][0]["written_by"]["version"], "2026.3.0");
    assert!(v["gone"].as_u64().unwrap() >= 2);
}

fn real_site() -> String {
    let py = common::tool("LOCALSTATE_PY");
    let out = Command::new(py)
        .args(["-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh; source tools/env.sh)"]
fn todays_localstack_defines_everything_its_own_state_references() {
    let (code, out) = check(&[&sample(), "--localstack-site", &real_site()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 references gone from the LocalStack site"), "{out}");
}

#[test]
#[ignore = "needs ../shared/corpus and the real programs"]
fn older_state_names_the_classes_localstack_2026_3_no_longer_has() {
    let v2 = common::corpus("v2").display().to_string();
    let (code, out) = check(&[&v2, "--localstack-site", &real_site()]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "localstack.services.awslambda.invocation.models.LambdaStore (1 file)  ✗ module gone"
        ),
        "{out}"
    );
    let v4 = common::corpus("v4_binary").display().to_string();
    let (_, out) = check(&[&v4, "--localstack-site", &real_site()]);
    assert!(
        out.contains(
            "localstack.services.cloudformation.stores.CloudFormationStore (1 file)  ✗ module gone"
        ),
        "{out}"
    );
}
