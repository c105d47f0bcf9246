//! Help → Keyboard shortcuts (a modal listing every [`UICommand`] that has a shortcut, read
//! from the command model) and Help → About.

use egui::RichText;

use super::command::{Command, CommandSender, UICommand};
use super::panel::{Dock, Panel, ViewContext};

pub struct HelpWindows;

/// LocalStack's documentation of persistence (what the volume holds and when it is written).
const PERSISTENCE_DOCS: &str =
    "https://docs.localstack.cloud/aws/capabilities/state-management/persistence/";

/// What this binary is: version, commit, build profile, platform.
pub fn build_info() -> String {
    let commit = match env!("LOCALSTATE_GIT_COMMIT") {
        "" => "unknown commit".to_string(),
        c => format!("commit {c}"),
    };
    let profile = if cfg!(debug_assertions) { "debug" } else { "release" };
    format!(
        "version {} · {commit} · {profile} build · {} {}",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH
    )
}

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
                ui.label(RichText::new(build_info()).monospace());
                ui.label(format!("License: {}", env!("CARGO_PKG_LICENSE")));
                let repo = env!("CARGO_PKG_REPOSITORY");
                ui.horizontal(|ui| {
                    ui.hyperlink_to("Source code", repo);
                    ui.hyperlink_to("Report a problem", format!("{repo}/issues"));
                    ui.hyperlink_to("LocalStack persistence", PERSISTENCE_DOCS);
                });
                ui.button("Close").clicked()
            });
            if r.inner || r.should_close() {
                tx.send(Command::HideHelp);
            }
        }
    }
}
