//! Driving the real app in an egui_kittest harness (no display): building it on a volume,
//! stepping until background jobs are done, opening files, editing leaves, saving.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use localstate::ui::{App, Settings};

/// The health panel's endpoint in tests: port 9, where nothing answers.
pub const NO_ENDPOINT: &str = "http://127.0.0.1:9";

/// The real app in a 1400×900 harness on `path` with default settings.
pub fn harness(path: PathBuf) -> Harness<'static, App> {
    harness_with(path, Settings::default(), NO_ENDPOINT)
}

/// The real app in a 1400×900 harness; the health panel polls `endpoint`.
pub fn harness_with(path: PathBuf, settings: Settings, endpoint: &str) -> Harness<'static, App> {
    let mut app = App::new(path, settings, Some(endpoint.into()), None);
    // Never the user's own journal: a test that wants one sets it.
    app.keep_journal_in(None);
    Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut App| app.show(ui), app)
}

/// Steps frames until `done` holds (background jobs finish on their own threads).
pub fn step_until(
    h: &mut Harness<'static, App>,
    what: &str,
    done: impl Fn(&Harness<'static, App>) -> bool,
) {
    let start = Instant::now();
    while !done(h) {
        if start.elapsed() > Duration::from_secs(30) {
            let s = h.state();
            let open = s.open.as_ref().map(|o| (o.path.clone(), o.loading, o.error.clone()));
            panic!(
                "timed out waiting for {what}; open: {open:?}; last message: {:?}",
                s.messages.last()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
}

/// Steps until no one-shot job runs and the emulator's first answer is in: the status bar
/// then stays as it is.
pub fn settle(h: &mut Harness<'static, App>) {
    step_until(h, "background jobs and the first health answer", |h| {
        !h.state().is_working() && h.state().live.status.is_some()
    });
}

/// Clicks the widget labelled `label` once it has stayed in place for two frames: a job
/// ending or an answer arriving moves what comes after it in a row.
pub fn click_settled(h: &mut Harness<'static, App>, label: &str) {
    let start = Instant::now();
    let mut last = h.get_by_label(label).rect();
    loop {
        h.step();
        let now = h.get_by_label(label).rect();
        if now == last {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "'{label}' kept moving");
        last = now;
    }
    h.get_by_label(label).click();
}

/// The app on `path`, scanned (or refused as not a volume), with the system fonts in (fonts
/// arriving later change the layout under a click).
pub fn open_volume(path: PathBuf) -> Harness<'static, App> {
    let mut h = harness(path);
    step_until(&mut h, "scan and fonts", |h| {
        (h.state().volume.is_some() || h.state().volume_error.is_some())
            && h.state().fallback_fonts.is_some()
    });
    h.run_steps(2);
    h
}

/// Clicks the volume-tree row labelled `rel` and waits for its decode.
pub fn open_file(h: &mut Harness<'static, App>, rel: &str) {
    h.get_by_label(rel).click();
    h.run_steps(2);
    step_until(h, rel, |h| h.state().open.as_ref().is_some_and(|o| !o.loading && o.doc.is_some()));
}

/// Clicks the first "expand `name`" button of the tree.
pub fn expand(h: &mut Harness<'static, App>, name: &str) {
    let label = format!("expand {name}");
    h.query_all_by_label(&label).next().unwrap_or_else(|| panic!("no '{label}' button")).click();
    h.run_steps(3);
}

/// Selects the leaf labelled `name`, presses Enter to edit it inline, replaces the text.
pub fn edit_leaf(h: &mut Harness<'static, App>, name: &str, text: &str) {
    h.get_by_label(name).click();
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("edit value").type_text(text);
    h.run_steps(1);
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
}

/// Undoes the one pending edit (Ctrl+Z) and redoes it (Ctrl+Shift+Z), checking the count.
pub fn undo_redo(h: &mut Harness<'static, App>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(pending(h), 0, "undo");
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(pending(h), 1, "redo");
}

/// Clicks Save in the confirmation window and waits for the save job.
pub fn confirm_save(h: &mut Harness<'static, App>) {
    let save =
        h.query_by_label("Save").or_else(|| h.query_by_label("Save anyway")).expect("save button");
    save.click();
    h.run_steps(2);
    step_until(h, "save", |h| !h.state().edit_ui.is_saving() && pending(h) == 0);
}

/// Edits pending in the open document.
pub fn pending(h: &Harness<'static, App>) -> usize {
    h.state().open.as_ref().and_then(|o| o.session.as_ref()).map_or(0, |s| s.pending_count())
}

/// The text a frame put on the clipboard.
pub fn copied(out: &egui::FullOutput) -> Option<String> {
    out.platform_output.commands.iter().find_map(|c| match c {
        egui::OutputCommand::CopyText(t) => Some(t.clone()),
        _ => None,
    })
}
