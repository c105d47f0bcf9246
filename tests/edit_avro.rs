//! `localstate set` on an Avro store (a copy of the real SQS fixture): the leaf changes, the
//! original is kept as `.bak`, and a change of union branch is refused with the reason.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use localstate::model::Value;
use localstate::volume::EntryKind;

fn copy_of_sqs(dir: &std::path::Path) -> std::path::PathBuf {
    let src = common::repo()
        .join("tests/fixtures/avro/state/000000000000/sqs/us-east-1/store.state.avro");
    let file = dir.join("store.state.avro");
    std::fs::copy(src, &file).unwrap();
    file
}

fn leaf(file: &std::path::Path, pointer: &str) -> Value {
    let mut doc = localstate::formats::open(file, EntryKind::AVRO).unwrap();
    let id = doc.tree.resolve_unfolding(pointer).unwrap();
    doc.tree.node(id).value.clone()
}

#[test]
fn set_changes_an_avro_leaf() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_of_sqs(dir.path());
    let original = std::fs::read(&file).unwrap();
    let pointer = "/queues/orders/purge_in_progress";
    assert_eq!(leaf(&file, pointer), Value::Bool(false));
    let (ok, out) = common::localstate_set(&[file.to_str().unwrap(), pointer, "true"]);
    assert!(ok, "{out}");
    assert_eq!(leaf(&file, pointer), Value::Bool(true));
    assert_eq!(std::fs::read(dir.path().join("store.state.avro.bak")).unwrap(), original);
}

#[test]
fn set_refuses_a_change_of_union_branch() {
    let dir = tempfile::tempdir().unwrap();
    let file = copy_of_sqs(dir.path());
    let original = std::fs::read(&file).unwrap();
    let pointer = "/queues/orders/purge_timestamp";
    let (ok, out) =
        common::localstate_set(&[file.to_str().unwrap(), pointer, "1.5", "--type", "float"]);
    assert!(!ok, "{out}");
    assert!(out.contains("null branch of the union [double, null]"), "{out}");
    assert_eq!(std::fs::read(&file).unwrap(), original, "nothing written");
}
