//! Pending edits survive a killed app (issue 16): a child process runs the real app (in a
//! kittest harness), makes an edit and is killed with SIGKILL; the next start offers the
//! edit, and Restore stages it again, unsaved, on the same file — or Discard drops it.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::gui::*;
use egui_kittest::kittest::Queryable;
use localstate::ui::Settings;
use localstate_core::edit::Journal;
use localstate_core::model::Value;

const FILE: &str = "data/startup_info.json";
const CHILD: &str = "LOCALSTATE_TEST_AUTOSAVE_CHILD";

/// `VOLUME JOURNAL`, the child's arguments.
fn child_args() -> Option<(PathBuf, PathBuf)> {
    let v = std::env::var(CHILD).ok()?;
    let (volume, journal) = v.split_once('\n')?;
    Some((volume.into(), journal.into()))
}

/// Not a test of its own: the app process the other tests kill (does nothing unless run
/// as their child).
#[test]
fn child_app_edits_then_waits_to_be_killed() {
    let Some((volume, journal)) = child_args() else { return };
    let mut h = harness(volume);
    h.state_mut().keep_journal_in(Some(journal.clone()));
    step_until(&mut h, "scan", |h| h.state().volume.is_some());
    h.run_steps(2);
    open_file(&mut h, FILE);
    edit_leaf(&mut h, "pro_activated", "true");
    assert_eq!(pending(&h), 1);
    step_until(&mut h, "the journal", |_| {
        Journal::read(&journal).ok().flatten().is_some_and(|j| j.edits.len() == 1)
    });
    println!("EDITED");
    loop {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Runs the child app on `volume` and SIGKILLs it once its edit is journaled.
fn kill_after_edit(volume: &Path, journal: &Path) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_app_edits_then_waits_to_be_killed", "--nocapture"])
        .env(CHILD, format!("{}\n{}", volume.display(), journal.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    loop {
        let line = lines.next().expect("the child app ended before editing").unwrap();
        if line.contains("EDITED") {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(120), "the child app never edited");
    }
    child.kill().unwrap(); // SIGKILL: no destructor, no save, no cleanup
    child.wait().unwrap();
}

fn killed_volume() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let volume = tmp.path().join("volume");
    common::copy_into_volume(FILE, &volume);
    let journal = tmp.path().join("app-data/unsaved-edits.json");
    kill_after_edit(&volume, &journal);
    (tmp, volume, journal)
}

/// The app started again (with an empty volume path: it must go back to the journal's).
fn restarted(journal: &Path) -> egui_kittest::Harness<'static, localstate::ui::App> {
    let elsewhere = common::sample_volume();
    let mut h = harness_with(elsewhere, Settings::default(), NO_ENDPOINT);
    h.state_mut().keep_journal_in(Some(journal.to_path_buf()));
    h.run_steps(3);
    h
}

#[test]
fn a_killed_app_offers_its_edits_and_restores_them() {
    let (_tmp, volume, journal) = killed_volume();
    let before = std::fs::read(volume.join(FILE)).unwrap();
    assert!(journal.exists(), "the journal outlived the killed app");
    let mut h = restarted(&journal);
    assert!(h.query_by_label_contains("Restore unsaved edits?").is_some(), "the offer");
    assert!(h.query_by_label("/0/pro_activated").is_some(), "the offer lists the edit");
    h.get_by_label("Restore").click();
    h.run_steps(2);
    step_until(&mut h, "the restored edit", |h| pending(h) == 1);
    let open = h.state().open.as_ref().unwrap();
    assert_eq!(open.path, volume.join(FILE));
    assert_eq!(h.state().volume_path, volume);
    let edits = open.session.as_ref().unwrap().pending();
    assert_eq!(edits[0].new, Value::Bool(true));
    assert_eq!(std::fs::read(volume.join(FILE)).unwrap(), before, "restored, not saved");
    // Saving them removes the journal.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(3);
    confirm_save(&mut h);
    let saved = std::fs::read_to_string(volume.join(FILE)).unwrap();
    assert!(saved.contains("\"pro_activated\": true"), "{saved}");
    step_until(&mut h, "the journal to go", |_| !journal.exists());
}

#[test]
fn discarding_the_offer_removes_the_journal() {
    let (_tmp, _volume, journal) = killed_volume();
    let mut h = restarted(&journal);
    h.get_by_label("Discard them").click();
    h.run_steps(2);
    step_until(&mut h, "the journal to go", |_| !journal.exists());
    assert_eq!(pending(&h), 0);
    assert!(h.query_by_label_contains("Restore unsaved edits?").is_none());
}

#[test]
fn edits_on_a_file_that_changed_meanwhile_are_not_restored_but_listed() {
    let (_tmp, volume, journal) = killed_volume();
    let file = volume.join(FILE);
    let changed = std::fs::read_to_string(&file).unwrap().replace("\"pro_activated\"", "\"pro\"");
    std::fs::write(&file, changed).unwrap();
    let mut h = restarted(&journal);
    h.get_by_label("Restore").click();
    h.run_steps(2);
    step_until(&mut h, "the warning", |h| {
        h.state().messages.iter().any(|m| m.text.contains("changed since the edits were made"))
    });
    let m = h.state().messages.iter().find(|m| m.text.contains("changed since")).unwrap();
    assert!(m.text.contains("/0/pro_activated: False -> True"), "{}", m.text);
    assert_eq!(pending(&h), 0);
}
