//! What the core benches share: the big input file (`$LOCALSTATE_BENCH_FILE`, or one under
//! `target/bench/` generated on demand by a `tools/` script with the venv python
//! `$LOCALSTATE_PY`), the peak RSS of this process, and the Python peer run on the same file.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// The bench's input: `$LOCALSTATE_BENCH_FILE`, else `target/bench/<default>`.
pub fn file(default: &str) -> PathBuf {
    std::env::var("LOCALSTATE_BENCH_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|_| root().join("target/bench").join(default))
}

/// Makes sure `file` exists, generating it with `tools/<tool>` if not; says why when it cannot.
pub fn ensure(file: &Path, tool: &str) -> bool {
    if file.exists() {
        return true;
    }
    let Ok(py) = std::env::var("LOCALSTATE_PY") else {
        eprintln!(
            "bench: {} is missing and LOCALSTATE_PY is unset (source tools/env.sh)",
            file.display()
        );
        return false;
    };
    std::fs::create_dir_all(file.parent().unwrap_or(&root())).ok();
    eprintln!("bench: generating {} with tools/{tool} ...", file.display());
    let ok = Command::new(py)
        .arg(root().join("tools").join(tool))
        .arg(file)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!("bench: generating the store failed");
    }
    ok
}

/// The peak resident set size of this process so far.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs the peer `tools/<script> FILE --repeat 3` with `$LOCALSTATE_PY`, prints what it says
/// and the ratio of `best` (seconds) to its best time.
pub fn compare_with_peer(script: &str, peer: &str, file: &Path, best: f64) {
    let Ok(py) = std::env::var("LOCALSTATE_PY") else {
        println!("{peer} peer skipped: LOCALSTATE_PY unset");
        return;
    };
    let out = Command::new(&py)
        .arg(root().join("tools").join(script))
        .arg(file)
        .arg("--repeat")
        .arg("3")
        .output();
    let text = out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default();
    print!("{text}");
    let time = text
        .lines()
        .find_map(|l| l.strip_prefix("best "))
        .and_then(|l| l.trim_end_matches(" s").parse::<f64>().ok());
    match time {
        Some(t) => println!("ratio localstate/{peer}: {:.2} (goal ≤ 0.5)", best / t),
        None => println!("{peer} peer failed to report a time"),
    }
}
