//! The egui front end. `App` holds the state, runs the background jobs and applies
//! commands; `command` lists what a user can invoke; `panel` has the panel trait and the one
//! list of panels (one file per panel); `theme` holds colours and sizes; `tree_table` and
//! `rows_table` are the two virtualized widgets every document uses; `value_viewer` shows one
//! leaf's value decoded (JSON, XML, base64, gzip, zip, pictures, timestamps, hex).

mod app;
mod audit_panel;
mod autosave;
pub mod browse;
pub mod command;
mod copy;
mod document_panel;
mod editing;
pub mod fonts;
mod health_panel;
mod help;
pub mod jobs;
mod menu;
mod notifications;
mod open_dialog;
mod overview_view;
pub mod panel;
mod replay_panel;
mod resource_edit;
mod resource_tree;
mod resources_view;
pub mod rows_table;
mod search;
mod settings_window;
mod status_bar;
pub mod theme;
pub mod tree_table;
pub mod value_viewer;
mod volume_panel;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::{App, DocTab, JobKey, Message, Outcome, Overlays, Settings, Severity, ThemeChoice};
pub use command::{Command, EditCommand, UICommand};
pub use editing::EditUi;

const SETTINGS_KEY: &str = "localstate-settings";

/// The eframe wrapper: loads/saves [`Settings`] and hands each frame to [`App::show`].
struct EframeApp(App);

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.0.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.0.settings);
    }
}

/// The window icon: `assets/localstate.png` (the `.desktop` file's icon, rendered from
/// `assets/localstate.svg` with `rsvg-convert -w 256 -h 256`), embedded in the binary.
pub fn icon() -> egui::IconData {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/localstate.png"))
        .unwrap_or_default()
}

/// Opens the window on `path`.
pub fn run(path: PathBuf, endpoint: Option<String>) -> anyhow::Result<ExitCode> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true)
            .with_title("localstate")
            .with_icon(icon()),
        ..Default::default()
    };
    eframe::run_native(
        "localstate",
        options,
        Box::new(move |cc| {
            egui_extras::install_image_loaders(&cc.egui_ctx);
            let settings: Settings =
                cc.storage.and_then(|s| eframe::get_value(s, SETTINGS_KEY)).unwrap_or_default();
            Ok(Box::new(EframeApp(App::new(path, settings, endpoint, Some(cc.egui_ctx.clone())))))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open a window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
