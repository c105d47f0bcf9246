//! The GUI on a lazily presented pickle (what a 100 MB store gets): expanding presents the
//! children, a deep value can be edited and saved, and the view survives the save. Its own
//! test binary, because it lowers the lazy threshold for the whole process.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use common::gui::*;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::App;

fn nodes(h: &Harness<'static, App>) -> usize {
    h.state().open.as_ref().and_then(|o| o.doc.as_ref()).map_or(0, |d| d.tree.len())
}

#[test]
fn a_lazy_pickle_unfolds_on_expand_and_saves_an_edit() {
    // SAFETY: set before any thread of this process reads the environment.
    unsafe { std::env::set_var("LOCALSTATE_LAZY_OBJECTS", "0") };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("state/api_states/sqs");
    std::fs::create_dir_all(&dir).unwrap();
    let store = common::copy_sample("api_states/sqs/store.state", &dir);
    let mut h = open_volume(tmp.path().to_path_buf());
    open_file(&mut h, "state/api_states/sqs/store.state");
    assert!(h.state().open.as_ref().unwrap().doc.as_ref().unwrap().tree.is_lazy());
    assert!(
        h.query_by_label_contains("SQS · 9 queues · 21 messages").is_some(),
        "summary of the lazy tree"
    );
    let before = nodes(&h);
    for name in ["us-east-1", "queues", "orders", "visible", "queue", "0", "message"] {
        expand(&mut h, name);
    }
    assert!(nodes(&h) > before, "expanding presented children");
    assert!(h.query_by_label_contains("\"order_id\": 0").is_some(), "message body shown");

    h.get_by_label("Body").click();
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("edit value").type_text("lazy edit");
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(2);
    h.query_by_label("Save")
        .or_else(|| h.query_by_label("Save anyway"))
        .expect("save button")
        .click();
    h.run_steps(2);
    step_until(&mut h, "save", |h| {
        !h.state().edit_ui.is_saving()
            && h.state()
                .open
                .as_ref()
                .and_then(|o| o.session.as_ref())
                .is_some_and(|s| s.pending_count() == 0)
    });
    assert!(h.state().edit_ui.save_error().is_none(), "{:?}", h.state().edit_ui.save_error());
    h.run_steps(3);
    assert!(
        h.query_all_by_label_contains("lazy edit").count() >= 2,
        "the saved value is shown where it was (view carried over), and in the value viewer"
    );
    let doc = localstate::formats::pickle::open_file(&store).unwrap();
    assert!(
        localstate::formats::search::search_document(
            &store,
            doc,
            &localstate::formats::search::Matcher::caseless("lazy edit"),
            10
        )
        .unwrap()
        .iter()
        .any(|hit| hit.pointer.ends_with("/Body"))
    );
}
