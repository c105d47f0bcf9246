//! The replay-log panel (being wired to `formats::replay`).

use std::path::{Path, PathBuf};

use super::app::App;

#[derive(Default)]
pub struct ReplayPanel {
    path: Option<PathBuf>,
}

impl ReplayPanel {
    pub fn new(_ctx: Option<egui::Context>) -> Self {
        Self::default()
    }
    pub fn clear(&mut self) {
        self.path = None;
    }
    pub fn ensure_loaded(&mut self, path: &Path) {
        self.path = Some(path.to_path_buf());
    }
    pub fn absorb(&mut self) {}
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
    pub fn is_busy(&self) -> bool {
        false
    }
}

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    match app.replay.path() {
        Some(p) => ui.label(format!("replay log: {}", p.display())),
        None => ui.label("no replay log in this volume"),
    };
}
