//! The "Open" window: a typed-path field (always works, also where no native dialog exists),
//! the native folder picker (run off the UI thread) and the recent volumes.

use std::path::PathBuf;

use super::app::{Message, Severity};
use super::command::{Command, CommandSender};
use super::panel::{Dock, Panel, ViewContext};

#[derive(Default)]
pub struct OpenDialogWindow {
    typed_path: String,
}

impl Panel for OpenDialogWindow {
    fn id(&self) -> &'static str {
        "open-dialog"
    }

    fn dock(&self) -> Dock {
        Dock::Window
    }

    fn visible(&self, ctx: &ViewContext<'_>) -> bool {
        ctx.open_dialog.visible
    }

    fn ui(&mut self, ui: &mut egui::Ui, ctx: &ViewContext<'_>, tx: &CommandSender) {
        let mut visible = true;
        let open = |p: PathBuf| {
            tx.send(Command::OpenVolume(p));
            tx.send(Command::ShowOpenDialog(false));
        };
        egui::Window::new("Open a volume").open(&mut visible).collapsible(false).default_width(520.0).show(ui.ctx(), |ui| {
            ui.label("A LocalStack volume, its state/ directory, a DATA_DIR, a localstack-persist directory, a snapshot / Cloud Pod zip (ARCHIVE!/MEMBER for one member) or one file:");
            let mut submit = false;
            ui.horizontal(|ui| {
                let r = ui.add(egui::TextEdit::singleline(&mut self.typed_path).desired_width(380.0).hint_text("/path/to/volume"));
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, "path to open"));
                submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                submit |= ui.button("Open").clicked();
            });
            let typed = self.typed_path.trim().to_string();
            if submit && !typed.is_empty() {
                let p = PathBuf::from(shellexpand_home(&typed));
                // `ARCHIVE!/MEMBER` names a member of a snapshot zip, not a file on disk.
                if p.exists() || localstate_core::source::Location::of(&p).is_member() {
                    open(p);
                } else {
                    let text = format!("{typed}: no such file or directory");
                    tx.send(Command::Notify(Message::new(Severity::Warning, text)));
                }
            }
            ui.horizontal(|ui| {
                if ctx.open_dialog.picking {
                    ui.spinner();
                    ui.label("waiting for the folder dialog…");
                } else if ui.button("Browse…").clicked() {
                    tx.send(Command::PickFolder);
                }
            });
            if !ctx.settings.recent.is_empty() {
                ui.separator();
                ui.label("Recent:");
                for p in &ctx.settings.recent {
                    if ui.link(p.display().to_string()).clicked() {
                        open(p.clone());
                    }
                }
            }
        });
        if !visible {
            tx.send(Command::ShowOpenDialog(false));
        }
    }
}

fn shellexpand_home(s: &str) -> String {
    match (s.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => s.to_string(),
    }
}
