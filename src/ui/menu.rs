//! The menu bar: File (open, recent volumes, rescan, close, quit), Edit, View (panels,
//! messages, theme, zoom), Help (shortcuts, about), and the two panel toggles. Labels and
//! shortcuts come from [`UICommand`].

use super::app::ThemeChoice;
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
                UICommand::OpenFile.menu_button(ui, tx);
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
                UICommand::CloseFile.menu_button(ui, tx);
                ui.separator();
                UICommand::Quit.menu_button(ui, tx);
            });
            ui.menu_button("Edit", |ui| {
                for c in [UICommand::Undo, UICommand::Redo, UICommand::Revert, UICommand::Save] {
                    c.menu_button(ui, tx);
                }
                ui.separator();
                UICommand::Copy.menu_button(ui, tx);
                UICommand::Find.menu_button(ui, tx);
            });
            ui.menu_button("View", |ui| {
                toggle_checkbox(ui, tx, UICommand::ToggleReplay, ctx.settings.show_replay);
                toggle_checkbox(ui, tx, UICommand::ToggleAudit, ctx.settings.show_audit);
                toggle_checkbox(ui, tx, UICommand::ToggleHealth, ctx.settings.show_health);
                toggle_checkbox(ui, tx, UICommand::ToggleMessages, ctx.overlays.messages);
                ui.separator();
                ui.menu_button("Theme", |ui| {
                    for t in ThemeChoice::ALL {
                        if ui.radio(ctx.settings.theme == t, t.label()).clicked() {
                            tx.send(Command::SetTheme(t));
                            ui.close();
                        }
                    }
                });
                for c in [UICommand::ZoomIn, UICommand::ZoomOut, UICommand::ZoomReset] {
                    c.menu_button(ui, tx);
                }
                ui.separator();
                if ui.button("Settings…").clicked() {
                    tx.send(Command::ShowSettings(true));
                    ui.close();
                }
            });
            ui.menu_button("Help", |ui| {
                UICommand::Shortcuts.menu_button(ui, tx);
                UICommand::About.menu_button(ui, tx);
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
    let mut text = cmd.text().to_string();
    if let Some(s) = cmd.shortcut() {
        text = format!("{text}  ({})", ui.ctx().format_shortcut(&s));
    }
    if ui.checkbox(&mut checked, text).on_hover_text(cmd.tooltip()).changed() {
        tx.send(Command::Ui(cmd));
    }
}
