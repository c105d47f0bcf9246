//! The "Open" window: a typed-path field (always works, also where no native dialog exists),
//! the native folder picker (run off the UI thread) and the recent volumes.

use std::path::PathBuf;

use super::app::{App, Command};

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    if !app.open_dialog.visible {
        return;
    }
    let mut visible = true;
    egui::Window::new("Open a volume").open(&mut visible).collapsible(false).default_width(520.0).show(ui.ctx(), |ui| {
        ui.label("A LocalStack volume, its state/ directory, a DATA_DIR, a localstack-persist directory or one file:");
        let mut submit = false;
        ui.horizontal(|ui| {
            let r = ui.add(egui::TextEdit::singleline(&mut app.open_dialog.typed_path).desired_width(380.0).hint_text("/path/to/volume"));
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "path to open"));
            submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            submit |= ui.button("Open").clicked();
        });
        let typed = app.open_dialog.typed_path.trim().to_string();
        if submit && !typed.is_empty() {
            let p = PathBuf::from(shellexpand_home(&typed));
            if p.exists() {
                app.commands.push(Command::OpenVolume(p));
                app.commands.push(Command::ShowOpenDialog(false));
            } else {
                app.messages.push(format!("{typed}: no such file or directory"));
            }
        }
        ui.horizontal(|ui| {
            if app.open_dialog.picking {
                ui.spinner();
                ui.label("waiting for the folder dialog…");
            } else if ui.button("Browse…").clicked() {
                app.commands.push(Command::PickFolder);
            }
        });
        if !app.settings.recent.is_empty() {
            ui.separator();
            ui.label("Recent:");
            for p in app.settings.recent.clone() {
                if ui.link(p.display().to_string()).clicked() {
                    app.commands.push(Command::OpenVolume(p));
                    app.commands.push(Command::ShowOpenDialog(false));
                }
            }
        }
    });
    if !visible {
        app.open_dialog.visible = false;
    }
}

fn shellexpand_home(s: &str) -> String {
    match (s.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => s.to_string(),
    }
}
