//! Editing in the GUI: a leaf is edited inline (double-click or Enter), pending changes are
//! marked and counted, Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+S opens a confirmation that
//! lists every change (and warns when a running emulator would overwrite the file) before
//! the `edit::EditSession` saves it safely; closing with unsaved changes asks first.

use egui::RichText;

use super::app::{App, OpenDoc, Outcome};
use super::tree_table::Overlay;
use localstate_core::edit::{EditSession, Place, SaveOptions};
use localstate_core::model::NodeId;

/// Save confirmation and close guard state.
#[derive(Default)]
pub struct EditUi {
    pub confirm_save: bool,
    pub force: bool,
    pub allow_shared: bool,
    pub save_error: Option<String>,
    pub saving: bool,
    pub asking_close: bool,
    pub close_allowed: bool,
}

/// The overlay (pending values, inline editor) of the open document's tree.
pub fn overlay(open: &OpenDoc) -> Overlay {
    let mut o = Overlay::default();
    if let (Some(session), Some(doc)) = (&open.session, &open.doc) {
        for e in session.pending() {
            if let Place::Tree { pointer } = &e.place
                && let Some(id) = doc.tree.resolve(pointer)
            {
                o.edited.insert(id, e.new.display());
            }
        }
    }
    o.inline = open.inline.clone();
    o
}

/// Marks the pending edits of the selected row of table `i` in its detail tree.
pub fn prepare_row_overlay(open: &mut OpenDoc, i: usize) {
    let Some(session) = &open.session else { return };
    let Some(view) = open.tables.get_mut(i) else { return };
    let table = view.source.name().to_string();
    let Some(row) = view.selected_row() else { return };
    let mut edited = std::collections::HashMap::new();
    for e in session.pending() {
        if let Place::Row { table: t, row: r, pointer } = &e.place
            && let Some(id) = row.detail.resolve(pointer).filter(|_| *t == table && *r == row.id)
        {
            edited.insert(id, e.new.display());
        }
    }
    view.detail_overlay.edited = edited;
}

/// Applies what the user did in the detail tree of table `i` this frame: starts an inline
/// edit on activation, stages the edit on Enter (as a `Place::Row` change).
pub fn after_row_frame(open: &mut OpenDoc, i: usize) -> Result<(), String> {
    let Some(session) = &mut open.session else { return Ok(()) };
    let Some(view) = open.tables.get_mut(i) else { return Ok(()) };
    let table = view.source.name().to_string();
    let Some(row) = view.selected_row().cloned() else { return Ok(()) };
    if let Some(id) = view.activated.take() {
        let node = row.detail.node(id);
        let Some(origin) = &node.origin else {
            return Err(format!("{} is shown for reading only", row.detail.pointer(id)));
        };
        let current = session.current_value(origin).unwrap_or(&node.value);
        view.detail_overlay.inline = Some((id, current.display()));
    }
    if let Some(submitted) = view.detail_overlay.inline_done.take() {
        let Some((id, text)) = view.detail_overlay.inline.take() else { return Ok(()) };
        if submitted {
            let place = Place::Row { table, row: row.id, pointer: row.detail.pointer(id) };
            session.edit_leaf(&row.detail, id, place, &text, None).map_err(|e| format!("{e:#}"))?;
        }
    }
    Ok(())
}

/// Starts editing leaf `id` inline.
pub fn begin(open: &mut OpenDoc, id: NodeId) -> Result<(), String> {
    let (Some(doc), Some(session)) = (&open.doc, &open.session) else {
        return Err("this file cannot be edited".into());
    };
    let node = doc.tree.node(id);
    let Some(origin) = &node.origin else {
        return Err(format!(
            "{} is shown for reading only (computed, not stored as one value)",
            doc.tree.pointer(id)
        ));
    };
    let current = session.current_value(origin).unwrap_or(&node.value);
    open.inline = Some((id, current.display()));
    Ok(())
}

/// Applies the result of an inline edit the widget reported.
pub fn finish(open: &mut OpenDoc, submitted: bool) -> Result<(), String> {
    let Some((id, text)) = open.inline.take() else { return Ok(()) };
    if !submitted {
        return Ok(());
    }
    let (Some(doc), Some(session)) = (&open.doc, &mut open.session) else { return Ok(()) };
    let place = Place::Tree { pointer: doc.tree.pointer(id) };
    session.edit_leaf(&doc.tree, id, place, &text, None).map(|_| ()).map_err(|e| format!("{e:#}"))
}

/// Keyboard shortcuts for editing (Ctrl+S, Ctrl+Z, Ctrl+Shift+Z).
pub fn shortcuts(ui: &egui::Ui, app: &mut App) {
    let (save, redo, undo) = ui.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::S),
            // The more specific shortcut first: `consume_key` ignores extra Shift.
            i.consume_key(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z),
            i.consume_key(egui::Modifiers::COMMAND, egui::Key::Z),
        )
    });
    let Some(open) = &mut app.open else { return };
    let Some(session) = &mut open.session else { return };
    if undo {
        session.undo();
    }
    if save && session.pending_count() > 0 {
        app.edit_ui.confirm_save = true;
        app.edit_ui.save_error = None;
    }
    if redo {
        session.redo();
    }
}

/// The bar above the tree: pending count, undo/redo/revert/save buttons.
pub fn toolbar(ui: &mut egui::Ui, app: &mut App) {
    let Some(open) = &mut app.open else { return };
    let Some(session) = &mut open.session else { return };
    let n = session.pending_count();
    if n == 0 && !session.can_redo() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(format!("{n} unsaved change{}", if n == 1 { "" } else { "s" })).strong(),
        );
        if ui.add_enabled(session.can_undo(), egui::Button::new("Undo")).clicked() {
            session.undo();
        }
        if ui.add_enabled(session.can_redo(), egui::Button::new("Redo")).clicked() {
            session.redo();
        }
        if ui.add_enabled(n > 0, egui::Button::new("Revert")).clicked() {
            session.revert();
        }
        if ui.add_enabled(n > 0, egui::Button::new("Save…")).clicked() {
            app.edit_ui.confirm_save = true;
            app.edit_ui.save_error = None;
        }
    });
}

/// The save confirmation window; starts the save job on "Save".
pub fn confirm_window(ui: &mut egui::Ui, app: &mut App) {
    if !app.edit_ui.confirm_save {
        return;
    }
    let running = app.health.emulator_running();
    let mut open_flag = true;
    let mut do_save = false;
    egui::Window::new("Save changes?").open(&mut open_flag).collapsible(false).default_width(560.0).show(ui.ctx(), |ui| {
        let Some(open) = &app.open else { return };
        let Some(session) = &open.session else { return };
        ui.label(RichText::new(open.path.display().to_string()).monospace());
        egui::Grid::new("pending-changes").num_columns(3).striped(true).show(ui, |ui| {
            for e in session.pending() {
                ui.label(e.place.label());
                ui.label(RichText::new(e.old.display()).weak());
                ui.label(format!("-> {}", e.new.display()));
                ui.end_row();
            }
        });
        if running {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "A LocalStack is running at the endpoint. It snapshots its state on shutdown (and on a schedule) and will \
                 overwrite this file; the edit takes effect at its next start. Stop the emulator first, or save anyway.",
            );
        }
        ui.label(RichText::new("The original is kept as a .bak next to the file (first save only).").weak());
        if let Some(e) = &app.edit_ui.save_error {
            ui.colored_label(ui.visuals().error_fg_color, e);
            ui.checkbox(&mut app.edit_ui.force, "overwrite the file even though it changed on disk");
            ui.checkbox(&mut app.edit_ui.allow_shared, "change a shared (memoized) value everywhere it is used");
        }
        ui.horizontal(|ui| {
            let label = if running { "Save anyway" } else { "Save" };
            if ui.add_enabled(!app.edit_ui.saving, egui::Button::new(label)).clicked() {
                do_save = true;
            }
            if app.edit_ui.saving {
                ui.spinner();
            }
        });
    });
    if !open_flag {
        app.edit_ui.confirm_save = false;
    }
    if do_save {
        start_save(app);
    }
}

fn start_save(app: &mut App) {
    let Some(open) = &mut app.open else { return };
    let (Some(session), Some(doc)) = (open.session.take(), open.doc.clone()) else { return };
    let opts = SaveOptions { force: app.edit_ui.force, allow_shared: app.edit_ui.allow_shared };
    app.edit_ui.saving = true;
    let path = open.path.clone();
    app.jobs.spawn(format!("saving {}", path.display()), move |_| {
        let mut session: EditSession = session;
        let result = session.save(&doc, opts).map_err(|e| format!("{e:#}"));
        Outcome::Saved {
            path,
            session: Box::new(session),
            result: result.map(|s| (std::sync::Arc::new(s.document), s.backup)),
        }
    });
}

/// Asks before closing the window with unsaved changes.
pub fn close_guard(ui: &mut egui::Ui, app: &mut App) {
    let pending =
        app.open.as_ref().and_then(|o| o.session.as_ref()).map_or(0, |s| s.pending_count());
    if ui.ctx().input(|i| i.viewport().close_requested())
        && pending > 0
        && !app.edit_ui.close_allowed
    {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::CancelClose);
        app.edit_ui.asking_close = true;
    }
    if !app.edit_ui.asking_close {
        return;
    }
    egui::Window::new("Unsaved changes").collapsible(false).show(ui.ctx(), |ui| {
        ui.label(format!(
            "{pending} unsaved change{} will be lost.",
            if pending == 1 { "" } else { "s" }
        ));
        ui.horizontal(|ui| {
            if ui.button("Discard and quit").clicked() {
                app.edit_ui.close_allowed = true;
                app.edit_ui.asking_close = false;
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
            if ui.button("Keep editing").clicked() {
                app.edit_ui.asking_close = false;
            }
        });
    });
}
