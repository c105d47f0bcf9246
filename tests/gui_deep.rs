//! Deep documents in the app (egui_kittest): a pickle nested to the depth limit opens, its
//! subtree copies as JSON and Ctrl+F finds the leaf at the bottom, each within seconds and
//! on the default stack; a pickle nested a million levels is refused with the limit named,
//! and the app stays up.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use std::time::{Duration, Instant};

use common::gui::{NO_ENDPOINT, copied, harness_with, step_until};
use egui_kittest::kittest::Queryable;
use localstate::ui::Settings;

/// The nesting limit of every decoder (`formats::depth::MAX_DEPTH`).
const LIMIT: usize = 20_000;

#[test]
fn a_pickle_nested_to_the_limit_copies_and_searches() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deep.pkl");
    std::fs::write(&file, common::nested_lists_pickle(LIMIT - 1)).unwrap();
    let mut h = harness_with(file, Settings::default(), NO_ENDPOINT);
    step_until(&mut h, "decode", |h| h.state().open.as_ref().is_some_and(|o| o.doc.is_some()));
    h.run_steps(2);
    // The first row under the root: a list holding the rest, LIMIT - 2 levels deep.
    h.query_all_by_label("0").next().expect("the first row").click();
    h.run_steps(2);
    let started = Instant::now();
    h.event(egui::Event::Copy);
    h.step();
    let text = copied(h.output()).expect("Copy copied the subtree");
    assert!(started.elapsed() < Duration::from_secs(5), "copy took {:?}", started.elapsed());
    assert_eq!(text.matches('[').count(), LIMIT - 2);
    assert_eq!(text.matches("\"needle\"").count(), 1);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run_steps(2);
    h.get_by_label("search text").type_text("needle");
    h.run_steps(1);
    let started = Instant::now();
    h.get_by_label("Next in document").click();
    h.run_steps(3);
    assert!(started.elapsed() < Duration::from_secs(5), "search took {:?}", started.elapsed());
    let open = h.state().open.as_ref().unwrap();
    let sel = open.view.selected.expect("the match is selected");
    let doc = open.doc.as_ref().unwrap();
    assert_eq!(doc.tree.node(sel).value.display(), "needle");
    assert_eq!(doc.tree.pointer(sel), "/0".repeat(LIMIT - 1));
}

#[test]
fn a_pickle_nested_a_million_levels_is_refused_and_the_app_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("deeper.pkl");
    std::fs::write(&file, common::nested_lists_pickle(1_000_000)).unwrap();
    let mut h = harness_with(file, Settings::default(), NO_ENDPOINT);
    step_until(&mut h, "refusal", |h| h.state().open.as_ref().is_some_and(|o| o.error.is_some()));
    let err = h.state().open.as_ref().unwrap().error.clone().unwrap();
    assert!(err.contains("nested deeper than 20000 levels"), "{err}");
    h.run_steps(3);
    assert!(h.query_by_label_contains("20000 levels").is_some(), "the error is shown");
}
