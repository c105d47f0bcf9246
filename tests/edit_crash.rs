//! Crash safety: `kill -9` a child running `localstate set` on a 20+ MB file at random moments
//! (≥ 100 times). The file must always be exactly the old or the new version and the `.bak`,
//! when present, exactly the old version.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// ~24 MB of generic JSON: few nodes (fast to decode), many bytes (slow to write).
fn big_json() -> Vec<u8> {
    let pad = "x".repeat(12_000);
    let items: Vec<String> = (0..2000)
        .map(|i| format!("{{\"id\": {i}, \"name\": \"item-{i}\", \"pad\": \"{pad}\"}}"))
        .collect();
    format!("{{\n  \"items\": [\n    {}\n  ]\n}}\n", items.join(",\n    ")).into_bytes()
}

/// Small deterministic generator (no wall-clock seeding, same moments every run).
struct Lcg(u64);
impl Lcg {
    fn next_unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn reset(file: &Path, bak: &Path, old: &[u8]) {
    // Remove first: the .bak may be a hard link to the file's inode.
    std::fs::remove_file(bak).ok();
    std::fs::remove_file(file).ok();
    std::fs::write(file, old).unwrap();
}

fn set_cmd(file: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_localstate"));
    c.args(["set", "--endpoint", "http://127.0.0.1:9"])
        .arg(file)
        .arg("/items/1000/name")
        .arg("edited")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

#[test]
fn kill_9_during_set_never_leaves_a_torn_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.json");
    let bak = dir.path().join("big.json.bak");
    let old = big_json();
    assert!(old.len() >= 20 << 20, "{} bytes", old.len());
    let new = String::from_utf8(old.clone())
        .unwrap()
        .replacen("\"item-1000\"", "\"edited\"", 1)
        .into_bytes();

    // One uninterrupted run: the expected result, and how long a save takes here.
    reset(&file, &bak, &old);
    let t0 = Instant::now();
    let status = set_cmd(&file).status().unwrap();
    let full = t0.elapsed();
    assert!(status.success());
    assert!(
        std::fs::read(&file).unwrap() == new,
        "the uninterrupted save is not the expected edit"
    );
    assert!(std::fs::read(&bak).unwrap() == old);

    let mut rng = Lcg(0x5eed);
    let (mut saw_old, mut saw_new, mut leftovers) = (0, 0, 0);
    for round in 0..100 {
        reset(&file, &bak, &old);
        let mut child = set_cmd(&file).spawn().unwrap();
        std::thread::sleep(full.mul_f64(1.1 * rng.next_unit()));
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let now = std::fs::read(&file).unwrap();
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
        } else {
            panic!("round {round}: the file is torn ({} bytes)", now.len());
        }
        if bak.exists() {
            assert!(
                std::fs::read(&bak).unwrap() == old,
                "round {round}: .bak is not the old version"
            );
        } else {
            assert!(now == old, "round {round}: the file was replaced without a .bak");
        }
        // Temp files a killed save leaves behind: counted, then removed.
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let p = e.unwrap().path();
            if p.to_string_lossy().ends_with(".localstate-tmp") {
                leftovers += 1;
                std::fs::remove_file(p).unwrap();
            }
        }
    }
    eprintln!(
        "crash test: one save took {full:?}; after kill -9: {saw_old} old, {saw_new} new, 0 torn; {leftovers} temp files left behind"
    );
}
