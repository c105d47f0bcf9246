//! kinesis-mock JSON at scale: decode time of a ~100 MB state file against
//! `jq -c . > /dev/null` on the same file in the same run, as kinesis state and as generic
//! JSON (opened: lazy, the first level presented; complete: every value presented, what
//! `show` and `find` do). Not a test: prints numbers.
//!
//! `LOCALSTATE_BIG_KINESIS=/path/file.json cargo bench --bench json`; without it, a file of
//! LOCALSTATE_KINESIS_MB (default 100) is made by repeating the records of the real
//! kinesis-mock fixture (tests/fixtures/kinesis) with fresh sequence numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            drop(f());
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Scales the real fixture: every shard gets copies of its records until the file is `mb` MB.
fn make_big(mb: usize, out: &std::path::Path) {
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/kinesis/000000000000.json"
    ))
    .expect("fixture");
    let mut v: serde_json::Value = serde_json::from_slice(&raw).expect("fixture json");
    let target = mb * 1024 * 1024;
    let streams = v["streams"].as_object_mut().expect("streams");
    let (_, stream) = streams.iter_mut().next().expect("a stream");
    let shards = stream["shards"].as_object_mut().expect("shards");
    let template: Vec<serde_json::Value> =
        shards.values().flat_map(|r| r.as_array().cloned().unwrap_or_default()).collect();
    let per_record = serde_json::to_vec(&template[0]).expect("json").len();
    let copies = target / per_record / shards.len().max(1);
    for (si, records) in shards.values_mut().enumerate() {
        let list = records.as_array_mut().expect("records");
        for i in 0..copies {
            let mut r = template[i % template.len()].clone();
            r["SequenceNumber"] = serde_json::Value::String(format!("4968064785{si:02}{i:036}"));
            r["PartitionKey"] = serde_json::Value::String(format!("key-{i}"));
            list.push(r);
        }
    }
    std::fs::write(out, serde_json::to_vec(&v).expect("json")).expect("write");
}

fn main() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let path = match std::env::var("LOCALSTATE_BIG_KINESIS") {
        Ok(p) => std::path::PathBuf::from(p),
        Err(_) => {
            let mb = std::env::var("LOCALSTATE_KINESIS_MB")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(100);
            let p = tmp.path().join("kinesis.json");
            make_big(mb, &p);
            p
        }
    };
    let bytes = std::fs::read(&path).expect("read");
    let ours: Duration =
        best(3, || localstate_core::formats::kinesis::open(&bytes).expect("decode"));
    let generic: Duration =
        best(3, || localstate_core::formats::json::open(&bytes).expect("decode"));
    let complete: Duration = best(3, || {
        let mut doc = localstate_core::formats::json::open(&bytes).expect("decode");
        doc.tree.unfold_all();
        doc
    });
    let jq = best(3, || {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("jq -c . '{}' > /dev/null", path.display()))
            .stdout(Stdio::null())
            .status()
            .expect("jq");
        assert!(status.success());
    });
    let doc = localstate_core::formats::kinesis::open(&bytes).expect("decode");
    println!("file: {:.1} MB, {}", bytes.len() as f64 / 1e6, doc.summary.headline);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("jq -c .: {:.0} ms", ms(jq));
    for (what, d) in [
        ("kinesis decode", ours),
        ("generic JSON, opened", generic),
        ("generic JSON, complete", complete),
    ] {
        println!("{what}: {:.0} ms = {:.2}x jq", ms(d), ms(d) / ms(jq));
    }
}
