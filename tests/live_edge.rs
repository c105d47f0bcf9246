//! The health probe against hostile or odd endpoints, served by small in-test HTTP servers
//! on loopback: no answer, 500, HTML, truncated JSON, legacy `/health`, LocalStack 3's S3
//! `NoSuchBucket` on `/health`, a huge body, unknown service states, redirects.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use localstate::live::{self, LiveStatus, PollConfig, Poller, ProbeConfig, ServiceState};

/// Serves every connection with `answer(path)` (raw HTTP response bytes; `None` = never answer).
fn serve(answer: impl Fn(&str) -> Option<Vec<u8>> + Send + Sync + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let answer = answer.clone();
            std::thread::spawn(move || handle(stream, &*answer));
        }
    });
    format!("http://{addr}")
}

fn handle(mut s: TcpStream, answer: &dyn Fn(&str) -> Option<Vec<u8>>) {
    let mut req = Vec::new();
    let mut buf = [0u8; 1024];
    while !req.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => req.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&req).to_string();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    match answer(&path) {
        Some(resp) => {
            let _ = s.write_all(&resp);
        }
        None => std::thread::sleep(Duration::from_secs(30)),
    }
}

fn http(status: &str, ctype: &str, body: &[u8]) -> Vec<u8> {
    let mut r = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
    r.extend_from_slice(body);
    r
}

const HEALTH: &str = r#"{"services": {"sqs": "running", "s3": "available", "kms": "hibernating", "lambda": "error"}, "edition": "community", "version": "4.0.4.dev:abc123", "features": {"persistence": "initialized", "initScripts": "initialized"}}"#;
const INFO: &str = r#"{"version": "4.0.4.dev:abc123", "edition": "community", "is_license_activated": false, "session_id": "sess-1", "machine_id": "m-1", "system": "linux", "is_docker": true, "server_time_utc": "2026-11-28T15:00:00", "uptime": 77}"#;

fn cfg() -> ProbeConfig {
    ProbeConfig { timeout: Duration::from_millis(700), max_body: 64 * 1024 }
}

fn reason(s: &LiveStatus) -> &str {
    match s {
        LiveStatus::Unreachable { reason, .. } | LiveStatus::NotLocalStack { reason, .. } => reason,
        LiveStatus::Connected { .. } => panic!("unexpectedly connected: {s:?}"),
    }
}

#[test]
fn healthy_endpoint_with_unknown_states_and_build_suffix() {
    let url = serve(|p| match p {
        "/_localstack/health" => Some(http("200 OK", "application/json", HEALTH.as_bytes())),
        "/_localstack/info" => Some(http("200 OK", "application/json", INFO.as_bytes())),
        _ => Some(http("404 Not Found", "text/plain", b"no")),
    });
    let LiveStatus::Connected { health, info, .. } = live::probe(&url, &cfg()) else { panic!() };
    assert_eq!(health.version.as_deref(), Some("4.0.4.dev"));
    assert_eq!(health.state("kms"), Some(&ServiceState::Other("hibernating".into())));
    assert_eq!(health.state("lambda"), Some(&ServiceState::Error));
    assert_eq!(health.feature("persistence"), Some("initialized"));
    assert!(!health.legacy);
    let info = info.unwrap();
    assert_eq!(
        (info.uptime, info.is_docker, info.session_id.as_deref()),
        (Some(77), Some(true), Some("sess-1"))
    );
}

#[test]
fn silent_server_times_out_as_unreachable() {
    let url = serve(|_| None);
    let s = live::probe(&url, &cfg());
    assert!(matches!(s, LiveStatus::Unreachable { .. }), "{s:?}");
    assert!(reason(&s).contains("no answer within 0.7 s"), "{}", reason(&s));
}

#[test]
fn refused_connection_is_unreachable() {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let s = live::probe(&format!("127.0.0.1:{port}"), &cfg());
    assert!(matches!(s, LiveStatus::Unreachable { .. }), "{s:?}");
    assert!(reason(&s).contains("refused"), "{}", reason(&s));
    assert_eq!(s.endpoint(), format!("http://127.0.0.1:{port}"));
}

#[test]
fn error_status_html_and_truncated_json_are_not_localstack() {
    let url = serve(|_| Some(http("500 Internal Server Error", "text/plain", b"boom")));
    let s = live::probe(&url, &cfg());
    assert!(
        matches!(s, LiveStatus::NotLocalStack { .. }) && reason(&s).contains("HTTP 500"),
        "{s:?}"
    );

    let url = serve(|_| {
        Some(http(
            "200 OK",
            "text/html",
            b"<!doctype html><html><body>Welcome to nginx</body></html>",
        ))
    });
    let s = live::probe(&url, &cfg());
    assert!(
        matches!(s, LiveStatus::NotLocalStack { .. })
            && reason(&s).contains("not JSON")
            && reason(&s).contains("nginx"),
        "{s:?}"
    );

    let url = serve(|_| Some(http("200 OK", "application/json", br#"{"services": {"sqs": "runn"#)));
    let s = live::probe(&url, &cfg());
    assert!(matches!(s, LiveStatus::NotLocalStack { .. }) && reason(&s).contains("EOF"), "{s:?}");

    // Content-Length promises more than is sent, then the connection closes.
    let url = serve(|_| {
        Some(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"services\": {".to_vec())
    });
    let s = live::probe(&url, &cfg());
    assert!(matches!(s, LiveStatus::NotLocalStack { .. }), "{s:?}");
}

#[test]
fn legacy_health_endpoint_is_used_for_old_versions() {
    let url = serve(|p| {
        match p {
        "/health" => Some(http("200 OK", "application/json", br#"{"services": {"s3": "running", "sqs": "running"}, "features": {"persistence": "disabled", "initScripts": "initialized"}, "version": "1.4.0"}"#)),
        _ => Some(http("404 Not Found", "text/plain", b"not found")),
    }
    });
    let LiveStatus::Connected { health, info, .. } = live::probe(&url, &cfg()) else { panic!() };
    assert!(health.legacy);
    assert_eq!(health.version.as_deref(), Some("1.4.0"));
    assert_eq!(health.feature("persistence"), Some("disabled"));
    assert_eq!(health.running().count(), 2);
    assert!(info.is_none());
}

#[test]
fn s3_no_such_bucket_on_legacy_path_is_recognized() {
    let url = serve(|p| {
        match p {
        "/health" => Some(http("404 Not Found", "application/xml", b"<?xml version='1.0' encoding='utf-8'?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>health</BucketName></Error>")),
        _ => Some(http("503 Service Unavailable", "text/plain", b"starting")),
    }
    });
    let s = live::probe(&url, &cfg());
    assert!(matches!(s, LiveStatus::NotLocalStack { .. }), "{s:?}");
    assert!(
        reason(&s).contains("NoSuchBucket") && reason(&s).contains("HTTP 503"),
        "{}",
        reason(&s)
    );
}

#[test]
fn huge_body_is_cut_off() {
    let url = serve(|_| {
        let mut body = br#"{"services": {"#.to_vec();
        body.extend(std::iter::repeat_n(b' ', 5 << 20));
        body.extend_from_slice(b"}}");
        Some(http("200 OK", "application/json", &body))
    });
    let s = live::probe(&url, &cfg());
    assert!(matches!(s, LiveStatus::NotLocalStack { .. }) && reason(&s).contains("limit"), "{s:?}");
}

#[test]
fn redirects_are_not_followed() {
    let target = serve(|_| Some(http("200 OK", "application/json", HEALTH.as_bytes())));
    let url = serve(move |_| {
        Some(format!("HTTP/1.1 302 Found\r\nLocation: {target}/_localstack/health\r\nContent-Length: 0\r\n\r\n").into_bytes())
    });
    let s = live::probe(&url, &cfg());
    assert!(
        matches!(s, LiveStatus::NotLocalStack { .. })
            && reason(&s).contains("redirects (HTTP 302)"),
        "{s:?}"
    );
}

#[test]
fn poller_reports_switches_endpoint_and_stops() {
    let good = serve(|p| match p {
        "/_localstack/health" => Some(http("200 OK", "application/json", HEALTH.as_bytes())),
        _ => Some(http("404 Not Found", "text/plain", b"")),
    });
    let dead = format!(
        "http://127.0.0.1:{}",
        TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    );
    let cfg = PollConfig {
        interval: Duration::from_millis(100),
        max_backoff: Duration::from_millis(400),
        probe: cfg(),
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let poller = Poller::start(
        &good,
        cfg,
        Some(Box::new(move || {
            let _ = tx.send(());
        })),
    );
    let first = poller.receiver().recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(first.is_connected(), "{first:?}");
    assert!(rx.recv_timeout(Duration::from_secs(20)).is_ok(), "notify callback ran");
    poller.set_endpoint(&dead);
    let switched = poller.receiver().iter().find(|s| s.endpoint() == dead).unwrap();
    assert!(matches!(switched, LiveStatus::Unreachable { .. }), "{switched:?}");
    poller.stop();
}

#[test]
fn cli_exit_codes() {
    let exe = env!("CARGO_BIN_EXE_localstate");
    let good = serve(|p| match p {
        "/_localstack/health" => Some(http("200 OK", "application/json", HEALTH.as_bytes())),
        _ => Some(http("404 Not Found", "text/plain", b"")),
    });
    let html = serve(|_| Some(http("200 OK", "text/html", b"<html></html>")));
    let dead = format!(
        "http://127.0.0.1:{}",
        TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
    );
    let run = |url: &str| {
        Command::new(exe)
            .args(["health", "--json", "--timeout", "1", "--endpoint", url])
            .env_remove("LOCALSTACK_ENDPOINT")
            .output()
            .unwrap()
    };
    let ok = run(&good);
    assert_eq!(ok.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(
        (v["status"].as_str(), v["health"]["services"]["sqs"].as_str()),
        (Some("connected"), Some("running"))
    );
    // 3 and 4, not 2: 2 is an error (and clap's usage error), so a typo is not "unreachable".
    assert_eq!(run(&dead).status.code(), Some(3));
    let not = run(&html);
    assert_eq!(not.status.code(), Some(4));
    let v: serde_json::Value = serde_json::from_slice(&not.stdout).unwrap();
    assert_eq!(v["status"], "not LocalStack");
    // the environment variable is honoured when --endpoint is absent
    let env = Command::new(exe)
        .args(["health", "--timeout", "1"])
        .env("LOCALSTACK_ENDPOINT", &good)
        .output()
        .unwrap();
    assert_eq!(env.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&env.stdout).contains("LocalStack 4.0.4.dev (community)"));
}
