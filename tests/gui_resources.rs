//! The Resources view and the volume overview in the app (egui_kittest): when a volume opens
//! a background job decodes every file and the centre shows the overview; the left panel
//! switches to service → kind; a kind lists its resources, a resource its fields and nested
//! messages; "Show in file" opens the raw node and "Show resource" comes back.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use common::gui::{open_volume, step_until};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::App;
use localstate::ui::browse::Mode;
use localstate_core::values::timestamp_of;

/// The app on the sample volume, its inventory built.
fn inventoried() -> Harness<'static, App> {
    let mut h = open_volume(common::sample_volume());
    step_until(&mut h, "inventory", |h| {
        h.state().browse.overview.is_some() && !h.state().browse.building
    });
    h.run_steps(2);
    h
}

/// Clicks a kind of the Resources tree (in a taller window: the sample's tree is longer than
/// 900 points, and a click outside the panel's clip does not reach the row).
fn open_kind(h: &mut Harness<'static, App>, label: &str) {
    h.set_size(egui::vec2(1400.0, 1300.0));
    h.run_steps(2);
    h.get_by_label(label).click();
    h.run_steps(1);
}

/// Selects the first account's audit-log queue in the Resources view and its message
/// "user alice logged in" (the message's fields are then shown).
fn open_audit_log_message(h: &mut Harness<'static, App>) {
    h.query_all_by_label("Resources").next().unwrap().click();
    h.run_steps(2);
    open_kind(h, "9 queues");
    h.run_steps(2);
    h.query_all_by_label("audit-log").next().unwrap().click();
    h.run_steps(3);
    h.get_by_label("user alice logged in").click();
    h.run_steps(3);
}

#[test]
fn the_overview_shows_every_service_before_any_click() {
    let h = inventoried();
    assert!(h.query_by_label("Volume overview").is_some());
    // The SQS line: what the workload made (tools/sample/workload_sample.py).
    assert!(h.query_by_label("9 queues · 21 messages").is_some());
    assert!(h.query_by_label("3 buckets · 12 objects").is_some());
    assert!(h.query_by_label("6 tables · 28 items").is_some());
    assert!(h.query_by_label_contains("Largest files").is_some());
}

#[test]
fn a_queue_shows_its_messages_and_the_raw_node_leads_back() {
    let mut h = inventoried();
    h.query_all_by_label("Resources").next().unwrap().click(); // the switch (the overview has a column of that name)
    h.run_steps(2);
    assert_eq!(h.state().browse.mode, Mode::Resources);
    open_kind(&mut h, "9 queues");
    h.run_steps(2);
    assert!(h.query_by_label("SQS · 9 queues").is_some());
    // Both accounts' audit-log queues are listed; select the first.
    h.query_all_by_label("audit-log").next().unwrap().click();
    h.run_steps(3);
    let selected = h.state().browse.resource.unwrap();
    assert!(h.query_by_label("3 messages").is_some(), "the nested tab counts the messages");
    // The messages table: visible and delayed ones, with their bodies.
    assert!(h.query_by_label("user alice logged in").is_some());
    assert!(h.query_by_label("delayed: nightly report due").is_some());
    assert!(h.query_all_by_label("delayed").next().is_some(), "the state column");
    // Show in file: the store opens at the queue's node.
    h.query_all_by_label("Show in file").next().unwrap().click();
    h.run_steps(2);
    step_until(&mut h, "the store", |h| {
        h.state().open.as_ref().is_some_and(|o| o.doc.is_some() && !o.loading)
    });
    h.run_steps(3);
    assert_eq!(h.state().browse.mode, Mode::Files);
    assert!(h.state().open.as_ref().unwrap().path.ends_with("sqs/store.state"));
    // And back: the selected node belongs to the queue.
    h.get_by_label("Show resource: queue audit-log").click();
    h.run_steps(2);
    assert_eq!(h.state().browse.mode, Mode::Resources);
    assert_eq!(h.state().browse.resource, Some(selected));
}

#[test]
fn a_field_edited_in_the_resources_view_is_staged_in_the_file_session_and_saved() {
    let tmp = tempfile::tempdir().unwrap();
    let store = common::copy_into_volume("state/api_states/sqs/store.state", tmp.path());
    let mut h = open_volume(tmp.path().to_path_buf());
    step_until(&mut h, "inventory", |h| {
        h.state().browse.overview.is_some() && !h.state().browse.building
    });
    // A message of the queue, and its body, edited where they are shown.
    open_audit_log_message(&mut h);
    assert!(h.state().open.is_none(), "nothing is open before the edit");
    h.get_by_label("edit message/Body").click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("edit value").type_text("user alice logged out");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    // The store opens in the background and the edit is staged in its session; the view stays.
    step_until(&mut h, "the edit staged", |h| common::gui::pending(h) == 1);
    h.run_steps(2);
    assert_eq!(h.state().browse.mode, Mode::Resources);
    assert_eq!(h.state().open.as_ref().unwrap().path, store);
    let edited = "user alice logged out  (edited)";
    assert!(h.query_by_label(edited).is_some(), "the pending value shows in the item's fields");
    // The edit toolbar shows in the view (besides the status bar's count).
    assert!(h.query_all_by_label("1 unsaved change").count() >= 2, "the toolbar shows");
    // It is the file view's session: the edit is at the message body's node of the tree.
    let body = "/000000000000/us-east-1/queues/audit-log/visible/queue/0/message/Body";
    {
        let open = h.state().open.as_ref().unwrap();
        let pending = open.session.as_ref().unwrap().pending();
        assert_eq!(pending[0].place, localstate_core::edit::Place::Tree { pointer: body.into() });
        assert!(open.doc.as_ref().unwrap().tree.resolve(body).is_some());
    }
    h.query_all_by_label("Show in file").nth(1).unwrap().click();
    h.run_steps(3);
    assert_eq!(h.state().browse.mode, Mode::Files);
    assert_eq!(common::gui::pending(&h), 1, "the edit is still pending in the file view");
    // Saved through the file view's own pipeline: the store on disk holds the new value.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    common::gui::confirm_save(&mut h);
    assert!(store.with_extension("state.bak").exists(), "a .bak was kept");
    let doc =
        localstate_core::formats::open(&store, localstate_core::kind::EntryKind::PICKLE).unwrap();
    let mut tree = doc.tree;
    let at = tree.resolve_unfolding(body).unwrap();
    assert_eq!(tree.node(at).value.display(), "user alice logged out");
}

#[test]
fn an_epoch_field_shows_its_date_beside_the_number() {
    let mut h = inventoried();
    open_audit_log_message(&mut h);
    // The message's `created` row: the number as the state holds it, its date beside it.
    // (The messages table has a `created` column too: the field is the lowest.)
    let field = h
        .query_all_by_label("created")
        .map(|n| n.rect())
        .max_by(|a, b| a.top().total_cmp(&b.top()))
        .unwrap();
    let on_row = |r: egui::Rect| (r.center().y - field.center().y).abs() < 2.0;
    let texts: Vec<(String, egui::Rect)> = h
        .query_all_by(|n| n.role() == egui::accesskit::Role::Label)
        .map(|n| (n.value().unwrap_or_default(), n.rect()))
        .filter(|(_, r)| on_row(*r) && r.left() > field.right())
        .collect();
    let number = texts
        .iter()
        .find_map(|(t, _)| timestamp_of(t).map(|ts| (t.clone(), ts)))
        .unwrap_or_else(|| panic!("no epoch number on the created row: {texts:?}"));
    let (text, ts) = number;
    assert!(ts.iso.starts_with("20"), "{text} read as {}", ts.iso);
    assert!(texts.iter().any(|(t, _)| *t == ts.iso), "{text} has no date beside it: {texts:?}");
}
