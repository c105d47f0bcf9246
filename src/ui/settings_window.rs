//! View → Settings…: the settings that are not toggles — the Avro schema folder (`*.avsc`
//! files for Avro stores that are raw datums without a container header; the CLI's
//! `--avro-schemas DIR`), typed or picked with the native folder dialog, persisted with the
//! other settings.

use std::path::PathBuf;

use super::command::{Command, CommandSender};
use super::panel::{Dock, Panel, ViewContext};

#[derive(Default)]
pub struct SettingsWindow {
    /// The typed folder; `None` until the window first shows (then the setting's value).
    typed: Option<String>,
}

impl Panel for SettingsWindow {
    fn id(&self) -> &'static str {
        "settings"
    }

    fn dock(&self) -> Dock {
        Dock::Window
    }

    fn visible(&self, ctx: &ViewContext<'_>) -> bool {
        ctx.settings.show_settings
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        let mut visible = true;
        let current = ctx.settings.avro_schemas.as_ref().map(|p| p.display().to_string());
        let typed = self.typed.get_or_insert_with(|| current.clone().unwrap_or_default());
        egui::Window::new("Settings").open(&mut visible).collapsible(false).default_width(520.0).show(ui.ctx(), |ui| {
            ui.label("Avro schema folder: *.avsc files (searched recursively) for Avro stores that are raw datums without a container header, matched by the store class (SqsStore) or the service's directory.");
            ui.horizontal(|ui| {
                let r = ui.add(egui::TextEdit::singleline(typed).desired_width(360.0).hint_text("/path/to/schemas"));
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "Avro schema folder"));
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button("Apply").clicked() || enter {
                    let t = typed.trim();
                    tx.send(Command::SetAvroSchemas((!t.is_empty()).then(|| PathBuf::from(t))));
                }
                if ui.button("Pick folder…").clicked() {
                    tx.send(Command::PickAvroSchemas);
                }
                if ui.button("Clear").clicked() {
                    typed.clear();
                    tx.send(Command::SetAvroSchemas(None));
                }
            });
            match &current {
                Some(dir) => ui.label(format!("in use: {dir}")),
                None => ui.label("in use: none (LOCALSTATE_AVRO_SCHEMAS or --avro-schemas set one for this run)"),
            };
        });
        if current.as_deref() != Some(typed.as_str()) && !ui.ctx().memory(|m| m.focused().is_some())
        {
            // A folder picked or cleared elsewhere shows in the field.
            *typed = current.unwrap_or_default();
        }
        if !visible {
            tx.send(Command::ShowSettings(false));
        }
    }
}
