//! The core's modules form layers, not a web: reads every source file, collects which
//! top-level module uses which (`crate::<module>` outside comments) and fails on a cycle.
//!
//! `error` is left out: it is the crate's error type, and wraps the errors of the modules it
//! names (a pickle offset, a JSON position), as error enums do. Macros (`bail!`, `err!`) live
//! at the crate root.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
const NOT_MODULES: &[&str] = &["error", "bail", "err", "Error", "Result"];

/// Top-level module → the top-level modules its code uses.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![Path::new(SRC).to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(SRC).unwrap();
            let top = rel.components().next().unwrap().as_os_str().to_string_lossy();
            let module = top.trim_end_matches(".rs").to_string();
            if module == "lib" || NOT_MODULES.contains(&module.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let used = graph.entry(module.clone()).or_default();
            for line in text.lines().map(str::trim_start).filter(|l| !l.starts_with("//")) {
                for (i, _) in line.match_indices("crate::") {
                    let name: String = line[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if name != module && !NOT_MODULES.contains(&name.as_str()) {
                        used.insert(name);
                    }
                }
            }
        }
    }
    graph
}

/// A cycle through `start`, if any (iterative depth-first search).
fn cycle_from(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_string()]];
    while let Some(path) = stack.pop() {
        let last = path.last().unwrap();
        for next in graph.get(last).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![start.to_string()]].concat());
            }
            if !path.contains(next) {
                stack.push([path.clone(), vec![next.clone()]].concat());
            }
        }
    }
    None
}

#[test]
fn top_level_modules_have_no_cycles() {
    let graph = uses();
    assert!(graph.contains_key("formats") && graph.contains_key("volume"), "{graph:?}");
    for module in graph.keys() {
        if let Some(cycle) = cycle_from(&graph, module) {
            panic!("module cycle: {}\nall uses: {graph:#?}", cycle.join(" → "));
        }
    }
    // The layers this crate is built on.
    assert!(graph["volume"].contains("formats"), "volume sniffs through the format registry");
    assert!(!graph["resources"].contains("formats"), "resources read trees, not files");
    assert!(graph["audit"].contains("formats"), "the audit rides the pickle VM");
    for user in ["formats", "volume", "edit", "resources", "model"] {
        assert!(!graph[user].contains("audit"), "{user} uses the audit, which sits above it");
    }
    for bottom in ["model", "kind", "text"] {
        assert!(graph[bottom].is_empty(), "{bottom} uses {:?}", graph[bottom]);
    }
}
