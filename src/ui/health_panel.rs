//! The emulator health panel (being wired to `live`).

use egui::Color32;

use super::app::App;

pub struct HealthPanel {
    pub endpoint: String,
}

impl HealthPanel {
    pub fn new(endpoint: Option<String>, _ctx: Option<egui::Context>) -> Self {
        HealthPanel { endpoint: endpoint.unwrap_or_else(|| "http://localhost:4566".into()) }
    }
    pub fn absorb(&mut self) {}
    pub fn service_state(&self, _name: &str) -> Option<String> {
        None
    }
}

pub fn state_color(state: &str) -> Color32 {
    match state {
        "running" => Color32::from_rgb(60, 180, 75),
        "available" => Color32::from_rgb(70, 130, 220),
        "starting" | "stopping" => Color32::from_rgb(230, 160, 40),
        "error" => Color32::from_rgb(220, 60, 60),
        _ => Color32::GRAY,
    }
}

pub fn status_dot(ui: &mut egui::Ui, app: &App) {
    ui.label(egui::RichText::new("●").color(Color32::GRAY)).on_hover_text(format!("emulator at {}", app.health.endpoint));
}

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    ui.heading("Emulator");
    ui.label(&app.health.endpoint);
}
