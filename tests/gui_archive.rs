//! A snapshot / Cloud Pod archive in the app: opened in place, its pod metadata in the volume
//! panel's header, a member decoded from memory, and an edit refused (archives are read-only).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::gui::*;
use egui_kittest::kittest::Queryable;

#[test]
fn an_archive_opens_in_place_and_refuses_edits() {
    let zip = common::repo().join("tests/fixtures/archives/snapshot.zip");
    let mut h = open_volume(zip);
    assert!(h.state().volume.is_some(), "{:?}", h.state().volume_error);
    assert!(h.query_by_label_contains("pod fixture-pod · archive · 16 members").is_some());
    assert!(h.query_by_label_contains("LocalStack 2026.3.0").is_some());
    // Fold the services above sqs so its rows are on screen (the tree is virtualized).
    for svc in ["cloudwatch", "dynamodb", "events", "kinesis", "s3", "secretsmanager", "sns"] {
        h.get_by_label(&format!("collapse {svc}")).click();
        h.run_steps(2);
    }
    assert!(h.query_by_label("collapse sqs").is_some());
    open_file(&mut h, "api_states/000000000000/sqs/us-east-1/store.state.avro");
    assert!(h.query_by_label_contains("SQS · 2 queues · 6 messages").is_some());
    if h.query_by_label("expand queues").is_some() {
        expand(&mut h, "queues");
    }
    assert!(h.query_by_label("orders").is_some(), "a decoded queue");
    h.get_by_label("_service_name").click();
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    assert!(h.query_by_label("edit value").is_none(), "no inline editor");
    let refused = h.state().messages.iter().any(|m| m.text.contains("archives are read-only"));
    assert!(refused, "{:?}", h.state().messages.iter().map(|m| &m.text).collect::<Vec<_>>());
    assert_eq!(pending(&h), 0);
}
