//! Input shaped to break walks: nested a million levels deep, nested right up to the depth
//! limit with every level shared, a million siblings. Every decoder, the presenter, search,
//! reload comparison and JSON output either finish with the right content or refuse with
//! the named depth limit. No timing is asserted: a walk quadratic in depth or in sibling
//! count would simply not finish within the test run (10^11 steps and more), and one that
//! recursed would overflow the test thread's default 2 MB stack.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use std::path::Path;

use localstate_core::formats::depth::{MAX_DEPTH, TooDeep};
use localstate_core::formats::dynamodb::item;
use localstate_core::formats::pickle::{self, Limits, PickleError};
use localstate_core::formats::search::{Matcher, search_document};
use localstate_core::formats::{jsonpickle, present};
use localstate_core::json_text::{self, Style};
use localstate_core::model::{Origin, Tree, Value};
use localstate_testkit::nested_lists_pickle;

/// Follows first children from the root; returns how many levels down that leads and the
/// last node reached.
fn first_child_depth(t: &Tree) -> (usize, u32) {
    let (mut id, mut levels) = (Tree::ROOT, 0);
    while let Some(c) = t.node(id).children.first() {
        id = *c;
        levels += 1;
    }
    (levels, id)
}

#[test]
fn a_million_deep_pickle_is_refused_naming_the_depth_limit() {
    let p = nested_lists_pickle(1_000_000);
    let err = pickle::decode(&p, &Limits::default()).unwrap_err();
    assert_eq!(err, PickleError::TooDeep(TooDeep { what: "pickle object graph", max: MAX_DEPTH }));
    assert_eq!(err.to_string(), "pickle object graph nested deeper than 20000 levels");
    // Through the file path and the core's Error the message is the same.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.pkl");
    std::fs::write(&file, &p).unwrap();
    let e = pickle::open_file(&file).unwrap_err().to_string();
    assert!(e.contains("nested deeper than 20000 levels"), "{e}");
}

#[test]
fn a_pickle_nested_to_the_limit_is_presented_searched_and_written_whole() {
    let p = nested_lists_pickle(MAX_DEPTH);
    let doc = pickle::decode(&p, &Limits::default()).unwrap();
    let (levels, last) = first_child_depth(&doc.tree);
    assert_eq!(levels, MAX_DEPTH);
    assert_eq!(doc.tree.node(last).value, Value::Str("needle".into()));
    assert_eq!(doc.tree.pointer(last), "/0".repeat(MAX_DEPTH));
    let text = json_text::to_string(&doc.tree, Tree::ROOT, None, Style::Compact);
    assert_eq!(text, format!("{}\"needle\"{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)));
    let hits =
        search_document(Path::new("deep.pkl"), doc, &Matcher::caseless("NEEDLE"), 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].pointer, "/0".repeat(MAX_DEPTH));
    assert_eq!(hits[0].value, "needle");
    // One level more is refused.
    let e = pickle::decode(&nested_lists_pickle(MAX_DEPTH + 2), &Limits::default()).unwrap_err();
    assert!(matches!(e, PickleError::TooDeep(_)), "{e}");
}

/// A chain of `depth` lists (each holding the next and a long string) plus a flat list of
/// references to every list of the chain: each list is shared, and its canonical place is
/// `i` levels down (a map of whole paths would hold depth² steps).
fn shared_chain_pickle(depth: usize) -> Vec<u8> {
    let mut p = vec![0x80, 4];
    for _ in 0..depth {
        p.extend_from_slice(b"]\x94"); // EMPTY_LIST, MEMOIZE
    }
    p.extend_from_slice(b"\x8c\x06needle");
    p.extend(std::iter::repeat_n(b'a', depth));
    p.extend_from_slice(b"](");
    for i in 0..depth as u32 {
        p.push(b'j'); // LONG_BINGET
        p.extend_from_slice(&i.to_le_bytes());
    }
    p.extend_from_slice(b"e\x86."); // APPENDS, TUPLE2, STOP
    p
}

#[test]
fn every_level_of_a_deep_chain_shared_presents_in_linear_space() {
    let depth = MAX_DEPTH - 10;
    let g = pickle::vm::run(&shared_chain_pickle(depth), &Limits::default()).unwrap().graph;
    for lazy in [false, true] {
        let mut t = if lazy {
            present::present_lazy(g.clone()).unwrap()
        } else {
            present::present(g.clone(), usize::MAX).unwrap()
        };
        // Unfolding the flat list first reveals each list's place deep in the chain.
        let flat = t.resolve_unfolding("/1").unwrap();
        t.unfold(flat);
        t.unfold_all();
        let refs = &t.node(flat).children;
        assert_eq!(refs.len(), depth);
        for i in [0, 1, depth / 2, depth - 1] {
            let Value::Ref(target) = t.node(refs[i]).value else {
                panic!("{i}: {:?}", t.node(refs[i]).value)
            };
            assert_eq!(t.pointer(target), format!("/0{}", "/0".repeat(i)), "lazy {lazy}");
        }
        let (levels, last) = first_child_depth(&t);
        assert_eq!((levels, t.node(last).value.clone()), (depth + 1, Value::Str("needle".into())));
    }
}

#[test]
fn a_million_siblings_are_presented_searched_and_addressed() {
    let n = 1_000_000;
    let mut p = vec![0x80, 4, b']', b'('];
    for _ in 0..n {
        p.extend_from_slice(b"\x8c\x06needle");
    }
    p.extend_from_slice(b"e.");
    let doc = pickle::decode(&p, &Limits::default()).unwrap();
    let hits =
        search_document(Path::new("wide.pkl"), doc, &Matcher::caseless("needle"), 10).unwrap();
    assert_eq!(hits.len(), n);
    assert_eq!(hits[n - 1].pointer, format!("/{}", n - 1));
    assert!(hits.iter().all(|h| h.value == "needle"));
}

#[test]
fn reload_comparison_of_a_lazy_tree_with_a_million_containers_finds_the_one_change() {
    // [[0], [1], …]: a million small lists, presented lazily.
    let n: u32 = 1_000_000;
    let list = |changed: u32| {
        let mut p = vec![0x80, 4, b']', b'('];
        for i in 0..n {
            p.extend_from_slice(b"]J"); // EMPTY_LIST, BININT
            p.extend_from_slice(&(if i == changed { 7 } else { i } as i32).to_le_bytes());
            p.push(b'a');
        }
        p.extend_from_slice(b"e.");
        pickle::vm::run(&p, &Limits::default()).unwrap().graph
    };
    let mut old = present::present_lazy(list(u32::MAX)).unwrap();
    old.unfold_all();
    let mut new = present::present_lazy(list(n - 3)).unwrap();
    let changed = new.changes_from(&old);
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(new.pointer(changed[0]), format!("/{}/0", n - 3));
    assert_eq!(new.node(changed[0]).value, Value::Int(7));
}

#[test]
fn jsonpickle_past_the_limit_is_refused_by_name() {
    // A million JSON levels: the parser refuses.
    let deep = format!("{{\"v\":1,\"data\":{}1{}}}", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let e = jsonpickle::read_graph(deep.as_bytes()).unwrap_err().to_string();
    assert!(e.contains("nested deeper than 20000 levels"), "{e}");
    // Three JSON levels, but every list's `py/id` builds the next one inside it.
    let n = 15_000;
    let lists: Vec<String> = (0..n).map(|i| format!("[{{\"py/id\":{}}}]", i + 2)).collect();
    let chained = format!("{{\"v\":1,\"data\":[{},[1]]}}", lists.join(","));
    let e = jsonpickle::read_graph(chained.as_bytes()).unwrap_err();
    assert_eq!(e.to_string(), "jsonpickle data nested deeper than 20000 levels");
    assert!(matches!(e, localstate_core::Error::TooDeep(_)), "{e:?}");
    // A `py/ref` naming itself forwards forever: refused the same way.
    let e = jsonpickle::read_graph(br#"{"v":1,"data":{"a":{"py/ref":"/a"}}}"#).unwrap_err();
    assert_eq!(e.to_string(), "jsonpickle data nested deeper than 20000 levels");
    // Half as long a chain builds (each list inside the one before it).
    let n = 9_000;
    let lists: Vec<String> = (0..n).map(|i| format!("[{{\"py/id\":{}}}]", i + 2)).collect();
    let chained = format!("{{\"v\":1,\"data\":[{},[\"needle\"]]}}", lists.join(","));
    let doc = jsonpickle::open(chained.as_bytes()).unwrap();
    let (levels, last) = first_child_depth(&doc.tree);
    assert_eq!((levels, doc.tree.node(last).value.clone()), (n + 2, Value::Str("needle".into())));
    // Its leaf carries its raw pointer (where the value is in the file, not where it is shown).
    assert_eq!(doc.tree.node(last).origin, Some(Origin::Json(format!("/data/{n}/0"))));
}

#[test]
fn jsonpickle_nested_to_the_limit_and_a_million_wide_decode() {
    let depth = MAX_DEPTH - 1;
    let text = format!("{{\"v\":1,\"data\":{}\"needle\"{}}}", "[".repeat(depth), "]".repeat(depth));
    let doc = jsonpickle::open(text.as_bytes()).unwrap();
    let (levels, last) = first_child_depth(&doc.tree);
    assert_eq!(levels, depth);
    assert_eq!(
        doc.tree.node(last).origin,
        Some(Origin::Json(format!("/data{}", "/0".repeat(depth))))
    );
    let items = vec!["{\"py/tuple\":[\"needle\"]}"; 1_000_000].join(",");
    let wide = format!("{{\"v\":1,\"data\":[{items}]}}");
    let (g, warnings) = jsonpickle::read_graph(wide.as_bytes()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut t = present::present_lazy(g).unwrap();
    t.unfold_all();
    assert_eq!(t.node(Tree::ROOT).children.len(), 1_000_000);
    let last = t.resolve("/999999/0").unwrap();
    assert_eq!(t.node(last).origin, Some(Origin::Json("/data/999999/py~1tuple/0".into())));
}

#[test]
fn a_dynamodb_item_nested_to_the_limit_keeps_each_leaf_path() {
    let depth = MAX_DEPTH / 2 - 10; // two JSON levels per map level
    let json = format!(
        "{{\"pk\":{}{{\"S\":\"needle\"}}{}}}",
        "{\"M\":{\"a\":".repeat(depth),
        "}}".repeat(depth)
    );
    let place = item::ItemPlace { table: "t", rowid: 1 };
    let t = item::item_tree(json.as_bytes(), &["pk"], Some(&place)).unwrap();
    let (levels, last) = first_child_depth(&t);
    assert_eq!(levels, depth + 1);
    assert_eq!(t.node(last).value, Value::Str("needle".into()));
    let Some(Origin::DynamoAttr { path, .. }) = &t.node(last).origin else { panic!() };
    assert_eq!(path.len(), depth + 1);
    assert_eq!((path[0].as_str(), path[depth].as_str()), ("pk", "a"));
}

#[test]
fn keys_made_of_one_huge_shared_tuple_are_named_in_bounded_text() {
    // {(i, BIG): 0 for i in range(50_000)}, BIG one memoized tuple of 100,000 ones: naming
    // every key in full would take 35 GB of text.
    let (keys, items) = (50_000u32, 100_000);
    let mut p = vec![0x80, 4, b'}', b'('];
    p.extend_from_slice(b"K\x00(");
    p.extend(std::iter::repeat_n(*b"K\x01", items).flatten());
    p.extend_from_slice(b"t\x94\x86K\x00"); // TUPLE, MEMOIZE, TUPLE2, value 0
    for i in 1..keys {
        p.push(b'J');
        p.extend_from_slice(&(i as i32).to_le_bytes());
        p.extend_from_slice(b"h\x00\x86K\x00"); // BINGET 0, TUPLE2, value 0
    }
    p.extend_from_slice(b"u.");
    let doc = pickle::decode(&p, &Limits::default()).unwrap();
    let t = &doc.tree;
    let names: Vec<&str> =
        t.node(Tree::ROOT).children.iter().map(|c| t.node(*c).name.as_str()).collect();
    assert_eq!(names.len(), keys as usize);
    assert!(names[7].starts_with("(7, (1, 1, 1"), "{}", &names[7][..40]);
    assert!(names[7].ends_with("…))"), "{}", &names[7][names[7].len() - 20..]);
    assert!(
        names.iter().all(|n| n.len() < 1100),
        "{}",
        names.iter().map(|n| n.len()).max().unwrap()
    );
}
