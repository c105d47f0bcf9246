//! Replay-log benchmark (run: `cargo bench --bench replay`): builds a 1,000,000-line log by
//! repeating the real recorded lines (workload2 + sample volume) with varied names, dates and
//! bodies, then times, in the same run, `ReplayLog::open` (index), decoding every call, the
//! lint, and `jq -c . > /dev/null` on the same file. Prints the numbers and the ratios.
//! `REPLAY_BENCH_LINES` overrides the line count.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use base64::Engine;
use localstate_core::formats::replay::{self, DEFAULT_PER_CALL_COST, ReplayLog};

const NAMES: &[&str] = &[
    "jobs",
    "legacy",
    "uploads",
    "alerts",
    "sessions",
    "orders",
    "audit-log",
    "order-events",
    "clickstream",
    "users",
];

fn source_lines() -> Vec<serde_json::Value> {
    let root = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    [
        "tests/fixtures/replay/workload2/recorded_api_calls.json",
        "assets/sample-volume/data/recorded_api_calls.json",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(root.join(p)).expect("fixture log"))
    .collect::<String>()
    .lines()
    .filter(|l| !l.trim().is_empty())
    .map(|l| serde_json::from_str(l).expect("fixture line is JSON"))
    .collect()
}

/// Line `i`: a recorded line whose names get a `-<round>` suffix (in path and body) and whose
/// `X-Amz-Date` moves by `i` seconds.
fn varied(base: &serde_json::Value, i: usize, round: usize) -> String {
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut v = base.clone();
    let rename = |s: &str| {
        NAMES.iter().fold(s.to_string(), |acc, n| acc.replace(n, &format!("{n}-{round}")))
    };
    if let Some(p) = v["p"].as_str() {
        v["p"] = rename(p).into();
    }
    if let Some(d) = v["d"].as_str().and_then(|d| b64.decode(d).ok()) {
        let body = match String::from_utf8(d) {
            Ok(text) => rename(&text).into_bytes(),
            Err(e) => e.into_bytes(),
        };
        v["d"] = b64.encode(body).into();
    }
    if let Some(h) = v["h"].as_object_mut() {
        h.insert(
            "X-Amz-Date".into(),
            format!(
                "2026{:02}{:02}T{:02}{:02}{:02}Z",
                1 + (i / 2_592_000) % 12,
                1 + (i / 86_400) % 28,
                (i / 3600) % 24,
                (i / 60) % 60,
                i % 60
            )
            .into(),
        );
    }
    v.to_string()
}

fn generate(path: &Path, lines: usize) {
    let src = source_lines();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create bench log"));
    for i in 0..lines {
        writeln!(out, "{}", varied(&src[i % src.len()], i, i / src.len()))
            .expect("write bench log");
    }
    out.flush().expect("flush bench log");
}

fn time<T>(what: &str, f: impl FnOnce() -> T) -> (T, f64) {
    let t = Instant::now();
    let r = f();
    let s = t.elapsed().as_secs_f64();
    println!("{what:<34} {s:>8.3} s");
    (r, s)
}

fn main() {
    let lines: usize =
        std::env::var("REPLAY_BENCH_LINES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("recorded_api_calls.json");
    let (_, _) = time(&format!("generate {lines} lines"), || generate(&path, lines));
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("log size                           {:>8.1} MB", size as f64 / 1e6);
    // Warm the page cache the same way for every contender.
    let _ = std::fs::read(&path);
    let (log, index_s) = time("index (ReplayLog::open)", || ReplayLog::open(&path).expect("index"));
    assert_eq!(log.len(), lines);
    let (ok, decode_s) = time("decode all calls", || {
        log.calls().expect("calls").filter(|c| matches!(c, Ok(Ok(_)))).count()
    });
    assert_eq!(ok, lines);
    let (lint, _) = time("lint", || replay::lint(&log, DEFAULT_PER_CALL_COST).expect("lint"));
    println!(
        "  findings {}, dependent calls {}",
        lint.findings.len(),
        lint.summary.dependent_calls
    );
    let (status, jq_s) = time("jq -c . > /dev/null", || {
        Command::new("jq").arg("-c").arg(".").arg(&path).stdout(Stdio::null()).status()
    });
    match status {
        Ok(s) if s.success() => {
            println!("index  vs jq: {:>6.1}× faster", jq_s / index_s);
            println!("decode vs jq: {:>6.1}× faster", jq_s / decode_s);
        }
        other => println!("jq not available ({other:?}); no ratio"),
    }
}
