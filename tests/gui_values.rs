//! The value viewer in the real app, driven through egui_kittest on the bundled sample volume:
//! an SQS message body opens as JSON, the hex view is one click away, Copy gives the decoded
//! value; a Kinesis record's base64 data is shown decoded.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::gui::*;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use localstate::ui::App;
use localstate_core::model::Value;

/// Whether the selectable label `label` is the selected one.
fn is_chosen(h: &Harness<'static, App>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().toggled() == Some(egui::accesskit::Toggled::True)
}

/// The value of the leaf selected in the document tree.
fn selected_value(h: &Harness<'static, App>) -> Value {
    let open = h.state().open.as_ref().expect("a document is open");
    let sel = open.view.selected.expect("a leaf is selected");
    open.doc.as_ref().expect("decoded").tree.node(sel).value.clone()
}

#[test]
fn a_json_message_body_is_viewed_as_json_then_hex_and_copies_decoded() {
    let mut h = open_volume(common::sample_volume());
    open_file(&mut h, "state/api_states/sqs/store.state");
    for name in ["us-east-1", "queues", "orders", "visible", "queue", "0", "message"] {
        expand(&mut h, name);
    }
    h.get_by_label("Body").click();
    h.run_steps(3);
    let Value::Str(body) = selected_value(&h) else { panic!("the body is a string") };
    assert!(body.starts_with("{\"order_id\""), "{body}");
    // Chosen by content: JSON, as a tree whose keys are rows.
    assert!(is_chosen(&h, "JSON"), "the JSON view is preselected");
    assert!(h.query_by_label("order_id").is_some(), "a key of the body is a row of the JSON tree");
    assert!(h.query_by_label("Hex").is_some() && h.query_by_label("Text").is_some());
    // Copy gives the decoded value: the body's text.
    h.get_by_label("Copy").click();
    h.step();
    assert_eq!(copied(h.output()).as_deref(), Some(body.as_str()));
    // By hand: the hex view.
    h.get_by_label("Hex").click();
    h.run_steps(2);
    assert!(is_chosen(&h, "Hex"));
    assert!(h.query_by_label("order_id").is_none(), "the tree is gone");
    assert!(
        h.query_by_label_contains("00000000  7b 22 6f 72 64 65 72 5f").is_some(),
        "the first hex row: {{\"order_"
    );
    h.get_by_label("Copy").click();
    h.step();
    let hex: String = body.bytes().map(|b| format!("{b:02x}")).collect();
    assert_eq!(copied(h.output()), Some(hex));
    // Another leaf: the viewer starts over on it (a string with no structure: text).
    h.get_by_label("MD5OfBody").click();
    h.run_steps(2);
    assert!(is_chosen(&h, "Text"));
}

#[test]
fn a_kinesis_record_data_is_viewed_beside_the_row_detail() {
    let mut h = open_volume(common::sample_volume());
    open_file(&mut h, "state/kinesis/000000000000.json");
    let tab = h.query_all_by_label_contains("Table:").next().expect("the records table tab");
    tab.click();
    h.run_steps(2);
    step_until(&mut h, "first page", |h| h.query_by_label("1").is_some());
    h.get_by_label("1").click();
    // The row's detail is fetched in the background: wait for its leaf, not a frame count
    // (a loaded machine takes longer).
    step_until(&mut h, "the row detail", |h| h.query_all_by_label("Data").count() >= 2);
    // The column header comes first, the detail tree's leaf last.
    h.query_all_by_label("Data").last().expect("the record's Data leaf").click();
    step_until(&mut h, "the value viewer", |h| h.query_by_label("JSON").is_some());
    assert!(is_chosen(&h, "JSON"), "the record's JSON data");
    assert!(h.query_by_label("event").is_some(), "a key of the record's data");
}
