//! Lazy presentation (used for big pickles) gives exactly the tree of a complete presentation,
//! whatever order nodes are unfolded in: same pointers, types and values, shared objects
//! shown in full at the same place, and the same summary. Checked on every real pickle of the
//! sample volume and of the localstack-persist corpus, and on their jsonpickle twins.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_testkit as common;

use std::path::{Path, PathBuf};

use localstate_core::formats::pickle::{self, Limits};
use localstate_core::formats::pyobj::Graph;
use localstate_core::formats::{jsonpickle, present};
use localstate_core::model::{NodeId, Tree, Value};
use localstate_core::resources::catalog;

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

/// The graph of every pickle under `dirs` whose name ends in `.ext`.
fn pickle_graphs(dirs: &[PathBuf], ext: &str) -> Vec<(PathBuf, Graph)> {
    let mut paths = Vec::new();
    for dir in dirs {
        files(dir, ext, &mut paths);
    }
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            let g = pickle::vm::run(pickle::strip_marker(&bytes), &Limits::default())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .graph;
            (p, g)
        })
        .collect()
}

/// The sample volume's real pickles (`store.state`, `backend.state`).
fn sample_graphs() -> Vec<(PathBuf, Graph)> {
    let out = pickle_graphs(&[common::sample_volume()], "state");
    assert!(out.len() >= 6, "expected the sample pickles, found {}", out.len());
    out
}

/// The corpus's pickles and their jsonpickle twins. With the sample's 6, at least 40 files.
fn corpus_graphs() -> Vec<(PathBuf, Graph)> {
    let mut out = pickle_graphs(&[common::corpus("v3_binary"), common::corpus("v4_binary")], "pkl");
    let mut json = Vec::new();
    for v in ["v3", "v4"] {
        files(&common::corpus(v), "json", &mut json);
    }
    for p in json {
        if let Ok((g, _)) = jsonpickle::read_graph(&std::fs::read(&p).unwrap()) {
            out.push((p, g));
        }
    }
    assert!(out.len() >= 34, "expected the corpus pickles, found {}", out.len());
    out
}

/// Checks every graph, unfolded by `first` (returning how many lists it left part-presented)
/// then backwards; returns how many references to an object shown elsewhere were met and
/// how many lists were part-presented.
fn check_lazy_unfolding(
    graphs: Vec<(PathBuf, Graph)>,
    first: fn(&mut Tree) -> usize,
) -> (usize, usize) {
    let (mut refs, mut partial) = (0, 0);
    for (path, graph) in graphs {
        let complete = present::present(graph.clone(), usize::MAX).unwrap();
        let mut lazy = present::present_lazy(graph).unwrap();
        assert!(
            lazy.len() < complete.len() || complete.len() == 1,
            "{}: nothing was deferred",
            path.display()
        );
        partial += first(&mut lazy);
        common::unfold_backwards(&mut lazy);
        assert_eq!(common::listing(&lazy), common::listing(&complete), "{}", path.display());
        refs += complete.nodes.iter().filter(|n| matches!(n.value, Value::Ref(_))).count();
    }
    (refs, partial)
}

/// Presents the first few children of every deferred list and everything else (a sample or
/// a page of each list), checking that what a list announces does not change.
fn unfold_list_heads(t: &mut Tree) -> usize {
    let mut partial = 0;
    let mut id = 0;
    while id < t.len() as NodeId {
        let n = t.node(id);
        if n.deferred && n.is_list {
            let announced = t.child_count(id);
            t.unfold_first(id, 1 + id as usize % 2);
            assert_eq!(t.child_count(id), announced, "{}", t.pointer(id));
            partial += usize::from(t.node(id).deferred);
        } else {
            t.unfold(id);
        }
        id += 1;
    }
    partial
}

#[test]
fn lists_presented_head_first_give_the_complete_tree() {
    let partial = check_lazy_unfolding(sample_graphs(), unfold_list_heads).1;
    assert!(partial > 0, "no list was left part-presented: the rest went untested");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn lists_presented_head_first_give_the_complete_tree_on_the_corpus() {
    assert!(check_lazy_unfolding(corpus_graphs(), unfold_list_heads).1 > 0);
}

#[test]
fn lazy_unfolding_in_any_order_gives_the_complete_tree() {
    let refs = check_lazy_unfolding(sample_graphs(), |_| 0).0;
    assert!(refs > 0, "no shared reference met: the canonical-place logic went untested");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn lazy_unfolding_in_any_order_gives_the_complete_tree_on_the_corpus() {
    let refs = check_lazy_unfolding(corpus_graphs(), |_| 0).0;
    assert!(refs > 0, "no shared reference met: the canonical-place logic went untested");
}

fn check_lazy_summary(graphs: Vec<(PathBuf, Graph)>) {
    for (path, graph) in graphs {
        let mut complete = present::present(graph.clone(), usize::MAX).unwrap();
        let mut lazy = present::present_lazy(graph).unwrap();
        let (a, b) = (catalog::summarize(&mut complete), catalog::summarize(&mut lazy));
        assert_eq!(a.headline, b.headline, "{}", path.display());
        let names = |s: &localstate_core::model::Summary, t: &Tree| {
            s.resources
                .iter()
                .map(|r| (r.kind.clone(), r.name.clone(), r.node.map(|n| t.pointer(n))))
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a, &complete), names(&b, &lazy), "{}", path.display());
    }
}

#[test]
fn lazy_summary_names_the_same_resources_without_unfolding_everything() {
    check_lazy_summary(sample_graphs());
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn lazy_summary_names_the_same_resources_without_unfolding_everything_on_the_corpus() {
    check_lazy_summary(corpus_graphs());
}

#[test]
fn pointers_resolve_in_a_fresh_lazy_tree() {
    let (path, graph) = sample_graphs()
        .into_iter()
        .find(|(p, _)| p.ends_with("sqs/store.state"))
        .expect("sample SQS store");
    let complete = present::present(graph.clone(), usize::MAX).unwrap();
    for id in (0..complete.len() as NodeId).step_by(7) {
        let pointer = complete.pointer(id);
        let mut lazy = present::present_lazy(graph.clone()).unwrap();
        let found = lazy
            .resolve_unfolding(&pointer)
            .unwrap_or_else(|| panic!("{}: {pointer} not found lazily", path.display()));
        assert_eq!(common::shown(&lazy, found), common::shown(&complete, id), "{pointer}");
        assert!(lazy.len() <= complete.len());
    }
}
