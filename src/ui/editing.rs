//! Editing in the GUI: a leaf is edited inline (double-click or Enter), pending changes are
//! marked and counted, Ctrl+Z / Ctrl+Shift+Z undo and redo, Ctrl+S opens a confirmation that
//! lists every change (and warns when a running emulator would overwrite the file) before
//! the `edit::EditSession` saves it safely. Anything that would drop unsaved edits (quit,
//! open another file or volume, a recent volume, a dropped path, reload, close the file)
//! waits as a [`Deferred`] action while the unsaved-changes guard asks: save, discard or
//! cancel.
//!
//! The widgets here only send [`EditCommand`]s; the functions that change the session
//! ([`begin`], [`finish`], [`begin_row`], [`finish_row`]) are what `App::apply` runs for them,
//! and the app runs the save job.

use egui::RichText;

use super::app::OpenDoc;
use super::command::{Command, CommandSender, EditCommand, UICommand};
use super::panel::{DocState, Dock, Panel, ViewContext};
use super::rows_table::RowsView;
use super::theme;
use super::tree_table::Overlay;
use localstate_core::edit::{EditSession, Place, SaveOptions};
use localstate_core::model::NodeId;

/// Where the save confirmation and the unsaved-changes guard are.
#[derive(Clone, Debug, Default)]
pub enum EditUi {
    #[default]
    Idle,
    /// The confirmation lists the changes; `error` is why the last save failed; `then` runs
    /// once the save succeeded (the user chose "Save" in the guard).
    Confirming { options: SaveOptions, error: Option<String>, then: Option<Deferred> },
    /// The save job runs.
    Saving { options: SaveOptions, then: Option<Deferred> },
    /// An action that would drop the unsaved edits waits for the user's answer.
    Asking(Deferred),
}

/// An action held back by the unsaved-changes guard.
#[derive(Clone, Debug)]
pub enum Deferred {
    /// Close the window.
    Quit,
    /// A command that replaces or closes the open document.
    Run(Box<Command>),
}

impl Deferred {
    /// What the action does, for "… are lost if you {describe}".
    pub fn describe(&self) -> String {
        let name = |p: &std::path::Path| {
            p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        };
        // With its folder: a volume holds many `store.state`s.
        let with_folder = |p: &std::path::Path| {
            let folder = p.parent().map(name).map(|d| format!("{d}/")).unwrap_or_default();
            format!("{folder}{}", name(p))
        };
        match self {
            Deferred::Quit => "quit".into(),
            Deferred::Run(cmd) => match cmd.as_ref() {
                Command::OpenVolume(p) => format!("open {}", name(p)),
                Command::OpenFile(p, _) | Command::OpenFileAt { path: p, .. } => {
                    format!("open {}", with_folder(p))
                }
                Command::Edit(EditCommand::StageAt(at)) => {
                    format!("edit {} (in the Resources view)", with_folder(&at.path))
                }
                Command::Ui(UICommand::OpenSample) => "open the sample volume".into(),
                Command::Ui(UICommand::Reload) => "reload the file".into(),
                Command::Ui(UICommand::CloseFile) => "close the file".into(),
                _ => "go on".into(),
            },
        }
    }
}

impl EditUi {
    pub fn is_saving(&self) -> bool {
        matches!(self, EditUi::Saving { .. })
    }

    /// Why the last save failed, while the confirmation shows it.
    pub fn save_error(&self) -> Option<&String> {
        match self {
            EditUi::Confirming { error, .. } => error.as_ref(),
            _ => None,
        }
    }

    pub fn options(&self) -> SaveOptions {
        match self {
            EditUi::Confirming { options, .. } | EditUi::Saving { options, .. } => *options,
            _ => SaveOptions::default(),
        }
    }

    fn then(&self) -> Option<Deferred> {
        match self {
            EditUi::Confirming { then, .. } | EditUi::Saving { then, .. } => then.clone(),
            EditUi::Asking(d) => Some(d.clone()),
            EditUi::Idle => None,
        }
    }

    /// Opens the confirmation (Ctrl+S, "Save…"); from the guard, its action runs after the save.
    pub fn ask_to_save(&mut self) {
        match self {
            EditUi::Confirming { error, .. } => *error = None,
            EditUi::Saving { .. } => {}
            _ => {
                *self = EditUi::Confirming {
                    options: SaveOptions::default(),
                    error: None,
                    then: self.then(),
                }
            }
        }
    }

    pub fn saving(&mut self) {
        *self = EditUi::Saving { options: self.options(), then: self.then() };
    }

    /// The save finished: back to idle; returns the action that waited for it.
    pub fn saved(&mut self) -> Option<Deferred> {
        if !self.is_saving() {
            return None;
        }
        let then = self.then();
        *self = EditUi::Idle;
        then
    }

    pub fn save_failed(&mut self, e: String) {
        if !matches!(self, EditUi::Asking(_)) {
            *self =
                EditUi::Confirming { options: self.options(), error: Some(e), then: self.then() };
        }
    }

    /// Holds `then` back until the user answers the guard (not while a save runs).
    pub fn ask(&mut self, then: Deferred) -> bool {
        if self.is_saving() {
            return false;
        }
        *self = EditUi::Asking(then);
        true
    }

    /// The guard's "Discard": the action that waited, to run now that the edits are dropped.
    pub fn discard(&mut self) -> Option<Deferred> {
        let EditUi::Asking(d) = std::mem::take(self) else { return None };
        Some(d)
    }

    /// The commands that only move between states.
    pub fn apply(&mut self, cmd: &EditCommand) {
        match (cmd, &mut *self) {
            (EditCommand::CancelSave, EditUi::Confirming { .. }) => *self = EditUi::Idle,
            (
                EditCommand::SaveOptions { force, allow_shared },
                EditUi::Confirming { options, .. },
            ) => {
                *options = SaveOptions { force: *force, allow_shared: *allow_shared };
            }
            (EditCommand::KeepEditing, EditUi::Asking(_)) => *self = EditUi::Idle,
            (EditCommand::SaveFirst, EditUi::Asking(_)) => self.ask_to_save(),
            _ => {}
        }
    }
}

/// The overlay (pending values, inline editor) of the open document's tree.
pub fn overlay(doc: &DocState<'_>, inline: &Option<(NodeId, String)>) -> Overlay {
    let mut o = Overlay::default();
    if let (Some(session), Some(doc)) = (doc.session, doc.doc) {
        for e in session.pending() {
            if let Place::Tree { pointer } = &e.place
                && let Some(id) = doc.tree.resolve(pointer)
            {
                o.edited.insert(id, e.new.display());
            }
        }
    }
    o.inline = inline.clone();
    o
}

/// Marks the pending edits of the selected row of `view` in its detail tree.
pub fn prepare_row_overlay(session: Option<&EditSession>, view: &mut RowsView) {
    let Some(session) = session else { return };
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

/// What the user did in the detail tree of table `table` this frame, as commands.
pub fn row_commands(view: &mut RowsView, table: usize, tx: &CommandSender) {
    if let Some(node) = view.activated.take() {
        tx.send(Command::Edit(EditCommand::BeginRow { table, node }));
    }
    if let Some(submitted) = view.detail_overlay.inline_done.take() {
        tx.send(Command::Edit(EditCommand::FinishRow { table, submitted }));
    }
}

/// Starts editing leaf `node` of the selected row's detail in table `table`.
pub fn begin_row(open: &mut OpenDoc, table: usize, node: NodeId) -> Result<(), String> {
    let Some(session) = &open.session else { return Ok(()) };
    if let Some(why) = session.read_only() {
        return Err(why.to_string());
    }
    let Some(view) = open.tables.get_mut(table) else { return Ok(()) };
    let Some(row) = view.selected_row() else { return Ok(()) };
    let n = row.detail.node(node);
    let Some(origin) = &n.origin else {
        return Err(format!("{} is shown for reading only", row.detail.pointer(node)));
    };
    let current = session.current_value(origin).unwrap_or(&n.value).display();
    view.detail_overlay.inline = Some((node, current));
    Ok(())
}

/// Stages the inline edit of a row's detail (as a `Place::Row` change) when `submitted`.
pub fn finish_row(open: &mut OpenDoc, table: usize, submitted: bool) -> Result<(), String> {
    let Some(session) = &mut open.session else { return Ok(()) };
    let Some(view) = open.tables.get_mut(table) else { return Ok(()) };
    let Some((id, text)) = view.detail_overlay.inline.take() else { return Ok(()) };
    let Some(row) = view.selected_row() else { return Ok(()) };
    if submitted {
        let name = view.source.name().to_string();
        let place = Place::Row { table: name, row: row.id, pointer: row.detail.pointer(id) };
        session.edit_leaf(&row.detail, id, place, &text, None).map_err(|e| format!("{e:#}"))?;
    }
    Ok(())
}

/// Starts editing leaf `id` inline.
pub fn begin(open: &mut OpenDoc, id: NodeId) -> Result<(), String> {
    let (Some(doc), Some(session)) = (&open.doc, &open.session) else {
        return Err("this file cannot be edited".into());
    };
    if let Some(why) = session.read_only() {
        return Err(why.to_string());
    }
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

/// Stages `text` as the new value of the leaf at `pointer` (typed in the Resources view).
pub fn stage_at(open: &mut OpenDoc, pointer: &str, text: &str) -> Result<(), String> {
    let (Some(doc), Some(session)) = (&mut open.doc, &mut open.session) else {
        return Err(format!("{} is not decoded; the edit was not staged", open.path.display()));
    };
    let tree = &mut std::sync::Arc::make_mut(doc).tree;
    let id = tree
        .resolve_unfolding(pointer)
        .ok_or_else(|| format!("{pointer} is no longer in the file; the edit was not staged"))?;
    let place = Place::Tree { pointer: pointer.to_string() };
    session.edit_leaf(tree, id, place, text, None).map(|_| ()).map_err(|e| format!("{e:#}"))
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

fn changes(n: usize) -> String {
    format!("{n} unsaved change{}", if n == 1 { "" } else { "s" })
}

/// The bar above the tree: pending count, undo/redo/revert/save buttons.
pub fn toolbar(ui: &mut egui::Ui, session: Option<&EditSession>, tx: &CommandSender) {
    let Some(session) = session else { return };
    let n = session.pending_count();
    if n == 0 && !session.can_redo() {
        return;
    }
    ui.horizontal(|ui| {
        ui.label(RichText::new(changes(n)).strong());
        UICommand::Undo.button(ui, tx, session.can_undo());
        UICommand::Redo.button(ui, tx, session.can_redo());
        UICommand::Revert.button(ui, tx, n > 0);
        UICommand::Save.button(ui, tx, n > 0);
    });
}

/// The save confirmation and the unsaved-changes guard.
pub struct EditWindows;

impl Panel for EditWindows {
    fn id(&self) -> &'static str {
        "edit-windows"
    }

    fn dock(&self) -> Dock {
        Dock::Window
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        confirm_window(ui, ctx, tx);
        unsaved_guard(ui, ctx, tx);
    }
}

/// The save confirmation window; "Save" asks the app to start the save job.
fn confirm_window(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    let (options, error, saving) = match ctx.edit {
        EditUi::Confirming { options, error, .. } => (*options, error.as_ref(), false),
        EditUi::Saving { options, .. } => (*options, None, true),
        _ => return,
    };
    let running = ctx.live.emulator_running();
    let mut open_flag = true;
    theme::dialog("Save changes?").open(&mut open_flag).default_width(560.0).show(ui.ctx(), |ui| {
        let Some(open) = &ctx.doc else { return };
        let Some(session) = open.session else { return };
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
                theme::warning(ui.visuals()),
                "A LocalStack is running at the endpoint. It snapshots its state on shutdown (and on a schedule) and will \
                 overwrite this file; the edit takes effect at its next start. Stop the emulator first, or save anyway.",
            );
        }
        ui.label(RichText::new("The original is kept as a .bak next to the file (first save only).").weak());
        if let Some(e) = error {
            ui.colored_label(theme::error(ui.visuals()), e);
            let (mut force, mut allow_shared) = (options.force, options.allow_shared);
            let a = ui.checkbox(&mut force, "overwrite the file even though it changed on disk");
            let b = ui.checkbox(&mut allow_shared, "change a shared (memoized) value everywhere it is used");
            if a.changed() || b.changed() {
                tx.send(Command::Edit(EditCommand::SaveOptions { force, allow_shared }));
            }
        }
        ui.horizontal(|ui| {
            let label = if running { "Save anyway" } else { "Save" };
            if ui.add_enabled(!saving, egui::Button::new(label)).clicked() {
                tx.send(Command::Edit(EditCommand::ConfirmSave));
            }
            if saving {
                ui.spinner();
            }
        });
    });
    if !open_flag {
        tx.send(Command::Edit(EditCommand::CancelSave));
    }
}

/// Asks before anything drops unsaved edits: save changes (then go on), discard (then go on), or
/// cancel. A close request of the window is held back here and becomes [`Deferred::Quit`].
fn unsaved_guard(ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
    let pending = ctx.pending();
    if ui.ctx().input(|i| i.viewport().close_requested()) && pending > 0 {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::CancelClose);
        tx.send(Command::Edit(EditCommand::AskQuit));
    }
    let EditUi::Asking(then) = ctx.edit else { return };
    let file = ctx
        .doc
        .as_ref()
        .and_then(|d| d.path.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    theme::dialog("Unsaved changes").show(ui.ctx(), |ui| {
        ui.label(format!("{} to {file}.", changes(pending)));
        ui.label(format!("They are lost if you {} without saving.", then.describe()));
        ui.horizontal(|ui| {
            if ui.button("Save changes…").clicked() {
                tx.send(Command::Edit(EditCommand::SaveFirst));
            }
            if ui.button("Discard").clicked() {
                tx.send(Command::Edit(EditCommand::Discard));
            }
            if ui.button("Cancel").clicked() {
                tx.send(Command::Edit(EditCommand::KeepEditing));
            }
        });
    });
}
