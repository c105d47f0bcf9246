//! Conflicts: a file modified on disk between load and save → the save is refused and nothing
//! is written (no change, no `.bak`); `force` overrides.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use localstate::edit::{EditSession, Place, SaveOptions};
use localstate::volume::EntryKind;

#[test]
fn save_refuses_a_file_changed_since_it_was_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::copy_sample("kinesis/000000000000.json", dir.path());
    let (mut session, doc) = EditSession::open(&file, EntryKind::KINESIS_JSON).unwrap();
    let id = (0..doc.tree.len() as u32)
        .find(|id| doc.tree.node(*id).name == "PartitionKey")
        .expect("a record's PartitionKey");
    let pointer = doc.tree.pointer(id);
    session
        .edit_leaf(&doc.tree, id, Place::Tree { pointer: pointer.clone() }, "conflict-test", None)
        .unwrap();

    // Someone else writes the file (same size, different content).
    let theirs = String::from_utf8(std::fs::read(&file).unwrap())
        .unwrap()
        .replacen("\"NONE\"", "\"NUNE\"", 1);
    std::fs::write(&file, &theirs).unwrap();
    let err = format!("{:#}", session.save(&doc, SaveOptions::default()).unwrap_err());
    assert!(err.contains("changed on disk") && err.contains("reload"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs, "nothing written");
    assert!(!dir.path().join("000000000000.json.bak").exists(), "no backup made by a refused save");
    assert_eq!(session.pending_count(), 1, "the edit stays pending");

    // --force overwrites the other change with ours.
    let saved = session.save(&doc, SaveOptions { force: true, ..Default::default() }).unwrap();
    assert_eq!(std::fs::read_to_string(&saved.backup).unwrap(), theirs);
    let after = std::fs::read_to_string(&file).unwrap();
    assert!(after.contains("\"conflict-test\""));
    assert_eq!(
        saved.document.tree.node(saved.document.tree.resolve(&pointer).unwrap()).value.display(),
        "conflict-test"
    );
}

#[test]
fn cli_set_changes_one_value_and_prints_old_and_new() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::copy_sample("kinesis/000000000000.json", dir.path());
    let before = std::fs::read_to_string(&file).unwrap();
    let (_, doc) = EditSession::open(&file, EntryKind::KINESIS_JSON).unwrap();
    let id =
        (0..doc.tree.len() as u32).find(|id| doc.tree.node(*id).name == "PartitionKey").unwrap();
    let old = doc.tree.node(id).value.display();
    let pointer = doc.tree.pointer(id);
    let (ok, out) = common::localstate_set(&[file.to_str().unwrap(), &pointer, "cli-key"]);
    assert!(ok, "{out}");
    assert!(out.contains(&format!("{pointer}: \"{old}\" → \"cli-key\"")), "{out}");
    let after = std::fs::read_to_string(&file).unwrap();
    // Exactly the value's bytes changed, at the place its raw pointer names.
    let Some(localstate::model::Origin::Json(raw_ptr)) = doc.tree.node(id).origin.clone() else {
        panic!("no JSON origin")
    };
    let parsed: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(parsed.pointer(&raw_ptr).unwrap(), "cli-key");
    let i = before.bytes().zip(after.bytes()).position(|(a, b)| a != b).unwrap();
    assert_eq!(format!("{}cli-key{}", &before[..i], &before[i + old.len()..]), after);
    // Type-checked input and clear errors.
    let (ok, out) = common::localstate_set(&[file.to_str().unwrap(), "/nope", "1"]);
    assert!(!ok && out.contains("show") && out.contains("--json"), "{out}");
}
