//! Avro decoder benchmark (a bench binary, not a timed test): a big SQS store in the
//! generated form (`tools/make-big-avro-store.py`) opened to a browsable document (header,
//! blocks, codec, values, presented tree, summary), against fastavro's C reader iterating
//! every record of the same file in the same run (`tools/bench-fastavro-read.py`).
//!
//! `cargo bench --bench avro` — the file is `$LOCALSTATE_BENCH_FILE`, or
//! `target/bench/big-sqs.state.avro` generated on demand with the venv python `$LOCALSTATE_PY`
//! (see `tools/env.sh`). Prints times, the ratio to fastavro and the peak RSS of this process
//! relative to the file size. `cargo bench --bench avro -- --once` opens the file once and
//! prints nothing else: the command to time as a whole process (`/usr/bin/time -v`); the
//! document is not freed (the app keeps it open).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

#[path = "common/bench_input.rs"]
mod bench_input;

use std::path::Path;
use std::time::Instant;

use localstate_core::formats::avro;
use localstate_core::model::Document;

/// Reads and decodes the file (the read is part of opening it).
fn open(file: &Path) -> Result<Document, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    avro::decode_owned(bytes).map_err(|e| format!("decode failed: {e}"))
}

fn main() {
    let file = bench_input::file("big-sqs.state.avro");
    if std::env::args().any(|a| a == "--once") {
        match open(&file) {
            Ok(doc) => {
                println!("{} nodes; {}", doc.tree.len(), doc.summary.headline);
                // Open, as the app keeps it: freeing it is not part of opening.
                std::mem::forget(doc);
            }
            Err(e) => eprintln!("bench: {e}"),
        }
        return;
    }
    if !bench_input::ensure(&file, "make-big-avro-store.py") {
        return;
    }
    let size = std::fs::metadata(&file).map(|m| m.len() as f64).unwrap_or(0.0);
    let mut best = f64::MAX;
    for run in 0..3 {
        let t0 = Instant::now();
        let doc = match open(&file) {
            Ok(d) => d,
            Err(e) => return eprintln!("bench: {e}"),
        };
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "localstate open run {run}: {secs:.3} s ({} nodes; {})",
            doc.tree.len(),
            doc.summary.headline
        );
        best = best.min(secs);
    }
    let rss = bench_input::peak_rss_bytes().unwrap_or(0) as f64;
    println!("localstate best: {best:.3} s for {:.1} MB", size / 1e6);
    println!("localstate peak RSS: {:.0} MB = {:.2}x file size", rss / 1e6, rss / size);
    bench_input::compare_with_peer("bench-fastavro-read.py", "fastavro", &file, best);
}
