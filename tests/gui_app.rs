//! The desktop app driven through egui_kittest (no display needed): open volumes, click
//! through the tree, page tables, see errors, watch files change.

mod common;

use std::time::{Duration, Instant};

use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;
use localstate::ui::{App, Settings};

fn harness(path: std::path::PathBuf) -> Harness<'static, App> {
    let app = App::new(path, Settings::default(), Some("http://127.0.0.1:9".into()), None);
    Harness::builder().with_size(egui::vec2(1400.0, 900.0)).build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// Steps frames until `done` holds (background jobs finish on their own threads).
fn step_until(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&Harness<'static, App>) -> bool) {
    let start = Instant::now();
    while !done(h) {
        assert!(start.elapsed() < Duration::from_secs(30), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
}

#[test]
fn corpus_volume_opens_and_lists_services() {
    let mut h = harness(common::corpus("v4_binary"));
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    assert!(h.query_all_by_label("localstack-persist").count() >= 1, "layout badge");
    for svc in ["acm", "dynamodb", "iam", "lambda", "s3", "sqs"] {
        assert!(h.query_by_label(&format!("collapse {svc}")).is_some(), "{svc} row");
    }
    assert!(h.query_all_by_label("store.pkl").count() >= 5);
}

#[test]
fn corrupt_file_shows_error_and_the_rest_stays_usable() {
    let tmp = tempfile::tempdir().unwrap();
    let svc = tmp.path().join("sqs");
    std::fs::create_dir_all(&svc).unwrap();
    std::fs::write(svc.join("store.json"), b"{\"v\":1,\"data\":{\"py/object\": truncated").unwrap();
    std::fs::create_dir_all(tmp.path().join("sts")).unwrap();
    std::fs::copy(common::corpus("v3").join("sts/backend.json"), tmp.path().join("sts/backend.json")).unwrap();
    let mut h = harness(tmp.path().to_path_buf());
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    h.get_by_label("store.json").click();
    h.run_steps(2);
    step_until(&mut h, "decode error", |h| h.state().open.as_ref().is_some_and(|o| o.error.is_some()));
    assert!(h.query_all_by_label_contains("⚠").count() >= 1);
    // The other file still opens.
    h.get_by_label("backend.json").click();
    h.run_steps(2);
    step_until(&mut h, "decode", |h| h.state().open.as_ref().is_some_and(|o| !o.loading));
    assert!(h.state().open.as_ref().unwrap().path.ends_with("sts/backend.json"));
}

#[test]
fn not_a_volume_shows_what_was_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let mut h = harness(tmp.path().to_path_buf());
    step_until(&mut h, "scan", |h| h.state().volume_error.is_some());
    h.get_by_label_contains("not a LocalStack volume");
}
