//! An Avro store edited in the app like a pickle: inline edit, marked as edited, undo, redo,
//! save with confirmation; the saved file decodes with the new value and the original is
//! kept as `.bak`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::gui::*;
use egui_kittest::kittest::Queryable;
use localstate::model::Value;
use localstate::volume::EntryKind;

const REL: &str = "state/000000000000/sqs/us-east-1/store.state.avro";

#[test]
fn an_avro_leaf_edits_undoes_redoes_and_saves() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join(REL);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::copy(common::repo().join("tests/fixtures/avro").join(REL), &file).unwrap();
    let before = std::fs::read(&file).unwrap();
    let mut h = open_volume(tmp.path().to_path_buf());
    open_file(&mut h, REL);
    edit_leaf(&mut h, "_service_name", "sqs-edited");
    assert_eq!(pending(&h), 1);
    assert!(h.query_by_label_contains("(edited)").is_some());
    undo_redo(&mut h);
    assert_eq!(std::fs::read(&file).unwrap(), before, "nothing written before saving");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    confirm_save(&mut h);
    let mut doc = localstate::formats::open(&file, EntryKind::AVRO).unwrap();
    let id = doc.tree.resolve_unfolding("/_service_name").unwrap();
    assert_eq!(doc.tree.node(id).value, Value::Str("sqs-edited".into()));
    assert_eq!(std::fs::read(file.with_extension("avro.bak")).unwrap(), before, "backup kept");
}
