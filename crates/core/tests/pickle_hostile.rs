//! Hostile and malformed pickles: clear errors (naming the problem or the limit), never a
//! panic, never execution, bounded time and memory.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

use localstate_testkit as common;

use localstate_core::formats::pickle::{self, Limits, PickleError};
use localstate_core::model::{Tree, Value};

#[test]
#[ignore = "needs ../shared/corpus"]
fn truncation_at_every_offset_of_a_real_store_is_an_error() {
    let file = std::fs::read(common::corpus("v4_binary").join("sqs/store.pkl")).unwrap();
    let body = pickle::strip_marker(&file);
    assert!(pickle::decode(body, &Limits::default()).is_ok());
    for cut in 0..body.len() {
        match pickle::decode(&body[..cut], &Limits::default()) {
            Err(PickleError::Truncated { .. } | PickleError::NoStop { .. }) => {}
            Err(other) => panic!("cut at {cut}: unexpected error kind {other}"),
            Ok(_) => panic!("cut at {cut}: a truncated pickle decoded"),
        }
    }
}

#[test]
fn os_system_reduce_is_data_and_nothing_runs() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("PWNED");
    // What `pickle.loads` would turn into os.system("touch <dir>/PWNED"), in protocol 0 and 4.
    let cmd = format!("touch {}", target.display());
    let p0 = format!("cposix\nsystem\n(V{cmd}\ntR.").into_bytes();
    let mut p4 = b"\x80\x04\x8c\x02os\x94\x8c\x06system\x94\x93\x94".to_vec();
    p4.push(0x8c);
    p4.push(cmd.len() as u8);
    p4.extend_from_slice(cmd.as_bytes());
    p4.extend_from_slice(b"\x85R.");
    for (p, module) in [(p0, "posix.system"), (p4, "os.system")] {
        let doc = pickle::decode(&p, &Limits::default()).unwrap();
        assert_eq!(doc.tree.node(Tree::ROOT).ty, module);
        let arg = doc.tree.resolve("/__args__/0").map(|n| doc.tree.node(n).value.clone());
        assert_eq!(arg, Some(Value::Str(cmd.clone())));
    }
    assert!(!target.exists(), "the command must not have run");
}

#[test]
fn memo_bomb_stays_linear() {
    // l = [l0]; then 60 times: push [prev, prev] via BINGET — 2^60 elements if copied.
    let mut p = b"\x80\x04]\x94K\x01a".to_vec(); // [1] memo 0
    for i in 0..60u32 {
        p.extend_from_slice(b"]\x94"); // new list, memo i+1
        p.extend_from_slice(b"(j");
        p.extend_from_slice(&i.to_le_bytes());
        p.push(b'j');
        p.extend_from_slice(&i.to_le_bytes());
        p.push(b'e');
        p.push(b'0'); // pop it; it stays in the memo
    }
    p.push(b'j');
    p.extend_from_slice(&60u32.to_le_bytes());
    p.push(b'.');
    let doc = pickle::decode(&p, &Limits::default()).unwrap();
    assert!(doc.tree.len() < 1000, "tree has {} nodes", doc.tree.len());
    // The second element of each level is a reference to the first.
    let r = doc.tree.resolve("/1").unwrap();
    assert!(matches!(doc.tree.node(r).value, Value::Ref(_)));
}

#[test]
fn a_string_repeated_a_million_times_opens_lazily() {
    // 10 lists of 100 lists of 1000 references to one memoized 200-byte string: 1,112 objects,
    // but a complete presentation would hold a million 200-byte leaves.
    let mut p = b"\x80\x04](".to_vec();
    let mut first = true;
    for _ in 0..10 {
        p.extend_from_slice(b"](");
        for _ in 0..100 {
            p.extend_from_slice(b"](");
            for _ in 0..1000 {
                if first {
                    p.extend_from_slice(b"\x8c\xc8");
                    p.extend(std::iter::repeat_n(b'x', 200));
                    p.push(0x94); // memo 0
                    first = false;
                } else {
                    p.extend_from_slice(b"h\x00");
                }
            }
            p.push(b'e');
        }
        p.push(b'e');
    }
    p.extend_from_slice(b"e.");
    let mut doc = pickle::decode(&p, &Limits::default()).unwrap();
    assert!(doc.tree.is_lazy(), "presented in full: {} nodes", doc.tree.len());
    assert!(doc.tree.len() < 2000, "{} nodes before anything is unfolded", doc.tree.len());
    let leaf = doc.tree.resolve_unfolding("/9/99/999").unwrap();
    assert_eq!(doc.tree.node(leaf).value, Value::Str("x".repeat(200)));
}

#[test]
fn million_deep_nesting_is_refused_by_name_without_stack_overflow() {
    let depth = 1_000_000;
    let mut p = vec![0x80, 4];
    p.extend(std::iter::repeat_n(b']', depth));
    p.extend(std::iter::repeat_n(b'a', depth - 1));
    p.push(b'.');
    // The VM builds the million lists (iteratively); presenting them is refused by name.
    let err = pickle::decode(&p, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("nested deeper than 20000 levels"), "{err}");
    // With a smaller stack limit the same input is refused earlier, naming that limit.
    let limits = Limits { max_stack: 1000, ..Limits::default() };
    let err = pickle::decode(&p, &limits).unwrap_err();
    assert!(err.to_string().contains("max_stack"), "{err}");
}

#[test]
fn length_of_two_to_the_63_is_refused_before_allocating() {
    for code in [0x8eu8, 0x8d, 0x96] {
        let mut p = vec![0x80, 5, code];
        p.extend_from_slice(&(1u64 << 63).to_le_bytes());
        p.extend_from_slice(b"abc.");
        let err = pickle::decode(&p, &Limits::default()).unwrap_err();
        assert!(matches!(err, PickleError::Truncated { need, .. } if need == 1 << 63), "{err}");
    }
    // A FRAME claiming 2^63 bytes.
    let mut p = vec![0x80, 4, 0x95];
    p.extend_from_slice(&(1u64 << 63).to_le_bytes());
    p.push(b'.');
    assert!(matches!(pickle::decode(&p, &Limits::default()), Err(PickleError::Truncated { .. })));
    // LONG4 with a huge (negative as i32) length.
    let p = b"\x80\x02\x8b\xff\xff\xff\xff.";
    let err = pickle::decode(p, &Limits::default()).unwrap_err();
    assert!(err.to_string().contains("negative length"), "{err}");
}

#[test]
fn malformed_input_names_the_problem() {
    let cases: &[(&[u8], &str)] = &[
        (b"\x80\x04\x99.", "unknown opcode 0x99"),
        (b"\x80\x04a.", "stack underflow"),
        (b"\x80\x04h\x05.", "memo key 5 is not set"),
        (b"\x80\x04K\x01K\x02K\x03\x93.", "module and name must be strings"),
        (b"\x80\x04K\x01e.", "no MARK"),
        (b"\x80\x09N.", "unsupported protocol 9"),
        (b"\x80\x04N", "without STOP"),
        (b"\x80\x04K\x01K\x02u.", "no MARK"),
        (b"\x80\x04(K\x01d.", "odd number"),
        (b"\x80\x04K\x01K\x01a.", "cannot add items to a int"),
    ];
    for (p, msg) in cases {
        let err = pickle::decode(p, &Limits::default()).unwrap_err().to_string();
        assert!(err.contains(msg), "{p:?}: {err}");
    }
    let limits = Limits { max_ops: 3, ..Limits::default() };
    assert!(pickle::decode(b"\x80\x04NNNN.", &limits).unwrap_err().to_string().contains("max_ops"));
    let limits = Limits { max_memo: 2, ..Limits::default() };
    assert!(
        pickle::decode(b"\x80\x04N\x94\x94\x94.", &limits)
            .unwrap_err()
            .to_string()
            .contains("max_memo")
    );
    let limits = Limits { max_nodes: 3, ..Limits::default() };
    assert!(
        pickle::decode(b"\x80\x04NNNN\x87.", &limits)
            .unwrap_err()
            .to_string()
            .contains("max_nodes")
    );
    let limits = Limits { max_file_size: 4, ..Limits::default() };
    assert!(
        pickle::decode(b"\x80\x04NNNN\x87.", &limits)
            .unwrap_err()
            .to_string()
            .contains("max_file_size")
    );
}

#[test]
fn protocol_zero_inst_and_obj_build_objects() {
    // i: INST  __main__ Point (x=1 via BUILD); o: OBJ with a class global.
    let p = b"(i__main__\nPoint\n(dS'x'\nI1\nsb.";
    let doc = pickle::decode(p, &Limits::default()).unwrap();
    assert_eq!(doc.tree.node(Tree::ROOT).ty, "__main__.Point");
    assert_eq!(doc.tree.to_json(Tree::ROOT, None), serde_json::json!({"x": 1}));
    let p = b"(c__main__\nPoint\nI7\no.";
    let doc = pickle::decode(p, &Limits::default()).unwrap();
    assert_eq!(doc.tree.to_json(Tree::ROOT, None), serde_json::json!({"__args__": [7]}));
}

#[test]
fn fuzz_found_name_collision_keeps_every_pointer_unique() {
    // Found by the fuzzer: a dict with keys `negbig`, `negbig` and `negbig#2`.
    let p = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/pickle/fuzz-regressions/dedupe-collision.pickle"
    ))
    .unwrap();
    let doc = pickle::decode(&p, &Limits::default()).unwrap();
    for id in 0..doc.tree.len() as u32 {
        assert_eq!(doc.tree.resolve(&doc.tree.pointer(id)), Some(id), "{}", doc.tree.pointer(id));
    }
}
