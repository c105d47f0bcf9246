//! The egui front end. `App` holds the state, runs the background jobs and applies
//! commands; `command` lists what a user can invoke; `panel` has the panel trait and the one
//! list of panels (one file per panel); `theme` holds colours and sizes; `tree_table` and
//! `rows_table` are the two virtualized widgets every document uses.

mod app;
mod audit_panel;
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
pub mod panel;
mod replay_panel;
pub mod rows_table;
mod search;
mod status_bar;
pub mod theme;
pub mod tree_table;
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

/// The window icon, drawn here (no image decoder needed): a rounded blue square holding
/// three stacked white discs, a volume of state.
pub fn icon() -> egui::IconData {
    const N: u32 = 64;
    let mut rgba = Vec::with_capacity((N * N * 4) as usize);
    for y in 0..N {
        for x in 0..N {
            let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
            // Rounded square, radius 12.
            let (cx, cy) = (fx.clamp(12.0, 52.0), fy.clamp(12.0, 52.0));
            let inside = ((fx - cx).powi(2) + (fy - cy).powi(2)).sqrt() <= 12.0;
            // Three flat discs (ellipses) stacked at y = 20, 32, 44.
            let disc = [20.0, 32.0, 44.0].iter().any(|&dy: &f32| {
                let e = ((fx - 32.0) / 20.0).powi(2) + ((fy - dy) / 6.0).powi(2);
                e <= 1.0
            });
            let px = match (inside, disc) {
                (false, _) => [0, 0, 0, 0],
                (true, true) => [255, 255, 255, 255],
                (true, false) => [45, 110, 180, 255],
            };
            rgba.extend_from_slice(&px);
        }
    }
    egui::IconData { rgba, width: N, height: N }
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
            let settings: Settings =
                cc.storage.and_then(|s| eframe::get_value(s, SETTINGS_KEY)).unwrap_or_default();
            Ok(Box::new(EframeApp(App::new(path, settings, endpoint, Some(cc.egui_ctx.clone())))))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open a window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
