//! Editing a resource's fields in the Resources view. A field read from one stored leaf (a
//! queue attribute, a message body, a parameter's value) gets an edit button; the typed value
//! is staged in the same edit session as the file view's — the file is opened first if it is
//! not the open one — so its pending value shows in both views, and undo, save, the conflict
//! and emulator checks and the unsaved-changes guard are the file view's own.

use std::path::Path;

use egui::RichText;

use super::command::{Command, CommandSender, EditCommand, StageAt};
use super::theme;
use localstate_core::edit::{EditSession, Place};
use localstate_core::model::{Resource, Value};
use localstate_core::resources::catalog;
use localstate_core::source::Location;
use localstate_core::values::timestamp_of;
use localstate_core::volume::inventory::FileState;

/// Width of the inline editor (the field list is narrow: the nested tables are beside it).
const EDITOR_WIDTH: f32 = 200.0;

/// The field being edited (`resource name/field`, as the view keys its fields) and its text.
#[derive(Default)]
pub struct FieldEditor {
    editing: Option<(String, String)>,
}

/// The open file's edit session, when it is the file a resource was read from: its pending
/// values show in the fields.
#[derive(Clone, Copy)]
pub struct OpenSession<'a> {
    pub path: &'a Path,
    pub session: &'a EditSession,
}

/// Where a field's value is stored, if it can be edited: the file and the leaf's pointer.
enum Target {
    Leaf(StageAt),
    /// Stored, but not editable here (an archive member), and why.
    ReadOnly(String),
}

fn target(f: &FileState, r: &Resource, field: &str) -> Option<Target> {
    let doc = f.doc.as_ref()?;
    let node = catalog::field_node(&doc.tree, r, field)?;
    doc.tree.node(node).origin.as_ref()?;
    if let Location::Member { archive, .. } = Location::of(&f.path) {
        return Some(Target::ReadOnly(format!(
            "read from inside {}: archives are read-only",
            archive.display()
        )));
    }
    Some(Target::Leaf(StageAt {
        path: f.path.clone(),
        kind: f.kind,
        pointer: doc.tree.pointer(node),
        text: String::new(),
    }))
}

/// The pending value of the leaf at `pointer` of `path` in the open session, if it has one.
fn pending(open: Option<OpenSession<'_>>, path: &Path, pointer: &str) -> Option<Value> {
    let open = open.filter(|o| o.path == path)?;
    open.session
        .pending()
        .into_iter()
        .rev()
        .find(|e| matches!(&e.place, Place::Tree { pointer: p } if p == pointer))
        .map(|e| e.new)
}

impl FieldEditor {
    /// Forgets the field being edited (another resource was selected).
    pub fn cancel(&mut self) {
        self.editing = None;
    }

    /// The value cell of field `field` of `r` (read from file `f`, keyed `key` in the view):
    /// the value or its pending edit, an edit button where it is one stored leaf, and the
    /// inline editor while it is edited (Enter stages, Esc cancels).
    #[allow(clippy::too_many_arguments)]
    pub fn cell(
        &mut self,
        ui: &mut egui::Ui,
        key: &str,
        f: &FileState,
        r: &Resource,
        field: &str,
        value: &Value,
        open: Option<OpenSession<'_>>,
        tx: &CommandSender,
    ) {
        let target = target(f, r, field);
        ui.horizontal(|ui| {
            if let Some((_, text)) = self.editing.as_mut().filter(|(k, _)| k == key) {
                let Some(Target::Leaf(at)) = target else {
                    self.editing = None;
                    return;
                };
                let resp = ui.add(egui::TextEdit::singleline(text).desired_width(EDITOR_WIDTH));
                resp.widget_info(|| {
                    egui::WidgetInfo::labeled(egui::Role::TextInput, true, "edit value")
                });
                if !resp.has_focus() && !resp.lost_focus() {
                    resp.request_focus();
                }
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    self.editing = None;
                } else if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    let text = std::mem::take(text);
                    self.editing = None;
                    tx.send(Command::Edit(EditCommand::StageAt(StageAt { text, ..at })));
                }
                return;
            }
            let edited = match &target {
                Some(Target::Leaf(at)) => pending(open, &at.path, &at.pointer),
                _ => None,
            };
            match &target {
                Some(Target::Leaf(_)) => {
                    let button = ui.small_button("✏");
                    button.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::Button, true, format!("edit {field}"))
                    });
                    if button.on_hover_text("edit this value").clicked() {
                        let shown = edited.as_ref().unwrap_or(value).display();
                        self.editing = Some((key.to_string(), shown));
                    }
                }
                Some(Target::ReadOnly(why)) => {
                    ui.add_enabled(false, egui::Button::new("✏").small())
                        .on_disabled_hover_text(why);
                }
                None => {}
            }
            let label = match &edited {
                Some(new) => RichText::new(format!("{}  (edited)", new.display()))
                    .monospace()
                    .color(theme::edited_value(ui.visuals())),
                None => RichText::new(value.display()).monospace(),
            };
            // An epoch number (a message's `created`) gets its date beside it: the number is
            // what the state holds and what an edit writes, the date what a user reads.
            let date = match (&edited, value) {
                (None, Value::Int(_) | Value::Float(_)) => timestamp_of(&value.display()),
                _ => None,
            };
            let resp = ui.add(egui::Label::new(label).truncate());
            if edited.is_some() {
                resp.on_hover_text(format!("was: {}", value.display()));
            }
            if let Some(t) = date {
                ui.label(RichText::new(t.iso).weak());
            }
        });
    }
}
