//! The app's Avro schema folder (View → Settings…): a raw-datum Avro store fails to decode
//! saying no folder is set, decodes once one is typed and applied, and the folder is kept in
//! the settings that are saved.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use common::gui::*;
use egui_kittest::kittest::Queryable;

const SQS: &str = "state/000000000000/sqs/us-east-1/store.state.avro";

#[test]
fn the_settings_folder_decodes_a_raw_datum_store() {
    let raw = common::repo().join("tests/fixtures/avro-raw");
    let mut h = open_volume(raw.clone());
    h.get_by_label(SQS).click();
    h.run_steps(2);
    step_until(&mut h, "the decode error", |h| {
        h.state().open.as_ref().is_some_and(|o| !o.loading && o.error.is_some())
    });
    let e = h.state().open.as_ref().unwrap().error.clone().unwrap();
    assert!(e.contains("no schema directory is set"), "{e}");

    h.get_by_label("View").click();
    h.run_steps(2);
    h.get_by_label("Settings…").click();
    h.run_steps(2);
    assert!(h.state().settings.show_settings, "View → Settings… shows the window");
    h.run_steps(2);
    let schemas = raw.join("schemas");
    h.get_by_label("Avro schema folder").click();
    h.run_steps(1);
    h.get_by_label("Avro schema folder").type_text(&schemas.display().to_string());
    h.run_steps(1);
    h.get_by_label("Apply").click();
    h.run_steps(2);
    step_until(&mut h, "the decode", |h| {
        h.state().open.as_ref().is_some_and(|o| !o.loading && o.doc.is_some())
    });
    let open = h.state().open.as_ref().unwrap();
    let doc = open.doc.as_ref().unwrap();
    assert!(doc.summary.headline.contains("2 queues"), "{}", doc.summary.headline);
    assert!(doc.format.contains("SqsStore.avsc"), "{}", doc.format);
    assert_eq!(h.state().settings.avro_schemas.as_deref(), Some(schemas.as_path()));
}
