//! The menu bar: File (open folder, recent volumes, rescan), View (panels), Search.

use super::app::{App, Command};

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            if ui.button("Open folder…").clicked() {
                app.commands.push(Command::ShowOpenDialog(true));
                app.commands.push(Command::PickFolder);
                ui.close();
            }
            if ui.button("Open path…").clicked() {
                app.commands.push(Command::ShowOpenDialog(true));
                ui.close();
            }
            ui.menu_button("Recent volumes", |ui| {
                if app.settings.recent.is_empty() {
                    ui.label("none yet");
                }
                for p in app.settings.recent.clone() {
                    if ui.button(p.display().to_string()).clicked() {
                        app.commands.push(Command::OpenVolume(p));
                        ui.close();
                    }
                }
            });
            if ui.button("Open sample volume").clicked() {
                match crate::sample::sample_volume() {
                    Ok(path) => app.commands.push(Command::OpenVolume(path)),
                    Err(e) => app.messages.push(format!("{e:#}")),
                }
                ui.close();
            }
            ui.separator();
            if ui.button("Rescan").clicked() {
                app.commands.push(Command::Rescan);
                ui.close();
            }
        });
        ui.menu_button("View", |ui| {
            ui.checkbox(&mut app.settings.show_replay, "Replay log panel");
            ui.checkbox(&mut app.settings.show_health, "Emulator health panel");
        });
        ui.separator();
        if ui.selectable_label(app.settings.show_replay, "Replay log").clicked() {
            app.settings.show_replay = !app.settings.show_replay;
        }
        if ui.selectable_label(app.settings.show_health, "Health").clicked() {
            app.settings.show_health = !app.settings.show_health;
        }
    });
}
