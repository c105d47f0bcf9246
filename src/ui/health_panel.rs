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

/// A small filled circle (fonts need not have a bullet glyph).
pub fn dot(ui: &mut egui::Ui, color: Color32) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().circle_filled(rect.center(), 4.5, color);
    response
}

pub fn status_dot(ui: &mut egui::Ui, app: &App) {
    dot(ui, Color32::GRAY).on_hover_text(format!("emulator at {}", app.health.endpoint));
}

pub fn show(ui: &mut egui::Ui, app: &mut App) {
    ui.heading("Emulator");
    ui.label(&app.health.endpoint);
}
