//! The safety audit in the app (egui_kittest): after a scan a background job audits the
//! volume's pickles; the status-bar badge says what it found and opens the panel listing the
//! findings.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches fail loudly

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::gui::harness;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::App;

/// Steps frames until the audit job has reported (and the font job, whose fonts move the
/// status bar's badge when they arrive).
fn audited(h: &mut Harness<'static, App>) {
    let start = Instant::now();
    while h.state().volume.is_none()
        || h.state().audit.is_running()
        || h.state().fallback_fonts.is_none()
    {
        assert!(start.elapsed() < Duration::from_secs(30), "the audit did not finish");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.run_steps(2);
}

fn copy_dir(from: &Path, to: &Path) {
    for f in common::files_under(from) {
        let dest = to.join(f.strip_prefix(from).unwrap());
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::copy(&f, dest).unwrap();
    }
}

#[test]
fn clean_sample_volume_shows_audited() {
    let mut h = harness(common::sample_volume());
    audited(&mut h);
    assert_eq!(h.state().audit.files().len(), 11);
    assert_eq!(h.state().audit.suspicious(), 0);
    assert!(h.query_by_label("✔ audited").is_some());
}

#[test]
fn hidden_call_shows_a_badge_and_the_panel_lists_it() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&common::sample_volume(), tmp.path());
    std::fs::copy(
        common::repo().join("tests/fixtures/hostile/sqs_store_hidden.state"),
        tmp.path().join("state/api_states/sqs/store.state"),
    )
    .unwrap();
    let mut h = harness(tmp.path().to_path_buf());
    audited(&mut h);
    assert_eq!(h.state().audit.suspicious(), 2);
    assert!(h.query_by_label("Safety audit").is_none(), "the panel starts hidden");
    // The badge sits after the jobs and the emulator's status in the status bar: let those
    // settle before clicking it.
    common::gui::settle(&mut h);
    common::gui::click_settled(&mut h, "⚠ 2 suspicious");
    h.run_steps(3);
    assert!(h.state().settings.show_audit);
    assert!(h.query_by_label("Safety audit").is_some());
    assert!(h.query_by_label("os.system(\"id\")").is_some(), "the call and its argument");
    assert!(h.query_by_label("@9001").is_some(), "its byte offset");
    assert!(h.query_all_by_label_contains("suspicious: operating system access").count() >= 2);
}
