//! The menu bar: File (open folder, recent volumes, rescan), Edit, View (panels), and the two
//! panel toggles. Labels and shortcuts come from [`UICommand`].

use super::command::{Command, CommandSender, UICommand};
use super::panel::{Dock, Panel, ViewContext};

pub struct MenuBar;

impl Panel for MenuBar {
    fn id(&self) -> &'static str {
        "menu"
    }

    fn dock(&self) -> Dock {
        Dock::Top
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                UICommand::OpenFolder.menu_button(ui, tx);
                UICommand::OpenPath.menu_button(ui, tx);
                ui.menu_button("Recent volumes", |ui| {
                    if ctx.settings.recent.is_empty() {
                        ui.label("none yet");
                    }
                    for p in &ctx.settings.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            tx.send(Command::OpenVolume(p.clone()));
                            ui.close();
                        }
                    }
                });
                UICommand::OpenSample.menu_button(ui, tx);
                ui.separator();
                UICommand::Rescan.menu_button(ui, tx);
            });
            ui.menu_button("Edit", |ui| {
                for c in [UICommand::Undo, UICommand::Redo, UICommand::Revert, UICommand::Save] {
                    c.menu_button(ui, tx);
                }
                ui.separator();
                UICommand::Find.menu_button(ui, tx);
            });
            ui.menu_button("View", |ui| {
                toggle_checkbox(ui, tx, UICommand::ToggleReplay, ctx.settings.show_replay);
                toggle_checkbox(ui, tx, UICommand::ToggleHealth, ctx.settings.show_health);
            });
            ui.separator();
            for (c, on) in [
                (UICommand::ToggleReplay, ctx.settings.show_replay),
                (UICommand::ToggleHealth, ctx.settings.show_health),
            ] {
                if ui.selectable_label(on, c.short_text()).on_hover_text(c.tooltip()).clicked() {
                    tx.send(Command::Ui(c));
                }
            }
        });
    }
}

fn toggle_checkbox(ui: &mut egui::Ui, tx: &CommandSender, cmd: UICommand, on: bool) {
    let mut checked = on;
    if ui.checkbox(&mut checked, cmd.text()).on_hover_text(cmd.tooltip()).changed() {
        tx.send(Command::Ui(cmd));
    }
}
