//! The health probe against a REAL LocalStack (2026.3.0 from tools/env.sh) started on a free
//! loopback port: version and `sqs: running` after creating a queue over HTTP; after SIGTERM,
//! `unreachable`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use localstate::live::{self, LiveStatus, ProbeConfig, ServiceState};

struct LocalStack {
    child: Child,
    url: String,
    _dir: tempfile::TempDir,
}

impl LocalStack {
    fn start(py: &str) -> LocalStack {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = tempfile::tempdir().unwrap();
        let log = std::fs::File::create(dir.path().join("localstack.log")).unwrap();
        let child = Command::new(py)
            .args(["-m", "localstack.runtime.main"])
            .current_dir(dir.path())
            .env("GATEWAY_LISTEN", format!("127.0.0.1:{port}"))
            .env("GATEWAY_SERVER", "hypercorn")
            .env("LOCALSTACK_TELEMETRY", "0")
            .env("DISABLE_EVENTS", "1")
            .env("SKIP_SSL_CERT_DOWNLOAD", "1")
            .env("OVERRIDE_IN_DOCKER", "0")
            .env("FILESYSTEM_ROOT", dir.path())
            .stdin(Stdio::null())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        LocalStack { child, url: format!("http://127.0.0.1:{port}"), _dir: dir }
    }

    fn stop(&mut self) {
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.child.try_wait().ok().flatten().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for LocalStack {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            self.stop();
        }
    }
}

#[test]
#[ignore = "needs the real programs (tools/setup-real-programs.sh): LocalStack"]
fn real_localstack_reports_version_and_running_sqs_then_unreachable() {
    let py = common::tool("LOCALSTATE_PY");
    let version = Command::new(&py)
        .args(["-c", "import importlib.metadata as m; print(m.version('localstack-core'))"])
        .output()
        .unwrap();
    let version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let mut ls = LocalStack::start(&py);
    let cfg = ProbeConfig::default();
    let deadline = Instant::now() + Duration::from_secs(240);
    loop {
        if live::probe(&ls.url, &cfg).is_connected() {
            break;
        }
        assert!(ls.child.try_wait().unwrap().is_none(), "LocalStack exited during start-up");
        assert!(Instant::now() < deadline, "LocalStack did not answer /_localstack/health");
        std::thread::sleep(Duration::from_millis(500));
    }
    // Create a queue (query protocol, unsigned but with a SigV4-shaped Authorization header).
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let mut resp = agent
        .post(&format!("{}/", ls.url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20261128/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=00")
        .send("Action=CreateQueue&QueueName=health-check-q&Version=2012-11-05")
        .unwrap();
    let body = resp.body_mut().read_to_string().unwrap();
    assert_eq!(resp.status().as_u16(), 200, "{body}");
    assert!(body.contains("/000000000000/health-check-q"), "{body}");

    let LiveStatus::Connected { health, info, .. } = live::probe(&ls.url, &cfg) else {
        panic!("not connected")
    };
    assert_eq!(health.version.as_deref(), Some(version.as_str()));
    assert_eq!(health.state("sqs"), Some(&ServiceState::Running));
    assert!(!health.legacy);
    let info = info.expect("/_localstack/info answered");
    assert_eq!(
        info.version.as_deref().map(|v| v.split(':').next().unwrap_or(v)),
        Some(version.as_str())
    );
    assert!(info.uptime.is_some());
    // localstack-core alone reports edition "unknown"; health and info must agree.
    assert!(health.edition.is_some());
    assert_eq!(info.edition, health.edition);

    let cli = Command::new(env!("CARGO_BIN_EXE_localstate"))
        .args(["health", "--json", "--endpoint", &ls.url])
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(v["health"]["services"]["sqs"], "running");

    ls.stop();
    let s = live::probe(&ls.url, &cfg);
    assert!(matches!(s, LiveStatus::Unreachable { .. }), "{s:?}");
}
