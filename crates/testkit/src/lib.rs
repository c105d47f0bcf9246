//! Shared helpers of the integration tests: the repo, the bundled sample volume, the
//! real-world corpus in `../shared/corpus` (read in place, never copied into the repo) and the
//! real programs (from `tools/env.sh`).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::{Path, PathBuf};
use std::process::Command;

use localstate_core::model::{NodeId, Tree, Value};

/// The repository root (the workspace directory that holds `Cargo.lock`).
pub fn repo() -> &'static Path {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().find(|p| p.join("Cargo.lock").is_file()).unwrap_or(here)
}

pub fn sample_volume() -> PathBuf {
    repo().join("assets/sample-volume")
}

/// The localstack-persist corpus, `../shared/corpus/localstack-persist` beside the checkout.
/// Panics, saying so, when it is not there: every test that reads it is
/// `#[ignore = "needs ../shared/corpus"]`, and one run with `--ignored` must fail, not pass
/// without having looked at anything.
pub fn corpus_root() -> PathBuf {
    let root = repo().join("../shared/corpus/localstack-persist");
    assert!(
        root.is_dir(),
        "the corpus is missing: {} is not a directory. This test reads the \
         localstack-persist corpus, which must lie beside the checkout in ../shared/corpus (CI \
         has it there); plain `cargo test` leaves this test out, reported as ignored",
        root.display()
    );
    root
}

/// A volume of the localstack-persist corpus: `v2`, `v3`, `v3_binary`, `v4`, `v4_binary`
/// (panics when it is missing, see [`corpus_root`]).
pub fn corpus(version: &str) -> PathBuf {
    let dir = corpus_root().join(version);
    assert!(
        dir.is_dir(),
        "the corpus has no volume {version}: {} is not a directory",
        dir.display()
    );
    dir
}

pub fn sample(rel: &str) -> PathBuf {
    repo().join("assets/sample-volume/state").join(rel)
}

/// A copy of a sample file in a fresh temp dir (tests never edit the sample itself).
pub fn copy_sample(rel: &str, dir: &Path) -> PathBuf {
    let src = sample(rel);
    let dst = dir.join(src.file_name().unwrap());
    std::fs::copy(&src, &dst).unwrap();
    dst
}

/// A copy of the sample volume's file `rel` at the same relative path under `volume` (parent
/// directories created), for tests that build a small volume of their own.
pub fn copy_into_volume(rel: &str, volume: &Path) -> PathBuf {
    let dst = volume.join(rel);
    std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
    std::fs::copy(sample_volume().join(rel), &dst).unwrap();
    dst
}

/// The path a tool variable of `tools/env.sh` names (`LOCALSTATE_PY`, `DDB_LOCAL_DIR`,
/// `KINESIS_MOCK_MAIN`). Panics, saying what to do, when it is unset or names nothing: every
/// test that needs a real program is `#[ignore = "needs the real programs …"]`, and one run
/// with `--ignored` must fail, not pass without having run anything.
pub fn tool(var: &str) -> String {
    existing_path(
        var,
        "it names one of the real programs: run `bash tools/setup-real-programs.sh && source \
         tools/env.sh` first (CI does)",
    )
}

/// The directory `.ci/run` regenerates with today's real programs and names in `var`
/// (`LOCALSTATE_FRESH_VOLUME`, `LOCALSTATE_FRESH_PERSIST`, `LOCALSTATE_FRESH_RESOURCES`…);
/// panics when it is unset or missing.
pub fn ci_fresh(var: &str) -> PathBuf {
    PathBuf::from(existing_path(
        var,
        "CI sets it after regenerating that directory with today's real programs (see .ci/run: \
         `tools/make-sample-volume.sh OUT --persist DIR`, `tools/make-resource-fixtures.sh OUT`, \
         `tools/make-avro-fixtures.py OUT`); set it to such a directory to run this test",
    ))
}

fn existing_path(var: &str, how: &str) -> String {
    match std::env::var(var) {
        Ok(v) if !v.is_empty() && Path::new(&v).exists() => v,
        Ok(v) if !v.is_empty() => panic!("{var}={v} names nothing that exists; {how}"),
        _ => panic!("{var} is not set; {how}"),
    }
}

/// Runs a Python script in the real localstack-core venv with `tools/sample` importable;
/// returns stdout, panics with stderr on failure.
pub fn python(py: &str, script: &str, args: &[&str]) -> String {
    let out = Command::new(py)
        .arg("-c")
        .arg(script)
        .args(args)
        .env("PYTHONPATH", repo().join("tools/sample"))
        .output()
        .expect("cannot run the venv python");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "python failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Masks what separate runs of the same workload write differently: generated ids, times and
/// timestamps (runs of 8+ characters of hex digits, `-`, `:`, `.`, `T`, `+` become `*`).
pub fn mask(s: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    for c in s.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() || matches!(c, '-' | ':' | '.' | 'T' | '+') {
            run.push(c);
            continue;
        }
        out.push_str(if run.len() >= 8 { "*" } else { &run });
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// A node's value, a ref by its target's pointer (node ids depend on the unfold order).
pub fn shown(t: &Tree, id: NodeId) -> String {
    match &t.node(id).value {
        Value::Ref(target) => format!("ref {}", t.pointer(*target)),
        other => format!("{other:?}"),
    }
}

/// Every node as (pointer, type, value), sorted: comparable across unfold orders and formats.
pub fn listing(t: &Tree) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = (0..t.len() as NodeId)
        .map(|id| (t.pointer(id), t.node(id).ty.clone(), shown(t, id)))
        .collect();
    v.sort();
    v
}

/// Unfolds the most recently presented deferred node first (deepest-first, the opposite of
/// `unfold_all`'s order, so shared objects are met at their non-canonical places first),
/// checking that each node gets as many children as it announced.
pub fn unfold_backwards(t: &mut Tree) {
    while let Some(id) = (0..t.len() as NodeId).rev().find(|id| t.node(*id).deferred) {
        let announced = t.child_count(id);
        t.unfold(id);
        assert_eq!(t.node(id).children.len(), announced, "{}", t.pointer(id));
    }
}

/// Every regular file under `dir` (walked without recursion), sorted.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A protocol 4 pickle of `depth` nested lists, the innermost holding the string "needle"
/// (hostile depth, generated: the VM is iterative, so is everything after it).
pub fn nested_lists_pickle(depth: usize) -> Vec<u8> {
    let mut p = vec![0x80, 4];
    p.extend(std::iter::repeat_n(b']', depth));
    p.extend_from_slice(b"\x8c\x06needle");
    p.extend(std::iter::repeat_n(b'a', depth));
    p.push(b'.');
    p
}
