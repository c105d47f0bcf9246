//! Help → Keyboard shortcuts (a modal listing every [`UICommand`] that has a shortcut, read
//! from the command model) and Help → About.

use egui::RichText;

use super::command::{Command, CommandSender, UICommand};
use super::panel::{Dock, Panel, ViewContext};

pub struct HelpWindows;

/// Every command with a shortcut, as the overlay (and README) list them: label, shortcut text.
pub fn shortcut_rows(ctx: &egui::Context) -> Vec<(&'static str, String)> {
    UICommand::iter()
        .filter_map(|c| c.shortcut().map(|s| (c.text(), ctx.format_shortcut(&s))))
        .collect()
}

impl Panel for HelpWindows {
    fn id(&self) -> &'static str {
        "help"
    }

    fn dock(&self) -> Dock {
        Dock::Window
    }

    fn visible(&self, ctx: &ViewContext<'_>) -> bool {
        ctx.overlays.shortcuts || ctx.overlays.about
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        if ctx.overlays.shortcuts {
            let r = egui::Modal::new(egui::Id::unique("shortcuts-overlay")).show(ui.ctx(), |ui| {
                ui.heading("Keyboard shortcuts");
                ui.add_space(4.0);
                egui::Grid::new("shortcuts-grid").num_columns(2).striped(true).show(ui, |ui| {
                    for (label, keys) in shortcut_rows(ui.ctx()) {
                        ui.label(label);
                        ui.label(RichText::new(keys).monospace().strong());
                        ui.end_row();
                    }
                });
                ui.add_space(4.0);
                ui.label(
                    RichText::new(
                        "Trees and tables: Up/Down move, Left/Right fold, Enter edits a value.",
                    )
                    .weak(),
                );
                ui.button("Close").clicked()
            });
            if r.inner || r.should_close() {
                tx.send(Command::HideHelp);
            }
        }
        if ctx.overlays.about {
            let r = egui::Modal::new(egui::Id::unique("about")).show(ui.ctx(), |ui| {
                ui.heading(format!("localstate {}", env!("CARGO_PKG_VERSION")));
                ui.label("Browse, decode and safely edit LocalStack persistence volumes.");
                ui.label(
                    RichText::new(
                        "Reads the state LocalStack saves with PERSISTENCE=1 (pickles, JSON, \
                         SQLite, the replay log) and writes edits back with a backup.",
                    )
                    .weak(),
                );
                ui.label(format!("License: {}", env!("CARGO_PKG_LICENSE")));
                ui.button("Close").clicked()
            });
            if r.inner || r.should_close() {
                tx.send(Command::HideHelp);
            }
        }
    }
}
