//! Pickle engine benchmark (a bench binary, not a timed test): full decode of a ~100 MB real
//! SQS `store.state` to the presented tree, against CPython 3.13 running
//! `localstack.state.pickle.load` on the same file in the same run.
//!
//! `cargo bench --bench pickle` — the file is `$LOCALSTATE_BENCH_FILE`, or
//! `target/bench/big-sqs.state` generated on demand with `tools/make-big-sqs-store.py` and the
//! venv python `$LOCALSTATE_PY` (see `tools/env.sh`). Prints times, the ratio to CPython and
//! the peak RSS of this process relative to the file size; then the safety audit of the same
//! file (`audit::audit_pickle_bytes`: the same VM run with the audit's observer).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

#[path = "common/bench_input.rs"]
mod bench_input;

use std::time::Instant;

use localstate_core::audit::{self, Options};
use localstate_core::formats::pickle::{self, Limits};

fn main() {
    let file = bench_input::file("big-sqs.state");
    if !bench_input::ensure(&file, "make-big-sqs-store.py") {
        return;
    }
    let size = std::fs::metadata(&file).map(|m| m.len() as f64).unwrap_or(0.0);
    let mut best = f64::MAX;
    let mut nodes = 0;
    for run in 0..3 {
        let t0 = Instant::now();
        // Read included: the decoded graph keeps the file bytes as its string storage.
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => return eprintln!("bench: cannot read {}: {e}", file.display()),
        };
        let doc = match pickle::decode_file_bytes(bytes, &Limits::default()) {
            Ok(d) => d,
            Err(e) => return eprintln!("bench: decode failed: {e}"),
        };
        let secs = t0.elapsed().as_secs_f64();
        nodes = doc.tree.len();
        println!(
            "localstate decode run {run}: {secs:.3} s ({nodes} nodes; {})",
            doc.summary.headline
        );
        best = best.min(secs);
        drop(doc);
    }
    let rss = bench_input::peak_rss_bytes().unwrap_or(0) as f64;
    println!("localstate best: {best:.3} s for {:.1} MB, {nodes} nodes", size / 1e6);
    println!(
        "localstate peak RSS: {:.0} MB = {:.2}x file size (file buffer included)",
        rss / 1e6,
        rss / size
    );
    let mut audit_best = f64::MAX;
    for run in 0..3 {
        let t0 = Instant::now();
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => return eprintln!("bench: cannot read {}: {e}", file.display()),
        };
        let a = audit::audit_pickle_bytes(&file, bytes, Options::default());
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "localstate audit run {run}: {secs:.3} s ({} expected, {} suspicious findings, {} names{})",
            a.expected,
            a.suspicious,
            a.names.len(),
            a.error.map(|e| format!("; error: {e}")).unwrap_or_default()
        );
        audit_best = audit_best.min(secs);
    }
    println!("localstate audit best: {audit_best:.3} s ({:.2}x the decode)", audit_best / best);
    bench_input::compare_with_peer("bench-cpython-load.py", "CPython", &file, best);
}
