//! Hostile nesting and width through the CLI with the default stack: a pickle, a JSON file
//! and a jsonpickle file nested a million levels deep make `show --json`, `show` and
//! `find` exit 2 with the depth limit named (never a signal); files nested right up to the
//! limit, and a million siblings, are shown and searched in full. The files are generated
//! here. No timing is asserted: a walk quadratic in depth or width would not finish.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::path::Path;
use std::process::{Command, Output};

const LIMIT: usize = 20_000;

fn localstate(args: &[&str], file: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_localstate"))
        .args(args)
        .arg(file)
        .args(if args == ["find"] { &["needle"][..] } else { &[] })
        .env_remove("RUST_MIN_STACK")
        .output()
        .unwrap();
    // A signal (a stack overflow aborts) leaves no exit code.
    assert!(out.status.code().is_some(), "{args:?} {}: killed by {:?}", file.display(), out.status);
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(depth: usize) -> Vec<u8> {
    format!("{}\"needle\"{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()
}

fn jsonpickle(depth: usize) -> Vec<u8> {
    format!("{{\"v\":1,\"data\":{}\"needle\"{}}}", "[".repeat(depth), "]".repeat(depth))
        .into_bytes()
}

#[test]
fn million_deep_files_are_refused_by_every_command_naming_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "deep.pkl",
            common::nested_lists_pickle(1_000_000),
            "pickle object graph nested deeper than 20000 levels",
        ),
        ("deep.json", json(1_000_000), "nested deeper than 20000 levels"),
        ("store.json", jsonpickle(1_000_000), "nested deeper than 20000 levels"),
    ];
    for (name, bytes, message) in files {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        for args in [&["show", "--json"][..], &["show"], &["find"]] {
            let out = localstate(args, &file);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {err}");
            assert!(err.contains(message), "{name} {args:?}: {err}");
            assert!(out.stdout.len() < 1000, "{name} {args:?}: {} bytes out", out.stdout.len());
        }
    }
    // The jsonpickle file is read as jsonpickle (its error says so).
    let out = localstate(&["show"], &dir.path().join("store.json"));
    assert!(text(&out.stderr).contains("jsonpickle"), "{}", text(&out.stderr));
}

#[test]
fn files_nested_to_the_limit_are_shown_and_searched_whole() {
    let dir = tempfile::tempdir().unwrap();
    let depth = LIMIT - 1;
    for (name, bytes, pointer) in [
        ("deep.pkl", common::nested_lists_pickle(depth), "/0".repeat(depth)),
        ("deep.json", json(depth), "/0".repeat(depth)),
        ("store.json", jsonpickle(depth), "/0".repeat(depth)),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();

        let out = localstate(&["show", "--json"], &file);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let shown = text(&out.stdout);
        assert_eq!(shown.matches('[').count(), depth, "{name}");
        assert_eq!(shown.matches(']').count(), depth, "{name}");
        assert_eq!(shown.matches("\"needle\"").count(), 1, "{name}");

        let out = localstate(&["show"], &file);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let shown = text(&out.stdout);
        let last = shown.lines().last().unwrap();
        assert!(last.trim_start().starts_with("0  [str]  \"needle\""), "{name}: {last}");
        // Indentation stops growing (64 levels of two spaces), so the text stays linear.
        let widest = shown.lines().map(|l| l.len() - l.trim_start().len()).max().unwrap();
        assert_eq!(widest, 128, "{name}");

        let out = localstate(&["find"], &file);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let found = text(&out.stdout);
        assert_eq!(found, format!("{} {pointer}: needle\n", file.display()), "{name}");
    }
}

#[test]
fn a_million_siblings_are_shown_and_searched_whole() {
    let dir = tempfile::tempdir().unwrap();
    let n = 1_000_000;
    let mut p = vec![0x80, 4, b']', b'('];
    for _ in 0..n {
        p.extend_from_slice(b"\x8c\x06needle");
    }
    p.extend_from_slice(b"e.");
    let items = vec!["\"needle\""; n].join(",");
    for (name, bytes) in [("wide.pkl", p), ("wide.json", format!("[{items}]").into_bytes())] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = localstate(&["find"], &file);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let found = text(&out.stdout);
        assert_eq!(found.lines().count(), n, "{name}");
        let last = found.lines().last().unwrap();
        assert_eq!(last, format!("{} /{}: needle", file.display(), n - 1), "{name}");
        let out = localstate(&["show", "--json"], &file);
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        assert_eq!(text(&out.stdout).matches("\"needle\"").count(), n, "{name}");
    }
}
