//! No action drops unsaved edits silently (issue 16): opening another file, a volume, a
//! recent volume, the sample, a dropped path, reloading, closing the file and quitting all
//! wait for the unsaved-changes guard, whose Save / Discard / Cancel each do what they say.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests fail loudly

mod common;

use std::path::PathBuf;

use common::gui::*;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::command::{EditCommand, StageAt};
use localstate::ui::{App, Command, EditUi, UICommand};

/// The app under test.
type H = Harness<'static, App>;

/// An action of the user, named as the guard describes it.
type Action = (&'static str, Box<dyn Fn(&mut H)>);

const FILE: &str = "data/startup_info.json";

/// A volume of two files, `startup_info.json` open with one pending edit.
fn with_an_edit() -> (tempfile::TempDir, Harness<'static, App>) {
    let tmp = tempfile::tempdir().unwrap();
    common::copy_into_volume(FILE, tmp.path());
    common::copy_into_volume("state/api_states/sns/store.state", tmp.path());
    let mut h = open_volume(tmp.path().to_path_buf());
    open_file(&mut h, FILE);
    edit_leaf(&mut h, "pro_activated", "true");
    assert_eq!(pending(&h), 1);
    (tmp, h)
}

/// A path dropped on the window (what egui-winit hands over).
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn open_path(h: &Harness<'static, App>) -> PathBuf {
    h.state().open.as_ref().expect("a file is open").path.clone()
}

/// Asserts the guard holds the action back, naming it, with the edit still pending.
fn assert_asks(h: &mut Harness<'static, App>, action: &str) {
    h.run_steps(3);
    assert!(matches!(h.state().edit_ui, EditUi::Asking(_)), "{action}: the guard asks");
    assert!(
        h.query_by_label_contains(&format!("lost if you {action}")).is_some(),
        "the guard names '{action}'"
    );
    assert_eq!(pending(h), 1, "{action}: the edit is still pending");
    assert!(open_path(h).ends_with(FILE), "{action}: the file is still open");
}

fn answer(h: &mut Harness<'static, App>, button: &str) {
    h.get_by_label(button).click();
    h.run_steps(3);
}

/// Every action that replaces or closes the document asks, and Cancel keeps everything.
#[test]
fn every_replacing_action_asks_and_cancel_keeps_the_edit() {
    let (tmp, mut h) = with_an_edit();
    let other = tmp.path().join("state/api_states/sns/store.state");
    let elsewhere = tempfile::tempdir().unwrap();
    let actions: Vec<Action> = vec![
        (
            "open sns/store.state",
            Box::new(|h| h.get_by_label("state/api_states/sns/store.state").click()),
        ),
        (
            "open sns/store.state",
            Box::new(move |h| {
                h.state_mut().apply(Command::OpenFileAt {
                    path: other.clone(),
                    kind: localstate_core::kind::EntryKind::PICKLE,
                    pointer: String::new(),
                    table: None,
                    row: None,
                    text: String::new(),
                })
            }),
        ),
        (
            "edit sns/store.state (in the Resources view)",
            Box::new({
                let other = tmp.path().join("state/api_states/sns/store.state");
                move |h| {
                    h.state_mut().apply(Command::Edit(EditCommand::StageAt(StageAt {
                        path: other.clone(),
                        kind: localstate_core::kind::EntryKind::PICKLE,
                        pointer: "/000000000000/us-east-1/topics".into(),
                        text: "x".into(),
                    })))
                }
            }),
        ),
        (
            "open the sample volume",
            Box::new(|h| h.state_mut().apply(Command::Ui(UICommand::OpenSample))),
        ),
        ("reload the file", Box::new(|h| h.state_mut().apply(Command::Ui(UICommand::Reload)))),
        ("close the file", Box::new(|h| h.key_press_modifiers(Modifiers::COMMAND, Key::W))),
        (
            "open",
            Box::new({
                let p = elsewhere.path().to_path_buf();
                move |h| h.state_mut().apply(Command::OpenVolume(p.clone()))
            }),
        ),
        (
            "open",
            Box::new({
                let p = elsewhere.path().to_path_buf();
                move |h| h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(p.clone())))
            }),
        ),
        (
            "quit",
            Box::new(|h| {
                h.input_mut()
                    .viewports
                    .entry(egui::ViewportId::ROOT)
                    .or_default()
                    .events
                    .push(egui::ViewportEvent::Close)
            }),
        ),
    ];
    for (action, act) in &actions {
        act(&mut h);
        assert_asks(&mut h, action);
        answer(&mut h, "Cancel");
        assert!(matches!(h.state().edit_ui, EditUi::Idle), "{action}: cancelled");
        assert_eq!(pending(&h), 1);
        assert!(open_path(&h).ends_with(FILE));
    }
}

/// A recent volume picked from the File menu asks too.
#[test]
fn a_recent_volume_from_the_menu_asks() {
    let (_tmp, mut h) = with_an_edit();
    let elsewhere = tempfile::tempdir().unwrap();
    h.state_mut().settings.recent.push(elsewhere.path().to_path_buf());
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Recent volumes").click();
    h.run_steps(2);
    h.get_by_label(&elsewhere.path().display().to_string()).click();
    let name = elsewhere.path().file_name().unwrap().to_string_lossy().into_owned();
    assert_asks(&mut h, &format!("open {name}"));
    answer(&mut h, "Discard");
    step_until(&mut h, "the other volume", |h| {
        h.state().volume_path == elsewhere.path() && h.state().open.is_none()
    });
}

/// Discard drops the edit (nothing written) and goes on with the action.
#[test]
fn discard_drops_the_edit_and_goes_on() {
    let (tmp, mut h) = with_an_edit();
    let before = std::fs::read(tmp.path().join(FILE)).unwrap();
    h.get_by_label("state/api_states/sns/store.state").click();
    assert_asks(&mut h, "open sns/store.state");
    answer(&mut h, "Discard");
    step_until(&mut h, "the other file", |h| {
        h.state().open.as_ref().is_some_and(|o| o.path.ends_with("sns/store.state") && !o.loading)
    });
    assert_eq!(std::fs::read(tmp.path().join(FILE)).unwrap(), before, "nothing was written");
}

/// "Save changes…" confirms and saves, then goes on with the action; a quit after Discard closes.
#[test]
fn save_first_writes_the_edit_then_goes_on() {
    let (tmp, mut h) = with_an_edit();
    h.state_mut().apply(Command::Ui(UICommand::Reload));
    assert_asks(&mut h, "reload the file");
    answer(&mut h, "Save changes…");
    assert!(h.query_by_label("-> True").is_some(), "the confirmation lists the change");
    confirm_save(&mut h);
    let saved = std::fs::read_to_string(tmp.path().join(FILE)).unwrap();
    assert!(saved.contains("\"pro_activated\": true"), "{saved}");
    step_until(&mut h, "the reload", |h| h.state().open.as_ref().is_some_and(|o| !o.loading));
    assert!(open_path(&h).ends_with(FILE));

    edit_leaf(&mut h, "pro_activated", "false");
    assert_eq!(pending(&h), 1);
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    assert_asks(&mut h, "quit");
    h.get_by_label("Discard").click();
    let mut closes = false;
    for _ in 0..3 {
        h.step();
        closes |= h
            .output()
            .viewport_output
            .values()
            .flat_map(|v| &v.commands)
            .any(|c| matches!(c, egui::ViewportCommand::Close));
    }
    assert!(closes, "Discard then quits");
    assert_eq!(pending(&h), 0);
}
